"""Hostile input, third series (issue 21): control characters, one number reader for every channel,
bounded YAML, messages that cannot lie, an output folder that never loses what bizcase did not
write, and a command line that ends cleanly on Ctrl-C.

Every refusal is one line on stderr starting ``bizcase: error:``, exit code 2, no traceback, the
inputs unchanged and nothing written.
"""
import contextlib
import csv
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bizcase.analysis import montecarlo
from bizcase.cli import main, outputs, progress
from bizcase.core.channels import MAX_YAML_BYTES, parse_set_options
from bizcase.core.errors import InputError
from bizcase.core.inputs import load_inputs
from bizcase.core.numbers import parse_number
from bizcase.core.rows import FILES, read_table
from bizcase.publish import render
from bizcase.publish.chapters import setup

from conftest import DATA, ROOT

BIN = Path(sys.executable).parent


def tree_hash(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (p.is_symlink() and os.readlink(p)) or
            (p.is_file() and hashlib.sha256(p.read_bytes()).hexdigest()) or "folder"
            for p in sorted(folder.rglob("*"))}


def run(*args) -> tuple[int, str, str]:
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse ends a bad command line itself (with our one line)
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def refused(*args) -> str:
    """Run and return the one-line message of a refusal."""
    code, _, err = run(*args)
    assert code == 2, (code, err)
    assert err.startswith("bizcase: error: ") and err.count("\n") == 1 and err.endswith("\n"), err
    return err


def set_cell(data: Path, file: str, key: str, column: str, value: str) -> None:
    """Set one cell of a data file (the row whose first column is ``key``), written as a CSV writer would."""
    path = data / file
    text = path.read_text(encoding="utf-8")
    comments = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(text[len(comments):])))
    row = next(r for r in rows if list(r.values())[0] == key)
    row[column] = value
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(comments + buf.getvalue(), encoding="utf-8")


# ---------------------------------------------------------------- control characters at load

CONTROL = {"vertical tab (Word's manual line break)": "\x0b", "NUL": "\x00", "form feed": "\x0c",
           "carriage return alone": "\r", "escape": "\x1b", "next line (C1)": "\x85", "line separator": "\u2028"}


@pytest.mark.parametrize("name", list(CONTROL))
def test_a_control_character_in_a_text_is_refused_naming_file_line_field_and_character(name, data_copy, tmp_path):
    char = CONTROL[name]
    set_cell(data_copy, "assumptions.csv", "indexation_rate", "description", f"Indexatie{char}per jaar")
    before = tree_hash(data_copy)
    line = refused("run", "--data", data_copy, "--out", tmp_path / "out")
    assert "assumptions.csv" in line and "line " in line and "id=indexation_rate" in line
    assert "field 'description'" in line and f"U+{ord(char):04X}" in line and "character 10" in line
    assert tree_hash(data_copy) == before and not (tmp_path / "out").exists()


def test_every_free_text_column_of_every_table_refuses_a_control_character(data_copy):
    # one table at a time: the loader names the table's file and the column
    for name, (fname, model, key) in FILES.items():
        path = data_copy / fname
        original = path.read_bytes()
        text = original.decode("utf-8")
        for column, field in model.model_fields.items():
            if field.annotation is not str:
                continue
            rows = text.split("\n")
            first = next(i for i, r in enumerate(rows) if r and not r.startswith("#")) + 1  # first data row
            header = next(csv.reader([rows[first - 1]]))
            cells = next(csv.reader([rows[first]]))
            cells[header.index(column)] += "\x0b"
            buf = io.StringIO()
            csv.writer(buf, lineterminator="").writerow(cells)
            rows[first] = buf.getvalue()
            path.write_text("\n".join(rows), encoding="utf-8")
            with pytest.raises(InputError) as err:
                read_table(path, model, key)
            assert f"line {first + 1}" in err.value.message and f"field '{column}'" in err.value.message
            assert "U+000B" in err.value.message, err.value.message
            path.write_bytes(original)


def test_a_newline_inside_a_quoted_text_is_kept_and_the_lines_count_right(data_copy):
    # a text over two lines (CRLF or LF inside the quotes) is read as one line break; the next
    # problem is reported on its own line of the file, counted with the text's extra line
    set_cell(data_copy, "assumptions.csv", "indexation_rate", "description", "Indexatie\r\nper jaar")
    inputs = load_inputs(data_copy)
    assert inputs.register["indexation_rate"].description == "Indexatie\nper jaar"
    lines = (data_copy / "assumptions.csv").read_text(encoding="utf-8").split("\n")
    later = next(i for i, line in enumerate(lines) if line.startswith("volume_growth,")) + 1
    set_cell(data_copy, "assumptions.csv", "volume_growth", "value", "twee")
    with pytest.raises(InputError) as err:
        load_inputs(data_copy)
    assert f"line {later} (id=volume_growth)" in err.value.message, err.value.message


