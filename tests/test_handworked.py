"""Hand-worked scenarios on a tiny synthetic data set (tests/handworked_data.py).

Every expected figure is derived step by step in the test's docstring from the round numbers
of the synthetic case, so that a wrong formula (a swapped share, a wrong year, a changed cap)
fails here even where the real data would hide it. Index: 2013 1, 2014 1.1, 2015 1.21,
2016 1.331, 2017 1.4641 (10 % indexation); the extrapolated 2018 = 2017 x 1.1 x 1.05 = x 1.155.
"""
import dataclasses

import numpy as np
import pytest
from handworked_data import build
from numpy.testing import assert_allclose

from bizcase.core import allocation, capital, metrics
from bizcase.core.inputs import load_inputs
from bizcase.core.model import evaluate

YEARS = [2013, 2014, 2015, 2016, 2017, 2018]


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    return load_inputs(build(tmp_path_factory.mktemp("handworked") / "data"))


@pytest.fixture()
def res(synth):
    # evaluated per test (about 10 ms): mutmut records which tests reach a function, and a
    # module-scoped result would credit the model's functions to the first test only
    return evaluate(synth)


def close(actual, expected):
    assert_allclose(np.asarray(actual, float), np.asarray(expected, float), rtol=1e-9, atol=1e-6)


# ---------------------------------------------------------------- capital


def test_capital_charges_of_one_vintage():
    """1,000,000 taken into use in 2014, 4 years, 10 %: depreciation 250,000 from 2015.

    2014: in use, not yet depreciated                     = 0
    2015: 250,000 + 10 % x 1,000,000 (book value 1 Jan)   = 350,000
    2016: 250,000 + 10 % x   750,000                      = 325,000
    2017: 250,000 + 10 % x   500,000                      = 300,000
    2018: 250,000 + 10 % x   250,000                      = 275,000
    2019: fully depreciated                               = 0
    """
    got = capital.capital_charges(1_000_000, 2014, 4, 0.10, range(2014, 2020))
    close(got, [0, 350_000, 325_000, 300_000, 275_000, 0])
    close(capital.depreciation_factors(2014, 4, [2014, 2015, 2018, 2019]), [0, 0.25, 0.25, 0])


def test_vintage_charges_scalar_and_per_draw_terms():
    """Vintages 100,000 (2013) and 200,000 (2014), 10 %.

    Term 2 (one term for all draws, the matrix path):
      2013 vintage: 2014 50,000 + 10,000 = 60,000; 2015 50,000 + 5,000 = 55,000
      2014 vintage: 2015 100,000 + 20,000 = 120,000; 2016 100,000 + 10,000 = 110,000
      per year 2013-2017: 0, 60,000, 175,000, 110,000, 0
    Terms per draw [2, 4] (the einsum path): draw 0 as above; draw 1 (term 4):
      2013 vintage: 25,000 + 10,000 = 35,000 (2014), 32,500 (2015), 30,000 (2016), 27,500 (2017)
      2014 vintage: 50,000 + 20,000 = 70,000 (2015), 65,000 (2016), 60,000 (2017)
      per year: 0, 35,000, 102,500, 95,000, 87,500
    """
    years = np.arange(2013, 2018)
    amounts = np.array([100_000.0, 200_000.0])
    close(capital.vintage_charges(amounts, [2013, 2014], 2, 0.10, years), [0, 60_000, 175_000, 110_000, 0])
    got = capital.vintage_charges(np.stack([amounts, amounts]), [2013, 2014], np.array([2, 4]), 0.10, years)
    close(got, [[0, 60_000, 175_000, 110_000, 0], [0, 35_000, 102_500, 95_000, 87_500]])
    # rate per draw on the matrix path: 0 % gives the depreciation alone
    got = capital.vintage_charges(np.stack([amounts, amounts]), [2013, 2014], 2, np.array([0.10, 0.0]), years)
    close(got[1], [0, 50_000, 150_000, 100_000, 0])


# ---------------------------------------------------------------- baseline


