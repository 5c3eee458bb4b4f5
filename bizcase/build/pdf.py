"""Rendering the report's HTML as an A4 PDF with page numbers (WeasyPrint).

``python -m bizcase.build.pdf IN.html OUT.pdf``. Only the DejaVu faces matplotlib ships are used
(:mod:`bizcase.build.fonts`), so the bytes do not depend on the machine's fonts.
"""
from __future__ import annotations

import argparse
import gc
import os
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from bizcase.build.files import atomic_write, check_target, step
from bizcase.build.fonts import pdf_stylesheet

# Fixed timestamp for the fonts WeasyPrint subsets (fontTools stamps them with the time
# unless SOURCE_DATE_EPOCH is set): same input, same PDF bytes. 1 January 2013, 00:00 UTC.
SOURCE_DATE_EPOCH = "1356998400"


def pdf_document(html_path: Path):
    """The laid-out A4 document of ``html_path`` (WeasyPrint), with only the fonts we ship."""
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    fonts = FontConfiguration()
    shipped = CSS(string=pdf_stylesheet(), font_config=fonts)
    return HTML(filename=str(html_path)).render(stylesheets=[shipped], font_config=fonts)


def pdf(html_path: Path, pdf_path: Path) -> None:
    """Render ``html_path`` to A4 PDF with only the fonts we ship (:mod:`bizcase.build.fonts`).

    WeasyPrint builds hundreds of thousands of small objects (boxes, styles) and keeps them until
    the end; the cyclic garbage collector would rescan them for nothing (about 0.2-0.5 s of 5 s).
    It is off while rendering and back on after: the same bytes, a few MB more at the peak."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        data = pdf_document(html_path).write_pdf()
    finally:
        if enabled:
            gc.enable()
    atomic_write(pdf_path, data)




def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bizcase.build.pdf", description="render the report's PDF")
    parser.add_argument("html")
    parser.add_argument("out")
    args = parser.parse_args(argv)

    def run(_):
        check_target(Path(args.out))
        pdf(Path(args.html), Path(args.out))

    return step(run)


if __name__ == "__main__":
    raise SystemExit(main())
