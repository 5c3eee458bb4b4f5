import numpy as np
import pytest

from bizcase.core import metrics

YEARS = np.arange(2013, 2019)


def test_break_even_inside_the_period():
    diff = np.array([100, 50, -80, -80, 0, 0])  # cumulative 100, 150, 70, -10, -10, -10
    assert metrics.break_even_year(diff, YEARS) == 2016


def test_zero_counts_as_broken_even():
    diff = np.array([1000, 2000, -500, -500, -500, -500, -500, -500])  # cumulative ..., 0 at the end of 2020
    assert metrics.break_even_year(diff, np.arange(2013, 2021)) == 2020


def test_touching_zero_is_not_breaking_even_when_it_rises_again():
    # cumulative 100, -10, 40, 90, 140, 190: below zero in 2014 only, dearer again afterwards
    diff = np.array([100, -110, 50, 50, 50, 50])
    assert np.isnan(metrics.break_even_year(diff, YEARS))


def test_break_even_is_the_last_crossing():
    # cumulative 100, -10, 40, -20, -20, -20: the crossing that lasts is in 2016
    diff = np.array([100, -110, 50, -60, 0, 0])
    assert metrics.break_even_year(diff, YEARS) == 2016


def test_no_break_even_when_it_ends_above_zero():
    diff = np.array([100, 100, -50, -50, 10, 10])
    assert np.isnan(metrics.break_even_year(diff, YEARS))


def test_break_even_in_the_first_year():
    assert metrics.break_even_year(np.array([-5, 0, 0, 0, 0, 0]), YEARS) == 2013


def test_break_even_over_draws():
    diffs = np.array([[100, 50, -80, -80, 0, 0], [100, -110, 50, 50, 50, 50], [-1, -1, -1, -1, -1, -1]])
    out = metrics.break_even_year(diffs, YEARS)
    assert out[0] == 2016 and np.isnan(out[1]) and out[2] == 2013


def test_saving_pct_of_baseline_total():
    base = np.full(6, 1000.0)
    diff = np.array([10, 10, -30, -30, -30, -10])  # saves 80 of 6000
    assert metrics.saving_pct(diff, base) == pytest.approx(80 / 6000 * 100)


def test_round_half_up_to_fifty_thousand():
    assert metrics.round_to([24_999, 25_000, 10_824_999, 10_825_000], 50_000).tolist() == [
        0, 50_000, 10_800_000, 10_850_000]