def test_baseline_personnel_and_categories_haarlem(res):
    """Haarlem: 10 FTE x 50,000 = 500,000 x index.

    personnel: 500,000; 550,000; 605,000; 665,500; 732,050; 2018 = 732,050 x 1.155 = 845,517.75
    non-personnel = 1,000,000 x index + 400,000 capital: 1,400,000; 1,500,000; 1,610,000;
      1,731,000; 1,864,100
    applications = 50 % of it + write-off 100,000 through 2014:
      800,000; 850,000; 805,000; 865,500; 932,050; 2018 = 932,050 x 1.155 = 1,076,517.75
    workplace = (1 - 0.5) x 0.4 = 20 % of non-personnel: 280,000 (2013), 372,820 (2017)
    infrastructure 15 %: 210,000 (2013); communication 10 %: 140,000; facilities 5 %: 70,000
    """
    h = res.baseline["Haarlem"]
    close(h["personnel"], [500_000, 550_000, 605_000, 665_500, 732_050, 845_517.75])
    close(h["applications"], [800_000, 850_000, 805_000, 865_500, 932_050, 1_076_517.75])
    close(h["workplace"][[0, 4]], [280_000, 372_820])
    close(h["infrastructure"][0], 210_000)
    close(h["communication"][0], 140_000)
    close(h["facilities"][0], 70_000)
    for cat in ("renewal_capital_charges", "project", "programme", "transition", "friction",
                "harmonisation_investment", "overhead"):
        close(h[cat], 0)


def test_baseline_write_offs_haarlemmermeer(res):
    """Haarlemmermeer: non-personnel 2,000,000 x index + 600,000; write-offs 50,000 through
    2015 and 20,000 through 2013.

    applications 2013 = 0.5 x 2,600,000 + 50,000 + 20,000 = 1,370,000
    applications 2014 = 0.5 x 2,800,000 + 50,000            = 1,450,000
    applications 2015 = 0.5 x 3,020,000 + 50,000            = 1,560,000
    applications 2016 = 0.5 x 3,262,000                     = 1,631,000
    personnel 2013 = 30 x 50,000 = 1,500,000
    """
    hm = res.baseline["Haarlemmermeer"]
    close(hm["applications"][:4], [1_370_000, 1_450_000, 1_560_000, 1_631_000])
    close(hm["personnel"][0], 1_500_000)


def test_baseline_total_per_year(res):
    """Both baselines: personnel 2,000,000 x index + exploitation 3,000,000 x index + capital
    1,000,000 + write-offs (all non-personnel costs end up in some category).

    2013: 5,000,000 + 1,000,000 + 170,000 = 6,170,000
    2014: 5,500,000 + 1,000,000 + 150,000 = 6,650,000
    2015: 6,050,000 + 1,000,000 +  50,000 = 7,100,000
    2016: 6,655,000 + 1,000,000           = 7,655,000
    2017: 7,320,500 + 1,000,000           = 8,320,500
    2018: 8,320,500 x 1.155               = 9,610,177.5
    """
    close(res.combined_total("baseline"), [6_170_000, 6_650_000, 7_100_000, 7_655_000, 8_320_500, 9_610_177.5])
    close(res.total("Haarlem", "baseline")[0], 2_000_000)  # 500,000 + 1,000,000 + 400,000 + 100,000


# ---------------------------------------------------------------- Samenwerking 2.0


def test_s2_personnel_from_the_centres_start(res):
    """Before 2015 the two baselines: 40 FTE x 50,000 x index = 2,000,000; 2,200,000.
    From 2015 the ICT centre (12 + 8 = 20 FTE) plus 2 CIO offices of 2 FTE = 24 FTE:
      2015: 24 x 50,000 x 1.21  = 1,452,000
      2016: 24 x 50,000 x 1.331 = 1,597,200
      2017: 24 x 50,000 x 1.4641 = 1,756,920; 2018 = 1,756,920 x 1.155 = 2,029,242.6
    Staff: baseline 40 each year; S2.0 40, 40, then 24.
    """
    close(res.combined["s2"]["personnel"], [2_000_000, 2_200_000, 1_452_000, 1_597_200, 1_756_920, 2_029_242.6])
    close(res.fte["baseline"], [40] * 6)
    close(res.fte["s2"], [40, 40, 24, 24, 24, 24])
    # the categories S2.0 does not touch equal the two baselines'
    for cat in ("applications", "workplace", "infrastructure", "communication", "facilities"):
        close(res.combined["s2"][cat], res.combined["baseline"][cat])


