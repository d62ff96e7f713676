"""A small fixed-window rate limit on the shared cache, for the public withdrawal page:
a participant code is the only key, so guessing codes must be slow."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 15 * 60
MAX_ATTEMPTS = 5


def client_key(request, scope: str) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    digest = hashlib.sha256(address.encode()).hexdigest()[:24]  # no raw IP addresses in the cache
    return f"oogst:throttle:{scope}:{digest}"


def is_blocked(request, scope: str) -> bool:
    return cache.get(client_key(request, scope), 0) >= MAX_ATTEMPTS


def count_attempt(request, scope: str) -> int:
    key = client_key(request, scope)
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1
