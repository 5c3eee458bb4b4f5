"""Every generated paragraph reads as Dutch in every edition: no empty slot, no 'in geen', no glued
words, whatever the variant (issue 19: statements generated from the figures, in a variant too)."""
import json
import math
import re

import matplotlib.pyplot as plt
import pytest

from bizcase.analysis import content
from bizcase.core.inputs import load_inputs
from bizcase.core.model import evaluate
from bizcase.publish import formatting as fmt, labels
from bizcase.publish.blocks import Text
from bizcase.publish.chapter import Chapter, Documents
from bizcase.publish.chapters import (accountability, appendix, baseline, collaboration, conclusions, results, setup,
                                      summary, uncertainty)
from bizcase.build.generated import decisions_log, validation_summary
from conftest import DATA, ROOT

VARIANTS = {
    "standaard": {},
    "late start with overhead": {"ict_centre_start_year": 2017, "overhead_included": 1},
    "overhead: S2.0 never breaks even": {"overhead_included": 1},
    "harmonisation three years late": {"harmonisation_effect_lag": 3},
    "cheap staff": {"cost_per_fte": 60000},
    "staff above its range": {"cost_per_fte": 100000},
    "no S3.0 savings": {"s3_software_reduction": 0.0, "s3_infrastructure_reduction": 0.0},
    "no one-off transition": {"transition_cost": 0, "friction_cost": 0},
    "a short projection": {"break_even_projection_years": 2},
    "harmonisation never takes effect": {f"harmonised_share_{y}": 0.0 for y in (2015, 2016, 2017, 2018)},
    "harmonisation after the horizon": {"harmonisation_effect_lag": 10, "break_even_projection_years": 8},
}
CONTENT = [summary.context, summary.answer, summary.introduction, summary.uncertainty, summary.reconstruction, summary.variant, results.differences,
           results.payback, results.municipalities, baseline.mechanisms, baseline.growth, baseline.convergence, baseline.budgets,
           collaboration.staff, collaboration.project, collaboration.schedule, collaboration.s3_staff, conclusions.s3,
           conclusions.s2, uncertainty.switching, uncertainty.delay, uncertainty.montecarlo, uncertainty.keys,
           uncertainty.npv, accountability.fit, accountability.validation, setup.period, setup.key_assumptions,
           appendix.council]
# What must never be printed: a year that is not a year, a missing value, words run together, empty
# brackets or punctuation doubled by an empty slot.
WRONG = re.compile(r"\bin geen\b|\bnaar geen\b|\bnan\b|\bNone\b|\binf\b|\d{4}[a-zA-Z]|[a-zé][A-Z][a-z]|\(\s*\)"
                   r"|\s[,;.]\s|\.\.|;;|e\+\d|[a-z]\.[€A-Z]")


@pytest.mark.parametrize("name", VARIANTS)
def test_every_paragraph_reads(name):
    inputs = load_inputs(DATA, VARIANTS[name])
    ch = Chapter("X", name, inputs, evaluate(inputs), content.computed(inputs),
                 Documents(validation=validation_summary, decisions_log=decisions_log))
    for make in CONTENT:
        made = make(ch)
        for block in made if isinstance(made, list) else [made]:
            if isinstance(block, Text):
                found = WRONG.search(block.markdown)
                assert not found, f"{make.__module__}.{make.__name__}: {found.group()!r} in ...{block.markdown[max(0, found.start() - 80):found.end() + 80]}..."
    plt.close("all")  # the charts the content functions made, never drawn here


