"""Measuring the inputs and each alternative (overrides, then a refit) against the published figures."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from bizcase.core import metrics
from bizcase.core.inputs import load_inputs
from bizcase.core.model import evaluate
from bizcase.core.schema import COLLABORATIONS, MUNICIPALITIES
from bizcase.fit import calibrate, compare
from bizcase.fit.reference import load_reference
from bizcase.publish.decisions.catalogue import Alternative

ORIGIN = "decisions"  # how an alternative's overrides are named in an input error


@dataclass(frozen=True)
class Measurement:
    """What one set of inputs gives (after a refit of the calibrated values, if ``refitted``)."""

    identical: int
    n_cells: int
    max_difference_eur: float
    claims_failed: tuple  # claim ids not met
    passes: bool
    break_even: dict  # scenario -> year (NaN: not within the horizon)
    saving_pct: dict  # scenario -> % of the baseline over the modelled years
    refitted: bool


class Context:
    """The inputs of ``data_dir``, the reference, the current fit and the measured alternatives.

    Measuring an :class:`Alternative` applies its overrides, refits the calibrated values it does
    not override (:func:`bizcase.fit.calibrate.fit_from`, warm-started from the current
    calibration) unless ``refit`` is off, and compares the result with the published cells and
    claims."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.inputs = load_inputs(self.data_dir)
        self.reference = load_reference(self.data_dir)
        self.ids = calibrate.calibrated_ids(self.inputs)
        self.x0 = {k: float(self.inputs.values[k]) for k in self.ids}
        self._cache: dict = {}

    @property
    def values(self) -> dict:
        """The flat values by id."""
        return self.inputs.values

    @property
    def params(self):
        """The typed parameters (:class:`bizcase.core.params.Params`)."""
        return self.inputs.params

    @cached_property
    def result(self):
        return evaluate(self.inputs)

    @cached_property
    def summary(self) -> dict:
        """Scenario -> :class:`bizcase.core.metrics.Summary` of the current inputs."""
        return metrics.summary(self.result)

    @cached_property
    def current(self) -> Measurement:
        return self._measure_result(self.inputs, self.result, refitted=False)

    def _measure_result(self, inputs, result, refitted: bool) -> Measurement:
        cell_list = compare.cells(self.reference, result)
        claim_list = compare.claims(inputs, self.reference, result)
        s = metrics.summary(result)
        return Measurement(
            identical=sum(c.identical for c in cell_list), n_cells=len(cell_list),
            max_difference_eur=max(abs(c.difference_eur) for c in cell_list),
            claims_failed=tuple(c.id for c in claim_list if not c.ok),
            passes=compare.passes(cell_list, claim_list),
            break_even={sc: float(s[sc].break_even_year) for sc in COLLABORATIONS},
            saving_pct={sc: float(s[sc].saving_pct) for sc in COLLABORATIONS},
            refitted=refitted,
        )

    def measure(self, alt: Alternative) -> Measurement:
        """The alternative's measurement (computed once per overrides and refit)."""
        key = (alt.overrides, alt.refit)
        if key not in self._cache:
            overrides = dict(alt.overrides)
            inputs = load_inputs(self.data_dir, overrides=overrides, origin=ORIGIN)
            fitted = {}
            if alt.refit:
                ids = [k for k in self.ids if k not in overrides]
                x = calibrate.fit_from(inputs, self.reference, ids, np.array([self.x0[k] for k in ids]))
                fitted = {k: float(v) for k, v in zip(ids, x)}
            self._cache[key] = self._measure_result(inputs, evaluate(inputs, fitted), alt.refit)
        return self._cache[key]

    def evaluate_with(self, overrides: dict):
        """The model with ``overrides`` and no refit (for what-ifs that change no fitted figure)."""
        return evaluate(load_inputs(self.data_dir, overrides=overrides, origin=ORIGIN))

    def year_index(self, year: int) -> int:
        """The position of a modelled year on the result's year axis."""
        return int(list(self.result.years).index(year))

    def published(self, municipality: str, scenario: str, year: int) -> float:
        """A published cell of par. 6.2 (EUR)."""
        for row in self.reference.costs:
            if (row.municipality, row.scenario, row.year) == (municipality, scenario, year):
                return row.cost_eur_x1000 * 1000
        raise KeyError((municipality, scenario, year))

    def published_combined(self, scenario: str, year: int) -> float:
        """The published cells of both municipalities together (EUR)."""
        return sum(self.published(m, scenario, year) for m in MUNICIPALITIES)
