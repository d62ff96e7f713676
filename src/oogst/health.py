"""`/gezond/`: is this process able to serve? For a load balancer, a container's health check
or a monitor: the database answers, and Redis (cache and job queue) when it is configured.

200 with {"status": "ok", ...} when all answer, else 503 naming what did not (without the
error itself: this page is public). Never cached, no log-in, no session.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_redis(url: str) -> None:
    from redis import Redis

    Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()


def checks() -> dict:
    """Name -> a function that raises when that part does not answer."""
    found = {"database": check_database}
    redis_urls = {
        "cache": getattr(settings, "REDIS_URL", ""),
        "queue": getattr(settings, "OOGST_BROKER_URL", ""),
    }
    for name, url in redis_urls.items():
        if url:
            found[name] = lambda url=url: check_redis(url)
    return found


@require_GET
def health(request):
    answers = {}
    for name, check in checks().items():
        try:
            check()
        except Exception:
            logger.exception("health check: %s does not answer", name)
            answers[name] = "unreachable"
        else:
            answers[name] = "ok"
    healthy = all(answer == "ok" for answer in answers.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "unavailable", **answers}, status=200 if healthy else 503
    )
    add_never_cache_headers(response)
    return response
