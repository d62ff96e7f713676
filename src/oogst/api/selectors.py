"""What the API reads, always through `oogst.programme.access` and `oogst.harvest.access`, as
plain dicts for the schemas."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from oogst.codebook.models import Theme
from oogst.harvest.access import contributions_visible_to
from oogst.harvest.models import Contribution
from oogst.programme.access import programmes_visible_to, tables_visible_to


def contributions_for(
    user, *, programme: str | None = None, table: int | None = None, kind: str | None = None
):
    contributions = contributions_visible_to(user).select_related("programme", "table")
    if programme:
        contributions = contributions.filter(programme__slug=programme)
    if table:
        contributions = contributions.filter(table_id=table)
    if kind:
        contributions = contributions.filter(kind=kind)
    return contributions.prefetch_related(
        Prefetch("themes", queryset=Theme.objects.only("slug"))
    ).order_by("-created_at", "-id")


def contribution_dict(c: Contribution) -> dict:
    return {
        "id": c.pk,
        "programme": c.programme.slug,
        "table": c.table_id,
        "table_code": c.table.code if c.table_id else None,
        "channel": c.channel,
        "kind": c.kind,
        "text": c.text,
        "role_label": c.role_label,
        "is_quote": c.is_quote,
        "language": c.language,
        "moderation": c.moderation,
        "review_status": c.review_status,
        "themes": sorted(t.slug for t in c.themes.all()),
        "import_key": c.import_key,
        "created_at": c.created_at,
    }


def tables_for(user, *, programme: str | None = None, status: str | None = None):
    tables = tables_visible_to(user)
    if programme:
        tables = tables.filter(programme__slug=programme)
    if status:
        tables = tables.filter(status=status)
    visible = contributions_visible_to(user)
    return (
        tables.select_related("programme", "track", "municipality")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("slug")))
        .annotate(
            n_contributions=Count(
                "contributions", filter=Q(contributions__in=visible), distinct=True
            )
        )
        .order_by("programme__slug", "code")
    )


def table_dict(t) -> dict:
    return {
        "id": t.pk,
        "programme": t.programme.slug,
        "code": t.code,
        "name": t.name,
        "track": t.track.slug,
        "kind": t.kind,
        "mode": t.mode,
        "status": t.status,
        "municipality": t.municipality.name if t.municipality_id else None,
        "starts_at": t.starts_at,
        "themes": sorted(th.slug for th in t.themes.all()),
        "contributions": t.n_contributions,
    }


def themes_for(user, *, programme: str | None = None, status: str | None = None):
    themes = Theme.objects.filter(programme__in=programmes_visible_to(user))
    if programme:
        themes = themes.filter(programme__slug=programme)
    if status:
        themes = themes.filter(status=status)
    return themes.select_related("programme", "parent").order_by("programme__slug", "name")


def theme_dict(t: Theme) -> dict:
    return {
        "id": t.pk,
        "programme": t.programme.slug,
        "slug": t.slug,
        "name": t.name,
        "description": t.description,
        "parent": t.parent.slug if t.parent_id else None,
        "status": t.status,
    }
