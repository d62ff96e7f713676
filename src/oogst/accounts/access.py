"""Object-level access: which tables and contributions a user may see or edit.

Every view and API endpoint gets its querysets from here, so a facilitator's request for
another facilitator's table finds nothing (a 404), rather than finding it and hiding a button.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from oogst.harvest.models import Contribution, ThemeAssignment
from oogst.programme.models import Programme, Table

from .models import Role


def programmes_visible_to(user) -> QuerySet[Programme]:
    if not user.is_authenticated:
        return Programme.objects.none()
    if user.can_read_everything:
        return Programme.objects.all()
    return Programme.objects.filter(pk__in=tables_visible_to(user).values("programme"))


def tables_visible_to(user) -> QuerySet[Table]:
    tables = Table.objects.all()
    if not user.is_authenticated:
        return tables.none()
    if user.can_read_everything:
        return tables
    if user.role == Role.FACILITATOR:
        return tables.filter(facilitators=user).distinct()
    if user.role == Role.HOST:
        return tables.filter(host=user)
    if user.role == Role.LIAISON and user.ministry_id:
        return tables.filter(themes__ministries=user.ministry).distinct()
    return tables.none()


def tables_editable_by(user) -> QuerySet[Table]:
    """Facilitators record the harvest of their own tables; the programme team of all."""
    tables = Table.objects.all()
    if not user.is_authenticated:
        return tables.none()
    if user.is_programme_team:
        return tables
    if user.role == Role.FACILITATOR:
        return tables.filter(facilitators=user).distinct()
    return tables.none()


def contributions_visible_to(user) -> QuerySet[Contribution]:
    contributions = Contribution.objects.all()
    if not user.is_authenticated:
        return contributions.none()
    if user.can_read_everything:
        return contributions
    if user.role in (Role.FACILITATOR, Role.HOST):
        return contributions.filter(table__in=tables_visible_to(user))
    if user.role == Role.LIAISON and user.ministry_id:
        # Codes a person made or accepted; an analysis run's suggestions widen nothing.
        coded = ThemeAssignment.objects.filter(
            source=ThemeAssignment.Source.PERSON, theme__ministries=user.ministry
        ).values("contribution_id")
        return contributions.filter(
            Q(pk__in=coded) | Q(table__themes__ministries=user.ministry)
        ).distinct()
    return contributions.none()


def contributions_editable_by(user) -> QuerySet[Contribution]:
    contributions = Contribution.objects.all()
    if not user.is_authenticated:
        return contributions.none()
    if user.is_programme_team:
        return contributions
    if user.role == Role.FACILITATOR:
        return contributions.filter(table__in=tables_editable_by(user)).exclude(
            table__status=Table.Status.PROCESSED
        )
    return contributions.none()
