"""The files of data/ the package reads: the only data the build depends on.

:data:`DATA_FILES` are the model's tables (:data:`bizcase.core.rows.FILES`) and the published
reference (read by :mod:`bizcase.fit.reference` only). They, and only they, are the build's data:
make's data prerequisites (the Makefile's ``DATA_FILES`` writes the same list out; a test holds the
two equal), the data in the fingerprints of the generated files and artefacts, and the data that
date and version the report. Any other file in data/ is read by nothing, so it is no input: a stray
copy ("assumptions - Kopie.csv"), a name make cannot hold as a prerequisite (spaces, a newline, ':',
'%', or ';', '$', quotes and '(' for the recipes' shell) or a link to nothing is neither refused nor
read and changes no output (issue 21). A listed file that is missing is refused by the build's first
step, :func:`bizcase.build.variants.check`.

(The list lives in the build layer, not beside ``FILES``: the decisions log's fingerprint hashes
the code of ``bizcase.core.rows`` and ``bizcase.fit.reference``, so a list there would put that
committed file out of date for no change of its content.)
"""
from __future__ import annotations

from pathlib import Path

from bizcase.core.rows import FILES

# read by bizcase.fit.reference (load_reference), never by the model
REFERENCE_FILES = ("published_costs.csv", "published_claims.csv")

DATA_FILES = tuple(sorted([name for name, _, _ in FILES.values()] + list(REFERENCE_FILES)))


def data_files(data_dir: Path, without: tuple = ()) -> list:
    """The paths of the :data:`DATA_FILES` in ``data_dir`` that are files (sorted by name), leaving
    out the names in ``without``; a missing one is left to whoever reads it to refuse."""
    folder = Path(data_dir)
    return [folder / name for name in DATA_FILES if name not in without and (folder / name).is_file()]
