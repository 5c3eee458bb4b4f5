"""Variants: a YAML file of id: value overrides, built into its own report folder.

A variant's name is its file's stem. :func:`check` is the build's first step: the name and every
value are checked once (one line naming file, id, value and expectation on a problem); the title
page lists what the variant changes (:func:`variant_block`).
"""
from __future__ import annotations

import argparse
import html
import re
from pathlib import Path

from bizcase.build.datafiles import DATA_FILES
from bizcase.build.files import ROOT, atomic_write, step
from bizcase.core.channels import read_params_file
from bizcase.core.errors import InputError
from bizcase.core.inputs import load_inputs
from bizcase.publish import figures, formatting, labels


# A variant's name is its YAML file's stem. It names build/report/NAME and reports/NAME, so it
# may never be (or collide on a case-insensitive disk with) a name of the default's folders.
RESERVED_NAMES = ("standaard", "default", "reports", "report", "build")
VARIANT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def check_variant_name(name: str, params_file) -> str:
    """``name`` if it is a valid variant name, else an InputError naming the variant file."""
    if not VARIANT_NAME.fullmatch(name or ""):
        raise InputError(str(params_file), "variant name (the file name without .yml)", name,
                         "letters, digits, '-' and '_' only, starting with a letter or digit")
    if name.lower() in RESERVED_NAMES:
        raise InputError(str(params_file), "variant name (the file name without .yml)", name,
                         "a name other than " + ", ".join(RESERVED_NAMES) + " (the default report's names)")
    return name


def variant_name(params_file, variant: str | None = None) -> str:
    """The checked name of the variant in ``params_file`` ('standaard' without one)."""
    if params_file is None:
        if variant not in (None, "", "standaard"):
            raise InputError("--variant", "", variant, "a variant file given with --params (variants/NAME.yml)")
        return "standaard"
    name = check_variant_name(Path(params_file).stem, params_file)
    if variant not in (None, "", name):
        raise InputError("--variant", "", variant, f"the variant file's name '{name}'")
    return name


def check(params_file: Path | None, data_dir: Path, stamp: Path | None, make: bool = False) -> None:
    """The build's first step: check the variant's name and values once, then write ``stamp``,
    which holds the variant file's path as given and, after it, the file's bytes (an empty line
    for the default): make skips the check only when the stamp is newer than every input and holds
    the same path and bytes, so another file of the same name is always checked.

    Every data file the package reads must be there (the published reference too, which the model
    itself does not read): make runs this check for a missing one (a link to nothing included)
    instead of stopping at 'No rule to make target'. Other files in the data folder are no input:
    not checked, not read (:mod:`bizcase.build.datafiles`)."""
    if params_file is not None:
        variant_name(params_file)
        if make and re.search(r"\s", str(params_file)):
            raise InputError(str(params_file), "", str(params_file), "a path without spaces (make splits it)")
    variant_inputs(params_file, data_dir)
    for name in DATA_FILES:  # those the model reads were read just now; the published reference here
        if not (Path(data_dir) / name).is_file():
            raise InputError(Path(data_dir) / name, "", "no such file", "an existing CSV file (the package reads it)")
    if stamp is not None:
        content = Path(params_file).read_bytes() if params_file is not None else b""
        atomic_write(stamp, (str(params_file) if params_file is not None else "").encode("utf-8") + b"\n" + content)


def variant_inputs(params_file: Path | None, data_dir: Path):
    """The validated inputs of a variant, and its overrides as read from ``params_file``."""
    params = read_params_file(params_file) if params_file else {}
    return load_inputs(data_dir, overrides=params, origin=str(params_file)), params


def options(parser) -> None:
    parser.add_argument("--params", help="YAML file of id: value overrides (a variant)")
    parser.add_argument("--variant", help="the variant's name, shown on the title page")
    parser.add_argument("--data", default=str(ROOT / "data"))


def step_inputs(args):
    """The checked inputs of a build step's ``--params``, ``--variant`` and ``--data`` options
    (:func:`options`): the variant's name and values, or the default's."""
    params = Path(args.params) if args.params else None
    variant_name(params, args.variant)
    return variant_inputs(params, Path(args.data))[0]


def variant_block(variant: str, params_file: Path | None, data_dir: Path) -> str:
    """The title page's variant lines: its name and every value its file changes (by its Dutch
    name, written as the report writes that kind), and a warning for every value outside its
    plausible range ('' for the default without such values)."""
    inputs, params = variant_inputs(params_file, data_dir) if params_file is not None else (load_inputs(data_dir), {})
    base = load_inputs(data_dir).values if params else inputs.values
    outside = []
    for key, row in inputs.register.items():
        v = inputs.values.get(key)
        if v is not None and row.low is not None and not row.low <= v <= row.high:
            outside.append(f"<li>{html.escape(labels.assumption(key))} = {html.escape(formatting.setting(key, v))} ligt "
                           f"buiten het plausibele bereik {html.escape(formatting.setting(key, row.low))} tot "
                           f"{html.escape(formatting.setting(key, row.high))}</li>")
    inert = [f"<li>{html.escape(labels.assumption(k))} = {html.escape(formatting.setting(k, inputs.values[k]))} verandert "
             "in deze uitgave geen enkel cijfer: deze waarde telt alleen samen met andere (zie het register)</li>"
             for k in figures.inert_overrides(inputs)]
    warning = ("<div class='warnings'><p class='warning'>Let op: deze uitgave rekent met waarden buiten hun plausibele "
               "bereik (toegestaan, maar buiten wat het register aannemelijk acht):</p><ul class='warning'>"
               + "".join(outside) + "</ul></div>") if outside else ""
    warning += ("<div class='warnings'><p class='warning'>Let op: deze gewijzigde waarden werken in deze uitgave "
                "niet door:</p><ul class='warning'>" + "".join(inert) + "</ul></div>") if inert else ""
    if params_file is None:
        return warning
    items = []
    for key in params:
        old = base.get(key)
        was = f" (register: {html.escape(formatting.setting(key, old))})" if old is not None else ""
        items.append(f"<li>{html.escape(labels.assumption(key))}: {html.escape(formatting.setting(key, inputs.values[key]))}"
                     f"{was}</li>")
    changed = ("<p class='variant-values'>Gewijzigde waarden:</p><ul class='variant-values'>" + "".join(items)
               + "</ul>") if items else "<p class='variant-values'>Geen gewijzigde waarden.</p>"
    return f"<p class='variant'>Variant: {html.escape(variant)}</p>\n{changed}\n{warning}"


def main(argv=None) -> int:
    """``python -m bizcase.build.variants check [--params FILE.yml] [--stamp FILE] [--make]``."""
    parser = argparse.ArgumentParser(prog="python -m bizcase.build.variants")
    parser.add_argument("step", choices=("check",))
    parser.add_argument("--params")
    parser.add_argument("--data", default=str(ROOT / "data"))
    parser.add_argument("--stamp", help="write this file when the check passes")
    parser.add_argument("--make", action="store_true", help="also refuse what make cannot handle (spaces)")
    args = parser.parse_args(argv)
    return step(lambda _: check(Path(args.params) if args.params else None, Path(args.data),
                                Path(args.stamp) if args.stamp else None, args.make))


if __name__ == "__main__":
    raise SystemExit(main())
