"""Bijlage C, the technical annex: fit beside validation, the fitted values, the provenance of the key figures and the decisions log."""
from __future__ import annotations

import re

from bizcase.fit import compare
from bizcase.publish import labels
from bizcase.publish.blocks import Table, Text, V, text
from bizcase.publish.formatting import eur as fmt_eur
from bizcase.publish.formatting import value_text
from bizcase.publish.provenance import key_figures, provenance, short_name
from bizcase.publish.texts import paragraph

TEXTS = "90-verantwoording"
HOLDOUT_NAMES = {"leave-one-out": "Eén bedrag tegelijk weggelaten", "block:s3": "Alle bedragen van Samenwerking 3.0 weggelaten",
                 "block:2018": "Het geëxtrapoleerde jaar weggelaten", "block:baseline-Haarlem": "Baseline van Haarlem weggelaten",
                 "block:baseline-Haarlemmermeer": "Baseline van Haarlemmermeer weggelaten"}
SOURCE_CHECKS = {
    "haarlem_gap": "Verschil tussen begroting en baseline van Haarlem (hoofdstuk 4)",
    "haarlemmermeer_fte": "ICT-formatie van Haarlemmermeer in de tekst (hoofdstuk 4)",
    "haarlem_growth": "Groei van de baseline van Haarlem: 'circa 3% per jaar'",
    "haarlem_growth_later": "Groei van de baseline van Haarlem na 2013: 'circa 2% per jaar'",
    "haarlem_flattening": "Groei van Haarlem vlakt af 'naar vrijwel 0%'",
    "haarlemmermeer_growth": "Groei van de baseline van Haarlemmermeer: 'circa 2% per jaar'",
    "not_recovered_s2": "Samenwerking 2.0 niet terugverdiend binnen de termijn (raadsbrief)",
    "not_recovered_s3": "Samenwerking 3.0 niet terugverdiend binnen de termijn (raadsbrief)",
}
CLAIM_CONVENTION = {
    "break_even": "eerste jaar vanaf welk het opgetelde verschil met de baseline niet meer boven nul komt (besluit D7)",
    "payback": "jaren vanaf de start van het ICT-centrum tot en met het omslagjaar",
    "saving": "minus het opgetelde verschil met de baseline, gedeeld door de opgetelde baseline (besluit D8)",
    "investment": "som van de opgegeven eenmalige kosten, afgerond op € 0,5 miljoen (besluit D17)",
    "fte": "optelling van de formatietabel van het rapport",
}


def _verdict(c) -> str:
    return labels.CELL_VERDICT["identical" if c.identical else ("within" if c.within_tolerance else "outside")]


def fit(ch) -> list:
    """C.3: every published cell beside its reproduction (in-sample)."""
    cells = compare.cells(ch.reference, ch.result)
    text_block = Text(paragraph(TEXTS, "fit", cells=len(cells), identical=sum(c.identical for c in cells),
                                within=sum(c.within_tolerance for c in cells),
                                largest=max(abs(c.difference_eur) for c in cells), step=compare.ROUNDING_EUR,
                                variant=bool(ch.overrides)))
    rows = tuple((c.municipality, (text(labels.SCENARIO[c.scenario]), V(c.year, "year"), V(c.published_eur, "keur"),
                                   V(c.rounded_eur, "keur"), V(c.reproduced_eur, "keur", 1), V(c.difference_eur, "keur", 1),
                                   text(_verdict(c)))) for c in cells)
    table = Table("Gepubliceerde en herberekende bedragen per cel (× € 1.000)", "Gemeente",
                  ("Scenario", "Jaar", "Gepubliceerd", "Herberekend", "Onafgerond", "Verschil", "Oordeel"), rows)
    return [text_block, table]


def _claim_value(cid: str, v) -> V:
    if cid.startswith(("break_even", "payback")):
        return V(v, "year" if cid.startswith("break_even") else "number")
    if cid.startswith("saving"):
        return V(v, "pct", 2)
    if cid.startswith("investment"):
        return V(v, "eur")
    return V(v, "number", 1)


