"""Where the command line writes: never among the inputs, all files or none.

:func:`check_out` refuses an output folder that is a file, a mount point or holds inputs;
:func:`write_outputs` writes every file to a temporary folder inside the target and moves each into
place, putting back what was there on any error.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from bizcase.build.files import INPUT_FOLDERS, ROOT
from bizcase.core.errors import InputError
from bizcase.publish.docs import CALIBRATION_HEADER

def _inside(path: Path, folder: Path) -> bool:
    path, folder = Path(path).resolve(), Path(folder).resolve()
    return path == folder or folder in path.parents


def _protected(path: Path, data: Path | None = None, params: Path | None = None) -> str | None:
    """Why ``path`` must not receive output (None when it may): it is or lies in an input folder."""
    folders = [(ROOT / name, f"the project's {name}/ folder") for name in INPUT_FOLDERS]
    if data is not None:
        folders.insert(0, (Path(data), "the data folder (--data)"))
    for folder, what in folders:
        if _inside(path, folder):
            return what
    if params is not None and Path(path).resolve() == Path(params).resolve().parent:
        return "the folder of the --params file"
    return None


def check_out(out: Path, data: Path | None = None, params: Path | None = None, option: str = "--out") -> None:
    """Refuse an output folder that is a file, a mount point or a folder holding input files."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(option, "", str(out), "a folder for the output, not an existing file")
    if out.is_dir() and os.path.ismount(out):
        raise InputError(option, "", str(out), "a folder that is not a mount point (use a folder inside it)")
    why = _protected(out, data, params)
    if why:
        raise InputError(option, "", str(out), f"a folder outside {why}: outputs never go among the inputs")
    if (out / "assumptions.csv").exists():
        raise InputError(option, "", str(out), "a folder that holds no input files (it holds assumptions.csv)")


def check_report(report: Path, data: Path | None = None) -> None:
    """``calibrate --report``: a new file, or a calibration report written earlier; never an input."""
    report = Path(report)
    if report.is_dir():
        raise InputError("--report", "", str(report), "a file name for the calibration report, not a folder")
    why = _protected(report, data)
    if why:
        raise InputError("--report", "", str(report), f"a file outside {why}: calibrate never overwrites inputs")
    if report.exists():
        try:
            head = report.read_bytes()[:len(CALIBRATION_HEADER.encode())]
        except OSError as exc:
            raise InputError("--report", "", str(report), f"a file we can read and write ({exc.strerror})") from None
        if head != CALIBRATION_HEADER.encode():
            raise InputError("--report", "", str(report), "a new file or an earlier calibration report "
                             f"(starting with '{CALIBRATION_HEADER}'); calibrate overwrites nothing else")
    check_out(report.parent if str(report.parent) else Path("."), data, option="--report")


def _new_folders(out: Path) -> list[Path]:
    """The folders ``out.mkdir(parents=True)`` is about to create, deepest first."""
    new = []
    for folder in [out, *out.parents]:
        if folder.exists():
            break
        new.append(folder)
    return new


def write_outputs(out: Path, files: dict) -> None:
    """Write ``files`` into the folder ``out``: all of them or, on any error, none.

    The files are written to a temporary folder inside ``out`` (created if needed) and moved
    into place with os.replace, which never crosses devices. On an error the files moved so far
    are put back as they were, and the temporary folder and the folders created are removed.
    Any OSError becomes an InputError naming the path.
    """
    out = Path(out)
    check_out(out)
    created = _new_folders(out)
    moved = []  # (target, backup or None)
    tmp = None
    current = out
    try:
        out.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".bizcase-tmp-", dir=out))
        for name, text in files.items():
            current = out / name
            if isinstance(text, bytes):
                (tmp / name).write_bytes(text)
            else:
                (tmp / name).write_text(text, encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        for name in files:
            current = out / name
            os.chmod(tmp / name, 0o666 & ~umask)
            backup = None
            if current.exists():
                backup = tmp / f".old-{name}"
                os.replace(current, backup)
            moved.append((current, backup))
            os.replace(tmp / name, current)
    except OSError as exc:
        for target, backup in reversed(moved):
            try:
                if backup is not None:
                    os.replace(backup, target)
                elif target.exists():
                    target.unlink()
            except OSError:
                pass
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
            tmp = None
        for folder in created:
            try:
                folder.rmdir()
            except OSError:
                break
        path = exc.filename or current
        raise InputError(str(path), "", exc.strerror or type(exc).__name__,
                         "a folder we can write to (permissions, free space)") from None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


