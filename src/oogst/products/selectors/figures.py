"""Key figures (kerncijfers) of one programme, in total and per track: counted from the data,
never typed; withdrawn participants and contributions rejected by moderation do not count."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from oogst.directory.models import Organisation
from oogst.harvest.models import Kind, Moderation
from oogst.programme.models import Programme, Table

HELD = [Table.Status.HELD, Table.Status.PROCESSED]


@dataclass
class TrackFigures:
    name: str
    tables_held: int
    participants: int
    contributions: int


@dataclass
class KeyFigures:
    tables_held: int
    tables_planned: int
    participants: int
    hosts: int
    organisations: int
    municipalities: int
    provinces: int
    contributions: int
    by_kind: dict[str, int]
    tracks: list[TrackFigures] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = dict(self.__dict__)
        data["tracks"] = [t.__dict__ for t in self.tracks]
        return data


def counted_contributions(programme: Programme):
    return programme.contributions.exclude(moderation=Moderation.REJECTED).exclude(
        participant__withdrawn_at__isnull=False
    )


def key_figures(programme: Programme) -> KeyFigures:
    held = programme.tables.filter(status__in=HELD)
    contributions = counted_contributions(programme)
    participants = programme.participants.filter(withdrawn_at__isnull=True)
    by_kind = dict(contributions.order_by().values_list("kind").annotate(n=Count("id")))
    tracks = []
    for track in programme.tracks.order_by("order", "name"):
        tables = held.filter(track=track)
        tracks.append(
            TrackFigures(
                name=track.name,
                tables_held=tables.count(),
                participants=participants.filter(tables__in=tables).distinct().count(),
                contributions=contributions.filter(table__track=track).count(),
            )
        )
    return KeyFigures(
        tables_held=held.count(),
        tables_planned=programme.tables.exclude(status__in=HELD).count(),
        participants=participants.filter(Q(tables__in=held) | Q(contributions__isnull=False))
        .distinct()
        .count(),
        hosts=held.exclude(host=None).values("host").distinct().count(),
        organisations=Organisation.objects.filter(tables__in=held).distinct().count(),
        municipalities=held.exclude(municipality=None).values("municipality").distinct().count(),
        provinces=held.exclude(municipality=None)
        .values("municipality__province")
        .distinct()
        .count(),
        contributions=contributions.count(),
        by_kind={k: by_kind.get(k, 0) for k in Kind.values},
        tracks=[t for t in tracks if t.tables_held or t.contributions],
    )
