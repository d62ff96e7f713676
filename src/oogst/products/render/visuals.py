"""The theme visuals, the key figures and the afwegingskader plot as PNG and SVG."""

from __future__ import annotations

from django.utils.translation import gettext as _

from oogst.reporting import charts

from ..selectors.content import ProductContent, ThemeEntry
from ..selectors.frame import FrameItem
from . import words


def plot(items: list[FrameItem], fmt: str = "svg") -> bytes:
    """The quadrant plot of these (placed) changes."""
    points = [
        charts.PlotItem(
            number=item.number,
            desirability=item.placement.desirability,
            permanence=item.placement.permanence,
            desirability_range=(item.spread["desirability"].low, item.spread["desirability"].high),
            permanence_range=(item.spread["permanence"].low, item.spread["permanence"].high),
        )
        for item in items
    ]
    return charts.quadrant_plot(points, words.quadrant_labels(), fmt)


def frame_plot(content: ProductContent, fmt: str = "svg") -> bytes | None:
    scored = content.frame.scored
    return plot(scored, fmt) if scored else None


def theme_visual(content: ProductContent, entry: ThemeEntry, fmt: str = "svg") -> bytes:
    titles, empty = words.field_titles(), words.field_empty()
    fields = []
    for key, lines in zip(titles, ProductContent.fields_of(entry), strict=True):
        texts = [
            f"“{line.text}” ({line.quote.reference})" if line.quote else line.text for line in lines
        ]
        fields.append(charts.VisualField(key, titles[key], texts, empty[key]))
    visual = charts.ThemeVisual(
        title=entry.theme.name,
        subtitle=words.theme_subtitle(entry),
        fields=fields,
        footer=words.footer(content),
    )
    return charts.theme_visual(visual, fmt)


def key_figures(content: ProductContent, fmt: str = "svg") -> bytes:
    data = charts.KeyFigures(
        title=_("Kerncijfers %(programme)s") % {"programme": content.programme.name},
        figures=[charts.Tile(label, value) for label, value in words.figure_rows(content)],
        tracks_title=_("Per traject"),
        tracks=[
            charts.TrackBar(t.name, t.tables_held, t.contributions) for t in content.figures.tracks
        ],
        tables_label=_("Tafels gehouden"),
        contributions_label=_("Bijdragen"),
        footer=words.footer(content),
    )
    return charts.key_figures(data, fmt)


def visual_files(content: ProductContent) -> dict[str, bytes]:
    files = {}
    for entry in content.themes:
        for fmt in charts.FORMATS:
            files[f"thema-{entry.theme.slug}.{fmt}"] = theme_visual(content, entry, fmt)
    return files


def key_figure_files(content: ProductContent) -> dict[str, bytes]:
    return {f"keyfigures.{fmt}": key_figures(content, fmt) for fmt in charts.FORMATS}
