"""The decisions log ``docs/decisions.md``: Dutch texts in ``publish/texts/decisions/``, every figure computed."""
from __future__ import annotations

from pathlib import Path

from bizcase.publish.decisions import rendering
from bizcase.publish.decisions.catalogue import Decision, load, register_ids
from bizcase.publish.decisions.measure import Alternative, Context, Measurement
from bizcase.publish.decisions.rendering import render_decision, render_title, sections

DECISIONS: tuple = load()  # Decision, in order of number


def render(data_dir: Path, digest: str) -> str:
    """The whole log (Markdown) for the inputs of ``data_dir``, with ``digest`` in its header."""
    return rendering.render(data_dir, digest, DECISIONS)


__all__ = ["DECISIONS", "Alternative", "Context", "Decision", "Measurement", "register_ids", "render",
           "render_decision", "render_title", "sections"]
