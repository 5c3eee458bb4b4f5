"""What the model reads: every settable id with its kind, unit and hard bounds, declared in code.

The register (``data/assumptions.csv``) holds values, sources and plausible ranges; which
rules a value must meet is decided here, never by the editable ``unit`` column (that column
must equal the unit declared here). Every channel (the CSV files, ``--set``, variant YAML
files, papermill parameters) is checked against these specs by :mod:`bizcase.core.inputs`.

Hard bounds refuse a value; the register's plausible ``low`` / ``high`` only warn.

An id is settable (through ``--set``, a variant file, a papermill parameter) only when the model
reads it: an id that would change nothing is refused with the reason (:data:`NOT_SETTABLE`,
:func:`not_settable`), never accepted and ignored.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

MUNICIPALITIES = ("Haarlem", "Haarlemmermeer")
ORGANISATIONS = ("haarlem", "haarlemmermeer", "collaboration")
SCENARIOS = ("baseline", "s2", "s3")
COLLABORATIONS = ("s2", "s3")
OTHER_CATEGORIES = ("workplace", "infrastructure", "communication", "facilities")
STATUSES = ("published", "reconstructed", "calibrated", "read_from_tables")
# statuses whose values were fitted to the published tables (by the optimiser or by eye)
FITTED_STATUSES = ("calibrated", "read_from_tables")

YEAR_WINDOW = (2000, 2100)  # every calendar year the model handles
MONEY_CEILING_EUR = 1e9  # no single amount of this business case comes near EUR 1 billion
FTE_CEILING = 10_000
INHABITANTS_CEILING = 20_000_000
FACTOR_CEILING = 10.0
MAX_OFFSET_YEARS = 10  # event-bound dates lie at most this many years from their event
MAX_TERM_YEARS = 100
MAX_DRAWS = 1_000_000  # Monte Carlo draws shown in a report
MAX_SEED = 2**32 - 1
MAX_PROJECTION_YEARS = 50


@dataclass(frozen=True)
class Kind:
    """A kind of value: its unit, whether it is whole, and its hard bounds (inclusive)."""

    unit: str
    whole: bool
    low: float
    high: float
    expected: str
    low_open: bool = False  # True: the value must be strictly above ``low``

    def problem(self, value: float) -> Optional[str]:
        """What was expected, if ``value`` breaks this kind's rules; None when it is fine."""
        if not math.isfinite(value):
            return f"a finite number: {self.expected}"
        if self.whole and value != int(value):
            return self.expected
        if value < self.low or value > self.high or (self.low_open and value == self.low):
            return self.expected
        return None


