"""The scenarios: baseline per municipality, Samenwerking 2.0 and 3.0 derived from it.

All amounts are EUR per year. Every parameter may be a float or a NumPy array over a leading
*draws* axis (shape ``(N,)``); every cost series then has shape ``(N, T)`` with the years on the
last axis, so one call evaluates many parameter sets at once. The model reads the typed
parameters (:mod:`bizcase.core.params`), never ids.

The rules, in the order of the report (decisions log ``docs/decisions.md``):

* baseline (ch. 4): personnel = FTE x cost per FTE, indexed; non-personnel exploitation
  indexed; capital charges level except for write-offs; renewal investment per inhabitant,
  capitalised as applications at the municipal interest rate (:mod:`bizcase.core.renewal`);
* Samenwerking 2.0 (par. 5.1-5.2): from the ICT centre's start the FTE table of one ICT centre
  plus a CIO office per municipality, new renewal vintages financed at the collaboration's rate
  and term, the project, programme, transition and friction costs;
* Samenwerking 3.0 (par. 5.3): Samenwerking 2.0 plus the harmonisation schedule's effects
  (applications, infrastructure, staff, implementation) one lag later, and its investment;
* one-off costs are dated relative to the event they belong to (:mod:`bizcase.core.timing`);
  every euro of them lands either in the modelled years or in ``Result.oneoff_after``;
* after the computed years (par. 6.1, D6, D31): the extrapolated year and the projection years
  (for break-even only) take the levels of the last computed year (prices, renewal vintages,
  the programme's table), grown once by indexation and a separate volume growth; every date acts
  in its own calendar year, so a running cost that starts after the computed years enters from
  its start and one that ends stops after its end. S3.0 keeps its running difference to S2.0 at
  the extrapolated year's own levels, with the harmonisation effect of each calendar year; one-off
  costs are never extrapolated: they fall in their own years through the projection horizon;
* collaboration costs are split between the municipalities by inhabitants (par. 3.7).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from bizcase.core.allocation import allocate, inhabitant_shares
from bizcase.core.params import Params
from bizcase.core.renewal import renewal_charges, renewal_outlays
from bizcase.core.schema import COLLABORATIONS, MUNICIPALITIES, OTHER_CATEGORIES
from bizcase.core.timing import (ONE_OFF_CATEGORIES, col, dated_table, index_factors, one_off_costs, one_off_inputs,
                                 operating_effect)

EXPLOITATION_CATEGORIES = ("personnel", "applications") + OTHER_CATEGORIES
# the collaboration programme's costs are running costs of the programme (decision D17): dated
# from the programme's start in the computed years, continued like every running cost after them
RUNNING_CATEGORIES = EXPLOITATION_CATEGORIES + ("renewal_capital_charges", "programme", "overhead")
CATEGORIES = EXPLOITATION_CATEGORIES + (
    "renewal_capital_charges", "project", "programme", "transition", "friction",
    "harmonisation_investment", "overhead",
)
# the report's investment (par. 5.2, 5.3; decision D17): which one-offs it counts
INVESTMENT_CATEGORIES = {"s2": ("project", "transition", "friction"),
                         "s3": ("project", "transition", "friction", "harmonisation_investment")}


@dataclass
class Result:
    """Model output: cost series per (municipality, scenario) and category, EUR per year.

    ``years`` are the modelled years (computed plus the extrapolated one). The break-even
    projection runs on through ``projection_years``: ``projected_baseline`` and
    ``projected_combined`` hold the running categories there (each broadcasts against
    ``projection_years``), ``projected_oneoffs`` every one-off category in its own year. What the
    inputs state but falls in none of these years (after the horizon, or never because its event
    never happens) is :attr:`oneoff_uncounted`.
    """

    years: np.ndarray
    baseline: dict  # municipality -> {category: array (..., T)}
    combined: dict  # scenario -> {category: array (..., T)}
    fte: dict  # scenario -> array (..., T), ICT staff of both municipalities incl. CIO offices
    shares: dict  # municipality -> inhabitant share (array (...,))
    oneoff_input: dict  # scenario -> {one-off category: amount the inputs state (EUR)}
    projection_years: np.ndarray  # the years after ``years`` through the break-even horizon
    projected_baseline: dict  # municipality -> {running category: array (..., P)}
    projected_combined: dict  # scenario -> {running category: array (..., P)}, both municipalities
    projected_oneoffs: dict  # scenario -> {one-off category: array (..., P)} in the projection years
    renewal_outlays: dict  # scenario -> renewal investments as paid, both municipalities (cash view)

    @cached_property
    def costs(self) -> dict:
        """(municipality, scenario) -> {category: array}: the baselines, and each
        municipality's inhabitant share of the collaboration scenarios (computed on first use)."""
        out = {}
        for m in MUNICIPALITIES:
            out[(m, "baseline")] = self.baseline[m]
            for sc in COLLABORATIONS:
                out[(m, sc)] = allocate(self.combined[sc], self.shares[m])
        return out

    def total(self, municipality: str, scenario: str) -> np.ndarray:
        if scenario == "baseline":
            return sum(self.baseline[municipality].values())
        return np.asarray(self.shares[municipality], float)[..., None] * self.combined_total(scenario)

    def combined_total(self, scenario: str) -> np.ndarray:
        return sum(self.combined[scenario].values())

    @cached_property
    def projected_difference(self) -> dict:
        """Scenario -> yearly difference to the baseline in the projection years (EUR, (..., P)):
        the running categories' difference plus the one-offs of each year."""
        out = {}
        for sc in COLLABORATIONS:
            running = sum(self.projected_combined[sc][c] - both(self.projected_baseline, c) for c in RUNNING_CATEGORIES)
            out[sc] = running + sum(self.projected_oneoffs[sc].values())
        return out

    @cached_property
    def oneoff_after(self) -> dict:
        """Scenario -> {one-off category: the amount (EUR) that falls after the modelled years}."""
        return {sc: {c: amount - np.sum(self.combined[sc][c], axis=-1) for c, amount in stated.items()}
                for sc, stated in self.oneoff_input.items()}

    @cached_property
    def oneoff_projected(self) -> dict:
        """Scenario -> {one-off category: the amount (EUR) in the projection years}: counted in the
        break-even projection, not in the modelled years' totals."""
        return {sc: {c: np.sum(v, axis=-1) for c, v in later.items()} for sc, later in self.projected_oneoffs.items()}

    @cached_property
    def oneoff_uncounted(self) -> dict:
        """Scenario -> {one-off category: the amount (EUR) counted nowhere}: it falls after the
        projection horizon, or never (its event never happens)."""
        return {sc: {c: after[c] - self.oneoff_projected[sc][c] for c in after}
                for sc, after in self.oneoff_after.items()}

    @property
    def investment_eur(self) -> dict:
        """One-off investment per collaboration scenario as the report counts it (D17), EUR:
        what the inputs state, wherever it falls."""
        return {sc: sum(self.oneoff_input[sc][c] for c in cats) for sc, cats in INVESTMENT_CATEGORIES.items()}

    def investment_after(self, scenario: str) -> np.ndarray:
        """The part of the report's investment that falls after the modelled years (EUR)."""
        return sum(self.oneoff_after[scenario][c] for c in INVESTMENT_CATEGORIES[scenario])

    def investment_projected(self, scenario: str) -> np.ndarray:
        """The part of the report's investment in the projection years (EUR): counted in break-even."""
        return sum(self.oneoff_projected[scenario][c] for c in INVESTMENT_CATEGORIES[scenario])

    def investment_uncounted(self, scenario: str) -> np.ndarray:
        """The part of the report's investment counted nowhere (EUR): after the horizon, or never."""
        return sum(self.oneoff_uncounted[scenario][c] for c in INVESTMENT_CATEGORIES[scenario])


