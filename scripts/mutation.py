"""Mutation testing of the calculation modules: ``make mutation`` (docs/mutation.md).

Runs mutmut (configured in setup.cfg: the modules, the fast tests) from a fresh ``mutants/``
with at most two worker processes, then writes docs/mutation.md: the score (killed / total)
per module, the run time, and every mutant that was not killed with its diff and the reason
it may stay (equivalent or accepted). Reasons are kept from the previous docs/mutation.md,
matched by function and change, so that renumbered mutants keep theirs; a survivor without
one is marked ``TODO`` and the command fails.

Run with the Python of ``.venv-mutation`` (mutmut is not in the report's .venv).
"""
from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the calculation modules and the figure layer (paths under bizcase/, as in setup.cfg's only_mutate)
MODULES = ("core/capital", "core/params", "core/timing", "core/renewal", "core/model", "core/metrics", "core/allocation",
           "analysis/sensitivity", "analysis/montecarlo", "publish/figures")
DOC = ROOT / "docs" / "mutation.md"
LOG = ROOT / "build" / "mutation" / "mutmut.log"
WORKERS = 2
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped", 36: "timeout",
          37: "caught by type check", -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout",
          None: "not checked"}
REASONS_HEADING = "## Mutants that survive, and why"


def status(code) -> str:
    return STATUS.get(code, "suspicious")


def run_mutmut() -> float:
    """Run mutmut from a clean mutants/ folder; return the wall-clock time in seconds."""
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    LOG.parent.mkdir(parents=True, exist_ok=True)
    mutmut = Path(sys.executable).with_name("mutmut")
    start = time.monotonic()
    with LOG.open("w") as log:
        code = subprocess.call([str(mutmut), "run", "--max-children", str(WORKERS)], cwd=ROOT, stdout=log,
                               stderr=subprocess.STDOUT)
    elapsed = time.monotonic() - start
    if code != 0 or not any((ROOT / "mutants" / "bizcase" / f"{m}.py.meta").exists() for m in MODULES):
        tail = LOG.read_text(errors="replace")[-2000:]
        sys.exit(f"mutmut failed (exit {code}); the end of {LOG.relative_to(ROOT)}:\n{tail}")
    return elapsed


def verdicts() -> dict:
    """module -> {mutant name: status}."""
    out = {}
    for m in MODULES:
        meta = json.loads((ROOT / "mutants" / "bizcase" / f"{m}.py.meta").read_text())
        out[m] = {k: status(v) for k, v in meta["exit_code_by_key"].items()}
    return out


