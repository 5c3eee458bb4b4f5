"""The Dutch names of everything the report, both workbooks and the logs show: one home for each.

Scenarios, cost categories, statuses, units, allocation keys, conclusions, claims, table rows
(function groups, one-off items, depreciation categories) and the short names of the register's
assumptions. Code never writes one of these names itself: it asks here.
"""
from __future__ import annotations

SCENARIO = {"baseline": "Baseline", "s2": "Samenwerking 2.0", "s3": "Samenwerking 3.0"}

CATEGORY = {
    "personnel": "Personeel",
    "applications": "Applicaties (incl. servers en storage)",
    "workplace": "Werkplek en randapparatuur",
    "infrastructure": "Infrastructuur",
    "communication": "Data- en telecommunicatie",
    "facilities": "Faciliteiten",
    "renewal_capital_charges": "Kapitaallasten vernieuwing",
    "project": "Projectkosten ICT-centrum",
    "programme": "Programmakosten samenwerking",
    "transition": "Transitiekosten",
    "friction": "Frictiekosten",
    "harmonisation_investment": "Investering harmonisatie",
    "overhead": "Overhead ICT-centrum",
}

STATUS = {"published": "gepubliceerd", "reconstructed": "gereconstrueerd", "calibrated": "gekalibreerd",
          "read_from_tables": "afgelezen uit de tabellen"}

UNIT = {"share": "aandeel", "rate": "groei per jaar", "year": "jaar", "lag_years": "jaren",
        "offset_years": "jaren na de gebeurtenis", "years": "jaren", "factor": "factor", "EUR": "€",
        "EUR/FTE": "€ per fte", "EUR/inhabitant": "€ per inwoner", "FTE": "fte", "inhabitants": "inwoners",
        "flag": "0 of 1", "count": "aantal"}

ALLOCATION_KEY = {"inhabitants": "inwoners", "fte": "fte", "usage": "gebruik"}

ORGANISATION = {"haarlem": "Haarlem", "haarlemmermeer": "Haarlemmermeer", "collaboration": "Samenwerking"}

FUNCTION_GROUP = {
    "management": "Management",
    "business_office": "Bedrijfsbureau",
    "information_advice_innovation_projects": "Informatieadvies, innovatie en projecten",
    "functional_management": "Functioneel beheer",
    "technical_management": "Technisch beheer",
}

PROJECT_ITEM = {
    "quartermaster": "Kwartiermaker",
    "business_office_setup": "Inrichting bedrijfsbureau",
    "business_plan": "Bedrijfsplan",
    "service_catalogue_sla": "Producten- en dienstencatalogus, SLA",
    "communication": "Communicatie",
    "location_acquisition_moving": "Verwerving locatie en verhuizing",
    "training_teambuilding": "Training en teambuilding",
    "extra_staff": "Extra inzet personeel",
    "legal": "Juridische kosten",
}

PROGRAMME_ITEM = {
    "general": "Algemeen (programmamanagement, communicatie)",
    "action_line_1": "Actielijn 1 (advies, architectuur)",
    "action_line_4": "Actielijn 4 (evenementen, opleidingen)",
    "unspecified_difference_to_total": "Verschil met vermeld totaal",
}

TERM_CATEGORY = {
    "workplace_hardware": "ICT-werkplek (hardware)",
    "workplace_servers": "ICT-werkplek (servers)",
    "peripherals": "Randapparatuur",
    "applications": "Applicaties",
    "servers_storage_applications": "Servers / storage applicaties",
    "data_communication": "Datacommunicatie",
    "telecommunication": "Telecommunicatie",
    "facilities": "Faciliteiten",
}

