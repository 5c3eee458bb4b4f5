"""Presentation helpers for the report notebooks: Dutch formatting, tables, charts.

Nothing here calculates a figure of the business case: every number comes from
:mod:`bizcase.model`, :mod:`bizcase.metrics` or :mod:`bizcase.compare`; this module only
formats and draws it. The notebooks call :func:`setup` in their second cell.
"""
from __future__ import annotations

import html
import io
import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from . import compare, metrics
from .errors import InputError
from .inputs import MUNICIPALITIES, SCENARIOS, load_inputs
from .model import CATEGORIES, evaluate

# Names a notebook's parameters cell may hold besides assumption ids.
RESERVED = {"data_dir", "variant", "In", "Out", "exit", "quit", "get_ipython"}

SCENARIO_NAMES = {"baseline": "Baseline", "s2": "Samenwerking 2.0", "s3": "Samenwerking 3.0"}
CATEGORY_NAMES = {
    "personnel": "Personeel (incl. CIO-office)",
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
COLORS = {"baseline": "#1f4e79", "s2": "#c55a11", "s3": "#548235"}
LONG_TABLE_ROWS = 30  # tables longer than this start on a new page in the PDF


# ---------------------------------------------------------------- formatting (Dutch)

def number(x, decimals: int = 0) -> str:
    """Dutch number: dot for thousands, comma for decimals (10.800; 1,35)."""
    x = float(np.asarray(x))
    if math.isnan(x):
        return "-"
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def eur(x, decimals: int = 0) -> str:
    """An amount in EUR, Dutch style: 'EUR 10.800'."""
    return f"EUR {number(x, decimals)}"


def keur(x, step: float | None = None) -> str:
    """An amount in EUR shown in EUR x 1000 (optionally rounded to ``step`` EUR first)."""
    value = metrics.round_to(x, step) if step else np.asarray(x, float)
    return number(value / 1000)


def million(x, decimals: int = 1) -> str:
    """'EUR 3,4 miljoen'."""
    return f"EUR {number(np.asarray(x, float) / 1e6, decimals)} miljoen"


def pct(x, decimals: int = 2) -> str:
    """'1,35%'."""
    return f"{number(x, decimals)}%"


def plain(x) -> str:
    """A parameter value without trailing zeros, Dutch style (2; 0,07; 85.000)."""
    x = float(np.asarray(x))
    if x.is_integer():
        return number(x)
    return number(x, 6).rstrip("0").rstrip(",")


def saving(pct_value) -> str:
    """'bespaart 1,35%' for a saving, 'kost 0,76% méér' for extra costs (percent of the baseline)."""
    v = float(np.asarray(pct_value))
    return f"bespaart {pct(v)}" if v >= 0 else f"kost {pct(-v)} méér"


def year(x) -> str:
    """A year, or 'geen' when there is none (NaN)."""
    x = float(np.asarray(x))
    return "geen" if math.isnan(x) else str(int(x))


# ---------------------------------------------------------------- context

@dataclass
class Context:
    """What a chapter notebook needs: inputs, the evaluated model and numbering."""

    chapter: str
    variant: str
    inputs: object
    result: object
    summary: dict
    overrides: dict
    _tables: int = 0
    _figures: int = 0

    @property
    def p(self) -> dict:
        return self.inputs.params

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.result.years]

    def total(self, municipality: str, scenario: str) -> np.ndarray:
        return np.asarray(self.result.total(municipality, scenario), float)

    def combined(self, scenario: str) -> np.ndarray:
        return np.asarray(self.result.combined_total(scenario), float)

    def difference(self, scenario: str) -> np.ndarray:
        return metrics.difference(self.combined(scenario), self.combined("baseline"))

    def next_table(self) -> str:
        self._tables += 1
        return f"Tabel {self.chapter}.{self._tables}"

    def next_figure(self) -> str:
        self._figures += 1
        return f"Figuur {self.chapter}.{self._figures}"

    @cached_property
    def reference(self):
        """The published figures (comparison only; the model never reads them)."""
        from .reference import load_reference

        return load_reference(self.inputs.data_dir)

    def claim(self, cid: str) -> float:
        """A published headline figure of the original report (for comparison in the prose)."""
        return self.reference.claim(cid)


