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
from pathlib import Path

import numpy as np
from scipy.optimize import least_squares

from bizcase.fit import compare
from bizcase.core import metrics
from bizcase.core import schema
from bizcase.core.inputs import CALIBRATED_FILE
from bizcase.core.model import evaluate

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
        if f"break_even_year_{sc}" not in claims:
            continue
        target = int(reference.claim(f"break_even_year_{sc}"))
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


def fit(inputs, reference, starts: int = DEFAULT_STARTS, seed: int = DEFAULT_SEED) -> Fit:
    """Fit the calibrated parameters from ``starts`` seeded random points inside the bounds.

    The current calibrated values play no part, so the result depends only on the data, the
    seed and the number of starts: the same call gives the same values.
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


# What the calibration's result depends on: the data (the calibrated values themselves excepted,
# the published targets included) and these modules of the package.
CALIBRATION_MODULES = ("__init__", "schema", "errors", "inputs", "capital", "allocation", "model", "metrics",
                       "compare", "reference", "calibrate")
HASH_PREFIX = "# inputs sha256: "


def files_hash(labelled) -> str:
    """sha256 over (label, path) pairs: each label and the file's bytes, in the given order.
    Labels, not absolute paths, so the hash is the same on every machine."""
    import hashlib

    h = hashlib.sha256()
    for label, path in labelled:
        h.update(label.encode() + b"\0")
        h.update(Path(path).read_bytes() + b"\0")
    return h.hexdigest()


def inputs_hash(data_dir) -> str:
    """sha256 of everything the calibration depends on (stored in data/calibrated.csv)."""
    package = Path(__file__).resolve().parent
    files = sorted(f for f in Path(data_dir).glob("*.csv") if f.name != CALIBRATED_FILE)
    files += [package / f"{m}.py" for m in CALIBRATION_MODULES]
    return files_hash((f.name, f) for f in files)


def stored_hash(data_dir) -> str | None:
    """The inputs hash written into data/calibrated.csv by the last ``make calibrate``."""
    for line in (Path(data_dir) / CALIBRATED_FILE).read_text(encoding="utf-8").splitlines():
        if line.startswith(HASH_PREFIX):
            return line[len(HASH_PREFIX):].strip()
    return None


def calibrated_file_text(ids, values, digest: str) -> str:
    """The generated ``data/calibrated.csv``: one row per calibrated id, and the hash of the
    inputs it was fitted to."""
    lines = ["# Generated by `make calibrate` (python -m bizcase calibrate --write). Do not edit by hand.",
             HASH_PREFIX + digest, "id,value"]
    for k, v in zip(ids, values):
        lines.append(f"{k},{int(v) if float(v).is_integer() else repr(float(v))}")
    return "\n".join(lines) + "\n"


def report(inputs, reference, f: Fit) -> str:
    """The calibration report (markdown): parameters, values, bounds and the fit."""
    result = evaluate(inputs, {k: float(v) for k, v in zip(f.ids, f.values)})
    cell_list = compare.cells(reference, result)
    claim_list = compare.claims(inputs, reference, result)
    lo, hi = bounds(inputs, f.ids)
    n_base = sum(k.startswith(("baseline_", "writeoff_")) for k in f.ids)
    lines = [
        "# Calibration report",
        "",
        "Generated by `make calibrate` (`python -m bizcase calibrate`). Do not edit by hand.",
        "",
        f"Calibrated parameters: **{len(f.ids) - n_base}** model parameters plus **{n_base}** baseline inputs "
        f"(the municipalities' 2013 cost levels and write-offs, which the original model received as data).",
        "",
        "| id | value | unit | lower bound | upper bound | description |",
        "|---|---:|---|---:|---:|---|",
    ]
    for k, v, a, b in zip(f.ids, f.values, lo, hi):
        row = inputs.register[k]
        lines.append(f"| `{k}` | {v:,.5g} | {row.unit} | {a:,.5g} | {b:,.5g} | {row.description} |")
    identical = sum(c.identical for c in cell_list)
    within = sum(c.within_tolerance for c in cell_list)
    lines += [
        "",
        "## Fit to the 32 published cells of 6.2 (EUR x 1000)",
        "",
        f"Identical after rounding to EUR 50,000: **{identical} of {len(cell_list)}**; within one rounding step: "
        f"**{within} of {len(cell_list)}**; largest unrounded difference: EUR {max(abs(c.difference_eur) for c in cell_list):,.0f}.",
        "",
        "| municipality | scenario | year | published | reproduced (unrounded) | reproduced (rounded) | difference |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for c in cell_list:
        lines.append(f"| {c.municipality} | {c.scenario} | {c.year} | {c.published_eur / 1000:,.0f} | "
                     f"{c.reproduced_eur / 1000:,.1f} | {c.rounded_eur / 1000:,.0f} | {c.difference_eur / 1000:+,.1f} |")
    from bizcase.fit import validate  # the identifiability measures live with the validation

    ident = validate.identifiability(inputs, reference, f.ids, np.asarray(f.values, float))
    eff = validate.effective_targets(ident)
    n_read = len([k for k in inputs.fitted_ids() if k not in f.ids])
    lines += [
        "",
        "## Effective targets against fitted values",
        "",
        f"**{eff['effective_targets']} effective targets** (the numerical rank {eff['cell_jacobian_rank']} of the "
        f"Jacobian of the {eff['cells']} cells plus {eff['claims']} claims) against **{len(f.ids)} calibrated values**, "
        f"or {len(f.ids) + n_read} fitted values counting the {n_read} read by eye from the published tables. "
        + eff["note"] + " Out-of-sample evidence is in `docs/validation.md` (`make validate`).",
    ]
    lines += ["", "## Headline claims", "", "| claim | published | reproduced | met | convention |", "|---|---:|---:|---|---|"]
    for c in claim_list:
        lines.append(f"| {c.id} | {c.published:,.4g} | {c.reproduced:,.4g} | {'yes' if c.ok else 'NO'} | {c.convention} |")
    lines.append("")
    return "\n".join(lines)
