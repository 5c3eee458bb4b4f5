"""Chapter 3, Opzet en aannames: the period, service levels, key assumptions, terms and the register."""
from __future__ import annotations

from bizcase.publish import labels
from bizcase.publish.blocks import Table, Text, V, text
from bizcase.publish.blocks import setting as typed
from bizcase.publish.formatting import setting
from bizcase.publish.texts import paragraph

TEXTS = "03-opzet"
# The financial assumptions chapter 3 lists first, in the report's order (par. 3.7).
KEY_ASSUMPTIONS = ("indexation_rate", "renewal_per_inhabitant", "interest_rate_collaboration", "interest_rate_municipal",
                   "ict_centre_start_year", "cio_office_fte", "cost_per_fte", "inhabitants_haarlem",
                   "inhabitants_haarlemmermeer")


def period(ch) -> Text:
    f = ch.figures
    return Text(paragraph(TEXTS, "period", first=f.first, last=f.last_computed, extrapolated=f.extrapolated))


def service_levels(ch) -> Table:
    """The service levels every scenario assumes (par. 3.2)."""
    rows = tuple((r.description, (text(r.source.replace("report", "rapport")),)) for r in ch.inputs.service_levels)
    return Table("Uitgangspunten voor het ICT-serviceniveau (vertaald uit het rapport)", "Onderdeel", ("Bron",), rows,
                 words=True)


def key_assumptions(ch) -> list:
    """The main financial assumptions with their status, and how capital charges and the
    allocation key work."""
    register, values = ch.inputs.register, ch.inputs.values
    rows = tuple((labels.assumption(k), (text(setting(k, values[k])), text(labels.STATUS[register[k].status])))
                 for k in KEY_ASSUMPTIONS)
    f = ch.figures
    return [Table("Belangrijkste financiële aannames", "Aanname", ("Waarde", "Status"), rows, words=True,
                  note="Het aannameregister in bijlage C geeft van elke aanname de bron, de status en het bereik."),
            Text(paragraph(TEXTS, "capital", share_haarlem=f.shares["Haarlem"],
                           share_haarlemmermeer=f.shares["Haarlemmermeer"]))]


def terms(ch) -> Table:
    """The report's depreciation terms per category and organisation (par. 3.7)."""
    orgs = tuple(labels.ORGANISATION)
    rows = tuple((labels.TERM_CATEGORY.get(r.category, r.category), tuple(V(getattr(r, o)) for o in orgs))
                 for r in ch.inputs.terms)
    note = ("Het model financiert de vernieuwingsinvesteringen als applicaties en gebruikt daarom alleen de termijnen "
            "van applicaties (besluit D9); de andere termijnen zijn die van het rapport.")
    return Table("Afschrijvingstermijnen in jaren", "Categorie", tuple(labels.ORGANISATION[o] for o in orgs), rows, note)


def project_factors(ch) -> Table:
    """Project costs as a share of the purchase, for replacement and for new functionality."""
    v = ch.inputs.values
    rows = (("Vervanging van software", (V(v["project_factor_replacement_baseline"], "share"),
                                         V(v["project_factor_replacement_collaboration"], "share"))),
            ("Vernieuwing (nieuwe functionaliteit)", (V(v["project_factor_new_baseline"], "share"),
                                                      V(v["project_factor_new_collaboration"], "share"))))
    return Table("Projectkosten bij aanschaf van applicaties", "Projectkosten als deel van de aanschaf",
                 ("Baseline", "Samenwerking"), rows,
                 "Projectkosten volgen de afschrijvingstermijn van de applicatie. In het model geldt de "
                 "samenwerkingsfactor voor het geharmoniseerde deel (Samenwerking 3.0), zie besluit D5 en D9. "
                 "Vervangingsinvesteringen worden niet gemodelleerd (besluit D9).")


def register(ch, full: bool = False) -> Table:
    """Every register row with the value this edition uses, its unit, status and source; ``full``
    (the values workbook): also its description, reasoning and plausible range."""
    values = ch.inputs.values
    rows = []
    for k, row in ch.inputs.register.items():
        value = text("volgt de gebeurtenis") if values.get(k) is None else typed(row.unit, values[k])
        cells = (value, text(labels.UNIT[row.unit]), text(labels.STATUS[row.status]),
                 text(row.source.replace("report", "rapport")))
        if full:
            cells += (text(row.description), text(row.reasoning), typed(row.unit, row.low), typed(row.unit, row.high))
        rows.append((k, cells))
    columns = ("Waarde", "Eenheid", "Status", "Bron") + (("Omschrijving", "Redenering", "Laag", "Hoog") if full else ())
    return Table("Aannameregister (data/assumptions.csv)", "Id", columns, tuple(rows), words=True)