def test_s2_one_off_dating(res):
    """Project table: 200,000 at offset -1 (2015 - 1 = 2014, the table's first year) and
    50,000 at offset 0 (2015). 60 % of the first year's amount is spent in it, 40 % slips:
      2014: 0.6 x 200,000 = 120,000; 2015: 0.4 x 200,000 + 50,000 = 130,000
    Programme from 2013: 100,000 (offset 0, the first year), 50,000, 50,000, -, 10,000:
      2013: 0.6 x 100,000 = 60,000; 2014: 40,000 + 50,000 = 90,000; 2015: 50,000; 2016: 0;
      2017: 10,000; 2018 (a running cost, extrapolated): 10,000 x 1.155 = 11,550
    Transition 300,000 at start + 0 = 2015; friction 200,000 at start + 1 = 2016.
    Overhead 100,000 from start + 1 = 2016: 100,000; 100,000; 2018 = 115,500.
    One-offs are not extrapolated: 2018 has no project, transition or friction costs.
    """
    s2 = res.combined["s2"]
    close(s2["project"], [0, 120_000, 130_000, 0, 0, 0])
    close(s2["programme"], [60_000, 90_000, 50_000, 0, 10_000, 11_550])
    close(s2["transition"], [0, 0, 300_000, 0, 0, 0])
    close(s2["friction"], [0, 0, 0, 200_000, 0, 0])
    close(s2["overhead"], [0, 0, 0, 100_000, 100_000, 115_500])
    close(s2["harmonisation_investment"], 0)
    close(res.investment_eur["s2"], 750_000)  # project 250,000 + transition + friction
    close(res.investment_after("s2"), 0)


def test_s2_difference_cumulative_break_even_and_saving(res):
    """Difference S2.0 - baseline per year (personnel + programme + project + transition
    + friction + overhead):
      2013: 60,000
      2014: 90,000 + 120,000                                   =    210,000
      2015: (1,452,000 - 2,420,000) + 50,000 + 130,000 + 300,000 =  -488,000
      2016: (1,597,200 - 2,662,000) + 200,000 + 100,000          =  -764,800
      2017: (1,756,920 - 2,928,200) + 10,000 + 100,000           = -1,061,280
      2018: all running: -1,061,280 x 1.155                      = -1,225,778.4
    cumulative: 60,000; 270,000; -218,000; -982,800; -2,044,080; -3,269,858.4
    break-even: the cumulative difference is <= 0 from 2015 on (and the projection years
    2019-2023 repeat -1,225,778.4): 2015.
    saving = 3,269,858.4 / 45,505,677.5 (sum of the baseline totals) x 100 = 7.18560... %
    """
    d = metrics.difference(res.combined_total("s2"), res.combined_total("baseline"))
    close(d, [60_000, 210_000, -488_000, -764_800, -1_061_280, -1_225_778.4])
    close(metrics.cumulative(d), [60_000, 270_000, -218_000, -982_800, -2_044_080, -3_269_858.4])
    close(res.projection_years, [2019, 2020, 2021, 2022, 2023])
    close(res.projected_difference["s2"], [-1_225_778.4] * 5)
    s = metrics.summary(res)
    assert s["s2"].break_even_year == 2015
    close(s["s2"].cumulative_difference, -3_269_858.4)
    close(s["s2"].saving_pct, 3_269_858.4 / 45_505_677.5 * 100)
    close(s["s2"].investment, 750_000)
    close(s["s2"].investment_in_period, 750_000)
    close(s["s2"].investment_after_period, 0)
    close(metrics.cumulative_at(res, "s2", 2016), -982_800)
    close(metrics.cumulative_at(res, "s2", 2020), -3_269_858.4 - 2 * 1_225_778.4)
    with pytest.raises(ValueError):
        metrics.cumulative_at(res, "s2", 2024)
    with pytest.raises(ValueError):
        metrics.cumulative_at(res, "s2", 2012)
    years, through = metrics.horizon_difference(res, "s2")
    close(years, list(range(2013, 2024)))
    close(through[6:], [-1_225_778.4] * 5)


# ---------------------------------------------------------------- Samenwerking 3.0


def test_s3_staff_reduction_relative_to_the_reference_share(res):
    """Schedule 2014 0, 2015 0.2, 2016 0.4, 2017 0.8, effect one year later:
      effect 2015 0 (share of 2014), 2016 0.2, 2017 0.4, 2018 0.8.
    Centre staff = 20 - (20 - 12) x effect / 0.8 (reference share) = 20 - 10 x effect:
      2015 20, 2016 18, 2017 16, 2018 12; plus 4 CIO FTE: 24, 22, 20, 16.
    personnel 2016: 22 x 50,000 x 1.331  = 1,464,100
    personnel 2017: 20 x 50,000 x 1.4641 = 1,464,100
    2018: S2.0's extrapolated 2,029,242.6 plus S3.0's computed difference to S2.0 in 2018:
      (16 - 24) x 50,000 x 1.61051 = -644,204  ->  1,385,038.6
    """
    close(res.fte["s3"], [40, 40, 24, 22, 20, 16])
    close(res.combined["s3"]["personnel"], [2_000_000, 2_200_000, 1_452_000, 1_464_100, 1_464_100, 1_385_038.6])


