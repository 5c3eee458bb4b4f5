"""Where the command line writes: never among the inputs, all files or none, and never over
anything it did not write.

:func:`check_out` resolves the output folder's links first, then refuses a folder that is a file, a
mount point or holds inputs. :func:`write_outputs` first checks every name it is about to write: a
name that exists must be a plain file (not a folder, link or device) that bizcase wrote and nobody
changed since. That is proven by the folder's record of what it wrote (:data:`RECORD`: each file's
SHA-256), or by the command's own recogniser (an earlier calibration report starts with its header).
Anything else is refused with one line before anything is changed. Then it writes every file to a
temporary folder inside the target and moves each into place, putting back what was there on any
error or interruption.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Callable, Optional

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
    """Refuse an output folder that is a file, a mount point or a folder holding input files.

    Links are resolved first: a link to a mount point or to the data folder is refused as they are."""
    given, out = Path(out), Path(os.path.realpath(out))
    shown = str(given) if os.path.abspath(given) == str(out) else f"{given} (which leads to {out})"
    if out.exists() and not out.is_dir():
        raise InputError(option, "", shown, "a folder for the output, not an existing file")
    if out.is_dir() and os.path.ismount(out):
        raise InputError(option, "", shown, "a folder that is not a mount point (use a folder inside it)")
    why = _protected(out, data, params)
    if why:
        raise InputError(option, "", shown, f"a folder outside {why}: outputs never go among the inputs")
    if (out / "assumptions.csv").exists():
        raise InputError(option, "", shown, "a folder that holds no input files (it holds assumptions.csv)")


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


RECORD = ".bizcase-written.json"  # in an output folder: what bizcase wrote there (name -> SHA-256)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _encoded(text) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


def _read_record(out: Path, option: str) -> dict:
    """The folder's record of what bizcase wrote there ({} when there is none); a record that is
    not bizcase's is a name clash like any other."""
    path = out / RECORD
    if not os.path.lexists(path):
        return {}
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            raise ValueError
        record = json.loads(path.read_bytes().decode("utf-8"))
        if not (isinstance(record, dict) and isinstance(record.get("files"), dict)):
            raise ValueError
        return {str(k): str(v) for k, v in record["files"].items()}
    except (OSError, ValueError):
        raise InputError(option, "", str(path), "no file of that name, or the record bizcase keeps of what it "
                         "wrote there (move it away or choose another folder)") from None


def _what(path: Path) -> str:
    mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        return "a link"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a file" if stat.S_ISREG(mode) else "a special file"


def check_names(out: Path, names, record: dict, owned: Optional[Callable[[str, bytes], bool]] = None,
                option: str = "--out") -> None:
    """Refuse, before anything is changed, a name about to be written that exists and is not a
    plain file bizcase wrote (its bytes as recorded, or recognised by ``owned``)."""
    for name in names:
        target = out / name
        if not os.path.lexists(target):
            continue
        what = _what(target)
        if what == "a file":
            data = target.read_bytes()
            if record.get(name) == _sha256(data) or (owned is not None and owned(name, data)):
                continue
            what = "a file bizcase did not write (or that was changed since)"
        raise InputError(option, f"file {name!r}", f"{what} at {target}",
                         "no such name in the output folder: bizcase replaces only files it wrote itself "
                         "and never deletes anything else (move it away or choose another folder)")


def write_outputs(out: Path, files: dict, owned: Optional[Callable[[str, bytes], bool]] = None,
                  keep_record: bool = True, option: str = "--out") -> None:
    """Write ``files`` into the folder ``out``: all of them or, on any error, none.

    ``out``'s links are resolved first. Every name is checked before anything is changed
    (:func:`check_names`); ``owned`` recognises a file the command wrote earlier without a record.
    With ``keep_record`` the folder's :data:`RECORD` is updated to hold the files written.
    The files are written to a temporary folder inside ``out`` (created if needed) and moved
    into place with os.replace, which never crosses devices. On an error or an interruption
    (Ctrl-C) the files moved so far are put back as they were, and the temporary folder and the
    folders created are removed. Any OSError becomes an InputError naming the path.
    """
    out = Path(os.path.realpath(out))
    check_out(out, option=option)
    record = _read_record(out, option) if keep_record else {}  # refuses a record that is not bizcase's
    check_names(out, list(files), record, owned, option)
    files = {name: _encoded(text) for name, text in files.items()}
    if keep_record:
        kept = {k: v for k, v in record.items() if k not in files and (out / k).is_file()}
        entries = {**kept, **{name: _sha256(data) for name, data in files.items()}}
        files[RECORD] = (json.dumps({"written_by": "bizcase", "files": dict(sorted(entries.items()))}, indent=2)
                         + "\n").encode("utf-8")
    created = _new_folders(out)
    moved = []  # (target, backup or None)
    tmp = None
    current = out
    try:
        out.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".bizcase-tmp-", dir=out))
        for name, data in files.items():
            current = out / name
            (tmp / name).write_bytes(data)
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
    except BaseException as exc:  # an OSError, or an interruption (Ctrl-C): put everything back
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
        if not isinstance(exc, OSError):
            raise
        path = exc.filename or current
        raise InputError(str(path), "", exc.strerror or type(exc).__name__,
                         "a folder we can write to (permissions, free space)") from None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


