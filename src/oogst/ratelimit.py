"""A small fixed-window rate limit on Django's cache, per client address and per session,
for everything the public can do without an account: send an idea, look up a reference code,
withdraw with a participant code (codes are the only key there, so guessing must be slow).

Limits come from settings (`OOGST_PUBLIC_SUBMIT_LIMIT`, `OOGST_PUBLIC_LOOKUP_LIMIT`,
`OOGST_PUBLIC_WITHDRAW_LIMIT`: a pair (number, seconds)), so a programme expecting a school
class behind one address can raise them.
The address is hashed before it is used as a key: the cache holds no IP addresses. It is
REMOTE_ADDR, unless `OOGST_TRUSTED_PROXIES` says how many reverse proxies of our own stand
in front: then it is the address the outermost of them saw, read from the right of
X-Forwarded-For (entries further left were written by the client and are not trusted).
Without that setting behind a proxy, every visitor shares one allowance. With several web
processes the cache must be shared (REDIS_URL), or each process counts on its own.
Checking and counting are one atomic step (`acquire`): a burst of simultaneous requests
cannot slip past the limit between a check and a count.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache, caches
from django.shortcuts import render

DEFAULTS = {"submit": (5, 600), "lookup": (30, 600), "withdraw": (5, 900), "signup": (5, 600)}


def limit_for(action: str) -> tuple[int, int]:
    return tuple(getattr(settings, f"OOGST_PUBLIC_{action.upper()}_LIMIT", DEFAULTS[action]))


def client_address(request) -> str:
    """The visitor's address (see the module's note on proxies)."""
    proxies = int(getattr(settings, "OOGST_TRUSTED_PROXIES", 0) or 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def client_keys(request, action: str) -> list[str]:
    address = client_address(request)
    keys = [f"oogst:rl:{action}:ip:{hashed(address)}"]
    if request.session.session_key:
        keys.append(f"oogst:rl:{action}:session:{request.session.session_key}")
    return keys


def acquire(request, action: str) -> bool:
    """Count this attempt and say whether it is within the action's allowance, in one atomic
    step per key: of twenty simultaneous attempts against a limit of five, five get True.
    A refused attempt is not counted; one that turns out not to count (an invalid form) is
    given back with `release`."""
    allowed, window = limit_for(action)
    return acquire_keys([(key, allowed, window) for key in client_keys(request, action)])


def acquire_keys(limits: list[tuple[str, int, int]]) -> bool:
    """`acquire` for keys of one's own: (key, allowed, window) each; all or none counted."""
    counted = []
    for key, allowed, window in limits:
        counted.append(key)
        if _count(key, window) > allowed:
            release_keys(counted)
            return False
    return True


def release(request, action: str) -> None:
    """Give back an attempt `acquire` counted that does not count after all."""
    release_keys(client_keys(request, action))


def _count(key: str, window: int) -> int:
    """Start the window when it is not there and add one, atomically; the new count."""
    client = _redis_client(key)
    if client is not None:
        # One MULTI: SET NX starts the window with its expiry, INCR counts. Django's own
        # incr() asks EXISTS first and could recreate an expired key without an expiry.
        name = cache.make_and_validate_key(key)
        with client.pipeline(transaction=True) as pipe:
            pipe.set(name, 0, ex=window, nx=True)
            pipe.incr(name)
            return int(pipe.execute()[1])
    while True:
        # add() starts the window; incr() counts within it (under the cache's lock) without
        # extending it. The key can expire between the two: then start again.
        cache.add(key, 0, timeout=window)
        try:
            return cache.incr(key)
        except ValueError:
            continue


# Take one off only while the window lasts: a DECR after it ended would make a key that
# never expires.
DECREMENT_IF_PRESENT = "if redis.call('exists', KEYS[1]) == 1 then redis.call('decr', KEYS[1]) end"


def hashed(value: str) -> str:
    """A key part that keeps no address or name readable in the cache."""
    return hashlib.sha256((settings.SECRET_KEY + value).encode()).hexdigest()[:32]


def release_keys(keys: list[str]) -> None:
    """Take one off each key while its window lasts."""
    for key in keys:
        client = _redis_client(key)
        if client is not None:
            client.eval(DECREMENT_IF_PRESENT, 1, cache.make_and_validate_key(key))
            continue
        try:
            cache.decr(key)
        except ValueError:  # the window ended meanwhile: nothing to give back
            pass


def _redis_client(key: str):
    """The Redis connection behind the cache when it is Redis (REDIS_URL), else None."""
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    return backend._cache.get_client(key, write=True) if isinstance(backend, RedisCache) else None


def retry_after(action: str) -> int:
    return limit_for(action)[1]


def too_many(request, action: str):
    """The page a visitor over the limit gets: 429, how long to wait, and that what they typed
    was not sent (so they keep it)."""
    response = render(
        request,
        "rate_limited.html",
        {"minutes": max(1, retry_after(action) // 60), "action": action},
        status=429,
    )
    response["Retry-After"] = str(retry_after(action))
    return response
