"""The words the products share, in the language that is active: quadrant and field names,
the key figures' labels, dates."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from oogst.reporting.charts import QuadrantLabels
from oogst.reporting.quadrants import Quadrant

from ..selectors.content import ProductContent


def quadrant_names() -> dict[Quadrant, str]:
    return {
        Quadrant.KEEP: _("Behouden en versterken"),
        Quadrant.PREVENT: _("Voorkomen dat het blijft"),
        Quadrant.LET_GO: _("Loslaten"),
        Quadrant.SUPPORT: _("Tijdelijk ondersteunen"),
    }


def quadrant_labels() -> QuadrantLabels:
    return QuadrantLabels(
        title=_("Afwegingskader"),
        x_axis=_("ongewenst — gewenst"),
        y_axis=_("tijdelijk — blijvend"),
        x_low=_("zeer ongewenst"),
        x_high=_("zeer gewenst"),
        y_low=_("tijdelijk"),
        y_high=_("blijvend"),
        quadrants=quadrant_names(),
        spread_note=_("Stip: gemiddelde score. Lijnen: van de laagste tot de hoogste score."),
    )


def placement_words(placement) -> str:
    if placement is None:
        return _("nog niet gescoord")
    if placement.quadrant is None:
        return _("op de grens tussen twee kwadranten")
    return quadrant_names()[placement.quadrant]


def field_titles() -> dict[str, str]:
    return {
        "opportunities": _("Kansen"),
        "challenges": _("Uitdagingen"),
        "needed": _("Nodig"),
        "who": _("Wie is aan zet"),
    }


def field_empty() -> dict[str, str]:
    return {
        "opportunities": _("Nog geen kansen vastgelegd."),
        "challenges": _("Nog geen uitdagingen vastgelegd."),
        "needed": _("Nog geen ideeën vastgelegd."),
        "who": _("Nog geen ministerie of herstelopgave gekoppeld."),
    }


def figure_rows(content: ProductContent) -> list[tuple[str, int]]:
    f = content.figures
    return [
        (_("dialoogtafels gehouden"), f.tables_held),
        (_("deelnemers"), f.participants),
        (_("gastheren en -vrouwen"), f.hosts),
        (_("organisaties aan tafel"), f.organisations),
        (_("gemeenten"), f.municipalities),
        (_("bijdragen"), f.contributions),
    ]


def day(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "j F Y")


def moment(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "j F Y, H:i")


def theme_subtitle(entry) -> str:
    return ngettext(
        "%(n)s bijdrage van %(tables)s tafel(s)",
        "%(n)s bijdragen van %(tables)s tafel(s)",
        entry.contributions,
    ) % {"n": entry.contributions, "tables": entry.tables}


def source_words(content: ProductContent) -> str:
    if content.source == "insights":
        return _("inzichten")
    if content.source == "findings":
        return _("bevindingen van %(run)s") % {"run": content.run}
    return _("thema's")


def footer(content: ProductContent) -> str:
    """The provenance line printed under every visual."""
    run = _("analyse %(n)s") % {"n": content.run.number} if content.run else _("geen analyse")
    return _("%(programme)s · gemaakt %(when)s · %(run)s · controlegetal %(sha)s") % {
        "programme": content.programme.name,
        "when": moment(content.made_at),
        "run": run,
        "sha": content.state_sha256()[:12],
    }
