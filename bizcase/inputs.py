"""Reading and validating the model's inputs under ``data/`` plus the user's overrides.

Every file is checked row by row with pydantic models, and every parameter against its
spec in :mod:`bizcase.schema`, whichever channel it came through (the CSV files, ``--set``,
a variant YAML file, a papermill parameter); any problem raises one
:class:`~bizcase.errors.InputError` naming the file, the row or field, the value and what
was expected. A value outside the register's plausible range is accepted with a warning
(``Inputs.warnings``). The published figures are not read here: they are reference data,
loaded only by :mod:`bizcase.reference`. Nothing here writes anywhere.
"""
from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from . import schema
from .errors import InputError
from .schema import SCHEDULE_PREFIX, TERM_PREFIX

MUNICIPALITIES = ("Haarlem", "Haarlemmermeer")
MUNICIPALITY_KEYS = {"Haarlem": "haarlem", "Haarlemmermeer": "haarlemmermeer"}
ORGANISATIONS = ("haarlem", "haarlemmermeer", "collaboration")
SCENARIOS = ("baseline", "s2", "s3")
OTHER_CATEGORIES = ("workplace", "infrastructure", "communication", "facilities")
STATUSES = ("published", "reconstructed", "calibrated", "read_from_tables")
# statuses whose values were fitted to the published tables (by the optimiser or by eye)
FITTED_STATUSES = ("calibrated", "read_from_tables")
CALIBRATED_FILE = "calibrated.csv"


def _blank_to_none(value):
    return None if isinstance(value, str) and value.strip() == "" else value


def kind_check(kind: str, *fields: str):
    """A pydantic field validator: each of ``fields`` meets the hard rules of ``kind``
    (:data:`bizcase.schema.KINDS`); a blank optional field passes."""
    def check(cls, v):
        problem = None if v is None else schema.KINDS[kind].problem(v)
        if problem:
            raise ValueError(problem)
        return v

    return field_validator(*fields)(check)


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


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
    lines = text.splitlines(keepends=True)
    comments = 0
    while comments < len(lines) and lines[comments].startswith("#"):
        comments += 1
    text = "".join(lines[comments:])
    if not text.strip():
        raise InputError(path, "", "an empty file", "a CSV header and at least one row")
    try:
        return _rows(path, csv.DictReader(io.StringIO(text, newline="")), model, key, comments)
    except csv.Error as exc:
        raise InputError(path, "", str(exc), "a well-formed CSV file") from None


def _rows(path: Path, reader, model, key, comments: int) -> list:
    columns = list(model.model_fields)
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
    for number, record in enumerate(reader, start=2 + comments):
        if None in record or any(v is None for v in record.values()):
            raise InputError(path, f"line {number}", ",".join(str(v) for v in record.values() if v is not None),
                             f"exactly {len(header)} fields")
        record = {k.strip(): v for k, v in record.items()}
        label = _row_label(number, record, key)
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


def schedule_years(params: dict) -> list[int]:
    """The years of the harmonisation schedule among the flat parameter ids."""
    return sorted(int(k[len(SCHEDULE_PREFIX):]) for k in params if k.startswith(SCHEDULE_PREFIX))


@dataclass
class Inputs:
    """Everything the model reads, validated: parameters plus the report's tables.

    ``params`` is flat: register ids, ``term_<category>_<organisation>``,
    ``harmonised_share_<year>`` and the derived ``year_extrapolated``. An optional override
    left blank (e.g. ``transition_year``) is absent from ``params``: the date follows its event.
    """

    data_dir: Path
    register: dict  # id -> Assumption
    params: dict
    fte: list
    programme: list
    project: list
    category_split: dict  # category -> share
    report_facts: dict = field(default_factory=dict)  # id -> ReportFactRow (quoted, not model inputs)
    service_levels: list = field(default_factory=list)
    overrides: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)  # values outside their plausible range (accepted)

    def terms(self, organisation: str, category: str = "applications") -> float:
        return self.params[f"{TERM_PREFIX}{category}_{organisation}"]

    def harmonisation(self) -> tuple[list[int], list[float]]:
        years = schedule_years(self.params)
        return years, [self.params[f"{SCHEDULE_PREFIX}{y}"] for y in years]

    def fitted_ids(self) -> list[str]:
        """Register ids whose values were fitted to the published tables (either way)."""
        return [k for k, row in self.register.items() if row.status in FITTED_STATUSES]


