"""Tables more than one chapter shows: costs per scenario or per category, per year."""
from __future__ import annotations

import numpy as np

from bizcase.analysis.lineage import COST, TOTAL, FigureName
from bizcase.core import metrics
from bizcase.core.model import CATEGORIES
from bizcase.core.schema import MUNICIPALITIES, SCENARIOS
from bizcase.fit.compare import ROUNDING_EUR
from bizcase.publish import labels
from bizcase.publish.blocks import Table, V
from bizcase.publish.charts import s3_first_year
from bizcase.publish.formatting import number

KEUR = "× € 1.000"


def year_columns(years, extrapolated_label: bool = True) -> tuple:
    """The year headers; the extrapolated last year marked with '*'."""
    cols = [str(int(y)) for y in years]
    if extrapolated_label:
        cols[-1] = f"{cols[-1]}*"
    return tuple(cols)


def series(result, municipality, scenario: str) -> np.ndarray:
    """Yearly costs of a scenario: one municipality's, or both together (None)."""
    return np.asarray(result.combined_total(scenario) if municipality is None else result.total(municipality, scenario),
                      float)


def rounding_mismatches(inputs, result, step: float) -> int:
    """How many cells of the combined scenario table differ from the sum of the two municipal
    tables when each is rounded to ``step`` on its own (EUR)."""
    shown_s3 = result.years >= s3_first_year(inputs, result.years)
    n = 0
    for sc in SCENARIOS:
        whole = metrics.round_to(series(result, None, sc), step)
        parts = sum(metrics.round_to(series(result, m, sc), step) for m in MUNICIPALITIES)
        differ = ~np.isclose(whole, parts)
        n += int(np.sum(differ & shown_s3)) if sc == "s3" else int(np.sum(differ))
    return n


def rounding_note(inputs, result, step: float) -> str:
    """The note a rounded table needs when its totals are not the sums of the rounded parts."""
    n = rounding_mismatches(inputs, result, step)
    if not n:
        return ""
    return (f"Elke tabel is afzonderlijk afgerond op {number(step)} euro; daardoor is in {n} cellen het totaal van beide "
            "gemeenten niet precies de som van de afgeronde bedragen per gemeente.")


def scenario_table(inputs, result, caption: str, municipality=None, step=ROUNDING_EUR, note: str = "") -> Table:
    """Costs per scenario and year in thousands of euros (one municipality, or both when None),
    rounded to ``step``; Samenwerking 3.0 shown from the first harmonisation year, as the report does."""
    start = s3_first_year(inputs, result.years)
    rows = []
    for sc in SCENARIOS:
        values = series(result, municipality, sc)
        rows.append((labels.SCENARIO[sc], tuple(V(None) if sc == "s3" and y < start else
                                              V(v, "keur", step=step, figure=FigureName(TOTAL, sc, municipality, int(y)).name)
                                              for y, v in zip(result.years, values))))
    cols = year_columns(result.years)
    return Table(caption, KEUR, cols, tuple(rows), note, italic_columns=(cols[-1],))


def row_rounding_note(rows: list, total) -> str:
    """The note a category table needs when its rounded total differs from the sum of its rounded rows."""
    if np.array_equal(sum(np.round(np.asarray(r, float) / 1000) for r in rows), np.round(np.asarray(total) / 1000)):
        return ""
    return "Door afronding op hele duizenden kan een totaal 1 of 2 afwijken van de som van de regels."


def category_table(result, caption: str, municipality, scenario: str, note: str = "") -> Table:
    """Costs per category and year in thousands of euros, with the total (categories without
    costs left out)."""
    costs = result.combined[scenario] if municipality is None else result.costs[(municipality, scenario)]
    shown = [c for c in CATEGORIES if not np.allclose(np.asarray(costs[c], float), 0)]
    total = sum(np.asarray(costs[c], float) for c in CATEGORIES)
    years = [int(y) for y in result.years]
    rows = [(labels.CATEGORY[c], tuple(V(v, "keur", figure=FigureName(COST, scenario, municipality, y, c).name)
                                       for y, v in zip(years, np.asarray(costs[c], float)))) for c in shown]
    rows.append(("Totaal", tuple(V(v, "keur", figure=FigureName(TOTAL, scenario, municipality, y).name)
                                 for y, v in zip(years, total))))
    note = " ".join(t for t in (note, row_rounding_note([costs[c] for c in shown], total)) if t)
    cols = year_columns(result.years)
    return Table(caption, KEUR, cols, tuple(rows), note, italic_columns=(cols[-1],))