def claims(ch) -> list:
    """The headline claims: those that test the model, and those that only check the transcription."""
    found = compare.claims(ch.inputs, ch.reference, ch.result)
    blocks = []
    for kind, caption in (("model", "Uitspraken die het model toetsen"),
                          ("transcription", "Controles van de overname van het rapport")):
        rows = tuple((labels.CLAIM[c.id], (_claim_value(c.id, c.published), _claim_value(c.id, c.reproduced),
                                           text("ja" if c.ok else "NEE"),
                                           text(next(v for k, v in CLAIM_CONVENTION.items() if c.id.startswith(k)))))
                     for c in found if c.kind == kind)
        blocks += [Text(paragraph(TEXTS, "claims_intro", kind=kind)),
                   Table(caption, "Uitspraak", ("Rapport", "Herberekend", "Gehaald", "Conventie"), rows, words=True)]
    return blocks


def _group_name(name: str) -> str:
    """A grouped hold-out in words: 'linked:s2/2016', 'linked:s2+s3/2015', 'year:2017', 'block:s3'."""
    kind, _, rest = name.partition(":")
    if kind == "block":
        return HOLDOUT_NAMES.get(name, name)
    if kind == "year":
        return f"Heel {rest} weggelaten"
    scenarios, _, year = rest.partition("/")
    return " en ".join(labels.SCENARIO[sc] for sc in scenarios.split("+")) + f", {year} (beide gemeenten)"


def _rechosen(val: dict) -> dict | None:
    """The grouped hold-outs with the decisions chosen on the data chosen again (None: not done)."""
    st = val.get("structure_rechosen")
    if not st:
        return None
    by = {k: v["out_of_sample"] for k, v in st["kinds"].items()}
    fixed = {k: v["out_of_sample"] for k, v in val["grouped_holdouts"].items()}
    return {"decisions": [f"D{d['decision']}" for d in st["decisions"]],
            "changed": any(by[k]["within_50000"] != fixed[k]["within_50000"]
                           or by[k]["largest_abs_difference_eur"] != fixed[k]["largest_abs_difference_eur"] for k in by),
            "linked_within": by["linked"]["within_50000"], "year_within": by["year"]["within_50000"],
            "s3_within": by["s3-block"]["within_50000"],
            "worst": max(o["largest_abs_difference_eur"] for o in by.values()),
            "full_taken": bool(st["full_fit"]["taken"])}


def grouped_validation(ch) -> list:
    """C.4, first: the grouped hold-outs (linked cells out together, whole years, the S3.0 block),
    per group how many held-out amounts were predicted within one rounding step, the worst miss and
    the assumptions it leans on."""
    val = ch.documents.validation()
    grouped, loo = val["grouped_holdouts"], val["holdouts"]["leave-one-out"]["out_of_sample"]
    step = compare.TOLERANCE_EUR
    rows = []
    for g in grouped.values():
        for row in g["groups"]:
            o = row["out_of_sample"]
            leans = "; ".join(ch.inputs.register[k].description for k in row["priors_leaned_on"]) or "geen"
            rows.append((_group_name(row["holdout"]), (V(o["cells"]), V(o["within_50000"]),
                                                        V(o["largest_abs_difference_eur"], "eur"), text(leans))))
    table = Table("Voorspellen zonder de bedragen die elkaar verraden", "Weggelaten",
                  ("Bedragen", f"Voorspeld binnen {fmt_eur(step)}", "Grootste afwijking", "Leunt op aanname"),
                  tuple(rows))
    by = {k: g["out_of_sample"] for k, g in grouped.items()}
    intro = paragraph(TEXTS, "grouped_intro", equal_year=grouped["linked"]["s3_equals_s2_year"], step=step, linked_cells=by["linked"]["cells"],
                      linked_within=by["linked"]["within_50000"], linked_worst=by["linked"]["largest_abs_difference_eur"],
                      year_cells=by["year"]["cells"], year_within=by["year"]["within_50000"],
                      year_worst=by["year"]["largest_abs_difference_eur"], s3_cells=by["s3-block"]["cells"],
                      s3_within=by["s3-block"]["within_50000"], s3_worst=by["s3-block"]["largest_abs_difference_eur"],
                      loo_cells=loo["cells"], loo_within=loo["within_50000"], rechosen=_rechosen(val))
    t = val["residual_test"]
    residual = paragraph(TEXTS, "residual", ratio=t["variance_ratio"], dof=t["degrees_of_freedom"], p=t["p_value"], step=step)
    return [Text(intro), table, Text(residual)]


