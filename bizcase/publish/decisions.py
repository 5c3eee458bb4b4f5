"""The decisions log ``docs/decisions.md``, generated in Dutch from one source of truth.

Every decision is an entry of :data:`DECISIONS`: its number, title, and the Dutch prose of
the choice (keuze), the reason (reden) and the alternative (alternatief), with placeholders.
Every figure in that prose is computed when the log is generated: chosen values are read from
the inputs (``load_inputs("data")``), and each measured alternative is applied as overrides,
after which the calibrated values are refitted (:func:`bizcase.fit.calibrate.fit_from`, warm-started
from the current fit) before cells, claims and headline outcomes are reported. No figure is
typed by hand, so the log cannot go stale: its header carries a sha256 hash of everything it
depends on (``data/*.csv`` and the computation modules of ``bizcase/``, this one included), and ``--check``
compares that hash with the hash of the current files.

Usage::

    python -m bizcase.publish.decisions               # (re)write docs/decisions.md
    python -m bizcase.publish.decisions --check       # exit 1 when the stored hash is not current
    python -m bizcase.publish.decisions --full-check  # exit 1 when a regeneration would differ
"""
from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Optional

import numpy as np

from bizcase.fit import calibrate
from bizcase.fit import compare
from bizcase.core import metrics
from bizcase.core.inputs import MUNICIPALITIES, load_inputs
from bizcase.core.model import evaluate
from bizcase.fit.reference import load_reference

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path("docs") / "decisions.md"
LATER_START = 3  # D27/D28: a start this many years later pushes S3.0 one-offs past the horizon
HASH_PATTERN = re.compile(r"sha256\): `([0-9a-f]{64})`")


# --- Dutch number formatting (no Babel) -------------------------------------------------------

def nl_number(x: float, decimals: int = 0) -> str:
    """``1234567.891`` -> ``1.234.567,89``: the report's own Dutch formatting (Babel)."""
    from bizcase.publish.formatting import number

    return number(x, decimals)


def nl_eur(x: float) -> str:
    """Whole euros, as everywhere in the report: ``€ 1.234.567``."""
    from bizcase.publish.formatting import eur

    return eur(x)


def nl_pct(share: float, decimals: int = 2) -> str:
    """A share as a percentage, as everywhere in the report: ``0.0351`` -> ``3,51%``."""
    from bizcase.publish.formatting import pct

    return pct(share * 100, decimals)


def nl_year(y) -> str:
    """A year (or 'niet binnen de horizon' for NaN)."""
    y = float(y)
    return "niet binnen de horizon" if math.isnan(y) else str(int(y))


def nl_yes(flag: bool) -> str:
    return "ja" if flag else "nee"


# --- Measurements -----------------------------------------------------------------------------

CLAIM_NAMES = {
    "break_even_year_s2": "break-evenjaar S2.0",
    "break_even_year_s3": "break-evenjaar S3.0",
    "payback_years_s2": "terugverdientijd S2.0",
    "saving_pct_2013_2018_s3": "besparing S3.0",
    "investment_eur_s2": "investering S2.0",
    "investment_eur_s3": "investering S3.0",
    "fte_baseline_total": "formatie baseline",
    "fte_ict_centre_total": "formatie ICT-centrum",
    "fte_s3_total": "formatie S3.0",
    "fte_technical_management_saving_s2": "fte-besparing technisch beheer",
}


@dataclass
class Measurement:
    """What one set of inputs gives (after a refit of the calibrated values, if ``refitted``)."""

    identical: int
    n_cells: int
    max_difference_eur: float
    claims_failed: list
    passes: bool
    break_even: dict  # scenario -> year (NaN: not within the horizon)
    saving_pct: dict  # scenario -> % of the baseline 2013-2018
    refitted: bool

    def sentence(self) -> str:
        claims = ("alle kernuitspraken gehaald" if not self.claims_failed
                  else "niet gehaald: " + ", ".join(CLAIM_NAMES.get(c, c) for c in self.claims_failed))
        return (f"{self.identical} van de {self.n_cells} cellen gelijk na afronding, grootste verschil "
                f"{nl_eur(self.max_difference_eur)}; {claims}; break-even S2.0 {nl_year(self.break_even['s2'])}, "
                f"S3.0 {nl_year(self.break_even['s3'])}; besparing S3.0 {nl_number(self.saving_pct['s3'], 2)}%"
                f"{'' if self.passes else '; voldoet niet aan de acceptatienorm'}")


@dataclass(frozen=True)
class Alternative:
    """An alternative expressed as parameter overrides, measured after a refit."""

    label: str  # Dutch, e.g. 'alles wat voor het eerste jaar staat ook in dat jaar'
    overrides: tuple  # ((id, value), ...)
    refit: bool = True
    note: str = ""  # Dutch, shown after the measurement

    @property
    def register_ids(self) -> list:
        return [k for k, _ in self.overrides]


@dataclass(frozen=True)
class Decision:
    number: int
    title: str
    keuze: str
    reden: str
    alternatief: str
    ids: tuple = ()  # register ids the decision concerns (its 'register' line)
    figures: Optional[Callable] = None  # Context -> {placeholder: formatted text}
    alternatives: tuple = ()  # Alternative, measured and listed after the alternatief prose
    tables: tuple = ()  # data files the decision concerns


