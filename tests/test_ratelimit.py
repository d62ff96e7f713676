"""The public rate limit counts and checks in one step: a burst of simultaneous requests gets
exactly the allowance, on the in-process cache and on Redis alike."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest

from oogst import ratelimit


def visitor(session_key: str, address: str = "192.0.2.7"):
    """A request as the views see it: an address and a session of its own."""
    return SimpleNamespace(
        META={"REMOTE_ADDR": address}, session=SimpleNamespace(session_key=session_key)
    )


def burst(n: int, action: str = "submit") -> list[bool]:
    """`n` visitors from one address, each with their own session, all at the same moment."""
    barrier = threading.Barrier(n)
    answers: list[bool] = []
    lock = threading.Lock()

    def attempt(i: int) -> None:
        request = visitor(f"session-{i}")
        barrier.wait()
        answer = ratelimit.acquire(request, action)
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers


def test_twenty_simultaneous_submissions_get_exactly_five_through(cache_backend, settings):
    settings.OOGST_PUBLIC_SUBMIT_LIMIT = (5, 600)
    answers = burst(20)
    assert len(answers) == 20
    assert answers.count(True) == 5


def test_a_refused_attempt_is_not_counted_and_a_released_one_is_given_back(cache_backend, settings):
    settings.OOGST_PUBLIC_SUBMIT_LIMIT = (2, 600)
    first, second = visitor("a"), visitor("b")
    assert ratelimit.acquire(first, "submit")
    assert ratelimit.acquire(first, "submit")
    assert not ratelimit.acquire(first, "submit")
    # The address is used up; the other session was refused without being counted.
    assert not ratelimit.acquire(second, "submit")
    ratelimit.release(first, "submit")  # e.g. the form had to be corrected
    assert ratelimit.acquire(second, "submit")
    assert not ratelimit.acquire(visitor("c"), "submit")


def test_the_window_ends_and_leaves_no_key_behind_on_redis(cache_backend, settings):
    if cache_backend != "redis":
        pytest.skip("the expiry of a Redis key")
    from django.core.cache import caches

    settings.OOGST_PUBLIC_LOOKUP_LIMIT = (3, 60)
    request = visitor("expiry")
    assert ratelimit.acquire(request, "lookup")
    backend = caches["default"]
    for key in ratelimit.client_keys(request, "lookup"):
        name = backend.make_and_validate_key(key)
        client = backend._cache.get_client(key)
        assert 0 < client.ttl(name) <= 60
        client.delete(name)
    # Giving back after the window ended creates nothing (a key without expiry would block
    # this visitor for good).
    ratelimit.release(request, "lookup")
    for key in ratelimit.client_keys(request, "lookup"):
        assert backend._cache.get_client(key).exists(backend.make_and_validate_key(key)) == 0
