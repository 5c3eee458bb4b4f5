"""Every id that a channel accepts changes an output; every other id is refused with its reason (issue 19)."""
import itertools
import json

import numpy as np
import pytest

from bizcase.analysis import content
from bizcase.build.variants import variant_block
from bizcase.cli import main
from bizcase.core import schema
from bizcase.core.errors import InputError
from bizcase.core.inputs import load_inputs
from bizcase.core.model import evaluate
from bizcase.publish import figures
from conftest import DATA

INPUTS = load_inputs(DATA)
# An id that acts only together with another value: the context in which it is tried.
CONTEXT = {
    "overhead_ict_centre": {"overhead_included": 1},
    "overhead_offset": {"overhead_included": 1},
    "overhead_first_year": {"overhead_included": 1},
    # with the published one-year lag the last schedule year takes effect after the modelled years
    "harmonised_share_2018": {"harmonisation_effect_lag": 0},
}
MONTECARLO = ("montecarlo_draws", "montecarlo_seed")


def settable_ids() -> list:
    ids = [k for k in INPUTS.register if k not in schema.NOT_SETTABLE]
    return ids + list(schema.TERM_IDS) + [k for k in INPUTS.values if k.startswith(schema.SCHEDULE_PREFIX)]


def refused_ids() -> list:
    terms = [f"term_{row.category}_{org}" for row in INPUTS.terms for org in schema.ORGANISATIONS]
    return list(schema.NOT_SETTABLE) + [k for k in terms if k not in schema.TERM_IDS]


def outputs(inputs, montecarlo: bool = False) -> np.ndarray:
    """Every figure the report, the workbooks and summary.json show, as one vector (the Monte
    Carlo summary only on request: it is the only output the draws' settings change)."""
    result = evaluate(inputs)
    f = figures.headline(inputs, result)
    parts = [np.concatenate([np.ravel(np.asarray(v, float)) for sc in result.combined for v in result.combined[sc].values()]),
             np.asarray(result.projected_difference["s2"]), np.asarray(result.projected_difference["s3"]),
             np.asarray(result.years, float)]
    for sc in ("s2", "s3"):
        s = f.scenario(sc)
        parts.append(np.array([s.npv, s.npv_cash, s.break_even_year, *s.break_even_by_municipality.values()]))
    parts.append(np.array([[o.cumulative_difference, o.break_even_year] for o in figures.allocation_outcomes(inputs, result)]).ravel())
    if montecarlo:
        summary = content.compute_montecarlo(inputs)["montecarlo"]["summary"]
        parts.append(np.array([v for sc in ("s2", "s3") for v in summary[sc]["cumulative_percentiles"].values()], float))
    return np.nan_to_num(np.concatenate(parts), nan=-1.0)


def candidates(key: str) -> list:
    """Values to try for ``key``: its plausible range, then steps around its value within its hard bounds."""
    row = INPUTS.register.get(key)
    value = INPUTS.values.get(key)
    rules = schema.spec_for(key).rules
    out = [row.low, row.high] if row is not None and row.low is not None else []
    base = value if value is not None else 2015.0
    for step in (1, 2, 3, -1, -2, 0.5, 0.1, -0.1, 0.01, -0.01):
        v = base + step if abs(step) >= 1 else base * (1 + step)
        if rules.problem(v) is None:
            out.append(v)
    return [v for v in out if v is not None and v != value]


@pytest.mark.parametrize("key", settable_ids())
def test_every_settable_id_acts(key):
    context = CONTEXT.get(key, {})
    mc = key in MONTECARLO
    base = outputs(load_inputs(DATA, dict(context)), montecarlo=mc)
    tried = []
    for v in candidates(key):
        try:
            inputs = load_inputs(DATA, {**context, key: v})
        except InputError:
            continue  # a value the rules across several ids refuse: try the next
        tried.append(v)
        if not np.array_equal(outputs(inputs, montecarlo=mc), base):
            return
    pytest.fail(f"{key} accepted {tried} and no output changed")


@pytest.mark.parametrize("key", refused_ids())
def test_an_id_the_model_does_not_read_is_refused_with_its_reason(key):
    with pytest.raises(InputError) as exc:
        load_inputs(DATA, {key: 1})
    assert "a settable id" in exc.value.message and "D" in exc.value.message, exc.value.message


def test_the_issue_example_is_refused_on_the_command_line(capsys):
    assert main(["run", "--set", "term_workplace_hardware_haarlem=1", "--out", "build/should-not-exist"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "term_workplace_hardware_haarlem" in err[0] and "decision D9" in err[0], err


def test_every_id_of_every_table_is_either_settable_or_refused():
    terms = {f"term_{row.category}_{org}" for row in INPUTS.terms for org in schema.ORGANISATIONS}
    register = set(INPUTS.register)
    assert set(settable_ids()) | set(refused_ids()) >= register | terms
    assert not set(settable_ids()) & set(refused_ids())
    assert len(list(itertools.chain(settable_ids(), refused_ids()))) == len(set(settable_ids()) | set(refused_ids()))


def test_an_accepted_value_that_changes_nothing_here_is_said_so(tmp_path, capsys):
    """The overhead's amount counts only while the overhead is counted: set alone it is accepted
    with a warning on the command line and in summary.json (which overrides act: test_figures)."""
    assert main(["run", "--set", "overhead_ict_centre=500000", "--out", str(tmp_path / "o")]) == 0
    warnings = json.loads((tmp_path / "o" / "summary.json").read_text())["warnings"]
    assert any("overhead_ict_centre" in w and "changes no figure" in w for w in warnings)
    assert "changes no figure" in capsys.readouterr().err


def test_the_title_page_names_a_value_that_changes_nothing(tmp_path):
    variant = tmp_path / "alleen-bedrag.yml"
    variant.write_text("overhead_ict_centre: 500000\n")
    block = variant_block("alleen-bedrag", variant, DATA)
    assert "Overhead ICT-centrum = € 500.000 verandert in deze uitgave geen enkel cijfer" in block
