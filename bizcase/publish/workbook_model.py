"""The live Excel model (issue 12): the business case as visible formulas, FAST style.

A second, independent implementation of :mod:`bizcase.core.model`. The inputs stand on one sheet
(``Invoer``, styled as inputs, the key ones under defined names); every other number is a
formula, one per row copied across the year columns, so that changing a value in ``Invoer``
changes ``Uitkomsten``. ``tests/test_workbook_model.py`` recomputes the workbook with
LibreOffice and compares every output cell with the Python model.

Sheets: ``Lees mij``, ``Invoer``, ``Afgeleid`` (derived scalars and table dates),
``Tijdlijn`` (years, flags, index, harmonisation effect), ``Basis`` (baseline per
municipality), ``Kapitaallasten`` (one row per renewal vintage, municipality and financing),
``Samenwerking`` (S2.0 and S3.0), ``Resultaat`` (allocation, differences, cumulative through
the horizon, break-even, saving, investment), ``Uitkomsten`` and ``Controles``.

The layout (number of year columns and vintage rows, rows of the tables) is fixed when the
file is written: ``year_first``, ``year_last`` and ``break_even_projection_years`` and the
tables' number of rows are structural; every other value may be changed in the workbook.

Usage: ``python -m bizcase.publish.workbook_model OUT.xlsx [--params FILE] [--data DIR]``.
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np

from bizcase.core.inputs import MUNICIPALITIES, MUNICIPALITY_KEYS, OTHER_CATEGORIES, schedule_years
from bizcase.core.schema import SCHEDULE_PREFIX

EUR = "#,##0"
FACTOR = "0.0000"
PCT = "0.00%"
YEAR = "0"
INPUT_FILL = "FFFFCC"  # FAST: inputs light yellow with a blue font
INPUT_FONT = "0000FF"
HEADER_FILL = "DDEBF7"
FIRST_COL = 5  # column E: the first year; A label, B unit, C constant or total, D empty (left of the first year)
YEAR_ROW = 2
SCENARIO_LABEL = {"baseline": "Basis (huidige situatie)", "s2": "Samenwerking 2.0", "s3": "Samenwerking 3.0"}
CATEGORY_LABEL = {"personnel": "personeel", "applications": "applicaties", "workplace": "werkplek",
                  "infrastructure": "infrastructuur", "communication": "communicatie", "facilities": "faciliteiten",
                  "renewal_capital_charges": "kapitaallasten vernieuwing", "programme": "programmakosten",
                  "overhead": "overhead ICT-centrum", "project": "projectkosten", "transition": "transitiekosten",
                  "friction": "frictiekosten", "harmonisation_investment": "investering harmonisatie (S3.0)"}
BASE_CATS = ("personnel", "applications") + OTHER_CATEGORIES + ("renewal_capital_charges",)
RUNNING = BASE_CATS + ("programme", "overhead")
ONE_OFF = {"s2": ("project", "transition", "friction"), "s3": ("project", "transition", "friction",
                                                              "harmonisation_investment")}
# register ids that fix the layout (year columns, vintage rows), and ids this workbook does not read
STRUCTURAL = ("year_first", "year_last", "break_even_projection_years")
NOT_USED = ("project_factor_replacement_baseline", "project_factor_replacement_collaboration",
            "s3_implementation_reduction", "discount_rate", "usage_one_off_share_haarlem", "montecarlo_draws",
            "montecarlo_seed")


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _q(sheet: str) -> str:
    return f"'{sheet}'!" if " " in sheet else f"{sheet}!"


class Layout:
    """The year columns: ``n_years`` modelled (computed plus extrapolated), ``n_cols`` through
    the break-even horizon."""

    def __init__(self, p: dict):
        self.year_first = int(p["year_first"])
        self.n_years = int(p["year_last"]) + 1 - self.year_first + 1
        self.n_cols = self.n_years + int(p["break_even_projection_years"])
        self.cols = [_letter(FIRST_COL + j) for j in range(self.n_cols)]
        self.last = self.cols[-1]
        self.last_modelled = self.cols[self.n_years - 1]


class Ctx:
    """One cell of a formula row: its column, the previous column and references to other rows."""

    def __init__(self, book, sheet: str, col: str, prev: str, row: int):
        self.book, self.sheet, self.col, self.prev, self.row = book, sheet, col, prev, row
        self.Y = f"{col}${YEAR_ROW}"  # this column's year
        self.C = f"$C{row}"  # this row's constant (e.g. the vintage year)
        self.P = f"{prev}{row}"  # this row, previous column

    def r(self, key: str, prev: bool = False) -> str:
        sheet, row = self.book.refs[key]
        pre = "" if sheet == self.sheet else _q(sheet)
        return f"{pre}{self.prev if prev else self.col}{row}"


class Book:
    """The workbook under construction: sheets, row references by key, defined names."""

    def __init__(self, wb, layout: Layout):
        from openpyxl.styles import Alignment, Font, PatternFill

        self.wb, self.L = wb, layout
        self.refs: dict = {}  # row key -> (sheet, row)
        self.names: dict = {}  # defined name -> "Sheet!$B$5"
        self.input_font = Font(color=INPUT_FONT)
        self.input_fill = PatternFill("solid", fgColor=INPUT_FILL)
        self.bold = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def name(self, name: str, sheet: str, cell: str) -> None:
        col = "".join(ch for ch in cell if ch.isalpha())
        row = cell[len(col):]
        self.names[name] = f"{_q(sheet)}${col}${row}"

    def name_range(self, name: str, sheet: str, col: str, first: int, last: int) -> None:
        self.names[name] = f"{_q(sheet)}${col}${first}:${col}${last}"

    def as_input(self, cell) -> None:
        cell.font, cell.fill = self.input_font, self.input_fill

    def header(self, ws, row: int, values: list) -> None:
        for j, v in enumerate(values, start=1):
            c = ws.cell(row=row, column=j, value=v)
            c.font, c.fill = self.bold, self.header_fill

    def finish(self) -> None:
        from openpyxl.workbook.defined_name import DefinedName

        for name in sorted(self.names):
            self.wb.defined_names[name] = DefinedName(name, attr_text=self.names[name])


class Calc:
    """A calculation sheet: the timeline in row 2, one formula per row copied across the years."""

    def __init__(self, book: Book, title: str, heading: str, year_formula=None):
        self.book, self.title, self.L = book, title, book.L
        self.ws = book.wb.create_sheet(title)
        ws = self.ws
        ws["A1"] = heading
        ws["A1"].font = book.bold
        ws["A2"], ws["B2"], ws["C2"] = "jaar", "eenheid", "constante / totaal"
        for j, c in enumerate(self.L.cols):
            ws[f"{c}{YEAR_ROW}"] = year_formula(j, c) if year_formula else f"=Tijdlijn!{c}${YEAR_ROW}"
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
        ws.freeze_panes = f"{_letter(FIRST_COL)}3"
        self.next = 4

    def section(self, text: str) -> None:
        self.next += 1 if self.next > 4 else 0
        self.ws[f"A{self.next}"] = text
        self.ws[f"A{self.next}"].font = self.book.bold
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
        ws[f"A{r}"], ws[f"B{r}"] = label, unit
        cols = self.L.cols[:ncols] if ncols else self.L.cols
        for j, c in enumerate(cols):
            prev = _letter(FIRST_COL + j - 1)
            cell = ws[f"{c}{r}"]
            cell.value = "=" + f(Ctx(self.book, self.title, c, prev, r))
            cell.number_format = fmt
        if const is not None:
            ws[f"C{r}"] = const
            ws[f"C{r}"].number_format = YEAR
        elif total == "modelled":
            ws[f"C{r}"] = f"=SUM({self.L.cols[0]}{r}:{self.L.last_modelled}{r})"
            ws[f"C{r}"].number_format = fmt
        return r

    def rng(self, key: str) -> str:
        """The year cells of a row, absolute, with the sheet's name."""
        sheet, row = self.book.refs[key]
        return f"{_q(sheet)}${self.L.cols[0]}${row}:${self.L.last}${row}"


