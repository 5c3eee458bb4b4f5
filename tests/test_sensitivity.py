"""Uncertainty analyses: tornado, switching values, delay, Monte Carlo, keys, NPV, workbook."""
import hashlib
import json

import numpy as np
import pytest

from bizcase.core import allocation, metrics
from bizcase.analysis import montecarlo as mc
from bizcase.analysis import sensitivity as sa
from bizcase.cli import main
from bizcase.core.channels import parse_set_options
from bizcase.core.inputs import load_inputs
from bizcase.core.model import evaluate
from conftest import DATA


@pytest.fixture(scope="module")
def rows(inputs):
    return {r.id: r for r in sa.tornado(inputs)}


@pytest.mark.parametrize("pid, outcome, direction", [
    ("s3_software_reduction", "cumulative_s3", -1),   # a larger software saving makes S3.0 cheaper
    ("s3_investment", "cumulative_s3", +1),            # a larger investment makes it dearer
    ("transition_cost", "cumulative_s2", +1),
    ("friction_cost", "cumulative_s2", +1),
    ("cost_per_fte", "cumulative_s2", -1),             # S2.0 saves staff: dearer staff, larger saving
    ("cio_office_fte", "cumulative_s2", +1),
    ("interest_rate_collaboration", "cumulative_s2", +1),
])
def test_tornado_direction_where_the_model_is_monotone(rows, pid, outcome, direction):
    r = rows[pid]
    assert np.sign(r.at_high[outcome] - r.at_low[outcome]) == direction


def test_tornado_covers_every_uncertain_assumption(inputs, rows):
    assert set(rows) == set(sa.uncertain_ids(inputs))
    assert all(inputs.register[k].low is not None for k in rows)


def holds(inputs, pid, value, conclusion):
    out = sa.outcomes(inputs, sa.feasible(inputs, {pid: np.array([value])}))
    return bool(np.atleast_1d(sa.conclusion_holds(inputs, out, conclusion))[0])


def test_switching_values_really_turn_the_conclusion(inputs):
    found = [x for x in sa.switching_values(inputs) if not np.isnan(x.switching_value)]
    assert found, "expected at least one switch within the plausible ranges"
    for x in found:
        whole = inputs.register[x.id].unit in sa.WHOLE_UNITS
        toward_base = np.sign(x.value - x.switching_value)
        # the written value lies at most SWITCH_PRINT_TOLERANCE of the range beyond the boundary
        step = 1.0 if whole else sa.SWITCH_PRINT_TOLERANCE * (x.high - x.low) * (1 + 1e-6)
        before = x.switching_value + toward_base * step  # on the register's side of the boundary
        assert holds(inputs, x.id, before, x.conclusion) == x.holds_at_value, x
        assert holds(inputs, x.id, x.switching_value, x.conclusion) != x.holds_at_value, x


def test_the_written_switching_values_turn_the_conclusion_through_set(inputs, tmp_path):
    """Every switching value of switching_values.csv, typed back in with --set exactly as written,
    turns its conclusion (issue 20: ten significant digits used to land two of them on the wrong
    side); it is a short decimal, not the bisection's float."""
    assert main(["sensitivity", "--draws", "10", "--format", "csv", "--out", str(tmp_path)]) == 0
    lines = (tmp_path / "switching_values.csv").read_text().splitlines()
    head = lines[0].split(",")
    rows = [dict(zip(head, line.split(","))) for line in lines[1:]]
    written = [r for r in rows if r["switching_value"]]
    assert len(written) >= 2
    for r in written:
        assert len(r["switching_value"].replace("-", "").replace(".", "").strip("0")) <= 8, r
        turned = load_inputs(DATA, parse_set_options([f"{r['id']}={r['switching_value']}"]))
        holds_at_value = holds(inputs, r["id"], float(r["value"]), r["conclusion"])
        out = sa.outcomes(turned)
        assert bool(np.atleast_1d(sa.conclusion_holds(turned, out, r["conclusion"]))[0]) != holds_at_value, r


