"""The package's shape: layers, module size, imports at the top, ids never built from f-strings,
notebooks that only call and present (issue 19)."""
import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "bizcase"
MODULES = sorted(PACKAGE.rglob("*.py"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAX_MODULE_LINES = 450
MAX_NOTEBOOK_CODE_LINES = 450
# Third-party libraries heavy enough to import only where needed, with a comment saying so.
LAZY_ALLOWED = {"pyarrow", "weasyprint"}


def notebook_code(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]


def test_the_import_contracts_hold():
    """core <- analysis <- fit <- publish <- build <- cli, and no cycle between sibling modules
    (import-linter counts every import, inside functions too)."""
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_is_small_and_says_what_it_does(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{path.name}: {len(text.splitlines())} lines"
    doc = ast.get_docstring(ast.parse(text))
    assert doc and doc.strip(), f"{path} opens without a docstring saying its job"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_import_hidden_in_a_function(path):
    """Imports stand at the top of a module; the only exception is a commented lazy import of a
    heavy optional library (:data:`LAZY_ALLOWED`)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in inner.names] if isinstance(inner, ast.Import) else [inner.module or ""]
                top = {n.split(".")[0] for n in names}
                line = lines[inner.lineno - 1]
                assert top <= LAZY_ALLOWED and "# lazy import:" in line, \
                    f"{path.relative_to(ROOT)}:{inner.lineno}: import inside {node.name}(): {line.strip()}"


def _built_id(key) -> bool:
    """An f-string that builds an id from pieces ('fte_baseline_{key}', '{sc}_diff'): one of its
    literal parts joins words with an underscore. A cell address ('A{row}') is not an id."""
    return isinstance(key, ast.JoinedStr) and any(
        isinstance(part, ast.Constant) and re.search(r"[a-z]_|_[a-z]", str(part.value)) for part in key.values)


def _fstring_keys(tree) -> list:
    """Lookups (subscripts read, or .get() calls) whose key is an id built by an f-string: a value
    looked up by an id no reader can search for (writing a table's column under a built name is
    not a lookup)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _built_id(node.slice) and isinstance(node.ctx, ast.Load):
            found.append(node.lineno)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                and node.args and _built_id(node.args[0])):
            found.append(node.lineno)
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_lookup_by_an_f_string_key(path):
    assert not _fstring_keys(ast.parse(path.read_text(encoding="utf-8"))), path


def test_notebooks_only_call_and_present():
    """Under MAX_NOTEBOOK_CODE_LINES lines of code in all, and in them no arithmetic, no loop, no
    comprehension and no key built from an f-string: the package computes, the notebook shows."""
    total = 0
    for nb in NOTEBOOKS:
        for code in notebook_code(nb):
            total += len(code.splitlines())
            tree = ast.parse(code)
            for node in ast.walk(tree):
                assert not isinstance(node, (ast.BinOp, ast.For, ast.While, ast.ListComp, ast.DictComp,
                                             ast.SetComp, ast.GeneratorExp, ast.If)), \
                    f"{nb.name}: {type(node).__name__} in\n{code}"
            assert not _fstring_keys(tree), nb.name
    assert total < MAX_NOTEBOOK_CODE_LINES, total


@pytest.mark.parametrize("folder", ["bizcase", "data", "docs", "notebooks", "tests", "scripts", "variants", "bench"])
def test_every_top_level_folder_says_what_lives_there(folder):
    readme = ROOT / folder / "README.md"
    assert readme.is_file() and len(readme.read_text(encoding="utf-8").strip()) > 40, folder
