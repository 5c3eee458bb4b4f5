"""Reading and validating everything under ``data/`` plus the user's overrides.

Every file is checked row by row with pydantic models; any problem raises one
:class:`~bizcase.errors.InputError` naming the file, the row or field, the value and
what was expected. Nothing here writes anywhere.
"""
from __future__ import annotations

import csv
import difflib
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from .errors import InputError

MUNICIPALITIES = ("Haarlem", "Haarlemmermeer")
MUNICIPALITY_KEYS = {"Haarlem": "haarlem", "Haarlemmermeer": "haarlemmermeer"}
ORGANISATIONS = ("haarlem", "haarlemmermeer", "collaboration")
SCENARIOS = ("baseline", "s2", "s3")
OTHER_CATEGORIES = ("workplace", "infrastructure", "communication", "facilities")
YEAR_RANGE = (2000, 2100)

# Hard limits per unit of the register; the plausible low/high range is checked on top.
UNIT_RULES = {
    "year": ("an integer year between 2000 and 2100", lambda v: v == int(v) and YEAR_RANGE[0] <= v <= YEAR_RANGE[1]),
    "lag_years": ("a whole number of years between 0 and 10", lambda v: v == int(v) and 0 <= v <= 10),
    "share": ("a share between 0 and 1", lambda v: 0.0 <= v <= 1.0),
    "factor": ("a factor of at least 0", lambda v: v >= 0),
    "EUR": ("an amount in EUR of at least 0", lambda v: v >= 0),
    "EUR/inhabitant": ("an amount in EUR of at least 0", lambda v: v >= 0),
    "EUR/FTE": ("an amount in EUR per FTE above 0", lambda v: v > 0),
    "FTE": ("a number of FTE of at least 0", lambda v: v >= 0),
    "inhabitants": ("a number of inhabitants above 0", lambda v: v > 0),
    "flag": ("0 or 1", lambda v: v in (0.0, 1.0)),
    "count": ("a whole number of at least 0", lambda v: v == int(v) and v >= 0),
}


def unit_problem(unit: str, value: float) -> Optional[str]:
    """What a value of this unit should be, if ``value`` breaks the unit's hard limits."""
    if not math.isfinite(value):
        return "a finite number"
    expected, ok = UNIT_RULES[unit]
    return None if ok(value) else expected


def _blank_to_none(value):
    return None if isinstance(value, str) and value.strip() == "" else value


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Assumption(Row):
    id: str
    value: float
    unit: Literal[tuple(UNIT_RULES)]  # type: ignore[valid-type]
    description: str
    source: str
    status: Literal["published", "reconstructed"]
    calibrated: Literal["yes", "no"]
    reasoning: str
    low: Optional[float] = None
    high: Optional[float] = None

    _low = field_validator("low", "high", mode="before")(_blank_to_none)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not v or not (v[0].isalpha() and v.replace("_", "").isalnum() and v == v.lower()):
            raise ValueError("an id of lower-case letters, digits and underscores")
        return v

    @field_validator("description", "source")
    @classmethod
    def _not_empty(cls, v: str) -> str:
        if not v:
            raise ValueError("a non-empty text")
        return v

    @model_validator(mode="after")
    def _checks(self):
        problem = unit_problem(self.unit, self.value)
        if problem:
            raise _FieldProblem("value", self.value, problem)
        if self.status == "reconstructed" and not self.reasoning:
            raise _FieldProblem("reasoning", self.reasoning, "the reasoning for a reconstructed value")
        if self.calibrated == "yes" and self.status != "reconstructed":
            raise _FieldProblem("status", self.status, "'reconstructed' for a calibrated value")
        if (self.low is None) != (self.high is None):
            raise _FieldProblem("low", self.low, "both low and high, or neither")
        if self.low is not None:
            if self.low > self.high:
                raise _FieldProblem("low", self.low, f"low at most high ({self.high})")
            if not self.low <= self.value <= self.high:
                raise _FieldProblem("value", self.value, f"a value within its plausible range {self.low}..{self.high}")
        return self


class TermRow(Row):
    category: str
    haarlem: int
    haarlemmermeer: int
    collaboration: int
    source: str

    @field_validator("haarlem", "haarlemmermeer", "collaboration")
    @classmethod
    def _positive(cls, v: int) -> int:
        if v < 1:
            raise ValueError("a depreciation term of at least 1 year")
        return v


class FteRow(Row):
    function_group: str
    baseline: float
    ict_centre: float
    s3: float
    source: str

    @field_validator("baseline", "ict_centre", "s3")
    @classmethod
    def _non_negative(cls, v: float) -> float:
        if not (v >= 0 and math.isfinite(v)):
            raise ValueError("a number of FTE of at least 0")
        return v


class CostItemRow(Row):
    item: str
    year: int
    amount_eur: float
    source: str

    @field_validator("year")
    @classmethod
    def _year(cls, v: int) -> int:
        if not YEAR_RANGE[0] <= v <= YEAR_RANGE[1]:
            raise ValueError("an integer year between 2000 and 2100")
        return v

    @field_validator("amount_eur")
    @classmethod
    def _amount(cls, v: float) -> float:
        if not (v >= 0 and math.isfinite(v)):
            raise ValueError("an amount in EUR of at least 0")
        return v


