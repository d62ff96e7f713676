"""Which programmes' runs a user may read, and in which they may start, cancel and review them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from oogst.accounts.models import User
from oogst.programme.access import programmes_visible_to
from oogst.programme.models import Programme

from ..models import AnalysisRun


def programmes_for_analysis(user: User | AnonymousUser) -> QuerySet[Programme]:
    """Programmes whose analyses the user may read: the programme team and observers."""
    if not user.is_authenticated or not user.can_read_everything:
        return Programme.objects.none()
    return programmes_visible_to(user)


def programmes_analysable_by(user: User | AnonymousUser) -> QuerySet[Programme]:
    """Programmes in which the user may start, cancel and review runs: the programme team."""
    if not user.is_authenticated or not user.is_programme_team:
        return Programme.objects.none()
    return programmes_visible_to(user)


def runs_visible_to(user: User | AnonymousUser) -> QuerySet[AnalysisRun]:
    return AnalysisRun.objects.filter(programme__in=programmes_for_analysis(user)).select_related(
        "programme", "created_by", "job"
    )


def runs_manageable_by(user: User | AnonymousUser) -> QuerySet[AnalysisRun]:
    return AnalysisRun.objects.filter(programme__in=programmes_analysable_by(user)).select_related(
        "programme", "created_by", "job"
    )
