"""The live model's calculation sheets: Tijdlijn, Kapitaallasten, Baseline, Samenwerking and Resultaat."""
from __future__ import annotations

from bizcase.core.params import MUNICIPAL_IDS
from bizcase.core.schema import APPLICATION_TERMS, MUNICIPALITIES, OTHER_CATEGORIES
from bizcase.publish import labels
from bizcase.publish.workbook.live_grid import (BASE_CATS, BASELINE, BOTH, EUR, FACTOR, FIRST_COL, ONE_OFF, PCT,
                                                RUNNING, U_EUR, U_FACTOR, U_FLAG, U_FTE, U_SHARE, U_YEAR, YEAR,
                                                YEAR_ROW, Book, Calc, Ctx, category, letter, scenario, slug)

BASELINE_SHEET = labels.SCENARIO["baseline"]  # the sheet of the baseline per municipality
COLLABORATION_TERM = APPLICATION_TERMS["collaboration"]


def _dated(table: str, Y: str, share: str = "oneoff_first_year_share") -> str:
    """A one-off table per calendar year ``Y``: items in their year, the first year's amounts
    partly (1 - share) in the year after (decision D3)."""
    return (f"SUMIF({table}_year,{Y},{table}_amount)+(1-{share})*SUMIF({table}_year,{table}_first,{table}_amount)"
            f"*(({Y}={table}_first+1)-({Y}={table}_first))")


def _at(book: Book, key: str, year: str) -> str:
    """The value of row ``key`` in the column of ``year`` (a defined name such as year_last)."""
    return f"INDEX({book.rng(key)},1,{year}-year_first+1)"


def _running(book: Book, computed: str, dated: str | None = None):
    """A running category through the horizon (par. 6.1, decision D31): the computed row through
    year_last; after it the last computed year's level grown once by indexation and volume, with
    the row ``dated`` (the category's part that starts or ends on a date) in its own year."""
    def f(x: Ctx) -> str:
        level = _at(book, computed, "year_last")
        if dated:
            level += f"+{x.r(dated)}-{_at(book, dated, 'year_last')}"
        return f"IF({x.Y}<=year_last,{x.r(computed)},IF({x.Y}<=horizon_end,groei*({level}),0))"
    return f


def _charge(amount: str, x: Ctx, term: str, rate: str) -> str:
    """Capital charges of one vintage (taken into use in year $C): linear depreciation from the
    year after, interest on the book value at 1 January."""
    age = f"({x.Y}-{x.C})"
    return f"{amount}*IF(AND({age}>=1,{age}<={term}),1/{term}+{rate}*(1-({age}-1)/{term}),0)"


def tijdlijn(book: Book) -> Calc:
    """Years, flags, the index and the harmonisation effect."""
    t = Calc(book, "Tijdlijn", "Tijdlijn: jaren, vlaggen, indexering en harmonisatie-effect",
             year_formula=lambda j, c: "year_first" if j == 0 else f"{letter(FIRST_COL + j - 1)}{YEAR_ROW}+1")
    t.row("flag_computed", "berekend jaar (t/m year_last)", U_FLAG, lambda x: f"IF({x.Y}<=year_last,1,0)", "0")
    t.row("flag_modelled", "gemodelleerd jaar (t/m het geëxtrapoleerde jaar)", U_FLAG,
          lambda x: f"IF({x.Y}<=year_extrapolated,1,0)", "0")
    t.row("flag_projection", "projectiejaar na het geëxtrapoleerde jaar, t/m de horizon", U_FLAG,
          lambda x: f"IF(AND({x.Y}>year_extrapolated,{x.Y}<=horizon_end),1,0)", "0")
    t.row("flag_operating", "ICT-centrum operationeel", U_FLAG, lambda x: f"IF({x.Y}>=ict_centre_start_year,1,0)", "0")
    t.row("index", "indexfactor (1 in year_first)", U_FACTOR, lambda x: f"(1+indexation_rate)^({x.Y}-year_first)",
          FACTOR)
    t.row("effect_raw", "geharmoniseerd aandeel, harmonisation_effect_lag jaar eerder", U_SHARE,
          lambda x: (f"IF({x.Y}-harmonisation_effect_lag<MIN(schedule_years),0,"
                     f"INDEX(schedule_shares,MATCH({x.Y}-harmonisation_effect_lag,schedule_years,1)))"), FACTOR)
    t.row("effect", "harmonisatie-effect (0 vóór de start van het ICT-centrum)", U_SHARE,
          lambda x: f"{x.r('effect_raw')}*{x.r('flag_operating')}", FACTOR)
    t.row("fte_s3_centre", "formatie ICT-centrum S3.0 (naar de S3.0-tabel, naar rato van het effect)", U_FTE,
          lambda x: f"fte_centre_total-(fte_centre_total-fte_s3_total)*{x.r('effect')}/s3_fte_reference_share", "0.00")
    t.row("renewal_factor", f"vernieuwingsbedrag S3.0 t.o.v. {BASELINE} (geharmoniseerd deel: projectfactor "
          "samenwerking)", U_FACTOR, lambda x: f"1-{x.r('effect')}*(1-ratio_project)", FACTOR)
    return t


