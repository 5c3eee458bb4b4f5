"""Identifiability of the fitted values at the full fit: rank, standard errors, correlations.

The stage-1 Jacobian of the cell residuals with respect to the fitted values (each scaled by its
plausible range), its singular values and numerical rank, standard errors from ``(J^T J)^-1``
times the residual variance, and pairwise correlations.
"""
from __future__ import annotations

import numpy as np

from bizcase.fit import calibrate as calib

CORRELATION_FLAG = 0.95
RELATIVE_SE_FLAG = 0.50
RANK_TOLERANCE = 1e-6  # singular values below this share of the largest count as zero
JACOBIAN_STEP = 1e-5  # central-difference step, as a share of each value's plausible range
WEAK_DIRECTIONS = 3  # smallest singular directions described in terms of ids


def rounded(v, digits: int = 6):
    """A float rounded to ``digits`` significant digits for the output (None for NaN, a string for
    infinity): deterministic bytes."""
    v = float(v)
    if np.isnan(v):
        return None
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float(f"{v:.{digits}g}")


def cell_jacobian(inputs, reference, ids, x) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stage-1 cell residuals at ``x`` and their Jacobian w.r.t. the values scaled by their ranges.

    Returns (residuals (n,), J (n, p), scale (p,)): ``J[:, j]`` is the change of the residuals
    (in rounding standard deviations) per plausible range of value j. Central differences in one
    vectorised model call; the claims are left out (hinges, flat where they hold).
    """
    lo, hi = calib.bounds(inputs, ids)
    scale = hi - lo
    h = JACOBIAN_STEP * scale
    pts = np.vstack([x, x + np.diag(h), x - np.diag(h)])
    r = calib.residuals_many(inputs, reference, ids, pts, claims=())
    p = len(ids)
    jac = (r[1:p + 1] - r[p + 1:]) / (2 * JACOBIAN_STEP)
    return r[0], jac.T, scale


def misfit_factor(inputs, reference) -> float:
    """The best fit's residual variance over rounding's alone (the cells' residuals in rounding
    standard deviations, squared, summed, over cells minus the effective parameters): the residual
    test's variance ratio (:func:`bizcase.fit.validate.residual_test`) at the calibrated values."""
    ids = calib.calibrated_ids(inputs)
    return float(identifiability(inputs, reference, ids, np.array([inputs.values[k] for k in ids], float))
                 ["residual_variance"])


def identifiability(inputs, reference, ids, x) -> dict:
    """Standard errors, correlations, singular values, rank and flags at the full fit."""
    r, jac, scale = cell_jacobian(inputs, reference, ids, x)
    n, p = jac.shape
    u, s, vt = np.linalg.svd(jac, full_matrices=False)
    rank = int(np.sum(s > RANK_TOLERANCE * s[0]))
    dof = max(n - rank, 1)
    variance = float(r @ r) / dof  # residual variance, in rounding standard deviations squared
    # (J^T J)^-1 from the SVD; a zero singular value makes the standard error infinite
    with np.errstate(divide="ignore"):
        inv_s2 = np.where(s > 0, 1.0 / s ** 2, np.inf)
    cov_scaled = (vt.T * inv_s2) @ vt * variance
    se_scaled = np.sqrt(np.abs(np.diag(cov_scaled)))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = cov_scaled / np.outer(se_scaled, se_scaled)
    se = se_scaled * scale
    rel_se = se / np.abs(x)
    flagged_pairs = []
    for i in range(p):
        for j in range(i + 1, p):
            if abs(corr[i, j]) > CORRELATION_FLAG:
                flagged_pairs.append({"ids": [ids[i], ids[j]], "correlation": rounded(corr[i, j], 4)})
    flagged_se = [k for k, v in zip(ids, rel_se) if v > RELATIVE_SE_FLAG]
    in_pairs = {k for pair in flagged_pairs for k in pair["ids"]}
    weak = []
    for d in range(1, min(WEAK_DIRECTIONS, p) + 1):
        v = vt[-d]
        v = v * np.sign(v[np.argmax(np.abs(v))])
        order = np.argsort(-np.abs(v), kind="stable")
        weak.append({"singular_value": rounded(s[-d], 6),
                     "loadings": {ids[i]: rounded(v[i], 3) for i in order if abs(v[i]) >= 0.1}})
    return {
        "scaling": "each fitted value divided by its plausible range (register low..high); residuals in "
                   "rounding standard deviations (EUR 50,000 / sqrt(12))",
        "cells": n,
        "fitted_values": p,
        "rank": rank,
        "rank_tolerance": RANK_TOLERANCE,
        "singular_values": [rounded(v, 6) for v in s],
        "residual_variance": rounded(variance, 6),
        "residual_sum_of_squares": rounded(float(r @ r), 6),
        "degrees_of_freedom": dof,
        "standard_errors": {k: {"value": rounded(v, 6), "standard_error": rounded(e, 6), "relative": rounded(q, 4)}
                            for k, v, e, q in zip(ids, x, se, rel_se)},
        "correlations": {ids[i]: {ids[j]: rounded(corr[i, j], 4) for j in range(p) if j != i} for i in range(p)},
        "flagged_pairs": flagged_pairs,
        "flagged_relative_se": flagged_se,
        "flagged_ids": sorted(set(flagged_se) | in_pairs),
        "weak_directions": weak,
    }


def effective_targets(ident: dict, claims=calib.CLAIM_TARGETS) -> dict:
    rank = ident["rank"]
    return {
        "cells": ident["cells"],
        "cell_jacobian_rank": rank,
        "claims": len(claims),
        "effective_targets": rank + len(claims),
        "fitted_values": ident["fitted_values"],
        "read_from_tables": None,  # filled in by summarise
        "note": (f"The {ident['cells']} published cells are not {ident['cells']} independent targets. The collaboration "
                 "cells of both "
                 "municipalities (S2.0 and S3.0) are one collaboration total split by one allocation key "
                 "(inhabitants), so each year's pair carries one total plus the shared split; the baseline "
                 "cells of a municipality follow from a few levels, one growth path and the write-off steps. "
                 "The effective number of targets is the numerical rank of the cell Jacobian (the directions "
                 "in the fitted values the cells can tell apart) plus the three claims, which act as "
                 "one-sided constraints."),
    }
