"""Reading an insights file back (`oogst insights import`): every problem is named with the
insight's place in the file and the reason before anything is written; then each insight is
put in place under its own id, in one transaction. Importing the same file twice changes
nothing the second time."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils.translation import gettext as _

from oogst.analyses.models import AnalysisRun
from oogst.codebook.models import RecoveryTask
from oogst.directory.models import Ministry
from oogst.harvest.models import Contribution

from . import services
from .models import Evidence, Insight
from .selectors.transfer import FORMAT, VERSION


class InsightsFileError(ValueError):
    """The file cannot be imported; `problems` names each reason (nothing was written)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    outcome: dict[int, str] = field(default_factory=dict)


def read_file(path: Path | str) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        message = _("%(path)s is niet te lezen: %(error)s") % {"path": path, "error": exc}
        raise InsightsFileError([message]) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        message = _("%(path)s is geen inzichtenbestand (format %(format)s).")
        raise InsightsFileError([message % {"path": path, "format": FORMAT}])
    if data.get("version") != VERSION:
        message = _(
            "Versie %(found)s van het inzichtenbestand wordt niet ondersteund (wel: %(v)s)."
        )
        raise InsightsFileError([message % {"found": data.get("version"), "v": VERSION}])
    if not isinstance(data.get("insights"), list):
        raise InsightsFileError([_("Het bestand heeft geen lijst ‘insights’.")])
    return data


def _ids(value) -> list[int] | None:
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value
    ):
        return None
    return value


class _Resolver:
    """Looks up what an insights file names, in the programme only."""

    def __init__(self, programme):
        self.programme = programme
        self.ministries = {m.code: m for m in Ministry.objects.all()}
        self.tasks = list(RecoveryTask.objects.filter(programme=programme))
        self.themes = {t.slug: t for t in programme.themes.all()}
        self.runs = {r.pk: r for r in AnalysisRun.objects.filter(programme=programme)}
        self.run_numbers = {r.number: r for r in self.runs.values()}
        self.elsewhere = set(
            Insight.objects.exclude(programme=programme).values_list("pk", flat=True)
        )
        self.here = set(programme.insights.values_list("pk", flat=True))

    def contributions(self, ids: list[int]) -> dict[int, Contribution]:
        return {c.pk: c for c in Contribution.objects.filter(programme=self.programme, pk__in=ids)}

    def task(self, value):
        if isinstance(value, dict):
            by_id = next((t for t in self.tasks if t.pk == value.get("id")), None)
            return by_id or next((t for t in self.tasks if t.title == value.get("title")), None)
        if isinstance(value, int):
            return next((t for t in self.tasks if t.pk == value), None)
        return next((t for t in self.tasks if t.title == value), None)

    def run(self, value: dict):
        run = self.runs.get(value.get("run"))
        return run or self.run_numbers.get(value.get("run_number"))


def check(programme, data: dict) -> list[services.ImportedInsight]:
    """Every insight of the file, resolved; or InsightsFileError with every problem."""
    resolve = _Resolver(programme)
    problems: list[str] = []
    items: list[services.ImportedInsight] = []
    seen: set[int] = set()
    contribution_ids = set()
    for item in data["insights"]:
        evidence = item.get("evidence") if isinstance(item, dict) else None
        for key in ("contributions", "quotes"):
            contribution_ids.update(_ids((evidence or {}).get(key, [])) or [])
    contributions = resolve.contributions(sorted(contribution_ids))

    for n, item in enumerate(data["insights"], 1):
        # Where in the file: its place, and its id once that is known.
        here = {"where": _("inzicht %(n)s") % {"n": n}}

        def problem(text: str, here=here) -> None:
            problems.append(f"{here['where']}: {text}")

        if not isinstance(item, dict):
            problem(_("geen object"))
            continue
        pk = item.get("id")
        if not isinstance(pk, int) or isinstance(pk, bool) or pk <= 0:
            problem(_("heeft geen geldig id (een positief geheel getal)"))
            continue
        here["where"] = _("inzicht %(n)s (id %(id)s)") % {"n": n, "id": pk}
        if pk in seen:
            problem(_("het id komt twee keer voor"))
        seen.add(pk)
        if pk in resolve.elsewhere:
            problem(_("dit id hoort bij een inzicht van een ander programma"))
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            problem(_("heeft geen titel"))
        if item.get("type") not in Insight.Type.values:
            problem(
                _("soort %(value)r bestaat niet (wel: %(choices)s)")
                % {"value": item.get("type"), "choices": ", ".join(Insight.Type.values)}
            )
        if item.get("status") not in Insight.Status.values:
            problem(
                _("status %(value)r bestaat niet (wel: %(choices)s)")
                % {"value": item.get("status"), "choices": ", ".join(Insight.Status.values)}
            )
        text = item.get("text", "")
        if not isinstance(text, str):
            problem(_("de tekst is geen tekst"))
        order = item.get("order", 0)
        if not isinstance(order, int) or isinstance(order, bool) or order < 0:
            problem(_("de volgorde is geen geheel getal van 0 of meer"))
        parent = item.get("parent")
        if parent is not None and not isinstance(parent, int):
            problem(_("het bredere inzicht (parent) is geen id"))
        spec = services.ImportedInsight(
            id=pk,
            title=title.strip() if isinstance(title, str) else "",
            text=text.strip() if isinstance(text, str) else "",
            type=item.get("type", ""),
            status=item.get("status", ""),
            parent_id=parent if isinstance(parent, int) else None,
            order=order if isinstance(order, int) else 0,
        )
        _check_evidence(item.get("evidence"), spec, resolve, contributions, problem)
        _check_links(item, spec, resolve, problem)
        items.append(spec)

    known = seen | resolve.here
    for spec in items:
        if spec.parent_id is not None and spec.parent_id not in known:
            problems.append(
                _("inzicht met id %(id)s: het bredere inzicht %(parent)s bestaat niet")
                % {"id": spec.id, "parent": spec.parent_id}
            )
    ordered = _parents_first(items, problems)
    if problems:
        raise InsightsFileError(problems)
    return ordered


