"""Executing the chapter notebooks: several chapters one after the other in one kernel, with papermill.

``python -m bizcase.build.kernels NB ... --out-dir DIR [--model F] [--sensitivity F] [--montecarlo F]
[--params FILE.yml] [--variant NAME]`` validates the parameters, runs the notebooks in one kernel
(set back to the fresh kernel's state between them, :mod:`bizcase.build.kernel_state`), strips what
changes between identical runs (timings, random cell ids) and writes each result atomically into
``DIR``. A failing cell stops the build with one line; the chapters before it are kept.

``python -m bizcase.build.kernels --out-dir DIR --model F --sensitivity F --montecarlo F --group KINDS NB ...
--group KINDS NB ...`` is what ``make report`` runs: it computes the artefacts into the files named
and runs each group in a kernel of its own, all at once (:func:`execute_groups`).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import threading
from dataclasses import dataclass
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


# What the driver runs inside the kernel: the functions of :mod:`bizcase.build.kernel_state`, named
# here and imported only in the kernel (the module loads pyplot, which this process never needs).
# One expression each: no name is left in, or needed from, the chapter's namespace.
SNAPSHOT = "__import__('bizcase.build.kernel_state').build.kernel_state.kernel_snapshot()"
RESET = "__import__('bizcase.build.kernel_state').build.kernel_state.kernel_restore(get_ipython())"
PRELOAD = "__import__('bizcase.build.kernel_state').build.kernel_state.preload()"


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
    group = Group(tuple(Path(n) for n in notebooks), tuple(Path(o) for o in outs), tuple(artefact_files or ()))
    variant = variant_name(params_file, variant)
    _, params = variant_inputs(params_file, data_dir)  # stops the build with one clear message
    run = _Run(data_dir, dict(artefact_files or {}))
    run.parameters = _parameters(params, params_file, variant)
    with tempfile.TemporaryDirectory() as tmp, _kernel_chatter_to(Path(tmp) / "kernel.log"):
        run.group(group, Path(tmp) / "0")


@dataclass(frozen=True)
class Group:
    """Chapters run one after the other in one kernel, and the artefact kinds they read."""

    notebooks: tuple  # Path
    outs: tuple  # Path, one per notebook
    reads: tuple = ()  # artefact kinds (bizcase.build.artefacts.KINDS)

    def __post_init__(self):
        if len(self.notebooks) != len(self.outs) or len({n.resolve().parent for n in self.notebooks}) > 1:
            raise ValueError("execute: one output per notebook, and the notebooks in one folder")
        unknown = set(self.reads) - set(artefacts.KINDS)
        if unknown:
            raise ValueError(f"execute: unknown artefact kind(s) {sorted(unknown)}; known: {', '.join(artefacts.KINDS)}")


def execute_groups(groups: list, params_file: Path | None, variant: str | None, data_dir: Path,
                   artefact_files: dict) -> None:
    """Compute the variant's artefacts into ``artefact_files`` (kind -> path) and run every group of
    chapters (:class:`Group`) in a kernel of its own, all at once: what ``make report`` does.

    Each group's kernel starts, takes its fresh state and imports the chapters' modules while this
    process checks the parameters and computes the artefacts (model first, then the analyses); a
    group runs its first chapter as soon as the artefacts it reads are written. Starting a kernel and
    importing the package take about as long as the artefacts, so the two overlap instead of
    following each other. A failing
    artefact stops every group before its first chapter; a failing chapter stops its own group (the
    chapters before it are kept) and the build, with one line.
    """
    groups = list(groups)
    missing = {k for g in groups for k in g.reads} - set(artefact_files)
    if missing:
        raise ValueError(f"execute_groups: no path for the artefact(s) {sorted(missing)}")
    run = _Run(data_dir, dict(artefact_files))
    written = {kind: threading.Event() for kind in artefact_files}
    stopped = threading.Event()
    errors: list = []

    def ready(group: Group) -> bool:
        for kind in group.reads:
            written[kind].wait()
        return not stopped.is_set()

    def worker(group: Group, tmp: Path) -> None:
        try:
            run.group(group, tmp, ready=lambda: ready(group))
        except BaseException as exc:  # reported by the main thread, first error first
            errors.append(exc)

    with tempfile.TemporaryDirectory() as tmp, _kernel_chatter_to(Path(tmp) / "kernel.log"):
        threads = [threading.Thread(target=worker, args=(g, Path(tmp) / str(i)), daemon=True)
                   for i, g in enumerate(groups)]
        for t in threads:
            t.start()  # the kernels start now; the parameters are checked meanwhile
        try:
            variant = variant_name(params_file, variant)
            inputs, params = variant_inputs(params_file, data_dir)  # stops the build with one clear message
            run.parameters = _parameters(params, params_file, variant)
            for kind in artefacts.KINDS:  # the model first: the chapters that read only it start soonest
                if kind in artefact_files:
                    atomic_write(Path(artefact_files[kind]), artefacts.build(kind, inputs))
                    written[kind].set()
        except BaseException:
            stopped.set()
            raise
        finally:
            for event in written.values():
                event.set()  # a group waiting for a failed artefact wakes, sees `stopped` and ends
            for t in threads:
                t.join()
        if errors:
            raise errors[0]


def _parameters(params: dict, params_file: Path | None, variant: str) -> dict:
    """The chapters' papermill parameters: the variant's validated values, and its name."""
    parameters = dict(params)
    if params_file is not None:
        parameters["variant"] = variant
    return parameters


class _Run:
    """What every group of one build shares: the chapters' parameters, the data folder, the
    artefacts' paths and the papermill engine."""

    def __init__(self, data_dir: Path, artefact_files: dict):
        # papermill warns about every injected assumption id (the parameters cell does not list
        # them all); they are validated before any chapter runs, so its warnings are noise here
        logging.getLogger("papermill").setLevel(logging.ERROR)
        self.engine = _shared_kernel_engine()
        self.parameters: dict = {}  # the chapters' parameters (:func:`_parameters`), set once validated
        self.data_dir = Path(data_dir)
        self.artefact_files = artefact_files

    def group(self, group: Group, tmp: Path, ready=None) -> None:
        """Run ``group`` in a kernel of its own; with ``ready`` (waits for the group's artefacts, False:
        the build stopped), the kernel first starts and imports the chapters' modules, then waits."""
        tmp.mkdir(parents=True, exist_ok=True)
        folder = group.notebooks[0].resolve().parent
        env = dict(os.environ)
        for kind in artefacts.KINDS:
            env.pop(artefacts.ENV[kind], None)
        for kind in group.reads:  # the kernel is told of the artefacts its chapters read, and no other
            env[artefacts.ENV[kind]] = str(Path(self.artefact_files[kind]).resolve())
        km = AsyncKernelManager(kernel_name=KERNEL)
        # history in memory (as nbclient does for the kernels it starts): nothing written to ~/.ipython
        run_sync(km.start_kernel)(cwd=str(folder), env=env, extra_arguments=["--HistoryManager.hist_file=:memory:"])
        kc = None
        try:
            kc = km.client()
            kc.start_channels()
            run_sync(kc.wait_for_ready)(timeout=60)
            kc.allow_stdin = False
            _kernel_run(kc, SNAPSHOT, "taking the kernel's fresh state")
            if ready is not None:
                _kernel_run(kc, PRELOAD, "importing the chapters' modules")
                if not ready():
                    return
            # read only now: with ``ready``, the parameters are checked while the kernel starts
            parameters = dict(self.parameters)
            if self.data_dir.resolve() != (ROOT / "data").resolve():
                parameters["data_dir"] = os.path.relpath(self.data_dir.resolve(), folder)
            for i, (notebook, out) in enumerate(zip(group.notebooks, group.outs)):
                if i:
                    _kernel_run(kc, RESET, f"resetting the kernel after {group.notebooks[i - 1]}")
                raw = tmp / f"{i}.ipynb"
                try:
                    papermill.execute_notebook(
                        str(notebook), str(raw), parameters=parameters, kernel_name=KERNEL, engine_name=self.engine,
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




def _group_argument(value: list) -> tuple:
    """``--group KINDS NB ...``: the artefact kinds the group reads (comma-separated, or 'none') and its notebooks."""
    if len(value) < 2:
        raise argparse.ArgumentTypeError("--group needs the artefact kinds it reads and at least one notebook")
    kinds = () if value[0] == "none" else tuple(value[0].split(","))
    unknown = set(kinds) - set(artefacts.KINDS)
    if unknown:
        raise argparse.ArgumentTypeError(f"--group: unknown artefact kind(s) {', '.join(sorted(unknown))}; "
                                         f"known: {', '.join(artefacts.KINDS)} or none")
    return kinds, [Path(n) for n in value[1:]]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bizcase.build.kernels",
        description="run chapter notebooks one after the other in one kernel; with --group, compute the "
                    "artefacts and run each group in a kernel of its own, at once (what make report does)")
    parser.add_argument("notebooks", nargs="*")
    parser.add_argument("--out-dir", required=True, help="the executed notebooks go here, under their own names")
    parser.add_argument("--group", nargs="+", action="append", metavar="KINDS NB",
                        help="a group of chapters for one kernel: the artefact kinds it reads (model,sensitivity,...; "
                             "or none), then its notebooks; the artefacts named by --model etc. are computed")
    for kind in artefacts.KINDS:
        parser.add_argument(f"--{kind}", help=f"the variant's {kind}.json (from its build step, or written with --group)")
    options(parser)
    args = parser.parse_args(argv)
    files = {kind: Path(getattr(args, kind)) for kind in artefacts.KINDS if getattr(args, kind)}
    if bool(args.group) == bool(args.notebooks):
        parser.error("give either notebooks (one kernel) or --group ... (one kernel each)")
    try:
        groups = [_group_argument(g) for g in args.group or ()]
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    params = Path(args.params) if args.params else None
    try:
        if groups:
            runs = [Group(tuple(nbs), tuple(Path(args.out_dir) / n.name for n in nbs), kinds) for kinds, nbs in groups]
            for target in [*files.values(), *(o for g in runs for o in g.outs)]:
                check_target(target)  # before any work: never into an input folder
            execute_groups(runs, params, args.variant, Path(args.data), files)
        else:
            notebooks = [Path(n) for n in args.notebooks]
            outs = [Path(args.out_dir) / n.name for n in notebooks]
            for out in outs:
                check_target(out)
            execute(notebooks, outs, params, args.variant, Path(args.data), files)
    except InputError as exc:
        print(f"bizcase: error: {exc.message}", file=sys.stderr)
        return 2
    except ChapterError as exc:  # papermill reports the failing cell; keep it to one message
        print(f"bizcase: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
