"""Hand-worked checks of bizcase.sensitivity on the synthetic data set (tests/handworked_data.py).

Uncertain assumptions of the synthetic register: indexation_rate 0 .. 0.5 (value 0.1),
cost_per_fte 40,000 .. 60,000 (50,000), harmonisation_effect_lag 0 .. 2 (1), discount_rate
0.05 .. 0.15 (0.10). Figures of the base case are worked in tests/test_handworked.py:
S2.0 - baseline per year 2013-2018 = 60,000; 210,000; -488,000; -764,800; -1,061,280;
-1,225,778.4 (cumulative -3,269,858.4). Its personnel part is proportional to the cost per
FTE: -968,000 - 1,064,800 - 1,171,280 - 1,352,828.4 = -4,556,908.4 at 50,000; the rest
(programme 221,550, project 250,000, transition 300,000, friction 200,000, overhead 315,500)
is 1,287,050.
"""
import dataclasses

import numpy as np
import pytest
from handworked_data import build
from numpy.testing import assert_allclose

from bizcase.core import metrics
from bizcase.analysis import montecarlo as mc
from bizcase.analysis import sensitivity as sa
from bizcase.core.model import evaluate

D_S2 = np.array([60_000, 210_000, -488_000, -764_800, -1_061_280, -1_225_778.4])


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    from bizcase.core.inputs import load_inputs

    return load_inputs(build(tmp_path_factory.mktemp("handworked_sa") / "data"))


def close(actual, expected, rtol=1e-9):
    assert_allclose(np.asarray(actual, float), np.asarray(expected, float), rtol=rtol, atol=1e-6)


def variant(inputs, params=None, ranges=None):
    """``inputs`` with other parameter values and other plausible ranges (id -> (low, high))."""
    register = dict(inputs.register)
    for k, (low, high) in (ranges or {}).items():
        register[k] = register[k].model_copy(update={"low": low, "high": high})
    return dataclasses.replace(inputs, values={**inputs.values, **(params or {})}, register=register)


def test_uncertain_ids_are_the_rows_with_a_range(synth):
    """Only rows with low < high, in register order (calibrated rows have low = high)."""
    assert sa.uncertain_ids(synth) == ["indexation_rate", "cost_per_fte", "harmonisation_effect_lag", "discount_rate"]


def test_feasible_rounds_whole_units_and_caps_the_investment_shares(synth):
    """Years and lags are whole: 2015.4 -> 2015, 2015.6 -> 2016, lag 1.4 -> 1; a cost per FTE
    is not rounded. The second tranche is at most 1 - the first: (0.7, 0.5) -> 0.3; (0.2, 0.5)
    stays 0.5; the first alone 0.8 caps the register's second (0.3) to 0.2; the second alone
    0.6 is capped by the register's first (0.5) to 0.5. Without a tranche id none is added.
    """
    out = sa.feasible(synth, {"ict_centre_start_year": np.array([2015.4, 2015.6]),
                              "harmonisation_effect_lag": np.array([1.4]), "cost_per_fte": np.array([50_000.4])})
    close(out["ict_centre_start_year"], [2015, 2016])
    close(out["harmonisation_effect_lag"], [1])
    close(out["cost_per_fte"], [50_000.4])
    assert "s3_investment_share_year2" not in out
    out = sa.feasible(synth, {"s3_investment_share_year1": np.array([0.7, 0.2]),
                              "s3_investment_share_year2": np.array([0.5, 0.5])})
    close(out["s3_investment_share_year2"], [0.3, 0.5])
    close(out["s3_investment_share_year1"], [0.7, 0.2])
    close(sa.feasible(synth, {"s3_investment_share_year1": 0.8})["s3_investment_share_year2"], 0.2)
    close(sa.feasible(synth, {"s3_investment_share_year2": 0.6})["s3_investment_share_year2"], 0.5)
    close(sa.feasible(synth, {"unknown_id": 1.4})["unknown_id"], 1.4)


