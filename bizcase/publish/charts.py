"""The report's charts (matplotlib): one style, Dutch labels, each with a description of what it shows.

Value axes include zero (a chart that cannot must draw a break mark and say so in its axis label),
one colour per scenario (:data:`COLORS`), amounts in thousands of euros with the unit in the axis
label, no label under a marker. Every chart function returns a :class:`~bizcase.publish.blocks.Chart`
whose description (its figures in words) becomes the alt text.
"""
from __future__ import annotations

import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
import matplotlib.ticker  # noqa: E402
import matplotlib.transforms as mtransforms  # noqa: E402
import numpy as np  # noqa: E402

from bizcase.core import metrics  # noqa: E402
from bizcase.core.schema import COLLABORATIONS, SCENARIOS  # noqa: E402
from bizcase.publish import labels  # noqa: E402
from bizcase.publish.blocks import Chart  # noqa: E402
from bizcase.publish.formatting import number, year  # noqa: E402
from bizcase.publish.render import CSS_PX_PER_IN, PNG_DPI, TIGHT_PAD_IN  # noqa: E402

COLORS = {"baseline": "#1f4e79", "s2": "#c55a11", "s3": "#548235"}
KEUR = "× € 1.000"
LABEL_WRAP = 28  # characters per line of a long label beside a bar
A4_TEXT_WIDTH_IN = (210 - 2 * 18) / 25.4  # A4 less the side margins of report.css (@page)


def s3_first_year(inputs, years) -> int:
    """First year of the harmonisation schedule with a share above 0 (the report shows S3.0 from
    then on; before it S3.0 equals S2.0); the last modelled year when there is none."""
    H = inputs.params.harmonisation
    return next((int(y) for y, v in zip(H.years, np.asarray(H.shares)) if v > 0), int(years[-1]))


def _axes(title: str, ylabel: str = f"Kosten, {KEUR}"):
    fig, ax = plt.subplots(figsize=(6.2, 3.2))
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel("Jaar")
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: number(v)))
    return fig, ax


def _from_zero(ax, axis: str = "y", pad: float = 0.05) -> None:
    """Let the value axis include zero and every plotted value: the data's extent (lines, bars and
    bands as plotted), zero, and a margin of ``pad`` of the span beyond any value off zero, so
    that nothing is cut at the frame and the bars and lines are read against zero."""
    data = ax.dataLim
    lo, hi = (data.y0, data.y1) if axis == "y" else (data.x0, data.x1)
    lo, hi = min(float(lo), 0.0), max(float(hi), 0.0)
    margin = pad * ((hi - lo) or 1.0)
    lo, hi = (lo - margin if lo < 0 else 0.0), (hi + margin if hi > 0 else 0.0)
    (ax.set_ylim if axis == "y" else ax.set_xlim)(lo, hi)


def printed_scale(figure) -> float:
    """How much the PDF scales the chart's points: its PNG (:data:`render.PNG_DPI`, cut to the
    tight box) is shown at its size in CSS pixels, at most the A4 text width."""
    box = figure.get_tightbbox(figure.canvas.get_renderer())
    width = box.width + 2 * TIGHT_PAD_IN
    return min(PNG_DPI / CSS_PX_PER_IN, A4_TEXT_WIDTH_IN / width)


