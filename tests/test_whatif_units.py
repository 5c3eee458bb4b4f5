"""The small pieces behind the what-ifs of issue 20, each against values worked by hand: where a
range is one-sided or widened (D32), how a switching value is written (D33), how a one-off is
counted (reported equals counted), and how the renewal outlays continue after the computed years."""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from bizcase.analysis import montecarlo as mc
from bizcase.analysis import sensitivity as sa
from bizcase.core.inputs import load_inputs
from bizcase.core.model import evaluate, growth
from bizcase.publish import figures
from conftest import DATA


@pytest.fixture(scope="module")
def inputs():
    return load_inputs(DATA)


# ---------------------------------------------------------------- ranges (D32)

def test_a_value_inside_its_range_leaves_the_range_as_it_is(inputs):
    row = inputs.register["cost_per_fte"]
    assert row.low < inputs.values["cost_per_fte"] < row.high
    assert sa.analysis_range(inputs, "cost_per_fte") == (row.low, row.high)
    assert "cost_per_fte" not in sa.widened_ids(inputs) and "cost_per_fte" not in sa.one_sided_ids(inputs)


@pytest.mark.parametrize("value, end", [(100000, "high"), (50000, "low")])
def test_a_value_outside_its_range_widens_it_to_that_value_and_is_its_end(value, end):
    run = load_inputs(DATA, {"cost_per_fte": value})
    row = run.register["cost_per_fte"]
    expected = (row.low, float(value)) if end == "high" else (float(value), row.high)
    assert sa.analysis_range(run, "cost_per_fte") == expected
    assert sa.widened_ids(run) == ["cost_per_fte"]
    assert sa.one_sided_ids(run)["cost_per_fte"] == end


@pytest.mark.parametrize("end", ["low", "high"])
def test_a_value_at_an_end_of_its_range_is_one_sided_without_widening(end):
    row = load_inputs(DATA).register["cost_per_fte"]
    run = load_inputs(DATA, {"cost_per_fte": getattr(row, end)})
    assert sa.one_sided_ids(run)["cost_per_fte"] == end
    assert sa.widened_ids(run) == []


def test_the_standard_inputs_one_sided_ids_are_exactly_those_at_an_end(inputs):
    ends = {k: ("low" if inputs.values[k] == inputs.register[k].low else "high")
            for k in sa.uncertain_ids(inputs) if inputs.values[k] in (inputs.register[k].low, inputs.register[k].high)}
    assert ends and sa.one_sided_ids(inputs) == ends


# ---------------------------------------------------------------- written switching values (D33)

@pytest.mark.parametrize("x, base, digits, written", [
    (1.23456, 1.0, 3, 1.24),      # above the base: rounded up
    (1.23456, 2.0, 3, 1.23),      # below the base: rounded down
    (123.456, 0.0, 2, 130.0),     # significant digits, not decimals
    (0.0123456, 0.0, 2, 0.013),
    (-1.234, -2.0, 2, -1.2),      # above the base: up (towards plus infinity)
    (-1.234, 0.0, 2, -1.3),       # below the base: down
    (1.0, 0.5, 2, 1.0),           # already short: unchanged
    (0.0, 1.0, 3, 0.0),
])
def test_away_rounds_to_significant_digits_away_from_the_base(x, base, digits, written):
    assert sa.away(x, base, digits) == written


def test_the_candidates_start_at_one_digit_and_keep_only_those_within_the_limit():
    # 0.39999 rounded up: 0.4 (1 digit) lies 1e-5 away
    assert sa.print_candidates(0.39999, 0.0, 1e-4)[0] == 0.4
    # 1.5 rounded up to one digit is 2.0, exactly 0.5 away: kept at a limit of 0.5, not below it
    assert sa.print_candidates(1.5, 0.0, 0.5)[0] == 2.0
    assert sa.print_candidates(1.5, 0.0, 0.49)[0] == 1.5
    # nothing shorter within the limit: the value itself, written in full
    x = 0.123456789012345678
    assert sa.print_candidates(x, 0.0, 0.0) == [x]


def test_the_candidates_go_to_fifteen_digits():
    x = 0.123456789012345  # fifteen significant digits: the last candidate is the value itself
    cands = sa.print_candidates(x, 0.0, 1.0)
    assert len(cands) == sa.SWITCH_MAX_DIGITS and cands[-1] == x and cands[0] == 0.2


