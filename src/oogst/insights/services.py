"""Changing insights: the one way in for every write (form, import, API, demo alike). Each
action records a version: who changed what, when, and the insight after it."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from .models import Evidence, Insight, InsightVersion, LinkState


def full_snapshot(insight: Insight) -> dict:
    """The insight after a change: its own fields, its evidence by kind and its accepted
    links to ministries (by code) and recovery tasks (by id)."""
    evidence: dict[str, list] = {kind: [] for kind in Evidence.Kind.values}
    for kind, contribution, run, cluster, theme in insight.evidence.order_by("pk").values_list(
        "kind", "contribution_id", "run_id", "cluster", "theme_id"
    ):
        if kind == Evidence.Kind.FINDING:
            evidence[kind].append([run, cluster])
        elif kind == Evidence.Kind.THEME:
            evidence[kind].append(theme)
        else:
            evidence[kind].append(contribution)
    return {
        **insight.snapshot(),
        "evidence": evidence,
        "ministries": sorted(
            insight.ministry_links.filter(state=LinkState.ACCEPTED).values_list(
                "ministry__code", flat=True
            )
        ),
        "recovery_tasks": sorted(
            insight.recovery_task_links.filter(state=LinkState.ACCEPTED).values_list(
                "recovery_task_id", flat=True
            )
        ),
    }


def record_version(
    insight: Insight, action: str, by=None, changed_fields=(), detail: dict | None = None
) -> InsightVersion:
    last = insight.versions.aggregate(n=Max("number"))["n"] or 0
    return InsightVersion.objects.create(
        insight=insight,
        number=last + 1,
        action=action,
        changed_fields=list(changed_fields),
        detail=detail or {},
        snapshot=full_snapshot(insight),
        changed_by=by if by is not None and by.is_authenticated else None,
    )


@transaction.atomic
def save_insight(insight: Insight, *, by=None) -> Insight:
    """Validate and save an insight's own fields, and record what changed (nothing is
    recorded when nothing did)."""
    created = insight.pk is None
    before = None
    if not created:
        before = Insight.objects.select_for_update().get(pk=insight.pk).snapshot()
    insight.full_clean()
    if created and insight.created_by_id is None and by is not None and by.is_authenticated:
        insight.created_by = by
    insight.save()
    if created:
        record_version(insight, InsightVersion.Action.CREATED, by)
        return insight
    after = insight.snapshot()
    changed = [field for field in after if after[field] != before[field]]
    if changed:
        record_version(insight, InsightVersion.Action.CHANGED, by, changed)
    return insight
