"""Writing the two workbooks of an edition: the values workbook and the live Excel model.

``python -m bizcase.build.workbooks values OUT.xlsx [--model F] [--sensitivity F] [--montecarlo F]
[--params FILE.yml] [--variant NAME]`` writes the report's tables as values
(:mod:`bizcase.publish.workbook.values`), from the build's artefacts; ``... live OUT.xlsx`` writes
the live model of formulas (:mod:`bizcase.publish.workbook.live`). Both are written atomically,
with fixed dates, so the same inputs give the same bytes.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from bizcase.build import artefacts
from bizcase.build.files import atomic_write, check_target, step
from bizcase.build.variants import options, step_inputs
from bizcase.publish.chapter import Chapter
from bizcase.publish.workbook import live, values
from bizcase.publish.workbook.zipfile_fixed import xlsx_bytes


def values_workbook(inputs, files: dict | None = None) -> bytes:
    """The values workbook of ``inputs``, from the build's artefacts (``files``: kind -> path)."""
    files = files or {}
    ch = Chapter(number="W", variant="", inputs=inputs, result=artefacts.model(inputs, files.get("model")),
                 analyses=artefacts.analyses(inputs, files))
    return xlsx_bytes(values.workbook(ch))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bizcase.build.workbooks", description="write a workbook")
    parser.add_argument("kind", choices=("values", "live"))
    parser.add_argument("out")
    for kind in artefacts.KINDS:
        parser.add_argument(f"--{kind}", help=f"the variant's {kind}.json (from its build step)")
    options(parser)
    args = parser.parse_args(argv)

    def run(_):
        check_target(Path(args.out))
        inputs = step_inputs(args)
        files = {kind: Path(getattr(args, kind)) for kind in artefacts.KINDS if getattr(args, kind)}
        data = values_workbook(inputs, files) if args.kind == "values" else live.workbook_bytes(inputs)
        atomic_write(Path(args.out), data)

    return step(run)


if __name__ == "__main__":
    raise SystemExit(main())
