"""The figures of each decision's text: one function per decision, returning its slots formatted the Dutch way."""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from bizcase.analysis.sensitivity import (SWITCH_PRINT_TOLERANCE, WHOLE_UNITS, analysis_range, one_sided_ids,
                                          switching_values, uncertain_ids)
from bizcase.core import metrics
from bizcase.core.model import RUNNING_CATEGORIES
from bizcase.core.schema import EVENT_BOUND, KINDS, MUNICIPALITIES
from bizcase.core.timing import first_effect_year
from bizcase.fit import compare
from bizcase.publish import formatting as fmt
from bizcase.publish.labels import CLAIM, assumption, category
from bizcase.publish.workbook.excel_values import FUNCTION_NAMES

LATER_START = 3  # D27/D28: a start this many years later pushes S3.0 one-offs past the horizon
EXAMPLE_FRACTION = 2 / 3  # D25: a schedule ending at this fraction of the reference share saves this fraction
EXAMPLE_OUTSIDE = 6  # D32: an example value this fraction of its range's width above the range


# --- formatting -----------------------------------------------------------------------------------

def share(x, decimals: int = 0) -> str:
    """A fraction as a percentage: 0.0351 -> '3,51%' (with ``decimals=2``)."""
    return fmt.pct(float(x) * 100, decimals)


def year(y):
    """A year, or None when there is none (NaN): the text says what that means."""
    return None if math.isnan(float(y)) else fmt.year(y)


def fte(x) -> str:
    """FTE with one decimal when there is a fraction: 57; 58,5."""
    return fmt.number(x, 1 if float(x) % 1 else 0)


def override(decision, key: str):
    """The value an alternative of ``decision`` gives ``key``."""
    return next(dict(a.overrides)[key] for a in decision.alternatives if key in dict(a.overrides))


def measurement(m) -> dict:
    """The slots of a measured alternative (:class:`~bizcase.publish.decisions.measure.Measurement`)."""
    return {"identical": str(m.identical), "n_cells": str(m.n_cells), "max_difference": fmt.eur(m.max_difference_eur),
            "claims_failed": [CLAIM[c] for c in m.claims_failed], "passes": m.passes, "refitted": m.refitted,
            "be2": year(m.break_even["s2"]), "be3": year(m.break_even["s3"]), "saving": fmt.pct(m.saving_pct["s3"], 2)}


def header(ctx) -> dict:
    """The slots of the log's introduction."""
    return {"n_calibrated": str(len(ctx.ids)), "rounding": fmt.eur(compare.ROUNDING_EUR), "m": measurement(ctx.current)}


# --- helpers --------------------------------------------------------------------------------------

def _fte_tables(ctx) -> dict:
    rows = ctx.inputs.fte
    base, centre, s3 = (sum(getattr(r, col) for r in rows) for col in ("baseline", "ict_centre", "s3"))
    cio = len(MUNICIPALITIES) * ctx.values["cio_office_fte"]
    tm = {r.function_group: r for r in rows}["technical_management"]
    return {"base": base, "centre": centre, "s3": s3, "cio": cio, "tm": tm}


def _fte_s3_change(ctx) -> str:
    t = _fte_tables(ctx)
    return fmt.number(t["centre"] - t["s3"], 1)


def _by_offset(items) -> dict:
    out: dict = {}
    for r in items:
        out[r.offset] = out.get(r.offset, 0.0) + r.amount_eur
    return out


def _first_touch_year(years, diff) -> float:
    """The old break-even convention (D7): the first year whose cumulative difference is <= 0."""
    hit = np.nonzero(metrics.cumulative(diff) <= 0)[0]
    return float(years[hit[0]]) if len(hit) else float("nan")


def _period(v) -> dict:
    return {"year_first": fmt.year(v["year_first"]), "year_last": fmt.year(v["year_last"]),
            "ext": fmt.year(v["year_last"] + 1)}


# --- one function per decision --------------------------------------------------------------------

