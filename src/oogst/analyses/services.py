"""Writing analysis runs: start and cancel one, the background job that runs the library,
storing its results, and the analyst's review of its suggestions."""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from oogst.codebook.models import Theme
from oogst.harvest.models import Contribution, Kind, ReviewStatus, ThemeAssignment
from oogst.programme.models import Programme
from oogst.safeguards.services import redact_missing
from oogst.tasks import JobCancelled, enqueue
from oogst.tasks.runner import cancel_queued, retry_busy

from .models import AnalysisRun, Suggestion
from .selectors import coding, outputs, review_queue, run_input

logger = logging.getLogger(__name__)

# Share of the progress bar per library step (embedding is the long one), then storing.
STEP_WEIGHTS = {
    "redact": 4,
    "embed": 41,
    "code": 15,
    "kind": 8,
    "cluster": 14,
    "quotes": 5,
    "gaps": 2,
    "summaries": 5,
    "opinion": 2,
    "store": 4,
}
PROGRESS_INTERVAL = 0.5  # seconds between progress writes (and cancel checks)


class RunCancelled(Exception):  # noqa: N818 — a request to stop, raised through the library
    pass


# -- starting and cancelling ---------------------------------------------------------------


class RunAlreadyActive(Exception):  # noqa: N818 — not an error: the run the user asked for
    """The same run (programme, filter and settings) is queued or running already."""

    def __init__(self, run: AnalysisRun) -> None:
        super().__init__(run.pk)
        self.run = run


def start_run(
    programme: Programme, user, filters: dict, settings: dict, title: str = ""
) -> AnalysisRun:
    """Queue an analysis run of the programme's contributions that match `filters`.

    Raises RunAlreadyActive when the same run is queued or running already: a second click
    on "start", or a colleague a moment earlier, does not queue the same work twice."""
    if not coding.active_themes(programme).exists():
        raise ValidationError(_("Het codeboek van dit programma heeft nog geen actieve thema's."))
    if not run_input.contributions_for_run(programme, filters).exists():
        raise ValidationError(_("Met dit filter is er geen enkele bijdrage om te analyseren."))
    # The report file is written once, in the language of whoever started it.
    settings = {**settings, "report_language": _report_language()}
    for _attempt in range(3):
        try:
            with transaction.atomic():
                # One start at a time per programme (PostgreSQL; SQLite writes one at a time).
                Programme.objects.select_for_update().filter(pk=programme.pk).first()
                for active in programme.analysis_runs.filter(status__in=AnalysisRun.ACTIVE):
                    if active.filters == filters and active.settings == settings:
                        raise RunAlreadyActive(active)
                number = (programme.analysis_runs.aggregate(n=Max("number"))["n"] or 0) + 1
                run = AnalysisRun.objects.create(
                    programme=programme,
                    number=number,
                    title=title,
                    filters=filters,
                    settings=settings,
                    created_by=user,
                )
                job_id = enqueue("oogst.analyses.services.execute_run", run.pk)
                AnalysisRun.objects.filter(pk=run.pk).update(job_id=job_id)
            break
        except IntegrityError:  # two analysts started a run at the same moment: next number
            continue
    else:
        raise ValidationError(_("De analyse kon niet worden gestart; probeer het opnieuw."))
    run.refresh_from_db()
    return run


def _report_language() -> str:
    return "en" if (translation.get_language() or "nl").startswith("en") else "nl"


def cancel_run(run: AnalysisRun) -> AnalysisRun:
    """Ask a run to stop. A queued run stops at once; a running one at its next progress step."""
    AnalysisRun.objects.filter(pk=run.pk, status__in=AnalysisRun.ACTIVE).update(
        cancel_requested=True
    )
    run.refresh_from_db()
    if run.status == AnalysisRun.Status.QUEUED and (
        run.job_id is None or cancel_queued(run.job_id)
    ):
        _end(run.pk, AnalysisRun.Status.CANCELLED)
        run.refresh_from_db()
    return run


def _end(run_id: int, status: str, error: str = "", **fields) -> int:
    return retry_busy(
        lambda: AnalysisRun.objects.filter(pk=run_id, status__in=AnalysisRun.ACTIVE).update(
            status=status, error=error, finished_at=timezone.now(), **fields
        )
    )


