"""The alternatives of a decision chosen on the data, as plain values.

:class:`Option` and :class:`Choice` describe what a decision of the log could have been; the
decisions log (:mod:`bizcase.publish.decisions.catalogue`) names them and
:mod:`bizcase.fit.structure` refits them. They live apart from the refitting so that reading the log
does not load the optimiser (SciPy), which the report's chapters and the HTML never use.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    """One alternative of a decision: the register values it sets."""

    decision: int
    overrides: tuple  # ((id, value), ...)

    @property
    def name(self) -> str:
        return f"D{self.decision:02d}: " + ", ".join(f"{k} = {v:g}" for k, v in self.overrides)


@dataclass(frozen=True)
class Choice:
    """A decision chosen on the data and its alternatives (the decision as taken sets nothing)."""

    decision: int
    alternatives: tuple  # Option
