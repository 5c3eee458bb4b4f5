"""The build artefacts (model run, sensitivity, Monte Carlo) and the chapters' shared kernels."""
import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from bizcase.analysis import content
from bizcase.build import artefacts, chapter, kernels, notebooks
from bizcase.core import metrics
from bizcase.core.errors import InputError
from bizcase.core.inputs import load_inputs
from bizcase.core.model import evaluate
from bizcase.publish import figures

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def inputs():
    return load_inputs(DATA)


def _walk(a, b, path=()):
    """Every leaf of two Result fields: same dict keys in the same order, same dtype, same bits."""
    if isinstance(a, dict):
        assert list(a) == list(b), path
        for k in a:
            _walk(a[k], b[k], path + (k,))
        return
    a, b = np.asarray(a), np.asarray(b)
    assert (a.dtype, a.shape) == (b.dtype, b.shape), path
    assert a.tobytes() == b.tobytes(), path


def _same_summary(a: dict, b: dict) -> None:
    """Two metrics.summary results: same scenarios, every figure the same dtype and bits (NaN too)."""
    assert list(a) == list(b)
    for sc in a:
        for f in dataclasses.fields(a[sc]):
            _walk(getattr(a[sc], f.name), getattr(b[sc], f.name), (sc, f.name))


def test_the_model_artefact_gives_back_the_evaluated_model_bit_for_bit(inputs, tmp_path):
    path = tmp_path / "model.json"
    path.write_bytes(artefacts.build("model", inputs))
    direct, read = evaluate(inputs), artefacts.model(inputs, path)
    for f in dataclasses.fields(direct):
        _walk(getattr(direct, f.name), getattr(read, f.name), (f.name,))
    # sums over the categories add in the model's order: the totals are the same floats
    for sc in ("baseline", "s2", "s3"):
        assert read.combined_total(sc).tobytes() == direct.combined_total(sc).tobytes()
    _same_summary(metrics.summary(read), metrics.summary(direct))


def test_an_artefact_is_deterministic_and_records_its_inputs(inputs):
    a, b = artefacts.build("model", inputs), artefacts.build("model", inputs)
    assert a == b
    data = json.loads(a)
    assert (data["kind"], data["version"], data["fingerprint"]) == ("model", artefacts.VERSION,
                                                                     artefacts.fingerprint(inputs))


def test_an_artefact_of_other_inputs_is_refused(inputs, tmp_path):
    other = load_inputs(DATA, overrides={"cost_per_fte": 90000})
    assert artefacts.fingerprint(other) != artefacts.fingerprint(inputs)
    path = tmp_path / "model.json"
    path.write_bytes(artefacts.build("model", other))
    with pytest.raises(InputError, match="computed from other inputs"):
        artefacts.model(inputs, path)
    # and a file of another kind, or no artefact at all
    path.write_bytes(artefacts.build("model", inputs))
    with pytest.raises(InputError, match="a sensitivity artefact"):
        artefacts.read("sensitivity", inputs, path)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="the build's model artefact"):
        artefacts.model(inputs, tmp_path / "broken.json")


def test_a_chapter_reads_the_artefact_instead_of_evaluating(inputs, tmp_path, monkeypatch):
    path = tmp_path / "model.json"
    path.write_bytes(artefacts.build("model", inputs))
    counter = tmp_path / "count"
    monkeypatch.setenv(artefacts.COUNT_ENV, str(counter))
    monkeypatch.setenv(artefacts.ENV["model"], str(path))
    for kind in ("sensitivity", "montecarlo"):
        monkeypatch.delenv(artefacts.ENV[kind], raising=False)
    ch = chapter.open({"data_dir": str(DATA)}, "6")
    assert not counter.exists()  # nothing computed: read (the analyses only on first use)
    direct = evaluate(inputs)
    _same_summary(metrics.summary(ch.result), metrics.summary(direct))
    assert repr(ch.figures) == repr(figures.headline(inputs, direct))  # repr: every float exactly
    assert not counter.exists()
    # a chapter with other parameters refuses the build's artefact with one line
    with pytest.raises(SystemExit, match="computed from other inputs"):
        chapter.open({"data_dir": str(DATA), "cost_per_fte": 90000}, "6")
    monkeypatch.delenv(artefacts.ENV["model"])
    chapter.open({"data_dir": str(DATA)}, "6")
    assert counter.read_text().splitlines() == ["model"]  # without the artefact: evaluated in place


