"""Chapters 2 and 3: the original report's four schematic figures, redrawn (par. 2.4 and 3.4).

The words in each figure come from :mod:`bizcase.publish.labels`, its caption and alt text from the
chapter's text file; the figure itself from :mod:`bizcase.publish.diagrams`.
"""
from __future__ import annotations

from bizcase.publish import diagrams, labels
from bizcase.publish.blocks import Chart
from bizcase.publish.formatting import inline
from bizcase.publish.texts import paragraph

TEXTS_2 = "01-inleiding"  # chapter 2 shares its notebook and text file with chapter 1
TEXTS_3 = "03-opzet"


def _in_sentence(value):
    """A label as the middle of a sentence: on one line, its first letter lower-case unless it
    starts with an abbreviation ('ICT-...'); a tuple item by item."""
    if isinstance(value, tuple):
        return tuple(_in_sentence(v) for v in value)
    return inline(" ".join(value.split()))


def _line(text: str) -> str:
    """A macro's text as one line (a caption, an alt text)."""
    return " ".join(text.split())


def _chart(make, words: dict, texts: str, caption: str, description: str) -> Chart:
    """The figure ``make`` draws with ``words``, captioned and described by the macros ``caption``
    and ``description`` of the text file ``texts`` (the description given the words in a sentence)."""
    sentence = {k: _in_sentence(v) for k, v in words.items()}
    return make(words, _line(paragraph(texts, caption)), _line(paragraph(texts, description, w=sentence)))


def pyramid(ch) -> Chart:
    """2.4.1 (Uitgangspunt 1): the inverted pyramid of the ways ICT adds value."""
    return _chart(diagrams.pyramid_chart, labels.PYRAMID, TEXTS_2, "pyramid_caption", "pyramid_description")


def matrix(ch) -> Chart:
    """2.4.2 (Uitgangspunt 2): the four forms of collaboration on two axes, and the phases."""
    return _chart(diagrams.matrix_chart, labels.MATRIX, TEXTS_2, "matrix_caption", "matrix_description")


def benefits(ch) -> Chart:
    """2.4.3 (Uitgangspunt 3): the costs of a task to society before and after investing in ICT."""
    return _chart(diagrams.benefits_chart, labels.BENEFITS, TEXTS_2, "benefits_caption", "benefits_description")


def cost_curve(ch) -> Chart:
    """3.4: collaboration costs more first and tempers the rise of ICT costs after."""
    return _chart(diagrams.cost_curve_chart, labels.COST_CURVE, TEXTS_3, "cost_curve_caption", "cost_curve_description")
