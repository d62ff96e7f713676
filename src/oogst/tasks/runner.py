"""Run jobs in the background: a one-worker thread pool inside this process by default, or
RQ on Redis when `settings.OOGST_BROKER_URL` is set. The same `execute(job_id)` runs the job
either way; the `Job` row is the record both sides write to.

Settings (all optional): OOGST_BROKER_URL, OOGST_TASK_QUEUE ("oogst"), OOGST_TASK_TIMEOUT
(seconds, 6 hours), OOGST_TASK_WORKERS (1), OOGST_TASKS_SYNC (run jobs inline, for tests).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, close_old_connections, connections, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import JobCancelled
from .models import Job

logger = logging.getLogger(__name__)

# Sent with `job` when a job ends failed: the function raised, or its process died. Apps that
# keep their own status next to a job (an analysis run) listen and follow.
job_failed = Signal()

# host:pid:token; the token tells this process apart from an earlier one that had the same pid.
OWNER = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
_owners = {os.getpid(): OWNER}


def current_owner() -> str:
    """This process as a job's owner; a forked RQ work horse is a process of its own."""
    pid = os.getpid()
    if pid not in _owners:
        _owners[pid] = f"{socket.gethostname()}:{pid}:{secrets.token_hex(4)}"
    return _owners[pid]


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_futures: list[Future] = []
_recovered = False


def broker_url() -> str:
    return getattr(settings, "OOGST_BROKER_URL", "") or ""


def queue_name() -> str:
    return getattr(settings, "OOGST_TASK_QUEUE", "oogst")


def rq_queue():
    from redis import Redis
    from rq import Queue

    return Queue(queue_name(), connection=Redis.from_url(broker_url()))


def enqueue(func_path: str, *args) -> int:
    """Run `func_path(*args)` in the background; returns the id of its `Job` row.

    Arguments must be JSON values. The job starts when the surrounding transaction commits,
    so it never looks for rows that are not there yet.
    """
    import_string(func_path)  # a typo fails here, in the request, not later in a worker
    backend = Job.Backend.RQ if broker_url() else Job.Backend.EMBEDDED
    job = Job.objects.create(
        func=func_path,
        args=list(args),
        backend=backend,
        owner=OWNER if backend == Job.Backend.EMBEDDED else "",
    )
    if backend == Job.Backend.EMBEDDED and getattr(settings, "OOGST_TASKS_SYNC", False):
        execute(job.pk)
        return job.pk
    transaction.on_commit(lambda: _dispatch(job.pk, backend))
    return job.pk


def _dispatch(job_id: int, backend: str) -> None:
    if backend == Job.Backend.RQ:
        external_id = f"oogst-{job_id}-{secrets.token_hex(6)}"
        try:
            rq_queue().enqueue(
                "oogst.tasks.runner.execute",
                job_id,
                job_id=external_id,
                job_timeout=int(getattr(settings, "OOGST_TASK_TIMEOUT", 6 * 3600)),
                result_ttl=24 * 3600,
                failure_ttl=7 * 24 * 3600,
            )
        except Exception as exc:  # Redis down: say so on the job instead of waiting forever
            logger.exception("could not hand job %s to RQ", job_id)
            mark_failed(
                job_id, _("De wachtrij (Redis) is niet bereikbaar: %(error)s") % {"error": exc}
            )
            return
        Job.objects.filter(pk=job_id).update(external_id=external_id)
        return
    with _pool_lock:
        global _pool
        if _pool is None:
            workers = int(getattr(settings, "OOGST_TASK_WORKERS", 1))
            _pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="oogst-task")
        _futures[:] = [f for f in _futures if not f.done()]
        _futures.append(_pool.submit(_run_in_thread, job_id))


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        execute(job_id)
    except Exception:  # nobody waits on this thread: record the failure on the job itself
        logger.exception("job %s could not be run", job_id)
        try:
            mark_failed(job_id, traceback.format_exc(limit=4))
        except Exception:
            logger.exception("job %s could not be marked failed", job_id)
    finally:
        # This thread's connections are its own; leaving them open leaks one per job.
        connections.close_all()


def retry_busy(write, attempts: int = 6):
    """Run a short database write, retrying while the database is busy: SQLite reports a
    lock held by another thread as an error at once, where PostgreSQL would wait."""
    for attempt in range(attempts):
        try:
            return write()
        except OperationalError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.1 * 2**attempt)


def wait_for_jobs(timeout: float | None = None) -> None:
    """Wait until the embedded runner has finished what it was given (tests, shutdown)."""
    with _pool_lock:
        pending = list(_futures)
    for future in pending:
        future.result(timeout=timeout)


