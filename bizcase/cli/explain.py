"""``bizcase explain [NAME] [--json]``: the lineage of the report's figures.

Without NAME: every figure with its value and Dutch definition. With NAME: that figure's
definition, the function that computes it, its value and the register ids it depends on, most
influential first, each with value, unit, source, status and decisions. ``--json`` prints a list of
objects (``figure``, ``value``, ``definition``, ``function``, ``unit``, ``measured_on``,
``inputs``: objects with ``id`` and ``elasticity``, and the rest of what the register says).
``--set`` and ``--params`` work as in ``run``: the lineage of a variant.
"""
from __future__ import annotations

import difflib
import json
import math
from dataclasses import asdict

from bizcase.core.errors import InputError
from bizcase.publish import formatting as fmt
from bizcase.publish.decisions.catalogue import numbers_by_id
from bizcase.publish.provenance import provenance, value_text

SHOWN = 10  # inputs printed per figure (``--json`` gives them all)


def _number(x):
    """JSON has no NaN: a break-even year that does not fall within the horizon is null."""
    return None if isinstance(x, float) and not math.isfinite(x) else x


def as_json(p) -> dict:
    inputs = [{k: _number(v) for k, v in asdict(s).items()} for s in p.sources]
    return {"figure": p.name, "value": _number(p.value), "unit": p.unit, "definition": p.definition,
            "function": p.function, "measured_on": p.measured_on, "inputs": inputs}


def cmd_explain(args, inputs) -> int:
    figures = provenance(inputs, numbers_by_id(inputs))
    if args.name:
        chosen = [p for p in figures if p.name == args.name]
        if not chosen:
            close = difflib.get_close_matches(args.name, [p.name for p in figures], n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise InputError("explain", "NAME", args.name,
                             f"a figure's name as `bizcase explain` lists it, e.g. break_even/s2{hint}")
        figures = chosen
    if args.json:
        print(json.dumps([as_json(p) for p in figures], indent=2, ensure_ascii=False))
        return 0
    if not args.name:
        for p in figures:
            print(f"{p.name}\t{value_text(p.unit, p.value)}\t{p.definition}")
        return 0
    p = figures[0]
    print(f"{p.name}: {value_text(p.unit, p.value)}")
    print(p.definition)
    print(f"computed by {p.function}" + (f"; its changes measured on {p.measured_on}" if p.measured_on else ""))
    print(f"depends on {len(p.sources)} register ids; the {min(SHOWN, len(p.sources))} that move it most "
          "(elasticity: % change of the figure per % change of the input; whole-number inputs and inputs at 0: "
          "the change for one step):")
    for s in p.sources[:SHOWN]:
        effect = (f"elasticity {s.elasticity:+.3g}" if s.elasticity is not None
                  else f"a step of {fmt.value_text(s.unit, s.step)} changes it by {s.change:+,.6g}")
        print(f"  {s.id} ({s.label}) = {fmt.value_text(s.unit, s.value)}; {effect}; {s.status}; "
              f"source: {s.source}" + (f"; {', '.join(s.decisions)}" if s.decisions else ""))
    return 0
