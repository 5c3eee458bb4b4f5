"""``bizcase run`` and ``bizcase compare``: the model's figures as files and on screen.

``run`` writes ``costs.csv`` (municipality, scenario, year, category, cost_eur), ``totals.csv`` and
``summary.json``, and prints a compact table; every headline figure comes from the figure layer
(:mod:`bizcase.publish.figures`), as in the report and the workbooks. ``compare`` prints each
published cell beside the reproduced one and every headline claim.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from bizcase.analysis import bands as recon
from bizcase.analysis import content
from bizcase.core import metrics
from bizcase.core.model import CATEGORIES, evaluate
from bizcase.core.schema import COLLABORATIONS, MUNICIPALITIES, SCENARIOS
from bizcase.cli.outputs import write_outputs
from bizcase.fit import compare as cmp
from bizcase.fit import ensemble
from bizcase.fit.reference import load_reference
from bizcase.publish import figures
from bizcase.publish import formatting as fmt

CONVENTION = ("first year from which the cumulative difference to the baseline stays at or below 0 through {horizon} "
              "(break_even_projection_years = {years} after {extrapolated}); " + metrics.PROJECTION_RULE
              + " (decisions D7, D31); per municipality the same, with its share of the collaboration's costs against "
              "its own baseline")


def plain(v):
    """A number for JSON: NaN as null, whole numbers as integers, others to 6 decimals."""
    v = float(np.asarray(v))
    return None if np.isnan(v) else (int(v) if v.is_integer() else round(v, 6))


BANDS_CONVENTION = ("point: the run's own values (the best fit, or the variant); p5, p95: the 5th and 95th percentiles "
                    "over the {members:,} reconstructions in data/ensemble.csv, every one of which reproduces the "
                    "published tables (issue 22); a fitted value the run sets itself holds for every reconstruction; "
                    "a break-even band is two reconstructions' years, null: none within {horizon}; driven_by: the "
                    "fitted value that explains most of the spread (r2 at least {r2:g}), unidentified: one the "
                    "published tables do not pin down")


def band_entry(b: recon.Band) -> dict:
    """One figure's band for summary.json (a year of inf, none within the horizon, as null)."""
    def limit(v):
        return None if np.isinf(v) else plain(v)

    out = {"point": plain(b.point), "p5": limit(b.low), "p95": limit(b.high), "driven_by": b.driver,
           "driver_r2": round(b.driver_r2, 3), "driver_unidentified": b.driver_unidentified}
    if b.is_year:
        out["share_without_break_even"] = round(b.share_none, 4)
    return out


def reconstruction_bands(b: recon.Bands, horizon: int) -> dict:
    """summary.json's bands: keyed like the headline figures they go with."""
    by_sc = {sc: {k: band_entry(b.of(k, sc)) for k in recon.KINDS} for sc in COLLABORATIONS}
    return {
        "convention": BANDS_CONVENTION.format(members=b.members, horizon=horizon, r2=recon.DRIVER_R2),
        "members": b.members, "varied_ids": list(b.varied), "fixed_by_overrides": list(b.fixed_by_overrides),
        "unidentified_ids": list(b.unidentified),
        "break_even_year": {sc: by_sc[sc]["break_even"] for sc in COLLABORATIONS},
        "break_even_year_by_municipality": {sc: {m: band_entry(b.of(recon.YEARS, sc, m)) for m in MUNICIPALITIES}
                                            for sc in COLLABORATIONS},
        "saving_pct": {sc: by_sc[sc]["saving_pct"] for sc in COLLABORATIONS},
        "cumulative_difference_eur": {sc: by_sc[sc]["cumulative"] for sc in COLLABORATIONS},
        "npv_eur": {sc: by_sc[sc]["npv"] for sc in COLLABORATIONS},
        "investment_eur": {sc: by_sc[sc]["investment"] for sc in COLLABORATIONS},
    }


ONE_OFF_CONVENTION = ("in_modelled_years: in the totals through {extrapolated}; in_projection: after {extrapolated}, "
                      "counted in the break-even year only; not_counted: after {horizon} or never, counted nowhere")


