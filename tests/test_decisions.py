"""The decisions log (docs/decisions.md): Dutch texts with slots, every figure computed (issue 9, item 5).

Its freshness (the fingerprint in its header against the current inputs) is tested with the other
generated files, in the build's tests.
"""
import re
from pathlib import Path

import pytest

from bizcase.build.generated import DECISIONS_HASH
from bizcase.core.inputs import load_inputs
from bizcase.publish import formatting as fmt
from bizcase.publish import texts
from bizcase.publish.decisions import DECISIONS, catalogue, register_ids, rendering, slots
from bizcase.publish.decisions.measure import Context
from bizcase.publish.decisions.rendering import render_decision, render_title, sections

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "docs" / "decisions.md"
TEXTS = texts.TEXTS / catalogue.FOLDER

# Numbers a text may state without a slot: none of them is a figure of the business case, so no input
# can change them. Each pattern is removed before the test looks for digits.
NOT_FIGURES = (
    r"\b[Pp]ar\. \d+(\.\d+)*( en \d+(\.\d+)*)?",  # paragraphs of the report: 'par. 5.3', 'par. 5.2 en 5.3'
    r"\bparagraaf \d+(\.\d+)*",  # the report's own (dead) reference 'paragraaf 3.4' (D9)
    r"\bhoofdstuk \d+",  # a chapter of the report
    r"\bD\d+(-D\d+)?\b",  # a decision of this log: 'D7', 'D1-D14'
    r"\bS[23]\.0\b",  # the scenarios' short names: 'S2.0', 'S3.0-tabel'
    r"\bSamenwerking [123]\.0\b",  # the scenarios' and the programme's names
    r"\b2013/96808\b",  # the number of the council proposal
    r"\bschaal 14\b",  # the pay scale the report names for the CIO (a name, not an amount; D2)
    r"\b1 januari\b",  # the first day of a year: when the ICT centre starts, when interest is charged
    r"\(1 \+ ",  # the one of a growth factor, '(1 + indexatie)' (D6)
    r"× € 1\.000\b",  # the unit of amounts written in thousands
    r"\bsha256\b",  # the name of the hash in the header
    # history, not inputs: the dates of the sources, and 2013 as the year the decision was taken
    # (the report's 'voor de zomer van 2013', the discount rate of that year in D21)
    r"\b(januari|19 maart|de zomer van|rijksoverheid in|besluit uit) 2013\b",
)
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def committed_text() -> str:
    return LOG.read_text(encoding="utf-8")


def section(text: str, number: int) -> str:
    """The lines of decision ``number`` in the log (from its heading up to the next one)."""
    m = re.search(rf"^## D{number}\. .*?(?=^## D\d+\. |\Z)", text, re.S | re.M)
    assert m, f"D{number} missing from the log"
    return m.group(0).rstrip("\n")


def prose(path: Path) -> list:
    """The Dutch of a text file: title, body, and the labels and notes of its alternatives."""
    if path.name.startswith("_"):
        return [path.read_text(encoding="utf-8")]
    fields, body = texts.front_matter(f"{catalogue.FOLDER}/{path.name}")
    alternatives = fields.get("alternatives") or ()
    return [fields["title"], body] + [a["label"] for a in alternatives] + [a.get("note", "") for a in alternatives]


def typed_figures(text: str) -> list:
    """The numbers of ``text`` outside slots, Jinja tags and the numbers that are no figure
    (each with a little context)."""
    text = " ".join(JINJA.sub(" ", text).split())  # wrapped lines joined, as in the log
    for pattern in NOT_FIGURES:
        text = re.sub(pattern, "…", text)
    return [text[max(0, m.start() - 25):m.end() + 25] for m in re.finditer(r"\d+([.,]\d+)*", text)]


