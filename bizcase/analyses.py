"""The uncertainty analyses of one variant, computed once per build and read by every consumer.

The tornado, the switching values, the harmonisation-delay table and the Monte Carlo analysis
(summary and fan chart) are a build artefact of their own (``build/report/<variant>/analyses.json``,
written by ``python -m bizcase.build analyses``): the summary chapter, chapter 9 and the workbook
read it instead of each computing it again. Without the file (a chapter run on its own, nbval)
:func:`get` computes the same content in place.

``BIZCASE_COUNT_ANALYSES=<file>`` makes every computation append one line to that file, so a test
can count the evaluations of one build.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import numpy as np

from . import sensitivity as sa

FAN_YEARS_AFTER = 7  # the fan chart runs this many years past the extrapolated year
VERSION = 1


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


def compute(inputs) -> dict:
    """Every uncertainty analysis of ``inputs`` as plain data (the content of analyses.json)."""
    counter = os.environ.get("BIZCASE_COUNT_ANALYSES")
    if counter:
        with open(counter, "a", encoding="utf-8") as fh:
            fh.write("analyses\n")
    p = inputs.params
    draws_n, seed = int(p["montecarlo_draws"]), int(p["montecarlo_seed"])
    draws, out = sa.monte_carlo(inputs, draws_n, seed)
    fan = sa.fan(inputs, draws, int(p["year_extrapolated"]) + FAN_YEARS_AFTER)
    return _plain({
        "version": VERSION,
        "uncertain_ids": sa.uncertain_ids(inputs),
        "tornado": [asdict(r) for r in sa.tornado(inputs)],
        "switching_values": [asdict(x) for x in sa.switching_values(inputs)],
        "harmonisation_delay": [{"name": name, "outcomes": o} for name, o in sa.harmonisation_delay(inputs)],
        "montecarlo": {"draws": draws_n, "seed": seed, "summary": sa.summarise(out)},
        "fan": {"years": fan["years"], **{sc: {str(q): fan[sc][q] for q in sa.FAN_PERCENTILES} for sc in ("s2", "s3")}},
    })


class Analyses:
    """The analyses of one variant, with the structures the chapters use."""

    def __init__(self, data: dict):
        self.data = data
        self.uncertain_ids = list(data["uncertain_ids"])
        self.tornado = [sa.TornadoRow(r["id"], r["low"], r["high"], {k: _nan(v) for k, v in r["at_low"].items()},
                                      {k: _nan(v) for k, v in r["at_high"].items()}) for r in data["tornado"]]
        self.switching_values = [sa.Switch(**{**x, "switching_value": _nan(x["switching_value"])})
                                 for x in data["switching_values"]]
        self.harmonisation_delay = [(d["name"], {k: _nan(v) for k, v in d["outcomes"].items()})
                                    for d in data["harmonisation_delay"]]
        mc = data["montecarlo"]
        self.draws, self.seed = mc["draws"], mc["seed"]
        summary = {}
        for sc in ("s2", "s3"):
            s = dict(mc["summary"][sc])
            s["p_cheaper"] = {int(k): v for k, v in s["p_cheaper"].items()}
            for key in ("cumulative_percentiles", "npv_percentiles", "saving_pct_percentiles"):
                if key in s:
                    s[key] = {int(k): _nan(v) for k, v in s[key].items()}
            s["break_even_median"] = _nan(s["break_even_median"])
            summary[sc] = s
        self.montecarlo = summary
        self.fan = {"years": np.array(data["fan"]["years"]),
                    **{sc: {int(q): np.array([_nan(v) for v in vals], float) for q, vals in data["fan"][sc].items()}
                       for sc in ("s2", "s3")}}


def dumps(data: dict) -> bytes:
    return (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8")


def get(inputs, path=None) -> Analyses:
    """The analyses of ``inputs``: read from ``path`` (the build artefact) when given, else computed."""
    if path:
        return Analyses(json.loads(Path(path).read_text(encoding="utf-8")))
    return Analyses(compute(inputs))
