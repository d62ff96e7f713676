"""/gezond/ tells a load balancer or monitor whether this process can serve: the database, and
Redis when it is configured; JSON log lines for a log collector."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest

from oogst.logs import JsonFormatter
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.django_db


def test_healthy_without_redis_checks_the_database_only(client, settings):
    settings.REDIS_URL = settings.OOGST_BROKER_URL = ""
    response = client.get("/gezond/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"] and "sessionid" not in response.cookies


def test_a_database_that_does_not_answer_is_a_503(client, settings, monkeypatch):
    from oogst import health

    def down():
        raise health.connection.OperationalError("connection refused on 10.0.0.7")

    settings.REDIS_URL = ""
    monkeypatch.setattr(health, "check_database", down)
    response = client.get("/gezond/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert "10.0.0.7" not in response.content.decode()  # a public page tells no details


def test_redis_is_checked_when_it_is_configured(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.OOGST_BROKER_URL = ""
    response = client.get("/gezond/")
    assert response.status_code == 503 and response.json()["cache"] == "unreachable"
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except RedisError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    settings.REDIS_URL = settings.OOGST_BROKER_URL = REDIS_URL
    assert client.get("/gezond/").json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "queue": "ok",
    }


def test_only_get_and_head():
    from django.test import Client

    assert Client().post("/gezond/").status_code == 405


def test_a_log_line_is_one_json_object_with_the_exception_and_extras():
    logger = logging.getLogger("oogst.test")
    try:
        raise ValueError("kapot")
    except ValueError:
        record = logger.makeRecord(
            "oogst.test",
            logging.ERROR,
            __file__,
            1,
            "job %s failed",
            (7,),
            sys.exc_info(),
            extra={"job": 7},
        )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "ERROR" and entry["message"] == "job 7 failed"
    assert entry["logger"] == "oogst.test" and entry["job"] == 7
    assert "ValueError: kapot" in entry["exception"] and entry["time"].endswith("+00:00")


def test_log_format_json_is_a_setting():
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('oogst').warning('hallo %s', 'wereld')"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "oogst.settings", "LOG_FORMAT": "json"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert json.loads(result.stderr.strip().splitlines()[-1])["message"] == "hallo wereld"
