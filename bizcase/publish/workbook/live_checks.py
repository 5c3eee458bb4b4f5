"""The live model's checks: data validation on every input cell, and the Controles sheet (model, inputs, rules).

The inputs are held to the rules the Python model's loader holds them to (:mod:`bizcase.core.schema`
and :func:`bizcase.core.inputs.check_consistency`): every input cell of ``Invoer`` gets Excel's
data validation from its kind's hard bounds, and ``Controles`` gets a line per input cell (FOUT
outside the hard bounds, LET OP outside the register's plausible range, which the Python model
accepts with a warning) and a line per rule between values that a user can break on ``Invoer``.
Every verdict is a formula of the workbook, so it follows what the user types.
"""
from __future__ import annotations

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from bizcase.core.params import MUNICIPAL_IDS
from bizcase.core.schema import COLLABORATIONS, KINDS, MUNICIPALITIES, OTHER_CATEGORIES, SCENARIOS, YEAR_WINDOW
from bizcase.publish import formatting as fmt
from bizcase.publish.workbook.cells import formula, put, text
from bizcase.publish.workbook.live_grid import BOTH, ONE_OFF, STRUCTURAL, Book, category, scenario, slug

OK, WRONG, WARN = "OK", "FOUT", "LET OP"
MARK = {WRONG: ("FFC7CE", "9C0006"), WARN: ("FFEB9C", "9C5700")}  # verdict -> (fill, font): Excel's bad and neutral
PERCENT_UNITS = ("share", "rate")


def _literal(x: float) -> str:
    """A bound as a formula writes it: 2000, -0.5, 1000000000."""
    x = float(x)
    return str(int(x)) if x.is_integer() else repr(x)


def allowed(kind: str, optional: bool = False) -> str:
    """What a value of ``kind`` may be, in Dutch: 'een geheel getal van 2000 tot en met 2100'."""
    rules = KINDS[kind]
    what = ("een percentage" if rules.unit in PERCENT_UNITS else "een geheel getal" if rules.whole else "een getal")
    low, high = (fmt.value_text(rules.unit, x) for x in (rules.low, rules.high))
    return f"{what} {'boven' if rules.low_open else 'van'} {low} tot en met {high}" + (", of leeg" if optional else "")


def plausible(kind: str, low, high) -> str:
    """The register's plausible range in Dutch ('' when it gives none)."""
    if low is None:
        return ""
    unit = KINDS[kind].unit
    return f"plausibel (register): {fmt.value_text(unit, low)} tot en met {fmt.value_text(unit, high)}"


def validation(cell) -> DataValidation:
    """Excel's data validation of one input cell (:class:`.live_grid.InputCell`): its kind's hard
    bounds, a whole number where the kind is whole, blank only where the value is optional."""
    rules = KINDS[cell.kind]
    prompt = f"Toegestaan: {allowed(cell.kind, cell.optional)}."
    if cell.low is not None:
        prompt += f" Daarbuiten maar binnen de grenzen: {plausible(cell.kind, cell.low, cell.high)}; het model rekent " \
                  "dan wel, met een waarschuwing op Controles."
    common = dict(allow_blank=cell.optional, showErrorMessage=True, showInputMessage=True, errorStyle="stop",
                  errorTitle="Ongeldige waarde", promptTitle="Invoer",
                  error=f"Deze waarde weigert het Python-model. Toegestaan: {allowed(cell.kind, cell.optional)}.",
                  prompt=prompt)
    if rules.low_open:  # strictly above the low bound: no 'between' says that
        ref = cell.ref.split("!")[-1]
        dv = DataValidation(type="custom", formula1=f"AND(ISNUMBER({ref}),{ref}>{_literal(rules.low)},"
                                                    f"{ref}<={_literal(rules.high)})", **common)
    else:
        dv = DataValidation(type="whole" if rules.whole else "decimal", operator="between",
                            formula1=_literal(rules.low), formula2=_literal(rules.high), **common)
    dv.add(cell.coordinate)
    return dv


def validate_inputs(book: Book) -> None:
    """Data validation on every input cell the inputs sheet recorded."""
    for cell in book.inputs:
        book.wb[cell.sheet].add_data_validation(validation(cell))


def _input_verdict(cell, r: int) -> str:
    """FOUT when blank (unless optional), not a number, outside the hard bounds (D, E) or not whole
    where it must be; LET OP outside the plausible range (F, G); else OK."""
    x, rules = cell.ref, KINDS[cell.kind]
    wrong = [f"{x}<{'=' if rules.low_open else ''}D{r}", f"{x}>E{r}"] + ([f"{x}<>INT({x})"] if rules.whole else [])
    inside = f'IF(OR({x}<F{r},{x}>G{r}),"{WARN}","{OK}")' if cell.low is not None else f'"{OK}"'
    return (f'IF(ISBLANK({x}),"{OK if cell.optional else WRONG}",IF(NOT(ISNUMBER({x})),"{WRONG}",'
            f'IF(OR({",".join(wrong)}),"{WRONG}",{inside})))')


