"""A finished run's report and analysis.json as they may leave the system today (re-rendered
with the texts and consent of now)."""

from __future__ import annotations

import json
from pathlib import Path

from django.db.models import TextChoices
from django.utils import translation

from oogst.harvest.models import Contribution
from oogst.participants.models import Education, Gender

from ..models import AnalysisRun
from .run_input import analysis_records

# The demographic columns whose blind-spot groups are stored values with a label for people.
GROUP_CHOICES: dict[str, type[TextChoices]] = {"gender": Gender, "education": Education}


def with_group_words(analysis: dict, language: str) -> dict:
    """The analysis with each blind spot's group in words in the report's language ("vrouw",
    not the stored "woman"), for a report that people read; the stored result keeps values."""

    def in_words(spot: dict) -> dict:
        choices = GROUP_CHOICES.get(spot.get("column", ""))
        if choices is None or spot.get("group") not in choices.values:
            return spot
        return {**spot, "group": str(choices(spot["group"]).label).lower()}

    with translation.override(language):
        spots = [in_words(spot) for spot in analysis.get("blind_spots") or []]
    return {**analysis, "blind_spots": spots} if spots else analysis


def _named_records(run: AnalysisRun) -> list[dict]:
    """The records of the contributions a run's result quotes or extracts from, as they are
    now (texts, consent, withdrawal)."""
    summary = run.summary or {}
    ids: set[str] = set()
    for group in (*summary.get("clusters", []), *summary.get("themes", [])):
        ids.update(str(q) for q in group.get("quotes", []))
        ids.update(str(q) for q in group.get("summary_sources", []) or [])
    for conversation in summary.get("opinion", []) or []:
        for entry in (*conversation["consensus"], *conversation["divisive"]):
            ids.add(str(entry["statement"]))
    return analysis_records(
        Contribution.objects.filter(
            programme=run.programme, pk__in=[int(i) for i in ids if i.isdigit()]
        )
    )


def run_report(run: AnalysisRun) -> str:
    """A finished run's report as it may leave the system today: rendered from the stored
    result with the texts and consent of now, so a participant who withdrew or took back
    consent after the run is not in it (the report.html written at the run stays as the
    record of what the run produced)."""
    from oogst.analysis import render_report

    language = (run.settings or {}).get("report_language", "nl")
    with translation.override(language):
        title = str(run)
    summary = with_group_words(run.summary or {}, language)
    return render_report(summary, _named_records(run), title=title, language=language)


def run_analysis_json(run: AnalysisRun, stored: Path) -> str:
    """A finished run's analysis.json as it may leave the system today: the stored file (its
    contributions: ids, themes, scores, no text) with the words of anyone who may no longer
    be quoted taken out of the theme summaries and finding descriptions, as in the report."""
    from oogst.analysis import withhold_unquotable

    with stored.open(encoding="utf-8") as handle:
        analysis = json.load(handle)
    return json.dumps(
        withhold_unquotable(analysis, _named_records(run)), ensure_ascii=False, indent=1
    )
