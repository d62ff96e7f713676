"""The charts the products print, drawn with matplotlib's Agg backend as PNG and SVG: the
afwegingskader's quadrant plot, one visual per theme (Kansen, Uitdagingen, Nodig, Wie is aan
zet) and the key figures.

Every label comes in from the caller, already in the product's language. The same input
gives the same bytes: no dates in the files, and SVG ids from a fixed salt.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import FancyBboxPatch, Rectangle  # noqa: E402

from .quadrants import HIGH, LOW, MIDDLE, Quadrant  # noqa: E402

FORMATS = ("png", "svg")
DPI = 150
# Rijkshuisstijl-like colours: dark blue for text and lines, one soft tint per quadrant/field.
INK = "#154273"
MUTED = "#535353"
RULE = "#B4B4B4"
TINTS = {
    Quadrant.KEEP: "#E5F0D9",
    Quadrant.PREVENT: "#F9DFDD",
    Quadrant.LET_GO: "#FFF4DC",
    Quadrant.SUPPORT: "#DDEFF8",
}
ACCENTS = {
    Quadrant.KEEP: "#39870C",
    Quadrant.PREVENT: "#D52B1E",
    Quadrant.LET_GO: "#B38000",
    Quadrant.SUPPORT: "#007BC7",
}
FIELD_COLOURS = {  # theme visual: kansen, uitdagingen, nodig, wie is aan zet
    "opportunities": ("#39870C", "#EEF5E8"),
    "challenges": ("#D52B1E", "#FBEDEC"),
    "needed": ("#007BC7", "#E8F3FA"),
    "who": ("#42145F", "#F0EBF3"),
}
PREFERRED_FONTS = ["Open Sans", "Liberation Sans", "DejaVu Sans"]


@lru_cache(maxsize=1)
def font_family() -> list[str]:
    """The first of our fonts the machine has, then DejaVu Sans (shipped with matplotlib).
    A font installed after matplotlib built its cache is found by its file and added."""
    known = {f.name for f in font_manager.fontManager.ttflist}
    if "Open Sans" not in known:
        for path in font_manager.findSystemFonts():
            if "OpenSans" in path.replace("-", "").replace("_", ""):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        known = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in PREFERRED_FONTS if name in known] or ["DejaVu Sans"]


def _style() -> dict:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": font_family(),
        "font.size": 10,
        "svg.fonttype": "none",  # text stays text: searchable, read by screen readers
        "svg.hashsalt": "oogst",
        "axes.edgecolor": RULE,
        "axes.labelcolor": INK,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
    }


def _save(figure: Figure, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    out = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    figure.savefig(out, format=fmt, dpi=DPI, metadata=metadata, facecolor="white")
    plt.close(figure)
    return out.getvalue()


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


# -- the afwegingskader ----------------------------------------------------------------------


@dataclass(frozen=True)
class PlotItem:
    number: int  # the item's number in the product's list beside the plot
    desirability: float  # mean score
    permanence: float
    desirability_range: tuple[float, float] = (0.0, 0.0)  # lowest and highest score
    permanence_range: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class QuadrantLabels:
    title: str
    x_axis: str  # "ongewenst ← → gewenst"
    y_axis: str  # "tijdelijk ← → blijvend"
    x_low: str
    x_high: str
    y_low: str
    y_high: str
    quadrants: dict[Quadrant, str]
    spread_note: str = ""  # what the whiskers mean


def quadrant_plot(items: Sequence[PlotItem], labels: QuadrantLabels, fmt: str = "png") -> bytes:
    """The four quadrants, each change as a numbered point at the mean of its scores, with
    whiskers from the lowest to the highest score on each axis (the raters' spread)."""
    with plt.rc_context(_style()):
        figure, ax = plt.subplots(figsize=(7.2, 6.4))
        edge, span = LOW - 0.5, HIGH - LOW + 1
        half = span / 2
        corners = {
            Quadrant.KEEP: (MIDDLE, MIDDLE),
            Quadrant.PREVENT: (edge, MIDDLE),
            Quadrant.LET_GO: (MIDDLE, edge),
            Quadrant.SUPPORT: (edge, edge),
        }
        for quadrant, (x, y) in corners.items():
            ax.add_patch(Rectangle((x, y), half, half, color=TINTS[quadrant], zorder=0))
            right = x > edge
            top = y > edge
            ax.text(
                x + (half - 0.08 if right else 0.08),
                y + (half - 0.1 if top else 0.1),
                _wrap(labels.quadrants[quadrant], 22),
                ha="right" if right else "left",
                va="top" if top else "bottom",
                fontsize=10.5,
                fontweight="bold",
                color=ACCENTS[quadrant],
                zorder=1,
            )
        ax.axhline(MIDDLE, color=INK, linewidth=1.1, zorder=2)
        ax.axvline(MIDDLE, color=INK, linewidth=1.1, zorder=2)
        for item in items:
            low, high = item.desirability_range
            if high > low:
                ax.plot([low, high], [item.permanence] * 2, color=MUTED, lw=0.9, zorder=3)
            low, high = item.permanence_range
            if high > low:
                ax.plot([item.desirability] * 2, [low, high], color=MUTED, lw=0.9, zorder=3)
        for item in items:
            ax.scatter(
                [item.desirability],
                [item.permanence],
                s=330,
                color=INK,
                edgecolors="white",
                linewidths=1.5,
                zorder=4,
            )
            ax.text(
                item.desirability,
                item.permanence,
                str(item.number),
                ha="center",
                va="center",
                color="white",
                fontsize=9,
                fontweight="bold",
                zorder=5,
            )
        ax.set_xlim(edge, edge + span)
        ax.set_ylim(edge, edge + span)
        ax.set_xticks(range(LOW, HIGH + 1))
        ax.set_yticks(range(LOW, HIGH + 1))
        ax.set_xticklabels([labels.x_low, "2", "3", "4", labels.x_high], fontsize=8.5, color=MUTED)
        ax.set_yticklabels([labels.y_low, "2", "3", "4", labels.y_high], fontsize=8.5, color=MUTED)
        ax.set_xlabel(labels.x_axis, fontsize=10, color=INK, labelpad=8)
        ax.set_ylabel(labels.y_axis, fontsize=10, color=INK, labelpad=8)
        ax.set_title(labels.title, loc="left", fontsize=13, fontweight="bold", color=INK, pad=12)
        for side in ax.spines.values():
            side.set_visible(False)
        ax.set_aspect("equal")
        if labels.spread_note:
            figure.text(0.01, 0.01, labels.spread_note, fontsize=8, color=MUTED)
        figure.tight_layout(rect=(0, 0.03, 1, 1))
        return _save(figure, fmt)


# -- theme visuals ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VisualField:
    key: str  # "opportunities", "challenges", "needed", "who"
    title: str  # "Kansen"
    lines: list[str] = field(default_factory=list)
    empty: str = ""  # said when there are no lines


@dataclass(frozen=True)
class ThemeVisual:
    title: str  # the theme's name
    subtitle: str  # "47 bijdragen van 6 tafels"
    fields: list[VisualField]  # four, in reading order
    footer: str = ""  # provenance: programme, run, date


def theme_visual(visual: ThemeVisual, fmt: str = "png") -> bytes:
    """One landscape page per theme: a title band and four fields of bullets."""
    with plt.rc_context(_style()):
        figure = plt.figure(figsize=(11.69, 8.27))
        figure.patches.append(
            Rectangle((0, 0.885), 1, 0.115, transform=figure.transFigure, color=INK)
        )
        figure.text(
            0.035, 0.94, visual.title, fontsize=24, fontweight="bold", color="white", va="center"
        )
        figure.text(0.035, 0.903, visual.subtitle, fontsize=11, color="#DDEFF8", va="center")
        boxes = [(0.035, 0.455), (0.515, 0.455), (0.035, 0.06), (0.515, 0.06)]
        width, height = 0.45, 0.385
        for (x, y), item in zip(boxes, visual.fields, strict=False):
            accent, tint = FIELD_COLOURS.get(item.key, (INK, "#F3F3F3"))
            figure.patches.append(
                FancyBboxPatch(
                    (x, y),
                    width,
                    height,
                    boxstyle="round,pad=0,rounding_size=0.012",
                    transform=figure.transFigure,
                    facecolor=tint,
                    edgecolor="none",
                )
            )
            figure.patches.append(
                Rectangle(
                    (x, y + height - 0.006),
                    width,
                    0.006,
                    transform=figure.transFigure,
                    color=accent,
                )
            )
            figure.text(
                x + 0.018,
                y + height - 0.045,
                item.title,
                fontsize=15,
                fontweight="bold",
                color=accent,
                va="center",
            )
            cursor = y + height - 0.09
            lines = item.lines or [item.empty]
            for line in lines:
                wrapped = _wrap(line, 62).split("\n")[:4]
                if len(textwrap.wrap(line, 62)) > 4:
                    wrapped[-1] = wrapped[-1].rstrip(" .,;") + " …"
                needed = 0.028 * len(wrapped) + 0.014
                if cursor - needed < y + 0.01:
                    break
                bullet = "•" if item.lines else ""
                figure.text(x + 0.02, cursor, bullet, fontsize=10.5, color=accent, va="top")
                figure.text(
                    x + 0.035,
                    cursor,
                    "\n".join(wrapped),
                    fontsize=10,
                    color="#1A1A1A" if item.lines else MUTED,
                    va="top",
                    linespacing=1.35,
                    style="normal" if item.lines else "italic",
                )
                cursor -= needed
        if visual.footer:
            figure.text(0.035, 0.022, visual.footer, fontsize=7.5, color=MUTED)
        return _save(figure, fmt)


# -- key figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    label: str
    value: int


@dataclass(frozen=True)
class TrackBar:
    label: str
    tables: int
    contributions: int


@dataclass(frozen=True)
class KeyFigures:
    title: str
    figures: list[Tile]  # the tiles, in reading order (six fit best)
    tracks_title: str = ""
    tracks: list[TrackBar] = field(default_factory=list)
    tables_label: str = ""
    contributions_label: str = ""
    footer: str = ""


def key_figures(data: KeyFigures, fmt: str = "png") -> bytes:
    """Tiles with the big numbers, and per track the tables and contributions as bars."""
    with plt.rc_context(_style()):
        figure = plt.figure(figsize=(11.69, 6.4))
        figure.text(0.035, 0.93, data.title, fontsize=20, fontweight="bold", color=INK, va="center")
        columns = 3
        tile_w, tile_h, gap = 0.29, 0.17, 0.02
        top = 0.83
        for i, item in enumerate(data.figures):
            row, col = divmod(i, columns)
            x = 0.035 + col * (tile_w + gap)
            y = top - (row + 1) * tile_h - row * gap
            figure.patches.append(
                FancyBboxPatch(
                    (x, y),
                    tile_w,
                    tile_h,
                    boxstyle="round,pad=0,rounding_size=0.01",
                    transform=figure.transFigure,
                    facecolor="#DDEFF8",
                    edgecolor="none",
                )
            )
            figure.text(
                x + 0.02,
                y + tile_h * 0.58,
                f"{item.value:,}".replace(",", "."),
                fontsize=30,
                fontweight="bold",
                color=INK,
                va="center",
            )
            figure.text(
                x + 0.02, y + tile_h * 0.2, item.label, fontsize=11, color=MUTED, va="center"
            )
        rows = -(-len(data.figures) // columns)
        bottom_of_tiles = top - rows * tile_h - (rows - 1) * gap
        if data.tracks:
            figure.text(
                0.035,
                bottom_of_tiles - 0.05,
                data.tracks_title,
                fontsize=13,
                fontweight="bold",
                color=INK,
                va="center",
            )
            height = max(bottom_of_tiles - 0.19, 0.12)
            names = [_wrap(t.label, 22) for t in data.tracks][::-1]
            panels = [
                (data.tables_label, [t.tables for t in data.tracks][::-1], "#8FCAE7", 0.2),
                (data.contributions_label, [t.contributions for t in data.tracks][::-1], INK, 0.62),
            ]
            for index, (label, values, colour, left) in enumerate(panels):
                ax = figure.add_axes((left, 0.07, 0.33, height))
                positions = list(range(len(values)))
                ax.barh(positions, values, height=0.6, color=colour)
                most = max(values + [1])
                for p, n in zip(positions, values, strict=True):
                    ax.text(n + most * 0.02, p, str(n), va="center", fontsize=9.5, color=INK)
                ax.set_yticks(positions)
                ax.set_yticklabels(names if index == 0 else [], fontsize=10, color=INK)
                ax.tick_params(axis="y", length=0)
                ax.set_xlim(0, most * 1.18)
                ax.xaxis.set_visible(False)
                ax.set_title(label, loc="left", fontsize=10.5, color=MUTED)
                for side in ax.spines.values():
                    side.set_visible(False)
        if data.footer:
            figure.text(0.035, 0.02, data.footer, fontsize=7.5, color=MUTED)
        return _save(figure, fmt)
