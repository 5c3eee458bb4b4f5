"""Validation against the published report (par. 6.1-6.2, 5.2-5.3)."""
import pytest

from bizcase import compare
from bizcase.model import evaluate


@pytest.fixture(scope="module")
def checked(inputs):
    result = evaluate(inputs)
    return compare.cells(inputs, result), compare.claims(inputs, result)


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


def test_a_wrong_assumption_fails_the_comparison(inputs):
    # The comparison can fail: a 10 % higher cost per FTE moves the cells out of tolerance.
    result = evaluate(inputs, {"cost_per_fte": inputs.params["cost_per_fte"] * 1.1})
    assert not compare.passes(compare.cells(inputs, result), compare.claims(inputs, result))


def test_published_figures_are_not_model_inputs(inputs):
    # Changing the reference data changes the verdict, never the model's figures.
    before = evaluate(inputs).combined_total("s2")
    inputs2 = type(inputs)(**{**inputs.__dict__, "published_costs": []})
    assert evaluate(inputs2).combined_total("s2") == pytest.approx(before)