class Context:
    """The inputs, the reference, the current fit and cached measurements."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.inputs = load_inputs(self.data_dir)
        self.reference = load_reference(self.data_dir)
        self.ids = calibrate.calibrated_ids(self.inputs)
        self.x0 = {k: float(self.inputs.params[k]) for k in self.ids}
        self._cache: dict = {}

    @property
    def p(self) -> dict:
        return self.inputs.params

    @cached_property
    def result(self):
        return evaluate(self.inputs)

    @cached_property
    def summary(self) -> dict:
        return metrics.summary(self.result)

    @cached_property
    def current(self) -> Measurement:
        return self._measure_result(self.inputs, self.result, refitted=False)

    def _measure_result(self, inputs, result, refitted) -> Measurement:
        cell_list = compare.cells(self.reference, result)
        claim_list = compare.claims(inputs, self.reference, result)
        s = metrics.summary(result)
        return Measurement(
            identical=sum(c.identical for c in cell_list), n_cells=len(cell_list),
            max_difference_eur=max(abs(c.difference_eur) for c in cell_list),
            claims_failed=[c.id for c in claim_list if not c.ok],
            passes=compare.passes(cell_list, claim_list),
            break_even={sc: float(s["break_even_year"][sc]) for sc in ("s2", "s3")},
            saving_pct={sc: float(s["saving_pct_2013_2018"][sc]) for sc in ("s2", "s3")},
            refitted=refitted,
        )

    def measure(self, alt: Alternative) -> Measurement:
        key = (alt.overrides, alt.refit)
        if key not in self._cache:
            overrides = dict(alt.overrides)
            inputs = load_inputs(self.data_dir, overrides=overrides, origin="decisions")
            fitted = {}
            if alt.refit:
                ids = [k for k in self.ids if k not in overrides]
                x = calibrate.fit_from(inputs, self.reference, ids, np.array([self.x0[k] for k in ids]))
                fitted = {k: float(v) for k, v in zip(ids, x)}
            self._cache[key] = self._measure_result(inputs, evaluate(inputs, fitted), alt.refit)
        return self._cache[key]

    def evaluate_with(self, overrides: dict):
        """The model with ``overrides`` and no refit (for what-ifs that change no fitted figure)."""
        return evaluate(load_inputs(self.data_dir, overrides=overrides, origin="decisions"))

    # small helpers for the figures
    def year_index(self, year: int) -> int:
        return int(list(self.result.years).index(year))

    def published(self, municipality: str, scenario: str, year: int) -> float:
        for row in self.reference.costs:
            if (row.municipality, row.scenario, row.year) == (municipality, scenario, year):
                return row.cost_eur_x1000 * 1000
        raise KeyError((municipality, scenario, year))

    def published_combined(self, scenario: str, year: int) -> float:
        return sum(self.published(m, scenario, year) for m in MUNICIPALITIES)


# --- Figures per decision ------------------------------------------------------------------------

def _fte(ctx: Context) -> dict:
    p = ctx.p
    base = sum(r.baseline for r in ctx.inputs.fte)
    centre = sum(r.ict_centre for r in ctx.inputs.fte)
    s3 = sum(r.s3 for r in ctx.inputs.fte)
    tm = {r.function_group: r for r in ctx.inputs.fte}["technical_management"]
    cio = len(MUNICIPALITIES) * p["cio_office_fte"]
    return {
        "fte_h": nl_number(p["fte_baseline_haarlem"], 1 if p["fte_baseline_haarlem"] % 1 else 0),
        "fte_hm": nl_number(p["fte_baseline_haarlemmermeer"], 1),
        "fte_base": nl_number(base, 1), "fte_centre": nl_number(centre, 1), "fte_s3": nl_number(s3, 1),
        "cio_each": nl_number(p["cio_office_fte"]), "fte_s2": nl_number(centre + cio, 1),
        "fte_s2_saving": nl_number(base - centre - cio, 1), "tm_base": nl_number(tm.baseline, 1),
        "tm_centre": nl_number(tm.ict_centre, 1), "tm_saving": nl_number(tm.baseline - tm.ict_centre, 1),
        "fte_s3_change": nl_number(centre - s3, 1),
    }


def _d1(ctx):
    return _fte(ctx)


def _d2(ctx):
    return {"cpf": nl_eur(ctx.p["cost_per_fte"]), "idx": nl_pct(ctx.p["indexation_rate"], 0),
            "year_first": str(int(ctx.p["year_first"]))}


def _table_by_offset(items) -> dict:
    out: dict = {}
    for r in items:
        out[r.offset] = out.get(r.offset, 0.0) + r.amount_eur
    return out


def _d3(ctx):
    from bizcase.core.schema import event_bound_year
    p = ctx.p
    start = int(p["ict_centre_start_year"])
    proj = _table_by_offset(ctx.inputs.project)
    prog = _table_by_offset(ctx.inputs.programme)
    first_prog = min(prog)
    listed_first = proj.get(min(proj), 0.0) + (prog[first_prog] if p["programme_start_year"] + first_prog == start + min(proj) else 0)
    pub = sum(ctx.published(m, "s2", int(p["year_first"])) - ctx.published(m, "baseline", int(p["year_first"]))
              for m in MUNICIPALITIES)
    return {
        "start": str(start), "start_prev": str(start - 1), "start_next": str(start + 1),
        "proj_prev": nl_eur(proj.get(-1, 0.0)), "proj_start": nl_eur(proj.get(0, 0.0)),
        "prog_start": str(int(p["programme_start_year"])), "prog_first": nl_eur(prog[first_prog]),
        "share": nl_pct(p["oneoff_first_year_share"], 1), "rest": nl_pct(1 - p["oneoff_first_year_share"], 1),
        "trans": nl_eur(p["transition_cost"]), "fric": nl_eur(p["friction_cost"]),
        "trans_off": nl_number(p["transition_offset"]), "fric_off": nl_number(p["friction_offset"]),
        "trans_year": str(int(event_bound_year(p, "transition", p["ict_centre_start_year"]))),
        "fric_year": str(int(event_bound_year(p, "friction", p["ict_centre_start_year"]))),
        "pub_diff": nl_eur(pub), "listed_first": nl_eur(listed_first), "year_first": str(int(p["year_first"])),
    }


def _schedule_text(ctx) -> str:
    years, shares = ctx.inputs.harmonisation()
    return ", ".join(f"{nl_pct(s, 0)} ({y})" for y, s in zip(years, shares))


def _d4(ctx):
    from bizcase.core.model import first_effect_year
    p = ctx.p
    first = int(first_effect_year(p))
    y1, y2 = p["s3_investment_share_year1"], p["s3_investment_share_year2"]
    years, shares = ctx.inputs.harmonisation()
    computed = [(y, s) for y, s in zip(years, shares) if y <= p["year_last"]]
    return {
        "schedule": _schedule_text(ctx), "lag": nl_number(p["harmonisation_effect_lag"]),
        "first": str(first), "second": str(first + 1), "third": str(first + 2),
        "y1": nl_pct(y1, 1), "y2": nl_pct(y2, 1), "y3": nl_pct(1 - y1 - y2, 1),
        "inv": nl_eur(p["s3_investment"]), "after": nl_eur(ctx.summary["investment_after_period_eur"]["s3"]),
        "last_year": str(int(p["year_extrapolated"])), "final_share": nl_pct(computed[-1][1], 0),
        "start": str(int(p["ict_centre_start_year"])),
    }


def _d5(ctx):
    p = ctx.p
    f = _fte(ctx)
    return {
        "sw": nl_pct(p["s3_software_reduction"], 0), "infra": nl_pct(p["s3_infrastructure_reduction"], 0),
        "ref": nl_pct(p["s3_fte_reference_share"], 0), "fte_s3_change": f["fte_s3_change"],
        "impl": nl_pct(p["s3_implementation_reduction"], 0), "pf_b": nl_pct(p["project_factor_new_baseline"], 0),
        "pf_c": nl_pct(p["project_factor_new_collaboration"], 0), "app": nl_pct(p["applications_share"], 1),
    }


def _d6(ctx):
    p = ctx.p
    last, ext = int(p["year_last"]), int(p["year_extrapolated"])
    pub_growth = ctx.published_combined("baseline", ext) / ctx.published_combined("baseline", last) - 1
    growth = (1 + p["indexation_rate"]) * (1 + p["volume_growth"]) - 1
    return {"idx": nl_pct(p["indexation_rate"], 0), "vg": nl_pct(p["volume_growth"], 2),
            "growth": nl_pct(growth, 2), "last": str(last), "ext": str(ext), "pub_growth": nl_pct(pub_growth, 1)}


def first_touch_year(years, diff) -> float:
    """The old break-even convention: the first year whose cumulative difference is <= 0."""
    cum = metrics.cumulative(diff)
    hit = np.nonzero(cum <= 0)[0]
    return float(years[hit[0]]) if len(hit) else float("nan")


def _d7(ctx):
    p = ctx.p
    be2, be3 = ctx.summary["break_even_year"]["s2"], ctx.summary["break_even_year"]["s3"]
    touch = {sc: first_touch_year(*metrics.horizon_difference(ctx.result, sc)) for sc in ("s2", "s3")}
    return {
        "proj": nl_number(p["break_even_projection_years"]), "ext": str(int(p["year_extrapolated"])),
        "horizon": str(int(p["year_extrapolated"] + p["break_even_projection_years"])),
        "be2": nl_year(be2), "be3": nl_year(be3), "start": str(int(p["ict_centre_start_year"])),
        "payback": nl_number(be2 - p["ict_centre_start_year"] + 1), "payback_first": nl_number(be2 - p["year_first"] + 1),
        "year_first": str(int(p["year_first"])), "touch2": nl_year(touch["s2"]), "touch3": nl_year(touch["s3"]),
    }


def _d8(ctx):
    r, p = ctx.result, ctx.p
    base = r.combined_total("baseline")
    s3 = r.combined_total("s3")
    d = metrics.difference(s3, base)
    computed = r.years <= p["year_last"]
    of_s3 = -np.sum(d) / np.sum(s3) * 100
    upto_last = -np.sum(d[computed]) / np.sum(base[computed]) * 100
    return {
        "pct": nl_number(ctx.summary["saving_pct_2013_2018"]["s3"], 2) + "%",
        "pub": nl_number(ctx.reference.claim("saving_pct_2013_2018_s3"), 2) + "%",
        "tol": nl_number(compare.SAVING_PCT_TOLERANCE, 2), "of_s3": nl_number(of_s3, 2) + "%",
        "upto_last": nl_number(abs(upto_last), 2) + "%", "more_less": "meer" if upto_last < 0 else "minder",
        "year_first": str(int(p["year_first"])), "year_last": str(int(p["year_last"])),
        "ext": str(int(p["year_extrapolated"])),
    }


def _d9(ctx):
    p = ctx.p
    return {"ren": nl_number(p["renewal_per_inhabitant"], 2), "year_first": str(int(p["year_first"])),
            "year_last": str(int(p["year_last"])), "pf_b": nl_pct(p["project_factor_new_baseline"], 0),
            "ic": nl_pct(p["interest_rate_collaboration"], 0), "start": str(int(p["ict_centre_start_year"])),
            "term": nl_number(ctx.inputs.terms("collaboration")),
            "rb": nl_pct(p["project_factor_replacement_baseline"], 0),
            "rc": nl_pct(p["project_factor_replacement_collaboration"], 0)}


ALT_D10 = Alternative("gemeentelijke rente 5%", (("interest_rate_municipal", 0.05),))


def _d10(ctx):
    m = ctx.measure(ALT_D10)
    note = ("Na een nieuwe kalibratie voldoet ook een gelijke rente aan de acceptatienorm, met minder gelijke "
            f"cellen ({m.identical} tegen {ctx.current.identical}): de tabellen wijzen de lagere rente aan, maar "
            "sluiten de gelijke niet uit." if m.passes else
            "Een gelijke rente voldoet ook na een nieuwe kalibratie niet aan de acceptatienorm.")
    return {"im": nl_pct(ctx.p["interest_rate_municipal"], 2), "ic": nl_pct(ctx.p["interest_rate_collaboration"], 0),
            "note": note}


def _d11(ctx):
    p = ctx.p
    total = ctx.result.total("Haarlem", "baseline")
    years = [int(y) for y in ctx.result.years if y <= p["year_last"]]
    growth = [total[ctx.year_index(y)] / total[ctx.year_index(y - 1)] - 1 for y in years[1:]]
    wl = int(p["writeoff_haarlem_last_year"])
    return {"growth": ", ".join(nl_pct(g, 1) for g in growth), "from": str(years[1]), "to": str(years[-1]),
            "idx": nl_pct(p["indexation_rate"], 0), "wl": str(wl),
            "pub_a": nl_number(ctx.published("Haarlem", "baseline", wl) / 1000),
            "pub_b": nl_number(ctx.published("Haarlem", "baseline", wl + 1) / 1000),
            "ya": str(wl), "yb": str(wl + 1)}


def _d12(ctx):
    p = ctx.p
    d = metrics.difference(ctx.result.combined_total("s2"), ctx.result.combined_total("baseline"))
    years = [int(y) for y in ctx.result.years if p["ict_centre_start_year"] + 1 <= y <= p["year_last"]]
    model = [nl_number(d[ctx.year_index(y)] / 1000) for y in years]
    pub = [nl_number((ctx.published_combined("s2", y) - ctx.published_combined("baseline", y)) / 1000) for y in years]
    return {"model": "; ".join(model), "pub": "; ".join(pub), "from": str(years[0]), "to": str(years[-1]),
            "ic": nl_pct(p["interest_rate_collaboration"], 0)}


def _d13(ctx):
    from bizcase.core.schema import event_bound_year
    p = ctx.p
    start = int(p["ict_centre_start_year"])
    return {"oh": nl_eur(p["overhead_ict_centre"]), "off": nl_number(p["overhead_offset"]),
            "from": str(int(event_bound_year(p, "overhead", p["ict_centre_start_year"]))), "start": str(start),
            "incl": nl_number(p["overhead_included"])}


def _d14(ctx):
    f = ctx.inputs.report_facts
    return {"gap_h": nl_eur(f["haarlem_gap_baseline_above_budget"].value),
            "fm": nl_number(f["haarlem_functional_management_in_line"].value),
            "sw": nl_eur(f["haarlem_software_overrun"].value), "budget_fte": nl_number(f["haarlem_budget_fte"].value),
            "fte_h": nl_number(ctx.p["fte_baseline_haarlem"]),
            "gap_hm": nl_eur(f["haarlemmermeer_gap_budget_above_baseline"].value),
            "pa": nl_number(f["haarlemmermeer_process_advisers_excluded"].value),
            "year_first": str(int(ctx.p["year_first"]))}


def _d15(ctx):
    first = [r for r in ctx.inputs.programme if r.offset == min(x.offset for x in ctx.inputs.programme)]
    total = sum(r.amount_eur for r in first)
    diff = sum(r.amount_eur for r in first if r.item == "unspecified_difference_to_total")
    share = ctx.p["oneoff_first_year_share"]
    return {"total": nl_eur(total), "items": nl_eur(total - diff), "diff": nl_eur(diff),
            "effect": nl_eur(diff * share), "effect_h": nl_eur(diff * share * float(ctx.result.shares["Haarlem"])),
            "share": nl_pct(share, 1), "year": str(int(ctx.p["programme_start_year"]))}


def _d16(ctx):
    p = ctx.p
    return {"ih": nl_number(p["inhabitants_haarlem"]), "ihm": nl_number(p["inhabitants_haarlemmermeer"]),
            "sh": nl_number(float(ctx.result.shares["Haarlem"]), 4), "ren": nl_number(p["renewal_per_inhabitant"], 2)}


def _d17(ctx):
    p = ctx.p
    s = ctx.summary
    proj = sum(r.amount_eur for r in ctx.inputs.project)
    prog = _table_by_offset(ctx.inputs.programme)
    prog_two = prog.get(0, 0.0) + prog.get(1, 0.0)
    last = int(p["year_last"])
    return {
        "proj": nl_eur(proj), "trans": nl_eur(p["transition_cost"]), "fric": nl_eur(p["friction_cost"]),
        "s3inv": nl_eur(p["s3_investment"]), "inv2": nl_eur(s["investment_eur"]["s2"]),
        "inv3": nl_eur(s["investment_eur"]["s3"]),
        "pub2": nl_eur(ctx.reference.claim("investment_eur_s2")), "pub3": nl_eur(ctx.reference.claim("investment_eur_s3")),
        "round": nl_eur(compare.INVESTMENT_ROUNDING_EUR), "ps": str(int(p["programme_start_year"])),
        "ps1": str(int(p["programme_start_year"]) + 1), "prog_two": nl_eur(prog_two),
        "inv2_plus": nl_eur(s["investment_eur"]["s2"] + prog_two), "last": str(last), "ext": str(last + 1),
    }


def _d18(ctx):
    split = ctx.inputs.category_split
    names = {"workplace": "werkplek", "infrastructure": "infrastructuur", "communication": "communicatie",
             "facilities": "facilitair"}
    n_base = sum(k.startswith(("baseline_", "writeoff_")) for k in ctx.ids)
    n_years = int(ctx.p["year_last"] - ctx.p["year_first"] + 1)
    return {"app": nl_pct(ctx.p["applications_share"], 1), "n_base": str(n_base),
            "split": ", ".join(f"{names.get(k, k)} {nl_pct(v, 0)}" for k, v in split.items()),
            "n_years": str(len(MUNICIPALITIES) * n_years)}


def _d19(ctx):
    return {"e": nl_eur(ctx.p["baseline_exploitation_haarlemmermeer"]), "c": nl_eur(ctx.p["baseline_capital_haarlemmermeer"])}


def _d20(ctx):
    return {"ob": nl_pct(ctx.p["optimism_bias_one_off"], 0)}


def _d21(ctx):
    p = ctx.p
    r = ctx.result
    d = metrics.difference(r.combined_total("s2"), r.combined_total("baseline"))
    lo = ctx.inputs.register["discount_rate"].low
    return {"dr": nl_pct(p["discount_rate"], 1), "lo": nl_pct(lo, 1), "ic": nl_pct(p["interest_rate_collaboration"], 0),
            "year_first": str(int(p["year_first"])), "ext": str(int(p["year_extrapolated"])),
            "npv": nl_eur(metrics.npv(d, r.years, p["discount_rate"], p["year_first"])),
            "npv_lo": nl_eur(metrics.npv(d, r.years, lo, p["year_first"])), "nominal": nl_eur(np.sum(d))}


def _d22(ctx):
    return {"u": nl_pct(ctx.p["usage_one_off_share_haarlem"], 0), "fte_h": nl_number(ctx.p["fte_baseline_haarlem"]),
            "fte_hm": nl_number(ctx.p["fte_baseline_haarlemmermeer"], 1)}


def _d23(ctx):
    from bizcase.analysis.sensitivity import uncertain_ids

    return {"n": str(len(uncertain_ids(ctx.inputs)))}


def _d24(ctx):
    return {"be2": nl_year(ctx.summary["break_even_year"]["s2"]), "be3": nl_year(ctx.summary["break_even_year"]["s3"]),
            "year_first": str(int(ctx.p["year_first"])), "year_last": str(int(ctx.p["year_last"])),
            "ext": str(int(ctx.p["year_extrapolated"]))}


def _d25(ctx):
    return {"ref": nl_pct(ctx.p["s3_fte_reference_share"], 0), "fte_s3_change": _fte(ctx)["fte_s3_change"]}


def _d27(ctx):
    p = ctx.p
    blank = [k for k in ("transition_year", "friction_year", "overhead_first_year") if k not in p]
    later = int(p["ict_centre_start_year"]) + LATER_START
    r = ctx.evaluate_with({"ict_centre_start_year": later})
    s = metrics.summary(r)
    return {"start": str(int(p["ict_centre_start_year"])), "ps": str(int(p["programme_start_year"])),
            "n_blank": str(len(blank)), "later": str(later),
            "later_after": nl_eur(s["investment_after_period_eur"]["s3"]), "ext": str(int(p["year_extrapolated"]))}


def _d28(ctx):
    p = ctx.p
    s = ctx.summary
    later = int(p["ict_centre_start_year"]) + LATER_START
    r = ctx.evaluate_with({"ict_centre_start_year": later})
    s_later = metrics.summary(r)
    return {"ext": str(int(p["year_extrapolated"])),
            "after2": nl_eur(s["investment_after_period_eur"]["s2"]), "after3": nl_eur(s["investment_after_period_eur"]["s3"]),
            "later": str(later), "later_inv": nl_eur(s_later["investment_eur"]["s3"]),
            "later_in": nl_eur(s_later["investment_in_period_eur"]["s3"]),
            "later_after": nl_eur(s_later["investment_after_period_eur"]["s3"])}


def _d29(ctx):
    n = sum(1 for row in ctx.inputs.register.values() if row.low is not None)
    return {"n": str(n)}


def _d30(ctx):
    read = [k for k, row in ctx.inputs.register.items() if row.status == "read_from_tables"]
    return {"n_cal": str(len(ctx.ids)), "n_read": str(len(read)), "n_all": str(len(ctx.ids) + len(read)),
            "fte_hm": nl_number(ctx.p["fte_baseline_haarlemmermeer"], 1),
            "lag": nl_number(ctx.p["harmonisation_effect_lag"]),
            "identical": str(ctx.current.identical), "n_cells": str(ctx.current.n_cells)}


def _ids_d30(inputs) -> tuple:
    return tuple(k for k, row in inputs.register.items() if row.status in ("calibrated", "read_from_tables"))


def _alt(label, refit=True, note="", **overrides) -> Alternative:
    return Alternative(label, tuple(overrides.items()), refit, note)


# --- The decisions -----------------------------------------------------------------------------

DECISIONS: tuple = (
    Decision(
        1, "Formatie: 57 + 59 = 116 in de tekst, 115,5 in de tabel",
        keuze="De fte-tabellen van par. 5.2 en 5.3 sturen de scenario's. Haarlem houdt de {fte_h} fte uit de "
              "tekst (par. 4); Haarlemmermeer krijgt het verschil met het tabeltotaal: {fte_base} - {fte_h} = "
              "{fte_hm} fte, afgelezen uit de tabel. De personele verandering van S2.0 is die van de tabel: "
              "{fte_base} naar {fte_centre} fte in het ICT-centrum, plus een CIO-office van {cio_each} fte per "
              "gemeente buiten het ICT-centrum, samen {fte_s2} fte: een netto besparing van {fte_s2_saving} fte. "
              "De '-15 fte' uit de tekst is de regel technisch beheer ({tm_base} naar {tm_centre}, -{tm_saving} fte) "
              "en wordt als zodanig gereproduceerd. De '-11 fte' voor S3.0 lezen we als de afgeronde verandering "
              "in functioneel en applicatiebeheer; het model gebruikt de totale verandering uit de tabel, "
              "{fte_s3_change} fte ({fte_centre} naar {fte_s3}).",
        reden="Alleen in de tabellen sluiten de getallen; de tekst rondt af.",
        alternatief="59 fte voor Haarlemmermeer, zoals in de tekst.",
        ids=("fte_baseline_haarlem", "fte_baseline_haarlemmermeer", "cio_office_fte"), tables=("data/fte.csv",),
        figures=_d1, alternatives=(_alt("59 fte voor Haarlemmermeer", fte_baseline_haarlemmermeer=59),),
    ),
    Decision(
        2, "Kosten per fte",
        keuze="Eén gemiddelde prijs per fte voor alle functiegroepen en beide organisaties, gekalibreerd: "
              "{cpf} per jaar (prijspeil {year_first}, jaarlijks geïndexeerd met {idx}). Ook een fte in het "
              "CIO-office kost dit bedrag.",
        reden="Het rapport noemt geen prijs per fte (alleen 'schaal 14' voor de CIO). Eén prijs is het kleinste "
              "aantal parameters; de netto besparing van S2.0 in fte en de personele groei van de baseline "
              "bepalen haar.",
        alternatief="Een toeslag voor het CIO-office (schaal 14) zou de besparing van S2.0 verlagen; een aparte prijs "
                    "per functiegroep voegt parameters toe die de gepubliceerde tabellen niet kunnen bepalen. Geen "
                    "van beide is een parameter van het model; we meten ze daarom niet.",
        ids=("cost_per_fte", "indexation_rate"), figures=_d2,
    ),
    Decision(
        3, "Wanneer de eenmalige kosten vallen",
        keuze="Eenmalige kosten zijn gedateerd ten opzichte van de gebeurtenis waar ze bij horen. De projectkosten "
              "vallen één jaar vóór en in het startjaar van het ICT-centrum ({proj_prev} en {proj_start}; bij een "
              "start in {start} zijn dat {start_prev} en {start}, zoals het rapport ze noemt). De programmakosten "
              "tellen vanaf de start van het samenwerkingsprogramma ({prog_start}; eerste jaar {prog_first}). "
              "Transitie ({trans}) en frictie ({fric}) vallen in het startjaar van het ICT-centrum plus een "
              "verschuiving (nu {trans_off} en {fric_off} jaar), dus in {trans_year} en {fric_year}; een vast jaartal mag deze datering vervangen, maar is standaard leeg "
              "(zie D27). Van de bedragen die een tabel voor haar eerste jaar noemt, wordt alleen een "
              "gekalibreerd deel ({share}) in dat jaar uitgegeven en de rest ({rest}) in het jaar daarna.",
        reden="Het gepubliceerde verschil van S2.0 met de baseline in {year_first} ({pub_diff} voor beide "
              "gemeenten samen) is kleiner dan de projectkosten die alleen al voor dat jaar staan ({listed_first}). "
              "Het raadsbesluit was pas 'voor de zomer van 2013' voorzien (par. 3.5), dus een deel van het budget "
              "van het eerste jaar schuift door. De migratie en de herplaatsing van personeel volgen op de start "
              "van het ICT-centrum op 1 januari.",
        alternatief="Elk alternatief is gemeten na een nieuwe kalibratie van de gekalibreerde waarden.",
        ids=("ict_centre_start_year", "programme_start_year", "oneoff_first_year_share", "transition_cost",
             "transition_offset", "transition_year", "friction_cost", "friction_offset", "friction_year"),
        tables=("data/project_costs.csv", "data/programme_costs.csv"), figures=_d3,
        alternatives=(
            _alt("alles wat voor het eerste jaar staat, ook in dat jaar uitgegeven", oneoff_first_year_share=1),
            _alt("transitie een jaar vóór de start van het ICT-centrum", transition_offset=-1),
            _alt("frictie een jaar na de start van het ICT-centrum", friction_offset=1),
        ),
    ),
    Decision(
        4, "Tijdpad van S3.0: harmonisatieschema, vertraging en investering",
        keuze="Het harmonisatieschema blijft in kalenderjaren zoals gepubliceerd: {schedule}; het laatste jaar "
              "houdt het aandeel van het jaar ervoor vast (de resterende applicaties zijn 'te specifiek', par. 5.3). "
              "De effecten volgen het schema met een vertraging van {lag} jaar en beginnen nooit voordat het "
              "ICT-centrum werkt ({start}). De investering van S3.0 ({inv}) wordt als kosten genomen (par. 5.3 "
              "noemt migratie, frictie en programmakosten) en verdeeld over de eerste drie jaren met effect. Het "
              "eerste effectjaar is het eerste schemajaar met een aandeel boven nul plus de vertraging, maar niet "
              "vóór de start van het ICT-centrum: nu {first}. Daarmee valt {y1} in {first} (de 'tweede "
              "investeringsbult'), {y2} in {second} en de rest, {y3}, in {third}; beide aandelen zijn gekalibreerd. "
              "Wat na {last_year} valt, wordt gerapporteerd en nooit weggelaten (D28); nu is dat {after}.",
        reden="De gepubliceerde S3.0 is gelijk aan S2.0 tot en met het jaar van de eerste harmonisatie, hoewel er "
              "dan al een kwart geharmoniseerd is; de investeringsbult wordt alleen bij het eerste effectjaar "
              "genoemd. Het nemen als kosten volgt de woordkeus van het rapport en de omvang van die bult.",
        alternatief="Beide alternatieven zijn gemeten na een nieuwe kalibratie.",
        ids=("harmonisation_effect_lag", "s3_investment", "s3_investment_share_year1", "s3_investment_share_year2"),
        tables=("data/harmonisation.csv",), figures=_d4,
        alternatives=(
            _alt("geen vertraging", harmonisation_effect_lag=0),
            _alt("gelijke verdeling (een derde per jaar)", s3_investment_share_year1=1 / 3, s3_investment_share_year2=1 / 3),
        ),
    ),
    Decision(
        5, "De effecten van S3.0 en waarop ze werken",
        keuze="Elk effect schaalt met het geharmoniseerde aandeel dat in het jaar doorwerkt (na de vertraging): "
              "software -{sw} op de categorie applicaties (licenties, onderhoud, kapitaallasten van applicaties en de "
              "servers en opslag die ze nodig hebben, de indeling van par. 6.1 zelf); infrastructuur -{infra} op de "
              "categorie infrastructuur; personeel van de tabel van het ICT-centrum naar de S3.0-tabel naar rato van "
              "het bereikte aandeel gedeeld door het eindaandeel ({ref}), zodat de volle {fte_s3_change} fte bij "
              "{ref} geharmoniseerd bespaard is; implementatie -{impl} als de projectkostenfactor van de "
              "samenwerking ({pf_c} in plaats van {pf_b}) op het geharmoniseerde deel van elke vernieuwing.",
        reden="Het rapport noemt de percentages zonder grondslag. Par. 6.1 telt 'applicaties (inclusief benodigde "
              "servers en storage)' als één blok; de S3.0-tabel is de eindsituatie. De -{impl} en de factoren "
              "{pf_b} en {pf_c} zijn dezelfde uitspraak en worden één keer gebruikt.",
        alternatief="Software -{sw} op een smallere softwaregrondslag: het aandeel applicaties in de niet-personele "
                    "kosten vast op 50% in plaats van de gekalibreerde {app}.",
        ids=("s3_software_reduction", "s3_infrastructure_reduction", "s3_implementation_reduction",
             "s3_fte_reference_share", "applications_share", "project_factor_new_baseline",
             "project_factor_new_collaboration"),
        figures=_d5, alternatives=(_alt("aandeel applicaties 50%", applications_share=0.5),),
    ),
    Decision(
        6, "Het geëxtrapoleerde jaar",
        keuze="De lopende kosten van de baseline en S2.0 groeien van het laatste berekende jaar ({last}) naar "
              "het geëxtrapoleerde jaar ({ext}) per categorie met de indexatie ({idx}) en een aparte, gekalibreerde "
              "volumegroei ({vg}): (1 + indexatie) x (1 + volumegroei), samen {growth}. S3.0 in {ext} is S2.0 "
              "plus het verschil van S3.0 met S2.0 zoals de regels het voor {ext} berekenen. Eenmalige kosten "
              "worden nooit geëxtrapoleerd: ze vallen in hun eigen jaar.",
        reden="Het rapport extrapoleert 'op basis van de beschikbare gegevens' zonder regel, en zijn cijfers voor "
              "{ext} groeien sneller (de gepubliceerde baseline van beide gemeenten samen {pub_growth}) dan "
              "indexatie alleen. Eén volumegroei voor alles is het kleinste aantal parameters; de eenmalige "
              "kosten erbuiten houden voorkomt dat een investering die stopt, in {ext} toch doorloopt.",
        alternatief="Alleen indexatie, zonder volumegroei.",
        ids=("indexation_rate", "volume_growth"), figures=_d6,
        alternatives=(_alt("geen volumegroei", volume_growth=0),),
    ),
    Decision(
        7, "Wanneer een scenario zich terugverdient",
        keuze="Het break-evenjaar is het eerste jaar vanaf welk het cumulatieve verschil met de baseline "
              "(vanaf {year_first}) tot en met de projectiehorizon op of onder nul blijft. De horizon ligt {proj} "
              "jaar na het geëxtrapoleerde jaar {ext}, dus tot en met {horizon}; na {ext} herhaalt zich het "
              "lopende verschil van {ext} ('alle andere factoren gelijk houdend') en vallen eenmalige kosten in "
              "hun eigen jaar. S2.0: {be2}, S3.0: {be3}, één regel voor beide. De 'terugverdientijd van 8 jaar' "
              "telt vanaf de start van het ICT-centrum: {start} tot en met {be2} is {payback} jaar.",
        reden="Het is de gewone lezing van 'de jaarlijkse besparing doorgetrokken' en geeft beide gepubliceerde "
              "jaren. Dat het cumulatieve verschil onder nul moet blijven, voorkomt dat een latere eenmalige "
              "uitgave een scenario dat al 'terugverdiend' was, weer boven nul brengt zonder dat het jaartal dat "
              "laat zien.",
        alternatief="De oude regel, het eerste jaar waarin het cumulatieve verschil nul raakt, geeft nu S2.0 "
                    "{touch2} en S3.0 {touch3}: bij de huidige waarden valt geen latere eenmalige uitgave die het "
                    "verschil weer boven nul brengt. Wie de terugverdientijd vanaf {year_first} telt, komt op "
                    "{payback_first} jaar. Een horizon van één jaar na {ext} laat geen bedrag veranderen (geen "
                    "nieuwe kalibratie nodig), maar wel het break-evenjaar:",
        ids=("break_even_projection_years", "ict_centre_start_year"), figures=_d7,
        alternatives=(_alt("horizon één jaar na het geëxtrapoleerde jaar", refit=False, break_even_projection_years=1),),
    ),
    Decision(
        8, "De besparing van 1,35%",
        keuze="Min het opgetelde verschil van S3.0 met de baseline over {year_first}-{ext}, gedeeld door de "
              "opgetelde baseline over die jaren: {pct} (gepubliceerd {pub}; marge plus of min {tol} "
              "procentpunt).",
        reden="'1,35% van de totale kosten in de periode 2013 - 2018': de baseline is de maatstaf waartegen "
              "elke besparing wordt gemeten.",
        alternatief="Als deel van de totale kosten van S3.0: {of_s3}. Over {year_first}-{year_last} kost S3.0 "
                    "{upto_last} {more_less} dan de baseline; die lezing nemen we niet, omdat ze niet over de "
                    "periode van het rapport gaat.",
        ids=(), figures=_d8,
    ),
    Decision(
        9, "De vernieuwingsinvestering van € 4,56 per inwoner",
        keuze="Elke gemeente investeert elk jaar van {year_first} tot en met {year_last} € {ren} per inwoner, niet "
              "geïndexeerd (een nominaal benchmarkgetal), geactiveerd als applicaties met de afschrijvingstermijn "
              "van de termijnentabel, vanaf het jaar erna, tegen de gemeentelijke rente in de baseline. Het bedrag "
              "bevat al de projectkosten tegen de factor van de baseline voor nieuwe functionaliteit ({pf_b}): "
              "'vernieuwing' is in par. 3.7 de term voor onderdelen die nog niet in bezit zijn. In S2.0 worden de "
              "jaargangen vanaf {start} gefinancierd tegen de {ic} en de termijn ({term} jaar) van de samenwerking; "
              "de applicaties blijven van de gemeenten zelf, dus geen besparing op projectkosten (D5 geeft die aan "
              "S3.0). Vervangingsinvesteringen worden niet gemodelleerd: par. 3.7 zegt dat de kapitaallasten gelijk "
              "blijven behalve door vervanging, desinvestering en vernieuwing, en par. 5.2 zegt dat niets met "
              "boekwaarde wordt vervangen. De vervangingsfactoren ({rb} en {rc}) staan daarom in het register maar "
              "worden niet gebruikt.",
        reden="De verwijzing in de tekst naar 'paragraaf 3.4' loopt dood; dit is de lezing die elk genoemd getal één "
              "keer gebruikt.",
        alternatief="Het bedrag per inwoner jaarlijks indexeren zou de vernieuwingslasten in de latere jaren "
                    "verhogen; het model kent die mogelijkheid niet, dus we meten haar niet.",
        ids=("renewal_per_inhabitant", "project_factor_new_baseline", "interest_rate_collaboration",
             "project_factor_replacement_baseline", "project_factor_replacement_collaboration"),
        tables=("data/depreciation_terms.csv",), figures=_d9,
    ),
    Decision(
        10, "Kapitaallasten en rente",
        keuze="Lineaire afschrijving vanaf het jaar na ingebruikname; rente over de boekwaarde op 1 januari "
              "(gebruikelijk bij gemeenten). De gemeentelijke rente in de baseline is één gekalibreerde rente "
              "voor beide gemeenten: {im}; de samenwerking gebruikt de gepubliceerde {ic}.",
        reden="Het rapport spreekt van 'gemeentelijke rentes' zonder getal. De krimpende besparing van S2.0 (D12) "
              "wijst op een rente onder {ic}.",
        alternatief="Ook in de baseline {ic}. {note}",
        ids=("interest_rate_municipal", "interest_rate_collaboration"), figures=_d10,
        alternatives=(ALT_D10,),
    ),
    Decision(
        11, "De groei van Haarlem: 'circa 3% en dan afvlakkend' en 'circa 2% na 2013'",
        keuze="Geen van beide percentages is een parameter. De groei van Haarlem volgt uit de mechanismen: {idx} "
              "indexatie van personeel en niet-personele exploitatie, de groeiende lagen vernieuwingslasten, en het "
              "aflopen van oude software na {wl} (par. 4: 'oude (dure) software is afgeschreven'). Het resultaat is "
              "{growth} per jaar ({from}-{to}).",
        reden="Beide zinnen beschrijven dezelfde baseline losjes; het model reproduceert de gepubliceerde "
              "baseline uit mechanismen die het rapport zelf noemt.",
        alternatief="Een vast groeipad van 3% of 2% kan de vlakke stap van {ya} naar {yb} in de gepubliceerde "
                    "baseline van Haarlem ({pub_a} naar {pub_b}, × € 1.000) in het geheel niet laten zien.",
        ids=("writeoff_haarlem", "writeoff_haarlem_last_year", "indexation_rate"), figures=_d11,
    ),
    Decision(
        12, "De besparing van S2.0 krimpt na de start",
        keuze="Geen extra mechanisme: de vernieuwingsjaargangen van het ICT-centrum worden gefinancierd tegen {ic}, "
              "die van de baseline tegen de lagere gemeentelijke rente (D10), zodat de kapitaallasten van de "
              "samenwerking sneller stijgen naarmate de jaargangen zich opstapelen. Het verschil van S2.0 met de "
              "baseline in het model: {model} (× € 1.000, {from}-{to}), gepubliceerd: {pub} (elk plus of min 50 "
              "door de afronding per gemeente).",
        reden="Het rapport noemt zelf de andere termijnen en rente als oorzaak.",
        alternatief="Gelijke rentes in beide: het verschil in financiering valt dan weg als verklaring; het effect op "
                    "de cellen en de kernuitspraken staat onder D10.",
        ids=("interest_rate_municipal", "interest_rate_collaboration"), figures=_d12,
    ),
    Decision(
        13, "De overhead van het ICT-centrum",
        keuze="Weggelaten, zoals het rapport doet (par. 5.2 en 6.1). Wie haar meetelt, krijgt {oh} per jaar bij S2.0 "
              "en S3.0, vanaf {off} jaar na de start van het ICT-centrum, nu {from} (het rapport noemt 2015-2019 bij "
              "een start in {start}); een vast eerste jaar mag die datering vervangen, maar is standaard leeg.",
        reden="Het rapport laat haar weg omdat de overhead in de baseline onbekend is.",
        alternatief="De overhead meetellen.",
        ids=("overhead_ict_centre", "overhead_offset", "overhead_first_year", "overhead_included"), figures=_d13,
        alternatives=(_alt("overhead meegeteld", overhead_included=1),),
    ),
    Decision(
        14, "De verschillen met de begrotingen",
        keuze="Geen invoer van het model. De baseline van Haarlem in {year_first} ligt {gap_h} boven de "
              "ICT-begroting ({fm} fte functioneel beheer in de lijn, {sw} overschrijding op software, {budget_fte} "
              "fte in de begroting tegen {fte_h} in de baseline); de begroting van Haarlemmermeer ligt {gap_hm} "
              "boven de baseline ({pa} fte procesadviseurs buiten de business case, kortere "
              "afschrijvingstermijnen). De begrotingen zelf zijn niet gepubliceerd; het rapport zet deze "
              "verklaringen daarom in hoofdstuk 4 naast de baseline van het model.",
        reden="De verschillen verklaren de afstand tussen begroting en baseline; ze veranderen de baseline niet.",
        alternatief="Geen die de gepubliceerde getallen kunnen toetsen.",
        ids=(), tables=("data/report_facts.csv",), figures=_d14,
    ),
    Decision(
        15, "Programmakosten in het eerste jaar: posten samen minder dan het totaal",
        keuze="Het genoemde totaal ({total}) geldt; het verschil met de optelling van de posten ({items}) is "
              "{diff} en staat als eigen regel in de tabel met programmakosten ('niet gespecificeerd verschil met "
              "het totaal').",
        reden="De totaalregel is wat het rapport elders optelt; de posten bevatten 'deels bestaande middelen' die "
              "het verschil kunnen verbergen.",
        alternatief="De optelling van de posten: het gezamenlijke cijfer van S2.0 in {year} daalt met {effect} "
                    "({share} van {diff}, de rest schuift door), waarvan {effect_h} voor Haarlem. Een "
                    "tabel zonder die regel is geen parameter; we meten het effect op de cellen daarom niet.",
        ids=("programme_start_year", "oneoff_first_year_share"), tables=("data/programme_costs.csv",), figures=_d15,
    ),
    Decision(
        16, "Inwoners en de verdeelsleutel",
        keuze="Haarlem {ih} inwoners (de benchmarkklasse 'rond de 150.000 inwoners' uit het rapport); Haarlemmermeer "
              "gekalibreerd: {ihm}. Dat geeft Haarlem een aandeel van {sh} in elke kostenpost van de samenwerking, "
              "één sleutel voor alle kosten (ook de CIO-offices), in elk jaar, het eerste jaar inbegrepen, zoals "
              "alle gepubliceerde paren laten zien.",
        reden="Voor de verdeling telt alleen de verhouding; de absolute aantallen tellen alleen in de "
              "vernieuwingsinvestering (€ {ren} per inwoner).",
        alternatief="Een rond getal voor Haarlemmermeer (144.000 inwoners).",
        ids=("inhabitants_haarlem", "inhabitants_haarlemmermeer"), figures=_d16,
        alternatives=(_alt("144.000 inwoners voor Haarlemmermeer", inhabitants_haarlemmermeer=144000),),
    ),
    Decision(
        17, "Wat 'de investering' is",
        keuze="De investering zoals het rapport haar telt. S2.0: projectkosten ({proj}) + transitie ({trans}) + "
              "frictie ({fric}) = {inv2}, wat het rapport '3,5 miljoen' noemt; S3.0: dat plus de investering van "
              "S3.0 ({s3inv}) = {inv3}, 'circa 7 miljoen'. Beide worden vergeleken na afronding op {round} "
              "(gepubliceerd {pub2} en {pub3}). De kosten van het samenwerkingsprogramma (Samenwerking 1.0) zijn "
              "geen investering maar lopende kosten van het programma: ze tellen vanaf de start van het programma "
              "({ps}) in de berekende jaren en lopen daarna door zoals elke lopende post; de kolommen {ext} van het "
              "rapport tonen het niveau van {last} doorgetrokken.",
        reden="Met de programmakosten erbij komt de som van S2.0 verder van 3,5 miljoen af. Dat het rapport in "
              "{ext} de programmakosten doortrekt, laat zien dat het ze als lopende kosten behandelt.",
        alternatief="De programmakosten van {ps}-{ps1} ({prog_two}) meetellen geeft {inv2_plus} voor S2.0. De "
                    "programmakosten behandelen als eenmalige kosten die in {last} stoppen, is geen parameter van "
                    "het model; bij de wijziging die deze regel invoerde, is dat één keer gemeten: 27 van de 32 "
                    "cellen gelijk, grootste verschil € 30.000 (dit getal is niet door de generator berekend).",
        ids=("programme_start_year", "transition_cost", "friction_cost", "s3_investment"),
        tables=("data/project_costs.csv", "data/programme_costs.csv"), figures=_d17,
    ),
    Decision(
        18, "De opbouw van de baseline",
        keuze="De baseline van elke gemeente is personeel (fte x prijs per fte, geïndexeerd) plus niet-personele "
              "kosten in twee delen: exploitatie die wordt geïndexeerd en kapitaallasten en vaste contracten die "
              "gelijk blijven (par. 3.7), plus afschrijvingsblokken die aflopen. Deze {n_base} invoerwaarden van de "
              "baseline zijn gekalibreerd op de gepubliceerde baseline. De niet-personele kosten zijn voor "
              "{app} applicaties (gekalibreerd); de rest is verdeeld volgens een gereconstrueerde, niet "
              "gekalibreerde verdeling: {split}.",
        reden="De gemeenten leverden hun baseline aan voor het oorspronkelijke model; die is niet gepubliceerd. "
              "We bouwen haar op uit niveaus van het eerste jaar en benoemde groeimechanismen in plaats van uit "
              "bedragen per jaar: geen enkel cijfer van de baseline is invoer per jaar.",
        alternatief="Invoer per jaar zou de baseline precies raken maar niets verklaren, en zou {n_years} "
                    "invoerwaarden vragen waar het model met {n_base} niveaus toe kan.",
        ids=("baseline_exploitation_haarlem", "baseline_exploitation_haarlemmermeer", "baseline_capital_haarlem",
             "baseline_capital_haarlemmermeer", "writeoff_haarlem", "writeoff_haarlemmermeer_a",
             "writeoff_haarlemmermeer_b", "applications_share"),
        tables=("data/category_split.csv",), figures=_d18,
    ),
    Decision(
        19, "Het kleine geïndexeerde deel van Haarlemmermeer",
        keuze="De kalibratie geeft Haarlemmermeer weinig geïndexeerde niet-personele exploitatie ({e}) en een groot "
              "vast blok ({c}).",
        reden="De gepubliceerde baseline van Haarlemmermeer groeit in totaal langzaam; met indexatie op "
              "personeel en de vernieuwingslasten blijft er weinig ruimte voor andere geïndexeerde kosten. Par. 2.3 "
              "zegt dat Haarlemmermeer least, met projectkosten in de leaseprijs: dat past bij vaste contracten.",
        alternatief="Een groter geïndexeerd deel laat de baseline van Haarlemmermeer sneller groeien dan "
                    "gepubliceerd.",
        ids=("baseline_exploitation_haarlemmermeer", "baseline_capital_haarlemmermeer"), figures=_d19,
    ),
    Decision(
        20, "Optimisme-opslag op eenmalige kosten",
        keuze="Een opslag (standaard {ob}, zoals in het rapport) vermenigvuldigt elke eenmalige kostenpost: "
              "projectkosten, programmakosten, transitie, frictie en de investering van S3.0. De Monte "
              "Carlo-analyse kan haar op elke trekking toepassen; een variant mag haar voor het hele rapport zetten.",
        reden="Richtlijnen voor overheidsbusinesscases vragen een expliciete opslag op kosten die ramingen stelselmatig te laag schatten; "
              "eenmalige invoeringskosten zijn het klassieke voorbeeld. Het rapport past geen opslag toe.",
        alternatief="Een opslag ook op de lopende kosten zou ook de baseline raken; daar vragen die richtlijnen "
                    "niet om.",
        ids=("optimism_bias_one_off",), figures=_d20,
    ),
    Decision(
        21, "De discontovoet",
        keuze="{dr}: de standaardvoet van de rijksoverheid in 2013 (risicovrij plus risico-opslag); het eerste jaar "
              "wordt niet verdisconteerd. Het is een eigen parameter, los van de financieringsrente van {ic}. De "
              "netto contante waarde van het verschil van S2.0 met de baseline over {year_first}-{ext} is "
              "{npv}.",
        reden="Het rapport verdisconteert niet; een overheidsafweging van een besluit uit 2013 gebruikt de voet die "
              "toen gold.",
        alternatief="Alleen de risicovrije voet ({lo}): de netto contante waarde wordt {npv_lo}, dichter bij het "
                    "onverdisconteerde cumulatieve verschil ({nominal}).",
        ids=("discount_rate",), figures=_d21,
    ),
    Decision(
        22, "Verdeelsleutels naast inwoners",
        keuze="Drie sleutels: inwoners (het rapport), fte (het ICT-personeel van elke gemeente in de baseline: "
              "{fte_h} tegen {fte_hm}) en gebruik (per kostencategorie het aandeel van elke gemeente in die "
              "categorie in beide baselines van hetzelfde jaar; eenmalige kosten voor {u} naar Haarlem).",
        reden="Het rapport beveelt verdeling naar werkelijk gebruik aan, maar rekent alleen met inwoners. Zonder "
              "gebruiksgegevens is de eigen besteding per categorie in de baseline de beste benadering; "
              "aantallen werkplekken zijn niet gepubliceerd.",
        alternatief="De eenmalige kosten bij de gebruikssleutel toch naar inwoners verdelen verschuift een klein "
                    "deel van het cumulatieve resultaat van S2.0 tussen de gemeenten; de sleutels veranderen geen "
                    "gezamenlijk cijfer en worden daarom niet tegen de gepubliceerde cellen gemeten.",
        ids=("usage_one_off_share_haarlem", "fte_baseline_haarlem", "fte_baseline_haarlemmermeer"), figures=_d22,
    ),
    Decision(
        23, "Welke aannames onzeker zijn, en hun bereik",
        keuze="Elke registerregel met een plausibele onder- en bovengrens, behalve de kostenniveaus en "
              "afschrijvingen van de baseline die de gemeenten aanleverden (daar begrenst het bereik alleen de "
              "kalibratie), doet mee ({n} regels) in de "
              "tornadografiek, de omslagwaarden en de Monte Carlo-analyse: gepubliceerde bedragen die het rapport "
              "zelf ramingen noemt (transitie, frictie, de investering en effecten van S3.0, overhead, vernieuwing "
              "per inwoner, rente), keuzes in de tijd (startjaar, datering van eenmalige kosten, vertraging) en de "
              "gereconstrueerde waarden. De bereiken zijn ons oordeel en staan in het register; waarden die vastliggen "
              "(jaren van de periode, de fte-tabellen, projectfactoren van de baseline) hebben er geen. Hele "
              "eenheden (jaren, vertragingen) worden na het trekken afgerond; het tweede aandeel van de investering "
              "van S3.0 is begrensd op één min het eerste.",
        reden="Het rapport geeft geen bereiken; goede praktijk voor rekenmodellen van de overheid is ze te noemen waar ze worden gebruikt.",
        alternatief="Smallere bereiken voor de gekalibreerde waarden (die de gepubliceerde tabellen strak vastleggen) "
                    "zouden de spreiding van de Monte Carlo-analyse verkleinen; we houden bereiken die uitdrukken wat "
                    "voor zo'n organisatie plausibel is, niet wat de kalibratie toelaat.",
        ids=(), figures=_d23,
    ),
    Decision(
        24, "De conclusies die de omslagwaarden toetsen",
        keuze="Twee conclusies: 'S2.0 verdient zich niet terug binnen de periode van de business case "
              "({year_first}-{year_last})' en 'S3.0 verdient zich terug uiterlijk in het geëxtrapoleerde jaar "
              "({ext})', beide volgens de regel van D7. Voor elke onzekere aanname is de omslagwaarde de waarde "
              "het dichtst bij de registerwaarde waarbij de conclusie omslaat (eerst een rooster van waarden, daarna steeds halveren), of geen binnen "
              "het bereik.",
        reden="Dit zijn de twee financiële bevindingen waarop het advies van het rapport rust.",
        alternatief="{ext} als einde van de periode voor S2.0 verandert niets: S2.0 verdient zich bij de "
                    "registerwaarden terug in {be2}.",
        ids=(), figures=_d24,
    ),
    Decision(
        25, "Personeel van S3.0 bij een lager eindaandeel",
        keuze="De S3.0-tabel beschrijft het einde van het schema, {ref} geharmoniseerd. De personele verlaging volgt "
              "het doorwerkende aandeel gedeeld door {ref}, zodat een schema dat op 50% eindigt twee derde van de "
              "{fte_s3_change} fte bespaart.",
        reden="Zonder deze regel zou een lager eindaandeel toch alle {fte_s3_change} fte besparen.",
        alternatief="Geen die de gepubliceerde cijfers behoudt: bij het gepubliceerde schema geven beide lezingen "
                    "hetzelfde.",
        ids=("s3_fte_reference_share",), figures=_d25,
    ),
    Decision(
        26, "Het kasbeeld",
        keuze="In het kasbeeld tellen de vernieuwingsinvesteringen wanneer ze betaald worden (het bedrag per "
              "inwoner per jaar, min de implementatiebesparing van S3.0 op het geharmoniseerde deel) in plaats van "
              "als kapitaallasten. Eenmalige kosten zijn in beide beelden kosten. Bestaande kapitaallasten blijven "
              "zoals ze zijn: de investeringen erachter zijn niet gepubliceerd. Het geëxtrapoleerde jaar laat de "
              "uitgaven van het laatste berekende jaar groeien zoals de lopende kosten (D6).",
        reden="Het scheidt wat de samenwerking aan uitgaven verandert van wat ze aan financiering verandert "
              "(de rente van de samenwerking tegen de gemeentelijke).",
        alternatief="De eenmalige kosten als investeringen spreiden zou termijnen vragen die het rapport er niet "
                    "voor geeft.",
        ids=("renewal_per_inhabitant",),
    ),
    Decision(
        27, "Gebeurtenissen en vaste jaartallen",
        keuze="Elke eenmalige kostenpost is gedateerd ten opzichte van de gebeurtenis waar ze bij hoort: "
              "projectkosten, transitie, frictie en overhead ten opzichte van de start van het ICT-centrum ({start}), "
              "programmakosten ten opzichte van de start van het programma ({ps}), de investering van S3.0 ten "
              "opzichte van het eerste jaar waarin harmonisatie doorwerkt (D4). Voor transitie, frictie en overhead "
              "mag een vast jaartal de datering vervangen; alle {n_blank} zijn standaard leeg.",
        reden="Wie het startjaar verschuift, verschuift daarmee alles wat bij die start hoort; een wat-alsvraag "
              "over een latere start blijft zo waar zonder dat elk jaartal apart moet worden aangepast. Een vast "
              "jaartal blijft mogelijk voor wie een kostenpost bewust los van haar gebeurtenis wil zetten.",
        alternatief="Vaste kalenderjaren voor alle eenmalige kosten zouden bij een start in {later} de projectkosten "
                    "en de transitie vóór de start laten vallen; met de datering per gebeurtenis schuiven ze mee en "
                    "valt er van de investering van S3.0 {later_after} na {ext} (zie D28).",
        ids=("ict_centre_start_year", "programme_start_year", "transition_offset", "transition_year",
             "friction_offset", "friction_year", "overhead_offset", "overhead_first_year"), figures=_d27,
    ),
    Decision(
        28, "Geen euro verdwijnt",
        keuze="Een eenmalige uitgave die na het laatste gemodelleerde jaar ({ext}) valt, wordt niet weggelaten maar "
              "apart gerapporteerd: in de samenvatting van een modelrun, in het rapport en in de werkmap. De "
              "investeringscijfers (D17) zijn wat de jaartotalen bevatten plus wat na de horizon valt. Bij de "
              "standaardwaarden valt er {after2} (S2.0) en {after3} (S3.0) na {ext}.",
        reden="Een investering die buiten beeld schuift, zou een scenario goedkoper laten lijken dan het is.",
        alternatief="Bij een start van het ICT-centrum in {later} (zonder nieuwe kalibratie) is de investering van "
                    "S3.0 {later_inv}: {later_in} in de gemodelleerde jaren en {later_after} erna. Weglaten zou dat "
                    "laatste bedrag ongemerkt laten verdwijnen.",
        ids=("ict_centre_start_year",), figures=_d28,
    ),
    Decision(
        29, "Waarden buiten het plausibele bereik",
        keuze="Een waarde buiten het plausibele bereik uit het register ({n} regels hebben er een) wordt aanvaard "
              "met een waarschuwing, die op de titelpagina van het rapport staat. Harde grenzen in de code (een "
              "jaartal binnen de eeuw, een aandeel tussen 0 en 1, een bedrag onder een miljard) weigeren een waarde "
              "met een melding die het bestand, de regel, de waarde en de verwachting noemt.",
        reden="Een wat-alsvraag buiten het gebruikelijke moet kunnen, maar de lezer moet zien dat ze buiten het "
              "gebruikelijke valt; een onmogelijke waarde mag het model nooit bereiken.",
        alternatief="Alles buiten het bereik weigeren zou juist de verkenning verhinderen waarvoor varianten bestaan.",
        ids=(), figures=_d29,
    ),
    Decision(
        30, "Wat gefit is",
        keuze="{n_cal} waarden zijn door de optimalisatie gekalibreerd op de {n_cells} gepubliceerde cellen en de "
              "kernuitspraken; {n_read} zijn met het oog uit de gepubliceerde tabellen afgelezen: de drie laatste jaren van "
              "de afschrijvingsblokken, de vertraging van de harmonisatie ({lag} jaar) en de {fte_hm} fte van "
              "Haarlemmermeer. Alle {n_all} tellen als gefit: geen van hen is een onafhankelijke bron. Met de huidige "
              "waarden zijn {identical} van de {n_cells} cellen gelijk na afronding.",
        reden="Wie de reproductie beoordeelt, moet weten hoeveel vrijheid het model had om de gepubliceerde cijfers "
              "te raken.",
        alternatief="De afgelezen waarden mee laten optimaliseren zou hele jaartallen en een halve fte als "
                    "continue getallen behandelen; ze blijven daarom afgelezen.",
        ids=(), figures=_d30,
    ),
)


def register_ids(decision: Decision, inputs=None) -> tuple:
    """Every register id a decision names: its own, its alternatives' and (D30) the fitted ones."""
    ids = list(decision.ids)
    if decision.number == 30 and inputs is not None:
        ids += list(_ids_d30(inputs))
    for alt in decision.alternatives:
        ids += [k for k in alt.register_ids if k not in ids]
    return tuple(dict.fromkeys(ids))


