"""Rendering the report's HTML as an A4 PDF with page numbers (WeasyPrint).

``python -m bizcase.build.pdf IN.html OUT.pdf`` renders a page; with ``-`` for ``IN.html`` it reads
the page from standard input, as :mod:`bizcase.build.editions` hands it the report's page (the
reader's page without the screen's lineage panel) while it goes on with the screen editions.
Only the DejaVu faces matplotlib ships are used (:mod:`bizcase.build.fonts`), so the bytes do not
depend on the machine's fonts, and they are always subset by fontTools (:func:`subset_with_fonttools`),
so the bytes do not depend on whether the machine has the HarfBuzz-Subset library either.
"""
from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from pathlib import Path

import pydyf
from weasyprint import CSS, HTML
from weasyprint.logger import LOGGER as WEASYPRINT_LOGGER
from weasyprint.pdf import fonts as weasyprint_pdf_fonts
from weasyprint.text.fonts import FontConfiguration

from bizcase.build.files import ROOT, atomic_write, check_target, step
from bizcase.build.fonts import pdf_stylesheet
from bizcase.core.errors import InputError

# Fixed timestamp for the fonts WeasyPrint subsets (fontTools stamps them with the time
# unless SOURCE_DATE_EPOCH is set): same input, same PDF bytes. 1 January 2013, 00:00 UTC.
SOURCE_DATE_EPOCH = "1356998400"

# Every embedded font is subset by fontTools, never by the system's HarfBuzz-Subset (issue 21).
# WeasyPrint 70 subsets with the library libharfbuzz-subset0 when it can load one and with fontTools
# otherwise (weasyprint/pdf/fonts.py, Font.subset). The two write different font programs, so the
# PDF's bytes changed with a system package that Chromium or LibreOffice pull in, and with its
# version where it is there (Debian 12 ships HarfBuzz 6.0, newer systems 8 to 10): requiring the
# library would not make the bytes equal across machines. fontTools is pinned in requirements.lock,
# so the subset fonts now depend on pinned Python packages only. Cost, measured on the full report:
# subsetting takes 0.24 s instead of 0.02 s of a 4.6 s render. Font.subset reads the module global
# `harfbuzz_subset` at every call; None sends it down its fontTools branch, which logs (to WeasyPrint's
# logger) that fontTools "will be unsupported in future versions": that one message is dropped, every
# other WeasyPrint message stays. A WeasyPrint without fontTools subsetting must be pinned with care:
# tests/test_pdf_bytes.py renders with and without the library and compares the bytes.
FONTTOOLS_NOTICE = "Using fontTools instead of HarfBuzz-Subset"


class _DropFontToolsNotice(logging.Filter):
    """Drop WeasyPrint's notice that it subsets with fontTools (chosen here on purpose)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(FONTTOOLS_NOTICE)


DROP_FONTTOOLS_NOTICE = _DropFontToolsNotice()

# A tagged PDF (issue 23): WeasyPrint's PDF/UA-1 variant writes the structure tree of the HTML's
# elements (headings, paragraphs, lists, tables, figures with their alt text), marks the document as
# tagged (/MarkInfo), asks viewers to show the title instead of the file name
# (/ViewerPreferences /DisplayDocTitle), takes /Lang from <html lang> and /Title from <title>, and
# writes XMP metadata with dc:title and the PDF/UA part. The variant sets PDF version 1.7. It adds
# nothing of the clock or of chance (no document id, no dates): the same HTML gives the same bytes.
PDF_VARIANT = "pdf/ua-1"


def subset_with_fonttools() -> None:
    """Make WeasyPrint subset every font with fontTools, whether or not HarfBuzz-Subset is there."""
    if not hasattr(weasyprint_pdf_fonts, "harfbuzz_subset"):
        raise RuntimeError("weasyprint.pdf.fonts no longer chooses its subsetter by `harfbuzz_subset`: "
                           "see subset_with_fonttools in bizcase/build/pdf.py before upgrading WeasyPrint")
    weasyprint_pdf_fonts.harfbuzz_subset = None
    WEASYPRINT_LOGGER.addFilter(DROP_FONTTOOLS_NOTICE)  # once: a logger keeps one copy of a filter


# The tagged PDF asks pydyf for the list of page references once per structure element (about
# 10,000 times for the report); pydyf 0.13 builds that list anew at every access (a tuple of one
# reference per page). :func:`page_references_once` makes it build the list once per page count:
# the same references, so the same bytes (tests/test_pdf_bytes.py renders with and without), 0.14 s
# less of a 7 s step. A pydyf without the property must be looked at before upgrading.
PYDYF_PAGE_REFERENCES = pydyf.PDF.__dict__.get("page_references")


def _page_references(pdf_file) -> tuple:
    kids = pdf_file.pages["Kids"]
    cached = pdf_file.__dict__.get("_bizcase_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), PYDYF_PAGE_REFERENCES.fget(pdf_file))
        pdf_file.__dict__["_bizcase_page_references"] = cached
    return cached[1]


def page_references_once() -> None:
    """Make pydyf build a PDF's list of page references once per page count (see above)."""
    if not isinstance(PYDYF_PAGE_REFERENCES, property):
        raise RuntimeError("pydyf.PDF.page_references is no longer a property: see page_references_once in "
                           "bizcase/build/pdf.py before upgrading pydyf")
    pydyf.PDF.page_references = property(_page_references)


def pdf_document(html_path: Path | None = None, text: str | None = None):
    """The laid-out A4 document of the page ``html_path`` (or of the page ``text``; WeasyPrint),
    with only the fonts we ship, which its ``write_pdf`` subsets with fontTools."""
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    subset_with_fonttools()
    page_references_once()
    fonts = FontConfiguration()
    shipped = CSS(string=pdf_stylesheet(), font_config=fonts)
    source = HTML(filename=str(html_path)) if html_path is not None else HTML(string=text, base_url=str(ROOT))
    return source.render(stylesheets=[shipped], font_config=fonts)


def pdf(html_path: Path | None, pdf_path: Path, text: str | None = None) -> None:
    """Render the page ``html_path`` (or the page ``text``) to A4 PDF with only the fonts we ship
    (:mod:`bizcase.build.fonts`).

    WeasyPrint builds hundreds of thousands of small objects (boxes, styles) and keeps them until
    the end; the cyclic garbage collector would rescan them for nothing (about 0.2-0.5 s of 5 s).
    It is off while rendering and back on after: the same bytes, a few MB more at the peak."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        data = pdf_document(html_path, text).write_pdf(pdf_variant=PDF_VARIANT)
    finally:
        if enabled:
            gc.enable()
    atomic_write(pdf_path, data)


STDIN = "-"


def read_page_from_stdin() -> str:
    """The page to render, from standard input (refused unless it is a whole page, ending with
    ``</html>``: a writer that stopped half-way leaves no half PDF)."""
    text = sys.stdin.buffer.read().decode("utf-8")
    if not text.rstrip().endswith("</html>"):
        raise InputError("standard input", "page", f"{len(text)} characters", "a whole HTML page, ending with </html>")
    return text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bizcase.build.pdf", description="render the report's PDF")
    parser.add_argument("page", help="the page to render (HTML), or - to read it from standard input")
    parser.add_argument("out")
    args = parser.parse_args(argv)

    def run(_):
        check_target(Path(args.out))
        if args.page == STDIN:
            pdf(None, Path(args.out), text=read_page_from_stdin())
        else:
            pdf(Path(args.page), Path(args.out))

    return step(run)


if __name__ == "__main__":
    raise SystemExit(main())