def scenario_chart(inputs, result, title: str, caption: str, municipality: str | None = None,
                   scenarios=SCENARIOS) -> Chart:
    """Lines per scenario from zero; the extrapolated last year dashed, shaded and named in its band."""
    fig, ax = _axes(title)
    years = np.array([int(y) for y in result.years])
    start_s3 = s3_first_year(inputs, years)
    said = []
    for sc in scenarios:
        values = np.asarray(result.combined_total(sc) if municipality is None else result.total(municipality, sc),
                            float) / 1000
        mask = years >= start_s3 if sc == "s3" else np.ones_like(years, bool)
        ys, vs = years[mask], values[mask]
        said.append(f"{labels.SCENARIO[sc]}: van {number(vs[0])} in {ys[0]} naar {number(vs[-1])} in {ys[-1]}")
        ax.plot(ys[:-1], vs[:-1], marker="o", color=COLORS[sc], label=labels.SCENARIO[sc], linewidth=2)
        ax.plot(ys[-2:], vs[-2:], linestyle="--", color=COLORS[sc], linewidth=2)
        ax.plot(ys[-1:], vs[-1:], marker="o", markerfacecolor="white", color=COLORS[sc])
    _from_zero(ax)
    ax.axvspan(years[-1] - 0.5, years[-1] + 0.5, color="#eeeeee", zorder=0)
    above = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    # inside the shaded year, upright, above the legend and below the lines (they run well above it): above the
    # plot it ran into a long title
    ax.text(years[-1], 0.22, "geëxtrapoleerd", transform=above, ha="center", va="bottom", rotation=90,
            fontsize=8, color="#555555")
    ax.set_xticks(years)
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    ax.legend(frameon=False, fontsize=9, loc="lower left", ncol=len(scenarios))
    scope = "beide gemeenten samen" if municipality is None else municipality
    return Chart(fig, caption, f"Lijngrafiek van de kosten per jaar ({scope}, {KEUR}): " + "; ".join(said)
                 + f" ({years[-1]} geëxtrapoleerd).")


def cumulative_chart(result, figures, title: str, caption: str, horizon: int) -> Chart:
    """Cumulative difference to baseline through ``horizon``: the modelled years solid, the
    projection after them (the extrapolated year's running difference plus one-offs dated
    there, decision D7) dotted. The vertical scale holds every plotted value, projections
    included (a projection cut at the frame would hide where it ends)."""
    fig, ax = _axes(title, "Cumulatief verschil, × € 1.000")
    last = figures.extrapolated
    series = {}
    for sc in COLLABORATIONS:
        years, d = metrics.horizon_difference(result, sc)
        keep = years <= horizon
        series[sc] = (years[keep], np.cumsum(np.asarray(d, float))[keep] / 1000)
    for sc, (years, cum) in series.items():
        modelled = years <= last
        ax.plot(years[modelled], cum[modelled], marker="o", color=COLORS[sc], label=labels.SCENARIO[sc], linewidth=2)
        tail = years >= last
        ax.plot(years[tail], cum[tail], linestyle=":", color=COLORS[sc], linewidth=2)
    _from_zero(ax, pad=0.08)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(np.arange(figures.first, horizon + 1))
    ax.tick_params(axis="x", labelsize=8)
    ax.legend(frameon=False, fontsize=9, loc="upper right")
    said = []
    for sc, (years, cum) in series.items():
        be = figures.scenario(sc).break_even_year
        said.append(f"{labels.SCENARIO[sc]}: {number(cum[years == last][0])} in {last} en {number(cum[-1])} in "
                    f"{int(years[-1])}, omslagjaar {year(be)}")
    return Chart(fig, caption, f"Lijngrafiek van het cumulatieve verschil met de baseline ({KEUR}; onder nul is "
                 "goedkoper dan de baseline): " + "; ".join(said) + ".")


def category_chart(result, municipality: str, title: str, caption: str) -> Chart:
    """Stacked bars of the baseline per category (from zero)."""
    fig, ax = _axes(title)
    years = np.array([int(y) for y in result.years])
    bottom = np.zeros(len(years))
    # shades of the baseline's colour and greys: the scenario colours (COLORS) mean scenarios only
    palette = ["#1f4e79", "#2e75b6", "#5b9bd5", "#9dc3e6", "#c9ddf0", "#595959", "#8c8c8c", "#bfbfbf"]
    series = result.costs[(municipality, "baseline")]
    shown = [c for c in series if not np.allclose(series[c], 0)]
    for color, cat in zip(palette, shown):
        v = np.asarray(series[cat], float) / 1000
        ax.bar(years, v, bottom=bottom, color=color, label=labels.CATEGORY[cat], width=0.7)
        bottom += v
    _from_zero(ax)
    ax.set_xticks(years)
    ax.legend(frameon=False, fontsize=8.5, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2)
    fig.set_size_inches(6.2, 4.4)
    largest = max(shown, key=lambda c: float(np.asarray(series[c], float)[-1])) if shown else None
    text = (f"Gestapelde staafgrafiek van de baseline van {municipality} per kostensoort ({KEUR}): totaal van "
            f"{number(bottom[0])} in {years[0]} naar {number(bottom[-1])} in {years[-1]}")
    if largest is not None:
        text += (f"; grootste kostensoort in {years[-1]}: {labels.CATEGORY[largest]} "
                 f"({number(np.asarray(series[largest], float)[-1] / 1000)})")
    return Chart(fig, caption, text + ".")


