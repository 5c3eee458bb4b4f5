"""Typed parameters: one structure per concept of the business case, built once from the values.

The register and the tables hold values by id (``values``: id -> float, or an array over a leading
*draws* axis). :func:`build` turns them into :class:`Params`, which the model reads by attribute
(``P.centre.start_year``, ``P.municipality("Haarlem").fte``). Each attribute is read from exactly
one id, named in :func:`build` or in :data:`MUNICIPAL_IDS`: from a figure to its register row is
attribute -> id -> row of ``data/assumptions.csv``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, NamedTuple, Optional, Union

import numpy as np

from bizcase.core.schema import MUNICIPALITIES, SCHEDULE_PREFIX

Num = Union[float, np.ndarray]  # a value, or an array over a leading draws axis


@dataclass(frozen=True)
class Writeoff:
    """A block of capital charges that ends: ``amount`` (EUR per year) through ``last_year``."""

    amount: Num
    last_year: Num


@dataclass(frozen=True)
class Municipality:
    """One municipality's own figures (the baseline inputs and its allocation weights)."""

    name: str
    fte: Num  # ICT staff in the baseline (FTE)
    inhabitants: Num
    exploitation: Num  # indexed non-personnel exploitation in the first year (EUR)
    capital: Num  # level capital charges and fixed contracts (EUR per year)
    writeoffs: tuple  # Writeoff, ...
    term: Num  # depreciation term of its renewal vintages (applications, years)


class MunicipalIds(NamedTuple):
    """The register ids of one municipality's figures."""

    fte: str
    inhabitants: str
    exploitation: str
    capital: str
    writeoffs: tuple  # (amount id, last year id), ...
    term: str


MUNICIPAL_IDS = {
    "Haarlem": MunicipalIds(
        fte="fte_baseline_haarlem", inhabitants="inhabitants_haarlem",
        exploitation="baseline_exploitation_haarlem", capital="baseline_capital_haarlem",
        writeoffs=(("writeoff_haarlem", "writeoff_haarlem_last_year"),),
        term="term_applications_haarlem"),
    "Haarlemmermeer": MunicipalIds(
        fte="fte_baseline_haarlemmermeer", inhabitants="inhabitants_haarlemmermeer",
        exploitation="baseline_exploitation_haarlemmermeer", capital="baseline_capital_haarlemmermeer",
        writeoffs=(("writeoff_haarlemmermeer_a", "writeoff_haarlemmermeer_a_last_year"),
                   ("writeoff_haarlemmermeer_b", "writeoff_haarlemmermeer_b_last_year")),
        term="term_applications_haarlemmermeer"),
}


@dataclass(frozen=True)
class EventCost:
    """A cost dated from an event: ``offset`` years after it, or in ``year`` when that is set."""

    amount: Num
    offset: Num
    year: Optional[Num]

    def when(self, event_year) -> np.ndarray:
        """The calendar year of the cost (an array over draws where the inputs are)."""
        return np.asarray(self.year if self.year is not None else np.asarray(event_year, dtype=float) + self.offset,
                          dtype=float)


@dataclass(frozen=True)
class Overhead(EventCost):
    """The ICT centre's yearly overhead (EUR per year from its first year), counted when ``included``."""

    included: Num = 0.0


@dataclass(frozen=True)
class Centre:
    """Samenwerking 2.0: the joint ICT centre and what comes with it."""

    start_year: Num
    cio_office_fte: Num  # per municipality, outside the centre
    term: Num  # depreciation term of the collaboration's renewal vintages (years)
    interest_rate: Num
    project_factor_new: Num  # project costs of new functionality, collaboration
    transition: EventCost
    friction: EventCost
    overhead: Overhead
    project_items: tuple  # one-off items dated from the start (rows of project_costs.csv)
    fte: float  # staff of the ICT centre (FTE table)


@dataclass(frozen=True)
class Programme:
    """The collaboration programme (Samenwerking 1.0), dated from its own start."""

    start_year: Num
    items: tuple  # rows of programme_costs.csv


@dataclass(frozen=True)
class Harmonisation:
    """Samenwerking 3.0: the harmonisation schedule, its effects and its investment."""

    years: np.ndarray  # the schedule's calendar years
    shares: np.ndarray  # harmonised share per schedule year (..., years)
    lag: Num
    investment: Num
    share_year1: Num
    share_year2: Num
    software_reduction: Num
    infrastructure_reduction: Num
    fte_reference_share: Num  # the harmonised share the S3.0 FTE table describes
    fte: float  # staff of the ICT centre at that share (FTE table)


@dataclass(frozen=True)
class Period:
    """The modelled years: ``first`` through ``last`` computed, the year after extrapolated, and
    ``projection_years`` more for the break-even convention."""

    first: Num
    last: Num
    projection_years: Num

    @property
    def extrapolated(self):
        return self.last + 1


