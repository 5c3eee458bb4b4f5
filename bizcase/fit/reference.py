"""The published figures of the report: reference data, never a model input.

This module is the only one that reads ``data/published_costs.csv`` and
``data/published_claims.csv``. The model (:mod:`bizcase.core`) does not import it, so no published figure can reach a scenario; comparison, calibration and
validation import it to set the model's figures beside the published ones.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import field_validator

from bizcase.core import schema
from bizcase.core.errors import InputError
from bizcase.core.rows import Row, kind_check, read_table
from bizcase.core.schema import MUNICIPALITIES, SCENARIOS

MAX_KEUR = schema.MONEY_CEILING_EUR / 1000


class PublishedCostRow(Row):
    municipality: Literal[MUNICIPALITIES]  # type: ignore[valid-type]
    scenario: Literal[SCENARIOS]  # type: ignore[valid-type]
    year: int
    cost_eur_x1000: float
    source: str

    _year = kind_check("year", "year")

    @field_validator("cost_eur_x1000")
    @classmethod
    def _cost(cls, v: float) -> float:
        if not (0 <= v <= MAX_KEUR):
            raise ValueError(f"an amount in EUR x 1000 from 0 to {MAX_KEUR:,.0f}")
        return v


class ClaimRow(Row):
    id: Literal["break_even_year_s2", "break_even_year_s3", "payback_years_s2", "saving_pct_2013_2018_s3",  # type: ignore[valid-type]
                "investment_eur_s2", "investment_eur_s3", "fte_baseline_total", "fte_ict_centre_total",
                "fte_s3_total", "fte_technical_management_saving_s2"]
    value: float
    unit: str
    description: str
    source: str

    _value = kind_check("reported", "value")


@dataclass
class Reference:
    """The published cells of par. 6.2 and the headline claims."""

    costs: list  # PublishedCostRow
    claims: dict  # id -> ClaimRow

    def claim(self, cid: str) -> float:
        return self.claims[cid].value


def load_reference(data_dir="data") -> Reference:
    """Read and validate the published figures (InputError on any problem)."""
    data_dir = Path(data_dir)
    costs = read_table(data_dir / "published_costs.csv", PublishedCostRow, ("municipality", "scenario", "year"))
    claims = read_table(data_dir / "published_claims.csv", ClaimRow, ("id",))
    missing = sorted(set(ClaimRow.model_fields["id"].annotation.__args__) - {c.id for c in claims})
    if missing:
        raise InputError(data_dir / "published_claims.csv", f"id '{missing[0]}'", "(no row)", "a row for every claim")
    return Reference(costs=costs, claims={c.id: c for c in claims})