def test_s3_software_and_infrastructure_reductions(res):
    """Applications (both baselines) x (1 - 0.4 x effect), infrastructure x (1 - 0.2 x effect):
      applications 2016: 2,496,500 x (1 - 0.4 x 0.2 = 0.92) = 2,296,780
      applications 2017: 2,696,150 x 0.84                    = 2,264,766
      applications 2018: S2.0's 3,114,053.25 + computed 2018 difference:
        2,915,765 (computed, not extrapolated) x -0.32 = -933,044.8  -> 2,181,008.45
      infrastructure 2016: 748,950 x 0.96 = 718,992; 2017: 808,845 x 0.92 = 744,137.4
    Before the effect (2013-2015) S3.0 equals S2.0; workplace etc. never change.
    """
    s2, s3 = res.combined["s2"], res.combined["s3"]
    close(s3["applications"], [2_170_000, 2_300_000, 2_365_000, 2_296_780, 2_264_766, 2_181_008.45])
    close(s3["infrastructure"][3:5], [718_992, 744_137.4])
    close(s3["infrastructure"][:3], s2["infrastructure"][:3])
    for cat in ("workplace", "communication", "facilities", "programme", "project", "transition", "friction",
                "overhead"):
        close(s3[cat], s2[cat])


def test_harmonisation_investment_tranches(res):
    """First effect year = first schedule year with a share above 0 (2015) + lag 1 = 2016,
    not before the centre (2015): 2016. S3.0 investment 1,000,000 in 50 / 30 / 20 %:
      2016 500,000; 2017 300,000; 2018 200,000 (one-offs fall in their own years).
    Investment S3.0 = 750,000 (S2.0's) + 1,000,000 = 1,750,000.
    """
    close(res.combined["s3"]["harmonisation_investment"], [0, 0, 0, 500_000, 300_000, 200_000])
    close(res.investment_eur["s3"], 1_750_000)
    close(metrics.summary(res)["s3"].investment, 1_750_000)


def test_s3_not_before_the_centre_operates(synth):
    """Lag 0 and the centre from 2016: the schedule's 2015 share (0.2) would take effect in
    2015, but the centre does not yet operate, so S3.0 = S2.0 in 2015; from 2016 the effect is
    the same year's share: 2016 0.4 (centre staff 20 - 10 x 0.4 = 16, +4 CIO = 20 FTE), 2017
    and 2018 0.8 (12 + 4 = 16 FTE).
    First effect year = max(2015 + 0, 2016) = 2016: tranches 2016 500,000, 2017 300,000,
    2018 200,000.
    Project costs move with the start: 2015 (offset -1) 120,000, 2016 80,000 + 50,000.
    """
    r = evaluate(synth, {"harmonisation_effect_lag": 0.0, "ict_centre_start_year": 2016.0})
    close(r.fte["s3"], [40, 40, 40, 20, 16, 16])
    close(r.combined["s3"]["applications"][2], r.combined["s2"]["applications"][2])
    close(r.combined["s3"]["harmonisation_investment"], [0, 0, 0, 500_000, 300_000, 200_000])
    close(r.combined["s2"]["project"], [0, 0, 120_000, 130_000, 0, 0])


def test_s3_headline_figures(res):
    """Difference S3.0 - S2.0 per year: personnel, applications, infrastructure, investment:
      2016: -133,100 - 199,720 - 29,958 + 500,000   =    137,222
      2017: -292,820 - 431,384 - 64,707.6 + 300,000 =   -488,911.6
      2018 (computed 2018 values): -644,204 - 933,044.8 + 200,000 - 0.2 x 0.8 x infrastructure
        0.15 x (1,610,510 + 400,000 + 3,221,020 + 600,000) = 874,729.5, so -139,956.72
    cumulative S3.0 through 2018 = cumulative S2.0 -3,269,858.4 + sum of the above.
    """
    d = res.combined_total("s3") - res.combined_total("s2")
    close(d[:3], 0)
    close(d[3], -133_100 - 199_720 - 29_958 + 500_000)
    close(d[4], -292_820 - 431_384 - 64_707.6 + 300_000)
    infra_2018 = -0.16 * (0.15 * (1_610_510 + 400_000) + 0.15 * (3_221_020 + 600_000))
    close(d[5], -644_204 - 933_044.8 + infra_2018 + 200_000)
    s = metrics.summary(res)
    close(s["s3"].cumulative_difference, -3_269_858.4 + d.sum())
    assert s["s3"].break_even_year == 2015