# ---------------------------------------------------------------------------------------------
# Invoer


UNIT_NL = {"share": "aandeel", "rate": "groei per jaar", "year": "jaar", "lag_years": "jaren", "offset_years":
           "jaren na de gebeurtenis", "years": "jaren", "factor": "factor", "EUR": "€", "EUR/FTE": "€ per fte",
           "EUR/inhabitant": "€ per inwoner", "FTE": "fte", "inhabitants": "inwoners", "flag": "0 of 1", "count": "aantal"}
STATUS_NL = {"published": "gepubliceerd", "reconstructed": "gereconstrueerd", "calibrated": "gekalibreerd",
             "read_from_tables": "afgelezen uit de tabellen"}


def _invoer(book: Book, inputs) -> dict:
    """The inputs sheet; returns the table ranges (first row, last row) by table."""
    ws = book.wb.create_sheet("Invoer")
    p = inputs.params
    ws["A1"] = "Invoer: alle aannames van de business case (gele cellen met blauwe letters zijn invoer)"
    ws["A1"].font = book.bold
    book.header(ws, 3, ["Id", "Waarde", "Eenheid", "Omschrijving", "Bron", "Status", "Let op"])
    r = 4
    for key, row in inputs.register.items():
        ws[f"A{r}"] = key
        ws[f"B{r}"] = p.get(key)
        ws[f"C{r}"], ws[f"D{r}"], ws[f"E{r}"], ws[f"F{r}"] = (UNIT_NL.get(row.unit, row.unit), row.description, row.source,
                                                              STATUS_NL.get(row.status, row.status))
        if row.unit in ("share", "rate"):
            ws[f"B{r}"].number_format = "0.00%"
        elif row.unit in ("year", "lag_years", "offset_years", "years", "flag", "count"):
            ws[f"B{r}"].number_format = "0"
        elif row.unit in ("EUR", "EUR/FTE", "inhabitants"):
            ws[f"B{r}"].number_format = "#,##0"
        book.as_input(ws[f"B{r}"])
        book.name(key, "Invoer", f"B{r}")
        if key in STRUCTURAL:
            ws[f"G{r}"] = "bepaalt de indeling: na wijzigen het werkboek opnieuw maken"
        elif key in NOT_USED:
            ws[f"G{r}"] = "niet gebruikt in dit rekenmodel"
        r += 1
    tables = {}

    r += 1
    ws[f"A{r}"] = "Afschrijvingstermijn applicaties (jaren)"
    ws[f"A{r}"].font = book.bold
    r += 1
    book.header(ws, r, ["id", "waarde", "eenheid"])
    r += 1
    for org in ("haarlem", "haarlemmermeer", "collaboration"):
        key = f"term_applications_{org}"
        ws[f"A{r}"], ws[f"B{r}"], ws[f"C{r}"] = key, p[key], "years"
        book.as_input(ws[f"B{r}"])
        book.name(key, "Invoer", f"B{r}")
        r += 1

    def table(title, name, header, rows, cols_in):
        nonlocal r
        r += 1
        ws[f"A{r}"] = title
        ws[f"A{r}"].font = book.bold
        r += 1
        book.header(ws, r, header)
        r += 1
        first = r
        for values in rows:
            for j, v in enumerate(values):
                cell = ws.cell(row=r, column=j + 1, value=v)
                if j in cols_in:
                    book.as_input(cell)
            r += 1
        tables[name] = (first, r - 1)

    table("Fte-tabel (par. 5.2 en 5.3)", "fte", ["functiegroep", "basis (ter informatie)", "ICT-centrum", "S3.0"],
          [[x.function_group, x.baseline, x.ict_centre, x.s3] for x in inputs.fte], (1, 2, 3))
    table("Projectkosten (eenmalig); offset in jaren na de start van het ICT-centrum, of een vast jaar", "project",
          ["post", "offset", "jaar (leeg: volgt de start)", "bedrag (EUR)"],
          [[x.item, x.offset, x.year, x.amount_eur] for x in inputs.project], (1, 2, 3))
    table("Programmakosten; offset in jaren na de start van het programma, of een vast jaar", "programme",
          ["post", "offset", "jaar (leeg: volgt de start)", "bedrag (EUR)"],
          [[x.item, x.offset, x.year, x.amount_eur] for x in inputs.programme], (1, 2, 3))
    table("Harmonisatieschema: geharmoniseerd aandeel van het applicatielandschap", "schedule",
          ["jaar", "aandeel"], [[y, p[f"{SCHEDULE_PREFIX}{y}"]] for y in schedule_years(p)], (1,))
    table("Verdeling niet-personele kosten buiten applicaties", "split", ["categorie", "aandeel"],
          [[c, inputs.category_split[c]] for c in OTHER_CATEGORIES], (1,))
    for name, (first, last) in tables.items():
        if name == "fte":
            book.name_range("fte_centre_table", "Invoer", "C", first, last)
            book.name_range("fte_s3_table", "Invoer", "D", first, last)
        elif name in ("project", "programme"):
            book.name_range(f"{name}_amount", "Invoer", "D", first, last)
        elif name == "schedule":
            book.name_range("schedule_years", "Invoer", "A", first, last)
            book.name_range("schedule_shares", "Invoer", "B", first, last)
        else:
            for k, c in enumerate(OTHER_CATEGORIES):
                book.name(f"split_{c}", "Invoer", f"B{first + k}")
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 16
    ws.column_dimensions["D"].width = 70
    ws.column_dimensions["E"].width = 40
    ws.freeze_panes = "A4"
    return tables


# ---------------------------------------------------------------------------------------------
# Afgeleid: derived scalars and the one-off tables' calendar years


