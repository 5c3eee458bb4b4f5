"""The live workbook's own formulas evaluated in Python: the values stored as the formulas' cached results.

openpyxl writes a formula without its result, so a reader that does not recalculate (a file
previewer, a library reading the values) would show no figures. :func:`evaluate` computes every
formula of the workbook as Excel does, for the functions and operators the live model uses
(:data:`FUNCTIONS`; decision D34), with Excel's values and rules (:mod:`.excel_values`); anything
else is refused loudly rather than computed in some other way. ``tests/test_workbook_model.py``
holds the results equal to LibreOffice's recalculation on every formula cell of every sheet.

Functions given a reference (SUM, MIN, MAX, AND, SUMIF, COUNTIF) skip its texts and blanks, while a
typed or computed argument is converted.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from openpyxl.utils import column_index_from_string, get_column_letter

from bizcase.publish.workbook.excel_values import FUNCTION_NAMES, ExcelError, criterion, is_number, number, operate, truth

CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
# the tokens of a formula: a text, a function's name with its '(', a reference or defined name
# (with its sheet), a number, an operator, a parenthesis, an argument separator
TOKEN = re.compile(r"""\s*(?:
    (?P<text>"(?:[^"]|"")*")
  | (?P<function>[A-Z][A-Z0-9.]*)\(
  | (?P<ref>(?:'(?:[^']|'')+'!|[A-Za-z_][\w.]*!)?\$?[A-Za-z_][\w.$]*(?::\$?[A-Z]{1,3}\$?\d+)?)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<op><=|>=|<>|[-+*/^&=<>%])
  | (?P<open>\()
  | (?P<close>\))
  | (?P<sep>,)
)""", re.X)
PRECEDENCE = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4, "^": 5}


@dataclass(frozen=True)
class Ref:
    """A reference to a block of cells of one sheet (rows and columns from 1, inclusive)."""

    sheet: str
    r0: int
    c0: int
    r1: int
    c1: int

    @property
    def single(self) -> bool:
        return self.r0 == self.r1 and self.c0 == self.c1


def _area(sheet: str, text: str) -> Ref:
    """'$B$5' or 'E5:J5' on ``sheet`` as a reference."""
    corners = [CELL.fullmatch(part) for part in text.split(":")]
    if not all(corners) or len(corners) > 2:
        raise NotImplementedError(f"a reference the evaluator does not read: {text}")
    (a, b) = (corners[0], corners[-1])
    return Ref(sheet, int(a.group(2)), column_index_from_string(a.group(1)),
               int(b.group(2)), column_index_from_string(b.group(1)))


def _split(text: str, sheet: str) -> tuple[str, str]:
    """The sheet and the area of 'Invoer!$B$5', "'Lees mij'!A1" or 'E5' (on ``sheet``)."""
    if "!" not in text:
        return sheet, text
    name, area = text.rsplit("!", 1)
    return (name[1:-1].replace("''", "'") if name.startswith("'") else name), area


class Recalc:
    """The values of every formula cell of an openpyxl workbook, computed on demand and kept."""

    def __init__(self, wb):
        self.given, self.formulas, self.values = {}, {}, {}
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    key = (ws.title, cell.row, cell.column)
                    if cell.data_type == "f":
                        self.formulas[key] = cell.value
                    elif cell.value is not None:
                        self.given[key] = cell.value
        self.names = {name: _area(*_split(d.attr_text, "")) for name, d in wb.defined_names.items()}
        self.parsed, self.grids = {}, {}

    # ---------------------------------------------------------------- cells and references
    def cell(self, sheet: str, row: int, col: int):
        """A cell's value: given, computed (an error stays an ExcelError), or None when empty."""
        key = (sheet, row, col)
        if key in self.values:
            value = self.values[key]
            if value is self:
                raise ValueError(f"a circular reference at {sheet}!{get_column_letter(col)}{row}")
            return value
        if key not in self.formulas:
            return self.given.get(key)
        self.values[key] = self  # in progress
        try:
            value = self.scalar(self.ev(self.parse(key)))
            value = 0.0 if value is None else (float(value) if is_number(value) else value)
        except ExcelError as err:
            value = err
        self.values[key] = value
        return value

    def grid(self, x) -> list:
        """A reference or a computed array as rows of values."""
        if isinstance(x, Ref):
            if x not in self.grids:  # a computed cell never changes: a block is read once
                self.grids[x] = [[self.cell(x.sheet, r, c) for c in range(x.c0, x.c1 + 1)]
                                 for r in range(x.r0, x.r1 + 1)]
            return self.grids[x]
        return x if isinstance(x, list) else [[x]]

    def scalar(self, x):
        """One value: a single cell's (an error raised), or a value computed by the formula."""
        if isinstance(x, list):
            raise ExcelError("#VALUE!")
        if isinstance(x, Ref):
            if not x.single:
                raise ExcelError("#VALUE!")
            x = self.cell(x.sheet, x.r0, x.c0)
        if isinstance(x, ExcelError):
            raise x
        return x

    def flat(self, args, skip_text: bool = True) -> list:
        """The values of function arguments: references' cells (texts, blanks and, with
        ``skip_text``, booleans skipped), other arguments converted to numbers."""
        out = []
        for a in args:
            if isinstance(a, (Ref, list)):
                for v in (v for row in self.grid(a) for v in row):
                    if isinstance(v, ExcelError):
                        raise v
                    if is_number(v) or (isinstance(v, bool) and not skip_text):
                        out.append(float(v) if is_number(v) else v)
            else:
                out.append(number(self.scalar(a)))
        return out

    # ---------------------------------------------------------------- parsing
    def parse(self, key):
        """The formula of cell ``key`` as a tree: ('num', x), ('str', s), ('bool', b), ('ref', Ref),
        ('neg', t), ('pct', t), ('op', op, a, b), ('call', NAME, [t, ...])."""
        if key not in self.parsed:
            text, tokens, at = self.formulas[key][1:], [], 0
            while at < len(text.rstrip()):
                found = TOKEN.match(text, at)
                if not found:
                    raise NotImplementedError(f"a formula the evaluator does not read: ={text} (at {text[at:]})")
                tokens.append((found.lastgroup, found.group(found.lastgroup)))
                at = found.end()
            tree, end = self._expression(tokens + [("end", "")], 0, 0, key[0])
            if end != len(tokens):
                raise NotImplementedError(f"a formula the evaluator does not read: ={text}")
            self.parsed[key] = tree
        return self.parsed[key]

    def _expression(self, tokens, i, least, sheet):
        left, i = self._operand(tokens, i, sheet)
        while tokens[i][0] == "op" and tokens[i][1] in PRECEDENCE and PRECEDENCE[tokens[i][1]] >= least:
            op = tokens[i][1]
            right, i = self._expression(tokens, i + 1, PRECEDENCE[op] + 1, sheet)
            left = ("op", op, left, right)
        return left, i

    def _operand(self, tokens, i, sheet):
        kind, value = tokens[i]
        if kind == "op" and value in "+-":  # a sign
            inner, i = self._operand(tokens, i + 1, sheet)
            tree = ("neg", inner) if value == "-" else inner
        elif kind == "open":
            tree, i = self._expression(tokens, i + 1, 0, sheet)
            if tokens[i][0] != "close":
                raise NotImplementedError(f"an unclosed parenthesis: {tokens}")
            i += 1
        elif kind == "function":
            args, i = [], i + 1
            while tokens[i][0] != "close":
                arg, i = self._expression(tokens, i, 0, sheet)
                args.append(arg)
                if tokens[i][0] == "sep":
                    i += 1
                elif tokens[i][0] != "close":
                    raise NotImplementedError(f"a function's arguments the evaluator does not read: {tokens}")
            tree, i = ("call", value.upper(), args), i + 1
        elif kind == "number":
            tree, i = ("num", float(value)), i + 1
        elif kind == "text":
            tree, i = ("str", value[1:-1].replace('""', '"')), i + 1
        elif kind == "ref" and value.upper() in ("TRUE", "FALSE"):
            tree, i = ("bool", value.upper() == "TRUE"), i + 1
        elif kind == "ref":
            where, area = _split(value, sheet)
            tree, i = ("ref", self.names[area] if area in self.names and "!" not in value else _area(where, area)), i + 1
        else:
            raise NotImplementedError(f"a token the evaluator does not read: {value!r} ({kind})")
        while tokens[i] == ("op", "%"):
            tree, i = ("pct", tree), i + 1
        return tree, i

    # ---------------------------------------------------------------- evaluation
    def ev(self, tree):
        kind = tree[0]
        if kind in ("num", "str", "bool", "ref"):
            return tree[1]
        if kind == "neg":
            return self._map(lambda v: -number(v), self.ev(tree[1]))
        if kind == "pct":
            return self._map(lambda v: number(v) / 100, self.ev(tree[1]))
        if kind == "op":
            a, b = self.ev(tree[2]), self.ev(tree[3])
            if any(isinstance(x, list) or (isinstance(x, Ref) and not x.single) for x in (a, b)):
                ga, gb = self.grid(a), self.grid(b)
                if (len(ga), len(ga[0])) != (len(gb), len(gb[0])):
                    raise ExcelError("#VALUE!")
                return [[self._safe(operate, tree[1], x, y) for x, y in zip(ra, rb)] for ra, rb in zip(ga, gb)]
            return operate(tree[1], self.scalar(a), self.scalar(b))
        name, args = tree[1], tree[2]
        if name not in FUNCTIONS:
            raise NotImplementedError(f"a function the evaluator does not know: {name}")
        return FUNCTIONS[name](self, args)

    @staticmethod
    def _safe(f, *args):
        """f(*args) in an array: an error becomes the element's value (raised when it is read)."""
        if any(isinstance(a, ExcelError) for a in args[1:]):
            return next(a for a in args[1:] if isinstance(a, ExcelError))
        try:
            return f(*args)
        except ExcelError as err:
            return err

    def _map(self, f, x):
        if isinstance(x, list) or (isinstance(x, Ref) and not x.single):
            return [[self._safe(lambda _, v: f(v), None, v) for v in row] for row in self.grid(x)]
        return f(self.scalar(x))


