"""The build artefacts of one variant: the model run, the sensitivity analysis, the Monte Carlo.

Each is computed once per build, by its own make target (``python -m bizcase.build <kind> OUT``,
writing ``build/report/<variant>/<kind>.json``), and read by every consumer: the chapters, the
summary and the workbooks. The build hands the files to the chapter kernels through the
environment (:data:`ENV`), so the executed notebooks carry no path of the machine.

* ``model.json``: the evaluated model (:class:`bizcase.core.model.Result`, every series in EUR per
  year, exactly as evaluated: floats round-trip through JSON unchanged);
* ``sensitivity.json`` and ``montecarlo.json``: :mod:`bizcase.analysis.content`.

Every artefact records the :func:`fingerprint` of what it was computed from (the data, the
variant's overrides and the code, :mod:`bizcase.build.fingerprint`). A reader refuses an artefact
of other inputs (a stale file, another variant's file) with one line, rather than reporting
figures of other assumptions. Without an artefact (a chapter run on its own, nbval, the test
suite) the reader computes the same content in place.

``BIZCASE_COUNT_ANALYSES=<file>`` makes every computation append its kind to that file, so a test
can count the evaluations of one build.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
from pathlib import Path

import numpy as np

from bizcase.analysis import content
from bizcase.build.datafiles import data_files
from bizcase.build.files import atomic_write, check_target, step
from bizcase.build.fingerprint import fingerprint as code_fingerprint
from bizcase.build.variants import options, step_inputs
from bizcase.core.errors import InputError
from bizcase.core.model import Result, evaluate

VERSION = 2
KINDS = ("model", "sensitivity", "montecarlo")
# The environment variable through which the build passes each artefact to a chapter's kernel.
ENV = {"model": "BIZCASE_MODEL", "sensitivity": "BIZCASE_SENSITIVITY", "montecarlo": "BIZCASE_MONTECARLO"}
COUNT_ENV = "BIZCASE_COUNT_ANALYSES"


def fingerprint(inputs) -> str:
    """What an artefact's content depends on: the data files the package reads (make's data
    prerequisites, no other file in data/), the code that computes it (this module and everything it
    imports) and the variant's overrides (canonical JSON)."""
    overrides = {k: float(v) if isinstance(v, (int, float, np.number)) and not isinstance(v, bool) else str(v)
                 for k, v in inputs.overrides.items()}
    return code_fingerprint("bizcase.build.artefacts", data_files(inputs.data_dir),
                            extra=json.dumps(overrides, sort_keys=True).encode())


def count(kind: str) -> None:
    """Record one computation of ``kind`` (only when a test asked for it, see the module doc)."""
    counter = os.environ.get(COUNT_ENV)
    if counter:
        with open(counter, "a", encoding="utf-8") as fh:
            fh.write(kind + "\n")


def dumps(data: dict) -> bytes:
    """The artefact's bytes. Keys keep the order in which the model made them: a sum over a dict's
    values (the categories of a scenario) must add in the same order as in the model itself, or
    the last bits of a float differ from an in-place evaluation (and a chart's pixels with them)."""
    return (json.dumps(data, indent=1, allow_nan=False) + "\n").encode("utf-8")


# ---------------------------------------------------------------- the model run

def _exact(value):
    """JSON-ready for an exact round trip (:func:`_numeric` is its inverse): arrays as lists,
    NumPy numbers as Python numbers, dicts in their order. Unlike the analyses' content
    (:func:`bizcase.analysis.content.plain`, NaN as None), a NaN is not mapped: the model has none,
    and :func:`dumps` refuses one rather than store a value it could not give back."""
    if isinstance(value, dict):
        return {str(k): _exact(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _numeric(value):
    """The inverse of :func:`_exact`: lists back to arrays, numbers back to NumPy numbers."""
    if isinstance(value, dict):
        return {k: _numeric(v) for k, v in value.items()}
    if isinstance(value, list):
        return np.array(value)
    if isinstance(value, int):
        return np.int64(value)
    return np.float64(value)


def model_content(result: Result) -> dict:
    """The evaluated model as plain data (the content of model.json, besides its header)."""
    return {f.name: _exact(getattr(result, f.name)) for f in dataclasses.fields(result)}


def model_result(data: dict) -> Result:
    """A :class:`bizcase.core.model.Result` back from :func:`model_content`."""
    return Result(**{f.name: _numeric(data[f.name]) for f in dataclasses.fields(Result)})


def compute(kind: str, inputs) -> dict:
    """The content of the artefact ``kind`` for ``inputs`` (computed now, and counted)."""
    count(kind)
    if kind == "model":
        return model_content(evaluate(inputs))
    return content.compute_sensitivity(inputs) if kind == "sensitivity" else content.compute_montecarlo(inputs)


def build(kind: str, inputs) -> bytes:
    """The bytes of the artefact ``kind``: header (kind, version, fingerprint) and content."""
    return dumps({"kind": kind, "version": VERSION, "fingerprint": fingerprint(inputs),
                  "content": compute(kind, inputs)})


def read(kind: str, inputs, path=None) -> dict:
    """The content of the artefact ``kind`` for ``inputs``: from ``path`` (or the file its
    environment variable names) when there is one, else computed here.

    An artefact of another kind, version or fingerprint is refused (InputError): its figures
    belong to other inputs or another model."""
    path = path or os.environ.get(ENV[kind])
    if not path:
        return compute(kind, inputs)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(path), "", type(exc).__name__, f"the build's {kind} artefact (make report)") from None
    if not isinstance(data, dict) or data.get("kind") != kind or data.get("version") != VERSION:
        raise InputError(str(path), "kind", str(data.get("kind") if isinstance(data, dict) else data),
                         f"a {kind} artefact of version {VERSION} (make report)")
    if data.get("fingerprint") != fingerprint(inputs):
        raise InputError(str(path), "fingerprint", str(data.get("fingerprint"))[:12],
                         f"the {kind} artefact of these inputs (it was computed from other inputs: make report)")
    return data["content"]


def model(inputs, path=None) -> Result:
    """The evaluated model of ``inputs``: the build's model.json when there is one."""
    return model_result(read("model", inputs, path))


def analyses(inputs, files: dict | None = None) -> content.Analyses:
    """The uncertainty analyses of ``inputs``, each part read on first use: the build's artefact
    (``files``: kind -> path, or the environment) when there is one, else computed in place."""
    files = files or {}
    return content.Analyses(lambda: read("sensitivity", inputs, files.get("sensitivity")),
                            lambda: read("montecarlo", inputs, files.get("montecarlo")))


def main(argv=None) -> int:
    """``python -m bizcase.build.artefacts KIND OUT [--params FILE.yml] [--variant NAME]``."""
    parser = argparse.ArgumentParser(prog="python -m bizcase.build.artefacts",
                                     description="compute one build artefact of a variant once")
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("out")
    options(parser)
    args = parser.parse_args(argv)

    def run(_):
        check_target(Path(args.out))
        atomic_write(Path(args.out), build(args.kind, step_inputs(args)))

    return step(run)


if __name__ == "__main__":
    raise SystemExit(main())
