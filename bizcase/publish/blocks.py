"""What a chapter shows: text, tables of typed values, and charts.

A table holds numbers, not formatted strings: each value carries its kind (an amount in euros or
thousands of euros, a percentage, a year, a count, a text) and how it is rounded. The HTML
(:mod:`bizcase.publish.render`) writes each value the Dutch way for its kind; the values
workbook writes the same number with an Excel number format. So the report and the workbook
show the same figures, built by the same function.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import numpy as np

from bizcase.core import metrics
from bizcase.publish import formatting as fmt

KINDS = ("eur", "keur", "pct", "share", "year", "number", "text", "setting")


@dataclass(frozen=True)
class V:
    """One value of a table: ``x`` (a number, a text, or None for '-') of ``kind``.

    * ``eur``: an amount in euros; ``keur``: an amount in euros shown in thousands;
      ``step``: rounded to this many euros first (the report's EUR 50,000);
    * ``pct``: a percentage given in percent; ``share``: a fraction shown as a percentage;
    * ``year``: a calendar year ('geen' for NaN); ``number``: a count or FTE; ``text``: words;
    * ``setting``: a value of the register, written the way the report writes its ``unit``
      (``exact``: with all the decimals it has, for a value a reader may type back in).
    """

    x: object
    kind: str = "number"
    decimals: int = 0
    step: Optional[float] = None
    unit: str = ""
    exact: bool = False
    figure: Optional[str] = None  # the figure's stable name (bizcase.analysis.lineage): its lineage in the HTML

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")

    @property
    def is_number(self) -> bool:
        return self.kind != "text" and self.x is not None

    @property
    def value(self):
        """The number as the table shows it (rounded as written), in its own unit: euros for 'eur'
        and 'keur', percent for 'pct', a fraction for 'share'; None when empty, NaN for 'geen'."""
        if not self.is_number:
            return None
        x = float(np.asarray(self.x))
        if math.isnan(x):
            return x
        if self.kind == "setting":
            return x
        if self.step:
            x = float(metrics.round_to(x, self.step))
        if self.kind == "keur":
            return float(fmt.rounded(x / 1000, self.decimals)) * 1000
        if self.kind == "share":
            return float(fmt.rounded(x * 100, self.decimals)) / 100
        return float(fmt.rounded(x, self.decimals))

    def text(self, with_unit: bool = True) -> str:
        """The value as the report writes it (``with_unit`` False: without '€ ' or '%', which the
        column header then states)."""
        if self.x is None:
            return "-"
        if self.kind == "text":
            return str(self.x)
        if self.kind == "setting":
            return fmt.value_text(self.unit, self.x, self.exact)
        if self.kind == "year":
            return fmt.year(self.x)
        if self.kind == "keur":
            return fmt.keur(self.x, self.step, self.decimals)
        if self.kind == "eur":
            text = fmt.number(metrics.round_to(self.x, self.step) if self.step else self.x, self.decimals)
            return f"€ {text}" if with_unit and text != "-" else text
        if self.kind in ("pct", "share"):
            x = float(np.asarray(self.x)) * (100 if self.kind == "share" else 1)
            text = fmt.number(x, self.decimals)
            return f"{text}%" if with_unit and text != "-" else text
        return fmt.number(self.x, self.decimals)


def text(x) -> V:
    return V(x, "text")


def setting(unit: str, x, exact: bool = False) -> V:
    """A register value of ``unit`` (None: blank, an override left to its event); ``exact``: shown
    with all its decimals."""
    return V(x, "setting", unit=unit, exact=exact)


@dataclass(frozen=True)
class Table:
    """A numbered table: ``rows`` of (row head, values), one value per column."""

    caption: str
    index_name: str
    columns: tuple
    rows: tuple  # ((row head, (V, ...)), ...)
    note: str = ""
    italic_columns: tuple = ()
    words: bool = False  # a table of words: cells left-aligned

    def column(self, j: int) -> list:
        return [values[j] for _, values in self.rows]

    def shared_unit(self, j: int) -> str:
        """The unit every filled cell of column ``j`` shares ('€' or '%'; '' when they differ): the
        cells are then written without it, since a header states it."""
        kinds = {v.kind for v in self.column(j) if v.x is not None}
        return {frozenset({"eur"}): "€", frozenset({"pct"}): "%", frozenset({"share"}): "%",
                frozenset({"pct", "share"}): "%"}.get(frozenset(kinds), "")

    def unit(self, j: int) -> str:
        """The shared unit of column ``j`` to add to its header, stated once there instead of in
        every cell; '' when the cells differ or the header already names it."""
        unit = self.shared_unit(j)
        return "" if unit and (unit in self.columns[j] or unit in self.index_name) else unit


@dataclass(frozen=True)
class Text:
    """Markdown prose (with figures computed before it was written)."""

    markdown: str


@dataclass(frozen=True)
class Chart:
    """A matplotlib figure with its caption and, for the alt text, what it shows in words."""

    figure: object
    caption: str
    description: str = ""


@dataclass
class Numbering:
    """The chapter's counters: 'Tabel 6.1', 'Figuur 6.2'."""

    chapter: str
    tables: int = 0
    figures: int = 0

    def table(self) -> str:
        self.tables += 1
        return f"Tabel {self.chapter}.{self.tables}"

    def figure(self) -> str:
        self.figures += 1
        return f"Figuur {self.chapter}.{self.figures}"


class ConsistencyError(AssertionError):
    """A table contradicts itself: the build stops rather than print it."""


def check_totals(table: Table) -> None:
    """Each value in a row whose head starts with 'Totaal' equals the sum of the values above it
    as the table shows them, or the note says that rounding explains the difference."""
    heads = [head for head, _ in table.rows]
    for t, head in enumerate(heads):
        if not str(head).lower().startswith("totaal"):
            continue
        for j, name in enumerate(table.columns):
            cells = table.column(j)[: t + 1]
            if not all(v.is_number or v.x is None for v in cells) or not cells[t].is_number:
                continue
            parts = sum(v.value or 0.0 for v in cells[:t])
            total = cells[t].value
            shown = 10 ** -max(v.decimals for v in cells) * (1000 if cells[t].kind == "keur" else 1)
            if abs(parts - total) > 0.5 * shown and "afronding" not in table.note.lower():
                raise ConsistencyError(f"{table.caption}: '{head}' in column {name} is {cells[t].text()}, the rows above "
                                       f"add up to {parts:g}, and the note does not mention rounding")
