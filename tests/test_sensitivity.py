"""Uncertainty analyses: tornado, switching values, delay, Monte Carlo, keys, NPV, workbook."""
import hashlib

import numpy as np
import pytest

from bizcase.core import allocation, metrics
from bizcase.analysis import montecarlo as mc
from bizcase.analysis import sensitivity as sa
from bizcase.cli import main
from bizcase.core.model import evaluate


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
        step = 1.0 if whole else 1e-6 * max(1.0, abs(x.switching_value))
        before = x.switching_value + toward_base * step  # on the register's side
        assert holds(inputs, x.id, before, x.conclusion) == x.holds_at_value, x
        assert holds(inputs, x.id, x.switching_value, x.conclusion) != x.holds_at_value, x


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


def test_workbook_sheets_and_values_equal_the_model(inputs, tmp_path):
    from openpyxl import load_workbook

    from bizcase import excel

    path = tmp_path / "b.xlsx"
    excel.write(inputs, path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Aannames", "Baseline", "Scenario's", "Resultaten", "Kerncijfers", "Verdeelsleutels",
                             "Validatie", "Uitspraken", "Gevoeligheid", "Omslagwaarden", "Monte Carlo"]
    result = evaluate(inputs)
    rows = {(r[0], r[1]): r[2:] for r in wb["Resultaten"].iter_rows(min_row=2, values_only=True)}
    for m in ("Haarlem", "Haarlemmermeer"):
        for sc, name in (("baseline", "Baseline"), ("s2", "Samenwerking 2.0"), ("s3", "Samenwerking 3.0")):
            assert list(rows[(m, name)]) == pytest.approx(list(result.total(m, sc)))
    key = {(r[0], r[1]): r[2] for r in wb["Kerncijfers"].iter_rows(min_row=2, values_only=True)}
    s = metrics.summary(result)
    assert key[("Samenwerking 2.0", "Break-even (jaar)")] == s["break_even_year"]["s2"]
    assert key[("Samenwerking 3.0", "Investering (€)")] == pytest.approx(s["investment_eur"]["s3"])
    register = {r[0]: r[1] for r in wb["Aannames"].iter_rows(min_row=2, values_only=True)}
    assert register["cost_per_fte"] == inputs.values["cost_per_fte"]
    assert wb["Resultaten"].freeze_panes == "B2"
    again = tmp_path / "again.xlsx"
    excel.write(inputs, again)
    assert again.read_bytes() == path.read_bytes()
