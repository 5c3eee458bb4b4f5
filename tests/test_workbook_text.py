"""Hostile texts in both workbooks (issue 21): every text stays text, a line break wraps.

A copy of ``data/`` gets a text that Excel would take for a formula ('=...', '+...', '-...',
'@...') in every free-text column of every table; both workbooks built from it must hold each such
text unchanged as a string with Excel's quote prefix, and the live workbook must hold exactly the
formulas it holds with the shipped data (no text became one). The helper that writes every text
(:mod:`bizcase.publish.workbook.cells`) is tested directly for what the loader strips or will
refuse (a leading tab or carriage return).
"""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from bizcase.build.workbooks import values_workbook
from bizcase.core.inputs import load_inputs
from bizcase.publish.workbook import live
from bizcase.publish.workbook.cells import formula, put, risky, text
from bizcase.publish.workbook.zipfile_fixed import xlsx_bytes

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PLANTED = ('=HYPERLINK("http://x","klik")', "+1", "-1", "@SUM(A1)")
# every column of every table a user may write any text into
FREE_TEXT = {
    "assumptions.csv": ("description", "source", "reasoning"),
    "category_split.csv": ("reasoning",),
    "depreciation_terms.csv": ("category", "source"),
    "fte.csv": ("function_group", "source"),
    "harmonisation.csv": ("source",),
    "programme_costs.csv": ("item", "source"),
    "project_costs.csv": ("item", "source"),
    "report_facts.csv": ("id", "unit", "description", "source"),
    "service_levels.csv": ("item", "description", "source"),
    "published_costs.csv": ("source",),
    "published_claims.csv": ("unit", "description", "source"),
}
# the other columns: numbers, or texts the loader holds to a fixed list
CONSTRAINED = {
    "assumptions.csv": ("id", "value", "unit", "status", "low", "high"),
    "calibrated.csv": ("id", "value"),
    "category_split.csv": ("category", "share", "status"),
    "depreciation_terms.csv": ("haarlem", "haarlemmermeer", "collaboration"),
    "fte.csv": ("baseline", "ict_centre", "s3"),
    "harmonisation.csv": ("year", "share", "status"),
    "programme_costs.csv": ("offset", "year", "amount_eur"),
    "project_costs.csv": ("offset", "year", "amount_eur"),
    "report_facts.csv": ("municipality", "value"),
    "service_levels.csv": (),
    # the generated ensemble (issue 22): a member number and one column of numbers per calibrated id
    "ensemble.csv": ("member",) + tuple(line.split(",")[0] for line in
                                        (DATA / "calibrated.csv").read_text(encoding="utf-8").splitlines()[3:]),
    "published_costs.csv": ("municipality", "scenario", "year", "cost_eur_x1000"),
    "published_claims.csv": ("id", "value"),
}
KEPT = {("depreciation_terms.csv", "category"): "applications"}  # the row the model reads, by its name
MULTILINE = ("cost_per_fte", "description", "Kosten per fte\nzie par. 5.2")


