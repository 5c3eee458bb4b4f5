"""The one reader of numbers and of texts behind every input channel.

The CSV files, ``--set``, variant YAML files, papermill parameters (and the command line's own
options) all read a number with :func:`parse_number`: ASCII digits only, an optional sign, an
optional decimal point and exponent (``0.025``, ``-3``, ``2.5e-2``), surrounded at most by spaces
or tabs. Python's ``float`` alone would also accept Arabic-Indic or full-width digits, ``1_000``,
``inf`` and surrounding vertical tabs; the CSV reader (pydantic) accepts yet another set. One set
of rules for every channel means a value is accepted or refused alike wherever it is typed.

Texts are read with :func:`text_problem`: only tab and newline may stand among printable
characters (a vertical tab from Word, a NUL, a carriage return inside a field, a Unicode line
separator are refused), so that what is shown in the report and the workbooks is what was typed.
"""
from __future__ import annotations

import math
import re
import unicodedata
from typing import Optional

# the longest number text accepted: the shortest repr of any float (e.g. -1.2345678901234567e-308)
# has at most 24 characters; a longer text is a paste error, not a value
MAX_NUMBER_CHARS = 32
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
EXPECTED_NUMBER = ("a number, finite and written in ASCII digits with an optional sign, decimal point and "
                   "exponent (e.g. 0.025, -3 or 2.5e-2)")
BLANKS = " \t"  # what may surround a number (a CSV cell, --set a= 1)
ALLOWED_CONTROLS = "\t\n"


def parse_number(raw: object) -> float:
    """``raw`` as a float; ValueError (the expectation as its text) when it is not a plain number.

    ``int`` and ``float`` pass (a papermill parameter, a JSON value); a bool, None or any other
    type is refused, as is a text that is not a plain ASCII number or longer than
    :data:`MAX_NUMBER_CHARS`. Finiteness and bounds are the schema's business, not this one's."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise ValueError(EXPECTED_NUMBER)
    if isinstance(raw, int):
        try:
            return float(raw)
        except OverflowError:
            raise ValueError(EXPECTED_NUMBER) from None
    if isinstance(raw, float):
        return raw
    text = raw.strip(BLANKS)
    if len(text) > MAX_NUMBER_CHARS:
        raise ValueError(f"{EXPECTED_NUMBER}, at most {MAX_NUMBER_CHARS} characters")
    if not NUMBER.fullmatch(text):
        raise ValueError(EXPECTED_NUMBER)
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(EXPECTED_NUMBER)
    return value


def control_character(text: str) -> Optional[tuple[int, str]]:
    """The first character of ``text`` that may not stand in an input text (its index and a
    description such as ``U+000B (LINE TABULATION)``), or None: control characters other than tab
    and newline, and the Unicode line and paragraph separators."""
    if text.isprintable():
        return None
    for i, c in enumerate(text):
        if c in ALLOWED_CONTROLS or c.isprintable():
            continue
        if unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs", "Co", "Cn"):
            return i, f"U+{ord(c):04X} ({unicodedata.name(c, _CONTROL_NAMES.get(c, 'control character'))})"
    return None


_CONTROL_NAMES = {"\x00": "NUL", "\x0b": "vertical tab", "\x0c": "form feed", "\r": "carriage return",
                  "\x1b": "escape", "\x7f": "delete"}

EXPECTED_TEXT = "text without control characters (only tab and newline may stand in a text)"


class Found:
    """What was found in a text, shown unquoted in a message (a character's code point and name)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text
