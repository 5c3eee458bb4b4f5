"""The live Excel model's public API: the workbook of visible formulas and its deterministic xlsx bytes."""
from __future__ import annotations

from openpyxl import Workbook

from bizcase.publish.workbook.live_calc import baseline, kapitaallasten, resultaat, samenwerking, tijdlijn
from bizcase.publish.workbook.live_checks import controles, validate_inputs
from bizcase.publish.workbook.live_grid import Book, Layout
from bizcase.publish.workbook.live_inputs import afgeleid, invoer
from bizcase.publish.workbook.live_outputs import expected_outputs, lees_mij, output_rows, uitkomsten
from bizcase.publish.workbook.excel_values import cached
from bizcase.publish.workbook.recalc import evaluate
from bizcase.publish.workbook.zipfile_fixed import xlsx_bytes

__all__ = ["Layout", "build_workbook", "expected_outputs", "output_rows", "to_bytes", "workbook_bytes"]


def build_workbook(inputs):
    """The workbook (openpyxl) of ``inputs`` and the rows of ``Uitkomsten`` by output key.

    A second, independent implementation of :mod:`bizcase.core.model`. The inputs stand on one
    sheet (``Invoer``, styled as inputs, the key ones under defined names); every other number is
    a formula, one per row copied across the year columns, so that changing a value in ``Invoer``
    changes ``Uitkomsten``. ``tests/test_workbook_model.py`` recomputes the workbook with
    LibreOffice and compares every output cell with the Python model.

    Sheets: ``Lees mij``; ``Invoer`` and ``Afgeleid`` (derived scalars and table dates;
    :mod:`.live_inputs`); ``Tijdlijn`` (years, flags, index, harmonisation effect),
    ``Kapitaallasten`` (one row per renewal vintage, municipality and financing), ``Baseline``
    (per municipality), ``Samenwerking`` (S2.0 and S3.0) and ``Resultaat`` (allocation,
    differences, cumulative through the horizon, break-even, saving, investment;
    :mod:`.live_calc`); ``Uitkomsten`` (:mod:`.live_outputs`) and ``Controles`` (:mod:`.live_checks`:
    the model's own checks, every input cell against the hard bounds and plausible range the Python
    model holds it to, and the loader's rules between values; every input cell also carries Excel's
    data validation).

    The layout (number of year columns and vintage rows, rows of the tables) is fixed here:
    ``year_first``, ``year_last``, ``break_even_projection_years`` and the tables' number of rows
    are structural; every other value may be changed in the workbook. Writing the file is the
    build's job: it calls :func:`workbook_bytes` and writes the bytes.
    """
    wb = Workbook()
    wb.remove(wb.active)
    book = Book(wb, Layout(inputs.params))
    lees_mij(book)
    tables = invoer(book, inputs)
    afgeleid(book, tables)
    tijdlijn(book)
    kapitaallasten(book)
    baseline(book)
    samenwerking(book)
    resultaat(book)
    where = uitkomsten(book)
    controles(book, where, tables)
    validate_inputs(book)
    book.finish()
    return wb, where


def to_bytes(wb) -> bytes:
    """The workbook as xlsx bytes, the same for the same workbook (fixed dates and zip times),
    every formula with its result computed in Python as its cached value (:mod:`.recalc`,
    decision D34), so that a reader that does not recalculate shows the figures."""
    results = {sheet: {ref: cached(value) for ref, value in cells.items()} for sheet, cells in evaluate(wb).items()}
    return xlsx_bytes(wb, results)


def workbook_bytes(inputs) -> bytes:
    """The live model of ``inputs`` as deterministic xlsx bytes (the build writes them to disk)."""
    wb, _ = build_workbook(inputs)
    return to_bytes(wb)
