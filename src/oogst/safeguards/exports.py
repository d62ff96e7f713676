"""Export formats for a programme's publishable quotes: a memo for ministers (DOCX), CSV and
JSON. They take a `QuoteSelection` (only reviewed, consented, redacted text) and never a
contribution, so raw text cannot reach them."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .selectors import QuoteSelection

BLUE = RGBColor(0x15, 0x42, 0x73)
MUTED = RGBColor(0x53, 0x53, 0x53)
CSV_COLUMNS = ["id", "tekst", "rol", "soort", "tafel", "gemeente", "themas", "gecontroleerd_op"]


def quotes_csv(selection: QuoteSelection) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for q in selection.quotes:
        writer.writerow(
            [
                q.contribution_id,
                q.text,
                q.role,
                q.kind,
                q.table,
                q.municipality,
                " | ".join(q.themes),
                q.reviewed_at,
            ]
        )
    return out.getvalue()


def quotes_json(selection: QuoteSelection) -> dict:
    return {
        "programme": {"slug": selection.programme.slug, "name": selection.programme.name},
        "generated_at": timezone.now().isoformat(),
        "quotes": [
            {
                "id": q.contribution_id,
                "text": q.text,
                "role": q.role,
                "kind": q.kind,
                "table": q.table,
                "municipality": q.municipality,
                "themes": q.themes,
                "reviewed_at": q.reviewed_at,
            }
            for q in selection.quotes
        ],
        "withheld": {reason: n for reason, _label, n in selection.withheld_rows()},
        "withheld_total": selection.withheld_total,
        "candidates": selection.candidates,
    }


def _shade(cell, hex_fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_fill)
    properties.append(shading)


def _heading(document, text: str, level: int = 1) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(14 if level == 1 else 10)
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(13 if level == 1 else 11)
    run.font.color.rgb = BLUE
    paragraph.style = document.styles[f"Heading {level}"]
    for r in paragraph.runs:
        r.font.color.rgb = BLUE
        r.font.name = "Calibri"


def _fact_table(
    document,
    rows: list[tuple[str, str]],
    *,
    header: tuple[str, str] | None = None,
    widths=(5.5, 10.5),
):
    table = document.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.style = document.styles["Table Grid"] if header else table.style
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            _shade(cell, "154273")
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = "", ""
        left = cells[0].paragraphs[0].add_run(label)
        left.bold = not header
        cells[1].paragraphs[0].add_run(value)
        if header:
            cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def memo_docx(selection: QuoteSelection, figures: dict, *, author: str) -> bytes:
    """A memo for the officials' and ministers' committees: reason, requested decision, key
    figures, the quotes per theme (role only), what was withheld and why, next steps."""
    programme = selection.programme
    today = date_format(timezone.localdate(), "j F Y")
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)

    header = section.header.paragraphs[0]
    header.text = _("%(programme)s · Maatschappelijke dialoog") % {"programme": programme.name}
    header.runs[0].font.size = Pt(8.5)
    header.runs[0].font.color.rgb = MUTED
    footer = section.footer.paragraphs[0]
    footer.text = _(
        "Citaten zijn geredigeerd en gecontroleerd; vermelding alleen met rol, nooit met naam."
    )
    footer.runs[0].font.size = Pt(8)
    footer.runs[0].font.color.rgb = MUTED

    title = document.add_paragraph()
    run = title.add_run(_("Memo"))
    run.bold = True
    run.font.size = Pt(22)
    run.font.color.rgb = BLUE
    _fact_table(
        document,
        [
            (_("Aan"), _("Ambtelijke en ministeriële commissie")),
            (_("Van"), _("Programmateam %(programme)s") % {"programme": programme.name}),
            (_("Opgesteld door"), author),
            (_("Datum"), today),
            (_("Onderwerp"), _("Stemmen uit de dialoog: citaten per thema")),
        ],
    )

    _heading(document, _("Aanleiding"))
    document.add_paragraph(
        _(
            "In %(programme)s spraken burgers, organisaties en wetenschappers aan dialoogtafels "
            "over de gevolgen van de crisis. Deze memo bundelt de letterlijke citaten die met "
            "toestemming en na controle op persoonsgegevens gebruikt mogen worden, als "
            "onderbouwing bij de inzichten uit de dialoog."
        )
        % {"programme": programme.name}
    )
    _heading(document, _("Gevraagd besluit"))
    document.add_paragraph(
        _(
            "Kennisnemen van de citaten en deze gebruiken bij de bespreking van de "
            "inzichten en herstelopgaven."
        )
    )

    _heading(document, _("Kerncijfers"))
    _fact_table(
        document,
        [
            (_("Dialoogtafels gehouden"), str(figures["tables_held"])),
            (_("Deelnemers"), str(figures["participants"])),
            (_("Bijdragen"), str(figures["contributions"])),
            (_("Citaten in deze memo"), str(len(selection.quotes))),
            (_("Citaten achtergehouden"), str(selection.withheld_total)),
        ],
        header=(_("Gegeven"), _("Aantal")),
        widths=(10.5, 5.5),
    )

    _heading(document, _("Citaten per thema"))
    if not selection.quotes:
        document.add_paragraph(_("Er zijn nog geen citaten die gebruikt mogen worden."))
    by_theme: dict[str, list] = defaultdict(list)
    for quote in selection.quotes:
        by_theme[quote.themes[0] if quote.themes else ""].append(quote)
    for theme in sorted(by_theme, key=lambda t: (t == "", t)):
        _heading(document, theme or _("Nog niet aan een thema gekoppeld"), level=2)
        for quote in by_theme[theme]:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(0.8)
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.paragraph_format.keep_with_next = True
            text = paragraph.add_run(f"“{quote.text}”")
            text.italic = True
            source = document.add_paragraph()
            source.paragraph_format.left_indent = Cm(0.8)
            source.paragraph_format.space_after = Pt(8)
            where = ", ".join(
                part
                for part in [
                    _("tafel %(code)s") % {"code": quote.table} if quote.table else "",
                    quote.municipality,
                ]
                if part
            )
            attribution = source.add_run(f"— {quote.role}" + (f" ({where})" if where else ""))
            attribution.font.size = Pt(9)
            attribution.font.color.rgb = MUTED

    _heading(document, _("Verantwoording"))
    document.add_paragraph(
        _(
            "Van de %(candidates)d vastgelegde citaten staan er %(included)d in deze memo. "
            "Een citaat wordt alleen gebruikt als de deelnemer toestemming gaf om anoniem "
            "geciteerd te worden, de deelname niet heeft ingetrokken en een analist de "
            "verwijdering van persoonsgegevens "
            "(namen, telefoonnummers, adressen en dergelijke) heeft gecontroleerd."
        )
        % {"candidates": selection.candidates, "included": len(selection.quotes)}
    )
    if selection.withheld_total:
        _fact_table(
            document,
            [
                (label[:1].upper() + label[1:], str(n))
                for _reason, label, n in selection.withheld_rows()
            ],
            header=(_("Reden van achterhouden"), _("Aantal")),
            widths=(10.5, 5.5),
        )

    _heading(document, _("Vervolg"))
    document.add_paragraph(
        _(
            "Het programmateam controleert de resterende citaten en verwerkt de inzichten in het "
            "volgende tussenproduct. Deelnemers krijgen terugkoppeling over wat met hun "
            "inbreng is gedaan."
        )
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