# --- Rendering ---------------------------------------------------------------------------------

def render_decision(ctx: Context, d: Decision) -> str:
    figs = d.figures(ctx) if d.figures else {}
    lines = [f"## D{d.number}. {d.title}", ""]
    lines.append(f"- **Keuze.** {d.keuze.format(**figs)}")
    lines.append(f"- **Reden.** {d.reden.format(**figs)}")
    lines.append(f"- **Alternatief.** {d.alternatief.format(**figs)}")
    for alt in d.alternatives:
        m = ctx.measure(alt)
        how = "na nieuwe kalibratie" if m.refitted else "zonder nieuwe kalibratie"
        contrast = ""
        if alt.refit:
            raw = ctx.measure(Alternative(alt.label, alt.overrides, refit=False))
            contrast = (f" Zonder nieuwe kalibratie: {raw.identical} van de {raw.n_cells} gelijk, grootste verschil "
                        f"{nl_eur(raw.max_difference_eur)}.")
        lines.append(f"  - *{alt.label}* ({how}): {m.sentence()}.{contrast}{(' ' + alt.note) if alt.note else ''}")
    ids = register_ids(d, ctx.inputs)
    parts = []
    if ids:
        parts.append(", ".join(f"`{k}`" for k in ids))
    if d.tables:
        parts.append("tabellen " + ", ".join(f"`{t}`" for t in d.tables))
    if parts:
        lines.append(f"- *Register:* {'; '.join(parts)}")
    return "\n".join(lines)


