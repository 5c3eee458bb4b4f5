"""Excel's values and rules for the live workbook's evaluator: errors, conversions, order, criteria, stored results.

Excel's rules kept here: an empty cell is 0 in arithmetic and '' against a text; TRUE is 1 in
arithmetic; numbers sort before texts and texts before booleans, texts without regard to case; a
text that is no number gives #VALUE! in arithmetic; an error spreads to every formula that reads it
(:mod:`.recalc` evaluates the formulas with them).
"""
from __future__ import annotations

import math
import re

# the functions the evaluator of the live workbook knows (bizcase.publish.workbook.recalc.FUNCTIONS, in
# its order; recalc refuses to load when they differ): here so that the decisions log (D34) can name
# them without importing the evaluator and, through it, openpyxl (0.1 s at every start of the command line)
FUNCTION_NAMES = ("IF", "AND", "OR", "NOT", "SUM", "MIN", "MAX", "ABS", "INT", "N", "INDEX", "MATCH", "SUMIF",
                  "COUNTIF", "SUMPRODUCT", "ISNUMBER", "ISBLANK")

CRITERION = re.compile(r"(<=|>=|<>|<|>|=)?(.*)", re.S)
NUMBER_TEXT = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")
TYPE_ORDER = {float: 0, str: 1, bool: 2}


class ExcelError(Exception):
    """An Excel error value (#DIV/0!, #VALUE!, ...): raised while evaluating, stored as a cell's value."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def read_number(text: str) -> float | None:
    """The number a text reads as ('12', ' -1.5e3 '), None when it reads as none."""
    return float(text) if NUMBER_TEXT.fullmatch(text) else None


def number(v) -> float:
    """A value in arithmetic: blank 0, TRUE 1, a text that reads as a number, else #VALUE!."""
    if v is None:
        return 0.0
    if isinstance(v, bool) or is_number(v):
        return float(v)
    x = read_number(v)
    if x is None:
        raise ExcelError("#VALUE!")
    return x


def truth(v) -> bool:
    """A value as a condition: a number is true when not 0; a text only as TRUE or FALSE."""
    if isinstance(v, str):
        if v.upper() in ("TRUE", "FALSE"):
            return v.upper() == "TRUE"
        raise ExcelError("#VALUE!")
    return bool(number(v))


def as_text(v) -> str:
    """A value joined by '&': numbers as Excel's General format writes them."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if is_number(v):
        x = float(v)
        return str(int(x)) if x.is_integer() and abs(x) < 1e15 else format(x, ".15g")
    return v


def compare(a, b) -> int:
    """-1, 0 or 1 as Excel orders two values (a blank takes the other's type)."""
    if a is None:
        a = "" if isinstance(b, str) else (False if isinstance(b, bool) else 0.0)
    if b is None:
        b = "" if isinstance(a, str) else (False if isinstance(a, bool) else 0.0)
    ta, tb = (TYPE_ORDER[bool if isinstance(x, bool) else (str if isinstance(x, str) else float)] for x in (a, b))
    if ta != tb:
        return -1 if ta < tb else 1
    if isinstance(a, str):
        a, b = a.lower(), b.lower()
    return (a > b) - (a < b)


COMPARISON = {"=": lambda c: c == 0, "<>": lambda c: c != 0, "<": lambda c: c < 0, ">": lambda c: c > 0,
              "<=": lambda c: c <= 0, ">=": lambda c: c >= 0}


def operate(op: str, a, b):
    """``a op b`` for two values: a comparison (a boolean), '&' (a text) or arithmetic (a number)."""
    if op in COMPARISON:
        return COMPARISON[op](compare(a, b))
    if op == "&":
        return as_text(a) + as_text(b)
    x, y = number(a), number(b)
    if op == "+":
        result = x + y
    elif op == "-":
        result = x - y
    elif op == "*":
        result = x * y
    elif op == "/":
        if y == 0:
            raise ExcelError("#DIV/0!")
        result = x / y
    else:  # '^'
        if (x == 0 and y <= 0) or (x < 0 and not y.is_integer()):
            raise ExcelError("#DIV/0!" if x == 0 and y < 0 else "#NUM!")
        try:
            result = x ** y
        except OverflowError:
            raise ExcelError("#NUM!") from None
    if not math.isfinite(result):
        raise ExcelError("#NUM!")
    return result


def criterion(c):
    """The test of a SUMIF or COUNTIF criterion ('<2014', '>0', 'OK', a number)."""
    if is_number(c) or isinstance(c, bool):
        return lambda v: v is not None and not isinstance(v, str) and compare(v, c) == 0
    op, rest = CRITERION.fullmatch(as_text(c)).groups()
    op = op or "="
    target = read_number(rest)
    if target is None:
        if any(ch in rest for ch in "*?~") or op not in ("=", "<>"):
            raise NotImplementedError(f"a criterion the evaluator does not read: {c!r}")
        same = (lambda v: v is None or v == "") if rest == "" else (
            lambda v: isinstance(v, str) and v.lower() == rest.lower())
        return same if op == "=" else (lambda v: not same(v))
    test = COMPARISON[op]
    if op == "<>":
        return lambda v: not (is_number(v) and v == target)
    return lambda v: is_number(v) and test(compare(float(v), target))


def cached(value) -> tuple[str, str]:
    """A formula's result as the xlsx file stores it: (the cell's type, the text of its <v>):
    ('', '2013') for a number, ('str', ...) for a text, ('b', '1') for TRUE, ('e', '#N/A')."""
    if isinstance(value, ExcelError):
        return "e", value.code
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, str):
        return "str", value
    x = float(value)
    return "", str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)