def fail_runs_of_failed_job(sender, job, **kwargs) -> None:
    """A job that died (or failed outside our hands) takes its run with it."""
    message = _("De achtergrondtaak is afgebroken: %(error)s") % {
        "error": (job.error or "").strip().splitlines()[-1] if job.error else "?"
    }
    for run_id in AnalysisRun.objects.filter(job=job, status__in=AnalysisRun.ACTIVE).values_list(
        "pk", flat=True
    ):
        _end(run_id, AnalysisRun.Status.FAILED, message)


# -- the background job --------------------------------------------------------------------


class ProgressReporter:
    """The library's `progress(step, done, total)`: writes the run's progress now and then,
    and raises `RunCancelled` when an analyst asked the run to stop."""

    def __init__(self, run_id: int, interval: float = PROGRESS_INTERVAL) -> None:
        self.run_id = run_id
        self.interval = interval
        self.last_write = 0.0
        self.last_step = ""

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        finished_step = total and done >= total
        if step == self.last_step and not finished_step and now - self.last_write < self.interval:
            return
        self.last_step, self.last_write = step, now
        if retry_busy(AnalysisRun.objects.filter(pk=self.run_id, cancel_requested=True).exists):
            raise RunCancelled()
        retry_busy(
            lambda: AnalysisRun.objects.filter(pk=self.run_id).update(
                step=step,
                step_done=max(0, done),
                step_total=max(0, total),
                percentage=percentage(step, done, total),
            )
        )


def percentage(step: str, done: int, total: int) -> int:
    before = 0
    for name, weight in STEP_WEIGHTS.items():
        if name == step:
            part = weight * (min(done, total) / total if total else 1)
            return min(100, int(before + part))
        before += weight
    return min(100, before)


def embedding_cache_dir() -> Path:
    """`OOGST_CACHE_DIR` when it is set, as for `oogst analyse`; else the cache under VAR_DIR."""
    return Path(django_settings.OOGST_CACHE_DIR or Path(django_settings.VAR_DIR) / "cache")


def execute_run(run_id: int) -> None:
    """The job: read the input, run `oogst.analysis`, store the result. Never overwrites."""
    from oogst.analysis import EmbeddingCache, Pipeline, Settings, render_report

    claimed = retry_busy(
        lambda: AnalysisRun.objects.filter(
            pk=run_id, status=AnalysisRun.Status.QUEUED, cancel_requested=False
        ).update(status=AnalysisRun.Status.RUNNING, started_at=timezone.now(), percentage=0)
    )
    if not claimed:
        _end(run_id, AnalysisRun.Status.CANCELLED)
        raise JobCancelled()
    run = AnalysisRun.objects.select_related("programme").get(pk=run_id)
    try:
        progress = ProgressReporter(run_id)
        progress("redact", 0, 1)
        # Stored once, so this run and the pages after it need not redact again.
        redact_missing(run.programme, progress=lambda d, t: progress("redact", d, t))
        contributions = run_input.contributions_for_run(run.programme, run.filters)
        records = run_input.analysis_records(contributions)
        codebook = run_input.codebook_for(run.programme)
        labels, examples = run_input.accepted_labels(run.programme, {r["id"] for r in records})
        digest = run_input.input_sha256(records, codebook)
        retry_busy(
            lambda: AnalysisRun.objects.filter(pk=run_id).update(
                n_contributions=len(records), input_sha256=digest
            )
        )
        if not records:
            raise ValueError(_("Met dit filter is er geen enkele bijdrage om te analyseren."))
        if not codebook["themes"]:
            raise ValueError(_("Het codeboek van dit programma heeft geen actieve thema's."))
        options = dict(run.settings)
        report_language = options.pop("report_language", "nl")
        pipeline = Pipeline(Settings(**options), cache=EmbeddingCache(embedding_cache_dir()))
        result = pipeline.run(
            records, codebook, examples=examples, labels=labels, progress=progress
        )
        analysis = result.to_dict()
        analysis["opinion"] = opinion_groups_for(
            run.programme, contributions, seed=pipeline.settings.seed, progress=progress
        )
        progress("store", 0, 1)
        # A conversation's statements need not all be in the run (a filter): the report
        # quotes those too, redacted like the rest.
        statements = {
            int(e["statement"])
            for c in analysis["opinion"]
            for e in (*c["consensus"], *c["divisive"])
            if e["statement"]
        } - {int(r["id"]) for r in records}
        shown = records
        if statements:
            shown = records + run_input.analysis_records(
                Contribution.objects.filter(programme=run.programme, pk__in=statements)
            )
        store_result(
            run_id,
            analysis,
            # Only what may be quoted: an opinion statement without quotation consent is
            # named by its number only (the quote picker already passed such texts by).
            render_report(
                outputs.with_group_words(analysis, report_language),
                shown,
                title=str(run),
                language=report_language,
            ),
        )
    except RunCancelled:
        _end(run_id, AnalysisRun.Status.CANCELLED)
        raise JobCancelled() from None
    except Exception as exc:
        _end(
            run_id,
            AnalysisRun.Status.FAILED,
            _("De analyse is mislukt: %(error)s") % {"error": exc},
        )
        raise


