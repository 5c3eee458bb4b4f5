"""The scenarios: baseline per municipality, Samenwerking 2.0 and 3.0 derived from it.

All amounts are EUR per year. Every parameter may be a float or a NumPy array over a
leading *draws* axis (shape ``(N,)``); every cost series then has shape ``(N, T)`` with
the years on the last axis, so one call evaluates many parameter sets at once.

The rules, in the order of the report (decisions log ``docs/decisions.md``):

* baseline (ch. 4): personnel = FTE x cost per FTE, indexed; non-personnel exploitation
  indexed; capital charges level except for write-offs; renewal investment per
  inhabitant, capitalised as applications at the municipal interest rate;
* Samenwerking 2.0 (par. 5.1-5.2): from the ICT centre's start the FTE table of one ICT
  centre plus a CIO office per municipality, new renewal vintages financed at the
  collaboration's rate and term, the project, programme, transition and friction costs;
* Samenwerking 3.0 (par. 5.3): Samenwerking 2.0 plus the harmonisation schedule's effects
  (applications, infrastructure, staff, implementation) one lag later, and its investment;
* one-off costs (project, programme, transition, friction, the S3.0 investment) are dated
  relative to the event they belong to (the ICT centre's start, the programme's start, the
  first year in which harmonisation takes effect); an explicit year overrides; every euro of
  them lands either in the modelled years or in ``Result.oneoff_after`` (after the horizon);
* the extrapolated year (par. 6.1): running costs of the baseline and S2.0 grow from the last
  computed year by indexation and a separate volume growth; S3.0 keeps its computed running
  difference to S2.0; one-off costs are never extrapolated: they fall in their own years;
* after the extrapolated year (for break-even only) the extrapolated year's running
  difference repeats and one-offs fall in their own years, through the projection horizon;
* collaboration costs are split between the municipalities by inhabitants (par. 3.7).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .allocation import allocate, inhabitant_shares
from .capital import vintage_charges
from .inputs import MUNICIPALITIES, MUNICIPALITY_KEYS, OTHER_CATEGORIES, Inputs, schedule_years
from .schema import SCHEDULE_PREFIX, event_bound_year

EXPLOITATION_CATEGORIES = ("personnel", "applications") + OTHER_CATEGORIES
ONE_OFF_CATEGORIES = ("project", "transition", "friction", "harmonisation_investment")
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
WRITEOFFS = {"Haarlem": ("writeoff_haarlem",), "Haarlemmermeer": ("writeoff_haarlemmermeer_a", "writeoff_haarlemmermeer_b")}


def col(x) -> np.ndarray:
    """A parameter as an array that broadcasts against the year axis."""
    return np.asarray(x, dtype=float)[..., None]


def index_factors(rate, base_year, years) -> np.ndarray:
    """Price index per year (share, 1 in ``base_year``) at a yearly ``rate`` (share)."""
    return (1.0 + col(rate)) ** (np.asarray(years) - col(base_year))


def step_lookup(table_years, table_values, years) -> np.ndarray:
    """Value of a yearly schedule at ``years``: 0 before its first year, last value after.

    ``table_values`` has the schedule's years on its last axis and may carry a leading draws
    axis; ``years`` (the query) broadcasts against it.
    """
    table_years = np.asarray(table_years)
    values = np.asarray(table_values, dtype=float)
    pos = np.searchsorted(table_years, np.asarray(years), side="right") - 1
    lead = np.broadcast_shapes(values.shape[:-1], pos.shape[:-1])
    values = np.broadcast_to(values, lead + values.shape[-1:])
    pos = np.broadcast_to(pos, lead + pos.shape[-1:])
    picked = np.take_along_axis(values, np.clip(pos, 0, None), axis=-1)
    return np.where(pos >= 0, picked, 0.0)


def schedule(p: dict) -> tuple[np.ndarray, np.ndarray]:
    """The harmonisation schedule from the parameters: years and shares (draws, years)."""
    years = np.array(schedule_years(p))
    return years, np.stack([np.asarray(p[f"{SCHEDULE_PREFIX}{y}"], float) for y in years], axis=-1)


def dated_table(items, anchor, years, first_year_share) -> np.ndarray:
    """One-off items of a table (rows with ``offset``, optional ``year`` and ``amount_eur``)
    per calendar year of ``years``, EUR.

    An item falls ``offset`` years after the event year ``anchor`` (a float or an array over
    draws), or in its explicit ``year``. The amounts of the table's first year are spent for
    ``first_year_share`` in that year and for the rest in the year after (decision D3).
    """
    years = np.asarray(years)
    anchor = np.asarray(anchor, dtype=float)
    groups: dict = {}  # item year (float or array) -> summed amount; items grouped by their date
    for r in items:
        key = ("year", r.year) if r.year is not None else ("offset", r.offset)
        groups[key] = groups.get(key, 0.0) + r.amount_eur
    if not groups:
        return np.zeros(np.shape(anchor) + years.shape)
    dated = [(np.full(anchor.shape, float(v)) if kind == "year" else anchor + v, amount)
             for (kind, v), amount in groups.items()]
    first = np.minimum.reduce([y for y, _ in dated])
    share = col(first_year_share)
    out = 0.0
    for y, amount in dated:
        slips = col(y == first)
        kept = np.where(slips, share, 1.0)
        out = out + amount * (kept * (years == col(y)) + (1.0 - kept) * (years == col(y) + 1))
    return out + np.zeros(np.broadcast_shapes(np.shape(share)[:-1], np.shape(anchor)) + years.shape)


def item_year(row, anchor) -> float:
    """The calendar year a one-off table item is listed for: its explicit ``year``, else the
    event's year ``anchor`` plus its ``offset`` (before the first-year slip of :func:`dated_table`)."""
    return float(row.year) if row.year is not None else float(anchor) + row.offset


