"""The figure layer: one home for every headline figure, and the statements generated from it (issue 19).

The synthetic case of ``handworked_data.py`` gives the hand-worked figures (S2.0's yearly difference
60,000; 210,000; -488,000; -764,800; -1,061,280; -1,225,778.4 and its baseline worked out in
``test_handworked.py``); the standard inputs give the cross-checks between the report, the
workbook and ``summary.json``.
"""
import json
import math

import numpy as np
import pytest
from openpyxl import load_workbook

import handworked_data
from bizcase.analysis import content
from bizcase.analysis import montecarlo as mc
from bizcase.build import artefacts
from bizcase.build.workbooks import values_workbook
from bizcase.analysis import sensitivity as sa
from bizcase.cli import main
from bizcase.core import metrics
from bizcase.core.inputs import load_inputs
from bizcase.core.model import evaluate
from bizcase.core.schema import COLLABORATIONS, MUNICIPALITIES
from bizcase.publish import figures, formatting
from bizcase.publish.chapter import Chapter
from bizcase.publish.chapters import baseline, results, summary, uncertainty
from conftest import DATA

D_S2 = np.array([60_000, 210_000, -488_000, -764_800, -1_061_280, -1_225_778.4])
BASELINE_TOTAL = 45_505_677.5  # the synthetic baseline of both municipalities, 2013-2018


def close(a, b, tol=1e-6):
    np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float), rtol=0, atol=tol)


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    return load_inputs(handworked_data.build(tmp_path_factory.mktemp("figures") / "data"))


@pytest.fixture(scope="module")
def standard():
    inputs = load_inputs(DATA)
    return inputs, evaluate(inputs)


def test_scenario_figures_of_the_synthetic_case(synth):
    """S2.0 from 2015: difference as worked out by hand; cumulative -3,269,858.4 over 2013-2018 and
    -2,044,080 over the computed years 2013-2017; break-even 2015, the ICT centre's first year, so
    the payback is 2015 - 2015 + 1 = 1 year; investment 750,000, all in the period; discounted at
    10 % from 2013."""
    f = figures.headline(synth, evaluate(synth))
    s = f.s2
    assert f.years == (2013, 2014, 2015, 2016, 2017, 2018) and f.horizon == 2023
    assert (f.first, f.last_computed, f.extrapolated) == (2013, 2017, 2018)
    assert f.period == "2013-2018" and f.computed_period == "2013-2017"
    close(f.baseline_total, BASELINE_TOTAL)
    close(s.difference, D_S2)
    close(s.total, BASELINE_TOTAL + D_S2.sum())
    close(s.cumulative_difference, -3_269_858.4)
    close(s.cumulative_difference_computed, -2_044_080)
    close(s.saving_pct, 3_269_858.4 / BASELINE_TOTAL * 100)
    assert s.break_even_year == 2015 and s.payback_years == 1
    close([s.investment, s.investment_in_period, s.investment_after_period, s.investment_projected,
           s.investment_uncounted], [750_000, 750_000, 0, 0, 0])
    assert all(o.in_period == o.stated and o.in_projection == 0 and o.uncounted == 0 and not o.never
               for o in s.one_offs)
    close(s.npv, sum(d / 1.1 ** t for t, d in enumerate(D_S2)))
    close(f.shares["Haarlem"], 0.2)
    close(f.shares["Haarlemmermeer"], 0.8)
    assert f.scenario("s2") is f.s2 and f.scenario("s3") is f.s3


def test_saving_over_the_computed_years_leaves_out_the_extrapolated_year(synth):
    """The saving over 2013-2017 is the difference over those years over the baseline of those years."""
    result = evaluate(synth)
    f = figures.headline(synth, result)
    base = np.asarray(result.combined_total("baseline"))
    close(f.s2.saving_pct_computed, 2_044_080 / base[:5].sum() * 100)
    assert base[:5].sum() < BASELINE_TOTAL


