"""Appendix A and the introduction's figures: the report's developments, and the council proposal."""
from __future__ import annotations

import yaml

from bizcase.publish.blocks import Table, Text, text
from bizcase.publish.texts import TEXTS as TEXT_FOLDER
from bizcase.publish.texts import paragraph

DEVELOPMENTS = TEXT_FOLDER / "chapters" / "98-ontwikkelingen.yml"
COLUMNS = ("Ontwikkeling", "Wat het voor de gemeente betekent")


def developments(group: str) -> Table:
    """One of the appendix's tables of developments ('maatschappelijk', 'overheid', 'technologie')."""
    data = yaml.safe_load(DEVELOPMENTS.read_text(encoding="utf-8"))[group]
    rows = tuple((r["ontwikkeling"], (text(r["betekenis"]),)) for r in data["rows"])
    return Table(data["caption"], COLUMNS[0], COLUMNS[1:], rows, words=True)


def council(ch) -> Text:
    """1.5: what the council was given, with the proposal's two amounts."""
    f = ch.inputs.report_facts
    return Text(paragraph("01-inleiding", "council", preparation=f["haarlem_preparation_costs"].value,
                          target_2013=f["haarlem_cost_reduction_target_2013"].value,
                          target_2014=f["haarlem_cost_reduction_target_2014"].value))
