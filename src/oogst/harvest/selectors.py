"""Reading the harvest of a table in the shape of the dialogue: the three questions, stories and
questions, and quotes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Contribution, Kind
from .services import DRAFTS_SESSION_KEY


@dataclass
class Section:
    slot: str
    title: str
    help: str
    kinds: list[str]
    quotes: bool = False
    items: list = field(default_factory=list)

    @property
    def fixed_kind(self) -> str | None:
        return self.kinds[0] if len(self.kinds) == 1 else None


def entry_sections() -> list[Section]:
    return [
        Section(
            "knel",
            _("Wat kwam in de knel?"),
            _("Wat is door de crisis onder druk komen te staan?"),
            [Kind.KNEL],
        ),
        Section(
            "kiem",
            _("Wat is ontkiemd dat u wilt behouden?"),
            _("Wat is er ontstaan of gegroeid dat de deelnemers willen vasthouden?"),
            [Kind.KIEM],
        ),
        Section(
            "idee",
            _("Welke concrete ideeën zijn er?"),
            _("Voorstellen: wat moet er gebeuren, en door wie?"),
            [Kind.IDEE],
        ),
        Section(
            "verhaal",
            _("Verhalen en vragen"),
            _("Ervaringen die het gesprek kleur gaven, en vragen die de deelnemers hebben."),
            [Kind.VRAAG, Kind.OVERIG],
        ),
        Section(
            "citaat",
            _("Letterlijke citaten"),
            _(
                "Precies zoals gezegd, met alleen een rol (‘Student’, ‘Wethouder’, ‘Dialoog 4’), "
                "nooit een naam."
            ),
            list(Kind.values),
            quotes=True,
        ),
    ]


def section_slot(contribution: Contribution) -> str:
    if contribution.is_quote:
        return "citaat"
    if contribution.kind in (Kind.KNEL, Kind.KIEM, Kind.IDEE):
        return contribution.kind
    return "verhaal"


def section_by_slot(slot: str) -> Section | None:
    return next((s for s in entry_sections() if s.slot == slot), None)


def table_harvest(table, contributions) -> list[Section]:
    """The table's contributions (already scoped by access) grouped into entry sections."""
    sections = entry_sections()
    by_slot = {s.slot: s for s in sections}
    for c in contributions.filter(table=table).order_by("created_at", "id"):
        by_slot[section_slot(c)].items.append(c)
    return sections


def section_items(table, contributions, slot: str) -> list[Contribution]:
    return [
        c
        for c in contributions.filter(table=table).order_by("created_at", "id")
        if section_slot(c) == slot
    ]


def drafts_for(session, table) -> dict[str, dict]:
    return session.get(DRAFTS_SESSION_KEY, {}).get(str(table.pk), {})
