"""Bugs found while setting up the mutation run (docs/mutation.md), kept as strict xfails until fixed."""
import pytest

from bizcase.errors import InputError
from bizcase.inputs import read_params_file


@pytest.mark.xfail(strict=True, reason="bug: a YAML variant file whose key is itself a mapping ('? {a: 1}') makes "
                   "inputs._construct_unique_mapping raise TypeError (unhashable dict) instead of an InputError; "
                   "found by tests/test_fuzz.py (hypothesis) during the mutation baseline run")
def test_a_mapping_as_key_is_refused_with_one_message(tmp_path):
    variant = tmp_path / "bad.yml"
    variant.write_text("? {a: 1}\n: 1\n")
    with pytest.raises(InputError):
        read_params_file(variant)
