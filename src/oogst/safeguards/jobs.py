"""The privacy app's background work: storing the redaction of what a bulk import brought in,
so that no page has to (a page shows "redactie bezig" with the progress instead)."""

from __future__ import annotations

from oogst.programme.models import Programme
from oogst.tasks import enqueue
from oogst.tasks.models import Job

from .models import RedactionJob
from .services import redact_missing

REDACT = "oogst.safeguards.jobs.redact_pending"


def schedule_redaction(programme: Programme) -> RedactionJob:
    """Redact the programme's contributions that have no redaction, in the background. A job
    still waiting is enough: it takes whatever is missing when it starts."""
    waiting = (
        RedactionJob.objects.filter(programme=programme, job__status=Job.Status.QUEUED)
        .order_by("-id")
        .first()
    )
    if waiting is not None:
        return waiting
    run = RedactionJob.objects.create(
        programme=programme, total=programme.contributions.filter(redaction__isnull=True).count()
    )
    run.job_id = enqueue(REDACT, run.pk)
    RedactionJob.objects.filter(pk=run.pk).update(job_id=run.job_id)
    return run


def redact_pending(run_id: int) -> None:
    """The job: every contribution of the programme without a redaction gets one, in batches
    that are each stored on their own (a job that stops keeps what it did)."""
    run = RedactionJob.objects.select_related("programme").get(pk=run_id)

    def progress(done: int, total: int) -> None:
        RedactionJob.objects.filter(pk=run_id).update(done=done, total=total)

    created = redact_missing(run.programme, progress=progress)
    RedactionJob.objects.filter(pk=run_id).update(done=created, total=created)
