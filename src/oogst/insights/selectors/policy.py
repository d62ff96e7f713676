"""The policy mapping: the matrix of insights x ministries and x recovery tasks, and one
ministry's column as its liaison reads it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from oogst.analyses.models import AnalysisRun
from oogst.codebook.models import RecoveryTask, Theme
from oogst.directory.models import Ministry
from oogst.harvest.models import ThemeAssignment

from .. import access
from ..models import (
    Evidence,
    Insight,
    LiaisonComment,
    LinkState,
    MinistryLink,
    RecoveryTaskLink,
)
from .evidence import behind
from .similarity import task_similarity

# A ministry is proposed for an insight when at least this share of the contributions behind
# it is coded to one of the ministry's themes (or when a theme of the ministry is linked).
MINISTRY_SHARE = 0.25
# A recovery task is proposed when its text is at least this similar to the insight's, and
# not much less similar than the insight's best task; at most a few per insight.
TASK_SIMILARITY = 0.3
TASK_MARGIN = 0.1
TASKS_PER_INSIGHT = 3


def ministry_proposals(insight: Insight) -> dict[int, tuple[dict, float]]:
    """Ministry id -> (why, share) for the ministries whose themes point at the insight: a
    theme of theirs is linked, or at least MINISTRY_SHARE of the contributions behind it is
    coded to their themes (by anyone: this only proposes)."""
    contributions = behind(insight)
    total = contributions.count()
    linked_themes = set(
        insight.evidence.filter(kind=Evidence.Kind.THEME).values_list("theme_id", flat=True)
    )
    coded = ThemeAssignment.objects.filter(contribution__in=contributions.values("pk"))
    per_ministry: dict[int, dict] = {}
    rows = Theme.ministries.through.objects.filter(
        Q(theme__in=coded.values("theme_id")) | Q(theme_id__in=linked_themes)
    ).values_list("ministry_id", "theme_id", "theme__slug")
    for ministry_id, theme_id, slug in rows:
        entry = per_ministry.setdefault(ministry_id, {"themes": set(), "ids": set()})
        entry["themes"].add(slug)
        entry["ids"].add(theme_id)
    proposals = {}
    for ministry_id, entry in per_ministry.items():
        reached = (
            coded.filter(theme_id__in=entry["ids"]).values("contribution_id").distinct().count()
        )
        share = round(reached / total, 3) if total else 0.0
        if share >= MINISTRY_SHARE or entry["ids"] & linked_themes:
            proposals[ministry_id] = ({"themes": sorted(entry["themes"]), "share": share}, share)
    return proposals


def task_proposals(insights: list[Insight], tasks) -> dict[int, dict[int, tuple[dict, float]]]:
    """Per insight: recovery task id -> (why, similarity) for the tasks whose title and
    description are most like the insight's text and evidence (at least TASK_SIMILARITY,
    within TASK_MARGIN of its best task, at most TASKS_PER_INSIGHT)."""
    tasks = list(tasks.order_by("pk"))
    scores, embedder = task_similarity(insights, tasks)
    proposals: dict[int, dict[int, tuple[dict, float]]] = {}
    for n, insight in enumerate(insights):
        row = [round(float(s), 3) for s in scores[n]] if tasks else []
        best = max(row, default=0.0)
        ranked = sorted(range(len(row)), key=lambda k: -row[k])[:TASKS_PER_INSIGHT]
        proposals[insight.pk] = {
            tasks[k].pk: ({"similarity": row[k], "embedder": embedder}, row[k])
            for k in ranked
            if row[k] >= TASK_SIMILARITY and row[k] >= best - TASK_MARGIN
        }
    return proposals


def accepted_ministries(insight: Insight) -> list[str]:
    """The codes of the ministries a person linked to the insight, in order."""
    return sorted(
        insight.ministry_links.filter(state=LinkState.ACCEPTED).values_list(
            "ministry__code", flat=True
        )
    )


def accepted_tasks(insight: Insight) -> list[tuple[int, str]]:
    """(id, title) of the recovery tasks a person linked to the insight, by title."""
    return list(
        insight.recovery_task_links.filter(state=LinkState.ACCEPTED)
        .order_by("recovery_task__title", "recovery_task_id")
        .values_list("recovery_task_id", "recovery_task__title")
    )


def programme_insights(programme) -> QuerySet[Insight]:
    return programme.insights.select_related("parent", "programme").order_by("order", "pk")


@dataclass
class Row:
    insight: Insight
    cells: list  # one per column: (the ministry or task, its link or None)


def matrix(programme) -> dict:
    """Insights x the ministries, and insights x the programme's recovery tasks: in each cell
    the link (accepted, proposed or rejected), or None."""
    insights = list(programme_insights(programme))
    ministries = list(Ministry.objects.order_by("code"))
    tasks = list(
        RecoveryTask.objects.filter(programme=programme)
        .select_related("ministry")
        .order_by("ministry__code", "title")
    )
    by_ministry = {
        (link.insight_id, link.ministry_id): link
        for link in MinistryLink.objects.filter(insight__in=insights).select_related("ministry")
    }
    by_task = {
        (link.insight_id, link.recovery_task_id): link
        for link in RecoveryTaskLink.objects.filter(insight__in=insights).select_related(
            "recovery_task"
        )
    }
    return {
        "insights": insights,
        "ministries": ministries,
        "tasks": tasks,
        "ministry_rows": [
            Row(i, [(m, by_ministry.get((i.pk, m.pk))) for m in ministries]) for i in insights
        ],
        "task_rows": [Row(i, [(t, by_task.get((i.pk, t.pk))) for t in tasks]) for i in insights],
        "open_proposals": sum(
            1
            for link in (*by_ministry.values(), *by_task.values())
            if link.state == LinkState.PROPOSED
        ),
    }


@dataclass
class ColumnEntry:
    insight: Insight
    tasks: list[RecoveryTask] = field(default_factory=list)
    direct: bool = False  # linked to the ministry itself, not only through a task
    comments: list[LiaisonComment] = field(default_factory=list)


def ministries_for_column(user) -> QuerySet[Ministry]:
    """Whose column the user may open: a liaison their own ministry's; the programme team
    and observers every ministry's."""
    if not user.is_authenticated:
        return Ministry.objects.none()
    if user.can_read_everything:
        return Ministry.objects.order_by("code")
    if access.is_liaison(user):
        return Ministry.objects.filter(pk=user.ministry_id)
    return Ministry.objects.none()