def execute(job_id: int) -> None:
    """Run one job and record how it ended. RQ workers and the thread pool both call this."""
    claimed = retry_busy(
        lambda: Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started_at=timezone.now(), owner=current_owner()
        )
    )
    if not claimed:
        logger.info("job %s is not waiting (cancelled or already run); skipped", job_id)
        return
    job = Job.objects.get(pk=job_id)
    try:
        import_string(job.func)(*job.args)
    except JobCancelled:
        _finish(job_id, Job.Status.CANCELLED)
    except Exception:
        logger.exception("job %s (%s) failed", job_id, job.func)
        mark_failed(job_id, traceback.format_exc(limit=8))
    else:
        _finish(job_id, Job.Status.DONE)


def _finish(job_id: int, status: str, error: str = "") -> int:
    return retry_busy(
        lambda: Job.objects.filter(pk=job_id, status__in=Job.ACTIVE).update(
            status=status, error=error, finished_at=timezone.now()
        )
    )


def mark_failed(job_id: int, error: str) -> None:
    """End a job as failed (once) and tell the listeners."""
    if _finish(job_id, Job.Status.FAILED, error):
        job_failed.send(sender=Job, job=Job.objects.get(pk=job_id))


def cancel_queued(job_id: int) -> bool:
    """Take a job that has not started off the queue; False when it already runs or ended."""
    return bool(
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.CANCELLED, finished_at=timezone.now()
        )
    )


def _owner_is_dead(owner: str) -> bool:
    host, _sep, rest = owner.partition(":")
    pid_text, _sep, token = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False  # another machine: we cannot tell, so we leave it alone
    if owner == current_owner():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True  # our pid, another token: an earlier process with the same pid
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """A process that died but was not reaped yet (its parent was killed and nobody adopted
    it, as in a container without an init) still answers signal 0, yet does no work."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return any(line.startswith("State:\tZ") for line in status)
    except OSError:
        return False


ABANDONED = "Het proces dat deze taak uitvoerde, is gestopt (bijvoorbeeld door een herstart)."
LOST_IN_BROKER = "De wachtrij kent deze taak niet (meer) of meldt dat de worker is gestopt."


def refresh(job: Job) -> Job:
    """Check that an active job still has someone working on it; if not, mark it failed.

    A running job names the process that runs it (an RQ worker's work horse, or this web
    process's thread): on this machine, a process that is gone (killed, restarted) is proof.
    A queued RQ job, or one running on another machine, is asked after in the broker."""
    if not job.is_active:
        return job
    lost, reason = bool(job.owner) and _owner_is_dead(job.owner), ABANDONED
    if not lost and job.backend == Job.Backend.RQ:
        lost = bool(broker_url()) and timezone.now() - job.created_at > timedelta(seconds=60)
        lost = lost and _lost_in_broker(job)
        reason = LOST_IN_BROKER
    if lost:  # only then has the row changed under us (a status page polls this every second)
        mark_failed(job.pk, _(reason))
        job.refresh_from_db()
    return job


def _lost_in_broker(job: Job) -> bool:
    from rq.exceptions import NoSuchJobError
    from rq.job import Job as RqJob
    from rq.job import JobStatus

    if not job.external_id:
        return True
    try:
        rq_job = RqJob.fetch(job.external_id, connection=rq_queue().connection)
    except NoSuchJobError:
        return True
    except Exception:  # Redis unreachable right now: not proof that the job is lost
        logger.warning("could not ask RQ about job %s", job.pk, exc_info=True)
        return False
    return rq_job.get_status(refresh=True) in (
        JobStatus.FAILED,
        JobStatus.STOPPED,
        JobStatus.CANCELED,
    )


def recover_abandoned_jobs() -> int:
    """Mark failed every active job whose process on this machine is gone (the web process
    of an embedded job, the work horse of an RQ job); returns how many."""
    count = 0
    for job in Job.objects.filter(status__in=Job.ACTIVE).exclude(owner=""):
        if _owner_is_dead(job.owner):
            mark_failed(job.pk, _(ABANDONED))
            count += 1
    return count


def recover_once(**kwargs) -> None:
    """On the first request of a process: fail the jobs an earlier process left running."""
    global _recovered
    if _recovered:
        return
    _recovered = True
    try:
        recover_abandoned_jobs()
    except Exception:  # a database without the table yet must not break the first page
        logger.warning("could not check for abandoned jobs", exc_info=True)
