"""Uncertainty one assumption at a time: tornado, switching values and harmonisation delay.

Every analysis here evaluates the model once over a *draws* axis (one row per parameter
set), so thousands of variants cost about as much as a handful.

Uncertain assumptions are the register rows with a plausible ``low`` / ``high``. Every analysis
starts from the values the run uses: an assumption whose value lies outside its plausible range is
varied over the range widened to include that value (:func:`analysis_range`, decision D32), never
clamped into it. Values whose unit is a year, a lag or a count are whole numbers: drawn or varied
values are rounded. The two S3.0 investment shares are kept feasible (the second at most one minus
the first).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import numpy as np

from bizcase.core import metrics
from bizcase.core.model import run
from bizcase.core.schema import BASELINE_INPUTS, COLLABORATIONS, SCHEDULE_PREFIX

WHOLE_UNITS = ("year", "lag_years", "offset_years", "years", "count")
OUTCOMES = ("cumulative_s2", "cumulative_s3", "break_even_s2", "break_even_s3")
# years after the extrapolated year at which P(cheaper) is reported (those within the break-even horizon)
PROBABILITY_OFFSETS = (0, 2, 4)
SWITCH_GRID = 41  # grid points over an analysis range before bisection
SWITCH_BISECTIONS = 30  # halvings after the grid: the switching value to 2**-30 of a grid step
# A switching value is written as the shortest decimal beyond the boundary (away from the run's value)
# that lies within this share of the analysis range from it and, applied, turns the conclusion (D33).
SWITCH_PRINT_TOLERANCE = 1e-4
SWITCH_MAX_DIGITS = 15  # significant digits tried for that decimal


def outcome_key(kind: str, scenario: str) -> str:
    """The key of one scenario's outcome in :func:`outcomes`: ('cumulative', 's2') -> 'cumulative_s2'."""
    return f"{kind}_{scenario}"


def uncertain_ids(inputs) -> list[str]:
    """Register ids with a plausible range, in register order, except the municipalities'
    baseline inputs (data of the original model, whose range only bounds the calibration:
    :data:`bizcase.core.schema.BASELINE_INPUTS`)."""
    return [k for k, row in inputs.register.items()
            if row.low is not None and row.high > row.low and k not in BASELINE_INPUTS]


def analysis_range(inputs, key: str) -> tuple[float, float]:
    """The range over which the analyses vary ``key``: its plausible range, widened to include the
    value the run uses when that lies outside it (D32)."""
    row, value = inputs.register[key], float(inputs.values[key])
    return min(float(row.low), value), max(float(row.high), value)


def widened_ids(inputs) -> list[str]:
    """The uncertain ids whose value lies outside the register's plausible range: the analyses
    vary them over the widened range (:func:`analysis_range`)."""
    return [k for k in uncertain_ids(inputs) if analysis_range(inputs, k) != (inputs.register[k].low,
                                                                              inputs.register[k].high)]


def one_sided_ids(inputs) -> dict:
    """Uncertain id -> 'low' or 'high' for every assumption whose value is an end of its analysis
    range: 'low' when the value is the range's low end (draws and bars can only go up from it)."""
    out = {}
    for k in uncertain_ids(inputs):
        low, high = analysis_range(inputs, k)
        value = float(inputs.values[k])
        if value == low:
            out[k] = "low"
        elif value == high:
            out[k] = "high"
    return out


def feasible(inputs, params: dict) -> dict:
    """Round whole-number units and keep the S3.0 investment shares within 1."""
    out = dict(params)
    for k, v in params.items():
        row = inputs.register.get(k)
        if row is not None and row.unit in WHOLE_UNITS:
            out[k] = np.round(v)
    y1 = np.asarray(out.get("s3_investment_share_year1", inputs.values["s3_investment_share_year1"]), float)
    y2 = np.asarray(out.get("s3_investment_share_year2", inputs.values["s3_investment_share_year2"]), float)
    if "s3_investment_share_year1" in out or "s3_investment_share_year2" in out:
        out["s3_investment_share_year2"] = np.minimum(y2, 1.0 - y1)
    return out


