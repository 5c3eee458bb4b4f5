"""The report: committed notebooks, determinism, self-contained HTML, PDF, parameters."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bizcase.build import chapter, editions, html, kernels, pdf
from bizcase.publish import formatting as fmt
from bizcase.publish import labels
from bizcase.publish.blocks import ConsistencyError, Table, V, check_totals

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_is_a_notebook_per_chapter():
    names = [p.stem for p in NOTEBOOKS]
    for part in ("samenvatting", "inleiding", "opzet", "baseline", "samenwerking", "resultaten", "conclusies",
                 "verantwoording", "begrippen"):
        assert any(part in n for n in names), part


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_with_its_outputs(path):
    # nbval silently skips cells without stored outputs: a cleared notebook must fail here.
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    assert all(c["execution_count"] is not None for c in code), "a code cell was never executed"
    presenting = code[2:]  # after the parameters and set-up cells
    if presenting:
        assert sum(len(c["outputs"]) for c in presenting) > 0
    assert not any(o.get("output_type") == "error" for c in code for o in c["outputs"])


def test_execution_is_deterministic_and_the_committed_outputs_are_fresh(tmp_path):
    # A normalised execution gives exactly the bytes stored in notebooks/, also for a chapter run
    # in a kernel that ran another chapter before it (the build runs several per kernel; nbval
    # runs each in a fresh kernel against the same stored outputs).
    names = ["06-resultaten", "00-samenvatting"]
    outs = [tmp_path / f"{name}.ipynb" for name in names]
    kernels.execute([ROOT / "notebooks" / f"{name}.ipynb" for name in names], outs, None, None, ROOT / "data")
    for name, out in zip(names, outs):
        assert out.read_bytes() == (ROOT / "notebooks" / f"{name}.ipynb").read_bytes(), name


@pytest.fixture(scope="module")
def html_pair(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("html")
    editions.assemble(tmp / "report.html", NOTEBOOKS, audit=False, variant="standaard")
    editions.assemble(tmp / "audit.html", NOTEBOOKS, audit=True, variant="standaard")
    return tmp / "report.html", tmp / "audit.html"


def test_html_is_self_contained(html_pair):
    for path in html_pair:
        text = path.read_text(encoding="utf-8")
        # scripts only inline: the lineage panel's data and its code (issue 24), no file loaded from anywhere
        assert not re.search(r"<script[^>]*\bsrc\s*=", text)
        assert re.findall(r"<script[^>]*>", text) == ['<script type="application/json" id="bc-lineage">', "<script>"]
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
        assert "@import" not in text and "url(http" not in text


def test_html_has_contents_numbering_and_hidden_code(html_pair):
    report, audit = (re.sub(r"<style>.*?</style>", "", p.read_text(encoding="utf-8"), flags=re.S) for p in html_pair)
    assert "class='toc'" in report
    for heading in ("Samenvatting", "3 Opzet en aannames", "6 Resultaten", "Verantwoording", "Bijlage"):
        assert heading in report
    assert "Tabel 6.1:" in report and "Figuur 6.1:" in report
    assert "input_area" not in report and "highlight" not in report
    assert "input_area" in audit and "chapter.open" in re.sub(r"<[^>]+>", "", audit)
    # every internal link points at an id that exists
    for body in (report, audit):
        ids = set(re.findall(r'id="([^"]+)"', body))
        assert {h[1:] for h in re.findall(r"href='(#[^']+)'", body)} <= ids


def test_assembling_twice_gives_identical_bytes(html_pair, tmp_path):
    editions.assemble(tmp_path / "again.html", NOTEBOOKS, audit=False, variant="standaard")
    assert (tmp_path / "again.html").read_bytes() == html_pair[0].read_bytes()


def test_pdf_is_a4_with_page_numbers(tmp_path):
    # The PDF step on a short report (title page, contents, summary, glossary): the whole report's
    # PDF is built twice, and compared byte for byte, by tests/test_reproducible.py.
    html_file = tmp_path / "short.html"
    html_file.write_text(html.page([p for p in NOTEBOOKS if p.stem.startswith(("00", "99"))], False, "standaard"),
                         encoding="utf-8")
    document = pdf.pdf_document(html_file)  # what pdf.pdf writes, laid out once
    assert len(document.pages) > 3
    # A4 in CSS pixels (96 per inch): 210 x 297 mm, on every page
    assert {(round(page.width), round(page.height)) for page in document.pages} == {(794, 1123)}
    assert document.write_pdf().startswith(b"%PDF-")
    css = (ROOT / "bizcase" / "build" / "report.css").read_text()
    assert "counter(page)" in css and "size: A4" in css


def test_unknown_parameter_stops_the_build(tmp_path):
    variant = tmp_path / "bad.yml"
    variant.write_text("interest_rate_colaboration: 0.07\n")
    out = tmp_path / "00-samenvatting.ipynb"
    proc = subprocess.run([sys.executable, "-m", "bizcase.build.kernels", "notebooks/00-samenvatting.ipynb",
                           "--out-dir", str(tmp_path), "--params", str(variant)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith("bizcase: error: ") and "interest_rate_colaboration" in proc.stderr
    assert "did you mean 'interest_rate_collaboration'" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists()


def test_invalid_value_stops_the_build(tmp_path):
    variant = tmp_path / "bad.yml"
    variant.write_text("indexation_rate: 2\n")
    proc = subprocess.run([sys.executable, "-m", "bizcase.build.kernels", "notebooks/00-samenvatting.ipynb",
                           "--out-dir", str(tmp_path), "--params", str(variant)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2 and "share from 0 to 1" in proc.stderr


def test_notebook_parameters_are_checked_inside_the_notebook_too():
    # papermill -p on one notebook only warns about unknown names; chapter.open() refuses them.
    with pytest.raises(SystemExit, match="no_such_assumption"):
        chapter.open({"no_such_assumption": 1, "variant": "x", "data_dir": str(ROOT / "data")}, "S")
    ch = chapter.open({"cost_per_fte": 90000, "data_dir": str(ROOT / "data")}, "S")
    assert ch.overrides == {"cost_per_fte": 90000.0}


def test_a_variant_changes_the_summary(tmp_path):
    out = tmp_path / "v.ipynb"
    kernels.execute([ROOT / "notebooks" / "00-samenvatting.ipynb"], [out], ROOT / "variants" / "met-overhead.yml",
                  "met-overhead", ROOT / "data")
    text = out.read_text(encoding="utf-8")
    default = (ROOT / "notebooks" / "00-samenvatting.ipynb").read_text(encoding="utf-8")
    assert text != default
    # the variant's change is named in the summary (by its Dutch name, as the summary names it)
    assert labels.assumption("overhead_included") in text


def test_dutch_number_formatting():
    # Babel, locale nl_NL: dot for thousands, comma for decimals, € before the amount
    assert fmt.number(10800) == "10.800"
    assert fmt.number(-1234.5) == "-1.235"  # half up, as the report rounds
    assert fmt.number(-0.0001) == "0"  # never '-0'
    assert fmt.number(float("nan")) == "-"
    assert fmt.pct(1.3456) == "1,35%"
    assert fmt.pct(75, 0) == "75%"
    assert fmt.eur(1234567.891, 2) == "€ 1.234.567,89"
    assert fmt.eur(10800) == "€ 10.800"
    assert fmt.million(3_427_500) == "€ 3,4 miljoen"
    assert fmt.keur(10_824_999, 50_000) == "10.800"
    assert fmt.plain(0.07) == "0,07" and fmt.plain(85000) == "85.000" and fmt.plain(0.75275) == "0,75275"
    assert fmt.plain(2014) == "2014"  # a year: never 2.014
    assert fmt.year(2014) == "2014" and fmt.year(2014.0) == "2014"
    assert fmt.year(float("nan")) == "geen"
    assert fmt.saving(1.3456) == "bespaart 1,35%" and fmt.saving(-0.76) == "kost 0,76% méér"


def test_a_total_that_does_not_add_up_fails_the_build():
    # Consistency check (issue 11): a 'Totaal' row must equal the sum of the rows above it, or the
    # note must say that rounding explains it; otherwise the chapter (and so the build) fails.
    def table(total, note=""):
        return Table("proef", "", ("2014",), (("a", (V(1000),)), ("b", (V(2000),)), ("Totaal", (V(total),))), note)

    with pytest.raises(ConsistencyError, match="Totaal"):
        check_totals(table(3001))
    check_totals(table(3001, "Door afronding kan een totaal afwijken."))
    check_totals(table(3000))
    # a chapter checks every table it shows: the inconsistent one never reaches the report
    ch = chapter.open({"data_dir": str(ROOT / "data")}, "X")
    with pytest.raises(ConsistencyError, match="Totaal"):
        ch.html(table(3001))
    assert "<caption>Tabel X.1: proef</caption>" in ch.html(table(3000))
