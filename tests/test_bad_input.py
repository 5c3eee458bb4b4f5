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
    "duplicate id": (append("assumptions.csv", "cost_per_fte,80000,EUR/FTE,again,x,published,no,,,"),
                     [], ["assumptions.csv", "cost_per_fte", "already used"]),
    "text for a number": (edit("assumptions.csv", "indexation_rate,0.02", "indexation_rate,two percent"),
                          [], ["assumptions.csv", "indexation_rate", "'two percent'", "a number"]),
    "negative term": (edit("depreciation_terms.csv", "applications,5,5,5", "applications,-5,5,5"),
                      [], ["depreciation_terms.csv", "haarlem", "-5"]),
    "zero term": (edit("depreciation_terms.csv", "facilities,10,3,10", "facilities,10,0,10"),
                  [], ["depreciation_terms.csv", "haarlemmermeer", "'0'"]),
    "share above 1": (edit("assumptions.csv", "indexation_rate,0.02", "indexation_rate,1.5"),
                      [], ["assumptions.csv", "indexation_rate", "1.5", "share between 0 and 1"]),
    "percentage as share": (edit("harmonisation.csv", "2016,0.50", "2016,50"), [], ["harmonisation.csv", "50"]),
    "schedule that falls": (edit("harmonisation.csv", "2017,0.75", "2017,0.40"), [], ["harmonisation.csv", "2017", "0.4", "may not fall"]),
    "unknown municipality": (edit("published_costs.csv", "Haarlem,baseline,2013", "Amsterdam,baseline,2013"),
                             [], ["published_costs.csv", "municipality", "Amsterdam"]),
    "unknown scenario": (edit("published_costs.csv", "Haarlem,s2,2013", "Haarlem,s4,2013"), [], ["published_costs.csv", "scenario", "s4"]),
    "unknown category": (edit("category_split.csv", "facilities,0.10", "printers,0.10"), [], ["category_split.csv", "printers"]),
    "unknown status": (edit("harmonisation.csv", "2015,0.25,published", "2015,0.25,guessed"),
                       [], ["harmonisation.csv", "status", "guessed"]),
    "not a number: NaN": (edit("assumptions.csv", "indexation_rate,0.02", "indexation_rate,nan"), [], ["indexation_rate", "nan"]),
    "year out of range": (edit("assumptions.csv", "year_first,2013", "year_first,1850"), [], ["year_first", "1850", "2000 and 2100"]),
    "low above high": (edit("assumptions.csv", ",0.01,0.03\n", ",0.03,0.01\n"), [], ["indexation_rate", "low", "at most high"]),
    "outside plausible range": (edit("assumptions.csv", "interest_rate_collaboration,0.05", "interest_rate_collaboration,0.5"),
                                [], ["interest_rate_collaboration", "0.5", "plausible range"]),
    "reconstructed without reasoning": (append("assumptions.csv", "extra_guess,1,share,a guess,nowhere,reconstructed,no,,,"),
                                        [], ["extra_guess", "reasoning"]),
    "split not adding to 1": (edit("category_split.csv", "workplace,0.35", "workplace,0.45"), [], ["category_split.csv", "share", "adding up to 1"]),
    "negative amount": (edit("project_costs.csv", "quartermaster,2013,200000", "quartermaster,2013,-200000"),
                        [], ["project_costs.csv", "amount_eur", "-200000"]),
    "ragged row": (append("fte.csv", "extra,1,2,3,src,surplus"), [], ["fte.csv", "fields"]),
    "unknown --set id": (nothing, ["--set", "cost_per_fet=1"], ["--set", "cost_per_fet", "did you mean 'cost_per_fte'"]),
    "malformed --set": (nothing, ["--set", "cost_per_fte:90000"], ["--set", "cost_per_fte:90000", "ID=VALUE"]),
    "empty --set value": (nothing, ["--set", "cost_per_fte="], ["--set", "ID=VALUE"]),
    "--set not a number": (nothing, ["--set", "cost_per_fte=lots"], ["--set", "cost_per_fte", "'lots'", "a number"]),
    "--set negative cost": (nothing, ["--set", "transition_cost=-5"], ["transition_cost", "-5", "at least 0"]),
    "--set zero term": (nothing, ["--set", "term_applications_collaboration=0"], ["term_applications_collaboration", "at least 1"]),
    "--set fractional year": (nothing, ["--set", "ict_centre_start_year=2014.5"], ["ict_centre_start_year", "2014.5", "integer year"]),
    "--set shares above 1": (nothing, ["--set", "s3_investment_share_year1=0.8", "--set", "s3_investment_share_year2=0.5"],
                             ["s3_investment_share_year2", "0.5", "add up to at most 1"]),
    "--set falling schedule": (nothing, ["--set", "harmonised_share_2016=0.1"], ["2016", "0.1", "may not fall"]),
    "--set extrapolated year": (nothing, ["--set", "year_extrapolated=2020"], ["year_extrapolated", "2020"]),
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
