"""Run a chapter notebook's code in this process (no kernel): fast enough to run every chapter
for several edge variants in the test suite. The notebooks' own parameters cell runs first, then
the variant's values are injected the way papermill injects them."""
from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path


def run_notebook(path: Path, params: dict, data_dir: Path) -> str:
    """Execute every code cell of ``path`` with ``params`` injected; return what it printed.

    Raises whatever a cell raises, with the notebook and cell number in the message."""
    import matplotlib

    matplotlib.use("Agg")
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    namespace: dict = {"__name__": "__notebook__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for i, cell in enumerate(code):
            source = "".join(cell["source"])
            try:
                exec(compile(source, f"{Path(path).name}[cell {i}]", "exec"), namespace)
            except SystemExit as exc:
                raise RuntimeError(f"{Path(path).name}, cell {i}: {exc}") from None
            except Exception as exc:
                raise RuntimeError(f"{Path(path).name}, cell {i}: {type(exc).__name__}: {exc}") from exc
            if i == 0:  # the parameters cell: papermill injects the values right after it
                namespace.update(params)
                namespace["data_dir"] = str(data_dir)
    import matplotlib.pyplot as plt

    plt.close("all")
    return out.getvalue()
