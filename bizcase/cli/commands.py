"""Command line: ``python -m bizcase run | compare | calibrate | sensitivity | validate``."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

from bizcase.fit import compare as cmp
from bizcase.core import metrics
from bizcase.core.errors import InputError
from bizcase.core.inputs import CALIBRATED_FILE, MUNICIPALITIES, SCENARIOS, load_inputs, parse_set_options
from bizcase.core.model import CATEGORIES, evaluate

DEFAULT_OUT = Path("build") / "run"


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default="data", help="folder with the input files (default: data)")
    parser.add_argument("--set", action="append", default=[], metavar="ID=VALUE",
                        help="override one assumption of the register (repeatable)")
    parser.add_argument("--params", metavar="FILE.yml", help="YAML file of id: value overrides (a variant)")


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad command line ends with one line on stderr and exit code 2."""

    def error(self, message):
        self.exit(2, f"bizcase: error: command line: got {message}; expected the options of `{self.prog} --help`\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m bizcase", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the scenarios and write costs.csv, totals.csv and summary.json")
    _common(run)
    run.add_argument("--out", default=str(DEFAULT_OUT), help=f"output folder (default: {DEFAULT_OUT})")
    comp = sub.add_parser("compare", help="published versus reproduced figures; exit 0 only within tolerance")
    _common(comp)
    sens = sub.add_parser("sensitivity", help="tornado, switching values and Monte Carlo; writes montecarlo.parquet (or .csv), "
                                                "tornado.csv, switching_values.csv")
    _common(sens)
    sens.add_argument("--draws", type=int, default=10_000, help="Monte Carlo draws (default 10000)")
    sens.add_argument("--seed", type=int, default=2013, help="seed of the draws (default 2013)")
    sens.add_argument("--distribution", choices=("triangular", "pert"), default="triangular")
    sens.add_argument("--format", choices=("parquet", "csv"), default="parquet",
                      help="per-draw table as montecarlo.parquet (default) or montecarlo.csv (slow for many draws)")
    sens.add_argument("--optimism-bias", type=float, default=None, metavar="UPLIFT",
                      help="uplift on one-off costs in every draw, e.g. 0.2 (Green Book optimism bias)")
    sens.add_argument("--out", default="build/sensitivity", help="output folder (default build/sensitivity)")
    cal = sub.add_parser("calibrate", help="fit the reconstructed parameters and write the calibration report")
    cal.add_argument("--data", default="data", help="folder with the input files (default: data)")
    cal.add_argument("--starts", type=int, default=8, help="number of seeded random starting points (default 8)")
    cal.add_argument("--seed", type=int, default=3, help="seed of the starting points (default 3)")
    cal.add_argument("--check", action="store_true", help="exit 1 if the fitted values differ from the register")
    cal.add_argument("--report", default="docs/calibration.md", help="where to write the calibration report")
    cal.add_argument("--write", action="store_true", help="store the fitted values in the assumptions register")
    val = sub.add_parser("validate", help="leave-one-out and block hold-outs of the calibration, identifiability; "
                                          "writes validation.csv and validation.json")
    val.add_argument("--data", default="data", help="folder with the input files (default: data)")
    val.add_argument("--out", default="build/validation", help="output folder (default build/validation)")
    val.add_argument("--report", dest="validation_report", metavar="FILE.md", default=None,
                     help="also write the Markdown section there (make validate: docs/validation.md)")
    return parser


def load(args) -> object:
    return load_inputs(args.data, parse_set_options(args.set), args.params)


def _fmt_claim(v: float) -> str:
    if np.isnan(v):
        return "none"
    if abs(v) >= 100_000:
        return f"{v:,.0f}"
    return f"{v:g}"


def _fmt_keur(v: float) -> str:
    return f"{v / 1000:,.0f}".replace(",", ".")


def tables(inputs, result) -> tuple[str, str, dict]:
    """costs.csv and totals.csv text and the summary dict of one scalar evaluation."""
    years = [int(y) for y in result.years]
    cost_lines = ["municipality,scenario,year,category,cost_eur"]
    total_lines = ["municipality,scenario,year,cost_eur"]
    for m in MUNICIPALITIES:
        for sc in SCENARIOS:
            series = result.costs[(m, sc)]
            for i, y in enumerate(years):
                for cat in CATEGORIES:
                    cost_lines.append(f"{m},{sc},{y},{cat},{float(series[cat][..., i]):.2f}")
                total_lines.append(f"{m},{sc},{y},{float(result.total(m, sc)[..., i]):.2f}")
    s = metrics.summary(result)

    def plain(v):
        v = float(np.asarray(v))
        return None if np.isnan(v) else (int(v) if v.is_integer() else round(v, 6))

    p = inputs.params
    summary = {
        "break_even_year": {k: plain(v) for k, v in s["break_even_year"].items()},
        "break_even_convention": (
            "first year from which the cumulative difference to the baseline stays at or below 0 through "
            f"{int(result.projection_years[-1])} (break_even_projection_years = {int(p['break_even_projection_years'])} "
            f"after {int(result.years[-1])}); after {int(result.years[-1])} its running difference repeats and "
            "one-off costs fall in their own years (decision D7)"),
        "saving_pct_2013_2018": {k: plain(v) for k, v in s["saving_pct_2013_2018"].items()},
        "investment_eur": {k: plain(v) for k, v in s["investment_eur"].items()},
        "investment_in_period_eur": {k: plain(v) for k, v in s["investment_in_period_eur"].items()},
        "investment_after_period_eur": {k: plain(v) for k, v in s["investment_after_period_eur"].items()},
        "one_off_after_period_eur": {sc: {c: plain(v) for c, v in after.items()} for sc, after in result.oneoff_after.items()},
        "cumulative_difference_eur": {k: plain(v) for k, v in s["cumulative_difference_eur"].items()},
        "allocation_shares": {m: plain(v) for m, v in result.shares.items()},
        "years": years,
        "overrides": {k: plain(v) for k, v in sorted(inputs.overrides.items())},
        "warnings": list(inputs.warnings),
        "data": str(inputs.data_dir),
    }
    return "\n".join(cost_lines) + "\n", "\n".join(total_lines) + "\n", summary


# ---------------------------------------------------------------- safe outputs

PROJECT = Path(__file__).resolve().parents[2]
# Folders of the project that hold inputs: no output is ever written into them.
INPUT_FOLDERS = ("data", "notebooks", "variants", "bizcase")
MAX_SEED = 2**32 - 1
MAX_DRAWS = 10_000_000
MAX_STARTS = 1_000
CALIBRATION_HEADER = "# Calibration report"


def _inside(path: Path, folder: Path) -> bool:
    path, folder = Path(path).resolve(), Path(folder).resolve()
    return path == folder or folder in path.parents


def _protected(path: Path, data: Path | None = None, params: Path | None = None) -> str | None:
    """Why ``path`` must not receive output (None when it may): it is or lies in an input folder."""
    folders = [(PROJECT / name, f"the project's {name}/ folder") for name in INPUT_FOLDERS]
    if data is not None:
        folders.insert(0, (Path(data), "the data folder (--data)"))
    for folder, what in folders:
        if _inside(path, folder):
            return what
    if params is not None and Path(path).resolve() == Path(params).resolve().parent:
        return "the folder of the --params file"
    return None


def check_out(out: Path, data: Path | None = None, params: Path | None = None, option: str = "--out") -> None:
    """Refuse an output folder that is a file, a mount point or a folder holding input files."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(option, "", str(out), "a folder for the output, not an existing file")
    if out.is_dir() and os.path.ismount(out):
        raise InputError(option, "", str(out), "a folder that is not a mount point (use a folder inside it)")
    why = _protected(out, data, params)
    if why:
        raise InputError(option, "", str(out), f"a folder outside {why}: outputs never go among the inputs")
    if (out / "assumptions.csv").exists():
        raise InputError(option, "", str(out), "a folder that holds no input files (it holds assumptions.csv)")


def check_report(report: Path, data: Path | None = None) -> None:
    """``calibrate --report``: a new file, or a calibration report written earlier; never an input."""
    report = Path(report)
    if report.is_dir():
        raise InputError("--report", "", str(report), "a file name for the calibration report, not a folder")
    why = _protected(report, data)
    if why:
        raise InputError("--report", "", str(report), f"a file outside {why}: calibrate never overwrites inputs")
    if report.exists():
        try:
            head = report.read_bytes()[:len(CALIBRATION_HEADER.encode())]
        except OSError as exc:
            raise InputError("--report", "", str(report), f"a file we can read and write ({exc.strerror})") from None
        if head != CALIBRATION_HEADER.encode():
            raise InputError("--report", "", str(report), "a new file or an earlier calibration report "
                             f"(starting with '{CALIBRATION_HEADER}'); calibrate overwrites nothing else")
    check_out(report.parent if str(report.parent) else Path("."), data, option="--report")


def _check_int(option: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise InputError(option, "", value, f"a whole number from {low} to {high}")


def check_args(args) -> None:
    """Every check of the command line that can be made before anything is read or written."""
    data = Path(getattr(args, "data", "data"))
    params = Path(args.params) if getattr(args, "params", None) else None
    if getattr(args, "seed", None) is not None:
        _check_int("--seed", args.seed, 0, MAX_SEED)
    if getattr(args, "draws", None) is not None:
        _check_int("--draws", args.draws, 1, MAX_DRAWS)
    if getattr(args, "starts", None) is not None:
        _check_int("--starts", args.starts, 1, MAX_STARTS)
    if getattr(args, "out", None) is not None:
        check_out(Path(args.out), data, params)
    if getattr(args, "report", None) is not None:
        check_report(Path(args.report), data)


def _new_folders(out: Path) -> list[Path]:
    """The folders ``out.mkdir(parents=True)`` is about to create, deepest first."""
    new = []
    for folder in [out, *out.parents]:
        if folder.exists():
            break
        new.append(folder)
    return new


def write_outputs(out: Path, files: dict) -> None:
    """Write ``files`` into the folder ``out``: all of them or, on any error, none.

    The files are written to a temporary folder inside ``out`` (created if needed) and moved
    into place with os.replace, which never crosses devices. On an error the files moved so far
    are put back as they were, and the temporary folder and the folders created are removed.
    Any OSError becomes an InputError naming the path.
    """
    out = Path(out)
    check_out(out)
    created = _new_folders(out)
    moved = []  # (target, backup or None)
    tmp = None
    current = out
    try:
        out.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".bizcase-tmp-", dir=out))
        for name, text in files.items():
            current = out / name
            if isinstance(text, bytes):
                (tmp / name).write_bytes(text)
            else:
                (tmp / name).write_text(text, encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        for name in files:
            current = out / name
            os.chmod(tmp / name, 0o666 & ~umask)
            backup = None
            if current.exists():
                backup = tmp / f".old-{name}"
                os.replace(current, backup)
            moved.append((current, backup))
            os.replace(tmp / name, current)
    except OSError as exc:
        for target, backup in reversed(moved):
            try:
                if backup is not None:
                    os.replace(backup, target)
                elif target.exists():
                    target.unlink()
            except OSError:
                pass
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
            tmp = None
        for folder in created:
            try:
                folder.rmdir()
            except OSError:
                break
        path = exc.filename or current
        raise InputError(str(path), "", exc.strerror or type(exc).__name__,
                         "a folder we can write to (permissions, free space)") from None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def print_table(result, summary: dict) -> None:
    years = [int(y) for y in result.years]
    print("ICT costs, EUR x 1000 (" + str(years[-1]) + " extrapolated)")
    print(f"{'':16}{'':10}" + "".join(f"{y:>9}" for y in years))
    for m in MUNICIPALITIES:
        for sc in SCENARIOS:
            row = result.total(m, sc)
            print(f"{m:16}{sc:10}" + "".join(f"{_fmt_keur(row[..., i]):>9}" for i in range(len(years))))
    for sc in ("s2", "s3"):
        be = summary["break_even_year"][sc]
        after = summary["investment_after_period_eur"][sc]
        print(f"{sc}: break-even {be if be is not None else 'none'}, saving {summary['saving_pct_2013_2018'][sc]:.2f}% "
              f"of the baseline {years[0]}-{years[-1]}, investment EUR {summary['investment_eur'][sc]:,.0f}"
              + (f" (EUR {after:,.0f} of it after {years[-1]})" if after else ""))
    later = {sc: sum(v.values()) for sc, v in summary["one_off_after_period_eur"].items()}
    for sc, amount in later.items():
        if amount:
            print(f"{sc}: one-off costs of EUR {amount:,.0f} fall after {years[-1]} (not in the totals above; "
                  "counted in the break-even projection)")
    for warning in summary["warnings"]:
        print(f"bizcase: warning: {warning}", file=sys.stderr)


def cmd_run(args) -> int:
    inputs = load(args)
    result = evaluate(inputs)
    costs, totals, summary = tables(inputs, result)
    write_outputs(Path(args.out), {
        "costs.csv": costs, "totals.csv": totals,
        "summary.json": json.dumps(summary, indent=2, sort_keys=True) + "\n",
    })
    print_table(result, summary)
    print(f"written: {Path(args.out) / 'costs.csv'}, totals.csv, summary.json")
    return 0


def cmd_compare(args) -> int:
    from bizcase.fit.reference import load_reference

    inputs = load(args)
    reference = load_reference(args.data)
    result = evaluate(inputs)
    cells = cmp.cells(reference, result)
    claims = cmp.claims(inputs, reference, result)
    print("Published versus reproduced, EUR x 1000 (report par. 6.2, rounded to EUR 50,000)")
    print(f"{'municipality':16}{'scenario':10}{'year':>6}{'published':>11}{'reproduced':>12}{'unrounded':>11}{'diff':>9}  status")
    for c in cells:
        status = "identical" if c.identical else ("within" if c.within_tolerance else "OUTSIDE")
        print(f"{c.municipality:16}{c.scenario:10}{c.year:>6}{c.published_eur / 1000:>11,.0f}{c.rounded_eur / 1000:>12,.0f}"
              f"{c.reproduced_eur / 1000:>11,.1f}{c.difference_eur / 1000:>+9.1f}  {status}")
    identical = sum(c.identical for c in cells)
    within = sum(c.within_tolerance for c in cells)
    print(f"cells identical after rounding: {identical}/{len(cells)}; within EUR {cmp.TOLERANCE_EUR:,}: {within}/{len(cells)}")
    print()
    print(f"{'claim':38}{'published':>12}{'reproduced':>13}  met  convention")
    for c in claims:
        print(f"{c.id:38}{_fmt_claim(c.published):>12}{_fmt_claim(c.reproduced):>13}  {'yes' if c.ok else 'NO '}  "
              f"[{c.kind}] {c.convention}")
    ok = cmp.passes(cells, claims)
    print("result: " + ("PASS" if ok else "FAIL") + f" (needs every cell within EUR {cmp.TOLERANCE_EUR:,}, "
          f"at least {cmp.MIN_IDENTICAL} identical, every claim met)")
    return 0 if ok else 1


def cmd_calibrate(args) -> int:
    from bizcase.fit import calibrate as calib  # scipy is imported only when calibrating
    from bizcase.fit.reference import load_reference

    inputs = load_inputs(args.data)
    reference = load_reference(args.data)
    fit = calib.fit(inputs, reference, starts=args.starts, seed=args.seed)
    values = calib.rounded(inputs, fit.ids, fit.values)
    fit = calib.assess(inputs, reference, fit.ids, values, fit.start)
    print(f"{len(fit.ids)} calibrated values; cells identical {fit.identical}/32, largest difference "
          f"EUR {fit.max_abs_difference_eur:,.0f}, claims {'met' if fit.claims_ok else 'NOT met'}")
    changed = {k: v for k, v in zip(fit.ids, values) if v != inputs.params[k]}
    for k, v in changed.items():
        print(f"  {k}: {CALIBRATED_FILE} {inputs.params[k]:g} -> fitted {v:g}")
    digest = calib.inputs_hash(args.data)
    stale = calib.stored_hash(args.data) != digest
    if args.check:
        if changed or stale:
            print(f"data/{CALIBRATED_FILE} does not hold the calibration of the current inputs: run `make calibrate`")
            return 1
        return 0
    inputs_fitted = load_inputs(args.data, {k: float(v) for k, v in zip(fit.ids, values)}) if changed else inputs
    report = Path(args.report)
    write_outputs(report.parent, {report.name: calib.report(inputs_fitted, reference, fit)})
    print(f"written: {report}")
    if args.write and (changed or stale):
        from bizcase.build.steps.steps import atomic_write

        target = Path(args.data) / CALIBRATED_FILE  # the one generated file inside data/
        atomic_write(target, calib.calibrated_file_text(fit.ids, values, digest).encode("utf-8"), generated_input=True)
        print(f"written: {target} ({len(changed)} values changed)")
    return 0


def _num(v) -> str:
    v = float(v)
    return "" if np.isnan(v) else f"{v:.10g}"


def draws_table(ids: list, draws: dict, out: dict):
    """The per-draw table (one row per draw: the drawn values and the outcomes) as columns."""
    columns = {"draw": np.arange(len(next(iter(out.values()))))}
    columns.update({k: np.asarray(draws[k], float) for k in ids})
    for k, v in out.items():
        name = f"{k}_eur" if k.startswith(("cumulative", "npv")) else k
        columns[name] = np.asarray(v, float) if v.dtype != bool else np.asarray(v, bool)
    return columns


def _arrow(values: np.ndarray):
    """One column as an Arrow array, built from its buffer: ``pyarrow.array`` would first import
    pandas to look for pandas types (about 0.2 s, a tenth of the 100,000-draw budget)."""
    import pyarrow as pa

    values = np.ascontiguousarray(values)
    if values.dtype == bool:
        return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(np.packbits(values, bitorder="little"))])
    kind = {np.dtype("float64"): pa.float64(), np.dtype("int64"): pa.int64()}[values.dtype]
    return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(values)])


def draws_parquet(columns: dict) -> bytes:
    """The per-draw table as Parquet (pyarrow; fixed writer settings, so the same draws give the same bytes)."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    table = pa.table({name: _arrow(values) for name, values in columns.items()})
    pq.write_table(table, buf, compression="zstd", use_dictionary=False, write_statistics=False)
    return buf.getvalue()


def draws_csv(columns: dict) -> str:
    """The per-draw table as CSV text (slow for many draws: use Parquet, the default)."""
    names = list(columns)
    cols = [columns[k] for k in names]
    lines = [",".join(names)]
    for i in range(len(cols[0])):
        lines.append(",".join([str(int(cols[0][i]))] + [_num(c[i]) for c in cols[1:]]))
    return "\n".join(lines) + "\n"


def sensitivity_files(inputs, draws_n: int, seed: int, distribution: str, optimism_bias, fmt: str = "parquet") -> dict:
    """The per-draw table (Parquet or CSV), tornado.csv, switching_values.csv and the summary JSON."""
    from bizcase.analysis import sensitivity as sa
    from bizcase.analysis.analyses import _plain

    ids = sa.uncertain_ids(inputs)
    draws, out = sa.monte_carlo(inputs, draws_n, seed, distribution, optimism_bias)
    columns = draws_table(ids, draws, out)
    per_draw = {"montecarlo.parquet": draws_parquet(columns)} if fmt == "parquet" else {"montecarlo.csv": draws_csv(columns)}

    tor = ["id,low,high," + ",".join(f"{o}_{side}" for o in sa.OUTCOMES for side in ("at_low", "at_high"))]
    for row in sa.tornado(inputs, ids):
        tor.append(",".join([row.id, _num(row.low), _num(row.high)] +
                            [_num(getattr(row, f"at_{side}")[o]) for o in sa.OUTCOMES for side in ("low", "high")]))
    sw = ["id,conclusion,value,low,high,switching_value,result"]
    for x in sa.switching_values(inputs, ids):
        result = "no switch within the plausible range" if np.isnan(x.switching_value) else "switches"
        sw.append(",".join([x.id, x.conclusion, _num(x.value), _num(x.low), _num(x.high), _num(x.switching_value), result]))
    summary = sa.summarise(out)
    summary["settings"] = {"draws": draws_n, "seed": seed, "distribution": distribution,
                           "optimism_bias": optimism_bias, "uncertain_ids": ids, "format": fmt}
    return {**per_draw, "tornado.csv": "\n".join(tor) + "\n",
            "switching_values.csv": "\n".join(sw) + "\n",
            "montecarlo_summary.json": json.dumps(_plain(summary), indent=2, sort_keys=True) + "\n"}


def cmd_sensitivity(args) -> int:
    if args.draws < 1:
        raise InputError("--draws", "", args.draws, "a whole number of at least 1")
    if args.optimism_bias is not None and not (0 <= args.optimism_bias <= 10):
        raise InputError("--optimism-bias", "", args.optimism_bias, "an uplift between 0 and 10 (e.g. 0.2)")
    inputs = load(args)
    files = sensitivity_files(inputs, args.draws, args.seed, args.distribution, args.optimism_bias, args.format)
    write_outputs(Path(args.out), files)
    summary = json.loads(files["montecarlo_summary.json"])
    for sc in ("s2", "s3"):
        p = summary[sc]["p_cheaper"]
        chances = ", ".join(f"{y} {v:.0%}" for y, v in p.items())
        median = summary[sc]["break_even_median"]
        print(f"{sc}: P(cheaper than baseline, cumulative) by {chances}; median break-even "
              f"{'none' if median is None or median != median else f'{median:.0f}'}")
    print(f"written: {Path(args.out)}/montecarlo.{args.format}, tornado.csv, switching_values.csv, montecarlo_summary.json")
    return 0


def cmd_validate(args) -> int:
    import time

    from bizcase.fit import validate as val  # scipy is imported only when validating
    from bizcase.fit.reference import load_reference

    report = Path(args.validation_report) if args.validation_report else None
    if report is not None:  # a new file or an earlier validation section; never an input
        if report.is_dir():
            raise InputError("--report", "", str(report), "a file name for the validation section, not a folder")
        if report.exists() and not report.read_bytes().startswith(val.VALIDATION_HEADER.encode()):
            raise InputError("--report", "", str(report), "a new file or an earlier validation section (starting "
                             f"with '{val.VALIDATION_HEADER}'); validate overwrites nothing else")
        check_out(report.parent if str(report.parent) else Path("."), Path(args.data), option="--report")
    start = time.perf_counter()
    inputs = load_inputs(args.data)
    reference = load_reference(args.data)
    outcomes, summary = val.run(inputs, reference)
    from bizcase.publish.decisions import input_hash

    summary["inputs_sha256"] = input_hash()  # the report shows it only while it is current
    write_outputs(Path(args.out), val.files(outcomes, summary))
    if report is not None:
        write_outputs(report.parent, {report.name: val.report_markdown(inputs, outcomes, summary)})
    for name, h in summary["holdouts"].items():
        o = h["out_of_sample"]
        print(f"{name}: {o['cells']} cells; out of sample within EUR 25,000 {o['within_25000']}, within EUR 50,000 "
              f"{o['within_50000']}; largest difference EUR {o['largest_abs_difference_eur']:,.0f} ({o['largest_cell']})")
    eff = summary["effective_targets"]
    ident = summary["identifiability"]
    print(f"identifiability: rank {ident['rank']} of {ident['fitted_values']}; flagged "
          f"{', '.join(ident['flagged_ids']) or 'none'}; effective targets {eff['effective_targets']} for "
          f"{eff['fitted_values']} fitted values")
    print(f"goal {'met' if summary['goal']['met'] else 'NOT met'}; {time.perf_counter() - start:.0f} s")
    print(f"written: {Path(args.out) / 'validation.csv'}, validation.json" + (f", {report}" if report else ""))
    return 0


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        check_args(args)
        return {"run": cmd_run, "compare": cmd_compare, "calibrate": cmd_calibrate,
                "sensitivity": cmd_sensitivity, "validate": cmd_validate}[args.command](args)
    except InputError as exc:
        print(f"bizcase: error: {exc.message}", file=sys.stderr)
        return 2
