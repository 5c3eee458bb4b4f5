"""Structural decisions chosen on the data, chosen again inside each grouped hold-out.

Some decisions of the log were settled by how well each option reproduces the published cells (for
example when the one-off costs fall, D03, or whether the municipal interest rate is fitted, D10);
their text files say so (``chosen_on_data``). A hold-out that keeps those decisions as they were
taken on all 32 cells still leans on the held-out cells through them. :func:`reselect` lets each
hold-out choose again, with the cells it keeps only:

* every alternative of every such decision is refitted without the held-out cells (both stages of
  the calibration, warm-started from the full fit, the calibrated ids the alternative sets left out
  of the fit), the other decisions as taken;
* per decision the option that fits the kept targets best is taken, judged as the decisions log
  judges alternatives: first by the acceptance rule's misses (kept cells that do not round to the
  published figure, kept claims not met), then by the calibration's stage-1 sum of squares over
  the kept targets; the decision as taken wins ties;
* the held-out cells are predicted by one refit with every option taken.

The same choice is made on all cells (:data:`FULL`), which says whether the decisions as taken are
what the fit itself prefers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from bizcase.core.inputs import load_inputs
from bizcase.core.model import evaluate
from bizcase.fit import calibrate as calib
from bizcase.fit import compare
from bizcase.fit.choices import Choice, Option
from bizcase.fit.holdouts import Holdout, Outcome, full_fit, refit_all, run_holdouts

ORIGIN = "decisions"  # how an alternative's overrides are named in an input error
FULL = Holdout("full", "full", frozenset(), description="every cell and claim (the full fit)")
TIE_TOLERANCE = 1e-9  # relative: an alternative is taken only if it fits the kept targets better than this


@dataclass(frozen=True, order=True)
class Score:
    """How well a refit fits the targets a hold-out keeps: the acceptance rule's misses (kept cells
    not identical after rounding, kept claims not met), then the stage-1 sum of squares."""

    misses: int
    objective: float

    def beats(self, other: "Score") -> bool:
        """Better by more than a tie (:data:`TIE_TOLERANCE` of the objective)."""
        if self.misses != other.misses:
            return self.misses < other.misses
        return self.objective < other.objective * (1 - TIE_TOLERANCE)


@dataclass
class Reselection:
    """One hold-out's choice: the options taken (none: every decision as taken), the training
    objective of the decision as taken and of every alternative, and the prediction with the options
    taken (the fixed structure's own outcome when none is taken)."""

    holdout: Holdout
    taken: tuple  # Option
    as_taken: Score
    scores: dict  # Option -> Score
    outcome: Outcome | None  # None for FULL (nothing is held out)


def check(choices) -> None:
    """The decisions' alternatives may not set the same id: the options taken are combined."""
    seen = {}
    for c in choices:
        for o in c.alternatives:
            for k, _ in o.overrides:
                if seen.setdefault(k, c.decision) != c.decision:
                    raise ValueError(f"D{c.decision:02d} and D{seen[k]:02d} both set {k}; the structural choices "
                                     "are combined, so each id belongs to one decision")


def alternatives(choices) -> list:
    return [o for c in choices for o in c.alternatives]


def variant(inputs, overrides: dict):
    """``inputs`` with an alternative's values set (validated like any override)."""
    return load_inputs(inputs.data_dir, overrides={**inputs.overrides, **overrides}, origin=ORIGIN)


def fixed_ids(inputs, overrides: dict) -> frozenset:
    """The calibrated ids an alternative sets: not fitted under it."""
    return frozenset(k for k in overrides if k in calib.calibrated_ids(inputs))


def score(inputs, reference, holdout: Holdout, x, fixed=frozenset()) -> Score:
    """How well the values ``x`` fit the targets ``holdout`` keeps (:class:`Score`)."""
    ids, _ = full_fit(inputs, fixed)
    x = np.asarray(x, float)
    r = calib.residuals_many(inputs, reference, ids, x[None, :], None, holdout.exclude, holdout.claims)
    result = evaluate(inputs, {k: float(v) for k, v in zip(ids, x)})
    cells = [c for c in compare.cells(reference, result) if (c.municipality, c.scenario, c.year) not in holdout.exclude]
    claims = [c for c in compare.claims(inputs, reference, result) if c.id in holdout.claims]
    return Score(sum(not c.identical for c in cells) + sum(not c.ok for c in claims), float((r ** 2).sum()))


def reselect(inputs, reference, outcomes, choices, progress: Callable[[int], object] | None = None) -> list:
    """Each hold-out of ``outcomes`` (the fixed structure's refits) and :data:`FULL` choose the
    structural options again on the targets they keep; returns one :class:`Reselection` each, FULL
    last. ``progress`` is told of every refit stage (``STAGES`` per alternative)."""
    check(choices)
    holdouts = [o.holdout for o in outcomes] + [FULL]
    _, x0 = full_fit(inputs)
    base = [score(inputs, reference, o.holdout, o.values) for o in outcomes]
    base.append(score(inputs, reference, FULL, x0))
    scores = [{} for _ in holdouts]
    for option in alternatives(choices):
        overrides = dict(option.overrides)
        alt = variant(inputs, overrides)
        fixed = fixed_ids(inputs, overrides)
        values, _ = refit_all(alt, reference, holdouts, progress, fixed)
        for i, (h, x) in enumerate(zip(holdouts, values)):
            scores[i][option] = score(alt, reference, h, x, fixed)
    taken = []
    for i in range(len(holdouts)):
        options = []
        for c in choices:
            best = min(c.alternatives, key=lambda o: scores[i][o], default=None)
            if best is not None and scores[i][best].beats(base[i]):
                options.append(best)
        taken.append(tuple(options))
    predicted = _predict(inputs, reference, outcomes, taken[:-1])
    return [Reselection(h, t, b, s, o) for h, t, b, s, o in zip(holdouts, taken, base, scores, predicted + [None])]


def _predict(inputs, reference, outcomes, taken) -> list:
    """Each hold-out's prediction with its options taken: one refit per distinct set of options."""
    out = list(outcomes)
    groups = {}
    for i, options in enumerate(taken):
        if options:
            groups.setdefault(options, []).append(i)
    for options, members in groups.items():
        overrides = {k: v for o in options for k, v in o.overrides}
        refits = run_holdouts(variant(inputs, overrides), reference, [outcomes[i].holdout for i in members],
                              fixed=fixed_ids(inputs, overrides))
        for i, o in zip(members, refits):
            out[i] = o
    return out