def dated_year(p: dict, name: str, event_year) -> np.ndarray:
    """Year of an event-bound cost (transition, friction, overhead): its explicit override if
    set, else the event's year plus its offset (decision D3, :data:`bizcase.schema.EVENT_BOUND`)."""
    return np.asarray(event_bound_year(p, name, np.asarray(event_year, dtype=float)), dtype=float)


def one_off_costs(inputs: Inputs, p: dict, years, s3: bool) -> dict:
    """Every one-off cost category of a collaboration scenario per calendar year (EUR),
    optimism-bias uplift included; ``years`` may run past the modelled period."""
    years = np.asarray(years)
    start = p["ict_centre_start_year"]
    uplift = 1 + col(p["optimism_bias_one_off"])
    share = p["oneoff_first_year_share"]
    out = {
        "project": dated_table(inputs.project, start, years, share),
        "transition": col(p["transition_cost"]) * (years == col(dated_year(p, "transition", start))),
        "friction": col(p["friction_cost"]) * (years == col(dated_year(p, "friction", start))),
        "harmonisation_investment": harmonisation_investment(p, years) if s3 else np.zeros(years.shape),
    }
    return {cat: uplift * v for cat, v in out.items()}


def one_off_inputs(inputs: Inputs, p: dict, s3: bool) -> dict:
    """The one-off amounts as the inputs state them (EUR, uplift included): what every
    scenario must account for, in its years or after the horizon."""
    uplift = 1 + np.asarray(p["optimism_bias_one_off"], dtype=float)
    return {
        "project": uplift * sum(r.amount_eur for r in inputs.project),
        "transition": uplift * np.asarray(p["transition_cost"], dtype=float),
        "friction": uplift * np.asarray(p["friction_cost"], dtype=float),
        "harmonisation_investment": uplift * np.asarray(p["s3_investment"], dtype=float) * s3,
    }


def harmonisation_effect(inputs: Inputs, p: dict, years) -> np.ndarray:
    """Share of the application landscape whose harmonisation affects costs in each year.

    The schedule's share of the year ``lag`` years earlier (decision D4).
    """
    table_years, table_values = schedule(p)
    query = np.asarray(years) - col(p["harmonisation_effect_lag"])
    return step_lookup(table_years, table_values, query)


def operating_effect(inputs: Inputs, p: dict, years) -> np.ndarray:
    """The harmonised share taking effect per year, 0 before the ICT centre operates."""
    years = np.asarray(years)
    return harmonisation_effect(inputs, p, years) * (years >= col(p["ict_centre_start_year"]))


