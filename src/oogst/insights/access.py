"""Who may see and change insights, and which of an insight's evidence a user may read.

Built on the scoping of tables and contributions (`oogst.programme.access`,
`oogst.harvest.access`); this module is
the only place in the app that reads it, so a page or endpoint of this app asks here.

- The programme team changes insights; observers read them all.
- A facilitator or host sees the insights that rest on contributions of their own tables,
  and of the evidence only those contributions.
- A ministry liaison sees their ministry's column: the insights a person linked to the
  ministry, or to a recovery task it owns or shares. That link is a person's decision, so it
  opens the insight's evidence to them, in redacted text only. A proposal opens nothing.
- Everyone but the programme team reads evidence in its redacted form.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from oogst.accounts.models import Role
from oogst.analyses.models import AnalysisRun, Suggestion
from oogst.harvest import access as harvest_access
from oogst.harvest.models import Contribution, ThemeAssignment
from oogst.programme import access as programme_access
from oogst.programme.models import Programme

from .models import Evidence, Insight, LinkState

# Re-exported for the views and selectors of this app: one import of the lower scoping.
programmes_visible_to = programme_access.programmes_visible_to
contributions_visible_to = harvest_access.contributions_visible_to
tables_visible_to = programme_access.tables_visible_to


def is_liaison(user) -> bool:
    return user.is_authenticated and getattr(user, "role", "") == Role.LIAISON and user.ministry_id


def programmes_editable_by(user) -> QuerySet[Programme]:
    """Programmes whose insights the user may change: the programme team's."""
    if not user.is_authenticated or not user.is_programme_team:
        return Programme.objects.none()
    return programme_access.programmes_visible_to(user)


def column_of(ministry) -> Q:
    """Insights in a ministry's column: accepted links to it or to a task it owns or shares."""
    return Q(ministry_links__ministry=ministry, ministry_links__state=LinkState.ACCEPTED) | Q(
        recovery_task_links__state=LinkState.ACCEPTED,
        recovery_task_links__recovery_task__in=_tasks_of(ministry),
    )


def _tasks_of(ministry):
    from oogst.codebook.models import RecoveryTask

    return RecoveryTask.objects.filter(
        Q(ministry=ministry) | Q(involved_ministries=ministry)
    ).values("pk")


def _resting_on(contributions: QuerySet[Contribution]) -> Q:
    """Insights with evidence among these contributions: linked directly, as a member of a
    linked finding, or coded by a person to a linked theme."""
    finding_member = Suggestion.objects.filter(
        run=OuterRef("run"), cluster=OuterRef("cluster"), contribution__in=contributions
    )
    theme_member = ThemeAssignment.objects.filter(
        theme=OuterRef("theme"),
        source=ThemeAssignment.Source.PERSON,
        contribution__in=contributions,
    )
    evidence = Evidence.objects.filter(
        Q(contribution__in=contributions)
        | Q(kind=Evidence.Kind.FINDING) & Exists(finding_member)
        | Q(kind=Evidence.Kind.THEME) & Exists(theme_member)
    )
    return Q(pk__in=evidence.values("insight_id"))


def insights_visible_to(user) -> QuerySet[Insight]:
    insights = Insight.objects.all()
    if not user.is_authenticated:
        return insights.none()
    if user.can_read_everything:
        return insights.filter(programme__in=programme_access.programmes_visible_to(user))
    if is_liaison(user):
        return insights.filter(pk__in=Insight.objects.filter(column_of(user.ministry)).values("pk"))
    if user.role in (Role.FACILITATOR, Role.HOST):
        return insights.filter(_resting_on(harvest_access.contributions_visible_to(user)))
    return insights.none()


def insights_editable_by(user) -> QuerySet[Insight]:
    return Insight.objects.filter(programme__in=programmes_editable_by(user))


def evidence_scope(user, insight: Insight) -> QuerySet[Contribution] | None:
    """The contributions of `insight`'s evidence this user may read, as a restriction:
    None when they may read all of it (the programme team, observers, and a liaison for an
    insight in their column); otherwise the contributions they may see anyway."""
    if user.can_read_everything:
        return None
    if is_liaison(user) and insights_visible_to(user).filter(pk=insight.pk).exists():
        return None
    return harvest_access.contributions_visible_to(user)


def reads_raw_text(user) -> bool:
    """Only the programme team reads evidence as it was written; others its redacted form."""
    return user.is_authenticated and user.is_programme_team


def runs_readable_by(user) -> QuerySet[AnalysisRun]:
    """Runs whose findings the user may open: all runs for the programme team and observers;
    for a liaison, the runs with a finding behind an insight in their column."""
    if not user.is_authenticated:
        return AnalysisRun.objects.none()
    if user.can_read_everything:
        return AnalysisRun.objects.filter(
            programme__in=programme_access.programmes_visible_to(user)
        )
    if is_liaison(user):
        behind = Evidence.objects.filter(
            kind=Evidence.Kind.FINDING, insight__in=insights_visible_to(user)
        ).values("run_id")
        return AnalysisRun.objects.filter(pk__in=behind)
    return AnalysisRun.objects.none()


def may_read_finding(user, run: AnalysisRun, cluster: int) -> bool:
    if user.can_read_everything:
        return runs_readable_by(user).filter(pk=run.pk).exists()
    if is_liaison(user):
        return Evidence.objects.filter(
            kind=Evidence.Kind.FINDING,
            run=run,
            cluster=cluster,
            insight__in=insights_visible_to(user),
        ).exists()
    return False


def may_comment(user, insight: Insight) -> bool:
    """A liaison responds, for their ministry, to an insight in their column."""
    return bool(is_liaison(user)) and insights_visible_to(user).filter(pk=insight.pk).exists()