def d01(ctx, d) -> dict:
    v, t = ctx.values, _fte_tables(ctx)
    text_hm = override(d, "fte_baseline_haarlemmermeer")
    return {
        "fte_h": fte(v["fte_baseline_haarlem"]), "fte_hm": fmt.number(v["fte_baseline_haarlemmermeer"], 1),
        "fte_hm_text": fte(text_hm), "fte_text_total": fte(v["fte_baseline_haarlem"] + text_hm),
        "fte_base": fmt.number(t["base"], 1), "fte_centre": fmt.number(t["centre"], 1),
        "fte_s3": fmt.number(t["s3"], 1), "cio_each": fmt.number(v["cio_office_fte"]),
        "fte_s2": fmt.number(t["centre"] + t["cio"], 1), "fte_s2_saving": fmt.number(t["base"] - t["centre"] - t["cio"], 1),
        "tm_base": fmt.number(t["tm"].baseline, 1), "tm_centre": fmt.number(t["tm"].ict_centre, 1),
        "tm_saving": fmt.number(t["tm"].baseline - t["tm"].ict_centre, 1),
        "tm_saving_text": fmt.number(ctx.reference.claim("fte_technical_management_saving_s2")),
        "fte_s3_change": fmt.number(t["centre"] - t["s3"], 1), "fte_s3_change_text": fmt.number(t["centre"] - t["s3"]),
    }


def d02(ctx, d) -> dict:
    v = ctx.values
    return {"cpf": fmt.eur(v["cost_per_fte"]), "idx": share(v["indexation_rate"]), "year_first": fmt.year(v["year_first"])}


def d03(ctx, d) -> dict:
    v, centre = ctx.values, ctx.params.centre
    start = int(v["ict_centre_start_year"])
    proj, prog = _by_offset(ctx.inputs.project), _by_offset(ctx.inputs.programme)
    first_prog = min(prog)
    same_year = v["programme_start_year"] + first_prog == start + min(proj)
    listed_first = proj.get(min(proj), 0.0) + (prog[first_prog] if same_year else 0)
    first = int(v["year_first"])
    pub = sum(ctx.published(m, "s2", first) - ctx.published(m, "baseline", first) for m in MUNICIPALITIES)
    return {
        "start": fmt.year(start), "start_prev": fmt.year(start - 1),
        "proj_prev": fmt.eur(proj.get(-1, 0.0)), "proj_start": fmt.eur(proj.get(0, 0.0)),
        "prog_start": fmt.year(v["programme_start_year"]), "prog_first": fmt.eur(prog[first_prog]),
        "share": share(v["oneoff_first_year_share"], 1), "rest": share(1 - v["oneoff_first_year_share"], 1),
        "trans": fmt.eur(v["transition_cost"]), "fric": fmt.eur(v["friction_cost"]),
        "trans_off": fmt.number(v["transition_offset"]), "fric_off": fmt.number(v["friction_offset"]),
        "trans_year": fmt.year(centre.transition.when(start)), "fric_year": fmt.year(centre.friction.when(start)),
        "pub_diff": fmt.eur(pub), "listed_first": fmt.eur(listed_first), "year_first": fmt.year(first),
    }


def d04(ctx, d) -> dict:
    v, H = ctx.values, ctx.params.harmonisation
    first = int(first_effect_year(ctx.params))
    y1, y2 = v["s3_investment_share_year1"], v["s3_investment_share_year2"]
    schedule = [(share(s), fmt.year(y)) for y, s in zip(H.years, H.shares)]
    return {
        "schedule": schedule, "first_share": share(next(s for s in H.shares if s > 0)),
        "lag": fmt.number(v["harmonisation_effect_lag"]),
        "first": fmt.year(first), "second": fmt.year(first + 1), "third": fmt.year(first + 2),
        "y1": share(y1, 1), "y2": share(y2, 1), "y3": share(1 - y1 - y2, 1),
        "inv": fmt.eur(v["s3_investment"]), "after": fmt.eur(ctx.summary["s3"].investment_after_period),
        "last_year": fmt.year(ctx.params.period.extrapolated),
        "start": fmt.year(v["ict_centre_start_year"]),
    }


def d05(ctx, d) -> dict:
    v = ctx.values
    return {
        "sw": share(v["s3_software_reduction"]), "infra": share(v["s3_infrastructure_reduction"]),
        "ref": share(v["s3_fte_reference_share"]), "fte_s3_change": _fte_s3_change(ctx),
        "impl": share(v["s3_implementation_reduction"]), "pf_b": share(v["project_factor_new_baseline"]),
        "pf_c": share(v["project_factor_new_collaboration"]), "app": share(v["applications_share"], 1),
        "app_alt": share(override(d, "applications_share")),
    }