@dataclass
class Result:
    """Model output: cost series per (municipality, scenario) and category, EUR per year.

    ``years`` are the modelled years (computed plus the extrapolated one). One-offs that fall
    after them are in ``oneoff_after``; ``projection_years`` and ``projected_difference``
    carry each collaboration scenario's yearly difference to the baseline past the modelled
    years (the extrapolated year's running difference plus one-offs in their own years).
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
    renewal_outlays: dict  # scenario -> renewal investments as paid, both municipalities (cash view)

    @cached_property
    def costs(self) -> dict:
        """(municipality, scenario) -> {category: array}: the baselines, and each
        municipality's inhabitant share of the collaboration scenarios (computed on first use)."""
        out = {}
        for m in MUNICIPALITIES:
            out[(m, "baseline")] = self.baseline[m]
            for sc in ("s2", "s3"):
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


def baseline(inputs: Inputs, p: dict, municipality: str, years, index) -> dict:
    """Baseline cost categories of one municipality (EUR per year, ch. 4)."""
    key = MUNICIPALITY_KEYS[municipality]
    years = np.asarray(years)
    zero = np.zeros_like(index)
    personnel = col(p[f"fte_baseline_{key}"]) * col(p["cost_per_fte"]) * index
    exploitation = col(p[f"baseline_exploitation_{key}"]) * index
    level = col(p[f"baseline_capital_{key}"]) + zero
    non_personnel = exploitation + level
    applications_share = col(p["applications_share"])
    writeoffs = sum(col(p[w]) * (years <= col(p[f"{w}_last_year"])) for w in WRITEOFFS[municipality])
    costs = {"personnel": personnel, "applications": applications_share * non_personnel + writeoffs}
    for cat in OTHER_CATEGORIES:
        costs[cat] = (1 - applications_share) * col(inputs.category_split[cat]) * non_personnel
    costs["renewal_capital_charges"] = renewal_charges(inputs, p, municipality, years, collaboration=False)
    for cat in CATEGORIES:
        costs.setdefault(cat, zero)
    return same_shape(costs)


def same_shape(series: dict) -> dict:
    """All series broadcast to one common shape (draws, years): read-only views, no copies."""
    shape = np.broadcast_shapes(*(np.shape(v) for v in series.values()))
    return {cat: np.broadcast_to(np.asarray(v, dtype=float), shape) for cat, v in series.items()}


def renewal_investment(p: dict, municipality: str) -> np.ndarray:
    """Yearly renewal investment of one municipality (EUR, incl. baseline project costs)."""
    return np.asarray(p["renewal_per_inhabitant"], float) * np.asarray(p[f"inhabitants_{MUNICIPALITY_KEYS[municipality]}"], float)


def renewal_charges(inputs: Inputs, p: dict, municipality: str, years, collaboration: bool, effect=None) -> np.ndarray:
    """Capital charges of the renewal investments of one municipality (EUR per year).

    Vintages run from the first to the last computed year. In a collaboration scenario
    the vintages from the ICT centre's start are financed at the collaboration's rate and
    term; with ``effect`` (harmonised share per year, S3.0) the harmonised part of a
    vintage carries the collaboration's project-cost factor instead of the baseline's.
    """
    key = MUNICIPALITY_KEYS[municipality]
    years = np.asarray(years)
    vintages = np.arange(int(p["year_first"]), int(p["year_last"]) + 1)
    amount = col(renewal_investment(p, municipality)) + np.zeros(len(vintages))
    own = vintage_charges(amount, vintages, p[f"term_applications_{key}"], p["interest_rate_municipal"], years)
    if not collaboration:
        return own
    joint = vintages >= col(p["ict_centre_start_year"])
    if effect is not None:
        amount = amount * harmonised_renewal_factor(p, effect, years, vintages)
    before = vintage_charges(np.where(joint, 0.0, amount), vintages, p[f"term_applications_{key}"],
                             p["interest_rate_municipal"], years)
    after = vintage_charges(np.where(joint, amount, 0.0), vintages, p["term_applications_collaboration"],
                            p["interest_rate_collaboration"], years)
    return before + after


def harmonised_renewal_factor(p: dict, effect, years, vintages) -> np.ndarray:
    """Per vintage: the renewal amount relative to the baseline's (share, 1 = unchanged).

    The harmonised part of a vintage carries the collaboration's project-cost factor for new
    functionality instead of the baseline's (D5, D9).
    """
    return harmonised_factor(p, effect)[..., np.searchsorted(np.asarray(years), vintages)]


def harmonised_factor(p: dict, effect) -> np.ndarray:
    """Per year: a renewal investment relative to the baseline's, given the harmonised share
    ``effect`` of that year (share, 1 = unchanged)."""
    return 1 - np.asarray(effect) * (1 - collaboration_project_ratio(p))