def _afgeleid(book: Book, inputs, tables: dict) -> None:
    ws = book.wb.create_sheet("Afgeleid")
    ws["A1"] = "Afgeleide grootheden (alleen formules)"
    ws["A1"].font = book.bold
    book.header(ws, 3, ["naam", "waarde", "eenheid", "toelichting"])
    r = 4

    def scalar(name, formula, unit, note, fmt=None):
        nonlocal r
        ws[f"A{r}"], ws[f"B{r}"], ws[f"C{r}"], ws[f"D{r}"] = name, "=" + formula, unit, note
        if fmt:
            ws[f"B{r}"].number_format = fmt
        book.name(name, "Afgeleid", f"B{r}")
        r += 1

    fr = tables["schedule"]
    scalar("year_extrapolated", "year_last+1", "jaar", "het geëxtrapoleerde jaar (par. 6.1)")
    scalar("horizon_end", "year_extrapolated+break_even_projection_years", "jaar",
           "laatste jaar waarover de break-even wordt beoordeeld")
    scalar("groei", "(1+indexation_rate)*(1+volume_growth)", "factor",
           "groei van de lopende kosten naar het geëxtrapoleerde jaar", FACTOR)
    scalar("uplift", "1+optimism_bias_one_off", "factor", "opslag op alle eenmalige kosten", FACTOR)
    scalar("cio_total", "cio_office_fte+cio_office_fte", "fte", "een CIO-bureau per gemeente (Haarlem + Haarlemmermeer)")
    scalar("fte_centre_total", "SUM(fte_centre_table)", "fte", "formatie ICT-centrum (fte-tabel)")
    scalar("fte_s3_total", "SUM(fte_s3_table)", "fte", "formatie ICT-centrum in S3.0 (eindsituatie)")
    scalar("inhabitants_total", "inhabitants_haarlem+inhabitants_haarlemmermeer", "inwoners", "beide gemeenten", EUR)
    scalar("share_haarlem", "inhabitants_haarlem/inhabitants_total", "aandeel", "verdeelsleutel inwoners", FACTOR)
    scalar("share_haarlemmermeer", "inhabitants_haarlemmermeer/inhabitants_total", "aandeel",
           "verdeelsleutel inwoners", FACTOR)
    scalar("renewal_haarlem", "renewal_per_inhabitant*inhabitants_haarlem", "EUR", "vernieuwingsinvestering per jaar", EUR)
    scalar("renewal_haarlemmermeer", "renewal_per_inhabitant*inhabitants_haarlemmermeer", "EUR",
           "vernieuwingsinvestering per jaar", EUR)
    scalar("ratio_project", "(1+project_factor_new_collaboration)/(1+project_factor_new_baseline)", "factor",
           "vernieuwing met de projectfactor van de samenwerking t.o.v. de basis", FACTOR)
    scalar("transition_date", 'IF(transition_year="",ict_centre_start_year+transition_offset,transition_year)', "jaar",
           "jaar van de transitiekosten")
    scalar("friction_date", 'IF(friction_year="",ict_centre_start_year+friction_offset,friction_year)', "jaar",
           "jaar van de frictiekosten")
    scalar("overhead_from", 'IF(overhead_first_year="",ict_centre_start_year+overhead_offset,overhead_first_year)',
           "jaar", "eerste jaar overhead ICT-centrum (als die meetelt)")
    scalar("has_effect", 'IF(COUNTIF(schedule_shares,">0")>0,1,0)', "vlag", "1: het schema harmoniseert iets")
    scalar("schedule_first", "MIN(schedule_first_years)", "jaar", "eerste jaar van het schema met een aandeel boven 0")
    scalar("first_effect_year", "MAX(schedule_first+harmonisation_effect_lag,ict_centre_start_year)", "jaar",
           "eerste jaar waarin harmonisatie effect heeft (niet vóór de start van het ICT-centrum)")
    scalar("s3_year1", "first_effect_year", "jaar", "investering S3.0, eerste tranche")
    scalar("s3_year2", "s3_year1+1", "jaar", "investering S3.0, tweede tranche")
    scalar("s3_year3", "s3_year2+1", "jaar", "investering S3.0, derde tranche")
    scalar("s3_share_year3", "1-s3_investment_share_year1-s3_investment_share_year2", "aandeel",
           "rest van de investering S3.0 in de derde tranche", FACTOR)
    scalar("oneoff_input_project", "uplift*SUM(project_amount)", "EUR", "projectkosten volgens de invoer", EUR)
    scalar("oneoff_input_transition", "uplift*transition_cost", "EUR", "transitiekosten volgens de invoer", EUR)
    scalar("oneoff_input_friction", "uplift*friction_cost", "EUR", "frictiekosten volgens de invoer", EUR)
    scalar("oneoff_input_harmonisation_investment", "uplift*s3_investment", "EUR", "investering S3.0 volgens de invoer",
           EUR)

    def dates(title, name, anchor):
        nonlocal r
        r += 1
        ws[f"A{r}"] = title
        ws[f"A{r}"].font = book.bold
        r += 1
        book.header(ws, r, ["post", "kalenderjaar", "", "toelichting"])
        r += 1
        first = r
        t0, t1 = tables[name]
        for k in range(t0, t1 + 1):
            ws[f"A{r}"] = f"=Invoer!A{k}"
            ws[f"B{r}"] = f'=IF(Invoer!C{k}="",{anchor}+Invoer!B{k},Invoer!C{k})'
            r += 1
        book.name_range(f"{name}_year", "Afgeleid", "B", first, r - 1)
        return first, r - 1

    dates("Projectkosten: kalenderjaar per post", "project", "ict_centre_start_year")
    scalar("project_first", "MIN(project_year)", "jaar", "eerste jaar van de projectkosten (deels naar het jaar erna)")
    dates("Programmakosten: kalenderjaar per post", "programme", "programme_start_year")
    scalar("programme_first", "MIN(programme_year)", "jaar", "eerste jaar van de programmakosten (deels naar het jaar erna)")
    r += 1
    ws[f"A{r}"] = "Harmonisatieschema: jaren met een aandeel boven 0"
    ws[f"A{r}"].font = book.bold
    r += 1
    first = r
    for k in range(fr[0], fr[1] + 1):
        ws[f"A{r}"] = f"=Invoer!A{k}"
        ws[f"B{r}"] = f'=IF(Invoer!B{k}>0,Invoer!A{k},"")'
        r += 1
    book.name_range("schedule_first_years", "Afgeleid", "B", first, r - 1)
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["D"].width = 80


# ---------------------------------------------------------------------------------------------
# calculation sheets


def _dated(table: str, Y: str, share: str = "oneoff_first_year_share") -> str:
    """A one-off table per calendar year ``Y``: items in their year, the first year's amounts
    partly (1 - share) in the year after (decision D3)."""
    return (f"SUMIF({table}_year,{Y},{table}_amount)+(1-{share})*SUMIF({table}_year,{table}_first,{table}_amount)"
            f"*(({Y}={table}_first+1)-({Y}={table}_first))")


def _modelled(computed: str, x: Ctx) -> str:
    """A running category in the modelled years: computed through year_last, the extrapolated
    year grown from the year before by indexation and volume, 0 after (par. 6.1)."""
    return f"IF({x.Y}<=year_last,{computed},IF({x.Y}=year_extrapolated,{x.P}*groei,0))"


