"""The live Excel model (issue 12) against the Python model.

Fast part (in process): the workbook's structure: formulas only outside ``Invoer``, no
hard-coded numbers in them (0 and 1 allowed), inputs styled as inputs, defined names that
resolve, deterministic bytes written within 2 s.

The real check: LibreOffice (headless) recalculates the default workbook and variants made by
changing a value in ``Invoer``; every output cell of ``Uitkomsten`` must equal the Python model
(``bizcase.core.model.evaluate`` / ``bizcase.core.metrics.summary``) run with the same value to
within EUR 1, and every line of ``Controles`` must say OK (LET OP exactly where the Python model
warns). Values the Python model refuses, typed into ``Invoer``, must make ``Controles`` say FOUT
on their line and overall (issue 21); every input cell carries Excel's data validation with the
schema's hard bounds.
"""
from __future__ import annotations

import io
import math
import re
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from bizcase.core.errors import InputError
from bizcase.core.inputs import load_inputs
from bizcase.core.schema import KINDS, NOT_SETTABLE, REGISTER, TERM_IDS
from bizcase.publish import labels
from bizcase.publish.workbook import live as wm
from bizcase.publish.workbook import recalc
from bizcase.publish.workbook.live_calc import BASELINE_SHEET
from bizcase.publish.workbook.live_grid import INPUT_FILL, INPUT_FONT, STRUCTURAL
from bizcase.publish.workbook.live_inputs import NOT_USED
from conftest import system_tool

ROOT = Path(__file__).resolve().parents[1]
CALC_SHEETS = ("Afgeleid", "Tijdlijn", "Kapitaallasten", BASELINE_SHEET, "Samenwerking", "Resultaat", "Uitkomsten")
# variants made in the workbook: (name, {Invoer id: value}); the first three are the brief's,
# 'rand' moves every dated one-off and switches the overhead and the optimism bias on
VARIANTS = [
    ("standaard", {}),
    ("rente", {"interest_rate_collaboration": 0.07}),
    ("start2015", {"ict_centre_start_year": 2015}),
    ("vertraging", {"harmonisation_effect_lag": 2}),
    ("rand", {"ict_centre_start_year": 2016, "transition_year": 2017, "overhead_included": 1,
              "optimism_bias_one_off": 0.2, "programme_start_year": 2014, "harmonisation_effect_lag": 3}),
    ("geen-break-even", {"cio_office_fte": 7}),  # S2.0 never breaks even: 'geen' against NaN
    # dates after the computed years (D31): an overhead that starts in the extrapolated year, a
    # write-off that ends in a projection year, harmonisation that takes effect late
    ("laat", {"ict_centre_start_year": 2017, "overhead_included": 1, "writeoff_haarlem_last_year": 2019,
              "harmonisation_effect_lag": 2}),
]
# values the Python model refuses, typed into Invoer: (name, {Invoer id or input label: value},
# the labels of the lines of Controles that must say FOUT (each given by its start), the whole set
# or (exact=False) among others, e.g. where an error spreads through the model)
HOSTILE = [
    ("start2018", {"ict_centre_start_year": 2018}, ["ict_centre_start_year ligt na year_first"], True),
    ("aandeel", {"applications_share": 1.5}, ["applications_share"], True),
    ("tranches", {"s3_investment_share_year1": 0.8, "s3_investment_share_year2": 0.5},
     ["investering S3.0: aandelen eerste en tweede tranche"], True),
    ("nul", {"s3_fte_reference_share": 0}, ["s3_fte_reference_share"], False),
    ("formatie", {"s3_fte_reference_share": 0.05}, ["s3_fte_reference_share: de formatie"], True),
    ("tabellen", {"cost_per_fte": "veel", "transition_cost": None, "year_last": 2018, "term_applications_haarlem": 4.5,
                  "Fte-tabel, *: ICT-centrum": -1, "Projectkosten, *: offset": 2.5,
                  "Harmonisatieschema, *: aandeel": 0.9, "Verdeling niet-personele kosten, *: aandeel": 0.5},
     ["cost_per_fte", "transition_cost", "year_last zoals bij het aanmaken", "term_applications_haarlem",
      "Fte-tabel, ", "Projectkosten, ", "harmonisatieschema: aandeel in", "verdeling niet-personele kosten buiten"],
     False),
]
VERDICTS = ("OK", "FOUT", "LET OP")
NUMBER = re.compile(r"(?<![A-Za-z_$\d.])(\d+(?:\.\d+)?)(?![\d.]*[A-Za-z_(])")
RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


