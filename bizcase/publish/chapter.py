"""What a chapter notebook holds: the run it presents, its figures, and how it shows blocks.

The build (:mod:`bizcase.build.chapter`) makes a :class:`Chapter` from the notebook's parameters
and the build's artefacts; the notebook then only calls content functions of
:mod:`bizcase.publish.chapters` and shows what they return with :meth:`Chapter.show`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Optional

from IPython.display import HTML, Markdown, display

from bizcase.analysis import bands as recon
from bizcase.fit import ensemble
from bizcase.fit.reference import load_reference
from bizcase.publish import figures as fig
from bizcase.publish import labels
from bizcase.publish.blocks import Chart, Numbering, Table, Text, check_totals
from bizcase.publish.render import chart_html, table_html


@dataclass
class Documents:
    """The generated documents the Verantwoording shows, each read on first use by its loader:
    the validation summary (with ``current``: made from the current model and data) and the
    decisions log (Markdown)."""

    validation: Callable[[], dict]
    decisions_log: Callable[[], str]


@dataclass
class Chapter:
    """One chapter of one variant: inputs, model run, analyses, figures and numbering."""

    number: str
    variant: str
    inputs: object
    result: object
    analyses: object  # bizcase.analysis.content.Analyses
    documents: Optional[Documents] = None
    numbering: Numbering = field(init=False)

    def __post_init__(self):
        self.numbering = Numbering(self.number)

    @property
    def overrides(self) -> dict:
        return dict(self.inputs.overrides)

    @cached_property
    def figures(self) -> fig.Figures:
        return fig.headline(self.inputs, self.result)

    @cached_property
    def overhead(self) -> fig.Overhead:
        """The headline figures with the ICT centre's overhead counted (D13)."""
        return fig.overhead(self.inputs, self.result, self.figures)

    @cached_property
    def uncertainty(self) -> dict:
        return fig.uncertainty(self.figures, self.analyses)

    @cached_property
    def one_sided(self) -> tuple:
        return fig.one_sided(self.analyses)

    @cached_property
    def widened(self) -> list:
        """The Dutch names of the assumptions whose plausible range the analyses widened to the
        run's value (D32), in register order."""
        return [labels.assumption(k) for k in self.analyses.widened]

    @cached_property
    def bands_members(self) -> dict:
        """The reconstructions that reproduce the published tables (data/ensemble.csv): id -> values."""
        return ensemble.load(self.inputs.data_dir)

    @cached_property
    def bands(self) -> recon.Bands:
        """The headline figures' bands over those reconstructions (one vectorised evaluation)."""
        return recon.bands(self.inputs, self.bands_members)

    @cached_property
    def reference(self):
        """The published figures (for comparison only; the model never reads them)."""
        return load_reference(self.inputs.data_dir)

    def html(self, block) -> str:
        """One block as HTML (tables checked for consistent totals first)."""
        if isinstance(block, Table):
            check_totals(block)
            return table_html(block, self.numbering.table())
        if isinstance(block, Chart):
            return chart_html(block, self.numbering.figure())
        raise TypeError(f"not a table or chart: {type(block).__name__}")

    def show(self, *blocks) -> None:
        """Display text, tables and charts in order (a list of blocks counts as its blocks)."""
        for block in blocks:
            if isinstance(block, (list, tuple)):
                self.show(*block)
            elif block is None:
                continue
            elif isinstance(block, Text):
                display(Markdown(block.markdown))
            else:
                display(HTML(self.html(block)))
