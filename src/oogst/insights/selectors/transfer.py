"""An insights file: every insight of a programme with its links and computed counts, as
`oogst insights export` writes it and `oogst insights import` reads it back."""

from __future__ import annotations

from django.utils import timezone

from ..models import Evidence
from .evidence import behind, spread
from .policy import accepted_ministries, accepted_tasks

FORMAT = "oogst-insights"
VERSION = 1


def export_programme(programme) -> dict:
    """Everything an insight is, by id; evidence as ids (contributions, quotes, findings as
    run and cluster, themes by code) and the counts computed from it, as the pages show them."""
    insights = []
    for insight in programme.insights.select_related("parent").order_by("order", "pk"):
        evidence = {"contributions": [], "quotes": [], "findings": [], "themes": []}
        for link in insight.evidence.select_related("run", "theme").order_by("pk"):
            if link.kind == Evidence.Kind.CONTRIBUTION:
                evidence["contributions"].append(link.contribution_id)
            elif link.kind == Evidence.Kind.QUOTE:
                evidence["quotes"].append(link.contribution_id)
            elif link.kind == Evidence.Kind.FINDING:
                evidence["findings"].append(
                    {
                        "run": link.run_id,
                        "run_number": link.run.number,
                        "cluster": link.cluster,
                        "label": _cluster_label(link.run, link.cluster),
                    }
                )
            else:
                evidence["themes"].append(link.theme.slug)
        contributions = behind(insight)
        insights.append(
            {
                "id": insight.pk,
                "title": insight.title,
                "text": insight.text,
                "type": insight.type,
                "status": insight.status,
                "parent": insight.parent_id,
                "order": insight.order,
                "ministries": accepted_ministries(insight),
                "recovery_tasks": [
                    {"id": task_id, "title": title} for task_id, title in accepted_tasks(insight)
                ],
                "evidence": evidence,
                # Every contribution behind the insight, its narrower insights' included.
                "contributions_behind": sorted(contributions.values_list("pk", flat=True)),
                "counts": spread(contributions, labels=False).figures(),
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "programme": programme.slug,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "insights": insights,
    }


def _cluster_label(run, cluster: int) -> str:
    for entry in (run.summary or {}).get("clusters", []):
        if entry["id"] == cluster:
            return entry.get("label", "")
    return ""
