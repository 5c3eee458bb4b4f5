"""The ensemble of reconstructions consistent with the report (issue 22): data/ensemble.csv."""
import re

import numpy as np
import pytest

from bizcase.analysis import sensitivity
from bizcase.build import ensemble as build_ensemble
from bizcase.build import generated
from bizcase.core.errors import InputError
from bizcase.core.inputs import load_inputs
from bizcase.core.model import evaluate
from bizcase.fit import calibrate, compare, ensemble, sampler
from bizcase.fit.reference import load_reference
from bizcase.fit.identifiability import misfit_factor
from bizcase.build.generated import validation_summary
from conftest import DATA, ROOT

MEMBERS_CHECKED = 20


@pytest.fixture(scope="module")
def members():
    return ensemble.load(DATA)


def test_the_ensemble_file_is_current():
    assert ensemble.stored_fingerprint(DATA) == generated.ensemble_fingerprint(DATA), \
        "data/ensemble.csv is out of date: run `make ensemble` (or `make generated`)"


def test_the_ensemble_has_enough_members_and_the_calibrated_ids(members, inputs):
    assert list(members) == calibrate.calibrated_ids(inputs)
    sizes = {len(v) for v in members.values()}
    assert len(sizes) == 1 and sizes.pop() >= ensemble.MIN_MEMBERS
    lo, hi = calibrate.bounds(inputs, list(members))
    for i, values in enumerate(members.values()):
        assert np.all((values >= lo[i]) & (values <= hi[i]))
    header = [line for line in (DATA / ensemble.ENSEMBLE_FILE).read_text().splitlines() if not line.startswith("#")][0]
    assert header == ",".join(["member"] + list(members))


def test_the_members_run_through_the_sensitivity_outcomes_at_once(members, inputs):
    """The interface another module builds on: every column is taken by ``inputs.with_values`` and the
    members evaluate in one vectorised call, each as it would alone."""
    n = len(members["cost_per_fte"])
    params = inputs.with_values(members)
    assert np.array_equal(params.cost_per_fte, members["cost_per_fte"])
    out = sensitivity.outcomes(inputs, members)
    assert np.shape(out["break_even_s2"]) == (n,)
    assert set(np.unique(out["break_even_s2"])) == {2021.0} and set(np.unique(out["break_even_s3"])) == {2018.0}
    alone = sensitivity.outcomes(inputs, {k: float(v[7]) for k, v in members.items()})
    assert out["cumulative_s3"][7] == pytest.approx(float(alone["cumulative_s3"]), abs=1e-6)


def test_seeded_members_reproduce_the_published_cells_under_the_acceptance_rule(members):
    inputs, reference = load_inputs(DATA), load_reference(DATA)
    n = len(next(iter(members.values())))
    picks = np.random.default_rng(2213).choice(n, size=MEMBERS_CHECKED, replace=False)
    for m in picks:
        values = {k: float(v[m]) for k, v in members.items()}
        result = evaluate(inputs, values)
        cells = compare.cells(reference, result)
        claims = compare.claims(inputs, reference, result)
        assert len(cells) == 32
        assert compare.passes(cells, claims), (m, [c for c in cells if not c.within_tolerance],
                                               [c.id for c in claims if not c.ok])


def test_the_vectorised_rule_agrees_with_compare_passes(members):
    """The sampler's vectorised rule against the scalar one, on members and on points it must refuse."""
    inputs, reference = load_inputs(DATA), load_reference(DATA)
    ids = list(members)
    x = np.array([v[:5] for v in members.values()]).T
    lo, hi = calibrate.bounds(inputs, ids)
    bad = x.copy()
    bad[:, ids.index("cost_per_fte")] = hi[ids.index("cost_per_fte")]
    rows = np.vstack([x, bad])
    vector = sampler.accepted_many(inputs, reference, ids, rows)
    scalar = build_ensemble.scalar_check(inputs, reference, ids, rows)
    assert vector.tolist() == scalar.tolist()
    assert scalar[:5].all() and not scalar[5:].any()


def test_load_refuses_a_malformed_file(tmp_path):
    good = (DATA / ensemble.ENSEMBLE_FILE).read_text().splitlines()
    cases = {
        "short row": good[:4] + [good[4].rsplit(",", 1)[0]],
        "not a number": good[:4] + [good[4].replace(",", ",x", 1)],
        "no header": ["# only a comment"],
        "bad header": [good[0], good[1], "id,value", "0,1.0"],
        "one line": [good[2]],
    }
    for name, lines in cases.items():
        (tmp_path / ensemble.ENSEMBLE_FILE).write_text("\n".join(lines) + "\n")
        with pytest.raises(InputError):
            ensemble.load(tmp_path)
    (tmp_path / ensemble.ENSEMBLE_FILE).write_text("\n".join(good[:5]) + "\n")
    assert len(ensemble.load(tmp_path)["cost_per_fte"]) == 2


def test_the_diagnostics_are_documented_and_converged(members):
    doc = (ROOT / build_ensemble.ENSEMBLE_DOC).read_text()
    assert generated.ensemble_fingerprint(DATA) in doc
    rows = re.findall(r"^\| (\w+) \|.*\| ([0-9.]+) \| ([0-9]+) \| ([0-9]+) \| (?:unidentified|weakly identified)? \|$", doc, flags=re.M)
    assert [r[0] for r in rows] == list(members)
    rhat = [float(r[1]) for r in rows]
    assert max(rhat) < build_ensemble.RHAT_LIMIT, rhat
    assert min(int(r[2]) for r in rows) >= 100  # bulk ESS
    flags = dict(re.findall(r"^\| (\w+) \|.*\| (unidentified|weakly identified) \|$", doc, flags=re.M))
    assert flags.get("interest_rate_municipal") == "unidentified"  # as the reviewer measured


def test_the_file_text_round_trips(tmp_path):
    ids = ["a", "b"]
    values = np.array([[0.1, 2.0 / 3.0], [1e-17, 123456789.0]])
    (tmp_path / ensemble.ENSEMBLE_FILE).write_text(ensemble.file_text(ids, values, ensemble.HASH_PREFIX + "0" * 64))
    back = ensemble.load(tmp_path)
    assert np.array_equal(np.column_stack([back["a"], back["b"]]), values)
    assert ensemble.stored_fingerprint(tmp_path) == "0" * 64


def test_misfit_factor_is_the_residual_tests_variance_ratio():
    """The sampler's likelihood inflates rounding's spread by the validation's own residual test
    (one home: bizcase.fit.identifiability.misfit_factor), not by a number typed in."""
    inputs, reference = load_inputs(DATA), load_reference(DATA)
    factor = misfit_factor(inputs, reference)
    assert factor == pytest.approx(validation_summary()["residual_test"]["variance_ratio"], rel=1e-5)
    assert sampler.sigma_eur(factor) == pytest.approx(calibrate.SIGMA_EUR * factor ** 0.5)
    assert f"sqrt({factor:.4f})" in (ROOT / "docs" / "ensemble.md").read_text()