# ---------------------------------------------------------------- overrides and dating


def test_explicit_years_override_the_offsets(synth):
    """transition_year 2017 and friction_year 2020 (after the modelled years):
      transition 300,000 in 2017, nothing in 2018 (one-offs are not extrapolated);
      friction 200,000 is not in 2013-2018: it is in oneoff_after and in the investment,
      and in the projected difference of 2020 (-1,225,778.4 + 200,000 = -1,025,778.4).
    """
    r = evaluate(synth, {"transition_year": 2017.0, "friction_year": 2020.0})
    s2 = r.combined["s2"]
    close(s2["transition"], [0, 0, 0, 0, 300_000, 0])
    close(s2["friction"], 0)
    close(r.oneoff_after["s2"]["friction"], 200_000)
    close(r.oneoff_after["s2"]["transition"], 0)
    close(r.investment_eur["s2"], 750_000)
    close(r.investment_after("s2"), 200_000)
    s = metrics.summary(r)
    close(s["s2"].investment_after_period, 200_000)
    close(s["s2"].investment_in_period, 550_000)
    # 2018's running difference: personnel -1,171,280, programme 10,000, overhead 100,000, x 1.155
    close(r.projected_difference["s2"], [-1_225_778.4, -1_025_778.4, -1_225_778.4, -1_225_778.4, -1_225_778.4])


def test_overhead_offset_moves_the_first_overhead_year(synth):
    """overhead_offset 2: overhead from 2015 + 2 = 2017: 100,000 in 2017, 115,500 in 2018.
    Not included (flag 0): none at all."""
    close(evaluate(synth, {"overhead_offset": 2.0}).combined["s2"]["overhead"], [0, 0, 0, 0, 100_000, 115_500])
    close(evaluate(synth, {"overhead_included": 0.0}).combined["s2"]["overhead"], 0)


def test_overhead_first_year_overrides_the_offset(synth):
    """overhead_first_year 2017 (register: 'Explicit first year of the ICT centre's overhead'):
    overhead 100,000 in 2017 only, 115,500 in 2018 (instead of from 2016)."""
    r = evaluate(synth, {"overhead_first_year": 2017.0})
    close(r.combined["s2"]["overhead"], [0, 0, 0, 0, 100_000, 115_500])


def test_project_item_with_an_explicit_year_and_uplift(synth):
    """Project items: 200,000 at 2014 (offset -1), 50,000 at 2015 (offset 0); with the
    second dated explicitly in 2017 instead, the table's first year is still 2014:
      2014 120,000; 2015 80,000; 2017 50,000.
    Optimism bias 0.5: every one-off and the programme x 1.5 (project 2014: 180,000;
    transition 450,000; programme 2013: 90,000); the investment 750,000 x 1.5 = 1,125,000.
    """
    moved = [r.model_copy(update={"year": 2017}) if r.offset == 0 else r for r in synth.project]
    r = evaluate(dataclasses.replace(synth, project=moved))
    close(r.combined["s2"]["project"], [0, 120_000, 80_000, 0, 50_000, 0])
    r = evaluate(synth, {"optimism_bias_one_off": 0.5})
    s2 = r.combined["s2"]
    close(s2["project"], [0, 180_000, 195_000, 0, 0, 0])
    close(s2["transition"][2], 450_000)
    close(s2["programme"][:2], [90_000, 135_000])
    close(r.investment_eur["s2"], 1_125_000)
    close(r.oneoff_input["s3"]["harmonisation_investment"], 1_500_000)
    close(r.oneoff_input["s2"]["harmonisation_investment"], 0)


def test_table_first_year_slip_when_the_first_year_is_an_override(synth):
    """Project items dated 2016 (explicit) and 2015 (offset 0, now the first year) with
    -1 offsets moved to 2016 explicitly: first year 2015 holds 50,000: 30,000 in 2015,
    20,000 in 2016; 2016 items (200,000) stay whole: 2016 220,000.
    """
    moved = [r.model_copy(update={"year": 2016}) if r.offset == -1 else r for r in synth.project]
    r = evaluate(dataclasses.replace(synth, project=moved))
    close(r.combined["s2"]["project"], [0, 0, 30_000, 220_000, 0, 0])


