"""The state of a chapter kernel, restored between two chapters (run inside the kernel).

The build runs several chapters one after the other in one kernel (:mod:`bizcase.build.kernels`):
:func:`kernel_snapshot` once after start, :func:`kernel_restore` before every chapter but the
first. The imported modules stay: that is the saving. Only the kernel imports this module (the
driver names its functions in ``kernels.SNAPSHOT`` and ``kernels.RESET``).
"""
from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import warnings

import matplotlib
import matplotlib.pyplot as plt  # activates the kernel's inline backend, as in a chapter

_KERNEL_STATE: dict = {}


def kernel_snapshot() -> None:
    """Remember the fresh kernel's process state: environment, working folder, import path and,
    with pyplot imported as a chapter would (inline backend active), matplotlib's settings."""
    _KERNEL_STATE.update(environ=dict(os.environ), cwd=os.getcwd(), path=list(sys.path),
                         rc=dict(matplotlib.rcParams))


def kernel_restore(shell) -> None:
    """Give the next chapter what a fresh kernel would: a new session (empty namespace, execution
    count 1), no open figure, the snapshot's environment, folder, import path and matplotlib
    settings, and pandas' default options."""
    shell.reset(new_session=True)
    plt.close("all")
    matplotlib.rcParams.update(_KERNEL_STATE["rc"])
    os.environ.clear()
    os.environ.update(_KERNEL_STATE["environ"])
    os.chdir(_KERNEL_STATE["cwd"])
    sys.path[:] = _KERNEL_STATE["path"]
    if "pandas" in sys.modules:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # deprecated options warn when reset
            sys.modules["pandas"].reset_option("all")



def preload() -> None:
    """Import the modules the chapters import (the chapter helper and every chapter's module), as a
    chapter's first cell would: a kernel that waits for the build's artefacts does it meanwhile."""
    importlib.import_module("bizcase.build.chapter")
    package = importlib.import_module("bizcase.publish.chapters")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