def same_shape(series: dict) -> dict:
    """All series broadcast to one common shape (draws, years): read-only views, no copies."""
    shape = np.broadcast_shapes(*(np.shape(v) for v in series.values()))
    return {cat: np.broadcast_to(np.asarray(v, dtype=float), shape) for cat, v in series.items()}


def both(series: dict, cat: str) -> np.ndarray:
    """A category summed over the two municipalities' series (Haarlem first)."""
    first, second = (series[m][cat] for m in MUNICIPALITIES)
    return first + second


def baseline(P: Params, name: str, years, index, level=None) -> dict:
    """Baseline cost categories of one municipality (EUR per year, ch. 4).

    ``years`` are the calendar years (a write-off ends after its last year); ``level`` the years
    whose renewal vintages set the capital charges (default ``years``), ``index`` their price
    index. Each series keeps its own shape: it broadcasts against ``years``.
    """
    m = P.municipality(name)
    years = np.asarray(years)
    level = years if level is None else np.asarray(level)
    personnel = col(m.fte) * col(P.cost_per_fte) * index
    exploitation = col(m.exploitation) * index
    non_personnel = exploitation + col(m.capital)
    applications_share = col(P.applications_share)
    writeoffs = sum(col(w.amount) * (years <= col(w.last_year)) for w in m.writeoffs)
    costs = {"personnel": personnel, "applications": applications_share * non_personnel + writeoffs}
    for cat in OTHER_CATEGORIES:
        costs[cat] = (1 - applications_share) * col(P.category_split[cat]) * non_personnel
    costs["renewal_capital_charges"] = renewal_charges(P, m, level, collaboration=False)
    zero = np.zeros(1)
    return {cat: costs.get(cat, zero) for cat in CATEGORIES}


