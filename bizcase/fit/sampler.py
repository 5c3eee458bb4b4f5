"""Sampling the set of reconstructions consistent with the report (issue 22): the members of ``data/ensemble.csv``.

The calibration (:mod:`bizcase.fit.calibrate`) gives one point; many parameter sets reproduce the
published tables as well. This module samples them:

* **prior**: uniform over each calibrated id's plausible range in the register (the fit's bounds);
* **likelihood**: each of the 32 published cells of 6.2 is the model's figure rounded to
  EUR 50,000. Rounding alone is a uniform error of +/- EUR 25,000 (standard deviation
  50,000 / sqrt(12)); the best fit's residual variance is a multiple of that (the misfit factor,
  :func:`bizcase.fit.identifiability.misfit_factor`, the validation's residual test), so the model
  itself misfits about as much as the rounding. The cells are taken as independent normal errors
  with the rounding's standard deviation inflated by the factor's square root: a normal rather
  than a uniform because a uniform of +/- 25,000
  would call the best fit impossible (it has cells off by more than that);
* **acceptance**: the acceptance rule of :mod:`bizcase.fit.compare` (every cell within
  EUR 50,000, at least 30 of 32 identical after rounding, every claim met) is a hard constraint:
  zero probability outside it, an ABC-style acceptance with the rule as its tolerance, so every
  draw of the chain passes it (the build checks every stored member again with the scalar rule);
* **sampler**: emcee's ensemble sampler, vectorised (one model call per step for every walker),
  in unit coordinates, with a mixture of a Metropolis move shaped by the Laplace approximation at
  the calibrated point and emcee's differential-evolution move; the walkers start at seeded
  candidates from the (widened) Laplace approximation that pass the rule.

The values read by eye from the tables (status ``read_from_tables``: the last years of the
write-offs, the harmonisation lag, Haarlemmermeer's baseline FTE) are kept at their register
values: each is one reading of a feature of the published tables (a baseline that is flat from
2016 to 2017, S3.0 equal to S2.0 through 2015, the FTE table's total), not a range of choices.

The file itself is :mod:`bizcase.fit.ensemble` (read by the command line and the chapters without
emcee); the diagnostics (arviz) and the file's making live in :mod:`bizcase.build.ensemble`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import emcee
import numpy as np

from bizcase.core import metrics
from bizcase.core.model import evaluate
from bizcase.core.schema import COLLABORATIONS
from bizcase.fit import calibrate, compare
from bizcase.fit.identifiability import misfit_factor
WALKERS = 128
STEPS = 12000
BURN_IN = 3000
THIN = 10  # the chain kept for the diagnostics
STORE_THIN = 450  # the members stored: every 450th step of every walker after burn-in
START_SCALE = 0.5  # starting candidates: the Laplace approximation's normal, standard deviations times this
GAUSSIAN_SHARE = 0.5  # the rest of the moves: differential evolution (steps along differences of walkers)
PROPOSAL_SCALE = 0.15  # Metropolis proposal: the Laplace covariance times this squared
LAPLACE_STEP = 1e-4  # finite-difference step, share of each plausible range
CLAIM_COLUMNS = 5  # calibrate.residuals_many's columns after the cells: the saving, two per break-even year
START_CANDIDATES = 20_000
START_ROUNDS = 5
DEFAULT_SEED = 22


@dataclass
class Chain:
    """The sampler's run: ``draws`` (kept steps, walkers, ids) after burn-in, every :data:`THIN`th
    step, for the diagnostics; ``accepted`` (same first two axes): whether each draw passes the
    acceptance rule; ``start_accepted`` of ``start_candidates`` candidates around the calibration
    passed the rule when the walkers' starts were drawn."""

    ids: list
    draws: np.ndarray
    accepted: np.ndarray
    acceptance_fraction: float  # emcee's mean move acceptance over the walkers
    start_accepted: int
    start_candidates: int
    misfit: float  # the likelihood's misfit factor (:func:`bizcase.fit.identifiability.misfit_factor`)

    @property
    def sigma_eur(self) -> float:
        """The cells' standard deviation in the likelihood: rounding's, inflated by the misfit."""
        return sigma_eur(self.misfit)

    @property
    def members(self) -> np.ndarray:
        """The accepted draws of every :data:`STORE_THIN`th step, walker by walker in step order:
        shape (members, ids)."""
        step = STORE_THIN // THIN
        d = self.draws[step - 1::step]
        a = self.accepted[step - 1::step]
        return np.swapaxes(d, 0, 1).reshape(-1, len(self.ids))[np.swapaxes(a, 0, 1).reshape(-1)]