CLAIM = {
    "break_even_year_s2": "Omslagjaar Samenwerking 2.0",
    "break_even_year_s3": "Omslagjaar Samenwerking 3.0",
    "payback_years_s2": "Terugverdientijd Samenwerking 2.0 (jaren)",
    "saving_pct_2013_2018_s3": "Besparing Samenwerking 3.0 (% van de baseline)",
    "investment_eur_s2": "Investering Samenwerking 2.0",
    "investment_eur_s3": "Investering Samenwerking 3.0",
    "fte_baseline_total": "Formatie baseline (fte)",
    "fte_ict_centre_total": "Formatie ICT-centrum 2.0 (fte)",
    "fte_s3_total": "Formatie ICT-centrum 3.0 (fte)",
    "fte_technical_management_saving_s2": "Besparing technisch beheer (fte)",
}

CELL_VERDICT = {"identical": "gelijk", "within": "binnen de marge", "outside": "BUITEN de marge"}

# The short Dutch name of each register id (tornado, switching values, title page, workbooks).
ASSUMPTION = {
    "year_first": "Eerste jaar",
    "year_last": "Laatste berekende jaar",
    "indexation_rate": "Indexatie per jaar",
    "volume_growth": "Volumegroei laatste jaar",
    "renewal_per_inhabitant": "Vernieuwing per inwoner",
    "project_factor_new_baseline": "Projectfactor vernieuwing (baseline)",
    "project_factor_new_collaboration": "Projectfactor vernieuwing (samenwerking)",
    "project_factor_replacement_baseline": "Projectfactor vervanging (baseline)",
    "project_factor_replacement_collaboration": "Projectfactor vervanging (samenwerking)",
    "interest_rate_collaboration": "Rente samenwerking",
    "interest_rate_municipal": "Rente gemeenten (baseline)",
    "ict_centre_start_year": "Startjaar ICT-centrum",
    "programme_start_year": "Startjaar samenwerkingsprogramma",
    "cio_office_fte": "CIO-office (fte per gemeente)",
    "transition_cost": "Transitiekosten",
    "transition_offset": "Jaar transitiekosten (t.o.v. start)",
    "transition_year": "Vast jaar transitiekosten",
    "friction_cost": "Frictiekosten",
    "friction_offset": "Jaar frictiekosten (t.o.v. start)",
    "friction_year": "Vast jaar frictiekosten",
    "oneoff_first_year_share": "Deel eenmalige kosten in eerste jaar",
    "s3_investment": "Investering Samenwerking 3.0",
    "s3_investment_share_year1": "Deel investering 3.0 in jaar 1",
    "s3_investment_share_year2": "Deel investering 3.0 in jaar 2",
    "s3_software_reduction": "Besparing software (3.0)",
    "s3_infrastructure_reduction": "Besparing infrastructuur (3.0)",
    "s3_implementation_reduction": "Besparing implementatie (3.0)",
    "s3_fte_reference_share": "Aandeel geharmoniseerd in de formatietabel 3.0",
    "harmonisation_effect_lag": "Vertraging effect harmonisatie",
    "overhead_ict_centre": "Overhead ICT-centrum",
    "overhead_offset": "Eerste jaar overhead (t.o.v. start)",
    "overhead_first_year": "Vast eerste jaar overhead",
    "overhead_included": "Overhead meegeteld",
    "fte_baseline_haarlem": "Formatie ICT Haarlem (fte)",
    "fte_baseline_haarlemmermeer": "Formatie ICT Haarlemmermeer (fte)",
    "inhabitants_haarlem": "Inwoners Haarlem",
    "inhabitants_haarlemmermeer": "Inwoners Haarlemmermeer",
    "cost_per_fte": "Personeelskosten per fte",
    "applications_share": "Aandeel applicaties",
    "baseline_exploitation_haarlem": "Exploitatiekosten Haarlem",
    "baseline_exploitation_haarlemmermeer": "Exploitatiekosten Haarlemmermeer",
    "baseline_capital_haarlem": "Kapitaallasten Haarlem",
    "baseline_capital_haarlemmermeer": "Kapitaallasten Haarlemmermeer",
    "writeoff_haarlem": "Aflopende kapitaallasten Haarlem",
    "writeoff_haarlem_last_year": "Laatste jaar aflopende kapitaallasten Haarlem",
    "writeoff_haarlemmermeer_a": "Aflopende kapitaallasten Haarlemmermeer (a)",
    "writeoff_haarlemmermeer_a_last_year": "Laatste jaar aflopende kapitaallasten Haarlemmermeer (a)",
    "writeoff_haarlemmermeer_b": "Aflopende kapitaallasten Haarlemmermeer (b)",
    "writeoff_haarlemmermeer_b_last_year": "Laatste jaar aflopende kapitaallasten Haarlemmermeer (b)",
    "optimism_bias_one_off": "Opslag op eenmalige kosten",
    "discount_rate": "Disconteringsvoet",
    "break_even_projection_years": "Jaren doorgetrokken voor het omslagjaar",
    "usage_one_off_share_haarlem": "Aandeel Haarlem in eenmalige kosten (gebruik)",
    "montecarlo_draws": "Aantal trekkingen",
    "montecarlo_seed": "Startgetal van de trekkingen",
    "term_applications_haarlem": "Afschrijvingstermijn applicaties Haarlem",
    "term_applications_haarlemmermeer": "Afschrijvingstermijn applicaties Haarlemmermeer",
    "term_applications_collaboration": "Afschrijvingstermijn applicaties samenwerking",
}