def _charge(amount: str, x: Ctx, term: str, rate: str) -> str:
    """Capital charges of one vintage (taken into use in year $C): linear depreciation from the
    year after, interest on the book value at 1 January."""
    age = f"({x.Y}-{x.C})"
    return f"{amount}*IF(AND({age}>=1,{age}<={term}),1/{term}+{rate}*(1-({age}-1)/{term}),0)"


def _tijdlijn(book: Book) -> Calc:
    t = Calc(book, "Tijdlijn", "Tijdlijn: jaren, vlaggen, indexering en harmonisatie-effect",
             year_formula=lambda j, c: "=year_first" if j == 0 else f"={_letter(FIRST_COL + j - 1)}{YEAR_ROW}+1")
    t.row("flag_computed", "berekend jaar (t/m year_last)", "vlag", lambda x: f"IF({x.Y}<=year_last,1,0)", "0")
    t.row("flag_modelled", "gemodelleerd jaar (t/m het geëxtrapoleerde jaar)", "vlag",
          lambda x: f"IF({x.Y}<=year_extrapolated,1,0)", "0")
    t.row("flag_projection", "projectiejaar na het geëxtrapoleerde jaar, t/m de horizon", "vlag",
          lambda x: f"IF(AND({x.Y}>year_extrapolated,{x.Y}<=horizon_end),1,0)", "0")
    t.row("flag_operating", "ICT-centrum operationeel", "vlag", lambda x: f"IF({x.Y}>=ict_centre_start_year,1,0)", "0")
    t.row("index", "indexfactor (1 in year_first)", "factor", lambda x: f"(1+indexation_rate)^({x.Y}-year_first)", FACTOR)
    t.row("effect_raw", "geharmoniseerd aandeel, harmonisation_effect_lag jaar eerder", "aandeel",
          lambda x: (f"IF({x.Y}-harmonisation_effect_lag<MIN(schedule_years),0,"
                     f"INDEX(schedule_shares,MATCH({x.Y}-harmonisation_effect_lag,schedule_years,1)))"), FACTOR)
    t.row("effect", "harmonisatie-effect (0 vóór de start van het ICT-centrum)", "aandeel",
          lambda x: f"{x.r('effect_raw')}*{x.r('flag_operating')}", FACTOR)
    t.row("fte_s3_centre", "formatie ICT-centrum S3.0 (naar de S3.0-tabel, naar rato van het effect)", "fte",
          lambda x: f"fte_centre_total-(fte_centre_total-fte_s3_total)*{x.r('effect')}/s3_fte_reference_share", "0.00")
    t.row("renewal_factor", "vernieuwingsbedrag S3.0 t.o.v. basis (geharmoniseerd deel: projectfactor samenwerking)",
          "factor", lambda x: f"1-{x.r('effect')}*(1-ratio_project)", FACTOR)
    return t


def _kapitaallasten(book: Book) -> Calc:
    L = book.L
    k = Calc(book, "Kapitaallasten", "Kapitaallasten van de vernieuwingsinvesteringen: één rij per jaarlaag, "
             "gemeente en financiering")
    n_vintages = L.n_years - 1
    for m in MUNICIPALITIES:
        key = MUNICIPALITY_KEYS[m]
        blocks = {}
        for fin, title in (("own", "gemeentelijke financiering (basis; in S2.0/S3.0 de jaarlagen vóór de start)"),
                           ("s2", "S2.0: jaarlagen vanaf de start, financiering samenwerking"),
                           ("s3", "S3.0: jaarlagen vanaf de start, financiering samenwerking, geharmoniseerd deel "
                                  "met projectfactor samenwerking")):
            k.section(f"{m}: {title}")
            rows = []
            for v in range(n_vintages):
                const = "=year_first" if v == 0 else f"=C{k.next - 1}+1"
                label = f"jaarlaag {v + 1} ({m}, " + {"own": "gemeente", "s2": "S2.0", "s3": "S3.0"}[fin] + ")"
                if fin == "own":
                    f = lambda x, key=key: _charge(f"renewal_{key}*({x.C}<=year_last)", x, f"term_applications_{key}",
                                                   "interest_rate_municipal")
                elif fin == "s2":
                    f = lambda x, key=key: _charge(f"renewal_{key}*({x.C}<=year_last)*({x.C}>=ict_centre_start_year)",
                                                   x, "term_applications_collaboration", "interest_rate_collaboration")
                else:
                    f = lambda x, key=key: _charge(
                        f"renewal_{key}*({x.C}<=year_last)*({x.C}>=ict_centre_start_year)"
                        f"*SUMIF(Tijdlijn!${L.cols[0]}${YEAR_ROW}:${L.last}${YEAR_ROW},{x.C},"
                        f"Tijdlijn!${L.cols[0]}${book.refs['renewal_factor'][1]}:${L.last}${book.refs['renewal_factor'][1]})",
                        x, "term_applications_collaboration", "interest_rate_collaboration")
                rows.append(k.row(None, label, "EUR", f, EUR, const=const))
            blocks[fin] = (rows[0], rows[-1])
        k.section(f"{m}: kapitaallasten vernieuwing (berekend)")
        o0, o1 = blocks["own"]
        k.row(f"renew_base_{key}", f"{m}, basis", "EUR", lambda x, a=o0, b=o1: f"SUM({x.col}{a}:{x.col}{b})")
        for sc in ("s2", "s3"):
            s0, s1 = blocks[sc]
            k.row(f"renew_{sc}_{key}", f"{m}, {SCENARIO_LABEL[sc]}", "EUR",
                  lambda x, a=o0, b=o1, c0=s0, c1=s1: (f"SUMIF($C${a}:$C${b},\"<\"&ict_centre_start_year,"
                                                       f"{x.col}{a}:{x.col}{b})+SUM({x.col}{c0}:{x.col}{c1})"))
    return k