@pytest.mark.parametrize("variant", [{}, {"transition_cost": 0, "friction_cost": 0}], ids=["standard", "no transition"])
def test_each_written_switching_value_is_the_shortest_that_turns(variant):
    """Per switch: the written value lies within the print tolerance beyond its boundary, turns the
    conclusion, and the same value with one significant digit fewer either lies beyond the
    tolerance or does not turn it; a whole-unit switch is its boundary. Without transition and
    friction costs S2.0 pays back within the period, so its conclusion has switches too."""
    inputs = load_inputs(DATA, variant)
    switches = [x for x in sa.switching_values(inputs) if not np.isnan(x.switching_value)]
    # the standard inputs switch S3.0's conclusion only; the variant switches S2.0's
    assert {x.conclusion for x in switches} == {"s3_breaks_even_by_extrapolated_year" if not variant
                                                else "s2_not_paid_back_in_period"}
    for x in switches:
        assert np.isfinite(x.boundary)
        if inputs.register[x.id].unit in sa.WHOLE_UNITS:
            assert x.switching_value == x.boundary
            continue
        low, high = sa.analysis_range(inputs, x.id)
        limit = sa.SWITCH_PRINT_TOLERANCE * (high - low)
        assert abs(x.switching_value - x.boundary) <= limit

        def turns(v, x=x):
            block = sa.outcomes(inputs, {x.id: np.array([v])})
            return bool(sa.conclusion_holds(inputs, block, x.conclusion)[0]) != x.holds_at_value

        assert turns(x.switching_value), (x.id, x.conclusion)
        digits = len(repr(x.switching_value).lstrip("-0.").replace(".", "").rstrip("0")) or 1
        if digits > 1:
            shorter = sa.away(x.boundary, x.value, digits - 1)
            assert abs(shorter - x.boundary) > limit or not turns(shorter), (x.id, x.conclusion, shorter)


# ---------------------------------------------------------------- one-offs: reported equals counted

def test_cents_round_to_two_decimals_and_never_print_minus_zero():
    assert figures._cents(1.23456) == 1.23 and figures._cents(1.2350001) == 1.24
    assert isinstance(figures._cents(2.0), float)
    assert math.copysign(1.0, figures._cents(-0.001)) == 1.0


def test_a_one_off_category_without_money_is_left_out_and_the_others_stay(inputs):
    """S2.0 states no harmonisation investment: not listed. With no transition cost the transition
    category is not listed either; the categories after it in the order stay (the loop goes on
    past an empty one)."""
    def listed(run, sc):
        return [c.category for c in figures.one_off_counts(run.params, evaluate(run), sc)]

    assert listed(inputs, "s2") == ["project", "transition", "friction"]
    assert listed(inputs, "s3") == ["project", "transition", "friction", "harmonisation_investment"]
    run = load_inputs(DATA, {"transition_cost": 0})
    assert listed(run, "s2") == ["project", "friction"]
    assert listed(run, "s3") == ["project", "friction", "harmonisation_investment"]


# ---------------------------------------------------------------- renewal outlays after the computed years

def test_each_scenarios_renewal_outlays_grow_once_into_the_extrapolated_year(inputs):
    """The cash view's renewal outlays in the extrapolated year are the last computed year's of the
    same scenario grown once (D6): S3.0's own lower outlays, not the baseline's."""
    result = evaluate(inputs)
    g = float(np.ravel(growth(inputs.params))[0])
    out = result.renewal_outlays
    assert not np.isclose(out["s3"][..., -2], out["baseline"][..., -2])  # else this proves nothing
    for sc in ("baseline", "s2", "s3"):
        assert out[sc][..., -1] == pytest.approx(out[sc][..., -2] * g, rel=1e-12)


# ---------------------------------------------------------------- where the point sits

@pytest.mark.parametrize("values, x, below, above", [([1.0, 2.0, 3.0, 4.0], 2.0, 0.25, 0.5), ([1.0, 1.0], 1.0, 0.0, 0.0),
                                                     ([1.0, 2.0], 0.0, 0.0, 1.0), ([1.0, 2.0], 5.0, 1.0, 0.0)])
def test_the_points_place_is_scipys_percentile_of_score(values, x, below, above):
    """The percentile rank counts ties half, as scipy.stats.percentileofscore(kind='mean') does."""
    got = mc.position(values, x)
    assert (got["below"], got["above"]) == (below, above)
    assert got["percentile"] == pytest.approx(stats.percentileofscore(values, x, kind="mean"))


@given(st.lists(st.integers(-5, 5), min_size=1, max_size=40), st.integers(-6, 6))
def test_the_points_place_equals_scipys_for_any_draws(values, x):
    assert mc.position(values, x)["percentile"] == pytest.approx(stats.percentileofscore(values, x, kind="mean"))
