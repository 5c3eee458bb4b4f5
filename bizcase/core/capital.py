"""Capital charges: linear depreciation plus interest on the book value at 1 January.

Conventions (report par. 3.7, decisions log D10):

* an asset taken into use in year ``u`` is depreciated from year ``u + 1`` on, in
  ``term`` equal instalments of ``amount / term`` (EUR per year);
* interest in year ``y`` is ``rate`` times the book value at 1 January of ``y``;
  the book value at 1 January of the first depreciation year is the full amount.

Every function here broadcasts: amounts, years taken into use, terms and rates may
be NumPy arrays over a leading *draws* axis; the year axis is always the last one.
"""
from __future__ import annotations

import numpy as np


def charge_factors(in_use_year, term_years, rate, years) -> np.ndarray:
    """Capital charges per EUR 1 invested (share of the amount per year).

    ``in_use_year`` (year), ``term_years`` (years, > 0) and ``rate`` (share per year)
    may be scalars or arrays of one shape; ``years`` is a 1-D array of calendar years.
    Returns an array of shape ``broadcast(in_use_year, term_years, rate) + (len(years),)``.
    """
    years = np.asarray(years)
    in_use = np.asarray(in_use_year)[..., None]
    term = np.asarray(term_years, dtype=float)[..., None]
    rate = np.asarray(rate, dtype=float)[..., None]
    age = years - in_use  # 1 in the first year of depreciation
    active = (age >= 1) & (age <= term)
    book_value_1_jan = np.clip(1.0 - (age - 1) / term, 0.0, 1.0)
    return np.where(active, 1.0 / term + rate * book_value_1_jan, 0.0)


def depreciation_factors(in_use_year, term_years, years) -> np.ndarray:
    """Depreciation per EUR 1 invested (share of the amount per year); see ``charge_factors``."""
    return charge_factors(in_use_year, term_years, 0.0, years)


def capital_charges(amount, in_use_year, term_years, rate, years) -> np.ndarray:
    """Yearly capital charges (EUR) of one investment, one per year of ``years``.

    ``amount`` in EUR, ``in_use_year`` the year the asset is taken into use,
    ``term_years`` the depreciation term in years, ``rate`` the interest rate
    (share per year, e.g. 0.05), ``years`` the calendar years wanted. The charges are
    0 outside the depreciation period.

    >>> capital_charges(1_000_000, 2014, 5, 0.05, range(2014, 2021)).tolist()
    [0.0, 250000.0, 240000.0, 230000.0, 220000.0, 210000.0, 0.0]
    """
    years = np.asarray(list(years))
    return float(amount) * charge_factors(in_use_year, term_years, rate, years)


def vintage_charges(amounts, vintage_years, term_years, rate, years) -> np.ndarray:
    """Capital charges (EUR per year) of a series of yearly investments.

    ``amounts`` has the vintages on its last axis (EUR invested in each year of
    ``vintage_years``, taken into use in that year); ``term_years`` and ``rate`` broadcast
    against the leading axes. Returns the summed charges with ``years`` on the last axis.
    """
    vintage_years = np.asarray(vintage_years)
    amounts = np.asarray(amounts, dtype=float)
    if np.ndim(term_years) == 0:
        # one term for all draws: depreciation and book value are small (V, T) matrices, and
        # charges = amounts @ depreciation + rate * (amounts @ book value)
        depreciation = depreciation_factors(vintage_years, term_years, years)
        interest_base = charge_factors(vintage_years, term_years, 1.0, years) - depreciation
        rate_ = np.asarray(rate, dtype=float)[..., None]
        return amounts @ depreciation + rate_ * (amounts @ interest_base)
    term = np.asarray(term_years, dtype=float)[..., None]
    rate_ = np.asarray(rate, dtype=float)[..., None]
    factors = charge_factors(vintage_years, term, rate_, years)  # (..., V, T)
    return np.einsum("...v,...vt->...t", amounts, factors)