# The original report's four schematic figures, redrawn (par. 2.4 and 3.4): the words in them.
# Uitgangspunt 1, the inverted pyramid: the ways ICT adds value, from the narrow bottom layer
# (least return, least complexity) to the wide top layer; the top two lie in the primary process.
PYRAMID = {
    "title": "Vier manieren waarop ICT rendement oplevert",
    "layers": ("Besparen op de inkoop van ICT (professionalisering, schaal)",
               "Besparen op ICT zelf (efficiënter, standaardiseren)",
               "Het primaire proces beter ondersteunen (minder handelingen)",
               "Procesinnovatie met ICT (digitale dienstverlening, zaakgericht werken)"),
    "return": "Opbrengst (rendement, waarde)",
    "complexity": "Complexiteit (betrokkenen, standaardisatie)",
    "primary": "Baten in het primaire proces:\nmeegewogen, niet doorgerekend",
    "ict": "Besparingen op de ICT:\nin de berekening",
}
# Uitgangspunt 2, the matrix of collaboration: two axes, four quadrants, the phases 1.0 to 3.0.
MATRIX = {
    "title": "Vier vormen van ICT-samenwerking",
    "x": "Impact op business", "x_from": "techniek", "x_to": "businessniveau",
    "y": "Impact op ICT", "y_from": "projectniveau", "y_to": "uitvoering",
    "lower_left": "ICT-projectsamenwerking\n(Samenwerking 1.0)",
    "upper_left": "Samenwerking in\nautomatisering\n(Samenwerking 2.0)",
    "upper_right": "Samenwerking in\ninformatisering\n(Samenwerking 3.0)",
    "lower_right": "Business-projectsamenwerking",
    "path": "gefaseerd leren",
}
# Uitgangspunt 3: the costs of a municipal task to society, before and after investing in ICT.
BENEFITS = {
    "title": "Bezuinigen mét ICT, niet óp ICT",
    "before": "Huidige situatie", "after": "Na investering in ICT",
    "parts": ("Kosten van de ICT", "Kosten van de uitvoerende organisatie",
              "Administratieve lasten (burger, ondernemer)"),
    "ict": "ICT-kosten stijgen (software, koppelingen)",
    "execution": "Uitvoering goedkoper: processen digitaal, controles automatisch",
    "burden": "Minder lasten: formulieren vooraf ingevuld",
    "total": "Totale maatschappelijke kosten lager",
}
# Par. 3.4: collaboration costs before it pays, and only tempers the rise of ICT costs.
COST_CURVE = {
    "title": "Samenwerken: hooguit minder meerkosten",
    "current": "Huidige kosten",
    "baseline": "Zelfstandig doorgaan (baseline)",
    "collaboration": "Samenwerking",
    "investment": "eerst investering\nen frictiekosten",
    "tempered": "daarna minder meerkosten\ndan de baseline",
    "x": "Tijd",
    "y": "ICT-kosten",
    "visible": "zichtbare\nICT-kosten",
    "real": "werkelijke\nICT-kosten",
}

