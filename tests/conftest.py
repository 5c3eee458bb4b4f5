import shutil
import sys
from pathlib import Path

import pytest

from bizcase.inputs import load_inputs

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