def outcomes(inputs, params: dict | None = None) -> dict:
    """Headline outcomes per parameter row: cumulative differences over the modelled years (EUR),
    break-even years, % saving of S3.0, NPV of the differences (EUR), and whether each scenario
    is cumulatively cheaper than the baseline at the years of :data:`PROBABILITY_OFFSETS`."""
    P = inputs.with_values(params)
    result = run(P)
    base = result.combined_total("baseline")
    summary = metrics.summary(result)
    out = {}
    for sc in COLLABORATIONS:
        d = metrics.difference(result.combined_total(sc), base)
        out["cumulative_" + sc] = summary[sc].cumulative_difference
        out["break_even_" + sc] = summary[sc].break_even_year
        out["npv_" + sc] = metrics.npv(d, result.years, P.discount_rate, P.period.first)
        horizon = int(result.projection_years[-1])
        for y in (int(result.years[-1]) + k for k in PROBABILITY_OFFSETS if int(result.years[-1]) + k <= horizon):
            out[f"cheaper_{sc}_{y}"] = metrics.cumulative_at(result, sc, y) <= 0
    out["saving_pct_s3"] = summary["s3"].saving_pct
    # one row per parameter row, also for outcomes no drawn value touches (an assumption that moves
    # no headline outcome, such as the usage key's one-off share, still has its rows)
    shape = np.broadcast_shapes(*(np.shape(v) for v in out.values()), *(np.shape(v) for v in (params or {}).values()))
    return {k: np.broadcast_to(v, shape) for k, v in out.items()}


# ---------------------------------------------------------------- tornado

@dataclass
class TornadoRow:
    id: str
    low: float
    high: float
    at_low: dict
    at_high: dict

    def swing(self, outcome: str) -> float:
        a, b = self.at_low[outcome], self.at_high[outcome]
        return abs(b - a) if np.isfinite(a) and np.isfinite(b) else np.inf


def one_at_a_time(inputs, ids: list, values: list) -> dict:
    """Parameter columns (id -> array) for one evaluation of many rows: a block of rows per id
    in ``ids``, in which that id takes its ``values`` (an array per id) and every other id its
    register value. The rows of id ``ids[i]`` are ``offsets[i]:offsets[i + 1]`` (returned too)."""
    offsets = np.r_[0, np.cumsum([len(v) for v in values])]
    params = {}
    for i, k in enumerate(ids):
        column = np.full(offsets[-1], inputs.values[k], dtype=float)
        column[offsets[i]:offsets[i + 1]] = values[i]
        params[k] = column
    return feasible(inputs, params), offsets


def tornado(inputs, ids=None) -> list[TornadoRow]:
    """Each uncertain assumption at the low and the high end of its analysis range (which contains
    the run's value), the others at the run's values."""
    ids = ids or uncertain_ids(inputs)
    ranges = [np.array(analysis_range(inputs, k), dtype=float) for k in ids]
    params, offsets = one_at_a_time(inputs, ids, ranges)
    out = outcomes(inputs, params)
    rows = []
    for i, k in enumerate(ids):
        low = offsets[i]
        rows.append(TornadoRow(k, *(float(x) for x in ranges[i]), {o: float(out[o][low]) for o in out},
                               {o: float(out[o][low + 1]) for o in out}))
    rows.sort(key=lambda r: -r.swing("cumulative_s3"))
    return rows


# ---------------------------------------------------------------- switching values

CONCLUSIONS = {
    "s2_not_paid_back_in_period": "S2.0 does not break even within the business case period",
    "s3_breaks_even_by_extrapolated_year": "S3.0 breaks even by the extrapolated year",
}