def kapitaallasten(book: Book) -> Calc:
    """Capital charges of the renewal investments: one row per vintage, municipality and financing."""
    k = Calc(book, "Kapitaallasten", "Kapitaallasten van de vernieuwingsinvesteringen: één rij per jaarlaag, "
             "gemeente en financiering")
    n_vintages = book.L.n_years - 1

    def renewal_factor(vintage: str) -> str:
        return f"SUMIF({book.year_rng()},{vintage},{book.rng('renewal_factor')})"

    for m in MUNICIPALITIES:
        key, term = slug(m), MUNICIPAL_IDS[m].term
        charge = {"own": lambda x, key=key, term=term: _charge(f"renewal_{key}*({x.C}<=year_last)", x, term,
                                                             "interest_rate_municipal"),
               "s2": lambda x, key=key: _charge(f"renewal_{key}*({x.C}<=year_last)*({x.C}>=ict_centre_start_year)", x,
                                                COLLABORATION_TERM, "interest_rate_collaboration"),
               "s3": lambda x, key=key: _charge(f"renewal_{key}*({x.C}<=year_last)*({x.C}>=ict_centre_start_year)"
                                                f"*{renewal_factor(x.C)}", x, COLLABORATION_TERM,
                                                "interest_rate_collaboration")}
        blocks = {}
        for fin, title, short in (
                ("own", f"gemeentelijke financiering ({BASELINE}; in S2.0/S3.0 de jaarlagen vóór de start)",
                 "gemeente"),
                ("s2", "S2.0: jaarlagen vanaf de start, financiering samenwerking", "S2.0"),
                ("s3", "S3.0: jaarlagen vanaf de start, financiering samenwerking, geharmoniseerd deel "
                       "met projectfactor samenwerking", "S3.0")):
            k.section(f"{m}: {title}")
            rows = []
            for v in range(n_vintages):
                const = "year_first" if v == 0 else f"C{k.next - 1}+1"
                rows.append(k.row(None, f"jaarlaag {v + 1} ({m}, {short})", U_EUR, charge[fin], EUR, const=const))
            blocks[fin] = (rows[0], rows[-1])
        k.section(f"{m}: {category('renewal_capital_charges')} (berekend)")
        o0, o1 = blocks["own"]
        k.row(f"renew_base_{key}", f"{m}, {scenario('baseline')}", U_EUR,
              lambda x, a=o0, b=o1: f"SUM({x.col}{a}:{x.col}{b})")
        for sc in ("s2", "s3"):
            s0, s1 = blocks[sc]
            k.row(f"renew_{sc}_{key}", f"{m}, {scenario(sc)}", U_EUR,
                  lambda x, a=o0, b=o1, c0=s0, c1=s1: (f"SUMIF($C${a}:$C${b},\"<\"&ict_centre_start_year,"
                                                       f"{x.col}{a}:{x.col}{b})+SUM({x.col}{c0}:{x.col}{c1})"))
    return k


