import numpy as np
import pytest

from bizcase import metrics

YEARS = np.arange(2013, 2019)


def test_break_even_inside_the_period():
    diff = np.array([100, 50, -80, -80, 0, 0])  # cumulative 100, 150, 70, -10, ...
    assert metrics.break_even_year(diff, YEARS) == 2016


def test_break_even_extrapolates_the_last_year():
    diff = np.array([1000, 2000, -500, -500, -500, -500])  # cumulative 1000 after 2018
    # 1000 - 500 - 500 = 0 at the end of 2020: zero counts as broken even
    assert metrics.break_even_year(diff, YEARS) == 2020


def test_no_break_even_when_the_last_year_costs_more():
    diff = np.array([100, 100, -50, -50, 10, 10])
    assert np.isnan(metrics.break_even_year(diff, YEARS))


def test_break_even_over_draws():
    diffs = np.array([[100, 50, -80, -80, 0, 0], [1000, 2000, -500, -500, -500, -500]])
    assert metrics.break_even_year(diffs, YEARS).tolist() == [2016, 2020]


def test_saving_pct_of_baseline_total():
    base = np.full(6, 1000.0)
    diff = np.array([10, 10, -30, -30, -30, -10])  # saves 80 of 6000
    assert metrics.saving_pct(diff, base) == pytest.approx(80 / 6000 * 100)


def test_round_half_up_to_fifty_thousand():
    assert metrics.round_to([24_999, 25_000, 10_824_999, 10_825_000], 50_000).tolist() == [
        0, 50_000, 10_800_000, 10_850_000]
