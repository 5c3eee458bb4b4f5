"""Presentation helpers for the report notebooks: Dutch formatting, tables, charts.

Nothing here calculates a figure of the business case: every number comes from
:mod:`bizcase.core.model`, :mod:`bizcase.core.metrics` or :mod:`bizcase.fit.compare`; this module only
formats and draws it. The notebooks call :func:`setup` in their second cell.
"""
from __future__ import annotations

import html
import io
import re
import weakref
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from bizcase.build.steps import artefacts
from bizcase.core import metrics
from bizcase.publish.formatting import (LOCALE, eur, keur, long_date, million, number, pct, plain, saving,  # noqa: F401
                         value_text, year)
from bizcase.core.errors import InputError
from bizcase.core.inputs import MUNICIPALITIES, SCENARIOS, load_inputs
from bizcase.core.model import CATEGORIES

# Names a notebook's parameters cell may hold besides assumption ids.
RESERVED = {"data_dir", "variant", "In", "Out", "exit", "quit", "get_ipython"}

SCENARIO_NAMES = {"baseline": "Baseline", "s2": "Samenwerking 2.0", "s3": "Samenwerking 3.0"}
CATEGORY_NAMES = {
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
COLORS = {"baseline": "#1f4e79", "s2": "#c55a11", "s3": "#548235"}
KEEP_TOGETHER_ROWS = 25  # tables up to this many rows are kept on one page in the PDF

# Dutch short names of the register's uncertain assumptions (every id with a plausible range),
# for the tornado chart; an id without a name here is shown as the id itself.
LABELS_NL = {
    "indexation_rate": "Indexatie per jaar",
    "renewal_per_inhabitant": "Vernieuwing per inwoner",
    "project_factor_new_collaboration": "Projectfactor vernieuwing (samenwerking)",
    "interest_rate_collaboration": "Rente samenwerking",
    "ict_centre_start_year": "Startjaar ICT-centrum",
    "cio_office_fte": "CIO-office (fte per gemeente)",
    "transition_cost": "Transitiekosten",
    "transition_offset": "Jaar transitiekosten (t.o.v. start)",
    "friction_cost": "Frictiekosten",
    "friction_offset": "Jaar frictiekosten (t.o.v. start)",
    "s3_investment": "Investering Samenwerking 3.0",
    "s3_software_reduction": "Besparing software (3.0)",
    "s3_infrastructure_reduction": "Besparing infrastructuur (3.0)",
    "overhead_ict_centre": "Overhead ICT-centrum",
    "fte_baseline_haarlemmermeer": "Formatie ICT Haarlemmermeer (fte)",
    "inhabitants_haarlem": "Inwoners Haarlem",
    "inhabitants_haarlemmermeer": "Inwoners Haarlemmermeer",
    "cost_per_fte": "Personeelskosten per fte",
    "interest_rate_municipal": "Rente gemeenten (baseline)",
    "volume_growth": "Volumegroei laatste jaar",
    "oneoff_first_year_share": "Deel eenmalige kosten in eerste jaar",
    "harmonisation_effect_lag": "Vertraging effect harmonisatie",
    "s3_investment_share_year1": "Deel investering 3.0 in jaar 1",
    "s3_investment_share_year2": "Deel investering 3.0 in jaar 2",
    "applications_share": "Aandeel applicaties",
    "baseline_exploitation_haarlem": "Exploitatiekosten Haarlem",
    "baseline_exploitation_haarlemmermeer": "Exploitatiekosten Haarlemmermeer",
    "baseline_capital_haarlem": "Kapitaallasten Haarlem",
    "baseline_capital_haarlemmermeer": "Kapitaallasten Haarlemmermeer",
    "writeoff_haarlem": "Aflopende kapitaallasten Haarlem",
    "writeoff_haarlemmermeer_a": "Aflopende kapitaallasten Haarlemmermeer (a)",
    "writeoff_haarlemmermeer_b": "Aflopende kapitaallasten Haarlemmermeer (b)",
    "discount_rate": "Disconteringsvoet",
    "usage_one_off_share_haarlem": "Aandeel Haarlem in eenmalige kosten (gebruik)",
}


def label_nl(assumption_id: str) -> str:
    """The Dutch short name of a register id (the id itself when it has none)."""
    return LABELS_NL.get(assumption_id, assumption_id)


# Every figure in the report is written by the helpers of bizcase.publish.formatting (imported above, and
# used by the notebooks as rp.eur, rp.pct, ...): amounts in the prose are whole euros, thousands or
# millions, never more precise than their source.


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
    def analyses(self):
        """The uncertainty analyses (tornado, switching values, delay, Monte Carlo): the build's
        artefacts when the build passed them, else computed here (:mod:`bizcase.analysis.analyses`)."""
        from bizcase.analysis import analyses

        return analyses.get(self.inputs)

    @cached_property
    def reference(self):
        """The published figures (comparison only; the model never reads them)."""
        from bizcase.fit.reference import load_reference

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
    """Load the inputs with the notebook's parameters, and the model run: the build's model.json
    (checked to be of these inputs) when the build passed one, else evaluated here."""
    data_dir = namespace.get("data_dir", "../data")
    overrides = injected_parameters(namespace)
    try:
        inputs = load_inputs(data_dir, overrides=overrides, origin="notebook parameter")
    except InputError as exc:  # one clear line instead of a pydantic traceback
        raise SystemExit(f"bizcase: error: {exc.message}") from None
    try:
        result = artefacts.model(inputs)
    except InputError as exc:  # an artefact of other inputs: never report its figures
        raise SystemExit(f"bizcase: error: {exc.message}") from None
    return Context(chapter=chapter, variant=str(namespace.get("variant", "standaard")), inputs=inputs,
                   result=result, summary=metrics.summary(result), overrides=dict(inputs.overrides))


PROJECT_ROOT = Path(__file__).resolve().parents[2]


def decisions_log() -> str:
    """The decisions log (``docs/decisions.md``, generated by ``make decisions``) as Markdown to
    include under the Verantwoording: from its first decision on (the file's own header, which
    says how it is generated, stays in the file), each decision one level down, without the
    *Register* lines that list the ids (the audit version shows the code that names them)."""
    import re

    text = (PROJECT_ROOT / "docs" / "decisions.md").read_text(encoding="utf-8")
    text = text[text.index("\n## D1. ") + 1:] if "\n## D1. " in text else text
    text = "\n".join(line for line in text.splitlines() if not line.startswith(("- *Register:*", "<!--")))
    return re.sub(r"^## ", "#### ", text, flags=re.M)


def validation_summary() -> dict:
    """The committed out-of-sample validation (``make validate``: docs/validation/validation.json),
    with ``current`` False when the model or data changed since it was made."""
    import json

    from bizcase.publish.decisions import input_hash

    data = json.loads((PROJECT_ROOT / "docs" / "validation" / "validation.json").read_text(encoding="utf-8"))
    data["current"] = data.get("inputs_sha256") == input_hash()
    return data


# ---------------------------------------------------------------- display

def _display(obj) -> None:
    from IPython.display import display

    display(obj)


def md(text: str) -> None:
    """Show Markdown prose (with computed figures) as output."""
    from IPython.display import Markdown

    _display(Markdown(text))


def table_html(df: pd.DataFrame, caption: str, note: str = "", italic_columns=(), text: bool = False) -> str:
    """A plain, deterministic HTML table with a numbered caption.

    Cells that hold a number, an amount, a percentage or a year (or pairs of them, '2016 / 2017')
    get the class 'num' and are right-aligned, as is the header above a column of them. A unit
    every filled cell of a column repeats ('€ ' before, '%' after) is stated once in the header
    instead, unless the header or the row heads already name it. The table, its caption and its
    note stay together in one block ('table-block'), which the PDF keeps on one page for tables of
    up to KEEP_TOGETHER_ROWS rows; longer ones break between rows and repeat their header row.
    """
    index_name = str(df.index.name or "")
    columns = [str(c) for c in df.columns]
    grid = [[str(v) for v in row] for row in df.itertuples(index=False, name=None)]
    for j, col in enumerate(columns):
        cells = [row[j] for row in grid]
        for unit, strip, label in (("€", lambda s: s[2:] if s.startswith("€ ") else None, " (€)"),
                                   ("%", lambda s: s[:-1] if s.endswith("%") else None, " (%)")):
            filled = [c for c in cells if c not in ("", "-")]
            stripped = [strip(c) for c in filled]
            if filled and all(s is not None and _NUMERIC.fullmatch(s) for s in stripped):
                cells = [strip(c) if c not in ("", "-") else c for c in cells]
                if unit not in col and unit not in index_name:
                    columns[j] = col + label
                break
        for row, value in zip(grid, cells):
            row[j] = value
    numeric = [any(_is_number(row[j]) for row in grid) and all(_is_number(row[j]) or row[j] in _PLACEHOLDERS
                                                                for row in grid) for j in range(len(columns))]
    head = [f"<th>{html.escape(index_name)}</th>"]
    head += [f"<th class='num'>{html.escape(c)}</th>" if isnum else f"<th>{html.escape(c)}</th>"
             for c, isnum in zip(columns, numeric)]
    italic = {str(c) for c in italic_columns}
    rows = []
    for idx, row in zip(df.index, grid):
        cells = [f"<th class='rowhead'>{html.escape(str(idx))}</th>"]
        for j, (col, v) in enumerate(zip(df.columns, row)):
            classes = (["num"] if _is_number(v) or (numeric[j] and v in _PLACEHOLDERS) else []) + \
                      (["extrapolated"] if str(col) in italic else [])
            cls = f" class='{' '.join(classes)}'" if classes else ""
            cells.append(f"<td{cls}>{html.escape(v)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    note_html = f"<p class='table-note'>{html.escape(note)}</p>" if note else ""
    cls = "bc-table text" if text else "bc-table"
    block = "table-block" if len(df) <= KEEP_TOGETHER_ROWS else "table-block long"
    return (f"<div class='{block}'><div class='table-scroll'><table class='{cls}'>"
            f"<caption>{html.escape(caption)}</caption><thead><tr>{''.join(head)}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>{note_html}</div>")


# A number as the report writes it: Dutch grouping and decimals, optionally with '€ ' before or
# '%' or '*' (extrapolated year) after; pairs such as '2016 / geen' count as numbers too.
_NUMERIC = re.compile(r"[-+−]?\d{1,3}(\.\d{3})*(,\d+)?|[-+−]?\d+(,\d+)?")
_NUMBER_CELL = re.compile(
    r"(€ )?[-+−]?(\d{1,3}(\.\d{3})*|\d+)(,\d+)?( miljoen)?%?\*?"
    r"|((\d{4}|geen|-) / )+(\d{4}|geen|-)")


_PLACEHOLDERS = ("", "-", "geen")  # an empty cell in a column of numbers


def _is_number(text: str) -> bool:
    return bool(_NUMBER_CELL.fullmatch(text))


class ConsistencyError(AssertionError):
    """A table contradicts itself: the build stops rather than print it."""


def _parse_nl(text: str):
    """A Dutch number as shown in a table cell ('€ 1.234,5', '-', '12%') as a float; None if it is
    not a number ('-' counts as 0)."""
    t = str(text).replace("€", "").replace("%", "").replace("\u00a0", " ").strip()
    if t in ("-", ""):
        return 0.0
    t = t.replace(".", "").replace(",", ".").replace("−", "-")
    try:
        return float(t)
    except ValueError:
        return None


def check_totals(df: pd.DataFrame, note: str, caption: str) -> None:
    """Consistency check of a shown table: each number in a row named 'Totaal...' equals the sum of
    the rows above it, or the table's note says that rounding explains the difference. Raises
    :class:`ConsistencyError` (which fails the build) otherwise."""
    names = [str(i) for i in df.index]
    for t, name in enumerate(names):
        if not name.lower().startswith("totaal"):
            continue
        for col in df.columns:
            parts = [_parse_nl(v) for v in df[col].iloc[:t]]
            total = _parse_nl(df[col].iloc[t])
            if total is None or any(v is None for v in parts):
                continue
            decimals = max((len(str(v).split(",")[1]) for v in df[col].iloc[: t + 1] if "," in str(v)), default=0)
            if abs(sum(parts) - total) > 0.5 * 10 ** -decimals and "afronding" not in note.lower():
                raise ConsistencyError(f"{caption}: '{name}' in column {col} is {df[col].iloc[t]}, the rows above add up "
                                       f"to {sum(parts):g}, and the note does not mention rounding")


def table(ctx: Context, df: pd.DataFrame, caption: str, note: str = "", italic_columns=(), text: bool = False) -> None:
    """Show a numbered table (``text``: left-aligned cells, for tables of words), after checking
    that its totals add up (:func:`check_totals`)."""
    from IPython.display import HTML

    check_totals(df, note, caption)
    _display(HTML(table_html(df, f"{ctx.next_table()}: {caption}", note, italic_columns, text)))


def figure_html(png: bytes, label: str, caption: str, description: str = "") -> str:
    """A chart as one <figure>: the PNG inline (data URI); its Dutch alt text is the caption and,
    when given, the description of what the chart shows."""
    import base64

    data = base64.b64encode(png).decode("ascii")
    alt = f"{caption}. {description}" if description else caption
    return (f"<figure class='bc-figure'><img src='data:image/png;base64,{data}' alt='{html.escape(alt, quote=True)}'>"
            f"<figcaption class='figcaption'>{html.escape(label)}: {html.escape(caption)}</figcaption></figure>")


# What a reader who cannot see a chart needs from it (Dutch, from the figures drawn): set by each
# chart function, read by figure() for the alt text after the caption.
_DESCRIPTIONS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _described(fig, text: str):
    """Remember ``text`` as the description of ``fig`` (for its alt text) and return ``fig``."""
    _DESCRIPTIONS[fig] = text
    return fig


def figure(ctx: Context, fig, caption: str) -> None:
    """Show a chart as PNG (deterministic bytes) with a numbered caption; the alt text is the
    caption followed by the chart's description (its figures in words), where it has one."""
    import matplotlib.pyplot as plt
    from IPython.display import HTML

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, metadata={"Software": None}, bbox_inches="tight")
    description = _DESCRIPTIONS.pop(fig, "")
    plt.close(fig)
    _display(HTML(figure_html(buf.getvalue(), ctx.next_figure(), caption, description)))


# ---------------------------------------------------------------- tables

def year_columns(ctx: Context, extrapolated_label: bool = True) -> list[str]:
    cols = [str(y) for y in ctx.years]
    if extrapolated_label:
        cols[-1] = f"{cols[-1]}*"
    return cols


def scenario_table(ctx: Context, municipality: str | None, step: float | None) -> pd.DataFrame:
    """Costs per scenario and year in thousands of euros (one municipality, or combined when None)."""
    rows = {}
    for sc in SCENARIOS:
        values = ctx.combined(sc) if municipality is None else ctx.total(municipality, sc)
        rows[SCENARIO_NAMES[sc]] = [keur(v, step) for v in values]
    df = pd.DataFrame(rows, index=year_columns(ctx)).T
    df.index.name = "× € 1.000"
    # S3.0 is shown from the first harmonisation year, as the report does; before it equals S2.0
    start = s3_first_year(ctx)
    for y in ctx.years:
        if y < start:
            df.loc[SCENARIO_NAMES["s3"], year_columns(ctx)[ctx.years.index(y)]] = "-"
    return df


def rounding_mismatches(ctx: Context, step: float) -> int:
    """How many cells of the combined scenario table differ from the sum of the two municipal
    tables when each is rounded to ``step`` on its own (EUR)."""
    n = 0
    shown_s3 = np.array(ctx.years) >= s3_first_year(ctx)  # S3.0 is shown from its first harmonisation year
    for sc in SCENARIOS:
        whole = metrics.round_to(ctx.combined(sc), step)
        parts = sum(metrics.round_to(ctx.total(m, sc), step) for m in MUNICIPALITIES)
        differ = ~np.isclose(whole, parts)
        n += int(np.sum(differ & shown_s3)) if sc == "s3" else int(np.sum(differ))
    return n


def rounding_note(ctx: Context, step: float) -> str:
    """The note a rounded table needs when its totals are not the sums of the rounded parts
    (consistency check: a total equals the sum of its parts or carries this note)."""
    n = rounding_mismatches(ctx, step)
    if not n:
        return ""
    return (f"Elke tabel is afzonderlijk afgerond op {number(step)} euro; daardoor is in {n} cellen het totaal van beide "
            "gemeenten niet precies de som van de afgeronde bedragen per gemeente.")


def row_rounding_note(ctx: Context, municipality: str | None, scenario: str) -> str:
    """The note a category table needs when its rounded total differs from the sum of its rounded
    rows (consistency check: a total equals the sum of its parts or carries this note)."""
    series = ctx.result.combined[scenario] if municipality is None else ctx.result.costs[(municipality, scenario)]
    rows = [np.round(np.asarray(series[c], float) / 1000) for c in CATEGORIES]
    total = np.round(sum(np.asarray(series[c], float) for c in CATEGORIES) / 1000)
    if np.array_equal(sum(rows), total):
        return ""
    return "Door afronding op hele duizenden kan een totaal 1 of 2 afwijken van de som van de regels."


def s3_first_year(ctx: Context) -> int:
    """First year of the harmonisation schedule with a share above 0."""
    years, shares = ctx.inputs.harmonisation()
    return next((y for y, v in zip(years, shares) if v > 0), ctx.years[-1])


def category_table(ctx: Context, municipality: str | None, scenario: str) -> pd.DataFrame:
    """Costs per category and year in thousands of euros, with the total."""
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
    df.index.name = "× € 1.000"
    return df


# ---------------------------------------------------------------- charts
# One style for every chart: value axes include zero (a chart that cannot must draw a break mark
# and say so in its axis label), one colour per scenario (COLORS), Dutch labels, amounts in
# thousands of euros with the unit in the axis label, no label under a marker.

KEUR = "× € 1.000"


def _axes(title: str, ylabel: str = f"Kosten, {KEUR}"):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel("Jaar")
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: number(v)))
    return fig, ax