def one_off(o: figures.OneOffCount, horizon: int) -> dict:
    """Where one one-off category's amount is counted, for summary.json."""
    why = None
    if o.uncounted:
        why = "never: harmonisation never takes effect" if o.never else f"after {horizon}, beyond the break-even horizon"
    return {"stated": plain(o.stated), "in_modelled_years": plain(o.in_period), "in_projection": plain(o.in_projection),
            "not_counted": plain(o.uncounted), "not_counted_because": why}


def point_in_distribution(inputs, f: figures.Figures) -> dict:
    """Where the point estimate sits among the Monte Carlo draws (the run's own draws and seed),
    per scenario, and which plausible ranges are one-sided or widened to the run's value."""
    analyses = content.Analyses(lambda: None, lambda: {"montecarlo": content.montecarlo_summary(inputs)[1]})
    u = figures.uncertainty(f, analyses)
    return {
        "draws": analyses.draws, "seed": analyses.seed,
        "cumulative_difference": {sc: {"point_eur": plain(x.point_cumulative), "percentile": plain(x.point_percentile),
                                       "share_of_draws_dearer": plain(x.point_above),
                                       "share_of_draws_cheaper": plain(x.point_below)} for sc, x in u.items()},
        "one_sided_ranges": analyses.one_sided, "widened_ranges": analyses.widened,
        "convention": "percentile: the share of all draws below the point, ties counted half (0-100); a one-sided "
                      "range has the run's value at one of its ends; a widened range is the register's plausible "
                      "range stretched to the run's value (decision D32)",
    }


def summary(inputs, result, f: figures.Figures, b: recon.Bands) -> dict:
    """The content of summary.json: the figure layer's headline figures, with their conventions and
    their bands over the reconstructions ``b``."""
    by = {sc: f.scenario(sc) for sc in COLLABORATIONS}
    return {
        "reconstruction_bands": reconstruction_bands(b, f.horizon),
        "period": {"first": f.first, "last_computed": f.last_computed, "extrapolated": f.extrapolated,
                   "break_even_horizon": f.horizon},
        "years": list(f.years),
        "break_even_year": {sc: plain(s.break_even_year) for sc, s in by.items()},
        "break_even_year_by_municipality": {sc: {m: plain(s.break_even_by_municipality[m]) for m in MUNICIPALITIES}
                                            for sc, s in by.items()},
        "break_even_convention": CONVENTION.format(horizon=f.horizon, extrapolated=f.extrapolated,
                                                   years=int(inputs.params.period.projection_years)),
        "payback_years": {sc: plain(s.payback_years) for sc, s in by.items()},
        "saving_pct": {sc: plain(s.saving_pct) for sc, s in by.items()},
        "saving_pct_computed_years": {sc: plain(s.saving_pct_computed) for sc, s in by.items()},
        "cumulative_difference_eur": {sc: plain(s.cumulative_difference) for sc, s in by.items()},
        "cumulative_difference_by_municipality_eur": {sc: {m: plain(s.cumulative_by_municipality[m])
                                                           for m in MUNICIPALITIES} for sc, s in by.items()},
        "npv_eur": {sc: plain(s.npv) for sc, s in by.items()},
        "investment_eur": {sc: plain(s.investment) for sc, s in by.items()},
        "investment_in_period_eur": {sc: plain(s.investment_in_period) for sc, s in by.items()},
        "investment_after_period_eur": {sc: plain(s.investment_after_period) for sc, s in by.items()},
        "investment_in_projection_eur": {sc: plain(s.investment_projected) for sc, s in by.items()},
        "investment_not_counted_eur": {sc: plain(s.investment_uncounted) for sc, s in by.items()},
        "one_off_costs_eur": {sc: {o.category: one_off(o, f.horizon) for o in s.one_offs} for sc, s in by.items()},
        "one_off_convention": ONE_OFF_CONVENTION.format(extrapolated=f.extrapolated, horizon=f.horizon),
        "allocation_shares": {m: plain(v) for m, v in f.shares.items()},
        "point_in_distribution": point_in_distribution(inputs, f),
        "overrides": {k: plain(v) for k, v in sorted(inputs.overrides.items())},
        "warnings": list(inputs.warnings) + [
            f"id '{k}': {inputs.overrides[k]:g} changes no figure of this edition (accepted; it acts only together "
            "with other values, see the register)" for k in figures.inert_overrides(inputs)],
        "data": str(inputs.data_dir),
    }


