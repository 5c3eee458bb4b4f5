"""The report's editions: the PDF, the reader's HTML and the audit HTML of the executed chapters.

``python -m bizcase.build.editions OUT.html AUDIT.html NB ... [--pdf OUT.pdf] [--params FILE.yml]
[--variant NAME]`` writes the reader's edition and the audit edition (with the code of every cell)
of the executed chapters ``NB``. Both carry the lineage panel of the figures they mark
(:func:`bizcase.build.lineage_panel.panel`), computed once: the two editions mark the same figures.

With ``--pdf`` it also renders the PDF, from the reader's page without the panel (a screen's panel
has no place on paper). The PDF is the longest step of the build (WeasyPrint lays out and tags some
65 pages on one core), so its renderer (``python -m bizcase.build.pdf -``) starts first, as a child
process that imports WeasyPrint while this one assembles the page; it gets the page on its standard
input and renders it on one core while this process, at the lowest priority from then on, writes
the screen editions on the other. The page is assembled once for both.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from bizcase.build.files import ROOT, atomic_write, check_target, step
from bizcase.build.html import PAGE_END, page
from bizcase.build.lineage_panel import panel
from bizcase.build.variants import options
from bizcase.core.inputs import load_inputs
from bizcase.fit import ensemble


def lineage_of(text: str, params_file: Path | None = None, data_dir: Path = ROOT / "data") -> str:
    """The lineage panel for the figures the page ``text`` marks."""
    return panel(text, load_inputs(data_dir, params_file=params_file), ensemble.load(data_dir))


def with_lineage(text: str, lineage: str) -> str:
    """The page ``text`` (:func:`bizcase.build.html.page`) with the lineage panel ``lineage`` before its end."""
    if not text.endswith(PAGE_END):
        raise ValueError("with_lineage: not a page of bizcase.build.html (it must end with </main></body></html>)")
    return text[: -len(PAGE_END)] + "</main>\n" + (lineage + "\n" if lineage else "") + "</body>\n</html>\n"


def assemble(out: Path, notebooks: list[Path], audit: bool, variant: str,
             params_file: Path | None = None, data_dir: Path = ROOT / "data") -> None:
    """Write one screen edition of the executed chapters ``notebooks``: the reader's, or with
    ``audit`` the audit edition."""
    text = page(notebooks, audit, variant, params_file, data_dir)
    atomic_write(out, with_lineage(text, lineage_of(text, params_file, data_dir)).encode("utf-8"))


def renderer(pdf_out: Path) -> subprocess.Popen:
    """The PDF renderer as a child process, waiting for the page on its standard input."""
    return subprocess.Popen([sys.executable, "-m", "bizcase.build.pdf", "-", str(pdf_out)], stdin=subprocess.PIPE)


def editions(out: Path, audit_out: Path, notebooks: list[Path], variant: str,
             params_file: Path | None = None, data_dir: Path = ROOT / "data", pdf_out: Path | None = None) -> int:
    """Write both screen editions, the panel computed once (from the reader's page), and with
    ``pdf_out`` the PDF (see the module's description). Returns the renderer's exit status (0
    without ``pdf_out``); a failing renderer has said why on standard error itself."""
    child = renderer(pdf_out) if pdf_out is not None else None
    try:
        text = page(notebooks, False, variant, params_file, data_dir)
        if child is not None:
            try:
                child.stdin.write(text.encode("utf-8"))
                child.stdin.close()
            except BrokenPipeError:  # the renderer ended before reading: it has said why itself
                return child.wait() or 1
            if hasattr(os, "nice"):
                os.nice(19)  # the renderer keeps its core; the screen editions take what is left
        lineage = lineage_of(text, params_file, data_dir)
        atomic_write(out, with_lineage(text, lineage).encode("utf-8"))
        audit = page(notebooks, True, variant, params_file, data_dir)
        atomic_write(audit_out, with_lineage(audit, lineage).encode("utf-8"))
    except BaseException:
        if child is not None:
            child.kill()
            child.wait()
        raise
    return child.wait() if child is not None else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bizcase.build.editions",
                                     description="write the report's editions: the reader's and the audit HTML, "
                                                 "and with --pdf the PDF")
    parser.add_argument("out", help="the reader's edition")
    parser.add_argument("audit_out", help="the audit edition")
    parser.add_argument("notebooks", nargs="+", help="the executed chapters, in order")
    parser.add_argument("--pdf", help="the PDF, rendered beside the screen editions")
    options(parser)
    args = parser.parse_args(argv)
    status = []

    def run(_):
        targets = [args.out, args.audit_out] + ([args.pdf] if args.pdf else [])
        for target in targets:
            check_target(Path(target))  # every one, before any is written
        status.append(editions(Path(args.out), Path(args.audit_out), [Path(n) for n in args.notebooks], args.variant,
                               Path(args.params) if args.params else None, Path(args.data),
                               Path(args.pdf) if args.pdf else None))

    return step(run) or (status[0] if status else 0)


if __name__ == "__main__":
    raise SystemExit(main())
