"""What is new since the previous memo: between a date (or the end of an earlier analysis
run) and now. New and grown insights, new themes, themes that grew, emerging topics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from oogst.analyses.models import AnalysisRun
from oogst.codebook.models import ThemeChange
from oogst.harvest.models import ThemeAssignment
from oogst.insights.models import Evidence
from oogst.programme.models import Programme

from .figures import counted_contributions
from .frame import latest_run


@dataclass
class Changes:
    since: dt.datetime
    since_label: str  # "12 mei 2026" or "Analyse 3"
    since_run: AnalysisRun | None
    current_run: AnalysisRun | None
    new_contributions: int = 0
    new_insights: list[tuple[int, str]] = field(default_factory=list)  # (id, title)
    grown_insights: list[tuple[int, str, int]] = field(default_factory=list)  # + evidence
    new_themes: list[str] = field(default_factory=list)
    grown_themes: list[tuple[str, int]] = field(default_factory=list)  # (name, + coded)
    emerging: list[dict] = field(default_factory=list)  # {"name", "size", "new": bool}

    @property
    def anything(self) -> bool:
        return bool(
            self.new_contributions
            or self.new_insights
            or self.grown_insights
            or self.new_themes
            or self.emerging
        )


def _cutoff(since_date: dt.date | None, since_run: AnalysisRun | None) -> dt.datetime:
    if since_run is not None:
        return since_run.finished_at or since_run.created_at
    assert since_date is not None
    return timezone.make_aware(dt.datetime.combine(since_date, dt.time.min))


def _emerging_names(run: AnalysisRun | None) -> list[dict]:
    return list((run.summary or {}).get("emerging") or []) if run else []


def changes_since(
    programme: Programme,
    *,
    since_date: dt.date | None = None,
    since_run: AnalysisRun | None = None,
    label: str = "",
) -> Changes:
    if since_date is None and since_run is None:
        raise ValueError("a date or an analysis run to compare with")
    cutoff = _cutoff(since_date, since_run)
    current = latest_run(programme)
    changes = Changes(cutoff, label, since_run, current)
    changes.new_contributions = (
        counted_contributions(programme).filter(created_at__gt=cutoff).count()
    )
    insights = programme.insights.all()
    changes.new_insights = list(
        insights.filter(created_at__gt=cutoff).order_by("order", "pk").values_list("pk", "title")
    )
    new_ids = {pk for pk, _title in changes.new_insights}
    grown = (
        Evidence.objects.filter(insight__in=insights, added_at__gt=cutoff)
        .exclude(insight_id__in=new_ids)
        .values("insight_id", "insight__title")
        .annotate(n=Count("id"))
        .order_by("-n", "insight_id")
    )
    changes.grown_insights = [(g["insight_id"], g["insight__title"], g["n"]) for g in grown]
    changes.new_themes = list(
        ThemeChange.objects.filter(
            theme__programme=programme, action="created", changed_at__gt=cutoff
        )
        .order_by("theme__name")
        .values_list("theme__name", flat=True)
        .distinct()
    )
    coded = (
        ThemeAssignment.objects.filter(
            theme__programme=programme,
            source=ThemeAssignment.Source.PERSON,
            assigned_at__gt=cutoff,
        )
        .values("theme__name")
        .annotate(n=Count("contribution", distinct=True))
        .order_by("-n", "theme__name")
    )
    changes.grown_themes = [(row["theme__name"], row["n"]) for row in coded if row["n"]]
    if current is not None and (since_run is None or current.pk != since_run.pk):
        earlier = {tuple(e.get("keywords", [])[:3]) for e in _emerging_names(since_run)}
        ran_after = since_run is not None or (current.finished_at or current.created_at) > cutoff
        if ran_after:
            changes.emerging = [
                {
                    "name": e.get("name", ""),
                    "size": e.get("size", 0),
                    "new": tuple(e.get("keywords", [])[:3]) not in earlier,
                }
                for e in _emerging_names(current)
            ]
    return changes


def run_choices(programme: Programme):
    return AnalysisRun.objects.filter(programme=programme, status=AnalysisRun.Status.DONE).filter(
        ~Q(summary=None)
    )
