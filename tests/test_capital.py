import numpy as np
import pytest

from bizcase.core.capital import capital_charges, charge_factors, depreciation_factors, vintage_charges


def test_issue_example_one_million_2014_five_years_five_percent():
    s = capital_charges(1_000_000, 2014, 5, 0.05, range(2013, 2021))
    assert len(s) == len(range(2013, 2021))  # one charge per year asked for
    expected = [0, 0, 250_000, 240_000, 230_000, 220_000, 210_000, 0]
    assert s == pytest.approx(expected)


def test_hand_worked_three_year_schedule():
    # EUR 600,000 in use 2013, 3 years, 4 %: depreciation 200,000 a year; book value at
    # 1 January 600,000 / 400,000 / 200,000 gives interest 24,000 / 16,000 / 8,000.
    s = capital_charges(600_000, 2013, 3, 0.04, range(2013, 2018))
    assert s == pytest.approx([0, 224_000, 216_000, 208_000, 0])


def test_zero_rate_is_straight_depreciation():
    s = capital_charges(500_000, 2015, 10, 0.0, range(2015, 2027))
    assert s == pytest.approx([0] + [50_000] * 10 + [0])


@pytest.mark.parametrize("term", [1, 3, 4, 5, 10])
@pytest.mark.parametrize("in_use", [2012, 2013, 2016])
def test_depreciation_adds_up_to_the_investment(term, in_use):
    years = np.arange(2000, 2040)
    assert depreciation_factors(in_use, term, years).sum() == pytest.approx(1.0)


def test_interest_is_rate_times_average_book_value():
    # Over the whole term, interest = rate * amount * (term + 1) / 2.
    years = np.arange(2010, 2030)
    total = charge_factors(2012, 4, 0.05, years).sum()
    assert total == pytest.approx(1.0 + 0.05 * (4 + 1) / 2)


def test_vectorised_over_draws_equals_scalar_calls():
    rates = np.array([0.02, 0.05, 0.08])
    terms = np.array([3, 5, 10])
    years = np.arange(2013, 2025)
    many = charge_factors(2014, terms, rates, years)
    assert many.shape == (3, len(years))
    for i in range(3):
        single = capital_charges(1.0, 2014, int(terms[i]), float(rates[i]), years)
        assert many[i] == pytest.approx(single)


def test_vintages_sum_the_individual_schedules():
    years = np.arange(2013, 2022)
    amounts = np.array([100.0, 200.0, 0.0])
    vintages = np.array([2013, 2014, 2015])
    got = vintage_charges(amounts, vintages, 5, 0.05, years)
    want = sum(capital_charges(a, v, 5, 0.05, years) for a, v in zip(amounts, vintages))
    assert got == pytest.approx(want)