def _rules(book: Book, tables: dict) -> list:
    """The rules between values that the loader enforces and a user can break on Invoer:
    (label, value formula, condition formula, number format)."""
    window = "year_window_end"
    rules = [
        ("year_last ligt na year_first", "year_last", "year_first<year_last", "0"),
        ("het jaar na year_last (geëxtrapoleerd) ligt uiterlijk in het laatste jaar van het model", "year_last+1",
         f"year_last+1<={window}", "0"),
        ("ict_centre_start_year ligt na year_first en uiterlijk in year_last", "ict_centre_start_year",
         "AND(ict_centre_start_year>year_first,ict_centre_start_year<=year_last)", "0"),
        ("programme_start_year ligt van year_first tot en met year_last", "programme_start_year",
         "AND(programme_start_year>=year_first,programme_start_year<=year_last)", "0"),
    ]
    for name, date, ids in (("transitiekosten", "transition_date", "transition_year of transition_offset"),
                            ("frictiekosten", "friction_date", "friction_year of friction_offset"),
                            ("overhead ICT-centrum", "overhead_from", "overhead_first_year of overhead_offset")):
        rules.append((f"{name}: het jaar ({ids}) ligt vanaf year_first en uiterlijk in het laatste jaar van het model",
                      date, f"AND({date}>=year_first,{date}<={window})", "0"))
    for name, table in (("projectkosten", "project"), ("programmakosten", "programme")):
        rules.append((f"{name}: elke post (offset of jaar) valt vanaf year_first en uiterlijk in het laatste jaar "
                      "van het model (de waarde is de vroegste)", f"MIN({table}_year)",
                      f"AND(MIN({table}_year)>=year_first,MAX({table}_year)<={window})", "0"))
    rules.append(("investering S3.0: aandelen eerste en tweede tranche samen hoogstens 1 (100%)",
                  "s3_investment_share_year1+s3_investment_share_year2",
                  "s3_investment_share_year1+s3_investment_share_year2<=1+tolerance_share", "0.00%"))
    first, last = tables["schedule"]
    for k in range(first + 1, last + 1):
        rules.append((f"harmonisatieschema: aandeel in Invoer!B{k} niet lager dan in het jaar ervoor (Invoer!B{k - 1})",
                      f"Invoer!B{k}", f"Invoer!B{k}>=Invoer!B{k - 1}", "0.00%"))
    rules.append(("harmonisatieschema: begint in of na year_first", "MIN(schedule_years)",
                  "MIN(schedule_years)>=year_first", "0"))
    top = f"MAX(Invoer!B{first}:B{last})"
    staff = f"fte_centre_total-(fte_centre_total-fte_s3_total)*{top}/s3_fte_reference_share"
    rules.append(("s3_fte_reference_share: de formatie van het ICT-centrum in S3.0 blijft bij het hoogste aandeel van "
                  "het schema niet onder nul (voorbij het aandeel van de S3.0-tabel loopt de daling naar rato door, "
                  "besluit D5)", staff, f"{staff}>=0", "0.00"))
    for m in MUNICIPALITIES:
        for _, last_id in MUNICIPAL_IDS[m].writeoffs:
            rules.append((f"{last_id}: vanaf het jaar vóór year_first", last_id, f"{last_id}>=year_first-1", "0"))
    split = "+".join(f"split_{c}" for c in OTHER_CATEGORIES)
    rules.append(("verdeling niet-personele kosten buiten applicaties: de aandelen tellen op tot 1 (100%)", split,
                  f"ABS({split}-1)<=tolerance_share", "0.00%"))
    return rules


