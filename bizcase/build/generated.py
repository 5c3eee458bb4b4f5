"""The committed generated files and their fingerprints.

* the calibration: ``data/calibrated.csv`` (with ``docs/calibration.md``), fitted by
  :mod:`bizcase.fit.calibrate` to every data file but itself;
* the validation: ``docs/validation/validation.{csv,json}`` and ``docs/validation.md``, from
  :mod:`bizcase.fit.validate` and the data (the calibration included);
* the decisions log: ``docs/decisions.md``, from :mod:`bizcase.publish.decisions`, the data and
  the decisions' Dutch texts;
* the ensemble: ``data/ensemble.csv`` and ``docs/ensemble.md``, from :mod:`bizcase.build.ensemble`
  (its fingerprint and making live there) and the data (the calibration included).

Each records the fingerprint of what it was made from (:mod:`bizcase.build.fingerprint`): the data,
the code of its generator and the modules that generator imports (docstrings and comments left
out), and its own text files. So a docstring, a comment or a decision's wording changes no
calibration and no validation. :mod:`bizcase.build.regenerate` remakes what is stale, in order.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Optional

from bizcase.build.datafiles import data_files
from bizcase.build.files import ROOT
from bizcase.build.fingerprint import ensemble_fingerprint as fingerprint_of_ensemble
from bizcase.build.fingerprint import fingerprint
from bizcase.core.rows import CALIBRATED_FILE
from bizcase.fit import ensemble
from bizcase.publish.decisions import catalogue
from bizcase.publish.texts import files as text_files

HASH_PREFIX = "# inputs sha256: "  # the line of data/calibrated.csv that holds the fingerprint of its inputs
CALIBRATION_DOC = Path("docs") / "calibration.md"
VALIDATION_DIR = Path("docs") / "validation"
VALIDATION_DOC = Path("docs") / "validation.md"
DECISIONS_DOC = Path("docs") / "decisions.md"
DECISIONS_HASH = re.compile(r"sha256\): `([0-9a-f]{64})`")


DATA = ROOT / "data"


def _data(data_dir: Path, without_calibration: bool = False) -> list:
    """The data files the package reads (any other file in data/ is no input and enters no fingerprint)."""
    return data_files(data_dir, without=(CALIBRATED_FILE,) if without_calibration else ())


def calibration_fingerprint(data_dir: Path = DATA) -> str:
    """What the calibration depends on: every data file but the calibration, and the fit's code."""
    return fingerprint("bizcase.fit.calibrate", _data(data_dir, without_calibration=True))


def structural_choices() -> tuple:
    """The decisions chosen on the data and their alternatives, which the validation chooses again
    inside each grouped hold-out (read from the decisions' front matter)."""
    return catalogue.structural_choices(catalogue.load())


def validation_fingerprint(data_dir: Path = DATA, choices=None) -> str:
    """What the validation depends on: every data file (the calibration included), its code and the
    structural choices it makes again (``choices``, by default :func:`structural_choices`: their
    decisions and alternatives, not the decisions' wording; none with ``validate --fixed-structure``)."""
    choices = structural_choices() if choices is None else choices
    return fingerprint("bizcase.fit.validate", _data(data_dir), extra=repr(tuple(choices)).encode())


def decisions_fingerprint(data_dir: Path = DATA) -> str:
    """What the decisions log depends on: the data, its code and the decisions' Dutch texts."""
    return fingerprint("bizcase.publish.decisions.rendering", _data(data_dir), texts=text_files("decisions"))


def ensemble_fingerprint(data_dir: Path = DATA) -> str:
    """What the ensemble depends on (:func:`bizcase.build.fingerprint.ensemble_fingerprint`)."""
    return fingerprint_of_ensemble(Path(data_dir))


def stored_ensemble(root: Path = ROOT) -> Optional[str]:
    return ensemble.stored_fingerprint(Path(root) / "data")


def stored_calibration(data_dir: Path = DATA) -> Optional[str]:
    """The fingerprint written into data/calibrated.csv by the last calibration."""
    for line in (Path(data_dir) / CALIBRATED_FILE).read_text(encoding="utf-8").splitlines():
        if line.startswith(HASH_PREFIX):
            return line[len(HASH_PREFIX):].strip()
    return None


def stored_validation(root: Path = ROOT) -> Optional[str]:
    path = Path(root) / VALIDATION_DIR / "validation.json"
    return json.loads(path.read_text(encoding="utf-8")).get("inputs_sha256") if path.exists() else None


def stored_decisions(root: Path = ROOT) -> Optional[str]:
    path = Path(root) / DECISIONS_DOC
    m = DECISIONS_HASH.search(path.read_text(encoding="utf-8")) if path.exists() else None
    return m.group(1) if m else None


def validation_summary(root: Path = ROOT) -> dict:
    """The committed validation summary, with ``current``: made from the current model and data."""
    data = json.loads((Path(root) / VALIDATION_DIR / "validation.json").read_text(encoding="utf-8"))
    data["current"] = data.get("inputs_sha256") == validation_fingerprint(Path(root) / "data")
    return data


def decisions_log(root: Path = ROOT) -> str:
    """The committed decisions log (Markdown)."""
    return (Path(root) / DECISIONS_DOC).read_text(encoding="utf-8")
