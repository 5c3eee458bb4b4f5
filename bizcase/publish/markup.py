"""The markup of a printed figure that opens its lineage (issue 24), for tables and prose alike."""
from __future__ import annotations

import html


def figure_html(name: str, content: str) -> str:
    """A printed figure as a button carrying ``data-figure`` (its stable name, :mod:`bizcase.analysis.lineage`):
    the report's script shows its lineage; in the PDF it prints as the plain figure. ``content`` is HTML."""
    return f"<button type='button' class='fig' data-figure='{html.escape(name, quote=True)}'>{content}</button>"


def figure_text(text: str, name: str) -> str:
    """A figure written in prose (``text``, plain) as :func:`figure_html`: the texts' filter ``fig``."""
    return figure_html(name, html.escape(text, quote=False))
