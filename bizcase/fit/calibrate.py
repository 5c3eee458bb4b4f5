"""Calibration of the reconstructed parameters against the published tables and claims.

The parameters with status ``calibrated`` in the register are fitted at once by bounded least
squares (scipy) to the published figures (:mod:`bizcase.fit.reference`), in two stages run from
every starting point:

1. plain weighted least squares: each of the 32 published cells of 6.2 contributes its
   difference divided by the standard deviation of a rounding error (EUR 50,000 / sqrt(12)),
   and each headline claim a hinge that is zero when the claim holds: the S3.0 saving of
   1.35 % (+/- SAVING_SLACK) and the break-even years (S2.0 2021, S3.0 2018) under decision D7;
2. a refinement that costs nothing while a cell lies well inside its rounding interval
   (published +/- EUR 25,000) and rises steeply outside it, plus a weak pull to the published
   figure, so that the rounded figures come out identical where the model can reach them.

Stage 1 has one optimum for a given set of targets, so a refit without some cells, warm-started
from the full fit, forgets them (the validation of :mod:`bizcase.fit.validate` relies on that).
The Jacobian is taken by finite differences in one vectorised model call (the draws axis). The
fit restarts from seeded random points inside the bounds and keeps the best; the result is
deterministic for a seed and does not depend on the values in ``data/calibrated.csv``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from scipy.optimize import least_squares

from bizcase.core import metrics
from bizcase.core.model import evaluate
from bizcase.fit import compare

HALF_STEP_EUR = compare.ROUNDING_EUR / 2
SIGMA_EUR = compare.ROUNDING_EUR / np.sqrt(12)  # standard deviation of a uniform rounding error
# Refinement (stage 2) loss shape (EUR): cells inside published +/- (HALF_STEP - MARGIN) cost nothing.
MARGIN_EUR = 3_000
SCALE_EUR = 1_000
PULL_WEIGHT = 0.002
SAVING_WEIGHT = 300.0  # per percentage point outside +/- SAVING_SLACK
SAVING_SLACK = 0.02
BREAK_EVEN_MARGIN_EUR = 50_000  # cumulative must clear zero by this much on the right side
BREAK_EVEN_SCALE_EUR = 10_000
MAX_EVALUATIONS = 300  # per least-squares stage; keeps a start below a few seconds
DEFAULT_STARTS = 8
DEFAULT_SEED = 3
REFINEMENT_MARGINS = (0.0, MARGIN_EUR, 2 * MARGIN_EUR)
CLAIM_TARGETS = ("saving_pct_2013_2018_s3", "break_even_year_s2", "break_even_year_s3")


@dataclass
class Fit:
    ids: list
    values: np.ndarray
    start: np.ndarray
    cost: float
    identical: int
    max_abs_difference_eur: float
    claims_ok: bool


def calibrated_ids(inputs) -> list[str]:
    return [k for k, row in inputs.register.items() if row.status == "calibrated"]


def bounds(inputs, ids) -> tuple[np.ndarray, np.ndarray]:
    """The register's plausible range of each fitted value (every calibrated row has one)."""
    return (np.array([inputs.register[k].low for k in ids], float),
            np.array([inputs.register[k].high for k in ids], float))


def cell_key(row) -> tuple:
    return (row.municipality, row.scenario, row.year)


def residuals_many(inputs, reference, ids, x: np.ndarray, margin=None, exclude=frozenset(),
                   claims=CLAIM_TARGETS) -> np.ndarray:
    """Residual vectors for parameter rows ``x`` (shape (N, len(ids))): shape (N, R).

    ``margin`` None: stage 1 (least squares); a number: stage 2 with that margin (EUR).
    ``exclude``: cells (municipality, scenario, year) left out; ``claims``: claims targeted.
    """
    params = {k: x[:, i] for i, k in enumerate(ids)}
    result = evaluate(inputs, params)
    years = list(result.years)
    res = []
    for row in reference.costs:
        if cell_key(row) in exclude or row.year not in years:
            continue
        d = result.total(row.municipality, row.scenario)[..., years.index(row.year)] - row.cost_eur_x1000 * 1000
        if margin is None:
            res.append(d / SIGMA_EUR)
        else:
            res.append(np.maximum(0.0, np.abs(d) - (HALF_STEP_EUR - margin)) / SCALE_EUR + PULL_WEIGHT * d / SCALE_EUR)
    base = result.combined_total("baseline")
    if "saving_pct_2013_2018_s3" in claims:
        pct = metrics.saving_pct(metrics.difference(result.combined_total("s3"), base), base)
        res.append(SAVING_WEIGHT * np.maximum(0.0, np.abs(pct - reference.claim("saving_pct_2013_2018_s3")) - SAVING_SLACK))
    for sc in ("s2", "s3"):
        if compare.BREAK_EVEN_CLAIMS[sc] not in claims:
            continue
        target = int(reference.claim(compare.BREAK_EVEN_CLAIMS[sc]))
        hy, d = metrics.horizon_difference(result, sc)
        cum = metrics.cumulative(d)
        i = int(np.searchsorted(hy, target))
        # cumulative still above zero the year before, at or below zero from the target year on
        res.append(np.maximum(0.0, BREAK_EVEN_MARGIN_EUR - cum[..., i - 1]) / BREAK_EVEN_SCALE_EUR)
        res.append(np.maximum(0.0, cum[..., i:].max(axis=-1) + BREAK_EVEN_MARGIN_EUR) / BREAK_EVEN_SCALE_EUR)
    return np.stack(res, axis=-1)


