"""Guessing passwords is slow: after a few wrong ones an account, and after more an address,
must wait, on the site's log-in and the admin's alike, and the form says so in words."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = "/inloggen/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture
def limits(settings, cache_backend):
    settings.OOGST_LOGIN_ACCOUNT_LIMIT = (5, 900)
    settings.OOGST_LOGIN_ADDRESS_LIMIT = (15, 900)
    return cache_backend


def attempt(client, url, username, password, address="198.51.100.4"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in_as(client):
    response = client.get(reverse("dashboard:home"))
    return response.status_code == 200 and response.context["user"].username


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_after_five_wrong_passwords_even_the_right_one_must_wait(client, world, limits, url):
    world["analyst"].is_staff = True
    world["analyst"].save()
    for _ in range(5):
        response = attempt(client, url, "analist", "fout")
        assert response.status_code == 200
        assert "Te veel mislukte" not in response.content.decode()
    response = attempt(client, url, "analist", "pw-analist")
    html = response.content.decode()
    assert "Te veel mislukte inlogpogingen. Wacht 15 minuten en probeer het dan opnieuw." in html
    assert not logged_in_as(client)
    # From another address the account waits too: the count is per account.
    other = attempt(client, url, "Analist ", "pw-analist", "203.0.113.9")
    assert "Te veel mislukte" in other.content.decode()
    assert not logged_in_as(client)


def test_the_message_is_in_english_when_the_site_is(client, world, limits):
    client.cookies["django_language"] = "en"
    for _ in range(6):
        response = attempt(client, LOGIN, "analist", "fout")
    assert "Too many failed log-in attempts. Wait 15 minutes" in response.content.decode()


def test_an_address_that_tries_many_accounts_must_wait_for_all_of_them(client, world, limits):
    for i in range(15):
        attempt(client, LOGIN, f"gok{i}", "fout")
    assert "Te veel mislukte" in attempt(client, LOGIN, "fac_a", "pw-fac_a").content.decode()
    assert not logged_in_as(client)
    # Another address is not held up by it.
    response = attempt(client, LOGIN, "fac_a", "pw-fac_a", "203.0.113.9")
    assert response.status_code == 302
    assert logged_in_as(client) == "fac_a"


def test_a_successful_log_in_starts_the_account_afresh(client, world, limits):
    # Twelve wrong passwords in all, never five in a row: the owner logs in between.
    for _ in range(3):
        for _ in range(4):
            attempt(client, LOGIN, "observer", "fout")
        assert attempt(client, LOGIN, "observer", "pw-observer").status_code == 302
        client.logout()


def test_the_count_lives_in_the_shared_cache(client, world, limits):
    """With Redis as the cache every web process reads the same count."""
    from django.core.cache import cache

    from oogst.accounts.forms import login_limits

    for _ in range(2):
        attempt(client, LOGIN, "host", "fout")
    request = type("R", (), {"META": {"REMOTE_ADDR": "198.51.100.4"}})()
    account_key, address_key = (key for key, *_ in login_limits(request, "host"))
    assert cache.get(account_key) == 2 and cache.get(address_key) == 2