def _write_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet, completely or not at all."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    if path.exists():
        temporary.unlink()
        raise FileExistsError(path)
    os.replace(temporary, path)


def opinion_groups_for(programme: Programme, contributions, seed=0, progress=None):
    """Opinion groups per Polis conversation behind the run's contributions, as Polis finds
    them, with the statements all groups agree on and those that divide them, and how well
    the groups match the ones Polis itself exported (adjusted Rand index)."""
    import math

    import numpy as np

    from oogst.analysis.opinion import agreement_with_polis, opinion_groups

    matrices = run_input.vote_matrices(programme, contributions)
    found = []
    for done, matrix in enumerate(matrices):
        if progress is not None:
            progress("opinion", done, len(matrices))
        groups = opinion_groups(matrix.votes, statements=matrix.comments, seed=seed)
        if groups.k == 0:
            continue
        agreement = agreement_with_polis(groups, matrix.polis_groups)  # nan without groups
        grouped = groups.labels[groups.labels >= 0]
        found.append(
            {
                "conversation": matrix.conversation,
                "conversation_id": matrix.conversation_id,
                "voters": int(len(groups.labels)),
                "grouped": int(len(grouped)),
                "k": int(groups.k),
                "sizes": [int(n) for n in np.bincount(grouped, minlength=groups.k)],
                "agreement_with_polis": None if math.isnan(agreement) else round(agreement, 3),
                "consensus": [c for c in groups.consensus if c["statement"]],
                "divisive": [d for d in groups.divisive if d["statement"]],
            }
        )
    if progress is not None:
        progress("opinion", len(matrices), len(matrices))
    return found