def collaboration(P: Params, base: dict, years, index, effect=None, level=None) -> dict:
    """Combined running cost categories of Samenwerking 2.0, or of 3.0 when ``effect`` (the
    harmonised share taking effect per calendar year, see
    :func:`bizcase.core.timing.operating_effect`) is given; EUR per year.

    ``years`` are the calendar years (the ICT centre operates, the overhead runs, from their
    start); ``level`` the years whose renewal vintages and programme table set the level
    (default ``years``), ``index`` their price index. The one-off categories are dated by
    :func:`bizcase.core.timing.one_off_costs`. Each series keeps its own shape.
    """
    s3 = effect is not None
    years = np.asarray(years)
    level = years if level is None else np.asarray(level)
    centre, H = P.centre, P.harmonisation
    operating = years >= col(centre.start_year)
    combined = {cat: both(base, cat) for cat in RUNNING_CATEGORIES}
    out = dict(combined)
    fte_centre = centre.fte
    if s3:
        fte_centre = s3_centre_fte(P, effect)
        out["applications"] = combined["applications"] * (1 - col(H.software_reduction) * effect)
        out["infrastructure"] = combined["infrastructure"] * (1 - col(H.infrastructure_reduction) * effect)
    cio = len(P.municipalities) * col(centre.cio_office_fte)  # one CIO office per municipality
    out["personnel"] = np.where(operating, (fte_centre + cio) * col(P.cost_per_fte) * index, combined["personnel"])
    out["renewal_capital_charges"] = sum(
        renewal_charges(P, m, level, collaboration=True, s3=s3) for m in P.municipalities
    )
    # the programme's table in the computed years; after them its last computed level continues
    computed = level <= col(P.period.last)
    out["programme"] = (1 + col(P.optimism_bias)) * computed * dated_table(
        P.programme.items, P.programme.start_year, level, P.first_year_share)
    oh = centre.overhead
    overhead_from = col(oh.when(centre.start_year))
    out["overhead"] = col(oh.included) * col(oh.amount) * (years >= overhead_from) * operating
    return {cat: out[cat] for cat in RUNNING_CATEGORIES}


def s3_centre_fte(P: Params, effect) -> np.ndarray:
    """Staff of the ICT centre in S3.0 (FTE): from the ICT-centre table towards the S3.0 table.

    The S3.0 table describes the end state, ``fte_reference_share`` harmonised; the reduction
    follows the share that takes effect (decision D5), beyond it proportionally.
    """
    centre, target = P.centre.fte, P.harmonisation.fte
    reference = col(P.harmonisation.fte_reference_share)
    return centre - (centre - target) * np.divide(effect, reference, out=np.zeros(np.broadcast_shapes(
        np.shape(effect), np.shape(reference))), where=reference > 0)


def growth(P: Params) -> np.ndarray:
    """The growth from the last computed year to the years after it: indexation times a separate
    volume growth, ``(1 + indexation_rate) * (1 + volume_growth)`` (par. 6.1, D6), per draw."""
    return col((1 + np.asarray(P.indexation_rate, float)) * (1 + np.asarray(P.volume_growth, float)))


def scaled(series: dict, factor) -> dict:
    return {cat: v * factor for cat, v in series.items()}


def joined(computed, after, n: int) -> np.ndarray:
    """The modelled series: a series over the ``n`` computed years, then the first year (the
    extrapolated one) of a series over the years after them."""
    first_after = np.asarray(after, float)[..., :1]
    lead = np.broadcast_shapes(np.shape(computed)[:-1], first_after.shape[:-1])
    return np.concatenate([np.broadcast_to(computed, lead + (n,)), np.broadcast_to(first_after, lead + (1,))], axis=-1)


def later(after, n: int) -> np.ndarray:
    """The projection years (the ``n`` years after the extrapolated one) of a series over the
    years after the computed ones: a read-only view."""
    after = np.asarray(after, float)
    return np.broadcast_to(after, after.shape[:-1] + (n + 1,))[..., 1:]


def evaluate(inputs, overrides: dict | None = None) -> Result:
    """Run all scenarios of ``inputs`` (:class:`bizcase.core.inputs.Inputs`); ``overrides``
    (id -> float or array over draws) replace values of the register for this evaluation."""
    return run(inputs.with_values(overrides))