def test_summary_and_chapter_9_count_the_same_one_sided_assumptions():
    """The Samenvatting and chapter 9 name the same number of one-sided assumptions that move the
    cumulative difference; chapter 9 lists each of them, and names the ones that move nothing apart."""
    inputs = load_inputs(DATA)
    ch = Chapter("X", "standaard", inputs, evaluate(inputs), content.computed(inputs),
                 Documents(validation=validation_summary, decisions_log=decisions_log))
    moving = [o for o in ch.one_sided if o.moves]
    still = [o for o in ch.one_sided if not o.moves]
    assert moving and still  # the standard inputs have both kinds (else this test proves nothing)
    told = re.compile(r"[Bb]ij (\d+)\s+aannames\s+die\s+dit\s+verschil\s+bewegen")
    assert told.search(summary.uncertainty(ch).markdown).group(1) == str(len(moving))
    point = uncertainty.montecarlo(ch)[2].markdown
    assert told.search(point).group(1) == str(len(moving))
    assert point.count("\n- ") == len(moving)
    tail = point[point.index("Ook bij"):]
    for o in still:
        assert labels.assumption(o.id)[1:] in tail
    plt.close("all")


@pytest.mark.parametrize("items, text", [([], ""), (["a"], "a"), (["a", "b"], "a en b"), (["a", "b", "c"], "a, b en c")])
def test_dutch_enumeration(items, text):
    assert fmt.join_and(items) == text


@pytest.mark.parametrize("label, text", [("Jaar frictiekosten", "jaar frictiekosten"), ("CIO-office (fte)", "CIO-office (fte)"),
                                         ("ICT-formatie", "ICT-formatie"), ("S3.0-besparing", "S3.0-besparing")])
def test_a_label_inside_a_sentence(label, text):
    assert fmt.inline(label) == text


def test_a_widened_range_is_said_where_the_ranges_are_used():
    """A value outside its plausible range widens the range (D32): the summary, the switching values
    and the Monte Carlo paragraph each say so, naming the assumption."""
    inputs = load_inputs(DATA, {"cost_per_fte": 100000})
    ch = Chapter("X", "duur personeel", inputs, evaluate(inputs), content.computed(inputs),
                 Documents(validation=validation_summary, decisions_log=decisions_log))
    name = fmt.inline(labels.assumption("cost_per_fte"))
    texts = [summary.uncertainty(ch).markdown, uncertainty.switching(ch)[0].markdown,
             uncertainty.montecarlo(ch)[0].markdown]
    for text in texts:
        assert "verruimd" in " ".join(text.split()) or "verruimen" in text
        assert name.split()[0] in text.lower()
    plt.close("all")


@pytest.mark.parametrize("unit, x, text", [("factor", 1.0234567, "1,0234567"), ("factor", 1.5, "1,5"),
                                           ("share", 0.21033, "21,033%"), ("EUR", 5196.75, "€ 5.196,75"),
                                           ("inhabitants", 150000.123456789, "150.000,123456789")])
def test_an_exact_value_keeps_every_decimal(unit, x, text):
    """A switching value is written with every decimal it has, whatever its unit (D33): read back,
    it is the value that turns the conclusion."""
    assert fmt.value_text(unit, x, exact=True).replace("\u00a0", " ") == text


@pytest.mark.parametrize("rank, place", [(0.2, ("below", 0)), (0.5, ("at", 1)), (49.6, ("at", 50)),
                                         (99.4, ("at", 99)), (99.5, ("above", 100))])
def test_where_a_point_sits_rounds_to_the_ends(rank, place):
    assert fmt.percentile_place(rank) == place


def test_the_summary_gives_the_answer_first():
    """The Samenvatting leads with its conclusion and advice, as the original does: the first
    section after the title and its two sentences of context is 'Conclusie en advies', before the
    figures and their uncertainty."""
    nb = json.loads((ROOT / "notebooks" / "00-samenvatting.ipynb").read_text())
    headings = [line for c in nb["cells"] if c["cell_type"] == "markdown"
                for line in "".join(c["source"]).splitlines() if line.startswith("#")]
    assert headings == ["# Samenvatting", "## Conclusie en advies", "## De cijfers", "## Hoe zeker zijn deze cijfers?"]


