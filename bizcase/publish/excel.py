"""The workbook for consultants: the model's inputs and results as Excel sheets.

One sheet per group of tables, in Dutch, with the unit in every header ("2014 (€)"), a
number format per kind of value (whole euros '#,##0', shares stored as fractions '0.00%',
years as whole numbers '0') and frozen header rows. Every value is taken from the model's own functions, so the workbook says what the
report says. The file is written deterministically (fixed document dates and zip times).
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np

from bizcase.core import allocation
from bizcase.fit import compare
from bizcase.core import metrics
from bizcase.analysis import sensitivity as sa
from bizcase.core.inputs import MUNICIPALITIES, SCENARIOS
from bizcase.core.model import CATEGORIES
from bizcase.publish.report import CATEGORY_NAMES, SCENARIO_NAMES, label_nl

FIXED_TIME = dt.datetime(2013, 1, 1, 0, 0, 0)
EUR = "#,##0"
SHARE = "0.00%"
YEAR = "0"
HEADER_FILL = "DDEBF7"


class Cell(NamedTuple):
    """A value with its own number format (for columns that mix kinds: years, euros, shares)."""

    value: object
    format: str


# Dutch names of the register's units, statuses, allocation keys and conclusions
UNITS_NL = {"share": "aandeel", "year": "jaar", "lag_years": "jaren", "offset_years": "jaren t.o.v. gebeurtenis",
            "years": "jaren", "rate": "groei per jaar", "FTE": "fte", "inhabitants": "inwoners", "flag": "0/1",
            "count": "aantal", "factor": "factor", "EUR": "€", "EUR/FTE": "€/fte", "EUR/inhabitant": "€/inwoner"}
STATUS_NL = {"published": "gepubliceerd", "calibrated": "gekalibreerd", "read_from_tables": "afgelezen uit tabellen",
             "reconstructed": "gereconstrueerd", "assumed": "aangenomen"}
KEYS_NL = {"inhabitants": "inwoners", "fte": "fte", "usage": "gebruik"}
CONCLUSIONS_NL = {"s2_not_paid_back_in_period": "Samenwerking 2.0 verdient zich niet terug in de looptijd",
                  "s3_breaks_even_by_extrapolated_year": "Samenwerking 3.0 verdient zich terug uiterlijk in het laatste jaar"}


def unit_format(unit: str, value=None) -> str:
    """The number format of a register value of ``unit``."""
    if unit in ("year", "lag_years", "offset_years", "years", "flag", "count"):
        return YEAR
    if unit in ("share", "rate"):
        return "0.00###%"
    if unit in ("EUR", "EUR/FTE", "EUR/inhabitant", "inhabitants"):
        whole = value is None or (isinstance(value, (int, float)) and float(value).is_integer())
        return EUR if whole else "#,##0.00"
    if unit == "FTE":
        return "0.0"
    return "0.#####"


def _typed(value, fmt: str):
    """``value`` as it is written with ``fmt``: a whole number for years, None for NaN."""
    if value is None or isinstance(value, str):
        return value
    number = float(np.asarray(value))
    if np.isnan(number):
        return None
    if fmt == YEAR:
        return int(round(number))
    return int(value) if isinstance(value, (int, np.integer)) else number


def _year(value):
    return Cell(_typed(value, YEAR), YEAR)


def _sheet(wb, title: str, header: list[str], rows: list[list], formats: dict | None = None, widths=None):
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append([_typed(v.value, v.format) if isinstance(v, Cell) else
                   (None if isinstance(v, float) and np.isnan(v) else v) for v in row])
    for col, fmt in (formats or {}).items():
        for cell in ws[col][1:]:
            cell.number_format = fmt
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row, start=1):
            if isinstance(v, Cell):
                ws.cell(row=r, column=c).number_format = v.format
    for i, width in enumerate(widths or [], start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width
    ws.freeze_panes = "B2"
    return ws


def _letters(start: int, n: int) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(i) for i in range(start, start + n)]


def workbook_rows(inputs, artefact_files: dict | None = None) -> dict:
    """Sheet name -> (header, rows, formats, widths): the workbook's content as plain data.

    ``artefact_files``: kind -> path of the build's artefacts (model, sensitivity, montecarlo;
    :mod:`bizcase.build.artefacts`), each computed here when not given."""
    from bizcase.analysis import analyses
    from bizcase.build.steps import artefacts

    files = artefact_files or {}
    an = analyses.get(inputs, files.get("sensitivity"), files.get("montecarlo"))
    result = artefacts.model(inputs, files.get("model"))
    p = inputs.params
    years = [int(y) for y in result.years]
    ycols = _letters(3, len(years))
    sheets = {}

    reg = [[k, Cell(p.get(k), unit_format(r.unit, p.get(k))), UNITS_NL.get(r.unit, r.unit), r.description, r.source,
            STATUS_NL.get(r.status, r.status), r.reasoning, Cell(r.low, unit_format(r.unit, r.low)),
            Cell(r.high, unit_format(r.unit, r.high))] for k, r in inputs.register.items()]
    sheets["Aannames"] = (["Id", "Waarde", "Eenheid", "Omschrijving", "Bron", "Status", "Redenering",
                           "Laag", "Hoog"], reg, {}, [34, 14, 12, 60, 40, 16, 60, 12, 12])

    yheads = [f"{y} (€)" for y in years]
    yheads[-1] = f"{years[-1]}, geëxtrapoleerd (€)"
    base_rows = [[m, CATEGORY_NAMES[cat]] + [float(v) for v in np.asarray(result.costs[(m, "baseline")][cat])]
                 for m in MUNICIPALITIES for cat in CATEGORIES]
    sheets["Baseline"] = (["Gemeente", "Categorie"] + yheads, base_rows,
                          {c: EUR for c in ycols}, [16, 36] + [14] * len(years))

    sc_rows = [[SCENARIO_NAMES[sc], CATEGORY_NAMES[cat]] + [float(v) for v in np.asarray(result.combined[sc][cat])]
               for sc in SCENARIOS for cat in CATEGORIES]
    sheets["Scenario's"] = (["Scenario", "Categorie (beide gemeenten)"] + yheads, sc_rows,
                            {c: EUR for c in ycols}, [18, 36] + [14] * len(years))

    res_rows = [[m, SCENARIO_NAMES[sc]] + [float(v) for v in np.asarray(result.total(m, sc))]
                for m in MUNICIPALITIES for sc in SCENARIOS]
    base = result.combined_total("baseline")
    for sc in ("s2", "s3"):
        d = metrics.difference(result.combined_total(sc), base)
        res_rows.append(["Beide, verschil met baseline", SCENARIO_NAMES[sc]] + [float(v) for v in d])
        res_rows.append(["Beide, cumulatief verschil", SCENARIO_NAMES[sc]] + [float(v) for v in metrics.cumulative(d)])
    sheets["Resultaten"] = (["Gemeente", "Scenario"] + yheads, res_rows,
                            {c: EUR for c in ycols}, [28, 18] + [14] * len(years))

    s = metrics.summary(result)
    period = f"{years[0]}-{years[-1]}"
    key_rows = []
    for sc in ("s2", "s3"):
        d = metrics.difference(result.combined_total(sc), base)
        cash = metrics.difference(metrics.cash_total(result, sc), metrics.cash_total(result, "baseline"))
        name = SCENARIO_NAMES[sc]
        key_rows += [
            [name, "Break-even (jaar)", _year(s["break_even_year"][sc])],
            [name, f"Besparing {period} (aandeel van de baseline)", Cell(float(s["saving_pct_2013_2018"][sc]) / 100, SHARE)],
            [name, "Investering (€)", Cell(float(s["investment_eur"][sc]), EUR)],
            [name, f"waarvan in {period} (€)", Cell(float(s["investment_in_period_eur"][sc]), EUR)],
            [name, f"waarvan na {years[-1]} (€)", Cell(float(s["investment_after_period_eur"][sc]), EUR)],
            [name, f"Eenmalige kosten na {years[-1]}, buiten de totalen (€)",
             Cell(float(sum(np.asarray(v, float) for v in result.oneoff_after[sc].values())), EUR)],
            [name, f"Cumulatief verschil {period}, lastenbasis (€)", Cell(float(metrics.cumulative(d)[-1]), EUR)],
            [name, f"Cumulatief verschil {period}, kasbasis (€)", Cell(float(metrics.cumulative(cash)[-1]), EUR)],
            [name, f"Netto contante waarde van het verschil, {p['discount_rate']:.1%} (€)".replace(".", ","),
             Cell(float(metrics.npv(d, result.years, p["discount_rate"], p["year_first"])), EUR)],
        ]
    sheets["Kerncijfers"] = (["Scenario", "Grootheid", "Waarde"], key_rows, {}, [18, 56, 18])

    alloc_rows = []
    for key in allocation.KEYS:
        for sc in ("s2", "s3"):
            totals = allocation.municipal_totals(result, p, sc, key)
            for m in MUNICIPALITIES:
                d = totals[m] - result.total(m, "baseline")
                alloc_rows.append([KEYS_NL.get(key, key), SCENARIO_NAMES[sc], m, float(metrics.cumulative(d)[-1]),
                                   _year(metrics.break_even_year(d, result.years))])
    sheets["Verdeelsleutels"] = (["Verdeelsleutel", "Scenario", "Gemeente", f"Cumulatief verschil {period} (€)",
                                  "Break-even (jaar)"], alloc_rows, {"D": EUR}, [14, 18, 16, 24, 16])

    from bizcase.fit.reference import load_reference

    reference = load_reference(inputs.data_dir)
    cells = compare.cells(reference, result)
    val_rows = [[c.municipality, SCENARIO_NAMES.get(c.scenario, c.scenario), _year(c.year), c.published_eur,
                 c.rounded_eur, c.reproduced_eur, c.difference_eur,
                 "gelijk" if c.identical else ("binnen de marge" if c.within_tolerance else "BUITEN de marge")]
                for c in cells]
    sheets["Validatie"] = (["Gemeente", "Scenario", "Jaar", "Gepubliceerd (€)", "Herberekend, afgerond (€)",
                            "Herberekend (€)", "Verschil (€)", "Oordeel"], val_rows,
                           {"D": EUR, "E": EUR, "F": EUR, "G": EUR}, [16, 18, 8, 16, 16, 16, 14, 16])

    def claim_cell(cid: str, value):
        if "year" in cid:
            return _year(value)
        if "pct" in cid:
            return Cell(float(value) / 100, SHARE)
        if "eur" in cid:
            return Cell(float(value), EUR)
        return Cell(float(value), "#,##0.0")

    claim_rows = [[c.id, c.description, claim_cell(c.id, c.published), claim_cell(c.id, c.reproduced),
                   "ja" if c.ok else "NEE"] for c in compare.claims(inputs, reference, result)]
    sheets["Uitspraken"] = (["Id", "Uitspraak", "Gepubliceerd", "Herberekend", "Klopt"], claim_rows, {},
                            [30, 60, 16, 16, 8])

    outcomes = {"cumulative_s2": f"Cumulatief verschil 2.0 {period}", "cumulative_s3": f"Cumulatief verschil 3.0 {period}",
                "break_even_s2": "Break-even 2.0", "break_even_s3": "Break-even 3.0"}

    def outcome_cell(o: str, value):
        return _year(value) if o.startswith("break_even") else Cell(float(value), EUR)

    def outcome_head(o: str, at: str) -> str:
        return f"{outcomes.get(o, o)} bij {at} ({'jaar' if o.startswith('break_even') else '€'})"

    unit = {k: r.unit for k, r in inputs.register.items()}
    tor_rows = [[r.id, label_nl(r.id), Cell(r.low, unit_format(unit.get(r.id, ""), r.low)),
                 Cell(r.high, unit_format(unit.get(r.id, ""), r.high))]
                + [outcome_cell(o, r.at_low[o]) for o in sa.OUTCOMES] + [outcome_cell(o, r.at_high[o]) for o in sa.OUTCOMES]
                for r in an.tornado]
    sheets["Gevoeligheid"] = (["Id", "Aanname", "Laag", "Hoog"] + [outcome_head(o, "laag") for o in sa.OUTCOMES] +
                              [outcome_head(o, "hoog") for o in sa.OUTCOMES], tor_rows,
                              {}, [34, 36, 12, 12] + [18] * 8)

    def reg_cell(aid: str, value):
        return Cell(value, unit_format(unit.get(aid, ""), value))

    sw_rows = [[x.id, label_nl(x.id), CONCLUSIONS_NL.get(x.conclusion, x.conclusion), reg_cell(x.id, x.value),
                reg_cell(x.id, x.low), reg_cell(x.id, x.high), reg_cell(x.id, x.switching_value)]
               for x in an.switching_values]
    sheets["Omslagwaarden"] = (["Id", "Aanname", "Conclusie", "Waarde", "Laag", "Hoog",
                                "Omslagwaarde (leeg: geen binnen het bereik)"],
                               sw_rows, {}, [34, 36, 50, 12, 12, 12, 24])

    n, seed = an.draws, an.seed
    summ = an.montecarlo
    mc_rows = [["Instelling", "Aantal trekkingen", Cell(n, EUR)], ["Instelling", "Seed", Cell(seed, YEAR)]]
    for sc in ("s2", "s3"):
        name = SCENARIO_NAMES[sc]
        for y, v in summ[sc]["p_cheaper"].items():
            mc_rows.append([name, f"Kans cumulatief goedkoper dan de baseline in {int(y)}", Cell(v, SHARE)])
        for q, v in summ[sc]["cumulative_percentiles"].items():
            mc_rows.append([name, f"P{q} cumulatief verschil {period} (€)", Cell(v, EUR)])
        mc_rows.append([name, "Mediaan break-even (jaar)", _year(summ[sc]["break_even_median"])])
        mc_rows.append([name, "Kans op geen break-even", Cell(summ[sc]["p_no_break_even"], SHARE)])
    sheets["Monte Carlo"] = (["Scenario", "Grootheid", "Waarde"], mc_rows, {}, [18, 56, 18])
    return sheets


def write(inputs, path: Path, artefact_files: dict | None = None) -> None:
    """Write the workbook to ``path`` (atomically, deterministic bytes)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, (header, rows, formats, widths) in workbook_rows(inputs, artefact_files).items():
        _sheet(wb, title, header, rows, formats, widths)
    wb.properties.creator = "bizcase"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    from bizcase.build.steps.steps import atomic_write

    atomic_write(path, _normalised_zip(buf.getvalue()))


def _normalised_zip(data: bytes) -> bytes:
    """The same zip with fixed entry times and document dates (openpyxl stamps 'now')."""
    import re

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
                content = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp.encode() + rb"\g<3>",
                                 content)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, content)
    return out.getvalue()