def d06(ctx, d) -> dict:
    v = ctx.values
    last, ext = int(v["year_last"]), int(ctx.params.period.extrapolated)
    pub_growth = ctx.published_combined("baseline", ext) / ctx.published_combined("baseline", last) - 1
    growth = (1 + v["indexation_rate"]) * (1 + v["volume_growth"]) - 1
    return {"idx": share(v["indexation_rate"]), "vg": share(v["volume_growth"], 2), "growth": share(growth, 2),
            "last": fmt.year(last), "ext": fmt.year(ext), "pub_growth": share(pub_growth, 1)}


def d07(ctx, d) -> dict:
    v = ctx.values
    be2, be3 = ctx.summary["s2"].break_even_year, ctx.summary["s3"].break_even_year
    touch = {sc: _first_touch_year(*metrics.horizon_difference(ctx.result, sc)) for sc in ("s2", "s3")}
    ext = ctx.params.period.extrapolated
    return {
        "proj": fmt.number(v["break_even_projection_years"]), "ext": fmt.year(ext),
        "horizon": fmt.year(ext + v["break_even_projection_years"]), "be2": year(be2), "be3": year(be3),
        "start": fmt.year(v["ict_centre_start_year"]), "year_first": fmt.year(v["year_first"]),
        "payback": fmt.number(metrics.payback_years(be2, v["ict_centre_start_year"])),
        "payback_first": fmt.number(metrics.payback_years(be2, v["year_first"])),
        "payback_pub": fmt.number(ctx.reference.claim("payback_years_s2")),
        "touch2": year(touch["s2"]), "touch3": year(touch["s3"]),
    }


def d08(ctx, d) -> dict:
    r, v = ctx.result, ctx.values
    base, s3 = r.combined_total("baseline"), r.combined_total("s3")
    diff = metrics.difference(s3, base)
    computed = r.years <= v["year_last"]
    upto_last = -np.sum(diff[computed]) / np.sum(base[computed]) * 100
    return {
        "pct": fmt.pct(ctx.summary["s3"].saving_pct, 2), "pub": fmt.pct(ctx.reference.claim("saving_pct_2013_2018_s3"), 2),
        "tol": fmt.number(compare.SAVING_PCT_TOLERANCE, 2), "of_s3": fmt.pct(-np.sum(diff) / np.sum(s3) * 100, 2),
        "upto_last": fmt.pct(abs(upto_last), 2), "upto_last_more": bool(upto_last < 0), **_period(v),
    }


def d09(ctx, d) -> dict:
    v = ctx.values
    return {"ren": fmt.number(v["renewal_per_inhabitant"], 2), "pf_b": share(v["project_factor_new_baseline"]),
            "ic": share(v["interest_rate_collaboration"]), "start": fmt.year(v["ict_centre_start_year"]),
            "term": fmt.number(v["term_applications_collaboration"]),
            "rb": share(v["project_factor_replacement_baseline"]),
            "rc": share(v["project_factor_replacement_collaboration"]), **_period(v)}


def d10(ctx, d) -> dict:
    m = ctx.measure(d.alternatives[0])
    return {"im": share(ctx.values["interest_rate_municipal"], 2), "ic": share(ctx.values["interest_rate_collaboration"]),
            "passes": m.passes, "identical_alt": str(m.identical), "identical_now": str(ctx.current.identical)}


def d11(ctx, d) -> dict:
    v = ctx.values
    total = ctx.result.total("Haarlem", "baseline")
    years = [int(y) for y in ctx.result.years if y <= v["year_last"]]
    growth = [total[ctx.year_index(y)] / total[ctx.year_index(y - 1)] - 1 for y in years[1:]]
    wl = int(v["writeoff_haarlem_last_year"])
    return {"growth": [share(g, 1) for g in growth], "from": fmt.year(years[1]), "to": fmt.year(years[-1]),
            "idx": share(v["indexation_rate"]), "wl": fmt.year(wl),
            "pub_a": fmt.keur(ctx.published("Haarlem", "baseline", wl)),
            "pub_b": fmt.keur(ctx.published("Haarlem", "baseline", wl + 1)),
            "ya": fmt.year(wl), "yb": fmt.year(wl + 1),
            "text_growth": fmt.pct(ctx.inputs.report_facts["haarlem_growth_text_pct"].value, 0),
            "text_later": fmt.pct(ctx.inputs.report_facts["haarlem_growth_after_first_year_text_pct"].value, 0),
            "year_first": fmt.year(v["year_first"])}


