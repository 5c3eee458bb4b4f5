"""Issue 10: no what-if can damage or poison a report.

Safe outputs (--out, --report, seeds and draws), isolated variants (names, folders, title
page), one error line printed once by make, `make clean report` in order, and a PDF whose
fonts are the DejaVu faces shipped with matplotlib, not the machine's.
"""
from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from bizcase.build import fonts, variants
from bizcase.build import editions
from bizcase.cli import outputs
from bizcase.core.errors import InputError
from bizcase.publish import labels

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT / "data" / "assumptions.csv"


def bizcase(*argv, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "bizcase", *map(str, argv)], cwd=cwd, capture_output=True, text=True)


def one_line(proc) -> str:
    """The process failed the agreed way: exit 2, exactly one 'bizcase: error:' line on stderr."""
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("bizcase: error: ") and "Traceback" not in proc.stderr
    assert "; expected " in lines[0]
    return lines[0]


def tree(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- --out

def test_out_refuses_an_existing_file(tmp_path):
    target = tmp_path / "summary.txt"
    target.write_text("mine\n")
    line = one_line(bizcase("run", "--out", target))
    assert "--out" in line and "not an existing file" in line
    assert target.read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.txt"]


@pytest.mark.parametrize("out", ["data", "data/sub", "notebooks", "variants", "bizcase"])
def test_out_refuses_the_data_folder_and_input_folders(out):
    before = tree(ROOT / out.split("/")[0])
    line = one_line(bizcase("run", "--out", out))
    assert f"'{out}'" in line and "outside" in line
    assert not (ROOT / "data" / "sub").exists()
    assert tree(ROOT / out.split("/")[0]) == before


def test_out_refuses_the_data_folder_given_with_data(tmp_path):
    data = tmp_path / "mydata"
    shutil.copytree(ROOT / "data", data)
    line = one_line(bizcase("run", "--data", data, "--out", data / "results"))
    assert "data folder (--data)" in line
    assert not (data / "results").exists()


def test_out_refuses_a_folder_holding_assumptions_csv(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    shutil.copy(REGISTER, folder / "assumptions.csv")
    line = one_line(bizcase("run", "--out", folder))
    assert "assumptions.csv" in line
    assert sorted(p.name for p in folder.iterdir()) == ["assumptions.csv"]


def test_out_refuses_the_folder_of_the_params_file(tmp_path):
    variant = tmp_path / "mijn-variant.yml"
    variant.write_text("interest_rate_collaboration: 0.07\n")
    line = one_line(bizcase("run", "--params", variant, "--out", tmp_path))
    assert "--params" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mijn-variant.yml"]


def test_out_refuses_a_mount_point():
    line = one_line(bizcase("run", "--out", "/"))
    assert "mount point" in line


def test_out_read_only_folder_gives_one_line(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: chmod does not make the folder read-only")
        line = one_line(bizcase("run", "--out", folder))
        assert str(folder) in line and "write" in line
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(stat.S_IRWXU)


def test_write_outputs_is_all_or_nothing(tmp_path, monkeypatch):
    # A failure while moving the second file into place (as on a read-only or full disk): the
    # first file is put back as it was, no temporary folder and no new folder remain.
    out = tmp_path / "out"
    outputs.write_outputs(out, {"a.csv": "old a\n", "b.csv": "old b\n"})
    before = tree(out)
    assert set(before) == {Path("a.csv"), Path("b.csv"), Path(outputs.RECORD)}
    real = os.replace

    def failing(src, dst):
        if Path(dst).name == "b.csv" and ".old-" not in Path(src).name:
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(outputs.os, "replace", failing)
    with pytest.raises(InputError) as err:
        outputs.write_outputs(out, {"a.csv": "new a\n", "b.csv": "new b\n"})
    assert str(out / "b.csv") in err.value.message
    assert tree(out) == before  # the files and the record of what bizcase wrote, as they were
    with pytest.raises(InputError):
        outputs.write_outputs(tmp_path / "new" / "deeper", {"a.csv": "x\n", "b.csv": "y\n"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_write_outputs_writes_inside_the_target(tmp_path, monkeypatch):
    # The temporary folder lies inside the target: os.replace never crosses devices.
    seen = []
    real = os.replace
    monkeypatch.setattr(outputs.os, "replace", lambda s, d: (seen.append((Path(s), Path(d))), real(s, d))[1])
    outputs.write_outputs(tmp_path / "out", {"a.csv": "1\n"})
    assert seen and all(src.parent.parent == tmp_path / "out" for src, _ in seen)
    written = tree(tmp_path / "out")
    assert written.pop(Path("a.csv")) == b"1\n" and list(written) == [Path(outputs.RECORD)]


# ---------------------------------------------------------------- calibrate --report, seeds, draws

def test_calibrate_report_never_overwrites_the_register():
    before = REGISTER.read_bytes()
    line = one_line(bizcase("calibrate", "--report", "data/assumptions.csv"))
    assert "--report" in line and "data/assumptions.csv" in line
    assert REGISTER.read_bytes() == before


def test_calibrate_report_never_overwrites_another_file(tmp_path):
    mine = tmp_path / "notes.md"
    mine.write_text("# My notes\n")
    line = one_line(bizcase("calibrate", "--report", mine))
    assert "calibration report" in line
    assert mine.read_text() == "# My notes\n"


@pytest.mark.parametrize("argv, option", [
    (["sensitivity", "--seed", "-1"], "--seed"),
    (["sensitivity", "--seed", str(2**32)], "--seed"),
    (["sensitivity", "--draws", str(10**12)], "--draws"),
    (["sensitivity", "--draws", "0"], "--draws"),
    (["calibrate", "--seed", "-1"], "--seed"),
])
def test_seeds_and_draws_are_bounded(tmp_path, argv, option):
    out = ["--out", tmp_path / "o"] if argv[0] == "sensitivity" else ["--report", tmp_path / "c.md"]
    line = one_line(bizcase(*argv, *out))
    assert line.startswith(f"bizcase: error: {option}: got ")
    assert list(tmp_path.iterdir()) == []


def test_a_bad_command_line_is_one_line():
    line = one_line(bizcase("run", "--no-such-option"))
    assert "--no-such-option" in line


# ---------------------------------------------------------------- variants

BAD_NAMES = ["standaard.yml", "Default.yml", "reports.yml", "..yml", "bad name!.yml", ".yml"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_variant_names_are_refused(tmp_path, name):
    variant = tmp_path / name
    variant.write_text("interest_rate_collaboration: 0.07\n")
    line = one_line(subprocess.run([sys.executable, "-m", "bizcase.build.variants", "check", "--params", str(variant)],
                                   cwd=ROOT, capture_output=True, text=True))
    assert "variant name" in line


def test_good_variant_names_pass():
    for name in ("hogere-rente", "met_overhead", "v2"):
        assert variants.check_variant_name(name, f"{name}.yml") == name
    assert variants.variant_name(None) == "standaard"


def _make(*args):
    # -o: never rebuild the .venv from a test
    return subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed", *args], cwd=ROOT,
                          capture_output=True, text=True)


needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")


@needs_make
@pytest.mark.parametrize("name, content, expected", [
    ("standaard.yml", "interest_rate_collaboration: 0.07\n", "variant name"),
    ("bad name!.yml", "interest_rate_collaboration: 0.07\n", "variant name"),
    ("slecht.yml", "indexation_rate: 2\n", "indexation_rate"),
])
def test_make_prints_a_bad_variant_once_and_builds_nothing(tmp_path, name, content, expected):
    variant = tmp_path / name
    variant.write_text(content)
    stem = variant.stem
    proc = _make("report", f"PARAMS={variant}")
    assert proc.returncode == 2
    errors = [l for l in (proc.stdout + proc.stderr).splitlines() if "bizcase: error" in l]
    assert len(errors) == 1, proc.stderr
    assert expected in errors[0]
    assert "execute" not in proc.stdout  # no chapter started
    if stem not in ("standaard",) and " " not in stem:
        assert not (ROOT / "build" / "report" / stem).exists()
        assert not (ROOT / "reports" / stem).exists()


@needs_make
def test_make_clean_report_cleans_first_and_runs_only_the_chapters_in_parallel():
    proc = _make("-n", "clean", "report")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    clean = next(i for i, l in enumerate(lines) if l.startswith("rm -rf build"))
    first_build = next(i for i, l in enumerate(lines) if "bizcase.build" in l)
    assert clean < first_build
    assert next(i for i, l in enumerate(lines) if "bizcase.build.variants check" in l) == first_build  # the check first
    jobs = [l for l in lines if "--jobs" in l]
    assert len(jobs) == 1 and "report-files" in jobs[0]


@needs_make
def test_a_variant_never_uses_the_default_folders():
    proc = _make("-n", "-B", "report", "PARAMS=variants/hogere-rente.yml")  # -B: as if nothing were built yet
    assert proc.returncode == 0, proc.stderr
    assert "build/report/hogere-rente/" in proc.stdout and "reports/hogere-rente/bizcase.pdf" in proc.stdout
    assert "build/report/standaard" not in proc.stdout
    assert not re.search(r"reports/bizcase", proc.stdout)


def test_title_page_names_the_variant_and_its_values(tmp_path):
    chapter = [ROOT / "notebooks" / "99-bijlage-begrippen.ipynb"]
    editions.assemble(tmp_path / "v.html", chapter, False, "hogere-rente", ROOT / "variants" / "hogere-rente.yml",
                         ROOT / "data")
    title = (tmp_path / "v.html").read_text(encoding="utf-8").split('<header class="titlepage">')[1].split("</header>")[0]
    assert "Variant: hogere-rente" in title
    # the changed value under its Dutch name, written as the report writes a share, beside the register's
    assert f"{labels.assumption('interest_rate_collaboration')}: 7% (register: 5%)" in title
    editions.assemble(tmp_path / "d.html", chapter, False, "standaard")
    title = (tmp_path / "d.html").read_text(encoding="utf-8").split('<header class="titlepage">')[1].split("</header>")[0]
    assert "Variant" not in title and "variant" not in title


@pytest.mark.parametrize("step", [
    ["bizcase.build.editions", "data/assumptions.csv", "reports/x.html", "notebooks/99-bijlage-begrippen.ipynb"],
    ["bizcase.build.pdf", "notebooks/99-bijlage-begrippen.ipynb", "data/assumptions.csv"],
    ["bizcase.build.pdf", "-", "data/assumptions.pdf"],
    ["bizcase.build.editions", "reports/x.html", "reports/y.html", "notebooks/99-bijlage-begrippen.ipynb",
     "--pdf", "data/assumptions.pdf"],
    ["bizcase.build.workbooks", "values", "data/assumptions.csv"],
    ["bizcase.build.workbooks", "live", "data/assumptions.csv"],
    ["bizcase.build.artefacts", "model", "data/assumptions.csv"],
], ids=lambda step: " ".join(step[:2]))
def test_build_steps_never_write_into_input_folders(step):
    # every build step that writes a file is now a module of its own: each refuses an input folder
    before = REGISTER.read_bytes()
    proc = subprocess.run([sys.executable, "-m", *step], cwd=ROOT, capture_output=True, text=True)
    assert "data/" in one_line(proc)
    assert REGISTER.read_bytes() == before


def test_the_renderer_refuses_half_a_page_on_its_standard_input(tmp_path):
    # bizcase.build.editions hands the renderer the page through a pipe: a writer that stopped
    # half-way gives one line and no PDF, never half a report
    out = tmp_path / "x.pdf"
    proc = subprocess.run([sys.executable, "-m", "bizcase.build.pdf", "-", str(out)], cwd=ROOT, capture_output=True,
                          text=True, input="<!DOCTYPE html><html><body><p>Half")
    assert proc.returncode == 2
    line = one_line(proc)
    assert "standard input" in line and "a whole HTML page, ending with </html>" in line
    assert not out.exists()


def test_a_failing_renderer_fails_the_editions_step_with_its_own_line(tmp_path):
    # the renderer alone finds that it cannot write its file (a file stands where its folder should)
    chapter = [ROOT / "notebooks" / "99-bijlage-begrippen.ipynb"]
    (tmp_path / "nergens").write_text("geen map", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "bizcase.build.editions", str(tmp_path / "r.html"),
                           str(tmp_path / "a.html"), *map(str, chapter), "--pdf", str(tmp_path / "nergens" / "x.pdf")],
                          cwd=ROOT, capture_output=True, text=True)
    assert "nergens" in one_line(proc)  # exit 2 and the renderer's own line, once


# ---------------------------------------------------------------- fonts

SAMPLE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><style>{css}</style></head>
<body class="report"><header class="titlepage"><h1 class="title">Titel</h1><p class="variant">Variant: x</p></header>
<section class="chapter"><h1>1 Kop</h1><h2>Tussenkop</h2><p>Tekst met <b>vet</b>, <i>cursief</i>,
<b><i>beide</i></b> en <code>code</code>: EUR 10.800 &le; 11.000 &euro;.</p>
<table class="bc-table"><caption>Tabel 1. Kosten</caption><thead><tr><th>jaar</th><th>kosten</th></tr></thead>
<tbody><tr><th class="rowhead">2013</th><td class="extrapolated">1.234</td></tr></tbody></table>
<p class="figcaption">Figuur 1. Onderschrift</p><p class="table-note">Noot</p>
<div class="input_area"><pre>x = evaluate(inputs)</pre></div></section></body></html>
"""

EMBEDDED = re.compile(r"[A-Z]{6}\+bizcase-DejaVu-Sans(-Mono)?(-Bold)?(-Italic)?")


def pdf_font_names(data: bytes) -> set:
    """The /BaseFont names in a PDF, looking inside its compressed (object) streams too."""
    chunks = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    names = set()
    for chunk in chunks:
        names |= {n.decode("latin-1") for n in re.findall(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", chunk)}
    return names


def test_the_pdf_embeds_only_the_shipped_fonts(tmp_path):
    assert all(f.is_file() and "matplotlib" in f.parts for f in fonts.font_files())
    page = tmp_path / "sample.html"
    page.write_text(SAMPLE.format(css=(ROOT / "bizcase" / "build" / "report.css").read_text(encoding="utf-8")),
                    encoding="utf-8")
    # the same render with no system font at all: fontconfig knows no fonts
    conf = tmp_path / "no-fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path / "fc-cache"}</cachedir></fontconfig>\n')
    rendered = {}
    for label, extra in (("system", {}), ("none", {"FONTCONFIG_FILE": str(conf)})):
        out = tmp_path / f"{label}.pdf"
        proc = subprocess.run([sys.executable, "-m", "bizcase.build.pdf", str(page), str(out)], cwd=ROOT,
                              capture_output=True, text=True, env={**os.environ, **extra})
        assert proc.returncode == 0, proc.stderr
        rendered[label] = out.read_bytes()
    names = pdf_font_names(rendered["system"])
    assert names, "no /BaseFont found in the PDF"
    assert all(EMBEDDED.fullmatch(n) for n in names), names
    plain = {n.split("+", 1)[1] for n in names}
    assert {"bizcase-DejaVu-Sans", "bizcase-DejaVu-Sans-Bold", "bizcase-DejaVu-Sans-Italic",
            "bizcase-DejaVu-Sans-Mono"} <= plain
    assert rendered["system"] == rendered["none"]  # the machine's fonts change nothing


def test_another_variant_file_of_the_same_name_is_checked_and_rebuilt(tmp_path):
    # A variant's folders are named after its file's stem. Another file of that name (other
    # values, and older than the last build, as after `cp -p`) must be checked again, and the
    # rewritten check stamp must put the variant's artefacts out of date.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    first, second = tmp_path / "a" / "hoger.yml", tmp_path / "b" / "hoger.yml"
    for path, rate in ((first, "0.07"), (second, "0.09")):
        path.parent.mkdir()
        path.write_text(f"interest_rate_collaboration: {rate}\n", encoding="utf-8")
    os.utime(second, (1_600_000_000, 1_600_000_000))  # September 2020: older than any build
    build_dir = tmp_path / "build"
    where = [f"BUILD={build_dir}", f"OUT={tmp_path / 'out'}", "BIZCASE_SUBMAKE=1"]

    def make(*args, params):
        # -o: never rebuild the .venv from a test (nor count its stamp as newer than the artefact)
        return subprocess.run(["make", "-s", "-o", ".venv/.installed", *args, f"PARAMS={params}", *where], cwd=ROOT,
                              env=env, capture_output=True, text=True).returncode

    def check(params):
        subprocess.run([sys.executable, "-m", "bizcase.build.variants", "check", "--params", str(params), "--make",
                        "--stamp", str(build_dir / ".params-ok")], cwd=ROOT, env=env, check=True)

    assert make("params-current", params=first) != 0  # never checked
    check(first)
    assert make("params-current", params=first) == 0
    model = build_dir / "model.json"
    model.write_text("{}", encoding="utf-8")  # stands in for the artefact, newer than every input
    assert make("--question", str(model), params=first) == 0
    assert make("params-current", params=second) != 0  # same name, other bytes, older file
    check(second)
    assert make("--question", str(model), params=second) != 0  # rebuilt after the new check
    assert make("params-current", params=second) == 0
    second.write_text("interest_rate_collaboration: 0.08\n", encoding="utf-8")  # same path, new bytes, old date
    os.utime(second, (1_600_000_000, 1_600_000_000))
    assert make("params-current", params=second) != 0
