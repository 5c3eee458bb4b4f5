"""Issue 21: the data are the files the package reads; any other file in data/ changes nothing."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bizcase.build import artefacts, generated
from bizcase.build.datafiles import DATA_FILES, REFERENCE_FILES
from bizcase.core.errors import InputError
from bizcase.core.inputs import load_inputs
from bizcase.core.rows import FILES
from bizcase.fit.reference import load_reference

ROOT = Path(__file__).resolve().parents[1]

# Names that broke the old `$(wildcard data/*.csv)`: split at spaces or newlines ('No rule to make
# target data/assumptions'), read as a static pattern rule (':'), given the pattern's stem ('%'), or
# read by the recipes' shell (';' ran the rest as a command, '$' expanded, quotes and '(' a syntax
# error); and names that never did but might.
HOSTILE = ["assumptions - Kopie.csv", "a:b.csv", "50%.csv", "a;b.csv", "a$b.csv", "a$(b).csv", "a'b.csv",
           'a"b.csv', "a(b.csv", "new\nline.csv", "#x.csv", "*.csv", "a=b.csv", "aannames-é.csv", "-x.csv"]


def add_hostile_files(data: Path) -> None:
    for name in HOSTILE:
        shutil.copy2(data / "fte.csv", data / name)
    (data / "x.csv").symlink_to(data / "nowhere.csv")  # a link to nothing


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_listed_data_file_is_read(data_copy, name):
    # the list is what the loader and the reference read: without the file, one of them refuses
    (data_copy / name).unlink()
    with pytest.raises(InputError, match=name):
        load_inputs(data_copy) if name in {f for f, _, _ in FILES.values()} else load_reference(data_copy)
    assert (name in REFERENCE_FILES) != (name in {f for f, _, _ in FILES.values()})


def test_a_stray_file_changes_no_fingerprint(data_copy):
    before = (generated.calibration_fingerprint(data_copy), generated.validation_fingerprint(data_copy),
              generated.decisions_fingerprint(data_copy), artefacts.fingerprint(load_inputs(data_copy)))
    add_hostile_files(data_copy)
    (data_copy / "assumptions - Kopie.csv").write_text("id,value\nnot,read\n", encoding="utf-8")
    after = (generated.calibration_fingerprint(data_copy), generated.validation_fingerprint(data_copy),
             generated.decisions_fingerprint(data_copy), artefacts.fingerprint(load_inputs(data_copy)))
    assert after == before
    (data_copy / "fte.csv").write_bytes((data_copy / "fte.csv").read_bytes() + b"\n")  # a data file does change them
    assert all(a != b for a, b in zip(before, (generated.calibration_fingerprint(data_copy),
                                               generated.validation_fingerprint(data_copy),
                                               generated.decisions_fingerprint(data_copy))))
