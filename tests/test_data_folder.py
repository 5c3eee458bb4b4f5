"""Issue 21: the make graph works with any file name in data/.

The build's data are the files the package reads (``bizcase.build.datafiles.DATA_FILES``,
written out in the Makefile): no name listed from the folder reaches make or the shell, so a stray
copy, a name make cannot hold as a prerequisite or a link to nothing is no input and changes
nothing. A data file of the list that is missing is named by the check in one line, never by make's
'No rule to make target'. The make runs are real, in a copy of the project.
"""
from __future__ import annotations

import os
import shutil
import subprocess
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


def make_env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    # -o: never rebuild the (linked) .venv from a test
    return subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed", *args], cwd=project,
                          env=make_env(), capture_output=True, text=True)


@pytest.fixture()
def project(tmp_path) -> Path:
    """A copy of the project that a test may fill with hostile names (the .venv linked, not copied);
    its steps import the copy's package, so they read the copy's data/."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy2(ROOT / name, copy / name)
    for name in ("bizcase", "data", "notebooks", "docs"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def add_hostile_files(data: Path) -> None:
    for name in HOSTILE:
        shutil.copy2(data / "fte.csv", data / name)
    (data / "x.csv").symlink_to(data / "nowhere.csv")  # a link to nothing


def test_the_makefile_lists_the_data_files_the_package_reads():
    proc = subprocess.run(["make", "-s", "--no-print-directory", "--eval", "print-data-files: ; @echo $(DATA_FILES)",
                           "print-data-files"], cwd=ROOT, env=make_env(), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == list(DATA_FILES)
    assert all((ROOT / "data" / name).is_file() for name in DATA_FILES)


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_listed_data_file_is_read(data_copy, name):
    # the list is what the loader and the reference read: without the file, one of them refuses
    (data_copy / name).unlink()
    with pytest.raises(InputError, match=name):
        load_inputs(data_copy) if name in {f for f, _, _ in FILES.values()} else load_reference(data_copy)
    assert (name in REFERENCE_FILES) != (name in {f for f, _, _ in FILES.values()})


def test_any_file_name_in_data_leaves_the_make_graph_working(project):
    data = project / "data"
    add_hostile_files(data)
    stamp = "build/report/standaard/.params-ok"
    first = make(project, stamp)  # the build's first step, the check, through make
    assert first.returncode == 0 and first.stderr == "", first.stderr
    assert (project / stamp).is_file()
    assert make(project, "params-current").returncode == 0
    # the whole report's graph, recipes printed, not run: every step, none missing
    dry = make(project, "-n", "report")
    assert dry.returncode == 0 and "No rule" not in dry.stderr and dry.stderr == "", dry.stderr
    assert "editions reports/bizcase.pdf" in dry.stdout
    # one real step: the model run reads the data and fingerprints them, the stray files left out
    model = make(project, "build/report/standaard/model.json")
    assert model.returncode == 0 and model.stderr == "", model.stderr
    # a stray file is no input: a new one, or a changed one, rebuilds nothing; a data file does
    shutil.copy2(data / "assumptions.csv", data / "assumptions - Kopie (2).csv")
    (data / "a;b.csv").write_text("changed\n", encoding="utf-8")
    assert make(project, "params-current").returncode == 0
    assert make(project, "--question", "build/report/standaard/model.json").returncode == 0
    os.utime(data / "fte.csv")
    assert make(project, "params-current").returncode != 0
    assert make(project, "--question", "build/report/standaard/model.json").returncode != 0


@pytest.mark.parametrize("broken", ["missing", "dangling link"])
@pytest.mark.parametrize("name", ["fte.csv", "published_claims.csv"])
def test_a_missing_data_file_is_named_in_one_line_not_by_make(project, name, broken):
    data = project / "data"
    add_hostile_files(data)
    assert make(project, "build/report/standaard/.params-ok").returncode == 0  # checked once, then broken
    (data / name).unlink()
    if broken == "dangling link":
        (data / name).symlink_to(data / "nowhere.csv")
    for goal in ("report", "reports/bizcase.pdf"):  # through the check, and straight at a file
        proc = make(project, goal)
        assert proc.returncode == 2, proc.stdout + proc.stderr
        errors = [line for line in proc.stderr.splitlines() if not line.startswith("make")]
        assert errors == [f"bizcase: error: {data / name}: got 'no such file'; expected an existing CSV file"
                          + (" (the package reads it)" if name.startswith("published") else "")], proc.stderr
        assert "No rule to make target" not in proc.stderr


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
