"""When things happen: price index, the harmonisation schedule's effect, and the one-off costs.

One-off costs (project, programme, transition, friction, the S3.0 investment) are dated relative
to the event they belong to (the ICT centre's start, the programme's start, the first year in
which harmonisation takes effect); an explicit year overrides (decision D3, D27). Every function
broadcasts over a leading *draws* axis; the year axis is the last one.
"""
from __future__ import annotations

import numpy as np

from bizcase.core.params import Params

ONE_OFF_CATEGORIES = ("project", "transition", "friction", "harmonisation_investment")


def col(x) -> np.ndarray:
    """A parameter as an array that broadcasts against the year axis."""
    return np.asarray(x, dtype=float)[..., None]


def index_factors(rate, base_year, years) -> np.ndarray:
    """Price index per year (share, 1 in ``base_year``) at a yearly ``rate`` (share)."""
    return (1.0 + col(rate)) ** (np.asarray(years) - col(base_year))


def step_lookup(table_years, table_values, years) -> np.ndarray:
    """Value of a yearly schedule at ``years``: 0 before its first year, last value after.

    ``table_values`` has the schedule's years on its last axis and may carry a leading draws
    axis; ``years`` (the query) broadcasts against it.
    """
    table_years = np.asarray(table_years)
    values = np.asarray(table_values, dtype=float)
    pos = np.searchsorted(table_years, np.asarray(years), side="right") - 1
    lead = np.broadcast_shapes(values.shape[:-1], pos.shape[:-1])
    values = np.broadcast_to(values, lead + values.shape[-1:])
    pos = np.broadcast_to(pos, lead + pos.shape[-1:])
    picked = np.take_along_axis(values, np.clip(pos, 0, None), axis=-1)
    return np.where(pos >= 0, picked, 0.0)


def harmonisation_effect(P: Params, years) -> np.ndarray:
    """Share of the application landscape whose harmonisation affects costs in each year: the
    schedule's share of the year ``lag`` years earlier (decision D4)."""
    H = P.harmonisation
    query = np.asarray(years) - col(H.lag)
    return step_lookup(H.years, H.shares, query)


def operating_effect(P: Params, years) -> np.ndarray:
    """The harmonised share taking effect per year, 0 before the ICT centre operates."""
    years = np.asarray(years)
    return harmonisation_effect(P, years) * (years >= col(P.centre.start_year))


def first_effect_year(P: Params) -> np.ndarray:
    """First year in which harmonisation affects costs: the schedule's first year with a share
    above 0 plus the lag, but not before the ICT centre operates (inf: never)."""
    H = P.harmonisation
    started = H.shares > 0
    first_start = np.where(started.any(axis=-1), H.years[np.argmax(started, axis=-1)], np.inf)
    return np.maximum(first_start + np.asarray(H.lag, dtype=float), np.asarray(P.centre.start_year, dtype=float))


def dated_table(items, anchor, years, first_year_share) -> np.ndarray:
    """One-off items of a table (rows with ``offset``, optional ``year`` and ``amount_eur``)
    per calendar year of ``years``, EUR.

    An item falls ``offset`` years after the event year ``anchor`` (a float or an array over
    draws), or in its explicit ``year``. The amounts of the table's first year are spent for
    ``first_year_share`` in that year and for the rest in the year after (decision D3).
    """
    years = np.asarray(years)
    anchor = np.asarray(anchor, dtype=float)
    groups: dict = {}  # item year (float or array) -> summed amount; items grouped by their date
    for r in items:
        key = ("year", r.year) if r.year is not None else ("offset", r.offset)
        groups[key] = groups.get(key, 0.0) + r.amount_eur
    if not groups:
        return np.zeros(np.shape(anchor) + years.shape)
    dated = [(np.full(anchor.shape, float(v)) if kind == "year" else anchor + v, amount)
             for (kind, v), amount in groups.items()]
    first = np.minimum.reduce([y for y, _ in dated])
    share = col(first_year_share)
    out = 0.0
    for y, amount in dated:
        slips = col(y == first)
        kept = np.where(slips, share, 1.0)
        out = out + amount * (kept * (years == col(y)) + (1.0 - kept) * (years == col(y) + 1))
    return out + np.zeros(np.broadcast_shapes(np.shape(share)[:-1], np.shape(anchor)) + years.shape)


def item_year(row, anchor) -> float:
    """The calendar year a one-off table item is listed for: its explicit ``year``, else the
    event's year ``anchor`` plus its ``offset`` (before the first-year slip of :func:`dated_table`)."""
    return float(row.year) if row.year is not None else float(anchor) + row.offset


def harmonisation_investment(P: Params, years) -> np.ndarray:
    """The S3.0 investment per year (EUR, before uplift): spread over the first three years in
    which harmonisation takes effect (decision D4), whichever calendar years those are."""
    H = P.harmonisation
    years = np.asarray(years)
    first = col(first_effect_year(P))
    y1, y2 = col(H.share_year1), col(H.share_year2)
    shares = y1 * (years == first) + y2 * (years == first + 1) + (1 - y1 - y2) * (years == first + 2)
    return col(H.investment) * shares


def one_off_costs(P: Params, years, s3: bool) -> dict:
    """Every one-off cost category of a collaboration scenario per calendar year (EUR),
    optimism-bias uplift included; ``years`` may run past the modelled period."""
    years = np.asarray(years)
    centre = P.centre
    start = centre.start_year
    uplift = 1 + col(P.optimism_bias)
    out = {
        "project": dated_table(centre.project_items, start, years, P.first_year_share),
        "transition": col(centre.transition.amount) * (years == col(centre.transition.when(start))),
        "friction": col(centre.friction.amount) * (years == col(centre.friction.when(start))),
        "harmonisation_investment": harmonisation_investment(P, years) if s3 else np.zeros(years.shape),
    }
    return {cat: uplift * v for cat, v in out.items()}


def one_off_inputs(P: Params, s3: bool) -> dict:
    """The one-off amounts as the inputs state them (EUR, uplift included): what every
    scenario must account for, in its years or after the horizon."""
    uplift = 1 + np.asarray(P.optimism_bias, dtype=float)
    centre = P.centre
    return {
        "project": uplift * sum(r.amount_eur for r in centre.project_items),
        "transition": uplift * np.asarray(centre.transition.amount, dtype=float),
        "friction": uplift * np.asarray(centre.friction.amount, dtype=float),
        "harmonisation_investment": uplift * np.asarray(P.harmonisation.investment, dtype=float) * s3,
    }