def test_no_switch_means_the_conclusion_holds_over_the_whole_range(inputs):
    for x in sa.switching_values(inputs):
        if np.isnan(x.switching_value):
            for v in np.linspace(x.low, x.high, 7):
                assert holds(inputs, x.id, v, x.conclusion) == x.holds_at_value, (x.id, v)


def test_delayed_schedule_moves_the_shares(inputs):
    later = sa.delayed_schedule(inputs, 1)
    (first, share0), (second, _) = list(sa.schedule(inputs).items())[:2]
    assert later["harmonised_share_" + str(first)] == 0
    assert later["harmonised_share_" + str(second)] == share0
    capped = sa.delayed_schedule(inputs, 0, 0.5)
    assert max(capped.values()) == 0.5


def test_harmonisation_delay_costs_s3_its_saving(inputs):
    out = dict(sa.harmonisation_delay(inputs))
    assert out["1 jaar later"]["cumulative_s3"] > out["schema zoals in het rapport"]["cumulative_s3"]


def test_monte_carlo_is_seeded(inputs):
    a = mc.sample(inputs, 500, seed=7)
    b = mc.sample(inputs, 500, seed=7)
    c = mc.sample(inputs, 500, seed=8)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert any(not np.array_equal(a[k], c[k]) for k in a)
    for k, v in a.items():
        row = inputs.register[k]
        assert (v >= row.low - 1e-9).all() and (v <= row.high + 1e-9).all()
    assert (a["s3_investment_share_year1"] + a["s3_investment_share_year2"] <= 1 + 1e-12).all()


def test_monte_carlo_draws_equal_one_by_one_evaluation(inputs):
    draws, out = mc.monte_carlo(inputs, 5, seed=3)
    for i in range(5):
        one = sa.outcomes(inputs, {k: float(v[i]) for k, v in draws.items()})
        assert float(one["cumulative_s3"]) == pytest.approx(out["cumulative_s3"][i])


def test_optimism_bias_raises_collaboration_costs(inputs):
    _, plain = mc.monte_carlo(inputs, 200, seed=1)
    _, biased = mc.monte_carlo(inputs, 200, seed=1, optimism_bias=0.3)
    assert (biased["cumulative_s2"] > plain["cumulative_s2"]).all()


def test_the_point_bears_the_same_uplift_as_the_draws(inputs, tmp_path, capsys):
    """With an optimism bias the draws carry the uplift on the one-off costs; the point they are
    compared with carries it too, so its percentile keeps its place (not below every draw)."""
    places = {}
    for name, extra in (("plain", []), ("biased", ["--optimism-bias", "0.5"])):
        assert main(["sensitivity", "--draws", "400", "--seed", "3", "--out", str(tmp_path / name), *extra]) == 0
        places[name] = json.loads((tmp_path / name / "montecarlo_summary.json").read_text())
    biased = sa.outcomes(inputs, {"optimism_bias_one_off": 0.5})
    for sc in ("s2", "s3"):
        assert places["biased"][sc]["point"]["cumulative"] == pytest.approx(float(biased["cumulative_" + sc]))
        assert places["biased"][sc]["point"]["cumulative"] > places["plain"][sc]["point"]["cumulative"]
        assert abs(places["biased"][sc]["point_position"]["cumulative"]["percentile"]
                   - places["plain"][sc]["point_position"]["cumulative"]["percentile"]) < 5


def test_pert_draws_stay_in_range(inputs):
    d = mc.sample(inputs, 1000, seed=1, distribution="pert")
    for k, v in d.items():
        assert (v >= inputs.register[k].low - 1e-9).all() and (v <= inputs.register[k].high + 1e-9).all()


def test_sensitivity_command_is_reproducible(tmp_path, capsys):
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        assert main(["sensitivity", "--draws", "300", "--seed", str(seed), "--out", str(tmp_path / name)]) == 0
    digest = lambda d, f: hashlib.sha256((tmp_path / d / f).read_bytes()).hexdigest()
    for f in ("montecarlo.parquet", "tornado.csv", "switching_values.csv", "montecarlo_summary.json"):
        assert digest("a", f) == digest("b", f)
    assert digest("a", "montecarlo.parquet") != digest("c", "montecarlo.parquet")
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "a" / "montecarlo.parquet")
    assert table.num_rows == 300 and table.column_names[0] == "draw"


