"""Issue 21: the PDF's bytes do not depend on whether the machine has libharfbuzz-subset0.

WeasyPrint subsets the embedded fonts with that system library when it can load it and with
fontTools otherwise; bizcase.build.pdf always takes fontTools. The same page is rendered in
child processes with the library loadable and with it hidden from WeasyPrint's loader (as on a
machine without the package), and once more, as a control, with WeasyPrint left to choose.
"""
from __future__ import annotations

import ctypes.util
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bizcase.build import pdf

ROOT = Path(__file__).resolve().parents[1]

# argv: mode (system | hidden | control), page, out. Prints whether WeasyPrint loaded the library.
CHILD = r'''
import sys
from pathlib import Path

mode, page, out = sys.argv[1:]
if mode == "hidden":
    # a machine without libharfbuzz-subset0: WeasyPrint's loader (cffi's dlopen) finds no such library
    import cffi

    real_dlopen = cffi.FFI.dlopen

    def dlopen(self, name, *args, **kwargs):
        if "harfbuzz-subset" in str(name):
            raise OSError(f"{name}: hidden by the test")
        return real_dlopen(self, name, *args, **kwargs)

    cffi.FFI.dlopen = dlopen

from weasyprint.text import ffi

from bizcase.build import pdf

if mode == "control":
    pdf.subset_with_fonttools = lambda: None  # WeasyPrint's own choice, as before issue 21
pdf.pdf(Path(page), Path(out))
print("loaded" if ffi.harfbuzz_subset is not None else "absent")
'''

PAGE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>t</title></head>
<body><h1>Kop</h1><p>Tekst met <b>vet</b>, <i>cursief</i> en <code>code</code>: EUR 10.800 &le; 11.000 &euro;.</p>
</body></html>
"""


def render(mode: str, page: Path, out: Path) -> tuple[bytes, str]:
    proc = subprocess.run([sys.executable, "-c", CHILD, mode, str(page), str(out)], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return out.read_bytes(), proc.stdout.strip()


@pytest.mark.skipif(not ctypes.util.find_library("harfbuzz-subset"),
                    reason="needs libharfbuzz-subset0 to render with it (Debian: apt-get install libharfbuzz-subset0)")
def test_the_pdf_is_the_same_with_and_without_harfbuzz_subset(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    with_library, loaded = render("system", page, tmp_path / "system.pdf")
    without_library, absent = render("hidden", page, tmp_path / "hidden.pdf")
    assert (loaded, absent) == ("loaded", "absent")  # the library really was there, and really was not
    assert with_library == without_library
    # the control: left to choose, WeasyPrint subsets with the library and writes other bytes, so
    # the comparison above is one that could fail
    chosen, loaded = render("control", page, tmp_path / "control.pdf")
    assert loaded == "loaded" and chosen != with_library


def test_only_weasyprints_fonttools_notice_is_dropped(caplog):
    pdf.subset_with_fonttools()
    logger = logging.getLogger("weasyprint")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        logger.warning('Using fontTools instead of HarfBuzz-Subset for font "%s". This will be unsupported', "x")
        logger.warning('Unable to subset "%s" with fontTools', "x")
    assert [r.getMessage() for r in caplog.records] == ['Unable to subset "x" with fontTools']


def test_page_references_built_once_give_the_same_pdf(tmp_path, monkeypatch):
    # bizcase.build.pdf.page_references_once: pydyf's list of page references built once per page
    # count instead of at every access; a tagged PDF of several pages (structure elements on each,
    # links between them) is the same with and without it.
    import pydyf

    sections = "".join(f"<h1 id='s{i}'>Hoofdstuk {i}</h1><p>{'Tekst. ' * 400}</p><ul><li>een</li><li>twee</li></ul>"
                       f"<table><tr><th>jaar</th><td>{i}</td></tr></table><p><a href='#s{(i + 1) % 4}'>verder</a></p>"
                       for i in range(4))
    page = tmp_path / "page.html"
    page.write_text(f"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><title>t</title></head>"
                    f"<body>{sections}</body></html>", encoding="utf-8")
    document = pdf.pdf_document(page)  # applies it
    assert pydyf.PDF.page_references.fget is pdf._page_references
    once = document.write_pdf(pdf_variant=pdf.PDF_VARIANT)
    monkeypatch.setattr(pydyf.PDF, "page_references", pdf.PYDYF_PAGE_REFERENCES)
    assert len(document.pages) > 3
    assert document.write_pdf(pdf_variant=pdf.PDF_VARIANT) == once
