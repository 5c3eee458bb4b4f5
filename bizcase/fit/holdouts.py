"""Hold-out refits: fit the calibrated values without some published cells and predict them.

Every refit is warm-started from the full fit (the values in ``data/calibrated.csv``) and runs
both stages of :func:`bizcase.fit.calibrate.fit_from`; stage 1 has one optimum for a given set of
targets, so the refit forgets the cells left out. A fitted value that no remaining target responds
to is not fitted but set to the middle of its plausible range. The refits of one round run in
lockstep threads, their residuals evaluated in one vectorised model call (:class:`_Batch`).
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from scipy.optimize import least_squares

from bizcase.core.model import evaluate
from bizcase.fit import calibrate as calib
from bizcase.fit import compare

S3_CLAIMS = ("saving_pct_2013_2018_s3", "break_even_year_s3")


@dataclass(frozen=True)
class Holdout:
    """One refit: the cells (municipality, scenario, year) left out and the claims still targeted."""

    name: str
    kind: str  # 'leave-one-out', 'block', 'linked' (a linked group) or 'year' (a whole year, claims kept)
    exclude: frozenset
    claims: tuple = calib.CLAIM_TARGETS
    description: str = ""


@dataclass
class Outcome:
    """A hold-out's refitted values and its held-out cells' in-sample and out-of-sample figures."""

    holdout: Holdout
    values: np.ndarray
    rows: list = field(default_factory=list)  # dicts with CSV_COLUMNS
    uninformed: list = field(default_factory=list)  # ids set to the middle of their range, not fitted


def cell_name(key) -> str:
    m, sc, y = key
    return f"{m}/{sc}/{y}"


def leave_one_out(reference) -> list[Holdout]:
    out = []
    for row in reference.costs:
        key = calib.cell_key(row)
        out.append(Holdout(f"loo:{cell_name(key)}", "leave-one-out", frozenset([key]),
                           description=f"all cells but {cell_name(key)}"))
    return out


def blocks(reference) -> list[Holdout]:
    keys = [calib.cell_key(r) for r in reference.costs]
    kept_s3 = tuple(c for c in calib.CLAIM_TARGETS if c not in S3_CLAIMS)
    out = [
        Holdout("block:s3", "block", frozenset(k for k in keys if k[1] == "s3"), kept_s3,
                "without every S3.0 cell and the S3.0 claims (saving, S3.0 break-even)"),
        Holdout("block:2018", "block", frozenset(k for k in keys if k[2] == 2018), (),
                "without the 2018 column and every claim (they all depend on 2018)"),
    ]
    for m in sorted({k[0] for k in keys}):
        out.append(Holdout(f"block:baseline-{m}", "block", frozenset(k for k in keys if k[0] == m and k[1] == "baseline"),
                           calib.CLAIM_TARGETS, f"without {m}'s baseline cells"))
    return out


COLLABORATION = ("s2", "s3")


def first_s3_year(reference) -> int:
    """The first year with published S3.0 cells (equal to S2.0's by construction)."""
    return min(k[2] for k in (calib.cell_key(r) for r in reference.costs) if k[1] == "s3")


def linked_groups(reference) -> list[Holdout]:
    """Cells that give each other away, held out together: the two municipalities' cells of one
    collaboration scenario and year (one total split by inhabitants); S3.0 in its first year equals
    S2.0 by construction (no harmonisation effect yet), so that year's S2.0 and S3.0 cells form one
    group of four."""
    keys = [calib.cell_key(r) for r in reference.costs]
    first_s3 = first_s3_year(reference)
    groups = {}
    for k in keys:
        if k[1] not in COLLABORATION:
            continue
        tag = f"s2+s3/{k[2]}" if k[2] == first_s3 else f"{k[1]}/{k[2]}"
        groups.setdefault(tag, set()).add(k)
    return [Holdout(f"linked:{tag}", "linked", frozenset(g), calib.CLAIM_TARGETS,
                    f"without the linked cells {tag} of both municipalities") for tag, g in groups.items()]


def whole_years(reference) -> list[Holdout]:
    """Each year's cells (every municipality and scenario) out together, the claims kept."""
    keys = [calib.cell_key(r) for r in reference.costs]
    return [Holdout(f"year:{y}", "year", frozenset(k for k in keys if k[2] == y), calib.CLAIM_TARGETS,
                    f"without every cell of {y} (the claims kept)") for y in sorted({k[2] for k in keys})]


def all_holdouts(reference) -> list[Holdout]:
    return leave_one_out(reference) + blocks(reference) + linked_groups(reference) + whole_years(reference)


def full_fit(inputs, fixed=frozenset()) -> tuple[list, np.ndarray]:
    """The calibrated ids and their values in the register (``data/calibrated.csv``); ``fixed``: ids
    an alternative structure sets (a decision's overrides), so not fitted."""
    ids = [k for k in calib.calibrated_ids(inputs) if k not in fixed]
    return ids, np.array([inputs.values[k] for k in ids], float)


def reproduced(inputs, reference, ids, x) -> dict:
    """Each published cell's unrounded model figure (EUR) for the fitted values ``x``."""
    result = evaluate(inputs, {k: float(v) for k, v in zip(ids, x)})
    return {(c.municipality, c.scenario, c.year): c.reproduced_eur for c in compare.cells(reference, result)}


class _Batch:
    """Residuals of many refits in one vectorised model call per round (threads in lockstep).

    Each refit runs scipy's least squares in its own thread; every call for residuals waits until
    each unfinished refit has asked for its points, then one call of
    :func:`bizcase.fit.calibrate.residuals_many` (every cell, every claim) evaluates them all and each
    refit receives the entries it targets. A row's residuals do not depend on the other rows, so
    every refit follows the same path as :func:`bizcase.fit.calibrate.fit_from` alone would.
    """

    def __init__(self, inputs, reference, ids, masks, margin):
        self.inputs, self.reference, self.ids, self.masks, self.margin = inputs, reference, ids, masks, margin
        self.cond = threading.Condition()
        self.active = len(masks)
        self.pending, self.results = {}, {}

    def residuals(self, i, pts):
        with self.cond:
            self.pending[i] = pts
            self._maybe_run()
            while i not in self.results:
                self.cond.wait()
            return self.results.pop(i)

    def finished(self):
        with self.cond:
            self.active -= 1
            self._maybe_run()

    def _maybe_run(self):
        if not self.pending or len(self.pending) < self.active:
            return
        order = sorted(self.pending)
        pts = np.vstack([self.pending[i] for i in order])
        r = calib.residuals_many(self.inputs, self.reference, self.ids, pts, self.margin)
        start = 0
        for i in order:
            n = len(self.pending[i])
            # C order, as residuals_many returns it: the same layout gives scipy the same rounding
            self.results[i] = np.ascontiguousarray(r[start:start + n][:, self.masks[i]])
            start += n
        self.pending.clear()
        self.cond.notify_all()


def residual_masks(inputs, reference, holdouts, fixed=frozenset()) -> list[np.ndarray]:
    """For each hold-out, which entries of the full residual vector (every cell, every claim) it
    targets, in the order of :func:`bizcase.fit.calibrate.residuals_many`: cells, then the claims."""
    years = set(int(y) for y in evaluate(inputs).years)
    keys = [calib.cell_key(r) for r in reference.costs if r.year in years]
    ids, x0 = full_fit(inputs, fixed)
    every = frozenset(keys)
    sizes = [calib.residuals_many(inputs, reference, ids, x0[None, :], exclude=every, claims=(c,)).shape[-1]
             for c in calib.CLAIM_TARGETS]
    masks = []
    for h in holdouts:
        mask = [k not in h.exclude for k in keys]
        for c, n in zip(calib.CLAIM_TARGETS, sizes):
            mask += [c in h.claims] * n
        masks.append(np.array(mask, bool))
    return masks


def uninformed(inputs, reference, ids, x, holdout) -> list[int]:
    """Indices of the fitted values no remaining target of ``holdout`` responds to (a zero column of
    the stage-1 Jacobian at ``x``): without the held-out cells the data say nothing about them."""
    lo, hi = calib.bounds(inputs, ids)
    step = 1e-4 * (hi - lo)
    pts = np.vstack([x, x + np.diag(step), x - np.diag(step)])
    r = calib.residuals_many(inputs, reference, ids, pts, None, holdout.exclude, holdout.claims)
    p = len(ids)
    change = np.maximum(np.abs(r[1:p + 1] - r[0]).max(axis=1), np.abs(r[p + 1:] - r[0]).max(axis=1))
    return [j for j in range(p) if change[j] == 0]


def prior_values(inputs, ids) -> np.ndarray:
    """What a fit without data would assume: the middle of each value's plausible range."""
    lo, hi = calib.bounds(inputs, ids)
    return (lo + hi) / 2


STAGES = 1 + len(calib.REFINEMENT_MARGINS)  # the refits' stages: the fit, then each refinement margin


def refit_all(inputs, reference, holdouts, progress: Callable[[int], object] | None = None,
              fixed=frozenset()) -> tuple[list, list]:
    """Every hold-out's refit, warm-started from the full fit: both stages of
    :func:`bizcase.fit.calibrate.fit_from` (same steps, same settings), the refits batched.

    A value that no remaining target informs (:func:`uninformed`) is not fitted: it is set to the
    middle of its plausible range, so that the prediction uses nothing of the held-out cells and
    does not depend on the optimiser's path. Returns (values per hold-out, uninformed ids per hold-out).
    ``progress`` is told of every stage (:data:`STAGES` in all) done. ``fixed``: calibrated ids an
    alternative structure sets (not fitted; :func:`full_fit`).
    """
    ids, x0 = full_fit(inputs, fixed)
    lo, hi = calib.bounds(inputs, ids)
    masks = residual_masks(inputs, reference, holdouts, fixed)
    fixed = [uninformed(inputs, reference, ids, x0, h) for h in holdouts]
    prior = prior_values(inputs, ids)
    xs = []
    for f in fixed:
        x = x0.copy()
        x[f] = prior[f]
        xs.append(x)
    free = [np.array([j for j in range(len(ids)) if j not in f], int) for f in fixed]
    for margin in (None,) + tuple(calib.REFINEMENT_MARGINS):
        batch = _Batch(inputs, reference, ids, masks, margin)

        def one(i, batch=batch):
            rel_step = 1e-6  # as bizcase.fit.calibrate._least_squares
            template, sub = xs[i], free[i]
            sub_lo, sub_hi = lo[sub], hi[sub]

            def full(rows):
                out = np.tile(template, (len(rows), 1))
                out[:, sub] = rows
                return out

            def fun(x):
                return batch.residuals(i, full(x[None, :]))[0]

            def jac(x):
                h = rel_step * np.maximum(np.abs(x), 1.0)
                h = np.where(x + h > sub_hi, -h, h)
                r = batch.residuals(i, full(np.vstack([x, x + np.diag(h)])))
                return ((r[1:] - r[0]) / h[:, None]).T

            try:
                x = least_squares(fun, np.clip(template[sub], sub_lo, sub_hi), jac=jac, bounds=(sub_lo, sub_hi),
                                  x_scale="jac", max_nfev=calib.MAX_EVALUATIONS).x
                return full(x[None, :])[0]
            finally:
                batch.finished()

        with ThreadPoolExecutor(max_workers=len(holdouts)) as pool:
            xs = list(pool.map(one, range(len(holdouts))))
        if progress is not None:
            progress(1)
    return xs, [[ids[j] for j in f] for f in fixed]


def run_holdouts(inputs, reference, holdouts, progress: Callable[[int], object] | None = None,
                 fixed=frozenset()) -> list[Outcome]:
    """Refit for every hold-out (warm-started from the full fit) and predict its held-out cells.
    ``fixed``: calibrated ids that ``inputs`` sets by an alternative structure (not fitted)."""
    ids, x0 = full_fit(inputs, fixed)
    fitted, uninformed_ids = refit_all(inputs, reference, holdouts, progress, fixed)
    in_sample = reproduced(inputs, reference, ids, x0)
    published = {calib.cell_key(r): r.cost_eur_x1000 * 1000 for r in reference.costs}
    outcomes = []
    for h, x, f in zip(holdouts, fitted, uninformed_ids):
        out_sample = reproduced(inputs, reference, ids, x)
        rows = []
        for key in [calib.cell_key(r) for r in reference.costs]:
            if key not in h.exclude or key not in out_sample:
                continue
            m, sc, y = key
            rows.append({"holdout": h.name, "municipality": m, "scenario": sc, "year": y,
                         "published_eur": published[key], "in_sample_eur": in_sample[key],
                         "out_of_sample_eur": out_sample[key], "difference_eur": out_sample[key] - published[key]})
        outcomes.append(Outcome(h, np.asarray(x), rows, f))
    return outcomes
