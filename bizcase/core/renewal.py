"""The renewal investments: EUR per inhabitant per year, capitalised as applications (par. 3.7, D9).

In the baseline every vintage is financed at the municipal interest rate over the municipality's
own term. In a collaboration scenario the vintages from the ICT centre's start are financed at
the collaboration's rate and term; in S3.0 the harmonised part of a vintage carries the
collaboration's project-cost factor instead of the baseline's (D5). Broadcasts over draws.
"""
from __future__ import annotations

import numpy as np

from bizcase.core.capital import vintage_charges
from bizcase.core.params import Municipality, Params
from bizcase.core.timing import col, operating_effect


def vintages(P: Params) -> np.ndarray:
    """The years of the renewal vintages: the first through the last computed year."""
    return np.arange(int(P.period.first), int(P.period.last) + 1)


def renewal_investment(P: Params, m: Municipality) -> np.ndarray:
    """Yearly renewal investment of one municipality (EUR, incl. baseline project costs)."""
    return np.asarray(P.renewal_per_inhabitant, float) * np.asarray(m.inhabitants, float)


def renewal_charges(P: Params, m: Municipality, years, collaboration: bool, s3: bool = False) -> np.ndarray:
    """Capital charges of the renewal investments of one municipality in ``years`` (EUR per year).

    Vintages run from the first to the last computed year. In a collaboration scenario
    the vintages from the ICT centre's start are financed at the collaboration's rate and
    term; in S3.0 (``s3``) the harmonised part of a vintage (the share harmonised in the
    vintage's year) carries the collaboration's project-cost factor instead of the baseline's.

    The charges are computed for every year from the first through the last of ``years`` and
    then picked, so that a year's charges are the same floating-point numbers whichever years
    are asked for (the matrix product's rounding depends on its shape).
    """
    wanted = np.asarray(years)
    years = np.arange(int(P.period.first), int(wanted.max()) + 1)
    pick = wanted - int(P.period.first)
    years_in = vintages(P)
    amount = col(renewal_investment(P, m)) + np.zeros(len(years_in))
    own = vintage_charges(amount, years_in, m.term, P.interest_rate_municipal, years)
    if not collaboration:
        return own[..., pick]
    joint = years_in >= col(P.centre.start_year)
    if s3:
        amount = amount * harmonised_factor(P, operating_effect(P, years_in))
    before = vintage_charges(np.where(joint, 0.0, amount), years_in, m.term, P.interest_rate_municipal, years)
    after = vintage_charges(np.where(joint, amount, 0.0), years_in, P.centre.term, P.centre.interest_rate, years)
    return (before + after)[..., pick]


def harmonised_factor(P: Params, effect) -> np.ndarray:
    """Per year: a renewal investment relative to the baseline's, given the harmonised share
    ``effect`` of that year (share, 1 = unchanged): the harmonised part carries the
    collaboration's project-cost factor for new functionality instead of the baseline's (D5, D9)."""
    return 1 - np.asarray(effect) * (1 - collaboration_project_ratio(P))


def collaboration_project_ratio(P: Params) -> np.ndarray:
    """A renewal investment with the collaboration's project-cost factor relative to the
    baseline's: (1 + factor collaboration) / (1 + factor baseline), share."""
    return (1 + col(P.centre.project_factor_new)) / (1 + col(P.project_factor_new_baseline))


def renewal_outlays(P: Params, years, s3: bool = False) -> np.ndarray:
    """Renewal investments of both municipalities as paid in ``years`` (EUR per year, cash view;
    ``s3``: with the harmonised part at the collaboration's project-cost factor)."""
    years = np.asarray(years)
    total = sum(renewal_investment(P, m) for m in P.municipalities)
    paid = col(total) * np.isin(years, vintages(P))
    # the effect is 0 before the ICT centre starts, so only joint vintages change
    return paid * harmonised_factor(P, operating_effect(P, years)) if s3 else paid
