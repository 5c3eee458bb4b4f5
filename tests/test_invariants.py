"""Metamorphic invariants of the model, checked with hypothesis over the register's plausible ranges.

Each invariant is stated in one line in its test's docstring. Parameter sets are drawn from the
plausible low / high of every uncertain register row (whole-number units rounded, the S3.0
investment shares kept within 1: :func:`bizcase.sensitivity.feasible`).
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bizcase.core import metrics
from bizcase.analysis import sensitivity as sa
from bizcase.core.inputs import load_inputs
from bizcase.core.schema import MUNICIPALITIES
from bizcase.core.model import CATEGORIES, ONE_OFF_CATEGORIES, RUNNING_CATEGORIES, evaluate
from bizcase.core.timing import first_effect_year

from conftest import DATA

INPUTS = load_inputs(DATA)
UNCERTAIN = sa.uncertain_ids(INPUTS)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def parameter_sets(draw):
    """A feasible parameter set inside the register's plausible ranges."""
    values = {k: draw(st.floats(INPUTS.register[k].low, INPUTS.register[k].high)) for k in UNCERTAIN}
    return {k: float(v) for k, v in sa.feasible(INPUTS, values).items()}


def run(p):
    return evaluate(INPUTS, p)


def merged(p):
    out = dict(INPUTS.values)
    out.update(p)
    return out


def stated_one_offs(q, scenario):
    """The one-off amounts as the inputs state them (EUR), uplift included, computed here."""
    uplift = 1 + q["optimism_bias_one_off"]
    return {"project": uplift * sum(r.amount_eur for r in INPUTS.project),
            "transition": uplift * q["transition_cost"], "friction": uplift * q["friction_cost"],
            "harmonisation_investment": uplift * q["s3_investment"] * (scenario == "s3")}


@SETTINGS
@given(parameter_sets())
def test_one_off_costs_are_conserved(p):
    """Every one-off euro of the inputs is in the modelled years' totals or reported after them."""
    r, q = run(p), merged(p)
    for sc in ("s2", "s3"):
        for cat, amount in stated_one_offs(q, sc).items():
            inside = float(np.sum(r.combined[sc][cat]))
            assert inside + float(r.oneoff_after[sc][cat]) == pytest.approx(amount, abs=1e-6), (sc, cat)
            assert inside >= -1e-9 and float(r.oneoff_after[sc][cat]) >= -1e-6


@SETTINGS
@given(parameter_sets())
def test_what_falls_after_the_horizon_is_what_is_dated_after_it(p):
    """The amount reported after the horizon equals the items whose own date lies after it."""
    r, q = run(p), merged(p)
    last = r.years[-1]
    start = q["ict_centre_start_year"]
    uplift = 1 + q["optimism_bias_one_off"]
    for cat in ("transition", "friction"):
        year = start + q[f"{cat}_offset"]
        expected = uplift * q[f"{cat}_cost"] * (year > last)
        assert float(r.oneoff_after["s2"][cat]) == pytest.approx(expected, abs=1e-6)
    first = float(first_effect_year(INPUTS.with_values(q)))
    tranches = [q["s3_investment_share_year1"], q["s3_investment_share_year2"],
                1 - q["s3_investment_share_year1"] - q["s3_investment_share_year2"]]
    expected = uplift * q["s3_investment"] * sum(s for k, s in enumerate(tranches) if first + k > last)
    assert float(r.oneoff_after["s3"]["harmonisation_investment"]) == pytest.approx(expected, abs=1e-6)


@SETTINGS
@given(parameter_sets())
def test_no_one_off_before_its_event(p):
    """S2.0 and S3.0 carry no transition, friction or ICT-centre project costs before their year."""
    r, q = run(p), merged(p)
    years = r.years
    start = q["ict_centre_start_year"]
    for sc in ("s2", "s3"):
        c = r.combined[sc]
        assert np.all(c["transition"][years < start + q["transition_offset"]] == 0)
        assert np.all(c["friction"][years < start + q["friction_offset"]] == 0)
        first_project = start + min(row.offset for row in INPUTS.project)
        assert np.all(c["project"][years < first_project] == 0)
        assert np.all(c["harmonisation_investment"][years < float(first_effect_year(INPUTS.with_values(q)))] == 0)
    assert np.all(r.combined["baseline"]["transition"] == 0)


