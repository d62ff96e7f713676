"""Every page carries a Content-Security-Policy that runs only our own scripts; pages that
depend on who asks are not cached; the deploy check is clean with production settings."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import reverse

SRC = Path(__file__).resolve().parents[1] / "src" / "oogst"


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/inloggen/", "/doe-mee/", "/doe-mee/volg/", "/admin/login/", "/bestaat-niet/"],
)
def test_every_page_has_a_policy_that_runs_only_our_own_scripts(client, url):
    rules = policy(client.get(url))
    assert rules["default-src"] == "'self'"
    script = rules["script-src"].split()
    assert script[0] == "'self'" and re.fullmatch(r"'nonce-[\w-]{16,}'", script[1])
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert rules["object-src"] == "'none'" and rules["frame-ancestors"] == "'none'"
    assert rules["form-action"] == "'self'" and rules["base-uri"] == "'self'"


@pytest.mark.django_db
def test_logged_in_pages_have_the_policy_and_are_never_stored(client, world):
    client.force_login(world["analyst"])
    for url in (
        reverse("dashboard:home"),
        reverse("programme:tables"),
        world["tables"]["a"].get_absolute_url(),
        reverse("analyses:list"),
        reverse("programme:list"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response.headers, url
        assert "no-store" in response.headers["Cache-Control"], url
        assert "private" in response.headers["Cache-Control"], url


@pytest.mark.django_db
def test_a_nonce_is_new_for_every_response_and_marks_the_inline_scripts(client):
    first = client.get("/doe-mee/volg/?code=OOGST-AAAA-BB")
    second = client.get("/doe-mee/volg/?code=OOGST-AAAA-BB")
    nonce = policy(first)["script-src"].split()[1][len("'nonce-") : -1]
    assert nonce != policy(second)["script-src"].split()[1][len("'nonce-") : -1]
    html = first.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    inline = [tag for tag in scripts if "src=" not in tag]
    assert inline and all(f'nonce="{nonce}"' in tag for tag in inline)


@pytest.mark.django_db
def test_a_response_that_reads_no_session_may_be_cached_and_does_not_vary(client):
    # The health check: no visitor in it. (Every page in the site's layout reads the session,
    # to show who is logged in, and so is not stored.)
    response = client.get("/gezond/")
    assert "Cookie" not in response.headers.get("Vary", "")
    from django.http import HttpResponse

    from oogst.middleware import SecurityHeadersMiddleware

    request = RequestFactory().get("/")
    request.session = SessionStore()
    plain = SecurityHeadersMiddleware(lambda r: HttpResponse("x"))(request)
    assert "Cache-Control" not in plain.headers
    request.session.get("x")  # read: the answer may be about this visitor
    read = SecurityHeadersMiddleware(lambda r: HttpResponse("x"))(request)
    assert "no-store" in read.headers["Cache-Control"]


@pytest.mark.django_db
def test_a_view_with_its_own_policy_keeps_it(rf):
    from django.http import HttpResponse

    from oogst.middleware import SecurityHeadersMiddleware

    def sandboxed(request):
        response = HttpResponse("report")
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response

    response = SecurityHeadersMiddleware(sandboxed)(rf.get("/"))
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def templates() -> list[Path]:
    return sorted(p for p in SRC.rglob("templates/**/*.html"))


def test_no_template_has_a_script_the_policy_would_block():
    """An inline script needs the response's nonce; an inline handler (onclick=, hx-on) or a
    javascript: URL cannot be allowed at all: put it in the app's static .js file."""
    blocked = []
    for path in templates():
        html = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html):
            if "src=" not in tag and "application/json" not in tag and "csp_nonce" not in tag:
                blocked.append(f"{path.relative_to(SRC)}: {tag}")
        for handler in re.findall(r"\s(?:on[a-z]+|hx-on[:\w-]*)=\"", html):
            blocked.append(f"{path.relative_to(SRC)}: {handler.strip()}")
        if "javascript:" in html:
            blocked.append(f"{path.relative_to(SRC)}: javascript: URL")
    assert templates() and not blocked, "\n".join(blocked)


def production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DJANGO_"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="oogst.example.org",
        DATABASE_URL=os.environ.get("DATABASE_URL", "sqlite:///:memory:"),
        **extra,
    )
    return env


def test_the_deploy_check_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "-m", "oogst.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_redirect_and_hsts_can_be_turned_off_for_a_trial_on_plain_http():
    code = (
        "import oogst.settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    run = lambda **extra: subprocess.run(  # noqa: E731
        [sys.executable, "-c", code], env=production_env(**extra), capture_output=True, text=True
    ).stdout.split()
    assert run() == ["True", "31536000", "None"]
    assert run(SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0")[:2] == ["False", "0"]
    assert run(OOGST_TRUSTED_PROXIES="1")[2:] == ["('HTTP_X_FORWARDED_PROTO',", "'https')"]