def store_result(run_id: int, analysis: dict, report_html: str) -> None:
    """Files first (a folder per run, written once), then the rows, in one transaction."""
    run = AnalysisRun.objects.select_related("programme").get(pk=run_id)
    # The run's id and a random part: a folder left by another database that shared this
    # media folder (a rebuilt database numbers its runs from 1 again) is never reused.
    relative = Path("analyses") / f"{run.pk}-{secrets.token_hex(4)}"
    folder = Path(django_settings.MEDIA_ROOT) / relative

    theme_pk = dict(run.programme.themes.values_list("slug", "pk"))
    # Earlier decisions carry over: an analyst's own codes stand (the suggestion is kept for
    # the record, as "already coded"), a decision that no theme fits stands, and a
    # suggestion the analyst rejected is not asked again when this run suggests the same
    # theme. `review_queue.settled_elsewhere` applies the same three to runs stored before.
    coded = coding.person_coded(run.programme)
    no_theme = review_queue.no_theme_decisions(run.programme)
    rejected = review_queue.rejected_suggestions(run.programme)
    suggestions, assignments = [], []
    for row in analysis["contributions"]:
        contribution_id = int(row["id"])
        scores = [s for s in row.get("themes") or [] if s["theme"] in theme_pk]
        top = sorted((s["score"] for s in scores), reverse=True) + [0.0, 0.0]
        suggestion = Suggestion(
            run=run,
            contribution_id=contribution_id,
            theme=row.get("theme") or "",
            themes=scores,
            score=top[0] if scores else None,
            margin=round(top[0] - top[1], 4) if scores else 0.0,
            kind=row.get("kind") or "",
            cluster=row.get("cluster"),
        )
        suggestions.append(suggestion)
        if contribution_id in coded:
            suggestion.review = Suggestion.Review.CODED
            continue
        decided = no_theme.get(contribution_id)
        if decided is not None:
            suggestion.review = Suggestion.Review.NO_THEME
            suggestion.reviewed_by_id, suggestion.reviewed_at = decided
            continue
        earlier = rejected.get((contribution_id, suggestion.theme))
        if earlier is not None:
            suggestion.review = Suggestion.Review.REJECTED
            suggestion.reviewed_by_id, suggestion.reviewed_at = earlier
            continue
        for s in scores:
            assignments.append(
                ThemeAssignment(
                    contribution_id=contribution_id,
                    theme_id=theme_pk[s["theme"]],
                    source=ThemeAssignment.Source.ANALYSIS,
                    score=s["score"],
                    analysis_run=str(run.pk),
                )
            )
    summary = {k: v for k, v in analysis.items() if k != "contributions"}
    ids = [s.contribution_id for s in suggestions]

    def save_rows() -> None:
        with transaction.atomic():
            Suggestion.objects.bulk_create(suggestions, batch_size=2000)
            # The latest run's suggestions stand in the codes; person-made codes are untouched.
            for start in range(0, len(ids), 2000):
                ThemeAssignment.objects.filter(
                    contribution_id__in=ids[start : start + 2000],
                    source=ThemeAssignment.Source.ANALYSIS,
                ).delete()
                Contribution.objects.filter(
                    pk__in=ids[start : start + 2000], review_status=ReviewStatus.NEW
                ).update(review_status=ReviewStatus.CODED)
            ThemeAssignment.objects.bulk_create(assignments, batch_size=2000)
            info = analysis["run"]
            # Inside the transaction: no retry here, the whole transaction is retried.
            ended = AnalysisRun.objects.filter(pk=run.pk, status__in=AnalysisRun.ACTIVE).update(
                status=AnalysisRun.Status.DONE,
                finished_at=timezone.now(),
                summary=summary,
                result_dir=str(relative),
                percentage=100,
                step="store",
                step_done=1,
                step_total=1,
                codebook_sha256=info.get("codebook_sha256", ""),
                library_version=info.get("version", ""),
                embedder=info.get("embedder", ""),
                seconds=info.get("seconds"),
            )
            if not ended:  # cancelled while storing: keep nothing half-written
                raise RunCancelled()

    # The rows are rolled back as a whole when the database is busy, so a retry starts
    # clean; when writing or storing fails for good (or the run was cancelled meanwhile),
    # the files go too.
    folder.mkdir(parents=True, exist_ok=False)
    try:
        _write_new(folder / "analysis.json", json.dumps(analysis, ensure_ascii=False, indent=1))
        _write_new(folder / "report.html", report_html)
        retry_busy(save_rows)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


# -- review --------------------------------------------------------------------------------


def _set_person_codes(contribution: Contribution, slugs: list[str], user) -> None:
    """Make the contribution's person-made codes exactly these themes."""
    themes = {t.slug: t for t in contribution.programme.themes.filter(slug__in=slugs)}
    missing = set(slugs) - set(themes)
    if missing:
        raise ValidationError(
            _("Onbekend thema: %(slugs)s") % {"slugs": ", ".join(sorted(missing))}
        )
    person = ThemeAssignment.objects.filter(
        contribution=contribution, source=ThemeAssignment.Source.PERSON
    )
    person.exclude(theme__slug__in=slugs).delete()
    have = set(person.values_list("theme__slug", flat=True))
    ThemeAssignment.objects.bulk_create(
        [
            ThemeAssignment(
                contribution=contribution,
                theme=themes[s],
                source=ThemeAssignment.Source.PERSON,
                assigned_by=user,
            )
            for s in slugs
            if s not in have
        ]
    )


def _decide(suggestion: Suggestion, review: str, user) -> None:
    suggestion.review, suggestion.reviewed_by, suggestion.reviewed_at = review, user, timezone.now()
    suggestion.save(update_fields=["review", "reviewed_by", "reviewed_at"])


class DecisionStands(Exception):  # noqa: N818 — not a failure: a question for the analyst
    """Accepting would overwrite what an analyst already decided about the contribution (their
    own codes, or "no theme fits"), here or in another run: ask, then pass `replace=True`."""


