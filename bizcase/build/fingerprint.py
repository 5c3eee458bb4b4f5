"""One fingerprint for every generated file: the data it was made from and the code that made it.

A generated file (the calibration, the validation, the decisions log, a build artefact) depends
on data files and on the package modules its generator imports, directly or through other
modules of the package. :func:`fingerprint` hashes both:

* the data: each file's name and bytes, in name order;
* the code: the transitive closure of package modules that the generator's module imports
  (found by reading the import statements, never by importing), each as its syntax tree
  without docstrings. A comment, a docstring or a blank line changes no generated figure, so it
  changes no fingerprint; a changed operator, constant or name does;
* extra text files the generator reads (the decisions' Dutch texts), by name and bytes.

Labels, not absolute paths, enter the hash, so it is the same on every machine.
"""
from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from pathlib import Path

from bizcase.build.datafiles import data_files

PACKAGE = "bizcase"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
ROOT = PACKAGE_DIR.parent


def module_path(module: str) -> Path:
    """The source file of a package module (``bizcase.core.model`` -> ``bizcase/core/model.py``)."""
    parts = module.split(".")[1:]
    base = PACKAGE_DIR.joinpath(*parts)
    source = base.with_suffix(".py")  # a module beats a folder of the same name (publish/texts.py, texts/)
    return source if source.is_file() else base / "__init__.py"


def _resolve(module: str, node: ast.ImportFrom) -> str:
    """The absolute module name of a ``from ... import`` statement inside ``module``."""
    if not node.level:
        return node.module or ""
    package = module.split(".")
    is_package = module_path(module).name == "__init__.py"
    base = package if is_package else package[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


@lru_cache(maxsize=None)
def imports(module: str) -> tuple[str, ...]:
    """The package modules that ``module`` imports anywhere in its source (sorted)."""
    tree = ast.parse(module_path(module).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            if name == PACKAGE or name.startswith(PACKAGE + "."):
                while name != PACKAGE and not module_path(name).exists():
                    name = name.rsplit(".", 1)[0]  # 'from bizcase.core import model' -> the module itself
                found.add(name)
    found.discard(module)
    return tuple(sorted(found))


def closure(*modules: str) -> tuple[str, ...]:
    """``modules`` and every package module they import, directly or indirectly (sorted)."""
    seen: set = set()
    todo = list(modules)
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        todo.extend(imports(m))
    return tuple(sorted(seen))


class _StripDocstrings(ast.NodeTransformer):
    def _strip(self, node):
        self.generic_visit(node)
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
        return node

    visit_Module = visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _strip


@lru_cache(maxsize=None)
def code_text(module: str) -> str:
    """The module's code as its syntax tree without docstrings: comments, docstrings and layout
    do not enter it."""
    tree = _StripDocstrings().visit(ast.parse(module_path(module).read_text(encoding="utf-8")))
    return ast.dump(tree, annotate_fields=False, include_attributes=False)


def fingerprint(generator: str, data_files=(), texts=(), extra: bytes = b"") -> str:
    """sha256 of what a generated file depends on: ``data_files`` (paths; name and bytes), the
    code of ``generator`` and every package module it imports (docstrings and comments left out),
    ``texts`` (paths of text files the generator reads; name and bytes) and ``extra`` bytes (for
    example a variant's overrides)."""
    h = hashlib.sha256()
    for path in sorted((Path(p) for p in data_files), key=lambda p: p.name):
        h.update(b"data\0" + path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for module in closure(generator):
        h.update(b"code\0" + module.encode() + b"\0" + code_text(module).encode() + b"\0")
    for path in sorted((Path(p) for p in texts), key=lambda p: p.name):
        h.update(b"text\0" + path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(b"extra\0" + extra)
    return h.hexdigest()


def ensemble_fingerprint(data_dir: Path) -> str:
    """What the ensemble depends on: every data file (the calibration included) and the code of
    its generator, :mod:`bizcase.build.ensemble` (read, not imported: it imports emcee and arviz).
    It lives here, not in :mod:`bizcase.build.generated`, so that the generator's own closure holds
    no module of the report's texts: a change of wording never resamples the ensemble."""
    return fingerprint("bizcase.build.ensemble", data_files(Path(data_dir)))
