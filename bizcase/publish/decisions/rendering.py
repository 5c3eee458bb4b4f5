"""Rendering the decisions log: each decision's text with its slots filled, inside the frame of ``_log.md``."""
from __future__ import annotations

import re
from pathlib import Path

import jinja2

from bizcase.publish.decisions import catalogue, slots
from bizcase.publish.decisions.measure import Context
from bizcase.publish.texts import environment

FRAME = f"{catalogue.FOLDER}/_log.md"  # the header and the layout of a decision, as Jinja macros
SECTION = re.compile(r"^## (\w+)\s*$", re.M)


def line(text) -> str:
    """Rendered text as one line of the log: its lines joined by single spaces, the indent of the
    first kept. Text files wrap their paragraphs freely; the log has one line per paragraph."""
    lines = [s for s in str(text).splitlines() if s.strip()]
    if not lines:
        return ""
    indent = lines[0][:len(lines[0]) - len(lines[0].lstrip())]
    return indent + " ".join(s.strip() for s in lines)


def frame():
    """The macros of ``texts/decisions/_log.md``."""
    return environment().get_template(FRAME).module


def fill(template: str, values: dict, where: str) -> str:
    """A Jinja text of ``where`` with its slots filled (an unknown slot is an error naming ``where``)."""
    try:
        return environment().from_string(template).render(**values)
    except jinja2.TemplateError as e:
        raise ValueError(f"{where}: {e}") from e


def render_title(ctx: Context, decision, values: dict | None = None) -> str:
    """The decision's title with its slots filled."""
    values = slots.SLOTS[decision.number](ctx, decision) if values is None else values
    return line(fill(decision.title, values, f"{decision.name} (title)"))


def sections(ctx: Context, decision, values: dict | None = None) -> dict:
    """Section name (keuze, reden, alternatief) -> its text with the slots filled, as one line."""
    values = slots.SLOTS[decision.number](ctx, decision) if values is None else values
    parts = SECTION.split(fill(decision.body, values, decision.name))
    return {name: line(text) for name, text in zip(parts[1::2], parts[2::2])}


def _alternative(ctx: Context, alt, layout) -> str:
    measured = slots.measurement(ctx.measure(alt))
    raw = slots.measurement(ctx.measure(alt.without_refit())) if alt.refit else None
    overrides = dict(alt.overrides)
    label = fill(alt.label, overrides, f"alternative '{alt.label}'")
    note = fill(alt.note, overrides, f"alternative '{alt.label}' (note)") if alt.note else ""
    return line(layout.alternative(line(label), measured, raw, line(note)))


def render_decision(ctx: Context, decision) -> str:
    """One decision of the log (Markdown): heading, keuze, reden, alternatief, the measured
    alternatives and the register line."""
    layout = frame()
    values = slots.SLOTS[decision.number](ctx, decision)
    text = sections(ctx, decision, values)
    lines = [line(layout.heading(decision.number, render_title(ctx, decision, values))), "",
             line(layout.keuze(text["keuze"])), line(layout.reden(text["reden"])),
             line(layout.alternatief(text["alternatief"]))]
    lines += [_alternative(ctx, alt, layout) for alt in decision.alternatives]
    ids = catalogue.register_ids(decision, ctx.inputs)
    if ids or decision.tables:
        lines.append(line(layout.register(ids, decision.tables)))
    return "\n".join(lines)


def render(data_dir: Path, digest: str, decisions: tuple | None = None) -> str:
    """The whole log for the inputs of ``data_dir``; ``digest`` is the fingerprint of what it was
    made from (the build computes it), shown in its header."""
    ctx = Context(data_dir)
    layout = frame()
    head = [line(layout.title()), "", line(layout.generated()), line(layout.digest(digest)), "",
            line(layout.introduction(**slots.header(ctx))), "", line(layout.register_note()), "", ""]
    body = "\n\n".join(render_decision(ctx, d) for d in (decisions or catalogue.load()))
    return "\n".join(head) + body + "\n"