def _basis(book: Book) -> Calc:
    b = Calc(book, "Basis", "Basis (huidige situatie, hoofdstuk 4) per gemeente, EUR per jaar")
    for m in MUNICIPALITIES:
        key = MUNICIPALITY_KEYS[m]
        b.section(f"{m}: berekend (t/m year_last; het geëxtrapoleerde jaar volgt hieronder)")
        b.row(f"bc_personnel_{key}", "personeel: fte x kosten per fte x index", "EUR",
              lambda x, key=key: f"fte_baseline_{key}*cost_per_fte*{x.r('index')}")
        b.row(f"bc_nonpers_{key}", "niet-personeel: exploitatie x index + vaste kapitaallasten", "EUR",
              lambda x, key=key: f"baseline_exploitation_{key}*{x.r('index')}+baseline_capital_{key}")
        wo = ("writeoff_haarlem",) if key == "haarlem" else ("writeoff_haarlemmermeer_a", "writeoff_haarlemmermeer_b")
        b.row(f"bc_writeoff_{key}", "afboekingen (kapitaallasten oude software t/m hun laatste jaar)", "EUR",
              lambda x, wo=wo: "+".join(f"{w}*({x.Y}<={w}_last_year)" for w in wo))
        b.row(f"bc_applications_{key}", "applicaties", "EUR",
              lambda x, key=key: f"applications_share*{x.r(f'bc_nonpers_{key}')}+{x.r(f'bc_writeoff_{key}')}")
        for c in OTHER_CATEGORIES:
            b.row(f"bc_{c}_{key}", CATEGORY_LABEL[c], "EUR",
                  lambda x, key=key, c=c: f"(1-applications_share)*split_{c}*{x.r(f'bc_nonpers_{key}')}")
        b.row(f"bc_renewal_capital_charges_{key}", CATEGORY_LABEL["renewal_capital_charges"], "EUR",
              lambda x, key=key: x.r(f"renew_base_{key}"))
        b.section(f"{m}: gemodelleerd (berekende jaren en het geëxtrapoleerde jaar)")
        for c in BASE_CATS:
            b.row(f"bm_{c}_{key}", CATEGORY_LABEL[c], "EUR", lambda x, key=key, c=c: _modelled(x.r(f"bc_{c}_{key}"), x),
                  total="modelled")
        b.row(f"base_total_{key}", f"{m}: totaal basis", "EUR",
              lambda x, key=key: "+".join(x.r(f"bm_{c}_{key}") for c in BASE_CATS), total="modelled")
    b.section("Beide gemeenten: berekend")
    for c in BASE_CATS:
        b.row(f"bc_{c}", CATEGORY_LABEL[c], "EUR", lambda x, c=c: f"{x.r(f'bc_{c}_haarlem')}+{x.r(f'bc_{c}_haarlemmermeer')}")
    b.section("Beide gemeenten: gemodelleerd")
    for c in BASE_CATS:
        b.row(f"bm_{c}", CATEGORY_LABEL[c], "EUR",
              lambda x, c=c: f"{x.r(f'bm_{c}_haarlem')}+{x.r(f'bm_{c}_haarlemmermeer')}", total="modelled")
    b.row("base_total", "Beide gemeenten: totaal basis (som van de categorieën)", "EUR",
          lambda x: "+".join(x.r(f"bm_{c}") for c in BASE_CATS), total="modelled")
    return b


def _samenwerking(book: Book) -> Calc:
    s = Calc(book, "Samenwerking", "Samenwerking 2.0 en 3.0, beide gemeenten samen, EUR per jaar")
    for sc in ("s2", "s3"):
        s.section(f"{SCENARIO_LABEL[sc]}: berekend (lopende kosten, ook voor het geëxtrapoleerde jaar)")
        fte = "fte_centre_total" if sc == "s2" else None
        s.row(f"{sc}c_personnel", "personeel: vanaf de start ICT-centrum + CIO-bureaus, anders basis", "EUR",
              lambda x, fte=fte: (f"IF({x.r('flag_operating')}=1,"
                                  f"({fte or x.r('fte_s3_centre')}+cio_total)*cost_per_fte*{x.r('index')},"
                                  f"{x.r('bc_personnel')})"))
        for c in ("applications",) + OTHER_CATEGORIES:
            if sc == "s3" and c == "applications":
                f = lambda x: f"{x.r('bc_applications')}*(1-s3_software_reduction*{x.r('effect')})"
                label = "applicaties (minder software naar rato van het harmonisatie-effect)"
            elif sc == "s3" and c == "infrastructure":
                f = lambda x: f"{x.r('bc_infrastructure')}*(1-s3_infrastructure_reduction*{x.r('effect')})"
                label = "infrastructuur (reductie naar rato van het harmonisatie-effect)"
            else:
                f = lambda x, c=c: x.r(f"bc_{c}")
                label = f"{CATEGORY_LABEL[c]} (als basis)"
            s.row(f"{sc}c_{c}", label, "EUR", f)
        s.row(f"{sc}c_renewal_capital_charges", CATEGORY_LABEL["renewal_capital_charges"], "EUR",
              lambda x, sc=sc: f"{x.r(f'renew_{sc}_haarlem')}+{x.r(f'renew_{sc}_haarlemmermeer')}")
        s.row(f"{sc}c_programme", "programmakosten (tabel, in de berekende jaren)", "EUR",
              lambda x: f"uplift*{x.r('flag_computed')}*({_dated('programme', x.Y)})")
        s.row(f"{sc}c_overhead", "overhead ICT-centrum (als overhead_included = 1)", "EUR",
              lambda x: (f"overhead_included*overhead_ict_centre*({x.Y}>=overhead_from)*{x.r('flag_operating')}"))
        s.section(f"{SCENARIO_LABEL[sc]}: gemodelleerd (lopende kosten)")
        for c in RUNNING:
            if sc == "s2":
                f = lambda x, c=c: _modelled(x.r(f"s2c_{c}"), x)
                label = CATEGORY_LABEL[c]
            else:  # S3.0 = S2.0 + its computed difference to S2.0 (also in the extrapolated year)
                f = lambda x, c=c: f"{x.r(f's2m_{c}')}+{x.r('flag_modelled')}*({x.r(f's3c_{c}')}-{x.r(f's2c_{c}')})"
                label = f"{CATEGORY_LABEL[c]} (S2.0 + berekend verschil S3.0 - S2.0)"
            s.row(f"{sc}m_{c}", label, "EUR", f, total="modelled")
        s.row(f"{sc}_running", f"{SCENARIO_LABEL[sc]}: lopende kosten", "EUR",
              lambda x, sc=sc: "+".join(x.r(f"{sc}m_{c}") for c in RUNNING), total="modelled")
        s.section(f"{SCENARIO_LABEL[sc]}: eenmalige kosten in hun jaar (t/m de horizon)")
        for c in ONE_OFF[sc]:
            if c == "project":
                f = lambda x: f"uplift*({_dated('project', x.Y)})"
            elif c == "transition":
                f = lambda x: f"uplift*transition_cost*({x.Y}=transition_date)"
            elif c == "friction":
                f = lambda x: f"uplift*friction_cost*({x.Y}=friction_date)"
            else:
                f = lambda x: (f"uplift*s3_investment*has_effect*(s3_investment_share_year1*({x.Y}=s3_year1)"
                               f"+s3_investment_share_year2*({x.Y}=s3_year2)+s3_share_year3*({x.Y}=s3_year3))")
            s.row(f"{sc}_{c}", CATEGORY_LABEL[c], "EUR", f, total="modelled")
        s.row(f"{sc}_oneoff", f"{SCENARIO_LABEL[sc]}: eenmalige kosten", "EUR",
              lambda x, sc=sc: "+".join(x.r(f"{sc}_{c}") for c in ONE_OFF[sc]), total="modelled")
        s.row(f"{sc}_total", f"{SCENARIO_LABEL[sc]}: totaal (gemodelleerde jaren)", "EUR",
              lambda x, sc=sc: f"{x.r('flag_modelled')}*({x.r(f'{sc}_running')}+{x.r(f'{sc}_oneoff')})",
              total="modelled")
    return s


