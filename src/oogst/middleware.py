"""Site-wide middleware: the chosen language, and the security headers of every page.

Dutch first: the language is the one the user chose with the switch, else Dutch.
Django's LocaleMiddleware would follow the browser's Accept-Language, so a Dutch civil
servant with an English browser would get a half-English government site.
"""

import secrets

from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on every page, and no caching of pages that depend on who
    is asking.

    Scripts come from our own static files or carry this response's nonce
    (`<script nonce="{{ request.csp_nonce }}">`); nothing is loaded from elsewhere, no page
    may frame ours, forms post only to us. Style attributes stay allowed (the bars of the key
    figures are sized with them). A view that sets its own policy (the sandboxed analysis
    report) keeps it.
    A page that read the visitor's session (every page for a logged-in user does, to know
    who it is) or cookies (Django then says `Vary: Cookie`) may hold personal data:
    `Cache-Control: no-store` keeps it out of shared caches and the browser's back-forward
    history on a shared computer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(request))
        # Asking whether the user is logged in would read the session of every request (and
        # make every response vary by cookie): a page that depends on its visitor has read it.
        session = getattr(request, "session", None)
        personal = (session is not None and session.accessed) or "cookie" in {
            part.strip().lower() for part in response.headers.get("Vary", "").split(",")
        }
        if personal and "Cache-Control" not in response.headers:
            add_never_cache_headers(response)
        return response


def content_security_policy(request) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{request.csp_nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )
