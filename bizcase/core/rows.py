"""The input tables as validated rows: one pydantic model per CSV file, and the CSV reader.

Every file under ``data/`` is read by :func:`read_table` row by row; a problem raises one
:class:`~bizcase.core.errors.InputError` naming the file, the line, the field, the value and what
was expected. The rules a value must meet come from :mod:`bizcase.core.schema`.
"""
from __future__ import annotations

import csv
import difflib
import io
import typing
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator, model_validator

from bizcase.core import schema
from bizcase.core.errors import InputError
from bizcase.core.numbers import EXPECTED_TEXT, Found, control_character, parse_number
from bizcase.core.schema import MUNICIPALITIES, OTHER_CATEGORIES, STATUSES

CALIBRATED_FILE = "calibrated.csv"


def _blank_to_none(value):
    return None if isinstance(value, str) and value.strip() == "" else value


def kind_check(kind: str, *fields: str):
    """A pydantic field validator: each of ``fields`` meets the hard rules of ``kind``
    (:data:`bizcase.core.schema.KINDS`); a blank optional field passes."""
    def check(cls, v):
        problem = None if v is None else schema.KINDS[kind].problem(v)
        if problem:
            raise ValueError(problem)
        return v

    return field_validator(*fields)(check)


def _is_number(annotation) -> bool:
    """Whether a field holds a number (float, int, or an Optional of one)."""
    return annotation in (float, int) or any(a in (float, int) for a in typing.get_args(annotation))


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _number(cls, v, info: ValidationInfo):
        """Every number field is read by the one number reader of every channel
        (:func:`bizcase.core.numbers.parse_number`); a blank optional field stays blank."""
        field = cls.model_fields[info.field_name]
        if not isinstance(v, str) or not _is_number(field.annotation):
            return v
        if not v.strip():
            if not field.is_required():
                return None
            raise ValueError("a number")
        return parse_number(v)