def conclusion_holds(inputs, out: dict, conclusion: str) -> np.ndarray:
    """Whether ``conclusion`` holds for each row of outcomes ``out``."""
    period = inputs.params.period
    if conclusion == "s2_not_paid_back_in_period":
        be = out["break_even_s2"]
        return ~(be <= period.last)
    be = out["break_even_s3"]
    return be <= period.extrapolated


@dataclass
class Switch:
    id: str
    conclusion: str
    value: float
    low: float
    high: float
    switching_value: float  # NaN: no switch within the analysis range; a short decimal that turns it (D33)
    holds_at_value: bool
    boundary: float = float("nan")  # where the conclusion turns, to the bisection's precision (NaN: no switch)


def switching_values(inputs, ids=None) -> list[Switch]:
    """For each uncertain assumption and conclusion, the value nearest to the run's value at which
    the conclusion turns, searched within the analysis range (:func:`analysis_range`).

    A grid over each analysis range first (one vectorised evaluation for all assumptions), then
    bisection between the flip nearest to the run's value and its neighbour (one vectorised
    evaluation per halving for all pairs that flip)."""
    ids = ids or uncertain_ids(inputs)
    grids = []
    for k in ids:
        grid = np.unique(np.r_[np.linspace(*analysis_range(inputs, k), SWITCH_GRID), inputs.values[k]])
        grids.append(np.unique(feasible(inputs, {k: grid})[k]))
    params, offsets = one_at_a_time(inputs, ids, grids)
    res = outcomes(inputs, params)
    out, pending = [], []  # pending: (index in out, id, conclusion, base, a, b) to bisect
    for i, k in enumerate(ids):
        row, grid, v0 = inputs.register[k], grids[i], inputs.values[k]
        low, high = analysis_range(inputs, k)
        i0 = int(np.argmin(np.abs(grid - v0)))
        block = {o: v[offsets[i]:offsets[i + 1]] for o, v in res.items()}
        for c in CONCLUSIONS:
            holds = conclusion_holds(inputs, block, c)
            base = bool(holds[i0])
            flips = np.flatnonzero(holds != base)
            if flips.size == 0:
                out.append(Switch(k, c, v0, low, high, np.nan, base))
                continue
            j = flips[np.argmin(np.abs(flips - i0))]  # the flip nearest to the run's value
            inside = grid[j + 1] if grid[j] < v0 else grid[j - 1]  # neighbour on the base side
            out.append(Switch(k, c, v0, low, high, float(grid[j]), base, float(grid[j])))
            if row.unit not in WHOLE_UNITS:
                pending.append((len(out) - 1, k, c, base, inside, grid[j]))
    _bisect(inputs, out, pending)
    return out


def _bisect(inputs, out: list, pending: list) -> None:
    """Move each pending switching value to the boundary between ``a`` (the conclusion holds as
    at the run's value) and ``b`` (it turned): SWITCH_BISECTIONS halvings, all pairs in one
    evaluation per halving."""
    if not pending:
        return
    ids = [k for _, k, _, _, _, _ in pending]
    a = np.array([x[4] for x in pending], float)
    b = np.array([x[5] for x in pending], float)
    for _ in range(SWITCH_BISECTIONS):
        mid = (a + b) / 2
        params, offsets = one_at_a_time(inputs, ids, [mid[i:i + 1] for i in range(len(ids))])
        res = outcomes(inputs, params)
        for i, (_, _, c, base, _, _) in enumerate(pending):
            row = {o: v[offsets[i]:offsets[i + 1]] for o, v in res.items()}
            holds = bool(np.atleast_1d(conclusion_holds(inputs, row, c))[0])
            if holds == base:
                a[i] = mid[i]
            else:
                b[i] = mid[i]
    written = _shortest_turning(inputs, pending, a, b)
    for i, (index, *_rest) in enumerate(pending):
        out[index].switching_value, out[index].boundary = written[i], float(b[i])


