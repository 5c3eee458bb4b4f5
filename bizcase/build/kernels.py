"""Executing the chapter notebooks: several chapters one after the other in one kernel, with papermill.

``python -m bizcase.build.kernels NB ... --out-dir DIR [--model F] [--sensitivity F] [--montecarlo F]
[--params FILE.yml] [--variant NAME]`` validates the parameters, runs the notebooks in one kernel
(set back to the fresh kernel's state between them, :mod:`bizcase.build.kernel_state`), strips what
changes between identical runs (timings, random cell ids) and writes each result atomically into
``DIR``. A failing cell stops the build with one line; the chapters before it are kept.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

import papermill
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError
from papermill.utils import merge_kwargs, remove_args

from bizcase.build import artefacts
from bizcase.build.files import ROOT, atomic_write, check_target
from bizcase.build.kernel_state import RESET, SNAPSHOT
from bizcase.build.notebooks import dumps, normalise
from bizcase.build.variants import options, variant_inputs, variant_name
from bizcase.core.errors import InputError

KERNEL = "python3"


class _kernel_chatter_to:
    """Send the kernel's own start-up warnings (stderr of the child process) to a log file, shown
    only when the kernel itself fails (a failed cell, ChapterError, and a refused output,
    InputError, are reported in one line)."""

    def __init__(self, log: Path):
        self.log = log

    def __enter__(self):
        sys.stderr.flush()
        self.saved = os.dup(2)
        self.fh = open(self.log, "wb")
        os.dup2(self.fh.fileno(), 2)

    def __exit__(self, *exc):
        sys.stderr.flush()
        os.dup2(self.saved, 2)
        os.close(self.saved)
        self.fh.close()
        # the kernel's own chatter explains a kernel that failed; a failed cell, a refused output
        # or an interrupt says enough itself
        if exc[0] is not None and not issubclass(exc[0], (ChapterError, InputError, KeyboardInterrupt)):
            sys.stderr.write(self.log.read_text(errors="replace"))
        return False


class ChapterError(Exception):
    """A chapter's cell failed: the notebook, the cell and the error, for one message."""

    def __init__(self, notebook: Path, exc):
        self.notebook, self.exc = notebook, exc
        super().__init__(f"{notebook}: cell {exc.exec_count} failed: {exc.ename}: {exc.evalue}")