@pytest.fixture(scope="module")
def inputs():
    return load_inputs(ROOT / "data")


@pytest.fixture(scope="module")
def built(inputs):
    return wm.build_workbook(inputs)


def _strip_strings(formula: str) -> str:
    return re.sub(r'"[^"]*"', '""', formula)


def test_formulas_only_and_no_hard_coded_numbers(built):
    wb, _ = built
    for title in CALC_SHEETS:
        ws = wb[title]
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if cell.column <= 2 or v is None or isinstance(v, str) and not v.startswith("="):
                    continue  # labels and units
                assert isinstance(v, str) and v.startswith("="), f"{title}!{cell.coordinate} holds a number: {v!r}"
                literals = [x for x in NUMBER.findall(_strip_strings(v)) if float(x) not in (0.0, 1.0)]
                assert not literals, f"{title}!{cell.coordinate}: hard-coded {literals} in {v}"


def test_inputs_styled_and_names_resolve(built, inputs):
    wb, _ = built
    ws = wb["Invoer"]
    ids = {ws[f"A{r}"].value: r for r in range(1, ws.max_row + 1)}
    for key in inputs.register:
        cell = ws[f"B{ids[key]}"]
        styled = cell.fill.fgColor.rgb.endswith(INPUT_FILL) and (cell.font.color is not None
                                                                 and cell.font.color.rgb.endswith(INPUT_FONT))
        if key in NOT_SETTABLE:  # a published figure nobody reads: shown for information, not an input
            assert not styled and key not in wb.defined_names, key
            assert ws[f"G{ids[key]}"].value.startswith("niet gebruikt in dit rekenmodel: "), key
            continue
        assert styled, key
        assert wb.defined_names[key].attr_text == f"Invoer!$B${ids[key]}"
    used = set()
    for title in CALC_SHEETS + ("Controles",):
        for row in wb[title].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    used |= set(re.findall(r"\b[a-z][a-z0-9_]*\b", _strip_strings(cell.value)))
    assert used <= set(wb.defined_names), sorted(used - set(wb.defined_names))
    # every register id is read by some formula, except those the sheet says it does not use
    assert set(inputs.register) - set(NOT_USED) <= used, sorted(set(inputs.register) - set(NOT_USED) - used)
    assert not set(NOT_USED) & used
    for key in NOT_USED:
        assert ws[f"G{ids[key]}"].value.startswith("niet gebruikt in dit rekenmodel: "), key


def test_dutch_terms_are_the_reports(built):
    """Scenario names come from bizcase.publish.labels (the report's terms): no 'Basis' for the baseline."""
    wb, _ = built
    uitkomsten = {wb["Uitkomsten"][f"A{r}"].value for r in range(1, wb["Uitkomsten"].max_row + 1)}
    assert set(labels.SCENARIO.values()) <= uitkomsten
    for ws in wb:
        if ws.title == "Invoer":  # the register's own descriptions and sources
            continue
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    assert not re.search(r"\bbasis\b", cell.value, re.I), f"{ws.title}!{cell.coordinate}: {cell.value}"


def test_bytes_are_deterministic_and_fast(inputs, tmp_path):
    """Same inputs, same bytes; the build writes them as they are (here: as a file each)."""
    start = time.perf_counter()
    (tmp_path / "a.xlsx").write_bytes(wm.workbook_bytes(inputs))
    elapsed = time.perf_counter() - start
    (tmp_path / "b.xlsx").write_bytes(wm.workbook_bytes(inputs))
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert elapsed < 2.0, f"writing took {elapsed:.2f} s"
    assert b"vbaProject" not in (tmp_path / "a.xlsx").read_bytes()
    assert load_workbook(tmp_path / "a.xlsx").sheetnames[0] == "Lees mij"


def _soffice() -> str:
    return system_tool(("soffice", "libreoffice"), "libreoffice-calc-nogui",
                       "LibreOffice is needed to recalculate the workbook: apt-get install -y libreoffice-calc-nogui "
                       "(Debian/Ubuntu) or brew install --cask libreoffice (macOS)")


def _input_cells(wb) -> list:
    """(label, Invoer cell 'Invoer!B40') of every input line of Controles (a label may repeat:
    two items of a table with the same name)."""
    ws = wb["Controles"]
    return [(ws[f"A{r}"].value, ws[f"I{r}"].value) for r in range(1, ws.max_row + 1)
            if str(ws[f"I{r}"].value or "").startswith("Invoer!")]