def _resultaat(book: Book) -> Calc:
    res = Calc(book, "Resultaat", "Verdeling, verschillen, cumulatief, break-even, besparing en investering")
    res.section("Verdeling over de gemeenten naar inwoners (par. 3.7)")
    for sc in ("s2", "s3"):
        for m in MUNICIPALITIES:
            key = MUNICIPALITY_KEYS[m]
            res.row(f"{sc}_total_{key}", f"{m}: {SCENARIO_LABEL[sc]}", "EUR",
                    lambda x, sc=sc, key=key: f"share_{key}*{x.r(f'{sc}_total')}", total="modelled")
    res.section("Verschil met de basis (negatief is een besparing)")
    for sc in ("s2", "s3"):
        for m in MUNICIPALITIES:
            key = MUNICIPALITY_KEYS[m]
            res.row(f"{sc}_diff_{key}", f"{m}: {SCENARIO_LABEL[sc]} - basis", "EUR",
                    lambda x, sc=sc, key=key: f"{x.r(f'{sc}_total_{key}')}-{x.r('flag_modelled')}*{x.r(f'base_total_{key}')}",
                    total="modelled")
        res.row(f"{sc}_diff", f"Beide gemeenten: {SCENARIO_LABEL[sc]} - basis", "EUR",
                lambda x, sc=sc: f"{x.r(f'{sc}_total')}-{x.r('flag_modelled')}*{x.r('base_total')}", total="modelled")
        res.row(f"{sc}_cum", f"Beide gemeenten: cumulatief verschil {SCENARIO_LABEL[sc]}", "EUR",
                lambda x, sc=sc: f"{x.r('flag_modelled')}*(N({x.P})+{x.r(f'{sc}_diff')})")
    res.section("Na het geëxtrapoleerde jaar: lopend verschil van dat jaar plus eenmalige kosten in hun jaar")
    for sc in ("s2", "s3"):
        res.row(f"{sc}_running_diff", f"lopend verschil {SCENARIO_LABEL[sc]} - basis", "EUR",
                lambda x, sc=sc: f"{x.r('flag_modelled')}*({x.r(f'{sc}_running')}-{x.r('base_total')})")
        r = res.next
        res.ws[f"A{r}"] = f"lopend verschil {SCENARIO_LABEL[sc]} in het geëxtrapoleerde jaar"
        res.ws[f"B{r}"] = "EUR"
        res.ws[f"C{r}"] = (f"=SUMIF({_year_rng(book)},"
                           f"year_extrapolated,{res.rng(f'{sc}_running_diff')})")
        res.ws[f"C{r}"].number_format = EUR
        book.name(f"running_diff_ext_{sc}", "Resultaat", f"C{r}")
        res.next += 1
        res.row(f"{sc}_hdiff", f"verschil {SCENARIO_LABEL[sc]} - basis t/m de horizon", "EUR",
                lambda x, sc=sc: (f"IF({x.Y}<=year_extrapolated,{x.r(f'{sc}_diff')},"
                                  f"{x.r('flag_projection')}*(running_diff_ext_{sc}+{x.r(f'{sc}_oneoff')}))"))
        res.row(f"{sc}_hcum", f"cumulatief verschil {SCENARIO_LABEL[sc]} t/m de horizon", "EUR",
                lambda x, sc=sc: f"IF({x.Y}<=horizon_end,N({x.P})+{x.r(f'{sc}_hdiff')},0)")
        res.row(f"{sc}_above", f"jaar met cumulatief verschil boven 0 ({SCENARIO_LABEL[sc]})", "jaar",
                lambda x, sc=sc: f"IF(AND({x.Y}<=horizon_end,{x.r(f'{sc}_hcum')}>0),{x.Y},0)", YEAR)
    res.section("Kerncijfers")

    def scalar(name, label, unit, formula, fmt):
        r = res.next
        res.ws[f"A{r}"], res.ws[f"B{r}"], res.ws[f"C{r}"] = label, unit, "=" + formula
        res.ws[f"C{r}"].number_format = fmt
        book.name(name, "Resultaat", f"C{r}")
        res.next += 1

    for sc in ("s2", "s3"):
        lab = SCENARIO_LABEL[sc]
        scalar(f"cum_end_{sc}", f"{lab}: cumulatief verschil t/m het geëxtrapoleerde jaar", "EUR",
               f"SUM({res.rng(f'{sc}_diff')})", EUR)
        scalar(f"hcum_end_{sc}", f"{lab}: cumulatief verschil aan het eind van de horizon", "EUR",
               f"SUMIF({_year_rng(book)},horizon_end,{res.rng(f'{sc}_hcum')})", EUR)
        scalar(f"last_above_{sc}", f"{lab}: laatste jaar met cumulatief verschil boven 0 (0: geen)", "jaar",
               f"MAX({res.rng(f'{sc}_above')})", YEAR)
        scalar(f"break_even_{sc}", f"{lab}: break-even (eerste jaar vanaf wanneer cumulatief <= 0 blijft)", "jaar",
               f'IF(hcum_end_{sc}>0,"geen",IF(last_above_{sc}=0,year_first,last_above_{sc}+1))', YEAR)
        scalar(f"saving_{sc}", f"{lab}: besparing over de gemodelleerde jaren (% van de basis)", "%",
               f"-SUM({res.rng(f'{sc}_diff')})/SUMPRODUCT({res.rng('base_total')},{res.rng('flag_modelled')})", PCT)
        cats = ONE_OFF[sc]
        scalar(f"investment_in_{sc}", f"{lab}: investering in de gemodelleerde jaren", "EUR",
               "+".join(f"SUMPRODUCT({res.rng(f'{sc}_{c}')},{res.rng('flag_modelled')})" for c in cats), EUR)
        scalar(f"investment_input_{sc}", f"{lab}: investering volgens de invoer", "EUR",
               "+".join(f"oneoff_input_{c}" for c in cats), EUR)
        scalar(f"investment_after_{sc}", f"{lab}: investering na de gemodelleerde jaren", "EUR",
               f"investment_input_{sc}-investment_in_{sc}", EUR)
        scalar(f"investment_{sc}", f"{lab}: investering (project, transitie, frictie"
               + (", harmonisatie)" if sc == "s3" else ")"), "EUR", f"investment_in_{sc}+investment_after_{sc}", EUR)
    return res


def _year_rng(book: Book) -> str:
    L = book.L
    return f"Tijdlijn!${L.cols[0]}${YEAR_ROW}:${L.last}${YEAR_ROW}"


def _row_rng(book: Book, key: str) -> str:
    """All year cells of the row ``key``, absolute, with its sheet's name."""
    sheet, row = book.refs[key]
    return f"{_q(sheet)}${book.L.cols[0]}${row}:${book.L.last}${row}"


# ---------------------------------------------------------------------------------------------
# Uitkomsten: what the consultant reads; every cell a reference to the calculation