def sigma_eur(misfit: float) -> float:
    """Rounding's standard deviation (EUR 50,000 / sqrt(12)) times the square root of ``misfit``."""
    return float(calibrate.SIGMA_EUR * math.sqrt(misfit))


def log_probability(inputs, reference, ids, lo, hi, x: np.ndarray, sigma: float) -> np.ndarray:
    """Log posterior (up to a constant) of parameter rows ``x`` (shape (N, len(ids))): the uniform
    prior on [lo, hi], the cells' inflated normal likelihood, and zero probability for a row that
    fails the acceptance rule (the claims and the cells' tolerance are hard constraints); ``sigma``:
    the cells' standard deviation (EUR, :func:`sigma_eur`)."""
    x = np.atleast_2d(x)
    inside = np.all((x >= lo) & (x <= hi), axis=1)
    out = np.full(len(x), -np.inf)
    if inside.any():
        loglike, ok = _assess_many(inputs, reference, ids, x[inside], sigma)
        out[inside] = np.where(ok, loglike, -np.inf)
    return out


def accepted_many(inputs, reference, ids, x: np.ndarray) -> np.ndarray:
    """The acceptance rule of :func:`bizcase.fit.compare.passes` for parameter rows ``x`` at once
    (vectorised; the build checks every member with the scalar rule itself)."""
    return _assess_many(inputs, reference, ids, np.atleast_2d(x), calibrate.SIGMA_EUR)[1]