def _from_zero(ax, axis: str = "y") -> None:
    """Let the value axis include zero (the bars and lines are read against it)."""
    lo, hi = ax.get_ylim() if axis == "y" else ax.get_xlim()
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    (ax.set_ylim if axis == "y" else ax.set_xlim)(lo, hi)


def scenario_chart(ctx: Context, title: str, municipality: str | None = None, scenarios=SCENARIOS):
    """Lines per scenario from zero; the extrapolated last year dashed, shaded and named above the plot."""
    import matplotlib.transforms as mtransforms

    fig, ax = _axes(title)
    years = np.array(ctx.years)
    start_s3 = s3_first_year(ctx)
    said = []
    for sc in scenarios:
        values = (ctx.combined(sc) if municipality is None else ctx.total(municipality, sc)) / 1000
        mask = years >= start_s3 if sc == "s3" else np.ones_like(years, bool)
        ys, vs = years[mask], values[mask]
        said.append(f"{SCENARIO_NAMES[sc]}: van {number(vs[0])} in {ys[0]} naar {number(vs[-1])} in {ys[-1]}")
        ax.plot(ys[:-1], vs[:-1], marker="o", color=COLORS[sc], label=SCENARIO_NAMES[sc], linewidth=2)
        ax.plot(ys[-2:], vs[-2:], linestyle="--", color=COLORS[sc], linewidth=2)
        ax.plot(ys[-1:], vs[-1:], marker="o", markerfacecolor="white", color=COLORS[sc])
    _from_zero(ax)
    ax.set_ylim(0, ax.get_ylim()[1] * 1.05)
    ax.axvspan(years[-1] - 0.5, years[-1] + 0.5, color="#eeeeee", zorder=0)
    above = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    ax.text(years[-1], 1.01, f"{years[-1]}: geëxtrapoleerd", transform=above, ha="center", va="bottom",
            fontsize=8, color="#555555", clip_on=False)
    ax.set_xticks(years)
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    ax.legend(frameon=False, fontsize=9, loc="lower left", ncol=len(scenarios))
    scope = "beide gemeenten samen" if municipality is None else municipality
    return _described(fig, f"Lijngrafiek van de kosten per jaar ({scope}, {KEUR}): " + "; ".join(said)
                      + f" ({years[-1]} geëxtrapoleerd).")


