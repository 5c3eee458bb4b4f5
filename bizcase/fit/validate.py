"""Out-of-sample validation of the calibration: every hold-out, summarised, as CSV and JSON.

The calibration (:mod:`bizcase.fit.calibrate`) fits the register's ``calibrated`` values to the
published cells of par. 6.2 and three claims. That every cell comes out identical in-sample says
little when that many values are fitted to them, so :func:`run` asks two further questions: how
well each cell is predicted when it is left out (:mod:`bizcase.fit.holdouts`: leave-one-out and
blocks), and how well the cells pin the fitted values down (:mod:`bizcase.fit.identifiability`).

Leave-one-out counts linked cells twice: a collaboration cell's partner (the other municipality's
share of the same total) gives it away. The headline figures are therefore the grouped hold-outs
(linked cells out together, whole years out, the S3.0 block), each with the priors it leans on; then
the residual test (is the misfit what rounding alone gives?) and the checks against statements of
the source the fit never saw (:mod:`bizcase.fit.source_checks`).
"""
from __future__ import annotations

import json
from dataclasses import replace
from typing import Callable

import numpy as np
from scipy.special import gammaincc  # scipy.special is loaded at the command line's start anyway; scipy.stats is not

from bizcase.fit import calibrate as calib
from bizcase.fit.holdouts import STAGES, Outcome, all_holdouts, cell_name, first_s3_year, full_fit, run_holdouts
from bizcase.fit.identifiability import (CORRELATION_FLAG, RELATIVE_SE_FLAG, effective_targets, identifiability,
                                         rounded)
from bizcase.fit.source_checks import source_checks
from bizcase.fit.structure import FULL, alternatives, reselect

WITHIN_NARROW_EUR = 25_000  # half a rounding step: the cell would round to the published figure
WITHIN_WIDE_EUR = 50_000  # one rounding step: the goal of the validation
CSV_COLUMNS = ("holdout", "municipality", "scenario", "year", "published_eur", "in_sample_eur",
               "out_of_sample_eur", "difference_eur")


def _eur(v) -> str:
    return f"{float(v):.2f}"


def validation_csv(outcomes) -> str:
    lines = [",".join(CSV_COLUMNS)]
    for o in outcomes:
        for row in o.rows:
            lines.append(",".join([row["holdout"], row["municipality"], row["scenario"], str(row["year"]),
                                   _eur(row["published_eur"]), _eur(row["in_sample_eur"]),
                                   _eur(row["out_of_sample_eur"]), _eur(row["difference_eur"])]))
    return "\n".join(lines) + "\n"


def counts(rows, column: str) -> dict:
    diffs = [abs(r[column] - r["published_eur"]) for r in rows]
    worst = max(range(len(rows)), key=lambda i: diffs[i]) if rows else None
    return {
        "cells": len(rows),
        "within_25000": sum(d <= WITHIN_NARROW_EUR for d in diffs),
        "within_50000": sum(d <= WITHIN_WIDE_EUR for d in diffs),
        "largest_abs_difference_eur": round(max(diffs), 2) if rows else None,
        "largest_cell": cell_name((rows[worst]["municipality"], rows[worst]["scenario"], rows[worst]["year"]))
        if rows else None,
    }


def moved_values(inputs, ids, x0, x, n: int = 3) -> list:
    """The fitted values that moved most in a refit, as a share of their plausible range."""
    lo, hi = calib.bounds(inputs, ids)
    shift = (np.asarray(x) - x0) / (hi - lo)
    order = np.argsort(-np.abs(shift), kind="stable")[:n]
    return [{"id": ids[i], "from": rounded(x0[i], 6), "to": rounded(x[i], 6), "shift_of_range": rounded(shift[i], 3)} for i in order]


GROUPED = {
    "linked": ("linked groups", "the cells that give each other away held out together: both municipalities' cells of "
                                "one collaboration scenario and year (one total split by inhabitants), and S3.0 in its "
                                "first year with S2.0 of that year (equal by construction)"),
    "year": ("whole years", "every cell of one year held out, the claims kept as targets"),
}


def group_rows(inputs, outcomes, kind: str, ids, x0) -> list:
    """One row per hold-out of ``kind``: its held-out cells' out-of-sample counts and the priors it
    leans on (the values no remaining target informs, set to the middle of their plausible range)."""
    out = []
    for o in outcomes:
        if o.holdout.kind != kind:
            continue
        out.append({"holdout": o.holdout.name, "description": o.holdout.description,
                    "out_of_sample": counts(o.rows, "out_of_sample_eur"), "in_sample": counts(o.rows, "in_sample_eur"),
                    "priors_leaned_on": list(o.uninformed), "moved_values": moved_values(inputs, ids, x0, o.values)})
    return out


RECHOSEN = "rechosen"  # the kind of an outcome predicted with the structural decisions chosen again


