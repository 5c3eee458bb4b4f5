"""The screen editions: the report's page with the lineage panel (issue 24).

``python -m bizcase.build.editions OUT.html AUDIT.html NB ... [--params FILE.yml] [--variant NAME]``
writes the reader's edition and the audit edition (with the code of every cell) of the executed
chapters ``NB``. Both carry the lineage panel of the figures they mark
(:func:`bizcase.build.lineage_panel.panel`), computed once: the two editions mark the same figures.
The PDF is rendered from the page without the panel (:mod:`bizcase.build.pdf`): a screen's panel
has no place on paper.
"""
from __future__ import annotations

import argparse
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


def editions(out: Path, audit_out: Path, notebooks: list[Path], variant: str,
             params_file: Path | None = None, data_dir: Path = ROOT / "data") -> None:
    """Write both screen editions, the panel computed once (from the reader's page)."""
    text = page(notebooks, False, variant, params_file, data_dir)
    lineage = lineage_of(text, params_file, data_dir)
    atomic_write(out, with_lineage(text, lineage).encode("utf-8"))
    audit = page(notebooks, True, variant, params_file, data_dir)
    atomic_write(audit_out, with_lineage(audit, lineage).encode("utf-8"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bizcase.build.editions",
                                     description="write the reader's and the audit edition of the report (HTML)")
    parser.add_argument("out", help="the reader's edition")
    parser.add_argument("audit_out", help="the audit edition")
    parser.add_argument("notebooks", nargs="+", help="the executed chapters, in order")
    options(parser)
    args = parser.parse_args(argv)

    def run(_):
        for target in (args.out, args.audit_out):
            check_target(Path(target))  # both, before either is written
        editions(Path(args.out), Path(args.audit_out), [Path(n) for n in args.notebooks], args.variant,
                 Path(args.params) if args.params else None, Path(args.data))

    return step(run)


if __name__ == "__main__":
    raise SystemExit(main())