class HarmonisationRow(Row):
    year: int
    share: float
    status: Literal["published", "reconstructed"]
    source: str

    @field_validator("share")
    @classmethod
    def _share(cls, v: float) -> float:
        if not 0.0 <= v <= 1.0:
            raise ValueError("a share between 0 and 1")
        return v


class CategorySplitRow(Row):
    category: Literal[OTHER_CATEGORIES]  # type: ignore[valid-type]
    share: float
    status: Literal["published", "reconstructed"]
    reasoning: str

    @field_validator("share")
    @classmethod
    def _share(cls, v: float) -> float:
        if not 0.0 <= v <= 1.0:
            raise ValueError("a share between 0 and 1")
        return v


class PublishedCostRow(Row):
    municipality: Literal[MUNICIPALITIES]  # type: ignore[valid-type]
    scenario: Literal[SCENARIOS]  # type: ignore[valid-type]
    year: int
    cost_eur_x1000: float
    source: str


class ClaimRow(Row):
    id: str
    value: float
    unit: str
    description: str
    source: str


class ReportFactRow(Row):
    id: str
    municipality: Literal[MUNICIPALITIES]  # type: ignore[valid-type]
    value: float
    unit: str
    description: str
    source: str


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
    "terms": ("depreciation_terms.csv", TermRow, ("category",)),
    "fte": ("fte.csv", FteRow, ("function_group",)),
    "programme": ("programme_costs.csv", CostItemRow, ("item", "year")),
    "project": ("project_costs.csv", CostItemRow, ("item", "year")),
    "harmonisation": ("harmonisation.csv", HarmonisationRow, ("year",)),
    "category_split": ("category_split.csv", CategorySplitRow, ("category",)),
    "published_costs": ("published_costs.csv", PublishedCostRow, ("municipality", "scenario", "year")),
    "published_claims": ("published_claims.csv", ClaimRow, ("id",)),
    "report_facts": ("report_facts.csv", ReportFactRow, ("id",)),
    "service_levels": ("service_levels.csv", ServiceLevelRow, ("item",)),
}


def read_table(path: Path, model: type[Row], key: tuple[str, ...]) -> list:
    """Read one CSV file into validated rows; raise InputError on the first problem."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", "no such file", "an existing CSV file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"byte {exc.start}", raw[exc.start : exc.start + 4].hex(), "UTF-8 text") from None
    if not text.strip():
        raise InputError(path, "", "an empty file", "a CSV header and at least one row")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = list(model.model_fields)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in columns if c not in header]
    extra = [h for h in header if h not in columns]
    if missing:
        raise InputError(path, f"header, column '{missing[0]}'", ",".join(header), f"the columns {','.join(columns)}")
    if extra:
        raise InputError(path, f"header, column '{extra[0]}'", extra[0], f"only the columns {','.join(columns)}")
    if len(set(header)) != len(header):
        raise InputError(path, "header", ",".join(header), "each column once")
    rows, seen = [], {}
    for number, record in enumerate(reader, start=2):
        if None in record or any(v is None for v in record.values()):
            raise InputError(path, f"line {number}", ",".join(str(v) for v in record.values() if v is not None),
                             f"exactly {len(columns)} fields")
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
        "int_parsing": "a whole number",
        "int_from_float": "a whole number",
        "literal_error": msg.replace("Input should be ", "one of "),
        "missing": "a value",
    }
    return kinds.get(err.get("type"), msg)


SCHEDULE_PREFIX = "harmonised_share_"


def schedule_years(params: dict) -> list[int]:
    """The years of the harmonisation schedule among the flat parameter ids."""
    return sorted(int(k[len(SCHEDULE_PREFIX):]) for k in params if k.startswith(SCHEDULE_PREFIX))


@dataclass
class Inputs:
    """Everything the model reads, validated: parameters plus the report's tables."""

    data_dir: Path
    register: dict  # id -> Assumption
    params: dict  # flat id -> float (register values, term_*, harmonised_share_*) after overrides
    fte: list
    programme: list
    project: list
    category_split: dict  # category -> share
    published_costs: list
    published_claims: dict  # id -> ClaimRow
    report_facts: dict = field(default_factory=dict)  # id -> ReportFactRow (quoted, not model inputs)
    service_levels: list = field(default_factory=list)
    overrides: dict = field(default_factory=dict)

    def terms(self, organisation: str, category: str = "applications") -> float:
        return self.params[f"term_{category}_{organisation}"]

    def harmonisation(self) -> tuple[list[int], list[float]]:
        years = schedule_years(self.params)
        return years, [self.params[f"{SCHEDULE_PREFIX}{y}"] for y in years]


