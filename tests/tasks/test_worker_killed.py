"""`kill -9` of an `oogst worker` in the middle of an analysis run, with a real RQ worker on
Redis, in processes of their own: the run shows nothing half-written, and is marked failed
with the reason as soon as anyone looks (or a worker starts again).

It runs against a database of its own (a SQLite file, or a PostgreSQL database made for it
when DATABASE_URL names PostgreSQL), because the worker is another process: it cannot see
the test's transaction."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import REDIS_URL

OOGST = [sys.executable, "-m", "oogst.cli"]


@pytest.fixture
def database(tmp_path):
    """A URL for an empty database of this test's own, and a function to query it."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = f"oogst_fault_{uuid.uuid4().hex[:8]}"
        server = url.rsplit("/", 1)[0]
        with psycopg.connect(server + "/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')

        def query(sql, *args):
            with psycopg.connect(f"{server}/{name}") as conn:
                return conn.execute(sql.replace("?", "%s"), args).fetchall()

        yield f"{server}/{name}", query
        with psycopg.connect(server + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    path = tmp_path / "oogst.sqlite3"

    def query(sql, *args):
        with sqlite3.connect(path, timeout=20) as conn:
            return conn.execute(sql, args).fetchall()

    yield f"sqlite:///{path}", query


@pytest.fixture
def environment(tmp_path, database):
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except RedisError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: the worker needs a Redis server")
    url, _query = database
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": url,
        "OOGST_BROKER_URL": REDIS_URL,
        "OOGST_TASK_QUEUE": f"oogst-fault-{uuid.uuid4().hex[:8]}",
        "OOGST_VAR_DIR": str(tmp_path / "var"),
        "OOGST_CACHE_DIR": str(tmp_path / "cache"),  # no embeddings from earlier runs
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    yield env
    from rq import Queue

    Queue(env["OOGST_TASK_QUEUE"], connection=Redis.from_url(REDIS_URL)).delete(delete_jobs=True)


def oogst(env, *args, timeout=300) -> str:
    result = subprocess.run(
        [*OOGST, *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


START = """
from oogst.accounts.models import User
from oogst.analyses.services import start_run
from oogst.programme.models import Programme
run = start_run(Programme.objects.get(slug="demo"), User.objects.get(username="analist"), {},
                {"embedder": "use", "seed": 0, "n_clusters": "auto", "n_quotes": 3})
print(run.pk, run.job_id)
"""


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"waited {timeout:.0f} s for {what}")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that died but was not reaped yet is gone for our purpose.
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


def test_a_worker_killed_during_a_run_leaves_nothing_half_written(environment, database, tmp_path):
    env, (_url, query) = environment, database
    oogst(env, "migrate", "--no-input")
    oogst(env, "demo")
    # Enough contributions that embedding them takes a while: a run to interrupt.
    data = tmp_path / "extra.jsonl"
    oogst(env, "generate", "--contributions", "4000", "--out", str(data))
    oogst(env, "import", "contributions", str(data), "--programme", "demo")
    run_id, job_id = (int(x) for x in oogst(env, "shell", "-v", "0", "-c", START).split())

    worker = subprocess.Popen(
        [*OOGST, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        owner = wait_for(
            lambda: query(
                "SELECT j.owner FROM tasks_job j JOIN analyses_analysisrun r ON r.job_id = j.id"
                " WHERE r.id = ? AND r.status = 'running' AND r.step = 'embed'",
                run_id,
            ),
            240,
            "the run to be embedding",
        )[0][0]
        horse = int(owner.split(":")[1])
        assert horse != worker.pid  # the work horse runs the job, in a process of its own
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    # The work horse dies with its worker instead of running on unwatched.
    wait_for(lambda: not pid_alive(horse), 10, "the work horse to stop")

    # Nothing of the run is visible: no suggestions, no codes, no results folder.
    assert query("SELECT COUNT(*) FROM analyses_suggestion WHERE run_id = ?", run_id) == [(0,)]
    assert query(
        "SELECT COUNT(*) FROM harvest_themeassignment WHERE analysis_run = ?", str(run_id)
    ) == [(0,)]
    assert query("SELECT result_dir FROM analyses_analysisrun WHERE id = ?", run_id) == [("",)]

    # A worker that starts again (as systemd or compose would restart it) finds the run.
    out = oogst(env, "worker", "--burst")
    assert "1 taak/taken van een gestopt proces als mislukt gemarkeerd" in out
    [(status, error)] = query("SELECT status, error FROM analyses_analysisrun WHERE id = ?", run_id)
    assert status == "failed"
    assert "achtergrondtaak is afgebroken" in error and "gestopt" in error
    assert query("SELECT status FROM tasks_job WHERE id = ?", job_id) == [("failed",)]