def test_pert_and_triangular_means(synth):
    """indexation_rate: a = 0, mode m = 0.1, b = 0.5 (asymmetric).
    PERT: alpha = 1 + 4 (m - a) / (b - a) = 1.8, beta = 1 + 4 (b - m) / (b - a) = 4.2;
      mean = a + (b - a) alpha / (alpha + beta) = (a + 4m + b) / 6 = 0.9 / 6 = 0.15
      (swapped alpha and beta would give 0.5 x 4.2 / 6 = 0.35); variance
      0.25 x 1.8 x 4.2 / (36 x 7) = 0.0075.
    triangular: mean (a + m + b) / 3 = 0.2.
    200,000 draws: standard error below 0.0002; tolerance 0.002.
    """
    n = 200_000
    pert = mc.sample(synth, n, 1, "pert", ids=["indexation_rate"])["indexation_rate"]
    assert abs(pert.mean() - 0.15) < 0.002
    assert abs(pert.var() - 0.0075) < 0.0003
    assert pert.min() >= 0 and pert.max() <= 0.5
    tri = mc.sample(synth, n, 1, "triangular", ids=["indexation_rate"])["indexation_rate"]
    assert abs(tri.mean() - 0.2) < 0.002
    assert tri.min() >= 0 and tri.max() <= 0.5
    with pytest.raises(ValueError):
        mc.sample(synth, 10, 1, "uniform", ids=["indexation_rate"])


def test_sampler_widens_the_range_to_the_value_and_rounds_whole_units(synth):
    """A value above the range (0.6 > b = 0.5) widens it to 0 .. 0.6 with the mode 0.6: triangular
    mean (0 + 0.6 + 0.6) / 3 = 0.4, draws up to 0.6; below it (-0.1 < a = 0) to -0.1 .. 0.5 with the
    mode -0.1: mean (-0.1 - 0.1 + 0.5) / 3 = 0.1, draws down to -0.1 (never clamped to the range).
    The lag (0 .. 2, mode 1) is drawn whole: only 0, 1 and 2, mean 1. Same seed, same draws.
    The default ids are the uncertain ones.
    """
    above = mc.sample(variant(synth, {"indexation_rate": 0.6}), 100_000, 2, ids=["indexation_rate"])
    assert abs(above["indexation_rate"].mean() - 0.4) < 0.003
    assert 0.55 < above["indexation_rate"].max() <= 0.6 and above["indexation_rate"].min() >= 0
    below = mc.sample(variant(synth, {"indexation_rate": -0.1}), 100_000, 2, ids=["indexation_rate"])
    assert abs(below["indexation_rate"].mean() - 0.1) < 0.003
    assert -0.1 <= below["indexation_rate"].min() < -0.05 and below["indexation_rate"].max() <= 0.5
    draws = mc.sample(synth, 20_000, 3, "pert")
    assert sorted(draws) == sorted(sa.uncertain_ids(synth))
    assert set(np.unique(draws["harmonisation_effect_lag"])) == {0.0, 1.0, 2.0}
    assert abs(draws["harmonisation_effect_lag"].mean() - 1) < 0.02
    again = mc.sample(synth, 20_000, 3, "pert")
    close(again["cost_per_fte"], draws["cost_per_fte"])


def test_outcomes_of_the_base_case(synth):
    """cumulative S2.0 -3,269,858.4; break-even 2015 for both; NPV at 10 % from 2013:
    sum of d_t / 1.1^(t - 2013). P(cheaper) years: 2018 + 0, 2, 4 = 2018, 2020, 2022; the
    cumulative difference is negative in all of them. A cost per FTE of 0 removes every
    personnel saving: cumulative S2.0 = +1,287,050, never cheaper, no break-even (NaN).
    """
    out = sa.outcomes(synth)
    close(out["cumulative_s2"], -3_269_858.4)
    assert out["break_even_s2"] == 2015 and out["break_even_s3"] == 2015
    close(out["npv_s2"], sum(d / 1.1 ** t for t, d in enumerate(D_S2)))
    assert {k for k in out if k.startswith("cheaper_s2")} == {"cheaper_s2_2018", "cheaper_s2_2020", "cheaper_s2_2022"}
    assert all(bool(out[f"cheaper_{sc}_{y}"]) for sc in ("s2", "s3") for y in (2018, 2020, 2022))
    r = evaluate(synth)
    base = r.combined_total("baseline")
    close(out["saving_pct_s3"], metrics.saving_pct(r.combined_total("s3") - base, base))
    out = sa.outcomes(synth, {"cost_per_fte": np.array([50_000.0, 1e-9])})
    close(out["cumulative_s2"], [-3_269_858.4, 1_287_050], rtol=1e-6)
    assert np.isnan(out["break_even_s2"][1])
    assert not out["cheaper_s2_2022"][1] and out["cheaper_s2_2022"][0]


