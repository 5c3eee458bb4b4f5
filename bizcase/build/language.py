"""The main body's language: no English words, code identifiers or scientific notation.

The main body is what a council member reads: the title page, the Samenvatting and chapters 1-9,
up to the first appendix. Its text, its figures' alternative texts and its table captions are
checked; the appendices (the glossary names the English terms, the technical annex the register's
ids) are not. :func:`problems` lists every finding with its context, for a test or a reviewer.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

FIRST_APPENDIX = re.compile(r"<h1[^>]*>\s*Bijlage A\b")
NAV = re.compile(r"<nav\b.*?</nav>", re.S)  # the contents list names the appendices' headings too
HIDDEN = re.compile(r"<(script|style)\b.*?</\1>", re.S)
ALT = re.compile(r'\balt="([^"]*)"')
TAG = re.compile(r"<[^>]+>")

# English function words that never occur in Dutch, and the method words the report names in Dutch
# (the glossary, bijlage B, gives the English name beside the Dutch term)
ENGLISH_WORDS = ("the", "and", "with", "which", "from", "this", "these", "would", "should", "without", "between",
                 "break-even", "in-sample", "out-of-sample", "optimism bias", "green book", "tornado",
                 "monte carlo", "monte-carlo", "monte-carloanalyse", "switching value", "seed", "draws", "outlier", "sample")
CHECKS = {
    "English word": re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH_WORDS) + r")(?!\w)", re.I),
    "code identifier": re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
    "scientific notation": re.compile(r"\b\d+(?:[.,]\d+)?[eE][+-]?\d+\b"),
}


@dataclass(frozen=True)
class Problem:
    kind: str  # a key of CHECKS
    found: str
    context: str

    def __str__(self) -> str:
        return f"{self.kind} {self.found!r} in ...{self.context}..."


def main_body(page: str) -> str:
    """The readable text of the main body of an assembled HTML edition: text, alternative texts
    of figures and captions, before the first appendix, without the contents list."""
    m = FIRST_APPENDIX.search(page)
    body = HIDDEN.sub(" ", NAV.sub(" ", page[:m.start()] if m else page))
    alts = " ".join(ALT.findall(body))
    return " ".join(html.unescape(TAG.sub(" ", body) + " " + alts).split())


def problems(page: str) -> list[Problem]:
    """Every English word, code identifier and number in scientific notation in the main body."""
    text = main_body(page)
    out = []
    for kind, pattern in CHECKS.items():
        for m in pattern.finditer(text):
            out.append(Problem(kind, m.group(0), text[max(0, m.start() - 60):m.end() + 60]))
    return out