def grouped(outcomes) -> list:
    """The headline hold-outs' outcomes: linked groups, whole years and the S3.0 block."""
    return [o for o in outcomes if o.holdout.kind in GROUPED or o.holdout.name == "block:s3"]


def rechosen_outcome(r) -> Outcome:
    """A reselection's prediction as an outcome of its own (kind :data:`RECHOSEN`, name ``<hold-out>+rechosen``)."""
    h = replace(r.outcome.holdout, name=r.holdout.name + "+" + RECHOSEN, kind=RECHOSEN)
    return Outcome(h, r.outcome.values, [{**row, "holdout": h.name} for row in r.outcome.rows], r.outcome.uninformed)


def structure_summary(choices, reselections) -> dict:
    """The structural decisions chosen again inside each grouped hold-out: which alternatives each
    took, and its held-out cells predicted with them beside the decisions as taken."""
    full = next(r for r in reselections if r.holdout is FULL)
    rows = [r for r in reselections if r.holdout is not FULL]

    def named(score):
        return {"misses": score.misses, "objective": rounded(score.objective, 6)}

    by_kind = {}
    for r in rows:
        kind = "s3-block" if r.holdout.kind == "block" else r.holdout.kind
        by_kind.setdefault(kind, []).append(r)
    return {
        "description": "every alternative refitted without the held-out cells, per decision the option with the fewest "
                       "misses of the acceptance rule on the kept targets (cells not identical after rounding, claims "
                       "not met), then the smallest stage-1 sum of squares, the decision as taken winning ties; the "
                       "held-out cells predicted by one refit with every option taken",
        "decisions": [{"decision": c.decision, "alternatives": [o.name for o in c.alternatives]} for c in choices],
        "full_fit": {"taken": [o.name for o in full.taken], "as_taken": named(full.as_taken),
                     "alternatives": {o.name: named(s) for o, s in full.scores.items()}},
        "kinds": {kind: {"out_of_sample": counts([row for r in rs for row in r.outcome.rows], "out_of_sample_eur"),
                         "groups_with_an_alternative_taken": sum(bool(r.taken) for r in rs)}
                  for kind, rs in by_kind.items()},
        "groups": [{"holdout": r.holdout.name, "taken": [o.name for o in r.taken], "as_taken": named(r.as_taken),
                    "out_of_sample": counts(r.outcome.rows, "out_of_sample_eur")} for r in rows],
    }


def residual_test(ident: dict) -> dict:
    """Is the best fit's misfit what rounding alone gives? The stage-1 cell residuals are in rounding
    standard deviations (EUR 50,000 / sqrt(12)), so their sum of squares is chi-square distributed on
    cells minus effective parameters degrees of freedom if rounding were the only error."""
    chi2 = float(ident["residual_sum_of_squares"])
    dof = int(ident["cells"]) - int(ident["rank"])
    return {
        "chi_square": rounded(chi2, 6), "degrees_of_freedom": dof,
        "variance_ratio": rounded(chi2 / dof, 6),
        "p_value": rounded(float(gammaincc(dof / 2, chi2 / 2)), 3),
        "rounding_variance_eur2": rounded(calib.SIGMA_EUR ** 2, 6),
        "dof_counted_as": f"{ident['cells']} published cells minus {ident['rank']} effective parameters (the numerical "
                          "rank of the cell Jacobian at the full fit); the three claims hold exactly (zero hinge "
                          "residuals) and are not counted; the values read from the tables by eye are not subtracted "
                          "(subtracting them would lower the degrees of freedom and make the test stricter)",
    }