def test_sensitivity_csv_on_request_equals_the_parquet(tmp_path, capsys):
    import pyarrow.parquet as pq

    assert main(["sensitivity", "--draws", "50", "--seed", "5", "--out", str(tmp_path / "p")]) == 0
    assert main(["sensitivity", "--draws", "50", "--seed", "5", "--format", "csv", "--out", str(tmp_path / "c")]) == 0
    lines = (tmp_path / "c" / "montecarlo.csv").read_text().splitlines()
    table = pq.read_table(tmp_path / "p" / "montecarlo.parquet").to_pydict()
    assert lines[0].split(",") == list(table)
    assert len(lines) == 51
    first = dict(zip(lines[0].split(","), lines[1].split(",")))
    assert float(first["cumulative_s2_eur"]) == pytest.approx(table["cumulative_s2_eur"][0])


def test_monte_carlo_in_chunks_equals_one_evaluation(inputs, monkeypatch):
    # The chunked evaluation of many draws gives exactly the outcomes of one evaluation of all draws.
    _, whole = mc.monte_carlo(inputs, 250, seed=3)
    monkeypatch.setattr(mc, "MONTE_CARLO_CHUNK", 64)
    _, chunked = mc.monte_carlo(inputs, 250, seed=3)
    for k in whole:
        assert np.array_equal(np.asarray(whole[k]), np.asarray(chunked[k]), equal_nan=True), k


def test_sensitivity_rejects_bad_options(tmp_path, capsys):
    assert main(["sensitivity", "--draws", "0", "--out", str(tmp_path / "x")]) == 2
    assert "--draws" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("key", allocation.KEYS)
@pytest.mark.parametrize("scenario", ["s2", "s3"])
def test_allocation_keys_add_up_to_the_total(inputs, key, scenario):
    result = evaluate(inputs)
    totals = allocation.municipal_totals(result, inputs.params, scenario, key)
    assert totals["Haarlem"] + totals["Haarlemmermeer"] == pytest.approx(result.combined_total(scenario))


def test_inhabitant_key_reproduces_the_reports_split(inputs):
    result = evaluate(inputs)
    totals = allocation.municipal_totals(result, inputs.params, "s2", "inhabitants")
    assert totals["Haarlem"] == pytest.approx(result.total("Haarlem", "s2"))


def test_npv_hand_worked():
    # 100 a year for three years from 2013 at 10 %: 100 + 100/1.1 + 100/1.21 = 273.553719...
    assert metrics.npv([100, 100, 100], np.array([2013, 2014, 2015]), 0.10, 2013) == pytest.approx(273.5537190)
    assert metrics.npv([0, 0, 121], np.array([2013, 2014, 2015]), 0.10, 2013) == pytest.approx(100.0)


def test_cash_view_counts_renewal_when_paid(inputs):
    result = evaluate(inputs)
    cash = metrics.cash_total(result, "baseline")
    outlays = result.renewal_outlays["baseline"]
    computed = list(result.years)[:-1]
    p = inputs.values
    per_year = p["renewal_per_inhabitant"] * (p["inhabitants_haarlem"] + p["inhabitants_haarlemmermeer"])
    assert outlays[:-1] == pytest.approx(np.full(len(computed), per_year))
    assert cash - result.combined_total("baseline") == pytest.approx(
        outlays - result.combined["baseline"]["renewal_capital_charges"])


def _sheet_tables(ws) -> dict:
    """The tables of a values-workbook sheet: caption -> (header row, {row head: values}). Each table
    is a caption row, a header row and its rows (a note is a row with only its first cell);
    tables are separated by an empty row."""
    tables, block = {}, []
    for row in list(ws.iter_rows(values_only=True)) + [()]:
        if any(c is not None for c in row):
            block.append(row)
            continue
        if block:
            caption, header, *rows = block
            assert all(c is None for c in caption[1:]), caption
            assert caption[0] not in tables, caption[0]
            width = max(j for j, c in enumerate(header) if c is not None) + 1  # the sheet's widest table pads
            tables[caption[0]] = (header[:width], {r[0]: r[1:width] for r in rows})
            block = []
    return tables