def baseline(book: Book) -> Calc:
    """The baseline (current situation) per municipality and for both together."""
    b = Calc(book, BASELINE_SHEET, f"{scenario('baseline')} (huidige situatie, hoofdstuk 4) per gemeente, EUR per jaar")
    for m in MUNICIPALITIES:
        key, ids = slug(m), MUNICIPAL_IDS[m]
        b.section(f"{m}: berekend (elk jaar met zijn eigen index; gebruikt t/m year_last)")
        b.row(f"bc_personnel_{key}", f"{category('personnel')}: fte x kosten per fte x index", U_EUR,
              lambda x, ids=ids: f"{ids.fte}*cost_per_fte*{x.r('index')}")
        b.row(f"bc_nonpers_{key}", "niet-personeel: exploitatie x index + vaste kapitaallasten", U_EUR,
              lambda x, ids=ids: f"{ids.exploitation}*{x.r('index')}+{ids.capital}")
        b.row(f"bc_writeoff_{key}", "afboekingen (kapitaallasten oude software t/m hun laatste jaar)", U_EUR,
              lambda x, ids=ids: "+".join(f"{amount}*({x.Y}<={last})" for amount, last in ids.writeoffs))
        b.row(f"bc_applications_{key}", category("applications"), U_EUR,
              lambda x, key=key: f"applications_share*{x.r(f'bc_nonpers_{key}')}+{x.r(f'bc_writeoff_{key}')}")
        for c in OTHER_CATEGORIES:
            b.row(f"bc_{c}_{key}", category(c), U_EUR,
                  lambda x, key=key, c=c: f"(1-applications_share)*split_{c}*{x.r(f'bc_nonpers_{key}')}")
        b.row(f"bc_renewal_capital_charges_{key}", category("renewal_capital_charges"), U_EUR,
              lambda x, key=key: x.r(f"renew_base_{key}"))
        b.section(f"{m}: berekende jaren, daarna het niveau van year_last x groei met de afboekingen in hun "
                  "eigen jaar (t/m de horizon)")
        for c in BASE_CATS:
            b.row(f"bm_{c}_{key}", category(c), U_EUR,
                  _running(book, f"bc_{c}_{key}", f"bc_writeoff_{key}" if c == "applications" else None),
                  total="modelled")
        b.row(f"base_total_{key}", f"{m}: totaal {BASELINE}", U_EUR,
              lambda x, key=key: "+".join(x.r(f"bm_{c}_{key}") for c in BASE_CATS), total="modelled")
    first, second = (slug(m) for m in MUNICIPALITIES)
    b.section(f"{BOTH}: berekend")
    for c in ("writeoff",) + BASE_CATS:
        b.row(f"bc_{c}", "afboekingen" if c == "writeoff" else category(c), U_EUR,
              lambda x, c=c: f"{x.r(f'bc_{c}_{first}')}+{x.r(f'bc_{c}_{second}')}")
    b.section(f"{BOTH}: berekende jaren en daarna (t/m de horizon)")
    for c in BASE_CATS:
        b.row(f"bm_{c}", category(c), U_EUR, lambda x, c=c: f"{x.r(f'bm_{c}_{first}')}+{x.r(f'bm_{c}_{second}')}",
              total="modelled")
    b.row("base_total", f"{BOTH}: totaal {BASELINE} (som van de categorieën)", U_EUR,
          lambda x: "+".join(x.r(f"bm_{c}") for c in BASE_CATS), total="modelled")
    return b


def _s_running(sc: str, c: str):
    """Formula and label of a computed running category of a collaboration scenario."""
    if sc == "s3" and c == "applications":
        return (lambda x: f"{x.r('bc_applications')}*(1-s3_software_reduction*{x.r('effect')})",
                f"{category(c)}: minder software naar rato van het harmonisatie-effect")
    if sc == "s3" and c == "infrastructure":
        return (lambda x: f"{x.r('bc_infrastructure')}*(1-s3_infrastructure_reduction*{x.r('effect')})",
                f"{category(c)}: reductie naar rato van het harmonisatie-effect")
    return lambda x: x.r(f"bc_{c}"), f"{category(c)}: als {BASELINE}"


