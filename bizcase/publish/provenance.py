"""The provenance of every printed figure, for a reader: its Dutch definition, the function that
computes it, its value, and the register ids it depends on (found by the model,
:func:`bizcase.analysis.lineage.lineage`) with each id's value, unit, source, status and decisions.

This is what ``bizcase explain`` prints and what the report's lineage panel and its annex on the
provenance of the key figures show.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from bizcase.analysis import bands
from bizcase.analysis.lineage import COST, CUMULATIVE_YEAR, DIFFERENCE, TOTAL, FigureName, lineage, parse
from bizcase.publish import formatting as fmt
from bizcase.publish import labels

# the function of the figure layer that computes each kind (a reviewer's next hop)
FUNCTION = {
    **{kind: "bizcase.publish.figures.scenario_figures" for kind in bands.KINDS},
    TOTAL: "bizcase.core.model.Result.total",
    COST: "bizcase.core.model.Result.costs",
    DIFFERENCE: "bizcase.core.metrics.horizon_difference",
    CUMULATIVE_YEAR: "bizcase.core.metrics.cumulative",
}
UNIT = {"break_even": "year", "saving_pct": "percent"}  # every other kind is an amount in EUR


@dataclass(frozen=True)
class Source:
    """One register id a figure depends on, as the register states it, with its effect."""

    id: str
    label: str  # the Dutch short name
    value: float
    unit: str
    source: str
    status: str  # the Dutch status
    decisions: tuple  # 'D7', ... : the decisions that name the id
    elasticity: Optional[float]
    change: float  # the figure's change for the id's step
    step: float


@dataclass(frozen=True)
class Provenance:
    name: str
    definition: str
    function: str
    value: float
    unit: str  # 'EUR', 'year' or 'percent'
    measured_on: Optional[str]  # the figure its changes are measured on, when not itself
    sources: tuple  # Source, most influential first

    @property
    def kind(self) -> str:
        """The figure's kind of table value (:class:`bizcase.publish.blocks.V`)."""
        return {"year": "year", "percent": "pct"}.get(self.unit, "eur")

    @property
    def decimals(self) -> int:
        return 2 if self.kind == "pct" else 0

    def effects(self, n: int) -> str:
        """The ``n`` inputs that move the figure most, in words: 'Personeelskosten per fte (+2,6)', the
        elasticity; for a value in whole units or at 0, what its step does ('+1 jaar meer: +€ 1.045')."""
        measured = "eur" if self.measured_on else self.kind  # a year moves by the amount that decides it
        return "; ".join(_effect(s, measured) for s in self.sources[:n])


def _effect(s: Source, kind: str) -> str:
    if s.elasticity is not None:
        return f"{s.label} ({'+' if s.elasticity > 0 else '−'}{fmt.number(abs(s.elasticity), 1)})"
    change = fmt.pct(abs(s.change)) if kind == "pct" else fmt.eur(abs(s.change))
    return f"{s.label} ({fmt.value_text(s.unit, s.step)} meer: {'+' if s.change > 0 else '−'}{change})"


def value_text(unit: str, x: float) -> str:
    """A figure's value as the report writes its unit (:attr:`Provenance.unit`): a year, a
    percentage or an amount in euros."""
    if unit == "year":
        return fmt.year(x)
    if unit == "percent":
        return fmt.pct(x)
    return fmt.eur(x)


def key_figures() -> tuple:
    """The headline figures, in the order the report gives them (:func:`bizcase.analysis.bands.figure_keys`)."""
    return tuple(FigureName(k.kind, k.scenario, k.municipality) for k in bands.figure_keys())


def _period(inputs) -> tuple[int, int]:
    period = inputs.params.period
    return int(period.first), int(period.last) + 1  # the modelled years include the extrapolated one


def short_name(name: str, inputs) -> str:
    """A headline figure's short Dutch name (:data:`bizcase.publish.labels.FIGURE_SHORT`)."""
    figure = parse(name)
    first, last = _period(inputs)
    return labels.FIGURE_SHORT[figure.kind].format(scenario=labels.SCENARIO[figure.scenario],
                                                   who=labels.FIGURE_WHO_SHORT[figure.municipality],
                                                   period=f"{first}-{last}")


def definition(figure: FigureName, inputs) -> str:
    """The figure's Dutch definition (:data:`bizcase.publish.labels.FIGURE_KIND`)."""
    first, last = _period(inputs)
    horizon = last + int(inputs.values["break_even_projection_years"])
    kind = "total_period" if figure.kind == TOTAL and figure.year is None else figure.kind
    return labels.FIGURE_KIND[kind].format(
        scenario=labels.SCENARIO[figure.scenario], who=labels.FIGURE_WHO[figure.municipality], year=figure.year,
        category=labels.category(figure.category, in_sentence=True) if figure.category else "",
        period=f"{first}-{last}", first=first, horizon=horizon)


def provenance(inputs, decisions: dict | None = None) -> list:
    """:class:`Provenance` of every figure, in a stable order (the headline figures first);
    ``decisions``: register id -> the decisions that name it
    (:func:`bizcase.publish.decisions.catalogue.numbers_by_id`), none when not given."""
    found = lineage(inputs)
    by_id = decisions or {}
    out = []
    for figure, lin in found.items():
        sources = []
        for e in lin.effects:
            row = inputs.register[e.id]
            sources.append(Source(e.id, labels.assumption(e.id), float(inputs.values[e.id]), row.unit, row.source,
                                  labels.STATUS[row.status], tuple(by_id.get(e.id, ())), e.elasticity, e.change,
                                  e.step))
        out.append(Provenance(figure.name, definition(figure, inputs), FUNCTION[figure.kind], lin.value,
                              UNIT.get(figure.kind, "EUR"),
                              None if lin.measured_on == figure else lin.measured_on.name, tuple(sources)))
    return out
