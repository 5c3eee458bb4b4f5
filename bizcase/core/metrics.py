"""Results of the business case: differences to baseline, break-even, % saving, investments.

All functions take the combined (both municipalities) yearly totals in EUR with years on
the last axis and broadcast over any leading draws axis.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bizcase.core import allocation
from bizcase.core.model import RUNNING_CATEGORIES
from bizcase.core.schema import COLLABORATIONS, MUNICIPALITIES


# The break-even projection in one phrase (decisions D7, D31), for the command line and the comparison.
PROJECTION_RULE = ("after the extrapolated year the running costs keep its level, a running cost that starts or ends "
                   "later doing so in its own year, and one-off costs fall in their own years")


def difference(scenario_total, baseline_total) -> np.ndarray:
    """Yearly difference scenario minus baseline (EUR; negative is a saving)."""
    return np.asarray(scenario_total, float) - np.asarray(baseline_total, float)


def cumulative(diff) -> np.ndarray:
    """Cumulative difference to baseline from the first year (EUR)."""
    return np.cumsum(np.asarray(diff, float), axis=-1)


def break_even_year(diff, years) -> np.ndarray:
    """First year from which the cumulative difference stays at or below 0 through the last
    of ``years`` (decision D7); NaN when the cumulative difference ends above 0.

    ``diff`` is the yearly difference over ``years`` (last axis), which should run through the
    projection horizon (see :func:`horizon_difference`). Returns a float array.
    """
    cum = cumulative(diff)
    years = np.asarray(years)
    above = cum > 0
    n = above.shape[-1]
    last_above = n - 1 - np.argmax(above[..., ::-1], axis=-1)  # index of the last year above 0
    first_ok = np.where(above.any(axis=-1), last_above + 1, 0)
    return np.where(first_ok < n, years[np.minimum(first_ok, n - 1)], np.nan)


def horizon_difference(result, scenario: str) -> tuple[np.ndarray, np.ndarray]:
    """Years and yearly difference to baseline (EUR) of a collaboration scenario from the first
    modelled year through the projection horizon: the modelled years, then each projection year's
    difference (:attr:`bizcase.core.model.Result.projected_difference`: the running costs at the
    extrapolated year's levels with what starts or stops later in its own year, plus the one-offs
    that fall in that year; decision D31)."""
    d = difference(result.combined_total(scenario), result.combined_total("baseline"))
    later = np.asarray(result.projected_difference[scenario], float)
    shape = np.broadcast_shapes(d.shape[:-1], later.shape[:-1])
    d = np.concatenate([np.broadcast_to(d, shape + d.shape[-1:]), np.broadcast_to(later, shape + later.shape[-1:])],
                       axis=-1)
    return np.concatenate([result.years, result.projection_years]), d


def municipal_horizon_difference(result, P, scenario: str, key: str = "inhabitants") -> tuple[np.ndarray, dict]:
    """Years and each municipality's yearly difference to its own baseline (EUR) through the
    projection horizon under allocation ``key``, by the headline convention (D7): the modelled
    years, then each projection year's running difference (the key's shares of the extrapolated
    year) plus the one-offs of that year, split by the key's share of one-off costs. Summed over
    the municipalities it is :func:`horizon_difference` for every key."""
    shares = allocation.category_shares(result, P, key)
    oneoff = allocation.one_off_share(P, result, key)
    later = sum(np.asarray(v, float) for v in result.projected_oneoffs[scenario].values())
    out = {}
    for m in MUNICIPALITIES:
        modelled = sum(shares[m][c] * np.asarray(v, float) for c, v in result.combined[scenario].items()) \
            - result.total(m, "baseline")
        running = sum(shares[m][c][..., -1:] * result.projected_combined[scenario][c]
                      - result.projected_baseline[m][c] for c in RUNNING_CATEGORIES)
        projected = running + np.asarray(oneoff[m], float)[..., None] * later
        shape = np.broadcast_shapes(modelled.shape[:-1], projected.shape[:-1])
        out[m] = np.concatenate([np.broadcast_to(modelled, shape + modelled.shape[-1:]),
                                 np.broadcast_to(projected, shape + projected.shape[-1:])], axis=-1)
    return np.concatenate([result.years, result.projection_years]), out


def payback_years(break_even, start_year) -> np.ndarray:
    """Years from the ICT centre's start up to and including the break-even year (NaN: none)."""
    return np.asarray(break_even, float) - np.asarray(start_year, float) + 1


def saving_pct(diff, baseline_total) -> np.ndarray:
    """Saving over the whole period as a percentage of the baseline's total costs (D8)."""
    return -np.sum(diff, axis=-1) / np.sum(np.asarray(baseline_total, float), axis=-1) * 100.0


def round_to(value, step):
    """Round half up to a multiple of ``step`` (the report rounds to EUR 50,000)."""
    return np.floor(np.asarray(value, float) / step + 0.5) * step


@dataclass(frozen=True)
class Summary:
    """Headline figures of one collaboration scenario (scalars, or arrays over draws).

    ``investment`` is the report's investment (D17): ``investment_in_period`` of it is in the
    modelled years' totals, ``investment_after_period`` falls after them: ``investment_projected``
    in the projection years (counted in the break-even year), ``investment_uncounted`` after the
    horizon or never (counted nowhere). ``saving_pct`` and
    ``cumulative_difference`` are over the modelled years (computed plus extrapolated);
    ``break_even_year`` follows D7 through the projection horizon (NaN: none).
    """

    break_even_year: np.ndarray
    saving_pct: np.ndarray
    investment: np.ndarray
    investment_in_period: np.ndarray
    investment_after_period: np.ndarray
    investment_projected: np.ndarray
    investment_uncounted: np.ndarray
    cumulative_difference: np.ndarray


def summary(result) -> dict:
    """Scenario ('s2', 's3') -> :class:`Summary` of one evaluation."""
    base = result.combined_total("baseline")
    investment = result.investment_eur
    out = {}
    for sc in COLLABORATIONS:
        d = difference(result.combined_total(sc), base)
        years, through_horizon = horizon_difference(result, sc)
        after = result.investment_after(sc)
        out[sc] = Summary(break_even_year=break_even_year(through_horizon, years), saving_pct=saving_pct(d, base),
                          investment=investment[sc], investment_in_period=investment[sc] - after,
                          investment_after_period=after, investment_projected=result.investment_projected(sc),
                          investment_uncounted=result.investment_uncounted(sc),
                          cumulative_difference=cumulative(d)[..., -1])
    return out


def cumulative_at(result, scenario: str, year: int) -> np.ndarray:
    """Cumulative difference to baseline at the end of ``year`` (EUR), through the projection
    horizon (the break-even convention, D7)."""
    years, d = horizon_difference(result, scenario)
    if not years[0] <= year <= years[-1]:
        raise ValueError(f"year {year} outside {years[0]}-{years[-1]}")
    return cumulative(d)[..., int(np.searchsorted(years, year))]


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
