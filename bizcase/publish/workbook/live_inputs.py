"""The live model's inputs: the Invoer sheet (every assumption) and Afgeleid (derived scalars and dates)."""
from __future__ import annotations

import re

from bizcase.core.params import MUNICIPAL_IDS
from bizcase.core.schema import APPLICATION_TERMS, MUNICIPALITIES, NOT_SETTABLE, OTHER_CATEGORIES, REGISTER, TERM_IDS
from bizcase.publish import labels
from bizcase.publish.workbook.cells import formula, put, text
from bizcase.publish.workbook.live_grid import (EUR, FACTOR, U_EUR, U_FACTOR, U_FLAG, U_FTE, U_INHABITANTS, U_SHARE,
                                                STRUCTURAL, U_YEAR, BASELINE, Book, slug)

# settable ids only the Python model reads (still inputs of the business case): id -> what reads them
PYTHON_ONLY = {"discount_rate": "de netto contante waarde",
               "usage_one_off_share_haarlem": "de verdeelsleutel gebruik",
               "montecarlo_draws": "de Monte Carlo-simulatie",
               "montecarlo_seed": "de Monte Carlo-simulatie"}
# every register id no formula of the workbook reads
NOT_USED = tuple(NOT_SETTABLE) + tuple(PYTHON_ONLY)
DECISION = re.compile(r"decision (D\d+)")
# the kind of value (bizcase.core.schema.KINDS) of each input column of the tables, as the loader
# checks them (bizcase.core.rows): column -> (kind, may be blank)
FTE_COLUMNS = {1: ("FTE", False), 2: ("FTE", False), 3: ("FTE", False)}
COST_COLUMNS = {1: ("offset_years", False), 2: ("year", True), 3: ("EUR", False)}
SHARE_COLUMN = {1: ("share", False)}


def not_used_note(key: str) -> str:
    """The 'Let op' note of a register id the workbook does not read."""
    if key in NOT_SETTABLE:
        found = DECISION.search(NOT_SETTABLE[key])
        return ("niet gebruikt in dit rekenmodel: een gepubliceerd cijfer dat ook het Python-model niet leest, "
                "alleen ter informatie" + (f" (besluit {found.group(1)})" if found else ""))
    return f"niet gebruikt in dit rekenmodel: alleen {PYTHON_ONLY[key]} in het Python-model leest dit"


def _unit_format(unit: str) -> str | None:
    if unit in ("share", "rate"):
        return "0.00%"
    if unit in ("year", "lag_years", "offset_years", "years", "flag", "count"):
        return "0"
    if unit in ("EUR", "EUR/FTE", "inhabitants"):
        return "#,##0"
    return None


