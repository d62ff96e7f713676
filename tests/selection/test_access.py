"""Who reaches the selection pages: the programme team, and nobody else. A facilitator, a host,
a liaison, an observer and the public get a 404 (or the log-in page), never a pool, a draw,
an audit file or anyone's contact details."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oogst.selection.services.draws import start_draw

TEAM_ONLY = [
    ("selection:team_index", []),
    ("selection:overview", ["slug"]),
    ("selection:targets", ["slug"]),
    ("selection:applicants", ["slug"]),
    ("selection:applicant", ["slug", "ref"]),
    ("selection:draw", ["slug", 1]),
    ("selection:audit", ["slug", 1]),
]
POST_ONLY = [
    ("selection:start_draw", ["slug"]),
    ("selection:assign", ["slug", 1]),
    ("selection:reminders", ["slug"]),
]


@pytest.fixture
def urls(selection):
    programme = selection["programme"]
    start_draw(programme, seats=6, algorithm="legacy", seed=4)
    values = {"slug": programme.slug, "ref": selection["pool"][0].reference}

    def build(spec):
        name, args = spec
        return reverse(name, args=[values.get(a, a) for a in args])

    return [build(s) for s in TEAM_ONLY], [build(s) for s in POST_ONLY]


def test_the_programme_team_reaches_every_selection_page(client, selection, urls):
    client.force_login(selection["analyst"])
    pages, _posts = urls
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 302), url


@pytest.mark.parametrize("role", ["fac_a", "host", "liaison", "observer"])
def test_other_roles_get_nothing(client, selection, urls, role):
    client.force_login(selection[role])
    pages, posts = urls
    for url in pages + posts:
        response = client.get(url) if url in pages else client.post(url, {"seats": 3})
        assert response.status_code == 404, (role, url, response.status_code)
        assert "aanmelder" not in response.content.decode().lower() or response.status_code == 404
    assert selection["programme"].draws.count() == 1  # their posts started nothing


def test_the_public_is_sent_to_the_log_in_page(client, selection, urls):
    pages, posts = urls
    for url in pages + posts:
        response = client.get(url) if url in pages else client.post(url)
        assert response.status_code == 302 and "/inloggen/" in response["Location"], url
