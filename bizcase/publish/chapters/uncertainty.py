"""Chapter 9, Gevoeligheid en onzekerheid: tornado, switching values, delay, Monte Carlo, keys, NPV."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from bizcase.analysis import bands as recon
from bizcase.core.schema import COLLABORATIONS, MUNICIPALITIES
from bizcase.publish import charts, labels
from bizcase.publish.blocks import Table, Text, V, text
from bizcase.publish.blocks import setting as typed
from bizcase.publish.figures import allocation_outcomes
from bizcase.publish.formatting import setting, value_text
from bizcase.publish.texts import paragraph

TEXTS = "09-onzekerheid"
TORNADO_ROWS = 10  # the assumptions the tornado charts and their table show: one number for both
STRONG_CHANGE = 0.5  # a delay that changes the saving by half or more, or turns it, changes the outcome strongly


class OneSidedText(NamedTuple):
    """A one-sided assumption (:class:`bizcase.publish.figures.OneSided`) as chapter 9 prints it."""

    name: str
    end: str
    other: str
    s2_change: float
    s3_change: float
    moves: bool


def tornado_table(ch, top: int | None = TORNADO_ROWS) -> Table:
    """Each uncertain assumption at its low and its high value: the outcomes, the assumptions that
    move S3.0 most first. The report shows the ``top`` of them with S3.0's cumulative difference;
    ``top`` None (the values workbook) shows every assumption and both scenarios' differences."""
    unit = {k: row.unit for k, row in ch.inputs.register.items()}
    rows = sorted(ch.analyses.tornado, key=lambda r: -r.swing("cumulative_s3"))[:top]
    shown = ("cumulative_s3",) if top else ("cumulative_s2", "cumulative_s3")
    table_rows = tuple((labels.assumption(r.id), (
        typed(unit[r.id], r.low), typed(unit[r.id], r.high),
        *(V(at[o], "keur") for o in shown for at in (r.at_low, r.at_high)),
        V(r.at_low["break_even_s2"], "year"), V(r.at_high["break_even_s2"], "year"),
        V(r.at_low["break_even_s3"], "year"), V(r.at_high["break_even_s3"], "year"))) for r in rows)
    which = f"De {len(rows)} aannames met de grootste invloed" if top else "Alle onzekere aannames, de grootste invloed eerst"
    heads = tuple(f"{o[-1]}.0 bij {side}" for o in shown for side in ("laag", "hoog"))
    return Table(f"{which} (cumulatief verschil × € 1.000)", "Aanname",
                 ("Laag", "Hoog") + heads + ("Omslagjaar 2.0 laag", "Omslagjaar 2.0 hoog", "Omslagjaar 3.0 laag",
                                             "Omslagjaar 3.0 hoog"), table_rows)


def tornado(ch) -> list:
    """The tornado charts of both scenarios and the table of the assumptions that move S3.0 most."""
    f, rows = ch.figures, ch.analyses.tornado
    return [charts.tornado_chart(rows, f, "cumulative_" + sc, f"Gevoeligheid van {labels.SCENARIO[sc]}",
                                 f"Cumulatief verschil {f.period} van {labels.SCENARIO[sc]} als één aanname op haar lage "
                                 f"of hoge waarde staat: de {TORNADO_ROWS} aannames met de grootste invloed",
                                 TORNADO_ROWS) for sc in ("s3", "s2")] + [tornado_table(ch, TORNADO_ROWS)]


def switching_table(ch, switches: list, caption: str) -> Table:
    """The switching values of ``switches`` (rows of the analysis): the value at which a conclusion
    turns, beside the register's value and the plausible range ('-': none within the range)."""
    f = ch.figures
    unit = {k: row.unit for k, row in ch.inputs.register.items()}
    rows = tuple((labels.assumption(x.id), (
        text(labels.conclusion(x.conclusion, f.first, f.last_computed, f.extrapolated)), typed(unit[x.id], x.value),
        typed(unit[x.id], None if np.isnan(x.switching_value) else x.switching_value, exact=True), typed(unit[x.id], x.low),
        typed(unit[x.id], x.high))) for x in switches)
    return Table(caption, "Aanname", ("Conclusie", "Waarde", "Omslagwaarde", "Laag", "Hoog"), rows, words=True)


