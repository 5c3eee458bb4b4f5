"""Bands over the reconstructions: each headline figure evaluated over every member of the ensemble.

The published tables are rounded to EUR 50,000 and the original model is only reconstructed, so
more than one set of fitted values reproduces the report (the ensemble, ``data/ensemble.csv``,
:mod:`bizcase.fit.ensemble`). :func:`headline_arrays` evaluates the headline figures for many
parameter rows at once (one vectorised model evaluation); :func:`bands` evaluates them over the
members, with the run's own values for every id the ensemble does not hold and for every fitted
id the user set (a value set through ``--set``, a variant or a papermill parameter holds for every
member), and gives each figure its 5-95 % band beside the point (the run's own values: the best
fit, or the variant).

A band that is wide because the figure follows a value the published tables do not pin down
(an ensemble column whose 5-95 % covers most of its plausible range) says so: :attr:`Band.driver`
names the fitted id that explains most of the figure's spread over the members (squared
correlation), and :attr:`Band.driver_unidentified` whether that id is one of those.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from bizcase.analysis.montecarlo import MONTE_CARLO_CHUNK, sample
from bizcase.core import metrics
from bizcase.core.model import run
from bizcase.core.schema import COLLABORATIONS, MUNICIPALITIES

BAND = (5.0, 95.0)  # percentiles of the band
# how well the published tables pin down a fitted value, from its 5-95 % band over the members: unidentified
# when the band is wider than this share of its plausible range; otherwise weakly identified when the band
# is wider than its median (a plausible range as wide as EUR 0-8 million hides a split that moves fourfold)
UNIDENTIFIED_SHARE = 0.5
WEAK_RELATIVE_WIDTH = 1.0
# a driver is named when it explains at least this share of a figure's variance over the members
DRIVER_R2 = 0.5
KINDS = ("break_even", "saving_pct", "cumulative", "npv", "investment")  # the banded figures of a scenario
YEARS = "break_even"  # the kind whose values are years (NaN: none within the horizon)


@dataclass(frozen=True)
class FigureKey:
    """One banded headline figure: its kind (:data:`KINDS`), scenario and, for a break-even year
    per municipality, the municipality."""

    kind: str
    scenario: str
    municipality: Optional[str] = None

    @property
    def name(self) -> str:
        """A stable name for files and messages ('break_even_s2_Haarlem')."""
        return "_".join(p for p in (self.kind, self.scenario, self.municipality) if p)

    @property
    def is_year(self) -> bool:
        return self.kind == YEARS


def figure_keys() -> tuple:
    """The banded headline figures, in the order they are reported."""
    keys = []
    for sc in COLLABORATIONS:
        keys += [FigureKey(YEARS, sc)] + [FigureKey(YEARS, sc, m) for m in MUNICIPALITIES]
        keys += [FigureKey(kind, sc) for kind in KINDS if kind != YEARS]
    return tuple(keys)


def headline_arrays(inputs, params: Optional[dict] = None) -> dict:
    """The banded headline figures (:func:`figure_keys`, by key) per parameter row: break-even years
    (both municipalities and each, D7; NaN: none within the horizon), % saving over the modelled
    years (D8), cumulative difference (EUR), NPV of the differences (D21) and the investment (D17).
    Computed by the same metrics as the figure layer (:func:`bizcase.publish.figures.scenario_figures`);
    a test holds the two equal member by member."""
    P = inputs.with_values(params)
    result = run(P)
    summary = metrics.summary(result)
    base = result.combined_total("baseline")
    out = {}
    for sc in COLLABORATIONS:
        s = summary[sc]
        years, by_m = metrics.municipal_horizon_difference(result, P, sc)
        out[FigureKey(YEARS, sc)] = s.break_even_year
        for m in MUNICIPALITIES:
            out[FigureKey(YEARS, sc, m)] = metrics.break_even_year(by_m[m], years)
        out[FigureKey("saving_pct", sc)] = s.saving_pct
        out[FigureKey("cumulative", sc)] = s.cumulative_difference
        out[FigureKey("npv", sc)] = metrics.npv(metrics.difference(result.combined_total(sc), base), result.years,
                                                P.discount_rate, P.period.first)
        out[FigureKey("investment", sc)] = s.investment
    shape = np.broadcast_shapes(*(np.shape(v) for v in out.values()), *(np.shape(v) for v in (params or {}).values()))
    return {k: np.broadcast_to(np.asarray(v, float), shape) for k, v in out.items()}


@dataclass(frozen=True)
class Band:
    """One headline figure: its point (the run's own values) and its 5-95 % band over the members.

    For a year, ``low``/``high`` are members' own years and ``inf`` stands for "none within the
    horizon"; ``share_none`` is the share of members without break-even."""

    key: FigureKey
    point: float
    low: float
    high: float
    share_none: float  # years only: share of members without break-even within the horizon (else 0)
    driver: Optional[str]  # the fitted id explaining most of the spread (None: none explains DRIVER_R2)
    driver_r2: float
    driver_unidentified: bool

    @property
    def is_year(self) -> bool:
        return self.key.is_year

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def low_year(self) -> Optional[int]:
        """A year band's low end as a year (None: no break-even within the horizon)."""
        return None if not np.isfinite(self.low) else int(self.low)

    @property
    def high_year(self) -> Optional[int]:
        """A year band's high end as a year (None: no break-even within the horizon)."""
        return None if not np.isfinite(self.high) else int(self.high)


@dataclass(frozen=True)
class Bands:
    """The bands of one run, by figure, with what they were computed over."""

    members: int
    varied: tuple  # ensemble ids that vary over the members in this run
    fixed_by_overrides: tuple  # ensemble ids the run set itself (its value holds for every member)
    unidentified: tuple  # ensemble ids the published tables do not pin down (unidentified or weakly identified)
    by_key: dict  # FigureKey -> Band

    def of(self, kind: str, scenario: str, municipality: Optional[str] = None) -> Band:
        """The band of one figure: ``of('cumulative', 's2')``, ``of('break_even', 's2', 'Haarlem')``."""
        return self.by_key[FigureKey(kind, scenario, municipality)]

    def driven_by_unidentified(self) -> list:
        """The unidentified ids that drive a band, each once, in figure order."""
        return list(dict.fromkeys(b.driver for b in self.by_key.values() if b.driver_unidentified))


def identification_flag(range_share: float, relative_width: float) -> str:
    """'unidentified', 'weakly identified' or '' for a band covering ``range_share`` of its plausible
    range and ``relative_width`` times its median (:data:`UNIDENTIFIED_SHARE`, :data:`WEAK_RELATIVE_WIDTH`)."""
    if range_share > UNIDENTIFIED_SHARE:
        return "unidentified"
    return "weakly identified" if relative_width > WEAK_RELATIVE_WIDTH else ""


def identification(inputs, members: dict) -> dict:
    """Ensemble id -> :func:`identification_flag` of its band over the members (ids without a
    plausible range: '')."""
    out = {}
    for k, v in members.items():
        row = inputs.register.get(k)
        if row is None or row.low is None or row.high <= row.low:
            out[k] = ""
            continue
        lo, mid, hi = np.percentile(np.asarray(v, float), (BAND[0], 50.0, BAND[1]))
        out[k] = identification_flag((hi - lo) / (row.high - row.low), (hi - lo) / abs(mid) if mid else np.inf)
    return out


def unidentified_ids(inputs, members: dict) -> tuple:
    """Ensemble ids the published tables do not pin down: unidentified or weakly identified."""
    return tuple(k for k, flag in identification(inputs, members).items() if flag)


def _limits(values: np.ndarray, is_year: bool) -> tuple[float, float]:
    if is_year:  # a member's own year; none within the horizon sorts after every year
        years = np.where(np.isnan(values), np.inf, values)
        return tuple(float(x) for x in np.percentile(years, BAND, method="inverted_cdf"))
    return tuple(float(x) for x in np.percentile(values, BAND))


def _driver(values: np.ndarray, varied: dict) -> tuple[Optional[str], float]:
    """The varied id with the largest squared correlation with ``values`` (and that r²)."""
    finite = np.isfinite(values)
    best, best_r2 = None, 0.0
    if finite.sum() < 3 or np.ptp(values[finite]) == 0:
        return None, 0.0
    for k, v in varied.items():
        x = np.asarray(v, float)[finite]
        if np.ptp(x) == 0:
            continue
        r2 = float(np.corrcoef(x, values[finite])[0, 1] ** 2)
        if r2 > best_r2:
            best, best_r2 = k, r2
    return (best, best_r2) if best_r2 >= DRIVER_R2 else (None, best_r2)


def bands(inputs, members: dict) -> Bands:
    """Every banded headline figure of ``inputs`` over the ensemble ``members`` (id -> values).

    One vectorised evaluation over the members. An id the run set itself keeps the run's value
    for every member; the point is the run's own values (:func:`headline_arrays` without members)."""
    fixed = tuple(k for k in members if k in inputs.overrides)
    varied = {k: np.asarray(v, float) for k, v in members.items() if k not in inputs.overrides}
    n = len(next(iter(members.values()))) if members else 0
    point = headline_arrays(inputs)
    over = headline_arrays(inputs, varied) if varied else {k: np.full(n, float(v)) for k, v in point.items()}
    unidentified = unidentified_ids(inputs, varied)
    by_key = {}
    for key in figure_keys():
        values = np.asarray(over[key], float).reshape(-1)
        low, high = _limits(values, key.is_year)
        driver, r2 = _driver(values, varied)
        by_key[key] = Band(key=key, point=float(np.asarray(point[key], float).reshape(-1)[0]), low=low, high=high,
                           share_none=float(np.mean(np.isnan(values))) if key.is_year else 0.0, driver=driver,
                           driver_r2=r2, driver_unidentified=driver in unidentified)
    return Bands(members=n, varied=tuple(varied), fixed_by_overrides=fixed, unidentified=unidentified, by_key=by_key)


def combined(inputs, members: dict, n: int, seed: int, distribution: str = "triangular") -> dict:
    """Both kinds of uncertainty at once: the Monte Carlo's assumption draws (:func:`bizcase.analysis.
    montecarlo.sample`, the same draws for the same seed), each evaluated with a reconstruction
    picked at random from ``members`` (seeded); an id the ensemble holds takes the member's value,
    an id the run set itself keeps it. Returns the banded figures per draw (:func:`headline_arrays`),
    evaluated in chunks like the Monte Carlo."""
    draws = sample(inputs, n, seed, distribution)
    varied = {k: np.asarray(v, float) for k, v in members.items() if k not in inputs.overrides}
    if varied:
        pick = np.random.default_rng(seed).integers(0, len(next(iter(varied.values()))), n)
        draws = {**draws, **{k: v[pick] for k, v in varied.items()}}
    parts = [headline_arrays(inputs, {k: v[start:start + MONTE_CARLO_CHUNK] for k, v in draws.items()})
             for start in range(0, n, MONTE_CARLO_CHUNK)]
    return {k: np.concatenate([np.asarray(part[k], float).reshape(-1) for part in parts]) for k in parts[0]}


def band_of(values) -> tuple[float, float]:
    """The 5-95 % band of a money figure over draws or members."""
    return _limits(np.asarray(values, float).reshape(-1), False)