def _cell_of(cells: list, key: str) -> str:
    """The Invoer cell of an id or a label pattern ('Fte-tabel, *: ICT-centrum': its first match)."""
    head, _, tail = key.partition("*")
    return next(c for label, c in cells if label == key or (tail and label.startswith(head) and label.endswith(tail)))


def _with_values(data: bytes, values: dict) -> bytes:
    """The workbook with ``values`` written into their Invoer cells (as a consultant would)."""
    wb = load_workbook(io.BytesIO(data))
    cells = _input_cells(wb)
    ws = wb["Invoer"]
    for key, value in values.items():
        ws[_cell_of(cells, key).split("!")[1]] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def edited(built) -> dict:
    """Variant name -> the default workbook with the variant's values typed into Invoer and saved
    by openpyxl, which keeps the formulas and drops their cached results (so LibreOffice has
    nothing to keep but must recalculate)."""
    data = wm.to_bytes(built[0])
    return {name: _with_values(data, values) for name, values in VARIANTS + [(n, v) for n, v, _, _ in HOSTILE]}


@pytest.fixture(scope="module")
def recalculated(edited, tmp_path_factory):
    """Variant name -> the workbook recalculated by LibreOffice (openpyxl, cached values)."""
    soffice = _soffice()
    tmp = tmp_path_factory.mktemp("libreoffice")
    profile = tmp / "profile"
    (profile / "user").mkdir(parents=True)
    # recalculate every formula on load, whatever the file says
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    files = []
    for name, data in edited.items():
        path = tmp / f"{name}.xlsx"
        path.write_bytes(data)
        files.append(str(path))
    out = tmp / "out"
    start = time.perf_counter()
    proc = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                           "--convert-to", "xlsx", "--outdir", str(out)] + files,
                          capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    names = [Path(f).stem for f in files]
    missing = [n for n in names if not (out / f"{n}.xlsx").exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {proc.stdout} {proc.stderr}"
    print(f"LibreOffice recalculated {len(names)} workbooks in {elapsed:.1f} s")
    return {n: load_workbook(out / f"{n}.xlsx", data_only=True) for n in names}


def compare(wb, where: dict, layout: wm.Layout, expected: dict) -> dict:
    """Output key -> largest absolute difference (EUR; share for the saving; years for
    break-even, inf when one side has none)."""
    ws = wb["Uitkomsten"]
    out = {}
    for key, row in where.items():
        want = expected[key]
        if np.ndim(want) == 0:
            got = ws[f"C{row}"].value
            if key[0] == "break_even":
                same = (got == "geen" and math.isnan(want)) or (isinstance(got, (int, float)) and got == want)
                out[key] = 0.0 if same else math.inf
            else:
                out[key] = abs(float(got) - want)
            continue
        got = np.array([ws[f"{c}{row}"].value for c in layout.cols[:len(want)]], dtype=float)
        diff = float(np.max(np.abs(got - want)))
        if key[0] in ("total", "diff"):  # the total column: the sum over the modelled years
            diff = max(diff, abs(float(ws[f"C{row}"].value) - float(np.sum(want))))
        out[key] = diff
    return out


@pytest.mark.parametrize("name,values", VARIANTS, ids=[n for n, _ in VARIANTS])
def test_libreoffice_equals_python_model(recalculated, built, inputs, name, values):
    wb = recalculated[name]
    _, where = built
    layout = wm.Layout(inputs.params)
    expected = wm.expected_outputs(inputs, {k: float(v) for k, v in values.items()})
    assert set(expected) == set(where)
    diffs = compare(wb, where, layout, expected)
    tolerance = {"saving": 1e-9}
    bad = {k: d for k, d in diffs.items() if not d <= tolerance.get(k[0], 1.0)}
    assert not bad, f"{name}: Uitkomsten differ from the Python model: {bad}"


def _lines(ws) -> dict:
    """Verdict -> the labels of the lines of Controles that show it (the overall line apart)."""
    out = {}
    for r in range(4, ws.max_row + 1):
        out.setdefault(ws[f"C{r}"].value, []).append(ws[f"A{r}"].value)
    return out


@pytest.mark.parametrize("name,values", VARIANTS, ids=[n for n, _ in VARIANTS])
def test_controles_all_ok(recalculated, inputs, name, values):
    """Every line OK, except LET OP on exactly the inputs the Python model warns about (outside
    their plausible range: accepted, the report says so)."""
    ws = recalculated[name]["Controles"]
    lines = _lines(ws)
    assert set(lines) - {None, "oordeel"} <= {"OK", "LET OP"}, f"{name}: {lines.keys()}"
    assert len(lines["OK"]) > len(inputs.register), name
    warned = {re.search(r"id '(\w+)'", w).group(1) for w in load_inputs(ROOT / "data", values).warnings}
    assert set(lines.get("LET OP", [])) == warned, name
    assert (ws["B2"].value, ws["C2"].value, ws["B3"].value) == (0, "OK", len(warned)), name


@pytest.mark.parametrize("name,values,wrong,exact", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_controles_say_fout_where_the_python_model_refuses(recalculated, name, values, wrong, exact):
    """A value the loader refuses (its hard bounds, or a rule between values such as the ICT
    centre's start after year_first and at most year_last), typed into Invoer: Controles says
    FOUT on its line and overall, and the Python model indeed refuses the same register values."""
    ws = recalculated[name]["Controles"]
    failed = [label for verdict, labels in _lines(ws).items() if verdict not in VERDICTS + (None, "oordeel")
              for label in labels] + _lines(ws).get("FOUT", [])
    for start in wrong:
        assert [label for label in _lines(ws).get("FOUT", []) if label.startswith(start)], (name, start, failed)
    if exact:
        assert len(failed) == len(wrong), (name, failed)
    assert ws["C2"].value == "FOUT" and ws["B2"].value >= len(wrong), name
    # the same values through --set (a blank cannot be set there; a changed layout the Python model follows)
    settable = {k: v for k, v in values.items() if (k in REGISTER or k in TERM_IDS) and v is not None
                and k not in STRUCTURAL}
    with pytest.raises(InputError):
        load_inputs(ROOT / "data", settable)


def _kind_of(label: str) -> tuple:
    """The kind (bizcase.core.schema.KINDS) and blank-allowed of an input line, restated from the
    loader's rules (bizcase.core.rows): the register's and terms' specs, the tables' columns."""
    spec = REGISTER.get(label) or TERM_IDS.get(label)
    if spec is not None:
        return spec.kind, spec.optional
    column = label.rsplit(": ", 1)[1]
    if label.startswith("Fte-tabel, "):
        return "FTE", False
    if label.startswith(("Projectkosten, ", "Programmakosten, ")):
        return {"offset": ("offset_years", False), "bedrag (EUR)": ("EUR", False)}.get(column, ("year", True))
    assert label.startswith(("Harmonisatieschema, ", "Verdeling niet-personele kosten, ")) and column == "aandeel"
    return "share", False


def test_every_input_cell_is_validated_with_the_schemas_bounds(built):
    """Read back from the bytes: one data validation per input cell (every yellow cell of Invoer,
    no other), whole or decimal between the kind's hard bounds (a custom rule where the low bound
    is open), blank allowed only for an optional value, with a Dutch prompt and error."""
    wb = load_workbook(io.BytesIO(wm.to_bytes(built[0])))
    ws = wb["Invoer"]
    yellow = {c.coordinate for row in ws.iter_rows() for c in row if c.fill.fgColor.rgb.endswith(INPUT_FILL)}
    cells = _input_cells(wb)
    assert {c.split("!")[1] for _, c in cells} == yellow and len(cells) == len(yellow) > 100
    rules = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in rng.cells:
                rules.setdefault(f"{get_column_letter(row[1])}{row[0]}", []).append(dv)
    assert set(rules) == yellow
    for label, ref in cells:
        [dv] = rules[ref.split("!")[1]]
        kind, optional = _kind_of(label)
        k = KINDS[kind]
        if k.low_open:
            coord = ref.split("!")[1]
            col, row = coord.rstrip("0123456789"), coord.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            at = re.escape(f"${col}${row}")
            found = re.fullmatch(rf"AND\(ISNUMBER\({at}\),{at}>(-?[\d.]+),{at}<=(-?[\d.]+)\)", dv.formula1)
            assert dv.type == "custom" and found, (label, dv.formula1)
            assert (float(found.group(1)), float(found.group(2))) == (k.low, k.high), label
        else:
            assert (dv.type, dv.operator) == ("whole" if k.whole else "decimal", "between"), label
            assert (float(dv.formula1), float(dv.formula2)) == (k.low, k.high), label
        assert bool(dv.allow_blank) == optional and dv.showErrorMessage and dv.showInputMessage, label
        assert dv.error.startswith("Deze waarde weigert het Python-model. Toegestaan: een "), label
        assert dv.prompt.startswith("Toegestaan: een ") and len(dv.prompt) <= 255, label


# ---------------------------------------------------------------- cached values (issue 21, decision D34)

def _formula_cells(wb) -> list:
    return [(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]


def _same(ours, theirs) -> bool:
    """One cached value against LibreOffice's: numbers within 1e-6 relative (1e-6 absolute near
    0), texts and errors equal (an empty text reads back as nothing)."""
    if isinstance(ours, recalc.ExcelError):
        ours = ours.code
    if ours == "" and theirs is None:
        return True
    if isinstance(ours, (int, float)) and not isinstance(ours, bool) and isinstance(theirs, (int, float)):
        return math.isclose(ours, theirs, rel_tol=1e-6, abs_tol=1e-6)
    return ours == theirs


@pytest.fixture(scope="module")
def cached(inputs) -> dict:
    """Variant name -> the live workbook the package builds with the variant's values (bytes)."""
    return {name: wm.workbook_bytes(load_inputs(ROOT / "data", {k: float(v) for k, v in values.items()}))
            for name, values in VARIANTS}


@pytest.mark.parametrize("name,values", VARIANTS, ids=[n for n, _ in VARIANTS])
def test_cached_values_are_the_python_models(cached, built, inputs, name, values):
    """Read from the bytes without recalculating: every output cell of Uitkomsten holds the
    package model's figure (break-even 'geen' where it has none)."""
    wb = load_workbook(io.BytesIO(cached[name]), data_only=True)
    expected = wm.expected_outputs(inputs, {k: float(v) for k, v in values.items()})
    diffs = compare(wb, built[1], wm.Layout(inputs.params), expected)
    scale = {k: max(1.0, float(np.max(np.abs(v)))) if not k[0] in ("break_even", "saving") else 1.0
             for k, v in expected.items()}
    bad = {k: d for k, d in diffs.items() if not d <= 1e-6 * scale[k]}
    assert not bad, f"{name}: cached Uitkomsten differ from the Python model: {bad}"
    assert wb["Controles"]["C2"].value == "OK"


@pytest.mark.parametrize("name", [n for n, _ in VARIANTS], ids=[n for n, _ in VARIANTS])
def test_cached_values_equal_libreoffices_recalculation(cached, recalculated, name):
    """Every formula cell of every sheet: the value stored in the package's bytes equals what
    LibreOffice computes for the same values typed into the default workbook."""
    ours = load_workbook(io.BytesIO(cached[name]), data_only=True)
    formulas = _formula_cells(load_workbook(io.BytesIO(cached[name])))
    assert len(formulas) > 3000 and {t for t, _ in formulas} >= set(CALC_SHEETS) | {"Controles"}
    lo = recalculated[name]
    bad = [(t, c, ours[t][c].value, lo[t][c].value) for t, c in formulas if not _same(ours[t][c].value, lo[t][c].value)]
    assert not bad, f"{name}: {len(bad)} cached values differ from LibreOffice's, e.g. {bad[:5]}"


@pytest.mark.parametrize("name", [h[0] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_the_evaluator_equals_libreoffice_on_refused_values(edited, recalculated, name):
    """The evaluator behind the cached values, on workbooks the package never writes (values
    the loader refuses, a text and a blank among them): errors, FOUT and LET OP as LibreOffice."""
    wb = load_workbook(io.BytesIO(edited[name]))
    values = recalc.evaluate(wb)
    lo = recalculated[name]
    bad = [(t, c, v, lo[t][c].value) for t, cells in values.items() for c, v in cells.items()
           if not _same(v, lo[t][c].value)]
    assert not bad, f"{name}: {len(bad)} values differ from LibreOffice's, e.g. {bad[:5]}"
    assert sum(len(cells) for cells in values.values()) == len(_formula_cells(wb))


def test_the_evaluator_refuses_what_it_does_not_know():
    """A formula outside what the evaluator computes as Excel does is refused, never guessed."""
    for formula in ("=VLOOKUP(1,A1:B2,2)", '=SUMIF(A1:A2,"a*")', "=A1:A2 A1", "=MATCH(1,A1:A2,0)"):
        wb = Workbook()
        wb.active["C1"] = formula
        with pytest.raises(NotImplementedError):
            recalc.evaluate(wb)
