"""The decisions log (docs/decisions.md) is generated and cannot go stale (issue 9, item 5)."""
import re
import shutil

import pytest

from bizcase import decisions
from bizcase.decisions import DECISIONS, ROOT, Context, input_hash, nl_eur, nl_number, nl_pct, stored_hash
from bizcase.inputs import load_inputs

LOG = ROOT / decisions.OUTPUT


def committed_text() -> str:
    return LOG.read_text(encoding="utf-8")


def section(text: str, number: int) -> str:
    """The lines of decision ``number`` in the log (from its heading up to the next one)."""
    m = re.search(rf"^## D{number}\. .*?(?=^## D\d+\. |\Z)", text, re.S | re.M)
    assert m, f"D{number} missing from the log"
    return m.group(0).rstrip("\n")


def test_dutch_number_format():
    assert nl_number(80268) == "80.268"
    assert nl_pct(0.03506) == "3,51%"
    assert nl_eur(1234567) == "€ 1.234.567"
    assert nl_number(-0.0001, 1) == "0,0"


def test_committed_log_is_current():
    text = committed_text()
    assert "niet met de hand bewerken" in text.splitlines()[2]
    assert stored_hash(text) == input_hash(), "docs/decisions.md is out of date: run `make decisions`"


def test_check_fails_when_an_input_changes(tmp_path):
    for folder in ("data", "bizcase"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "docs").mkdir()
    log = tmp_path / decisions.OUTPUT
    before = input_hash(tmp_path)
    log.write_text(re.sub(r"sha256\): `[0-9a-f]{64}`", f"sha256): `{before}`", committed_text()), encoding="utf-8")
    assert decisions.main(["--check", "--root", str(tmp_path)]) == 0
    register = tmp_path / "data" / "assumptions.csv"
    changed = register.read_text(encoding="utf-8").replace("discount_rate,0.055,", "discount_rate,0.05,")
    assert changed != register.read_text(encoding="utf-8")
    register.write_text(changed, encoding="utf-8")
    assert input_hash(tmp_path) != before
    assert decisions.main(["--check", "--root", str(tmp_path)]) == 1


def test_every_named_register_id_exists():
    inputs = load_inputs(ROOT / "data")
    for d in DECISIONS:
        for k in decisions.register_ids(d, inputs):
            assert k in inputs.register, f"D{d.number} names {k}, which is not in the register"
    # and every id the committed log lists on a register line
    for line in committed_text().splitlines():
        if line.startswith("- *Register:*"):
            for k in re.findall(r"`([A-Za-z0-9_]+)`", line):
                assert k in inputs.register, f"{k} on '{line}' is not in the register"


def test_numbers_are_consecutive_and_complete():
    assert [d.number for d in DECISIONS] == list(range(1, len(DECISIONS) + 1))
    assert len(DECISIONS) >= 30


@pytest.mark.parametrize("number", [2, 8, 21])
def test_figures_in_the_log_are_the_computed_ones(number):
    """Entries without refitted alternatives: their rendered text equals the committed section."""
    ctx = Context(ROOT / "data")
    d = next(d for d in DECISIONS if d.number == number)
    assert not d.alternatives
    assert decisions.render_decision(ctx, d) == section(committed_text(), number)
    if number == 2:
        assert nl_eur(ctx.p["cost_per_fte"]) in section(committed_text(), 2)
