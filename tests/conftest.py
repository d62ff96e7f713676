"""Shared fixtures: a small programme with users in every role."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

SHARED = Path(
    os.environ.get(
        "OOGST_SHARED_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"
    )
)
POLIS_DIR = SHARED / "polis"


CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(os.environ.get("OOGST_SCREENSHOTS", "var/screenshots"))
# Debian's Chromium as root on a closed network: no sandbox, no background connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """A test that switches the site to English leaves this thread's language there (the
    test client runs requests in this thread); the next test starts in Dutch again."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _signal_handlers_afterwards():
    """An RQ worker run in a test (`work(burst=True)`) sets its own Ctrl-C and SIGTERM
    handlers and leaves them; the next test gets Python's own again."""
    import signal

    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    yield
    for number, handler in before.items():
        # None: a handler not set from Python, which cannot be put back.
        if handler is not None and signal.getsignal(number) is not handler:
            signal.signal(number, handler)


@pytest.fixture
def browser(monkeypatch):
    """Headless Debian Chromium driven by Playwright; never a browser download of its own."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it when run as root)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are
    # still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def log_in(page, base_url: str, username: str, password: str, next_url: str = "/") -> None:
    """Log in through the real log-in form, as a person would, and land on `next_url`."""
    page.goto(f"{base_url}/inloggen/?next={next_url}")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base_url}{next_url}")


def wait_until(page, expression: str, timeout: float = 30_000, polling: float = 100) -> None:
    """`page.wait_for_function` for the site's pages: Playwright builds its waiting function
    with `eval` in the page, which the Content-Security-Policy refuses; evaluating from
    outside (as `page.evaluate` does) is not refused. Polls every `polling` ms."""
    import time

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise PlaywrightTimeout(f"waited {timeout:.0f} ms for {expression}")
        page.wait_for_timeout(polling)


def require_polis() -> Path:
    if not POLIS_DIR.is_dir():
        pytest.skip(
            f"{POLIS_DIR} is absent: the Polis tests need ../shared/data/polis beside the repo"
        )
    return POLIS_DIR


@pytest.fixture
def world(db):
    """Two facilitators with a table each, a host, a liaison, an analyst and an observer."""
    from django.utils import timezone

    from oogst.accounts.models import Role, User
    from oogst.codebook.models import Theme
    from oogst.directory.models import Ministry, Municipality, Province
    from oogst.directory.reference import load_reference_data
    from oogst.harvest.actions import record_contribution
    from oogst.programme.models import Programme, Table, Track

    if not Municipality.objects.exists():
        # A transactional test (the browser tests) empties every table, also the reference
        # data the migrations loaded; the next one that needs it loads it again.
        load_reference_data(Province, Municipality, Ministry)
    programme = Programme.objects.create(slug="test", name="Testprogramma")
    track = Track.objects.create(programme=programme, slug="burgers", name="Burgers")
    zwolle = Municipality.objects.get(cbs_code="GM0193")
    vws = Ministry.objects.get(code="VWS")
    ocw = Ministry.objects.get(code="OCW")
    care = Theme.objects.create(programme=programme, slug="zorg", name="Zorg en gezondheid")
    care.ministries.add(vws)
    school = Theme.objects.create(programme=programme, slug="onderwijs", name="Onderwijs")
    school.ministries.add(ocw)

    def user(name, role, **extra):
        return User.objects.create_user(name, password="pw-" + name, role=role, **extra)

    users = {
        "analyst": user("analist", Role.ANALYST),
        "fac_a": user("fac_a", Role.FACILITATOR),
        "fac_b": user("fac_b", Role.FACILITATOR),
        "host": user("host", Role.HOST, title="Burgemeester van Zwolle"),
        "liaison": user("liaison", Role.LIAISON, ministry=vws),
        "observer": user("observer", Role.OBSERVER),
    }
    when = timezone.make_aware(dt.datetime(2026, 3, 12, 19, 30))
    table_a = Table.objects.create(
        programme=programme,
        code="A",
        name="Tafel A",
        track=track,
        municipality=zwolle,
        starts_at=when,
        host=users["host"],
        status="held",
    )
    table_a.facilitators.add(users["fac_a"])
    table_a.themes.add(care)
    table_b = Table.objects.create(
        programme=programme,
        code="B",
        name="Tafel B",
        track=track,
        municipality=zwolle,
        starts_at=when,
        status="held",
    )
    table_b.facilitators.add(users["fac_b"])
    table_b.themes.add(school)
    c_a = record_contribution(
        programme,
        channel="table",
        table_id=table_a.pk,
        kind="knel",
        text="De wachtlijst bij de GGZ is veel te lang.",
        role_label="Zorgmedewerker",
    )
    c_b = record_contribution(
        programme,
        channel="table",
        table_id=table_b.pk,
        kind="idee",
        text="Geheim plan van tafel B: meer ventilatie in de klas.",
        role_label="Docent",
    )
    return {
        "programme": programme,
        "tables": {"a": table_a, "b": table_b},
        "contributions": {"a": c_a, "b": c_b},
        "themes": {"care": care, "school": school},
        **users,
    }


REDIS_URL = os.environ.get("OOGST_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    """The cache as the in-process one and as Redis (skipped when Redis is not reachable),
    emptied before and after: for counts that must hold on both."""
    if request.param == "redis":
        from redis import Redis
        from redis.exceptions import RedisError

        try:
            Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        except RedisError:
            pytest.skip(f"Redis is not reachable at {REDIS_URL}")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"test-{os.getpid()}",
            }
        }
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"test-{os.getpid()}",
            }
        }
    from django.core.cache import cache

    cache.clear()
    yield request.param
    cache.clear()