@SETTINGS
@given(parameter_sets(), st.integers(-1, 1))
def test_moving_the_centre_moves_its_one_offs(p, shift):
    """Moving the ICT centre's start by k years moves its transition, friction and project costs by k years."""
    q = merged(p)
    start = q["ict_centre_start_year"]
    if not q["year_first"] + 1 <= start + shift <= q["year_last"] - 1 or not start - 1 + min(0, shift) >= q["year_first"]:
        return
    a = run(p)
    b = run({**p, "ict_centre_start_year": start + shift})
    for cat in ("transition", "friction", "project"):
        wide_a = np.r_[np.zeros(3), a.combined["s2"][cat][:-1], a.oneoff_after["s2"][cat], np.zeros(3)]
        wide_b = np.r_[np.zeros(3), b.combined["s2"][cat][:-1], b.oneoff_after["s2"][cat], np.zeros(3)]
        assert wide_b.sum() == pytest.approx(wide_a.sum())
        if shift and a.oneoff_after["s2"][cat] == 0 and b.oneoff_after["s2"][cat] == 0:
            assert np.roll(wide_a, shift) == pytest.approx(wide_b), cat


@SETTINGS
@given(parameter_sets())
def test_s3_equals_s2_without_harmonisation(p):
    """With no harmonisation and no S3.0 investment, S3.0 equals S2.0 in every year and category."""
    neutral = {**p, "s3_investment": 0.0, **{k: 0.0 for k in INPUTS.values if k.startswith("harmonised_share_")}}
    r = run(neutral)
    for cat in CATEGORIES:
        assert r.combined["s3"][cat] == pytest.approx(r.combined["s2"][cat], abs=1e-6), cat


@SETTINGS
@given(parameter_sets(), st.floats(0.0, 0.02))
def test_totals_rise_with_the_collaboration_interest_rate(p, extra):
    """A higher collaboration interest rate never lowers S2.0 or S3.0 and leaves the baseline unchanged."""
    q = merged(p)
    a = run(p)
    b = run({**p, "interest_rate_collaboration": min(q["interest_rate_collaboration"] + extra, 1.0)})
    for sc in ("s2", "s3"):
        assert np.all(b.combined_total(sc) >= a.combined_total(sc) - 1e-6)
    assert b.combined_total("baseline") == pytest.approx(a.combined_total("baseline"))


@SETTINGS
@given(parameter_sets(), st.floats(0.0, 10_000.0))
def test_totals_rise_with_the_cost_per_fte(p, extra):
    """A higher cost per FTE never lowers any scenario's yearly total."""
    q = merged(p)
    a, b = run(p), run({**p, "cost_per_fte": q["cost_per_fte"] + extra})
    for sc in ("baseline", "s2", "s3"):
        assert np.all(b.combined_total(sc) >= a.combined_total(sc) - 1e-6)


@SETTINGS
@given(parameter_sets(), st.floats(0.5, 2.0))
def test_a_haarlem_only_input_leaves_haarlemmermeer_unchanged(p, factor):
    """Changing an input that belongs to Haarlem alone leaves Haarlemmermeer's baseline unchanged."""
    q = merged(p)
    changed = {k: q[k] * factor for k in ("baseline_exploitation_haarlem", "baseline_capital_haarlem",
                                          "writeoff_haarlem", "fte_baseline_haarlem")}
    a, b = run(p), run({**p, **changed})
    assert b.total("Haarlemmermeer", "baseline") == pytest.approx(a.total("Haarlemmermeer", "baseline"))


@SETTINGS
@given(parameter_sets(), st.floats(0.5, 2.0))
def test_scaling_both_populations_keeps_the_shares(p, factor):
    """Scaling both municipalities' inhabitants by one factor leaves the allocation shares unchanged."""
    q = merged(p)
    a = run(p)
    b = run({**p, "inhabitants_haarlem": q["inhabitants_haarlem"] * factor,
             "inhabitants_haarlemmermeer": q["inhabitants_haarlemmermeer"] * factor})
    for m in MUNICIPALITIES:
        assert float(b.shares[m]) == pytest.approx(float(a.shares[m]))


@SETTINGS
@given(parameter_sets())
def test_break_even_agrees_with_the_cumulative_series(p):
    """The break-even year is the first from which the cumulative difference stays <= 0 through the horizon."""
    r = run(p)
    s = metrics.summary(r)
    for sc in ("s2", "s3"):
        years, d = metrics.horizon_difference(r, sc)
        cum = np.cumsum(d)
        be = float(s[sc].break_even_year)
        if np.isnan(be):
            assert cum[-1] > 0
            continue
        i = list(years).index(int(be))
        assert np.all(cum[i:] <= 1e-6)
        assert i == 0 or cum[i - 1] > 0