def render(data_dir: Path, digest: str) -> str:
    ctx = Context(data_dir)
    cur = ctx.current
    head = [
        "# Beslissingenlog",
        "",
        "> Gegenereerd door `make decisions` (`python -m bizcase.publish.decisions`) uit de beslissingen in "
        "`bizcase/decisions.py` en de invoer in `data/`; niet met de hand bewerken.",
        f"> Invoer-hash (sha256): `{digest}`",
        "",
        "Eén beslissing per onduidelijkheid in de bron (het rapport van M&I/Partners van januari 2013, het "
        "raadsvoorstel 2013/96808 en de brief van het college van 19 maart 2013). Elke beslissing geeft de keuze, "
        "de reden en het effect van het alternatief. Elk getal in dit log is berekend bij het genereren: gekozen "
        "waarden komen uit het register, en elk gemeten alternatief is als afwijkende invoer toegepast, waarna de "
        f"{len(ctx.ids)} gekalibreerde waarden opnieuw zijn gefit (vanuit de huidige kalibratie) voordat cellen, "
        "kernuitspraken en uitkomsten zijn vergeleken. 'Cellen' zijn de "
        f"{cur.n_cells} gepubliceerde cellen van par. 6.2; 'gelijk' betekent gelijk na afronding op "
        f"{nl_eur(compare.ROUNDING_EUR)}. Met de huidige waarden zijn {cur.identical} van de {cur.n_cells} cellen "
        f"gelijk (grootste verschil {nl_eur(cur.max_difference_eur)}), "
        f"{'worden alle kernuitspraken gehaald' if not cur.claims_failed else 'worden niet alle kernuitspraken gehaald'}, "
        f"verdient S2.0 zich terug in {nl_year(cur.break_even['s2'])} en S3.0 in {nl_year(cur.break_even['s3'])}, "
        f"en bespaart S3.0 {nl_number(cur.saving_pct['s3'], 2)}%. De nummering D1-D14 volgt de veertien "
        "onduidelijkheden uit de leesnotities; vanaf D15 gaat het om onduidelijkheden die we zelf tegenkwamen.",
        "",
        "Het register (`data/assumptions.csv`) markeert elke gereconstrueerde waarde en verwijst hierheen; de "
        "regel *Register* onder elke beslissing noemt de betrokken waarden.",
        "",
        "",
    ]
    body = "\n\n".join(render_decision(ctx, d) for d in DECISIONS)
    return "\n".join(head) + body + "\n"


