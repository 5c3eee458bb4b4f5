"""What-ifs that stay true (issue 20): dates after the computed years, money reported as counted,
uncertainty around the run's own values, and the model's symmetries, checked with hypothesis.

Each invariant is stated in one line in its test's docstring. The what-ifs reach past the plausible
ranges where a consultant would: an ICT centre that starts in the last computed year, an overhead
or a write-off dated after the computed years, harmonisation that takes effect late or never.
"""
import csv
import dataclasses
import json
import shutil

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bizcase.analysis import content
from bizcase.analysis import montecarlo as mc
from bizcase.analysis import sensitivity as sa
from bizcase.cli import main
from bizcase.core import allocation, metrics
from bizcase.core.inputs import load_inputs
from bizcase.core.model import RUNNING_CATEGORIES, evaluate, growth
from bizcase.core.params import MUNICIPAL_IDS
from bizcase.core.schema import COLLABORATIONS, MUNICIPALITIES, REGISTER
from bizcase.core.timing import ONE_OFF_CATEGORIES, operating_effect
from bizcase.publish import figures
from conftest import DATA

INPUTS = load_inputs(DATA)
PERIOD = INPUTS.params.period
FIRST, LAST = int(PERIOD.first), int(PERIOD.last)
HORIZON = int(PERIOD.extrapolated + PERIOD.projection_years)
UNCERTAIN = sa.uncertain_ids(INPUTS)
MONEY_UNITS = ("EUR", "EUR/FTE", "EUR/inhabitant")
# assumptions whose effect on both cumulative differences is monotone over any range (test_sensitivity)
MONOTONE = ("s3_software_reduction", "s3_investment", "transition_cost", "friction_cost", "cost_per_fte",
            "cio_office_fte", "interest_rate_collaboration")
SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def close(a, b, tol=1e-6):
    np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float), rtol=1e-9, atol=tol)


def edition(values: dict, base=INPUTS):
    """``base`` with ``values`` in its register (no validation: the model's arithmetic is under test)."""
    return dataclasses.replace(base, values={**base.values, **values})


def projected(series, n):
    """A projection series (it may broadcast against the projection years) over its ``n`` years."""
    series = np.asarray(series, float)
    return np.broadcast_to(series, series.shape[:-1] + (n,))


@st.composite
def parameter_sets(draw):
    """A feasible parameter set inside the register's plausible ranges."""
    values = {k: draw(st.floats(INPUTS.register[k].low, INPUTS.register[k].high)) for k in UNCERTAIN}
    return {k: float(v) for k, v in sa.feasible(INPUTS, values).items()}


# ------------------------------------------------------------------ dates after the computed years

@SETTINGS
@given(start=st.integers(FIRST + 1, LAST), offset=st.integers(0, 10),
       fixed=st.one_of(st.none(), st.integers(FIRST, HORIZON + 2)), amount=st.floats(1e4, 1e6))
def test_a_running_cost_that_starts_late_runs_from_its_start_through_the_horizon(start, offset, fixed, amount):
    """A counted overhead is its amount in every computed year from its first year on, and the amount
    grown once by indexation and volume in every later year from its first year on, in S2.0 and S3.0
    alike; the cumulative difference through the horizon holds exactly that much more."""
    case = {"ict_centre_start_year": start, "overhead_ict_centre": amount, "overhead_offset": offset,
            "overhead_first_year": fixed}
    with_it = evaluate(INPUTS, {**case, "overhead_included": 1})
    without = evaluate(INPUTS, {**case, "overhead_included": 0})
    begin = max(fixed if fixed is not None else start + offset, start)  # it runs while the centre does
    g = float(np.squeeze(growth(INPUTS.with_values(case))))
    modelled = [amount * (y >= begin) * (g if y > LAST else 1) for y in with_it.years]
    later = [g * amount * (y >= begin) for y in with_it.projection_years]
    for sc in COLLABORATIONS:
        close(with_it.combined[sc]["overhead"], modelled)
        close(projected(with_it.projected_combined[sc]["overhead"], len(later)), later)
        close(metrics.cumulative_at(with_it, sc, HORIZON) - metrics.cumulative_at(without, sc, HORIZON),
              sum(modelled) + sum(later), tol=1e-3)


