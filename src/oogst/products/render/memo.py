"""The interim memo (tussenproduct) for the officials' and ministers' committees, as DOCX:
title page, reading guide, reason and requested decision, key figures, the top insights with
two or three quotes each, challenges and opportunities per theme, what is new since the
previous memo, next steps, and an appendix with method and numbers."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt

from ..selectors.content import ProductContent
from . import docx_parts as parts
from . import visuals, words

TOP = 5


def _quote(document, quote) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.left_indent = Cm(0.8)
    paragraph.paragraph_format.space_after = Pt(1)
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(f"“{quote.text}”")
    run.italic = True
    source = document.add_paragraph()
    source.paragraph_format.left_indent = Cm(0.8)
    source.paragraph_format.space_after = Pt(7)
    parts.small(source, f"— {quote.reference}", 9)


def _bullets(document, lines: list[str]) -> None:
    for line in lines:
        document.add_paragraph(line, style="List Bullet")


def _title_page(document, content: ProductContent) -> None:
    programme = content.programme
    for _i in range(4):
        document.add_paragraph()
    label = document.add_paragraph()
    parts.small(label, _("Tussenproduct").upper(), 10).bold = True
    title = document.add_paragraph()
    run = title.add_run(_("Stemmen uit de dialoog"))
    run.bold = True
    run.font.size = Pt(28)
    run.font.color.rgb = parts.BLUE
    subtitle = document.add_paragraph()
    run = subtitle.add_run(programme.name)
    run.font.size = Pt(16)
    run.font.color.rgb = parts.BLUE
    document.add_paragraph()
    parts.fact_table(
        document,
        [
            (_("Aan"), _("Ambtelijke en ministeriële commissie")),
            (_("Van"), _("Programmateam %(programme)s") % {"programme": programme.name}),
            (_("Datum"), words.day(content.made_at)),
            (_("Onderwerp"), _("Wat de dialoog tot nu toe oplevert")),
            (_("Kenmerk"), content.state_sha256()[:12]),
        ],
    )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _reading_guide(document, content: ProductContent) -> None:
    parts.heading(document, _("Leeswijzer"))
    document.add_paragraph(
        _(
            "Deze memo vat samen wat deelnemers aan de dialoog tot nu toe hebben gezegd. U "
            "leest eerst de aanleiding en het gevraagde besluit, dan de kerncijfers en de "
            "belangrijkste %(source)s met citaten. Daarna volgen de uitdagingen en kansen per "
            "thema en wat er nieuw is sinds de vorige memo. De bijlage beschrijft de methode "
            "en de cijfers."
        )
        % {"source": words.source_words(content)}
    )
    document.add_paragraph(
        _(
            "Elk citaat staat er letterlijk, na verwijdering van persoonsgegevens, en alleen "
            "met toestemming. Achter elk citaat staat waar het vandaan komt: de rol van de "
            "spreker (nooit een naam), de tafel en het nummer van de bijdrage."
        )
    )
    for line in content.missing:
        paragraph = document.add_paragraph()
        parts.small(paragraph, line, 9.5).italic = True


def _reason(document, content: ProductContent) -> None:
    parts.heading(document, _("Aanleiding"))
    document.add_paragraph(
        _(
            "In %(programme)s spreken burgers, organisaties en wetenschappers aan "
            "dialoogtafels over de gevolgen van de crisis en over wat er nu nodig is. Het "
            "programmateam legt de opbrengst regelmatig voor aan de commissies."
        )
        % {"programme": content.programme.name}
    )
    parts.heading(document, _("Gevraagd besluit"))
    document.add_paragraph(
        _(
            "Kennisnemen van de opbrengst tot nu toe en de inzichten gebruiken bij de "
            "bespreking van de herstelopgaven."
        )
    )


def _key_figures(document, content: ProductContent) -> None:
    parts.heading(document, _("Kerncijfers"))
    document.add_picture(io.BytesIO(visuals.key_figures(content, "png")), width=Cm(16))
    parts.fact_table(
        document,
        [
            (label[:1].upper() + label[1:], str(value))
            for label, value in words.figure_rows(content)
        ],
        header=(_("Gegeven"), _("Aantal")),
        widths=(12.0, 4.0),
    )


def _highlights(document, content: ProductContent) -> None:
    parts.heading(document, _("Belangrijkste %(source)s") % {"source": words.source_words(content)})
    if not content.highlights:
        document.add_paragraph(_("Er is nog niets om samen te vatten."))
    top = sorted(content.highlights, key=lambda h: (-h.contributions, h.number))[:TOP]
    for highlight in top:
        label = (
            _("Inzicht %(n)s") % {"n": highlight.number}
            if highlight.kind == "insight"
            else str(highlight.number)
        )
        parts.heading(document, f"{label}. {highlight.title}", level=2)
        if highlight.text:
            document.add_paragraph(highlight.text)
        facts = [
            _("%(n)s bijdragen") % {"n": highlight.contributions},
        ]
        if highlight.tables:
            facts.append(_("van %(n)s tafels") % {"n": highlight.tables})
        if highlight.type_label:
            facts.append(highlight.type_label.lower())
        if highlight.ministries:
            facts.append(", ".join(highlight.ministries))
        parts.small(document.add_paragraph(), " · ".join(facts), 9)
        if not highlight.quotes:
            parts.small(document.add_paragraph(), _("Nog geen citaat dat gebruikt mag worden."))
        for quote in highlight.quotes:
            _quote(document, quote)


def _themes(document, content: ProductContent) -> None:
    parts.heading(document, _("Uitdagingen en kansen per thema"))
    if not content.themes:
        document.add_paragraph(_("Er zijn nog geen bijdragen aan thema's gekoppeld."))
    for entry in content.themes:
        parts.heading(document, f"{entry.theme.name} ({words.theme_subtitle(entry)})", level=2)
        for title, lines in (
            (_("Uitdagingen"), entry.challenges),
            (_("Kansen"), entry.opportunities),
        ):
            paragraph = document.add_paragraph()
            run = paragraph.add_run(title)
            run.bold = True
            paragraph.paragraph_format.space_after = Pt(2)
            if not lines:
                parts.small(document.add_paragraph(), _("Nog niets vastgelegd."))
            for line in lines:
                if line.quote:
                    item = document.add_paragraph(style="List Bullet")
                    item.add_run(f"“{line.text}” ").italic = True
                    parts.small(item, f"({line.quote.reference})", 8.5)
                else:
                    document.add_paragraph(line.text, style="List Bullet")


def _changes(document, content: ProductContent) -> None:
    parts.heading(document, _("Wat is er nieuw"))
    changes = content.changes
    if changes is None:
        document.add_paragraph(
            _(
                "Er is geen vorige memo of analyse opgegeven om mee te vergelijken (geef een "
                "datum of een analyse op)."
            )
        )
        return
    document.add_paragraph(
        _("Sinds %(since)s (%(moment)s):")
        % {
            "since": changes.since_label or words.day(changes.since),
            "moment": words.moment(changes.since),
        }
    )
    lines = [_("%(n)s nieuwe bijdragen") % {"n": changes.new_contributions}]
    lines += [
        _("Nieuw inzicht: %(title)s") % {"title": title} for _pk, title in changes.new_insights
    ]
    lines += [
        _("Gegroeid inzicht: %(title)s (%(n)s onderbouwingen erbij)") % {"title": title, "n": n}
        for _pk, title, n in changes.grown_insights
    ]
    lines += [_("Nieuw thema: %(name)s") % {"name": name} for name in changes.new_themes]
    lines += [
        _("Thema %(name)s: %(n)s bijdragen erbij gecodeerd") % {"name": name, "n": n}
        for name, n in changes.grown_themes
    ]
    for topic in changes.emerging:
        template = (
            _("Nieuw opkomend onderwerp: %(name)s (%(n)s bijdragen)")
            if topic["new"]
            else _("Opkomend onderwerp (al eerder gezien): %(name)s (%(n)s bijdragen)")
        )
        lines.append(template % {"name": topic["name"], "n": topic["size"]})
    if not changes.anything:
        lines = [_("Niets nieuws sinds dat moment.")]
    _bullets(document, lines)


def _next_steps(document) -> None:
    parts.heading(document, _("Vervolg"))
    document.add_paragraph(
        _(
            "Het programmateam werkt de inzichten verder uit met de ministeries, vult het "
            "afwegingskader aan en verwerkt de opbrengst in het eindproduct. Deelnemers krijgen "
            "terugkoppeling over wat met hun inbreng is gedaan."
        )
    )


def _appendix(document, content: ProductContent) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    parts.heading(document, _("Bijlage: methode en cijfers"))
    document.add_paragraph(
        _(
            "Bijdragen zijn vastgelegd aan dialoogtafels en via de andere kanalen van het "
            "programma, door analisten aan thema's gekoppeld en geclusterd tot bevindingen; "
            "inzichten zijn door het programmateam geformuleerd en onderbouwd met bijdragen. "
            "Elk getal in deze memo is uit die gegevens geteld."
        )
    )
    policy = content.policy
    document.add_paragraph(
        _(
            "Citaten: alleen letterlijke citaten van deelnemers die toestemming gaven om anoniem "
            "geciteerd te worden, die hun deelname niet introkken, waarvan een analist de "
            "verwijdering van persoonsgegevens heeft gecontroleerd en die door de moderatie "
            "zijn toegelaten. Tafelcitaten zonder gekoppelde deelnemer: %(table)s (privacybeleid "
            "van het programma)."
        )
        % {"table": _("toegestaan") if policy.table_quote_consent else _("niet toegestaan")}
    )
    rows = [
        (_("Citaten in deze memo"), str(len(content.quotes.printed))),
        (_("Citaten achtergehouden"), str(content.quotes.withheld_total)),
    ]
    rows += [
        (label[:1].upper() + label[1:], str(n)) for _r, label, n in content.quotes.withheld_rows()
    ]
    parts.fact_table(document, rows, header=(_("Citaten"), _("Aantal")), widths=(12.0, 4.0))
    by_kind = content.figures.by_kind
    parts.fact_table(
        document,
        [(str(kind), str(n)) for kind, n in by_kind.items()]
        + [(t.name, str(t.contributions)) for t in content.figures.tracks],
        header=(_("Bijdragen naar soort en traject"), _("Aantal")),
        widths=(12.0, 4.0),
    )
    framework = content.frame
    if framework.agreement is not None:
        alpha = framework.agreement.axes
        document.add_paragraph(
            _(
                "Afwegingskader: %(items)s van %(total)s onderwerpen gescoord door %(raters)s "
                "beoordelaars; overeenstemming (Krippendorffs alfa, ordinaal): gewenst %(a)s, "
                "blijvend %(b)s."
            )
            % {
                "items": len(framework.scored),
                "total": len(framework.items),
                "raters": framework.raters,
                "a": _alpha_words(alpha["desirability"]),
                "b": _alpha_words(alpha["permanence"]),
            }
        )
    provenance = [
        (_("Gemaakt op"), words.moment(content.made_at)),
        (_("Analyse"), str(content.run) if content.run else _("geen")),
        (
            _("Inzichten (versie)"),
            ", ".join(f"{k} (v{v})" for k, v in sorted(content.insight_versions.items()))
            or _("geen"),
        ),
        (_("Controlegetal inhoud"), content.state_sha256()),
    ]
    parts.fact_table(document, provenance, widths=(5.0, 11.0))


def _alpha_words(alpha) -> str:
    if alpha.value is None:
        return _("niet te berekenen")
    return f"{alpha.value:.2f}"


def memo_docx(content: ProductContent) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.different_first_page_header_footer = True
    normal = document.styles["Normal"]
    normal.font.name = parts.FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    parts.small(
        section.header.paragraphs[0],
        _("%(programme)s · Tussenproduct · %(date)s")
        % {"programme": content.programme.name, "date": words.day(content.made_at)},
    )
    document.styles["Footer"].font.size = Pt(8)
    document.styles["Footer"].font.color.rgb = parts.MUTED
    footer = section.footer.paragraphs[0]
    parts.small(
        footer,
        _("Citaten geredigeerd en gecontroleerd; vermelding alleen met rol, nooit met naam.")
        + "    ",
        8,
    )
    parts.small(footer, _("Pagina") + " ", 8)
    parts.page_number(footer)

    _title_page(document, content)
    _reading_guide(document, content)
    _reason(document, content)
    _key_figures(document, content)
    _highlights(document, content)
    _themes(document, content)
    _changes(document, content)
    _next_steps(document)
    _appendix(document, content)
    return parts.save(document, content.made_at)
