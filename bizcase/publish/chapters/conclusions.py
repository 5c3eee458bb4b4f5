"""Chapter 7, Conclusies: the report's conclusions on 3.0 and 2.0 with this edition's figures."""
from __future__ import annotations

import numpy as np

from bizcase.publish.blocks import Text
from bizcase.publish.chapters.summary import SAVING_MULTIPLE
from bizcase.publish.texts import paragraph

TEXTS = "07-conclusies"


def s3(ch) -> list:
    """7.2: the conclusion on Samenwerking 3.0, with a note where this edition's figures differ."""
    f = ch.figures
    published = ch.reference.claim("saving_pct_2013_2018_s3")
    be3 = f.s3.break_even_year
    late = not be3 <= f.extrapolated  # NaN (never) counts as late
    larger = f.s3.saving_pct > SAVING_MULTIPLE * published
    blocks = [Text(paragraph(TEXTS, "s3", f=f))]
    if late or larger:
        blocks.append(Text(paragraph(TEXTS, "s3_notes", late=late, larger=larger, extrapolated=f.extrapolated,
                                     saving=f.s3.saving_pct, published=published)))
    return blocks


def s2(ch) -> list:
    """7.3: the conclusion on Samenwerking 2.0, with a note where this edition's figures differ."""
    f = ch.figures
    be2 = f.s2.break_even_year
    blocks = [Text(paragraph(TEXTS, "s2", f=f, overhead=ch.overhead))]
    if np.isnan(be2) or be2 <= f.last_computed:
        blocks.append(Text(paragraph(TEXTS, "s2_note", f=f, within=not np.isnan(be2))))
    return blocks
