"""Bugs found while setting up the mutation run (docs/mutation.md), kept as regression tests."""
import pytest

from bizcase.core.errors import InputError
from bizcase.core.channels import read_params_file


def test_a_mapping_as_key_is_refused_with_one_message(tmp_path):
    """A YAML variant file whose key is itself a mapping ('? {a: 1}') once made the duplicate-key
    check raise TypeError (found by tests/test_fuzz.py during the mutation baseline; fixed in
    b3a73bd): it must be refused as an InputError."""
    variant = tmp_path / "bad.yml"
    variant.write_text("? {a: 1}\n: 1\n")
    with pytest.raises(InputError):
        read_params_file(variant)
