"""The lineage of the printed figures (issue 24): found by the model, right and not only present."""
import io
import json
import re

import numpy as np
import openpyxl
import pytest

from bizcase.analysis import bands, content
from bizcase.analysis import lineage as lin
from bizcase.analysis.sensitivity import WHOLE_UNITS
from bizcase.build import editions
from bizcase.build.workbooks import values_workbook
from bizcase.cli import main
from bizcase.core.inputs import load_inputs
from bizcase.core.model import evaluate
from bizcase.fit import ensemble
from bizcase.publish import figures, labels
from bizcase.publish.chapter import Chapter
from bizcase.publish.chapters import accountability, results
from bizcase.publish.provenance import provenance
from bizcase.publish.workbook.values import LINEAGE_SHEET
from conftest import DATA, ROOT

SAMPLE = ("cumulative/s2", "cumulative/s3", "npv/s3", "investment/s3", "saving_pct/s3", "total/s2/Haarlem/2015",
          "total/baseline/Haarlemmermeer/2017", "difference/s3/2018", "difference/s2/Haarlem/2014",
          "cumulative_year/s2/2021")
FAR = 0.1  # a listed input moved by 10 % (by 1 for a whole number) must move the figure


@pytest.fixture(scope="module")
def standard():
    inputs = load_inputs(DATA)
    return inputs, lin.lineage(inputs)


def _moved(inputs, k):
    x = float(inputs.values[k])
    unit = inputs.register[k].unit
    if unit == lin.FLAG_UNIT:
        return 1.0 - x
    if unit in WHOLE_UNITS:
        return x + 1.0
    row = inputs.register[k]
    width = (row.high - row.low) if row.low is not None and row.high is not None and row.high > row.low else 1.0
    return x * (1 + FAR) if x else x + FAR * width


@pytest.mark.parametrize("name", SAMPLE)
def test_a_listed_input_moves_the_figure_and_an_unlisted_one_does_not(standard, name):
    inputs, found = standard
    figure = lin.parse(name)
    listed = {e.id for e in found[figure].effects}
    assert listed, name
    base = found[figure].value
    for k in lin.steps(inputs):
        if k in lin.STRUCTURAL:
            continue
        after = float(np.asarray(lin.figure_arrays(inputs, {k: _moved(inputs, k)})[figure]).reshape(-1)[0])
        if k in listed:
            assert after != pytest.approx(base, rel=1e-12, abs=1e-9), (name, k)
        else:
            assert after == pytest.approx(base, rel=lin.MOVES, abs=lin.MOVES_FLOOR), (name, k, base, after)


def test_the_values_are_the_figure_layers(standard):
    inputs, found = standard
    result = evaluate(inputs)
    f = figures.headline(inputs, result)
    for sc in ("s2", "s3"):
        s = f.scenario(sc)
        assert found[lin.parse(f"cumulative/{sc}")].value == pytest.approx(s.cumulative_difference)
        assert found[lin.parse(f"investment/{sc}")].value == pytest.approx(s.investment)
        assert found[lin.parse(f"break_even/{sc}")].value == s.break_even_year
        for m, year in s.break_even_by_municipality.items():
            assert found[lin.parse(f"break_even/{sc}/{m}")].value == year
    assert found[lin.parse("total/s3/Haarlem/2016")].value == pytest.approx(
        float(result.total("Haarlem", "s3")[list(result.years).index(2016)]))


def test_a_break_even_year_is_measured_on_the_amount_that_decides_it(standard):
    _, found = standard
    be = found[lin.parse("break_even/s2")]
    assert be.measured_on == lin.FigureName(lin.CUMULATIVE_YEAR, "s2", None, int(be.value))
    assert {e.id for e in be.effects} == {e.id for e in found[be.measured_on].effects}
    assert "cost_per_fte" in {e.id for e in be.effects}


def test_every_name_parses_back(standard):
    _, found = standard
    for figure in found:
        assert lin.parse(figure.name) == figure
    with pytest.raises(ValueError):
        lin.parse("break_even/s9")


