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
    """The figure layer's headline figures for one member (scalar run), by band key."""
    one = load_inputs(DATA, values) if values else inputs
    f = figures.headline(one, evaluate(one))
    out = {}
    for sc in ("s2", "s3"):
        s = f.scenario(sc)
        out[B.FigureKey("break_even", sc)] = s.break_even_year
        out.update({B.FigureKey("break_even", sc, m): y for m, y in s.break_even_by_municipality.items()})
        out.update({B.FigureKey("saving_pct", sc): s.saving_pct, B.FigureKey("cumulative", sc): s.cumulative_difference,
                    B.FigureKey("npv", sc): s.npv, B.FigureKey("investment", sc): s.investment})
    return out


def same(a, b):
    return (np.isnan(a) and np.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-6)


def test_the_vectorised_figures_equal_the_figure_layer_member_by_member(inputs):
    members = synthetic_members(inputs, n=6)
    over = B.headline_arrays(inputs, members)
    assert set(over) == set(B.figure_keys()) == set(figure_layer(inputs))
    for i in range(6):
        one = figure_layer(inputs, **{k: float(v[i]) for k, v in members.items()})
        for key in B.figure_keys():
            assert same(float(over[key][i]), one[key]), (key, i)


def test_the_point_is_the_runs_own_figure(inputs):
    b = B.bands(inputs, synthetic_members(inputs))
    point = figure_layer(inputs)
    for key in B.figure_keys():
        assert same(b.by_key[key].point, point[key]), key
    assert b.members == 200 and b.fixed_by_overrides == ()


def test_the_band_holds_the_members_percentiles(inputs):
    members = synthetic_members(inputs)
    b = B.bands(inputs, members)
    over = B.headline_arrays(inputs, members)
    values = np.asarray(over[B.FigureKey("cumulative", "s2")], float)
    assert b.of("cumulative", "s2").low == pytest.approx(np.percentile(values, 5))
    assert b.of("cumulative", "s2").high == pytest.approx(np.percentile(values, 95))
    years = np.asarray(over[B.FigureKey("break_even", "s2", "Haarlem")], float)
    haarlem = b.of("break_even", "s2", "Haarlem")
    assert haarlem.share_none == pytest.approx(np.mean(np.isnan(years)))
    assert {haarlem.low, haarlem.high} <= set(years[~np.isnan(years)]) | {np.inf}


def test_an_id_the_run_sets_holds_for_every_member():
    fixed = load_inputs(DATA, {"interest_rate_municipal": 0.03})
    members = synthetic_members(fixed)
    b = B.bands(fixed, members)
    assert b.fixed_by_overrides == ("interest_rate_municipal",)
    assert "interest_rate_municipal" not in b.varied and "interest_rate_municipal" not in b.unidentified
    assert b.of("cumulative", "s2").driver != "interest_rate_municipal"
    # only the other ids vary: the same members without that column give the same bands
    rest = {k: v for k, v in members.items() if k != "interest_rate_municipal"}
    again = B.bands(fixed, rest)
    assert again.of("cumulative", "s2").low == b.of("cumulative", "s2").low
    assert again.of("npv", "s3").high == b.of("npv", "s3").high


def test_the_driver_explains_the_spread_and_an_unidentified_one_is_said(inputs):
    members = synthetic_members(inputs)
    b = B.bands(inputs, members)
    assert "interest_rate_municipal" in b.unidentified
    assert B.identification(inputs, members)["interest_rate_municipal"] == "unidentified"
    over = B.headline_arrays(inputs, members)
    for key in B.figure_keys():
        values = np.asarray(over[key], float)
        band = b.by_key[key]
        if np.ptp(values) == 0:  # an investment no fitted value moves has no spread and no driver
            assert band.width == 0 and band.driver is None
            continue
        r2 = {k: np.corrcoef(v, values)[0, 1] ** 2 for k, v in members.items() if np.all(np.isfinite(values))}
        if r2:
            best = max(r2, key=r2.get)
            assert band.driver == (best if r2[best] >= B.DRIVER_R2 else None), key
            assert band.driver_unidentified == (band.driver in b.unidentified)


@pytest.fixture(scope="module")
def inputs():
    return load_inputs(DATA)