def test_tornado_low_and_high_in_order(synth):
    """cost_per_fte 40,000 / 60,000: the personnel part scales by 0.8 / 1.2:
      at low:  -4,556,908.4 x 0.8 + 1,287,050 = -2,358,476.72
      at high: -4,556,908.4 x 1.2 + 1,287,050 = -4,181,240.08
    discount_rate moves only the NPV: its swing on cumulative S3.0 is 0, so cost_per_fte
    comes first. NPV S2.0 at 5 % and at 15 %: sum of d_t / 1.05^t and d_t / 1.15^t.
    """
    rows = sa.tornado(synth, ids=["discount_rate", "cost_per_fte"])
    assert [r.id for r in rows] == ["cost_per_fte", "discount_rate"]
    c, d = rows
    assert (c.low, c.high) == (40_000, 60_000)
    close(c.at_low["cumulative_s2"], -2_358_476.72)
    close(c.at_high["cumulative_s2"], -4_181_240.08)
    close(c.swing("cumulative_s2"), 4_181_240.08 - 2_358_476.72)
    assert d.swing("cumulative_s3") == 0
    close(d.at_low["npv_s2"], sum(x / 1.05 ** t for t, x in enumerate(D_S2)))
    close(d.at_high["npv_s2"], sum(x / 1.15 ** t for t, x in enumerate(D_S2)))
    close(d.at_low["cumulative_s2"], -3_269_858.4)
    assert sa.TornadoRow("x", 0, 1, {"o": np.nan}, {"o": 1.0}).swing("o") == np.inf
    assert sa.TornadoRow("x", 0, 1, {"o": 1.0}, {"o": np.inf}).swing("o") == np.inf
    assert sa.TornadoRow("x", 0, 1, {"o": 3.0}, {"o": 1.0}).swing("o") == 2.0
    swings = [r.swing("cumulative_s3") for r in sa.tornado(synth)]
    assert swings == sorted(swings, reverse=True) and swings[0] > swings[-1]


def test_switching_value_of_the_cost_per_fte(synth):
    """'S2.0 does not break even within the period' (break-even after 2017) is false at
    50,000 (break-even 2015). Cumulative S2.0 through 2017 = one-offs and running extras
    (programme 210,000 + project 250,000 + transition 300,000 + friction 200,000 + overhead
    200,000 = 1,160,000) + personnel (-968,000 - 1,064,800 - 1,171,280 = -3,204,080 at 50,000,
    i.e. -64.0816 per EUR of cost per FTE). It turns at 1,160,000 / 64.0816 = 18,101.98...:
    below it S2.0 has not broken even by 2017. Range 10,000 .. 60,000. Written as the shortest
    decimal on the turned side within 1/10,000 of the range (5 euros): 18,100, not 18,101.98.
    'S3.0 breaks even by 2018' holds over the whole range (no switch: NaN).
    """
    inputs = variant(synth, ranges={"cost_per_fte": (10_000, 60_000)})
    found = {s.conclusion: s for s in sa.switching_values(inputs, ids=["cost_per_fte"])}
    s2 = found["s2_not_paid_back_in_period"]
    assert s2.holds_at_value is False
    assert (s2.value, s2.low, s2.high) == (50_000, 10_000, 60_000)
    assert s2.switching_value == 18_100
    s3 = found["s3_breaks_even_by_extrapolated_year"]
    assert s3.holds_at_value is True and np.isnan(s3.switching_value)
    assert (s3.value, s3.low, s3.high) == (50_000, 10_000, 60_000)


def test_switching_value_of_a_whole_year(synth):
    """Cost per FTE 30,000 (16 FTE fewer in the centre save 480,000 x index a year), the
    centre's start 2014 .. 2017 (whole years):
      start 2015: cumulative 2017 = 1,160,000 - 64.0816 x 30,000 = -762,448: paid back;
      start 2016: programme 210,000 + project 250,000 + transition 300,000 + friction
        200,000 + overhead 100,000 - 480,000 x (1.331 + 1.4641) = -281,648: paid back;
      start 2017: 210,000 + 250,000 + 300,000 - 480,000 x 1.4641 = +57,232: not paid back.
    The switching value is the first whole year at which it turns: 2017.
    """
    inputs = variant(synth, {"cost_per_fte": 30_000}, {"ict_centre_start_year": (2014, 2017)})
    found = {s.conclusion: s for s in sa.switching_values(inputs, ids=["ict_centre_start_year"])}
    s2 = found["s2_not_paid_back_in_period"]
    assert s2.holds_at_value is False
    assert s2.switching_value == 2017