def _s_one_off(c: str):
    """Formula of a one-off category of a collaboration scenario in its year."""
    if c == "project":
        return lambda x: f"uplift*({_dated('project', x.Y)})"
    if c == "transition":
        return lambda x: f"uplift*transition_cost*({x.Y}=transition_date)"
    if c == "friction":
        return lambda x: f"uplift*friction_cost*({x.Y}=friction_date)"
    return lambda x: (f"uplift*s3_investment*has_effect*(s3_investment_share_year1*({x.Y}=s3_year1)"
                      f"+s3_investment_share_year2*({x.Y}=s3_year2)+s3_share_year3*({x.Y}=s3_year3))")


def _s3_difference(book: Book, c: str):
    """S3.0 minus S2.0 in a running category: computed through the extrapolated year; after it at
    the extrapolated year's levels with the harmonisation effect of each calendar year (D31)."""
    def after(x: Ctx) -> str:
        at = lambda key: _at(book, key, "year_extrapolated")  # noqa: E731
        if c == "applications":
            return (f"-s3_software_reduction*{x.r('effect')}*({at('bc_applications')}-{at('bc_writeoff')}"
                    f"+{x.r('bc_writeoff')})")
        if c == "infrastructure":
            return f"-s3_infrastructure_reduction*{x.r('effect')}*{at('bc_infrastructure')}"
        if c == "personnel":
            return (f"{x.r('flag_operating')}*({x.r('fte_s3_centre')}-fte_centre_total)*cost_per_fte"
                    f"*{at('index')}")
        return f"{at(f's3c_{c}')}-{at(f's2c_{c}')}"

    return lambda x: (f"IF({x.Y}<=year_extrapolated,{x.r(f's3c_{c}')}-{x.r(f's2c_{c}')},"
                      f"IF({x.Y}<=horizon_end,{after(x)},0))")