def test_municipal_break_even_follows_the_headline_convention(synth):
    """Per municipality under the inhabitants key (20 % for Haarlem): its share of S2.0 minus its
    own baseline. Haarlem 2013: 0.2 x 6,230,000 - 2,000,000 = -754,000. After 2018 the extrapolated
    year's running difference repeats; the break-even year is the first from which the cumulative
    stays at or below 0 through 2023, worked out here without the package's break-even function."""
    result = evaluate(synth)
    f = figures.headline(synth, result)
    years, by_m = metrics.municipal_horizon_difference(result, synth.params, "s2")
    close(by_m["Haarlem"][0], -754_000)
    close(sum(by_m.values()), metrics.horizon_difference(result, "s2")[1])
    for m in MUNICIPALITIES:
        cum = np.cumsum(by_m[m])
        above = [y for y, c in zip(years, cum) if c > 1e-9]
        expected = float("nan") if above and above[-1] == years[-1] else (above[-1] + 1 if above else years[0])
        close(f.s2.break_even_by_municipality[m], expected)
        close(f.s2.cumulative_by_municipality[m], np.sum(by_m[m][:6]))


def test_every_key_splits_the_same_total(standard):
    """Under each allocation key the municipalities' differences add up to the scenario's, in every
    modelled year and every projection year."""
    inputs, result = standard
    for key in ("inhabitants", "fte", "usage"):
        for sc in COLLABORATIONS:
            years, by_m = metrics.municipal_horizon_difference(result, inputs.params, sc, key)
            close(sum(by_m.values()), metrics.horizon_difference(result, sc)[1], tol=1e-3)


def test_table_9_5_the_workbook_and_summary_json_give_the_same_municipal_break_even(standard, tmp_path):
    """The break-even per municipality is computed once: Tabel 9.5, the values workbook and
    summary.json show the same years, and under the inhabitants key they are the headline figures'."""
    inputs, result = standard
    f = figures.headline(inputs, result)
    outcomes = {(o.key, o.scenario, o.municipality): o for o in figures.allocation_outcomes(inputs, result)}
    assert main(["run", "--out", str(tmp_path / "run")]) == 0
    summary_json = json.loads((tmp_path / "run" / "summary.json").read_text())
    ch = Chapter("9", "", inputs, result, content.computed(inputs))
    table = uncertainty.keys(ch)[1]
    rows = dict(table.rows)
    column = table.columns.index("inwoners: omslagjaar")
    (tmp_path / "v.xlsx").write_bytes(values_workbook(inputs))
    sheet = {r[0]: r for r in load_workbook(tmp_path / "v.xlsx")["Verdeelsleutels"].iter_rows(values_only=True)}
    for sc in COLLABORATIONS:
        for m in MUNICIPALITIES:
            year = outcomes[("inhabitants", sc, m)].break_even_year
            assert year == f.scenario(sc).break_even_by_municipality[m]
            assert summary_json["break_even_year_by_municipality"][sc][m] == (None if math.isnan(year) else year)
            label = f"{'Samenwerking 2.0' if sc == 's2' else 'Samenwerking 3.0'}, {m}"
            assert rows[label][column].value == year
            assert sheet[label][1 + column] == (int(year) if year == year else "geen")


class FakeAnalyses:
    """Monte Carlo summaries by hand: four draws breaking even in 2015, 2017, never and 2016."""

    draws = 4
    montecarlo = {sc: {"p_cheaper": {2018: 0.5}, "p_break_even_by": {y: b for y, b in zip(range(2013, 2024),
                                                                                         [0, 0, .25, .5, .75] + [.75] * 6)},
                       "break_even_median": 2016.0, "p_no_break_even": 0.25,
                       "cumulative_percentiles": {5: -1.0, 50: 0.0, 95: 1.0},
                       "point": {"cumulative": -0.5, "npv": 0.0},
                       "point_position": {"cumulative": {"below": 0.25, "above": 0.75, "percentile": 25.0},
                                          "npv": {"below": 0.0, "above": 0.0, "percentile": 50.0}}}
                  for sc in COLLABORATIONS}
    one_sided = {"cost_per_fte": "high", "transition_cost": "low"}
    tornado = [sa.TornadoRow("transition_cost", 1.0, 3.0, {"cumulative_s2": 10.0, "cumulative_s3": 20.0},
                             {"cumulative_s2": 14.0, "cumulative_s3": 20.0}),
               sa.TornadoRow("indexation_rate", 0.0, 1.0, {"cumulative_s2": 0.0, "cumulative_s3": 0.0},
                             {"cumulative_s2": 1.0, "cumulative_s3": 1.0}),
               sa.TornadoRow("cost_per_fte", 5.0, 8.0, {"cumulative_s2": 30.0, "cumulative_s3": 25.0},
                             {"cumulative_s2": 10.0, "cumulative_s3": 20.0})]


