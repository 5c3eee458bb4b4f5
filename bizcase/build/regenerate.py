"""Remaking the committed generated files: ``python -m bizcase.build.regenerate`` (``make generated``).

Remakes, in order, whichever of the calibration, the validation, the decisions log and the ensemble is stale
(:mod:`bizcase.build.generated`): a later one may depend on an earlier one's new output. With
``--check`` it only reports. The stored notebooks follow with ``make notebooks``.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from bizcase.build import generated
from bizcase.build.files import ROOT, atomic_write
from bizcase.build.generated import (CALIBRATION_DOC, DECISIONS_DOC, HASH_PREFIX, VALIDATION_DIR, VALIDATION_DOC,
                                     calibration_fingerprint, decisions_fingerprint, stored_calibration,
                                     stored_decisions, stored_validation, validation_fingerprint)
from bizcase.core.inputs import load_inputs
from bizcase.core.rows import CALIBRATED_FILE
from bizcase.fit import calibrate, validate
from bizcase.fit.reference import load_reference
from bizcase.publish import docs
from bizcase.publish.decisions import rendering as decisions_log


def write_calibration(data_dir: Path, values_by_id: dict) -> Path:
    """data/calibrated.csv with the fingerprint of the inputs it was fitted to; returns its path."""
    stamp = HASH_PREFIX + calibration_fingerprint(data_dir)
    text = calibrate.calibrated_file_text(list(values_by_id), list(values_by_id.values()), stamp)
    target = Path(data_dir) / CALIBRATED_FILE  # the one generated file inside data/
    atomic_write(target, text.encode("utf-8"), generated_input=True)
    return target


def calibration(data_dir: Path, starts: int = calibrate.DEFAULT_STARTS, seed: int = calibrate.DEFAULT_SEED,
                progress=None):
    """The seeded fit of the calibrated values, rounded as stored: (fit, values by id, report text).
    ``progress`` is told of every start fitted."""
    inputs, reference = load_inputs(data_dir), load_reference(data_dir)
    fit = calibrate.fit(inputs, reference, starts=starts, seed=seed, progress=progress)
    values = calibrate.rounded(inputs, fit.ids, fit.values)
    fit = calibrate.assess(inputs, reference, fit.ids, values, fit.start)
    fitted = load_inputs(data_dir, {k: float(v) for k, v in zip(fit.ids, values)})
    return fit, dict(zip(fit.ids, values)), docs.calibration_report(fitted, reference, fit)


def regenerate_calibration(root: Path = ROOT) -> None:
    _, values, report = calibration(Path(root) / "data")
    write_calibration(Path(root) / "data", values)
    atomic_write(Path(root) / CALIBRATION_DOC, report.encode("utf-8"))


def validation_files(data_dir: Path, progress=None, choices=None) -> tuple[dict, str, dict]:
    """The validation's files (name -> text, its fingerprint inside the JSON), its Markdown and summary.
    ``progress`` is told of each of the validation's steps (:func:`bizcase.fit.validate.steps`).
    The grouped hold-outs choose ``choices`` again (by default every decision chosen on the data,
    :func:`bizcase.build.generated.structural_choices`; none: the structure fixed)."""
    inputs = load_inputs(data_dir)
    choices = generated.structural_choices() if choices is None else tuple(choices)
    outcomes, summary = validate.run(inputs, load_reference(data_dir), progress=progress, choices=choices)
    summary["inputs_sha256"] = validation_fingerprint(data_dir, choices)
    return validate.files(outcomes, summary), docs.validation_report(inputs, outcomes, summary), summary


def regenerate_validation(root: Path = ROOT) -> None:
    files, markdown, _ = validation_files(Path(root) / "data")
    for name, text in files.items():
        atomic_write(Path(root) / VALIDATION_DIR / name, text.encode("utf-8"))
    atomic_write(Path(root) / VALIDATION_DOC, markdown.encode("utf-8"))


def regenerate_decisions(root: Path = ROOT) -> None:
    text = decisions_log.render(Path(root) / "data", decisions_fingerprint(Path(root) / "data"))
    atomic_write(Path(root) / DECISIONS_DOC, text.encode("utf-8"))


def regenerate_ensemble(root: Path = ROOT) -> None:
    """The ensemble, in its own process (``python -m bizcase.build.ensemble``): emcee and arviz are
    imported there only, never at the start of the command line, which imports this module."""
    subprocess.run([sys.executable, "-m", "bizcase.build.ensemble", "--root", str(root)], check=True)


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
# log measures alternatives from it; the ensemble's chain starts at it.
GENERATED = (
    Generated("data/calibrated.csv", lambda root: calibration_fingerprint(Path(root) / "data"),
              lambda root: stored_calibration(Path(root) / "data"), regenerate_calibration, "make calibrate"),
    Generated("docs/validation/", lambda root: validation_fingerprint(Path(root) / "data"), stored_validation,
              regenerate_validation, "make validate"),
    Generated("docs/decisions.md", lambda root: decisions_fingerprint(Path(root) / "data"), stored_decisions,
              regenerate_decisions, "make decisions"),
    Generated("data/ensemble.csv", lambda root: generated.ensemble_fingerprint(Path(root) / "data"),
              generated.stored_ensemble, regenerate_ensemble, "make ensemble"),
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
