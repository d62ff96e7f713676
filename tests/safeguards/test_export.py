"""Exporting a programme's quotes: only reviewed, consented, redacted text, attributed by role,
with a count of what was withheld and why. Only the programme team may do it. (The memo for
the committees is made with the other products: tests/products.)"""

import csv
import io
import json

import pytest

from oogst.safeguards import services
from oogst.safeguards.models import AuditEntry

from .conftest import contribute

IDENTIFYING = ["Jansen", "06-48213377", "Sanne", "Verhoeven", "Ahmed", "Bouzid", "1234 9876"]


@pytest.fixture
def analyst(client, people):
    client.force_login(people["analyst"])
    return client


@pytest.mark.django_db
class TestCsvAndJson:
    def test_csv_has_only_publishable_quotes(self, analyst, people):
        services.accept_redaction(people["quote"].redaction, people["analyst"])
        response = analyst.get("/privacy/test/export/citaten.csv")
        body = response.content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
        assert [r["rol"] for r in rows] == ["Verpleegkundige"]
        assert "[telefoon]" in rows[0]["tekst"]
        for word in IDENTIFYING:
            assert word not in body

    def test_json_states_how_many_were_withheld_and_why(self, analyst, people):
        services.accept_redaction(people["quote"].redaction, people["analyst"])
        data = json.loads(analyst.get("/privacy/test/export/citaten.json").content)
        assert len(data["quotes"]) == 1
        assert data["withheld"] == {"no_quote_consent": 1}
        assert data["candidates"] == 2

    def test_every_export_is_in_the_audit_log(self, analyst, people):
        for suffix in ("citaten.csv", "citaten.json"):
            analyst.get(f"/privacy/test/export/{suffix}")
        entries = AuditEntry.objects.filter(action="export_quotes", actor=people["analyst"])
        assert sorted(e.detail["format"] for e in entries) == ["csv", "json"]


@pytest.mark.django_db
class TestOnlyTheProgrammeTeam:
    @pytest.mark.parametrize("role", ["fac_a", "host", "observer", "liaison"])
    @pytest.mark.parametrize(
        "url",
        [
            "/privacy/",
            "/privacy/test/",
            "/privacy/test/controle/",
            "/privacy/test/export/",
            "/privacy/test/export/citaten.csv",
            "/privacy/test/deelnemers/P-5A11E001/",
            "/privacy/test/deelnemers/P-5A11E001/inzage.json",
            "/privacy/test/logboek/",
            "/privacy/test/beleid/",
        ],
    )
    def test_other_roles_are_refused(self, client, people, role, url):
        client.force_login(people[role])
        response = client.get(url)
        assert response.status_code == 403
        assert b"huisartsenpost" not in response.content and b"Sanne" not in response.content

    def test_other_roles_cannot_accept_or_erase(self, client, people):
        client.force_login(people["fac_a"])
        redaction = people["quote"].redaction
        assert (
            client.post(f"/privacy/test/controle/{redaction.pk}/", {"action": "safe"}).status_code
            == 403
        )
        assert (
            client.post(
                "/privacy/test/deelnemers/P-5A11E001/wissen/", {"code": "P-5A11E001"}
            ).status_code
            == 403
        )
        redaction.refresh_from_db()
        assert redaction.status == "automatic"
        assert people["sanne"].contact.name == "Sanne Verhoeven"

    def test_anonymous_is_sent_to_login(self, client, people):
        response = client.get("/privacy/test/export/citaten.csv")
        assert response.status_code == 302 and "/inloggen/" in response["Location"]

    def test_unknown_programme_is_404_for_the_team(self, analyst):
        assert analyst.get("/privacy/elders/export/").status_code == 404

    def test_export_page_shows_counts(self, analyst, people):
        body = analyst.get("/privacy/test/export/").content.decode()
        assert "citaten achtergehouden" in body
        assert "Geen toestemming om te citeren" in body


@pytest.mark.django_db
class TestOneTheme:
    def test_export_of_one_theme_holds_only_its_quotes(self, analyst, people):
        from oogst.harvest.models import ThemeAssignment

        services.accept_redaction(people["quote"].redaction, people["analyst"])
        school = contribute(
            programme=people["programme"],
            table=people["tables"]["b"],
            participant=people["sanne"],
            is_quote=True,
            role_label="Docent",
            text="De klas was maanden leeg.",
        )
        ThemeAssignment.objects.create(contribution=school, theme=people["themes"]["school"])
        services.accept_redaction(school.redaction, people["analyst"])

        data = json.loads(analyst.get("/privacy/test/export/citaten.json?thema=onderwijs").content)
        assert [q["text"] for q in data["quotes"]] == ["De klas was maanden leeg."]
        assert data["theme"] == "onderwijs" and data["withheld"] == {}
        analyst.get("/privacy/test/export/citaten.csv?thema=zorg")
        assert AuditEntry.objects.filter(action="export_quotes", detail__theme="zorg").exists()

    def test_an_unknown_theme_is_404_not_everything(self, analyst, people):
        assert analyst.get("/privacy/test/export/citaten.csv?thema=bestaat-niet").status_code == 404
