"""Results of the business case: differences to baseline, break-even, % saving, investments.

All functions take the combined (both municipalities) yearly totals in EUR with years on
the last axis and broadcast over any leading draws axis.
"""
from __future__ import annotations

import numpy as np

# How far beyond the extrapolated year a break-even is looked for (years). A structural
# search limit, not an assumption of the report: beyond it we report "no break-even".
BREAK_EVEN_SEARCH_YEARS = 50


def difference(scenario_total, baseline_total) -> np.ndarray:
    """Yearly difference scenario minus baseline (EUR; negative is a saving)."""
    return np.asarray(scenario_total, float) - np.asarray(baseline_total, float)


def cumulative(diff) -> np.ndarray:
    """Cumulative difference to baseline from the first year (EUR)."""
    return np.cumsum(np.asarray(diff, float), axis=-1)


def break_even_year(diff, years) -> np.ndarray:
    """First year whose end-of-year cumulative difference to baseline is at most 0.

    Convention (decision D7, the report's 'all other factors equal'): after the last
    year of ``years`` the yearly difference stays at its last value. Returns a float
    array (a year, or NaN when the cumulative difference never reaches 0).
    """
    diff = np.asarray(diff, float)
    years = np.asarray(years)
    cum = cumulative(diff)
    extra = np.arange(1, BREAK_EVEN_SEARCH_YEARS + 1)
    cum_after = cum[..., -1:] + diff[..., -1:] * extra
    all_cum = np.concatenate([cum, cum_after], axis=-1)
    all_years = np.concatenate([years, years[-1] + extra])
    reached = all_cum <= 0
    first = np.argmax(reached, axis=-1)
    return np.where(reached.any(axis=-1), all_years[first], np.nan)


def saving_pct(diff, baseline_total) -> np.ndarray:
    """Saving over the whole period as a percentage of the baseline's total costs (D8)."""
    return -np.sum(diff, axis=-1) / np.sum(np.asarray(baseline_total, float), axis=-1) * 100.0


def round_to(value, step):
    """Round half up to a multiple of ``step`` (the report rounds to EUR 50,000)."""
    return np.floor(np.asarray(value, float) / step + 0.5) * step


def summary(result) -> dict:
    """Headline figures of one evaluation (scalars or arrays over draws)."""
    base = result.combined_total("baseline")
    out = {"break_even_year": {}, "saving_pct_2013_2018": {}, "investment_eur": {},
           "cumulative_difference_eur": {}}
    for sc in ("s2", "s3"):
        d = difference(result.combined_total(sc), base)
        out["break_even_year"][sc] = break_even_year(d, result.years)
        out["saving_pct_2013_2018"][sc] = saving_pct(d, base)
        out["investment_eur"][sc] = result.investment_eur[sc]
        out["cumulative_difference_eur"][sc] = cumulative(d)[..., -1]
    return out


def cumulative_at(diff, years, year) -> np.ndarray:
    """Cumulative difference at the end of ``year`` (EUR); beyond the last year the last
    year's difference repeats (the break-even convention, D7)."""
    diff = np.asarray(diff, float)
    years = np.asarray(years)
    cum = cumulative(diff)
    if year <= years[-1]:
        return cum[..., int(np.searchsorted(years, year))]
    return cum[..., -1] + diff[..., -1] * (year - years[-1])


def npv(diff, years, rate, base_year) -> np.ndarray:
    """Net present value (EUR, value in ``base_year``) of yearly amounts ``diff``.

    Year ``t`` is discounted by ``(1 + rate) ** (t - base_year)``: the base year itself is
    not discounted (decision D21). ``rate`` is a share per year and may vary over draws.
    """
    years = np.asarray(years)
    factors = (1.0 + np.asarray(rate, float)[..., None]) ** -(years - np.asarray(base_year)[..., None])
    return np.sum(np.asarray(diff, float) * factors, axis=-1)


def cash_total(result, scenario: str) -> np.ndarray:
    """Combined yearly costs on a cash basis (EUR): renewal investments counted when paid
    instead of as capital charges. One-off costs are already counted when spent."""
    total = result.combined_total(scenario)
    return total - result.combined[scenario]["renewal_capital_charges"] + result.renewal_outlays[scenario]