def load_inputs(data_dir="data", overrides: Optional[dict] = None, params_file=None, origin: str = "--set") -> Inputs:
    """Read and validate ``data_dir`` and apply overrides (``--params`` file first, then ``overrides``).

    ``origin`` names where the overrides came from in error messages (``--set``, a notebook, ...).
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError(data_dir, "", "no such folder", "a data folder holding the model's CSV files")
    tables = {name: read_table(data_dir / fname, model, key) for name, (fname, model, key) in FILES.items()}
    register = {row.id: row for row in tables["assumptions"]}
    reg_path = data_dir / "assumptions.csv"
    missing = [k for k in schema.REGISTER if k not in register]
    if missing:
        raise InputError(reg_path, f"id '{missing[0]}'", "(no row)", "a row for every id the model reads "
                         "(declared in bizcase/schema.py)")
    params = {k: row.value for k, row in register.items() if row.value is not None}
    _apply_calibrated(data_dir / CALIBRATED_FILE, tables["calibrated"], register, params)
    params["year_extrapolated"] = params["year_last"] + 1
    for row in tables["terms"]:
        for org in ORGANISATIONS:
            params[f"{TERM_PREFIX}{row.category}_{org}"] = float(getattr(row, org))
    for row in tables["harmonisation"]:
        params[f"{SCHEDULE_PREFIX}{row.year}"] = row.share
    split = {row.category: row.share for row in tables["category_split"]}
    _check_tables(data_dir, tables, split)
    warnings = [w for k in register if k in params for w in [_range_warning(register, k, params[k], reg_path)] if w]

    applied = {}
    if params_file is not None:
        for key, value in read_params_file(params_file).items():
            applied[key] = _apply(params, register, key, value, str(params_file), warnings)
    for key, value in (overrides or {}).items():
        applied[key] = _apply(params, register, key, value, origin, warnings)
    params["year_extrapolated"] = params["year_last"] + 1
    inputs = Inputs(
        data_dir=data_dir, register=register, params=params, fte=tables["fte"],
        programme=tables["programme"], project=tables["project"], category_split=split,
        report_facts={r.id: r for r in tables["report_facts"]}, service_levels=tables["service_levels"],
        overrides=applied, warnings=warnings,
    )
    check_consistency(inputs, _consistency_origin(applied, params_file, origin, reg_path))
    return inputs


def _consistency_origin(applied: dict, params_file, origin: str, reg_path: Path) -> str:
    """Where a rule across several values was broken: the register, or the overrides' channels."""
    if not applied:
        return str(reg_path)
    channels = [str(params_file)] if params_file is not None else []
    if set(applied) - set(read_params_file(params_file) if params_file is not None else {}):
        channels.append(origin)
    return " and ".join(channels)


def _apply_calibrated(path: Path, rows: list, register: dict, params: dict) -> None:
    """Fill the calibrated register rows from the generated file (``make calibrate``)."""
    values = {}
    for row in rows:
        reg = register.get(row.id)
        if reg is None or reg.status != "calibrated":
            raise InputError(path, f"id '{row.id}'", row.id, "an id whose status in assumptions.csv is 'calibrated'")
        problem = schema.REGISTER[row.id].rules.problem(row.value)
        if problem:
            raise InputError(path, f"id '{row.id}', field 'value'", row.value, problem)
        values[row.id] = row.value
    for k, reg in register.items():
        if reg.status == "calibrated":
            if reg.value is not None:
                raise InputError(register_path(path), f"id '{k}', field 'value'", reg.value,
                                 f"a blank value: calibrated values live in {CALIBRATED_FILE} (make calibrate)")
            if k not in values:
                raise InputError(path, f"id '{k}'", "(no row)", "a value for every calibrated id (make calibrate)")
            params[k] = values[k]