def collaboration_project_ratio(p: dict) -> np.ndarray:
    """A renewal investment with the collaboration's project-cost factor relative to the
    baseline's: (1 + factor collaboration) / (1 + factor baseline), share."""
    return (1 + col(p["project_factor_new_collaboration"])) / (1 + col(p["project_factor_new_baseline"]))


def renewal_outlays(p: dict, years, effect=None) -> np.ndarray:
    """Renewal investments of both municipalities as paid (EUR per year, cash view)."""
    years = np.asarray(years)
    vintages = np.arange(int(p["year_first"]), int(p["year_last"]) + 1)
    total = sum(renewal_investment(p, m) for m in MUNICIPALITIES)
    paid = col(total) * np.isin(years, vintages)
    # the effect is 0 before the ICT centre starts, so only joint vintages change
    return paid if effect is None else paid * harmonised_factor(p, effect)


def collaboration(inputs: Inputs, p: dict, base: dict, years, index, effect=None) -> dict:
    """Combined running cost categories of Samenwerking 2.0, or of 3.0 when ``effect`` (the
    harmonised share taking effect per year, see :func:`operating_effect`) is given; EUR per
    year. The one-off categories are zero here: :func:`one_off_costs` dates them."""
    s3 = effect is not None
    years = np.asarray(years)
    start = col(p["ict_centre_start_year"])
    operating = years >= start
    combined = {cat: base["Haarlem"][cat] + base["Haarlemmermeer"][cat] for cat in CATEGORIES}
    out = dict(combined)
    fte_centre = sum(r.ict_centre for r in inputs.fte)
    if s3:
        fte_centre = s3_centre_fte(inputs, p, effect)
        out["applications"] = combined["applications"] * (1 - col(p["s3_software_reduction"]) * effect)
        out["infrastructure"] = combined["infrastructure"] * (1 - col(p["s3_infrastructure_reduction"]) * effect)
    cio = len(MUNICIPALITIES) * col(p["cio_office_fte"])  # one CIO office per municipality
    out["personnel"] = np.where(operating, (fte_centre + cio) * col(p["cost_per_fte"]) * index, combined["personnel"])
    out["renewal_capital_charges"] = sum(
        renewal_charges(inputs, p, m, years, collaboration=True, effect=effect) for m in MUNICIPALITIES
    )
    # the programme's table in the computed years; the extrapolated year continues its level
    computed = years <= col(p["year_last"])
    out["programme"] = (1 + col(p["optimism_bias_one_off"])) * computed * dated_table(
        inputs.programme, p["programme_start_year"], years, p["oneoff_first_year_share"])
    overhead_from = col(dated_year(p, "overhead", p["ict_centre_start_year"]))
    out["overhead"] = col(p["overhead_included"]) * col(p["overhead_ict_centre"]) * (years >= overhead_from) * operating
    for cat in ONE_OFF_CATEGORIES:
        out[cat] = np.zeros(years.shape)
    return same_shape({cat: out[cat] for cat in CATEGORIES})


def s3_centre_fte(inputs: Inputs, p: dict, effect) -> np.ndarray:
    """Staff of the ICT centre in S3.0 (FTE): from the ICT-centre table towards the S3.0 table.

    The S3.0 table describes the end state, ``s3_fte_reference_share`` harmonised; the
    reduction follows the share that takes effect (decision D5), beyond it proportionally.
    """
    centre = sum(r.ict_centre for r in inputs.fte)
    target = sum(r.s3 for r in inputs.fte)
    reference = col(p["s3_fte_reference_share"])
    return centre - (centre - target) * np.divide(effect, reference, out=np.zeros(np.broadcast_shapes(
        np.shape(effect), np.shape(reference))), where=reference > 0)


def first_effect_year(p: dict) -> np.ndarray:
    """First year in which harmonisation affects costs: the schedule's first year with a share
    above 0 plus the lag, but not before the ICT centre operates (inf: never)."""
    table_years, shares = schedule(p)
    started = shares > 0
    first_start = np.where(started.any(axis=-1), table_years[np.argmax(started, axis=-1)], np.inf)
    return np.maximum(first_start + np.asarray(p["harmonisation_effect_lag"], dtype=float),
                      np.asarray(p["ict_centre_start_year"], dtype=float))