class Assumption(Row):
    id: str
    value: Optional[float] = None
    unit: str
    description: str
    source: str
    status: Literal[STATUSES]  # type: ignore[valid-type]
    reasoning: str
    low: Optional[float] = None
    high: Optional[float] = None

    _blank = field_validator("value", "low", "high", mode="before")(_blank_to_none)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if v in schema.DERIVED:
            raise ValueError(f"an id the model reads; {v} is {schema.DERIVED[v]}")
        if v not in schema.REGISTER:
            close = difflib.get_close_matches(v, list(schema.REGISTER), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ValueError(f"an id the model reads (declared in bizcase/schema.py){hint}")
        return v

    @field_validator("description", "source")
    @classmethod
    def _not_empty(cls, v: str) -> str:
        if not v:
            raise ValueError("a non-empty text")
        return v

    @model_validator(mode="after")
    def _checks(self):
        spec = schema.REGISTER[self.id]
        rules = spec.rules
        if self.unit != rules.unit:
            raise _FieldProblem("unit", self.unit, f"'{rules.unit}', the unit declared for {self.id} in bizcase/schema.py")
        if self.value is None:
            if not (spec.optional or self.status == "calibrated"):
                raise _FieldProblem("value", "", f"a value ({self.id} is neither an optional override nor calibrated)")
        else:
            problem = rules.problem(self.value)
            if problem:
                raise _FieldProblem("value", self.value, problem)
        if self.status in ("reconstructed", "calibrated", "read_from_tables") and not self.reasoning:
            raise _FieldProblem("reasoning", self.reasoning, f"the reasoning for a {self.status} value")
        if (self.low is None) != (self.high is None):
            raise _FieldProblem("low", self.low, "both low and high, or neither")
        if self.low is not None:
            for name, bound in (("low", self.low), ("high", self.high)):
                problem = rules.problem(bound)
                if problem:
                    raise _FieldProblem(name, bound, problem)
            if self.low > self.high:
                raise _FieldProblem("low", self.low, f"low at most high ({self.high})")
        if self.status == "calibrated" and self.low is None:
            raise _FieldProblem("low", self.low, "bounds (low and high) for a calibrated value")
        return self


class CalibratedRow(Row):
    id: str
    value: float


class TermRow(Row):
    category: str
    haarlem: int
    haarlemmermeer: int
    collaboration: int
    source: str

    _terms = kind_check("term", "haarlem", "haarlemmermeer", "collaboration")


class FteRow(Row):
    function_group: str
    baseline: float
    ict_centre: float
    s3: float
    source: str

    _fte = kind_check("FTE", "baseline", "ict_centre", "s3")


class CostItemRow(Row):
    """A one-off cost item dated relative to its event: ``offset`` years after the event's
    year (the ICT centre's start for project costs, the programme's start for programme
    costs); ``year``, when given, is an explicit absolute override."""

    item: str
    offset: int
    year: Optional[int] = None
    amount_eur: float
    source: str

    _blank = field_validator("year", mode="before")(_blank_to_none)

    _offset = kind_check("offset_years", "offset")
    _year = kind_check("year", "year")
    _amount = kind_check("EUR", "amount_eur")


class HarmonisationRow(Row):
    year: int
    share: float
    status: Literal["published", "reconstructed"]
    source: str

    _year = kind_check("year", "year")
    _share = kind_check("share", "share")


class CategorySplitRow(Row):
    category: Literal[OTHER_CATEGORIES]  # type: ignore[valid-type]
    share: float
    status: Literal["published", "reconstructed"]
    reasoning: str

    _share = kind_check("share", "share")


class ReportFactRow(Row):
    id: str
    municipality: Literal[MUNICIPALITIES]  # type: ignore[valid-type]
    value: float
    unit: str
    description: str
    source: str

    _value = kind_check("reported", "value")


class ServiceLevelRow(Row):
    item: str
    description: str
    source: str


class _FieldProblem(ValueError):
    """Raised inside a model validator to point at one field."""

    def __init__(self, field_name: str, value: object, expected: str):
        self.field_name, self.value, self.expected = field_name, value, expected
        super().__init__(expected)


FILES = {
    "assumptions": ("assumptions.csv", Assumption, ("id",)),
    "calibrated": (CALIBRATED_FILE, CalibratedRow, ("id",)),
    "terms": ("depreciation_terms.csv", TermRow, ("category",)),
    "fte": ("fte.csv", FteRow, ("function_group",)),
    "programme": ("programme_costs.csv", CostItemRow, ("item", "offset")),
    "project": ("project_costs.csv", CostItemRow, ("item", "offset")),
    "harmonisation": ("harmonisation.csv", HarmonisationRow, ("year",)),
    "category_split": ("category_split.csv", CategorySplitRow, ("category",)),
    "report_facts": ("report_facts.csv", ReportFactRow, ("id",)),
    "service_levels": ("service_levels.csv", ServiceLevelRow, ("item",)),
}


def read_table(path: Path, model: type[Row], key: tuple[str, ...]) -> list:
    """Read one CSV file into validated rows; raise InputError on the first problem.

    Lines starting with ``#`` before the header are comments (generated files say so).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", "no such file", "an existing CSV file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, "", exc.strerror or type(exc).__name__, "a readable CSV file") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"byte {exc.start}", raw[exc.start : exc.start + 4].hex(), "UTF-8 text") from None
    comments, start = 0, 0  # lines end at a newline only (str.splitlines would also split at a vertical tab)
    while text.startswith("#", start):
        end = text.find("\n", start)
        start = len(text) if end < 0 else end + 1
        comments += 1
    # Lines end at a newline, written LF or CRLF (inside a quoted text too: a line break in the
    # text). A carriage return anywhere else would end a record for the csv module, cutting a row
    # in two; it is kept in the text as a stand-in character instead, so that the check of the
    # texts refuses it with its line and field, like any other control character.
    text = text[start:].replace("\r\n", "\n").replace("\r", _CR)
    if not text.strip():
        raise InputError(path, "", "an empty file", "a CSV header and at least one row")
    try:
        return _rows(path, csv.DictReader(io.StringIO(text, newline="")), model, key, comments)
    except csv.Error as exc:
        raise InputError(path, "", str(exc), "a well-formed CSV file") from None


def _rows(path: Path, reader, model, key, comments: int) -> list:
    columns = list(model.model_fields)
    for i, h in enumerate(reader.fieldnames or []):
        found = control_character(h.replace(_CR, "\r"))
        if found:
            raise InputError(path, f"line {1 + comments}, header, column {i + 1}",
                             Found(f"{found[1]} at character {found[0] + 1}"), EXPECTED_TEXT)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in columns if c not in header and model.model_fields[c].is_required()]
    extra = [h for h in header if h not in columns]
    if missing:
        raise InputError(path, f"header, column '{missing[0]}'", ",".join(header), f"the columns {','.join(columns)}")
    if extra:
        raise InputError(path, f"header, column '{extra[0]}'", extra[0], f"only the columns {','.join(columns)}")
    if len(set(header)) != len(header):
        raise InputError(path, "header", ",".join(header), "each column once")
    rows, seen = [], {}
    for record in reader:
        # the record's first line in the file: a quoted field may hold newlines, and the reader
        # skips blank lines, so count back from where the reader stands
        number = comments + reader.line_num - sum(v.count("\n") for v in record.values() if isinstance(v, str))
        if None in record or any(v is None for v in record.values()):
            raise InputError(path, f"line {number}", ",".join(str(v) for v in record.values() if v is not None),
                             f"exactly {len(header)} fields")
        record = {k.strip(): v for k, v in record.items()}
        label = _row_label(number, record, key)
        _check_texts(path, number, record, key)
        try:
            row = model.model_validate(record)
        except ValidationError as exc:
            err = exc.errors()[0]
            ctx_error = (err.get("ctx") or {}).get("error")
            if isinstance(ctx_error, _FieldProblem):
                raise InputError(path, f"{label}, field '{ctx_error.field_name}'", ctx_error.value,
                                 ctx_error.expected) from None
            name = str(err["loc"][0]) if err["loc"] else "row"
            raise InputError(path, f"{label}, field '{name}'", record.get(name, err.get("input")),
                             _expected_text(err)) from None
        k = tuple(getattr(row, f) for f in key)
        if k in seen:
            raise InputError(path, f"{label}, field '{key[-1]}'", k[-1], f"a value not already used on line {seen[k]}")
        seen[k] = number
        rows.append(row)
    if not rows:
        raise InputError(path, "", "a header without rows", "at least one data row")
    return rows


_CR = "\ufdd0"  # a lone carriage return while the file is parsed (a noncharacter: never in a real text)


def _check_texts(path: Path, number: int, record: dict, key: tuple[str, ...]) -> None:
    """Refuse a control character (other than tab and newline) in any field, naming its line."""
    for name, value in record.items():
        found = control_character(value.replace(_CR, "\r"))
        if found:
            index, what = found
            line = number + value[:index].count("\n")
            raise InputError(path, f"{_row_label(line, record, key)}, field '{name}'", Found(f"{what} at character {index + 1}"),
                             EXPECTED_TEXT)


def _row_label(number: int, record: dict, key: tuple[str, ...]) -> str:
    ident = record.get(key[0])
    return f"line {number} ({key[0]}={ident})" if ident else f"line {number}"


def _expected_text(err: dict) -> str:
    msg = err.get("msg", "a valid value")
    if msg.startswith("Value error, "):
        return msg[len("Value error, "):]
    kinds = {
        "float_parsing": "a number",
        "finite_number": "a finite number",
        "int_parsing": "a whole number",
        "int_from_float": "a whole number",
        "literal_error": msg.replace("Input should be ", "one of "),
        "missing": "a value",
    }
    return kinds.get(err.get("type"), msg)
