"""The charts: PNG and SVG, text kept as text in SVG, the same bytes for the same input."""

import pytest

from oogst.reporting import charts
from oogst.reporting.quadrants import Quadrant

LABELS = charts.QuadrantLabels(
    title="Afwegingskader",
    x_axis="ongewenst - gewenst",
    y_axis="tijdelijk - blijvend",
    x_low="zeer ongewenst",
    x_high="zeer gewenst",
    y_low="tijdelijk",
    y_high="blijvend",
    quadrants={q: q.value for q in Quadrant},
)
ITEMS = [charts.PlotItem(1, 4.5, 4.5, (4, 5), (4, 5)), charts.PlotItem(2, 1.5, 2, (1, 2), (2, 2))]


def test_quadrant_plot_as_png_and_svg():
    png = charts.quadrant_plot(ITEMS, LABELS, "png")
    svg = charts.quadrant_plot(ITEMS, LABELS, "svg").decode()
    assert png.startswith(b"\x89PNG")
    assert "keep_and_strengthen" in svg and "Afwegingskader" in svg
    assert "<dc:date>" not in svg


def test_same_input_same_bytes():
    for fmt in charts.FORMATS:
        assert charts.quadrant_plot(ITEMS, LABELS, fmt) == charts.quadrant_plot(ITEMS, LABELS, fmt)


def test_theme_visual_has_its_four_fields():
    visual = charts.ThemeVisual(
        title="Zorg",
        subtitle="3 bijdragen",
        fields=[
            charts.VisualField("opportunities", "Kansen", ["Een appgroep in de straat."]),
            charts.VisualField("challenges", "Uitdagingen", ["Uitgestelde zorg."]),
            charts.VisualField("needed", "Nodig", [], "Nog niets."),
            charts.VisualField("who", "Wie is aan zet", ["VWS"]),
        ],
    )
    svg = charts.theme_visual(visual, "svg").decode()
    for word in ("Kansen", "Uitdagingen", "Nodig", "Wie is aan zet", "appgroep", "Nog niets."):
        assert word in svg


def test_key_figures():
    data = charts.KeyFigures(
        "Kerncijfers",
        [charts.Tile("tafels", 12), charts.Tile("bijdragen", 1234)],
        "Per traject",
        [charts.TrackBar("Burgers", 8, 400)],
        "Tafels",
        "Bijdragen",
    )
    svg = charts.key_figures(data, "svg").decode()
    assert "1.234" in svg and "Burgers" in svg


def test_unknown_format():
    with pytest.raises(ValueError, match="format"):
        charts.quadrant_plot(ITEMS, LABELS, "gif")