def _header_and_rows(path: Path) -> tuple[list[str], list[dict], list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    comments = [line for line in lines if line.startswith("#")]
    reader = csv.DictReader(io.StringIO("".join(line for line in lines if not line.startswith("#")), newline=""))
    return list(reader.fieldnames), list(reader), comments


def _write(path: Path, header: list, rows: list, comments: list) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.writelines(comments)
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def test_every_column_of_every_table_is_classified():
    """A new column is either free text (planted below) or constrained: never forgotten."""
    assert set(FREE_TEXT) | set(CONSTRAINED) == {p.name for p in DATA.glob("*.csv")}
    for path in DATA.glob("*.csv"):
        header, _, _ = _header_and_rows(path)
        assert sorted(header) == sorted(FREE_TEXT.get(path.name, ()) + CONSTRAINED[path.name]), path.name


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A data folder with a risky text in every free-text cell (each text once per column) and
    a line break in one description; returns (inputs, planted texts)."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(DATA, data)
    planted = set()
    for name, columns in FREE_TEXT.items():
        header, rows, comments = _header_and_rows(data / name)
        for column in columns:
            for i, row in enumerate(rows):
                if KEPT.get((name, column)) == row[column]:
                    continue
                value = PLANTED[i % len(PLANTED)] + ("" if i < len(PLANTED) else f" {i}")
                if name == "assumptions.csv" and (row["id"], column) == MULTILINE[:2]:
                    value = MULTILINE[2]
                else:
                    planted.add(value)
                row[column] = value
        _write(data / name, header, rows, comments)
    return load_inputs(data), planted


@pytest.fixture(scope="module")
def books(hostile):
    """The two workbooks built from the hostile data, read back from their bytes."""
    inputs, _ = hostile
    return {"values": load_workbook(io.BytesIO(values_workbook(inputs))),
            "live": load_workbook(io.BytesIO(live.workbook_bytes(inputs)))}


def _cells(wb):
    return [(ws.title, c) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]


def test_planted_texts_reach_the_workbooks_unchanged_as_text(hostile, books):
    inputs, planted = hostile
    assert inputs.register["cost_per_fte"].source in planted  # the loader kept them as written
    for kind, wb in books.items():
        found = set()
        for title, cell in _cells(wb):
            if cell.data_type == "f":
                continue
            if isinstance(cell.value, str) and risky(cell.value):
                assert cell.data_type == "s" and cell.quotePrefix, (kind, title, cell.coordinate, cell.value)
            if cell.value in planted:
                found.add(cell.value)
        # every register source is shown in both (the values workbook: Aannames; the live one: Invoer)
        sources = {row.source for row in inputs.register.values()}
        assert sources <= found, (kind, sorted(sources - found)[:5])
    values_found = {c.value for _, c in _cells(books["values"])}
    for row in inputs.register.values():
        assert row.description in values_found or row.description == MULTILINE[2]
        assert not row.reasoning or row.reasoning in values_found


def test_no_text_becomes_a_formula(books):
    """The values workbook holds no formula at all; the live one exactly the formulas it holds
    with the shipped data (the planted texts changed none and added none)."""
    assert not [(t, c.coordinate) for t, c in _cells(books["values"]) if c.data_type == "f"]
    shipped = load_workbook(io.BytesIO(live.workbook_bytes(load_inputs(DATA))))
    formulas = {(t, c.coordinate): c.value for t, c in _cells(books["live"]) if c.data_type == "f"}
    assert formulas == {(t, c.coordinate): c.value for t, c in _cells(shipped) if c.data_type == "f"}
    assert len(formulas) > 1000


def test_a_line_break_wraps_in_both_workbooks(hostile, books):
    for kind, wb in books.items():
        cells = [c for _, c in _cells(wb) if c.value == MULTILINE[2]]
        assert cells, kind
        assert all(c.alignment.wrap_text and c.data_type == "s" for c in cells), kind


@pytest.mark.parametrize("value", PLANTED + ("\t=1", "\r=1", "\t+1", "\r\n@A1", "=1\n=2"))
def test_the_text_helper_keeps_every_risky_text(value, tmp_path):
    """Through the bytes: the same text, a string, with the quote prefix (also a leading tab or
    carriage return, which the loader strips or refuses, and a text with a line break)."""
    wb = Workbook()
    ws = wb.active
    text(ws["A1"], value)
    put(ws["A2"], value)
    formula(ws["A3"], "1+1")
    put(ws["A4"], 2.5)
    text(ws["A5"], "gewone tekst")
    back = load_workbook(io.BytesIO(xlsx_bytes(wb))).active
    for ref in ("A1", "A2"):
        cell = back[ref]
        assert (cell.value, cell.data_type, bool(cell.quotePrefix)) == (value, "s", True), ref
        assert bool(cell.alignment.wrap_text) == ("\n" in value)
    assert (back["A3"].value, back["A3"].data_type) == ("=1+1", "f")
    assert (back["A4"].value, back["A4"].data_type) == (2.5, "n")
    assert (back["A5"].data_type, back["A5"].quotePrefix) == ("s", False)


def test_the_helpers_refuse_what_they_cannot_write():
    ws = Workbook().active
    with pytest.raises(TypeError):
        text(ws["A1"], 3)
    with pytest.raises(TypeError):
        put(ws["A1"], [1])
    with pytest.raises(ValueError):
        formula(ws["A1"], "=1+1")