def test_dutch_number_format():
    share = texts.environment().filters["share"]
    assert fmt.number(80268) == "80.268"
    assert share(0.03506, 2) == "3,51%" == slots.share(0.03506, 2)
    assert fmt.eur(1234567) == "€ 1.234.567"
    assert fmt.number(-0.0001, 1) == "0,0"
    assert fmt.year(2014) == slots.year(2014.0) == "2014"
    assert slots.year(float("nan")) is None


def test_every_named_register_id_exists():
    inputs = load_inputs(ROOT / "data")
    for d in DECISIONS:
        for k in register_ids(d, inputs):
            assert k in inputs.register, f"D{d.number} names {k}, which is not in the register"
    # and every id the committed log lists on a register line
    for line in committed_text().splitlines():
        if line.startswith("- *Register:*"):
            for k in re.findall(r"`([A-Za-z0-9_]+)`", line):
                assert k in inputs.register, f"{k} on '{line}' is not in the register"


def test_numbers_are_consecutive_and_complete():
    assert [d.number for d in DECISIONS] == list(range(1, len(DECISIONS) + 1))
    assert len(DECISIONS) >= 30
    assert sorted(p.name for p in TEXTS.glob("D*.md")) == [f"D{d.number:02d}.md" for d in DECISIONS]
    assert set(slots.SLOTS) == {d.number for d in DECISIONS}


def test_no_figure_is_typed_in_a_text():
    """Every figure of a decision's text is a slot: a digit outside ``{{ ... }}`` is one of the
    numbers of NOT_FIGURES (paragraphs, decision numbers, scenario names, dates of the sources)."""
    found = {path.name: typed for path in sorted(TEXTS.glob("*.md"))
             for typed in [[t for text in prose(path) for t in typed_figures(text)]] if typed}
    assert not found, f"figures typed in the texts (make them slots): {found}"


def test_the_figure_check_finds_a_typed_figure():
    assert typed_figures("een besparing van 1,35%\nin {{ ext }}") == ["een besparing van 1,35% in"]
    assert typed_figures("par. 5.2 en\n5.3 en D7 noemen {{ pub }} voor S2.0 (× € 1.000)") == []


def test_no_line_of_a_text_ends_with_a_block_tag():
    """The environment trims the line break after a block tag, so a tag at the end of a line would
    glue the next line to it without a space."""
    for path in sorted(TEXTS.glob("D*.md")):
        _, body = texts.front_matter(f"{catalogue.FOLDER}/{path.name}")
        lines = body.rstrip("\n").splitlines()
        for line, following in zip(lines, lines[1:]):
            assert not (line.rstrip().endswith("%}") and following.strip()), f"{path.name}: '{line}'"


def test_the_header_carries_the_digest_and_names_the_texts():
    layout = rendering.frame()
    digest = "0123456789abcdef" * 4
    line = rendering.line(layout.digest(digest))
    assert line == f"> Invoer-hash (sha256): `{digest}`"
    assert DECISIONS_HASH.search(line).group(1) == digest
    generated = rendering.line(layout.generated())
    assert "`make decisions`" in generated and "`bizcase/publish/texts/decisions/`" in generated
    assert "niet met de hand bewerken" in generated


def test_every_text_renders_with_its_slots():
    """Every slot a text names is computed (the environment refuses an unknown one), and every
    decision has its three sections."""
    ctx = Context(ROOT / "data")
    for d in DECISIONS:
        text = sections(ctx, d)
        assert list(text) == list(catalogue.SECTIONS) and all(text.values()), f"D{d.number}"
        assert "{" not in render_title(ctx, d) + "".join(text.values()), f"D{d.number}"


@pytest.mark.parametrize("number", [2, 8, 21])
def test_figures_in_the_log_are_the_computed_ones(number):
    """Entries without refitted alternatives: their rendered text equals the committed section."""
    ctx = Context(ROOT / "data")
    d = next(d for d in DECISIONS if d.number == number)
    assert not d.alternatives
    assert render_decision(ctx, d) == section(committed_text(), number)
    if number == 2:
        assert fmt.eur(ctx.inputs.values["cost_per_fte"]) in section(committed_text(), 2)