def _quantity(unit: str, x) -> V:
    return {"EUR": V(x, "eur"), "percent": V(x, "pct", 1)}.get(unit, V(x, "number", 1))


def source_checks(ch) -> list:
    """C.4, second: statements of the source the fit never saw, beside what the model makes of them."""
    rows_in = ch.documents.validation()["source_checks"]
    rows = tuple((SOURCE_CHECKS.get(r["check"], r["check"]),
                  (_quantity(r["unit"], r["predicted"]),
                   text(paragraph(TEXTS, "not_recovered", **r["details"]).strip()) if r["source"] is None
                   else _quantity(r["unit"], r["source"]),
                   text("ja" if r["agrees"] else "NEE"),
                   text(paragraph(TEXTS, "source_why", check=r["check"], predicted=r["predicted"], source=r["source"],
                                  agrees=r["agrees"], d=r["details"]).strip().replace("\n", " "))))
                 for r in rows_in)
    own = [r for r in rows_in if not r["follows_from_targets"]]
    intro = paragraph(TEXTS, "source_intro", total=len(rows_in), agree=sum(r["agrees"] for r in rows_in), own=len(own),
                      own_agree=sum(r["agrees"] for r in own))
    return [Text(intro), Table("Uitspraken van de bron die niet bij het afstellen zijn gebruikt", "Uitspraak",
                               ("Model", "Bron", "Klopt", "Waarom"), rows, words=True)]


def validation(ch) -> list:
    """C.4: the grouped hold-outs and the source checks first, then every hold-out of the committed
    validation, fit beside prediction (leave-one-out counts linked cells)."""
    val = ch.documents.validation()
    hold, eff = val["holdouts"], val["effective_targets"]
    step = compare.TOLERANCE_EUR
    order = sorted(hold, key=lambda k: list(HOLDOUT_NAMES).index(k) if k in HOLDOUT_NAMES else len(HOLDOUT_NAMES))
    rows = tuple((HOLDOUT_NAMES.get(k, k), (V(hold[k]["out_of_sample"]["cells"]), V(hold[k]["in_sample"]["within_25000"]),
                                            V(hold[k]["in_sample"]["within_50000"]), V(hold[k]["out_of_sample"]["within_25000"]),
                                            V(hold[k]["out_of_sample"]["within_50000"]),
                                            V(hold[k]["out_of_sample"]["largest_abs_difference_eur"], "eur")))
                 for k in order)
    table = Table("Fit (in-sample) en validatie (out-of-sample) naast elkaar", "Proef",
                  ("Bedragen", "Fit: binnen € 25.000", "Fit: binnen € 50.000", "Voorspeld: binnen € 25.000",
                   "Voorspeld: binnen € 50.000", "Grootste afwijking voorspeld"), rows)
    loo, s3 = hold["leave-one-out"], hold["block:s3"]["out_of_sample"]
    status = paragraph(TEXTS, "validation_status", current=val["current"], variant=bool(ch.overrides))
    return ([Text(status)] if status.strip() else []) + grouped_validation(ch) + source_checks(ch) + [
            Text(paragraph(TEXTS, "validation_intro", step=step)), table,
            Text(paragraph(TEXTS, "validation", cells=loo["out_of_sample"]["cells"],
                           loo_within=loo["out_of_sample"]["within_50000"], loo_in_sample=loo["in_sample"]["within_50000"],
                           loo_largest=loo["out_of_sample"]["largest_abs_difference_eur"], s3_within=s3["within_50000"],
                           s3_cells=s3["cells"], goal_met=val["goal"]["met"], step=step, fitted=eff["fitted_values"],
                           read=len(eff["read_from_tables"]), effective=eff["effective_targets"]))] + _block_2018(ch, hold)