def wrapped(text: str, width: int = LABEL_WRAP) -> str:
    """A long Dutch label on lines of at most ``width`` characters (broken between words)."""
    return "\n".join(textwrap.wrap(text, width)) or text


def tornado_chart(rows, figures, outcome: str, title: str, caption: str, top: int) -> Chart:
    """Horizontal bars: the outcome at each assumption's low and high value (× € 1.000), in the
    scenario's colour (light: low value, full: high value), for the ``top`` assumptions that move
    it most, by their Dutch names (wrapped, so that the labels print at a readable size)."""
    fig, ax = _axes(title, "")
    sc = outcome.rsplit("_", 1)[1]
    color = COLORS.get(sc, COLORS["s3"])
    rows = sorted(rows, key=lambda r: -r.swing(outcome))[:top][::-1]
    base = figures.scenario(sc).cumulative_difference
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
    ax.set_yticklabels([wrapped(labels.assumption(r.id)) for r in rows], fontsize=8.5, linespacing=1.0)
    ax.tick_params(axis="x", labelsize=8.5)
    ax.set_xlabel(f"Cumulatief verschil met de baseline {figures.period}, {KEUR}", fontsize=9)
    ax.set_ylabel("")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: number(v)))
    ax.legend(frameon=False, fontsize=8.5, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2,
              title="aanname op haar", title_fontsize=8.5)
    fig.set_size_inches(6.2, 1.6 + 0.42 * len(rows))
    widest = rows[::-1][:3]
    said = "; ".join(f"{labels.assumption(r.id)} van {number(r.at_low[outcome] / 1000)} (lage waarde) tot "
                     f"{number(r.at_high[outcome] / 1000)} (hoge waarde)" for r in widest)
    return Chart(fig, caption, f"Gevoeligheidsdiagram: staven van het cumulatieve verschil met de baseline ({KEUR}) als één "
                      f"aanname op haar lage of hoge waarde staat; bij de waarden van deze doorrekening "
                      f"{number(base / 1000)}. Grootste invloed: {said}.")


def fan_chart(fan: dict, title: str, caption: str) -> Chart:
    """Percentile bands (5-95 and 25-75) of the cumulative difference per year, per collaboration scenario."""
    fig, ax = _axes(title, f"Cumulatief verschil, {KEUR}")
    years = fan["years"]
    for sc in COLLABORATIONS:
        q = fan[sc]
        ax.fill_between(years, q[5] / 1000, q[95] / 1000, color=COLORS[sc], alpha=0.15, linewidth=0)
        ax.fill_between(years, q[25] / 1000, q[75] / 1000, color=COLORS[sc], alpha=0.3, linewidth=0)
        ax.plot(years, q[50] / 1000, color=COLORS[sc], linewidth=2, label=f"{labels.SCENARIO[sc]} (mediaan)")
    _from_zero(ax)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(years)
    ax.tick_params(axis="x", labelsize=8)
    ax.legend(frameon=False, fontsize=8, loc="best", title="banden: 50% en 90% van de trekkingen", title_fontsize=7)
    said = "; ".join(f"{labels.SCENARIO[sc]}: mediaan {number(fan[sc][50][-1] / 1000)}, 90% van de trekkingen tussen "
                     f"{number(fan[sc][5][-1] / 1000)} en {number(fan[sc][95][-1] / 1000)}" for sc in COLLABORATIONS)
    return Chart(fig, caption, f"Waaierdiagram van het cumulatieve verschil met de baseline per jaar ({KEUR}); in "
                 f"{int(years[-1])}: {said}.")