def _if(rc, args):
    if truth(rc.scalar(rc.ev(args[0]))):
        return rc.ev(args[1])
    return rc.ev(args[2]) if len(args) > 2 else False


def _logical(combine):
    def f(rc, args):
        values = [v for v in rc.flat([rc.ev(a) for a in args], skip_text=False)]
        if not values:
            raise ExcelError("#VALUE!")
        return combine(truth(v) for v in values)
    return f


def _index(rc, args):
    ref = rc.ev(args[0])
    picks = [int(number(rc.scalar(rc.ev(a)))) for a in args[1:]]
    if len(picks) == 1:
        picks = [1, picks[0]] if ref.r0 == ref.r1 else [picks[0], 1]
    r, c = ref.r0 + picks[0] - 1, ref.c0 + picks[1] - 1
    if not (ref.r0 <= r <= ref.r1 and ref.c0 <= c <= ref.c1):
        raise ExcelError("#REF!")
    return Ref(ref.sheet, r, c, r, c)


def _match(rc, args):
    x = rc.scalar(rc.ev(args[0]))
    kind = number(rc.scalar(rc.ev(args[2]))) if len(args) > 2 else 1
    if kind != 1 or not is_number(x):
        raise NotImplementedError("MATCH of a number in ascending order (type 1) only")
    cells = [v for row in rc.grid(rc.ev(args[1])) for v in row]
    found = [i for i, v in enumerate(cells, start=1) if is_number(v) and v <= x]
    if not found:
        raise ExcelError("#N/A")
    return float(found[-1])


