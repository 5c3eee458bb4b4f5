"""docs/coverage.md: every part of the original report points at a heading that exists in a notebook."""
import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COVERAGE = ROOT / "docs" / "coverage.md"
KINDS = ("tekst", "berekende tabel", "berekende figuur", "in woorden beschreven", "tabel in tekst")


def rows(text: str) -> list[dict]:
    """The rows of the first Markdown table in ``text`` as dicts keyed by the header."""
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith("|")]
    header = [h.strip() for h in lines[0].strip("|").split("|")]
    return [dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")))) for line in lines[2:]]


def _md_strings(source: str) -> list[str]:
    """The string arguments of rp.md(...) calls in a code cell (f-strings included)."""
    out = []
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return out
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "md" and node.args:
            arg = node.args[0]
            parts = arg.values if isinstance(arg, ast.JoinedStr) else [arg]
            out.append("".join(p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str)))
    return out


def headings(notebook: Path) -> set[str]:
    """Heading texts in the notebook's Markdown cells and in the rp.md(...) prose of its code cells."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    found = set()
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        texts = [source] if cell["cell_type"] == "markdown" else _md_strings(source)
        for text in texts:
            for m in re.finditer(r"^\s*#{1,6}\s+(.+?)\s*$", text, flags=re.M):
                found.add(m.group(1).strip())
    return found


def problems(table: list[dict], notebooks_dir: Path) -> list[str]:
    out, cache = [], {}
    for i, row in enumerate(table, 1):
        name, heading, kind = row.get("Notebook", ""), row.get("Kop", ""), row.get("Dekking", "")
        if not name or not heading:
            out.append(f"row {i} ({row.get('Onderdeel')}): no covering notebook or heading")
            continue
        path = notebooks_dir / name
        if not path.exists():
            out.append(f"row {i}: notebook {name} does not exist")
            continue
        if name not in cache:
            cache[name] = headings(path)
        if heading not in cache[name]:
            out.append(f"row {i}: heading '{heading}' not found in {name}")
        if not any(k in kind for k in KINDS):
            out.append(f"row {i}: unknown kind of coverage '{kind}'")
    return out


TABLE = rows(COVERAGE.read_text(encoding="utf-8"))


def test_every_row_points_at_an_existing_heading():
    assert problems(TABLE, ROOT / "notebooks") == []


def test_the_table_covers_every_chapter_and_appendix():
    parts = " ".join(r["Onderdeel"] for r in TABLE if r["Bron"] == "Rapport")
    for ch in range(1, 9):
        assert re.search(rf"(^|\s){ch}(\.\d)?\s", " " + parts), f"chapter {ch} missing"
    for part in ("Samenvatting", "Bijlage 1", "Bijlage 2"):
        assert part in parts
    assert {r["Bron"] for r in TABLE} >= {"Raadsvoorstel", "Brief", "Rapport"}


def test_the_check_can_fail(tmp_path):
    nb = {"cells": [{"cell_type": "markdown", "source": ["# 1 Echt\n"]},
                    {"cell_type": "code", "source": ["rp.md(f\"\"\"\n## 1.1 Ook echt {x}\n\"\"\")\n# 1.2 Commentaar"]}]}
    (tmp_path / "x.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    good = [{"Onderdeel": "a", "Notebook": "x.ipynb", "Kop": "1 Echt", "Dekking": "tekst"},
            {"Onderdeel": "b", "Notebook": "x.ipynb", "Kop": "1.1 Ook echt", "Dekking": "tekst"}]
    assert problems(good, tmp_path) == []
    bad = [{"Onderdeel": "c", "Notebook": "x.ipynb", "Kop": "1.2 Commentaar", "Dekking": "tekst"},
           {"Onderdeel": "d", "Notebook": "", "Kop": "", "Dekking": "tekst"},
           {"Onderdeel": "e", "Notebook": "y.ipynb", "Kop": "1 Echt", "Dekking": "tekst"}]
    assert len(problems(bad, tmp_path)) == 3