def column(user, ministry: Ministry, programme) -> list[ColumnEntry]:
    """The insights in the ministry's column of one programme (as `user` may see them), each
    with the ministry's recovery tasks linked to it and the comments on it."""
    tasks_of = RecoveryTask.objects.filter(
        Q(ministry=ministry) | Q(involved_ministries=ministry), programme=programme
    ).distinct()
    insights = (
        access.insights_visible_to(user)
        .filter(programme=programme)
        .filter(pk__in=Insight.objects.filter(access.column_of(ministry)).values("pk"))
        .prefetch_related(
            Prefetch(
                "recovery_task_links",
                queryset=RecoveryTaskLink.objects.filter(
                    state=LinkState.ACCEPTED, recovery_task__in=tasks_of
                ).select_related("recovery_task__ministry"),
                to_attr="column_tasks",
            ),
            Prefetch(
                "comments",
                queryset=LiaisonComment.objects.filter(ministry=ministry).select_related("author"),
                to_attr="column_comments",
            ),
        )
        .order_by("order", "pk")
    )
    direct = set(
        MinistryLink.objects.filter(
            ministry=ministry, state=LinkState.ACCEPTED, insight__programme=programme
        ).values_list("insight_id", flat=True)
    )
    return [
        ColumnEntry(
            insight,
            [link.recovery_task for link in insight.column_tasks],
            insight.pk in direct,
            insight.column_comments,
        )
        for insight in insights
    ]


def findings_behind(user, insights: list[Insight]) -> list[tuple[AnalysisRun, dict, list]]:
    """The findings linked to these insights that the user may open: (run, cluster entry,
    the insights it backs), in the order of the runs and their clusters."""
    links = Evidence.objects.filter(
        kind=Evidence.Kind.FINDING,
        insight__in=insights,
        run__in=access.runs_readable_by(user),
    ).select_related("run", "insight")
    grouped: dict[tuple[int, int], tuple[AnalysisRun, list[Insight]]] = {}
    for link in links.order_by("run__number", "cluster"):
        grouped.setdefault((link.run_id, link.cluster), (link.run, []))[1].append(link.insight)
    found = []
    for (_run_id, cluster), (run, backed) in grouped.items():
        entry = next(
            (c for c in (run.summary or {}).get("clusters", []) if c["id"] == cluster),
            {"id": cluster, "label": "", "size": 0},
        )
        found.append((run, entry, backed))
    return found


def tasks_of_ministry(ministry: Ministry, programme, insights: list[Insight]) -> list[dict]:
    """The ministry's recovery tasks in the programme (owned or shared), each with the
    insights among `insights` a person linked to it."""
    tasks = (
        RecoveryTask.objects.filter(Q(ministry=ministry) | Q(involved_ministries=ministry))
        .filter(programme=programme)
        .select_related("ministry")
        .distinct()
        .order_by("title")
    )
    linked: dict[int, list[Insight]] = {}
    by_pk = {i.pk: i for i in insights}
    for task_id, insight_id in RecoveryTaskLink.objects.filter(
        state=LinkState.ACCEPTED, insight_id__in=list(by_pk), recovery_task__in=tasks
    ).values_list("recovery_task_id", "insight_id"):
        linked.setdefault(task_id, []).append(by_pk[insight_id])
    return [
        {"task": t, "owner": t.ministry_id == ministry.pk, "insights": linked.get(t.pk, [])}
        for t in tasks
    ]
