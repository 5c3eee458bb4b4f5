"""The Samenvatting: the headline figures, their uncertainty, the conclusion and a variant's changes."""
from __future__ import annotations


from bizcase.analysis.lineage import TOTAL, FigureName
from bizcase.core.schema import COLLABORATIONS, SCENARIOS
from bizcase.publish import labels
from bizcase.publish.blocks import Table, Text, V
from bizcase.publish.chapters.common import KEUR
from bizcase.publish.formatting import setting
from bizcase.publish.texts import paragraph

TEXTS = "00-samenvatting"
CLAIMS = ("investment_eur_s2", "investment_eur_s3", "break_even_year_s2", "break_even_year_s3",
          "saving_pct_2013_2018_s3")
# the advice's financial basis holds while S3.0 saves at most this multiple of the published saving
SAVING_MULTIPLE = 2


def claims(ch) -> dict:
    """The original report's headline figures (for comparison in the prose)."""
    return {c: ch.reference.claim(c) for c in CLAIMS}


def context(ch) -> Text:
    """What the business case compared (two sentences before the answer)."""
    return Text(paragraph(TEXTS, "context", start_year=int(ch.inputs.params.centre.start_year), f=ch.figures))


def supports_advice(ch) -> tuple[bool, bool]:
    """(S2.0 earns its investment back within the computed years, the figures carry the advice's
    financial basis): the basis holds while S2.0 does not earn back within the term and S3.0 saves
    at most :data:`SAVING_MULTIPLE` times the published saving."""
    f, c = ch.figures, claims(ch)
    within = bool(f.s2.break_even_year <= f.last_computed)  # NaN compares False: no break-even is not within
    return within, not within and f.s3.saving_pct <= SAVING_MULTIPLE * c["saving_pct_2013_2018_s3"]


def answer(ch) -> Text:
    """The answer first, as the original's summary gives it: the conclusion, its reasons (each
    generated from the figures, the overhead the original expects included) and the advice."""
    within, supports = supports_advice(ch)
    return Text(paragraph(TEXTS, "answer", f=ch.figures, within=within, supports=supports, overhead=ch.overhead))


def introduction(ch) -> list:
    """The headline figures beside the original's, and any investment after the modelled years."""
    f = ch.figures
    blocks = [Text(paragraph(TEXTS, "figures", f=f, claims=claims(ch), variant=bool(ch.overrides)))]
    later = [(labels.SCENARIO[sc], s.investment_projected, s.investment_uncounted, any(o.never for o in s.one_offs))
             for sc, s in ((sc, f.scenario(sc)) for sc in COLLABORATIONS) if s.investment_after_period]
    if later:
        blocks.append(Text(paragraph(TEXTS, "later_investment", parts=later, extrapolated=f.extrapolated,
                                     horizon=f.horizon)))
    return blocks


def key_figures(ch) -> Table:
    """Total costs, difference to the baseline, investment and break-even per scenario."""
    f = ch.figures
    rows = []
    for sc in SCENARIOS:
        total = FigureName(TOTAL, sc).name
        if sc == "baseline":
            rows.append((labels.SCENARIO[sc], (V(f.baseline_total, "keur", figure=total), V(None), V(None), V(None))))
            continue
        s = f.scenario(sc)
        rows.append((labels.SCENARIO[sc], (V(s.total, "keur", figure=total),
                                           V(s.cumulative_difference, "keur", figure=FigureName("cumulative", sc).name),
                                           V(s.investment, "keur", figure=FigureName("investment", sc).name),
                                           V(s.break_even_year, "year", figure=FigureName("break_even", sc).name))))
    note = (f"Verschil: positief is duurder dan de baseline. De business case rekent {f.computed_period} door; "
            f"{f.extrapolated} is geëxtrapoleerd. Omslagjaar: het eerste jaar vanaf welk de opgetelde kosten tot en met "
            f"{f.horizon} niet meer boven die van de baseline uitkomen; een jaar na {f.extrapolated} is een doortrekking "
            "(besluit D7).")
    return Table("Kerncijfers per scenario, beide gemeenten samen", KEUR,
                 (f"Totale kosten {f.period}", "Verschil met baseline", "Eenmalige investering", "Omslagjaar"),
                 tuple(rows), note)


def uncertainty(ch) -> Text:
    """The Monte Carlo analysis in words, every share over all draws."""
    u, f = ch.uncertainty, ch.figures
    return Text(paragraph(TEXTS, "uncertainty", s2=u["s2"], s3=u["s3"], extrapolated=f.extrapolated, horizon=f.horizon,
                          period=f.period, one_sided=ch.one_sided, widened=ch.widened))


def reconstruction(ch) -> Text:
    """The bands over the reconstructions that reproduce the published tables (chapter 6), in words."""
    b = ch.bands
    return Text(paragraph(TEXTS, "reconstruction", members=b.members, period=ch.figures.period,
                          drivers=[labels.assumption(k) for k in b.driven_by_unidentified()],
                          break_even_s2=b.of("break_even", "s2"), break_even_s3=b.of("break_even", "s3"),
                          cumulative_s2=b.of("cumulative", "s2"), cumulative_s3=b.of("cumulative", "s3")))


def variant(ch):
    """A variant's changed values, by their Dutch names (nothing for the default)."""
    if not ch.overrides:
        return None
    items = [(labels.assumption(k), setting(k, v)) for k, v in sorted(ch.overrides.items())]
    return Text(paragraph(TEXTS, "variant", items=items))