def d12(ctx, d) -> dict:
    v = ctx.values
    diff = metrics.difference(ctx.result.combined_total("s2"), ctx.result.combined_total("baseline"))
    years = [int(y) for y in ctx.result.years if v["ict_centre_start_year"] + 1 <= y <= v["year_last"]]
    pub = [ctx.published_combined("s2", y) - ctx.published_combined("baseline", y) for y in years]
    return {"model": [fmt.keur(diff[ctx.year_index(y)]) for y in years], "pub": [fmt.keur(p) for p in pub],
            "from": fmt.year(years[0]), "to": fmt.year(years[-1]), "ic": share(v["interest_rate_collaboration"]),
            "rounding": fmt.keur(compare.ROUNDING_EUR)}


def d13(ctx, d) -> dict:
    v = ctx.values
    start = v["ict_centre_start_year"]
    return {"oh": fmt.eur(v["overhead_ict_centre"]), "off": fmt.number(v["overhead_offset"]),
            "from": fmt.year(ctx.params.centre.overhead.when(start)), "start": fmt.year(start)}


def d14(ctx, d) -> dict:
    f = {k: row.value for k, row in ctx.inputs.report_facts.items()}
    return {"gap_h": fmt.eur(f["haarlem_gap_baseline_above_budget"]),
            "fm": fmt.number(f["haarlem_functional_management_in_line"]),
            "sw": fmt.eur(f["haarlem_software_overrun"]), "budget_fte": fmt.number(f["haarlem_budget_fte"]),
            "fte_h": fmt.number(ctx.values["fte_baseline_haarlem"]),
            "gap_hm": fmt.eur(f["haarlemmermeer_gap_budget_above_baseline"]),
            "pa": fmt.number(f["haarlemmermeer_process_advisers_excluded"]),
            "year_first": fmt.year(ctx.values["year_first"])}


def d15(ctx, d) -> dict:
    items = ctx.inputs.programme
    first = [r for r in items if r.offset == min(x.offset for x in items)]
    total = sum(r.amount_eur for r in first)
    diff = sum(r.amount_eur for r in first if r.item == "unspecified_difference_to_total")
    part = ctx.values["oneoff_first_year_share"]
    return {"total": fmt.eur(total), "items": fmt.eur(total - diff), "diff": fmt.eur(diff),
            "effect": fmt.eur(diff * part), "effect_h": fmt.eur(diff * part * float(ctx.result.shares["Haarlem"])),
            "share": share(part, 1), "year": fmt.year(ctx.values["programme_start_year"])}


def d16(ctx, d) -> dict:
    v = ctx.values
    return {"ih": fmt.number(v["inhabitants_haarlem"]), "ihm": fmt.number(v["inhabitants_haarlemmermeer"]),
            "ihm_alt": fmt.number(override(d, "inhabitants_haarlemmermeer")),
            "benchmark": fmt.number(ctx.inputs.report_facts["benchmark_class_inhabitants"].value),
            "sh": fmt.number(float(ctx.result.shares["Haarlem"]), 4), "ren": fmt.number(v["renewal_per_inhabitant"], 2)}


def d17(ctx, d) -> dict:
    v, s = ctx.values, ctx.summary
    prog = _by_offset(ctx.inputs.programme)
    prog_two = prog.get(0, 0.0) + prog.get(1, 0.0)
    ps = int(v["programme_start_year"])
    pub2, pub3 = ctx.reference.claim("investment_eur_s2"), ctx.reference.claim("investment_eur_s3")
    return {
        "proj": fmt.eur(sum(r.amount_eur for r in ctx.inputs.project)), "trans": fmt.eur(v["transition_cost"]),
        "fric": fmt.eur(v["friction_cost"]), "s3inv": fmt.eur(v["s3_investment"]),
        "inv2": fmt.eur(s["s2"].investment), "inv3": fmt.eur(s["s3"].investment),
        "pub2": fmt.eur(pub2), "pub3": fmt.eur(pub3), "pub2_m": fmt.plain(pub2 / 1e6), "pub3_m": fmt.plain(pub3 / 1e6),
        "round": fmt.eur(compare.INVESTMENT_ROUNDING_EUR), "ps": fmt.year(ps), "ps1": fmt.year(ps + 1),
        "prog_two": fmt.eur(prog_two), "inv2_plus": fmt.eur(s["s2"].investment + prog_two),
        "last": fmt.year(v["year_last"]), "ext": fmt.year(ctx.params.period.extrapolated),
    }


