"""A client that walks every contribution follows `next_cursor`: each page is a short walk of
the (created_at, id) index, whatever its depth, and nothing is skipped or shown twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from oogst.api.services import create_api_token
from oogst.harvest.models import Contribution

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(world):
    """25 more contributions; groups of them share a moment (a bulk import does that)."""
    programme, table = world["programme"], world["tables"]["a"]
    base = timezone.make_aware(dt.datetime(2026, 3, 12, 20, 0))
    made = Contribution.objects.bulk_create(
        Contribution(programme=programme, table=table, kind="idee", text=f"Idee nummer {i}")
        for i in range(25)
    )
    for i, contribution in enumerate(made):
        Contribution.objects.filter(pk=contribution.pk).update(
            created_at=base + dt.timedelta(minutes=i // 4)
        )
    return create_api_token(world["analyst"], "alles ophalen")[1]


def get(client, token, query):
    return client.get(f"/api/v1/contributions?{query}", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_following_the_cursor_yields_every_contribution_once_in_order(client, many):
    by_offset = []
    page = 1
    while True:
        body = get(client, many, f"page_size=100&page={page}").json()
        by_offset += [r["id"] for r in body["results"]]
        if page >= body["pages"]:
            break
        page += 1
    walked, cursor, pages = [], None, 0
    while True:
        body = get(client, many, "page_size=4" + (f"&cursor={cursor}" if cursor else "")).json()
        if cursor:  # a cursor's page does not count
            assert body["count"] is None and body["pages"] is None and body["page"] is None
        pages += 1
        walked += [r["id"] for r in body["results"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert walked == by_offset and len(walked) == len(set(walked)) == 27
    assert pages == 7  # 27 in pages of 4: the last page says there is no next


def test_what_comes_in_during_a_walk_does_not_shift_it(client, world, many):
    first = get(client, many, "page_size=5").json()
    Contribution.objects.create(programme=world["programme"], kind="kiem", text="Nieuw binnen")
    second = get(client, many, f"page_size=5&cursor={first['next_cursor']}").json()
    offset_second = get(client, many, "page_size=5&page=2").json()
    seen = {r["id"] for r in first["results"]}
    assert not seen & {r["id"] for r in second["results"]}
    assert seen & {r["id"] for r in offset_second["results"]}  # the offset page shifted


@pytest.mark.parametrize("cursor", ["onzin", "MjAyNi0wMy0xMnwx", "", "%00"])
def test_a_cursor_that_is_not_ours_is_a_clear_422_or_the_first_page(client, many, cursor):
    response = get(client, many, f"cursor={cursor}")
    if cursor == "":  # no cursor: the first page, as without the parameter
        assert response.status_code == 200 and response.json()["page"] == 1
        return
    assert response.status_code == 422
    assert "cursor" in response.json()["detail"].lower()


def test_a_cursor_walks_only_what_the_caller_may_see(client, world, many):
    token = create_api_token(world["fac_b"], "b")[1]
    body = get(client, token, "page_size=1").json()
    assert body["next_cursor"] is None
    assert [r["table_code"] for r in body["results"]] == ["B"]


def test_the_newest_first_order_has_an_index():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Contribution._meta.db_table)
    indexes = [c for c in constraints.values() if c["index"]]
    assert any(c["columns"] == ["created_at", "id"] for c in indexes), indexes