@SETTINGS
@given(parameter_sets())
def test_without_indexation_and_volume_growth_nothing_grows_by_price(p):
    """With indexation and volume growth at 0 the baseline's personnel and exploitation stay level, and the
    extrapolated year repeats the last computed year's running costs."""
    r = run({**p, "indexation_rate": 0.0, "volume_growth": 0.0})
    for m in MUNICIPALITIES:
        personnel = r.baseline[m]["personnel"]
        assert personnel == pytest.approx(np.full_like(personnel, personnel[0]))
    for sc in ("baseline", "s2"):
        for cat in ("personnel", "workplace", "renewal_capital_charges", "programme"):
            assert r.combined[sc][cat][-1] == pytest.approx(r.combined[sc][cat][-2]), (sc, cat)


@SETTINGS
@given(parameter_sets())
def test_one_offs_are_never_extrapolated(p):
    """A one-off in the last computed year is not carried into the extrapolated year or beyond."""
    q = merged(p)
    late = {**p, "ict_centre_start_year": q["year_last"], "transition_offset": 0.0, "friction_offset": 0.0}
    r = run(late)
    uplift = 1 + q["optimism_bias_one_off"]
    for cat in ("transition", "friction"):
        assert r.combined["s2"][cat][-2] == pytest.approx(uplift * q[f"{cat}_cost"])  # in the start year
        assert r.combined["s2"][cat][-1] == 0  # not extrapolated
    # after the extrapolated year: the running categories plus the one-offs dated there; what is
    # neither in the modelled years nor in the projection is reported as counted nowhere
    for sc, result in (("s2", r), ("s3", r), ("s3", run(p))):
        later = np.asarray(result.projected_difference[sc])
        running = sum(np.asarray(result.projected_combined[sc][c]) - sum(
            np.asarray(result.projected_baseline[m][c]) for m in MUNICIPALITIES) for c in RUNNING_CATEGORIES)
        dated = sum(float(result.oneoff_projected[sc][c]) for c in ONE_OFF_CATEGORIES)
        assert later.sum() == pytest.approx(np.sum(running) + dated, abs=1e-3)
        for c in ONE_OFF_CATEGORIES:
            assert float(result.oneoff_after[sc][c]) == pytest.approx(
                float(result.oneoff_projected[sc][c]) + float(result.oneoff_uncounted[sc][c]), abs=1e-6)


@SETTINGS
@given(parameter_sets())
def test_municipal_parts_add_up(p):
    """Each municipality's part of a collaboration scenario adds up to the combined figure."""
    r = run(p)
    for sc in ("s2", "s3"):
        parts = sum(r.total(m, sc) for m in MUNICIPALITIES)
        assert parts == pytest.approx(r.combined_total(sc))


@SETTINGS
@given(parameter_sets())
def test_investment_is_what_the_totals_hold_plus_what_falls_after(p):
    """The report's investment equals its categories in the totals plus their amounts after the horizon."""
    r = run(p)
    s = metrics.summary(r)
    for sc, cats in (("s2", ("project", "transition", "friction")),
                     ("s3", ("project", "transition", "friction", "harmonisation_investment"))):
        inside = sum(float(np.sum(r.combined[sc][c])) for c in cats)
        after = sum(float(r.oneoff_after[sc][c]) for c in cats)
        assert float(s[sc].investment) == pytest.approx(inside + after)
        assert float(s[sc].investment_after_period) == pytest.approx(after)


@settings(max_examples=10, deadline=None)
@given(st.lists(parameter_sets(), min_size=2, max_size=4))
def test_vectorised_evaluation_equals_one_by_one(sets):
    """Evaluating many parameter sets at once (the draws axis) gives each set's own result."""
    keys = sorted(set().union(*sets))
    many = evaluate(INPUTS, {k: np.array([s.get(k, INPUTS.values[k]) for s in sets]) for k in keys})
    m = metrics.summary(many)
    for i, one_set in enumerate(sets):
        one = run(one_set)
        s = metrics.summary(one)
        for sc in ("baseline", "s2", "s3"):
            assert many.combined_total(sc)[i] == pytest.approx(one.combined_total(sc))
        for sc in ("s2", "s3"):
            assert np.isclose(m[sc].break_even_year[i], s[sc].break_even_year, equal_nan=True)
            for cat in ONE_OFF_CATEGORIES:
                assert many.oneoff_after[sc][cat][i] == pytest.approx(float(one.oneoff_after[sc][cat]))