def harmonisation_investment(p: dict, years) -> np.ndarray:
    """The S3.0 investment per year (EUR, before uplift): spread over the first three years in
    which harmonisation takes effect (decision D4), whichever calendar years those are."""
    years = np.asarray(years)
    first = col(first_effect_year(p))
    y1, y2 = col(p["s3_investment_share_year1"]), col(p["s3_investment_share_year2"])
    shares = y1 * (years == first) + y2 * (years == first + 1) + (1 - y1 - y2) * (years == first + 2)
    return col(p["s3_investment"]) * shares


def extrapolate(series: dict, p: dict) -> dict:
    """Replace the last year of each running category by the year before grown by indexation
    and volume: ``x[T-1] = x[T-2] * (1 + indexation_rate) * (1 + volume_growth)`` (par. 6.1, D6).
    One-off categories are left as they are: they are dated, never extrapolated."""
    growth = (1 + np.asarray(p["indexation_rate"], float)) * (1 + np.asarray(p["volume_growth"], float))
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


def evaluate(inputs: Inputs, params: dict | None = None) -> Result:
    """Run all scenarios. ``params`` (id -> float or array over draws) overrides ``inputs.params``."""
    p = dict(inputs.params)
    if params:
        p.update(params)
    p["year_extrapolated"] = p["year_last"] + 1
    years = np.arange(int(p["year_first"]), int(p["year_extrapolated"]) + 1)
    index = index_factors(p["indexation_rate"], p["year_first"], years)
    base = {m: baseline(inputs, p, m, years, index) for m in MUNICIPALITIES}
    effect = operating_effect(inputs, p, years)
    s2_computed = collaboration(inputs, p, base, years, index)
    s3_computed = collaboration(inputs, p, base, years, index, effect)
    s2 = extrapolate(s2_computed, p)
    s3 = {cat: s2[cat] + (s3_computed[cat] - s2_computed[cat]) for cat in CATEGORIES}
    base = {m: extrapolate(base[m], p) for m in MUNICIPALITIES}
    horizon = np.arange(int(p["year_first"]), int(p["year_extrapolated"] + p["break_even_projection_years"]) + 1)
    modelled = horizon <= years[-1]
    combined = {"baseline": {cat: base["Haarlem"][cat] + base["Haarlemmermeer"][cat] for cat in CATEGORIES}}
    oneoff_input, oneoff_after, projected = {}, {}, {}
    for sc, series in (("s2", s2), ("s3", s3)):
        dated = one_off_costs(inputs, p, horizon, s3=sc == "s3")
        oneoff_input[sc] = one_off_inputs(inputs, p, s3=sc == "s3")
        oneoff_after[sc] = {cat: oneoff_input[sc][cat] - np.sum(v[..., modelled], axis=-1) for cat, v in dated.items()}
        for cat, v in dated.items():
            series[cat] = v[..., modelled]
        combined[sc] = same_shape(series)
        running_last = sum(combined[sc][c][..., -1] - combined["baseline"][c][..., -1] for c in RUNNING_CATEGORIES)
        later = sum(v[..., ~modelled] for v in dated.values())
        projected[sc] = col(running_last) + later
    shares = inhabitant_shares(p)
    outlays = extrapolate({"baseline": renewal_outlays(p, years), "s3": renewal_outlays(p, years, effect)}, p)
    outlays["s2"] = outlays["baseline"]
    return Result(
        years=years, baseline=base, combined=combined, fte=staff(inputs, p, years, effect),
        shares=shares, oneoff_input=oneoff_input, oneoff_after=oneoff_after,
        projection_years=horizon[~modelled], projected_difference=projected, renewal_outlays=outlays,
    )


def staff(inputs: Inputs, p: dict, years, effect) -> dict:
    """ICT staff of both municipalities per scenario and year (FTE, incl. CIO offices)."""
    years = np.asarray(years)
    operating = years >= col(p["ict_centre_start_year"])
    base = col(p["fte_baseline_haarlem"] + np.asarray(p["fte_baseline_haarlemmermeer"])) + 0 * years
    cio = len(MUNICIPALITIES) * col(p["cio_office_fte"])  # one CIO office per municipality
    centre = sum(r.ict_centre for r in inputs.fte)
    s3_centre = s3_centre_fte(inputs, p, effect)
    return {
        "baseline": base,
        "s2": np.where(operating, centre + cio, base),
        "s3": np.where(operating, s3_centre + cio, base),
    }