def test_uncertainty_reads_shares_over_all_draws(synth):
    """The point estimate (2015) broke even by then in a quarter of all draws."""
    f = figures.headline(synth, evaluate(synth))
    u = figures.uncertainty(f, FakeAnalyses())
    s = u["s2"]
    assert s.draws == 4 and s.median_break_even == 2016 and s.p_no_break_even == 0.25
    assert s.point_break_even == 2015 and s.p_break_even_by_point == 0.25
    assert s.p_cheaper == {2018: 0.5} and s.cumulative_percentiles[95] == 1.0
    assert s.scenario == "s2" and u["s3"].scenario == "s3"
    assert s.p_break_even_by == FakeAnalyses.montecarlo["s2"]["p_break_even_by"]
    assert (s.point_cumulative, s.point_below, s.point_above, s.point_percentile) == (-0.5, 0.25, 0.75, 25.0)


def test_one_sided_ranges_say_which_way_and_how_far():
    """A value at the low end of its range is compared with the high end (transition cost: S2.0
    4 dearer, S3.0 unchanged); a value at the high end with the low end (cost per FTE: 20 dearer
    for S2.0, 5 for S3.0); an id whose range is two-sided is left out; the tornado's order holds."""
    out = figures.one_sided(FakeAnalyses())
    assert [o.id for o in out] == ["transition_cost", "cost_per_fte"]
    assert (out[0].end, out[0].other_end, out[0].effect) == ("low", 3.0, {"s2": 4.0, "s3": 0.0})
    assert (out[1].end, out[1].other_end, out[1].effect) == ("high", 5.0, {"s2": 20.0, "s3": 5.0})
    assert out[0].moves and out[1].moves


def test_a_one_sided_range_that_moves_nothing_is_told_apart():
    """An end whose other side changes neither scenario by half a euro does not move the point's
    place; a change of half a euro in one scenario does."""
    still = figures.OneSided("friction_year_offset", "low", 1.0, {"s2": 0.0, "s3": -0.49})
    moving = figures.OneSided("cio_office_fte", "low", 7.0, {"s2": 0.0, "s3": 0.5})
    assert not still.moves and moving.moves


def test_the_summary_states_shares_and_the_median_over_all_draws(standard):
    """The Samenvatting's uncertainty paragraph against the draws themselves: the median break-even
    year counts the draws that never break even (as later than any year), the shares are of all
    draws."""
    inputs, result = standard
    n, seed = 3000, 11
    _, out = mc.monte_carlo(inputs, n, seed)
    be = np.where(np.isfinite(out["break_even_s2"]), out["break_even_s2"], np.inf)
    median = np.sort(be)[math.ceil(n / 2) - 1]
    point = figures.headline(inputs, result).s2.break_even_year
    by_point = np.mean(be <= point)
    never = np.mean(np.isinf(be))
    summ = mc.summarise(out, content.horizon_years(inputs), sa.outcomes(inputs))
    data = content.plain({"montecarlo": {"draws": n, "seed": seed, "summary": summ, "one_sided": sa.one_sided_ids(inputs),
                                         "widened": sa.widened_ids(inputs)}, "fan": {"years": [], "s2": {}, "s3": {}}})
    ch = Chapter("S", "", inputs, result, content.Analyses(lambda: content.compute_sensitivity(inputs), lambda: data))
    text = summary.uncertainty(ch).markdown
    if np.isfinite(median):
        assert f"in de helft van de gevallen uiterlijk in {int(median)}" in text
    else:
        assert "in de helft van de gevallen" not in text and never >= 0.5
    assert f"in {formatting.pct(by_point * 100, 0)} van de gevallen uiterlijk in {int(point)}" in text
    assert f"in {formatting.pct(never * 100, 0)} van de gevallen tot en met" in text
    assert f"{formatting.number(n)} trekkingen" in text


def test_the_saving_says_when_it_falls(standard):
    """With the standard inputs S3.0 saves over 2013-2018 but costs more over 2013-2017: the
    summary's answer and chapter 6 say so with both figures."""
    inputs, result = standard
    ch = Chapter("S", "", inputs, result, content.computed(inputs))
    f = ch.figures
    assert f.s3.saving_pct > 0 > f.s3.saving_pct_computed  # the situation of the original report
    for text in (summary.answer(ch).markdown, results.payback(ch)[1].markdown):
        assert formatting.pct(f.s3.saving_pct) in text and formatting.pct(-f.s3.saving_pct_computed) in text, text
        assert "geëxtrapoleerde jaar" in text