def after_computed(P: Params, years_after) -> tuple:
    """The running categories in the years after the computed ones (the extrapolated year and the
    projection), decision D31: baseline and S2.0 at the last computed year's levels grown once
    (:func:`growth`); S3.0 at S2.0 plus its running difference to S2.0 at the extrapolated year's
    own levels. Every date acts in its calendar year. Returns (baseline per municipality, S2.0, S3.0)."""
    first, last = P.period.first, P.period.last
    grown = growth(P)
    at = {"last": np.array([int(last)]), "extrapolated": np.array([int(last) + 1])}
    index = {k: index_factors(P.indexation_rate, first, y) for k, y in at.items()}
    raw = {m: baseline(P, m, years_after, index["last"], level=at["last"]) for m in MUNICIPALITIES}
    base = {m: scaled(raw[m], grown) for m in MUNICIPALITIES}
    s2 = scaled(collaboration(P, raw, years_after, index["last"], level=at["last"]), grown)
    own = {m: baseline(P, m, years_after, index["extrapolated"], level=at["extrapolated"]) for m in MUNICIPALITIES}
    effect = operating_effect(P, years_after)
    s2_own = collaboration(P, own, years_after, index["extrapolated"], level=at["extrapolated"])
    s3_own = collaboration(P, own, years_after, index["extrapolated"], effect, level=at["extrapolated"])
    s3 = {cat: s2[cat] + (s3_own[cat] - s2_own[cat]) for cat in RUNNING_CATEGORIES}
    return base, s2, s3


def run(P: Params) -> Result:
    """Run all scenarios of the typed parameters ``P``."""
    first, last = int(P.period.first), int(P.period.last)
    computed = np.arange(first, last + 1)
    horizon = np.arange(first, int(P.period.extrapolated + P.period.projection_years) + 1)
    years_after = horizon[len(computed):]
    n_later = len(years_after) - 1
    years = horizon[:len(computed) + 1]
    index = index_factors(P.indexation_rate, first, computed)
    base_c = {m: baseline(P, m, computed, index) for m in MUNICIPALITIES}
    s2_c = collaboration(P, base_c, computed, index)
    s3_c = collaboration(P, base_c, computed, index, operating_effect(P, computed))
    base_a, s2_a, s3_a = after_computed(P, years_after)
    base = {m: same_shape({c: joined(base_c[m][c], base_a[m][c], len(computed)) for c in CATEGORIES}) for m in MUNICIPALITIES}
    combined = {"baseline": {cat: both(base, cat) for cat in CATEGORIES}}
    oneoff_input, projected, projected_oneoffs = {}, {}, {}
    modelled = horizon <= years[-1]
    for sc, run_c, run_a in (("s2", s2_c, s2_a), ("s3", s3_c, s3_a)):
        dated = one_off_costs(P, horizon, s3=sc == "s3")
        oneoff_input[sc] = one_off_inputs(P, s3=sc == "s3")
        series = {c: joined(run_c[c], run_a[c], len(computed)) for c in RUNNING_CATEGORIES}
        series.update({c: v[..., modelled] for c, v in dated.items()})
        combined[sc] = same_shape({c: series[c] for c in CATEGORIES})
        projected[sc] = {c: later(run_a[c], n_later) for c in RUNNING_CATEGORIES}
        projected_oneoffs[sc] = {c: v[..., ~modelled] for c, v in dated.items()}
    outlays = {"baseline": renewal_outlays(P, computed), "s3": renewal_outlays(P, computed, s3=True)}
    at_last = np.array([last])
    outlays = {k: joined(v, renewal_outlays(P, at_last, s3=k == "s3") * growth(P), len(computed)) for k, v in outlays.items()}
    outlays["s2"] = outlays["baseline"]
    return Result(
        years=years, baseline=base, combined=combined, fte=staff(P, years, operating_effect(P, years)),
        shares=inhabitant_shares(P), oneoff_input=oneoff_input, projection_years=horizon[len(years):],
        projected_baseline={m: {c: later(base_a[m][c], n_later) for c in RUNNING_CATEGORIES} for m in MUNICIPALITIES},
        projected_combined=projected, projected_oneoffs=projected_oneoffs, renewal_outlays=outlays,
    )


def staff(P: Params, years, effect) -> dict:
    """ICT staff of both municipalities per scenario and year (FTE, incl. CIO offices)."""
    years = np.asarray(years)
    operating = years >= col(P.centre.start_year)
    first, second = (np.asarray(m.fte) for m in P.municipalities)
    base = col(first + second) + 0 * years
    cio = len(P.municipalities) * col(P.centre.cio_office_fte)  # one CIO office per municipality
    return {
        "baseline": base,
        "s2": np.where(operating, P.centre.fte + cio, base),
        "s3": np.where(operating, s3_centre_fte(P, effect) + cio, base),
    }
