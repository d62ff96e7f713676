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
        "theme": selection.theme.slug if selection.theme else None,
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
    widths=(4.0, 12.0),
):
    """A two-column table: label/value pairs (memo head) or a figures table with a header."""
    table = document.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    if header:
        table.style = document.styles["Table Grid"]
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, header, strict=True)):
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            if i == 1:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _shade(cell, "154273")
    for label, value in rows:
        cells = table.add_row().cells
        left = cells[0].paragraphs[0].add_run(label)
        left.bold = not header
        cells[1].paragraphs[0].add_run(value)
        if header:
            cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(1)
    document.add_paragraph().paragraph_format.space_after = Pt(0)
    return table


def _page_number(paragraph) -> None:
    """A PAGE field, so the page number is filled in by the word processor."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    run.font.size = Pt(8)
    run.font.color.rgb = MUTED


def _small(paragraph, text: str, size: float = 8.5):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.color.rgb = MUTED
    return run


def memo_docx(selection: QuoteSelection, figures: dict, *, author: str) -> bytes:
    """A memo for the officials' and ministers' committees: reason, requested decision,
    explanation with what was withheld and why, key figures, the quotes per theme (role only),
    next steps."""
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

    _small(
        section.header.paragraphs[0],
        _("%(programme)s · Maatschappelijke dialoog") % {"programme": programme.name},
    )
    document.styles["Footer"].font.size = Pt(8)  # also sizes the page number field
    document.styles["Footer"].font.color.rgb = MUTED
    footer = section.footer.paragraphs[0]
    _small(
        footer,
        _("Citaten geredigeerd en gecontroleerd; vermelding alleen met rol, nooit met naam.")
        + "    ",
        8,
    )
    _small(footer, _("Pagina") + " ", 8)
    _page_number(footer)

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
            (
                _("Onderwerp"),
                _("Stemmen uit de dialoog: %(theme)s") % {"theme": selection.theme.name}
                if selection.theme
                else _("Stemmen uit de dialoog: citaten per thema"),
            ),
        ],
    )

    by_theme: dict[str, list] = defaultdict(list)
    for quote in selection.quotes:
        if selection.theme is not None:
            by_theme[selection.theme.name].append(quote)
        else:
            by_theme[quote.themes[0] if quote.themes else ""].append(quote)
    themes = sorted(by_theme, key=lambda t: (t == "", -len(by_theme[t]), t))

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

    _heading(document, _("Toelichting"))
    document.add_paragraph(
        _(
            "Van de %(candidates)d vastgelegde citaten staan er %(included)d in deze memo. "
            "Een citaat wordt alleen gebruikt als de deelnemer toestemming gaf om anoniem "
            "geciteerd te worden, de deelname niet heeft ingetrokken en een analist de "
            "verwijdering van persoonsgegevens (namen, telefoonnummers, adressen en dergelijke) "
            "heeft gecontroleerd. Citaten worden alleen met een rol vermeld."
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
            widths=(12.0, 4.0),
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
        widths=(12.0, 4.0),
    )
    if themes and selection.theme is None:
        _fact_table(
            document,
            [
                (theme or _("Nog niet aan een thema gekoppeld"), str(len(by_theme[theme])))
                for theme in themes
            ],
            header=(_("Thema"), _("Citaten")),
            widths=(12.0, 4.0),
        )

    _heading(document, _("Citaten") if selection.theme else _("Citaten per thema"))
    if not selection.quotes:
        document.add_paragraph(_("Er zijn nog geen citaten die gebruikt mogen worden."))
    for theme in themes:
        if selection.theme is None:
            _heading(document, theme or _("Nog niet aan een thema gekoppeld"), level=2)
        for quote in by_theme[theme]:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(0.8)
            paragraph.paragraph_format.space_after = Pt(1)
            paragraph.paragraph_format.keep_with_next = True
            text = paragraph.add_run(f"“{quote.text}”")
            text.italic = True
            source = document.add_paragraph()
            source.paragraph_format.left_indent = Cm(0.8)
            source.paragraph_format.space_after = Pt(8)
            table = _("tafel %(code)s") % {"code": quote.table} if quote.table else ""
            where = ", ".join(part for part in (table, quote.municipality) if part)
            _small(source, f"— {quote.role}" + (f" ({where})" if where else ""), 9)

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
