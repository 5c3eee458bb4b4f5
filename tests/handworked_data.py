"""A tiny synthetic data folder with round numbers, for the hand-worked tests.

``build(folder)`` copies ``data/`` and overwrites every value the model reads with the round
values below (register values in ``assumptions.csv``, calibrated ones in ``calibrated.csv``,
and the tables), so that every figure of the model can be worked out by hand.

The synthetic case (all amounts EUR):

* years 2013-2017 computed, 2018 extrapolated; indexation 10 %, volume growth 5 %:
  index 1, 1.1, 1.21, 1.331, 1.4641; the extrapolated year grows by 1.1 x 1.05 = 1.155;
* Haarlem: 10 FTE, 100,000 inhabitants, exploitation 1,000,000, capital 400,000, write-off
  100,000 through 2014; Haarlemmermeer: 30 FTE, 400,000 inhabitants, exploitation 2,000,000,
  capital 600,000, write-offs 50,000 through 2015 and 20,000 through 2013;
  cost per FTE 50,000; applications 50 % of non-personnel costs, the rest split 40/30/20/10
  over workplace/infrastructure/communication/facilities;
* renewal 0 EUR per inhabitant (tests that need renewal set it to 1);
* ICT centre from 2015: 20 FTE (table: 12 + 8; S3.0 table 8 + 4 = 12 FTE) plus 2 CIO FTE per
  municipality; S3.0 table reached at a harmonised share of 0.8;
* project costs 200,000 at offset -1 (2014) and 50,000 at offset 0 (2015); 60 % of the
  table's first year is spent in it; programme 100,000 / 50,000 / 50,000 / 0 / 10,000 from
  2013; transition 300,000 at the start (2015), friction 200,000 one year later (2016);
  overhead 100,000 from one year after the start (2016), included;
* harmonisation schedule 2014 0, 2015 0.2, 2016 0.4, 2017 0.8, effect one year later;
  software -40 %, infrastructure -20 % at full harmonisation; S3.0 investment 1,000,000 in
  tranches 50 / 30 / 20 %;
* interest 10 % municipal (application term 5 years Haarlem, 4 Haarlemmermeer), 5 %
  collaboration (term 2 years); discount rate 10 %; break-even horizon 5 years after 2018.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

VALUES = {
    "year_first": 2013, "year_last": 2017,
    "indexation_rate": 0.10, "volume_growth": 0.05,
    "renewal_per_inhabitant": 0,
    "project_factor_new_baseline": 1.0, "project_factor_new_collaboration": 0.5,
    "project_factor_replacement_baseline": 1.0, "project_factor_replacement_collaboration": 0.5,
    "interest_rate_collaboration": 0.05, "interest_rate_municipal": 0.10,
    "ict_centre_start_year": 2015, "programme_start_year": 2013,
    "cio_office_fte": 2,
    "transition_cost": 300_000, "transition_offset": 0, "transition_year": None,
    "friction_cost": 200_000, "friction_offset": 1, "friction_year": None,
    "oneoff_first_year_share": 0.6,
    "s3_investment": 1_000_000, "s3_investment_share_year1": 0.5, "s3_investment_share_year2": 0.3,
    "s3_software_reduction": 0.4, "s3_infrastructure_reduction": 0.2, "s3_implementation_reduction": 0.1,
    "s3_fte_reference_share": 0.8, "harmonisation_effect_lag": 1,
    "overhead_ict_centre": 100_000, "overhead_offset": 1, "overhead_first_year": None, "overhead_included": 1,
    "fte_baseline_haarlem": 10, "fte_baseline_haarlemmermeer": 30,
    "inhabitants_haarlem": 100_000, "inhabitants_haarlemmermeer": 400_000,
    "cost_per_fte": 50_000, "applications_share": 0.5,
    "baseline_exploitation_haarlem": 1_000_000, "baseline_exploitation_haarlemmermeer": 2_000_000,
    "baseline_capital_haarlem": 400_000, "baseline_capital_haarlemmermeer": 600_000,
    "writeoff_haarlem": 100_000, "writeoff_haarlem_last_year": 2014,
    "writeoff_haarlemmermeer_a": 50_000, "writeoff_haarlemmermeer_a_last_year": 2015,
    "writeoff_haarlemmermeer_b": 20_000, "writeoff_haarlemmermeer_b_last_year": 2013,
    "optimism_bias_one_off": 0, "discount_rate": 0.10, "usage_one_off_share_haarlem": 0.3,
    "break_even_projection_years": 5, "montecarlo_draws": 1000, "montecarlo_seed": 1,
}
# the only uncertain assumptions (plausible low < high); every other range is cleared
# (calibrated rows must keep bounds: they get low = high = value)
RANGES = {
    "indexation_rate": (0.0, 0.5),
    "cost_per_fte": (40_000, 60_000),
    "harmonisation_effect_lag": (0, 2),
    "discount_rate": (0.05, 0.15),
}


def _fmt(v) -> str:
    return "" if v is None else repr(v) if isinstance(v, float) else str(v)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def build(folder: Path) -> Path:
    """Write the synthetic data folder to ``folder`` (which must not exist) and return it."""
    shutil.copytree(ROOT / "data", folder)
    with (folder / "assumptions.csv").open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    calibrated = []
    for row in rows:
        k = row["id"]
        v = VALUES[k]
        low, high = RANGES.get(k, (None, None))
        if row["status"] == "calibrated":
            calibrated.append({"id": k, "value": _fmt(v)})
            row["value"] = ""
            if low is None:
                low = high = v
        else:
            row["value"] = _fmt(v)
        row["low"], row["high"] = _fmt(low), _fmt(high)
    _write(folder / "assumptions.csv", header, rows)
    _write(folder / "calibrated.csv", ["id", "value"], calibrated)
    _write(folder / "fte.csv", ["function_group", "baseline", "ict_centre", "s3", "source"], [
        {"function_group": "group_a", "baseline": 20, "ict_centre": 12, "s3": 8, "source": "synthetic"},
        {"function_group": "group_b", "baseline": 20, "ict_centre": 8, "s3": 4, "source": "synthetic"},
    ])
    cost = ["item", "offset", "year", "amount_eur", "source"]
    _write(folder / "project_costs.csv", cost, [
        {"item": "setup", "offset": -1, "year": "", "amount_eur": 150_000, "source": "synthetic"},
        {"item": "setup", "offset": 0, "year": "", "amount_eur": 50_000, "source": "synthetic"},
        {"item": "plan", "offset": -1, "year": "", "amount_eur": 50_000, "source": "synthetic"},
    ])
    _write(folder / "programme_costs.csv", cost, [
        {"item": "general", "offset": 0, "year": "", "amount_eur": 100_000, "source": "synthetic"},
        {"item": "general", "offset": 1, "year": "", "amount_eur": 50_000, "source": "synthetic"},
        {"item": "general", "offset": 2, "year": "", "amount_eur": 50_000, "source": "synthetic"},
        {"item": "general", "offset": 4, "year": "", "amount_eur": 10_000, "source": "synthetic"},
    ])
    _write(folder / "harmonisation.csv", ["year", "share", "status", "source"], [
        {"year": y, "share": s, "status": "published", "source": "synthetic"}
        for y, s in ((2014, 0.0), (2015, 0.2), (2016, 0.4), (2017, 0.8))
    ])
    _write(folder / "category_split.csv", ["category", "share", "status", "reasoning"], [
        {"category": c, "share": s, "status": "reconstructed", "reasoning": "synthetic"}
        for c, s in (("workplace", 0.4), ("infrastructure", 0.3), ("communication", 0.2), ("facilities", 0.1))
    ])
    path = folder / "depreciation_terms.csv"
    with path.open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row["category"] == "applications":
            row.update(haarlem="5", haarlemmermeer="4", collaboration="2")
    _write(path, header, rows)
    return folder