KINDS = {
    "year": Kind("year", True, *YEAR_WINDOW, f"a whole year from {YEAR_WINDOW[0]} to {YEAR_WINDOW[1]}"),
    "offset_years": Kind("offset_years", True, -MAX_OFFSET_YEARS, MAX_OFFSET_YEARS,
                         f"a whole number of years from -{MAX_OFFSET_YEARS} to {MAX_OFFSET_YEARS}"),
    "lag_years": Kind("lag_years", True, 0, MAX_OFFSET_YEARS, f"a whole number of years from 0 to {MAX_OFFSET_YEARS}"),
    "years": Kind("years", True, 1, MAX_PROJECTION_YEARS, f"a whole number of years from 1 to {MAX_PROJECTION_YEARS}"),
    "share": Kind("share", False, 0.0, 1.0, "a share from 0 to 1"),
    "positive_share": Kind("share", False, 0.0, 1.0, "a share above 0 and at most 1", low_open=True),
    "rate": Kind("rate", False, -0.5, 0.5, "a yearly rate from -0.5 to 0.5"),
    "factor": Kind("factor", False, 0.0, FACTOR_CEILING, f"a factor from 0 to {FACTOR_CEILING:g}"),
    "EUR": Kind("EUR", False, 0.0, MONEY_CEILING_EUR, f"an amount in EUR from 0 to {MONEY_CEILING_EUR:,.0f}"),
    "EUR/inhabitant": Kind("EUR/inhabitant", False, 0.0, 10_000.0, "an amount from 0 to 10,000 EUR per inhabitant"),
    "EUR/FTE": Kind("EUR/FTE", False, 0.0, 1_000_000.0, "an amount above 0 and at most 1,000,000 EUR per FTE",
                    low_open=True),
    "FTE": Kind("FTE", False, 0.0, FTE_CEILING, f"a number of FTE from 0 to {FTE_CEILING:,}"),
    "inhabitants": Kind("inhabitants", False, 0.0, INHABITANTS_CEILING,
                        f"a number of inhabitants above 0 and at most {INHABITANTS_CEILING:,}", low_open=True),
    "flag": Kind("flag", True, 0, 1, "0 or 1"),
    "draws": Kind("count", True, 1, MAX_DRAWS, f"a whole number of draws from 1 to {MAX_DRAWS:,}"),
    "seed": Kind("count", True, 0, MAX_SEED, f"a whole number from 0 to {MAX_SEED}"),
    "term": Kind("years", True, 1, MAX_TERM_YEARS, f"a depreciation term of 1 to {MAX_TERM_YEARS} whole years"),
    # a figure quoted from the report (an amount, FTE, a year, a percentage): any finite number in range
    "reported": Kind("reported", False, -MONEY_CEILING_EUR, MONEY_CEILING_EUR,
                     f"a finite number of at most {MONEY_CEILING_EUR:,.0f}"),
}


@dataclass(frozen=True)
class Spec:
    """One id of the register or the tables. ``optional``: the register may leave the value blank
    (an override that is off by default)."""

    kind: str
    optional: bool = False

    @property
    def rules(self) -> Kind:
        return KINDS[self.kind]


S = Spec
REGISTER = {
    "year_first": S("year"),
    "year_last": S("year"),
    "indexation_rate": S("share"),
    "volume_growth": S("rate"),
    "renewal_per_inhabitant": S("EUR/inhabitant"),
    "project_factor_new_baseline": S("factor"),
    "project_factor_new_collaboration": S("factor"),
    "project_factor_replacement_baseline": S("factor"),
    "project_factor_replacement_collaboration": S("factor"),
    "interest_rate_collaboration": S("share"),
    "interest_rate_municipal": S("share"),
    "ict_centre_start_year": S("year"),
    "programme_start_year": S("year"),
    "cio_office_fte": S("FTE"),
    "transition_cost": S("EUR"),
    "transition_offset": S("offset_years"),
    "transition_year": S("year", optional=True),
    "friction_cost": S("EUR"),
    "friction_offset": S("offset_years"),
    "friction_year": S("year", optional=True),
    "oneoff_first_year_share": S("share"),
    "s3_investment": S("EUR"),
    "s3_investment_share_year1": S("share"),
    "s3_investment_share_year2": S("share"),
    "s3_software_reduction": S("share"),
    "s3_infrastructure_reduction": S("share"),
    "s3_implementation_reduction": S("share"),
    "s3_fte_reference_share": S("positive_share"),
    "harmonisation_effect_lag": S("lag_years"),
    "overhead_ict_centre": S("EUR"),
    "overhead_offset": S("offset_years"),
    "overhead_first_year": S("year", optional=True),
    "overhead_included": S("flag"),
    "fte_baseline_haarlem": S("FTE"),
    "fte_baseline_haarlemmermeer": S("FTE"),
    "inhabitants_haarlem": S("inhabitants"),
    "inhabitants_haarlemmermeer": S("inhabitants"),
    "cost_per_fte": S("EUR/FTE"),
    "applications_share": S("share"),
    "baseline_exploitation_haarlem": S("EUR"),
    "baseline_exploitation_haarlemmermeer": S("EUR"),
    "baseline_capital_haarlem": S("EUR"),
    "baseline_capital_haarlemmermeer": S("EUR"),
    "writeoff_haarlem": S("EUR"),
    "writeoff_haarlem_last_year": S("year"),
    "writeoff_haarlemmermeer_a": S("EUR"),
    "writeoff_haarlemmermeer_a_last_year": S("year"),
    "writeoff_haarlemmermeer_b": S("EUR"),
    "writeoff_haarlemmermeer_b_last_year": S("year"),
    "optimism_bias_one_off": S("factor"),
    "discount_rate": S("share"),
    "usage_one_off_share_haarlem": S("share"),
    "break_even_projection_years": S("years"),
    "montecarlo_draws": S("draws"),
    "montecarlo_seed": S("seed"),
}