def test_conclusion_holds(synth):
    """'not paid back in the period': break-even after 2017 or never; 'S3.0 by the
    extrapolated year': break-even at most 2018."""
    out = {"break_even_s2": np.array([2017.0, 2018.0, np.nan]), "break_even_s3": np.array([2018.0, 2019.0, np.nan])}
    close(sa.conclusion_holds(synth, out, "s2_not_paid_back_in_period"), [False, True, True])
    close(sa.conclusion_holds(synth, out, "s3_breaks_even_by_extrapolated_year"), [True, False, False])


def test_delayed_schedule_and_variants(synth):
    """Schedule 2014 0, 2015 0.2, 2016 0.4, 2017 0.8.
    One year later: 2014 0 (before the schedule), 2015 0 (2014's), 2016 0.2, 2017 0.4.
    Two years later: 0, 0, 0, 0.2. Capped at 0.3: 0, 0.2, 0.3, 0.3.
    Variants: as reported, 1-3 years later, final share 2/3 x 0.8 = 53 % and 0.8 / 3 = 27 %.
    """
    assert sa.delayed_schedule(synth, 1) == {"harmonised_share_2014": 0.0, "harmonised_share_2015": 0.0,
                                             "harmonised_share_2016": 0.2, "harmonised_share_2017": 0.4}
    assert list(sa.delayed_schedule(synth, 2).values()) == [0.0, 0.0, 0.0, 0.2]
    assert list(sa.delayed_schedule(synth, 0, 0.3).values()) == [0.0, 0.2, 0.3, 0.3]
    assert list(sa.delayed_schedule(synth).values()) == [0.0, 0.2, 0.4, 0.8]
    variants = sa.harmonisation_variants(synth)
    assert [name for name, _ in variants] == ["schema zoals in het rapport", "1 jaar later", "2 jaar later",
                                              "3 jaar later", "eindaandeel 53%", "eindaandeel 27%"]
    assert variants[0][1] == {}
    close(variants[4][1]["harmonised_share_2017"], 0.8 * 2 / 3)
    close(variants[5][1]["harmonised_share_2016"], 0.8 / 3)
    delay = dict(sa.harmonisation_delay(synth))
    base = sa.outcomes(synth)
    close(delay["schema zoals in het rapport"]["cumulative_s3"], base["cumulative_s3"])
    close(delay["schema zoals in het rapport"]["cumulative_s2"], -3_269_858.4)
    later = sa.outcomes(synth, sa.delayed_schedule(synth, 1))
    close(delay["1 jaar later"]["cumulative_s3"], later["cumulative_s3"])
    assert delay["1 jaar later"]["cumulative_s3"] > delay["schema zoals in het rapport"]["cumulative_s3"]