def _no_theme_fits(contribution: Contribution, user) -> None:
    """No theme of the codebook fits: no person-made codes, and the machine's codes of the
    contribution stop counting too (as after a rejection)."""
    _set_person_codes(contribution, [], user)
    ThemeAssignment.objects.filter(
        contribution=contribution, source=ThemeAssignment.Source.ANALYSIS
    ).delete()


@transaction.atomic
def accept_suggestion(suggestion: Suggestion, user, replace: bool = False) -> Suggestion:
    """The suggested themes and kind become the analyst's own codes. A suggestion of no
    (active) theme is the decision that no theme fits.

    Raises `DecisionStands` when the contribution already has other codes of an analyst, or a
    "no theme fits" decision, unless `replace` says the analyst confirmed."""
    contribution = suggestion.contribution
    slugs = [s["theme"] for s in suggestion.themes] or (
        [suggestion.theme] if suggestion.theme else []
    )
    active = set(
        contribution.programme.themes.filter(status=Theme.Status.ACTIVE).values_list(
            "slug", flat=True
        )
    )
    slugs = list(dict.fromkeys(s for s in slugs if s in active))
    if not replace:
        standing = review_queue.standing_decision(suggestion)
        if standing is not None and set(standing["themes"]) != set(slugs):
            raise DecisionStands(standing)
    if slugs:
        _set_person_codes(contribution, slugs, user)
    else:
        _no_theme_fits(contribution, user)
    fields = ["review_status"]
    if suggestion.kind in Kind.values:
        contribution.kind = suggestion.kind
        fields.append("kind")
    contribution.review_status = ReviewStatus.REVIEWED
    contribution.save(update_fields=[*fields, "updated_at"])
    _decide(suggestion, Suggestion.Review.ACCEPTED if slugs else Suggestion.Review.NO_THEME, user)
    return suggestion


@transaction.atomic
def change_suggestion(suggestion: Suggestion, user, themes: list[str], kind: str) -> Suggestion:
    """The analyst's own themes and kind instead of the suggestion. No themes is the decision
    that no theme of the codebook fits, which the next run keeps (`Review.NO_THEME`)."""
    contribution = suggestion.contribution
    if kind not in Kind.values:
        raise ValidationError(_("Onbekende soort: %(kind)s") % {"kind": kind})
    themes = list(dict.fromkeys(themes))
    if themes:
        _set_person_codes(contribution, themes, user)
    else:
        _no_theme_fits(contribution, user)
    contribution.kind = kind
    contribution.review_status = ReviewStatus.REVIEWED
    contribution.save(update_fields=["kind", "review_status", "updated_at"])
    _decide(suggestion, Suggestion.Review.CHANGED if themes else Suggestion.Review.NO_THEME, user)
    return suggestion


@transaction.atomic
def reject_suggestion(suggestion: Suggestion, user) -> Suggestion:
    """The suggestion is wrong: it no longer counts as a code; the analyst's codes stay."""
    ThemeAssignment.objects.filter(
        contribution=suggestion.contribution,
        source=ThemeAssignment.Source.ANALYSIS,
        analysis_run=str(suggestion.run_id),
    ).delete()
    _decide(suggestion, Suggestion.Review.REJECTED, user)
    return suggestion


@transaction.atomic
def review_in_bulk(
    run: AnalysisRun, suggestion_ids: list[int], action: str, user
) -> tuple[int, int]:
    """Accept or reject many open suggestions at once; returns how many it decided, and how
    many of the chosen ones it left alone because they were decided already.

    Only open ones: a decision made earlier (here, in another run, or an analyst's own codes)
    is changed one contribution at a time, never by a bulk action that swept it along."""
    handler = {"accept": accept_suggestion, "reject": reject_suggestion}[action]
    chosen = run.suggestions.filter(pk__in=suggestion_ids)
    suggestions = (
        chosen.filter(review=Suggestion.Review.OPEN)
        .exclude(review_queue.settled_elsewhere(run))
        .select_related("contribution__programme")
    )
    count = 0
    for suggestion in suggestions:
        try:
            handler(suggestion, user)
        except DecisionStands:  # decided by someone else in the meantime
            continue
        count += 1
    return count, chosen.count() - count
