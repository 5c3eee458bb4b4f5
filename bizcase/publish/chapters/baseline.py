"""Chapter 4, Baseline: how the baseline grows, per category and municipality, staff and budgets."""
from __future__ import annotations

import numpy as np

from bizcase.core.schema import MUNICIPALITIES
from bizcase.publish import charts
from bizcase.publish.blocks import Table, Text, V
from bizcase.publish.chapters.common import category_table, series, year_columns
from bizcase.publish.formatting import plain
from bizcase.publish.texts import paragraph

TEXTS = "04-baseline"


def mechanisms(ch) -> Text:
    """The growth mechanisms of the baseline, with their values."""
    P, f = ch.inputs.params, ch.figures
    return Text(paragraph(TEXTS, "mechanisms", indexation=P.indexation_rate, renewal=P.renewal_per_inhabitant,
                          writeoff_last=int(P.municipality("Haarlem").writeoffs[0].last_year),
                          cost_per_fte=P.cost_per_fte, first=f.first))


def categories(ch) -> list:
    """Per municipality: its baseline per category (table) and the same as stacked bars."""
    f = ch.figures
    blocks = []
    for m in MUNICIPALITIES:
        blocks.append(category_table(ch.result, f"Baseline {m} per kostencategorie", m, "baseline",
                                     note=f"{f.extrapolated}* is geëxtrapoleerd."))
        blocks.append(charts.category_chart(ch.result, m, f"Baseline {m}: kosten per categorie",
                                            f"Opbouw van de baseline van {m}"))
    return blocks


def growth_rates(result) -> dict:
    """Per municipality the yearly growth of its baseline (percent), from the second year on."""
    out = {}
    for m in MUNICIPALITIES:
        total = series(result, m, "baseline")
        out[m] = np.diff(total) / total[:-1] * 100
    return out


def growth(ch) -> list:
    """The baseline's yearly growth per municipality, and whether the two baselines converge."""
    rates = growth_rates(ch.result)
    cols = year_columns(ch.result.years)[1:]
    table = Table("Jaarlijkse groei van de baseline", "Groei t.o.v. vorig jaar", cols,
                  tuple((m, tuple(V(v, "pct", 1) for v in rates[m])) for m in MUNICIPALITIES))
    computed = len(ch.result.years) - 1  # growth into the computed years only; the last year is extrapolated
    h, hm = rates["Haarlem"][: computed - 1], rates["Haarlemmermeer"][: computed - 1]
    gap = series(ch.result, "Haarlem", "baseline") - series(ch.result, "Haarlemmermeer", "baseline")
    years = [int(y) for y in ch.result.years]
    return [table, Text(paragraph(
        TEXTS, "growth", second=years[1], last=years[computed - 1], h_min=h.min(), h_max=h.max(), h_last=h[-1],
        hm_min=hm.min(), hm_max=hm.max(), gap_first=abs(gap[0]), gap_last=abs(gap[computed - 1]), first=years[0],
        apart=bool(abs(gap[computed - 1]) > abs(gap[0]))))]


def convergence(ch) -> Text:
    """The original's expectation that the two baselines grow towards each other (par. 4.5) beside
    what its own tables and this edition's model show: the gap between the baselines in the first
    and the last computed year."""
    years = [int(y) for y in ch.result.years]
    first, last = years[0], years[-2]
    published = {(r.municipality, r.year): r.cost_eur_x1000 * 1000 for r in ch.reference.costs if r.scenario == "baseline"}
    pub_gap = [abs(published[("Haarlem", y)] - published[("Haarlemmermeer", y)]) for y in (first, last)]
    gap = np.abs(series(ch.result, "Haarlem", "baseline") - series(ch.result, "Haarlemmermeer", "baseline"))
    return Text(paragraph(TEXTS, "convergence", first=first, last=last, published_first=pub_gap[0],
                          published_last=pub_gap[1], model_first=gap[0], model_last=gap[len(years) - 2]))


def staff(ch) -> Table:
    """ICT staff in the baseline and its cost in the first year."""
    P = ch.inputs.params
    rows = [(m.name, (V(m.fte, "number", 1), V(np.asarray(m.fte) * P.cost_per_fte, "eur"))) for m in P.municipalities]
    total = sum(np.asarray(m.fte, float) for m in P.municipalities)
    rows.append(("Samen", (V(total, "number", 1), V(total * P.cost_per_fte, "eur"))))
    facts = ch.inputs.report_facts
    note = (f"Het rapport noemt {plain(P.municipality('Haarlem').fte)} en {plain(facts['haarlemmermeer_fte_in_text'].value)} "
            f"fte in de tekst en {plain(ch.reference.claim('fte_baseline_total'))} fte in de tabel; zie besluit D1.")
    return Table("ICT-formatie in de baseline (exclusief CIO-office)", "Gemeente",
                 ("fte in de baseline", "personeelskosten eerste jaar"), tuple(rows), note)


def budgets(ch) -> Text:
    """How the baselines differ from the municipalities' ICT budgets (ch. 4)."""
    P, f = ch.inputs.params, ch.inputs.report_facts
    c = P.cost_per_fte
    fte_h = P.municipality("Haarlem").fte
    in_line = f["haarlem_functional_management_in_line"].value
    extra = fte_h - f["haarlem_budget_fte"].value - in_line
    named = in_line * c + f["haarlem_software_overrun"].value + extra * c
    return Text(paragraph(
        TEXTS, "budgets", first=ch.figures.first, gap_h=f["haarlem_gap_baseline_above_budget"].value, fm_in_line=in_line,
        fm_cost=in_line * c, overrun=f["haarlem_software_overrun"].value, fte_h=fte_h,
        budget_fte=f["haarlem_budget_fte"].value, extra_fte=extra, extra_cost=extra * c,
        benchmark_class=f["benchmark_class_inhabitants"].value, benchmark_fte=f["benchmark_fte_150k"].value, named=named,
        gap_hm=f["haarlemmermeer_gap_budget_above_baseline"].value,
        process_advisers=f["haarlemmermeer_process_advisers_excluded"].value,
        fte_hm=P.municipality("Haarlemmermeer").fte))