def test_explain_json_covers_every_figure_and_follows_a_variant(capsys):
    assert main(["explain", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 150 and len({r["figure"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) >= {"figure", "value", "inputs"}
        assert all(set(i) >= {"id", "elasticity"} for i in r["inputs"])
    standard = {r["figure"]: r for r in rows}
    assert "overhead_ict_centre" not in {i["id"] for i in standard["cumulative/s2"]["inputs"]}
    assert main(["explain", "--json", "--set", "overhead_included=1", "cumulative/s2"]) == 0
    variant = json.loads(capsys.readouterr().out)
    assert [r["figure"] for r in variant] == ["cumulative/s2"]
    assert "overhead_ict_centre" in {i["id"] for i in variant[0]["inputs"]}
    assert variant[0]["value"] > standard["cumulative/s2"]["value"]


def test_explain_refuses_an_unknown_figure_in_one_line(capsys):
    assert main(["explain", "break_even/s9"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "break_even/s9" in err and "break_even/s3" in err


def test_the_banded_figures_are_among_the_figures(standard):
    _, found = standard
    names = {f.name for f in found}
    for k in bands.figure_keys():
        assert lin.FigureName(k.kind, k.scenario, k.municipality).name in names


def test_the_annex_table_names_the_inputs_the_model_found(standard):
    """Bijlage C's table of the key figures' provenance gives each headline figure's value and the
    five inputs the lineage ranks first, by their Dutch names."""
    inputs, found = standard
    ch = Chapter("C", "x", inputs, evaluate(inputs), content.computed(inputs))
    table = accountability.provenance_table(ch)
    assert len(table.rows) == len(bands.figure_keys())
    for (name, (value, named)), key in zip(table.rows, bands.figure_keys()):
        lineage = found[lin.FigureName(key.kind, key.scenario, key.municipality)]
        for e in lineage.effects[:accountability.PROVENANCE_INPUTS]:
            assert labels.assumption(e.id) in named.text(), (name, e.id)


def test_the_bands_of_the_headline_figures_are_those_of_the_figure_layer(standard):
    """One band per figure over the reconstructions; for the headline figures the same band as
    bizcase.analysis.bands gives chapters 6 and 9."""
    inputs, found = standard
    members = ensemble.load(inputs.data_dir)
    over = lin.figure_bands(inputs, members)
    assert set(over) == set(found)
    headline = bands.bands(inputs, members)
    for key in bands.figure_keys():
        b = headline.by_key[key]
        assert over[lin.FigureName(key.kind, key.scenario, key.municipality)] == pytest.approx((b.low, b.high))
    low, high = over[lin.parse("total/s2/Haarlem/2015")]
    assert low < high  # a yearly cost depends on fitted values: the reconstructions spread it
    assert over[lin.parse("investment/s2")][0] == over[lin.parse("investment/s2")][1]  # no fitted value moves it


def test_the_values_workbook_links_each_marked_figure_to_its_lineage():
    """In the values workbook every figure the tables mark links to its row on the sheet Herkomst,
    which names it, defines it, repeats its value and lists the inputs the lineage ranks first."""
    inputs = load_inputs(DATA)
    wb = openpyxl.load_workbook(io.BytesIO(values_workbook(inputs)))
    lineage = wb[LINEAGE_SHEET]
    rows = {lineage.cell(row=r, column=1).value: r for r in range(3, lineage.max_row + 1)}
    found = lin.lineage(inputs)
    linked = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.hyperlink is None:
                    continue
                sheet, target = cell.hyperlink.location.split("!A")
                name = lineage.cell(row=int(target), column=1).value
                assert sheet == LINEAGE_SHEET and rows[name] == int(target)
                value = lineage.cell(row=int(target), column=3).value  # EUR; the tables may show thousands
                # shown in euros, in thousands, or rounded to the bands table's step
                assert (abs(value - cell.value) <= 0.5 or abs(value / 1000 - cell.value) <= 0.5
                        or abs(value - cell.value) <= results.BAND_STEP_EUR / 2), (name, value, cell.value)
                effects = found[lin.parse(name)].effects  # none for an amount nothing moves (a category at 0)
                named = lineage.cell(row=int(target), column=4).value or ""
                assert (labels.assumption(effects[0].id) in named) if effects else named in ("", "-")
                linked += 1
    assert linked >= 150


def test_every_marked_figure_of_the_report_has_its_lineage(tmp_path):
    """The report marks at least 150 figures (tables and the Samenvatting's prose), and every name
    it marks is a figure `bizcase explain` knows, so each panel has its data."""
    page = tmp_path / "r.html"
    editions.assemble(page, sorted((ROOT / "notebooks").glob("*.ipynb")), audit=False, variant="standaard")
    text = page.read_text(encoding="utf-8")
    marked = re.findall(r'data-figure="([^"]*)"', text)
    known = {p.name for p in provenance(load_inputs(DATA))}
    assert len(marked) >= 150 and set(marked) <= known
    assert 'data-figure="break_even/s2"' in text.split('id="h-conclusie-en-advies"')[1].split('id="h-hoe-zeker')[0]
    data = json.loads(re.search(r'<script type="application/json" id="bc-lineage">(.*?)</script>', text, re.S).group(1))
    assert set(data["figures"]) == set(marked)
