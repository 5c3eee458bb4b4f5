"""Set-up files stay in step."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_mirrors_the_lock():
    proc = subprocess.run([sys.executable, "scripts/sync_environment.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_every_dependency_is_pinned():
    for lock in ("requirements.lock", "requirements-lab.lock"):
        for line in (ROOT / lock).read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\],]+==[0-9A-Za-z.+\-]+", line.strip()), (lock, line)


def test_lab_lock_keeps_the_report_pins():
    # JupyterLab lives in its own .venv-lab; it must not change what the report runs with.
    main = dict(l.split("==") for l in (ROOT / "requirements.lock").read_text().split())
    lab = dict(l.split("==") for l in (ROOT / "requirements-lab.lock").read_text().split())
    assert {k: lab.get(k) for k in main} == main


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme
    assert ci.strip().splitlines()[-1] == "make test"


def test_make_help_lists_every_target():
    text = (ROOT / "Makefile").read_text()
    targets = re.findall(r"^([a-z][a-z-]*):", text, flags=re.M)
    documented = re.findall(r"^([a-z][a-z-]*):.*## ", text, flags=re.M)
    assert set(targets) == set(documented)


def test_openpyxl_keeps_its_own_writer_although_lxml_is_installed():
    """lxml is in the .venv (pikepdf's); openpyxl must still write with its own writer (bizcase/__init__.py)."""
    code = ("import importlib.util, bizcase, openpyxl.xml; "
            "print(importlib.util.find_spec('lxml') is not None, openpyxl.xml.LXML)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "False"]
