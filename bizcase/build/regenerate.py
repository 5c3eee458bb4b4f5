"""Remaking the committed generated files: ``python -m bizcase.build.regenerate`` (``make generated``).

Remakes, in order, whichever of the calibration, the validation and the decisions log is stale
(:mod:`bizcase.build.generated`): a later one may depend on an earlier one's new output. With
``--check`` it only reports. The stored notebooks follow with ``make notebooks``.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from bizcase.build.files import ROOT, atomic_write
from bizcase.build.generated import (CALIBRATION_DOC, DECISIONS_DOC, HASH_PREFIX, VALIDATION_DIR, VALIDATION_DOC,
                                     calibration_fingerprint, decisions_fingerprint, stored_calibration,
                                     stored_decisions, stored_validation, validation_fingerprint)
from bizcase.core.inputs import load_inputs
from bizcase.core.rows import CALIBRATED_FILE
from bizcase.fit import calibrate, validate
from bizcase.fit.reference import load_reference
from bizcase.publish import decisions, docs


def write_calibration(root: Path, values_by_id: dict, report_text: str) -> None:
    """data/calibrated.csv (with its fingerprint) and docs/calibration.md."""
    text = calibrate.calibrated_file_text(list(values_by_id), list(values_by_id.values()),
                                          HASH_PREFIX + calibration_fingerprint(root))
    atomic_write(Path(root) / "data" / CALIBRATED_FILE, text.encode("utf-8"), generated_input=True)
    atomic_write(Path(root) / CALIBRATION_DOC, report_text.encode("utf-8"))


def regenerate_calibration(root: Path = ROOT, starts: int = calibrate.DEFAULT_STARTS,
                           seed: int = calibrate.DEFAULT_SEED) -> None:
    data = Path(root) / "data"
    inputs, reference = load_inputs(data), load_reference(data)
    fit = calibrate.fit(inputs, reference, starts=starts, seed=seed)
    values = calibrate.rounded(inputs, fit.ids, fit.values)
    fit = calibrate.assess(inputs, reference, fit.ids, values, fit.start)
    fitted = load_inputs(data, {k: float(v) for k, v in zip(fit.ids, values)})
    write_calibration(root, dict(zip(fit.ids, values)), docs.calibration_report(fitted, reference, fit))


def validation_files(root: Path = ROOT) -> tuple[dict, str]:
    """The validation's files (name -> text, its fingerprint inside the JSON) and its Markdown."""
    data = Path(root) / "data"
    inputs = load_inputs(data)
    outcomes, summary = validate.run(inputs, load_reference(data))
    summary["inputs_sha256"] = validation_fingerprint(root)
    return validate.files(outcomes, summary), docs.validation_report(inputs, outcomes, summary)


def regenerate_validation(root: Path = ROOT) -> None:
    files, markdown = validation_files(root)
    for name, text in files.items():
        atomic_write(Path(root) / VALIDATION_DIR / name, text.encode("utf-8"))
    atomic_write(Path(root) / VALIDATION_DOC, markdown.encode("utf-8"))


def regenerate_decisions(root: Path = ROOT) -> None:
    text = decisions.render(Path(root) / "data", decisions_fingerprint(root))
    atomic_write(Path(root) / DECISIONS_DOC, text.encode("utf-8"))


@dataclass(frozen=True)
class Generated:
    """One committed generated file: how to fingerprint its inputs, read its stored fingerprint,
    and remake it."""

    name: str
    current: Callable[[Path], str]
    stored: Callable[[Path], Optional[str]]
    regenerate: Callable[[Path], None]
    command: str


# In the order they depend on each other: the validation refits from the calibration; the decisions
# log measures alternatives from it.
GENERATED = (
    Generated("data/calibrated.csv", calibration_fingerprint, stored_calibration, regenerate_calibration,
              "make calibrate"),
    Generated("docs/validation/", validation_fingerprint, stored_validation, regenerate_validation, "make validate"),
    Generated("docs/decisions.md", decisions_fingerprint, stored_decisions, regenerate_decisions, "make decisions"),
)


def stale(root: Path = ROOT) -> list:
    """The generated files whose stored fingerprint is not that of the current inputs and code."""
    return [g for g in GENERATED if g.stored(root) != g.current(root)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bizcase.build.regenerate",
                                     description="remake the committed generated files that are stale, in order")
    parser.add_argument("--check", action="store_true", help="only report; exit 1 when one is stale")
    parser.add_argument("--root", default=str(ROOT))
    args = parser.parse_args(argv)
    root = Path(args.root)
    if args.check:
        out = stale(root)
        for g in out:
            print(f"{g.name} is out of date: run `{g.command}` (or `make generated`)", file=sys.stderr)
        return 1 if out else 0
    for g in GENERATED:  # in order: a later one may depend on an earlier one's new output
        if g.stored(root) != g.current(root):
            print(f"regenerating {g.name}")
            g.regenerate(root)
        else:
            print(f"{g.name} is current")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
