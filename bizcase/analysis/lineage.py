"""Lineage of the figures a reader sees: which register ids each depends on, and how strongly.

A figure (:class:`FigureName`) is a headline figure of the figure layer (break-even years, %
saving, cumulative difference, NPV, investment: :func:`bizcase.analysis.bands.headline_arrays`) or
one cell of the report's yearly tables (a scenario's costs per municipality and year, a
collaboration scenario's yearly difference with the baseline, its cumulative difference through
the projection horizon). :func:`lineage` finds what each depends on with the model itself: one
vectorised evaluation in which every settable register id is moved a little, one row each
(:func:`bizcase.analysis.sensitivity.one_at_a_time`), plus one scalar run for each of the ids that
set the period (:data:`STRUCTURAL`, which change the arrays' shape). Nothing is kept by hand.

A break-even year moves only in whole years, so a small step never shows what it depends on. Its
lineage is measured on the amount that decides it (:func:`decisive`): the cumulative difference in
the break-even year itself (at the end of the horizon when there is none).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from bizcase.analysis import bands
from bizcase.analysis.sensitivity import WHOLE_UNITS, one_at_a_time
from bizcase.core import metrics, schema
from bizcase.core.model import CATEGORIES, run
from bizcase.core.schema import COLLABORATIONS, MUNICIPALITIES, SCENARIOS

STRUCTURAL = ("year_first", "year_last", "break_even_projection_years")  # ids that set the years: run one by one
REL_STEP = 1e-3  # a continuous value moves by this share of itself (of its plausible range when it is 0)
FLAG_UNIT = "flag"
MOVES = 1e-8  # relative: a figure moves when it changes by more than this share of itself (rounding noise stays below)
MOVES_FLOOR = 1e-9  # and by more than this (a figure at 0)
TOTAL, DIFFERENCE, CUMULATIVE_YEAR, COST = "total", "difference", "cumulative_year", "cost"


@dataclass(frozen=True)
class FigureName:
    """One printed figure: its kind (a headline kind of :mod:`bizcase.analysis.bands`, or
    :data:`TOTAL`, :data:`DIFFERENCE`, :data:`CUMULATIVE_YEAR`, :data:`COST` of one category),
    scenario, municipality (None: both together), cost category and year (None: over the period)."""

    kind: str
    scenario: str
    municipality: Optional[str] = None
    year: Optional[int] = None
    category: Optional[str] = None

    @property
    def name(self) -> str:
        """The stable name: 'break_even/s2', 'break_even/s2/Haarlem', 'total/s3/Haarlem/2015',
        'cost/baseline/Haarlem/personnel/2015'."""
        parts = (self.kind, self.scenario, self.municipality, self.category, self.year)
        return "/".join(str(p) for p in parts if p is not None)

    @property
    def is_year(self) -> bool:
        return self.kind == bands.YEARS


def parse(name: str) -> FigureName:
    """The figure of a stable name (:attr:`FigureName.name`); ValueError for a name no figure has."""
    parts = name.split("/")
    kind, rest = parts[0], parts[1:]
    municipality = next((p for p in rest[1:] if p in MUNICIPALITIES), None)
    year = next((int(p) for p in rest[1:] if p.isdigit()), None)
    category = next((p for p in rest[1:] if p in CATEGORIES), None)
    figure = FigureName(kind, rest[0] if rest else "", municipality, year, category)
    known = kind in bands.KINDS + (TOTAL, DIFFERENCE, CUMULATIVE_YEAR, COST) and figure.scenario in SCENARIOS
    if not known or figure.name != name:
        raise ValueError(f"no figure is named {name!r}")
    return figure


def figure_arrays(inputs, params: Optional[dict] = None) -> dict:
    """Every figure (:class:`FigureName`) per parameter row."""
    out = {FigureName(k.kind, k.scenario, k.municipality): v for k, v in bands.headline_arrays(inputs, params).items()}
    P = inputs.with_values(params)
    result = run(P)
    years = [int(y) for y in result.years]
    for sc in SCENARIOS:
        for m in MUNICIPALITIES + (None,):
            total = np.asarray(result.total(m, sc) if m else result.combined_total(sc), float)
            out[FigureName(TOTAL, sc, m)] = total.sum(axis=-1)  # over the modelled years
            for i, y in enumerate(years):
                out[FigureName(TOTAL, sc, m, y)] = total[..., i]
            costs = result.costs[(m, sc)] if m else result.combined[sc]
            for c in CATEGORIES:
                for i, y in enumerate(years):
                    out[FigureName(COST, sc, m, y, c)] = np.asarray(costs[c], float)[..., i]
    for sc in COLLABORATIONS:
        horizon, d = metrics.horizon_difference(result, sc)
        _, by_m = metrics.municipal_horizon_difference(result, P, sc)
        cum = metrics.cumulative(d)
        for i, y in enumerate(int(v) for v in horizon):
            if i < len(years):
                out[FigureName(DIFFERENCE, sc, None, y)] = d[..., i]
                for m in MUNICIPALITIES:
                    out[FigureName(DIFFERENCE, sc, m, y)] = np.asarray(by_m[m], float)[..., i]
            out[FigureName(CUMULATIVE_YEAR, sc, None, y)] = cum[..., i]
        for m in MUNICIPALITIES:  # each municipality's cumulative difference over the modelled years
            out[FigureName("cumulative", sc, m)] = np.asarray(by_m[m], float)[..., :len(years)].sum(axis=-1)
        for m in MUNICIPALITIES:  # the amounts that decide each municipality's break-even year
            for i, y in enumerate(int(v) for v in horizon):
                out[FigureName(CUMULATIVE_YEAR, sc, m, y)] = metrics.cumulative(by_m[m])[..., i]
    shape = np.broadcast_shapes(*(np.shape(v) for v in out.values()), *(np.shape(v) for v in (params or {}).values()))
    return {k: np.broadcast_to(np.asarray(v, float), shape) for k, v in out.items()}


def decisive(figure: FigureName, values: dict) -> FigureName:
    """The figure whose changes a figure's lineage is measured on: itself, or for a break-even
    year the cumulative difference in that year (in the horizon's last year when there is none)."""
    if not figure.is_year:
        return figure
    year = float(np.asarray(values[figure]).reshape(-1)[0])
    last = max(k.year for k in values if k.kind == CUMULATIVE_YEAR and k.scenario == figure.scenario)
    return FigureName(CUMULATIVE_YEAR, figure.scenario, figure.municipality, last if np.isnan(year) else int(year))


@dataclass(frozen=True)
class Effect:
    """What moving one register id does to a figure: ``step`` (the id's change), ``change`` (the
    figure's), and the elasticity (relative change over relative change) for a continuous value
    that is not 0; None for a whole-number value (a year, an offset, a flag), measured by a step of 1."""

    id: str
    step: float
    change: float
    elasticity: Optional[float]


@dataclass(frozen=True)
class Lineage:
    """One figure: its value, the figure its changes are measured on, and every id that moves it
    (by |elasticity|, then the whole-number ids by |change|)."""

    figure: FigureName
    value: float
    measured_on: FigureName
    effects: tuple


def steps(inputs) -> dict:
    """Each settable register id (structural ones included) -> its perturbed value."""
    out = {}
    for k, row in inputs.register.items():
        if k not in inputs.values or schema.not_settable(k):
            continue
        x = float(inputs.values[k])
        if row.unit == FLAG_UNIT:
            out[k] = 1.0 - x
        elif row.unit in WHOLE_UNITS:
            out[k] = x + 1.0
        else:
            scale = abs(x) if x else (float(row.high) - float(row.low) if row.low is not None and row.high is not None
                                      and row.high > row.low else 1.0)
            out[k] = x + REL_STEP * scale
    return out


def _elasticity(base_value: float, change: float, x: float, step: float, whole: bool) -> Optional[float]:
    if whole or x == 0 or base_value == 0 or not np.isfinite(change):
        return None
    return float((change / base_value) / (step / x))


def lineage(inputs) -> dict:
    """:class:`Lineage` of every figure (by :class:`FigureName`): the base run is the first row of
    one vectorised evaluation whose other rows each move one settable id (:func:`steps`); the ids
    that set the period are run one by one."""
    moved = steps(inputs)
    batch = [k for k in moved if k not in STRUCTURAL]
    # the first id's block holds the base row (its own value) before its moved row
    first = float(inputs.values[batch[0]])
    params, offsets = one_at_a_time(inputs, batch, [np.array([first, moved[batch[0]]])]
                                    + [np.array([moved[k]]) for k in batch[1:]])
    arrays = figure_arrays(inputs, params)
    base = arrays_row(arrays, 0)
    rows = {k: arrays_row(arrays, int(offsets[i + 1]) - 1) for i, k in enumerate(batch)}
    for k in STRUCTURAL:
        if k in moved:
            one = figure_arrays(inputs, {k: moved[k]})
            rows[k] = {f: float(np.asarray(v).reshape(-1)[0]) for f, v in one.items()}
    out = {}
    for figure in arrays:
        on = decisive(figure, base)
        effects = []
        for k, row in rows.items():
            after = row.get(on, np.nan)
            change = after - base[on]
            if not np.isfinite(after) or abs(change) <= max(MOVES * abs(base[on]), MOVES_FLOOR):
                continue
            x = float(inputs.values[k])
            whole = inputs.register[k].unit in WHOLE_UNITS + (FLAG_UNIT,)
            effects.append(Effect(k, moved[k] - x, float(change), _elasticity(base[on], change, x, moved[k] - x, whole)))
        effects.sort(key=lambda e: (e.elasticity is None, -abs(e.elasticity if e.elasticity is not None else e.change)))
        out[figure] = Lineage(figure, base[figure], on, tuple(effects))
    return out


def arrays_row(arrays: dict, i: int) -> dict:
    """One parameter row of :func:`figure_arrays`' result, as floats."""
    return {f: float(v[i]) for f, v in arrays.items()}


def figure_bands(inputs, members: dict) -> dict:
    """Each figure's 5-95 % band over the reconstructions ``members`` (id -> values, the ensemble):
    (low, high), as :func:`bizcase.analysis.bands.bands` takes it (an id the run set itself keeps
    the run's value; a year band in members' own years, ``inf`` for none within the horizon)."""
    varied = {k: np.asarray(v, float) for k, v in members.items() if k not in inputs.overrides}
    if not varied:
        return {}
    out = {}
    for figure, values in figure_arrays(inputs, varied).items():
        values = np.asarray(values, float).reshape(-1)
        if figure.is_year:
            years = np.where(np.isnan(values), np.inf, values)
            out[figure] = tuple(float(x) for x in np.percentile(years, bands.BAND, method="inverted_cdf"))
        else:
            out[figure] = bands.band_of(values)
    return out
