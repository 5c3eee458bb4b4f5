"""Reading and validating the model's inputs under ``data/`` plus the user's overrides.

Every file is checked row by row (:mod:`bizcase.core.rows`), and every value against its spec in
:mod:`bizcase.core.schema`, whichever channel it came through (the CSV files, ``--set``, a variant
YAML file, a papermill parameter: :mod:`bizcase.core.channels`); any problem raises one
:class:`~bizcase.core.errors.InputError` naming the file, the row or field, the value and what was
expected. A value outside the register's plausible range is accepted with a warning
(``Inputs.warnings``). The published figures are not read here: they are reference data, loaded
only by :mod:`bizcase.fit.reference`. Nothing here writes anywhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Optional

from bizcase.core import params as typed
from bizcase.core import schema
from bizcase.core.channels import apply, range_warning, read_params_file
from bizcase.core.errors import InputError
from bizcase.core.rows import CALIBRATED_FILE, FILES, read_table
from bizcase.core.schema import APPLICATION_TERMS, FITTED_STATUSES, OTHER_CATEGORIES, SCHEDULE_PREFIX


@dataclass
class Inputs:
    """Everything the model reads, validated: the values by id plus the report's tables.

    ``values`` is flat: register ids, the applications terms (:data:`bizcase.core.schema.TERM_IDS`)
    and ``harmonised_share_<year>``. An optional override left blank (e.g. ``transition_year``) is
    absent from ``values``: the date follows its event. :attr:`params` holds the same values typed
    by concept (:mod:`bizcase.core.params`), which is what the model reads.
    """

    data_dir: Path
    register: dict  # id -> Assumption
    values: dict
    fte: list
    programme: list
    project: list
    category_split: dict  # category -> share
    terms: list = field(default_factory=list)  # TermRow: the report's depreciation table
    report_facts: dict = field(default_factory=dict)  # id -> ReportFactRow (quoted, not model inputs)
    service_levels: list = field(default_factory=list)
    overrides: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)  # values outside their plausible range (accepted)
    defaults: dict = field(default_factory=dict)  # the values before the overrides (register and tables)

    @cached_property
    def params(self) -> typed.Params:
        """The values typed by concept (built once)."""
        return typed.build(self.values, self)

    def with_values(self, overrides: Optional[dict] = None) -> typed.Params:
        """Typed parameters with ``overrides`` (id -> value or array over draws) on top of the values."""
        return typed.build({**self.values, **overrides}, self) if overrides else self.params

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
                         "(declared in bizcase/core/schema.py)")
    values = {k: row.value for k, row in register.items() if row.value is not None}
    _apply_calibrated(data_dir / CALIBRATED_FILE, tables["calibrated"], register, values)
    split = {row.category: row.share for row in tables["category_split"]}
    _check_tables(data_dir, tables, split)
    applications = next(row for row in tables["terms"] if row.category == "applications")
    for org, key in APPLICATION_TERMS.items():
        values[key] = float(getattr(applications, org))
    for row in tables["harmonisation"]:
        values[SCHEDULE_PREFIX + str(row.year)] = row.share
    warnings = [w for k in register if k in values for w in [range_warning(register, k, values[k], reg_path)] if w]

    defaults = dict(values)
    applied = {}
    if params_file is not None:
        for key, value in read_params_file(params_file).items():
            applied[key] = apply(values, register, key, value, str(params_file), warnings)
    for key, value in (overrides or {}).items():
        applied[key] = apply(values, register, key, value, origin, warnings)
    inputs = Inputs(
        data_dir=data_dir, register=register, values=values, fte=tables["fte"],
        programme=tables["programme"], project=tables["project"], category_split=split, terms=tables["terms"],
        report_facts={r.id: r for r in tables["report_facts"]}, service_levels=tables["service_levels"],
        overrides=applied, warnings=warnings, defaults=defaults,
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


def _apply_calibrated(path: Path, rows: list, register: dict, values: dict) -> None:
    """Fill the calibrated register rows from the generated file (``make calibrate``)."""
    fitted = {}
    for row in rows:
        reg = register.get(row.id)
        if reg is None or reg.status != "calibrated":
            raise InputError(path, f"id '{row.id}'", row.id, "an id whose status in assumptions.csv is 'calibrated'")
        problem = schema.REGISTER[row.id].rules.problem(row.value)
        if problem:
            raise InputError(path, f"id '{row.id}', field 'value'", row.value, problem)
        fitted[row.id] = row.value
    for k, reg in register.items():
        if reg.status == "calibrated":
            if reg.value is not None:
                raise InputError(register_path(path), f"id '{k}', field 'value'", reg.value,
                                 f"a blank value: calibrated values live in {CALIBRATED_FILE} (make calibrate)")
            if k not in fitted:
                raise InputError(path, f"id '{k}'", "(no row)", "a value for every calibrated id (make calibrate)")
            values[k] = fitted[k]


def register_path(path: Path) -> Path:
    return Path(path).with_name("assumptions.csv")


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


def check_consistency(inputs: Inputs, origin: str) -> None:
    """Rules that tie several values together: what cannot run is refused here."""
    v, P = inputs.values, inputs.params
    first, last = v["year_first"], v["year_last"]
    window_end = schema.YEAR_WINDOW[1]
    if not first < last:
        raise InputError(origin, "id 'year_last'", last, f"a year after year_first ({first:.0f})")
    if last + 1 > window_end:
        raise InputError(origin, "id 'year_last'", last, f"a year before {window_end:.0f} (the next year is extrapolated)")
    start = v["ict_centre_start_year"]
    if not first < start <= last:
        raise InputError(origin, "id 'ict_centre_start_year'", start,
                         f"a year after year_first ({first:.0f}) and at most year_last ({last:.0f})")
    if not first <= v["programme_start_year"] <= last:
        raise InputError(origin, "id 'programme_start_year'", v["programme_start_year"],
                         f"a year from year_first ({first:.0f}) to year_last ({last:.0f})")
    centre = P.centre
    for name, cost in (("transition", centre.transition), ("friction", centre.friction), ("overhead", centre.overhead)):
        offset_id, override_id = schema.EVENT_BOUND[name]
        y = float(cost.when(start))
        key = override_id if cost.year is not None else offset_id
        if not first <= y <= window_end:
            raise InputError(origin, f"id '{key}'", v[key], f"a date from year_first ({first:.0f}) on; it gives {y:.0f}")
    for table, event in (("project", start), ("programme", v["programme_start_year"])):
        path = inputs.data_dir / f"{table}_costs.csv"
        for row in getattr(inputs, table):
            y = row.year if row.year is not None else event + row.offset
            if not first <= y <= window_end:
                raise InputError(path if origin.endswith("assumptions.csv") else f"{origin} with {path}",
                                 f"item '{row.item}' (offset {row.offset})", int(y),
                                 f"a year from year_first ({first:.0f}) on: a one-off may not fall before the period")
    shares = v["s3_investment_share_year1"] + v["s3_investment_share_year2"]
    if shares > 1 + 1e-12:
        raise InputError(origin, "id 's3_investment_share_year2'", v["s3_investment_share_year2"],
                         f"at most {1 - v['s3_investment_share_year1']:.3f} so that the yearly shares add up to at most 1")
    years, values = [int(y) for y in P.harmonisation.years], [float(s) for s in P.harmonisation.shares]
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
    # The S3.0 staff table describes the centre at s3_fte_reference_share harmonised; a higher share
    # cuts further in proportion (decision D5). No share of the schedule may cut below zero staff.
    centre, target, reference = P.centre.fte, P.harmonisation.fte, v["s3_fte_reference_share"]
    if centre > target and max(values) * (centre - target) > reference * centre:
        lowest = max(values) * (centre - target) / centre
        raise InputError(origin if inputs.overrides else inputs.data_dir / "assumptions.csv",
                         "id 's3_fte_reference_share'", reference,
                         f"at least {lowest:.4g}: below it the ICT centre's staff in S3.0 falls below zero at the "
                         f"schedule's highest share ({max(values):g}), as the cut beyond the table's share goes on "
                         "in proportion (decision D5)")
    for m in P.municipalities:
        for (_, last_id), w in zip(typed.MUNICIPAL_IDS[m.name].writeoffs, m.writeoffs):
            if w.last_year < first - 1:
                raise InputError(origin, f"id '{last_id}'", w.last_year,
                                 f"a year from {first - 1:.0f} on (the year before year_first: no write-off in the period)")
