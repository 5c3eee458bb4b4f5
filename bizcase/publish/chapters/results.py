"""Chapter 6, Resultaten: the scenarios together and per municipality, differences, break-even."""
from __future__ import annotations

import numpy as np

from bizcase.analysis import bands as recon
from bizcase.analysis.lineage import CUMULATIVE_YEAR, DIFFERENCE, FigureName
from bizcase.core import metrics
from bizcase.core.schema import COLLABORATIONS, MUNICIPALITIES
from bizcase.core.timing import ONE_OFF_CATEGORIES
from bizcase.fit.compare import ROUNDING_EUR
from bizcase.publish import charts, labels
from bizcase.publish.blocks import Table, Text, V
from bizcase.publish.chapters.common import KEUR, rounding_note, scenario_table, year_columns
from bizcase.publish.formatting import number as fmt_count
from bizcase.publish.texts import paragraph

TEXTS = "06-resultaten"
SHOWN_AFTER_BREAK_EVEN = 2  # the cumulative chart runs this many years past S2.0's break-even ...
SHOWN_AFTER_EXTRAPOLATED = 4  # ... and at least this many past the extrapolated year


def combined(ch) -> list:
    """Table and chart of the three scenarios, both municipalities together."""
    f = ch.figures
    note = (f"* {f.extrapolated} is geëxtrapoleerd. Samenwerking 3.0 is gelijk aan 2.0 tot de harmonisatie begint. "
            + rounding_note(ch.inputs, ch.result, ROUNDING_EUR))
    return [scenario_table(ch.inputs, ch.result, "ICT-kosten per scenario, beide gemeenten samen (afgerond op € 50.000)",
                           note=note.strip()),
            charts.scenario_chart(ch.inputs, ch.result, "ICT-kosten per scenario, beide gemeenten samen",
                                  f"De drie scenario's {f.period}; {f.extrapolated} (gestreept, grijs vlak) is geëxtrapoleerd")]


def difference_table(ch) -> Table:
    """The yearly and cumulative difference of each collaboration scenario to the baseline."""
    rows = []
    years = [int(y) for y in ch.result.years]
    for sc in COLLABORATIONS:
        d = np.asarray(ch.figures.scenario(sc).difference)
        rows.append((f"{labels.SCENARIO[sc]}: verschil per jaar",
                     tuple(V(v, "keur", figure=FigureName(DIFFERENCE, sc, None, y).name) for y, v in zip(years, d))))
        rows.append((f"{labels.SCENARIO[sc]}: cumulatief",
                     tuple(V(v, "keur", figure=FigureName(CUMULATIVE_YEAR, sc, None, y).name)
                           for y, v in zip(years, metrics.cumulative(d)))))
    cols = year_columns(ch.result.years)
    return Table("Verschil met de baseline (positief: duurder dan de baseline)", KEUR, cols, tuple(rows),
                 italic_columns=(cols[-1],))


def differences(ch) -> Text:
    """Where the differences come from (6.1.1): the one-off hump of S2.0, the trend after it, and
    the second hump of S3.0."""
    f, result, P = ch.figures, ch.result, ch.inputs.params
    years = [int(y) for y in result.years]
    d2, d3 = np.asarray(f.s2.difference), np.asarray(f.s3.difference)
    one_off = sum(np.asarray(result.combined["s2"][c], float) for c in ONE_OFF_CATEGORIES)
    humps = [i for i in range(len(years)) if one_off[i] > 0]
    steady = [i for i in range(len(years) - 1) if not humps or i > max(humps)]  # computed years after the one-offs
    second = np.flatnonzero(d3 - d2 > 0)
    a, b = (-d2[steady[0]], -d2[steady[-1]]) if len(steady) >= 2 else (0.0, 0.0)
    return Text(paragraph(
        TEXTS, "differences", humps=[(years[i], d2[i]) for i in humps], steady=len(steady) >= 2, shrinks=b < a,
        from_year=years[steady[0]] if steady else None, to_year=years[steady[-1]] if steady else None,
        from_saving=float(metrics.round_to(a, 1000)), to_saving=float(metrics.round_to(b, 1000)),
        cheaper_after=bool(steady) and d2[steady[-1]] < 0, rate_centre=P.centre.interest_rate,
        rate_municipal=P.interest_rate_municipal, s3_hump_year=years[second[0]] if second.size else None))


