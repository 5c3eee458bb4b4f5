"""The uncertainty analyses of one variant as plain data, and the typed structures the report reads.

Two build artefacts hold them (:mod:`bizcase.build.artefacts`), each computed once per build:

* ``sensitivity.json`` (:func:`compute_sensitivity`): the tornado, the switching values and the
  harmonisation-delay table;
* ``montecarlo.json`` (:func:`compute_montecarlo`): the Monte Carlo summary and the fan chart.

:class:`Analyses` turns that content back into typed structures, on first use of each part; where
the content comes from (a file, or computed in place) is the caller's choice: it passes a loader.
"""
from __future__ import annotations

from dataclasses import asdict
from functools import cached_property
from typing import Callable

import numpy as np

from bizcase.analysis import montecarlo as mc
from bizcase.analysis import sensitivity as sa
from bizcase.core.schema import COLLABORATIONS

FAN_YEARS_AFTER = 7  # the fan chart runs this many years past the extrapolated year (at most to the horizon)


def plain(value):
    """JSON-ready: NumPy scalars and arrays as floats and lists; NaN as None."""
    if isinstance(value, str) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in list(value)]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    v = float(value)
    return None if np.isnan(v) else v


def _nan(value):
    """The inverse of :func:`plain` for one number: None back to NaN."""
    return float("nan") if value is None else value


def horizon_years(inputs) -> np.ndarray:
    """The years from the first modelled year through the break-even horizon."""
    period = inputs.params.period
    return np.arange(int(period.first), int(period.extrapolated + period.projection_years) + 1)


def compute_sensitivity(inputs) -> dict:
    """The one-at-a-time analyses of ``inputs`` as plain data (the content of sensitivity.json):
    the uncertain ids, the tornado, the switching values and the harmonisation delay."""
    return plain({
        "uncertain_ids": sa.uncertain_ids(inputs),
        "tornado": [asdict(r) for r in sa.tornado(inputs)],
        "switching_values": [asdict(x) for x in sa.switching_values(inputs)],
        "harmonisation_delay": [{"name": name, "outcomes": o} for name, o in sa.harmonisation_delay(inputs)],
    })


def montecarlo_summary(inputs) -> tuple[dict, dict]:
    """The seeded draws of ``inputs`` and their summary as plain data (draws, seed, summary, the
    ids whose range is one-sided or widened): the part of montecarlo.json without the fan chart."""
    P = inputs.params
    draws_n, seed = int(P.montecarlo_draws), int(P.montecarlo_seed)
    draws, out = mc.monte_carlo(inputs, draws_n, seed)
    point = sa.outcomes(inputs)
    return draws, plain({"draws": draws_n, "seed": seed, "summary": mc.summarise(out, horizon_years(inputs), point),
                         "one_sided": sa.one_sided_ids(inputs), "widened": sa.widened_ids(inputs)})


def compute_montecarlo(inputs) -> dict:
    """The Monte Carlo analysis of ``inputs`` as plain data (the content of montecarlo.json): the
    summary of the seeded draws and the fan chart's percentiles per year."""
    P = inputs.params
    draws, summary = montecarlo_summary(inputs)
    horizon = int(P.period.extrapolated + P.period.projection_years)
    fan = mc.fan(inputs, draws, min(int(P.period.extrapolated) + FAN_YEARS_AFTER, horizon))
    return plain({
        "montecarlo": summary,
        "fan": {"years": fan["years"], **{sc: {str(q): fan[sc][q] for q in mc.FAN_PERCENTILES} for sc in COLLABORATIONS}},
    })


def _by_int(mapping: dict) -> dict:
    return {int(k): _nan(v) for k, v in mapping.items()}


class Analyses:
    """The analyses of one variant as typed structures. Each part is read on first use through
    its loader (a callable returning the artefact's content), so a chapter that shows only the
    Monte Carlo never needs the sensitivity artefact."""

    def __init__(self, sensitivity: Callable[[], dict], montecarlo: Callable[[], dict]):
        self._load_sensitivity = sensitivity
        self._load_montecarlo = montecarlo

    @cached_property
    def _sensitivity(self) -> dict:
        return self._load_sensitivity()

    @cached_property
    def _montecarlo(self) -> dict:
        return self._load_montecarlo()

    @property
    def uncertain_ids(self) -> list:
        return list(self._sensitivity["uncertain_ids"])

    @cached_property
    def tornado(self) -> list:
        return [sa.TornadoRow(r["id"], r["low"], r["high"], {k: _nan(v) for k, v in r["at_low"].items()},
                              {k: _nan(v) for k, v in r["at_high"].items()}) for r in self._sensitivity["tornado"]]

    @cached_property
    def switching_values(self) -> list:
        return [sa.Switch(**{**x, "switching_value": _nan(x["switching_value"]), "boundary": _nan(x["boundary"])})
                for x in self._sensitivity["switching_values"]]

    @cached_property
    def harmonisation_delay(self) -> list:
        return [(d["name"], {k: _nan(v) for k, v in d["outcomes"].items()})
                for d in self._sensitivity["harmonisation_delay"]]

    @property
    def draws(self) -> int:
        return self._montecarlo["montecarlo"]["draws"]

    @property
    def seed(self) -> int:
        return self._montecarlo["montecarlo"]["seed"]

    @property
    def one_sided(self) -> dict:
        """Id -> 'low' or 'high': the assumptions whose value is an end of its analysis range."""
        return dict(self._montecarlo["montecarlo"]["one_sided"])

    @property
    def widened(self) -> list:
        """The ids whose plausible range the analyses widened to include the run's value (D32)."""
        return list(self._montecarlo["montecarlo"]["widened"])

    @cached_property
    def montecarlo(self) -> dict:
        summary = {}
        for sc in COLLABORATIONS:
            s = dict(self._montecarlo["montecarlo"]["summary"][sc])
            for key in ("p_cheaper", "p_break_even_by", "cumulative_percentiles", "npv_percentiles",
                        "saving_pct_percentiles"):
                if key in s:
                    s[key] = _by_int(s[key])
            s["break_even_median"] = _nan(s["break_even_median"])
            summary[sc] = s
        return summary

    @cached_property
    def fan(self) -> dict:
        data = self._montecarlo["fan"]
        return {"years": np.array(data["years"]),
                **{sc: {int(q): np.array([_nan(v) for v in vals], float) for q, vals in data[sc].items()}
                   for sc in COLLABORATIONS}}


def computed(inputs) -> Analyses:
    """The analyses of ``inputs`` computed in place, on first use of each part."""
    return Analyses(lambda: compute_sensitivity(inputs), lambda: compute_montecarlo(inputs))