def _thousands(cell, euros) -> None:
    """A cell of a '× € 1.000' table: the amount in whole thousands, as the report shows it."""
    assert isinstance(cell, (int, float)) and float(cell).is_integer(), cell
    assert abs(cell - float(euros) / 1000) <= 0.5 + 1e-9, (cell, euros)


def _year(cell, year) -> None:
    """A year cell: the whole year, or 'geen' where there is none."""
    if np.isnan(year):
        assert cell == "geen"
    else:
        assert cell == int(year) and isinstance(cell, int), (cell, year)


def test_workbook_sheets_and_values_equal_the_model(inputs, tmp_path, capsys):
    import io
    import json

    from openpyxl import load_workbook

    from bizcase.build.workbooks import values_workbook
    from bizcase.core.schema import COLLABORATIONS, MUNICIPALITIES, SCENARIOS
    from bizcase.publish import figures, labels

    from conftest import DATA

    data = values_workbook(inputs)
    path = tmp_path / "b.xlsx"
    path.write_bytes(data)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Aannames", "Baseline", "Scenario's", "Resultaten", "Kerncijfers", "Verdeelsleutels",
                             "Validatie", "Uitspraken", "Gevoeligheid", "Omslagwaarden", "Monte Carlo", "Bandbreedte",
                             "Herkomst"]
    assert all(ws.freeze_panes == "B3" for ws in wb)  # the first table's caption and header stay in view
    result = evaluate(inputs)
    f = figures.headline(inputs, result)
    years = [int(y) for y in result.years]

    # Resultaten: every scenario's total per year, not rounded to the report's EUR 50,000, in thousands
    res = _sheet_tables(wb["Resultaten"])
    shares = {y: inputs.values[f"harmonised_share_{y}"] for y in years if f"harmonised_share_{y}" in inputs.values}
    s3_from = min((y for y, v in shares.items() if v > 0), default=years[-1])
    for m in MUNICIPALITIES + (None,):
        header, rows = res[f"ICT-kosten per scenario, {m or 'beide gemeenten samen'}"]
        assert header[0] == "× € 1.000" and [int(str(h).rstrip("*")) for h in header[1:]] == years
        total = (lambda sc: result.total(m, sc)) if m else result.combined_total
        for sc in SCENARIOS:
            for y, cell, euros in zip(years, rows[labels.SCENARIO[sc]], total(sc)):
                if sc == "s3" and y < s3_from:  # as in the report: S3.0 shown from its first harmonisation year
                    assert cell is None
                    assert float(euros) == pytest.approx(float(total("s2")[years.index(y)]))
                else:
                    _thousands(cell, euros)
    diff = next(t for c, t in res.items() if c.startswith("Verschil met de baseline"))[1]
    for sc in COLLABORATIONS:
        _thousands(diff[f"{labels.SCENARIO[sc]}: cumulatief"][-1], f.scenario(sc).cumulative_difference)
    assert wb["Resultaten"]["B3"].number_format == "#,##0"

    # Kerncijfers: break-even years, savings and investments equal the figure layer's
    key = _sheet_tables(wb["Kerncijfers"])
    header, rows = next(t for c, t in key.items() if c.startswith("Kerncijfers per samenwerkingsscenario"))
    assert list(header) == ["Grootheid"] + [labels.SCENARIO[sc] for sc in COLLABORATIONS]
    for j, sc in enumerate(COLLABORATIONS):
        s = f.scenario(sc)
        _year(rows["Omslagjaar, beide gemeenten"][j], s.break_even_year)
        for m in MUNICIPALITIES:
            _year(rows[f"Omslagjaar, {m}"][j], s.break_even_by_municipality[m])
        assert rows[f"Besparing {f.period} (% van de baseline)"][j] == pytest.approx(s.saving_pct / 100, abs=5e-5)
        assert rows[f"Besparing {f.computed_period} (% van de baseline)"][j] == pytest.approx(
            s.saving_pct_computed / 100, abs=5e-5)
        assert rows["Investering"][j] == pytest.approx(s.investment, abs=0.5)
        assert rows[f"waarvan in {f.period}"][j] == pytest.approx(s.investment_in_period, abs=0.5)
        assert rows[f"waarvan na {f.extrapolated}"][j] == pytest.approx(s.investment_after_period, abs=0.5)
    formats = {r[0].value: r[1].number_format for r in wb["Kerncijfers"].iter_rows() if r[0].value in rows}
    assert formats[f"Besparing {f.period} (% van de baseline)"].endswith("%")
    assert formats["Omslagjaar, beide gemeenten"] == "0"
    overview = next(t for c, t in key.items() if c.startswith("Kerncijfers per scenario"))[1]
    for sc in COLLABORATIONS:
        *_, investment, break_even = overview[labels.SCENARIO[sc]]
        _thousands(investment, f.scenario(sc).investment)
        _year(break_even, f.scenario(sc).break_even_year)

    # Verdeelsleutels: each municipality's break-even and cumulative difference under every key;
    # under the inhabitants key also summary.json's break-even per municipality
    assert main(["run", "--data", str(DATA), "--out", str(tmp_path / "run")]) == 0
    capsys.readouterr()
    by_municipality = json.loads((tmp_path / "run" / "summary.json").read_text())["break_even_year_by_municipality"]
    (header, rows), = _sheet_tables(wb["Verdeelsleutels"]).values()
    column = {h: j for j, h in enumerate(header[1:])}
    outcomes = figures.allocation_outcomes(inputs, result)
    assert {o.key for o in outcomes} == set(allocation.KEYS) and len(outcomes) == 12
    for o in outcomes:
        row = rows[f"{labels.SCENARIO[o.scenario]}, {o.municipality}"]
        _year(row[column[f"{labels.ALLOCATION_KEY[o.key]}: omslagjaar"]], o.break_even_year)
        _thousands(row[column[f"{labels.ALLOCATION_KEY[o.key]}: cumulatief"]], o.cumulative_difference)
        if o.key == "inhabitants":
            year = by_municipality[o.scenario][o.municipality]
            _year(row[column[f"{labels.ALLOCATION_KEY[o.key]}: omslagjaar"]], np.nan if year is None else year)
            _year(row[column[f"{labels.ALLOCATION_KEY[o.key]}: omslagjaar"]],
                  f.scenario(o.scenario).break_even_by_municipality[o.municipality])

    # Aannames: every register value is the register's (the value this edition uses)
    (header, rows), = _sheet_tables(wb["Aannames"]).values()
    assert header[:2] == ("Id", "Waarde")
    assert set(rows) == set(inputs.register)
    for k, row in rows.items():
        assert row[0] == ("volgt de gebeurtenis" if inputs.values.get(k) is None else inputs.values[k]), k
    assert rows["cost_per_fte"][0] == inputs.values["cost_per_fte"]

    # the same inputs give the same bytes
    assert values_workbook(inputs) == data
    assert load_workbook(io.BytesIO(data)).sheetnames == wb.sheetnames


def test_workbook_stores_a_text_starting_with_equals_as_text(data_copy):
    # A register text that looks like a formula stays a text: Excel never evaluates the inputs' words.
    import csv

    from openpyxl import load_workbook

    from bizcase.build.workbooks import values_workbook
    from bizcase.core.inputs import load_inputs

    register = data_copy / "assumptions.csv"
    rows = list(csv.DictReader(open(register, encoding="utf-8")))
    formula = '=HYPERLINK("http://example.invalid","klik")'
    next(r for r in rows if r["id"] == "cost_per_fte")["description"] = formula
    with open(register, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    inputs = load_inputs(data_copy)
    assert inputs.register["cost_per_fte"].description == formula
    path = data_copy.parent / "b.xlsx"
    path.write_bytes(values_workbook(inputs))
    wb = load_workbook(path)
    cells = [c for row in wb["Aannames"].iter_rows() for c in row if c.value == formula]
    assert len(cells) == 1 and cells[0].data_type == "s"
    assert not [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
