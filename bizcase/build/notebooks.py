"""Executed notebooks as stable bytes: what changes between identical runs is dropped.

Both the chapter kernels (:mod:`bizcase.build.kernels`, which write the executed notebooks) and the
HTML assembly (:mod:`bizcase.build.html`, which reads them) use these; this module imports nothing
heavy, so the HTML step does not load papermill.
"""
from __future__ import annotations

import copy
import json


def normalise(nb: dict) -> dict:
    """Drop what changes between identical runs: timings, papermill records, random ids."""
    nb = copy.deepcopy(nb)
    nb["metadata"].pop("papermill", None)
    nb["metadata"].pop("widgets", None)
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"cell-{i:03d}"
        meta = cell.get("metadata", {})
        meta.pop("papermill", None)
        meta.pop("execution", None)
        if "tags" in meta and not meta["tags"]:
            meta.pop("tags")
        if cell["cell_type"] == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)
    return nb


def dumps(nb: dict) -> bytes:
    return (json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