def _if_cells(rc, args):
    """The cells of a SUMIF or COUNTIF range that meet the criterion, with the values to sum."""
    rng = rc.ev(args[0])
    test = criterion(rc.scalar(rc.ev(args[1])))
    summed = rc.ev(args[2]) if len(args) > 2 else rng
    cells = [v for row in rc.grid(rng) for v in row]
    values = [v for row in rc.grid(summed) for v in row]
    return [w for v, w in zip(cells, values) if not isinstance(v, ExcelError) and test(v)]


def _sumif(rc, args):
    picked = _if_cells(rc, args)
    for w in picked:
        if isinstance(w, ExcelError):
            raise w
    return float(sum(w for w in picked if is_number(w)))


def _sumproduct(rc, args):
    grids = [rc.grid(rc.ev(a)) for a in args]
    if len({(len(g), len(g[0])) for g in grids}) != 1:
        raise ExcelError("#VALUE!")
    total = 0.0
    for cells in zip(*([x for row in g for x in row] for g in grids)):
        for v in cells:
            if isinstance(v, ExcelError):
                raise v
        total += math.prod(float(v) if is_number(v) else 0.0 for v in cells)
    return total


def _n(rc, args):
    x = rc.ev(args[0])
    v = rc.scalar(Ref(x.sheet, x.r0, x.c0, x.r0, x.c0) if isinstance(x, Ref) else x)
    return float(v) if is_number(v) or isinstance(v, bool) else 0.0


def _isnumber(rc, args):
    try:
        return is_number(rc.scalar(rc.ev(args[0])))
    except ExcelError:
        return False


def _isblank(rc, args):
    x = rc.ev(args[0])
    return isinstance(x, Ref) and x.single and rc.cell(x.sheet, x.r0, x.c0) is None


# every function the live workbook uses, as Excel computes it
FUNCTIONS = {
    "IF": _if,
    "AND": _logical(all),
    "OR": _logical(any),
    "NOT": lambda rc, args: not truth(rc.scalar(rc.ev(args[0]))),
    "SUM": lambda rc, args: float(sum(rc.flat([rc.ev(a) for a in args]))),
    "MIN": lambda rc, args: min(rc.flat([rc.ev(a) for a in args]), default=0.0),
    "MAX": lambda rc, args: max(rc.flat([rc.ev(a) for a in args]), default=0.0),
    "ABS": lambda rc, args: rc._map(lambda v: abs(number(v)), rc.ev(args[0])),
    "INT": lambda rc, args: float(math.floor(number(rc.scalar(rc.ev(args[0]))))),
    "N": _n,
    "INDEX": _index,
    "MATCH": _match,
    "SUMIF": _sumif,
    "COUNTIF": lambda rc, args: float(len(_if_cells(rc, args))),
    "SUMPRODUCT": _sumproduct,
    "ISNUMBER": _isnumber,
    "ISBLANK": _isblank,
}
if tuple(FUNCTIONS) != FUNCTION_NAMES:  # the decisions log names them without importing openpyxl through here
    raise ImportError("bizcase.publish.workbook.excel_values.FUNCTION_NAMES must list FUNCTIONS in order")


def evaluate(wb) -> dict:
    """Sheet title -> {coordinate: value} of every formula cell of ``wb``: a float, a text, a
    boolean, or an :class:`ExcelError`."""
    rc = Recalc(wb)
    out = {}
    for (sheet, row, col) in rc.formulas:
        out.setdefault(sheet, {})[f"{get_column_letter(col)}{row}"] = rc.cell(sheet, row, col)
    return out