def output_rows(layout: Layout) -> list:
    """The rows of ``Uitkomsten``: (kind, key, label, source); kind 'section', 'modelled' (a
    series over the modelled years with its total in column C), 'horizon' (through the horizon)
    or 'scalar' (column C)."""
    rows = []
    for m in MUNICIPALITIES + ("Beide gemeenten",):
        key = MUNICIPALITY_KEYS.get(m)
        rows.append(("section", None, f"{m}: kosten per scenario (EUR per jaar, par. 6.2)", None))
        for sc in ("baseline", "s2", "s3"):
            if sc == "baseline":
                src = f"base_total_{key}" if key else "base_total"
            else:
                src = f"{sc}_total_{key}" if key else f"{sc}_total"
            rows.append(("modelled", ("total", m, sc), SCENARIO_LABEL[sc], src))
        for sc in ("s2", "s3"):
            rows.append(("modelled", ("diff", m, sc), f"verschil {SCENARIO_LABEL[sc]} - basis",
                         f"{sc}_diff_{key}" if key else f"{sc}_diff"))
        if not key:
            for sc in ("s2", "s3"):
                rows.append(("modelled", ("cum", m, sc), f"cumulatief verschil {SCENARIO_LABEL[sc]}", f"{sc}_cum"))
    rows.append(("section", None, "Beide gemeenten t/m de horizon van de break-even (verschil met de basis)", None))
    for sc in ("s2", "s3"):
        rows.append(("horizon", ("hdiff", sc), f"verschil {SCENARIO_LABEL[sc]} - basis", f"{sc}_hdiff"))
        rows.append(("horizon", ("hcum", sc), f"cumulatief verschil {SCENARIO_LABEL[sc]}", f"{sc}_hcum"))
    rows.append(("section", None, "Kerncijfers", None))
    for sc in ("s2", "s3"):
        lab = SCENARIO_LABEL[sc]
        rows += [("scalar", ("break_even", sc), f"{lab}: break-even (jaar)", f"break_even_{sc}"),
                 ("scalar", ("saving", sc), f"{lab}: besparing t/m het geëxtrapoleerde jaar (% van de basis)",
                  f"saving_{sc}"),
                 ("scalar", ("investment", sc), f"{lab}: investering (EUR)", f"investment_{sc}"),
                 ("scalar", ("investment_in", sc), f"{lab}: waarvan in de gemodelleerde jaren (EUR)",
                  f"investment_in_{sc}"),
                 ("scalar", ("investment_after", sc), f"{lab}: waarvan daarna (EUR)", f"investment_after_{sc}"),
                 ("scalar", ("cum_end", sc), f"{lab}: cumulatief verschil t/m het geëxtrapoleerde jaar (EUR)",
                  f"cum_end_{sc}")]
    return rows


def _uitkomsten(book: Book) -> dict:
    """The results sheet; returns key -> row number."""
    L = book.L
    u = Calc(book, "Uitkomsten", "Uitkomsten (alleen verwijzingen naar de berekening)")
    u.ws["C2"] = "totaal / waarde"
    where = {}
    for kind, key, label, src in output_rows(L):
        if kind == "section":
            u.section(label)
            continue
        if kind == "scalar":
            r = u.next
            u.ws[f"A{r}"], u.ws[f"C{r}"] = label, f"={src}"
            u.ws[f"C{r}"].number_format = PCT if key[0] == "saving" else (YEAR if key[0] == "break_even" else EUR)
            u.next += 1
        else:
            r = u.row(None, label, "EUR", lambda x, src=src: x.r(src), EUR,
                      ncols=L.n_years if kind == "modelled" else None, total=None)
            if kind == "modelled" and key[0] != "cum":
                u.ws[f"C{r}"] = f"=SUM({L.cols[0]}{r}:{L.last_modelled}{r})"
                u.ws[f"C{r}"].number_format = EUR
        where[key] = r
    return where


def _controles(book: Book, where: dict) -> None:
    L = book.L
    ws = book.wb.create_sheet("Controles")
    ws["A1"] = "Controles (elke regel toont OK of FOUT)"
    ws["A1"].font = book.bold
    ws["A2"], ws["B2"] = "tolerantie bedragen (EUR)", 1
    ws["D2"], ws["E2"] = "tolerantie aandelen", 0.000001
    for c in ("B2", "E2"):
        book.as_input(ws[c])
    book.name("tolerance_eur", "Controles", "B2")
    book.name("tolerance_share", "Controles", "E2")
    book.header(ws, 3, ["controle", "afwijking", "oordeel"])
    r = 4
    checks = []

    def check(label, deviation, tolerance="tolerance_eur"):
        nonlocal r
        ws[f"A{r}"], ws[f"B{r}"] = label, "=" + deviation
        ws[f"B{r}"].number_format = "#,##0.00"
        ws[f"C{r}"] = f'=IF(ABS(B{r})<{tolerance},"OK","FOUT")'
        checks.append(r)
        r += 1

    mod = f"Uitkomsten!${L.cols[0]}$%d:${L.last_modelled}$%d"
    for sc in ("baseline", "s2", "s3"):
        h, m_, c = (where[("total", m, sc)] for m in ("Haarlem", "Haarlemmermeer", "Beide gemeenten"))
        check(f"{SCENARIO_LABEL[sc]}: Haarlem + Haarlemmermeer = beide gemeenten (som absolute afwijkingen, EUR)",
              f"SUMPRODUCT(ABS({mod % (h, h)}+{mod % (m_, m_)}-{mod % (c, c)}))")
    for sc in ("s2", "s3"):
        for c in ONE_OFF[sc]:
            row = _row_rng(book, f"{sc}_{c}")
            modelled = f"SUMPRODUCT({row},{_row_rng(book, 'flag_modelled')})"
            later = f"SUMPRODUCT({row},{_row_rng(book, 'flag_projection')})"
            check(f"{SCENARIO_LABEL[sc]}: {CATEGORY_LABEL[c]} in de gemodelleerde jaren + in de jaren daarna t/m "
                  "de horizon = invoer (EUR; FOUT: een deel valt vóór het eerste jaar, na de horizon of nooit)",
                  f"{modelled}+{later}-oneoff_input_{c}")
    check("verdeelsleutel: aandelen Haarlem + Haarlemmermeer = 1", "share_haarlem+share_haarlemmermeer-1",
          "tolerance_share")
    for sc in ("s2", "s3"):
        check(f"{SCENARIO_LABEL[sc]}: investering = in de gemodelleerde jaren + daarna (EUR)",
              f"investment_{sc}-investment_in_{sc}-investment_after_{sc}")
    ws[f"A{r + 1}"] = "Alle controles"
    ws[f"A{r + 1}"].font = book.bold
    ws[f"C{r + 1}"] = f'=IF(COUNTIF(C{checks[0]}:C{checks[-1]},"OK")={len(checks)},"OK","FOUT")'
    ws[f"C{r + 1}"].font = book.bold
    ws.column_dimensions["A"].width = 100
    ws.column_dimensions["B"].width = 16


