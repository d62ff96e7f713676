"""Read endpoints for insights (/api/v1/insights): each with its evidence as ids and the
counts computed from it, scoped exactly as the web pages (`oogst.insights.access`): a
facilitator or host gets only the evidence of their own tables, counted over that."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema

from oogst.insights import access
from oogst.insights.models import Evidence, Insight
from oogst.insights.selectors.evidence import behind_for, spread
from oogst.insights.selectors.policy import accepted_ministries, accepted_tasks

from .schemas import MAX_ID, SLUG_PATTERN, Error

router = Router(tags=["inzichten"])


class FindingRef(Schema):
    run: int
    cluster: int


class EvidenceIds(Schema):
    contributions: list[int] = Field(..., description="direct gekoppelde bijdragen")
    quotes: list[int] = Field(..., description="bijdragen gekoppeld als citaat")
    findings: list[FindingRef] = Field(..., description="bevindingen: analyserun en cluster")
    themes: list[str] = Field(..., description="thema's (codes)")
    behind: list[int] = Field(
        ..., description="alle bijdragen erachter die u mag lezen, ook via bevinding of thema"
    )


class InsightCounts(Schema):
    contributions: int
    tables: int
    municipalities: int
    provinces: int
    tracks: int
    participants: int
    without_participant: int
    by_kind: dict[str, int]
    by_track: dict[str, int]
    by_age_band: dict[str, int]
    by_gender: dict[str, int]
    by_province: dict[str, int]
    by_education: dict[str, int]


class InsightOut(Schema):
    id: int
    programme: str
    title: str
    text: str
    type: str
    status: str
    parent: int | None
    ministries: list[str] = Field(..., description="vastgestelde ministeries (afkortingen)")
    recovery_tasks: list[int] = Field(..., description="vastgestelde herstelopgaven (ids)")
    evidence: EvidenceIds
    counts: InsightCounts


class InsightFilter(Schema):
    programme: str | None = Field(
        None, max_length=50, pattern=SLUG_PATTERN, description="programmacode"
    )


def insight_dict(user, insight: Insight) -> dict:
    contributions = behind_for(user, insight)
    readable = set(contributions.values_list("pk", flat=True))
    full = access.evidence_scope(user, insight) is None
    evidence = {"contributions": [], "quotes": [], "findings": [], "themes": []}
    for link in insight.evidence.select_related("theme").order_by("pk"):
        if link.kind == Evidence.Kind.CONTRIBUTION and link.contribution_id in readable:
            evidence["contributions"].append(link.contribution_id)
        elif link.kind == Evidence.Kind.QUOTE and link.contribution_id in readable:
            evidence["quotes"].append(link.contribution_id)
        elif link.kind == Evidence.Kind.FINDING and full:
            evidence["findings"].append({"run": link.run_id, "cluster": link.cluster})
        elif link.kind == Evidence.Kind.THEME and full:
            evidence["themes"].append(link.theme.slug)
    evidence["behind"] = sorted(readable)
    return {
        "id": insight.pk,
        "programme": insight.programme.slug,
        "title": insight.title,
        "text": insight.text,
        "type": insight.type,
        "status": insight.status,
        "parent": insight.parent_id,
        "ministries": accepted_ministries(insight),
        "recovery_tasks": sorted(pk for pk, _title in accepted_tasks(insight)),
        "evidence": evidence,
        "counts": spread(contributions, labels=False).figures(),
    }


@router.get("", response={200: list[InsightOut], 401: Error})
def list_insights(request, filters: Query[InsightFilter]):
    """Inzichten die je mag zien, met hun onderbouwing als ids en de tellingen daarvan."""
    insights = access.insights_visible_to(request.auth).select_related("programme")
    if filters.programme:
        insights = insights.filter(programme__slug=filters.programme)
    return [
        insight_dict(request.auth, i) for i in insights.order_by("programme__slug", "order", "pk")
    ]


@router.get("/{insight_id}", response={200: InsightOut, 401: Error, 404: Error})
def get_insight(request, insight_id: int = Path(..., ge=1, le=MAX_ID)):
    insight = get_object_or_404(
        access.insights_visible_to(request.auth).select_related("programme"), pk=insight_id
    )
    return insight_dict(request.auth, insight)