def diff(name: str, module: str) -> str:
    """The changed lines of a mutant (``-`` original, ``+`` mutant)."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        text = get_diff_for_mutant(name, path=Path("bizcase") / f"{module}.py")
    finally:
        os.chdir(cwd)
    lines = [line for line in text.splitlines()[2:] if line[:1] in "+-"]
    return "\n".join(lines)


def function_of(name: str) -> str:
    """``bizcase.core.model.x_baseline__mutmut_12`` -> ``core.model.baseline``."""
    rest = name.removeprefix("bizcase.")
    module = max((m.replace("/", ".") for m in MODULES if rest.startswith(m.replace("/", ".") + ".")), key=len)
    func = re.sub(r"__mutmut_\d+$", "", rest[len(module) + 1:])
    func = func[2:] if func.startswith("x_") else func
    return f"{module}.{func.replace('ǁ', '.')}"


# Classes of mutants whose reason does not depend on where they sit.
DTYPE_REASON = ("Equivalent: only the dtype argument of a NumPy conversion changes (float to None or left out). "
                "Every value reaching it is a float already, or an int whose arithmetic here gives the same floats "
                "(no integer division, no in-place assignment into the converted array).")
MESSAGE_REASON = ("Accepted: changes only the text of an error message (the error is still raised, of the same "
                  "class); the tests pin the messages users see at the command line, not these internal ones.")


def _strip_dtype(line: str) -> str:
    return re.sub(r",\s*(dtype=)?(float|None)?\s*(?=[)\]])", "", line[1:]).replace(" ", "")


def generic_reason(change: str):
    """The reason for a mutant of a known class, else None."""
    lines = change.splitlines()
    old = [line for line in lines if line.startswith("-")]
    new = [line for line in lines if line.startswith("+")]
    if len(old) == len(new) == 1:
        if _strip_dtype(old[0]) == _strip_dtype(new[0]):
            return DTYPE_REASON
        a, b = old[0][1:].strip(), new[0][1:].strip()
        if a.startswith("raise ") and b.startswith("raise ") and a.split("(")[0] == b.split("(")[0]:
            return MESSAGE_REASON
    return None


def key(function: str, change: str) -> str:
    return function + "\n" + " ".join(change.split())


def old_reasons() -> dict:
    """Reasons from the previous docs/mutation.md, keyed by function and change (and by the
    function's last two name parts, for a function that moved to another module)."""
    if not DOC.exists():
        return {}
    text = DOC.read_text()
    if REASONS_HEADING not in text:
        return {}
    out = {}
    for block in text.split(REASONS_HEADING, 1)[1].split("\n### ")[1:]:
        head, _, body = block.partition("\n")
        function = head.split(" (", 1)[0].strip("` ")
        change = re.search(r"```diff\n(.*?)\n```", body, re.S)
        reason = re.search(r"\*\*Reason\.\*\* (.*?)(?:\n\n|\Z)", body, re.S)
        if change and reason and not reason.group(1).startswith("TODO"):  # a missing reason is not carried over
            out[key(function, change.group(1))] = " ".join(reason.group(1).split())
            out.setdefault(key(function.rsplit(".", 1)[-1], change.group(1)), " ".join(reason.group(1).split()))
    return out


def write(elapsed: float, result: dict) -> list[str]:
    reasons = old_reasons()
    rows, survivors, missing = [], [], []
    totals = Counter()
    for m, names in result.items():
        c = Counter(names.values())
        total = len(names)
        killed = c["killed"] + c["timeout"] + c["caught by type check"]
        totals.update({"killed": killed, "total": total})
        rows.append(f"| `bizcase/{m}.py` | {killed} | {total} | {100 * killed / total:.1f} % | "
                    + ", ".join(f"{s} {n}" for s, n in sorted(c.items()) if s not in ("killed",)) + " |")
        for name, s in sorted(names.items(), key=lambda kv: int(kv[0].rsplit("_", 1)[1])):
            if s in ("killed", "timeout", "caught by type check"):
                continue
            change = diff(name, m)
            function = function_of(name)
            reason = (generic_reason(change) or reasons.get(key(function, change))
                      or reasons.get(key(function.rsplit(".", 1)[-1], change)))
            if reason is None:
                missing.append(name)
                reason = "TODO: say why this mutant cannot change an output, or why it is accepted."
            survivors.append((function, name, s, change, reason))
    score = 100 * totals["killed"] / totals["total"]
    minutes, seconds = divmod(round(elapsed), 60)
    git = ["git", "-C", str(ROOT)]
    commit = os.environ.get("MUTATION_COMMIT") or subprocess.run(
        [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = not os.environ.get("MUTATION_COMMIT") and subprocess.run(
        [*git, "status", "--porcelain", "--", "bizcase", "tests"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Mutation testing",
        "",
        "`make mutation` runs [mutmut](https://github.com/boxed/mutmut) (pinned in `requirements-mutation.lock`,",
        "installed only into `.venv-mutation`) over the calculation modules and the figure layer",
        "(`bizcase/publish/figures.py`), with the fast tests only (no nbval,",
        "no notebook, report or calibration rebuilds; the selection is in `setup.cfg`, section `[mutmut]`) and at",
        "most two worker processes. Each mutant is one small change to the code (an operator, a number, a",
        "comparison, an argument); a mutant is *killed* when at least one test fails. It is not part of",
        "`make test`. This file is written by `scripts/mutation.py`; the reasons below are kept from run to run",
        "(matched by function and change).",
        "",
        "Most mutants are killed by the hand-worked tests (`tests/test_handworked.py`,",
        "`tests/test_handworked_sensitivity.py`): scenario figures of a tiny synthetic data set with round",
        "numbers (`tests/handworked_data.py`), each expected figure derived by hand in the test's docstring.",
        "mutmut runs, for each mutant, only the tests that reached the mutated function when it recorded",
        "coverage; a result computed once in a module- or session-scoped fixture is credited to the first",
        "test that used it only, so those tests evaluate the model per test.",
        "",
        f"Last run: {date.today().isoformat()}, commit {commit}{' plus uncommitted changes' if dirty else ''}, "
        f"Python {platform.python_version()}, {WORKERS} workers: **{minutes} min {seconds:02d} s**.",
        "",
        "| module | killed | mutants | score | not killed |",
        "|---|---:|---:|---:|---|",
        *rows,
        f"| **all** | **{totals['killed']}** | **{totals['total']}** | **{score:.1f} %** | |",
        "",
        "Timeouts count as killed (the mutant made a test hang: a change no one would miss).",
        "",
        REASONS_HEADING,
        "",
        "*Equivalent*: the mutant cannot change any output of the model (same values for every valid input).",
        "*Accepted*: it can change something, but only outside what the model promises (an input the",
        "validation refuses, a message text, a performance path), so no test pins it down.",
        "",
    ]
    for function, name, s, change, reason in survivors:
        lines += [f"### `{function}` ({name.rsplit('.', 1)[1]}, {s})", "", "```diff", change, "```", "",
                  f"**Reason.** {reason}", ""]
    DOC.write_text("\n".join(lines))
    return missing


def main() -> None:
    elapsed = float(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[1] == "--report-only" else run_mutmut()
    missing = write(elapsed, verdicts())
    print(f"wrote {DOC.relative_to(ROOT)}")
    if missing:
        sys.exit(f"{len(missing)} surviving mutant(s) without a reason in {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
