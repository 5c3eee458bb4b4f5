"""Progress on the terminal for the commands' long work (tqdm).

A bar appears only when stderr is a terminal (tqdm's ``disable=None``) and only after
:data:`DELAY_S` seconds, so short work stays quiet and pipes, logs and CI stay silent. The
calculations take a plain callback (``progress(n)``: n more units done) and know nothing of tqdm.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager

from tqdm import tqdm

DELAY_S = 2.0  # work that ends sooner shows no bar


@contextmanager
def bar(total: int, what: str, unit: str):
    """A progress bar over ``total`` units of ``unit``; yields the callback to tell it of work done."""
    with tqdm(total=total, desc=what, unit=unit, disable=None, delay=DELAY_S, file=sys.stderr, leave=False,
              dynamic_ncols=True, unit_scale=total >= 10_000) as shown:
        yield shown.update