def d18(ctx, d) -> dict:
    v = ctx.values
    n_base = sum(k.startswith(("baseline_", "writeoff_")) for k in ctx.ids)
    n_years = int(v["year_last"] - v["year_first"] + 1)
    return {"app": share(v["applications_share"], 1), "n_base": str(n_base),
            "split": [(category(k, in_sentence=True), share(x)) for k, x in ctx.inputs.category_split.items()],
            "n_years": str(len(MUNICIPALITIES) * n_years)}


def d19(ctx, d) -> dict:
    return {"e": fmt.eur(ctx.values["baseline_exploitation_haarlemmermeer"]),
            "c": fmt.eur(ctx.values["baseline_capital_haarlemmermeer"])}


def d20(ctx, d) -> dict:
    return {"ob": share(ctx.values["optimism_bias_one_off"])}


def d21(ctx, d) -> dict:
    v, r = ctx.values, ctx.result
    diff = metrics.difference(r.combined_total("s2"), r.combined_total("baseline"))
    lo = ctx.inputs.register["discount_rate"].low
    return {"dr": share(v["discount_rate"], 1), "lo": share(lo, 1), "ic": share(v["interest_rate_collaboration"]),
            "year_first": fmt.year(v["year_first"]), "ext": fmt.year(ctx.params.period.extrapolated),
            "npv": fmt.eur(metrics.npv(diff, r.years, v["discount_rate"], v["year_first"])),
            "npv_lo": fmt.eur(metrics.npv(diff, r.years, lo, v["year_first"])), "nominal": fmt.eur(np.sum(diff))}


def d22(ctx, d) -> dict:
    v = ctx.values
    return {"u": share(v["usage_one_off_share_haarlem"]), "fte_h": fmt.number(v["fte_baseline_haarlem"]),
            "fte_hm": fmt.number(v["fte_baseline_haarlemmermeer"], 1)}


def d23(ctx, d) -> dict:
    return {"n": str(len(uncertain_ids(ctx.inputs)))}


def d24(ctx, d) -> dict:
    return {"be2": year(ctx.summary["s2"].break_even_year), "be3": year(ctx.summary["s3"].break_even_year),
            **_period(ctx.values)}


def d25(ctx, d) -> dict:
    ref = ctx.values["s3_fte_reference_share"]
    return {"ref": share(ref), "example": share(ref * EXAMPLE_FRACTION), "fte_s3_change": _fte_s3_change(ctx)}


def d26(ctx, d) -> dict:
    return {}  # the text states no figure


def d27(ctx, d) -> dict:
    v = ctx.values
    blank = [override_id for _, override_id in EVENT_BOUND.values() if override_id not in v]
    later = int(v["ict_centre_start_year"]) + LATER_START
    s = metrics.summary(ctx.evaluate_with({"ict_centre_start_year": later}))
    return {"start": fmt.year(v["ict_centre_start_year"]), "ps": fmt.year(v["programme_start_year"]),
            "n_blank": str(len(blank)), "later": fmt.year(later),
            "later_after": fmt.eur(s["s3"].investment_after_period), "ext": fmt.year(ctx.params.period.extrapolated)}


def d28(ctx, d) -> dict:
    v, s = ctx.values, ctx.summary
    later = int(v["ict_centre_start_year"]) + LATER_START
    s_later = metrics.summary(ctx.evaluate_with({"ict_centre_start_year": later}))["s3"]
    ext = ctx.params.period.extrapolated
    return {"ext": fmt.year(ext), "horizon": fmt.year(ext + v["break_even_projection_years"]),
            "after2": fmt.eur(s["s2"].investment_after_period), "after3": fmt.eur(s["s3"].investment_after_period),
            "later": fmt.year(later), "later_inv": fmt.eur(s_later.investment),
            "later_in": fmt.eur(s_later.investment_in_period), "later_after": fmt.eur(s_later.investment_after_period)}


