"""The values workbook for consultants: the report's own tables as Excel sheets, numbers with formats.

Every sheet holds tables built by the chapters' own table builders (:mod:`bizcase.publish.chapters`),
so the workbook shows exactly the report's figures: the same rounding, the same break-even
convention, the same Dutch names. Each value is written as a number with the Excel number format
of its kind (euros '#,##0', thousands of euros as in the report, percentages '0.00%', years '0');
a text is always stored as text, never as a formula, and wraps at its line breaks
(:mod:`.cells`).
"""
from __future__ import annotations

import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from bizcase.core.schema import COLLABORATIONS, MUNICIPALITIES, SCENARIOS
from bizcase.publish import labels
from bizcase.publish.blocks import Table, V, text
from bizcase.publish.chapters import accountability, common, results, setup, summary, uncertainty
from bizcase.publish.provenance import provenance
from bizcase.publish.workbook.cells import put

HEADER_FILL = "DDEBF7"
TITLE_FONT = Font(bold=True, color="1F4E79")
BOLD = Font(bold=True)
YEAR = "0"
EUR = "#,##0"
LINEAGE_SHEET = "Herkomst"  # every marked figure's lineage; each marked cell links to its row
LINEAGE_INPUTS = 5


def excel_format(v: V) -> str:
    """The Excel number format of a value's kind."""
    decimals = "." + "0" * v.decimals if v.decimals else ""
    if v.kind in ("eur", "keur", "number"):
        return f"#,##0{decimals}"
    if v.kind in ("pct", "share"):
        return f"0{decimals}%"
    if v.kind == "setting":
        if v.unit in ("share", "rate"):
            return "0.00###%"
        if v.unit in ("year", "lag_years", "offset_years", "years", "flag", "count"):
            return YEAR
        return "#,##0.##" if v.unit in ("EUR/inhabitant", "FTE", "factor") else EUR
    return YEAR if v.kind == "year" else "General"


def excel_value(v: V):
    """The number (or text) a cell holds: thousands for 'keur' as the report shows them, a
    fraction for percentages, a whole year; 'geen' for a year that does not exist."""
    if v.x is None:
        return None
    if not v.is_number:
        return str(v.x)
    x = v.value
    if math.isnan(x):
        return "geen"
    if v.kind == "keur":
        return x / 1000
    if v.kind == "pct":
        return x / 100
    if v.kind == "year":
        return int(x)
    return x


def write_table(ws, table: Table, row: int, links: dict | None = None) -> int:
    """Write ``table`` (its caption, header and rows) from ``row`` on; return the next free row.
    ``links``: figure name -> its row on the lineage sheet, which a marked cell links to."""
    put(ws.cell(row=row, column=1), table.caption)
    ws.cell(row=row, column=1).font = TITLE_FONT
    row += 1
    units = [table.unit(j) for j in range(len(table.columns))]
    heads = [table.index_name] + [f"{c} ({u})" if u else str(c) for c, u in zip(table.columns, units)]
    for j, head in enumerate(heads, start=1):
        cell = ws.cell(row=row, column=j)
        put(cell, head)
        cell.font, cell.fill = BOLD, PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for head, values in table.rows:
        row += 1
        put(ws.cell(row=row, column=1), str(head))
        for j, v in enumerate(values, start=2):
            cell = ws.cell(row=row, column=j)
            value = excel_value(v)
            put(cell, value)
            if not isinstance(value, str):
                cell.number_format = excel_format(v)
            if links and v.figure in links:
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{LINEAGE_SHEET}!A{links[v.figure]}")
    if table.note:
        row += 1
        put(ws.cell(row=row, column=1), table.note)
    return row + 2


def sheets(ch) -> dict:
    """Sheet name -> the tables it holds, each from the chapter builder that shows it in the report."""
    unrounded = {"step": None}
    return {
        "Aannames": [setup.register(ch, full=True)],
        "Baseline": [common.category_table(ch.result, f"Baseline {m} per kostencategorie", m, "baseline")
                     for m in MUNICIPALITIES],
        "Scenario's": [common.category_table(ch.result, f"{labels.SCENARIO[sc]}, beide gemeenten, per kostencategorie",
                                             None, sc) for sc in SCENARIOS],
        "Resultaten": [common.scenario_table(ch.inputs, ch.result, f"ICT-kosten per scenario, {m or 'beide gemeenten samen'}",
                                             municipality=m, **unrounded) for m in MUNICIPALITIES + (None,)]
                      + [results.difference_table(ch)],
        "Kerncijfers": [summary.key_figures(ch), key_figures(ch), uncertainty.npv(ch)[1]],
        "Verdeelsleutels": [uncertainty.keys(ch)[1]],
        "Validatie": [accountability.fit(ch)[1]],
        "Uitspraken": [b for b in accountability.claims(ch) if isinstance(b, Table)],
        "Gevoeligheid": [uncertainty.tornado_table(ch, top=None)],
        "Omslagwaarden": [uncertainty.switching_table(ch, ch.analyses.switching_values,
                                                      "Omslagwaarden (leeg: geen binnen het plausibele bereik)")],
        "Monte Carlo": [uncertainty.montecarlo(ch)[1]],
        "Bandbreedte": [results.reconstruction(ch)[1], uncertainty.two_kinds(ch)[1]],
    }