@SETTINGS
@given(last_year=st.integers(LAST - 1, HORIZON + 1), amount=st.floats(1e4, 1e6), which=st.sampled_from(MUNICIPALITIES))
def test_a_write_off_that_ends_late_stops_after_its_last_year(last_year, amount, which):
    """A write-off of w through year e adds w to its municipality's applications in every computed
    year up to e and w grown once in every later year up to e; nothing after e."""
    amount_id, last_id = MUNICIPAL_IDS[which].writeoffs[0]
    a = evaluate(INPUTS, {amount_id: amount, last_id: last_year})
    b = evaluate(INPUTS, {amount_id: 0.0, last_id: last_year})
    g = float(np.squeeze(growth(INPUTS.params)))
    close(a.baseline[which]["applications"] - b.baseline[which]["applications"],
          [amount * (y <= last_year) * (g if y > LAST else 1) for y in a.years])
    n = len(a.projection_years)
    close(projected(a.projected_baseline[which]["applications"], n) - projected(b.projected_baseline[which]["applications"], n),
          [g * amount * (y <= last_year) for y in a.projection_years])


@SETTINGS
@given(lag=st.integers(0, 10), final=st.floats(0.0, 1.0))
def test_harmonisation_that_takes_effect_late_acts_in_the_projection(lag, final):
    """After the extrapolated year S3.0's running difference to S2.0 is zero where no share has taken
    effect, and changes from one projection year to the next exactly when the share taking effect does."""
    case = {"harmonisation_effect_lag": lag, "harmonised_share_2018": max(final, INPUTS.values["harmonised_share_2017"])}
    r = evaluate(INPUTS, case)
    n = len(r.projection_years)
    delta = sum(projected(r.projected_combined["s3"][c], n) - projected(r.projected_combined["s2"][c], n)
                for c in RUNNING_CATEGORIES)
    effect = np.asarray(operating_effect(INPUTS.with_values(case), r.projection_years), float)
    assert np.all(np.abs(delta[effect == 0]) < 1e-6)
    steps = np.abs(np.diff(delta)) > 1e-6
    assert np.array_equal(steps, np.diff(effect) != 0)


@SETTINGS
@given(parameter_sets())
def test_without_dates_after_the_computed_years_the_running_difference_repeats(p):
    """When nothing starts or stops after the computed years (the overhead from before them or not
    counted, write-offs ended, the harmonised share constant), the running difference of every
    projection year is that of the extrapolated year: the report's own convention."""
    r = evaluate(INPUTS, p)
    P = INPUTS.with_values(p)
    after = np.r_[r.years[-1], r.projection_years]
    if len(np.unique(np.asarray(operating_effect(P, after), float))) > 1:
        return  # the harmonisation still takes effect after the computed years: not this case
    for sc in COLLABORATIONS:
        n = len(r.projection_years)
        running = sum(projected(r.projected_combined[sc][c], n) - sum(projected(r.projected_baseline[m][c], n)
                                                                     for m in MUNICIPALITIES) for c in RUNNING_CATEGORIES)
        extrapolated = sum(r.combined[sc][c][-1] - r.combined["baseline"][c][-1] for c in RUNNING_CATEGORIES)
        close(running, np.full(n, extrapolated), tol=1e-3)


# ------------------------------------------------------------------ reported means counted

@pytest.fixture(scope="module")
def without_project(tmp_path_factory):
    """The inputs with every project cost at 0 (the project table has no register id to set)."""
    data = tmp_path_factory.mktemp("no-project") / "data"
    shutil.copytree(DATA, data)
    path = data / "project_costs.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        row["amount_eur"] = "0"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return load_inputs(data)


REMOVED = {"transition": {"transition_cost": 0.0}, "friction": {"friction_cost": 0.0},
           "harmonisation_investment": {"s3_investment": 0.0}, "project": {}}


@SETTINGS
@given(start=st.integers(FIRST + 1, LAST), transition=st.one_of(st.none(), st.integers(FIRST, HORIZON + 5)),
       friction_offset=st.integers(0, 10), lag=st.integers(0, 10), never=st.booleans(),
       years=st.integers(1, 12))
