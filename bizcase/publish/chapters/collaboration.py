"""Chapter 5, Samenwerking: the programme, the ICT centre (2.0) and harmonisation (3.0)."""
from __future__ import annotations

import numpy as np

from bizcase.core.timing import item_year, operating_effect
from bizcase.publish import charts, labels
from bizcase.publish.blocks import Table, Text, V
from bizcase.publish.texts import paragraph

TEXTS = "05-samenwerking"


def _items_table(items, anchor, names: dict, caption: str, total: str, note: str = "") -> Table:
    """One-off items per calendar year (EUR), with their total: the report's layout."""
    listed = [(r, int(item_year(r, anchor))) for r in items]
    years = sorted({y for _, y in listed})
    amounts: dict = {}
    for r, y in listed:
        amounts.setdefault(names.get(r.item, r.item), {yy: 0.0 for yy in years})[y] += r.amount_eur
    rows = [(name, tuple(V(v[y] or None, "eur") for y in years)) for name, v in amounts.items()]
    rows.append((total, tuple(V(sum(v[y] for v in amounts.values()) or None, "eur") for y in years)))
    return Table(caption, "€", tuple(str(y) for y in years), tuple(rows), note)


def programme(ch) -> Table:
    P = ch.inputs.params
    return _items_table(P.programme.items, P.programme.start_year, labels.PROGRAMME_ITEM,
                        "Programmakosten van het samenwerkingsprogramma", "Totaal",
                        "Zie besluit D15 voor het verschil in het eerste jaar.")


def staff(ch) -> list:
    """The staff per function group, baseline against one ICT centre, and what that saves."""
    fte, P, result = ch.inputs.fte, ch.inputs.params, ch.result
    rows = [(labels.FUNCTION_GROUP.get(r.function_group, r.function_group), (V(r.baseline, "number", 1),
                                                                              V(r.ict_centre, "number", 1))) for r in fte]
    rows.append(("Totaal", (V(sum(r.baseline for r in fte), "number", 1), V(sum(r.ict_centre for r in fte), "number", 1))))
    rows.append(("CIO-office (beide gemeenten)", (V(None), V(len(P.municipalities) * P.centre.cio_office_fte, "number", 1))))
    table = Table("Formatie per functiegroep: baseline en Samenwerking 2.0", "fte",
                  ("Baseline (beide gemeenten)", "Eén ICT-centrum"), tuple(rows))
    tm = {r.function_group: r for r in fte}["technical_management"]
    start = [int(y) for y in result.years].index(int(P.centre.start_year))
    saving = result.combined["s2"]["personnel"][start] - result.combined["baseline"]["personnel"][start]
    return [table, Text(paragraph(TEXTS, "staff", tm_saving=tm.baseline - tm.ict_centre,
                                  fte_base=float(result.fte["baseline"][start]), fte_s2=float(result.fte["s2"][start]),
                                  start=int(P.centre.start_year), personnel_saving=-float(saving),
                                  overhead=ch.overhead, period=ch.figures.period, horizon=ch.figures.horizon))]


def project(ch) -> list:
    """The ICT centre's project costs, the transition and friction costs, and the investment."""
    P, f = ch.inputs.params, ch.figures
    centre = P.centre
    table = _items_table(centre.project_items, centre.start_year, labels.PROJECT_ITEM,
                         "Projectkosten voor het inrichten van het ICT-centrum", "Totaal projectkosten")
    first_year = min(int(item_year(r, centre.start_year)) for r in centre.project_items)
    blocks = [table, Text(paragraph(
        TEXTS, "investment", transition=centre.transition.amount, transition_year=int(centre.transition.when(centre.start_year)),
        friction=centre.friction.amount, friction_year=int(centre.friction.when(centre.start_year)),
        investment_s2=f.s2.investment, published_s2=ch.reference.claim("investment_eur_s2"), first_year=first_year,
        first_share=P.first_year_share))]
    if f.s2.investment_after_period > 0:
        blocks.append(Text(paragraph(TEXTS, "after_period", projected=f.s2.investment_projected,
                                     uncounted=f.s2.investment_uncounted, never=False, extrapolated=f.extrapolated,
                                     horizon=f.horizon, what="s2")))
    return blocks