def invoer(book: Book, inputs) -> dict:
    """The inputs sheet; returns the table ranges (first row, last row) by table."""
    ws = book.wb.create_sheet("Invoer")
    P = inputs.params
    book.title(ws, "Invoer: alle aannames van de business case (gele cellen met blauwe letters zijn invoer)")
    book.header(ws, 3, ["Id", "Waarde", "Eenheid", "Omschrijving", "Bron", "Status", "Let op"])
    r = 4
    for key, row in inputs.register.items():
        for c, value in zip("ABCDEF", (key, inputs.values.get(key), labels.UNIT.get(row.unit, row.unit),
                                       row.description, row.source, labels.STATUS.get(row.status, row.status))):
            put(ws[f"{c}{r}"], value)
        fmt = _unit_format(row.unit)
        if fmt:
            ws[f"B{r}"].number_format = fmt
        if key not in NOT_SETTABLE:  # a published figure nobody reads: information, not an input
            book.input_cell(ws[f"B{r}"], key, REGISTER[key].kind, REGISTER[key].optional, row.low, row.high)
            book.name(key, "Invoer", f"B{r}")
        if key in STRUCTURAL:
            text(ws[f"G{r}"], "bepaalt de indeling: na wijzigen het werkboek opnieuw maken")
        elif key in NOT_USED:
            text(ws[f"G{r}"], not_used_note(key))
        r += 1
    tables = {}

    r += 1
    text(ws[f"A{r}"], "Afschrijvingstermijn applicaties (jaren)").font = book.bold
    r += 1
    book.header(ws, r, ["id", "waarde", "eenheid", "omschrijving"])
    r += 1
    for key in APPLICATION_TERMS.values():
        for c, value in zip("ABCD", (key, inputs.values[key], labels.UNIT["years"], labels.assumption(key))):
            put(ws[f"{c}{r}"], value)
        book.input_cell(ws[f"B{r}"], key, TERM_IDS[key].kind)
        book.name(key, "Invoer", f"B{r}")
        r += 1

    def table(title, name, header, rows, cols_in, short):
        """A table of inputs; ``cols_in``: column -> (kind, may be blank) of its input columns."""
        nonlocal r
        r += 1
        text(ws[f"A{r}"], title).font = book.bold
        r += 1
        book.header(ws, r, header)
        r += 1
        first = r
        for values in rows:
            for j, v in enumerate(values):
                cell = put(ws.cell(row=r, column=j + 1), v)
                if j in cols_in:
                    book.input_cell(cell, f"{short}, {values[0]}: {header[j]}", *cols_in[j])
            r += 1
        tables[name] = (first, r - 1)

    groups, project, programme = labels.FUNCTION_GROUP, labels.PROJECT_ITEM, labels.PROGRAMME_ITEM
    table("Fte-tabel (par. 5.2 en 5.3)", "fte", ["functiegroep", f"{BASELINE} (ter informatie)", "ICT-centrum", "S3.0"],
          [[groups.get(x.function_group, x.function_group), x.baseline, x.ict_centre, x.s3] for x in inputs.fte],
          FTE_COLUMNS, "Fte-tabel")
    table("Projectkosten (eenmalig); offset in jaren na de start van het ICT-centrum, of een vast jaar", "project",
          ["post", "offset", "jaar (leeg: volgt de start)", "bedrag (EUR)"],
          [[project.get(x.item, x.item), x.offset, x.year, x.amount_eur] for x in inputs.project], COST_COLUMNS,
          "Projectkosten")
    table("Programmakosten; offset in jaren na de start van het programma, of een vast jaar", "programme",
          ["post", "offset", "jaar (leeg: volgt de start)", "bedrag (EUR)"],
          [[programme.get(x.item, x.item), x.offset, x.year, x.amount_eur] for x in inputs.programme], COST_COLUMNS,
          "Programmakosten")
    schedule = P.harmonisation
    table("Harmonisatieschema: geharmoniseerd aandeel van het applicatielandschap", "schedule",
          ["jaar", "aandeel"], [[int(y), float(s)] for y, s in zip(schedule.years, schedule.shares)], SHARE_COLUMN,
          "Harmonisatieschema")
    table("Verdeling niet-personele kosten buiten applicaties", "split", ["categorie", "aandeel"],
          [[labels.CATEGORY[c], P.category_split[c]] for c in OTHER_CATEGORIES], SHARE_COLUMN,
          "Verdeling niet-personele kosten")
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
    book.print_wide(ws)
    return tables


