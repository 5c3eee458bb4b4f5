"""Reproduced figures beside the published ones (par. 6.1-6.2, 5.2-5.3).

The published figures come from :mod:`bizcase.fit.reference` only. The claims are of two kinds:
``model`` claims test the model (break-even, payback, saving); ``transcription`` claims check
that the report's own tables were transcribed (FTE totals, sums of the listed investments)
and cannot test the model.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bizcase.core import metrics
from bizcase.core.model import Result
from bizcase.core.schema import COLLABORATIONS

ROUNDING_EUR = 50_000  # the report rounds its 6.2 tables to EUR 50,000
TOLERANCE_EUR = 50_000  # acceptance: within one rounding step of the published cell
MIN_IDENTICAL = 30  # acceptance: cells identical after rounding (of 32)
SAVING_PCT_TOLERANCE = 0.05  # acceptance: percentage points around the published 1.35 %
INVESTMENT_ROUNDING_EUR = 500_000  # the report speaks of 'EUR 3,5 and 7 miljoen'
# the published claim of each collaboration scenario (data/published_claims.csv)
BREAK_EVEN_CLAIMS = {"s2": "break_even_year_s2", "s3": "break_even_year_s3"}
INVESTMENT_CLAIMS = {"s2": "investment_eur_s2", "s3": "investment_eur_s3"}


@dataclass
class Cell:
    municipality: str
    scenario: str
    year: int
    published_eur: float
    reproduced_eur: float

    @property
    def rounded_eur(self) -> float:
        return float(metrics.round_to(self.reproduced_eur, ROUNDING_EUR))

    @property
    def difference_eur(self) -> float:
        return self.reproduced_eur - self.published_eur

    @property
    def identical(self) -> bool:
        return self.rounded_eur == self.published_eur

    @property
    def within_tolerance(self) -> bool:
        return abs(self.difference_eur) <= TOLERANCE_EUR


@dataclass
class Claim:
    id: str
    description: str
    published: float
    reproduced: float
    ok: bool
    convention: str
    kind: str  # 'model': tests the model; 'transcription': checks the transcribed tables


def cells(reference, result: Result) -> list[Cell]:
    """Every published cell of 6.2 that lies in the modelled years, with the model's unrounded
    figure (scalar evaluation)."""
    out = []
    years = list(result.years)
    for row in reference.costs:
        if row.year not in years:
            continue
        total = result.total(row.municipality, row.scenario)
        out.append(Cell(row.municipality, row.scenario, row.year, row.cost_eur_x1000 * 1000,
                        float(np.asarray(total)[..., years.index(row.year)])))
    return out


def claims(inputs, reference, result: Result) -> list[Claim]:
    """The headline claims with their reproduced values."""
    pub = reference.claims
    s = metrics.summary(result)
    fte = {k: np.asarray(v) for k, v in result.fte.items()}
    P = inputs.params
    cio = len(P.municipalities) * P.centre.cio_office_fte
    tm = {r.function_group: r for r in inputs.fte}.get("technical_management")
    out = []

    def add(cid, reproduced, ok, convention, kind="model"):
        out.append(Claim(cid, pub[cid].description, pub[cid].value, float(reproduced), bool(ok), convention, kind))

    for sc in COLLABORATIONS:
        be = float(s[sc].break_even_year)
        add(BREAK_EVEN_CLAIMS[sc], be, be == pub[BREAK_EVEN_CLAIMS[sc]].value,
            "first year from which the cumulative difference to baseline stays <= 0 through the projection "
            f"horizon; {metrics.PROJECTION_RULE}")
    payback = float(metrics.payback_years(s["s2"].break_even_year, P.centre.start_year))
    add("payback_years_s2", payback, payback == pub["payback_years_s2"].value,
        "years from the ICT centre's start up to and including the break-even year")
    pct = float(s["s3"].saving_pct)
    add("saving_pct_2013_2018_s3", pct, abs(pct - pub["saving_pct_2013_2018_s3"].value) <= SAVING_PCT_TOLERANCE,
        "minus the summed difference to baseline 2013-2018 over the summed baseline, in %")
    for sc in COLLABORATIONS:
        inv = float(s[sc].investment)
        add(INVESTMENT_CLAIMS[sc], inv,
            float(metrics.round_to(inv, INVESTMENT_ROUNDING_EUR)) == pub[INVESTMENT_CLAIMS[sc]].value,
            "project + transition + friction costs (+ S3.0 investment), rounded to EUR 0.5 million", "transcription")
    last = -1
    add("fte_baseline_total", fte["baseline"][..., 0], fte["baseline"][..., 0] == pub["fte_baseline_total"].value,
        "model staff of both municipalities in the baseline", "transcription")
    centre = fte["s2"][..., last] - cio
    add("fte_ict_centre_total", centre, centre == pub["fte_ict_centre_total"].value,
        "model staff of the ICT centre in S2.0 (excluding the CIO offices)", "transcription")
    s3_centre = fte["s3"][..., last] - cio
    add("fte_s3_total", s3_centre, s3_centre == pub["fte_s3_total"].value,
        "model staff of the ICT centre in S3.0 at the final harmonised share (excluding the CIO offices)",
        "transcription")
    tm_saving = tm.baseline - tm.ict_centre if tm else float("nan")
    add("fte_technical_management_saving_s2", tm_saving, tm_saving == pub["fte_technical_management_saving_s2"].value,
        "technical management in the baseline minus in the ICT centre (FTE table)", "transcription")
    return out


def passes(cell_list: list[Cell], claim_list: list[Claim]) -> bool:
    """The acceptance rule: every cell within tolerance, enough identical, every claim met."""
    return (all(c.within_tolerance for c in cell_list)
            and sum(c.identical for c in cell_list) >= MIN_IDENTICAL
            and all(c.ok for c in claim_list))
