"""Writing the build's files: atomically, never into the project's input folders.

Every step of the build and every command that writes a file uses :func:`atomic_write`: the file
is written beside its target and moved into place, so a reader sees the old file or the new one,
never half of one. An OSError becomes one :class:`~bizcase.core.errors.InputError` naming the
path. :func:`step` runs a step's command line and ends a refused input with one line, exit 2.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from bizcase.core.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
# Folders of the project that hold inputs: no build step ever writes into them.
INPUT_FOLDERS = ("data", "notebooks", "variants", "bizcase")


def check_target(path: Path) -> None:
    """Refuse to write a build output into an input folder or over a folder."""
    path = Path(path)
    resolved = path.resolve()
    for name in INPUT_FOLDERS:
        folder = (ROOT / name).resolve()
        if resolved == folder or folder in resolved.parents:
            raise InputError(str(path), "", str(path), f"an output path outside the project's {name}/ folder")
    if path.is_dir():
        raise InputError(str(path), "", str(path), "an output file name, not a folder")


def atomic_write(path: Path, data: bytes, generated_input: bool = False) -> None:
    """Write to a temporary file beside ``path`` and move it into place (or write nothing).

    An OSError (read-only folder, full disk, ...) becomes an InputError naming the path.
    ``generated_input``: ``path`` is a generated file that lives among the inputs on purpose
    (``data/calibrated.csv``, written only by ``make calibrate``), so the input-folder check is off.
    """
    path = Path(path)
    if not generated_input:
        check_target(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(str(exc.filename or path), "", exc.strerror or type(exc).__name__,
                         "a folder we can write to (permissions, free space)") from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


INTERRUPTED = 130  # the shell's code for a program ended by Ctrl-C


def step(run, argv=None) -> int:
    """Run a build step's ``run(argv)``; a refused input ends with one line on stderr and exit 2,
    Ctrl-C with one line and exit 130 (every file is written whole through :func:`atomic_write`, so
    an interrupted step leaves the file it was writing as it was)."""
    try:
        run(argv)
    except InputError as exc:
        print(f"bizcase: error: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bizcase: interrupted (Ctrl-C)", file=sys.stderr)
        return INTERRUPTED
    return 0