def summarise(inputs, outcomes, ident: dict, reference=None, choices=(), reselections=()) -> dict:
    """The validation's figures: per hold-out (leave-one-out pooled) the in-sample and out-of-sample
    counts, the values that moved and those no remaining target informs; identifiability; the goal."""
    ids, x0 = full_fit(inputs)
    loo = [r for o in outcomes if o.holdout.kind == "leave-one-out" for r in o.rows]
    holdouts = {}
    if loo:
        holdouts["leave-one-out"] = {
            "description": "each published cell left out in turn (one refit per cell)",
            "refits": sum(o.holdout.kind == "leave-one-out" for o in outcomes),
            "in_sample": counts(loo, "in_sample_eur"), "out_of_sample": counts(loo, "out_of_sample_eur")}
    for o in outcomes:
        if o.holdout.kind != "block":
            continue
        holdouts[o.holdout.name] = {
            "description": o.holdout.description, "claims_targeted": list(o.holdout.claims),
            "in_sample": counts(o.rows, "in_sample_eur"), "out_of_sample": counts(o.rows, "out_of_sample_eur"),
            "moved_values": moved_values(inputs, ids, x0, o.values),
            "uninformed_ids": list(o.uninformed)}
    grouped = {}
    for kind, (label, description) in GROUPED.items():
        rows = group_rows(inputs, outcomes, kind, ids, x0)
        if not rows:
            continue
        cells = [r for o in outcomes if o.holdout.kind == kind for r in o.rows]
        grouped[kind] = {"label": label, "description": description, "refits": len(rows),
                         "out_of_sample": counts(cells, "out_of_sample_eur"), "in_sample": counts(cells, "in_sample_eur"),
                         "groups": rows}
        if kind == "linked" and reference is not None:
            grouped[kind]["s3_equals_s2_year"] = first_s3_year(reference)
    s3 = next((o for o in outcomes if o.holdout.name == "block:s3"), None)
    if s3 is not None:
        grouped["s3-block"] = {"label": "the S3.0 block", "description": s3.holdout.description, "refits": 1,
                               "out_of_sample": counts(s3.rows, "out_of_sample_eur"),
                               "in_sample": counts(s3.rows, "in_sample_eur"),
                               "groups": group_rows(inputs, [s3], "block", ids, x0)}
    eff = effective_targets(ident)
    eff["read_from_tables"] = sorted(k for k, row in inputs.register.items() if row.status == "read_from_tables")
    eff["fitted_values_including_read_from_tables"] = eff["fitted_values"] + len(eff["read_from_tables"])
    goal_loo = bool(loo) and all(abs(r["difference_eur"]) <= WITHIN_WIDE_EUR for r in loo) and len(loo) == ident["cells"]
    goal_s3 = s3 is not None and all(abs(r["difference_eur"]) <= WITHIN_WIDE_EUR for r in s3.rows)
    return {
        "grouped_holdouts": grouped,
        "structure_rechosen": structure_summary(choices, reselections) if reselections else None,
        "residual_test": residual_test(ident),
        "source_checks": source_checks(inputs),
        "holdouts": holdouts,
        "identifiability": ident,
        "effective_targets": eff,
        "goal": {"description": f"every cell within EUR {WITHIN_WIDE_EUR:,} in leave-one-out "
                                f"({ident['cells']}/{ident['cells']}) and the S3.0 block predicted within "
                                f"EUR {WITHIN_WIDE_EUR:,}",
                 "leave_one_out_met": goal_loo, "s3_block_met": goal_s3, "met": goal_loo and goal_s3},
        "settings": {"warm_start": "the values in data/calibrated.csv (the full fit)",
                     "fit": "bizcase.fit.calibrate.fit_from (stage 1 least squares, stage 2 refinement)",
                     "within_narrow_eur": WITHIN_NARROW_EUR, "within_wide_eur": WITHIN_WIDE_EUR,
                     "correlation_flag": CORRELATION_FLAG, "relative_se_flag": RELATIVE_SE_FLAG},
    }


def validation_json(summary: dict) -> str:
    return json.dumps(summary, indent=2, sort_keys=True) + "\n"


def steps(choices=()) -> int:
    """What ``run`` reports to its progress: the refits' stages, those of every structural
    alternative (:mod:`bizcase.fit.structure`), then the identifiability."""
    return STAGES * (1 + len(alternatives(choices))) + 1


STEPS = steps()


def run(inputs, reference, holdouts=None, progress: Callable[[int], object] | None = None,
        choices=()) -> tuple[list, dict]:
    """Every hold-out and the identifiability analysis: (outcomes, summary). With ``choices`` (the
    decisions chosen on the data, :class:`bizcase.fit.choices.Choice`) the grouped hold-outs choose
    them again (:func:`bizcase.fit.structure.reselect`); their predictions are further outcomes of
    kind :data:`RECHOSEN`. ``progress`` is told of each of the :func:`steps` steps done."""
    holdouts = all_holdouts(reference) if holdouts is None else holdouts
    outcomes = run_holdouts(inputs, reference, holdouts, progress)
    reselections = reselect(inputs, reference, grouped(outcomes), choices, progress) if choices else []
    ids, x0 = full_fit(inputs)
    ident = identifiability(inputs, reference, ids, x0)
    if progress is not None:
        progress(1)
    summary = summarise(inputs, outcomes, ident, reference, choices, reselections)
    return outcomes + [rechosen_outcome(r) for r in reselections if r.outcome is not None], summary


def files(outcomes, summary) -> dict:
    return {"validation.csv": validation_csv(outcomes), "validation.json": validation_json(summary)}


def earlier_output(name: str, data: bytes) -> bool:
    """Whether ``data`` is a validation file of that name written earlier (possibly of other inputs):
    validation.csv starts with its header line, validation.json is a JSON object with the inputs'
    fingerprint. The committed docs/validation/ has no record of what bizcase wrote there
    (bizcase.cli.outputs), so ``validate`` recognises its own files by their form."""
    if name == "validation.csv":
        return data.startswith((",".join(CSV_COLUMNS) + "\n").encode())
    if name == "validation.json":
        try:
            content = json.loads(data.decode("utf-8"))
        except ValueError:
            return False
        return isinstance(content, dict) and "inputs_sha256" in content
    return False
