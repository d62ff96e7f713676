"""The log-in forms of the site (/inloggen/) and the admin, with a limit on wrong passwords.

Each attempt is counted per account (the user name, from any address) and per address (any
user name) before the password is checked, in one atomic step on the cache (Redis when
REDIS_URL is set, so all web processes share the count); a successful log-in clears the
account's count and gives the address its attempt back.
Past either limit the password is not even checked: the form says how long to wait. Limits:
`OOGST_LOGIN_ACCOUNT_LIMIT` (default 5 per 15 minutes) and `OOGST_LOGIN_ADDRESS_LIMIT`
(default 30 per 15 minutes), as "number/seconds".
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.utils.translation import ngettext

from oogst import ratelimit

DEFAULT_LIMITS = {"account": (5, 900), "address": (30, 900)}


def login_limits(request, username: str) -> list[tuple[str, int, int]]:
    account = getattr(settings, "OOGST_LOGIN_ACCOUNT_LIMIT", DEFAULT_LIMITS["account"])
    address = getattr(settings, "OOGST_LOGIN_ADDRESS_LIMIT", DEFAULT_LIMITS["address"])
    name = ratelimit.hashed(username.strip().casefold())
    where = ratelimit.hashed(ratelimit.client_address(request))
    return [
        (f"oogst:rl:login:account:{name}", *account),
        (f"oogst:rl:login:ip:{where}", *address),
    ]


class ThrottledLoginMixin:
    """Count the attempt before `AuthenticationForm.clean` checks the password."""

    throttled = False

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or self.request is None:
            return super().clean()
        limits = login_limits(self.request, username)
        if not ratelimit.acquire_keys(limits):
            self.throttled = True
            minutes = max(1, max(window for _key, _allowed, window in limits) // 60)
            raise forms.ValidationError(
                ngettext(
                    "Te veel mislukte inlogpogingen. Wacht %(minutes)d minuut en probeer het "
                    "dan opnieuw.",
                    "Te veel mislukte inlogpogingen. Wacht %(minutes)d minuten en probeer het "
                    "dan opnieuw.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        cleaned = super().clean()  # raises for a wrong password: that attempt stays counted
        # The owner is back: their account starts afresh; the address only gets this
        # attempt back (else one account of one's own would wipe the count of guesses).
        (account_key, *_), (address_key, *_) = limits
        cache.delete(account_key)
        ratelimit.release_keys([address_key])
        return cleaned


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