# --- Hash of everything the log depends on -----------------------------------------------------

# The package modules the log's figures are computed with (this generator and the validation
# included, and the number formatting); the report's tables and charts, the build, the workbooks and
# the command line cannot change them.
COMPUTATION_MODULES = ("__init__", "schema", "errors", "inputs", "capital", "allocation", "model", "metrics",
                       "compare", "reference", "calibrate", "validate", "decisions", "formatting", "sensitivity")


def dependencies(root: Path = ROOT) -> list:
    """The files the log is generated from: data/*.csv and the computation modules of bizcase/."""
    root = Path(root)
    return sorted(list((root / "data").glob("*.csv")) + [root / "bizcase" / f"{m}.py" for m in COMPUTATION_MODULES])


def input_hash(root: Path = ROOT, files: Optional[list] = None) -> str:
    """sha256 of the files the log depends on (:func:`bizcase.fit.calibrate.files_hash`)."""
    root = Path(root)
    files = files if files is not None else dependencies(root)
    return calibrate.files_hash((f.relative_to(root).as_posix(), f) for f in files)


def stored_hash(text: str) -> Optional[str]:
    m = HASH_PATTERN.search(text)
    return m.group(1) if m else None


def generate(root: Path = ROOT, attempts: int = 3) -> str:
    """The log for the files as they are; regenerated if a dependency changed meanwhile."""
    root = Path(root)
    for _ in range(attempts):
        digest = input_hash(root)
        text = render(root / "data", digest)
        if input_hash(root) == digest:
            return text
    raise RuntimeError("the inputs kept changing while the decisions log was generated")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bizcase.publish.decisions", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the stored hash is not current")
    parser.add_argument("--full-check", action="store_true", help="exit 1 when a regeneration would differ")
    parser.add_argument("--root", default=str(ROOT), help="project root (data/, bizcase/, docs/)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    out = root / OUTPUT
    if args.check or args.full_check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if args.full_check:
            ok = current == generate(root)
        else:
            ok = stored_hash(current) == input_hash(root)
        if not ok:
            print(f"{OUTPUT} is out of date: run `make decisions`", file=sys.stderr)
            return 1
        print(f"{OUTPUT} is current")
        return 0
    text = generate(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