# Register rows the model does not read: published figures kept for the record (the report states
# them), never inputs. Setting one through any channel is refused with this reason.
NOT_SETTABLE = {
    "project_factor_replacement_baseline": "a published figure the model does not use: replacement investments "
                                           "are not modelled (decision D9)",
    "project_factor_replacement_collaboration": "a published figure the model does not use: replacement investments "
                                                "are not modelled (decision D9)",
    "s3_implementation_reduction": "a published figure the model derives from the project factors "
                                   "(project_factor_new_baseline, project_factor_new_collaboration; decision D5)",
}

# The depreciation table (data/depreciation_terms.csv): the model finances the renewal vintages as
# applications (decision D9), so only the applications row is read; the other rows are the
# report's table, shown in chapter 3.
APPLICATION_TERMS = {"haarlem": "term_applications_haarlem", "haarlemmermeer": "term_applications_haarlemmermeer",
                     "collaboration": "term_applications_collaboration"}  # organisation -> id
TERM_IDS = {key: Spec("term") for key in APPLICATION_TERMS.values()}
TERM_PREFIX = "term_"
SCHEDULE_PREFIX = "harmonised_share_"

# The municipalities' 2013 cost levels and write-offs: data the original model received from the
# municipalities, reconstructed here by calibration. Their register range bounds the calibration;
# they are not uncertain assumptions of the business case (tornado, switching values, Monte Carlo).
BASELINE_INPUTS = ("baseline_exploitation_haarlem", "baseline_exploitation_haarlemmermeer", "baseline_capital_haarlem",
                   "baseline_capital_haarlemmermeer", "writeoff_haarlem", "writeoff_haarlemmermeer_a",
                   "writeoff_haarlemmermeer_b")

# Ids derived from others, never set: the extrapolated year is the year after year_last.
DERIVED = {"year_extrapolated": "the year after year_last (derived, not an input)"}

# Event-bound dates, all dated from the ICT centre's start: name -> (offset id, override id).
EVENT_BOUND = {
    "transition": ("transition_offset", "transition_year"),
    "friction": ("friction_offset", "friction_year"),
    "overhead": ("overhead_offset", "overhead_first_year"),
}


def spec_for(key: str) -> Optional[Spec]:
    """The spec of a flat parameter id: a register id, a term the model reads
    (:data:`TERM_IDS`) or ``harmonised_share_<year>``; None for an unknown id."""
    if key in REGISTER:
        return REGISTER[key]
    if key in TERM_IDS:
        return TERM_IDS[key]
    if key.startswith(SCHEDULE_PREFIX):
        return Spec("share")
    return None


def not_settable(key: str) -> Optional[str]:
    """Why ``key`` may not be set (None when it may): a register row the model does not read, or a
    row of the depreciation table other than the applications row."""
    if key in NOT_SETTABLE:
        return NOT_SETTABLE[key]
    if key.startswith(TERM_PREFIX) and key not in TERM_IDS:
        return ("a term the model does not use: the renewal vintages are financed as applications, so only "
                + ", ".join(TERM_IDS) + " act (decision D9); the other terms are the report's table (chapter 3)")
    return None
