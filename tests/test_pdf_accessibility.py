"""Issue 23: the PDF is tagged (PDF/UA-1): a structure tree, marked content, the language, the title
shown by viewers and in the XMP metadata, every figure with its alternative text.

The PDF is the one `make report` writes: the report's page (bizcase.build.html.page, from the
stored notebooks, which equal the executed ones) rendered as `make report` renders it (bizcase.build.editions). Every expected
value is read from that HTML (its <title>, <html lang>, the alt texts of its images). A control PDF
rendered without the variant shows that each check can fail. That the bytes are the same on every
build is tests/test_reproducible.py's (two full builds) and tests/test_pdf_bytes.py's.
"""
from __future__ import annotations

import html as html_text
import re
from pathlib import Path

import pikepdf
import pytest

from bizcase.build import editions, html, pdf

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def html_facts(page: Path) -> dict:
    """What the PDF must carry, as the HTML states it."""
    text = page.read_text(encoding="utf-8")
    return {"title": html_text.unescape(re.search(r"<title>(.*?)</title>", text, re.S).group(1)).strip(),
            "lang": re.search(r"<html[^>]*\slang=\"([^\"]+)\"", text).group(1),
            "alts": sorted(html_text.unescape(a) for a in re.findall(r"<img[^>]*\salt=\"([^\"]*)\"", text))}


def structure(node, found: dict) -> None:
    """Count the structure elements under ``node`` by type and collect the figures' /Alt."""
    if isinstance(node, pikepdf.Array):
        for kid in node:
            structure(kid, found)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        kind = str(node.S)
        found.setdefault(kind, 0)
        found[kind] += 1
        if kind == "/Figure":
            found.setdefault("alts", []).append(str(node.get("/Alt", "")))
        structure(node.get("/K"), found)


def pdf_faults(path: Path, facts: dict) -> list[str]:
    faults = []
    with pikepdf.open(path) as doc:
        root = doc.Root
        tree = root.get("/StructTreeRoot")
        kids = tree.get("/K") if tree is not None else None
        if kids is None or (isinstance(kids, pikepdf.Array) and len(kids) == 0):
            faults.append("no /StructTreeRoot with kids")
        found = {}
        structure(kids, found)
        for kind in ("/Document", "/H1", "/H2", "/P", "/Table", "/TH", "/TD", "/L", "/Link"):
            if not found.get(kind):
                faults.append(f"no {kind} in the structure tree")
        if sorted(found.get("alts", [])) != facts["alts"]:
            faults.append(f"the figures' /Alt are not the images' alt texts: {found.get('alts')}")
        if root.get("/MarkInfo", {}).get("/Marked") is not True:
            faults.append("/MarkInfo /Marked is not true")
        lang = str(root.get("/Lang", ""))
        if lang != facts["lang"] or not lang.startswith("nl"):
            faults.append(f"/Lang is {lang!r}, the HTML's {facts['lang']!r}")
        if root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
            faults.append("/ViewerPreferences /DisplayDocTitle is not true")
        if str(doc.docinfo.get("/Title", "")) != facts["title"]:
            faults.append(f"/Title is {doc.docinfo.get('/Title')!r}")
        if "/Metadata" not in root:
            faults.append("no XMP metadata")
        else:
            xmp = doc.open_metadata()
            if xmp.get("dc:title") != facts["title"]:
                faults.append(f"XMP dc:title is {xmp.get('dc:title')!r}, the HTML's title {facts['title']!r}")
            if xmp.get("pdfuaid:part") != "1":
                faults.append(f"XMP pdfuaid:part is {xmp.get('pdfuaid:part')!r}")
    return faults


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, dict]:
    tmp = tmp_path_factory.mktemp("pdf-ua")
    page = tmp / "bizcase.html"
    page.write_text(html.page(NOTEBOOKS, False, "standaard"), encoding="utf-8")
    # what make report runs: the renderer gets the page on its standard input
    assert editions.editions(tmp / "r.html", tmp / "a.html", NOTEBOOKS, "standaard", pdf_out=tmp / "bizcase.pdf") == 0
    return tmp / "bizcase.pdf", html_facts(page)


def test_the_report_pdf_is_tagged_with_title_language_and_metadata(report):
    path, facts = report
    assert facts["title"] and len(facts["alts"]) > 0 and all(facts["alts"])  # the HTML states them
    assert pdf_faults(path, facts) == []


def test_every_check_can_fail(tmp_path):
    """The same kind of page rendered untagged (no variant), as before issue 23, fails each check."""
    page = tmp_path / "short.html"
    page.write_text(html.page([p for p in NOTEBOOKS if p.stem.startswith(("00", "99"))], False, "standaard"),
                    encoding="utf-8")
    (tmp_path / "untagged.pdf").write_bytes(pdf.pdf_document(page).write_pdf())
    faults = pdf_faults(tmp_path / "untagged.pdf", html_facts(page))
    for fault in ("no /StructTreeRoot", "/MarkInfo", "/DisplayDocTitle", "no XMP metadata"):
        assert any(fault in f for f in faults), fault


def outline_pages(path: Path) -> dict:
    """Title -> page number (from 1) of the PDF's top-level bookmarks."""
    with pikepdf.open(path) as doc:
        numbers = {page.objgen: i + 1 for i, page in enumerate(doc.pages)}
        with doc.open_outline() as outline:
            return {str(item.title): numbers[item.destination[0].objgen] for item in outline.root}


def test_the_contents_are_one_page_of_two_lists_side_by_side(report):
    # The contents are two lists (bizcase.build.html) set side by side on page 2 (report.css, print):
    # were the second list to fall below the first, it would fill a page of its own and every
    # chapter would start a page later.
    path, _ = report
    pages = outline_pages(path)
    assert pages["Inhoud"] == 2 and pages["Samenvatting"] == 3, pages