def away(x: float, base: float, digits: int) -> float:
    """``x`` rounded to ``digits`` significant digits away from ``base`` (up when ``x`` lies above
    it, down when below): the decimal nearest to ``x`` on its side of ``base``."""
    d = Decimal(repr(float(x)))
    if d == 0:
        return 0.0
    exponent = d.adjusted() - digits + 1
    return float(d.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_CEILING if x > base else ROUND_FLOOR))


def print_candidates(x: float, base: float, limit: float) -> list:
    """The decimals that may be written for the switching value ``x`` (the conclusion turned there,
    it held at ``base``): ``x`` rounded away from ``base`` to 1, 2, ... :data:`SWITCH_MAX_DIGITS`
    significant digits, shortest first, those within ``limit`` of ``x``; ``[x]`` when none is."""
    return [c for c in (away(x, base, n) for n in range(1, SWITCH_MAX_DIGITS + 1)) if abs(c - x) <= limit] or [x]


def _shortest_turning(inputs, pending: list, a, b) -> list:
    """Per pending switch, the shortest decimal beyond the boundary (``b`` turned, ``a`` held) that
    lies within :data:`SWITCH_PRINT_TOLERANCE` of the analysis range from ``b`` and turns the
    conclusion when applied: every candidate of every switch in one evaluation; ``b`` itself when
    no shorter decimal qualifies."""
    ids = [k for _, k, _, _, _, _ in pending]
    candidates = []
    for i, k in enumerate(ids):
        low, high = analysis_range(inputs, k)
        candidates.append(print_candidates(b[i], a[i], SWITCH_PRINT_TOLERANCE * (high - low)))
    params, offsets = one_at_a_time(inputs, ids, [np.array(c, float) for c in candidates])
    res = outcomes(inputs, params)
    written = []
    for i, (_, _, c, base, _, _) in enumerate(pending):
        block = {o: v[offsets[i]:offsets[i + 1]] for o, v in res.items()}
        turns = conclusion_holds(inputs, block, c) != base
        written.append(float(candidates[i][int(np.argmax(turns))]) if turns.any() else float(b[i]))
    return written


# ---------------------------------------------------------------- harmonisation delay

def schedule(inputs) -> dict:
    """The harmonisation schedule of ``inputs``: calendar year -> harmonised share."""
    H = inputs.params.harmonisation
    return {int(y): float(s) for y, s in zip(H.years, H.shares)}


def delayed_schedule(inputs, years_later: int = 0, final_share: float | None = None) -> dict:
    """Overrides for the harmonisation schedule moved ``years_later`` and capped at ``final_share``."""
    table = schedule(inputs)
    years = list(table)
    out = {}
    for y in years:
        v = table.get(y - years_later, 0.0) if y - years_later >= years[0] else 0.0
        if final_share is not None:
            v = min(v, final_share)
        out[SCHEDULE_PREFIX + str(y)] = v
    return out


def harmonisation_variants(inputs) -> list[tuple[str, dict]]:
    """The delay analysis: 0-3 years later, and a lower final share."""
    final = max(schedule(inputs).values())
    variants = [("schema zoals in het rapport", {})]
    variants += [(f"{k} jaar later", delayed_schedule(inputs, k)) for k in (1, 2, 3)]
    variants += [(f"eindaandeel {int(round(share * 100))}%", delayed_schedule(inputs, 0, share))
                 for share in (final * 2 / 3, final / 3)]
    return variants


def harmonisation_delay(inputs) -> list[tuple[str, dict]]:
    """Outcomes of S3.0 under each harmonisation variant (one vectorised evaluation)."""
    variants = harmonisation_variants(inputs)
    keys = sorted({k for _, v in variants for k in v} | {k for k in inputs.values if k.startswith(SCHEDULE_PREFIX)})
    params = {k: np.array([v.get(k, inputs.values[k]) for _, v in variants]) for k in keys}
    out = outcomes(inputs, params)
    return [(name, {o: float(out[o][i]) for o in out}) for i, (name, _) in enumerate(variants)]
