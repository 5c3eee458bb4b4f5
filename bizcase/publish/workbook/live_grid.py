"""The live model's grid: year columns (Layout), the workbook under construction (Book), formula rows (Calc, Ctx)."""
from __future__ import annotations

from dataclasses import dataclass

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName

from bizcase.core.params import Params
from bizcase.core.schema import OTHER_CATEGORIES
from bizcase.publish import labels
from bizcase.publish.workbook.cells import formula, put, text

EUR = "#,##0"
FACTOR = "0.0000"
PCT = "0.00%"
YEAR = "0"
INPUT_FILL = "FFFFCC"  # FAST: inputs light yellow with a blue font
INPUT_FONT = "0000FF"
HEADER_FILL = "DDEBF7"
FIRST_COL = 5  # column E: the first year; A label, B unit, C constant or total, D empty (left of the first year)
YEAR_ROW = 2
BOTH = "Beide gemeenten"  # the municipalities together (output keys and labels)
BASE_CATS = ("personnel", "applications") + OTHER_CATEGORIES + ("renewal_capital_charges",)
RUNNING = BASE_CATS + ("programme", "overhead")
ONE_OFF = {"s2": ("project", "transition", "friction"), "s3": ("project", "transition", "friction",
                                                              "harmonisation_investment")}
# register ids that fix the layout (year columns, vintage rows)
STRUCTURAL = ("year_first", "year_last", "break_even_projection_years")
# the units of the calculation rows, in the report's Dutch
U_EUR, U_FACTOR, U_SHARE, U_YEAR, U_FTE, U_FLAG, U_INHABITANTS = (
    labels.UNIT[u] for u in ("EUR", "factor", "share", "year", "FTE", "flag", "inhabitants"))


def letter(i: int) -> str:
    """The letter of column ``i`` (1: A)."""
    return get_column_letter(i)


def q(sheet: str) -> str:
    """A sheet's name as a formula prefix ('Lees mij'!, Invoer!)."""
    return f"'{sheet}'!" if " " in sheet else f"{sheet}!"


def slug(municipality: str) -> str:
    """The lower-case key of a municipality in the workbook's own row keys and names (share_haarlem)."""
    return municipality.lower()


def scenario(sc: str) -> str:
    """A scenario's Dutch name (labels.SCENARIO)."""
    return labels.SCENARIO[sc]


def category(key: str) -> str:
    """A cost category's Dutch name as it stands in a row label (in-sentence form)."""
    return labels.category(key, in_sentence=True)


BASELINE = labels.SCENARIO["baseline"].lower()  # the baseline in a sentence ("verschil met de baseline")


class Layout:
    """The year columns: ``n_years`` modelled (computed plus extrapolated), ``n_cols`` through
    the break-even horizon; fixed by the typed parameters' period when the file is written."""

    def __init__(self, P: Params):
        period = P.period
        self.year_first = int(period.first)
        self.n_years = int(period.last) + 1 - self.year_first + 1
        self.n_cols = self.n_years + int(period.projection_years)
        self.cols = [letter(FIRST_COL + j) for j in range(self.n_cols)]
        self.last = self.cols[-1]
        self.last_modelled = self.cols[self.n_years - 1]
        # the values of the ids that fix the layout, as it was made (STRUCTURAL)
        self.structural = dict(zip(STRUCTURAL, (int(period.first), int(period.last), int(period.projection_years))))


class Ctx:
    """One cell of a formula row: its column, the previous column and references to other rows."""

    def __init__(self, book, sheet: str, col: str, prev: str, row: int):
        self.book, self.sheet, self.col, self.prev, self.row = book, sheet, col, prev, row
        self.Y = f"{col}${YEAR_ROW}"  # this column's year
        self.C = f"$C{row}"  # this row's constant (e.g. the vintage year)
        self.P = f"{prev}{row}"  # this row, previous column

    def r(self, key: str, prev: bool = False) -> str:
        sheet, row = self.book.refs[key]
        pre = "" if sheet == self.sheet else q(sheet)
        return f"{pre}{self.prev if prev else self.col}{row}"


@dataclass(frozen=True)
class InputCell:
    """A cell a user types a value into: where it is, what it is (an id or a table's row and
    column), the kind of value it takes (:data:`bizcase.core.schema.KINDS`), whether it may be blank,
    and the register's plausible range (None: the register gives none)."""

    sheet: str
    coordinate: str
    label: str
    kind: str
    optional: bool = False
    low: float | None = None
    high: float | None = None

    @property
    def ref(self) -> str:
        """The cell, absolute, with its sheet's name (Invoer!$B$5)."""
        col = "".join(ch for ch in self.coordinate if ch.isalpha())
        return f"{q(self.sheet)}${col}${self.coordinate[len(col):]}"