def test_extrapolation_grows_running_costs_only(synth):
    """Volume growth 0: the extrapolated year grows by indexation alone (x 1.1): Haarlem's
    personnel 2018 = 732,050 x 1.1 = 805,255. Transition in 2017 (override) is a one-off:
    2018 has none (not 300,000 x 1.1).
    """
    r = evaluate(synth, {"volume_growth": 0.0, "transition_year": 2017.0})
    close(r.baseline["Haarlem"]["personnel"][5], 805_255)
    close(r.combined["s2"]["transition"][4:], [300_000, 0])
    close(r.combined["s2"]["overhead"][5], 110_000)


def test_no_harmonisation_means_no_effect_and_no_investment(synth):
    """All schedule shares 0: the first effect year is never (inf), S3.0 = S2.0 and the S3.0
    investment of 1,000,000 lands after the modelled years (oneoff_after)."""
    zero = {f"harmonised_share_{y}": 0.0 for y in (2014, 2015, 2016, 2017)}
    r = evaluate(synth, zero)
    close(r.combined_total("s3"), r.combined_total("s2"))
    close(r.oneoff_after["s3"]["harmonisation_investment"], 1_000_000)


# ---------------------------------------------------------------- renewal


def test_renewal_charges_baseline_and_collaboration(synth):
    """1 EUR per inhabitant: Haarlem invests 100,000 a year (2013-2017), term 5, 10 %;
    Haarlemmermeer 400,000 a year, term 4, 10 %; from the centre's start (2015) the vintages
    are financed at 5 % over 2 years.
    Baseline Haarlem: 2014: 20,000 + 10,000 = 30,000; 2015: 28,000 + 30,000 = 58,000;
      2016: 26,000 + 28,000 + 30,000 = 84,000.
    Baseline Haarlemmermeer: 2014: 100,000 + 40,000 = 140,000; 2015: 130,000 + 140,000 =
      270,000; 2016: 120,000 + 130,000 + 140,000 = 390,000.
    S2.0 2016: Haarlem 26,000 + 28,000 + (50,000 + 5,000) = 109,000; Haarlemmermeer
      120,000 + 130,000 + (200,000 + 20,000) = 470,000; together 579,000.
    S3.0: the 2016 vintage (effect 0.2) is 1 - 0.2 x (1 - 1.5 / 2) = 0.95 of S2.0's, 475,000
      instead of 500,000; its 2017 charge 237,500 + 23,750 = 261,250 instead of 250,000 +
      25,000 = 275,000. In 2017 only that vintage differs: -13,750.
    Cash view: outlays 500,000 a year, 2018 = 500,000 x 1.155 = 577,500; S3.0 2016 475,000,
      2017 500,000 x (1 - 0.4 x 0.25) = 450,000.
    """
    r = evaluate(synth, {"renewal_per_inhabitant": 1.0})
    close(r.baseline["Haarlem"]["renewal_capital_charges"][:4], [0, 30_000, 58_000, 84_000])
    close(r.baseline["Haarlemmermeer"]["renewal_capital_charges"][:4], [0, 140_000, 270_000, 390_000])
    close(r.combined["s2"]["renewal_capital_charges"][1:4], [170_000, 328_000, 579_000])
    d = r.combined["s3"]["renewal_capital_charges"] - r.combined["s2"]["renewal_capital_charges"]
    close(d[:4], 0)
    close(d[4], -13_750)
    close(r.renewal_outlays["baseline"], [500_000] * 5 + [577_500])
    close(r.renewal_outlays["s2"], r.renewal_outlays["baseline"])
    close(r.renewal_outlays["s3"][:5], [500_000, 500_000, 500_000, 475_000, 450_000])
    cash = metrics.cash_total(r, "s3")
    close(cash, r.combined_total("s3") - r.combined["s3"]["renewal_capital_charges"] + r.renewal_outlays["s3"])
    close(cash[0] - r.combined_total("s3")[0], 500_000)


# ---------------------------------------------------------------- allocation


def test_inhabitant_allocation(res, synth):
    """Haarlem's share = 100,000 / (100,000 + 400,000) = 0.2; Haarlemmermeer 0.8.
    Haarlem S2.0 2013 = 0.2 x (6,170,000 + 60,000) = 1,246,000.
    """
    close(res.shares["Haarlem"], 0.2)
    close(res.shares["Haarlemmermeer"], 0.8)
    close(allocation.inhabitant_shares(synth.params)["Haarlem"], 0.2)
    close(res.total("Haarlem", "s2")[0], 1_246_000)
    close(res.costs[("Haarlem", "s2")]["transition"][2], 60_000)
    close(res.costs[("Haarlemmermeer", "s2")]["transition"][2], 240_000)
    close(res.costs[("Haarlem", "baseline")]["personnel"], res.baseline["Haarlem"]["personnel"])
    shares = allocation.category_shares(res, synth.params, "inhabitants")
    close(shares["Haarlem"]["personnel"], 0.2)
    close(allocation.municipal_totals(res, synth.params, "s2", "inhabitants")["Haarlem"][0], 1_246_000)
    close(allocation.key_shares({"a": 1, "b": 3})["b"], 0.75)
    close(allocation.allocate({"x": np.array([10.0, 20.0])}, 0.25)["x"], [2.5, 5.0])