def d29(ctx, d) -> dict:
    return {"n": str(sum(1 for row in ctx.inputs.register.values() if row.low is not None)),
            "share_low": fmt.number(KINDS["share"].low), "share_high": fmt.number(KINDS["share"].high)}


def d30(ctx, d) -> dict:
    read = [k for k, row in ctx.inputs.register.items() if row.status == "read_from_tables"]
    return {"n_cal": str(len(ctx.ids)), "n_read": str(len(read)), "n_all": str(len(ctx.ids) + len(read)),
            "fte_hm": fmt.number(ctx.values["fte_baseline_haarlemmermeer"], 1),
            "lag": fmt.number(ctx.values["harmonisation_effect_lag"]),
            "identical": str(ctx.current.identical), "n_cells": str(ctx.current.n_cells)}


def _repeating_projection(result, sc: str) -> np.ndarray:
    """The projection of the rule before D31: the extrapolated year's running difference repeated,
    plus the one-offs of each later year."""
    running = sum(np.asarray(result.combined[sc][c], float)[..., -1]
                  - np.asarray(result.combined["baseline"][c], float)[..., -1] for c in RUNNING_CATEGORIES)
    return running + sum(np.asarray(v, float) for v in result.projected_oneoffs[sc].values())


def _earns_back(be, horizon) -> str:
    return f"in {fmt.year(be)} terug" if not math.isnan(float(be)) else f"tot en met {fmt.year(horizon)} niet terug"


def d31(ctx, d) -> dict:
    v, r = ctx.values, ctx.result
    last, ext = int(v["year_last"]), int(ctx.params.period.extrapolated)
    horizon = ext + v["break_even_projection_years"]
    same = all(np.allclose(_repeating_projection(r, sc), r.projected_difference[sc], rtol=0, atol=0.5)
               for sc in ("s2", "s3"))
    late = {"ict_centre_start_year": last, "overhead_included": 1}
    with_overhead = metrics.summary(ctx.evaluate_with(late))["s2"].break_even_year
    without = metrics.summary(ctx.evaluate_with({**late, "overhead_included": 0}))["s2"].break_even_year
    return {"last": fmt.year(last), "ext": fmt.year(ext), "horizon": fmt.year(horizon),
            "same": "de projectie is dezelfde als met de oude regel" if same
            else "toch wijkt de projectie af van die met de oude regel",
            "late": fmt.year(last), "late_from": fmt.year(ctx.params.centre.overhead.when(last)),
            "be_now": _earns_back(with_overhead, horizon), "be_old": _earns_back(without, horizon)}


def d32(ctx, d) -> dict:
    row = ctx.inputs.register["cost_per_fte"]
    example = row.high + (row.high - row.low) / EXAMPLE_OUTSIDE
    outside = dataclasses.replace(ctx.inputs, values={**ctx.inputs.values, "cost_per_fte": example})
    low, high = analysis_range(outside, "cost_per_fte")
    return {"n_one_sided": str(len(one_sided_ids(ctx.inputs))), "n_uncertain": str(len(uncertain_ids(ctx.inputs))),
            "example": fmt.eur(example), "low": fmt.eur(row.low), "high": fmt.eur(row.high),
            "example_low": fmt.eur(low), "example_high": fmt.eur(high)}


def d33(ctx, d) -> dict:
    found = next(x for x in switching_values(ctx.inputs)
                 if not math.isnan(x.switching_value) and ctx.inputs.register[x.id].unit not in WHOLE_UNITS)
    unit = ctx.inputs.register[found.id].unit
    return {"tolerance": share(SWITCH_PRINT_TOLERANCE, 2), "name": assumption(found.id),
            "boundary": fmt.value_text(unit, float(f"{found.boundary:.8g}"), exact=True),
            "written": fmt.value_text(unit, found.switching_value, exact=True)}


def d34(ctx, d) -> dict:
    return {"functions": ", ".join(FUNCTION_NAMES)}


# decision number -> its slot function
SLOTS = dict(enumerate((d01, d02, d03, d04, d05, d06, d07, d08, d09, d10, d11, d12, d13, d14, d15, d16, d17, d18,
                        d19, d20, d21, d22, d23, d24, d25, d26, d27, d28, d29, d30, d31, d32, d33, d34), start=1))