def cumulative_chart(ctx: Context, title: str, horizon: int):
    """Cumulative difference to baseline through ``horizon``: the modelled years solid, the
    projection after them (the extrapolated year's running difference plus one-offs dated
    there, decision D7) dotted. The vertical scale follows the modelled years and Samenwerking
    2.0's projection; a projection running off that scale is cut at the frame, with its end value
    written there, so that no dotted extension dominates the chart."""
    fig, ax = _axes(title, "Cumulatief verschil, × € 1.000")
    last = ctx.years[-1]
    series = {}
    for sc in ("s2", "s3"):
        years, d = metrics.horizon_difference(ctx.result, sc)
        keep = years <= horizon
        series[sc] = (years[keep], np.cumsum(np.asarray(d, float))[keep] / 1000)
    scale = np.concatenate([series["s2"][1], series["s3"][1][series["s3"][0] <= last], [0.0]])
    low, high = scale.min(), scale.max()
    pad = 0.15 * (high - low or 1.0)
    low, high = low - pad, high + pad
    for sc, (years, cum) in series.items():
        modelled = years <= last
        ax.plot(years[modelled], cum[modelled], marker="o", color=COLORS[sc], label=SCENARIO_NAMES[sc], linewidth=2)
        tail = years >= last
        ax.plot(years[tail], np.clip(cum[tail], low, high), linestyle=":", color=COLORS[sc], linewidth=2)
        if cum[-1] < low or cum[-1] > high:
            edge = low if cum[-1] < low else high
            ax.annotate(f"{SCENARIO_NAMES[sc]}: {number(cum[-1])} in {int(years[-1])}", xy=(years[-1], edge),
                        xytext=(-4, 6 if edge == low else -12), textcoords="offset points", ha="right",
                        fontsize=8, color=COLORS[sc])
    ax.set_ylim(low, high)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(np.arange(ctx.years[0], horizon + 1))
    ax.tick_params(axis="x", labelsize=8)
    ax.legend(frameon=False, fontsize=9, loc="upper right")
    said = []
    for sc, (years, cum) in series.items():
        be = ctx.summary["break_even_year"][sc]
        said.append(f"{SCENARIO_NAMES[sc]}: {number(cum[years == last][0])} in {last} en {number(cum[-1])} in "
                    f"{int(years[-1])}, omslagjaar {year(be)}")
    return _described(fig, f"Lijngrafiek van het cumulatieve verschil met de baseline ({KEUR}; onder nul is "
                      "goedkoper dan de baseline): " + "; ".join(said) + ".")