def key_figures(ch) -> Table:
    """Each collaboration scenario's headline figures in full: break-even per municipality,
    saving over the modelled and the computed years, the investment and when it falls."""
    f = ch.figures
    rows = [("Omslagjaar, beide gemeenten", tuple(V(f.scenario(sc).break_even_year, "year") for sc in COLLABORATIONS))]
    rows += [(f"Omslagjaar, {m}", tuple(V(f.scenario(sc).break_even_by_municipality[m], "year") for sc in COLLABORATIONS))
             for m in MUNICIPALITIES]
    rows += [
        (f"Besparing {f.period} (% van de baseline)", tuple(V(f.scenario(sc).saving_pct, "pct", 2) for sc in COLLABORATIONS)),
        (f"Besparing {f.computed_period} (% van de baseline)",
         tuple(V(f.scenario(sc).saving_pct_computed, "pct", 2) for sc in COLLABORATIONS)),
        ("Investering", tuple(V(f.scenario(sc).investment, "eur") for sc in COLLABORATIONS)),
        (f"waarvan in {f.period}", tuple(V(f.scenario(sc).investment_in_period, "eur") for sc in COLLABORATIONS)),
        (f"waarvan na {f.extrapolated}", tuple(V(f.scenario(sc).investment_after_period, "eur") for sc in COLLABORATIONS)),
        (f"waarvan in {f.extrapolated + 1}-{f.horizon}, alleen meegeteld bij het omslagjaar",
         tuple(V(f.scenario(sc).investment_projected, "eur") for sc in COLLABORATIONS)),
        (f"waarvan na {f.horizon} of nooit, nergens meegeteld",
         tuple(V(f.scenario(sc).investment_uncounted, "eur") for sc in COLLABORATIONS)),
    ]
    return Table(f"Kerncijfers per samenwerkingsscenario (omslagjaar: tot en met {f.horizon}, besluit D7)", "Grootheid",
                 tuple(labels.SCENARIO[sc] for sc in COLLABORATIONS), tuple(rows))


def figure_names(tables) -> list:
    """The figures the tables mark (:attr:`bizcase.publish.blocks.V.figure`), each once, in order."""
    return list(dict.fromkeys(v.figure for t in tables for _, values in t.rows for v in values if v.figure))


def lineage_table(ch, names: list) -> Table:
    """Each marked figure's lineage: its name, definition, value and the inputs it depends on most
    (:mod:`bizcase.publish.provenance`, as the report's panel and `bizcase explain` give it)."""
    by_name = {p.name: p for p in provenance(ch.inputs)}
    rows = tuple((n, (text(by_name[n].definition), V(by_name[n].value, by_name[n].kind, by_name[n].decimals),
                      text(by_name[n].effects(LINEAGE_INPUTS)))) for n in names)
    return Table("Herkomst van de getallen: waar elk getal van afhangt (tussen haakjes de elasticiteit)", "Getal",
                 ("Omschrijving", "Waarde", f"Hangt het meest af van (de {LINEAGE_INPUTS} grootste)"), rows, words=True)


def workbook(ch) -> Workbook:
    """The values workbook of one edition (an openpyxl workbook; the build writes its bytes). Every
    figure the tables mark links to its row on the sheet :data:`LINEAGE_SHEET`."""
    wb = Workbook()
    wb.remove(wb.active)
    content = sheets(ch)
    names = figure_names([t for tables in content.values() for t in tables])
    lineage = lineage_table(ch, names)
    links = {n: i + 3 for i, n in enumerate(names)}  # under the table's caption and header
    for title, tables in {**content, LINEAGE_SHEET: [lineage]}.items():
        ws = wb.create_sheet(title)
        row = 1
        for table in tables:
            row = write_table(ws, table, row, links)
        ws.column_dimensions["A"].width = 44
        for letter in "BCDEFGHIJKLMNOPQRSTU":
            ws.column_dimensions[letter].width = 16
        ws.freeze_panes = "B3"
    return wb