def test_the_analyses_artefacts_give_what_an_in_place_computation_gives(inputs, tmp_path):
    files = {}
    for kind in ("sensitivity", "montecarlo"):
        files[kind] = tmp_path / f"{kind}.json"
        files[kind].write_bytes(artefacts.build(kind, inputs))
    read = artefacts.analyses(inputs, files)
    here = content.computed(inputs)
    assert read.uncertain_ids == here.uncertain_ids
    assert repr(read.tornado) == repr(here.tornado)  # repr: NaN (no break-even) equals NaN
    assert repr(read.switching_values) == repr(here.switching_values)
    assert repr(read.harmonisation_delay) == repr(here.harmonisation_delay)
    assert (read.draws, read.seed) == (here.draws, here.seed)
    assert repr(read.montecarlo) == repr(here.montecarlo)
    assert read.fan["years"].tobytes() == here.fan["years"].tobytes()
    for sc in ("s2", "s3"):
        assert list(read.fan[sc]) == list(here.fan[sc])
        for q in read.fan[sc]:
            assert read.fan[sc][q].tobytes() == here.fan[sc][q].tobytes()


def _notebook(path: Path, sources: list) -> Path:
    cells = [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
              "source": src} for i, src in enumerate(sources)]
    path.write_text(json.dumps({"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                            "language": "python"}},
                                "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    return path


def test_chapters_sharing_a_kernel_do_not_see_each_other(tmp_path):
    # The build runs several chapters in one kernel; the second must start as in a fresh kernel:
    # nothing of the first's namespace, execution count 1, no figure left open, and the first's
    # changes to pandas options, matplotlib settings, the environment, the folder and the import
    # path undone.
    first = _notebook(tmp_path / "a.ipynb", [
        "leak = 1",
        "import matplotlib.pyplot as plt\nplt.figure()\nplt.rcParams['font.size'] = 3",
        "import os, sys\nimport pandas as pd\npd.set_option('display.max_rows', 7)\n"
        "os.environ['BIZCASE_LEAK'] = 'ja'\nos.chdir('..')\nsys.path.insert(0, 'elders')"])
    second = _notebook(tmp_path / "b.ipynb", [
        "print('leak' in dir(), 'plt' in dir())",
        "import matplotlib.pyplot as plt\nprint(len(plt.get_fignums()), plt.rcParams['font.size'])",
        "import os, sys\nimport pandas as pd\nprint(pd.get_option('display.max_rows'), os.environ.get('BIZCASE_LEAK'), "
        "os.path.basename(os.getcwd()), 'elders' in sys.path)"])
    fresh = tmp_path / "fresh"
    kernels.execute([second], [fresh / "b.ipynb"], None, None, DATA)
    outs = [tmp_path / "out" / "a.ipynb", tmp_path / "out" / "b.ipynb"]
    kernels.execute([first, second], outs, None, None, DATA)
    cells = json.loads(outs[1].read_text(encoding="utf-8"))["cells"]
    assert [c["execution_count"] for c in cells] == [1, 2, 3]
    assert "".join(cells[0]["outputs"][0]["text"]) == "False False\n"
    assert "".join(cells[2]["outputs"][0]["text"]).endswith(f"None {tmp_path.name} False\n")
    # and everything it prints is what a fresh kernel prints
    assert outs[1].read_bytes() == (fresh / "b.ipynb").read_bytes()


def test_a_print_that_arrives_in_two_messages_is_stored_as_one():
    # Under load the kernel may send one print as two stream messages; the stored notebook must not
    # depend on that (byte-identical rebuilds).
    def nb(outputs):
        return {"metadata": {}, "cells": [{"cell_type": "code", "id": "x", "metadata": {}, "source": "",
                                           "execution_count": 1, "outputs": outputs}]}
    stream = lambda name, text: {"output_type": "stream", "name": name, "text": text}  # noqa: E731
    split = notebooks.normalise(nb([stream("stdout", ["60"]), stream("stdout", [" None x\n", "y\n"]),
                                    stream("stderr", "w\n"), stream("stdout", "z\n")]))
    whole = notebooks.normalise(nb([stream("stdout", "60 None x\ny\n"), stream("stderr", ["w\n"]),
                                    stream("stdout", ["z\n"])]))
    assert notebooks.dumps(split) == notebooks.dumps(whole)
    assert split["cells"][0]["outputs"][0]["text"] == ["60 None x\n", "y\n"]
    assert [o["name"] for o in split["cells"][0]["outputs"]] == ["stdout", "stderr", "stdout"]


def test_a_failing_chapter_stops_its_kernel_with_one_line(tmp_path):
    # The chapter before it is written; the failing one and those after it are not.
    import subprocess
    import sys

    good = _notebook(tmp_path / "a.ipynb", ["x = 1"])
    bad = _notebook(tmp_path / "b.ipynb", ["y = 2", "raise ValueError('kapot')"])
    after = _notebook(tmp_path / "c.ipynb", ["z = 3"])
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "bizcase.build.kernels", str(good), str(bad), str(after),
                           "--out-dir", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [f"bizcase: error: {bad}: cell 2 failed: ValueError: kapot"]
    assert sorted(p.name for p in out.iterdir()) == ["a.ipynb"]


# ---------------------------------------------------------------- the build's chapters step (make report)
# bizcase.build.kernels.execute_groups: the artefacts computed while the kernels start, each group of
# chapters in a kernel of its own, started as soon as the artefacts it reads are written.

def _groups_step(tmp_path, groups, *extra):
    import subprocess
    import sys

    files = {kind: tmp_path / "build" / f"{kind}.json" for kind in artefacts.KINDS}
    args = [sys.executable, "-m", "bizcase.build.kernels", "--out-dir", str(tmp_path / "out"), *extra]
    for kind, path in files.items():
        args += [f"--{kind}", str(path)]
    for kinds, notebooks in groups:
        args += ["--group", kinds, *map(str, notebooks)]
    (tmp_path / "build").mkdir(exist_ok=True)
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True), files


ENV_PRINT = ("import os\nprint(*(os.environ.get(k, '-') != '-' for k in "
             "('BIZCASE_MODEL', 'BIZCASE_SENSITIVITY', 'BIZCASE_MONTECARLO')))")


def test_the_chapters_step_writes_the_artefacts_and_every_chapter(tmp_path, inputs):
    first = _notebook(tmp_path / "a.ipynb", [ENV_PRINT])
    second = _notebook(tmp_path / "b.ipynb", [ENV_PRINT, "x = 1"])
    proc, files = _groups_step(tmp_path, [("model", [first]), ("model,sensitivity,montecarlo", [second])])
    assert proc.returncode == 0, proc.stderr
    # the artefacts are the build's own (the fingerprint of these inputs), the same as computed alone
    for kind, path in files.items():
        assert path.read_bytes() == artefacts.build(kind, inputs), kind
    cells = {name: json.loads((tmp_path / "out" / name).read_text(encoding="utf-8"))["cells"]
             for name in ("a.ipynb", "b.ipynb")}
    # each kernel is told of the artefacts its group reads, and of no other
    assert "".join(cells["a.ipynb"][0]["outputs"][0]["text"]) == "True False False\n"
    assert "".join(cells["b.ipynb"][0]["outputs"][0]["text"]) == "True True True\n"
    # what a group writes is what one kernel for the chapter alone writes
    kernels.execute([first], [tmp_path / "alone" / "a.ipynb"], None, None, DATA, {"model": files["model"]})
    assert (tmp_path / "alone" / "a.ipynb").read_bytes() == (tmp_path / "out" / "a.ipynb").read_bytes()


def test_a_failing_chapter_in_one_group_stops_the_step_with_one_line(tmp_path):
    good = _notebook(tmp_path / "a.ipynb", ["x = 1"])
    bad = _notebook(tmp_path / "b.ipynb", ["raise ValueError('kapot')"])
    proc, _ = _groups_step(tmp_path, [("model", [good]), ("model", [bad])])
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [f"bizcase: error: {bad}: cell 1 failed: ValueError: kapot"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.ipynb"]  # the other group finished


def test_a_bad_parameter_stops_the_chapters_step_before_any_chapter(tmp_path):
    params = tmp_path / "kapot.yml"
    params.write_text("cost_per_fte: veel\n", encoding="utf-8")
    chapter_nb = _notebook(tmp_path / "a.ipynb", ["x = 1"])
    proc, files = _groups_step(tmp_path, [("model", [chapter_nb])], "--params", str(params))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bizcase: error: ") and "cost_per_fte" in lines[0], proc.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert not any(path.exists() for path in files.values())


def test_the_chapters_step_runs_the_chapters_with_the_variants_values(tmp_path):
    # The kernels start before the parameters are checked; the chapters must still get the variant's
    # values (and the artefacts of that variant), not the register's.
    params = tmp_path / "duurder.yml"
    params.write_text("cost_per_fte: 91000\n", encoding="utf-8")
    chapter_nb = _notebook(tmp_path / "a.ipynb", ["print(cost_per_fte)"])
    proc, files = _groups_step(tmp_path, [("model", [chapter_nb])], "--params", str(params), "--variant", "duurder")
    assert proc.returncode == 0, proc.stderr
    cells = json.loads((tmp_path / "out" / "a.ipynb").read_text(encoding="utf-8"))["cells"]
    printed = [c for c in cells if "cost_per_fte" in "".join(c["source"]) and c["outputs"]]
    assert "".join(printed[-1]["outputs"][0]["text"]).strip() == "91000"
    variant = load_inputs(DATA, params_file=params)
    assert files["model"].read_bytes() == artefacts.build("model", variant)
