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
* the extrapolated year (par. 6.1): running costs of the baseline and S2.0 grow from the last
  computed year by indexation and a separate volume growth; S3.0 keeps its computed running
  difference to S2.0; one-off costs are never extrapolated: they fall in their own years;
* after the extrapolated year (for break-even only) the extrapolated year's running difference
  repeats and one-offs fall in their own years, through the projection horizon;
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

    ``years`` are the modelled years (computed plus the extrapolated one). One-offs that fall
    after them are in ``oneoff_after``; ``projection_years`` and ``projected_difference``
    carry each collaboration scenario's yearly difference to the baseline past the modelled
    years (the extrapolated year's running difference plus ``projected_oneoffs``, the one-offs
    in their own years).
    """

    years: np.ndarray
    baseline: dict  # municipality -> {category: array (..., T)}
    combined: dict  # scenario -> {category: array (..., T)}
    fte: dict  # scenario -> array (..., T), ICT staff of both municipalities incl. CIO offices
    shares: dict  # municipality -> inhabitant share (array (...,))
    oneoff_input: dict  # scenario -> {one-off category: amount the inputs state (EUR)}
    oneoff_after: dict  # scenario -> {one-off category: amount falling after the modelled years (EUR)}
    projection_years: np.ndarray  # the years after ``years`` through the break-even horizon
    projected_difference: dict  # scenario -> array (..., P): difference to baseline in projection years
    projected_oneoffs: dict  # scenario -> array (..., P): the one-off costs in the projection years
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

    @property
    def investment_eur(self) -> dict:
        """One-off investment per collaboration scenario as the report counts it (D17), EUR:
        what the totals contain plus what falls after the horizon."""
        return {sc: sum(np.sum(self.combined[sc][c], axis=-1) + self.oneoff_after[sc][c] for c in cats)
                for sc, cats in INVESTMENT_CATEGORIES.items()}

    def investment_after(self, scenario: str) -> np.ndarray:
        """The part of the report's investment that falls after the modelled years (EUR)."""
        return sum(self.oneoff_after[scenario][c] for c in INVESTMENT_CATEGORIES[scenario])


def same_shape(series: dict) -> dict:
    """All series broadcast to one common shape (draws, years): read-only views, no copies."""
    shape = np.broadcast_shapes(*(np.shape(v) for v in series.values()))
    return {cat: np.broadcast_to(np.asarray(v, dtype=float), shape) for cat, v in series.items()}


def both(series: dict, cat: str) -> np.ndarray:
    """A category summed over the two municipalities' series (Haarlem first)."""
    first, second = (series[m][cat] for m in MUNICIPALITIES)
    return first + second


def baseline(P: Params, name: str, years, index) -> dict:
    """Baseline cost categories of one municipality (EUR per year, ch. 4)."""
    m = P.municipality(name)
    years = np.asarray(years)
    zero = np.zeros_like(index)
    personnel = col(m.fte) * col(P.cost_per_fte) * index
    exploitation = col(m.exploitation) * index
    level = col(m.capital) + zero
    non_personnel = exploitation + level
    applications_share = col(P.applications_share)
    writeoffs = sum(col(w.amount) * (years <= col(w.last_year)) for w in m.writeoffs)
    costs = {"personnel": personnel, "applications": applications_share * non_personnel + writeoffs}
    for cat in OTHER_CATEGORIES:
        costs[cat] = (1 - applications_share) * col(P.category_split[cat]) * non_personnel
    costs["renewal_capital_charges"] = renewal_charges(P, m, years, collaboration=False)
    for cat in CATEGORIES:
        costs.setdefault(cat, zero)
    return same_shape(costs)


def collaboration(P: Params, base: dict, years, index, effect=None) -> dict:
    """Combined running cost categories of Samenwerking 2.0, or of 3.0 when ``effect`` (the
    harmonised share taking effect per year, see :func:`bizcase.core.timing.operating_effect`)
    is given; EUR per year. The one-off categories are zero here: they are dated by
    :func:`bizcase.core.timing.one_off_costs`."""
    s3 = effect is not None
    years = np.asarray(years)
    centre, H = P.centre, P.harmonisation
    operating = years >= col(centre.start_year)
    combined = {cat: both(base, cat) for cat in CATEGORIES}
    out = dict(combined)
    fte_centre = centre.fte
    if s3:
        fte_centre = s3_centre_fte(P, effect)
        out["applications"] = combined["applications"] * (1 - col(H.software_reduction) * effect)
        out["infrastructure"] = combined["infrastructure"] * (1 - col(H.infrastructure_reduction) * effect)
    cio = len(P.municipalities) * col(centre.cio_office_fte)  # one CIO office per municipality
    out["personnel"] = np.where(operating, (fte_centre + cio) * col(P.cost_per_fte) * index, combined["personnel"])
    out["renewal_capital_charges"] = sum(
        renewal_charges(P, m, years, collaboration=True, effect=effect) for m in P.municipalities
    )
    # the programme's table in the computed years; the extrapolated year continues its level
    computed = years <= col(P.period.last)
    out["programme"] = (1 + col(P.optimism_bias)) * computed * dated_table(
        P.programme.items, P.programme.start_year, years, P.first_year_share)
    oh = centre.overhead
    overhead_from = col(oh.when(centre.start_year))
    out["overhead"] = col(oh.included) * col(oh.amount) * (years >= overhead_from) * operating
    for cat in ONE_OFF_CATEGORIES:
        out[cat] = np.zeros(years.shape)
    return same_shape({cat: out[cat] for cat in CATEGORIES})


