"""Verification: invariants of the model, whatever the parameter values."""
import numpy as np
import pytest

from bizcase.core.capital import depreciation_factors
from bizcase.core.schema import MUNICIPALITIES
from bizcase.core.model import CATEGORIES, evaluate
from bizcase.core.renewal import renewal_investment


@pytest.fixture(scope="module")
def result(inputs):
    return evaluate(inputs)


def test_municipal_parts_add_up_to_the_combined_total(result):
    for sc in ("baseline", "s2", "s3"):
        for cat in CATEGORIES:
            parts = sum(result.costs[(m, sc)][cat] for m in MUNICIPALITIES)
            assert parts == pytest.approx(result.combined[sc][cat], abs=1e-6), (sc, cat)


def test_allocation_shares_follow_inhabitants(inputs, result):
    p = inputs.values
    share = p["inhabitants_haarlem"] / (p["inhabitants_haarlem"] + p["inhabitants_haarlemmermeer"])
    assert float(result.shares["Haarlem"]) == pytest.approx(share)
    for sc in ("s2", "s3"):
        assert result.total("Haarlem", sc) == pytest.approx(share * result.combined_total(sc))


def test_s3_equals_s2_until_harmonisation_takes_effect(inputs, result):
    years = list(result.years)
    first_effect = 2015 + int(inputs.values["harmonisation_effect_lag"])
    for y in range(years[0], first_effect):
        i = years.index(y)
        for cat in CATEGORIES:
            assert result.combined["s3"][cat][..., i] == pytest.approx(result.combined["s2"][cat][..., i])
    i = years.index(first_effect)
    assert result.combined_total("s3")[..., i] != pytest.approx(result.combined_total("s2")[..., i])


def test_later_harmonisation_keeps_s3_on_s2_longer(inputs):
    r = evaluate(inputs, {"harmonisation_effect_lag": 2})
    years = list(r.years)
    i = years.index(2016)
    assert r.combined_total("s3")[..., : i + 1] == pytest.approx(r.combined_total("s2")[..., : i + 1])


def test_baseline_and_s2_share_the_exploitation_categories(result):
    for cat in ("workplace", "communication", "facilities", "applications", "infrastructure"):
        assert result.combined["s2"][cat] == pytest.approx(result.combined["baseline"][cat])


def test_one_off_costs_are_conserved(inputs, result):
    # Every one-off euro is in the modelled years or reported after them; at the register's
    # values nothing falls after 2018, and the S3.0 investment's last tranche falls in 2018.
    p = inputs.values
    for sc in ("s2", "s3"):
        stated = {"project": sum(r.amount_eur for r in inputs.project), "transition": p["transition_cost"],
                  "friction": p["friction_cost"], "harmonisation_investment": p["s3_investment"] * (sc == "s3")}
        for cat, amount in stated.items():
            assert result.combined[sc][cat].sum() + result.oneoff_after[sc][cat] == pytest.approx(amount), (sc, cat)
            assert result.oneoff_after[sc][cat] == pytest.approx(0)
    assert result.combined["s3"]["harmonisation_investment"][-1] > 0
    assert result.combined["baseline"]["project"].sum() == 0


def test_renewal_depreciation_adds_up_to_the_investment(inputs):
    # Every renewal vintage is written off completely: its depreciation sums to the amount.
    P = inputs.params
    years = np.arange(2013, 2040)
    for m in P.municipalities:
        dep = depreciation_factors(np.arange(2013, 2018), m.term, years)
        assert (renewal_investment(P, m) * dep).sum() == pytest.approx(5 * renewal_investment(P, m))


def test_personnel_is_fte_times_indexed_cost(inputs, result):
    p = inputs.values
    years = result.years
    index = (1 + p["indexation_rate"]) ** (years - 2013)
    fte = p["fte_baseline_haarlem"]
    assert result.costs[("Haarlem", "baseline")]["personnel"][:-1] == pytest.approx(
        (fte * p["cost_per_fte"] * index)[:-1])
    centre = sum(r.ict_centre for r in inputs.fte) + 2 * p["cio_office_fte"]
    i = list(years).index(2015)
    assert result.combined["s2"]["personnel"][i] == pytest.approx(centre * p["cost_per_fte"] * index[i])


def test_extrapolated_year_grows_by_price_and_volume(inputs, result):
    p = inputs.values
    growth = (1 + p["indexation_rate"]) * (1 + p["volume_growth"])
    for key in (("Haarlem", "baseline"), ("Haarlemmermeer", "s2")):
        total = result.total(*key)
        assert total[-1] == pytest.approx(total[-2] * growth)


def test_vectorised_evaluation_equals_one_by_one(inputs):
    draws = {"cost_per_fte": np.array([70_000.0, 80_000.0, 90_000.0]),
             "s3_software_reduction": np.array([0.2, 0.35, 0.4]),
             "harmonisation_effect_lag": np.array([0, 1, 2])}
    many = evaluate(inputs, draws)
    for i in range(3):
        one = evaluate(inputs, {k: float(v[i]) for k, v in draws.items()})
        for sc in ("baseline", "s2", "s3"):
            assert many.combined_total(sc)[i] == pytest.approx(one.combined_total(sc))


def test_more_software_reduction_lowers_s3_only(inputs, result):
    r = evaluate(inputs, {"s3_software_reduction": 0.45})
    assert (r.combined_total("s3") <= result.combined_total("s3") + 1e-6).all()
    assert r.combined_total("s3")[-1] < result.combined_total("s3")[-1]
    assert r.combined_total("s2") == pytest.approx(result.combined_total("s2"))


def test_overhead_flag_adds_overhead_from_its_first_year(inputs, result):
    r = evaluate(inputs, {"overhead_included": 1})
    extra = r.combined_total("s2") - result.combined_total("s2")
    years = list(r.years)
    oh = inputs.values["overhead_ict_centre"]
    assert extra[years.index(2014)] == pytest.approx(0)
    assert extra[years.index(2016)] == pytest.approx(oh)
