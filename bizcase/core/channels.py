"""The channels through which a user overrides values: ``--set ID=VALUE`` and variant YAML files.

Both end in :func:`apply`, which checks one override against its spec (:mod:`bizcase.core.schema`):
an unknown id, an id the model does not read, a value that is not a number or breaks its hard
bounds raises one :class:`~bizcase.core.errors.InputError`; a value outside the register's
plausible range is accepted with a warning. Numbers are read by the one reader of every channel
(:func:`bizcase.core.numbers.parse_number`).

A variant file is read as YAML 1.2 would type a flat mapping, and bounded: at most
:data:`MAX_YAML_BYTES` bytes and :data:`MAX_YAML_DEPTH` levels of nesting (checked on the event
stream, before any tree is built). Every scalar is read as text and then as a number by that same
reader, so ``012`` is twelve (YAML 1.1 read it as octal ten), ``yes``, ``on`` and ``true`` are
refused as not numbers (YAML 1.1 read them as booleans), and a 5,000-digit integer is refused by
its length instead of ending in Python's integer limits.
"""
from __future__ import annotations

import difflib
from pathlib import Path
from typing import Optional

import yaml

from bizcase.core import schema
from bizcase.core.errors import InputError, escape
from bizcase.core.numbers import BLANKS, EXPECTED_TEXT, Found, control_character, parse_number

MAX_YAML_BYTES = 64 * 1024  # a variant sets a few dozen ids: 64 KiB is two orders of magnitude above that
MAX_YAML_DEPTH = 2  # a mapping of id: value (a value that is itself a list or mapping is refused after)


def range_warning(register: dict, key: str, value: float, origin) -> Optional[str]:
    """The warning for a value outside its register row's plausible range (None inside it)."""
    row = register.get(key)
    if row is None or row.low is None or row.low <= value <= row.high:
        return None
    return (f"{escape(origin)}, id '{key}': {value:g} lies outside its plausible range {row.low:g}..{row.high:g} "
            "(accepted; the report says so)")


class _TextLoader(yaml.BaseLoader):
    """A YAML loader that reads every scalar as text (numbers are read by :func:`parse_number`, the
    reader of every channel) and refuses a key given twice in one mapping."""


def _construct_unique_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(None, None, f"a key that is not a plain id ({type(key).__name__})",
                                                    key_node.start_mark)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return yaml.BaseLoader.construct_mapping(loader, node, deep)


_TextLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def _structure_problem(text: str):
    """The first node nested deeper than :data:`MAX_YAML_DEPTH` or carrying an explicit tag
    (``!!float``, ``!!python/...``: a tag would be ignored, so it is refused), as (mark, what was
    found, what was expected); None when there is none. Found on the event stream, which PyYAML
    builds without recursion, so that a value nested 20,000 levels deep ends in one line."""
    depth = 0
    for event in yaml.parse(text, Loader=_TextLoader):
        if getattr(event, "tag", None) is not None and not (isinstance(event, yaml.ScalarEvent) and event.implicit[0]):
            return event.start_mark, f"the tag {event.tag}", "a plain value without a YAML tag"
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return event.start_mark, "a value nested in a list or mapping", \
                    "a flat YAML mapping of id: value (one number per id)"
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def read_params_file(path) -> dict:
    """Read a variant file: a YAML mapping of assumption id to value (each id once)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", "no such file", "an existing YAML file of id: value lines")
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_YAML_BYTES + 1)
    except OSError as exc:
        raise InputError(path, "", exc.strerror or type(exc).__name__, "a readable YAML file") from None
    if len(raw) > MAX_YAML_BYTES:
        raise InputError(path, "", f"more than {MAX_YAML_BYTES:,} bytes", f"a variant file of at most {MAX_YAML_BYTES:,} "
                         "bytes (a mapping of id: value)")
    try:
        text = raw.decode("utf-8")
        found = control_character(text.replace("\r\n", "\n"))
        if found:
            line = text[:found[0]].count("\n") + 1
            raise InputError(path, f"line {line}", Found(f"{found[1]} at character {found[0] + 1}"), EXPECTED_TEXT)
        problem = _structure_problem(text)
        if problem is not None:
            mark, what, expected = problem
            raise InputError(path, f"line {mark.line + 1}", what, expected)
        content = yaml.load(text, Loader=_TextLoader)  # noqa: S506 (a loader that builds only texts, lists, mappings)
    except UnicodeDecodeError:
        raise InputError(path, "", "bytes that are not UTF-8", "a UTF-8 YAML file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        raise InputError(path, where, getattr(exc, "problem", None) or "invalid YAML",
                         "a YAML mapping of id: value, each id once") from None
    if content is None or content == "":
        content = {}
    if not isinstance(content, dict):
        raise InputError(path, "", content if isinstance(content, str) else type(content).__name__,
                         "a YAML mapping of id: value")
    out = {}
    for key, value in content.items():
        if not isinstance(value, str) or not value.strip():
            raise InputError(path, f"field {key!r}", value if isinstance(value, str) else type(value).__name__,
                             "a single number")
        out[key] = value
    return out


def parse_set_options(items) -> dict:
    """Turn ``['ID=VALUE', ...]`` into a dict; malformed items and repeated ids raise InputError."""
    out = {}
    for item in items or []:
        if "=" not in item or not item.split("=", 1)[0].strip(BLANKS) or not item.split("=", 1)[1].strip(BLANKS):
            raise InputError("--set", "", item, "ID=VALUE, e.g. --set indexation_rate=0.025")
        key, value = item.split("=", 1)
        key = key.strip(BLANKS)  # spaces and tabs only: an id with a line break in it is no id
        if key in out:
            raise InputError("--set", f"id {key!r}", item, "each id once")
        out[key] = value  # read by parse_number, which allows spaces and tabs around the digits
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
    try:
        value = parse_number(raw)
    except ValueError as exc:
        raise InputError(origin, f"id '{key}'", raw, str(exc)) from None
    problem = spec.rules.problem(value)
    if problem:
        raise InputError(origin, f"id '{key}'", raw, problem)
    values[key] = value
    warning = range_warning(register, key, value, origin)
    if warning:
        warnings.append(warning)
    return value
