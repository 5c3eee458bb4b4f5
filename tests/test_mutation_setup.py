"""The mutation-testing setup (make mutation, docs/mutation.md) stays in step with the project."""
import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pins(name: str) -> dict:
    return dict(line.split("==") for line in (ROOT / name).read_text().split())


def test_mutation_lock_pins_the_report_lock():
    """requirements-mutation.lock = requirements.lock plus mutmut and its dependencies, same versions."""
    main, mutation = pins("requirements.lock"), pins("requirements-mutation.lock")
    assert {k: mutation.get(k) for k in main} == main
    assert "mutmut" in mutation and "mutmut" not in main


def test_mutmut_mutates_the_calculation_modules_with_the_fast_tests():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    modules = cfg.get("mutmut", "only_mutate").split()
    calculation = ("core/capital", "core/params", "core/timing", "core/renewal", "core/model", "core/metrics",
                   "core/allocation", "analysis/sensitivity", "analysis/montecarlo")
    assert modules == [f"bizcase/{m}.py" for m in calculation + ("publish/figures",)]  # and the figure layer
    ignored = set(re.findall(r"--ignore=(\S+)", cfg.get("mutmut", "pytest_add_cli_args_test_selection")))
    assert {"tests/test_reproducible.py", "tests/test_report.py", "tests/test_outputs_and_variants.py",
            "tests/test_calibrate.py"} <= ignored
    assert "no:nbval" in cfg.get("mutmut", "pytest_add_cli_args").split()


def test_mutation_is_a_make_target_outside_make_test():
    text = (ROOT / "Makefile").read_text()
    assert re.search(r"^mutation:.*## ", text, flags=re.M)
    test_recipe = re.search(r"^test:.*\n((?:\t.*\n)*)", text, flags=re.M).group(1)
    assert "mutation" not in test_recipe
    assert re.search(r"WORKERS = 2\b", (ROOT / "scripts" / "mutation.py").read_text())
