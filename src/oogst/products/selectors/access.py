"""Who may do what with products: the programme team makes them and scores the
afwegingskader; everyone else (observers, facilitators, hosts, liaisons, the public) is
refused."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from oogst.programme.models import Programme


def may_make_products(user) -> bool:
    return bool(user.is_authenticated and user.is_programme_team)


def programmes_for_products(user) -> QuerySet[Programme]:
    if not may_make_products(user):
        return Programme.objects.none()
    return Programme.objects.all()


def programme_for(user, slug: str) -> Programme:
    """The programme whose products this user works on: refused (403) for anyone outside the
    programme team, 404 for an unknown programme."""
    if not may_make_products(user):
        raise PermissionDenied
    return get_object_or_404(programmes_for_products(user), slug=slug)
