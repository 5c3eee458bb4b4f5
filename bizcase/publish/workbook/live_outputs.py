"""The live model's outputs: Uitkomsten, Lees mij, and the Python model's value of every output cell."""
from __future__ import annotations

import numpy as np

from bizcase.core import metrics
from bizcase.core.model import evaluate
from bizcase.core.schema import COLLABORATIONS, MUNICIPALITIES, SCENARIOS
from bizcase.publish.workbook.cells import formula, text
from bizcase.publish.workbook.live_grid import BASELINE, BOTH, EUR, PCT, U_EUR, YEAR, Book, Calc, Layout, scenario, slug


def output_rows(layout: Layout) -> list:
    """The rows of ``Uitkomsten``: (kind, key, label, source); kind 'section', 'modelled' (a
    series over the modelled years with its total in column C), 'horizon' (through the horizon)
    or 'scalar' (column C). The rows do not depend on ``layout`` (kept for the callers)."""
    rows = []
    for m in MUNICIPALITIES + (BOTH,):
        suffix = f"_{slug(m)}" if m in MUNICIPALITIES else ""
        rows.append(("section", None, f"{m}: kosten per scenario (EUR per jaar, par. 6.2)", None))
        for sc in SCENARIOS:
            src = f"base_total{suffix}" if sc == "baseline" else f"{sc}_total{suffix}"
            rows.append(("modelled", ("total", m, sc), scenario(sc), src))
        for sc in COLLABORATIONS:
            rows.append(("modelled", ("diff", m, sc), f"verschil {scenario(sc)} - {BASELINE}", f"{sc}_diff{suffix}"))
        if not suffix:
            for sc in COLLABORATIONS:
                rows.append(("modelled", ("cum", m, sc), f"cumulatief verschil {scenario(sc)}", f"{sc}_cum"))
    rows.append(("section", None, f"{BOTH} t/m de horizon van de break-even (verschil met de {BASELINE})", None))
    for sc in COLLABORATIONS:
        rows.append(("horizon", ("hdiff", sc), f"verschil {scenario(sc)} - {BASELINE}", f"{sc}_hdiff"))
        rows.append(("horizon", ("hcum", sc), f"cumulatief verschil {scenario(sc)}", f"{sc}_hcum"))
    rows.append(("section", None, "Kerncijfers", None))
    for sc in COLLABORATIONS:
        lab = scenario(sc)
        rows += [("scalar", ("break_even", sc), f"{lab}: break-even (jaar)", f"break_even_{sc}"),
                 ("scalar", ("saving", sc), f"{lab}: besparing t/m het geëxtrapoleerde jaar (% van de {BASELINE})",
                  f"saving_{sc}"),
                 ("scalar", ("investment", sc), f"{lab}: investering (EUR)", f"investment_{sc}"),
                 ("scalar", ("investment_in", sc), f"{lab}: waarvan in de gemodelleerde jaren (EUR)",
                  f"investment_in_{sc}"),
                 ("scalar", ("investment_after", sc), f"{lab}: waarvan daarna (EUR)", f"investment_after_{sc}"),
                 ("scalar", ("investment_projected", sc), f"{lab}: waarvan in de projectiejaren, meegeteld in de "
                  "break-even (EUR)", f"investment_projected_{sc}"),
                 ("scalar", ("investment_uncounted", sc), f"{lab}: waarvan na de horizon of nooit, nergens "
                  "meegeteld (EUR)", f"investment_uncounted_{sc}"),
                 ("scalar", ("cum_end", sc), f"{lab}: cumulatief verschil t/m het geëxtrapoleerde jaar (EUR)",
                  f"cum_end_{sc}")]
    return rows


def uitkomsten(book: Book) -> dict:
    """The results sheet; returns output key -> row number."""
    L = book.L
    u = Calc(book, "Uitkomsten", "Uitkomsten (alleen verwijzingen naar de berekening)")
    text(u.ws["C2"], "totaal / waarde")
    where = {}
    for kind, key, label, src in output_rows(L):
        if kind == "section":
            u.section(label)
            continue
        if kind == "scalar":
            r = u.next
            text(u.ws[f"A{r}"], label)
            formula(u.ws[f"C{r}"], src).number_format = PCT if key[0] == "saving" else (YEAR if key[0] == "break_even" else EUR)
            u.next += 1
        else:
            r = u.row(None, label, U_EUR, lambda x, src=src: x.r(src), EUR,
                      ncols=L.n_years if kind == "modelled" else None, total=None)
            if kind == "modelled" and key[0] != "cum":
                formula(u.ws[f"C{r}"], f"SUM({L.cols[0]}{r}:{L.last_modelled}{r})").number_format = EUR
        where[key] = r
    return where


