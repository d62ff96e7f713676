"""Every page behind the log-in sends an anonymous visitor to the log-in form: found by walking
the URL configuration, so a new view without `login_required` fails here, not in production."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Open to everyone on purpose: the public site, the log-in itself, the language switch, the
# withdrawal by participant code, the API (tokens, tested in tests/api) and the admin (its own
# log-in, tested by Django).
PUBLIC = {
    "public:index",
    "public:lookup",
    "public:programme",
    "public:idea",
    "public:thanks",
    "safeguards:withdraw",
    "selection:index",
    "selection:signup",
    "selection:thanks",
    "selection:status",
    "selection:calendar",
    "login",
    "logout",
    "set_language",
    "health",
}
SKIPPED_NAMESPACES = ("admin", "api")
SAMPLE = {"int": "1", "slug": "test", "str": "x", "path": "x"}


def pages(patterns=None, prefix="", namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            if not inner.startswith(SKIPPED_NAMESPACES):
                yield from pages(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            if name not in PUBLIC:
                route = re.sub(
                    r"<(?:(\w+):)?\w+>",
                    lambda m: SAMPLE.get(m.group(1) or "str", "x"),
                    prefix + str(entry.pattern),
                )
                yield name, "/" + route


PAGES = sorted(pages())


def test_the_walk_finds_the_private_pages():
    names = {name for name, _ in PAGES}
    assert {"dashboard:home", "safeguards:export", "analyses:run", "harvest:entry"} <= names
    assert len(PAGES) > 40


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_anonymous_visitors_are_sent_to_log_in(client, name, path):
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        assert response.status_code == 302, (method, path, response.status_code)
        assert response["Location"].startswith("/inloggen/"), (method, path)