def s2_chart(ch):
    return charts.scenario_chart(ch.inputs, ch.result, "Kostenontwikkeling Samenwerking 2.0 (beide gemeenten)",
                                 "Baseline en Samenwerking 2.0, beide gemeenten samen; het laatste jaar is geëxtrapoleerd",
                                 scenarios=("baseline", "s2"))


def schedule(ch) -> list:
    """The harmonisation schedule, the share taking effect in the costs, and the S3.0 investment per year."""
    P, f, result = ch.inputs.params, ch.figures, ch.result
    H = P.harmonisation
    published = dict(zip((int(y) for y in H.years), np.asarray(H.shares, float)))
    effect = np.asarray(operating_effect(P, result.years), float)
    investment = np.asarray(result.combined["s3"]["harmonisation_investment"], float)
    years = [int(y) for y in result.years]
    # one row per year, one kind per column: each header states its column's unit (% or €)
    rows = tuple((str(y), (V(published.get(y, 0.0), "share"), V(e, "share"), V(i or None, "eur")))
                 for y, e, i in zip(years, effect, investment))
    note = (f"De effecten werken {int(H.lag)} jaar na de harmonisatie door, en niet eerder dan het ICT-centrum werkt "
            f"({int(P.centre.start_year)}); de investering volgt de eerste drie jaren met effect (besluit D4).")
    blocks = [Table("Harmonisatieschema, doorwerking en investering Samenwerking 3.0", "Jaar",
                    ("Geharmoniseerd deel van het applicatielandschap", "Deel dat in de kosten doorwerkt",
                     "Investering harmonisatie"), rows, note)]
    harmonisation = {o.category: o for o in f.s3.one_offs}.get("harmonisation_investment")
    if harmonisation and harmonisation.in_projection + harmonisation.uncounted > 0:
        blocks.append(Text(paragraph(TEXTS, "after_period", projected=harmonisation.in_projection,
                                     uncounted=harmonisation.uncounted, never=harmonisation.never,
                                     extrapolated=f.extrapolated, horizon=f.horizon, what="s3")))
    return blocks


def s3_staff(ch) -> list:
    """The staff per function group in the three scenarios, and the effects the report expects of 3.0."""
    fte, P, f = ch.inputs.fte, ch.inputs.params, ch.figures
    H = P.harmonisation
    rows = [(labels.FUNCTION_GROUP.get(r.function_group, r.function_group),
             (V(r.baseline, "number", 1), V(r.ict_centre, "number", 1), V(r.s3, "number", 1))) for r in fte]
    rows.append(("Totaal", tuple(V(sum(getattr(r, k) for r in fte), "number", 1) for k in ("baseline", "ict_centre", "s3"))))
    table = Table("Formatie per functiegroep inclusief Samenwerking 3.0 (exclusief CIO-office)", "fte",
                  ("Baseline", "Eén ICT-centrum", "Samenwerking 3.0"), tuple(rows))
    return [table, Text(paragraph(
        TEXTS, "s3_effects", software=H.software_reduction, infrastructure=H.infrastructure_reduction,
        implementation=ch.inputs.values["s3_implementation_reduction"], factor_baseline=P.project_factor_new_baseline,
        factor_collaboration=P.centre.project_factor_new, fte_s3=H.fte, fte_centre=P.centre.fte,
        s3_investment=H.investment, investment_s3=f.s3.investment, published_s3=ch.reference.claim("investment_eur_s3"),
        in_period=f.s3.investment_in_period, after=f.s3.investment_after_period > 0, period=f.period))]