def test_what_is_reported_as_counted_is_in_the_break_even_projection(without_project, start, transition,
                                                                    friction_offset, lag, never, years):
    """For every one-off category of both scenarios: removing it moves the cumulative difference through
    the horizon by exactly what the figures report as counted (in the modelled years plus in the
    projection years), and what they report as counted nowhere is the rest of the stated amount."""
    case = {"ict_centre_start_year": start, "transition_year": transition, "friction_offset": friction_offset,
            "harmonisation_effect_lag": lag, "break_even_projection_years": years}
    if never:
        case.update({f"harmonised_share_{y}": 0.0 for y in (2015, 2016, 2017, 2018)})
    inputs = edition(case)
    result = evaluate(inputs)
    horizon = int(result.projection_years[-1])
    for sc in COLLABORATIONS:
        counts = {o.category: o for o in figures.one_off_counts(inputs.params, result, sc)}
        for c in ONE_OFF_CATEGORIES:
            if c not in counts:
                assert float(result.oneoff_input[sc][c]) == 0
                continue
            o = counts[c]
            base = without_project if c == "project" else INPUTS
            removed = evaluate(edition({**case, **REMOVED[c]}, base))
            moved = metrics.cumulative_at(result, sc, horizon) - metrics.cumulative_at(removed, sc, horizon)
            assert float(moved) == pytest.approx(o.in_period + o.in_projection, abs=0.02), (sc, c)
            assert o.stated == pytest.approx(o.in_period + o.in_projection + o.uncounted, abs=0.02), (sc, c)
            assert min(o.in_period, o.in_projection, o.uncounted) >= 0, (sc, c)
            assert o.never == (never and c == "harmonisation_investment")
            if o.never:
                assert o.uncounted == o.stated


def test_summary_json_reports_what_the_figures_count(tmp_path):
    """summary.json's one-off split and the CLI's lines come from the figure layer: with the transition
    dated after the horizon and harmonisation never taking effect, both are counted nowhere and say why."""
    assert main(["run", "--set", "transition_year=2040", *[f"--set=harmonised_share_{y}=0" for y in (2015, 2016, 2017, 2018)],
                 "--out", str(tmp_path)]) == 0
    s = json.loads((tmp_path / "summary.json").read_text())
    s2, s3 = s["one_off_costs_eur"]["s2"], s["one_off_costs_eur"]["s3"]
    assert s2["transition"]["not_counted"] == 1_000_000 and "beyond the break-even horizon" in s2["transition"]["not_counted_because"]
    assert s3["harmonisation_investment"]["not_counted"] == 3_500_000
    assert s3["harmonisation_investment"]["not_counted_because"].startswith("never")
    assert s["investment_not_counted_eur"] == {"s2": 1_000_000, "s3": 4_500_000}
    assert s["investment_in_projection_eur"] == {"s2": 0, "s3": 0}


# ------------------------------------------------------------------ uncertainty around the run's values

@SETTINGS
@given(key=st.sampled_from(UNCERTAIN), position=st.floats(-0.5, 1.5))
def test_every_tornado_bar_runs_through_the_runs_value(key, position):
    """Whatever value an assumption takes, inside or outside its plausible range, its tornado range
    contains it; where its effect is monotone the run's outcome lies within its bar."""
    row = INPUTS.register[key]
    value = float(sa.feasible(INPUTS, {key: np.array([row.low + position * (row.high - row.low)])})[key][0])
    if REGISTER[key].rules.problem(value):
        return  # a value no channel accepts
    inputs = edition({key: value})
    (bar,) = sa.tornado(inputs, ids=[key])
    assert bar.low <= value <= bar.high
    assert (bar.low, bar.high) == (min(row.low, value), max(row.high, value))
    if key in MONOTONE:
        point = sa.outcomes(inputs)
        for outcome in ("cumulative_s2", "cumulative_s3"):
            ends = sorted((bar.at_low[outcome], bar.at_high[outcome]))
            assert ends[0] - 1e-6 <= float(point[outcome]) <= ends[1] + 1e-6, outcome


