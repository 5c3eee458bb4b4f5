"""The decisions log ``docs/decisions.md``: Dutch texts in ``publish/texts/decisions/``, every figure computed.

The package itself offers the decisions as their texts declare them (:mod:`.catalogue`): what the
report, the lineage and the validation cite. The log is written by :mod:`.rendering`, which measures
every alternative with a refit (:mod:`.measure`) and so loads the optimiser; importing the package
does not, so the chapters and the HTML start without it.
"""
from __future__ import annotations

from bizcase.publish.decisions.catalogue import Alternative, Decision, load, register_ids

DECISIONS: tuple = load()  # Decision, in order of number

__all__ = ["DECISIONS", "Alternative", "Decision", "register_ids"]
