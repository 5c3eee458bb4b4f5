"""Blocks as HTML: a table of typed values, a chart as an inline PNG with alt text.

The HTML is plain and deterministic. Numbers are right-aligned (by their kind, not by their
look); a unit that every filled cell of a column shares is written once in its header. A table,
its caption and its note stay together in one block, which the PDF keeps on one page for tables
of up to :data:`KEEP_TOGETHER_ROWS` rows; longer ones break between rows and repeat their header.
"""
from __future__ import annotations

import base64
import html
import io

import matplotlib.pyplot as plt

from bizcase.publish.blocks import Chart, Table
from bizcase.publish.markup import figure_html

KEEP_TOGETHER_ROWS = 25
PNG_DPI = 110
TIGHT_PAD_IN = 0.1  # matplotlib's margin around the tight box (savefig's pad_inches)
CSS_PX_PER_IN = 96  # the PDF shows an image at its size in CSS pixels (report.css caps it at the text width)


def cell_html(text: str) -> str:
    """A cell's text as HTML: escaped, and a line break in the text (allowed in the register's
    texts) shown as one."""
    return html.escape(text).replace("\n", "<br>")


def table_html(table: Table, label: str) -> str:
    """The table as one HTML block, its caption numbered ``label`` ('Tabel 6.1')."""
    units = [table.unit(j) for j in range(len(table.columns))]
    numeric = [any(v.is_number for v in table.column(j)) and all(v.is_number or v.x is None or v.x == "geen"
                                                                  for v in table.column(j))
               for j in range(len(table.columns))]
    head = [f"<th>{html.escape(table.index_name)}</th>"]
    for name, unit, isnum in zip(table.columns, units, numeric):
        label_text = f"{name} ({unit})" if unit else str(name)
        head.append(f"<th class='num'>{html.escape(label_text)}</th>" if isnum else f"<th>{html.escape(label_text)}</th>")
    italic = {str(c) for c in table.italic_columns}
    rows = []
    for row_head, values in table.rows:
        cells = [f"<th class='rowhead'>{cell_html(str(row_head))}</th>"]
        for j, v in enumerate(values):
            classes = (["num"] if v.is_number or (numeric[j] and v.x is None) else []) + \
                      (["extrapolated"] if str(table.columns[j]) in italic else [])
            cls = f" class='{' '.join(classes)}'" if classes else ""
            content = cell_html(v.text(with_unit=not table.shared_unit(j)))
            cells.append(f"<td{cls}>{figure_html(v.figure, content) if v.figure else content}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    note = f"<p class='table-note'>{html.escape(table.note)}</p>" if table.note else ""
    cls = "bc-table text" if table.words else "bc-table"
    block = "table-block" if len(table.rows) <= KEEP_TOGETHER_ROWS else "table-block long"
    caption = f"{label}: {table.caption}"
    return (f"<div class='{block}'><div class='table-scroll'><table class='{cls}'>"
            f"<caption>{html.escape(caption)}</caption><thead><tr>{''.join(head)}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>{note}</div>")


def png(figure) -> bytes:
    """A matplotlib figure as PNG bytes (no software stamp: the same figure gives the same bytes);
    the figure is closed."""
    buf = io.BytesIO()
    figure.savefig(buf, format="png", dpi=PNG_DPI, metadata={"Software": None}, bbox_inches="tight",
                   pad_inches=TIGHT_PAD_IN)
    plt.close(figure)
    return buf.getvalue()


def chart_html(chart: Chart, label: str) -> str:
    """A chart as one <figure>: the PNG inline (data URI); its Dutch alt text is the caption and,
    when given, the description of what the chart shows."""
    data = base64.b64encode(png(chart.figure)).decode("ascii")
    alt = f"{chart.caption}. {chart.description}" if chart.description else chart.caption
    return (f"<figure class='bc-figure'><img src='data:image/png;base64,{data}' alt='{html.escape(alt, quote=True)}'>"
            f"<figcaption class='figcaption'>{html.escape(label)}: {html.escape(chart.caption)}</figcaption></figure>")
