"""Checks against statements of the source that the fit never saw: each a row (predicted, source, agrees, why).

The calibration targets the cells of par. 6.2 and three claims. The source says more about its own
figures: chapter 4 explains Haarlem's gap between budget and baseline, gives Haarlemmermeer's staff
and each baseline's growth in words, and the council letter says the investments are not recovered
within the business case's term. The source side of every check is a row of ``data/report_facts.csv``
(quoted with its place in the source); the predicted side comes from the model with the register's
values (the full fit). A check agrees when the two differ by at most half a unit of the source
figure's last stated digit ("circa 3 %" by 0.5 percentage point, "EUR 1.6 million" by EUR 50,000),
or, for a statement in words, when the model says the same.
"""
from __future__ import annotations

import numpy as np

from bizcase.core import metrics
from bizcase.core.model import evaluate


def half_step(value: float) -> float:
    """Half a unit of the last stated digit of a quoted figure: 1,600,000 -> 50,000; 59 -> 0.5; 2.5 -> 0.05."""
    v = abs(float(value))
    if v == 0:
        return 0.5
    if v.is_integer():
        digits = str(int(v))
        return 10 ** (len(digits) - len(digits.rstrip("0"))) / 2
    decimals = len(repr(v).split(".")[1])
    return 10 ** -decimals / 2


def _row(check: str, predicted: float, source: float, unit: str, fact_ids: list, why: str, from_targets: bool,
         **details) -> dict:
    """``from_targets``: whether the predicted side follows from figures the fit targets (then the row
    checks the source against itself, not the model)."""
    tolerance = half_step(source)
    return {"check": check, "follows_from_targets": from_targets, "predicted": round(float(predicted), 4), "source": float(source), "unit": unit,
            "tolerance": tolerance, "agrees": bool(abs(float(predicted) - float(source)) <= tolerance),
            "source_facts": fact_ids, "why": why, "details": details}


def _growth_pct(total, years, first: int, last: int) -> float:
    """Average yearly growth (compound, %) of ``total`` from ``first`` to ``last``."""
    i, j = years.index(first), years.index(last)
    return float((total[j] / total[i]) ** (1 / (last - first)) - 1) * 100


