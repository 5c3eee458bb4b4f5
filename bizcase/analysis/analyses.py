"""The uncertainty analyses of one variant: their content, and the structures the chapters use.

Two build artefacts (see :mod:`bizcase.build.artefacts`), each computed once per build by its own make
target and read by the summary, chapter 9 and the workbook:

* ``sensitivity.json`` (:func:`compute_sensitivity`): the tornado, the switching values and the
  harmonisation-delay table;
* ``montecarlo.json`` (:func:`compute_montecarlo`): the Monte Carlo summary and the fan chart.

Without the files (a chapter run on its own, nbval) :class:`Analyses` computes the same content
in place, on first use of each part.
"""
from __future__ import annotations

from dataclasses import asdict
from functools import cached_property

import numpy as np

from bizcase.build.steps import artefacts
from bizcase.analysis import sensitivity as sa

FAN_YEARS_AFTER = 7  # the fan chart runs this many years past the extrapolated year


def _plain(value):
    """JSON-ready: NumPy scalars and arrays as floats and lists; NaN as None."""
    if isinstance(value, str) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in list(value)]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    v = float(value)
    return None if np.isnan(v) else v


def _nan(value):
    """The inverse of _plain for one number: None back to NaN."""
    return float("nan") if value is None else value


def compute_sensitivity(inputs) -> dict:
    """The one-at-a-time analyses of ``inputs`` as plain data (the content of sensitivity.json):
    the uncertain ids, the tornado, the switching values and the harmonisation delay."""
    return _plain({
        "uncertain_ids": sa.uncertain_ids(inputs),
        "tornado": [asdict(r) for r in sa.tornado(inputs)],
        "switching_values": [asdict(x) for x in sa.switching_values(inputs)],
        "harmonisation_delay": [{"name": name, "outcomes": o} for name, o in sa.harmonisation_delay(inputs)],
    })


def compute_montecarlo(inputs) -> dict:
    """The Monte Carlo analysis of ``inputs`` as plain data (the content of montecarlo.json): the
    summary of the seeded draws and the fan chart's percentiles per year."""
    p = inputs.params
    draws_n, seed = int(p["montecarlo_draws"]), int(p["montecarlo_seed"])
    draws, out = sa.monte_carlo(inputs, draws_n, seed)
    fan = sa.fan(inputs, draws, int(p["year_extrapolated"]) + FAN_YEARS_AFTER)
    return _plain({
        "montecarlo": {"draws": draws_n, "seed": seed, "summary": sa.summarise(out)},
        "fan": {"years": fan["years"], **{sc: {str(q): fan[sc][q] for q in sa.FAN_PERCENTILES} for sc in ("s2", "s3")}},
    })


class Analyses:
    """The analyses of one variant, with the structures the chapters use. Each part is read (or
    computed) on first use, so a chapter that shows only the Monte Carlo never needs the
    sensitivity artefact."""

    def __init__(self, inputs, sensitivity_file=None, montecarlo_file=None):
        self.inputs = inputs
        self.sensitivity_file = sensitivity_file
        self.montecarlo_file = montecarlo_file

    @cached_property
    def _sensitivity(self) -> dict:
        return artefacts.read("sensitivity", self.inputs, self.sensitivity_file)

    @cached_property
    def _montecarlo(self) -> dict:
        return artefacts.read("montecarlo", self.inputs, self.montecarlo_file)

    @property
    def uncertain_ids(self) -> list:
        return list(self._sensitivity["uncertain_ids"])

    @cached_property
    def tornado(self) -> list:
        return [sa.TornadoRow(r["id"], r["low"], r["high"], {k: _nan(v) for k, v in r["at_low"].items()},
                              {k: _nan(v) for k, v in r["at_high"].items()}) for r in self._sensitivity["tornado"]]

    @cached_property
    def switching_values(self) -> list:
        return [sa.Switch(**{**x, "switching_value": _nan(x["switching_value"])})
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

    @cached_property
    def montecarlo(self) -> dict:
        summary = {}
        for sc in ("s2", "s3"):
            s = dict(self._montecarlo["montecarlo"]["summary"][sc])
            s["p_cheaper"] = {int(k): v for k, v in s["p_cheaper"].items()}
            for key in ("cumulative_percentiles", "npv_percentiles", "saving_pct_percentiles"):
                if key in s:
                    s[key] = {int(k): _nan(v) for k, v in s[key].items()}
            s["break_even_median"] = _nan(s["break_even_median"])
            summary[sc] = s
        return summary

    @cached_property
    def fan(self) -> dict:
        data = self._montecarlo["fan"]
        return {"years": np.array(data["years"]),
                **{sc: {int(q): np.array([_nan(v) for v in vals], float) for q, vals in data[sc].items()}
                   for sc in ("s2", "s3")}}


def get(inputs, sensitivity_file=None, montecarlo_file=None) -> Analyses:
    """The analyses of ``inputs``: the build's artefacts when given (as paths, or through the
    environment, see :mod:`bizcase.build.artefacts`), else computed on first use."""
    return Analyses(inputs, sensitivity_file, montecarlo_file)
