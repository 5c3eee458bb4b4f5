"""Deterministic xlsx bytes: fixed zip entry times and document dates, texts kept whole, formulas with their results."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from xml.etree import ElementTree
from xml.sax.saxutils import escape

FIXED_TIME = dt.datetime(2013, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)")
SHEET = re.compile(r"xl/worksheets/sheet\d+\.xml")
# a carriage return written raw into XML is read back as a line feed (XML's end-of-line rule);
# as a character reference it stays what it was
RAW_CR, CR_REFERENCE = b"\r", b"&#13;"
# a formula cell as openpyxl writes it: its reference, its style, its formula and an empty result
FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?)><f>([^<]*)</f><v ?/></c>')
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_files(src: zipfile.ZipFile) -> dict:
    """Sheet title -> the path of its XML in the zip (from the workbook and its relationships)."""
    targets = {rel.get("Id"): rel.get("Target")
               for rel in ElementTree.fromstring(src.read("xl/_rels/workbook.xml.rels"))}
    out = {}
    for sheet in ElementTree.fromstring(src.read("xl/workbook.xml")).iter(f"{MAIN}sheet"):
        target = targets[sheet.get(RELATIONSHIP)]
        out[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return out


def with_results(content: bytes, results: dict) -> bytes:
    """A sheet's XML with every formula's result (``results``: coordinate -> (type, text), the
    type '' for a number, 'str', 'b' or 'e') stored as its cached value."""
    def cell(m):
        kind, value = results[m.group(1).decode()]
        kind = f' t="{kind}"'.encode() if kind else b""
        return b'<c r="%s"%s%s><f>%s</f><v>%s</v></c>' % (m.group(1), m.group(2), kind, m.group(3),
                                                         escape(value).encode())

    content, n = FORMULA_CELL.subn(cell, content)
    if n != len(results):
        raise ValueError(f"{len(results)} formula results for {n} formula cells as openpyxl wrote them")
    return content


def normalised_zip(data: bytes, results: dict | None = None) -> bytes:
    """The same zip with fixed entry times and document dates (openpyxl stamps 'now'), every
    carriage return in a sheet's texts kept as one (openpyxl writes it raw), and ``results``
    (sheet title -> coordinate -> (type, text)) stored as the formulas' cached values."""
    src = zipfile.ZipFile(io.BytesIO(data))
    paths = {path: results[title] for title, path in sheet_files(src).items() if title in results} if results else {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
                content = _STAMP.sub(rb"\g<1>" + stamp.encode() + rb"\g<3>", content)
            elif SHEET.fullmatch(info.filename):
                if info.filename in paths:
                    content = with_results(content, paths[info.filename])
                content = content.replace(RAW_CR, CR_REFERENCE)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, content)
    return out.getvalue()


def xlsx_bytes(wb, results: dict | None = None) -> bytes:
    """An openpyxl workbook as deterministic bytes: creator and dates fixed, zip entries stamped
    :data:`FIXED_TIME`; ``results`` (sheet title -> coordinate -> (type, text)) stored as the
    formulas' cached values."""
    wb.properties.creator = "bizcase"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return normalised_zip(buf.getvalue(), results)