def source_checks(inputs) -> list[dict]:
    """The checks against the source, with the register's values (the full fit)."""
    f = {k: row.value for k, row in inputs.report_facts.items()}
    v = inputs.values
    result = evaluate(inputs)
    years = [int(y) for y in result.years]
    first, last = int(v["year_first"]), int(v["year_last"])
    rows = []

    # ch. 4: Haarlem's gap of EUR 1.6 million = 8 FTE in the line + EUR 0.3 million software + the FTE above the budget's
    fte_h = float(v["fte_baseline_haarlem"])
    in_line, budget_fte, overrun = f["haarlem_functional_management_in_line"], f["haarlem_budget_fte"], f["haarlem_software_overrun"]
    named_fte = in_line + (fte_h - budget_fte - in_line)
    cost = float(v["cost_per_fte"])
    gap = f["haarlem_gap_baseline_above_budget"]
    implied = (gap - overrun) / named_fte
    low, high = inputs.register["cost_per_fte"].low, inputs.register["cost_per_fte"].high
    rows.append(_row(
        "haarlem_gap", named_fte * cost + overrun, gap, "EUR",
        ["haarlem_gap_baseline_above_budget", "haarlem_functional_management_in_line", "haarlem_budget_fte",
         "haarlem_software_overrun"],
        f"the causes chapter 4 names ({named_fte:g} FTE and EUR {overrun:,.0f} of software) cost EUR "
        f"{named_fte * cost + overrun:,.0f} at the fitted cost per FTE (EUR {cost:,.0f}); the source's own figures imply "
        f"EUR {implied:,.0f} per FTE, {'inside' if low <= implied <= high else 'outside'} the plausible range "
        f"(EUR {low:,.0f} - {high:,.0f})",
        False, fte=named_fte, cost_per_fte=cost, implied_cost_per_fte=implied, low=low, high=high, overrun=overrun))

    # ch. 4: Haarlemmermeer's 59 FTE in the text against the table's total (the value the model uses)
    fte_hm = float(v["fte_baseline_haarlemmermeer"])
    rows.append(_row(
        "haarlemmermeer_fte", fte_hm, f["haarlemmermeer_fte_in_text"], "FTE", ["haarlemmermeer_fte_in_text"],
        f"the model uses the FTE table's total ({fte_hm:g}, read from the table, not fitted); the text's figure is it "
        "rounded to whole FTE" if abs(fte_hm - f["haarlemmermeer_fte_in_text"]) <= half_step(f["haarlemmermeer_fte_in_text"])
        else f"the model uses the FTE table's total ({fte_hm:g}); the text's figure is not that rounded",
        False, fte=fte_hm))

    # ch. 4: the baselines' growth in words
    growth = {m.name: result.total(m.name, "baseline") for m in inputs.params.municipalities}
    h_avg = _growth_pct(growth["Haarlem"], years, first, last)
    rows.append(_row(
        "haarlem_growth", h_avg, f["haarlem_growth_text_pct"], "percent", ["haarlem_growth_text_pct"],
        f"the model's baseline of Haarlem grows {h_avg:.1f} % a year on average over {first}-{last}; the baseline cells "
        "are fitted, so this compares the text with the published table as reproduced", True, first=first, last=last))
    rows.append(_row(
        "haarlem_growth_later", h_avg, f["haarlem_growth_after_first_year_text_pct"], "percent",
        ["haarlem_growth_after_first_year_text_pct"],
        f"the same average ({h_avg:.1f} % a year over {first}-{last}) against the text's second statement for the years "
        "after the first; fitted cells, as above", True, first=first, last=last))
    h_end = _growth_pct(growth["Haarlem"], years, last - 1, last)
    rows.append(_row(
        "haarlem_flattening", h_end, f["haarlem_growth_flattening_text_pct"], "percent",
        ["haarlem_growth_flattening_text_pct"],
        f"the model's baseline of Haarlem grows {h_end:.1f} % in {last} (the last year of the term); fitted cells, as above",
        True, first=last - 1, last=last))
    hm_avg = _growth_pct(growth["Haarlemmermeer"], years, first, last)
    rows.append(_row(
        "haarlemmermeer_growth", hm_avg, f["haarlemmermeer_growth_text_pct"], "percent", ["haarlemmermeer_growth_text_pct"],
        f"the model's baseline of Haarlemmermeer grows {hm_avg:.1f} % a year on average over {first}-{last}; fitted cells, "
        "as above", True, first=first, last=last))

    # the council letter: the investments are not recovered within the term
    lf, ll = int(f["council_letter_not_recovered_first_year"]), int(f["council_letter_not_recovered_last_year"])
    for sc in ("s2", "s3"):
        hy, d = metrics.horizon_difference(result, sc)
        hy = [int(y) for y in hy]
        cum = float(np.sum(d[hy.index(lf):hy.index(ll) + 1]))
        recovered_by = next((y for y, c in zip(hy[hy.index(lf):], np.cumsum(d[hy.index(lf):])) if c <= 0), None)
        rows.append({
            "check": f"not_recovered_{sc}", "follows_from_targets": True, "predicted": round(cum, 2), "source": None, "unit": "EUR",
            "tolerance": None, "agrees": cum > 0,
            "source_facts": ["council_letter_not_recovered_first_year", "council_letter_not_recovered_last_year"],
            "why": f"the model's cumulative difference to the baseline over {lf}-{ll} is EUR {cum:+,.0f} "
                   f"({'still a cost: not recovered' if cum > 0 else 'a saving: recovered'}); this follows from the "
                   "break-even claims the fit targets, so it is no independent evidence",
            "details": {"first": lf, "last": ll, "scenario": sc, "recovered_by": recovered_by}})
    return rows
