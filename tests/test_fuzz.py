"""Fuzzing the inputs: mutated registers, tables and variant files never crash the model.

hypothesis mutates a copy of data/ (a cell of the register or a table set to another value of
another type, a row deleted or duplicated, the file re-encoded or cut short) or writes a random
variant file (ids known, misspelt or random; values of every YAML type; keys given twice). For
each case `bizcase run` must either exit 0 with finite, non-negative totals, or exit 2 with one
line on stderr; never a traceback; the inputs byte for byte unchanged; nothing written on exit 2.

The third hostile series adds control characters, digits of other scripts and formula texts to
the values; raw YAML texts built from hostile pieces (tags, deep nesting, octal, yes/no, huge
integers, anchors); ``--set`` values of any text; and output folders already holding files,
folders and links, some named like an output (refused, nothing changed) and some not (kept).
"""
import contextlib
import csv
import hashlib
import io
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bizcase.cli import main

from conftest import DATA

TABLES = sorted(p.name for p in DATA.glob("*.csv") if not p.name.startswith("published_"))
IDS = [r["id"] for r in csv.DictReader(open(DATA / "assumptions.csv", encoding="utf-8"))]
TRIED = {"ok": 0, "refused": 0}

values = st.one_of(
    st.sampled_from(["", "nan", "inf", "-inf", "1e300", "-1", "0", "2013.5", "abc", "1,5", "ja", "None", "0x10",
                     "2014", "0.5", "99999999999", " 7 ", "\"", "=1+1"]),
    # the third hostile series (issue 21): control characters, digits of other scripts, formulas, very long numbers
    st.sampled_from(["0.5\x0b", "a\x00b", "tekst\rmeer", "regel\u2028twee", "٠٫٥", "０.５", "1_000", "0o12",
                     "=HYPERLINK(\"http://x\",\"klik\")", "+1", "-1", "@SUM(A1)", "9" * 400, "1" + "0" * 5000,
                     "0.5\nbizcase: ok, report written"]),
    st.integers(-10**12, 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=12),
)


def tree_hash(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@st.composite
def table_mutation(draw):
    """(file name, function that mutates that file's bytes)."""
    name = draw(st.sampled_from(TABLES))
    kind = draw(st.sampled_from(["cell", "cell", "cell", "delete row", "duplicate row", "encoding", "truncate",
                                 "extra column"]))
    seed = draw(st.integers(0, 10**6))
    value = draw(values)
    encoding = draw(st.sampled_from(["latin-1", "utf-16", "utf-8-sig", "cp1252"]))
    cut = draw(st.floats(0.0, 1.0))
    return name, kind, seed, value, encoding, cut


def mutate(path: Path, kind: str, seed: int, value: str, encoding: str, cut: float) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    body = [i for i, line in enumerate(lines) if line and not line.startswith("#")][1:]  # data rows
    if kind == "encoding":
        path.write_bytes(text.replace("e", "é", 3).encode(encoding, errors="replace"))
        return
    if kind == "truncate":
        data = text.encode("utf-8")
        path.write_bytes(data[: int(len(data) * cut)])
        return
    if not body:
        return
    i = body[seed % len(body)]
    if kind == "delete row":
        del lines[i]
    elif kind == "duplicate row":
        lines.insert(i, lines[i])
    elif kind == "extra column":
        lines[i] = lines[i] + "," + value
    else:
        rows = list(csv.reader([lines[i]]))[0]
        rows[seed % len(rows)] = value
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(rows)
        lines[i] = buf.getvalue()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def check_run(data: Path, extra: list, out: Path) -> None:
    """Run the model once and assert the contract of the module docstring."""
    before = tree_hash(data)
    err, std = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(std):
        code = main(["run", "--data", str(data), "--out", str(out), *extra])  # an exception fails the test
    assert tree_hash(data) == before, "inputs changed"
    message = err.getvalue()
    assert "Traceback" not in message
    if code == 2:
        TRIED["refused"] += 1
        assert message.startswith("bizcase: error: ") and message.count("\n") == 1, message
        assert not out.exists(), "something was written"
        return
    assert code == 0, (code, message)
    TRIED["ok"] += 1
    assert all(line.startswith("bizcase: warning: ") for line in message.splitlines()), message
    for line in (out / "totals.csv").read_text().splitlines()[1:]:
        v = float(line.rsplit(",", 1)[1])
        assert v == v and abs(v) != float("inf") and v >= -1e-6, line
    summary = json.loads((out / "summary.json").read_text())
    for sc in ("s2", "s3"):
        assert summary["investment_eur"][sc] >= 0


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(table_mutation())
def test_mutated_data_never_crashes(mutation):
    name, kind, seed, value, encoding, cut = mutation
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(DATA, data)
        mutate(data / name, kind, seed, value, encoding, cut)
        check_run(data, [], Path(tmp) / "out")


yaml_values = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**15, 10**15), st.booleans(),
                        st.none(), st.text(max_size=8), st.lists(st.integers(), max_size=2),
                        st.sampled_from([0, 1, 0.5, 2014, 2016, 2017, 2030, -1, 1e300]))
