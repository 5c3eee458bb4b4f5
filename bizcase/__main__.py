"""``bizcase`` and ``python -m bizcase``: the command line (:mod:`bizcase.cli`).

Ctrl-C while the command line itself is still being imported (numpy, scipy: a few tenths of a
second) ends with the same one line as an interruption of the command; the process then ends as
Python ends an interrupted program (the shell sees exit code 130).
"""
import sys


def _interrupted(kind, value, traceback):
    if issubclass(kind, KeyboardInterrupt):
        print("bizcase: interrupted (Ctrl-C); nothing was written", file=sys.stderr)
        return
    sys.__excepthook__(kind, value, traceback)


sys.excepthook = _interrupted

from bizcase.cli import main  # noqa: E402  (after the hook, so that an interrupted import is one line too)


def entry() -> None:
    """The ``bizcase`` console script (pyproject.toml)."""
    raise SystemExit(main())


if __name__ == "__main__":
    entry()