def test_fte_and_usage_keys(res, synth):
    """fte key: Haarlem 10 / (10 + 30) = 0.25 of everything: S2.0 2013 0.25 x 6,230,000 =
    1,557,500.
    usage key, 2013: each running category by Haarlem's share of the two baselines that year
    (personnel 500,000 / 2,000,000 = 0.25; applications 800,000 / 2,170,000); categories
    S2.0 leaves alone cost Haarlem its own baseline; one-offs and programme by 0.3;
    renewal charges (0 in both baselines) half: so Haarlem 2013 = its baseline 2,000,000
    + 0.3 x 60,000 programme = 2,018,000; Haarlemmermeer 4,170,000 + 42,000 = 4,212,000.
    """
    p = synth.params
    fte = allocation.municipal_totals(res, p, "s2", "fte")
    close(fte["Haarlem"][0], 1_557_500)
    close(fte["Haarlemmermeer"][0], 0.75 * 6_230_000)
    shares = allocation.category_shares(res, p, "usage")
    close(shares["Haarlem"]["personnel"][0], 0.25)
    close(shares["Haarlem"]["applications"][0], 800_000 / 2_170_000)
    close(shares["Haarlemmermeer"]["applications"][0], 1_370_000 / 2_170_000)
    close(shares["Haarlem"]["programme"], 0.3)
    close(shares["Haarlemmermeer"]["transition"], 0.7)
    close(shares["Haarlem"]["renewal_capital_charges"], 0.5)
    close(shares["Haarlemmermeer"]["renewal_capital_charges"], 0.5)
    usage = allocation.municipal_totals(res, p, "s2", "usage")
    close(usage["Haarlem"][0], 2_018_000)
    close(usage["Haarlemmermeer"][0], 4_212_000)
    close(usage["Haarlem"] + usage["Haarlemmermeer"], res.combined_total("s2"))
    with pytest.raises(ValueError):
        allocation.category_shares(res, p, "area")


# ---------------------------------------------------------------- metrics on small arrays


def test_break_even_first_year_from_which_it_stays_at_or_below_zero():
    """diff 100, -150, 100, -100, 0 -> cumulative 100, -50, 50, -50, -50: below 0 in 2014,
    above again in 2015, so break-even 2016 (from which it stays <= 0).
    diff -1, 2 -> cumulative -1, 1: ends above 0, NaN.  diff 0, -1 -> 2013 (0 counts).
    """
    years = [2013, 2014, 2015, 2016, 2017]
    assert metrics.break_even_year([100, -150, 100, -100, 0], years) == 2016
    assert np.isnan(metrics.break_even_year([-1, 2], [2013, 2014]))
    assert metrics.break_even_year([0, -1], [2013, 2014]) == 2013
    close(metrics.break_even_year(np.array([[5, -10], [-5, 0]]), [2013, 2014]), [2014, 2013])


def test_npv_and_rounding():
    """npv at 10 %, base year 2013: 110 in 2014 -> 100, 121 in 2015 -> 100; 50 in 2013 is
    not discounted: 250. Per draw rate [0.1, 0]: 250 and 281.
    round_to: 1,224,999 -> 1,200,000; 1,225,000 -> 1,250,000 (half up); -1,225,000 -> -1,200,000.
    saving_pct: diff -10, -20 of baseline 100, 200 -> 10 %.
    """
    close(metrics.npv([50, 110, 121], [2013, 2014, 2015], 0.10, 2013), 250)
    close(metrics.npv([50, 110, 121], [2013, 2014, 2015], np.array([0.10, 0.0]), 2013), [250, 281])
    close(metrics.round_to([1_224_999, 1_225_000, -1_225_000], 50_000), [1_200_000, 1_250_000, -1_200_000])
    close(metrics.saving_pct(np.array([-10, -20]), np.array([100, 200])), 10)


# ---------------------------------------------------------------- details the figures above do not reach


def test_capital_charges_one_per_year_asked():
    """One charge per year asked for, in that order (EUR 1,000 over 2 years at 0 %: 500 and 500)."""
    got = capital.capital_charges(1_000, 2014, 2, 0.0, [2016, 2015, 2017])
    close(got, [500, 500, 0])


