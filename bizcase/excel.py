"""The workbook for consultants: the model's inputs and results as Excel sheets.

One sheet per group of tables, with readable headers, number formats and frozen header
rows. Every value is taken from the model's own functions, so the workbook says what the
report says. The file is written deterministically (fixed document dates and zip times).
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import numpy as np

from . import allocation, compare, metrics
from . import sensitivity as sa
from .inputs import MUNICIPALITIES, SCENARIOS
from .model import CATEGORIES, evaluate

FIXED_TIME = dt.datetime(2013, 1, 1, 0, 0, 0)
EUR = "#,##0"
SHARE = "0.00%"
HEADER_FILL = "DDEBF7"


def _sheet(wb, title: str, header: list[str], rows: list[list], formats: dict | None = None, widths=None):
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append([None if isinstance(v, float) and np.isnan(v) else v for v in row])
    for col, fmt in (formats or {}).items():
        for cell in ws[col][1:]:
            cell.number_format = fmt
    for i, width in enumerate(widths or [], start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width
    ws.freeze_panes = "B2"
    return ws


def _letters(start: int, n: int) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(i) for i in range(start, start + n)]


def workbook_rows(inputs) -> dict:
    """Sheet name -> (header, rows, formats, widths): the workbook's content as plain data."""
    result = evaluate(inputs)
    p = inputs.params
    years = [int(y) for y in result.years]
    ycols = _letters(3, len(years))
    sheets = {}

    reg = [[k, p.get(k), r.unit, r.description, r.source, r.status, r.reasoning,
            r.low, r.high] for k, r in inputs.register.items()]
    sheets["Aannames"] = (["id", "waarde", "eenheid", "omschrijving", "bron", "status", "redenering",
                           "laag", "hoog"], reg, {}, [34, 14, 12, 60, 40, 14, 60, 12, 12])

    base_rows = [[m, cat] + [float(v) for v in np.asarray(result.costs[(m, "baseline")][cat])]
                 for m in MUNICIPALITIES for cat in CATEGORIES]
    sheets["Baseline"] = (["gemeente", "categorie"] + [str(y) for y in years], base_rows,
                          {c: EUR for c in ycols}, [16, 26] + [12] * len(years))

    sc_rows = [[sc, cat] + [float(v) for v in np.asarray(result.combined[sc][cat])] for sc in SCENARIOS for cat in CATEGORIES]
    sheets["Scenarios"] = (["scenario", "categorie (beide gemeenten)"] + [str(y) for y in years], sc_rows,
                           {c: EUR for c in ycols}, [12, 28] + [12] * len(years))

    res_rows = [[m, sc] + [float(v) for v in np.asarray(result.total(m, sc))] for m in MUNICIPALITIES for sc in SCENARIOS]
    base = result.combined_total("baseline")
    for sc in ("s2", "s3"):
        d = metrics.difference(result.combined_total(sc), base)
        res_rows.append(["beide, verschil", sc] + [float(v) for v in d])
        res_rows.append(["beide, cumulatief", sc] + [float(v) for v in metrics.cumulative(d)])
    sheets["Resultaten"] = (["gemeente", "scenario"] + [str(y) for y in years], res_rows,
                            {c: EUR for c in ycols}, [20, 12] + [12] * len(years))

    s = metrics.summary(result)
    key_rows = []
    for sc in ("s2", "s3"):
        d = metrics.difference(result.combined_total(sc), base)
        cash = metrics.difference(metrics.cash_total(result, sc), metrics.cash_total(result, "baseline"))
        key_rows += [
            [sc, "break-even (jaar)", float(s["break_even_year"][sc])],
            [sc, "besparing 2013-2018 (% van baseline)", float(s["saving_pct_2013_2018"][sc]) / 100],
            [sc, "investering (EUR)", float(s["investment_eur"][sc])],
            [sc, f"waarvan in {years[0]}-{years[-1]} (EUR)", float(s["investment_in_period_eur"][sc])],
            [sc, f"waarvan na {years[-1]} (EUR)", float(s["investment_after_period_eur"][sc])],
            [sc, f"eenmalige kosten na {years[-1]}, buiten de totalen (EUR)",
             float(sum(np.asarray(v, float) for v in result.oneoff_after[sc].values()))],
            [sc, "cumulatief verschil 2013-2018 (EUR, lastenbasis)", float(metrics.cumulative(d)[-1])],
            [sc, "cumulatief verschil 2013-2018 (EUR, kasbasis)", float(metrics.cumulative(cash)[-1])],
            [sc, f"netto contante waarde verschil (EUR, {p['discount_rate']:.1%})",
             float(metrics.npv(d, result.years, p["discount_rate"], p["year_first"]))],
        ]
    sheets["Kerncijfers"] = (["scenario", "grootheid", "waarde"], key_rows, {"C": "#,##0.0000"}, [10, 50, 18])

    alloc_rows = []
    for key in allocation.KEYS:
        for sc in ("s2", "s3"):
            totals = allocation.municipal_totals(result, p, sc, key)
            for m in MUNICIPALITIES:
                d = totals[m] - result.total(m, "baseline")
                alloc_rows.append([key, sc, m, float(metrics.cumulative(d)[-1]),
                                   float(metrics.break_even_year(d, result.years))])
    sheets["Verdeelsleutels"] = (["sleutel", "scenario", "gemeente", "cumulatief verschil 2013-2018 (EUR)",
                                  "break-even (jaar)"], alloc_rows, {"D": EUR}, [14, 10, 16, 22, 14])

    from .reference import load_reference

    reference = load_reference(inputs.data_dir)
    cells = compare.cells(reference, result)
    val_rows = [[c.municipality, c.scenario, c.year, c.published_eur, c.rounded_eur, c.reproduced_eur, c.difference_eur,
                 "gelijk" if c.identical else ("binnen" if c.within_tolerance else "BUITEN")] for c in cells]
    val_rows += [[c.id, "", "", c.published, "", c.reproduced, "", "ja" if c.ok else "NEE"]
                 for c in compare.claims(inputs, reference, result)]
    sheets["Validatie"] = (["gemeente / uitspraak", "scenario", "jaar", "gepubliceerd", "herberekend (afgerond)",
                            "herberekend", "verschil", "oordeel"], val_rows,
                           {"D": "#,##0.00", "E": EUR, "F": "#,##0.00", "G": EUR}, [34, 10, 8, 14, 14, 14, 12, 10])

    tor_rows = [[r.id, r.low, r.high] + [r.at_low[o] for o in sa.OUTCOMES] + [r.at_high[o] for o in sa.OUTCOMES]
                for r in sa.tornado(inputs)]
    sheets["Gevoeligheid"] = (["id", "laag", "hoog"] + [f"{o} bij laag" for o in sa.OUTCOMES] +
                              [f"{o} bij hoog" for o in sa.OUTCOMES], tor_rows,
                              {c: EUR for c in ("D", "E", "H", "I")}, [34, 12, 12] + [16] * 8)
    sw_rows = [[x.id, x.conclusion, x.value, x.low, x.high, x.switching_value] for x in sa.switching_values(inputs)]
    sheets["Omslagwaarden"] = (["id", "conclusie", "waarde", "laag", "hoog", "omslagwaarde (leeg: geen binnen bereik)"],
                               sw_rows, {}, [34, 38, 12, 12, 12, 22])

    n, seed = int(p["montecarlo_draws"]), int(p["montecarlo_seed"])
    _, out = sa.monte_carlo(inputs, n, seed)
    summ = sa.summarise(out)
    mc_rows = [["instelling", "trekkingen", n], ["instelling", "seed", seed]]
    for sc in ("s2", "s3"):
        for y, v in summ[sc]["p_cheaper"].items():
            mc_rows.append([sc, f"kans cumulatief goedkoper dan baseline in {y}", v])
        for q, v in summ[sc]["cumulative_percentiles"].items():
            mc_rows.append([sc, f"P{q} cumulatief verschil 2013-2018 (EUR)", v])
        mc_rows.append([sc, "mediaan break-even (jaar)", summ[sc]["break_even_median"]])
        mc_rows.append([sc, "kans geen break-even", summ[sc]["p_no_break_even"]])
    sheets["Monte Carlo"] = (["scenario", "grootheid", "waarde"], mc_rows, {"C": "#,##0.0000"}, [12, 50, 18])
    return sheets


def write(inputs, path: Path) -> None:
    """Write the workbook to ``path`` (atomically, deterministic bytes)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, (header, rows, formats, widths) in workbook_rows(inputs).items():
        _sheet(wb, title, header, rows, formats, widths)
    wb.properties.creator = "bizcase"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    from .build import atomic_write

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