def _check_evidence(evidence, spec, resolve, contributions, problem) -> None:
    if evidence is None:
        return
    if not isinstance(evidence, dict):
        problem(_("de onderbouwing (evidence) is geen object"))
        return
    kinds = (("contributions", Evidence.Kind.CONTRIBUTION), ("quotes", Evidence.Kind.QUOTE))
    for key, kind in kinds:
        ids = _ids(evidence.get(key, []))
        if ids is None:
            problem(_("%(key)s is geen lijst van bijdrage-ids") % {"key": key})
            continue
        for pk in ids:
            if pk not in contributions:
                problem(
                    _("bijdrage %(id)s bestaat niet in programma %(programme)s")
                    % {"id": pk, "programme": resolve.programme.slug}
                )
            else:
                spec.evidence.append(Evidence(kind=kind, contribution=contributions[pk]))
    findings = evidence.get("findings", [])
    if not isinstance(findings, list):
        problem(_("findings is geen lijst"))
        findings = []
    for finding in findings:
        run = resolve.run(finding) if isinstance(finding, dict) else None
        cluster = finding.get("cluster") if isinstance(finding, dict) else None
        if run is None:
            message = _("bevinding %(value)s: die analyserun bestaat niet in dit programma")
            problem(message % {"value": finding})
        elif not any(c["id"] == cluster for c in (run.summary or {}).get("clusters", [])):
            message = _("analyse %(run)s heeft geen bevinding %(cluster)s")
            problem(message % {"run": run.number, "cluster": cluster})
        else:
            spec.evidence.append(Evidence(kind=Evidence.Kind.FINDING, run=run, cluster=cluster))
    themes = evidence.get("themes", [])
    if not isinstance(themes, list):
        problem(_("themes is geen lijst"))
        themes = []
    for slug in themes:
        theme = resolve.themes.get(slug) if isinstance(slug, str) else None
        if theme is None:
            problem(_("thema %(slug)r bestaat niet in dit programma") % {"slug": slug})
        else:
            spec.evidence.append(Evidence(kind=Evidence.Kind.THEME, theme=theme))


def _check_links(item: dict, spec, resolve, problem) -> None:
    ministries = item.get("ministries", [])
    if not isinstance(ministries, list):
        problem(_("ministries is geen lijst"))
        ministries = []
    for code in ministries:
        ministry = resolve.ministries.get(code) if isinstance(code, str) else None
        if ministry is None:
            problem(_("ministerie %(code)r bestaat niet") % {"code": code})
        else:
            spec.ministries.append(ministry)
    tasks = item.get("recovery_tasks", [])
    if not isinstance(tasks, list):
        problem(_("recovery_tasks is geen lijst"))
        tasks = []
    for value in tasks:
        task = resolve.task(value)
        if task is None:
            problem(_("herstelopgave %(value)s bestaat niet in dit programma") % {"value": value})
        else:
            spec.recovery_tasks.append(task)


def _parents_first(items: list, problems: list[str]) -> list:
    """The insights in an order where each parent in the file comes before its children."""
    by_id = {spec.id: spec for spec in items}
    ordered, placed, visiting = [], set(), set()

    def place(spec) -> None:
        if spec.id in placed:
            return
        if spec.id in visiting:
            problems.append(
                _("inzicht met id %(id)s hangt (via andere) onder zichzelf") % {"id": spec.id}
            )
            return
        visiting.add(spec.id)
        parent = by_id.get(spec.parent_id)
        if parent is not None:
            place(parent)
        visiting.discard(spec.id)
        placed.add(spec.id)
        ordered.append(spec)

    for spec in items:
        place(spec)
    return ordered


def import_file(programme, data: dict, *, by=None) -> ImportReport:
    """Check the whole file, then write it in one transaction."""
    items = check(programme, data)
    report = ImportReport()
    with transaction.atomic():
        for spec in items:
            outcome = services.import_insight(programme, spec, by=by)
            report.outcome[spec.id] = outcome
            setattr(report, outcome, getattr(report, outcome) + 1)
        if report.created:
            # Insights came in under their own ids: the next new one must not take one.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Insight]):
                    cursor.execute(sql)
    return report
