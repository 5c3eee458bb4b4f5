"""``bizcase sensitivity``: the Monte Carlo draws, tornado and switching values as files.

Writes ``montecarlo.parquet`` (one row per draw: the drawn values and the outcomes; CSV with
``--format csv``), ``tornado.csv``, ``switching_values.csv`` and ``montecarlo_summary.json``.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np

from bizcase.analysis import content
from bizcase.analysis import montecarlo as mc
from bizcase.analysis import sensitivity as sa
from bizcase.cli.outputs import write_outputs
from bizcase.cli.progress import bar
from bizcase.core.errors import InputError


def _num(v) -> str:
    v = float(v)
    return "" if np.isnan(v) else f"{v:.10g}"


def draws_table(ids: list, draws: dict, out: dict):
    """The per-draw table (one row per draw: the drawn values and the outcomes) as columns."""
    columns = {"draw": np.arange(len(next(iter(out.values()))))}
    columns.update({k: np.asarray(draws[k], float) for k in ids})
    for k, v in out.items():
        name = f"{k}_eur" if k.startswith(("cumulative", "npv")) else k
        columns[name] = np.asarray(v, float) if v.dtype != bool else np.asarray(v, bool)
    return columns


def _arrow(values: np.ndarray):
    """One column as an Arrow array, built from its buffer: ``pyarrow.array`` would first import
    pandas to look for pandas types (about 0.2 s, a tenth of the 100,000-draw budget)."""
    import pyarrow as pa  # lazy import: pyarrow is heavy and only the Parquet output needs it

    values = np.ascontiguousarray(values)
    if values.dtype == bool:
        return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(np.packbits(values, bitorder="little"))])
    kind = {np.dtype("float64"): pa.float64(), np.dtype("int64"): pa.int64()}[values.dtype]
    return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(values)])


def draws_parquet(columns: dict) -> bytes:
    """The per-draw table as Parquet (pyarrow; fixed writer settings, so the same draws give the same bytes)."""
    import pyarrow as pa  # lazy import: pyarrow is heavy and only the Parquet output needs it
    import pyarrow.parquet as pq  # lazy import: as above

    buf = io.BytesIO()
    table = pa.table({name: _arrow(values) for name, values in columns.items()})
    pq.write_table(table, buf, compression="zstd", use_dictionary=False, write_statistics=False)
    return buf.getvalue()


def draws_csv(columns: dict) -> str:
    """The per-draw table as CSV text (slow for many draws: use Parquet, the default)."""
    names = list(columns)
    cols = [columns[k] for k in names]
    lines = [",".join(names)]
    for i in range(len(cols[0])):
        lines.append(",".join([str(int(cols[0][i]))] + [_num(c[i]) for c in cols[1:]]))
    return "\n".join(lines) + "\n"


def sensitivity_files(inputs, draws_n: int, seed: int, distribution: str, optimism_bias, fmt: str = "parquet") -> dict:
    """The per-draw table (Parquet or CSV), tornado.csv, switching_values.csv and the summary JSON."""
    ids = sa.uncertain_ids(inputs)
    with bar(draws_n, "Monte Carlo", "draws") as progress:
        draws, out = mc.monte_carlo(inputs, draws_n, seed, distribution, optimism_bias, progress=progress)
    columns = draws_table(ids, draws, out)
    per_draw = {"montecarlo.parquet": draws_parquet(columns)} if fmt == "parquet" else {"montecarlo.csv": draws_csv(columns)}

    tor = ["id,low,high," + ",".join(f"{o}_{side}" for o in sa.OUTCOMES for side in ("at_low", "at_high"))]
    for row in sa.tornado(inputs, ids):
        tor.append(",".join([row.id, _num(row.low), _num(row.high)] +
                            [_num(getattr(row, f"at_{side}")[o]) for o in sa.OUTCOMES for side in ("low", "high")]))
    sw = ["id,conclusion,value,low,high,switching_value,result"]
    for x in sa.switching_values(inputs, ids):
        result = "no switch within the analysis range" if np.isnan(x.switching_value) else "switches"
        # the switching value exactly as computed (the shortest text of the float): applied with --set it turns
        written = "" if np.isnan(x.switching_value) else repr(float(x.switching_value))
        sw.append(",".join([x.id, x.conclusion, _num(x.value), _num(x.low), _num(x.high), written, result]))
    # the point is the run's own values under the same uplift on the one-off costs as the draws
    point = sa.outcomes(inputs, None if optimism_bias is None else {"optimism_bias_one_off": float(optimism_bias)})
    summary = mc.summarise(out, content.horizon_years(inputs), point)
    summary["settings"] = {"draws": draws_n, "seed": seed, "distribution": distribution,
                           "optimism_bias": optimism_bias, "uncertain_ids": ids, "format": fmt,
                           "one_sided": sa.one_sided_ids(inputs), "widened": sa.widened_ids(inputs)}
    return {**per_draw, "tornado.csv": "\n".join(tor) + "\n",
            "switching_values.csv": "\n".join(sw) + "\n",
            "montecarlo_summary.json": json.dumps(content.plain(summary), indent=2, sort_keys=True) + "\n"}


def cmd_sensitivity(args, inputs) -> int:
    if args.draws < 1:
        raise InputError("--draws", "", args.draws, "a whole number of at least 1")
    if args.optimism_bias is not None and not (0 <= args.optimism_bias <= 10):
        raise InputError("--optimism-bias", "", args.optimism_bias, "an uplift between 0 and 10 (e.g. 0.2)")
    files = sensitivity_files(inputs, args.draws, args.seed, args.distribution, args.optimism_bias, args.format)
    write_outputs(Path(args.out), files)
    summary = json.loads(files["montecarlo_summary.json"])
    for sc in ("s2", "s3"):
        p = summary[sc]["p_cheaper"]
        chances = ", ".join(f"{y} {v:.0%}" for y, v in p.items())
        median = summary[sc]["break_even_median"]
        never = summary[sc]["p_no_break_even"]
        print(f"{sc}: P(cheaper than baseline, cumulative) by {chances}; median break-even over all draws "
              f"{'none within the horizon' if median is None else f'{median:.0f}'}; no break-even in {never:.0%} of the draws")
    print(f"written: {Path(args.out)}/montecarlo.{args.format}, tornado.csv, switching_values.csv, montecarlo_summary.json")
    return 0