keys = st.one_of(st.sampled_from(IDS + ["harmonised_share_2016", "term_applications_collaboration",
                                        "year_extrapolated"]),
                 st.sampled_from(IDS).map(lambda k: k[:-1]), st.text(min_size=1, max_size=10))


@FUZZ
@given(st.lists(st.tuples(keys, yaml_values), max_size=4), st.booleans(), st.booleans())
def test_random_variant_files_never_crash(items, repeat_first, latin1):
    import yaml

    lines = [yaml.safe_dump({k: v}, default_flow_style=True, allow_unicode=True).strip()[1:-1] for k, v in items]
    if repeat_first and lines:
        lines.append(lines[0])
    text = "\n".join(lines) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        variant = Path(tmp) / "variant.yml"
        variant.write_bytes(text.encode("latin-1", errors="replace") if latin1 else text.encode("utf-8"))
        before = variant.read_bytes()
        check_run(DATA, ["--params", str(variant)], Path(tmp) / "out")
        assert variant.read_bytes() == before


yaml_pieces = st.sampled_from([
    "indexation_rate: 0.03", "indexation_rate: 012", "overhead_included: yes", "overhead_included: on",
    "montecarlo_seed: " + "9" * 400, "montecarlo_seed: " + "9" * 5000, "x: " + "[" * 3000 + "]" * 3000,
    "indexation_rate: !!float 0.02", "a: &r 1", "b: *r", "? [a, b]\n: 1", "---", "...", "- 1",
    "indexation_rate: \"0.02\\nbizcase: ok\"", "indexation_rate: 0.02\x0b", "{", "}", "indexation_rate: ~",
    "volume_growth: -0.01", "'indexation_rate': '0.04'", "ict_centre_start_year: 02015", "%YAML 1.1",
    "indexation_rate: 0x10", "indexation_rate: .5", "cost_per_fte: 1e5", "\t", "# note",
])


@FUZZ
@given(st.lists(yaml_pieces, max_size=5))
def test_hostile_yaml_texts_never_crash(pieces):
    with tempfile.TemporaryDirectory() as tmp:
        variant = Path(tmp) / "variant.yml"
        variant.write_text("\n".join(pieces) + "\n", encoding="utf-8")
        check_run(DATA, ["--params", str(variant)], Path(tmp) / "out")


@FUZZ
@given(st.sampled_from(IDS + ["indexation_rate\n", "indexation_rate\x0b"]), st.one_of(values, st.text(max_size=20)))
def test_any_set_value_ends_cleanly(key, value):
    with tempfile.TemporaryDirectory() as tmp:
        check_run(DATA, ["--set", f"{key}={value}"], Path(tmp) / "out")


OUTPUT_NAMES = ["costs.csv", "totals.csv", "summary.json", ".bizcase-written.json"]
planted = st.lists(st.tuples(st.sampled_from(OUTPUT_NAMES + ["notes.txt", "sub", "link"]),
                             st.sampled_from(["file", "folder", "link"])), max_size=3, unique_by=lambda t: t[0])


@FUZZ
@given(planted)
def test_an_output_folder_never_loses_what_bizcase_did_not_write(entries):
    with tempfile.TemporaryDirectory() as tmp:
        out, elsewhere = Path(tmp) / "out", Path(tmp) / "elsewhere.txt"
        elsewhere.write_text("precious\n")
        out.mkdir()
        for name, kind in entries:
            if kind == "file":
                (out / name).write_text("mine\n")
            elif kind == "folder":
                (out / name).mkdir()
                (out / name / "keep.txt").write_text("mine\n")
            else:
                (out / name).symlink_to(elsewhere)
        before = {str(p.relative_to(out)): p.is_symlink() or p.is_dir() or p.read_bytes()
                  for p in sorted(out.rglob("*"))}
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["run", "--out", str(out)])
        clash = any(name in OUTPUT_NAMES for name, _ in entries)
        assert code == (2 if clash else 0), (entries, err.getvalue())
        after = {str(p.relative_to(out)): p.is_symlink() or p.is_dir() or p.read_bytes()
                 for p in sorted(out.rglob("*"))}
        if clash:
            assert after == before and err.getvalue().count("\n") == 1
        else:
            assert {k: v for k, v in after.items() if k in before} == before
        assert elsewhere.read_text() == "precious\n"


def test_the_fuzzers_reached_both_outcomes():
    # Runs after the two fuzz tests (file order): both outcomes occurred, so neither contract was vacuous.
    assert TRIED["ok"] > 0 and TRIED["refused"] > 0, TRIED