def s3_centre_fte(P: Params, effect) -> np.ndarray:
    """Staff of the ICT centre in S3.0 (FTE): from the ICT-centre table towards the S3.0 table.

    The S3.0 table describes the end state, ``fte_reference_share`` harmonised; the reduction
    follows the share that takes effect (decision D5), beyond it proportionally.
    """
    centre, target = P.centre.fte, P.harmonisation.fte
    reference = col(P.harmonisation.fte_reference_share)
    return centre - (centre - target) * np.divide(effect, reference, out=np.zeros(np.broadcast_shapes(
        np.shape(effect), np.shape(reference))), where=reference > 0)


def extrapolate(series: dict, P: Params) -> dict:
    """Replace the last year of each running category by the year before grown by indexation
    and volume: ``x[T-1] = x[T-2] * (1 + indexation_rate) * (1 + volume_growth)`` (par. 6.1, D6).
    One-off categories are left as they are: they are dated, never extrapolated."""
    growth = (1 + np.asarray(P.indexation_rate, float)) * (1 + np.asarray(P.volume_growth, float))
    out = {}
    for cat, values in series.items():
        if cat in ONE_OFF_CATEGORIES:
            out[cat] = values
            continue
        last = values[..., -2] * growth
        v = np.array(np.broadcast_to(values, np.broadcast_shapes(values.shape, last.shape + values.shape[-1:])))
        v[..., -1] = last
        out[cat] = v
    return same_shape(out)


def evaluate(inputs, overrides: dict | None = None) -> Result:
    """Run all scenarios of ``inputs`` (:class:`bizcase.core.inputs.Inputs`); ``overrides``
    (id -> float or array over draws) replace values of the register for this evaluation."""
    return run(inputs.with_values(overrides))


def run(P: Params) -> Result:
    """Run all scenarios of the typed parameters ``P``."""
    years = np.arange(int(P.period.first), int(P.period.extrapolated) + 1)
    index = index_factors(P.indexation_rate, P.period.first, years)
    base = {m: baseline(P, m, years, index) for m in MUNICIPALITIES}
    effect = operating_effect(P, years)
    s2_computed = collaboration(P, base, years, index)
    s3_computed = collaboration(P, base, years, index, effect)
    s2 = extrapolate(s2_computed, P)
    s3 = {cat: s2[cat] + (s3_computed[cat] - s2_computed[cat]) for cat in CATEGORIES}
    base = {m: extrapolate(base[m], P) for m in MUNICIPALITIES}
    horizon = np.arange(int(P.period.first), int(P.period.extrapolated + P.period.projection_years) + 1)
    modelled = horizon <= years[-1]
    combined = {"baseline": {cat: both(base, cat) for cat in CATEGORIES}}
    oneoff_input, oneoff_after, projected, later_oneoffs = {}, {}, {}, {}
    for sc, series in (("s2", s2), ("s3", s3)):
        dated = one_off_costs(P, horizon, s3=sc == "s3")
        oneoff_input[sc] = one_off_inputs(P, s3=sc == "s3")
        oneoff_after[sc] = {cat: oneoff_input[sc][cat] - np.sum(v[..., modelled], axis=-1) for cat, v in dated.items()}
        for cat, v in dated.items():
            series[cat] = v[..., modelled]
        combined[sc] = same_shape(series)
        running_last = sum(combined[sc][c][..., -1] - combined["baseline"][c][..., -1] for c in RUNNING_CATEGORIES)
        later_oneoffs[sc] = sum(v[..., ~modelled] for v in dated.values())
        projected[sc] = col(running_last) + later_oneoffs[sc]
    outlays = extrapolate({"baseline": renewal_outlays(P, years), "s3": renewal_outlays(P, years, effect)}, P)
    outlays["s2"] = outlays["baseline"]
    return Result(
        years=years, baseline=base, combined=combined, fte=staff(P, years, effect),
        shares=inhabitant_shares(P), oneoff_input=oneoff_input, oneoff_after=oneoff_after,
        projection_years=horizon[~modelled], projected_difference=projected, projected_oneoffs=later_oneoffs,
        renewal_outlays=outlays,
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

