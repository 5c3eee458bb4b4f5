"""Bands over the reconstructions (issue 22): each headline figure over the ensemble's members.

The evaluation over members is checked against the figure layer member by member, an id the run
sets holds for every member, and the driver named for a band really explains its spread.
"""
import numpy as np
import pytest

from bizcase.analysis import bands as B
from bizcase.core.inputs import load_inputs
from bizcase.core.model import evaluate
from bizcase.publish import figures

from conftest import DATA


def synthetic_members(inputs, n=200, seed=1):
    """Members around the calibrated values (the tests here need members, not the committed ensemble)."""
    rng = np.random.default_rng(seed)
    ids = [k for k, r in inputs.register.items() if r.status == "calibrated"]
    members = {k: inputs.values[k] * (1 + 0.01 * rng.standard_normal(n)) for k in ids}
    row = inputs.register["interest_rate_municipal"]
    members["interest_rate_municipal"] = rng.uniform(row.low, row.high, n)  # one unidentified direction
    return members


def figure_layer(inputs, **values):
    """The figure layer's headline figures for one member (scalar run), by band name."""
    one = load_inputs(DATA, values) if values else inputs
    f = figures.headline(one, evaluate(one))
    out = {}
    for sc in ("s2", "s3"):
        s = f.scenario(sc)
        out[f"break_even_{sc}"] = s.break_even_year
        out.update({f"break_even_{sc}_{m}": y for m, y in s.break_even_by_municipality.items()})
        out.update({f"saving_pct_{sc}": s.saving_pct, f"cumulative_{sc}": s.cumulative_difference,
                    f"npv_{sc}": s.npv, f"investment_{sc}": s.investment})
    return out


def same(a, b):
    return (np.isnan(a) and np.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-6)


def test_the_vectorised_figures_equal_the_figure_layer_member_by_member(inputs):
    members = synthetic_members(inputs, n=6)
    over = B.headline_arrays(inputs, members)
    assert set(over) == set(B.figure_names())
    for i in range(6):
        one = figure_layer(inputs, **{k: float(v[i]) for k, v in members.items()})
        for name in B.figure_names():
            assert same(float(over[name][i]), one[name]), (name, i)


def test_the_point_is_the_runs_own_figure(inputs):
    b = B.bands(inputs, synthetic_members(inputs))
    point = figure_layer(inputs)
    for name in B.figure_names():
        assert same(b[name].point, point[name]), name
    assert b.members == 200 and b.fixed_by_overrides == ()


def test_the_band_holds_the_members_percentiles(inputs):
    members = synthetic_members(inputs)
    b = B.bands(inputs, members)
    over = B.headline_arrays(inputs, members)
    values = np.asarray(over["cumulative_s2"], float)
    assert b["cumulative_s2"].low == pytest.approx(np.percentile(values, 5))
    assert b["cumulative_s2"].high == pytest.approx(np.percentile(values, 95))
    years = np.asarray(over["break_even_s2_Haarlem"], float)
    assert b["break_even_s2_Haarlem"].share_none == pytest.approx(np.mean(np.isnan(years)))
    assert {b["break_even_s2_Haarlem"].low, b["break_even_s2_Haarlem"].high} <= set(years[~np.isnan(years)]) | {np.inf}


def test_an_id_the_run_sets_holds_for_every_member():
    fixed = load_inputs(DATA, {"interest_rate_municipal": 0.03})
    members = synthetic_members(fixed)
    b = B.bands(fixed, members)
    assert b.fixed_by_overrides == ("interest_rate_municipal",)
    assert "interest_rate_municipal" not in b.varied and "interest_rate_municipal" not in b.unidentified
    assert b["cumulative_s2"].driver != "interest_rate_municipal"
    # only the other ids vary: the same members without that column give the same bands
    rest = {k: v for k, v in members.items() if k != "interest_rate_municipal"}
    again = B.bands(fixed, rest)
    assert again["cumulative_s2"].low == b["cumulative_s2"].low and again["npv_s3"].high == b["npv_s3"].high


def test_the_driver_explains_the_spread_and_an_unidentified_one_is_said(inputs):
    members = synthetic_members(inputs)
    b = B.bands(inputs, members)
    assert b.unidentified == ("interest_rate_municipal",)
    band = b["npv_s2"]
    over = np.asarray(B.headline_arrays(inputs, members)["npv_s2"], float)
    r2 = np.corrcoef(members["interest_rate_municipal"], over)[0, 1] ** 2
    if r2 >= B.DRIVER_R2:
        assert band.driver == "interest_rate_municipal" and band.driver_unidentified
    # an investment no fitted value moves has no spread and no driver
    assert b["investment_s2"].width == 0 and b["investment_s2"].driver is None


@pytest.fixture(scope="module")
def inputs():
    return load_inputs(DATA)
