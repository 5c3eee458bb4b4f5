"""Hostile input: every case ends in one clear message, exit code 2, nothing written, inputs intact.

Each case breaks a private copy of data/ (or passes a bad option), runs `bizcase run`, and
checks the message names the file (or option), the field and the value.
"""
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from bizcase.cli import main

ROOT = Path(__file__).resolve().parents[1]


def tree_hash(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(name, old, new):
    def apply(d: Path):
        text = (d / name).read_text(encoding="utf-8")
        assert old in text, (name, old)
        (d / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def write(name, content: bytes):
    def apply(d: Path):
        (d / name).write_bytes(content)
    return apply


def remove(name):
    return lambda d: (d / name).unlink()


def header_only(name):
    def apply(d: Path):
        first = (d / name).read_text(encoding="utf-8").splitlines()[0]
        (d / name).write_text(first + "\n", encoding="utf-8")
    return apply


def append(name, line):
    def apply(d: Path):
        with open(d / name, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
    return apply


def nothing(d: Path):
    pass


# case: (how to break data/, extra arguments, texts the one-line message must contain)
CASES = {
    "missing file": (remove("fte.csv"), [], ["fte.csv", "no such file"]),
    "empty file": (write("assumptions.csv", b""), [], ["assumptions.csv", "empty file"]),
    "unreadable bytes": (write("harmonisation.csv", b"year,share\n2015,\xff\xfe0.25\n"), [], ["harmonisation.csv", "UTF-8"]),
    "header only": (header_only("programme_costs.csv"), [], ["programme_costs.csv", "at least one data row"]),
    "missing column": (edit("fte.csv", "ict_centre,", "centre,"), [], ["fte.csv", "ict_centre"]),
    "extra column": (edit("harmonisation.csv", "year,share,status,source", "year,share,status,source,note"),
                     [], ["harmonisation.csv", "note"]),
    "misspelt column": (edit("assumptions.csv", "id,value,unit", "id,vaule,unit"), [], ["assumptions.csv", "value"]),
    "duplicate id": (append("assumptions.csv", "indexation_rate,0.02,share,again,x,published,,,"),
                     [], ["assumptions.csv", "indexation_rate", "already used"]),
    "text for a number": (edit("assumptions.csv", "indexation_rate,0.02", "indexation_rate,two percent"),
                          [], ["assumptions.csv", "indexation_rate", "'two percent'", "a number"]),
    "negative term": (edit("depreciation_terms.csv", "applications,5,5,5", "applications,-5,5,5"),
                      [], ["depreciation_terms.csv", "haarlem", "-5"]),
    "zero term": (edit("depreciation_terms.csv", "facilities,10,3,10", "facilities,10,0,10"),
                  [], ["depreciation_terms.csv", "haarlemmermeer", "'0'"]),
    "share above 1": (edit("assumptions.csv", "indexation_rate,0.02", "indexation_rate,1.5"),
                      [], ["assumptions.csv", "indexation_rate", "1.5", "share from 0 to 1"]),
    "percentage as share": (edit("harmonisation.csv", "2016,0.50", "2016,50"), [], ["harmonisation.csv", "50"]),
    "schedule that falls": (edit("harmonisation.csv", "2017,0.75", "2017,0.40"), [], ["harmonisation.csv", "2017", "0.4", "may not fall"]),
    "unknown category": (edit("category_split.csv", "facilities,0.10", "printers,0.10"), [], ["category_split.csv", "printers"]),
    "unknown status": (edit("harmonisation.csv", "2015,0.25,published", "2015,0.25,guessed"),
                       [], ["harmonisation.csv", "status", "guessed"]),
    "not a number: NaN": (edit("assumptions.csv", "indexation_rate,0.02", "indexation_rate,nan"), [], ["indexation_rate", "nan"]),
    "year out of range": (edit("assumptions.csv", "year_first,2013", "year_first,1850"), [], ["year_first", "1850", "2000 to 2100"]),
    "low above high": (edit("assumptions.csv", ",0.01,0.03\n", ",0.03,0.01\n"), [], ["indexation_rate", "low", "at most high"]),
    "reconstructed without reasoning": (edit("assumptions.csv", "De migratie naar het gemeenschappelijke rekencentrum vindt "
                                             "plaats bij de start van het ICT-centrum (1 januari van het eerste jaar).", ""),
                                        [], ["transition_offset", "reasoning"]),
    "id the model does not read": (append("assumptions.csv", "extra_guess,1,share,a guess,nowhere,reconstructed,x,,"),
                                   [], ["extra_guess", "an id the model reads"]),
    "missing id the model reads": (edit("assumptions.csv", "cost_per_fte,", "cost_per_fet,"), [],
                                   ["assumptions.csv", "cost_per_fet", "did you mean 'cost_per_fte'"]),
    "unit column changed": (edit("assumptions.csv", "year_first,2013,year,", "year_first,2013.5,share,"), [],
                            ["assumptions.csv", "year_first", "'share'", "bizcase/schema.py"]),
    "calibrated value in the register": (edit("assumptions.csv", "cost_per_fte,,", "cost_per_fte,80000,"), [],
                                         ["assumptions.csv", "cost_per_fte", "80000", "calibrated.csv"]),
    "calibrated file without a value": (edit("calibrated.csv", "cost_per_fte,", "cost_per_fee,"), [],
                                        ["calibrated.csv", "cost_per_fee"]),
    "amount above the ceiling": (edit("assumptions.csv", "transition_cost,1000000", "transition_cost,1e300"), [],
                                 ["transition_cost", "1e+300", "1,000,000,000"]),
    "one-off before the period": (edit("project_costs.csv", "quartermaster,-1,", "quartermaster,-3,"), [],
                                  ["project_costs.csv", "quartermaster", "2011", "may not fall before the period"]),
    "split not adding to 1": (edit("category_split.csv", "workplace,0.35", "workplace,0.45"), [], ["category_split.csv", "share", "adding up to 1"]),
    "negative amount": (edit("project_costs.csv", "quartermaster,-1,,200000", "quartermaster,-1,,-200000"),
                        [], ["project_costs.csv", "amount_eur", "-200000"]),
    "ragged row": (append("fte.csv", "extra,1,2,3,src,surplus"), [], ["fte.csv", "fields"]),
    "unknown --set id": (nothing, ["--set", "cost_per_fet=1"], ["--set", "cost_per_fet", "did you mean 'cost_per_fte'"]),
    "malformed --set": (nothing, ["--set", "cost_per_fte:90000"], ["--set", "cost_per_fte:90000", "ID=VALUE"]),
    "empty --set value": (nothing, ["--set", "cost_per_fte="], ["--set", "ID=VALUE"]),
    "--set not a number": (nothing, ["--set", "cost_per_fte=lots"], ["--set", "cost_per_fte", "'lots'", "a number"]),
    "--set negative cost": (nothing, ["--set", "transition_cost=-5"], ["transition_cost", "-5", "from 0 to"]),
    "--set zero term": (nothing, ["--set", "term_applications_collaboration=0"], ["term_applications_collaboration", "1 to 100 whole years"]),
    "--set fractional year": (nothing, ["--set", "ict_centre_start_year=2014.5"], ["ict_centre_start_year", "2014.5", "whole year"]),
    "--set shares above 1": (nothing, ["--set", "s3_investment_share_year1=0.8", "--set", "s3_investment_share_year2=0.5"],
                             ["s3_investment_share_year2", "0.5", "add up to at most 1"]),
    "--set falling schedule": (nothing, ["--set", "harmonised_share_2016=0.1"], ["2016", "0.1", "may not fall"]),
    "--set extrapolated year": (nothing, ["--set", "year_extrapolated=2020"], ["year_extrapolated", "2020", "derived"]),
    "--set money to 1e300": (nothing, ["--set", "baseline_exploitation_haarlem=1e300"],
                             ["baseline_exploitation_haarlem", "1e300", "1,000,000,000"]),
    "--set infinite": (nothing, ["--set", "cost_per_fte=inf"], ["cost_per_fte", "inf", "finite"]),
    "--set draws zero": (nothing, ["--set", "montecarlo_draws=0"], ["montecarlo_draws", "from 1 to"]),
    "--set same id twice": (nothing, ["--set", "cost_per_fte=80000", "--set", "cost_per_fte=90000"],
                            ["cost_per_fte", "each id once"]),
    "--set one-off before the period": (nothing, ["--set", "transition_offset=-2"],
                                        ["transition_offset", "-2", "2012"]),
    "nonexistent --data": ("no data", [], ["no such folder"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input(case, data_copy, tmp_path, capsys):
    breaker, extra, needles = CASES[case]
    data = data_copy
    if breaker == "no data":
        data = tmp_path / "missing-data"
    else:
        breaker(data)
    before = tree_hash(data_copy)
    out = tmp_path / "out"
    code = main(["run", "--data", str(data), "--out", str(out), *extra])
    captured = capsys.readouterr()
    assert code == 2, captured
    err = captured.err
    assert err.startswith("bizcase: error: ") and err.count("\n") == 1, err
    for needle in needles:
        assert needle in err, (needle, err)
    assert captured.out == ""
    assert not out.exists(), "nothing may be written"
    assert tree_hash(data_copy) == before, "inputs must not change"


def test_there_are_at_least_25_cases():
    assert len(CASES) >= 25


VARIANTS = {
    "not YAML": ("cost_per_fte: [80000, \n", ["v.yml", "YAML"]),
    "a list, not a mapping": ("- cost_per_fte\n- 80000\n", ["v.yml", "list", "mapping"]),
    "nested value": ("cost_per_fte:\n  low: 1\n", ["v.yml", "cost_per_fte", "single number"]),
    "unknown id": ("cost_per_ftee: 80000\n", ["v.yml", "cost_per_ftee"]),
    "text value": ("cost_per_fte: many\n", ["v.yml", "cost_per_fte", "'many'"]),
    "boolean value": ("overhead_included: yes\n", ["v.yml", "overhead_included", "a number"]),
    "duplicate key": ("cost_per_fte: 80000\ncost_per_fte: 90000\n", ["v.yml", "line 2", "duplicate key 'cost_per_fte'"]),
    "outside the hard bounds": ("indexation_rate: 2\n", ["v.yml", "indexation_rate", "share from 0 to 1"]),
    "a mapping as key (found by the fuzz test)": ("? {a: 1}\n: 2\n", ["v.yml", "line 1", "not a plain id"]),
}


@pytest.mark.parametrize("case", list(VARIANTS))
def test_bad_variant_file(case, tmp_path, capsys):
    content, needles = VARIANTS[case]
    variant = tmp_path / "v.yml"
    variant.write_text(content)
    out = tmp_path / "out"
    assert main(["run", "--params", str(variant), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("bizcase: error: ") and err.count("\n") == 1
    for needle in needles:
        assert needle in err, (needle, err)
    assert not out.exists()


def test_missing_params_file(tmp_path, capsys):
    assert main(["run", "--params", str(tmp_path / "nope.yml"), "--out", str(tmp_path / "o")]) == 2
    assert "nope.yml" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["run", "--set", "cost_per_fte=x"],
    ["compare", "--data", "/nonexistent"],
    ["sensitivity", "--draws", "10", "--set", "bogus=1"],
])
def test_real_command_prints_no_traceback(argv, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "bizcase", *argv, *(["--out", str(tmp_path / "o")] if argv[0] != "compare" else [])],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.startswith("bizcase: error: ")
    assert not (tmp_path / "o").exists()


REFERENCE_CASES = {
    "unknown municipality": (edit("published_costs.csv", "Haarlem,baseline,2013", "Amsterdam,baseline,2013"),
                             ["published_costs.csv", "municipality", "Amsterdam"]),
    "unknown scenario": (edit("published_costs.csv", "Haarlem,s2,2013", "Haarlem,s4,2013"),
                         ["published_costs.csv", "scenario", "s4"]),
    "damaged number": (edit("published_costs.csv", "Haarlem,baseline,2014,11100", "Haarlem,baseline,2014,11.1OO"),
                       ["published_costs.csv", "cost_eur_x1000", "11.1OO"]),
    "missing claim": (edit("published_claims.csv", "fte_s3_total,", "fte_s3_totaal,"),
                      ["published_claims.csv", "fte_s3_totaal"]),
}


@pytest.mark.parametrize("case", list(REFERENCE_CASES))
def test_bad_reference_file(case, data_copy, capsys):
    # The published figures are validated like every input, by compare (run never reads them).
    breaker, needles = REFERENCE_CASES[case]
    breaker(data_copy)
    before = tree_hash(data_copy)
    assert main(["compare", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("bizcase: error: ") and err.count("\n") == 1, err
    for needle in needles:
        assert needle in err, (needle, err)
    assert tree_hash(data_copy) == before
    # the model does not read the reference: run still works on the same data
    assert main(["run", "--data", str(data_copy), "--out", str(data_copy.parent / "out")]) == 0


def test_value_outside_the_plausible_range_is_accepted_with_a_warning(data_copy, tmp_path, capsys):
    text = (data_copy / "assumptions.csv").read_text()
    (data_copy / "assumptions.csv").write_text(text.replace("interest_rate_collaboration,0.05", "interest_rate_collaboration,0.09"))
    assert main(["run", "--data", str(data_copy), "--out", str(tmp_path / "o"), "--set", "cost_per_fte=99000"]) == 0
    err = capsys.readouterr().err
    assert "interest_rate_collaboration" in err and "outside its plausible range" in err
    assert "cost_per_fte" in err and "--set" in err
    import json
    warnings = json.loads((tmp_path / "o" / "summary.json").read_text())["warnings"]
    assert len(warnings) == 2
