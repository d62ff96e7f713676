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
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

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
    keys = [
        f"oogst:rl:{action}:ip:"
        + hashlib.sha256((settings.SECRET_KEY + address).encode()).hexdigest()[:32]
    ]
    if request.session.session_key:
        keys.append(f"oogst:rl:{action}:session:{request.session.session_key}")
    return keys


def is_limited(request, action: str) -> bool:
    """True when this client already used up the action's allowance in the current window."""
    allowed, _window = limit_for(action)
    return any((cache.get(key) or 0) >= allowed for key in client_keys(request, action))


def record(request, action: str) -> None:
    _allowed, window = limit_for(action)
    for key in client_keys(request, action):
        # add() starts the window; incr() counts within it without extending it.
        if not cache.add(key, 1, timeout=window):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=window)


def retry_after(action: str) -> int:
    return limit_for(action)[1]
