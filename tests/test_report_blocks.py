"""Every chart and table the report shows (issue 23), collected by running the chapter notebooks'
code in-process: each plotted value inside its chart's axes, labels readable when printed on A4,
alt text in Dutch, and table headers that state the unit of their cells."""
import json
import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from bizcase.publish import chapter as publish_chapter
from bizcase.publish import charts, labels
from bizcase.publish.blocks import Chart, Table
from bizcase.publish.chapters import principles

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MIN_PRINTED_PT = 8.0


def _shown_blocks() -> list:
    """(label, block) for every chart and table the chapter notebooks show, in order."""
    shown = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(publish_chapter, "display", lambda *_: None)
        mp.setattr(publish_chapter, "chart_html", lambda block, label: shown.append((label, block)) or "")
        mp.setattr(publish_chapter, "table_html", lambda block, label: shown.append((label, block)) or "")
        for nb in NOTEBOOKS:
            cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
            namespace = {"data_dir": str(DATA), "variant": "standaard"}
            for cell in cells:
                if cell["cell_type"] == "code" and "parameters" not in cell["metadata"].get("tags", []):
                    exec("".join(cell["source"]), namespace)  # noqa: S102  (the repository's own notebooks)
    return shown


@pytest.fixture(scope="module")
def blocks():
    shown = _shown_blocks()
    yield shown
    for _, block in shown:
        if isinstance(block, Chart):
            plt.close(block.figure)


def _charts(blocks) -> list:
    return [(label, b) for label, b in blocks if isinstance(b, Chart)]


def test_the_report_shows_the_four_figures_of_the_original(blocks):
    labels_shown = [label for label, _ in _charts(blocks)]
    assert {"Figuur 2.1", "Figuur 2.2", "Figuur 2.3", "Figuur 3.1"} <= set(labels_shown)
    assert len(labels_shown) == len(set(labels_shown))  # each chapter numbers its figures once


def test_every_plotted_value_lies_within_its_axes(blocks):
    """No line, bar or band is cut off at the frame (issue 23: S3.0 ran below Figure 6.2's axis).
    The cumulative chart cuts a dotted projection on purpose and writes its end value at the frame:
    the cut line lies within the axes all the same."""
    for label, chart in _charts(blocks):
        for ax in chart.figure.axes:
            (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
            for line in ax.lines:
                xs, ys = (np.asarray(v, float) for v in line.get_data())
                if line.get_transform() != ax.transData or xs.size == 0:
                    continue  # a reference line across the axes (axhline/axvline)
                assert np.all((ys >= y0 - 1e-9) & (ys <= y1 + 1e-9)), f"{label}: {line.get_label()} outside {y0}-{y1}"
                assert np.all((xs >= x0 - 1e-9) & (xs <= x1 + 1e-9)), f"{label}: {line.get_label()} outside {x0}-{x1}"
                # nothing drawn along the frame either (a line cut at the axis limit), zero apart
                edge = np.isclose(ys, y0) | np.isclose(ys, y1)
                assert not np.any(edge & ~np.isclose(ys, 0.0)), f"{label}: {line.get_label()} runs along the frame"
            for patch in ax.patches:
                if patch.get_transform() != ax.transData or not hasattr(patch, "get_bbox"):
                    continue
                box = patch.get_bbox()
                assert y0 - 1e-9 <= min(box.y0, box.y1) and max(box.y0, box.y1) <= y1 + 1e-9, label
                assert x0 - 1e-9 <= min(box.x0, box.x1) and max(box.x0, box.x1) <= x1 + 1e-9, label
            for band in ax.collections:
                for path in band.get_paths() if band.get_transform() == ax.transData else ():
                    v = path.vertices
                    assert np.all((v[:, 1] >= y0 - 1e-9) & (v[:, 1] <= y1 + 1e-9)), label


def test_every_chart_is_readable_on_a4(blocks):
    """Each text of each chart at least MIN_PRINTED_PT points at the size the PDF prints it."""
    for label, chart in _charts(blocks):
        scale = charts.printed_scale(chart.figure)
        for text in chart.figure.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text")):
            if text.get_text().strip() and text.get_visible():
                size = text.get_fontsize() * scale
                assert size >= MIN_PRINTED_PT - 1e-6, f"{label}: '{text.get_text()}' prints at {size:.1f} pt"


def test_every_chart_has_a_dutch_caption_and_alt_text(blocks):
    for label, chart in _charts(blocks):
        assert chart.caption and chart.description.endswith("."), label
        assert re.search(r"\b(de|het|een|van|en)\b", chart.description), label


def _units(table, j) -> set:
    return {{"eur": "€", "pct": "%", "share": "%"}.get(v.kind, "") for v in table.column(j)
            if v.x is not None and v.kind != "text"}


def test_table_headers_state_units_the_same_way_in_every_column(blocks):
    """A table states a unit either in the headers of its columns (each column one unit) or in its
    cells (columns that mix units), never both (issue 23: Table 5.4 had '(%)' over three of six
    year columns, and € and % in the cells of the other three)."""
    for label, table in ((lb, b) for lb, b in blocks if isinstance(b, Table)):
        units = [_units(table, j) for j in range(len(table.columns))]
        in_header = [j for j, u in enumerate(units) if table.shared_unit(j)]
        in_cells = [j for j, u in enumerate(units) if len(u - {""}) and not table.shared_unit(j)]
        assert not (in_header and in_cells), (f"{label}: unit in the header of {[table.columns[j] for j in in_header]}, "
                                              f"in the cells of {[table.columns[j] for j in in_cells]}")


@pytest.mark.parametrize("make, words", [(principles.pyramid, labels.PYRAMID), (principles.matrix, labels.MATRIX),
                                         (principles.benefits, labels.BENEFITS),
                                         (principles.cost_curve, labels.COST_CURVE)],
                         ids=["pyramid", "matrix", "benefits", "cost_curve"])
def test_the_original_figures_show_their_dutch_words_and_no_numbers(make, words):
    """Each redrawn figure shows every word labels.py gives it (wrapped or not) and no value on an
    axis: the original's figures are schematic."""
    chart = make(None)
    shown = [" ".join(t.get_text().split()) for t in chart.figure.findobj(lambda a: hasattr(a, "get_text"))]
    for value in words.values():
        for word in value if isinstance(value, tuple) else (value,):
            assert any(" ".join(word.split()) in text for text in shown), word
    for ax in (a for a in chart.figure.axes if a.axison):  # a canvas without axes draws no ticks
        assert not [t for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_text()]
    assert chart.caption.endswith("opnieuw getekend)") or "geen bedragen" in chart.caption
    plt.close(chart.figure)