def test_a_control_character_in_a_variant_file_is_refused_with_its_line(tmp_path):
    variant = tmp_path / "v.yml"
    variant.write_text("indexation_rate: 0.02\nvolume_growth: 0.01\x0b\n", encoding="utf-8")
    line = refused("run", "--params", variant, "--out", tmp_path / "out")
    assert "v.yml, line 2" in line and "U+000B" in line


# ---------------------------------------------------------------- one number reader, every channel

SAME = ["0.025", " 0.025 ", "+0.025", "2.5e-2", ".025", "0.025\t", "0,025", "٠٫٠٢٥", "０.０２５", "0.0_25", "0x10",
        "inf", "nan", "-0.0", "1e400", "9" * 400, "0.025\x0b", "\u20130.1", "0.025\n", "", "½", "²", "0.02 5",
        "1e-2", "0b1", "۰.۰۲", "0.0" + "0" * 40 + "1"]


def channel_values(data: Path, tmp: Path, text: str) -> dict:
    """The value each channel reads from the same text (or the refusal), for indexation_rate."""
    got = {}
    try:
        got["--set"] = load_inputs(DATA, parse_set_options([f"indexation_rate={text}"])).values["indexation_rate"]
    except InputError:
        got["--set"] = "refused"
    try:
        got["notebook parameter"] = load_inputs(DATA, {"indexation_rate": text},
                                                origin="notebook parameter").values["indexation_rate"]
    except InputError:
        got["notebook parameter"] = "refused"
    variant = tmp / "v.yml"
    variant.write_text('indexation_rate: "' + text.encode("unicode_escape").decode("ascii").replace('"', '\\"')
                       + '"\n', encoding="utf-8")
    try:
        got["variant file"] = load_inputs(DATA, params_file=variant).values["indexation_rate"]
    except InputError:
        got["variant file"] = "refused"
    original = (data / "assumptions.csv").read_bytes()
    set_cell(data, "assumptions.csv", "indexation_rate", "value", text)
    try:
        got["CSV"] = load_inputs(data).values["indexation_rate"]
    except InputError:
        got["CSV"] = "refused"
    (data / "assumptions.csv").write_bytes(original)
    return got


@pytest.mark.parametrize("text", SAME, ids=[repr(s)[:20] for s in SAME])
def test_the_same_text_is_the_same_number_in_every_channel(text, data_copy, tmp_path):
    got = channel_values(data_copy, tmp_path, text)
    assert len(set(got.values())) == 1, got
    expected = "refused"
    with contextlib.suppress(ValueError):
        value = parse_number(text)
        expected = value if 0 <= value <= 1 else "refused"  # indexation_rate is a share
    assert set(got.values()) == {expected}, got


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=10), st.from_regex(r"\A[ \t]?[+-]?[0-9]{0,2}\.?[0-9]{0,3}(e-?[0-9])?[ \t]?\Z")))
def test_any_text_is_read_alike_by_every_channel(data_copy, tmp_path, text):
    got = channel_values(data_copy, tmp_path, text)
    assert len(set(got.values())) == 1, (text, got)


def test_yaml_reads_numbers_as_yaml_1_2_does_and_refuses_booleans(tmp_path):
    variant = tmp_path / "v.yml"
    variant.write_text("ict_centre_start_year: 02015\n", encoding="utf-8")  # YAML 1.1: octal (1037)
    assert load_inputs(DATA, params_file=variant).values["ict_centre_start_year"] == 2015
    variant.write_text("montecarlo_seed: 012\n", encoding="utf-8")  # YAML 1.1: 10
    assert load_inputs(DATA, params_file=variant).values["montecarlo_seed"] == 12
    for word in ("yes", "no", "on", "off", "true", "True", "y", "~", "null", ".inf", "0o12", "0x1F"):
        variant.write_text(f"overhead_included: {word}\n", encoding="utf-8")
        line = refused("run", "--params", variant, "--out", tmp_path / "out")
        assert "overhead_included" in line and repr(word) in line, line


