"""Every value the validation accepts runs through the model, the command line and every chapter.

Each edge variant below is accepted by the validation; the test runs it through `run`,
`compare`, `sensitivity` (few draws), the build's artefacts, the workbook and every chapter
notebook (executed in this process, see notebook_runner.py: about three seconds for the whole
report). As in the build, the artefacts are computed once and every chapter and the workbook read
them (which also checks that a chapter's inputs have the artefacts' fingerprint).
"""
import csv
import json
from pathlib import Path

import pytest

from bizcase.build import artefacts
from bizcase.build.workbooks import values_workbook
from bizcase.cli import main
from bizcase.core.inputs import load_inputs

from conftest import DATA, ROOT
from notebook_runner import run_notebook

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

EDGE_VARIANTS = {
    "centre starts 2016": {"ict_centre_start_year": 2016},
    "centre starts in the last computed year": {"ict_centre_start_year": 2017},
    "horizon ending 2016": {"year_last": 2016},
    "harmonisation lag 3": {"harmonisation_effect_lag": 3},
    "one Monte Carlo draw": {"montecarlo_draws": 1},
    "all one-offs zero": {"transition_cost": 0, "friction_cost": 0, "s3_investment": 0},
    "no indexation": {"indexation_rate": 0},
    "harmonisation never starts": {f"harmonised_share_{y}": 0 for y in (2015, 2016, 2017, 2018)},
    "transition fixed in 2013": {"transition_year": 2013},
}


def zero_tables(data: Path) -> None:
    """Set every amount of the project and programme tables to 0 (the 'all one-offs zero' case)."""
    for name in ("project_costs.csv", "programme_costs.csv"):
        rows = list(csv.DictReader(open(data / name, encoding="utf-8")))
        for r in rows:
            r["amount_eur"] = "0"
        with open(data / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)


@pytest.mark.parametrize("name", list(EDGE_VARIANTS))
def test_edge_variant_runs_everywhere(name, data_copy, tmp_path, capsys, monkeypatch):
    params = EDGE_VARIANTS[name]
    if name == "all one-offs zero":
        zero_tables(data_copy)
    sets = [x for k, v in params.items() for x in ("--set", f"{k}={v}")]
    inputs = load_inputs(data_copy, overrides=params)
    assert main(["run", "--data", str(data_copy), "--out", str(tmp_path / "run"), *sets]) == 0
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["years"][-1] == inputs.values["year_last"] + 1
    assert main(["compare", "--data", str(data_copy), *sets]) in (0, 1)
    assert main(["sensitivity", "--draws", "20", "--seed", "1", "--data", str(data_copy),
                 "--out", str(tmp_path / "sens"), *sets]) == 0
    files = {}
    for kind in artefacts.KINDS:
        files[kind] = tmp_path / f"{kind}.json"
        files[kind].write_bytes(artefacts.build(kind, inputs))
        monkeypatch.setenv(artefacts.ENV[kind], str(files[kind]))
    computed = tmp_path / "computed.txt"  # every analysis computed from here on (none: all are read)
    monkeypatch.setenv(artefacts.COUNT_ENV, str(computed))
    (tmp_path / "bizcase.xlsx").write_bytes(values_workbook(inputs, files))
    capsys.readouterr()
    for nb in NOTEBOOKS:
        run_notebook(nb, params, data_copy)
    assert not computed.exists(), computed.read_text()


def test_the_runner_reports_a_failing_chapter(data_copy):
    # The in-process runner is not a test that cannot fail: a value a chapter cannot take fails it.
    with pytest.raises(RuntimeError, match="00-samenvatting"):
        run_notebook(ROOT / "notebooks" / "00-samenvatting.ipynb", {"no_such_assumption": 1}, data_copy)