def switching(ch) -> list:
    """The switching values within the plausible ranges (D24)."""
    f = ch.figures
    switches = [x for x in ch.analyses.switching_values if not np.isnan(x.switching_value)]
    blocks = [Text(paragraph(TEXTS, "switching", found=len(switches), combinations=2 * len(ch.analyses.uncertain_ids),
                             widened=ch.widened))]
    if switches:
        blocks.append(switching_table(ch, switches, "Omslagwaarden binnen het plausibele bereik"))
    if not any(x.conclusion == "s2_not_paid_back_in_period" for x in switches):
        blocks.append(Text(paragraph(TEXTS, "s2_holds", first=f.first, last=f.last_computed)))
    return blocks


def delay(ch) -> list:
    """S3.0 under a later or smaller harmonisation schedule (one vectorised evaluation)."""
    f, variants = ch.figures, ch.analyses.harmonisation_delay
    rows = tuple((name, (V(o["cumulative_s3"], "keur"), V(o["saving_pct_s3"], "pct", 2), V(o["break_even_s3"], "year")))
                 for name, o in variants)
    like_s2 = [name for name, o in variants if abs(o["cumulative_s3"] - o["cumulative_s2"]) < 1.0]
    note = (f"{', '.join(like_s2).capitalize()}: tot en met {f.extrapolated} is 3.0 gelijk aan 2.0, want harmonisatie "
            f"werkt pas daarna door; de besparingen en de investering die na {f.extrapolated} vallen, tellen wel mee "
            "bij het omslagjaar (besluit D31)."
            if like_s2 else "")
    table = Table("Samenwerking 3.0 bij een later of beperkter harmonisatieschema", "Variant",
                  (f"Cumulatief verschil 3.0 {f.period} (× € 1.000)", "Besparing 3.0", "Omslagjaar 3.0"), rows, note)
    base, late = variants[0][1], variants[1][1]
    turned = (base["saving_pct_s3"] > 0) != (late["saving_pct_s3"] > 0)
    strongly = turned or abs(late["saving_pct_s3"] - base["saving_pct_s3"]) >= STRONG_CHANGE * abs(base["saving_pct_s3"])
    return [table,
            Text(paragraph(TEXTS, "delay", on_schedule=base["saving_pct_s3"], one_year_late=late["saving_pct_s3"],
                           break_even=late["break_even_s3"], period=f.period, strongly=strongly))]


def montecarlo(ch) -> list:
    """All uncertain assumptions drawn at once: shares over all draws, percentiles, and the fan chart."""
    f, u = ch.figures, ch.uncertainty
    first = u["s2"]
    heads = [f"Kans cumulatief goedkoper dan de baseline in {y}" for y in first.p_cheaper]
    heads += ["Mediaan omslagjaar (over alle trekkingen)", f"Kans op een omslagjaar tot en met {f.horizon}",
              f"Cumulatief verschil {f.period}, P5", f"Cumulatief verschil {f.period}, mediaan",
              f"Cumulatief verschil {f.period}, P95", f"Cumulatief verschil {f.period}, puntschatting",
              "Percentiel van de puntschatting"]
    columns = []
    for sc in COLLABORATIONS:
        s = u[sc]
        columns.append([V(v, "share") for v in s.p_cheaper.values()]
                       + [V(s.median_break_even, "year"), V(1 - s.p_no_break_even, "share"),
                          V(s.cumulative_percentiles[5], "keur"), V(s.cumulative_percentiles[50], "keur"),
                          V(s.cumulative_percentiles[95], "keur"), V(s.point_cumulative, "keur"),
                          V(s.point_percentile, "number", 0)])
    rows = tuple((head, tuple(col[i] for col in columns)) for i, head in enumerate(heads))
    table = Table("Uitkomsten van de simulatie", "Uitkomst (bedragen × € 1.000)",
                  tuple(labels.SCENARIO[sc] for sc in COLLABORATIONS), rows)
    fan = charts.fan_chart(ch.analyses.fan, "Cumulatief verschil met de baseline: spreiding",
                           "Mediaan, 25-75%- en 5-95%-band van het cumulatieve verschil; na het geëxtrapoleerde jaar: "
                           + labels.PROJECTION_RULE)
    one_sided = [OneSidedText(labels.assumption(o.id), o.end, setting(o.id, o.other_end), o.effect["s2"], o.effect["s3"],
                              o.moves) for o in ch.one_sided]
    return [Text(paragraph(TEXTS, "montecarlo", n_ids=len(ch.analyses.uncertain_ids), draws=first.draws,
                           widened=ch.widened)), table,
            Text(paragraph(TEXTS, "point", s2=u["s2"], s3=u["s3"], period=f.period, one_sided=one_sided)), fan]


