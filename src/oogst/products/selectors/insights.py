"""Reading insights for the products, from the insights' own models (the insights app owns
changing them): the contributions behind each one, its themes, its accepted links to
ministries and recovery tasks, and its latest version."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Max

from oogst.analyses.models import Suggestion
from oogst.harvest.models import ThemeAssignment
from oogst.insights.models import (
    Evidence,
    Insight,
    LinkState,
    MinistryLink,
    RecoveryTaskLink,
)
from oogst.programme.models import Programme

# An insight concerns a theme it names as evidence, or one that at least this share of the
# contributions behind it were coded to by a person.
THEME_SHARE = 0.25


@dataclass
class InsightFacts:
    insight: Insight
    number: int  # its number in the product (1, 2, ...)
    version: int
    contributions: list[int]  # every contribution behind it, chosen quotes first
    chosen_quotes: list[int]
    themes: list[int] = field(default_factory=list)  # theme ids
    ministries: list[str] = field(default_factory=list)  # codes, accepted links only
    recovery_tasks: list[int] = field(default_factory=list)  # ids, accepted links only
    tables: int = 0


def programme_insights(programme: Programme) -> list[Insight]:
    return list(programme.insights.select_related("parent").order_by("order", "pk"))


def _narrower(insights: list[Insight]) -> dict[int, list[int]]:
    """Each insight with the ids of itself and every insight below it."""
    children = defaultdict(list)
    for insight in insights:
        if insight.parent_id:
            children[insight.parent_id].append(insight.pk)
    reach = {}
    for insight in insights:
        seen, todo = [], [insight.pk]
        while todo:
            current = todo.pop(0)
            if current in seen:
                continue
            seen.append(current)
            todo.extend(children[current])
        reach[insight.pk] = seen
    return reach


def evidence_contributions(insights: list[Insight]) -> dict[int, tuple[list[int], list[int]]]:
    """Per insight (with its narrower ones): (all contributions behind it, the ones chosen as
    its quotes), each in a stable order."""
    own: dict[int, list[int]] = defaultdict(list)
    chosen: dict[int, list[int]] = defaultdict(list)
    evidence = Evidence.objects.filter(insight__in=insights).order_by("pk")
    theme_ids = {e.theme_id for e in evidence if e.kind == Evidence.Kind.THEME}
    themed: dict[int, list[int]] = defaultdict(list)
    for theme_id, contribution_id in (
        ThemeAssignment.objects.filter(theme_id__in=theme_ids, source=ThemeAssignment.Source.PERSON)
        .order_by("contribution_id")
        .values_list("theme_id", "contribution_id")
    ):
        themed[theme_id].append(contribution_id)
    findings = {(e.run_id, e.cluster) for e in evidence if e.kind == Evidence.Kind.FINDING}
    members: dict[tuple[int, int], list[int]] = defaultdict(list)
    for run_id, cluster in findings:
        members[(run_id, cluster)] = list(
            Suggestion.objects.filter(run_id=run_id, cluster=cluster)
            .order_by("contribution_id")
            .values_list("contribution_id", flat=True)
        )
    for e in evidence:
        if e.kind == Evidence.Kind.QUOTE:
            chosen[e.insight_id].append(e.contribution_id)
            own[e.insight_id].append(e.contribution_id)
        elif e.kind == Evidence.Kind.CONTRIBUTION:
            own[e.insight_id].append(e.contribution_id)
        elif e.kind == Evidence.Kind.THEME:
            own[e.insight_id].extend(themed[e.theme_id])
        else:
            own[e.insight_id].extend(members[(e.run_id, e.cluster)])
    reach = _narrower(insights)
    result = {}
    for insight in insights:
        ids: list[int] = []
        picks: list[int] = []
        for pk in reach[insight.pk]:
            picks.extend(chosen[pk])
            ids.extend(own[pk])
        picks = list(dict.fromkeys(picks))
        result[insight.pk] = (list(dict.fromkeys(picks + ids)), picks)
    return result


def insight_facts(programme: Programme) -> list[InsightFacts]:
    insights = programme_insights(programme)
    if not insights:
        return []
    behind = evidence_contributions(insights)
    versions = dict(
        Insight.objects.filter(pk__in=[i.pk for i in insights])
        .annotate(v=Max("versions__number"))
        .values_list("pk", "v")
    )
    all_ids = {c for ids, _ in behind.values() for c in ids}
    coded: dict[int, set[int]] = defaultdict(set)
    for contribution_id, theme_id in ThemeAssignment.objects.filter(
        contribution_id__in=all_ids, source=ThemeAssignment.Source.PERSON
    ).values_list("contribution_id", "theme_id"):
        coded[contribution_id].add(theme_id)
    tables = dict(programme.contributions.filter(pk__in=all_ids).values_list("pk", "table_id"))
    named_themes: dict[int, set[int]] = defaultdict(set)
    for insight_id, theme_id in Evidence.objects.filter(
        insight__in=insights, kind=Evidence.Kind.THEME
    ).values_list("insight_id", "theme_id"):
        named_themes[insight_id].add(theme_id)
    ministries: dict[int, list[str]] = defaultdict(list)
    for insight_id, code in (
        MinistryLink.objects.filter(insight__in=insights, state=LinkState.ACCEPTED)
        .order_by("ministry__code")
        .values_list("insight_id", "ministry__code")
    ):
        ministries[insight_id].append(code)
    tasks: dict[int, list[int]] = defaultdict(list)
    for insight_id, task_id in (
        RecoveryTaskLink.objects.filter(insight__in=insights, state=LinkState.ACCEPTED)
        .order_by("recovery_task_id")
        .values_list("insight_id", "recovery_task_id")
    ):
        tasks[insight_id].append(task_id)
    facts = []
    for number, insight in enumerate(insights, start=1):
        ids, picks = behind[insight.pk]
        counts = Counter(t for c in ids for t in coded[c])
        themes = set(named_themes[insight.pk]) | {
            t for t, n in counts.items() if n >= 2 and n >= THEME_SHARE * len(ids)
        }
        facts.append(
            InsightFacts(
                insight=insight,
                number=number,
                version=versions.get(insight.pk) or 0,
                contributions=ids,
                chosen_quotes=picks,
                themes=sorted(themes),
                ministries=ministries[insight.pk],
                recovery_tasks=tasks[insight.pk],
                tables=len({tables[c] for c in ids if tables.get(c)}),
            )
        )
    return facts
