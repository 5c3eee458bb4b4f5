"""The one exception type the command line turns into a clear message."""
from __future__ import annotations


class InputError(Exception):
    """Bad input: names the file, the row or field, the value and what was expected."""

    def __init__(self, file: str, where: str, value: object, expected: str):
        self.file = str(file)
        self.where = where
        self.value = value
        self.expected = expected
        super().__init__(self.message)

    @property
    def message(self) -> str:
        value = self.value if isinstance(self.value, str) else repr(self.value)
        if isinstance(self.value, str):
            value = f"'{self.value}'"
        where = f", {self.where}" if self.where else ""
        return f"{self.file}{where}: got {value}; expected {self.expected}"