def execute(notebooks: list, outs: list, params_file: Path | None, variant: str | None, data_dir: Path,
            artefact_files: dict | None = None) -> None:
    """Validate the parameters, run ``notebooks`` one after the other in one kernel with papermill,
    and write each normalised result to its path in ``outs``.

    One kernel for several chapters saves, per chapter, a kernel start and the imports of pandas,
    matplotlib and the package (together about 1 s). Before each chapter but the first the kernel
    is set back (:func:`kernel_restore`): new session, figures closed, environment, folder, import
    path, matplotlib settings and pandas options as in the fresh kernel; only imported modules
    (and their caches) stay. nbval in the test suite runs every chapter in a fresh kernel against
    the stored outputs, which `make notebooks` takes from this build, so a chapter whose output
    depended on another would fail there.

    ``artefact_files``: kind -> path of the variant's build artefacts (:mod:`bizcase.build.artefacts`),
    passed to the kernel through its environment, so that the chapters read them instead of
    computing them, and the executed notebooks carry no path of this machine (same bytes anywhere).
    """
    notebooks, outs = [Path(n) for n in notebooks], [Path(o) for o in outs]
    if len(notebooks) != len(outs) or len({n.resolve().parent for n in notebooks}) > 1:
        raise ValueError("execute: one output per notebook, and the notebooks in one folder")
    variant = variant_name(params_file, variant)
    _, params = variant_inputs(params_file, data_dir)  # stops the build with one clear message
    # papermill warns about every injected assumption id (the parameters cell does not list
    # them all); they were validated above, so its warnings are noise here
    logging.getLogger("papermill").setLevel(logging.ERROR)
    engine = _shared_kernel_engine()

    parameters = dict(params)
    if params_file is not None:
        parameters["variant"] = variant
    folder = notebooks[0].resolve().parent
    if Path(data_dir).resolve() != (ROOT / "data").resolve():
        parameters["data_dir"] = os.path.relpath(Path(data_dir).resolve(), folder)
    env = dict(os.environ)
    for kind in artefacts.KINDS:
        env.pop(artefacts.ENV[kind], None)
    for kind, path in (artefact_files or {}).items():
        env[artefacts.ENV[kind]] = str(Path(path).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        km = AsyncKernelManager(kernel_name=KERNEL)
        with _kernel_chatter_to(Path(tmp) / "kernel.log"):
            # history in memory (as nbclient does for the kernels it starts): nothing written to ~/.ipython
            run_sync(km.start_kernel)(cwd=str(folder), env=env, extra_arguments=["--HistoryManager.hist_file=:memory:"])
            kc = None
            try:
                kc = km.client()
                kc.start_channels()
                run_sync(kc.wait_for_ready)(timeout=60)
                kc.allow_stdin = False
                _kernel_run(kc, SNAPSHOT, "taking the kernel's fresh state")
                for i, (notebook, out) in enumerate(zip(notebooks, outs)):
                    if i:
                        _kernel_run(kc, RESET, f"resetting the kernel after {notebooks[i - 1]}")
                    raw = Path(tmp) / f"{i}.ipynb"
                    try:
                        papermill.execute_notebook(
                            str(notebook), str(raw), parameters=parameters, kernel_name=KERNEL, engine_name=engine,
                            km=km, kc=kc, progress_bar=False, report_mode=False, log_output=False,
                            request_save_on_cell_execute=False)  # written once, at the end
                    except PapermillExecutionError as exc:
                        raise ChapterError(notebook, exc) from None
                    atomic_write(out, dumps(normalise(json.loads(raw.read_text(encoding="utf-8")))))
            finally:
                if kc is not None:
                    kc.stop_channels()
                run_sync(km.shutdown_kernel)(now=True)


def _kernel_run(kc, code: str, what: str) -> None:
    """Run the build's own ``code`` in the chapter kernel (silently); stop the build if it fails."""
    reply = run_sync(kc.execute_interactive)(code, silent=True, store_history=False, timeout=60)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{what} failed: {reply['content'].get('ename')}: {reply['content'].get('evalue')}")


def _shared_kernel_engine() -> str:
    """Register (once) and name a papermill engine that runs a notebook on the build's kernel and
    kernel client, both kept between chapters.

    It is papermill's own engine (nbclient) given an existing client: a new client per chapter
    would cost 0.2 s of waiting for a quiet IOPub channel (jupyter_client's wait_for_ready) each."""
    class SharedKernelClient(PapermillNotebookClient):
        def __init__(self, nb_man, kc=None, **kw):
            super().__init__(nb_man, **kw)
            self.kc = kc  # nbclient starts a client only when it has none; it never stops one it did not start

    class SharedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            return SharedKernelClient(nb_man, **merge_kwargs(
                kwargs, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
                log=logging.getLogger("papermill"), log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)).execute()

    name = "bizcase-shared-kernel"
    papermill_engines.register(name, SharedKernelEngine)  # again on a second call: the same
    return name




def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bizcase.build.kernels",
                                     description="run chapter notebooks one after the other in one kernel")
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--out-dir", required=True, help="the executed notebooks go here, under their own names")
    for kind in artefacts.KINDS:
        parser.add_argument(f"--{kind}", help=f"the variant's {kind}.json (from its build step)")
    options(parser)
    args = parser.parse_args(argv)
    notebooks = [Path(n) for n in args.notebooks]
    outs = [Path(args.out_dir) / n.name for n in notebooks]
    files = {kind: Path(getattr(args, kind)) for kind in artefacts.KINDS if getattr(args, kind)}
    try:
        for out in outs:
            check_target(out)  # before any work: never into an input folder
        execute(notebooks, outs, Path(args.params) if args.params else None, args.variant, Path(args.data), files)
    except InputError as exc:
        print(f"bizcase: error: {exc.message}", file=sys.stderr)
        return 2
    except ChapterError as exc:  # papermill reports the failing cell; keep it to one message
        print(f"bizcase: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
