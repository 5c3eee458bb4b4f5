"""The figure layer: every headline number a reader sees, computed once from one model run.

The report's chapters, ``summary.json``, the command line's table and both workbooks take their
figures from here, so they cannot disagree. Each figure follows the conventions of the decisions
log: break-even through the projection horizon (D7, per municipality too), the saving over the
modelled years (D8) and where it falls, the investment as the report counts it (D17) and how much
of it falls after the modelled years (D28). Uncertainty statements (:func:`uncertainty`) take every
share over all Monte Carlo draws.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from bizcase.analysis.sensitivity import outcome_key
from bizcase.core import allocation, metrics
from bizcase.core.model import evaluate
from bizcase.core.schema import COLLABORATIONS, MUNICIPALITIES
from bizcase.core.timing import first_effect_year
from bizcase.publish.formatting import NO_CHANGE_EUR

# Ids that act on the Monte Carlo analysis only (its number of draws and its seed).
MONTE_CARLO_IDS = ("montecarlo_draws", "montecarlo_seed")


@dataclass(frozen=True)
class OneOffCount:
    """Where the amount of one one-off category of a scenario is counted (EUR, uplift included):
    in the modelled years' totals, in the break-even projection only, or nowhere (after the
    projection horizon, or never because its event never happens)."""

    category: str
    stated: float  # as the inputs state it
    in_period: float  # in the totals of the modelled years
    in_projection: float  # in the projection years: counted in the break-even year, not in the totals
    uncounted: float  # counted nowhere
    never: bool  # its event never happens (the S3.0 investment when harmonisation never takes effect)


@dataclass(frozen=True)
class ScenarioFigures:
    """The headline figures of one collaboration scenario, both municipalities together (EUR)."""

    scenario: str
    total: float  # costs over the modelled years
    difference: tuple  # yearly difference to the baseline, modelled years (positive: dearer)
    cumulative_difference: float  # over the modelled years
    cumulative_difference_computed: float  # over the computed years only (without the extrapolated one)
    saving_pct: float  # minus the difference over the modelled years, as % of the baseline (D8)
    saving_pct_computed: float  # the same over the computed years only
    break_even_year: float  # D7, NaN: not within the horizon
    payback_years: float  # from the ICT centre's start up to and including the break-even year
    investment: float  # the report's investment (D17)
    investment_in_period: float
    investment_after_period: float  # in_projection + uncounted of the investment's categories
    investment_projected: float  # counted in the break-even projection only
    investment_uncounted: float  # counted nowhere (after the horizon, or never)
    one_offs: tuple  # OneOffCount per one-off category of the scenario
    npv: float  # net present value of the yearly differences (D21)
    cumulative_cash: float  # cumulative difference on a cash basis (D26)
    npv_cash: float
    break_even_by_municipality: dict  # municipality -> year (D7, inhabitants key; NaN: none)
    cumulative_by_municipality: dict  # municipality -> cumulative difference over the modelled years


@dataclass(frozen=True)
class Figures:
    """Headline figures of one model run."""

    years: tuple  # the modelled years (computed plus extrapolated)
    horizon: int  # the last year of the break-even projection
    baseline_total: float  # the baseline of both municipalities over the modelled years
    shares: dict  # municipality -> inhabitant share (the report's allocation key)
    s2: ScenarioFigures
    s3: ScenarioFigures

    @property
    def first(self) -> int:
        return self.years[0]

    @property
    def extrapolated(self) -> int:
        return self.years[-1]

    @property
    def last_computed(self) -> int:
        return self.years[-2]

    @property
    def period(self) -> str:
        """The modelled years as the report writes them: '2013-2018'."""
        return f"{self.first}-{self.extrapolated}"

    @property
    def computed_period(self) -> str:
        return f"{self.first}-{self.last_computed}"

    def scenario(self, sc: str) -> ScenarioFigures:
        return {"s2": self.s2, "s3": self.s3}[sc]


def _f(x) -> float:
    return float(np.asarray(x, float))


def _cents(x) -> float:
    """An amount split over periods, to the cent: a split that leaves a rounding residue of a
    fraction of a cent reports 0, not a residue."""
    return round(_f(x), 2) + 0.0


def one_off_counts(P, result, sc: str) -> tuple:
    """:class:`OneOffCount` of every one-off category that scenario ``sc`` states an amount for."""
    never = {"harmonisation_investment": not np.isfinite(float(first_effect_year(P)))}
    out = []
    for c, stated in result.oneoff_input[sc].items():
        if not _f(stated):
            continue
        out.append(OneOffCount(category=c, stated=_cents(stated),
                               in_period=_cents(np.sum(result.combined[sc][c], axis=-1)),
                               in_projection=_cents(result.oneoff_projected[sc][c]),
                               uncounted=_cents(result.oneoff_uncounted[sc][c]), never=never.get(c, False)))
    return tuple(out)


def scenario_figures(inputs, result, sc: str, summary: dict) -> ScenarioFigures:
    """The figures of scenario ``sc`` ('s2' or 's3') of one scalar model run."""
    P = inputs.params
    base = np.asarray(result.combined_total("baseline"), float)
    total = np.asarray(result.combined_total(sc), float)
    d = metrics.difference(total, base)
    computed = slice(0, len(result.years) - 1)
    cash = metrics.difference(metrics.cash_total(result, sc), metrics.cash_total(result, "baseline"))
    years, by_m = metrics.municipal_horizon_difference(result, P, sc)
    s = summary[sc]
    return ScenarioFigures(
        scenario=sc, total=_f(total.sum()), difference=tuple(float(v) for v in d),
        cumulative_difference=_f(s.cumulative_difference), cumulative_difference_computed=_f(d[computed].sum()),
        saving_pct=_f(s.saving_pct), saving_pct_computed=_f(metrics.saving_pct(d[computed], base[computed])),
        break_even_year=_f(s.break_even_year),
        payback_years=_f(metrics.payback_years(s.break_even_year, P.centre.start_year)),
        investment=_f(s.investment), investment_in_period=_cents(s.investment_in_period),
        investment_after_period=_cents(s.investment_after_period), investment_projected=_cents(s.investment_projected),
        investment_uncounted=_cents(s.investment_uncounted), one_offs=one_off_counts(P, result, sc),
        npv=_f(metrics.npv(d, result.years, P.discount_rate, P.period.first)),
        cumulative_cash=_f(np.sum(cash)),
        npv_cash=_f(metrics.npv(cash, result.years, P.discount_rate, P.period.first)),
        break_even_by_municipality={m: _f(metrics.break_even_year(by_m[m], years)) for m in MUNICIPALITIES},
        cumulative_by_municipality={m: _f(np.sum(by_m[m][..., :len(result.years)])) for m in MUNICIPALITIES},
    )


def headline(inputs, result) -> Figures:
    """Every headline figure of one scalar model run (:func:`bizcase.core.model.evaluate`)."""
    summary = metrics.summary(result)
    return Figures(
        years=tuple(int(y) for y in result.years), horizon=int(result.projection_years[-1]),
        baseline_total=_f(np.sum(result.combined_total("baseline"))),
        shares={m: _f(result.shares[m]) for m in MUNICIPALITIES},
        **{sc: scenario_figures(inputs, result, sc, summary) for sc in COLLABORATIONS})


@dataclass(frozen=True)
class Overhead:
    """The ICT centre's overhead: the report estimates it as the scale disadvantage it expects but
    leaves it out of its figures (D13). ``counted`` holds the headline figures with the overhead
    counted (this edition's own figures when it counts it already)."""

    amount: float  # EUR a year
    first_year: int  # the first year it is counted
    included: bool  # this edition counts it
    counted: Figures


OVERHEAD_SWITCH = "overhead_included"  # the register id that counts the overhead


def overhead(inputs, result, figures: Figures) -> Overhead:
    """What counting the overhead does to the headline figures (no refit: the same reconstruction)."""
    o = inputs.params.centre.overhead
    included = bool(o.included)
    counted = figures if included else headline(inputs, evaluate(inputs, {OVERHEAD_SWITCH: 1.0}))
    return Overhead(amount=_f(o.amount), first_year=int(o.when(inputs.params.centre.start_year)), included=included,
                    counted=counted)


@dataclass(frozen=True)
class KeyOutcome:
    """One municipality's outcome in one scenario under one allocation key (headline convention)."""

    key: str
    scenario: str
    municipality: str
    cumulative_difference: float  # over the modelled years, against its own baseline
    break_even_year: float  # D7 through the projection horizon (NaN: none)


def allocation_outcomes(inputs, result) -> list:
    """:class:`KeyOutcome` for every allocation key, scenario and municipality (par. 3.7, D22)."""
    out = []
    for key in allocation.KEYS:
        for sc in COLLABORATIONS:
            years, by_m = metrics.municipal_horizon_difference(result, inputs.params, sc, key)
            for m in MUNICIPALITIES:
                out.append(KeyOutcome(key, sc, m, _f(np.sum(by_m[m][..., :len(result.years)])),
                                      _f(metrics.break_even_year(by_m[m], years))))
    return out


@dataclass(frozen=True)
class Uncertainty:
    """What the Monte Carlo analysis says about one scenario, every share over all draws."""

    scenario: str
    draws: int
    p_cheaper: dict  # year -> share of all draws cumulatively cheaper than the baseline by then
    median_break_even: float  # first year by which half of all draws break even (NaN: none)
    p_break_even_by: dict  # year -> share of all draws that break even in or before that year
    p_no_break_even: float  # share of all draws that do not break even within the horizon
    point_break_even: float  # the point estimate (D7), for comparison
    p_break_even_by_point: float  # share of all draws that break even by the point estimate's year
    cumulative_percentiles: dict  # percentile -> cumulative difference over the modelled years (EUR)
    point_cumulative: float  # the point estimate's cumulative difference over the modelled years (EUR)
    point_below: float  # share of all draws with a smaller cumulative difference (cheaper than the point)
    point_above: float  # share of all draws with a larger one (dearer than the point)
    point_percentile: float  # the point's percentile rank among all draws (ties counted half)


@dataclass(frozen=True)
class OneSided:
    """An uncertain assumption whose value in this run is an end of its analysis range: its draws
    and its tornado bar can go one way only."""

    id: str
    end: str  # 'low': the value is the low end of the range; 'high': the high end
    other_end: float  # the range's other end
    effect: dict  # scenario -> change of the cumulative difference (EUR) at the other end (positive: dearer)

    @property
    def moves(self) -> bool:
        """Whether the other end changes either scenario's cumulative difference by at least half a
        euro (what the report prints as a change): only then do the one-way draws shift the point's place."""
        return any(abs(e) >= NO_CHANGE_EUR for e in self.effect.values())


def uncertainty(figures: Figures, analyses) -> dict:
    """Scenario -> :class:`Uncertainty` from the Monte Carlo analysis (:class:`bizcase.analysis.content.Analyses`)."""
    out = {}
    for sc in COLLABORATIONS:
        s = analyses.montecarlo[sc]
        point = figures.scenario(sc).break_even_year
        by = s["p_break_even_by"]
        out[sc] = Uncertainty(
            scenario=sc, draws=int(analyses.draws), p_cheaper=dict(s["p_cheaper"]),
            median_break_even=float(s["break_even_median"]), p_break_even_by=dict(by),
            p_no_break_even=float(s["p_no_break_even"]), point_break_even=point,
            p_break_even_by_point=float(by[int(point)]) if np.isfinite(point) else float("nan"),
            cumulative_percentiles=dict(s["cumulative_percentiles"]), point_cumulative=float(s["point"]["cumulative"]),
            point_below=float(s["point_position"]["cumulative"]["below"]),
            point_above=float(s["point_position"]["cumulative"]["above"]),
            point_percentile=float(s["point_position"]["cumulative"]["percentile"]))
    return out


def one_sided(analyses) -> tuple:
    """:class:`OneSided` for every assumption whose value is an end of its analysis range, in the
    tornado's order (largest swing first), with the effect of its other end from the tornado."""
    ends = analyses.one_sided
    out = []
    for row in analyses.tornado:
        if row.id not in ends:
            continue
        other, at = (row.high, row.at_high) if ends[row.id] == "low" else (row.low, row.at_low)
        base = row.at_low if ends[row.id] == "low" else row.at_high
        out.append(OneSided(row.id, ends[row.id], float(other),
                            {sc: float(at[outcome_key("cumulative", sc)] - base[outcome_key("cumulative", sc)])
                             for sc in COLLABORATIONS}))
    return tuple(out)


def signature(inputs) -> np.ndarray:
    """Every figure of one edition but the Monte Carlo analysis, as one vector: the cost series,
    the projection, and the headline and per-key figures."""
    result = evaluate(inputs)
    f = headline(inputs, result)
    parts = [np.ravel(np.asarray(v, float)) for sc in result.combined for v in result.combined[sc].values()]
    parts += [np.ravel(np.asarray(result.projected_difference[sc], float)) for sc in COLLABORATIONS]
    parts.append(np.array([x for sc in COLLABORATIONS for x in dataclasses.astuple(f.scenario(sc))[2:]
                           if isinstance(x, float)]))
    parts.append(np.array([[o.cumulative_difference, o.break_even_year] for o in allocation_outcomes(inputs, result)]))
    return np.nan_to_num(np.concatenate([np.ravel(p) for p in parts]), nan=-1.0)


def inert_overrides(inputs) -> list:
    """The ids of the overrides that change no figure of this edition (an id that acts only together
    with another value, such as the overhead's amount while the overhead is not counted). An
    override equal to the value it replaces, and the Monte Carlo's settings, are not reported."""
    changed = [k for k, v in inputs.overrides.items() if inputs.defaults.get(k) != v and k not in MONTE_CARLO_IDS]
    if not changed:
        return []
    own = signature(inputs)
    out = []
    for key in changed:
        values = dict(inputs.values)
        if key in inputs.defaults:
            values[key] = inputs.defaults[key]
        else:
            values.pop(key)  # an optional override the register leaves blank
        if np.array_equal(signature(dataclasses.replace(inputs, values=values)), own):
            out.append(key)
    return out
