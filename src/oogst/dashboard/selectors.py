"""Key figures: what the programme team reports to the committees, counted from the data."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet

from oogst.accounts.models import Role
from oogst.codebook.models import Theme
from oogst.directory.models import Organisation
from oogst.harvest.models import Contribution, Kind, Moderation
from oogst.insights.models import Insight
from oogst.participants.models import Participant
from oogst.programme.models import Programme, Table


def key_figures(
    programmes: QuerySet[Programme], tables: QuerySet[Table], contributions: QuerySet[Contribution]
) -> dict:
    """Counts over the given (already permission-scoped) querysets; spam rejected by the
    moderators is not a contribution."""
    contributions = contributions.exclude(moderation=Moderation.REJECTED)
    # Distinct: a scope that joins (a liaison's tables through their themes) repeats rows,
    # and a grouped count would count a table or contribution once per theme it matches.
    by_kind = dict(
        contributions.order_by().values_list("kind").annotate(n=Count("id", distinct=True))
    )
    table_status = dict(
        tables.order_by().values_list("status").annotate(n=Count("id", distinct=True))
    )
    participants = Participant.objects.filter(
        programme__in=programmes, tables__in=tables
    ).distinct()
    return {
        "programmes": programmes.count(),
        "tables": tables.count(),
        "tables_by_status": {s: table_status.get(s, 0) for s in Table.Status.values},
        "municipalities": tables.exclude(municipality=None)
        .values("municipality")
        .distinct()
        .count(),
        "provinces": tables.exclude(municipality=None)
        .values("municipality__province")
        .distinct()
        .count(),
        "participants": participants.count(),
        "hosts": tables.exclude(host=None).values("host").distinct().count(),
        "organisations": Organisation.objects.filter(tables__in=tables).distinct().count(),
        "contributions": contributions.count(),
        "contributions_by_kind": {k: by_kind.get(k, 0) for k in Kind.values},
    }


def database_figures() -> dict:
    """The figures of the whole database, as `oogst stats --json` prints them."""
    figures = key_figures(Programme.objects.all(), Table.objects.all(), Contribution.objects.all())
    # Over the whole database, not only what tables reach (the scoped counts are replaced).
    figures["participants"] = Participant.objects.count()
    figures["organisations"] = Organisation.objects.count()
    figures["hosts"] = get_user_model().objects.filter(role=Role.HOST).count()
    figures["insights"] = Insight.objects.count()
    figures["insights_per_programme"] = dict(
        Programme.objects.order_by("slug").annotate(n=Count("insights")).values_list("slug", "n")
    )
    return figures


def contributions_per_theme(
    contributions: QuerySet[Contribution], programme: Programme
) -> list[dict]:
    """Per theme of the codebook: how many contributions were coded to it (any source)."""
    rows = (
        programme.themes.filter(assignments__contribution__in=contributions)
        .values("pk", "name", "slug")
        .annotate(n=Count("assignments__contribution", distinct=True))
        .order_by("-n", "name")
    )
    counted = {r["pk"]: r for r in rows}
    result = list(rows)
    for theme in programme.themes.filter(status=Theme.Status.ACTIVE).exclude(pk__in=counted):
        result.append({"pk": theme.pk, "name": theme.name, "slug": theme.slug, "n": 0})
    top = max((r["n"] for r in result), default=0) or 1
    for r in result:
        r["share"] = round(100 * r["n"] / top)
    return result
