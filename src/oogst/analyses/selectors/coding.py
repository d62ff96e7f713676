"""The codebook and people's codes as a run sees them: the active themes, and the analysts'
own codes."""

from __future__ import annotations

from django.db.models import QuerySet

from oogst.codebook.models import Theme
from oogst.harvest.models import ThemeAssignment
from oogst.programme.models import Programme


def active_themes(programme: Programme) -> QuerySet[Theme]:
    return (
        programme.themes.filter(status=Theme.Status.ACTIVE)
        .select_related("parent")
        .order_by("slug")
    )


def theme_choices(programme: Programme) -> list[tuple[str, str]]:
    return [(t.slug, t.name) for t in active_themes(programme).order_by("name")]


def active_person_codes(programme: Programme) -> QuerySet[ThemeAssignment]:
    """The analysts' own codes on the programme's active themes."""
    return ThemeAssignment.objects.filter(
        source=ThemeAssignment.Source.PERSON,
        contribution__programme=programme,
        theme__status=Theme.Status.ACTIVE,
    )


def person_coded(programme: Programme) -> set[int]:
    """Ids of the programme's contributions that have an analyst's own codes on an active
    theme (a code on a retired theme leaves the contribution to be coded again)."""
    return set(
        active_person_codes(programme)
        .values_list("contribution_id", flat=True)
        .distinct()
        .iterator(chunk_size=5000)
    )


def person_codes(contribution_ids: list[int]) -> dict[int, list[str]]:
    """Theme slugs that people coded, per contribution."""
    codes: dict[int, list[str]] = {}
    rows = (
        ThemeAssignment.objects.filter(
            contribution_id__in=contribution_ids, source=ThemeAssignment.Source.PERSON
        )
        .order_by("theme__name")
        .values_list("contribution_id", "theme__slug")
    )
    for contribution_id, slug in rows:
        codes.setdefault(contribution_id, []).append(slug)
    return codes