def test_monte_carlo_fan_and_summary(synth):
    """Monte Carlo = sample + outcomes with the same seed; the optimism bias 0.5 raises the
    S2.0 one-offs (project, transition, friction, programme) by half: cumulative S2.0 rises
    by 0.5 x (250,000 + 300,000 + 200,000 + 210,000 + 10,000 x (1 + indexation) x 1.05), the
    last term the programme's extrapolated 2018 (485,775 at the register's 10 %).
    Fan: percentiles per year of the cumulative difference; with three equal draws of the
    register's cost per FTE every percentile equals the base case's cumulative difference
    (2019 and 2020 repeat 2018's -1,225,778.4).
    summarise: P(cheaper) per year, percentiles; no break-even -> NaN median, P = 1.
    """
    draws, out = mc.monte_carlo(synth, 50, 7)
    close(out["cumulative_s2"], sa.outcomes(synth, mc.sample(synth, 50, 7))["cumulative_s2"])
    close(draws["cost_per_fte"], mc.sample(synth, 50, 7)["cost_per_fte"])
    _, biased = mc.monte_carlo(synth, 50, 7, optimism_bias=0.5)
    close(biased["cumulative_s2"] - out["cumulative_s2"],
          0.5 * (960_000 + 10_500 * (1 + draws["indexation_rate"])))
    _, pert = mc.monte_carlo(synth, 50, 7, "pert")
    close(pert["cumulative_s2"], sa.outcomes(synth, mc.sample(synth, 50, 7, "pert"))["cumulative_s2"])
    fan = mc.fan(synth, {"cost_per_fte": np.full(3, 50_000.0)}, 2020)
    close(fan["years"], range(2013, 2021))
    cum = np.cumsum(np.r_[D_S2, D_S2[-1], D_S2[-1]])
    for q in mc.FAN_PERCENTILES:
        close(fan["s2"][q], cum)
    summary = mc.summarise({
        "break_even_s2": np.array([2015.0, 2017.0, np.nan, 2016.0]), "break_even_s3": np.full(4, np.nan),
        "cumulative_s2": np.array([1.0, 2.0, 3.0, 4.0]), "cumulative_s3": np.zeros(4),
        "npv_s2": np.array([10.0, 20.0, 30.0, 40.0]), "npv_s3": np.zeros(4),
        "cheaper_s2_2018": np.array([True, True, False, False]), "cheaper_s2_2020": np.array([True] * 4),
        "cheaper_s3_2018": np.array([False] * 4), "saving_pct_s3": np.array([1.0, 2.0, 3.0, 5.0]),
    }, range(2013, 2024), {"cumulative_s2": 2.5, "npv_s2": 10.0, "cumulative_s3": -1.0, "npv_s3": 0.0,
                           "break_even_s2": 2016.0, "break_even_s3": np.nan})
    assert summary["s2"]["p_cheaper"] == {2018: 0.5, 2020: 1.0}
    assert summary["s3"]["p_cheaper"] == {2018: 0.0}
    assert summary["s2"]["break_even_median"] == 2016
    # shares over all four draws: the draw that never breaks even counts in no year
    assert summary["s2"]["p_break_even_by"][2014] == 0
    assert summary["s2"]["p_break_even_by"][2015] == 0.25 and summary["s2"]["p_break_even_by"][2016] == 0.5
    assert summary["s2"]["p_break_even_by"][2023] == 0.75
    assert summary["s2"]["p_no_break_even"] == 0.25
    assert np.isnan(summary["s3"]["break_even_median"]) and summary["s3"]["p_no_break_even"] == 1
    close(summary["s2"]["cumulative_percentiles"][50], 2.5)
    close(summary["s2"]["cumulative_percentiles"][5], np.percentile([1, 2, 3, 4], 5))
    close(summary["s2"]["npv_percentiles"][95], np.percentile([10, 20, 30, 40], 95))
    close(summary["s3"]["saving_pct_percentiles"][50], 2.5)
    assert "saving_pct_percentiles" not in summary["s2"]
    # where the point sits: the share of draws below it, a tie counted half
    assert summary["s2"]["point"] == {"cumulative": 2.5, "npv": 10.0}
    assert summary["s2"]["point_position"] == {"cumulative": {"below": 0.5, "above": 0.5, "percentile": 50.0},
                                               "npv": {"below": 0.0, "above": 0.75, "percentile": 12.5}}
    assert summary["s3"]["point_position"]["cumulative"] == {"below": 0.0, "above": 1.0, "percentile": 0.0}
    assert summary["s3"]["point_position"]["npv"] == {"below": 0.0, "above": 0.0, "percentile": 50.0}


def test_fan_with_draws_the_model_does_not_read(synth):
    """Draws of the discount rate alone do not change any cost: every percentile per year is
    the base case's cumulative difference 60,000; 270,000; ...; -3,269,858.4."""
    fan = mc.fan(synth, {"discount_rate": np.array([0.05, 0.1, 0.15])}, 2018)
    close(fan["s2"][50], np.cumsum(D_S2))


def test_fan_takes_its_percentiles_over_the_draws(synth):
    """Three different costs per FTE: each year's percentiles are those of the three cumulative
    differences, each computed by its own scalar evaluation (not the vectorised one the fan
    uses). Without draws the fan is the base case's cumulative difference in every band."""
    values = [40_000.0, 50_000.0, 65_000.0]
    fan = mc.fan(synth, {"cost_per_fte": np.array(values)}, 2020)
    years = range(2013, 2021)
    for sc in ("s2", "s3"):
        one_by_one = []
        for v in values:
            result = evaluate(synth, {"cost_per_fte": v})
            one_by_one.append([float(metrics.cumulative_at(result, sc, y)) for y in years])
        for q in mc.FAN_PERCENTILES:
            close(fan[sc][q], np.percentile(one_by_one, q, axis=0))
        assert not np.allclose(fan[sc][5], fan[sc][95])  # the draws differ, so do the bands
    base = mc.fan(synth, {}, 2018)
    close(base["s2"][50], np.cumsum(D_S2))
    close(base["s2"][5], base["s2"][95])


