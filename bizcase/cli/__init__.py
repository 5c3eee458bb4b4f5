"""The command line: ``bizcase run | compare | sensitivity | explain | calibrate | validate | decisions``
(also ``python -m bizcase ...``).

Every command checks its options before it reads or writes anything; bad input ends with one line
naming the file, the field, the value and what was expected, exit code 2, no traceback. Ctrl-C ends
with one line and exit code 130; the files are then as they were (:mod:`bizcase.cli.outputs`
writes all or nothing). Numbers on the command line are read by the same reader as in every other
channel (:func:`bizcase.core.numbers.parse_number`).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bizcase import __version__
from bizcase.cli import explain, fit, run, sensitivity
from bizcase.cli.outputs import check_out, check_report
from bizcase.core.channels import parse_set_options
from bizcase.core.errors import InputError, escape
from bizcase.core.inputs import load_inputs
from bizcase.core.numbers import parse_number

DEFAULT_OUT = Path("build") / "run"
MAX_SEED = 2**32 - 1
MAX_DRAWS = 10_000_000
MAX_STARTS = 1_000


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad command line ends with one line on stderr and exit code 2."""

    def error(self, message):
        self.exit(2, f"bizcase: error: command line: got {escape(message)}; expected the options of "
                     f"`{self.prog} --help`\n")


def _whole(text: str) -> int:
    """A whole number on the command line, read like a number in every other channel."""
    value = parse_number(text)  # ValueError: argparse reports the option and the value
    if value != int(value):
        raise ValueError(text)
    return int(value)


def _number(text: str) -> float:
    return parse_number(text)


_whole.__name__ = "whole number"  # argparse names the type in its message: "invalid whole number value"
_number.__name__ = "number"




def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default="data", help="folder with the input files (default: data)")
    parser.add_argument("--set", action="append", default=[], metavar="ID=VALUE",
                        help="override one settable id: a register id, term_applications_<organisation> or "
                             "harmonised_share_<year> (repeatable)")
    parser.add_argument("--params", metavar="FILE.yml", help="YAML file of id: value overrides (a variant)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="bizcase", description="The business case ICT-samenwerking Haarlem-Haarlemmermeer (2013), "
                     "rebuilt: run the model, compare it with the published figures, analyse its uncertainty, "
                     "refit and validate it. `make report` builds the report itself.",
                     epilog="Bad input ends with one line and exit code 2; Ctrl-C with one line and exit code 130.")
    parser.add_argument("--version", action="version", version=f"bizcase {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p_run = sub.add_parser("run", help="run the scenarios and write costs.csv, totals.csv and summary.json")
    _common(p_run)
    p_run.add_argument("--out", default=str(DEFAULT_OUT), help=f"output folder (default: {DEFAULT_OUT})")
    comp = sub.add_parser("compare", help="published versus reproduced figures; exit 0 only within tolerance")
    _common(comp)
    sens = sub.add_parser("sensitivity", help="tornado, switching values and Monte Carlo; writes montecarlo.parquet "
                                              "(or .csv), tornado.csv, switching_values.csv")
    _common(sens)
    sens.add_argument("--draws", type=_whole, default=10_000, help=f"Monte Carlo draws, 1 to {MAX_DRAWS:,} (default 10000)")
    sens.add_argument("--seed", type=_whole, default=2013, help="seed of the draws (default 2013)")
    sens.add_argument("--distribution", choices=("triangular", "pert"), default="triangular",
                      help="shape of each assumption's distribution over its range, peaked at the run's value "
                           "(default triangular)")
    sens.add_argument("--format", choices=("parquet", "csv"), default="parquet",
                      help="per-draw table as montecarlo.parquet (default) or montecarlo.csv (slow for many draws)")
    sens.add_argument("--optimism-bias", type=_number, default=None, metavar="UPLIFT",
                      help="uplift on one-off costs in every draw, e.g. 0.2")
    sens.add_argument("--out", default="build/sensitivity", help="output folder (default build/sensitivity)")
    cal = sub.add_parser("calibrate", help="fit the reconstructed values and write the calibration report")
    cal.add_argument("--data", default="data", help="folder with the input files (default: data)")
    cal.add_argument("--starts", type=_whole, default=8, help="number of seeded random starting points (default 8)")
    cal.add_argument("--seed", type=_whole, default=3, help="seed of the starting points (default 3)")
    cal.add_argument("--check", action="store_true", help="exit 1 if the fitted values or their fingerprint differ")
    cal.add_argument("--report", default="docs/calibration.md", help="where to write the calibration report")
    cal.add_argument("--write", action="store_true", help="store the fitted values in data/calibrated.csv")
    val = sub.add_parser("validate", help="leave-one-out and block hold-outs of the calibration, identifiability; "
                                          "writes validation.csv and validation.json")
    val.add_argument("--data", default="data", help="folder with the input files (default: data)")
    val.add_argument("--out", default="build/validation", help="output folder (default build/validation)")
    val.add_argument("--report", dest="validation_report", metavar="FILE.md", default=None,
                     help="also write the Markdown section there (make validate: docs/validation.md)")
    val.add_argument("--fixed-structure", action="store_true",
                     help="keep the decisions chosen on the data as taken in every hold-out instead of choosing "
                          "them again (about a minute faster; its files are not current for docs/validation/)")
    exp = sub.add_parser("explain", help="the lineage of a figure of the report: its definition, value and the inputs "
                                         "it depends on (without NAME: every figure)")
    _common(exp)
    exp.add_argument("name", nargs="?", metavar="NAME", help="a figure's name as `bizcase explain` lists it, "
                                                            "e.g. break_even/s2 or total/s3/Haarlem/2015")
    exp.add_argument("--json", action="store_true", help="print a JSON list of objects (figure, value, inputs, ...)")
    dec = sub.add_parser("decisions", help="write the decisions log docs/decisions.md (Dutch, every figure computed)")
    dec.add_argument("--check", action="store_true", help="exit 1 when docs/decisions.md is not current")
    return parser


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


def load(args):
    """The validated inputs of the command: the data, the ``--params`` file, then ``--set``."""
    return load_inputs(args.data, parse_set_options(args.set), args.params)


COMMANDS = {
    "run": lambda args: run.cmd_run(args, load(args)),
    "compare": lambda args: run.cmd_compare(args, load(args)),
    "sensitivity": lambda args: sensitivity.cmd_sensitivity(args, load(args)),
    "explain": lambda args: explain.cmd_explain(args, load(args)),
    "calibrate": fit.cmd_calibrate,
    "validate": fit.cmd_validate,
    "decisions": fit.cmd_decisions,
}


INTERRUPTED = 130  # the shell's code for a command ended by Ctrl-C (128 + SIGINT)


def main(argv=None) -> int:
    try:
        args = build_parser().parse_args(argv)
        check_args(args)
        return COMMANDS[args.command](args)
    except InputError as exc:
        print(f"bizcase: error: {exc.message}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader stopped reading (`bizcase explain | head`): end quietly, as a Unix tool does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("bizcase: interrupted (Ctrl-C); every output file is as it was or completely written", file=sys.stderr)
        return INTERRUPTED
