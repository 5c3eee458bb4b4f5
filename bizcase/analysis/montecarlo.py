"""Uncertainty of all assumptions at once: seeded Monte Carlo draws, the fan chart, and the summary.

Every uncertain assumption (a register row with a plausible range, see
:func:`bizcase.analysis.sensitivity.uncertain_ids`) is drawn at once; the model evaluates all
draws in one vectorised call per chunk. Every share in :func:`summarise` is taken over all draws,
and a draw that never breaks even counts as breaking even after every year of the horizon.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from bizcase.analysis.sensitivity import analysis_range, feasible, outcome_key, outcomes, uncertain_ids
from bizcase.core import metrics
from bizcase.core.model import evaluate
from bizcase.core.schema import COLLABORATIONS

FAN_PERCENTILES = (5, 25, 50, 75, 95)
POINT_OUTCOMES = ("cumulative", "npv")  # outcomes whose point estimate is placed in its distribution

def sample(inputs, n: int, seed: int, distribution: str = "triangular", ids=None) -> dict:
    """Seeded draws (id -> array of ``n``) over the uncertain assumptions.

    Triangular or PERT with the run's value as the mode, over the plausible range widened to
    include it (:func:`bizcase.analysis.sensitivity.analysis_range`).
    """
    ids = ids or uncertain_ids(inputs)
    rng = np.random.default_rng(seed)
    draws = {}
    for k in ids:
        (a, b), m = analysis_range(inputs, k), float(inputs.values[k])
        if distribution == "pert":
            alpha = 1 + 4 * (m - a) / (b - a)
            beta = 1 + 4 * (b - m) / (b - a)
            draws[k] = a + (b - a) * rng.beta(alpha, beta, n)
        elif distribution == "triangular":
            draws[k] = rng.triangular(a, m, b, n)
        else:
            raise ValueError(f"unknown distribution {distribution!r}")
    return feasible(inputs, draws)


MONTE_CARLO_CHUNK = 100_000  # draws evaluated at once: bounds the memory of a large analysis


def monte_carlo(inputs, n: int, seed: int, distribution: str = "triangular", optimism_bias: float | None = None,
                progress: Callable[[int], object] | None = None):
    """Draws and outcomes (dicts of arrays of length ``n``).

    All draws are made at once (the same seed gives the same draws whatever the chunking);
    the model evaluates them in chunks of :data:`MONTE_CARLO_CHUNK`, so a million draws stay
    within a few hundred MB. ``progress`` is told the number of draws of each chunk evaluated."""
    draws = sample(inputs, n, seed, distribution)
    params = dict(draws)
    if optimism_bias is not None:
        params["optimism_bias_one_off"] = np.full(n, float(optimism_bias))
    parts = []
    for start in range(0, n, MONTE_CARLO_CHUNK):
        chunk = {k: v[start:start + MONTE_CARLO_CHUNK] for k, v in params.items()}
        parts.append(outcomes(inputs, chunk))
        if progress is not None:
            progress(min(MONTE_CARLO_CHUNK, n - start))
    out = {k: np.concatenate([np.atleast_1d(part[k]) for part in parts]) for k in parts[0]}
    return draws, out


def fan(inputs, draws: dict, horizon: int) -> dict:
    """Percentiles of the cumulative difference per year up to ``horizon`` (EUR), over the draws
    (also when no drawn value changes a cost, so that the result has no draws axis of its own)."""
    result = evaluate(inputs, draws)
    years = np.arange(int(result.years[0]), horizon + 1)
    n = max((np.size(v) for v in draws.values()), default=1)
    out = {"years": years}
    for sc in COLLABORATIONS:
        cum = np.stack([metrics.cumulative_at(result, sc, int(y)) for y in years], axis=-1)
        cum = np.broadcast_to(cum, (n, len(years)))
        out[sc] = {q: np.percentile(cum, q, axis=0) for q in FAN_PERCENTILES}
    return out


def break_even_shares(break_even: np.ndarray, years) -> dict:
    """Year -> share of all draws that break even in or before that year (a draw that never
    breaks even, NaN, counts in none of them)."""
    be = np.asarray(break_even, float)
    return {int(y): float(np.mean(be <= y)) for y in years}


def median_year(shares: dict) -> float:
    """The median break-even year over all draws: the first year by which at least half of all
    draws break even; NaN when fewer than half do within the horizon."""
    return next((float(y) for y, share in shares.items() if share >= 0.5), float("nan"))


def position(values, x) -> dict:
    """Where ``x`` sits among ``values``: the shares of them below and above it, and its percentile
    rank (the percentage below it, ties counted half: 0 below every value, 100 above every one)."""
    values = np.asarray(values, float)
    below, above = float(np.mean(values < x)), float(np.mean(values > x))
    # scipy.stats.percentileofscore(values, x, kind="mean"), without importing scipy.stats (0.6 s at
    # every start of the command line and of each report kernel); a test holds the two equal
    return {"below": below, "above": above, "percentile": 100.0 * (below + (1.0 - below - above) / 2)}


def summarise(out: dict, years, point: dict) -> dict:
    """Probabilities and percentiles of the Monte Carlo outcomes, every share over all draws, and
    where the point estimate ``point`` (the outcomes of the run's own values) sits among them.

    ``years``: the years from the first modelled year through the projection horizon, at which
    the share of draws that have broken even is reported."""
    summary = {}
    for sc in COLLABORATIONS:
        be = out[outcome_key("break_even", sc)]
        shares = break_even_shares(be, years)
        summary[sc] = {
            "point": {k: float(point[outcome_key(k, sc)]) for k in POINT_OUTCOMES},
            "point_position": {k: position(out[outcome_key(k, sc)], float(point[outcome_key(k, sc)]))
                               for k in POINT_OUTCOMES},
            "p_cheaper": {int(k.rsplit("_", 1)[1]): float(np.mean(v)) for k, v in out.items()
                          if k.startswith(f"cheaper_{sc}_")},
            "cumulative_percentiles": {q: float(np.percentile(out[outcome_key("cumulative", sc)], q)) for q in FAN_PERCENTILES},
            "p_break_even_by": shares,
            "break_even_median": median_year(shares),
            "p_no_break_even": float(np.mean(~np.isfinite(be))),
            "npv_percentiles": {q: float(np.percentile(out[outcome_key("npv", sc)], q)) for q in FAN_PERCENTILES},
        }
    summary["s3"]["saving_pct_percentiles"] = {q: float(np.percentile(out[outcome_key("saving_pct", "s3")], q)) for q in FAN_PERCENTILES}
    return summary
