"""The original report's four schematic figures, redrawn (matplotlib): shapes and words, no numbers.

The inverted pyramid and the matrix of collaboration (par. 2.4, Uitgangspunten 1 and 2), the costs
of a municipal task before and after investing in ICT (Uitgangspunt 3), and the cost curve of
par. 3.4. Each function takes its words (:mod:`bizcase.publish.labels`), title, caption and
description (the chapter's text file) and returns a :class:`~bizcase.publish.blocks.Chart` like
the charts of :mod:`bizcase.publish.charts`: the same colours, no value on an axis that has no
value in the original, every text at 8 pt or more when printed on A4.
"""
from __future__ import annotations

import matplotlib.patches as mpatches
import matplotlib.pyplot as plt
import numpy as np

from bizcase.publish.blocks import Chart
from bizcase.publish.charts import COLORS, wrapped

INK, GREY, SOFT = "#222222", "#595959", "#e9eef5"
LAYER_SHADES = ("#c9ddf0", "#9dc3e6", "#5b9bd5", "#2e75b6")  # the baseline's shades, light at the tip
TEXT = 9  # points: the figures' text (printed at about 1.1 times this on A4)


def _canvas(title: str, height: float):
    """A figure without axes lines or ticks, 0-1 coordinates, the title as the charts have it."""
    fig, ax = plt.subplots(figsize=(6.2, height))
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    return fig, ax


def _arrow(ax, start, end, color=GREY) -> None:
    ax.annotate("", xy=end, xytext=start, arrowprops=dict(arrowstyle="-|>", color=color, linewidth=1.4))


def pyramid_chart(words: dict, caption: str, description: str) -> Chart:
    """Uitgangspunt 1: four layers of an inverted pyramid, wider (more return, more complexity)
    towards the top; the top two (the primary process) marked as weighed but not computed."""
    fig, ax = _canvas(words["title"], 4.0)
    ax.set_xlim(0, 1.5)
    centre, n = 0.64, len(words["layers"])
    for i, (name, shade) in enumerate(zip(words["layers"], LAYER_SHADES)):
        y0, y1 = 0.03 + i * 0.235, 0.03 + (i + 1) * 0.235
        half0, half1 = 0.12 + 0.08 * i, 0.12 + 0.08 * (i + 1)  # wider upwards: an inverted pyramid
        ax.add_patch(mpatches.Polygon([(centre - half0, y0), (centre + half0, y0), (centre + half1, y1),
                                       (centre - half1, y1)], closed=True, facecolor=shade, edgecolor="white",
                                      linewidth=2))
        ax.text(centre, (y0 + y1) / 2, f"{i + 1}. " + wrapped(name, 28), ha="center", va="center", fontsize=TEXT,
                color="white" if i >= n - 2 else INK, linespacing=1.1)
    _arrow(ax, (0.07, 0.03), (0.07, 0.97))
    ax.text(0.055, 0.5, words["return"], rotation=90, ha="right", va="center", fontsize=TEXT, color=GREY)
    ax.text(0.085, 0.5, words["complexity"], rotation=90, ha="left", va="center", fontsize=TEXT, color=GREY)
    for (y0, y1), key in (((0.505, 0.97), "primary"), ((0.035, 0.495), "ict")):
        ax.plot([1.1, 1.12, 1.12, 1.1], [y0, y0, y1, y1], color=GREY, linewidth=1)
        ax.text(1.14, (y0 + y1) / 2, words[key], ha="left", va="center", fontsize=TEXT, color=GREY)
    return Chart(fig, caption, description)


def matrix_chart(words: dict, caption: str, description: str) -> Chart:
    """Uitgangspunt 2: impact on the business (across) and on ICT (up), four quadrants, and the
    phased path from 1.0 through 2.0 to 3.0."""
    fig, ax = _canvas(words["title"], 3.3)
    ax.set_xlim(-0.12, 1.02)
    ax.set_ylim(-0.14, 1.02)
    quadrants = {"lower_left": (0, 0, "#eeeeee", 0.2), "upper_left": (0, 0.5, "#f6e0d3", 0.3),
                 "upper_right": (0.5, 0.5, "#dde8d5", 0.3), "lower_right": (0.5, 0, "#eeeeee", 0.2)}
    for key, (x, y, shade, up) in quadrants.items():
        ax.add_patch(mpatches.Rectangle((x, y), 0.5, 0.5, facecolor=shade, edgecolor="white", linewidth=3))
        ax.text(x + 0.25, y + up, words[key], ha="center", va="center", fontsize=TEXT, color=INK)
    path = [(0.25, 0.29), (0.25, 0.62), (0.75, 0.62)]
    for start, end in zip(path, path[1:]):
        _arrow(ax, start, end, COLORS["s2"])
    ax.text(0.5, 0.6, words["path"], ha="center", va="top", fontsize=TEXT, color=COLORS["s2"], style="italic")
    _arrow(ax, (0, -0.005), (1.0, -0.005), INK)
    _arrow(ax, (-0.005, 0), (-0.005, 1.0), INK)
    ax.text(0.5, -0.06, words["x"], ha="center", va="top", fontsize=TEXT, color=INK)
    ax.text(0.0, -0.02, words["x_from"], ha="left", va="top", fontsize=TEXT, color=GREY)
    ax.text(1.0, -0.02, words["x_to"], ha="right", va="top", fontsize=TEXT, color=GREY)
    ax.text(-0.075, 0.5, words["y"], ha="center", va="center", rotation=90, fontsize=TEXT, color=INK)
    ax.text(-0.02, 0.0, words["y_from"], ha="right", va="bottom", rotation=90, fontsize=TEXT, color=GREY)
    ax.text(-0.02, 1.0, words["y_to"], ha="right", va="top", rotation=90, fontsize=TEXT, color=GREY)
    return Chart(fig, caption, description)


