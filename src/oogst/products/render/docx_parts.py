"""Building blocks for Word documents in the house style: headings, fact tables, small print,
a page number field, and a save that gives the same bytes for the same document."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

BLUE = RGBColor(0x15, 0x42, 0x73)
MUTED = RGBColor(0x53, 0x53, 0x53)
FONT = "Calibri"


def shade(cell, hex_fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_fill)
    properties.append(shading)


def heading(document, text: str, level: int = 1) -> None:
    paragraph = document.add_paragraph()
    paragraph.style = document.styles[f"Heading {level}"]
    paragraph.paragraph_format.space_before = Pt(16 if level == 1 else 10)
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(14 if level == 1 else 11.5)
    run.font.color.rgb = BLUE
    run.font.name = FONT


def fact_table(
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
            shade(cell, "154273")
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


def page_number(paragraph) -> None:
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


def small(paragraph, text: str, size: float = 8.5):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.color.rgb = MUTED
    return run


def save(document, made_at: dt.datetime) -> bytes:
    """The document's bytes, with its dates set to `made_at` (properties and zip entries), so
    the same document made twice is the same file."""
    props = document.core_properties
    naive = made_at.replace(tzinfo=None, microsecond=0)
    props.created = props.modified = naive
    props.last_printed = naive
    props.revision = 1
    props.author = props.last_modified_by = "Oogst"
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    stamp = naive.timetuple()[:6]
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
