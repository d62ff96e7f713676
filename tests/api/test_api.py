"""The API tells each token's user exactly what the web interface would, and no more."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from oogst.api.models import ApiToken
from oogst.api.services import create_api_token
from oogst.harvest.models import Contribution

API = "/api/v1"


@pytest.fixture
def tokens(world):
    return {
        name: create_api_token(world[name], f"test {name}")[1]
        for name in ("analyst", "fac_a", "fac_b", "host", "liaison", "observer")
    }


def call(client, method, path, token=None, **kwargs):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if "json" in kwargs:
        kwargs = {"data": kwargs.pop("json"), "content_type": "application/json", **kwargs}
    return getattr(client, method)(API + path, **headers, **kwargs)


class TestWhoIsAsking:
    def test_without_a_token_or_with_a_wrong_one_the_answer_is_401(self, client, tokens):
        assert call(client, "get", "/contributions").status_code == 401
        assert call(client, "get", "/contributions", token="oogst_verzonnen").status_code == 401
        assert (
            client.get(
                API + "/contributions", HTTP_AUTHORIZATION=f"Token {tokens['fac_a']}"
            ).status_code
            == 401
        )
        response = call(
            client,
            "post",
            "/contributions/bulk",
            json={"programme": "test", "items": [{"text": "x"}]},
        )
        assert response.status_code == 401 and response.json() == {"detail": "Unauthorized"}

    def test_a_revoked_token_or_an_inactive_user_is_refused(self, client, world, tokens):
        assert call(client, "get", "/tables", token=tokens["fac_a"]).status_code == 200
        ApiToken.objects.filter(user=world["fac_a"]).update(revoked_at=timezone.now())
        assert call(client, "get", "/tables", token=tokens["fac_a"]).status_code == 401
        world["fac_b"].is_active = False
        world["fac_b"].save()
        assert call(client, "get", "/tables", token=tokens["fac_b"]).status_code == 401

    def test_only_a_hash_is_stored_and_use_is_recorded(self, client, world, tokens):
        token = ApiToken.objects.get(user=world["analyst"])
        assert (
            tokens["analyst"] not in (token.token_hash, token.prefix) and token.last_used_at is None
        )
        call(client, "get", "/themes", token=tokens["analyst"])
        token.refresh_from_db()
        assert token.last_used_at is not None

    def test_the_command_line_makes_a_working_token(self, client, world):
        out, err = io.StringIO(), io.StringIO()
        call_command("api_token", "fac_a", name="koppeling", stdout=out, stderr=err)
        raw = out.getvalue().strip()
        assert raw.startswith("oogst_") and "niet opnieuw getoond" in err.getvalue()
        assert call(client, "get", "/contributions", token=raw).json()["count"] == 1
        with pytest.raises(CommandError, match="geen actieve gebruiker"):
            call_command("api_token", "niemand")


class TestReadingFollowsTheSameRulesAsTheUi:
    def test_a_facilitator_sees_only_their_own_contributions(self, client, world, tokens):
        own, other = world["contributions"]["a"], world["contributions"]["b"]
        listing = call(client, "get", "/contributions", token=tokens["fac_a"]).json()
        assert [c["id"] for c in listing["results"]] == [own.pk]
        assert (
            call(client, "get", f"/contributions/{own.pk}", token=tokens["fac_a"]).json()["text"]
            == own.text
        )
        assert (
            call(client, "get", f"/contributions/{other.pk}", token=tokens["fac_a"]).status_code
            == 404
        )
        assert (
            call(
                client,
                "get",
                f"/contributions?table={world['tables']['b'].pk}",
                token=tokens["fac_a"],
            ).json()["count"]
            == 0
        )
        # And the other way round.
        assert (
            call(client, "get", f"/contributions/{own.pk}", token=tokens["fac_b"]).status_code
            == 404
        )

    def test_the_programme_team_reads_everything_page_by_page(self, client, world, tokens):
        first = call(client, "get", "/contributions?page_size=1", token=tokens["analyst"]).json()
        second = call(
            client, "get", "/contributions?page_size=1&page=2", token=tokens["analyst"]
        ).json()
        assert (first["count"], first["pages"]) == (2, 2)
        assert {first["results"][0]["id"], second["results"][0]["id"]} == {
            c.pk for c in world["contributions"].values()
        }
        assert (
            call(client, "get", "/contributions?kind=idee", token=tokens["analyst"]).json()["count"]
            == 1
        )
        assert (
            call(
                client, "get", "/contributions?programme=test&kind=knel", token=tokens["analyst"]
            ).json()["count"]
            == 1
        )
        assert (
            call(
                client, "get", "/contributions?programme=bestaat-niet", token=tokens["analyst"]
            ).json()["count"]
            == 0
        )

    def test_a_liaison_sees_what_touches_their_ministry(self, client, world, tokens):
        listing = call(client, "get", "/contributions", token=tokens["liaison"]).json()
        assert [c["id"] for c in listing["results"]] == [world["contributions"]["a"].pk]

    def test_tables_and_themes(self, client, world, tokens):
        tables = call(client, "get", "/tables", token=tokens["fac_a"]).json()
        assert [(t["code"], t["contributions"], t["themes"]) for t in tables] == [
            ("A", 1, ["zorg"])
        ]
        assert (
            call(
                client, "get", f"/tables/{world['tables']['b'].pk}", token=tokens["fac_a"]
            ).status_code
            == 404
        )
        assert (
            call(
                client, "get", f"/tables/{world['tables']['b'].pk}", token=tokens["observer"]
            ).json()["code"]
            == "B"
        )
        themes = call(client, "get", "/themes?programme=test", token=tokens["host"]).json()
        assert sorted(t["slug"] for t in themes) == ["onderwijs", "zorg"]

    def test_bad_parameters_are_a_4xx_with_json(self, client, tokens):
        for path in (
            "/contributions?kind=onzin",
            "/contributions?page=0",
            "/contributions?programme=%00",
            "/contributions/99999999999999999999",
            "/tables/0",
        ):
            response = call(client, "get", path, token=tokens["analyst"])
            assert 400 <= response.status_code < 500, path
            assert "detail" in response.json()


class TestWriting:
    def test_a_facilitator_adds_to_their_own_table_and_not_to_another(self, client, world, tokens):
        body = {
            "programme": "test",
            "table": "A",
            "kind": "idee",
            "text": "Buurtzorg in elke wijk",
            "role": "Wijkverpleegkundige",
            "theme": ["zorg"],
        }
        created = call(client, "post", "/contributions", token=tokens["fac_a"], json=body)
        assert created.status_code == 201, created.content
        contribution = Contribution.objects.get(pk=created.json()["id"])
        assert (
            contribution.channel,
            contribution.author,
            contribution.table.code,
            created.json()["themes"],
        ) == ("api", world["fac_a"], "A", ["zorg"])

        again = call(client, "post", "/contributions", token=tokens["fac_a"], json=body)
        assert again.status_code == 409 and again.json()["id"] == contribution.pk

        elsewhere = call(
            client,
            "post",
            "/contributions",
            token=tokens["fac_a"],
            json={**body, "table": "B", "text": "Iets anders"},
        )
        assert elsewhere.status_code == 422 and "onbekende tafel ‘B’" in elsewhere.json()["reason"]
        nowhere = call(
            client,
            "post",
            "/contributions",
            token=tokens["fac_a"],
            json={"programme": "test", "text": "Zonder tafel"},
        )
        assert nowhere.status_code == 422 and "geef een tafel op" in nowhere.json()["reason"]

    def test_those_who_only_read_cannot_write(self, client, tokens):
        for name in ("host", "observer", "liaison"):
            response = call(
                client,
                "post",
                "/contributions",
                token=tokens[name],
                json={"programme": "test", "table": "A", "text": "Mag dit?"},
            )
            assert response.status_code == 403, name
        assert (
            call(
                client,
                "post",
                "/contributions",
                token=tokens["analyst"],
                json={"programme": "geheim", "text": "x"},
            ).status_code
            == 404
        )

    def test_bulk_reports_per_item_and_is_idempotent(self, client, world, tokens):
        items = [
            {
                "text": "Meer groen op schoolpleinen",
                "kind": "idee",
                "table": "B",
                "external_id": "ext-1",
            },
            {"text": "   "},
            {"text": "Iets", "kind": "wens"},
            {"text": "Meer groen op schoolpleinen", "kind": "idee", "external_id": "ext-1"},
            {"text": "Tekst met een \x00 erin"},
            {"text": "x" * 5001},
            {
                "text": "Zonder tafel, door het programmateam",
                "metadata": {"bron": "enquête", "text": "niet overschrijven"},
            },
        ]
        response = call(
            client,
            "post",
            "/contributions/bulk",
            token=tokens["analyst"],
            json={"programme": "test", "items": items},
        )
        assert response.status_code == 200, response.content
        report = response.json()
        statuses = [(i["index"], i["status"]) for i in report["items"]]
        assert statuses == [
            (0, "created"),
            (1, "error"),
            (2, "error"),
            (3, "duplicate"),
            (4, "error"),
            (5, "error"),
            (6, "created"),
        ]
        reasons = {i["index"]: i["reason"] for i in report["items"]}
        assert (
            "leeg" in reasons[1]
            and "wens" in reasons[2]
            and "NUL" in reasons[4]
            and "5001" in reasons[5]
        )
        assert (report["added"], report["errors"], report["duplicates"]) == (2, 4, 1)
        extra = Contribution.objects.get(pk=report["items"][6]["id"])
        assert (
            extra.metadata["bron"] == "enquête"
            and extra.metadata["metadata.text"] == "niet overschrijven"
        )

        second = call(
            client,
            "post",
            "/contributions/bulk",
            token=tokens["analyst"],
            json={"programme": "test", "items": items},
        ).json()
        assert second["added"] == 0 and second["already_imported"] == 2
        assert (
            second["items"][0]["status"] == "already_imported"
            and second["items"][0]["id"] == report["items"][0]["id"]
        )

    def test_strict_bulk_writes_nothing_when_one_item_is_wrong(self, client, tokens):
        before = Contribution.objects.count()
        items = [
            {"text": "Goed idee", "table": "A"},
            {"text": "Ook goed", "table": "A"},
            {"text": "Fout", "table": "ZZ"},
        ]
        response = call(
            client,
            "post",
            "/contributions/bulk",
            token=tokens["fac_a"],
            json={"programme": "test", "strict": True, "items": items},
        )
        assert response.status_code == 422
        assert [i["status"] for i in response.json()["items"]] == [
            "not_written",
            "not_written",
            "error",
        ]
        assert Contribution.objects.count() == before

    def test_malformed_bodies_are_a_4xx(self, client, tokens):
        token = tokens["analyst"]
        assert (
            call(
                client,
                "post",
                "/contributions/bulk",
                token=token,
                data="{niet json",
                content_type="application/json",
            ).status_code
            == 400
        )
        assert (
            call(
                client,
                "post",
                "/contributions/bulk",
                token=token,
                json={"programme": "test", "items": []},
            ).status_code
            == 422
        )
        assert (
            call(
                client,
                "post",
                "/contributions/bulk",
                token=token,
                json={"programme": "test", "items": [{"text": 5}]},
            ).status_code
            == 422
        )


def test_the_openapi_document_is_at_a_stable_address(client):
    document = client.get(API + "/openapi.json").json()
    assert document["info"]["title"] == "Oogst API"
    assert {
        "/api/v1/contributions",
        "/api/v1/contributions/bulk",
        "/api/v1/tables",
        "/api/v1/themes",
    } <= set(document["paths"])


def test_an_admin_makes_a_token_for_themselves_and_sees_it_once(client, world):
    from oogst.accounts.models import User

    admin = User.objects.create_superuser("beheer", password="pw-beheer-123")
    client.force_login(admin)
    response = client.post("/admin/api/apitoken/add/", {"name": "koppeling"}, follow=True)
    raw = re.search(r"oogst_[A-Za-z0-9_-]{20,}", response.content.decode()).group(0)
    token = ApiToken.objects.get(name="koppeling")
    assert token.user == admin and raw.startswith(token.prefix) and raw not in token.token_hash
    client.logout()
    assert {t["code"] for t in call(client, "get", "/tables", token=raw).json()} == {"A", "B"}


class TestRawTextIsAudited:
    """Contribution text leaves through the API unredacted, so every read is in the log."""

    def test_each_read_of_contributions_leaves_one_audit_line(self, client, world, tokens):
        from oogst.safeguards.models import AuditEntry

        call(client, "get", "/contributions?programme=test", token=tokens["analyst"])
        own = world["contributions"]["a"]
        call(client, "get", f"/contributions/{own.pk}", token=tokens["fac_a"])
        call(client, "get", "/contributions?programme=bestaat-niet", token=tokens["analyst"])
        entries = list(AuditEntry.objects.filter(action="export_raw").order_by("id"))
        assert [(e.actor, e.detail["channel"], e.detail["rows"]) for e in entries] == [
            (world["analyst"], "api", 2),
            (world["fac_a"], "api", 1),
        ]
        assert entries[0].programme == world["programme"]
        assert (entries[1].object_type, entries[1].object_id) == ("contribution", str(own.pk))
        # A refused read (someone else's contribution) is not a read.
        call(client, "get", f"/contributions/{own.pk}", token=tokens["fac_b"])
        assert AuditEntry.objects.filter(action="export_raw").count() == 2


def test_a_concurrent_bulk_write_is_a_409_and_writes_nothing(client, world, tokens, monkeypatch):
    from django.db import IntegrityError

    def collide(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr("oogst.harvest.bulk.insert", collide)
    before = Contribution.objects.count()
    response = call(
        client,
        "post",
        "/contributions/bulk",
        token=tokens["analyst"],
        json={"programme": "test", "items": [{"text": "Meer bankjes in het park"}]},
    )
    assert response.status_code == 409 and "tegelijk" in response.json()["detail"]
    assert Contribution.objects.count() == before