def benefits_chart(words: dict, caption: str, description: str) -> Chart:
    """Uitgangspunt 3: the costs of a task to society in three parts, before and after investing in
    ICT: the ICT part grows, the other two shrink more, the total falls (shapes, not amounts)."""
    fig, ax = _canvas(words["title"], 2.4)
    shades = ("#1f4e79", "#9dc3e6", "#bfbfbf")
    heights = {"before": (0.12, 0.40, 0.26), "after": (0.24, 0.20, 0.17)}  # a shape: ICT up, the rest down
    bars = {"before": 0.27, "after": 0.50}
    for key, x in bars.items():
        bottom = 0.08
        for h, shade, part in zip(heights[key], shades, words["parts"]):
            ax.add_patch(mpatches.Rectangle((x, bottom), 0.15, h, facecolor=shade, edgecolor="white", linewidth=1.5))
            if key == "before":  # the parts named beside the first bar
                ax.text(x - 0.015, bottom + h / 2, wrapped(part, 24), ha="right", va="center", fontsize=TEXT,
                        color=INK, linespacing=1.1)
            bottom += h
        ax.text(x + 0.075, 0.06, wrapped(words[key], 16), ha="center", va="top", fontsize=TEXT, color=INK)
    bottom, after = 0.08, heights["after"]
    for h, note in zip(after, (words["ict"], words["execution"], words["burden"])):
        ax.text(0.68, bottom + h / 2, wrapped(note, 34), ha="left", va="center", fontsize=TEXT, color=INK,
                linespacing=1.1)
        ax.plot([0.655, 0.672], [bottom + h / 2] * 2, color=GREY, linewidth=1)
        bottom += h
    total_before, total_after = 0.08 + sum(heights["before"]), 0.08 + sum(after)
    ax.plot([0.27, 0.65], [total_before, total_before], color=GREY, linewidth=0.8, linestyle="--")
    _arrow(ax, (0.575, total_before), (0.575, total_after + 0.01), COLORS["s3"])
    ax.text(0.68, (total_before + total_after) / 2 + 0.1, wrapped(words["total"], 30), ha="left", va="center",
            fontsize=TEXT, color=COLORS["s3"], fontweight="bold")
    return Chart(fig, caption, description)


def cost_curve_chart(words: dict, caption: str, description: str) -> Chart:
    """Par. 3.4: ICT costs over time (no values): today's level flat, going on alone rising, and
    collaboration above that first (investment, friction) and below it after, yet above today's
    level; on the cost axis the visible costs below the real ones."""
    fig, ax = plt.subplots(figsize=(6.2, 3.6))
    ax.set_title(words["title"], fontsize=11, loc="left")
    t = np.linspace(0, 1, 200)
    current = np.ones_like(t)
    baseline = 1 + 0.8 * t
    hump = 0.35 * np.exp(-(((t - 0.22) / 0.1) ** 2))
    tempering = 0.3 / (1 + np.exp(-(t - 0.42) / 0.07))
    collaboration = baseline + hump - tempering
    ax.plot(t, current, color=GREY, linewidth=2, linestyle="--", label=words["current"])
    ax.plot(t, baseline, color=COLORS["baseline"], linewidth=2, label=words["baseline"])
    ax.plot(t, collaboration, color=COLORS["s2"], linewidth=2, label=words["collaboration"])
    peak = int(np.argmax(collaboration - baseline))
    ax.annotate(words["investment"], xy=(t[peak], collaboration[peak]), xytext=(0.0, 1.85),
                fontsize=TEXT, color=INK, ha="left", arrowprops=dict(arrowstyle="-", color=GREY, linewidth=0.8))
    late = int(0.85 * (len(t) - 1))
    ax.annotate(words["tempered"], xy=(t[late], (baseline[late] + collaboration[late]) / 2),
                xytext=(0.5, 1.95), fontsize=TEXT, color=INK, ha="left",
                arrowprops=dict(arrowstyle="-", color=GREY, linewidth=0.8))
    ax.fill_between(t, collaboration, baseline, where=collaboration < baseline, color=COLORS["s3"], alpha=0.15,
                    linewidth=0)
    ax.set_xlim(-0.18, 1.0)
    ax.set_ylim(0.5, 2.2)
    visible = 0.72  # a shape: the visible costs somewhat below the real ones, as the original draws it
    ax.annotate("", xy=(-0.04, 1.0), xytext=(-0.04, visible),
                arrowprops=dict(arrowstyle="<->", color=GREY, linewidth=1))
    ax.text(-0.06, visible, words["visible"], ha="right", va="center", fontsize=TEXT, color=GREY)
    ax.text(-0.06, 1.0, words["real"], ha="right", va="center", fontsize=TEXT, color=GREY)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[["top", "right"]].set_visible(False)
    ax.spines["left"].set_position(("data", 0))
    ax.set_xlabel(words["x"], fontsize=TEXT)
    ax.set_ylabel(words["y"], fontsize=TEXT)
    ax.legend(frameon=False, fontsize=TEXT, loc="lower right")
    return Chart(fig, caption, description)