def _answer(overrides):
    inputs = load_inputs(DATA, overrides)
    ch = Chapter("S", "x", inputs, evaluate(inputs), content.computed(inputs))
    return ch, " ".join(summary.answer(ch).markdown.split())


def test_the_answer_carries_the_overhead_the_original_expects():
    """The overhead the original expects as a scale disadvantage is in the answer with what counting
    it does to S2.0, computed by the model (not the decision's text); an edition that counts it says so."""
    ch, text = _answer({})
    o, f = ch.overhead, ch.figures
    assert not o.included and fmt.eur(o.amount) in text
    assert fmt.change(o.counted.s2.cumulative_difference) in text
    assert o.counted.s2.cumulative_difference > f.s2.cumulative_difference
    later = "geen** omslagjaar" if math.isnan(o.counted.s2.break_even_year) else f"**{int(o.counted.s2.break_even_year)}**"
    assert later in text.split("overhead")[1]
    ch, text = _answer({"overhead_included": 1})
    assert ch.overhead.counted is ch.figures and "Deze uitgave telt het mee" in text


def test_the_answer_follows_a_variant_that_earns_back_within_the_term():
    """With cheaper one-offs S2.0 earns back within 2013-2017: the answer says so and warns that the
    advice's financial basis falls away; with the standard inputs it does neither."""
    _, standard = _answer({})
    assert "Let op" not in standard and "niet terug" in standard
    ch, text = _answer({"transition_cost": 0, "friction_cost": 0, "cost_per_fte": 95000})
    assert ch.figures.s2.break_even_year <= ch.figures.last_computed
    assert "wél terug" in text and "Let op" in text


def test_the_baselines_converge_claim_is_set_against_the_published_tables():
    """Par. 4.5 states the original's expectation that the baselines converge beside its own tables:
    the published gap between the two baselines grows from the first to the last computed year, so
    the text says the tables do not show it, with both gaps."""
    inputs = load_inputs(DATA)
    ch = Chapter("4", "x", inputs, evaluate(inputs), content.computed(inputs))
    pub = {(r.municipality, r.year): r.cost_eur_x1000 * 1000 for r in ch.reference.costs if r.scenario == "baseline"}
    years = [int(y) for y in ch.result.years]
    gaps = [abs(pub[("Haarlem", y)] - pub[("Haarlemmermeer", y)]) for y in (years[0], years[-2])]
    text = " ".join(baseline.convergence(ch).markdown.split())
    assert gaps[1] > gaps[0] and "laten dat niet zien" in text
    assert f"{fmt.million(gaps[0], 1)} in {years[0]} tot {fmt.million(gaps[1], 1)} in {years[-2]}" in text


def test_the_overhead_appears_where_the_original_expects_it():
    """5.2 and chapter 7 carry the overhead as the scale disadvantage the original expects, with
    what counting it does to S2.0 (computed by the model)."""
    inputs = load_inputs(DATA)
    ch = Chapter("5", "x", inputs, evaluate(inputs), content.computed(inputs))
    staff = " ".join(collaboration.staff(ch)[1].markdown.split())
    concl = " ".join(" ".join(b.markdown for b in conclusions.s2(ch)).split())
    for text in (staff, concl):
        assert "schaalnadeel" in text and fmt.eur(ch.overhead.amount) in text
    assert fmt.change(ch.overhead.counted.s2.cumulative_difference) in staff


def test_a_switch_reads_as_words_and_types_back_as_a_number():
    """A flag (overhead counted or not) reads 'ja'/'nee' in the text and the tables, and stays 0 or 1
    where a reader may type the value back in (exact: the switching values)."""
    assert (fmt.value_text("flag", 1.0), fmt.value_text("flag", 0.0)) == ("ja", "nee")
    assert (fmt.value_text("flag", 1.0, exact=True), fmt.value_text("flag", 0.0, exact=True)) == ("1", "0")
    assert fmt.setting("overhead_included", 1) == "ja"
