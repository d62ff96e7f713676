"""The JSON API (/api/v1/): token authentication, and the same object-level access as the UI.

Endpoints parse, authorise through `oogst.programme.access` and `oogst.harvest.access` and
answer; what they read comes from `selectors`, what they write goes through `services`. A
request for something the token's user may not see is a 404, exactly as in the web interface.
"""

from __future__ import annotations

import math

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query, Status
from ninja.security import HttpBearer

from oogst.harvest.importing import ConcurrentImportError
from oogst.programme.access import programmes_visible_to
from oogst.safeguards.services import audit_raw_text

from . import selectors, services
from .schemas import (
    MAX_ID,
    BulkIn,
    BulkOut,
    ContributionCreate,
    ContributionFilter,
    ContributionOut,
    ContributionPage,
    CreateError,
    Error,
    TableFilter,
    TableOut,
    ThemeFilter,
    ThemeOut,
)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; a token made with `oogst api_token` or in the admin."""

    def authenticate(self, request, token):
        user = services.user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Oogst API",
    version="1",
    description=(
        "Bijdragen, tafels en thema's van een maatschappelijke dialoog. Authenticatie met een "
        "API-sleutel (`Authorization: Bearer …`); je ziet precies wat je in de webinterface ziet."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
)

UNAUTHORISED = {401: Error}


def _visible_programme(user, slug: str):
    return get_object_or_404(programmes_visible_to(user), slug=slug)


@api.get("/contributions", response={200: ContributionPage, **UNAUTHORISED}, tags=["bijdragen"])
def list_contributions(request, filters: Query[ContributionFilter]):
    """Bijdragen die je mag zien, nieuwste eerst, per pagina."""
    contributions = selectors.contributions_for(
        request.auth, programme=filters.programme, table=filters.table, kind=filters.kind
    )
    count = contributions.count()
    start = (filters.page - 1) * filters.page_size
    results = [
        selectors.contribution_dict(c) for c in contributions[start : start + filters.page_size]
    ]
    if results:
        programme = (
            programmes_visible_to(request.auth).filter(slug=filters.programme).first()
            if filters.programme
            else None
        )
        audit_raw_text(request.auth, "api", len(results), programme=programme)
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": max(1, math.ceil(count / filters.page_size)),
        "results": results,
    }


@api.post(
    "/contributions",
    response={
        201: ContributionOut,
        403: Error,
        404: Error,
        409: CreateError,
        422: CreateError,
        **UNAUTHORISED,
    },
    tags=["bijdragen"],
)
def create_contribution(request, payload: ContributionCreate):
    """Eén bijdrage toevoegen, met dezelfde controles als de bestandsimport."""
    programme = _visible_programme(request.auth, payload.programme)
    if not services.can_write_contributions(request.auth, programme):
        return Status(403, {"detail": _("Je mag in dit programma geen bijdragen toevoegen.")})
    item = payload.dict(exclude={"programme"})
    result = services.create_contributions(request.auth, programme, [item], strict=True)
    outcome = result.items[0]
    if outcome.status == "created":
        contribution = selectors.contributions_for(request.auth).get(pk=outcome.id)
        return Status(201, selectors.contribution_dict(contribution))
    if outcome.status == "already_imported":
        return Status(
            409,
            {
                "detail": _("Deze bijdrage is er al."),
                "reason": outcome.reason,
                "id": outcome.id,
            },
        )
    return Status(
        422, {"detail": _("De bijdrage is niet opgeslagen."), "reason": outcome.reason, "id": None}
    )


@api.post(
    "/contributions/bulk",
    response={200: BulkOut, 403: Error, 404: Error, 409: Error, 422: BulkOut, **UNAUTHORISED},
    tags=["bijdragen"],
)
def bulk_create_contributions(request, payload: BulkIn):
    """Tot 500 bijdragen in één transactie. Elk item wordt gecontroleerd als een rij van de
    bestandsimport; het antwoord zegt per item (index) wat ermee gebeurde en waarom. Wat er al
    is (zelfde external_id, of zelfde tekst) wordt niet nog eens toegevoegd. Met `strict` wordt
    niets opgeslagen zodra één item fout is (422). Schreef een andere aanvraag tegelijk dezelfde
    bijdragen, dan is er niets opgeslagen en kan het opnieuw (409)."""
    programme = _visible_programme(request.auth, payload.programme)
    if not services.can_write_contributions(request.auth, programme):
        return Status(403, {"detail": _("Je mag in dit programma geen bijdragen toevoegen.")})
    items = [item.dict() for item in payload.items]
    try:
        result = services.create_contributions(
            request.auth, programme, items, strict=payload.strict
        )
    except ConcurrentImportError as exc:  # nothing was written: the client may simply retry
        return Status(409, {"detail": str(exc)})
    body = {
        "added": result.added,
        "already_imported": result.already_imported,
        "duplicates": result.duplicates,
        "errors": result.errors,
        "strict": result.strict,
        "items": [vars(item) for item in result.items],
    }
    return Status(422 if payload.strict and result.errors else 200, body)


@api.get(
    "/contributions/{contribution_id}",
    response={200: ContributionOut, 404: Error, **UNAUTHORISED},
    tags=["bijdragen"],
)
def get_contribution(request, contribution_id: int = Path(..., ge=1, le=MAX_ID)):
    contribution = get_object_or_404(selectors.contributions_for(request.auth), pk=contribution_id)
    audit_raw_text(request.auth, "api", 1, contribution=contribution)
    return selectors.contribution_dict(contribution)


@api.get("/tables", response={200: list[TableOut], **UNAUTHORISED}, tags=["tafels"])
def list_tables(request, filters: Query[TableFilter]):
    """Tafels die je mag zien."""
    return [
        selectors.table_dict(t)
        for t in selectors.tables_for(
            request.auth, programme=filters.programme, status=filters.status
        )
    ]


@api.get(
    "/tables/{table_id}", response={200: TableOut, 404: Error, **UNAUTHORISED}, tags=["tafels"]
)
def get_table(request, table_id: int = Path(..., ge=1, le=MAX_ID)):
    return selectors.table_dict(get_object_or_404(selectors.tables_for(request.auth), pk=table_id))


@api.get("/themes", response={200: list[ThemeOut], **UNAUTHORISED}, tags=["thema's"])
def list_themes(request, filters: Query[ThemeFilter]):
    """Thema's (het codeboek) van de programma's die je mag zien."""
    return [
        selectors.theme_dict(t)
        for t in selectors.themes_for(
            request.auth, programme=filters.programme, status=filters.status
        )
    ]