def _least_squares(inputs, reference, ids, x0, lo, hi, margin, exclude, claims):
    rel_step = 1e-6

    def fun(x):
        return residuals_many(inputs, reference, ids, x[None, :], margin, exclude, claims)[0]

    def jac(x):
        h = rel_step * np.maximum(np.abs(x), 1.0)
        # forward or backward step so that every point stays within bounds
        h = np.where(x + h > hi, -h, h)
        pts = np.vstack([x, x + np.diag(h)])
        r = residuals_many(inputs, reference, ids, pts, margin, exclude, claims)
        return ((r[1:] - r[0]) / h[:, None]).T

    return least_squares(fun, np.clip(x0, lo, hi), jac=jac, bounds=(lo, hi), x_scale="jac", max_nfev=MAX_EVALUATIONS)


def fit_from(inputs, reference, ids, x0, exclude=frozenset(), claims=CLAIM_TARGETS) -> np.ndarray:
    """Both stages from ``x0``: least squares, then the refinement at widening margins."""
    lo, hi = bounds(inputs, ids)
    x = _least_squares(inputs, reference, ids, x0, lo, hi, None, exclude, claims).x
    for margin in REFINEMENT_MARGINS:
        x = _least_squares(inputs, reference, ids, x, lo, hi, margin, exclude, claims).x
    return x


def fit(inputs, reference, starts: int = DEFAULT_STARTS, seed: int = DEFAULT_SEED,
        progress: Callable[[int], object] | None = None) -> Fit:
    """Fit the calibrated parameters from ``starts`` seeded random points inside the bounds.

    The current calibrated values play no part, so the result depends only on the data, the
    seed and the number of starts: the same call gives the same values. ``progress`` is told
    of every start fitted.
    """
    ids = calibrated_ids(inputs)
    lo, hi = bounds(inputs, ids)
    rng = np.random.default_rng(seed)
    candidates = [rng.uniform(lo, hi) for _ in range(max(starts, 1))]
    best = None
    for x0 in candidates:
        x = fit_from(inputs, reference, ids, x0)
        f = assess(inputs, reference, ids, x, x0)
        if best is None or (f.claims_ok, f.identical, -f.max_abs_difference_eur) > (
            best.claims_ok, best.identical, -best.max_abs_difference_eur
        ):
            best = f
        if progress is not None:
            progress(1)
    return best


def assess(inputs, reference, ids, x, start) -> Fit:
    params = {k: float(v) for k, v in zip(ids, x)}
    result = evaluate(inputs, params)
    cell_list = compare.cells(reference, result)
    claim_list = compare.claims(inputs, reference, result)
    cost = float(np.sum(residuals_many(inputs, reference, ids, np.asarray(x)[None, :])[0] ** 2))
    return Fit(ids, np.asarray(x), np.asarray(start), cost, sum(c.identical for c in cell_list),
               max(abs(c.difference_eur) for c in cell_list), all(c.ok for c in claim_list))


def rounded(inputs, ids, x) -> np.ndarray:
    """Values as stored in the register: whole EUR and inhabitants, shares to 5 decimals."""
    out = []
    for k, v in zip(ids, x):
        unit = inputs.register[k].unit
        out.append(round(float(v)) if unit in ("EUR", "EUR/FTE", "inhabitants") else round(float(v), 5))
    return np.array(out, dtype=float)


def calibrated_file_text(ids, values, stamp: str) -> str:
    """The generated ``data/calibrated.csv``: a comment line ``stamp`` (the fingerprint of the
    inputs it was fitted to, written by the build), then one row per calibrated id."""
    lines = ["# Generated by `make calibrate` (python -m bizcase calibrate --write). Do not edit by hand.",
             stamp, "id,value"]
    for k, v in zip(ids, values):
        lines.append(f"{k},{int(v) if float(v).is_integer() else repr(float(v))}")
    return "\n".join(lines) + "\n"