def test_the_payback_sentence_carries_the_payback_of_the_figure_layer(standard):
    inputs, result = standard
    ch = Chapter("6", "", inputs, result, content.computed(inputs))
    text = results.payback(ch)[1].markdown
    s2 = ch.figures.s2
    assert s2.payback_years == s2.break_even_year - inputs.params.centre.start_year + 1
    assert f"terugverdientijd van {formatting.number(s2.payback_years)} jaar" in text
    # the year is a figure of the lineage (issue 24): a button around it, as in the summary
    assert (f"omslagjaar in **<button type='button' class='fig' data-figure='break_even/s2'>"
            f"{int(s2.break_even_year)}</button>**") in text


@pytest.mark.parametrize("overrides", [{}, {"indexation_rate": 0.03, "fte_baseline_haarlem": 50}])
def test_the_baselines_are_said_to_grow_apart_only_when_they_do(overrides):
    """Section 4.2 says whether the two baselines grow apart or converge from the figures."""
    inputs = load_inputs(DATA, overrides)
    result = evaluate(inputs)
    ch = Chapter("4", "", inputs, result, content.computed(inputs))
    text = baseline.growth(ch)[1].markdown
    gap = np.abs(np.asarray(result.total("Haarlem", "baseline")) - np.asarray(result.total("Haarlemmermeer", "baseline")))
    apart = gap[-2] > gap[0]
    assert ("lopen in deze jaren uiteen" in text) == apart and ("naar elkaar toe" in text) != apart


def test_a_variant_is_named_by_its_dutch_names_and_values(standard):
    inputs = load_inputs(DATA, {"s3_investment": 1_500_000, "interest_rate_collaboration": 0.07})
    ch = Chapter("S", "", inputs, evaluate(inputs), content.computed(inputs))
    text = summary.variant(ch).markdown
    assert "Investering Samenwerking 3.0 = € 1.500.000" in text and "Rente samenwerking = 7%" in text
    assert "e+" not in text and "s3_investment" not in text
    assert summary.variant(Chapter("S", "", standard[0], standard[1], None)) is None


def test_the_build_reads_the_analyses_it_computed(standard, tmp_path):
    """A chapter given the build's artefacts shows the same uncertainty figures as computed in place."""
    inputs, result = standard
    files = {}
    for kind in ("sensitivity", "montecarlo"):
        files[kind] = tmp_path / f"{kind}.json"
        files[kind].write_bytes(artefacts.build(kind, inputs))
    read = figures.uncertainty(figures.headline(inputs, result), artefacts.analyses(inputs, files))
    here = figures.uncertainty(figures.headline(inputs, result), content.computed(inputs))
    assert read == here


def test_cash_figures_of_the_synthetic_case(synth):
    """Without renewal investments (EUR 0 per inhabitant) the cash view equals the cost view: the
    cumulative difference on a cash basis is -3,269,858.4 and its NPV the cost view's."""
    f = figures.headline(synth, evaluate(synth))
    assert f.s2.scenario == "s2" and f.s3.scenario == "s3"
    close(f.s2.cumulative_cash, -3_269_858.4)
    close(f.s2.npv_cash, sum(d / 1.1 ** t for t, d in enumerate(D_S2)))


@pytest.fixture(scope="module")
def late(synth):
    """The synthetic case with the ICT centre from 2017: harmonisation takes effect from 2017
    (schedule from 2015 plus one year's lag, not before the centre), so the S3.0 investment falls
    50 % in 2017, 30 % in 2018 and 20 % (EUR 200,000) in 2019, the first projection year."""
    return load_inputs(synth.data_dir, {"ict_centre_start_year": 2017})


@pytest.mark.parametrize("key, haarlem", [("inhabitants", 0.2), ("fte", 10 / 40), ("usage", 0.3)])
def test_a_one_off_after_the_modelled_years_is_split_by_the_key(late, key, haarlem):
    """Each municipality's projection repeats its running difference of 2018 and adds its share
    of the one-offs of each later year: in 2019 the EUR 200,000 tranche, split 0.2 / 0.8 by
    inhabitants, 10 / 30 FTE by staff, 0.3 / 0.7 by the usage key's one-off share."""
    result = evaluate(late)
    years, by_m = metrics.municipal_horizon_difference(result, late.params, "s3", key)
    i2019, i2020 = list(years).index(2019), list(years).index(2020)
    close(by_m["Haarlem"][i2019] - by_m["Haarlem"][i2020], haarlem * 200_000)
    close(by_m["Haarlemmermeer"][i2019] - by_m["Haarlemmermeer"][i2020], (1 - haarlem) * 200_000)
    close(by_m["Haarlem"][i2020:], by_m["Haarlem"][i2020])  # the running difference repeats
    close(sum(result.projected_oneoffs["s3"].values()), [200_000, 0, 0, 0, 0])
    close(result.projected_oneoffs["s3"]["harmonisation_investment"], [200_000, 0, 0, 0, 0])