def injected_parameters(namespace: dict) -> dict:
    """The assumption overrides in a notebook's namespace (put there by papermill).

    Every name that is not reserved, private, a module or a function is an override and is
    validated like ``--set`` (so ``True``, ``None`` or a list is refused, never ignored)."""
    import types

    out = {}
    for name, value in namespace.items():
        if name.startswith("_") or name in RESERVED:
            continue
        if isinstance(value, (types.ModuleType, type)) or callable(value):
            continue
        out[name] = value
    return out


def setup(namespace: dict, chapter: str) -> Context:
    """Load the inputs with the notebook's parameters and evaluate the model once."""
    data_dir = namespace.get("data_dir", "../data")
    overrides = injected_parameters(namespace)
    try:
        inputs = load_inputs(data_dir, overrides=overrides, origin="notebook parameter")
    except InputError as exc:  # one clear line instead of a pydantic traceback
        raise SystemExit(f"bizcase: error: {exc.message}") from None
    result = evaluate(inputs)
    return Context(chapter=chapter, variant=str(namespace.get("variant", "standaard")), inputs=inputs,
                   result=result, summary=metrics.summary(result), overrides=dict(inputs.overrides))


PROJECT_ROOT = Path(__file__).resolve().parents[1]


def decisions_log() -> str:
    """The decisions log (``docs/decisions.md``, generated by ``make decisions``) as Markdown to
    include under the Verantwoording: its own title dropped, its entries one level down."""
    import re

    text = (PROJECT_ROOT / "docs" / "decisions.md").read_text(encoding="utf-8")
    text = text.split("\n", 1)[1] if text.startswith("# ") else text
    text = "\n".join(line for line in text.splitlines() if not line.startswith("<!--"))
    return re.sub(r"^## ", "#### ", text, flags=re.M)


# ---------------------------------------------------------------- display

def _display(obj) -> None:
    from IPython.display import display

    display(obj)


def md(text: str) -> None:
    """Show Markdown prose (with computed figures) as output."""
    from IPython.display import Markdown

    _display(Markdown(text))


