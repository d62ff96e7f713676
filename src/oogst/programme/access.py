"""Object-level access to programmes and tables: which of them a user may see or edit.

Every view and API endpoint gets its querysets from here (and contributions from
`oogst.harvest.access`), so a facilitator's request for another facilitator's table finds
nothing (a 404), rather than finding it and hiding a button.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from oogst.accounts.models import Role, User

from .models import Programme, Table


def programmes_visible_to(user: User | AnonymousUser) -> QuerySet[Programme]:
    if not user.is_authenticated:
        return Programme.objects.none()
    if user.can_read_everything:
        return Programme.objects.all()
    return Programme.objects.filter(pk__in=tables_visible_to(user).values("programme"))


def tables_visible_to(user: User | AnonymousUser) -> QuerySet[Table]:
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


def tables_editable_by(user: User | AnonymousUser) -> QuerySet[Table]:
    """Facilitators record the harvest of their own tables; the programme team of all."""
    tables = Table.objects.all()
    if not user.is_authenticated:
        return tables.none()
    if user.is_programme_team:
        return tables
    if user.role == Role.FACILITATOR:
        return tables.filter(facilitators=user).distinct()
    return tables.none()
