"""The one exception type the command line turns into a clear message, and the escaping that keeps
every message on one line.

A value echoed in a message is shown quoted and escaped like Python's ``repr`` (a newline as
``\\n``, a NUL as ``\\x00``, a vertical tab as ``\\x0b``), and so are the file and field it names: a bad
value holding a line break can never make one message read as two.
"""
from __future__ import annotations


def escape(text: object) -> str:
    """``text`` with every character that is not printable escaped (``repr`` without the quotes).

    Printable non-ASCII letters (é, ë) stay as they are; line breaks, tabs and other control or
    separator characters become ``\\n``, ``\\t``, ``\\x0b``, ``\\u2028``."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def quote(value: object) -> str:
    """A value as a message shows it: a text quoted and escaped (``'a\\nb'``), anything else its repr."""
    if isinstance(value, str):
        return repr(value)
    return escape(repr(value))


class InputError(Exception):
    """Bad input: names the file, the row or field, the value and what was expected."""

    def __init__(self, file: str, where: str, value: object, expected: str):
        self.file = str(file)
        self.where = where
        self.value = value
        self.expected = expected
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The one-line message: file, field, the value quoted and escaped, and what was expected."""
        where = f", {escape(self.where)}" if self.where else ""
        return f"{escape(self.file)}{where}: got {quote(self.value)}; expected {escape(self.expected)}"