def tables(inputs, result) -> tuple[str, str]:
    """costs.csv and totals.csv of one scalar evaluation."""
    years = [int(y) for y in result.years]
    cost_lines = ["municipality,scenario,year,category,cost_eur"]
    total_lines = ["municipality,scenario,year,cost_eur"]
    for m in MUNICIPALITIES:
        for sc in SCENARIOS:
            series = result.costs[(m, sc)]
            for i, y in enumerate(years):
                for cat in CATEGORIES:
                    cost_lines.append(f"{m},{sc},{y},{cat},{float(series[cat][..., i]):.2f}")
                total_lines.append(f"{m},{sc},{y},{float(result.total(m, sc)[..., i]):.2f}")
    return "\n".join(cost_lines) + "\n", "\n".join(total_lines) + "\n"


def _keur(v: float) -> str:
    return f"{v / 1000:,.0f}".replace(",", ".")


def _year(v) -> str:
    return "none" if v is None else str(v)


def _span(entry: dict) -> str:
    """A band of years: '2021-2024', or '2018' when both ends are the same year."""
    low, high = _year(entry["p5"]), _year(entry["p95"])
    return low if low == high else f"{low}-{high}"


def _band_text(entry: dict, money: bool) -> str:
    if money:
        return f"EUR {entry['p5'] / 1e6:,.2f} to {entry['p95'] / 1e6:,.2f} million"
    return f"{entry['p5']:.2f}% to {entry['p95']:.2f}%"


def print_bands(s: dict) -> None:
    """The bands over the reconstructions, one line per scenario, and what drives a wide one."""
    bands = s["reconstruction_bands"]
    print(f"5-95 % bands over the {bands['members']:,} reconstructions that reproduce the published tables"
          + (f" (set by this run, the same in every one: {', '.join(bands['fixed_by_overrides'])})"
             if bands["fixed_by_overrides"] else ""))
    for sc in COLLABORATIONS:
        be = bands["break_even_year"][sc]
        by_m = ", ".join(f"{m} {_span(e)}" for m, e in bands["break_even_year_by_municipality"][sc].items())
        print(f"  {sc}: break-even {_span(be)} ({by_m}); saving "
              f"{_band_text(bands['saving_pct'][sc], False)}; cumulative "
              f"{_band_text(bands['cumulative_difference_eur'][sc], True)}; NPV {_band_text(bands['npv_eur'][sc], True)}")
    drivers = sorted({e["driven_by"] for key in ("break_even_year", "saving_pct", "cumulative_difference_eur", "npv_eur")
                      for e in bands[key].values() if e["driven_by"] and e["driver_unidentified"]})
    if drivers:
        print("  these bands follow mostly " + ", ".join(drivers) + ", which the published tables do not pin down")


