"""Splitting the collaboration's costs between the municipalities by a key (par. 3.7)."""
from __future__ import annotations

import numpy as np

from .inputs import MUNICIPALITIES, MUNICIPALITY_KEYS


def key_shares(weights: dict) -> dict:
    """Shares (summing to 1) from non-negative weights per municipality."""
    total = sum(np.asarray(w, dtype=float) for w in weights.values())
    return {m: np.asarray(w, dtype=float) / total for m, w in weights.items()}


def inhabitant_shares(p: dict) -> dict:
    """Each municipality's share of the inhabitants: the report's allocation key."""
    return key_shares({m: p[f"inhabitants_{MUNICIPALITY_KEYS[m]}"] for m in MUNICIPALITIES})


def allocate(costs: dict, share) -> dict:
    """One municipality's part of combined cost series: every category times its share."""
    s = np.asarray(share, dtype=float)[..., None]
    return {cat: values * s for cat, values in costs.items()}