def payback(ch) -> list:
    """The cumulative chart through the horizon and what it says about break-even and saving (6.1.2)."""
    f = ch.figures
    be2 = f.s2.break_even_year
    shown = int(min(f.horizon, max((be2 if np.isfinite(be2) else f.horizon) + SHOWN_AFTER_BREAK_EVEN,
                                   f.extrapolated + SHOWN_AFTER_EXTRAPOLATED)))
    chart = charts.cumulative_chart(ch.result, f, "Cumulatief verschil met de baseline",
                                    f"Cumulatief verschil met de baseline; na {f.extrapolated} (stippellijn) "
                                    "doorgetrokken zoals de tekst hieronder beschrijft (besluiten D7 en D31)", shown)
    return [chart, Text(paragraph(TEXTS, "payback", horizon=f.horizon, extrapolated=f.extrapolated, first=f.first,
                                  last=f.last_computed, s2=f.s2, s3=f.s3, baseline_total=f.baseline_total,
                                  period=f.period, computed_period=f.computed_period,
                                  projection=labels.PROJECTION_RULE))]


BAND_LABELS = {"break_even": "omslagjaar", "saving_pct": "besparing over de looptijd", "cumulative": "cumulatief verschil",
               "npv": "netto contante waarde van het verschil", "investment": "investering"}
BAND_STEP_EUR = 10_000  # the bands table's amounts, rounded (the bands differ in tens of thousands)


def _band_value(x: float, kind: str, figure: str | None = None) -> V:
    if kind == "break_even":
        return V(float("nan") if np.isinf(x) else x, "year", figure=figure)
    if kind == "saving_pct":
        return V(x, "pct", decimals=2, figure=figure)
    return V(x, "eur", step=BAND_STEP_EUR, figure=figure)


def band_rows(ch) -> tuple:
    """The rows of the bands table: per scenario each banded figure, its point and its band."""
    rows = []
    for key in recon.figure_keys():
        b = ch.bands.by_key[key]
        where = f"{key.municipality}" if key.municipality else ("beide gemeenten" if key.is_year else "")
        label = f"{labels.SCENARIO[key.scenario]}: {BAND_LABELS[key.kind]}" + (f", {where}" if where else "")
        name = FigureName(key.kind, key.scenario, key.municipality).name
        rows.append((label, (_band_value(b.point, key.kind, name),) + tuple(_band_value(x, key.kind) for x in (b.low, b.high))))
    return tuple(rows)


def reconstruction(ch) -> list:
    """6.1.3: the bands over the reconstructions that reproduce the published tables, and what a
    wide band follows."""
    b = ch.bands
    drivers = [labels.assumption(k) for k in b.driven_by_unidentified()]
    table = Table(f"Uitkomsten van dit model en hun bandbreedte over {fmt_count(b.members)} reconstructies "
                  "(5%-95%)", "Uitkomst", ("Dit model", "5%", "95%"), band_rows(ch), words=False,
                  note=f"Omslagjaar 'geen': niet binnen de horizon. Bedragen afgerond op € {fmt_count(BAND_STEP_EUR)}.")
    return [Text(paragraph(TEXTS, "reconstruction", members=b.members, drivers=drivers,
                           fixed=[labels.assumption(k) for k in b.fixed_by_overrides],
                           unidentified=[labels.assumption(k) for k in b.unidentified])), table]


def municipalities(ch) -> list:
    """6.2: the allocation key in words, then per municipality its scenario table and chart."""
    f = ch.figures
    blocks = [Text(paragraph(TEXTS, "allocation", share_haarlem=f.shares["Haarlem"],
                             share_haarlemmermeer=f.shares["Haarlemmermeer"], extrapolated=f.extrapolated))]
    note = (f"* {f.extrapolated} is geëxtrapoleerd. -: Samenwerking 3.0 is gelijk aan 2.0 tot de harmonisatie begint. "
            + rounding_note(ch.inputs, ch.result, ROUNDING_EUR)).strip()
    for m in MUNICIPALITIES:
        blocks.append(scenario_table(ch.inputs, ch.result, f"ICT-kosten per scenario, {m} (× € 1.000, afgerond op € 50.000)",
                                     municipality=m, note=note))
        blocks.append(charts.scenario_chart(ch.inputs, ch.result, f"ICT-kosten per scenario, {m}", f"Scenario's voor {m}",
                                            municipality=m))
    return blocks
