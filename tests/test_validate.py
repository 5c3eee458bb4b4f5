"""bizcase.validate: hold-out refits forget the held-out cells; CSV and JSON agree."""
import copy
import csv
import io
import json

import numpy as np
import pytest

from bizcase.build.generated import validation_summary
from bizcase.cli import main
from bizcase.fit import calibrate as calib
from bizcase.fit import holdouts as ho
from bizcase.fit import validate as val
from bizcase.publish.docs import VALIDATION_HEADER
from bizcase.core.inputs import load_inputs
from bizcase.fit.reference import load_reference
from conftest import DATA


@pytest.fixture(scope="module")
def setup():
    inputs = load_inputs(DATA)
    reference = load_reference(DATA)
    loo = ho.leave_one_out(reference)
    picked = [h for h in loo if h.name in ("loo:Haarlem/s2/2015", "loo:Haarlemmermeer/baseline/2013")]
    block = [h for h in ho.blocks(reference) if h.name == "block:2018"]
    outcomes, summary = val.run(inputs, reference, picked + block)
    return inputs, reference, picked, outcomes, summary


def test_columns_and_types(setup):
    _, _, _, outcomes, summary = setup
    rows = list(csv.DictReader(io.StringIO(val.files(outcomes, summary)["validation.csv"])))
    assert tuple(rows[0]) == val.CSV_COLUMNS
    assert len(rows) == 2 + 6
    for r in rows:
        int(r["year"])
        for c in ("published_eur", "in_sample_eur", "out_of_sample_eur", "difference_eur"):
            float(r[c])
        assert abs(float(r["out_of_sample_eur"]) - float(r["published_eur"]) - float(r["difference_eur"])) < 0.02


def test_out_of_sample_differs_from_in_sample(setup):
    _, _, _, outcomes, _ = setup
    for o in outcomes:
        for r in o.rows:
            assert r["out_of_sample_eur"] != r["in_sample_eur"]


def test_refit_forgets_the_held_out_cell(setup):
    """Moving the held-out cell's published figure by EUR 500,000 does not move its prediction."""
    inputs, reference, picked, outcomes, _ = setup
    h = picked[0]
    moved = copy.deepcopy(reference)
    for row in moved.costs:
        if calib.cell_key(row) in h.exclude:
            row.cost_eur_x1000 += 500
    again = ho.run_holdouts(inputs, moved, [h])[0]
    assert again.rows[0]["published_eur"] == outcomes[0].rows[0]["published_eur"] + 500_000
    assert again.rows[0]["out_of_sample_eur"] == pytest.approx(outcomes[0].rows[0]["out_of_sample_eur"], abs=1e-6)


def test_batched_refit_equals_fit_from(setup):
    """The batched refits follow bizcase.calibrate.fit_from (the residual subsets are the same)."""
    inputs, reference, picked, _, _ = setup
    ids, x0 = ho.full_fit(inputs)
    masks = ho.residual_masks(inputs, reference, picked)
    x = x0 * 1.001
    for h, m in zip(picked, masks):
        full = calib.residuals_many(inputs, reference, ids, x[None, :])[0][m]
        sub = calib.residuals_many(inputs, reference, ids, x[None, :], exclude=h.exclude, claims=h.claims)[0]
        assert np.array_equal(full, sub)


def test_json_counts_agree_with_csv(setup):
    _, _, _, outcomes, summary = setup
    files = val.files(outcomes, summary)
    data = json.loads(files["validation.json"])
    rows = list(csv.DictReader(io.StringIO(files["validation.csv"])))
    groups = {"leave-one-out": [r for r in rows if r["holdout"].startswith("loo:")],
              "block:2018": [r for r in rows if r["holdout"] == "block:2018"]}
    assert set(data["holdouts"]) == set(groups)
    for name, group in groups.items():
        o = data["holdouts"][name]["out_of_sample"]
        diffs = [abs(float(r["difference_eur"])) for r in group]
        assert o["cells"] == len(group)
        assert o["within_25000"] == sum(d <= 25_000 for d in diffs)
        assert o["within_50000"] == sum(d <= 50_000 for d in diffs)
        assert o["largest_abs_difference_eur"] == pytest.approx(max(diffs), abs=0.01)
    # without the 2018 column nothing informs the volume growth: not fitted, set to its range's middle
    assert data["holdouts"]["block:2018"]["uninformed_ids"] == ["volume_growth"]
    ident = data["identifiability"]
    assert data["effective_targets"]["effective_targets"] == ident["rank"] + 3
    assert files["validation.json"] == val.validation_json(json.loads(files["validation.json"]))


def test_full_validate_run(tmp_path):
    """The whole command (every hold-out; about 15 s here) writes both files and the section."""
    out, report = tmp_path / "validation", tmp_path / "validation.md"
    assert main(["validate", "--data", str(DATA), "--out", str(out), "--report", str(report)]) == 0
    data = json.loads((out / "validation.json").read_text())
    assert data["holdouts"]["leave-one-out"]["out_of_sample"]["cells"] == 32
    assert report.read_text().startswith(VALIDATION_HEADER)
    report.write_text("something else")
    assert main(["validate", "--data", str(DATA), "--out", str(out), "--report", str(report)]) == 2


def test_committed_validation_is_current():
    # The Verantwoording shows docs/validation/validation.json; it must belong to the current model and data.
    summary = validation_summary()
    assert summary["current"], "docs/validation/ is out of date: run `make validate`"
    assert summary["holdouts"]["leave-one-out"]["out_of_sample"]["cells"] == 32