LEES_MIJ = [
    "Business case ICT-samenwerking Haarlem-Haarlemmermeer: rekenmodel in Excel",
    "",
    "Wat is dit?",
    "Een levend rekenmodel: dezelfde berekening als het Python-model (bizcase/model.py), maar met elke stap als "
    "zichtbare formule. Het is een tweede, onafhankelijke uitwerking; de test tests/test_workbook_model.py rekent het "
    "werkboek met LibreOffice door en vergelijkt elke uitkomst met het Python-model (verschil hoogstens EUR 1).",
    "",
    "Hoe gebruikt u het?",
    "1. Wijzig een waarde op het blad Invoer (gele cellen met blauwe letters), bijvoorbeeld interest_rate_collaboration, "
    "ict_centre_start_year of harmonisation_effect_lag.",
    "2. Het blad Uitkomsten rekent mee: de kosten per gemeente en scenario per jaar (par. 6.2), de verschillen met de "
    "basis, het cumulatieve verschil t/m de horizon, de break-even, de besparing en de investeringen.",
    "3. Kijk op het blad Controles of alle regels OK tonen.",
    "",
    "Opbouw (van links naar rechts, van boven naar beneden):",
    "Invoer - Afgeleid (afgeleide grootheden en kalenderjaren van de eenmalige kosten) - Tijdlijn (jaren, vlaggen, "
    "index, harmonisatie-effect) - Kapitaallasten (één rij per jaarlaag, gemeente en financiering) - Basis - "
    "Samenwerking (2.0 en 3.0) - Resultaat - Uitkomsten - Controles.",
    "Elke rij heeft één formule die over alle jaarkolommen is gekopieerd; getallen staan alleen op Invoer. "
    "De belangrijkste invoer heeft een naam (Formules > Namen beheren), zodat formules leesbaar zijn (bijv. =cost_per_fte).",
    "",
    "Wat kan het niet?",
    "- De indeling ligt vast bij het aanmaken: year_first, year_last, break_even_projection_years en het aantal rijen "
    "van de tabellen (fte, projectkosten, programmakosten, harmonisatieschema) bepalen het aantal kolommen en rijen. "
    "Wijzigt u die, maak het werkboek dan opnieuw (make report, of python -m bizcase.publish.workbook_model BESTAND).",
    "- Geen Monte Carlo-simulatie, gevoeligheidsanalyse of omslagwaarden: daarvoor het rapport (bizcase.xlsx, bizcase.html).",
    "- Geen kalibratie: de gekalibreerde waarden staan als gewone invoer op Invoer.",
    "- Alleen de verdeelsleutel inwoners (zoals het rapport); de sleutels fte en gebruik zitten alleen in het Python-model.",
    "- Geen kasbasis en geen netto contante waarde; geen validatie tegen de gepubliceerde tabellen.",
    "- De waarden op Invoer worden hier niet gecontroleerd op hun grenzen; het Python-model doet dat wel.",
]


def build_workbook(inputs):
    """The workbook (openpyxl) and the rows of ``Uitkomsten`` by output key."""
    from openpyxl import Workbook

    layout = Layout(inputs.params)
    wb = Workbook()
    wb.remove(wb.active)
    book = Book(wb, layout)
    ws = wb.create_sheet("Lees mij")
    for i, line in enumerate(LEES_MIJ, start=1):
        ws[f"A{i}"] = line
        if i == 1 or line.endswith("?") or line.endswith(":"):
            ws[f"A{i}"].font = book.bold
    ws.column_dimensions["A"].width = 140
    tables = _invoer(book, inputs)
    _afgeleid(book, inputs, tables)
    _tijdlijn(book)
    _kapitaallasten(book)
    _basis(book)
    _samenwerking(book)
    _resultaat(book)
    where = _uitkomsten(book)
    _controles(book, where)
    book.finish()
    from bizcase.publish.excel import FIXED_TIME

    wb.properties.creator = "bizcase"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb, where


def to_bytes(wb) -> bytes:
    from bizcase.publish.excel import _normalised_zip

    buf = io.BytesIO()
    wb.save(buf)
    return _normalised_zip(buf.getvalue())


def write(inputs, path: Path) -> None:
    """Write the live model to ``path`` (atomically, deterministic bytes)."""
    from bizcase.build.steps.steps import atomic_write

    wb, _ = build_workbook(inputs)
    atomic_write(Path(path), to_bytes(wb))


# ---------------------------------------------------------------------------------------------
# the Python model's values of every output cell (for the test)


def expected_outputs(inputs, overrides: dict | None = None) -> dict:
    """Output key -> the Python model's value: an array over the modelled years (or the horizon)
    for a series, a float for a key figure (NaN: no break-even)."""
    from bizcase.core import metrics
    from bizcase.core.model import evaluate

    res = evaluate(inputs, overrides)
    s = metrics.summary(res)
    base = res.combined_total("baseline")
    out = {}
    for m in MUNICIPALITIES + ("Beide gemeenten",):
        tot = {sc: (res.total(m, sc) if m in MUNICIPALITIES else res.combined_total(sc)) for sc in ("baseline", "s2", "s3")}
        for sc in tot:
            out[("total", m, sc)] = np.asarray(tot[sc], float)
        for sc in ("s2", "s3"):
            d = tot[sc] - tot["baseline"]
            out[("diff", m, sc)] = np.asarray(d, float)
            if m not in MUNICIPALITIES:
                out[("cum", m, sc)] = metrics.cumulative(metrics.difference(res.combined_total(sc), base))
    for sc in ("s2", "s3"):
        _, hd = metrics.horizon_difference(res, sc)
        out[("hdiff", sc)] = hd
        out[("hcum", sc)] = metrics.cumulative(hd)
        out[("break_even", sc)] = float(s["break_even_year"][sc])
        out[("saving", sc)] = float(s["saving_pct_2013_2018"][sc]) / 100
        out[("investment", sc)] = float(s["investment_eur"][sc])
        out[("investment_in", sc)] = float(s["investment_in_period_eur"][sc])
        out[("investment_after", sc)] = float(s["investment_after_period_eur"][sc])
        out[("cum_end", sc)] = float(s["cumulative_difference_eur"][sc])
    return out


def main(argv=None) -> int:
    """``python -m bizcase.publish.workbook_model OUT [--params FILE] [--variant NAME] [--data DIR]``."""
    from bizcase.build.steps.steps import ROOT, check_target, variant_inputs, variant_name
    from bizcase.core.errors import InputError

    parser = argparse.ArgumentParser(prog="python -m bizcase.publish.workbook_model",
                                     description="write the live Excel model (formulas) of the business case")
    parser.add_argument("out")
    parser.add_argument("--params", help="YAML file of id: value overrides (a variant)")
    parser.add_argument("--variant", help="the variant's name (must match the --params file)")
    parser.add_argument("--data", default=str(ROOT / "data"))
    args = parser.parse_args(argv)
    try:
        check_target(Path(args.out))  # never into an input folder
        params = Path(args.params) if args.params else None
        variant_name(params, args.variant)
        inputs, _ = variant_inputs(params, Path(args.data))
        write(inputs, Path(args.out))
    except InputError as exc:
        print(f"bizcase: error: {exc.message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
