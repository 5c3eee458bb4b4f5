"""One fingerprint for every generated file: it follows code and data, not docstrings, comments or
the decisions' wording (issue 19)."""
import shutil

import pytest

from bizcase.build import fingerprint as fp
from bizcase.build import generated
from bizcase.build.regenerate import GENERATED, stale
from conftest import ROOT


@pytest.fixture()
def package(tmp_path, monkeypatch):
    """A copy of the package to edit, with the fingerprint module pointed at it."""
    copy = tmp_path / "bizcase"
    shutil.copytree(ROOT / "bizcase", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fp, "PACKAGE_DIR", copy)
    fp.imports.cache_clear()
    fp.code_text.cache_clear()
    yield copy
    fp.imports.cache_clear()
    fp.code_text.cache_clear()


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    fp.code_text.cache_clear()
    fp.imports.cache_clear()


def test_the_closure_follows_imports():
    modules = fp.closure("bizcase.fit.validate")
    assert {"bizcase.fit.validate", "bizcase.fit.holdouts", "bizcase.fit.calibrate", "bizcase.core.model",
            "bizcase.core.params"} <= set(modules)
    assert not any(m.startswith(("bizcase.publish", "bizcase.build", "bizcase.cli")) for m in modules)


def test_docstrings_comments_and_layout_do_not_count(package):
    before = fp.fingerprint("bizcase.fit.validate")
    model = package / "core" / "model.py"
    _edit(model, '"""The scenarios:', '"""The scenarios, reworded:')
    _edit(model, "# the report's investment", "# the investment as the report counts it, reworded")
    _edit(model, "def same_shape(series: dict) -> dict:\n", "def same_shape(series: dict) -> dict:\n\n")
    assert fp.fingerprint("bizcase.fit.validate") == before


def test_a_changed_operator_or_constant_counts(package):
    before = fp.fingerprint("bizcase.fit.validate")
    _edit(package / "core" / "metrics.py", "return np.asarray(scenario_total, float) - np.asarray(baseline_total, float)",
          "return np.asarray(scenario_total, float) + np.asarray(baseline_total, float)")
    assert fp.fingerprint("bizcase.fit.validate") != before


def test_a_module_outside_the_closure_does_not_count(package):
    before = fp.fingerprint("bizcase.fit.validate")
    _edit(package / "publish" / "labels.py", '"baseline": "Baseline"', '"baseline": "Basis"')
    assert fp.fingerprint("bizcase.fit.validate") == before


def test_a_decisions_wording_changes_the_log_but_not_the_calibration_or_validation(tmp_path, monkeypatch):
    texts = tmp_path / "texts"
    shutil.copytree(ROOT / "bizcase" / "publish" / "texts", texts)
    monkeypatch.setattr(generated, "text_files", lambda folder: sorted((texts / folder).glob("*.md")))
    data = ROOT / "data"
    before = (generated.calibration_fingerprint(data), generated.validation_fingerprint(data),
              generated.decisions_fingerprint(data))
    first = sorted((texts / "decisions").glob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nEen zin erbij.\n", encoding="utf-8")
    after = (generated.calibration_fingerprint(data), generated.validation_fingerprint(data),
             generated.decisions_fingerprint(data))
    assert after[:2] == before[:2] and after[2] != before[2]


def test_the_data_counts_by_name_and_bytes(data_copy):
    before = generated.validation_fingerprint(data_copy)
    path = data_copy / "fte.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert generated.validation_fingerprint(data_copy) != before


@pytest.mark.parametrize("name", [g.name for g in GENERATED])
def test_every_committed_generated_file_is_current(name):
    """data/calibrated.csv, docs/validation/ and docs/decisions.md belong to the current data and
    code (make generated remakes what is stale, in order)."""
    assert name not in [g.name for g in stale(ROOT)], f"{name} is out of date: run `make generated`"


def test_the_code_text_leaves_the_docstrings_out():
    assert fp.fingerprint("bizcase.core.model") == fp.fingerprint("bizcase.core.model")
    assert "The scenarios" not in fp.code_text("bizcase.core.model")
    assert "FunctionDef" in fp.code_text("bizcase.core.model")
