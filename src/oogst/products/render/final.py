"""The final agenda (eindproduct) as a PDF: HTML templates in the product's language, drawn
by WeasyPrint as a tagged PDF (PDF/UA-1), with a table of contents, page numbers, the key
figures, insights with quotes, dilemmas and scenarios, blind spots, the ministry x
recovery-task matrix, the afwegingskader and one page per theme.

Nothing is fetched while drawing: images are inline, fonts are the machine's own.
"""

from __future__ import annotations

import base64
import hashlib

from django.template.loader import render_to_string

from ..selectors.content import ProductContent
from . import visuals, words


def _data_uri(data: bytes, mime: str = "image/svg+xml") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def agenda_html(content: ProductContent) -> str:
    plot = visuals.frame_plot(content, "svg")
    themes = [
        {
            "entry": entry,
            "image": _data_uri(visuals.theme_visual(content, entry, "svg")),
            "fields": list(
                zip(words.field_titles().values(), content.fields_of(entry), strict=True)
            ),
        }
        for entry in content.themes
    ]
    frame_rows = [
        {
            "item": item,
            "placement": words.placement_words(item.placement),
        }
        for item in content.frame.items
    ]
    return render_to_string(
        "products/final/agenda.html",
        {
            "c": content,
            "made": words.day(content.made_at),
            "made_moment": words.moment(content.made_at),
            "made_iso": content.made_at.isoformat(),
            "sha": content.state_sha256(),
            "figures": words.figure_rows(content),
            "key_figures_image": _data_uri(visuals.key_figures(content, "svg")),
            "plot_image": _data_uri(plot) if plot else "",
            "frame_rows": frame_rows,
            "quadrants": words.quadrant_names(),
            "themes": themes,
            "source_words": words.source_words(content),
            "footer": words.footer(content),
        },
    )


def final_pdf(content: ProductContent) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = agenda_html(content)
    # Only inline (data:) resources: a product never reaches the network.
    fetcher = URLFetcher(allowed_protocols=["data"], fail_on_errors=True)
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return HTML(string=html, url_fetcher=fetcher, base_url=".").write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_identifier=identifier,
        uncompressed_pdf=False,
    )