def register_path(path: Path) -> Path:
    return Path(path).with_name("assumptions.csv")


def _range_warning(register: dict, key: str, value: float, origin) -> Optional[str]:
    row = register.get(key)
    if row is None or row.low is None or row.low <= value <= row.high:
        return None
    return (f"{origin}, id '{key}': {value:g} lies outside its plausible range {row.low:g}..{row.high:g} "
            "(accepted; the report says so)")


def _check_tables(data_dir: Path, tables: dict, split: dict) -> None:
    path = data_dir / "category_split.csv"
    missing = [c for c in OTHER_CATEGORIES if c not in split]
    if missing:
        raise InputError(path, "column 'category'", ",".join(split), f"a row for each of {','.join(OTHER_CATEGORIES)}")
    if abs(sum(split.values()) - 1.0) > 1e-9:
        raise InputError(path, "column 'share'", round(sum(split.values()), 6), "shares adding up to 1")
    if not any(r.category == "applications" for r in tables["terms"]):
        raise InputError(data_dir / "depreciation_terms.csv", "column 'category'", "(no applications row)",
                         "a row 'applications'")


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping."""


def _construct_unique_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, (str, int, float)) or isinstance(key, bool):
            raise yaml.constructor.ConstructorError(None, None, f"a key that is not a plain id ({type(key).__name__})",
                                                    key_node.start_mark)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key '{key}'", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def read_params_file(path) -> dict:
    """Read a variant file: a YAML mapping of assumption id to value (each id once)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", "no such file", "an existing YAML file of id: value lines")
    try:
        content = yaml.load(path.read_bytes().decode("utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 (safe loader)
    except UnicodeDecodeError:
        raise InputError(path, "", "bytes that are not UTF-8", "a UTF-8 YAML file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        raise InputError(path, where, getattr(exc, "problem", None) or "invalid YAML",
                         "a YAML mapping of id: value, each id once") from None
    if content is None:
        content = {}
    if not isinstance(content, dict):
        raise InputError(path, "", type(content).__name__, "a YAML mapping of id: value")
    out = {}
    for key, value in content.items():
        if isinstance(value, (dict, list)) or value is None:
            raise InputError(path, f"field '{key}'", value, "a single number")
        out[str(key)] = value
    return out


def parse_set_options(items) -> dict:
    """Turn ``['ID=VALUE', ...]`` into a dict; malformed items and repeated ids raise InputError."""
    out = {}
    for item in items or []:
        if "=" not in item or not item.split("=", 1)[0].strip() or not item.split("=", 1)[1].strip():
            raise InputError("--set", "", item, "ID=VALUE, e.g. --set indexation_rate=0.025")
        key, value = item.split("=", 1)
        if key.strip() in out:
            raise InputError("--set", f"id '{key.strip()}'", item, "each id once")
        out[key.strip()] = value.strip()
    return out


def _apply(params: dict, register: dict, key: str, raw, origin: str, warnings: list) -> float:
    """Validate one override against its spec and store it in ``params``."""
    spec = schema.spec_for(key)
    known = key in register or (key in params and spec is not None)
    if not known:
        if key in schema.DERIVED:
            raise InputError(origin, f"id '{key}'", raw, f"no value: {key} is {schema.DERIVED[key]}")
        close = difflib.get_close_matches(key, list(params) + list(register), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise InputError(origin, f"id '{key}'", key,
                         f"an id from data/assumptions.csv, term_<category>_<organisation> or harmonised_share_<year>{hint}")
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise InputError(origin, f"id '{key}'", raw if isinstance(raw, str) else repr(raw), "a number")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise InputError(origin, f"id '{key}'", raw, "a number") from None
    problem = spec.rules.problem(value)
    if problem:
        raise InputError(origin, f"id '{key}'", raw, problem)
    params[key] = value
    warning = _range_warning(register, key, value, origin)
    if warning:
        warnings.append(warning)
    return value


def event_year(p: dict, event: str) -> float:
    """Calendar year of an event the one-off costs are dated from (scalar parameters)."""
    return {"ict_centre_start": p["ict_centre_start_year"], "programme_start": p["programme_start_year"]}[event]


def check_consistency(inputs: Inputs, origin: str) -> None:
    """Rules that tie several parameters together: what cannot run is refused here."""
    p = inputs.params
    first, last = p["year_first"], p["year_last"]
    window_end = schema.YEAR_WINDOW[1]
    if not first < last:
        raise InputError(origin, "id 'year_last'", last, f"a year after year_first ({first:.0f})")
    if last + 1 > window_end:
        raise InputError(origin, "id 'year_last'", last, f"a year before {window_end:.0f} (the next year is extrapolated)")
    if not first < p["ict_centre_start_year"] <= last:
        raise InputError(origin, "id 'ict_centre_start_year'", p["ict_centre_start_year"],
                         f"a year after year_first ({first:.0f}) and at most year_last ({last:.0f})")
    if not first <= p["programme_start_year"] <= last:
        raise InputError(origin, "id 'programme_start_year'", p["programme_start_year"],
                         f"a year from year_first ({first:.0f}) to year_last ({last:.0f})")
    for name, (offset_id, override_id) in schema.EVENT_BOUND.items():
        y = schema.event_bound_year(p, name, p["ict_centre_start_year"])
        key = override_id if p.get(override_id) is not None else offset_id
        if not first <= y <= window_end:
            raise InputError(origin, f"id '{key}'", p[key],
                             f"a date from year_first ({first:.0f}) on; it gives {y:.0f}")
    for table, event in (("project", "ict_centre_start"), ("programme", "programme_start")):
        path = inputs.data_dir / f"{table}_costs.csv"
        for row in getattr(inputs, table):
            y = row.year if row.year is not None else event_year(p, event) + row.offset
            if not first <= y <= window_end:
                raise InputError(path if origin.endswith("assumptions.csv") else f"{origin} with {path}",
                                 f"item '{row.item}' (offset {row.offset})", int(y),
                                 f"a year from year_first ({first:.0f}) on: a one-off may not fall before the period")
    shares = p["s3_investment_share_year1"] + p["s3_investment_share_year2"]
    if shares > 1 + 1e-12:
        raise InputError(origin, "id 's3_investment_share_year2'", p["s3_investment_share_year2"],
                         f"at most {1 - p['s3_investment_share_year1']:.3f} so that the yearly shares add up to at most 1")
    years, values = inputs.harmonisation()
    schedule_origin = origin if inputs.overrides else inputs.data_dir / "harmonisation.csv"
    for (y0, v0), (y1, v1) in zip(zip(years, values), zip(years[1:], values[1:])):
        if v1 < v0:
            raise InputError(schedule_origin, f"year {y1}, field 'share'", v1,
                             f"a share of at least {v0} (the schedule may not fall)")
    if years != list(range(years[0], years[0] + len(years))):
        raise InputError(inputs.data_dir / "harmonisation.csv", "column 'year'", ",".join(map(str, years)),
                         "consecutive years")
    if years[0] < first:
        raise InputError(inputs.data_dir / "harmonisation.csv", f"year {years[0]}", years[0],
                         f"a schedule that starts in or after year_first ({first:.0f})")
    for w in ("writeoff_haarlem", "writeoff_haarlemmermeer_a", "writeoff_haarlemmermeer_b"):
        if p[f"{w}_last_year"] < first - 1:
            raise InputError(origin, f"id '{w}_last_year'", p[f"{w}_last_year"],
                             f"a year from {first - 1:.0f} on (the year before year_first: no write-off in the period)")
