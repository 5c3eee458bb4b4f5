"""The live Excel model (issue 12) against the Python model.

Fast part (in process): the workbook's structure: formulas only outside ``Invoer``, no
hard-coded numbers in them (0 and 1 allowed), inputs styled as inputs, defined names that
resolve, deterministic bytes written within 2 s.

The real check: LibreOffice (headless) recalculates the default workbook and variants made by
changing a value in ``Invoer``; every output cell of ``Uitkomsten`` must equal the Python model
(``bizcase.core.model.evaluate`` / ``bizcase.core.metrics.summary``) run with the same value to
within EUR 1, and every line of ``Controles`` must say OK.
"""
from __future__ import annotations

import io
import math
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from bizcase.core.inputs import load_inputs
from bizcase.core.schema import NOT_SETTABLE
from bizcase.publish import labels
from bizcase.publish.workbook import live as wm
from bizcase.publish.workbook.live_calc import BASELINE_SHEET
from bizcase.publish.workbook.live_grid import INPUT_FILL, INPUT_FONT
from bizcase.publish.workbook.live_inputs import NOT_USED

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
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update"], check=False, capture_output=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "libreoffice-calc-nogui"], check=False, capture_output=True, env=env)
        found = shutil.which("soffice") or shutil.which("libreoffice")
        if found:
            return found
    pytest.skip("LibreOffice is needed to recalculate the workbook: apt-get install -y libreoffice-calc-nogui "
                "(Debian/Ubuntu) or brew install --cask libreoffice (macOS)")


def _with_values(data: bytes, values: dict) -> bytes:
    """The workbook with ``values`` written into their Invoer cells (as a consultant would)."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Invoer"]
    rows = {ws[f"A{r}"].value: r for r in range(1, ws.max_row + 1)}
    for key, value in values.items():
        ws[f"B{rows[key]}"] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def recalculated(built, tmp_path_factory):
    """Variant name -> the workbook recalculated by LibreOffice (openpyxl, cached values)."""
    soffice = _soffice()
    tmp = tmp_path_factory.mktemp("libreoffice")
    profile = tmp / "profile"
    (profile / "user").mkdir(parents=True)
    # recalculate every formula on load, whatever the file says
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    data = wm.to_bytes(built[0])
    files = []
    for name, values in VARIANTS:
        path = tmp / f"{name}.xlsx"
        path.write_bytes(_with_values(data, values) if values else data)
        files.append(str(path))
    out = tmp / "out"
    start = time.perf_counter()
    proc = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                           "--convert-to", "xlsx", "--outdir", str(out)] + files,
                          capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    missing = [n for n, _ in VARIANTS if not (out / f"{n}.xlsx").exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {proc.stdout} {proc.stderr}"
    print(f"LibreOffice recalculated {len(VARIANTS)} workbooks in {elapsed:.1f} s")
    return {n: load_workbook(out / f"{n}.xlsx", data_only=True) for n, _ in VARIANTS}


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


@pytest.mark.parametrize("name", [n for n, _ in VARIANTS])
def test_controles_all_ok(recalculated, name):
    ws = recalculated[name]["Controles"]
    verdicts = [ws[f"C{r}"].value for r in range(4, ws.max_row + 1) if ws[f"C{r}"].value is not None]
    assert len(verdicts) > 10 and set(verdicts) == {"OK"}, f"{name}: {verdicts}"