def category_chart(ctx: Context, municipality: str, title: str):
    """Stacked bars of the baseline per category (from zero)."""
    fig, ax = _axes(title)
    years = np.array(ctx.years)
    bottom = np.zeros(len(years))
    # shades of the baseline's colour and greys: the scenario colours (COLORS) mean scenarios only
    palette = ["#1f4e79", "#2e75b6", "#5b9bd5", "#9dc3e6", "#c9ddf0", "#595959", "#8c8c8c", "#bfbfbf"]
    series = ctx.result.costs[(municipality, "baseline")]
    shown = [c for c in CATEGORIES if not np.allclose(series[c], 0)]
    for color, cat in zip(palette, shown):
        v = np.asarray(series[cat], float) / 1000
        ax.bar(years, v, bottom=bottom, color=color, label=CATEGORY_NAMES[cat], width=0.7)
        bottom += v
    _from_zero(ax)
    ax.set_xticks(years)
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    largest = max(shown, key=lambda c: float(np.asarray(series[c], float)[-1])) if shown else None
    text = (f"Gestapelde staafgrafiek van de baseline van {municipality} per kostensoort ({KEUR}): totaal van "
            f"{number(bottom[0])} in {years[0]} naar {number(bottom[-1])} in {years[-1]}")
    if largest is not None:
        text += (f"; grootste kostensoort in {years[-1]}: {CATEGORY_NAMES[largest]} "
                 f"({number(np.asarray(series[largest], float)[-1] / 1000)})")
    return _described(fig, text + ".")


