"""A chapter notebook's entry point: its parameters, the build's artefacts, its :class:`Chapter`.

Every chapter notebook starts with ``ch = chapter.open(globals(), "6")``: the notebook's
parameters (injected by papermill) are validated like ``--set``, the model run and the analyses are
read from the build's artefacts (checked to belong to these inputs) or computed in place, and the
generated documents are read on first use.
"""
from __future__ import annotations

import types

from bizcase.build import artefacts, generated
from bizcase.core.errors import InputError
from bizcase.core.inputs import load_inputs
from bizcase.publish.chapter import Chapter, Documents

# Names a notebook's parameters cell may hold besides assumption ids.
RESERVED = {"data_dir", "variant", "In", "Out", "exit", "quit", "get_ipython"}


def injected_parameters(namespace: dict) -> dict:
    """The assumption overrides in a notebook's namespace (put there by papermill).

    Every name that is not reserved, private, a module or a function is an override and is
    validated like ``--set`` (so ``True``, ``None`` or a list is refused, never ignored)."""
    out = {}
    for name, value in namespace.items():
        if name.startswith("_") or name in RESERVED:
            continue
        if isinstance(value, (types.ModuleType, type)) or callable(value):
            continue
        out[name] = value
    return out


def open(namespace: dict, number: str) -> Chapter:  # noqa: A001  (chapter.open reads as it should)
    """The chapter ``number`` of the variant the notebook's parameters describe. A bad parameter or
    an artefact of other inputs ends the chapter with one line (never figures of other inputs)."""
    data_dir = namespace.get("data_dir", "../data")
    try:
        inputs = load_inputs(data_dir, overrides=injected_parameters(namespace), origin="notebook parameter")
        result = artefacts.model(inputs)
    except InputError as exc:
        raise SystemExit(f"bizcase: error: {exc.message}") from None
    return Chapter(number=number, variant=str(namespace.get("variant", "standaard")), inputs=inputs, result=result,
                   analyses=artefacts.analyses(inputs),
                   documents=Documents(validation=generated.validation_summary, decisions_log=generated.decisions_log))