class Book:
    """The workbook under construction: sheets, row references by key, defined names, input cells."""

    def __init__(self, wb, layout: Layout):
        self.wb, self.L = wb, layout
        self.refs: dict = {}  # row key -> (sheet, row)
        self.names: dict = {}  # defined name -> "Sheet!$B$5"
        self.inputs: list = []  # InputCell, in the order of Invoer
        self.input_font = Font(color=INPUT_FONT)
        self.input_fill = PatternFill("solid", fgColor=INPUT_FILL)
        self.bold = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def name(self, name: str, sheet: str, cell: str) -> None:
        col = "".join(ch for ch in cell if ch.isalpha())
        row = cell[len(col):]
        self.names[name] = f"{q(sheet)}${col}${row}"

    def name_range(self, name: str, sheet: str, col: str, first: int, last: int) -> None:
        self.names[name] = f"{q(sheet)}${col}${first}:${col}${last}"

    def as_input(self, cell) -> None:
        cell.font, cell.fill = self.input_font, self.input_fill

    def input_cell(self, cell, label: str, kind: str, optional: bool = False, low=None, high=None) -> None:
        """Style ``cell`` as an input and record it (validated and checked by :mod:`.live_checks`)."""
        self.as_input(cell)
        self.inputs.append(InputCell(cell.parent.title, cell.coordinate, label, kind, optional, low, high))

    def header(self, ws, row: int, values: list) -> None:
        for j, v in enumerate(values, start=1):
            c = text(ws.cell(row=row, column=j), v)
            c.font, c.fill = self.bold, self.header_fill

    def title(self, ws, heading: str) -> None:
        """A sheet's heading in A1."""
        put(ws["A1"], heading).font = self.bold

    @staticmethod
    def print_wide(ws) -> None:
        """Print ``ws`` in landscape, all its columns on the width of one page."""
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    def rng(self, key: str) -> str:
        """All year cells of the row ``key``, absolute, with its sheet's name."""
        sheet, row = self.refs[key]
        return f"{q(sheet)}${self.L.cols[0]}${row}:${self.L.last}${row}"

    def year_rng(self) -> str:
        """The years of the timeline (Tijdlijn, row 2), absolute."""
        return f"Tijdlijn!${self.L.cols[0]}${YEAR_ROW}:${self.L.last}${YEAR_ROW}"

    def finish(self) -> None:
        for name in sorted(self.names):
            self.wb.defined_names[name] = DefinedName(name, attr_text=self.names[name])


class Calc:
    """A calculation sheet: the timeline in row 2, one formula per row copied across the years."""

    def __init__(self, book: Book, title: str, heading: str, year_formula=None):
        self.book, self.title, self.L = book, title, book.L
        self.ws = book.wb.create_sheet(title)
        ws = self.ws
        book.title(ws, heading)
        for c, head in zip("ABC", ("jaar", "eenheid", "constante / totaal")):
            text(ws[f"{c}2"], head)
        for j, c in enumerate(self.L.cols):
            formula(ws[f"{c}{YEAR_ROW}"], year_formula(j, c) if year_formula else f"Tijdlijn!{c}${YEAR_ROW}")
            ws[f"{c}{YEAR_ROW}"].font = book.bold
            ws[f"{c}{YEAR_ROW}"].fill = book.header_fill
        for c in "ABC":
            ws[f"{c}2"].font, ws[f"{c}2"].fill = book.bold, book.header_fill
        ws.column_dimensions["A"].width = 58
        ws.column_dimensions["B"].width = 10
        ws.column_dimensions["C"].width = 14
        ws.column_dimensions["D"].width = 2
        for c in self.L.cols:
            ws.column_dimensions[c].width = 12
        ws.freeze_panes = f"{letter(FIRST_COL)}3"
        self.next = 4

    def section(self, heading: str) -> None:
        self.next += 1 if self.next > 4 else 0
        text(self.ws[f"A{self.next}"], heading).font = self.book.bold
        self.next += 1

    def row(self, key: str | None, label: str, unit: str, f, fmt: str = EUR, const=None, total: str | None = None,
            ncols: int | None = None) -> int:
        """A formula row. ``f(ctx)`` gives the formula (without '=') of one year column;
        ``const`` a formula for column C; ``total``: 'modelled' puts the sum over the modelled
        years in column C."""
        r = self.next
        self.next += 1
        if key:
            self.book.refs[key] = (self.title, r)
        ws = self.ws
        text(ws[f"A{r}"], label)
        text(ws[f"B{r}"], unit)
        cols = self.L.cols[:ncols] if ncols else self.L.cols
        for j, c in enumerate(cols):
            prev = letter(FIRST_COL + j - 1)
            cell = ws[f"{c}{r}"]
            formula(cell, f(Ctx(self.book, self.title, c, prev, r))).number_format = fmt
        if const is not None:
            formula(ws[f"C{r}"], const).number_format = YEAR
        elif total == "modelled":
            formula(ws[f"C{r}"], f"SUM({self.L.cols[0]}{r}:{self.L.last_modelled}{r})").number_format = fmt
        return r

    def scalar(self, name: str | None, label: str, unit: str, expression: str, fmt: str) -> int:
        """A single value in column C (a formula without '='), under the defined name ``name``."""
        r = self.next
        text(self.ws[f"A{r}"], label)
        text(self.ws[f"B{r}"], unit)
        formula(self.ws[f"C{r}"], expression).number_format = fmt
        if name:
            self.book.name(name, self.title, f"C{r}")
        self.next += 1
        return r

    def rng(self, key: str) -> str:
        """The year cells of a row, absolute, with the sheet's name."""
        return self.book.rng(key)
