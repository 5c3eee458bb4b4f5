"""Write environment.yml from requirements.lock (conda users get the same pins through pip).

Usage: python scripts/sync_environment.py [--check]
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def render() -> str:
    pins = [line.strip() for line in (ROOT / "requirements.lock").read_text().splitlines()
            if line.strip() and not line.startswith("#")]
    lines = [
        "# Generated from requirements.lock by scripts/sync_environment.py; do not edit by hand.",
        "# conda env create -f environment.yml && conda activate bizcase && pip install --no-deps -e .",
        "name: bizcase",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
    ] + [f"      - {pin}" for pin in pins]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    target = ROOT / "environment.yml"
    if "--check" in sys.argv:
        sys.exit(0 if target.read_text() == render() else "environment.yml is out of step with requirements.lock")
    target.write_text(render())
