"""Deterministic xlsx bytes: fixed zip entry times and document dates (openpyxl stamps 'now'), texts kept whole."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

FIXED_TIME = dt.datetime(2013, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)")
SHEET = re.compile(r"xl/worksheets/sheet\d+\.xml")
# a carriage return written raw into XML is read back as a line feed (XML's end-of-line rule);
# as a character reference it stays what it was
RAW_CR, CR_REFERENCE = b"\r", b"&#13;"


def normalised_zip(data: bytes) -> bytes:
    """The same zip with fixed entry times and document dates (openpyxl stamps 'now'), and every
    carriage return in a sheet's texts kept as one (openpyxl writes it raw)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
                content = _STAMP.sub(rb"\g<1>" + stamp.encode() + rb"\g<3>", content)
            elif SHEET.fullmatch(info.filename):
                content = content.replace(RAW_CR, CR_REFERENCE)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, content)
    return out.getvalue()


def xlsx_bytes(wb) -> bytes:
    """An openpyxl workbook as deterministic bytes: creator and dates fixed, zip entries stamped
    :data:`FIXED_TIME`."""
    wb.properties.creator = "bizcase"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return normalised_zip(buf.getvalue())