def load_inputs(data_dir="data", overrides: Optional[dict] = None, params_file=None, origin: str = "--set") -> Inputs:
    """Read and validate ``data_dir`` and apply overrides (``--params`` file first, then ``overrides``).

    ``origin`` names where the overrides came from in error messages (``--set``, a notebook, ...).
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError(data_dir, "", "no such folder", "a data folder holding the model's CSV files")
    tables = {name: read_table(data_dir / fname, model, key) for name, (fname, model, key) in FILES.items()}
    register = {row.id: row for row in tables["assumptions"]}
    params = {k: row.value for k, row in register.items()}
    for row in tables["terms"]:
        for org in ORGANISATIONS:
            params[f"term_{row.category}_{org}"] = float(getattr(row, org))
    for row in tables["harmonisation"]:
        params[f"{SCHEDULE_PREFIX}{row.year}"] = row.share
    split = {row.category: row.share for row in tables["category_split"]}
    _check_tables(data_dir, tables, split)

    applied = {}
    if params_file is not None:
        for key, value in read_params_file(params_file).items():
            applied[key] = _apply(params, register, key, value, str(params_file))
    for key, value in (overrides or {}).items():
        applied[key] = _apply(params, register, key, value, origin)
    inputs = Inputs(
        data_dir=data_dir, register=register, params=params, fte=tables["fte"],
        programme=tables["programme"], project=tables["project"], category_split=split,
        published_costs=tables["published_costs"],
        published_claims={r.id: r for r in tables["published_claims"]},
        report_facts={r.id: r for r in tables["report_facts"]}, service_levels=tables["service_levels"],
        overrides=applied,
    )
    check_consistency(inputs, "--set/--params" if applied else str(data_dir / "assumptions.csv"))
    return inputs


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


def read_params_file(path) -> dict:
    """Read a variant file: a YAML mapping of assumption id to value."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", "no such file", "an existing YAML file of id: value lines")
    try:
        content = yaml.safe_load(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(path, "", "bytes that are not UTF-8", "a UTF-8 YAML file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        raise InputError(path, where, getattr(exc, "problem", "invalid YAML"), "a YAML mapping of id: value") from None
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
    """Turn ``['ID=VALUE', ...]`` into a dict; malformed items raise InputError."""
    out = {}
    for item in items or []:
        if "=" not in item or not item.split("=", 1)[0].strip() or not item.split("=", 1)[1].strip():
            raise InputError("--set", "", item, "ID=VALUE, e.g. --set indexation_rate=0.025")
        key, value = item.split("=", 1)
        out[key.strip()] = value.strip()
    return out


def _apply(params: dict, register: dict, key: str, raw, origin: str) -> float:
    if key not in params:
        close = difflib.get_close_matches(key, list(params), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise InputError(origin, f"id '{key}'", key,
                         f"an id from data/assumptions.csv, term_<category>_<organisation> or harmonised_share_<year>{hint}")
    if isinstance(raw, bool):
        raise InputError(origin, f"id '{key}'", raw, "a number")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise InputError(origin, f"id '{key}'", raw, "a number") from None
    if key in register:
        problem = unit_problem(register[key].unit, value)
    elif key.startswith("term_"):
        problem = None if (math.isfinite(value) and value == int(value) and value >= 1) else \
            "a depreciation term of at least 1 whole year"
    else:
        problem = unit_problem("share", value)
    if problem:
        raise InputError(origin, f"id '{key}'", raw, problem)
    params[key] = value
    return value


def check_consistency(inputs: Inputs, origin: str) -> None:
    """Rules that tie several parameters together."""
    p = inputs.params
    first, last, extra = p["year_first"], p["year_last"], p["year_extrapolated"]
    if not first < last:
        raise InputError(origin, "id 'year_last'", last, f"a year after year_first ({first:.0f})")
    if extra != last + 1:
        raise InputError(origin, "id 'year_extrapolated'", extra, f"the year after year_last ({last + 1:.0f})")
    if not first < p["ict_centre_start_year"] <= last:
        raise InputError(origin, "id 'ict_centre_start_year'", p["ict_centre_start_year"],
                         f"a year after {first:.0f} and at most {last:.0f}")
    for key in ("transition_year", "friction_year"):
        if not first <= p[key] <= last:
            raise InputError(origin, f"id '{key}'", p[key], f"a year from {first:.0f} to {last:.0f}")
    shares = p["s3_investment_share_year1"] + p["s3_investment_share_year2"]
    if shares > 1 + 1e-12:
        raise InputError(origin, "id 's3_investment_share_year2'", p["s3_investment_share_year2"],
                         f"at most {1 - p['s3_investment_share_year1']:.3f} so that the yearly shares add up to at most 1")
    years, values = inputs.harmonisation()
    for (y0, v0), (y1, v1) in zip(zip(years, values), zip(years[1:], values[1:])):
        if v1 < v0:
            raise InputError(origin if inputs.overrides else inputs.data_dir / "harmonisation.csv",
                             f"year {y1}, field 'share'", v1, f"a share of at least {v0} (the schedule may not fall)")
    if years != list(range(years[0], years[0] + len(years))):
        raise InputError(inputs.data_dir / "harmonisation.csv", "column 'year'", ",".join(map(str, years)),
                         "consecutive years")