LEES_MIJ = [
    "Business case ICT-samenwerking Haarlem-Haarlemmermeer: rekenmodel in Excel",
    "",
    "Wat is dit?",
    "Een levend rekenmodel: dezelfde berekening als het Python-model (bizcase/core/model.py), maar met elke stap als "
    "zichtbare formule. Het is een tweede, onafhankelijke uitwerking; de test tests/test_workbook_model.py rekent het "
    "werkboek met LibreOffice door en vergelijkt elke uitkomst met het Python-model (verschil hoogstens EUR 1).",
    "Bij elke formule bewaart het bestand ook haar uitkomst, door het pakket berekend (besluit D34), zodat een "
    "voorbeeldweergave of een programma dat niet zelf rekent de cijfers toont. Excel rekent bij het openen alles "
    "opnieuw uit; LibreOffice toont de bewaarde uitkomsten en rekent mee zodra u een invoer wijzigt.",
    "",
    "Hoe gebruikt u het?",
    "1. Wijzig een waarde op het blad Invoer (gele cellen met blauwe letters), bijvoorbeeld "
    "interest_rate_collaboration, "
    "ict_centre_start_year of harmonisation_effect_lag.",
    "2. Het blad Uitkomsten rekent mee: de kosten per gemeente en scenario per jaar (par. 6.2), de verschillen met de "
    f"{BASELINE}, het cumulatieve verschil t/m de horizon, de break-even, de besparing en de investeringen.",
    "3. Kijk op het blad Controles of bovenaan 'Alle controles' OK toont. Elke invoercel wordt getoetst aan dezelfde "
    "harde grenzen als in het Python-model (FOUT daarbuiten) en aan het plausibele bereik uit het register (LET OP: "
    "toegestaan, het rapport meldt het), net als de regels tussen waarden die het Python-model toetst (bijvoorbeeld: "
    "het ICT-centrum start na year_first en uiterlijk in year_last). Een waarde buiten de harde grenzen weigert Excel "
    "al bij het invoeren (gegevensvalidatie; de melding noemt wat is toegestaan).",
    "",
    "Opbouw (van links naar rechts, van boven naar beneden):",
    "Invoer - Afgeleid (afgeleide grootheden en kalenderjaren van de eenmalige kosten) - Tijdlijn (jaren, vlaggen, "
    f"index, harmonisatie-effect) - Kapitaallasten (één rij per jaarlaag, gemeente en financiering) - "
    f"{scenario('baseline')} - Samenwerking (2.0 en 3.0) - Resultaat - Uitkomsten - Controles.",
    "Elke rij heeft één formule die over alle jaarkolommen is gekopieerd; getallen staan alleen op Invoer. "
    "De belangrijkste invoer heeft een naam (Formules > Namen beheren), zodat formules leesbaar zijn "
    "(bijv. =cost_per_fte).",
    "",
    "Wat kan het niet?",
    "- De indeling ligt vast bij het aanmaken: year_first, year_last, break_even_projection_years en het aantal rijen "
    "van de tabellen (fte, projectkosten, programmakosten, harmonisatieschema) bepalen het aantal kolommen en rijen. "
    "Wijzigt u die, maak het werkboek dan opnieuw (make report).",
    "- Geen Monte Carlo-simulatie, gevoeligheidsanalyse of omslagwaarden: daarvoor het rapport "
    "(bizcase.xlsx, bizcase.html).",
    "- Geen kalibratie: de gekalibreerde waarden staan als gewone invoer op Invoer.",
    "- Alleen de verdeelsleutel inwoners (zoals het rapport); de sleutels fte en gebruik zitten alleen in het "
    "Python-model.",
    "- Geen kasbasis en geen netto contante waarde; geen validatie tegen de gepubliceerde tabellen.",
]


def lees_mij(book: Book) -> None:
    """The read-me sheet (first in the workbook)."""
    ws = book.wb.create_sheet("Lees mij")
    for i, line in enumerate(LEES_MIJ, start=1):
        text(ws[f"A{i}"], line)
        if i == 1 or line.endswith("?") or line.endswith(":"):
            ws[f"A{i}"].font = book.bold
    ws.column_dimensions["A"].width = 140


def expected_outputs(inputs, overrides: dict | None = None) -> dict:
    """Output key -> the Python model's value: an array over the modelled years (or the horizon)
    for a series, a float for a key figure (NaN: no break-even)."""
    res = evaluate(inputs, overrides)
    summary = metrics.summary(res)
    base = res.combined_total("baseline")
    out = {}
    for m in MUNICIPALITIES + (BOTH,):
        tot = {sc: (res.total(m, sc) if m in MUNICIPALITIES else res.combined_total(sc)) for sc in SCENARIOS}
        for sc in tot:
            out[("total", m, sc)] = np.asarray(tot[sc], float)
        for sc in COLLABORATIONS:
            out[("diff", m, sc)] = np.asarray(tot[sc] - tot["baseline"], float)
            if m not in MUNICIPALITIES:
                out[("cum", m, sc)] = metrics.cumulative(metrics.difference(res.combined_total(sc), base))
    for sc in COLLABORATIONS:
        _, hd = metrics.horizon_difference(res, sc)
        s = summary[sc]
        out[("hdiff", sc)] = hd
        out[("hcum", sc)] = metrics.cumulative(hd)
        out[("break_even", sc)] = float(s.break_even_year)
        out[("saving", sc)] = float(s.saving_pct) / 100
        out[("investment", sc)] = float(s.investment)
        out[("investment_in", sc)] = float(s.investment_in_period)
        out[("investment_after", sc)] = float(s.investment_after_period)
        out[("investment_projected", sc)] = float(s.investment_projected)
        out[("investment_uncounted", sc)] = float(s.investment_uncounted)
        out[("cum_end", sc)] = float(s.cumulative_difference)
    return out