@pytest.mark.parametrize("text, found", [
    ("montecarlo_seed: " + "9" * 400 + "\n", "at most 32 characters"),
    ("montecarlo_seed: " + "9" * 5000 + "\n", "at most 32 characters"),
    ("indexation_rate: " + "[" * 20000 + "]" * 20000 + "\n", "a flat YAML mapping"),
    ("indexation_rate: {a: {b: 1}}\n", "a flat YAML mapping"),
    ("indexation_rate: !!float 0.02\n", "without a YAML tag"),
    ("indexation_rate: !!python/object/apply:os.system ['true']\n", "without a YAML tag"),
    ("indexation_rate: 0.02\n" + "# padding\n" * (MAX_YAML_BYTES // 10), "at most 65,536 bytes"),
    ("a: &x [1]\nb: *x\n", "a single number"),
], ids=["400 digits", "5000 digits", "20000 deep", "nested mapping", "tag", "python tag", "too large", "alias"])
def test_yaml_limits_end_in_one_line(text, found, tmp_path):
    variant = tmp_path / "v.yml"
    variant.write_text(text, encoding="utf-8")
    line = refused("run", "--params", variant, "--out", tmp_path / "out")
    assert "v.yml" in line and found in line, line
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- messages that cannot lie

@pytest.mark.parametrize("args", [
    ["--set", "indexation_rate=0.02\nbizcase: ok, report written"],
    ["--set", "indexation_rate\n=0.02"],
    ["--set", "indexation_rate=0.02\u2028bizcase: ok"],
    ["--set", "indexation_rate=1\rbizcase: ok"],
    ["--bogus\nbizcase: ok"],
    ["--params", "no\nsuch.yml"],
], ids=["value", "id", "line separator", "carriage return", "option", "file name"])
def test_a_bad_value_holding_a_line_break_is_echoed_escaped_on_one_line(args, tmp_path):
    line = refused("run", *args, "--out", tmp_path / "out")
    assert "\\n" in line or "\\u2028" in line or "\\r" in line, line


def test_the_variant_file_echoes_a_bad_value_escaped(tmp_path):
    variant = tmp_path / "v.yml"
    variant.write_text('indexation_rate: "0.02\\nbizcase: ok, report written"\n', encoding="utf-8")
    line = refused("run", "--params", variant, "--out", tmp_path / "out")
    assert "'0.02\\nbizcase: ok, report written'" in line


# ---------------------------------------------------------------- --out never loses what it did not write

def test_a_folder_named_like_an_output_is_refused_and_kept(tmp_path):
    out = tmp_path / "out"
    (out / "summary.json").mkdir(parents=True)
    (out / "summary.json" / "keep.txt").write_text("mine\n")
    before = tree_hash(out)
    line = refused("run", "--out", out)
    assert "summary.json" in line and "a folder" in line
    assert tree_hash(out) == before


@pytest.mark.parametrize("plant", ["file", "link", "edited"])
def test_a_file_bizcase_did_not_write_is_never_replaced(plant, tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere.csv"
    elsewhere.write_text("precious\n")
    if plant == "edited":
        assert run("run", "--out", out)[0] == 0
        with open(out / "costs.csv", "a") as fh:
            fh.write("my note\n")
    else:
        out.mkdir()
        if plant == "file":
            (out / "costs.csv").write_text("my own costs\n")
        else:
            (out / "costs.csv").symlink_to(elsewhere)
    before = tree_hash(out)
    line = refused("run", "--out", out)
    assert "costs.csv" in line
    assert tree_hash(out) == before and elsewhere.read_text() == "precious\n"


def test_bizcase_replaces_what_it_wrote_and_keeps_everything_else(tmp_path):
    out = tmp_path / "out"
    assert run("run", "--out", out)[0] == 0
    (out / "notes.txt").write_text("mine\n")
    (out / "sub").mkdir()
    assert run("run", "--set", "indexation_rate=0.03", "--out", out)[0] == 0
    assert run("sensitivity", "--draws", "50", "--out", out)[0] == 0
    assert (out / "notes.txt").read_text() == "mine\n" and (out / "sub").is_dir()
    assert run("run", "--out", out)[0] == 0  # the same folder again, after another command wrote into it
    assert {"costs.csv", "tornado.csv", outputs.RECORD} <= {p.name for p in out.iterdir()}


def test_a_record_that_is_not_bizcases_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / outputs.RECORD).write_text("not json")
    before = tree_hash(out)
    line = refused("run", "--out", out)
    assert outputs.RECORD in line and tree_hash(out) == before


def test_out_resolves_links_before_its_checks(tmp_path, data_copy):
    (tmp_path / "to-root").symlink_to("/")
    line = refused("run", "--out", tmp_path / "to-root")
    assert "mount point" in line and "leads to /" in line
    (tmp_path / "to-data").symlink_to(data_copy)
    line = refused("run", "--data", data_copy, "--out", tmp_path / "to-data")
    assert "data folder" in line
    target = tmp_path / "target"
    target.mkdir()
    (tmp_path / "to-target").symlink_to(target)
    assert run("run", "--out", tmp_path / "to-target")[0] == 0
    assert (target / "costs.csv").is_file() and (tmp_path / "to-target").is_symlink()


def test_an_interruption_while_writing_puts_everything_back(tmp_path, monkeypatch):
    out = tmp_path / "out"
    outputs.write_outputs(out, {"a.csv": "old a\n", "b.csv": "old b\n"})
    before = tree_hash(out)
    real = os.replace

    def interrupted(src, dst):
        if Path(dst).name == "b.csv" and ".old-" not in Path(src).name:
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(outputs.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        outputs.write_outputs(out, {"a.csv": "new a\n", "b.csv": "new b\n"})
    assert tree_hash(out) == before


# ---------------------------------------------------------------- the command line

def test_the_console_script_and_its_version():
    script = BIN / "bizcase"
    assert script.is_file(), "make install installs the `bizcase` command"
    done = subprocess.run([script, "--version"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and done.stdout.startswith("bizcase ") and done.stdout.strip() != "bizcase"
    done = subprocess.run([script, "run", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "--out" in done.stdout and "usage: bizcase run" in done.stdout


def test_every_option_has_a_help_text():
    parser = __import__("bizcase.cli", fromlist=["build_parser"]).build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        for action in command._actions:
            assert action.help, (name, action.option_strings)


def test_ctrl_c_ends_with_one_line_exit_130_and_nothing_written(tmp_path):
    out = tmp_path / "out"
    child = subprocess.Popen([BIN / "bizcase", "sensitivity", "--draws", "1000000", "--out", out], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)  # past the imports, inside the draws (a million take about 30 s)
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, (child.returncode, stderr)
    assert stderr.count("\n") == 1 and stderr.startswith("bizcase: interrupted"), stderr
    assert "Traceback" not in stderr and not out.exists()


class _Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("terminal", [True, False])
def test_long_work_shows_progress_on_a_terminal_only(terminal, tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "DELAY_S", 0.0)
    monkeypatch.setattr(montecarlo, "MONTE_CARLO_CHUNK", 500)
    err = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["sensitivity", "--draws", "2000", "--out", str(tmp_path / "out")]) == 0
    shown = err.getvalue()
    if terminal:
        assert "Monte Carlo" in shown and "/2000" in shown and "draws" in shown, shown
    else:
        assert shown == ""


# ---------------------------------------------------------------- a line break in a text renders

def test_a_line_break_in_a_register_text_is_a_line_break_in_the_html(data_copy):
    set_cell(data_copy, "assumptions.csv", "indexation_rate", "source", "Rapport p. 12\nen bijlage 2 <b>")
    inputs = load_inputs(data_copy)
    table = setup.register(types.SimpleNamespace(inputs=inputs))
    html = render.table_html(table, "Tabel 3.1")
    assert "Rapport p. 12<br>en bijlage 2 &lt;b&gt;" in html


# ---------------------------------------------------------------- found by the fuzz test: staff below zero

@settings(max_examples=25, deadline=None)
@given(st.floats(0.001, 1.0), st.floats(0.75, 1.0))
def test_an_accepted_fte_reference_share_never_cuts_the_staff_below_zero(reference, top):
    # `--set s3_fte_reference_share=0.03125` was accepted and gave Haarlem's S3.0 2018 EUR -453,728:
    # beyond the table's share the cut goes on in proportion (decision D5), past the whole staff.
    # Now such a share is refused, naming the lowest share that can run; an accepted one gives no
    # negative yearly total.
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        code, _, err = run("run", "--set", f"s3_fte_reference_share={reference!r}",
                           "--set", f"harmonised_share_2017={top!r}", "--set", f"harmonised_share_2018={top!r}",
                           "--out", out)
        if code == 2:
            assert "s3_fte_reference_share" in err and "at least" in err and err.count("\n") == 1, err
            lowest = float(err.split("at least ")[1].split(":")[0])
            assert reference < lowest <= top
            return
        assert code == 0, err
        for line in (out / "totals.csv").read_text().splitlines()[1:]:
            assert float(line.rsplit(",", 1)[1]) >= -1e-6, line