@dataclass(frozen=True)
class Params:
    """Everything the model reads, by concept."""

    period: Period
    indexation_rate: Num
    volume_growth: Num
    cost_per_fte: Num
    applications_share: Num
    category_split: Mapping  # other category -> share of the non-application part
    renewal_per_inhabitant: Num
    project_factor_new_baseline: Num
    interest_rate_municipal: Num
    municipalities: tuple  # Municipality, in MUNICIPALITIES order
    centre: Centre
    programme: Programme
    harmonisation: Harmonisation
    first_year_share: Num  # share of a table's first-year one-offs spent in that year (D3)
    optimism_bias: Num  # uplift on every one-off cost
    discount_rate: Num
    usage_one_off_share_haarlem: Num
    montecarlo_draws: Num
    montecarlo_seed: Num

    def municipality(self, name: str) -> Municipality:
        return self.municipalities[MUNICIPALITIES.index(name)]


def _schedule(values: Mapping) -> tuple[np.ndarray, np.ndarray]:
    """The harmonisation schedule's years and shares from the ``harmonised_share_<year>`` ids."""
    keys = sorted((k for k in values if k.startswith(SCHEDULE_PREFIX)), key=lambda k: int(k[len(SCHEDULE_PREFIX):]))
    years = np.array([int(k[len(SCHEDULE_PREFIX):]) for k in keys])
    shares = np.stack(np.broadcast_arrays(*[np.asarray(values[k], dtype=float) for k in keys]), axis=-1)
    return years, shares


def municipality(values: Mapping, name: str) -> Municipality:
    ids = MUNICIPAL_IDS[name]
    return Municipality(
        name=name, fte=values[ids.fte], inhabitants=values[ids.inhabitants], exploitation=values[ids.exploitation],
        capital=values[ids.capital], term=values[ids.term],
        writeoffs=tuple(Writeoff(values[amount], values[last]) for amount, last in ids.writeoffs))


def build(values: Mapping, tables) -> Params:
    """The typed parameters of ``values`` (id -> value or array over draws) and the input tables
    (``tables``: an object with the FTE table, the one-off items and the category split, such as
    :class:`bizcase.core.inputs.Inputs`). An optional override left blank is absent from ``values``."""
    v = values
    years, shares = _schedule(v)
    return Params(
        period=Period(first=v["year_first"], last=v["year_last"], projection_years=v["break_even_projection_years"]),
        indexation_rate=v["indexation_rate"],
        volume_growth=v["volume_growth"],
        cost_per_fte=v["cost_per_fte"],
        applications_share=v["applications_share"],
        category_split=tables.category_split,
        renewal_per_inhabitant=v["renewal_per_inhabitant"],
        project_factor_new_baseline=v["project_factor_new_baseline"],
        interest_rate_municipal=v["interest_rate_municipal"],
        municipalities=tuple(municipality(v, m) for m in MUNICIPALITIES),
        centre=Centre(
            start_year=v["ict_centre_start_year"],
            cio_office_fte=v["cio_office_fte"],
            term=v["term_applications_collaboration"],
            interest_rate=v["interest_rate_collaboration"],
            project_factor_new=v["project_factor_new_collaboration"],
            transition=EventCost(v["transition_cost"], v["transition_offset"], v.get("transition_year")),
            friction=EventCost(v["friction_cost"], v["friction_offset"], v.get("friction_year")),
            overhead=Overhead(v["overhead_ict_centre"], v["overhead_offset"], v.get("overhead_first_year"),
                              included=v["overhead_included"]),
            project_items=tuple(tables.project),
            fte=sum(r.ict_centre for r in tables.fte)),
        programme=Programme(start_year=v["programme_start_year"], items=tuple(tables.programme)),
        harmonisation=Harmonisation(
            years=years, shares=shares,
            lag=v["harmonisation_effect_lag"],
            investment=v["s3_investment"],
            share_year1=v["s3_investment_share_year1"],
            share_year2=v["s3_investment_share_year2"],
            software_reduction=v["s3_software_reduction"],
            infrastructure_reduction=v["s3_infrastructure_reduction"],
            fte_reference_share=v["s3_fte_reference_share"],
            fte=sum(r.s3 for r in tables.fte)),
        first_year_share=v["oneoff_first_year_share"],
        optimism_bias=v["optimism_bias_one_off"],
        discount_rate=v["discount_rate"],
        usage_one_off_share_haarlem=v["usage_one_off_share_haarlem"],
        montecarlo_draws=v["montecarlo_draws"],
        montecarlo_seed=v["montecarlo_seed"],
    )