def controles(book: Book, where: dict, tables: dict) -> None:
    """The checks sheet: every line OK, FOUT or LET OP, and one verdict for all (at the top)."""
    L = book.L
    ws = book.wb.create_sheet("Controles")
    book.title(ws, f"Controles (elke regel toont {OK}, {WRONG} of {WARN})")
    for c, value in (("A4", "tolerantie bedragen (EUR)"), ("B4", 1), ("D4", "tolerantie aandelen"), ("E4", 0.000001),
                     ("A5", "laatste jaar dat het model aankan (zoals het Python-model)"), ("B5", YEAR_WINDOW[1])):
        put(ws[c], value)
    for c in ("B4", "E4"):
        book.as_input(ws[c])
    book.name("tolerance_eur", "Controles", "B4")
    book.name("tolerance_share", "Controles", "E4")
    book.name("year_window_end", "Controles", "B5")
    r = 7
    verdicts = []

    def block(title: str, header: list) -> None:
        nonlocal r
        text(ws[f"A{r}"], title).font = book.bold
        book.header(ws, r + 1, header)
        r += 2

    def check(label, deviation, tolerance="tolerance_eur"):
        nonlocal r
        text(ws[f"A{r}"], label)
        formula(ws[f"B{r}"], deviation).number_format = "#,##0.00"
        formula(ws[f"C{r}"], f'IF(ABS(B{r})<{tolerance},"{OK}","{WRONG}")')
        verdicts.append(r)
        r += 1

    block("Het model", ["controle", "afwijking", "oordeel"])
    mod = f"Uitkomsten!${L.cols[0]}$%d:${L.last_modelled}$%d"
    parts = " + ".join(MUNICIPALITIES)
    for sc in SCENARIOS:
        h, m_, c = (where[("total", m, sc)] for m in MUNICIPALITIES + (BOTH,))
        check(f"{scenario(sc)}: {parts} = {BOTH.lower()} (som absolute afwijkingen, EUR)",
              f"SUMPRODUCT(ABS({mod % (h, h)}+{mod % (m_, m_)}-{mod % (c, c)}))")
    for sc in COLLABORATIONS:
        for c in ONE_OFF[sc]:
            row = book.rng(f"{sc}_{c}")
            modelled = f"SUMPRODUCT({row},{book.rng('flag_modelled')})"
            later = f"SUMPRODUCT({row},{book.rng('flag_projection')})"
            check(f"{scenario(sc)}: {category(c)} in de gemodelleerde jaren + in de jaren daarna t/m "
                  "de horizon = invoer (EUR; FOUT: een deel valt vóór het eerste jaar, of na de horizon of nooit en "
                  "telt dan nergens mee, zie Uitkomsten)",
                  f"{modelled}+{later}-oneoff_input_{c}")
    check(f"verdeelsleutel: aandelen {parts} = 1", "+".join(f"share_{slug(m)}" for m in MUNICIPALITIES) + "-1",
          "tolerance_share")
    for sc in COLLABORATIONS:
        check(f"{scenario(sc)}: investering = in de gemodelleerde jaren + daarna (EUR)",
              f"investment_{sc}-investment_in_{sc}-investment_after_{sc}")

    r += 1
    block(f"Invoer: harde grenzen zoals het Python-model ({WRONG}) en het plausibele bereik uit het register "
          f"({WARN}: toegestaan, het rapport meldt het)",
          ["invoer", "waarde", "oordeel", "harde ondergrens", "harde bovengrens", "plausibel laag", "plausibel hoog",
           "toegestaan", "cel"])
    for cell in book.inputs:
        number_format = book.wb[cell.sheet][cell.coordinate].number_format
        rules = KINDS[cell.kind]
        text(ws[f"A{r}"], cell.label)
        formula(ws[f"B{r}"], f'IF(ISBLANK({cell.ref}),"",{cell.ref})').number_format = number_format
        formula(ws[f"C{r}"], _input_verdict(cell, r))
        for c, value in zip("DEFG", (rules.low, rules.high, cell.low, cell.high)):
            put(ws[f"{c}{r}"], value).number_format = number_format
        text(ws[f"H{r}"], allowed(cell.kind, cell.optional))
        text(ws[f"I{r}"], cell.ref.replace("$", ""))
        verdicts.append(r)
        r += 1

    r += 1
    block("Invoer: regels tussen waarden, zoals het Python-model ze bij het inlezen toetst",
          ["regel", "waarde", "oordeel"])
    for label, value, condition, number_format in _rules(book, tables):
        text(ws[f"A{r}"], label)
        formula(ws[f"B{r}"], value).number_format = number_format
        formula(ws[f"C{r}"], f'IF({condition},"{OK}","{WRONG}")')
        verdicts.append(r)
        r += 1
    for key in STRUCTURAL:
        text(ws[f"A{r}"], f"{key} zoals bij het aanmaken van dit werkboek (bepaalt de indeling: na wijzigen het "
                          "werkboek opnieuw maken)")
        formula(ws[f"B{r}"], key).number_format = "0"
        put(ws[f"D{r}"], book.L.structural[key]).number_format = "0"
        formula(ws[f"C{r}"], f'IF({key}=D{r},"{OK}","{WRONG}")')
        verdicts.append(r)
        r += 1

    span = f"C{verdicts[0]}:C{verdicts[-1]}"
    passed = f'COUNTIF({span},"{OK}")+COUNTIF({span},"{WARN}")'
    text(ws["A2"], f"Alle controles: het aantal regels met {WRONG} en het oordeel ({WARN} alleen is geen fout)"
         ).font = book.bold
    formula(ws["B2"], f"{len(verdicts)}-({passed})").number_format = "0"
    formula(ws["C2"], f'IF({passed}={len(verdicts)},"{OK}","{WRONG}")').font = book.bold
    for verdict, (fill, font) in MARK.items():  # a verdict that is not OK stands out
        ws.conditional_formatting.add(f"C2:{span.split(':')[1]}", CellIsRule(
            operator="equal", formula=[f'"{verdict}"'], fill=PatternFill("solid", bgColor=fill), font=Font(color=font)))
    text(ws["A3"], f"invoer buiten het plausibele bereik ({WARN})")
    formula(ws["B3"], f'COUNTIF({span},"{WARN}")').number_format = "0"
    ws.column_dimensions["A"].width = 100
    ws.column_dimensions["B"].width = 16
    for c in "DEFG":
        ws.column_dimensions[c].width = 17
    ws.column_dimensions["H"].width = 50
    ws.freeze_panes = "A3"
    book.print_wide(ws)
