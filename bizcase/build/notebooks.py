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
            cell["outputs"] = _coalesce_streams(cell.get("outputs", []))
            for out in cell["outputs"]:
                out.get("metadata", {}).pop("execution", None)
    return nb


def _text(text) -> str:
    return "".join(text) if isinstance(text, list) else text


def _coalesce_streams(outputs: list) -> list:
    """One output per run of printing to the same stream: how the kernel chunks a cell's printing
    depends on timing (under load one ``print`` can arrive as two messages), the text does not."""
    merged: list = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (out.get("output_type") == "stream" and prev is not None and prev.get("output_type") == "stream"
                and prev.get("name") == out.get("name")):
            prev["text"] = _text(prev["text"]) + _text(out["text"])
        else:
            merged.append(out)
    for out in merged:
        if out.get("output_type") == "stream":
            out["text"] = _text(out["text"]).splitlines(keepends=True)
    return merged


def dumps(nb: dict) -> bytes:
    return (json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
