"""The task runner: a job is a row that says what ran, where, and how it ended — in a thread
of this process by default, or on RQ when a broker is configured."""

import os
import socket
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from oogst.tasks import enqueue
from oogst.tasks.models import Job
from oogst.tasks.runner import (
    OWNER,
    job_failed,
    recover_abandoned_jobs,
    refresh,
    wait_for_jobs,
)

from . import jobs

REDIS_URL = os.environ.get("OOGST_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(autouse=True)
def clean_trace():
    jobs.DONE.clear()
    yield
    jobs.DONE.clear()


@pytest.fixture
def sync(settings):
    settings.OOGST_BROKER_URL = ""
    settings.OOGST_TASKS_SYNC = True


def test_a_job_runs_inline_when_the_runner_is_synchronous(db, sync):
    job_id = enqueue("tests.tasks.jobs.record", "oogst")
    job = Job.objects.get(pk=job_id)
    assert job.status == Job.Status.DONE
    assert job.backend == Job.Backend.EMBEDDED
    assert job.args == ["oogst"]
    assert job.started_at and job.finished_at
    assert [w for w, _ in jobs.DONE] == ["oogst"]


def test_the_embedded_runner_runs_jobs_in_its_own_thread_after_commit(transactional_db, settings):
    settings.OOGST_BROKER_URL = ""
    settings.OOGST_TASKS_SYNC = False
    first = enqueue("tests.tasks.jobs.record", "een")
    second = enqueue("tests.tasks.jobs.record", "twee")
    wait_for_jobs(timeout=30)
    assert Job.objects.get(pk=first).status == Job.Status.DONE
    assert Job.objects.get(pk=second).status == Job.Status.DONE
    # One worker: the jobs ran one after the other, in the order they came, off the main thread.
    assert [w for w, _ in jobs.DONE] == ["een", "twee"]
    assert all(thread.startswith("oogst-task") for _, thread in jobs.DONE)


def test_a_failing_job_is_marked_failed_with_its_error_and_listeners_hear_it(db, sync):
    heard = []

    def listener(sender, job, **kwargs):
        heard.append(job.pk)

    job_failed.connect(listener)
    try:
        job_id = enqueue("tests.tasks.jobs.explode", "boem")
    finally:
        job_failed.disconnect(listener)
    job = Job.objects.get(pk=job_id)
    assert job.status == Job.Status.FAILED
    assert "kapot: boem" in job.error
    assert heard == [job_id]


def test_a_job_that_stops_on_request_is_cancelled_not_failed(db, sync):
    job = Job.objects.get(pk=enqueue("tests.tasks.jobs.give_up"))
    assert job.status == Job.Status.CANCELLED
    assert job.error == ""


def test_a_typo_in_the_function_path_fails_at_once(db, sync):
    with pytest.raises(ImportError):
        enqueue("tests.tasks.jobs.does_not_exist")
    assert not Job.objects.exists()


def test_after_a_restart_jobs_of_the_dead_process_are_failed_and_live_ones_left_alone(db):
    host = socket.gethostname()
    dead = Job.objects.create(
        func="x.y", backend="embedded", status="running", owner=f"{host}:{2**22 + 12345}:aaaa"
    )
    same_pid_earlier_process = Job.objects.create(
        func="x.y", backend="embedded", status="queued", owner=f"{host}:{os.getpid()}:oldtoken"
    )
    ours = Job.objects.create(func="x.y", backend="embedded", status="running", owner=OWNER)
    elsewhere = Job.objects.create(
        func="x.y", backend="embedded", status="running", owner="other-host:1:bbbb"
    )
    finished = Job.objects.create(
        func="x.y", backend="embedded", status="done", owner=f"{host}:{2**22 + 12345}:aaaa"
    )

    assert recover_abandoned_jobs() == 2

    for job in (dead, same_pid_earlier_process):
        job.refresh_from_db()
        assert job.status == Job.Status.FAILED
        assert "gestopt" in job.error
    for job, status in ((ours, "running"), (elsewhere, "running"), (finished, "done")):
        job.refresh_from_db()
        assert job.status == status
    # Looking at one job does the same check.
    abandoned = Job.objects.create(
        func="x.y", backend="embedded", status="running", owner=f"{host}:{2**22 + 7}:cccc"
    )
    assert refresh(abandoned).status == Job.Status.FAILED


def test_the_worker_command_refuses_to_start_without_a_broker(settings):
    settings.OOGST_BROKER_URL = ""
    with pytest.raises(CommandError, match="OOGST_BROKER_URL"):
        call_command("worker", "--burst")


def test_an_unreachable_broker_fails_the_job_with_a_clear_message(
    db, settings, django_capture_on_commit_callbacks
):
    settings.OOGST_BROKER_URL = "redis://127.0.0.1:1/0"
    with django_capture_on_commit_callbacks(execute=True):
        job_id = enqueue("tests.tasks.jobs.record", "nergens")
    job = Job.objects.get(pk=job_id)
    assert job.backend == Job.Backend.RQ
    assert job.status == Job.Status.FAILED
    assert "Redis" in job.error
    assert jobs.DONE == []


@pytest.fixture
def redis_queue(settings):
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except RedisError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: the RQ tests need a Redis server")
    settings.OOGST_BROKER_URL = REDIS_URL
    settings.OOGST_TASK_QUEUE = f"oogst-test-{uuid.uuid4().hex[:8]}"
    from oogst.tasks.runner import rq_queue

    queue = rq_queue()
    yield queue
    queue.empty()
    queue.delete(delete_jobs=True)


def test_with_a_broker_the_same_job_runs_on_an_rq_worker(
    db, redis_queue, django_capture_on_commit_callbacks
):
    from rq import SimpleWorker

    with django_capture_on_commit_callbacks(execute=True):
        ok = enqueue("tests.tasks.jobs.record", "rq")
        bad = enqueue("tests.tasks.jobs.explode", "rq")
    assert Job.objects.get(pk=ok).status == Job.Status.QUEUED
    assert len(redis_queue) == 2

    SimpleWorker([redis_queue], connection=redis_queue.connection).work(burst=True)

    done, failed = Job.objects.get(pk=ok), Job.objects.get(pk=bad)
    assert done.backend == Job.Backend.RQ and done.status == Job.Status.DONE
    assert done.external_id.startswith(f"oogst-{ok}-")
    assert failed.status == Job.Status.FAILED and "kapot: rq" in failed.error
    assert [w for w, _ in jobs.DONE] == ["rq"]


def test_a_job_the_broker_lost_is_failed_when_someone_looks(db, redis_queue):
    job = Job.objects.create(
        func="x.y", backend="rq", status="running", external_id="oogst-0-nowhere"
    )
    Job.objects.filter(pk=job.pk).update(created_at=job.created_at.replace(year=2020))
    job.refresh_from_db()
    assert refresh(job).status == Job.Status.FAILED


def test_oogst_worker_runs_what_is_queued_and_stops_when_burst(
    db, redis_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job_id = enqueue("tests.tasks.jobs.record", "worker")
    out = StringIO()
    # --simple: in this process, so it sees this test's transaction (a forked horse would not).
    call_command("worker", "--burst", "--simple", stdout=out)
    assert "oogst-test-" in out.getvalue()
    assert Job.objects.get(pk=job_id).status == Job.Status.DONE
    assert [w for w, _ in jobs.DONE] == ["worker"]


def test_a_busy_database_when_a_job_starts_is_waited_for_not_fatal(db, sync, monkeypatch):
    from django.db import OperationalError

    from oogst.tasks import runner

    attempts = []

    def locked_twice():
        attempts.append(1)
        if len(attempts) < 3:
            raise OperationalError("database table is locked")
        return 1

    monkeypatch.setattr(runner.time, "sleep", lambda seconds: None)
    assert runner.retry_busy(locked_twice) == 1 and len(attempts) == 3


def test_a_job_that_cannot_even_start_in_the_thread_is_marked_failed_not_lost(db, monkeypatch):
    from oogst.tasks import runner

    job = Job.objects.create(func="tests.tasks.jobs.record", args=["x"], backend="embedded")

    def broken(job_id):
        raise RuntimeError("database gone")

    monkeypatch.setattr(runner, "execute", broken)
    # The thread would open and close its own connections; here it shares the test's.
    monkeypatch.setattr(runner, "close_old_connections", lambda: None)
    monkeypatch.setattr(runner.connections, "close_all", lambda: None)
    runner._run_in_thread(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "database gone" in job.error


def test_an_rq_job_whose_work_horse_died_is_failed_at_once_when_someone_looks(db, settings):
    settings.OOGST_BROKER_URL = "redis://127.0.0.1:1/0"  # the broker is not even asked
    host = socket.gethostname()
    job = Job.objects.create(
        func="x.y", backend="rq", status="running", owner=f"{host}:{2**22 + 99}:dddd"
    )
    assert refresh(job).status == Job.Status.FAILED and "gestopt" in job.error
    alive = Job.objects.create(func="x.y", backend="rq", status="running", owner=OWNER)
    assert refresh(alive).status == Job.Status.RUNNING
    # A restarted worker or web process finds the dead ones too.
    dead = Job.objects.create(
        func="x.y", backend="rq", status="running", owner=f"{host}:{2**22 + 98}:eeee"
    )
    assert recover_abandoned_jobs() == 1
    dead.refresh_from_db()
    assert dead.status == Job.Status.FAILED