def print_table(result, s: dict) -> None:
    years = s["years"]
    print(f"ICT costs, EUR x 1000 ({years[-1]} extrapolated)")
    print(f"{'':16}{'':10}" + "".join(f"{y:>9}" for y in years))
    for m in MUNICIPALITIES:
        for sc in SCENARIOS:
            row = result.total(m, sc)
            print(f"{m:16}{sc:10}" + "".join(f"{_keur(row[..., i]):>9}" for i in range(len(years))))
    for sc in COLLABORATIONS:
        by_m = ", ".join(f"{m} {_year(y)}" for m, y in s["break_even_year_by_municipality"][sc].items())
        print(f"{sc}: break-even {_year(s['break_even_year'][sc])} ({by_m}), saving {s['saving_pct'][sc]:.2f}% "
              f"of the baseline {years[0]}-{years[-1]} ({s['saving_pct_computed_years'][sc]:.2f}% over {years[0]}-"
              f"{years[-2]}), investment EUR {s['investment_eur'][sc]:,.0f}")
    horizon = s["period"]["break_even_horizon"]
    for sc, counts in s["one_off_costs_eur"].items():
        projected = sum(c["in_projection"] for c in counts.values())
        if projected:
            print(f"{sc}: one-off costs of EUR {projected:,.0f} fall after {years[-1]}, by {horizon} (not in the totals "
                  "above; counted in the break-even projection)")
        for cat, c in counts.items():
            if c["not_counted"]:
                print(f"{sc}: {cat} of EUR {c['not_counted']:,.0f} is counted nowhere ({c['not_counted_because']})")
    print_bands(s)
    where = s["point_in_distribution"]
    for sc, p in where["cumulative_difference"].items():
        place, whole = fmt.percentile_place(p["percentile"])
        sits = {"below": "below nearly all", "above": "above nearly all"}.get(place, f"at percentile {whole} of")
        print(f"{sc}: the cumulative difference EUR {p['point_eur']:,.0f} sits {sits} {where['draws']:,} Monte Carlo "
              f"draws ({p['share_of_draws_dearer']:.0%} of them dearer)")
    if where["widened_ranges"]:
        print("plausible ranges widened to the run's value (D32): " + ", ".join(where["widened_ranges"]))
    if where["one_sided_ranges"]:
        print("one-sided analysis ranges (the run's value is an end): "
              + ", ".join(f"{k} ({end})" for k, end in where["one_sided_ranges"].items()))
    for warning in s["warnings"]:
        print(f"bizcase: warning: {warning}", file=sys.stderr)


def cmd_run(args, inputs) -> int:
    result = evaluate(inputs)
    costs, totals = tables(inputs, result)
    s = summary(inputs, result, figures.headline(inputs, result), recon.bands(inputs, ensemble.load(inputs.data_dir)))
    write_outputs(Path(args.out), {"costs.csv": costs, "totals.csv": totals,
                                   "summary.json": json.dumps(s, indent=2, sort_keys=True) + "\n"})
    print_table(result, s)
    print(f"written: {Path(args.out) / 'costs.csv'}, totals.csv, summary.json")
    return 0


def _claim(v: float) -> str:
    if np.isnan(v):
        return "none"
    return f"{v:,.0f}" if abs(v) >= 100_000 else f"{v:g}"


def cmd_compare(args, inputs) -> int:
    reference = load_reference(args.data)
    result = evaluate(inputs)
    cells = cmp.cells(reference, result)
    claims = cmp.claims(inputs, reference, result)
    print(f"Published versus reproduced, EUR x 1000 (report par. 6.2, rounded to EUR {cmp.ROUNDING_EUR:,})")
    print(f"{'municipality':16}{'scenario':10}{'year':>6}{'published':>11}{'reproduced':>12}{'unrounded':>11}{'diff':>9}  status")
    for c in cells:
        status = "identical" if c.identical else ("within" if c.within_tolerance else "OUTSIDE")
        print(f"{c.municipality:16}{c.scenario:10}{c.year:>6}{c.published_eur / 1000:>11,.0f}{c.rounded_eur / 1000:>12,.0f}"
              f"{c.reproduced_eur / 1000:>11,.1f}{c.difference_eur / 1000:>+9.1f}  {status}")
    identical = sum(c.identical for c in cells)
    within = sum(c.within_tolerance for c in cells)
    print(f"cells identical after rounding: {identical}/{len(cells)}; within EUR {cmp.TOLERANCE_EUR:,}: {within}/{len(cells)}")
    print()
    print(f"{'claim':38}{'published':>12}{'reproduced':>13}  met  convention")
    for c in claims:
        print(f"{c.id:38}{_claim(c.published):>12}{_claim(c.reproduced):>13}  {'yes' if c.ok else 'NO '}  "
              f"[{c.kind}] {c.convention}")
    print()
    horizon = int(result.projection_years[-1])
    print_bands({"reconstruction_bands": reconstruction_bands(recon.bands(inputs, ensemble.load(inputs.data_dir)),
                                                              horizon)})
    ok = cmp.passes(cells, claims)
    print("result: " + ("PASS" if ok else "FAIL") + f" (needs every cell within EUR {cmp.TOLERANCE_EUR:,}, "
          f"at least {cmp.MIN_IDENTICAL} identical, every claim met)")
    return 0 if ok else 1