SCHEDULE_NAME = "Geharmoniseerd aandeel in {year}"

# The break-even projection after the extrapolated year in one phrase (decisions D7, D31)
PROJECTION_RULE = ("de lopende kosten blijven op het niveau van het geëxtrapoleerde jaar, wat later begint of stopt, "
                   "doet dat in zijn eigen jaar, en eenmalige kosten vallen in hun eigen jaar")


def assumption(key: str) -> str:
    """The Dutch short name of a settable id (the id itself only for an id this module lacks,
    which a test forbids for every id of the register)."""
    if key.startswith("harmonised_share_"):
        return SCHEDULE_NAME.format(year=key.rsplit("_", 1)[1])
    return ASSUMPTION.get(key, key)


def conclusion(key: str, first: int, last: int, extrapolated: int) -> str:
    """The Dutch statement of a conclusion the switching values test (decision D24)."""
    return {"s2_not_paid_back_in_period": f"Samenwerking 2.0 verdient zich niet terug in {first}-{last}",
            "s3_breaks_even_by_extrapolated_year": f"Samenwerking 3.0 verdient zich terug uiterlijk in {extrapolated}"}[key]


def category(key: str, in_sentence: bool = False) -> str:
    """A cost category's name; ``in_sentence``: starting with a lower-case letter."""
    name = CATEGORY[key]
    return name[0].lower() + name[1:] if in_sentence else name


# What each kind of printed figure is (the lineage panel, `bizcase explain`, the annex on the
# provenance of the key figures); {who} is ' voor Haarlem' or ' voor beide gemeenten samen'
FIGURE_KIND = {
    "break_even": "Omslagjaar van {scenario}{who}: het eerste jaar vanaf welk de opgetelde kosten tot en met {horizon} "
                  "niet meer boven die van de baseline uitkomen (besluit D7)",
    "saving_pct": "Besparing van {scenario} over {period}, als deel van de kosten van de baseline (besluit D8)",
    "cumulative": "Opgeteld verschil van {scenario} met de baseline over {period}{who} (positief: duurder)",
    "npv": "Contante waarde van de jaarlijkse verschillen van {scenario} met de baseline over {period} (besluit D21)",
    "investment": "Eenmalige investering van {scenario} zoals het rapport haar telt (besluit D17)",
    "total": "Kosten van {scenario} in {year}{who}",
    "total_period": "Kosten van {scenario} over {period}{who}",
    "cost": "Kosten van de categorie {category} in {scenario} in {year}{who}",
    "difference": "Verschil van {scenario} met de baseline in {year}{who} (positief: duurder)",
    "cumulative_year": "Opgeteld verschil van {scenario} met de baseline van {first} tot en met {year}{who}",
}
FIGURE_WHO = {None: " voor beide gemeenten samen", "Haarlem": " voor Haarlem", "Haarlemmermeer": " voor Haarlemmermeer"}
# a break-even year moves only in whole years: what its lineage is measured on
FIGURE_MEASURED_ON = "gemeten aan het opgetelde verschil in het omslagjaar, dat bij het omslagjaar dicht bij nul ligt"
# the headline figures' short names (tables of the annex on the provenance of the key figures)
FIGURE_SHORT = {
    "break_even": "Omslagjaar {scenario}{who}",
    "saving_pct": "Besparing {scenario} over {period}",
    "cumulative": "Verschil {scenario} met de baseline over {period}{who}",
    "npv": "Contante waarde van het verschil, {scenario}",
    "investment": "Investering {scenario}",
}
FIGURE_WHO_SHORT = {None: "", "Haarlem": " (Haarlem)", "Haarlemmermeer": " (Haarlemmermeer)"}
