"""Two full builds into separate folders give byte-identical reports and notebooks."""
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(target: Path) -> dict:
    counter = target.parent / f"{target.name}-analyses.count"
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    env["BIZCASE_COUNT_ANALYSES"] = str(counter)
    proc = subprocess.run(["make", "--no-print-directory", "report", f"OUT={target}/reports", f"BUILD={target}/build"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # the model run, the sensitivity analyses and the Monte Carlo each ran once for the whole build:
    # the chapters, the summary and the workbook read the artefacts
    assert sorted(counter.read_text().splitlines()) == ["model", "montecarlo", "sensitivity"]
    return {str(p.relative_to(target)): p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    a = build(tmp_path / "a")
    b = build(tmp_path / "b")
    expected = {"reports/bizcase.html", "reports/bizcase-audit.html", "reports/bizcase.pdf", "reports/bizcase.xlsx"}
    assert expected <= set(a)
    assert sum(name.endswith(".ipynb") for name in a) == len(list((ROOT / "notebooks").glob("*.ipynb")))
    assert set(a) == set(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == []
