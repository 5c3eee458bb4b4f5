"""The decisions as their text files declare them: number, title, register ids, tables, alternatives."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bizcase.fit.choices import Choice, Option
from bizcase.publish import texts

FOLDER = "decisions"
FILE_NAME = re.compile(r"D(\d\d)\.md")
SECTIONS = ("keuze", "reden", "alternatief")
FIELDS = {"number", "title", "ids", "tables", "alternatives", "statuses", "chosen_on_data"}
ALTERNATIVE_FIELDS = {"label", "overrides", "refit", "note"}


@dataclass(frozen=True)
class Alternative:
    """An alternative expressed as overrides, measured after a refit unless ``refit`` is off.

    ``label`` and ``note`` are Dutch templates; the overrides (by id) fill their slots."""

    label: str
    overrides: tuple  # ((id, value), ...)
    refit: bool = True
    note: str = ""

    @property
    def register_ids(self) -> list:
        return [k for k, _ in self.overrides]

    def without_refit(self) -> "Alternative":
        return Alternative(self.label, self.overrides, refit=False, note=self.note)


@dataclass(frozen=True)
class Decision:
    """One decision of the log, read from ``texts/decisions/D<nn>.md``.

    ``title`` and ``body`` are Jinja templates (the body holds the sections keuze, reden and
    alternatief); ``ids`` are the register ids it concerns, ``statuses`` adds every register id of
    those statuses (D30: what was fitted), ``tables`` the data files it concerns. ``chosen_on_data``:
    the choice was settled by how well it reproduces the published cells, so the validation makes it
    again inside each grouped hold-out (:func:`structural_choices`)."""

    number: int
    title: str
    body: str
    name: str  # the text file, relative to texts/
    ids: tuple = ()
    tables: tuple = ()
    alternatives: tuple = ()  # Alternative, measured and listed after the alternatief
    statuses: tuple = ()
    chosen_on_data: bool = False


def _alternative(name: str, fields: dict) -> Alternative:
    unknown = set(fields) - ALTERNATIVE_FIELDS
    if unknown or "label" not in fields or not fields.get("overrides"):
        raise ValueError(f"{name}: an alternative needs a label and overrides (and may have refit, note); "
                         f"got {sorted(fields)}")
    return Alternative(label=fields["label"], overrides=tuple(fields["overrides"].items()),
                       refit=bool(fields.get("refit", True)), note=fields.get("note", ""))


def read(name: str) -> Decision:
    """The decision of one text file (front matter checked against the file's name)."""
    fields, body = texts.front_matter(name)
    unknown = set(fields) - FIELDS
    if unknown:
        raise ValueError(f"{name}: unknown front matter field(s) {sorted(unknown)}; allowed: {sorted(FIELDS)}")
    number = int(FILE_NAME.fullmatch(name.rsplit("/", 1)[-1]).group(1))
    if fields.get("number") != number or not fields.get("title") or not isinstance(fields.get("ids"), list):
        raise ValueError(f"{name}: the front matter needs 'number: {number}', a title and ids (a list, maybe empty)")
    if fields.get("chosen_on_data", False) not in (True, False):
        raise ValueError(f"{name}: chosen_on_data is true or false; got {fields['chosen_on_data']!r}")
    headings = re.findall(r"^## (\w+)\s*$", body, re.M)
    if tuple(headings) != SECTIONS:
        raise ValueError(f"{name}: the body needs the sections {', '.join('## ' + s for s in SECTIONS)} in that "
                         f"order; found {headings}")
    return Decision(number=number, title=str(fields["title"]), body=body, name=name,
                    ids=tuple(fields["ids"]), tables=tuple(fields.get("tables") or ()),
                    alternatives=tuple(_alternative(name, a) for a in fields.get("alternatives") or ()),
                    statuses=tuple(fields.get("statuses") or ()), chosen_on_data=bool(fields.get("chosen_on_data")))


def load() -> tuple:
    """Every decision of ``texts/decisions/``, in order of number."""
    names = [f"{FOLDER}/{p.name}" for p in texts.files(FOLDER) if FILE_NAME.fullmatch(p.name)]
    return tuple(sorted((read(n) for n in names), key=lambda d: d.number))


def structural_choices(decisions) -> tuple:
    """The decisions chosen on the data with their refitted alternatives, for the validation to
    choose again inside each grouped hold-out (:mod:`bizcase.fit.structure`)."""
    out = []
    for d in decisions:
        options = tuple(Option(d.number, a.overrides) for a in d.alternatives if a.refit)
        if d.chosen_on_data and options:
            out.append(Choice(d.number, options))
    return tuple(out)


def register_ids(decision: Decision, inputs=None) -> tuple:
    """Every register id a decision names: its own, those of its ``statuses`` (with ``inputs``)
    and its alternatives' overrides, each once."""
    ids = list(decision.ids)
    if decision.statuses and inputs is not None:
        ids += [k for k, row in inputs.register.items() if row.status in decision.statuses]
    for alt in decision.alternatives:
        ids += alt.register_ids
    return tuple(dict.fromkeys(ids))


def numbers_by_id(inputs) -> dict:
    """Register id -> the decisions that name it, as the report cites them ('D7', ...)."""
    out = {}
    for d in load():
        for k in register_ids(d, inputs):
            out.setdefault(k, []).append(f"D{d.number}")
    return {k: tuple(v) for k, v in out.items()}