def tornado_chart(ctx: Context, rows, outcome: str, title: str, top: int = 12):
    """Horizontal bars: the outcome at each assumption's low and high value (× € 1.000), in the
    scenario's colour (light: low value, full: high value), assumptions by their Dutch names."""
    import matplotlib.pyplot as plt

    fig, ax = _axes(title, "")
    sc = outcome.rsplit("_", 1)[1]
    color = COLORS.get(sc, COLORS["s3"])
    rows = sorted(rows, key=lambda r: -r.swing(outcome))[:top][::-1]
    base = float(np.asarray(ctx.summary["cumulative_difference_eur"][sc]))
    for i, r in enumerate(rows):
        lo, hi = r.at_low[outcome] / 1000, r.at_high[outcome] / 1000
        ax.barh(i, lo - base / 1000, left=base / 1000, color=color, alpha=0.4, height=0.6,
                label="lage waarde" if i == 0 else None)
        ax.barh(i, hi - base / 1000, left=base / 1000, color=color, height=0.6,
                label="hoge waarde" if i == 0 else None)
    ax.axvline(base / 1000, color="black", linewidth=0.8)
    _from_zero(ax, "x")
    ax.axvline(0, color="#888888", linewidth=0.6, linestyle="--")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([label_nl(r.id) for r in rows], fontsize=7)
    ax.set_xlabel(f"Cumulatief verschil met de baseline {ctx.years[0]}-{ctx.years[-1]}, {KEUR}")
    ax.set_ylabel("")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_formatter(plt.matplotlib.ticker.FuncFormatter(lambda v, _: number(v)))
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0),
              title="aanname op haar", title_fontsize=8)
    fig.set_size_inches(7.5, 4.2)
    widest = rows[::-1][:3]
    said = "; ".join(f"{label_nl(r.id)} van {number(r.at_low[outcome] / 1000)} (lage waarde) tot "
                     f"{number(r.at_high[outcome] / 1000)} (hoge waarde)" for r in widest)
    return _described(fig, f"Staafdiagram (tornado) van het cumulatieve verschil met de baseline ({KEUR}) als één "
                      f"aanname op haar lage of hoge waarde staat; bij de waarden van het register "
                      f"{number(base / 1000)}. Grootste invloed: {said}.")