def _block_2018(ch, hold) -> list:
    """The extrapolated year's block: a good figure that rests on a prior says so."""
    b = hold.get("block:2018")
    if not b or not b["uninformed_ids"]:
        return []
    o = b["out_of_sample"]
    priors = [ch.inputs.register[k].description.lower() for k in b["uninformed_ids"]]
    return [Text(paragraph(TEXTS, "block_2018", within=o["within_50000"], cells=o["cells"], step=compare.TOLERANCE_EUR,
                           priors=priors))]


PROVENANCE_INPUTS = 5  # the inputs named per key figure


def provenance_table(ch) -> Table:
    """The provenance of the key figures: per headline figure its value and the inputs it is most
    sensitive to (found by the model, :mod:`bizcase.analysis.lineage`)."""
    by_name = {p.name: p for p in provenance(ch.inputs)}
    rows = []
    for figure in key_figures():
        p = by_name[figure.name]
        rows.append((short_name(p.name, ch.inputs), (V(p.value, p.kind, p.decimals), text(p.effects(PROVENANCE_INPUTS)))))
    note = ("Tussen haakjes de elasticiteit: de procentuele verandering van het kerncijfer bij 1% meer van die aanname "
            "(een minteken: het kerncijfer daalt); bij een aanname in hele eenheden (een jaar, een vertraging) wat één "
            "eenheid meer doet. Een omslagjaar verandert alleen in hele jaren; het is " + labels.FIGURE_MEASURED_ON
            + ", zodat de elasticiteiten daar groot zijn: vergelijk ze onderling. De opdracht bizcase explain geeft elk getal van "
            "het rapport zo, met bron, status en besluit van elke aanname.")
    return Table("Herkomst van de kerncijfers", "Kerncijfer", ("Waarde", f"Hangt het meest af van (de {PROVENANCE_INPUTS} grootste)"),
                 tuple(rows), note, words=True)


def fitted_values(ch) -> Table:
    """C.5: the calibrated values and those read from the tables, with their ranges."""
    rows = tuple((k, (text(value_text(row.unit, ch.inputs.values[k])), text(labels.STATUS[row.status]),
                      text("-" if row.low is None else f"{value_text(row.unit, row.low)} - {value_text(row.unit, row.high)}"),
                      text(row.description)))
                 for k, row in ch.inputs.register.items() if row.status in ("calibrated", "read_from_tables"))
    n_cal = sum(ch.inputs.register[k].status == "calibrated" for k, _ in rows)
    return Table(f"Gefitte waarden: {n_cal} gekalibreerd en {len(rows) - n_cal} afgelezen uit de tabellen", "Id",
                 ("Waarde", "Status", "Bereik", "Omschrijving"), rows, words=True)


def decisions_log(markdown: str) -> Text:
    """The decisions log to include under C.7: from its first decision on, each decision one
    heading level down, without the *Register* lines (the audit edition shows the code)."""
    start = markdown.find("\n## D1. ")
    body = markdown[start + 1:] if start >= 0 else markdown
    body = "\n".join(line for line in body.splitlines() if not line.startswith(("- *Register:*", "<!--")))
    return Text(re.sub(r"^## ", "#### ", body, flags=re.M))


def decisions(ch) -> Text:
    return decisions_log(ch.documents.decisions_log())
