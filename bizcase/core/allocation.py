"""Splitting the collaboration's costs between the municipalities by a key (par. 3.7, D22)."""
from __future__ import annotations

import numpy as np

from bizcase.core.params import Params
from bizcase.core.schema import MUNICIPALITIES

KEYS = ("inhabitants", "fte", "usage")
# categories split by the usage key's one-off share: the one-off costs and the programme (D22)
ONE_OFF_CATEGORIES = ("project", "programme", "transition", "friction", "harmonisation_investment", "overhead")


def key_shares(weights: dict) -> dict:
    """Shares (summing to 1) from non-negative weights per municipality."""
    total = sum(np.asarray(w, dtype=float) for w in weights.values())
    return {m: np.asarray(w, dtype=float) / total for m, w in weights.items()}


def inhabitant_shares(P: Params) -> dict:
    """Each municipality's share of the inhabitants: the report's allocation key."""
    return key_shares({m.name: m.inhabitants for m in P.municipalities})


def allocate(costs: dict, share) -> dict:
    """One municipality's part of combined cost series: every category times its share."""
    s = np.asarray(share, dtype=float)[..., None]
    return {cat: values * s for cat, values in costs.items()}


def category_shares(result, P: Params, key: str) -> dict:
    """Per municipality and category, its share (array over years) of a collaboration's costs.

    * ``inhabitants``: the report's key, one share for everything;
    * ``fte``: each municipality's ICT staff in the baseline, one share for everything;
    * ``usage``: per category the municipality's share of that category in the two baselines
      of the same year (who used it, pays for it); one-off and programme costs by
      ``usage_one_off_share_haarlem`` (decision D22).
    """
    if key == "inhabitants":
        shares = result.shares
        return {m: {cat: np.asarray(shares[m], float)[..., None] for cat in result.combined["s2"]} for m in MUNICIPALITIES}
    if key == "fte":
        shares = key_shares({m.name: m.fte for m in P.municipalities})
        return {m: {cat: np.asarray(shares[m], float)[..., None] for cat in result.combined["s2"]} for m in MUNICIPALITIES}
    if key != "usage":
        raise ValueError(f"unknown allocation key {key!r}; expected one of {KEYS}")
    one_off = np.asarray(P.usage_one_off_share_haarlem, float)[..., None]
    out = {m: {} for m in MUNICIPALITIES}
    for cat in result.combined["s2"]:
        if cat in ONE_OFF_CATEGORIES:
            out["Haarlem"][cat], out["Haarlemmermeer"][cat] = one_off, 1 - one_off
            continue
        own = {m: np.asarray(result.costs[(m, "baseline")][cat], float) for m in MUNICIPALITIES}
        total = own["Haarlem"] + own["Haarlemmermeer"]
        h = np.divide(own["Haarlem"], total, out=np.full(np.shape(total), 0.5), where=total != 0)
        out["Haarlem"][cat], out["Haarlemmermeer"][cat] = h, 1 - h
    return out


def municipal_totals(result, P: Params, scenario: str, key: str) -> dict:
    """Each municipality's yearly costs (EUR) in a collaboration scenario under ``key``."""
    shares = category_shares(result, P, key)
    return {m: sum(shares[m][cat] * np.asarray(v, float) for cat, v in result.combined[scenario].items())
            for m in MUNICIPALITIES}


def one_off_share(P: Params, result, key: str) -> dict:
    """Each municipality's share of the one-off costs under ``key`` (array over draws)."""
    if key == "usage":
        h = np.asarray(P.usage_one_off_share_haarlem, float)
        return {"Haarlem": h, "Haarlemmermeer": 1 - h}
    if key == "fte":
        return key_shares({m.name: m.fte for m in P.municipalities})
    return {m: np.asarray(result.shares[m], float) for m in MUNICIPALITIES}
