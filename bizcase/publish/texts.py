"""The report's Dutch prose with slots: text files under ``publish/texts/``, figures filled in by code.

Each chapter's generated paragraphs are Jinja macros in ``texts/chapters/<name>.md``; each decision
of the log is a file ``texts/decisions/D<nn>.md``. Code computes the figures and passes them in;
the text files hold every word. Filters write each kind of figure the Dutch way
(:mod:`bizcase.publish.formatting`): ``eur``, ``keur``, ``million``, ``pct``, ``share``, ``year``,
``number``, ``saving``, ``omslag`` (a break-even year or 'geen omslagjaar'), ``percentile`` (where a
point sits among the Monte Carlo draws).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
import yaml

from bizcase.publish import formatting as fmt
from bizcase.publish.markup import figure_text

TEXTS = Path(__file__).resolve().parent / "texts"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)


def _omslag(x) -> str:
    """A break-even year, or 'geen omslagjaar' when there is none (NaN)."""
    text = fmt.year(x)
    return "geen omslagjaar" if text == "geen" else text


def _share(x, decimals: int = 0) -> str:
    """A fraction as a percentage: 0.37 -> '37%'."""
    return fmt.pct(float(x) * 100, decimals)


def _percentile(rank) -> str:
    """Where a point sits among the draws, from its percentile rank (0-100): 'op het 3e percentiel
    van de trekkingen', or below / above (nearly) every draw at the ends."""
    place, whole = fmt.percentile_place(rank)
    return {"below": "onder vrijwel alle trekkingen", "above": "boven vrijwel alle trekkingen"}.get(
        place, f"op het {whole}e percentiel van de trekkingen")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEXTS)), autoescape=False, keep_trailing_newline=False,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(eur=fmt.eur, keur=fmt.keur, million=fmt.million, pct=fmt.pct, share=_share, year=fmt.year,
                       number=fmt.number, saving=fmt.saving, plain=fmt.plain, omslag=_omslag, percentile=_percentile,
                       change=fmt.change, join_and=fmt.join_and, inline=fmt.inline, fig=figure_text)
    return env


def paragraph(chapter: str, name: str, **slots) -> str:
    """The macro ``name`` of ``texts/chapters/<chapter>.md`` with its slots filled: Markdown."""
    module = environment().get_template(f"chapters/{chapter}.md").module
    return _squeeze(str(getattr(module, name)(**slots)))


def _squeeze(text: str) -> str:
    """Trim the macro's outer blank lines; inner paragraphs and list items stay as written."""
    return text.strip("\n") + "\n"


def files(folder: str) -> list:
    """The text files of a folder under ``texts/`` (sorted): what a generated document depends on."""
    return sorted((TEXTS / folder).glob("*.md"))


def front_matter(name: str) -> tuple[dict, str]:
    """The text file ``texts/<name>`` that opens with a YAML block between ``---`` lines: that
    block's fields (``yaml.safe_load``) and the body after it."""
    path = TEXTS / name
    m = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if not m:
        raise ValueError(f"{path}: no front matter (a YAML block between '---' lines at the top)")
    fields = yaml.safe_load(m.group(1))
    if not isinstance(fields, dict):
        raise ValueError(f"{path}: the front matter is not a mapping of fields")
    return fields, m.group(2)
