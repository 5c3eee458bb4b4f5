"""``bizcase calibrate``, ``bizcase validate`` and ``bizcase decisions``: the fit and its documents.

``calibrate`` refits the calibrated values from seeded starts and, with ``--write``, stores them in
the generated ``data/calibrated.csv`` (never the hand-written register); ``--check`` only reports.
``validate`` runs every hold-out and writes the validation files; ``decisions`` writes the
decisions log. Each generated file carries the fingerprint of what it was made from
(:mod:`bizcase.build.generated`).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from bizcase.build import generated, regenerate
from bizcase.cli.outputs import check_out, write_outputs
from bizcase.cli.progress import bar
from bizcase.core.errors import InputError
from bizcase.core.inputs import load_inputs
from bizcase.core.rows import CALIBRATED_FILE
from bizcase.fit import validate
from bizcase.publish.docs import CALIBRATION_HEADER, VALIDATION_HEADER


def cmd_calibrate(args) -> int:
    data = Path(args.data)
    inputs = load_inputs(data)
    with bar(args.starts, "calibration", "starts") as progress:
        fit, values, report = regenerate.calibration(data, starts=args.starts, seed=args.seed, progress=progress)
    print(f"{len(fit.ids)} calibrated values; cells identical {fit.identical}, largest difference "
          f"EUR {fit.max_abs_difference_eur:,.0f}, claims {'met' if fit.claims_ok else 'NOT met'}")
    changed = {k: v for k, v in values.items() if v != inputs.values[k]}
    for k, v in changed.items():
        print(f"  {k}: {CALIBRATED_FILE} {inputs.values[k]:g} -> fitted {v:g}")
    stale = generated.stored_calibration(data) != generated.calibration_fingerprint(data)
    if args.check:
        if changed or stale:
            print(f"{data / CALIBRATED_FILE} does not hold the calibration of the current inputs: run `make calibrate`")
            return 1
        return 0
    out = Path(args.report)
    write_outputs(out.parent, {out.name: report}, owned=lambda _, data: data.startswith(CALIBRATION_HEADER.encode()),
                  keep_record=False, option="--report")
    print(f"written: {out}")
    if args.write and (changed or stale):
        target = regenerate.write_calibration(data, values)
        print(f"written: {target} ({len(changed)} values changed)")
    return 0


def check_validation_report(report: Path, data: Path) -> None:
    """``validate --report``: a new file or an earlier validation section; never an input."""
    if report.is_dir():
        raise InputError("--report", "", str(report), "a file name for the validation section, not a folder")
    if report.exists() and not report.read_bytes().startswith(VALIDATION_HEADER.encode()):
        raise InputError("--report", "", str(report), "a new file or an earlier validation section (starting "
                         f"with '{VALIDATION_HEADER}'); validate overwrites nothing else")
    check_out(report.parent if str(report.parent) else Path("."), data, option="--report")


def cmd_validate(args) -> int:
    report = Path(args.validation_report) if args.validation_report else None
    if report is not None:
        check_validation_report(report, Path(args.data))
    start = time.perf_counter()
    choices = () if args.fixed_structure else generated.structural_choices()
    with bar(validate.steps(choices), "validation", "steps") as progress:
        files, markdown, summary = regenerate.validation_files(Path(args.data), progress=progress, choices=choices)
    write_outputs(Path(args.out), files, owned=validate.earlier_output)
    if report is not None:
        write_outputs(report.parent, {report.name: markdown}, keep_record=False, option="--report",
                      owned=lambda _, data: data.startswith(VALIDATION_HEADER.encode()))
    for name, h in summary["holdouts"].items():
        o = h["out_of_sample"]
        print(f"{name}: {o['cells']} cells; out of sample within EUR 25,000 {o['within_25000']}, within EUR 50,000 "
              f"{o['within_50000']}; largest difference EUR {o['largest_abs_difference_eur']:,.0f} ({o['largest_cell']})")
    eff, ident = summary["effective_targets"], summary["identifiability"]
    print(f"identifiability: rank {ident['rank']} of {ident['fitted_values']}; flagged "
          f"{', '.join(ident['flagged_ids']) or 'none'}; effective targets {eff['effective_targets']} for "
          f"{eff['fitted_values']} fitted values")
    print(f"goal {'met' if summary['goal']['met'] else 'NOT met'}; {time.perf_counter() - start:.0f} s")
    print(f"written: {Path(args.out) / 'validation.csv'}, validation.json" + (f", {report}" if report else ""))
    return 0


def cmd_decisions(args) -> int:
    """Write docs/decisions.md (``--check``: exit 1 when its fingerprint is not current)."""
    if args.check:
        if generated.stored_decisions() != generated.decisions_fingerprint():
            print(f"{generated.DECISIONS_DOC} is out of date: run `make decisions`", file=sys.stderr)
            return 1
        print(f"{generated.DECISIONS_DOC} is current")
        return 0
    regenerate.regenerate_decisions()
    print(f"written: {generated.DECISIONS_DOC}")
    return 0