@SETTINGS
@given(key=st.sampled_from(UNCERTAIN), above=st.floats(0.01, 0.5))
def test_the_monte_carlo_never_clamps_the_runs_value(key, above):
    """A value above its plausible range is the mode of its draws over the range widened to it: the
    draws reach beyond the register's high and never beyond the value."""
    row = INPUTS.register[key]
    value = row.high + above * (row.high - row.low)
    feasible = float(sa.feasible(INPUTS, {key: np.array([value])})[key][0])
    if row.unit in sa.WHOLE_UNITS or REGISTER[key].rules.problem(value) or feasible != value:
        return  # whole numbers, values no channel accepts, and the S3.0 share kept within 1
    draws = mc.sample(edition({key: value}), 2000, 5, ids=[key])[key]
    assert draws.max() <= value and draws.max() > row.high and draws.min() >= row.low


def _with_range(inputs, key, low, high):
    register = dict(inputs.register)
    register[key] = register[key].model_copy(update={"low": low, "high": high})
    return dataclasses.replace(inputs, register=register)


@SETTINGS
@given(key=st.sampled_from([k for k in UNCERTAIN if INPUTS.register[k].unit not in sa.WHOLE_UNITS]),
       half=st.floats(0.05, 0.45), seed=st.integers(0, 1000))
def test_a_symmetric_range_puts_the_point_at_the_median(key, half, seed):
    """One assumption drawn over a range symmetric around its value, the others at theirs: the point
    sits at the median of the draws (percentile rank 50 within sampling error; draws within rounding
    noise of the point count as ties, so an assumption that moves no cost gives exactly 50)."""
    row, value = INPUTS.register[key], float(INPUTS.values[key])
    width = half * (row.high - row.low)
    inputs = _with_range(INPUTS, key, value - width, value + width)
    draws = mc.sample(inputs, 4001, seed, ids=[key])
    out, point = sa.outcomes(inputs, draws), sa.outcomes(inputs)
    for outcome in ("cumulative_s2", "cumulative_s3"):
        x, values = float(point[outcome]), np.asarray(out[outcome], float)
        noise = 1e-6 * max(1.0, abs(x))
        rank = 100 * (np.mean(values < x - noise) + np.mean(np.abs(values - x) <= noise) / 2)
        assert 45 <= rank <= 55, (outcome, rank)


@SETTINGS
@given(parameter_sets())
def test_zero_width_ranges_give_the_point(p):
    """With every plausible range shrunk to the run's value nothing is uncertain: every percentile
    of the Monte Carlo is the point, which sits at percentile 50."""
    inputs = edition(p)
    register = {k: (r.model_copy(update={"low": inputs.values[k], "high": inputs.values[k]}) if r.low is not None else r)
                for k, r in INPUTS.register.items()}
    inputs = dataclasses.replace(inputs, register=register, values={**inputs.values, "montecarlo_draws": 50})
    _, summary = content.montecarlo_summary(inputs)
    point = sa.outcomes(inputs)
    for sc in COLLABORATIONS:
        s = summary["summary"][sc]
        for q in mc.FAN_PERCENTILES:
            assert s["cumulative_percentiles"][str(q)] == pytest.approx(float(point["cumulative_" + sc]))
        assert s["point_position"]["cumulative"]["percentile"] == 50


# ------------------------------------------------------------------ symmetries of the model

@pytest.fixture(scope="module")
def doubled(tmp_path_factory):
    """The inputs with every amount in euros doubled: the register's money rows (value and range),
    the calibrated amounts and the project and programme tables."""
    data = tmp_path_factory.mktemp("doubled") / "data"
    shutil.copytree(DATA, data)
    money = {k for k, r in INPUTS.register.items() if r.unit in MONEY_UNITS}

    def rewrite(name, change):
        path = data / name
        head, body = [], []
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            (head if line.startswith("#") else body).append(line)
        rows = list(csv.DictReader(body))
        for row in rows:
            change(row)
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.writelines(head)
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    def double(row, fields):
        for f in fields:
            if row.get(f):
                row[f] = repr(2 * float(row[f]))

    rewrite("assumptions.csv", lambda row: double(row, ("value", "low", "high")) if row["id"] in money else None)
    rewrite("calibrated.csv", lambda row: double(row, ("value",)) if row["id"] in money else None)
    for table in ("project_costs.csv", "programme_costs.csv"):
        rewrite(table, lambda row: double(row, ("amount_eur",)))
    return load_inputs(data), money