def test_step_lookup_over_draws():
    """Schedule 2015 / 2016 with two draws ([0.1, 0.2] and [0.3, 0.4]) queried at 2014-2017:
    0 before the first year, then the year's value, then the last value held."""
    from bizcase.core.timing import step_lookup

    got = step_lookup([2015, 2016], np.array([[0.1, 0.2], [0.3, 0.4]]), np.array([2014, 2015, 2016, 2017]))
    close(got, [[0, 0.1, 0.2, 0.2], [0, 0.3, 0.4, 0.4]])


def test_item_year():
    """A table item's year: its explicit year (2017), else the event's year plus its offset
    (2015 - 1 = 2014)."""
    from bizcase.core.timing import item_year

    from bizcase.core.rows import CostItemRow

    setup = CostItemRow(item="setup", offset=-1, amount_eur=1.0, source="synthetic")
    assert item_year(setup, 2015) == 2014.0
    assert item_year(setup.model_copy(update={"year": 2017}), 2015) == 2017.0


def test_horizon_difference_broadcasts_over_draws():
    """Two draws of the modelled difference (2 x 2 years) and one projection (2 years) give
    2 x 4; one modelled difference and two projections give 2 x 4 as well."""
    from types import SimpleNamespace

    def fake(total, later):
        return SimpleNamespace(years=np.array([2013, 2014]), projection_years=np.array([2015, 2016]),
                               combined_total=lambda sc: np.asarray(total, float) if sc == "s2" else np.zeros(2),
                               projected_difference={"s2": np.asarray(later, float)})

    years, d = metrics.horizon_difference(fake([[1, 2], [3, 4]], [5, 6]), "s2")
    close(years, [2013, 2014, 2015, 2016])
    close(d, [[1, 2, 5, 6], [3, 4, 5, 6]])
    _, d = metrics.horizon_difference(fake([1, 2], [[5, 6], [7, 8]]), "s2")
    close(d, [[1, 2, 5, 6], [1, 2, 7, 8]])


def test_cumulative_at_the_ends_of_the_horizon(res):
    """2013 is the first difference (60,000); 2023, the horizon's last year, is
    -3,269,858.4 - 5 x 1,225,778.4 = -9,398,750.4; 2024 is refused with the range named."""
    close(metrics.cumulative_at(res, "s2", 2013), 60_000)
    close(metrics.cumulative_at(res, "s2", 2023), -3_269_858.4 - 5 * 1_225_778.4)
    with pytest.raises(ValueError, match="^year 2024 outside 2013-2023$"):
        metrics.cumulative_at(res, "s2", 2024)


def test_unknown_allocation_key_is_named(res, synth):
    with pytest.raises(ValueError, match=r"unknown allocation key 'area'; expected one of \('inhabitants', 'fte', 'usage'\)"):
        allocation.category_shares(res, synth.params, "area")


def test_dated_table_without_items():
    """An empty table gives zeros of the years' shape, with a draws axis when the event year
    has one (two draws of the centre's start: 2 x 6)."""
    from bizcase.core.timing import dated_table

    close(dated_table([], 2015.0, YEARS, 0.6), np.zeros(6))
    got = dated_table([], np.array([2015.0, 2016.0]), YEARS, 0.6)
    assert got.shape == (2, 6)
    close(got, 0)


def test_first_effect_year_per_draw(synth):
    """Two draws of the schedule: one never starts (all 0: never, inf), the other as in the
    register (first share above 0 in 2015, + lag 1 = 2016)."""
    from bizcase.core.timing import first_effect_year

    P = synth.with_values({"harmonised_share_2014": np.array([0.0, 0.0]), "harmonised_share_2015": np.array([0.0, 0.2]),
                           "harmonised_share_2016": np.array([0.0, 0.4]), "harmonised_share_2017": np.array([0.0, 0.8])})
    close(first_effect_year(P), [np.inf, 2016])


def test_an_earlier_last_year_moves_the_extrapolated_year(synth):
    """year_last 2016 as an override: the modelled years are 2013-2017, 2017 extrapolated:
    Haarlem's personnel 2017 = 665,500 x 1.155 = 768,652.5 (not 732,050, the computed 2017)."""
    r = evaluate(synth, {"year_last": 2016.0})
    close(r.years, [2013, 2014, 2015, 2016, 2017])
    close(r.baseline["Haarlem"]["personnel"][3:], [665_500, 768_652.5])