def _assess_many(inputs, reference, ids, x: np.ndarray, sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """(log likelihood of the cells with standard deviation ``sigma``, passes the acceptance rule)
    for parameter rows ``x``: one vectorised model evaluation."""
    n = len(x)
    result = evaluate(inputs, {k: x[:, i] for i, k in enumerate(ids)})
    years = list(result.years)
    within = np.ones(n, bool)
    identical = np.zeros(n, int)
    loglike = np.zeros(n)
    for row in reference.costs:
        if row.year not in years:
            continue
        total = np.broadcast_to(result.total(row.municipality, row.scenario)[..., years.index(row.year)], n)
        published = row.cost_eur_x1000 * 1000
        within &= np.abs(total - published) <= compare.TOLERANCE_EUR
        identical += metrics.round_to(total, compare.ROUNDING_EUR) == published
        loglike -= 0.5 * ((total - published) / sigma) ** 2
    ok = within & (identical >= compare.MIN_IDENTICAL)
    pub = reference.claims
    s = metrics.summary(result)
    for sc in COLLABORATIONS:
        ok &= np.broadcast_to(s[sc].break_even_year == pub[compare.BREAK_EVEN_CLAIMS[sc]].value, n)
    payback = metrics.payback_years(s["s2"].break_even_year, inputs.params.centre.start_year)
    ok &= np.broadcast_to(payback == pub["payback_years_s2"].value, n)
    pct = s["s3"].saving_pct
    ok &= np.broadcast_to(np.abs(pct - pub["saving_pct_2013_2018_s3"].value) <= compare.SAVING_PCT_TOLERANCE, n)
    for sc in COLLABORATIONS:  # the transcribed investments (constant over rows unless the model changes)
        inv = np.broadcast_to(s[sc].investment, n)
        ok &= metrics.round_to(inv, compare.INVESTMENT_ROUNDING_EUR) == pub[compare.INVESTMENT_CLAIMS[sc]].value
    return loglike, ok


def laplace_factor(inputs, reference, ids, lo, hi, misfit: float) -> np.ndarray:
    """A Cholesky factor of the Laplace approximation's covariance at the calibrated values: the
    cells' inflated likelihood linearised (finite differences) plus a normal with each plausible
    range's variance (range^2 / 12) for the uniform prior. It gives the walkers' starts the shape
    of the ridge of good fits, unidentified directions included."""
    centre = np.array([inputs.values[k] for k in ids], float)
    h = LAPLACE_STEP * (hi - lo)
    r = calibrate.residuals_many(inputs, reference, ids, np.vstack([centre, centre + np.diag(h)]))
    cells = r[:, :r.shape[1] - CLAIM_COLUMNS] / math.sqrt(misfit)
    jac = ((cells[1:] - cells[0]) / h[:, None]).T
    precision = jac.T @ jac + np.diag(12.0 / (hi - lo) ** 2)
    return np.linalg.cholesky(np.linalg.inv(precision))


def start_points(inputs, reference, ids, lo, hi, walkers: int, rng, misfit: float) -> tuple[np.ndarray, int, int]:
    """Dispersed walkers that pass the acceptance rule: seeded candidates around the calibrated
    values from the Laplace approximation widened by :data:`START_SCALE`, inside the plausible
    ranges; the first ``walkers`` accepted, with the numbers of candidates accepted and drawn."""
    centre = np.array([inputs.values[k] for k in ids], float)
    factor = START_SCALE * laplace_factor(inputs, reference, ids, lo, hi, misfit)
    found = np.empty((0, len(ids)))
    drawn = 0
    for _ in range(START_ROUNDS):
        x = centre + rng.standard_normal((START_CANDIDATES, len(ids))) @ factor.T
        drawn += len(x)
        x = x[np.all((x >= lo) & (x <= hi), axis=1)]
        found = np.vstack([found, x[accepted_many(inputs, reference, ids, x)]])
        if len(found) >= walkers:
            return found[:walkers], len(found), drawn
    raise ValueError(f"only {len(found)} of {walkers} starting points pass the acceptance rule")


def sample(inputs, reference, walkers: int = WALKERS, steps: int = STEPS, burn_in: int = BURN_IN,
           seed: int = DEFAULT_SEED, progress=None) -> Chain:
    """Run the seeded sampler from the calibrated point and mark the draws that pass the rule.

    The same inputs and seed give the same chain (emcee draws from a NumPy RandomState seeded here).
    """
    ids = calibrate.calibrated_ids(inputs)
    lo, hi = calibrate.bounds(inputs, ids)
    rng = np.random.default_rng(seed)
    misfit = misfit_factor(inputs, reference)
    sigma = sigma_eur(misfit)
    p0, start_accepted, start_candidates = start_points(inputs, reference, ids, lo, hi, walkers, rng, misfit)
    # the walkers move in unit coordinates (each plausible range mapped to [0, 1]): the ranges differ by
    # eight orders of magnitude, too much for the proposal's covariance in the ids' own units
    width = hi - lo
    factor = laplace_factor(inputs, reference, ids, lo, hi, misfit) / width[:, None]
    cov = PROPOSAL_SCALE ** 2 * factor @ factor.T
    moves = [(emcee.moves.GaussianMove((cov + cov.T) / 2), GAUSSIAN_SHARE), (emcee.moves.DEMove(), 1 - GAUSSIAN_SHARE)]
    sampler = emcee.EnsembleSampler(
        walkers, len(ids), lambda u: log_probability(inputs, reference, ids, lo, hi, lo + u * width, sigma),
        moves=moves, vectorize=True)
    sampler.random_state = np.random.RandomState(seed).get_state()  # emcee draws its moves from this state
    for _ in sampler.sample((p0 - lo) / width, iterations=steps):
        if progress is not None:
            progress(1)
    draws = lo + sampler.get_chain(discard=burn_in, thin=THIN) * width
    flat = draws.reshape(-1, len(ids))
    accepted = accepted_many(inputs, reference, ids, flat).reshape(draws.shape[:2])
    return Chain(ids, draws, accepted, float(np.mean(sampler.acceptance_fraction)), start_accepted, start_candidates,
                 misfit)