def fan_chart(ctx: Context, fan: dict, title: str):
    """Percentile bands (5-95 and 25-75) of the cumulative difference per year, per collaboration scenario."""
    fig, ax = _axes(title, f"Cumulatief verschil, {KEUR}")
    years = fan["years"]
    for sc in ("s2", "s3"):
        q = fan[sc]
        ax.fill_between(years, q[5] / 1000, q[95] / 1000, color=COLORS[sc], alpha=0.15, linewidth=0)
        ax.fill_between(years, q[25] / 1000, q[75] / 1000, color=COLORS[sc], alpha=0.3, linewidth=0)
        ax.plot(years, q[50] / 1000, color=COLORS[sc], linewidth=2, label=f"{SCENARIO_NAMES[sc]} (mediaan)")
    _from_zero(ax)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(years)
    ax.tick_params(axis="x", labelsize=8)
    ax.legend(frameon=False, fontsize=8, loc="best", title="banden: 50% en 90% van de trekkingen", title_fontsize=7)
    said = "; ".join(f"{SCENARIO_NAMES[sc]}: mediaan {number(fan[sc][50][-1] / 1000)}, 90% van de trekkingen tussen "
                     f"{number(fan[sc][5][-1] / 1000)} en {number(fan[sc][95][-1] / 1000)}" for sc in ("s2", "s3"))
    return _described(fig, f"Waaierdiagram van het cumulatieve verschil met de baseline per jaar ({KEUR}); in "
                      f"{int(years[-1])}: {said}.")
