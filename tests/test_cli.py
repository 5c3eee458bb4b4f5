"""The command line: outputs, determinism and bad input."""
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bizcase.cli import main

ROOT = Path(__file__).resolve().parents[1]


def tree_hash(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_run_writes_the_three_files(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", "--out", str(out)]) == 0
    totals = (out / "totals.csv").read_text().splitlines()
    assert totals[0] == "municipality,scenario,year,cost_eur"
    assert len(totals) == 1 + 2 * 3 * 6
    costs = (out / "costs.csv").read_text().splitlines()
    assert costs[0] == "municipality,scenario,year,category,cost_eur"
    summary = json.loads((out / "summary.json").read_text())
    for key in ("break_even_year", "break_even_year_by_municipality", "saving_pct", "saving_pct_computed_years",
                "investment_eur", "cumulative_difference_eur", "npv_eur"):
        assert set(summary[key]) == {"s2", "s3"}
    # the period the figures cover is named, not baked into a key
    assert summary["period"] == {"first": 2013, "last_computed": 2017, "extrapolated": 2018, "break_even_horizon": 2030}
    assert "Haarlemmermeer" in capsys.readouterr().out


def test_costs_add_up_to_totals(tmp_path):
    out = tmp_path / "out"
    main(["run", "--out", str(out)])
    sums = {}
    for line in (out / "costs.csv").read_text().splitlines()[1:]:
        m, sc, y, _, v = line.split(",")
        sums[(m, sc, y)] = sums.get((m, sc, y), 0.0) + float(v)
    for line in (out / "totals.csv").read_text().splitlines()[1:]:
        m, sc, y, v = line.split(",")
        assert sums[(m, sc, y)] == pytest.approx(float(v), abs=0.1)


def test_same_inputs_give_identical_bytes(tmp_path):
    main(["run", "--out", str(tmp_path / "a")])
    main(["run", "--out", str(tmp_path / "b")])
    assert tree_hash(tmp_path / "a") == tree_hash(tmp_path / "b")


def test_set_and_params_change_the_result(tmp_path):
    main(["run", "--out", str(tmp_path / "a")])
    main(["run", "--out", str(tmp_path / "b"), "--set", "harmonisation_effect_lag=2"])
    variant = tmp_path / "v.yml"
    variant.write_text("interest_rate_collaboration: 0.07\nterm_applications_collaboration: 7\n")
    main(["run", "--out", str(tmp_path / "c"), "--params", str(variant)])
    a, b, c = (json.loads((tmp_path / x / "summary.json").read_text()) for x in "abc")
    assert a["break_even_year"]["s3"] < b["break_even_year"]["s3"]
    assert c["overrides"] == {"interest_rate_collaboration": 0.07, "term_applications_collaboration": 7}
    assert a["cumulative_difference_eur"]["s2"] != c["cumulative_difference_eur"]["s2"]


def test_compare_exits_zero_within_tolerance(capsys):
    assert main(["compare"]) == 0
    out = capsys.readouterr().out
    assert "32/32" in out or "identical after rounding: 3" in out
    assert "result: PASS" in out


def test_compare_exits_non_zero_outside_tolerance(capsys):
    assert main(["compare", "--set", "cost_per_fte=95000"]) == 1
    assert "result: FAIL" in capsys.readouterr().out


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


BAD = {
    "unknown id": (lambda d: None, ["--set", "no_such_id=1"], "no_such_id"),
    "malformed set": (lambda d: None, ["--set", "cost_per_fte"], "ID=VALUE"),
    "set not a number": (lambda d: None, ["--set", "cost_per_fte=abc"], "'abc'"),
    "share above 1": (lambda d: None, ["--set", "indexation_rate=1.5"], "share from 0 to 1"),
    "negative term by set": (lambda d: None, ["--set", "term_applications_collaboration=-5"], "1 to 100 whole years"),
    "missing file": (lambda d: (d / "fte.csv").unlink(), [], "fte.csv"),
    "missing column": (lambda d: replace_in(d / "fte.csv", "ict_centre,", "ictcentre,"), [], "ict_centre"),
    "text for a number": (lambda d: replace_in(d / "fte.csv", "59.5", "lots"), [], "'lots'"),
    "negative term in file": (lambda d: replace_in(d / "depreciation_terms.csv", "applications,5,5,5", "applications,-5,5,5"), [], "depreciation term"),
    "share above 1 in file": (lambda d: replace_in(d / "harmonisation.csv", "2016,0.50", "2016,1.50"), [], "1.50"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_ends_with_one_clear_message(case, data_copy, tmp_path, capsys):
    breaker, extra, needle = BAD[case]
    breaker(data_copy)
    before = tree_hash(data_copy)
    out = tmp_path / "out"
    code = main(["run", "--data", str(data_copy), "--out", str(out), *extra])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("bizcase: error: ") and err.count("\n") == 1
    assert needle in err
    assert not out.exists()
    assert tree_hash(data_copy) == before


def test_nonexistent_data_folder(tmp_path, capsys):
    assert main(["run", "--data", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    assert "nope" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_variant_file_that_is_not_yaml(tmp_path, capsys):
    bad = tmp_path / "v.yml"
    bad.write_text("cost_per_fte: [1, 2\n")
    assert main(["run", "--params", str(bad), "--out", str(tmp_path / "out")]) == 2
    assert "v.yml" in capsys.readouterr().err


def test_existing_output_is_kept_when_input_is_bad(tmp_path, capsys):
    out = tmp_path / "out"
    main(["run", "--out", str(out)])
    before = tree_hash(out)
    assert main(["run", "--out", str(out), "--set", "cost_per_fte=-1"]) == 2
    assert tree_hash(out) == before


def test_no_traceback_from_the_real_command(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "bizcase", "run", "--set", "nonsense=1", "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("bizcase: error: --set, id 'nonsense'")