@SETTINGS
@given(parameter_sets())
def test_doubling_every_money_input_doubles_every_money_output(doubled, p):
    """Every amount in euros doubled: every cost series, difference, projection, one-off and NPV
    doubles; the break-even years, the % saving and the shares stay."""
    inputs2, money = doubled
    a = evaluate(INPUTS, p)
    b = evaluate(inputs2, {k: 2 * v if k in money else v for k, v in p.items()})
    for sc in a.combined:
        for c in a.combined[sc]:
            close(b.combined[sc][c], 2 * np.asarray(a.combined[sc][c]), tol=1e-4)
    for sc in COLLABORATIONS:
        close(b.projected_difference[sc], 2 * np.asarray(a.projected_difference[sc]), tol=1e-4)
        close(b.investment_eur[sc], 2 * a.investment_eur[sc], tol=1e-4)
    sa_, sb = metrics.summary(a), metrics.summary(b)
    for sc in COLLABORATIONS:
        assert np.array_equal(sa_[sc].break_even_year, sb[sc].break_even_year, equal_nan=True)
        close(sb[sc].saving_pct, sa_[sc].saving_pct, tol=1e-9)
        close(sb[sc].cumulative_difference, 2 * sa_[sc].cumulative_difference, tol=1e-4)


def _swapped(values: dict) -> dict:
    """The municipalities' own inputs exchanged (one write-off each: Haarlemmermeer's second at 0),
    the usage key's one-off share mirrored."""
    first, second = (MUNICIPAL_IDS[m] for m in MUNICIPALITIES)
    pairs = [(first.fte, second.fte), (first.inhabitants, second.inhabitants), (first.exploitation, second.exploitation),
             (first.capital, second.capital), (first.term, second.term)]
    pairs += [(a, b) for a, b in zip(first.writeoffs[0], second.writeoffs[0])]
    out = dict(values)
    for a, b in pairs:
        out[a], out[b] = values[b], values[a]
    out["usage_one_off_share_haarlem"] = 1 - values["usage_one_off_share_haarlem"]
    return out


@SETTINGS
@given(parameter_sets())
def test_swapping_the_municipalities_inputs_swaps_their_outputs(p):
    """Haarlem's inputs given to Haarlemmermeer and Haarlemmermeer's to Haarlem swap their baselines,
    their allocation shares, their parts of every scenario and their break-even years under every
    key; the combined figures stay."""
    second_b = MUNICIPAL_IDS[MUNICIPALITIES[1]].writeoffs[1][0]
    values = {**INPUTS.values, **p, second_b: 0.0}
    a_inputs, b_inputs = edition(values), edition(_swapped(values))
    a, b = evaluate(a_inputs), evaluate(b_inputs)
    (h, hm) = MUNICIPALITIES
    for m, other in ((h, hm), (hm, h)):
        for c in a.baseline[m]:
            close(b.baseline[other][c], a.baseline[m][c])
        close(b.shares[other], a.shares[m], tol=1e-12)
        for sc in ("baseline",) + COLLABORATIONS:
            close(b.total(other, sc), a.total(m, sc), tol=1e-4)
    for sc in COLLABORATIONS:
        close(b.combined_total(sc), a.combined_total(sc), tol=1e-4)
        for key in allocation.KEYS:
            years, by_a = metrics.municipal_horizon_difference(a, a_inputs.params, sc, key)
            _, by_b = metrics.municipal_horizon_difference(b, b_inputs.params, sc, key)
            for m, other in ((h, hm), (hm, h)):
                close(by_b[other], by_a[m], tol=1e-3)
                assert np.array_equal(metrics.break_even_year(by_b[other], years),
                                      metrics.break_even_year(by_a[m], years), equal_nan=True)


@SETTINGS
@given(parameter_sets())
def test_npv_at_a_zero_discount_rate_is_the_undiscounted_sum(p):
    """At a discount rate of 0 the net present value of the differences is their plain sum, on the
    report's basis and on a cash basis."""
    inputs = edition({**p, "discount_rate": 0.0})
    f = figures.headline(inputs, evaluate(inputs))
    for sc in COLLABORATIONS:
        s = f.scenario(sc)
        assert s.npv == pytest.approx(s.cumulative_difference, abs=1e-3)
        assert s.npv_cash == pytest.approx(s.cumulative_cash, abs=1e-3)
