"""Writing cells of both workbooks: a text always stays text (never a formula) and wraps at its line breaks.

openpyxl turns a str starting with '=' into a formula, and Excel turns a typed text starting with
'=', '+', '-' or '@' into one when the user edits the cell. Every text of either workbook (labels,
headers, the register's descriptions, sources and reasoning, the tables' names) is written by
:func:`text` (or :func:`put`, for a cell that holds a number or a text): stored as a string, with
Excel's quote prefix when it starts with one of :data:`RISKY`, so that it stays text even after an
edit, and with wrapped lines when it holds a line break. The workbook's own formulas are written
by :func:`formula`, and only by it.
"""
from __future__ import annotations

from copy import copy
from numbers import Real

# a text starting with one of these becomes a formula (or is read as one) when typed into Excel
RISKY = ("=", "+", "-", "@", "\t", "\r")


def risky(value: str) -> bool:
    """True when Excel would take the typed text ``value`` for a formula."""
    return value.startswith(RISKY)


def text(cell, value: str):
    """Store ``value`` in ``cell`` as text; return the cell.

    Data type 's' whatever the text starts with (openpyxl would make '=...' a formula), the quote
    prefix on a risky text (:data:`RISKY`: Excel then keeps it text when the user edits it), and
    wrapped lines, aligned to the top, when it holds a line break."""
    if not isinstance(value, str):
        raise TypeError(f"a text, not {type(value).__name__}: {value!r}")
    cell.value = value
    cell.data_type = "s"
    if risky(value):
        cell.quotePrefix = True
    if "\n" in value:
        alignment = copy(cell.alignment)
        alignment.wrap_text = True
        alignment.vertical = alignment.vertical or "top"
        cell.alignment = alignment
    return cell


def put(cell, value):
    """Store a number, a text (through :func:`text`) or nothing (None) in ``cell``; return the cell."""
    if isinstance(value, str):
        return text(cell, value)
    if value is not None and (isinstance(value, bool) or not isinstance(value, Real)):
        raise TypeError(f"a number, a text or None, not {type(value).__name__}: {value!r}")
    cell.value = value
    return cell


def formula(cell, expression: str):
    """Store the workbook's own formula ``expression`` (without the leading '=') in ``cell``."""
    if expression.startswith("="):
        raise ValueError(f"a formula without its leading '=': {expression!r}")
    cell.value = "=" + expression
    cell.data_type = "f"
    return cell
