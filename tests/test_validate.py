"""bizcase.validate: hold-out refits forget the held-out cells; CSV and JSON agree."""
import copy
import csv
import io
import json

import numpy as np
import pytest

from bizcase.build.generated import structural_choices, validation_summary
from bizcase.cli import main
from bizcase.fit import calibrate as calib
from bizcase.fit import holdouts as ho
from bizcase.fit import source_checks as sc
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
    """The whole command (every hold-out, the structure fixed for speed; about 15 s here) writes
    both files and the section; the structural choices are tested in test_rechosen.py."""
    out, report = tmp_path / "validation", tmp_path / "validation.md"
    args = ["validate", "--data", str(DATA), "--out", str(out), "--report", str(report), "--fixed-structure"]
    assert main(args) == 0
    data = json.loads((out / "validation.json").read_text())
    assert data["holdouts"]["leave-one-out"]["out_of_sample"]["cells"] == 32
    assert data["structure_rechosen"] is None
    text = report.read_text()
    assert text.startswith(VALIDATION_HEADER) and "--fixed-structure" in text
    report.write_text("something else")
    assert main(args) == 2


def test_committed_validation_is_current():
    # The Verantwoording shows docs/validation/validation.json; it must belong to the current model and data.
    summary = validation_summary()
    assert summary["current"], "docs/validation/ is out of date: run `make validate`"
    assert summary["holdouts"]["leave-one-out"]["out_of_sample"]["cells"] == 32
    rechosen = summary["structure_rechosen"]
    assert [d["decision"] for d in rechosen["decisions"]] == [c.decision for c in structural_choices()]
    assert {g["holdout"] for g in rechosen["groups"]} == {
        r["holdout"] for g in summary["grouped_holdouts"].values() for r in g["groups"]}


# --- issue 22: grouped hold-outs, residual test, checks against the source --------------------------

def test_linked_groups_partition_the_collaboration_cells():
    """Each linked group holds both municipalities' cells of one scenario and year; the first S3.0
    year goes with S2.0 of that year; together the groups cover every collaboration cell once."""
    reference = load_reference(DATA)
    groups = ho.linked_groups(reference)
    collab = [calib.cell_key(r) for r in reference.costs if r.scenario in ("s2", "s3")]
    held = [k for g in groups for k in g.exclude]
    assert sorted(held) == sorted(collab) and len(held) == len(set(held))
    first = ho.first_s3_year(reference)
    for g in groups:
        years = {k[2] for k in g.exclude}
        assert len(years) == 1
        assert {k[0] for k in g.exclude} == {"Haarlem", "Haarlemmermeer"}
        assert len(g.exclude) == (4 if years == {first} else 2)
        assert g.claims == calib.CLAIM_TARGETS


def test_whole_years_keep_the_claims_and_cover_every_cell():
    reference = load_reference(DATA)
    years = ho.whole_years(reference)
    held = sorted(k for h in years for k in h.exclude)
    assert held == sorted(calib.cell_key(r) for r in reference.costs)
    assert all(h.claims == calib.CLAIM_TARGETS and len({k[2] for k in h.exclude}) == 1 for h in years)


def test_linked_refit_forgets_both_cells():
    """Moving both cells of a linked group by EUR 500,000 moves neither prediction."""
    inputs, reference = load_inputs(DATA), load_reference(DATA)
    h = next(g for g in ho.linked_groups(reference) if g.name == "linked:s3/2016")
    before = ho.run_holdouts(inputs, reference, [h])[0]
    moved = copy.deepcopy(reference)
    for row in moved.costs:
        if calib.cell_key(row) in h.exclude:
            row.cost_eur_x1000 += 500
    after = ho.run_holdouts(inputs, moved, [h])[0]
    assert len(before.rows) == 2
    for a, b in zip(before.rows, after.rows):
        assert b["published_eur"] == a["published_eur"] + 500_000
        assert b["out_of_sample_eur"] == pytest.approx(a["out_of_sample_eur"], abs=1e-6)


def test_residual_test_p_value():
    """On 2 degrees of freedom the chi-square survival function is exp(-x / 2)."""
    t = val.residual_test({"residual_sum_of_squares": 4.0, "cells": 5, "rank": 3})
    assert t["degrees_of_freedom"] == 2 and t["variance_ratio"] == 2.0
    assert t["p_value"] == pytest.approx(np.exp(-2.0), rel=5e-3)  # three significant digits


def test_half_step_of_a_quoted_figure():
    assert sc.half_step(1_600_000) == 50_000
    assert sc.half_step(59) == 0.5
    assert sc.half_step(2.5) == pytest.approx(0.05)
    assert sc.half_step(0) == 0.5


def test_source_checks_take_the_source_from_data_and_the_prediction_from_the_model():
    """Haarlem's gap does not agree at the fitted cost per FTE, and does at the one the source's own
    figures imply: the predicted side moves with the model, the source side is the data's."""
    inputs = load_inputs(DATA)
    rows = {r["check"]: r for r in sc.source_checks(inputs)}
    gap = rows["haarlem_gap"]
    assert gap["source"] == inputs.report_facts["haarlem_gap_baseline_above_budget"].value
    assert not gap["agrees"]
    implied = round(gap["details"]["implied_cost_per_fte"])
    again = {r["check"]: r for r in sc.source_checks(load_inputs(DATA, {"cost_per_fte": implied}))}
    assert again["haarlem_gap"]["agrees"]
    assert again["haarlem_gap"]["predicted"] != gap["predicted"]
    assert rows["haarlemmermeer_fte"]["source"] == inputs.report_facts["haarlemmermeer_fte_in_text"].value
    assert rows["haarlemmermeer_fte"]["predicted"] == inputs.values["fte_baseline_haarlemmermeer"]
    # a statement whose model side follows from the fit's targets says so
    assert rows["not_recovered_s2"]["follows_from_targets"] and not gap["follows_from_targets"]


def test_committed_validation_leads_with_the_grouped_figures():
    report = (DATA.parent / "docs" / "validation.md").read_text()
    order = ["## Grouped hold-outs", "## Residual test", "## Checks against the source", "## All hold-outs"]
    places = [report.index(h) for h in order]
    assert places == sorted(places)
    summary = validation_summary()
    assert set(summary["grouped_holdouts"]) == {"linked", "year", "s3-block"}
    assert summary["grouped_holdouts"]["linked"]["out_of_sample"]["cells"] == 20
    assert summary["grouped_holdouts"]["year"]["out_of_sample"]["cells"] == 32
