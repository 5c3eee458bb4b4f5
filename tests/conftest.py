import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bizcase.core.inputs import load_inputs

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def inputs():
    return load_inputs(DATA)


@pytest.fixture()
def data_copy(tmp_path):
    """A private copy of data/ that a test may break."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst


# The files that take longest (full report builds, refits, every chapter for the edge variants,
# the LibreOffice recomputation) are handed out first, so that `make test`'s two workers (xdist,
# one file at a time each) end together instead of one waiting for a long file picked up last.
LONGEST_FIRST = ("test_reproducible.py", "test_validate.py", "test_edge_variants.py", "test_calibrate.py",
                 "test_report.py", "test_outputs_and_variants.py", "test_artefacts.py", "test_workbook_model.py")


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest keep their order


def system_tool(names: tuple, package: str, skip_reason: str) -> str:
    """The path of the first of ``names`` on PATH; else, as root with apt-get, install Debian's
    ``package`` and look again; else skip the test with ``skip_reason`` (which names the command)."""
    found = next(filter(None, map(shutil.which, names)), None)
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update"], check=False, capture_output=True, env=env)
        subprocess.run(["apt-get", "install", "-y", package], check=False, capture_output=True, env=env)
        found = next(filter(None, map(shutil.which, names)), None)
        if found:
            return found
    pytest.skip(skip_reason)