def test_cheaper_counts_an_exact_tie(synth):
    """No indexation or volume growth (index 1), 10 CIO FTE per municipality (20 + 2 x 10 = 40
    FTE, the baselines' 40) and an optimism bias of -1 (every one-off x 0): S2.0 costs exactly
    the baseline, cumulative 0, which counts as cheaper (<= 0), break-even 2013.
    With an overhead of 0.1 EUR a year from 2016 the cumulative difference is 0.3 in 2018, 0.5
    in 2020 and 0.7 in 2022: above 0, never cheaper (however small).
    """
    tie = {"indexation_rate": 0.0, "volume_growth": 0.0, "cio_office_fte": 10.0, "optimism_bias_one_off": -1.0,
           "overhead_included": 0.0}
    out = sa.outcomes(synth, tie)
    close(out["cumulative_s2"], 0)
    assert all(bool(out[f"cheaper_s2_{y}"]) for y in (2018, 2020, 2022))
    assert out["break_even_s2"] == 2013
    out = sa.outcomes(synth, {**tie, "overhead_included": 1.0, "overhead_ict_centre": 0.1})
    close(metrics.cumulative_at(evaluate(synth, {**tie, "overhead_included": 1.0, "overhead_ict_centre": 0.1}),
                                "s2", 2022), 0.7)
    assert not any(bool(out[f"cheaper_s2_{y}"]) for y in (2018, 2020, 2022))


def test_switching_value_when_the_register_value_lies_outside_the_range(synth):
    """The search runs over the range widened to the register's value (D32).
    Cost per FTE 10,000 .. 18,000 with the register's 50,000 after the whole range: searched over
    10,000 .. 50,000, it turns at 18,101.98..., written 18,100 (within 4 euros).
    Transition cost 2,400,000 .. 3,000,000 with the register's 300,000 before the range: S2.0's
    cumulative 2017 (-2,044,080) turns above 0 at 300,000 + 2,044,080 = 2,344,080 (2018's
    cumulative, -1,225,778.4 there, keeps the break-even at 2018): searched over 300,000 ..
    3,000,000, written as the shortest decimal above it within 270 euros: 2,344,100.
    """
    inputs = variant(synth, ranges={"cost_per_fte": (10_000, 18_000)})
    s2 = {s.conclusion: s for s in sa.switching_values(inputs, ids=["cost_per_fte"])}["s2_not_paid_back_in_period"]
    assert (s2.low, s2.high, s2.switching_value) == (10_000, 50_000, 18_100)
    inputs = variant(synth, ranges={"transition_cost": (2_400_000, 3_000_000)})
    s2 = {s.conclusion: s for s in sa.switching_values(inputs, ids=["transition_cost"])}["s2_not_paid_back_in_period"]
    assert s2.holds_at_value is False
    assert (s2.low, s2.high, s2.switching_value) == (300_000, 3_000_000, 2_344_100)


def test_unknown_distribution_is_named(synth):
    with pytest.raises(ValueError, match="^unknown distribution 'uniform'$"):
        mc.sample(synth, 10, 1, "uniform", ids=["indexation_rate"])


@pytest.mark.parametrize("projection, years", [(5, [2018, 2020, 2022]), (4, [2018, 2020, 2022]), (3, [2018, 2020]),
                                               (1, [2018])])
def test_the_chance_of_being_cheaper_stops_at_the_horizon(synth, projection, years):
    """P(cheaper) is reported 0, 2 and 4 years after the extrapolated year 2018, but only within
    the break-even horizon (2018 + break_even_projection_years): with a horizon of 2021, not 2022."""
    out = sa.outcomes(variant(synth, {"break_even_projection_years": projection}))
    assert sorted(int(k.rsplit("_", 1)[1]) for k in out if k.startswith("cheaper_s2_")) == years