def samenwerking(book: Book) -> Calc:
    """Samenwerking 2.0 and 3.0 for both municipalities together: running and one-off costs."""
    s = Calc(book, "Samenwerking", "Samenwerking 2.0 en 3.0, beide gemeenten samen, EUR per jaar")
    first, second = (slug(m) for m in MUNICIPALITIES)
    for sc in ("s2", "s3"):
        name = scenario(sc)
        s.section(f"{name}: berekend (lopende kosten, elk jaar met zijn eigen index)")
        fte = "fte_centre_total" if sc == "s2" else None
        s.row(f"{sc}c_personnel", f"{category('personnel')}: vanaf de start ICT-centrum + CIO-bureaus, anders "
              f"{BASELINE}", U_EUR,
              lambda x, fte=fte: (f"IF({x.r('flag_operating')}=1,"
                                  f"({fte or x.r('fte_s3_centre')}+cio_total)*cost_per_fte*{x.r('index')},"
                                  f"{x.r('bc_personnel')})"))
        for c in ("applications",) + OTHER_CATEGORIES:
            f, label = _s_running(sc, c)
            s.row(f"{sc}c_{c}", label, U_EUR, f)
        s.row(f"{sc}c_renewal_capital_charges", category("renewal_capital_charges"), U_EUR,
              lambda x, sc=sc: f"{x.r(f'renew_{sc}_{first}')}+{x.r(f'renew_{sc}_{second}')}")
        s.row(f"{sc}c_programme", f"{category('programme')}: tabel, in de berekende jaren", U_EUR,
              lambda x: f"uplift*{x.r('flag_computed')}*({_dated('programme', x.Y)})")
        s.row(f"{sc}c_overhead", f"{category('overhead')}: als overhead_included = 1", U_EUR,
              lambda x: (f"overhead_included*overhead_ict_centre*({x.Y}>=overhead_from)*{x.r('flag_operating')}"))
        if sc == "s3":
            s.section(f"{name}: verschil met S2.0 (t/m het geëxtrapoleerde jaar berekend; daarna op het niveau van "
                      "het geëxtrapoleerde jaar met het harmonisatie-effect van elk jaar)")
            for c in RUNNING:
                s.row(f"s3d_{c}", category(c), U_EUR, _s3_difference(book, c))
        s.section(f"{name}: lopende kosten t/m de horizon (na year_last: niveau van year_last x groei, "
                  "elke datum in zijn eigen jaar)")
        for c in RUNNING:
            if sc == "s2":
                dated = {"applications": "bc_writeoff", "overhead": "s2c_overhead"}.get(c)
                f, label = _running(book, f"s2c_{c}", dated), category(c)
            else:  # S3.0 = S2.0 + its difference to S2.0
                f = lambda x, c=c: f"{x.r(f's2m_{c}')}+{x.r(f's3d_{c}')}"
                label = f"{category(c)}: S2.0 + verschil S3.0 - S2.0"
            s.row(f"{sc}m_{c}", label, U_EUR, f, total="modelled")
        s.row(f"{sc}_running", f"{name}: lopende kosten", U_EUR,
              lambda x, sc=sc: "+".join(x.r(f"{sc}m_{c}") for c in RUNNING), total="modelled")
        s.section(f"{name}: eenmalige kosten in hun jaar (t/m de horizon)")
        for c in ONE_OFF[sc]:
            s.row(f"{sc}_{c}", category(c), U_EUR, _s_one_off(c), total="modelled")
        s.row(f"{sc}_oneoff", f"{name}: eenmalige kosten", U_EUR,
              lambda x, sc=sc: "+".join(x.r(f"{sc}_{c}") for c in ONE_OFF[sc]), total="modelled")
        s.row(f"{sc}_total", f"{name}: totaal (gemodelleerde jaren)", U_EUR,
              lambda x, sc=sc: f"{x.r('flag_modelled')}*({x.r(f'{sc}_running')}+{x.r(f'{sc}_oneoff')})",
              total="modelled")
    return s