def test_the_municipal_horizon_difference_runs_over_draws(synth):
    """Two draws of the cost per FTE in one evaluation give, row by row, the scalar evaluations."""
    many = evaluate(synth, {"cost_per_fte": np.array([50_000.0, 60_000.0])})
    for key in ("inhabitants", "fte", "usage"):
        _, by_draw = metrics.municipal_horizon_difference(many, synth.params, "s2", key)
        for i, cost in enumerate((50_000.0, 60_000.0)):
            one = evaluate(synth, {"cost_per_fte": cost})
            _, by_m = metrics.municipal_horizon_difference(one, load_inputs(synth.data_dir, {"cost_per_fte": cost}).params,
                                                           "s2", key)
            for m in MUNICIPALITIES:
                assert by_draw[m].shape == (2, 11)
                close(by_draw[m][i], by_m[m], tol=1e-6)


def test_allocation_outcomes_of_the_synthetic_case(late):
    """One outcome per key, scenario and municipality, in that order; its cumulative difference is
    the municipality's over the modelled years and its break-even follows D7 (worked out here
    without the package's break-even function); the municipalities add up to the scenario."""
    result = evaluate(late)
    outcomes = figures.allocation_outcomes(late, result)
    assert [(o.key, o.scenario, o.municipality) for o in outcomes] == [
        (k, sc, m) for k in ("inhabitants", "fte", "usage") for sc in COLLABORATIONS for m in MUNICIPALITIES]
    f = figures.headline(late, result)
    for o in outcomes:
        years, by_m = metrics.municipal_horizon_difference(result, late.params, o.scenario, o.key)
        close(o.cumulative_difference, np.sum(by_m[o.municipality][:6]))
        cum = np.cumsum(by_m[o.municipality])
        above = [y for y, c in zip(years, cum) if c > 1e-9]
        close(o.break_even_year, float("nan") if above and above[-1] == years[-1] else (above[-1] + 1 if above else years[0]))
    for key in ("inhabitants", "fte", "usage"):
        for sc in COLLABORATIONS:
            pair = [o.cumulative_difference for o in outcomes if (o.key, o.scenario) == (key, sc)]
            close(sum(pair), f.scenario(sc).cumulative_difference, tol=1e-3)


def test_the_monte_carlo_takes_its_settings_from_the_register(synth):
    """The synthetic register asks for 1,000 draws with seed 1."""
    data = content.compute_montecarlo(synth)["montecarlo"]
    assert (data["draws"], data["seed"]) == (1000, 1)


def test_an_override_that_changes_no_figure_is_found(synth):
    """In the synthetic case the overhead is counted: its amount acts. With the overhead not
    counted, its amount changes nothing, and neither does an override equal to the value it
    replaces, nor an optional date equal to the date its event gives; the Monte Carlo's settings
    act on the Monte Carlo alone and are never reported."""
    data = synth.data_dir
    assert figures.inert_overrides(load_inputs(data, {"overhead_ict_centre": 200_000})) == []
    assert figures.inert_overrides(load_inputs(data, {"overhead_included": 0, "overhead_ict_centre": 200_000})) == [
        "overhead_ict_centre"]
    assert figures.inert_overrides(load_inputs(data, {"cost_per_fte": 50_000})) == []  # equal to the register's
    assert figures.inert_overrides(load_inputs(data, {"transition_year": 2015})) == ["transition_year"]  # start + 0
    assert figures.inert_overrides(load_inputs(data, {"transition_year": 2016})) == []
    assert figures.inert_overrides(load_inputs(data, {"montecarlo_seed": 7, "discount_rate": 0.12})) == []
    assert figures.inert_overrides(load_inputs(data, {"usage_one_off_share_haarlem": 0.9})) == []
    assert figures.inert_overrides(load_inputs(data)) == []
