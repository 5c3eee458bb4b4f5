"""The calibration is reproducible and the register holds its output."""
import numpy as np

from bizcase import calibrate
from bizcase.cli import main


def test_register_holds_the_calibration_output(tmp_path, capsys):
    # The full seeded calibration (about 30 s): fitted and rounded values equal the register's.
    code = main(["calibrate", "--check", "--report", str(tmp_path / "calibration.md")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "cells identical 32/32" in out
    assert "claims met" in out


def test_calibration_is_deterministic(inputs):
    a = calibrate.fit(inputs, starts=1, seed=11)
    b = calibrate.fit(inputs, starts=1, seed=11)
    assert np.array_equal(a.values, b.values)


def test_calibration_uses_at_most_twelve_model_parameters(inputs):
    ids = calibrate.calibrated_ids(inputs)
    model_params = [k for k in ids if not k.startswith(("baseline_", "writeoff_"))]
    assert len(model_params) <= 12
    for k in ids:
        assert inputs.register[k].status == "reconstructed"