KINDS_OF_UNCERTAINTY = {"reconstruction": "welke reconstructie", "assumptions": "welke waarden de aannames hebben",
                        "both": "beide tegelijk"}


def two_kinds(ch) -> list:
    """Two kinds of uncertainty apart (issue 22): which reconstruction reproduces the report (the
    ensemble's band), which values the assumptions take (the Monte Carlo's band), and both at once
    (each draw evaluated with a reconstruction picked at random), for the cumulative difference."""
    f, u, P = ch.figures, ch.uncertainty, ch.inputs.params
    both = recon.combined(ch.inputs, ch.bands_members, int(P.montecarlo_draws), int(P.montecarlo_seed))
    rows, widths = [], {}
    for sc in COLLABORATIONS:
        name = labels.SCENARIO[sc]
        band = ch.bands.of("cumulative", sc)
        low, high = recon.band_of(both[recon.FigureKey("cumulative", sc)])
        kinds = {"reconstruction": (band.low, band.high),
                 "assumptions": (u[sc].cumulative_percentiles[5], u[sc].cumulative_percentiles[95]),
                 "both": (low, high)}
        widths[sc] = {k: hi - lo for k, (lo, hi) in kinds.items()}
        rows += [(f"{name}: {KINDS_OF_UNCERTAINTY[k]}", (V(lo, "keur"), V(hi, "keur"), V(hi - lo, "keur"))) for k, (lo, hi) in kinds.items()]
    table = Table(f"Cumulatief verschil {f.period}: twee soorten onzekerheid apart en samen (5%-95%)",
                  "Onzekerheid over (bedragen × € 1.000)", ("P5", "P95", "Breedte"), tuple(rows))
    return [Text(paragraph(TEXTS, "two_kinds", members=ch.bands.members, draws=int(P.montecarlo_draws),
                           s2=widths["s2"], s3=widths["s3"])), table]


def keys(ch) -> list:
    """Table 9.5: each municipality's outcome under three allocation keys, break-even by the
    headline convention (D7) through the projection horizon."""
    f = ch.figures
    outcomes = {(o.key, o.scenario, o.municipality): o for o in allocation_outcomes(ch.inputs, ch.result)}
    from_keys = [k for k in labels.ALLOCATION_KEY]
    rows = tuple((f"{labels.SCENARIO[sc]}, {m}",
                  tuple(v for k in from_keys for v in (V(outcomes[(k, sc, m)].cumulative_difference, "keur"),
                                                       V(outcomes[(k, sc, m)].break_even_year, "year"))))
                 for sc in COLLABORATIONS for m in MUNICIPALITIES)
    columns = tuple(f"{labels.ALLOCATION_KEY[k]}: {what}" for k in from_keys for what in ("cumulatief", "omslagjaar"))
    table = Table("Uitkomst per gemeente onder drie verdeelsleutels", f"Cumulatief verschil {f.period} (× € 1.000)",
                  columns, rows, "Negatief: de gemeente is goedkoper uit dan in haar eigen baseline. De som van beide "
                  "gemeenten is onder elke sleutel gelijk.")
    return [Text(paragraph(TEXTS, "keys", period=f.period, usage_share=ch.inputs.params.usage_one_off_share_haarlem)),
            table]


def npv(ch) -> list:
    """The difference on a cost and on a cash basis, nominal and discounted (D21, D26)."""
    f, P = ch.figures, ch.inputs.params
    rate = value_text("share", P.discount_rate)
    rows = (("Cumulatief verschil, lastenbasis", tuple(V(f.scenario(sc).cumulative_difference, "keur") for sc in COLLABORATIONS)),
            ("Cumulatief verschil, kasbasis", tuple(V(f.scenario(sc).cumulative_cash, "keur") for sc in COLLABORATIONS)),
            (f"Netto contante waarde ({rate})", tuple(V(f.scenario(sc).npv, "keur") for sc in COLLABORATIONS)),
            ("Netto contante waarde, kasbasis", tuple(V(f.scenario(sc).npv_cash, "keur") for sc in COLLABORATIONS)))
    table = Table("Verschil met de baseline op lasten- en kasbasis, nominaal en contant", f"{f.period}, × € 1.000",
                  tuple(labels.SCENARIO[sc] for sc in COLLABORATIONS), rows)
    return [Text(paragraph(TEXTS, "npv", first=f.first, discount_rate=P.discount_rate,
                           interest_rate=P.centre.interest_rate)), table]
