"""The state of a chapter kernel, restored between two chapters (run inside the kernel).

The build runs several chapters one after the other in one kernel (:mod:`bizcase.build.kernels`):
:func:`kernel_snapshot` once after start, :func:`kernel_restore` before every chapter but the
first. The imported modules stay: that is the saving.
"""
from __future__ import annotations

import os
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


# (one expression each: no name is left in, or needed from, the chapter's namespace)
SNAPSHOT = "__import__('bizcase.build.kernel_state').build.kernel_state.kernel_snapshot()"
RESET = "__import__('bizcase.build.kernel_state').build.kernel_state.kernel_restore(get_ipython())"
