"""bizcase.fit.structure: the decisions chosen on the data are chosen again inside each grouped
hold-out, with the kept cells only; an alternative taken acts on the prediction."""
import copy

import pytest

from bizcase.build.generated import structural_choices, validation_fingerprint
from bizcase.core.inputs import load_inputs
from bizcase.fit import calibrate as calib
from bizcase.fit import holdouts as ho
from bizcase.fit import structure as st
from bizcase.fit import validate as val
from bizcase.fit.reference import load_reference
from bizcase.publish.decisions import catalogue
from conftest import DATA


def _group(reference, name):
    return next(h for h in ho.linked_groups(reference) if h.name == name)


def test_choice_ignores_the_held_out_cells():
    """Moving the held-out cells' published figures by EUR 500,000 changes neither the scores nor
    the options taken nor the prediction: the choice is made on the kept cells only."""
    inputs, reference = load_inputs(DATA), load_reference(DATA)
    h = _group(reference, "linked:s2+s3/2015")
    choices = (st.Choice(10, (st.Option(10, (("interest_rate_municipal", 0.05),)),)),)
    moved = copy.deepcopy(reference)
    for row in moved.costs:
        if calib.cell_key(row) in h.exclude:
            row.cost_eur_x1000 += 500
    runs = []
    for ref in (reference, moved):
        runs.append(st.reselect(inputs, ref, ho.run_holdouts(inputs, ref, [h]), choices)[0])
    a, b = runs
    assert a.taken == b.taken
    assert a.as_taken == b.as_taken
    assert a.scores == b.scores
    for ra, rb in zip(a.outcome.rows, b.outcome.rows):
        assert rb["published_eur"] == ra["published_eur"] + 500_000
        assert rb["out_of_sample_eur"] == pytest.approx(ra["out_of_sample_eur"], abs=1e-6)


def test_ties_keep_the_decision_and_a_better_alternative_acts():
    """An alternative that sets what is already set ties and is not taken; when the decision as
    taken is made worse (friction a year late), the alternative that restores the register's value
    is taken, in the hold-out and on all cells, and the prediction is the register's own refit."""
    reference = load_reference(DATA)
    good = load_inputs(DATA)
    h = _group(reference, "linked:s2/2016")
    same = st.Option(3, (("transition_offset", good.values["transition_offset"]),))
    restore = st.Option(3, (("friction_offset", good.values["friction_offset"]),))
    bad = load_inputs(DATA, overrides={"friction_offset": good.values["friction_offset"] + 1})
    r, full = st.reselect(bad, reference, ho.run_holdouts(bad, reference, [h]), (st.Choice(3, (same, restore)),))
    assert full.holdout is st.FULL and full.outcome is None
    assert r.scores[same] == r.as_taken and not r.scores[same].beats(r.as_taken)
    assert r.taken == (restore,) and full.taken == (restore,)
    expected = ho.run_holdouts(good, reference, [h])[0]
    assert [x["out_of_sample_eur"] for x in r.outcome.rows] == pytest.approx(
        [x["out_of_sample_eur"] for x in expected.rows], abs=1e-6)


def test_structural_choices_come_from_the_decisions():
    """The choices are the decisions flagged chosen_on_data with their refitted alternatives; they
    enter the validation's fingerprint, so a fixed-structure run is not current for docs/validation/."""
    decisions = catalogue.load()
    choices = structural_choices()
    flagged = [d for d in decisions if d.chosen_on_data]
    assert [c.decision for c in choices] == [d.number for d in flagged if any(a.refit for a in d.alternatives)]
    for c in choices:
        d = next(d for d in decisions if d.number == c.decision)
        assert [o.overrides for o in c.alternatives] == [a.overrides for a in d.alternatives if a.refit]
    st.check(choices)
    assert validation_fingerprint(DATA) != validation_fingerprint(DATA, ())
    assert val.steps(choices) == ho.STAGES * (1 + sum(len(c.alternatives) for c in choices)) + 1


def test_two_decisions_may_not_set_one_id():
    a = st.Choice(3, (st.Option(3, (("transition_offset", -1),)),))
    b = st.Choice(4, (st.Option(4, (("transition_offset", 1),)),))
    with pytest.raises(ValueError, match="both set transition_offset"):
        st.check((a, b))