def resultaat(book: Book) -> Calc:
    """Allocation, differences, cumulative through the horizon and the key figures (defined names)."""
    res = Calc(book, "Resultaat", "Verdeling, verschillen, cumulatief, break-even, besparing en investering")
    res.section("Verdeling over de gemeenten naar inwoners (par. 3.7)")
    for sc in ("s2", "s3"):
        for m in MUNICIPALITIES:
            res.row(f"{sc}_total_{slug(m)}", f"{m}: {scenario(sc)}", U_EUR,
                    lambda x, sc=sc, key=slug(m): f"share_{key}*{x.r(f'{sc}_total')}", total="modelled")
    res.section(f"Verschil met de {BASELINE} (negatief is een besparing)")
    for sc in ("s2", "s3"):
        for m in MUNICIPALITIES:
            res.row(f"{sc}_diff_{slug(m)}", f"{m}: {scenario(sc)} - {BASELINE}", U_EUR,
                    lambda x, sc=sc, key=slug(m): (f"{x.r(f'{sc}_total_{key}')}-{x.r('flag_modelled')}"
                                                   f"*{x.r(f'base_total_{key}')}"), total="modelled")
        res.row(f"{sc}_diff", f"{BOTH}: {scenario(sc)} - {BASELINE}", U_EUR,
                lambda x, sc=sc: f"{x.r(f'{sc}_total')}-{x.r('flag_modelled')}*{x.r('base_total')}", total="modelled")
        res.row(f"{sc}_cum", f"{BOTH}: cumulatief verschil {scenario(sc)}", U_EUR,
                lambda x, sc=sc: f"{x.r('flag_modelled')}*(N({x.P})+{x.r(f'{sc}_diff')})")
    res.section("Na het geëxtrapoleerde jaar: lopend verschil van elk jaar plus eenmalige kosten in hun jaar")
    for sc in ("s2", "s3"):
        name = scenario(sc)
        res.row(f"{sc}_running_diff", f"lopend verschil {name} - {BASELINE}", U_EUR,
                lambda x, sc=sc: f"{x.r(f'{sc}_running')}-{x.r('base_total')}")
        res.row(f"{sc}_hdiff", f"verschil {name} - {BASELINE} t/m de horizon", U_EUR,
                lambda x, sc=sc: (f"IF({x.Y}<=year_extrapolated,{x.r(f'{sc}_diff')},"
                                  f"{x.r('flag_projection')}*({x.r(f'{sc}_running_diff')}+{x.r(f'{sc}_oneoff')}))"))
        res.row(f"{sc}_hcum", f"cumulatief verschil {name} t/m de horizon", U_EUR,
                lambda x, sc=sc: f"IF({x.Y}<=horizon_end,N({x.P})+{x.r(f'{sc}_hdiff')},0)")
        res.row(f"{sc}_above", f"jaar met cumulatief verschil boven 0 ({name})", U_YEAR,
                lambda x, sc=sc: f"IF(AND({x.Y}<=horizon_end,{x.r(f'{sc}_hcum')}>0),{x.Y},0)", YEAR)
    res.section("Kerncijfers")
    for sc in ("s2", "s3"):
        lab = scenario(sc)
        res.scalar(f"cum_end_{sc}", f"{lab}: cumulatief verschil t/m het geëxtrapoleerde jaar", U_EUR,
                   f"SUM({res.rng(f'{sc}_diff')})", EUR)
        res.scalar(f"hcum_end_{sc}", f"{lab}: cumulatief verschil aan het eind van de horizon", U_EUR,
                   f"SUMIF({book.year_rng()},horizon_end,{res.rng(f'{sc}_hcum')})", EUR)
        res.scalar(f"last_above_{sc}", f"{lab}: laatste jaar met cumulatief verschil boven 0 (0: geen)", U_YEAR,
                   f"MAX({res.rng(f'{sc}_above')})", YEAR)
        res.scalar(f"break_even_{sc}", f"{lab}: break-even (eerste jaar vanaf wanneer cumulatief <= 0 blijft)", U_YEAR,
                   f'IF(hcum_end_{sc}>0,"geen",IF(last_above_{sc}=0,year_first,last_above_{sc}+1))', YEAR)
        res.scalar(f"saving_{sc}", f"{lab}: besparing over de gemodelleerde jaren (% van de {BASELINE})", "%",
                   f"-SUM({res.rng(f'{sc}_diff')})/SUMPRODUCT({res.rng('base_total')},{res.rng('flag_modelled')})", PCT)
        cats = ONE_OFF[sc]
        res.scalar(f"investment_in_{sc}", f"{lab}: investering in de gemodelleerde jaren", U_EUR,
                   "+".join(f"SUMPRODUCT({res.rng(f'{sc}_{c}')},{res.rng('flag_modelled')})" for c in cats), EUR)
        res.scalar(f"investment_input_{sc}", f"{lab}: investering volgens de invoer", U_EUR,
                   "+".join(f"oneoff_input_{c}" for c in cats), EUR)
        res.scalar(f"investment_after_{sc}", f"{lab}: investering na de gemodelleerde jaren", U_EUR,
                   f"investment_input_{sc}-investment_in_{sc}", EUR)
        res.scalar(f"investment_projected_{sc}", f"{lab}: waarvan in de projectiejaren (telt mee in de break-even)",
                   U_EUR, "+".join(f"SUMPRODUCT({res.rng(f'{sc}_{c}')},{res.rng('flag_projection')})" for c in cats),
                   EUR)
        res.scalar(f"investment_uncounted_{sc}", f"{lab}: waarvan na de horizon of nooit (telt nergens mee)", U_EUR,
                   f"investment_after_{sc}-investment_projected_{sc}", EUR)
        res.scalar(f"investment_{sc}", f"{lab}: investering ({', '.join(category(c) for c in cats)})", U_EUR,
                   f"investment_in_{sc}+investment_after_{sc}", EUR)
    return res
