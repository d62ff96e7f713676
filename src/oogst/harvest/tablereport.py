"""The table report as a Word document: a template built on request (the three questions,
stories and questions, a quotes table Citaat / Rol / Soort, the report), and reading a filled-in
one back into contributions and the table report, saying what could not be placed.

Headings are recognised by their words (in every language the site has a translation for), so
a facilitator may change styles and layout freely; the template's own hints carry a style of
their own and are skipped; anything else that fits no question is reported, never dropped.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from oogst.analysis.kinds import known_kind
from oogst.programme.models import Table

from .actions import NewContribution, record_contributions
from .models import MAX_TEXT_LENGTH, Channel, Kind, content_hash
from .services import ensure_open

IDENTIFIER_PREFIX = "oogst-tafel:"
# Paragraphs the template writes for the reader (facts, instructions) carry this style and are
# skipped when the document is read back; pressing Enter after one gives a Normal paragraph.
HINT_STYLE = "Oogst toelichting"
LANGUAGES = ("nl", "en")


def _headings() -> dict[str, str]:
    """Section key -> heading text in the active language."""
    return {
        "knel": _("Wat kwam in de knel?"),
        "kiem": _("Wat is ontkiemd dat u wilt behouden?"),
        "idee": _("Welke concrete ideeën zijn er?"),
        "vraag": _("Vragen"),
        "overig": _("Verhalen en overige opmerkingen"),
        "citaat": _("Letterlijke citaten"),
        "verslag": _("Tafelverslag"),
        "samenvatting": _("Samenvatting"),
        "sfeer": _("Sfeer"),
        "aanwezig": _("Aanwezig per rol"),
    }


def _instructions() -> list[str]:
    return [
        _("Schrijf onder elke vraag één punt per alinea. Lege alinea's worden overgeslagen."),
        _(
            "Noteer citaten letterlijk in de tabel, met alleen een rol (‘Student’, ‘Wethouder’), "
            "nooit een naam."
        ),
        _("Soort: knel, kiem, idee, vraag of overig (leeg is overig)."),
        _("Vul per rol het aantal aanwezigen in."),
    ]


def _column_names() -> dict[str, str]:
    return {"quote": _("Citaat"), "role": _("Rol"), "kind": _("Soort"), "count": _("Aantal")}


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold().rstrip(":?.… ")


def _in_all_languages(func) -> list:
    results = []
    for language in LANGUAGES:
        with translation.override(language):
            results.append(func())
    return results


def build_template(table: Table) -> bytes:
    from docx import Document
    from docx.shared import Pt, RGBColor

    doc = Document()
    doc.core_properties.identifier = f"{IDENTIFIER_PREFIX}{table.pk}"
    doc.core_properties.title = _("Tafelverslag %(code)s") % {"code": table.code}
    h = _headings()
    cols = _column_names()
    from docx.enum.style import WD_STYLE_TYPE

    hint_style = doc.styles.add_style(HINT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    hint_style.base_style = doc.styles["Normal"]
    hint_style.next_paragraph_style = doc.styles["Normal"]
    hint_style.font.italic = True
    hint_style.font.size = Pt(9)
    hint_style.font.color.rgb = RGBColor(0x53, 0x53, 0x53)

    def hint(text: str) -> None:
        doc.add_paragraph(text, style=HINT_STYLE)

    doc.add_heading(
        _("Tafelverslag: %(code)s · %(name)s") % {"code": table.code, "name": table.name}, level=0
    )
    facts = [table.programme.name, table.track.name]
    if table.municipality_id:
        facts.append(str(table.municipality))
    if table.starts_at:
        # The time the table is held where it is held, not UTC (10:00, not 08:00).
        facts.append(timezone.localtime(table.starts_at).strftime("%d-%m-%Y %H:%M"))
    hint(" · ".join(facts))
    hint(_instructions()[0])
    for key in ("knel", "kiem", "idee", "vraag", "overig"):
        doc.add_heading(h[key], level=1)
        doc.add_paragraph("", style="List Bullet")
    doc.add_heading(h["citaat"], level=1)
    hint(_instructions()[1])
    hint(_instructions()[2])
    quotes = doc.add_table(rows=1, cols=3)
    quotes.style = "Table Grid"
    for cell, name in zip(
        quotes.rows[0].cells, (cols["quote"], cols["role"], cols["kind"]), strict=True
    ):
        cell.text = name
    for _row in range(5):
        quotes.add_row()
    doc.add_heading(h["verslag"], level=1)
    doc.add_heading(h["samenvatting"], level=2)
    doc.add_paragraph(table.report_summary)
    doc.add_heading(h["sfeer"], level=2)
    doc.add_paragraph(table.report_atmosphere)
    doc.add_heading(h["aanwezig"], level=2)
    hint(_instructions()[3])
    attendance = doc.add_table(rows=1, cols=2)
    attendance.style = "Table Grid"
    attendance.rows[0].cells[0].text = cols["role"]
    attendance.rows[0].cells[1].text = cols["count"]
    for role, count in (table.report_attendance or {}).items():
        cells = attendance.add_row().cells
        cells[0].text, cells[1].text = role, str(count)
    for _row in range(4):
        attendance.add_row()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@dataclass
class ParsedItem:
    kind: str
    text: str
    role_label: str = ""
    is_quote: bool = False
    where: str = ""


@dataclass
class ParsedReport:
    items: list[ParsedItem] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    atmosphere: list[str] = field(default_factory=list)
    attendance: dict[str, int] = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)
    table_id: int | None = None


def parse_report(source) -> ParsedReport:
    """Read a filled-in template (path or file object) into items, report and the unplaced."""
    from docx import Document
    from docx.table import Table as DocxTable

    doc = Document(source)
    parsed = ParsedReport()
    identifier = doc.core_properties.identifier or ""
    if identifier.startswith(IDENTIFIER_PREFIX) and identifier[len(IDENTIFIER_PREFIX) :].isdigit():
        parsed.table_id = int(identifier[len(IDENTIFIER_PREFIX) :])
    heading_keys: dict[str, str] = {}
    for headings in _in_all_languages(_headings):
        heading_keys.update({_normal(text): key for key, text in headings.items()})
    instructions = {_normal(t) for texts in _in_all_languages(_instructions) for t in texts}
    columns = {}
    for names in _in_all_languages(_column_names):
        columns.update({_normal(text): key for key, text in names.items()})

    section = None
    paragraph_no = 0
    for block in doc.iter_inner_content():
        if isinstance(block, DocxTable):
            _read_table(block, section, columns, parsed)
            continue
        paragraph_no += 1
        text = block.text.strip()
        if not text:
            continue
        key = heading_keys.get(_normal(text))
        style = (block.style.name if block.style is not None else "") or ""
        if key and (style.startswith(("Heading", "Title", "Kop")) or len(text) < 80):
            section = key
            continue
        if _normal(text) in instructions or style in ("Title", HINT_STYLE):
            continue
        where = _("alinea %(n)d") % {"n": paragraph_no}
        if section in ("knel", "kiem", "idee", "vraag", "overig"):
            if len(text) > MAX_TEXT_LENGTH:
                parsed.unplaced.append(
                    _("%(where)s: langer dan %(max)d tekens")
                    % {"where": where, "max": MAX_TEXT_LENGTH}
                )
            else:
                parsed.items.append(ParsedItem(section, text, where=where))
        elif section == "samenvatting":
            parsed.summary.append(text)
        elif section == "sfeer":
            parsed.atmosphere.append(text)
        else:
            parsed.unplaced.append(
                _("%(where)s (‘%(text)s’): hoort niet bij een vraag")
                % {"where": where, "text": text[:60]}
            )
    return parsed


def _read_table(block, section, columns, parsed: ParsedReport) -> None:
    rows = block.rows
    if not rows:
        return
    header = [columns.get(_normal(c.text)) for c in rows[0].cells]
    if "quote" in header:
        qi, ri = header.index("quote"), header.index("role") if "role" in header else None
        ki = header.index("kind") if "kind" in header else None
        for n, row in enumerate(rows[1:], start=2):
            cells = [c.text.strip() for c in row.cells]
            text = cells[qi] if qi < len(cells) else ""
            role = cells[ri] if ri is not None and ri < len(cells) else ""
            kind_word = (cells[ki] if ki is not None and ki < len(cells) else "").casefold()
            where = _("citatentabel, rij %(n)d") % {"n": n}
            if not text:
                if role or kind_word:
                    parsed.unplaced.append(
                        _("%(where)s: een rol of soort zonder citaat") % {"where": where}
                    )
                continue
            # One vocabulary with the file import and `oogst analyse` ("knelpunt", "kans").
            kind = known_kind(kind_word) if kind_word else Kind.OVERIG
            if kind is None:
                parsed.unplaced.append(
                    _("%(where)s: onbekende soort ‘%(kind)s’") % {"where": where, "kind": kind_word}
                )
                continue
            if len(role) > 80 or len(text) > MAX_TEXT_LENGTH:
                parsed.unplaced.append(_("%(where)s: citaat of rol te lang") % {"where": where})
                continue
            parsed.items.append(ParsedItem(kind, text, role, True, where))
    elif "count" in header and "role" in header:
        ri, ci = header.index("role"), header.index("count")
        for n, row in enumerate(rows[1:], start=2):
            cells = [c.text.strip() for c in row.cells]
            role, count = " ".join(cells[ri].split()), cells[ci]
            if not role and not count:
                continue
            where = _("aanwezigentabel, rij %(n)d") % {"n": n}
            if not role or not count.isdigit():
                parsed.unplaced.append(
                    _("%(where)s: rol en een heel getal nodig (‘%(role)s’, ‘%(count)s’)")
                    % {"where": where, "role": role, "count": count}
                )
                continue
            parsed.attendance[role[:80]] = int(count)
    else:
        parsed.unplaced.append(
            _("een tabel die geen citaten- of aanwezigentabel is (onder ‘%(section)s’)")
            % {"section": section or "—"}
        )


@dataclass
class TableReportImport:
    added: int
    already_present: int
    report_updated: bool
    unplaced: list[str]


@transaction.atomic
def import_table_report(source, table: Table, author=None) -> TableReportImport:
    """Contributions from a filled-in template, idempotently: text already recorded for this
    table (by hand or an earlier import) is not added again. `source` is a file, or the
    `ParsedReport` the caller already read (to check which table it was made for)."""
    ensure_open(table)
    parsed = source if isinstance(source, ParsedReport) else parse_report(source)
    known = {content_hash(t) for t in table.contributions.values_list("text", flat=True)}
    items = []
    present = 0
    for item in parsed.items:
        digest = content_hash(item.text)
        if digest in known:
            present += 1
            continue
        known.add(digest)
        items.append(
            NewContribution(
                text=item.text,
                kind=item.kind,
                table_id=table.pk,
                role_label=item.role_label,
                is_quote=item.is_quote,
                metadata={"_import": {"file": "docx", "where": item.where}},
                key=f"sha:{digest}",
            )
        )
    # The same words said at another table of the programme: a key of this table's own.
    taken = set(
        table.programme.contributions.filter(
            import_key__in=[item.key for item in items]
        ).values_list("import_key", flat=True)
    )
    for item in items:
        if item.key in taken:
            item.key = f"docx:{table.pk}:{item.key.removeprefix('sha:')}"
    recorded = record_contributions(
        table.programme, items, channel=Channel.TABLE, author=author, source="docx"
    )
    added, present = recorded.added, present + recorded.already
    updated = False
    if parsed.summary or parsed.atmosphere or parsed.attendance:
        if parsed.summary:
            table.report_summary = "\n\n".join(parsed.summary)
        if parsed.atmosphere:
            table.report_atmosphere = "\n".join(parsed.atmosphere)
        if parsed.attendance:
            table.report_attendance = parsed.attendance
        table.save(
            update_fields=["report_summary", "report_atmosphere", "report_attendance", "updated_at"]
        )
        updated = True
    return TableReportImport(added, present, updated, parsed.unplaced)