def table_html(df: pd.DataFrame, caption: str, note: str = "", italic_columns=(), text: bool = False) -> str:
    """A plain, deterministic HTML table with a numbered caption."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in [df.index.name or ""] + list(df.columns))
    rows = []
    for idx, row in df.iterrows():
        cells = [f"<th class='rowhead'>{html.escape(str(idx))}</th>"]
        for col, v in row.items():
            text = html.escape(str(v))
            cls = " class='extrapolated'" if col in italic_columns else ""
            cells.append(f"<td{cls}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    note_html = f"<p class='table-note'>{html.escape(note)}</p>" if note else ""
    cls = "bc-table text" if text else "bc-table"
    if len(df) > LONG_TABLE_ROWS:
        cls += " long"  # starts on a new page in print, so its caption never stays behind
    return (f"<table class='{cls}'><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>{note_html}")


def table(ctx: Context, df: pd.DataFrame, caption: str, note: str = "", italic_columns=(), text: bool = False) -> None:
    """Show a numbered table (``text``: left-aligned cells, for tables of words)."""
    from IPython.display import HTML

    _display(HTML(table_html(df, f"{ctx.next_table()}: {caption}", note, italic_columns, text)))


def figure(ctx: Context, fig, caption: str) -> None:
    """Show a chart as PNG (deterministic bytes) with a numbered caption."""
    import matplotlib.pyplot as plt
    from IPython.display import HTML, Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, metadata={"Software": None}, bbox_inches="tight")
    plt.close(fig)
    _display(Image(data=buf.getvalue(), format="png"))
    _display(HTML(f"<p class='figcaption'>{html.escape(ctx.next_figure())}: {html.escape(caption)}</p>"))


# ---------------------------------------------------------------- tables

def year_columns(ctx: Context, extrapolated_label: bool = True) -> list[str]:
    cols = [str(y) for y in ctx.years]
    if extrapolated_label:
        cols[-1] = f"{cols[-1]}*"
    return cols


def scenario_table(ctx: Context, municipality: str | None, step: float | None) -> pd.DataFrame:
    """Costs per scenario and year in EUR x 1000 (one municipality, or combined when None)."""
    rows = {}
    for sc in SCENARIOS:
        values = ctx.combined(sc) if municipality is None else ctx.total(municipality, sc)
        rows[SCENARIO_NAMES[sc]] = [keur(v, step) for v in values]
    df = pd.DataFrame(rows, index=year_columns(ctx)).T
    df.index.name = "EUR x 1.000"
    # S3.0 is shown from the first harmonisation year, as the report does; before it equals S2.0
    start = s3_first_year(ctx)
    for y in ctx.years:
        if y < start:
            df.loc[SCENARIO_NAMES["s3"], year_columns(ctx)[ctx.years.index(y)]] = "-"
    return df


def s3_first_year(ctx: Context) -> int:
    """First year of the harmonisation schedule with a share above 0."""
    years, shares = ctx.inputs.harmonisation()
    return next((y for y, v in zip(years, shares) if v > 0), ctx.years[-1])


def category_table(ctx: Context, municipality: str | None, scenario: str) -> pd.DataFrame:
    """Costs per category and year, EUR x 1000, with the total."""
    series = (ctx.result.combined[scenario] if municipality is None
              else ctx.result.costs[(municipality, scenario)])
    rows = {}
    for cat in CATEGORIES:
        values = np.asarray(series[cat], float)
        if np.allclose(values, 0):
            continue
        rows[CATEGORY_NAMES[cat]] = [keur(v) for v in values]
    total = sum(np.asarray(series[c], float) for c in CATEGORIES)
    rows["Totaal"] = [keur(v) for v in total]
    df = pd.DataFrame(rows, index=year_columns(ctx)).T
    df.index.name = "EUR x 1.000"
    return df


# ---------------------------------------------------------------- charts

def _axes(title: str, ylabel: str = "EUR x 1.000"):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    ax.set_title(title, fontsize=11)
    ax.set_xlabel("Jaar")
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: number(v)))
    return fig, ax


def scenario_chart(ctx: Context, title: str, municipality: str | None = None, scenarios=SCENARIOS):
    """Lines per scenario; the extrapolated last year dashed and shaded."""
    fig, ax = _axes(title)
    years = np.array(ctx.years)
    start_s3 = s3_first_year(ctx)
    for sc in scenarios:
        values = (ctx.combined(sc) if municipality is None else ctx.total(municipality, sc)) / 1000
        mask = years >= start_s3 if sc == "s3" else np.ones_like(years, bool)
        ys, vs = years[mask], values[mask]
        ax.plot(ys[:-1], vs[:-1], marker="o", color=COLORS[sc], label=SCENARIO_NAMES[sc], linewidth=2)
        ax.plot(ys[-2:], vs[-2:], linestyle="--", color=COLORS[sc], linewidth=2)
        ax.plot(ys[-1:], vs[-1:], marker="o", markerfacecolor="white", color=COLORS[sc])
    ax.axvspan(years[-1] - 0.5, years[-1] + 0.5, color="#eeeeee", zorder=0)
    ax.text(years[-1], ax.get_ylim()[0], "geëxtrapoleerd", ha="center", va="bottom", fontsize=8, color="#555555")
    ax.set_xticks(years)
    ax.legend(frameon=False, fontsize=9, loc="best")
    return fig


def cumulative_chart(ctx: Context, title: str, horizon: int):
    """Cumulative difference to baseline through ``horizon``: the modelled years solid, the
    projection after them (the extrapolated year's running difference plus one-offs dated
    there, decision D7) dotted."""
    fig, ax = _axes(title, "Cumulatief verschil, EUR x 1.000")
    last = ctx.years[-1]
    for sc in ("s2", "s3"):
        years, d = metrics.horizon_difference(ctx.result, sc)
        keep = years <= horizon
        years, cum = years[keep], np.cumsum(np.asarray(d, float))[keep] / 1000
        modelled = years <= last
        ax.plot(years[modelled], cum[modelled], marker="o", color=COLORS[sc], label=SCENARIO_NAMES[sc], linewidth=2)
        tail = years >= last
        ax.plot(years[tail], cum[tail], linestyle=":", color=COLORS[sc], linewidth=2)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(np.arange(ctx.years[0], horizon + 1))
    ax.tick_params(axis="x", labelsize=8)
    ax.legend(frameon=False, fontsize=9)
    return fig


def category_chart(ctx: Context, municipality: str, title: str):
    """Stacked bars of the baseline per category."""
    fig, ax = _axes(title)
    years = np.array(ctx.years)
    bottom = np.zeros(len(years))
    palette = ["#1f4e79", "#2e75b6", "#9dc3e6", "#c55a11", "#f4b183", "#548235", "#a9d18e", "#7f7f7f"]
    series = ctx.result.costs[(municipality, "baseline")]
    shown = [c for c in CATEGORIES if not np.allclose(series[c], 0)]
    for color, cat in zip(palette, shown):
        v = np.asarray(series[cat], float) / 1000
        ax.bar(years, v, bottom=bottom, color=color, label=CATEGORY_NAMES[cat], width=0.7)
        bottom += v
    ax.set_xticks(years)
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def tornado_chart(ctx: Context, rows, outcome: str, title: str, top: int = 12):
    """Horizontal bars: the outcome at each assumption's low and high value (EUR x 1000)."""
    import matplotlib.pyplot as plt

    fig, ax = _axes(title, "")
    rows = sorted(rows, key=lambda r: -r.swing(outcome))[:top][::-1]
    base = float(np.asarray(ctx.summary["cumulative_difference_eur"][outcome.rsplit("_", 1)[1]]))
    for i, r in enumerate(rows):
        lo, hi = r.at_low[outcome] / 1000, r.at_high[outcome] / 1000
        ax.barh(i, lo - base / 1000, left=base / 1000, color="#9dc3e6", height=0.6, label="laag" if i == 0 else None)
        ax.barh(i, hi - base / 1000, left=base / 1000, color="#1f4e79", height=0.6, label="hoog" if i == 0 else None)
    ax.axvline(base / 1000, color="black", linewidth=0.8)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r.id for r in rows], fontsize=7)
    ax.set_xlabel("Cumulatief verschil met de baseline 2013-2018, EUR x 1.000")
    ax.set_ylabel("")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_formatter(plt.matplotlib.ticker.FuncFormatter(lambda v, _: number(v)))
    ax.legend(frameon=False, fontsize=8, loc="lower right", title="waarde van de aanname", title_fontsize=8)
    fig.set_size_inches(7.5, 4.2)
    return fig


def fan_chart(ctx: Context, fan: dict, title: str):
    """Percentile bands of the cumulative difference per year, per collaboration scenario."""
    fig, ax = _axes(title, "Cumulatief verschil, EUR x 1.000")
    years = fan["years"]
    for sc in ("s2", "s3"):
        q = fan[sc]
        ax.fill_between(years, q[5] / 1000, q[95] / 1000, color=COLORS[sc], alpha=0.15, linewidth=0)
        ax.fill_between(years, q[25] / 1000, q[75] / 1000, color=COLORS[sc], alpha=0.3, linewidth=0)
        ax.plot(years, q[50] / 1000, color=COLORS[sc], linewidth=2, label=f"{SCENARIO_NAMES[sc]} (mediaan)")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(years)
    ax.tick_params(axis="x", labelsize=8)
    ax.legend(frameon=False, fontsize=8, loc="best")
    return fig