def afgeleid(book: Book, tables: dict) -> None:
    """Derived scalars and the one-off tables' calendar years (formulas only)."""
    ws = book.wb.create_sheet("Afgeleid")
    book.title(ws, "Afgeleide grootheden (alleen formules)")
    book.header(ws, 3, ["naam", "waarde", "eenheid", "toelichting"])
    r = 4

    def scalar(name, expression, unit, note, fmt=None):
        nonlocal r
        text(ws[f"A{r}"], name)
        formula(ws[f"B{r}"], expression)
        text(ws[f"C{r}"], unit)
        text(ws[f"D{r}"], note)
        if fmt:
            ws[f"B{r}"].number_format = fmt
        book.name(name, "Afgeleid", f"B{r}")
        r += 1

    ids = {m: MUNICIPAL_IDS[m] for m in MUNICIPALITIES}
    scalar("year_extrapolated", "year_last+1", U_YEAR, "het geëxtrapoleerde jaar (par. 6.1)")
    scalar("horizon_end", "year_extrapolated+break_even_projection_years", U_YEAR,
           "laatste jaar waarover de break-even wordt beoordeeld")
    scalar("groei", "(1+indexation_rate)*(1+volume_growth)", U_FACTOR,
           "groei van de lopende kosten naar het geëxtrapoleerde jaar", FACTOR)
    scalar("uplift", "1+optimism_bias_one_off", U_FACTOR, "opslag op alle eenmalige kosten", FACTOR)
    scalar("cio_total", "cio_office_fte+cio_office_fte", U_FTE,
           f"een CIO-bureau per gemeente ({' + '.join(MUNICIPALITIES)})")
    scalar("fte_centre_total", "SUM(fte_centre_table)", U_FTE, "formatie ICT-centrum (fte-tabel)")
    scalar("fte_s3_total", "SUM(fte_s3_table)", U_FTE, "formatie ICT-centrum in S3.0 (eindsituatie)")
    scalar("inhabitants_total", "+".join(ids[m].inhabitants for m in MUNICIPALITIES), U_INHABITANTS, "beide gemeenten",
           EUR)
    for m in MUNICIPALITIES:
        scalar(f"share_{slug(m)}", f"{ids[m].inhabitants}/inhabitants_total", U_SHARE, "verdeelsleutel inwoners",
               FACTOR)
    for m in MUNICIPALITIES:
        scalar(f"renewal_{slug(m)}", f"renewal_per_inhabitant*{ids[m].inhabitants}", U_EUR,
               "vernieuwingsinvestering per jaar", EUR)
    scalar("ratio_project", "(1+project_factor_new_collaboration)/(1+project_factor_new_baseline)", U_FACTOR,
           f"vernieuwing met de projectfactor van de samenwerking t.o.v. de {BASELINE}", FACTOR)
    scalar("transition_date", 'IF(transition_year="",ict_centre_start_year+transition_offset,transition_year)', U_YEAR,
           "jaar van de transitiekosten")
    scalar("friction_date", 'IF(friction_year="",ict_centre_start_year+friction_offset,friction_year)', U_YEAR,
           "jaar van de frictiekosten")
    scalar("overhead_from", 'IF(overhead_first_year="",ict_centre_start_year+overhead_offset,overhead_first_year)',
           U_YEAR, "eerste jaar overhead ICT-centrum (als die meetelt)")
    scalar("has_effect", 'IF(COUNTIF(schedule_shares,">0")>0,1,0)', U_FLAG, "1: het schema harmoniseert iets")
    scalar("schedule_first", "MIN(schedule_first_years)", U_YEAR, "eerste jaar van het schema met een aandeel boven 0")
    scalar("first_effect_year", "MAX(schedule_first+harmonisation_effect_lag,ict_centre_start_year)", U_YEAR,
           "eerste jaar waarin harmonisatie effect heeft (niet vóór de start van het ICT-centrum)")
    scalar("s3_year1", "first_effect_year", U_YEAR, "investering S3.0, eerste tranche")
    scalar("s3_year2", "s3_year1+1", U_YEAR, "investering S3.0, tweede tranche")
    scalar("s3_year3", "s3_year2+1", U_YEAR, "investering S3.0, derde tranche")
    scalar("s3_share_year3", "1-s3_investment_share_year1-s3_investment_share_year2", U_SHARE,
           "rest van de investering S3.0 in de derde tranche", FACTOR)
    scalar("oneoff_input_project", "uplift*SUM(project_amount)", U_EUR, "projectkosten volgens de invoer", EUR)
    scalar("oneoff_input_transition", "uplift*transition_cost", U_EUR, "transitiekosten volgens de invoer", EUR)
    scalar("oneoff_input_friction", "uplift*friction_cost", U_EUR, "frictiekosten volgens de invoer", EUR)
    scalar("oneoff_input_harmonisation_investment", "uplift*s3_investment", U_EUR, "investering S3.0 volgens de invoer",
           EUR)

    def dates(title, name, anchor):
        nonlocal r
        r += 1
        text(ws[f"A{r}"], title).font = book.bold
        r += 1
        book.header(ws, r, ["post", "kalenderjaar", "", "toelichting"])
        r += 1
        first = r
        t0, t1 = tables[name]
        for k in range(t0, t1 + 1):
            formula(ws[f"A{r}"], f"Invoer!A{k}")
            formula(ws[f"B{r}"], f'IF(Invoer!C{k}="",{anchor}+Invoer!B{k},Invoer!C{k})')
            r += 1
        book.name_range(f"{name}_year", "Afgeleid", "B", first, r - 1)

    dates("Projectkosten: kalenderjaar per post", "project", "ict_centre_start_year")
    scalar("project_first", "MIN(project_year)", U_YEAR, "eerste jaar van de projectkosten (deels naar het jaar erna)")
    dates("Programmakosten: kalenderjaar per post", "programme", "programme_start_year")
    scalar("programme_first", "MIN(programme_year)", U_YEAR,
           "eerste jaar van de programmakosten (deels naar het jaar erna)")
    r += 1
    text(ws[f"A{r}"], "Harmonisatieschema: jaren met een aandeel boven 0").font = book.bold
    r += 1
    first = r
    s0, s1 = tables["schedule"]
    for k in range(s0, s1 + 1):
        formula(ws[f"A{r}"], f"Invoer!A{k}")
        formula(ws[f"B{r}"], f'IF(Invoer!B{k}>0,Invoer!A{k},"")')
        r += 1
    book.name_range("schedule_first_years", "Afgeleid", "B", first, r - 1)
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["D"].width = 80
