"""Object-level access to contributions: which of them a user may see or edit.

Built on the table rules of `oogst.programme.access`: a facilitator or host reads the
contributions of the tables they may see, a ministry liaison what is linked to their ministry.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from oogst.accounts.models import Role, User
from oogst.programme.access import tables_editable_by, tables_visible_to
from oogst.programme.models import Table

from .models import Contribution, ThemeAssignment


def contributions_visible_to(user: User | AnonymousUser) -> QuerySet[Contribution]:
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


def contributions_editable_by(user: User | AnonymousUser) -> QuerySet[Contribution]:
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
