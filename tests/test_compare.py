"""Validation against the published report (par. 6.1-6.2, 5.2-5.3)."""
import subprocess
import sys

import pytest

from bizcase.fit import compare
from bizcase.core.model import evaluate
from bizcase.fit.reference import load_reference

from conftest import DATA, ROOT


@pytest.fixture(scope="module")
def reference():
    return load_reference(DATA)


@pytest.fixture(scope="module")
def checked(inputs, reference):
    result = evaluate(inputs)
    return compare.cells(reference, result), compare.claims(inputs, reference, result)


def test_all_32_published_cells_are_compared(checked):
    cells, _ = checked
    assert len(cells) == 32
    assert {(c.municipality, c.scenario) for c in cells} == {
        (m, s) for m in ("Haarlem", "Haarlemmermeer") for s in ("baseline", "s2", "s3")}


def test_every_cell_within_one_rounding_step(checked):
    cells, _ = checked
    outside = [(c.municipality, c.scenario, c.year, round(c.difference_eur)) for c in cells if not c.within_tolerance]
    assert outside == []


def test_cells_identical_after_rounding(checked):
    cells, _ = checked
    different = [(c.municipality, c.scenario, c.year) for c in cells if not c.identical]
    assert len(cells) - len(different) >= compare.MIN_IDENTICAL, different


@pytest.mark.parametrize("claim_id", [
    "break_even_year_s2", "break_even_year_s3", "payback_years_s2", "saving_pct_2013_2018_s3",
    "investment_eur_s2", "investment_eur_s3", "fte_baseline_total", "fte_ict_centre_total", "fte_s3_total",
    "fte_technical_management_saving_s2",
])
def test_headline_claim(checked, claim_id):
    _, claims = checked
    claim = {c.id: c for c in claims}[claim_id]
    assert claim.ok, (claim.published, claim.reproduced)


def test_a_wrong_assumption_fails_the_comparison(inputs, reference):
    # The comparison can fail: a 10 % higher cost per FTE moves the cells out of tolerance.
    result = evaluate(inputs, {"cost_per_fte": inputs.values["cost_per_fte"] * 1.1})
    assert not compare.passes(compare.cells(reference, result), compare.claims(inputs, reference, result))


def test_claims_say_whether_they_test_the_model(checked):
    _, claims = checked
    kinds = {c.id: c.kind for c in claims}
    assert {k for k, v in kinds.items() if v == "model"} == {
        "break_even_year_s2", "break_even_year_s3", "payback_years_s2", "saving_pct_2013_2018_s3"}


def test_the_model_cannot_reach_the_reference(monkeypatch, tmp_path, capsys):
    # The published figures are read by bizcase.reference alone: make its loader and its table
    # reader raise, and a full model run (inputs, evaluation, every output file) still works.
    from bizcase.fit import reference as ref
    from bizcase.cli import main

    def boom(*args, **kwargs):
        raise AssertionError("the model tried to read the published figures")

    monkeypatch.setattr(ref, "load_reference", boom)
    monkeypatch.setattr(ref, "read_table", boom)
    assert main(["run", "--out", str(tmp_path / "o")]) == 0
    with pytest.raises(AssertionError, match="published figures"):
        main(["compare"])


def test_model_modules_do_not_import_the_reference():
    # the whole model and its analyses load without the published figures
    code = ("import sys, bizcase.core.model, bizcase.core.inputs, bizcase.core.metrics, bizcase.analysis.content; "
            "sys.exit(1 if 'bizcase.fit.reference' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
