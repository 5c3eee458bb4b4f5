"""The channels through which a user overrides values: ``--set ID=VALUE`` and variant YAML files.

Both end in :func:`apply`, which checks one override against its spec (:mod:`bizcase.core.schema`):
an unknown id, an id the model does not read, a value that is not a number or breaks its hard
bounds raises one :class:`~bizcase.core.errors.InputError`; a value outside the register's
plausible range is accepted with a warning.
"""
from __future__ import annotations

import difflib
from pathlib import Path
from typing import Optional

import yaml

from bizcase.core import schema
from bizcase.core.errors import InputError


def range_warning(register: dict, key: str, value: float, origin) -> Optional[str]:
    """The warning for a value outside its register row's plausible range (None inside it)."""
    row = register.get(key)
    if row is None or row.low is None or row.low <= value <= row.high:
        return None
    return (f"{origin}, id '{key}': {value:g} lies outside its plausible range {row.low:g}..{row.high:g} "
            "(accepted; the report says so)")


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


def apply(values: dict, register: dict, key: str, raw, origin: str, warnings: list) -> float:
    """Validate one override against its spec and store it in ``values``; return the value.

    Refused with one line: an unknown id, an id the model does not read (with the reason), a
    derived id, a value that is not a number or breaks its hard bounds."""
    reason = schema.not_settable(key)
    if reason:
        raise InputError(origin, f"id '{key}'", raw, f"a settable id; {key} is {reason}")
    spec = schema.spec_for(key)
    known = key in register or (key in values and spec is not None)
    if not known:
        if key in schema.DERIVED:
            raise InputError(origin, f"id '{key}'", raw, f"no value: {key} is {schema.DERIVED[key]}")
        close = difflib.get_close_matches(key, [k for k in list(values) + list(register)
                                                if not schema.not_settable(k)], n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise InputError(origin, f"id '{key}'", key,
                         "an id from data/assumptions.csv, " + ", ".join(schema.TERM_IDS)
                         + f" or harmonised_share_<year>{hint}")
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise InputError(origin, f"id '{key}'", raw if isinstance(raw, str) else repr(raw), "a number")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise InputError(origin, f"id '{key}'", raw, "a number") from None
    problem = spec.rules.problem(value)
    if problem:
        raise InputError(origin, f"id '{key}'", raw, problem)
    values[key] = value
    warning = range_warning(register, key, value, origin)
    if warning:
        warnings.append(warning)
    return value
