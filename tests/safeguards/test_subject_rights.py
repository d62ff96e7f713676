"""Data-subject requests: the export holds everything on one participant; erasure leaves
nothing that identifies them, in any table."""

import json

import pytest
from django.apps import apps
from django.db import models

from oogst.harvest.models import Contribution
from oogst.participants.models import ContactDetails
from oogst.safeguards import services
from oogst.safeguards.models import AuditEntry, ProgrammePrivacyPolicy

IDENTIFIERS = [
    "Sanne",
    "Verhoeven",
    "sanne.verhoeven@example.nl",
    "06-48213377",
    "48213377",
    "Jansen",
]


def every_text_value():
    """Every value of every text-like column of every table: what a thorough search would find."""
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        if not fields:
            continue
        for row in model.objects.values_list(*fields):
            for value in row:
                if value:
                    yield (
                        model._meta.label,
                        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False),
                    )


@pytest.mark.django_db
class TestAccessRequest:
    def test_export_contains_everything_held(self, client, people):
        services.accept_redaction(people["quote"].redaction, people["analyst"])
        client.force_login(people["analyst"])
        response = client.get("/privacy/test/deelnemers/P-5A11E001/inzage.json")
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        data = json.loads(response.content)
        assert data["participant"]["code"] == "P-5A11E001"
        assert data["participant"]["age_band"] == "25-34"
        assert data["participant"]["attributes"] == {"beroep": "verpleegkundige"}
        assert data["contact_details"]["email"] == "sanne.verhoeven@example.nl"
        assert data["contact_details"]["phone"] == "06-48213377"
        assert {c["purpose"] for c in data["consents"]} == {"participation", "quote", "publish"}
        assert [t["code"] for t in data["tables"]] == ["A"]
        [contribution] = data["contributions"]
        assert "06-48213377" in contribution["text"]  # their own raw text: it is theirs
        assert "06-48213377" not in contribution["redacted_text"]
        assert contribution["redaction_status"] == "accepted"
        assert [c["theme"] for c in contribution["theme_codings"]] == ["Zorg en gezondheid"]
        # the export itself is logged, and the log is part of the next export
        assert (
            AuditEntry.objects.filter(
                action="export_subject", object_id=str(people["sanne"].pk)
            ).count()
            == 1
        )
        again = json.loads(client.get("/privacy/test/deelnemers/P-5A11E001/inzage.json").content)
        assert "export_subject" in [e["action"] for e in again["audit_entries"]]

    def test_export_holds_nothing_of_another_participant(self, client, people):
        client.force_login(people["analyst"])
        body = client.get("/privacy/test/deelnemers/P-5A11E001/inzage.json").content.decode()
        assert "Bouzid" not in body and "P-A4ED0002" not in body

    def test_viewing_contact_details_is_logged_and_viewing_the_page_too(self, client, people):
        client.force_login(people["analyst"])
        page = client.get("/privacy/test/deelnemers/P-5A11E001/").content.decode()
        assert "sanne.verhoeven@example.nl" not in page  # hidden until asked for
        page = client.get("/privacy/test/deelnemers/P-5A11E001/?contact=1").content.decode()
        assert "sanne.verhoeven@example.nl" in page
        actions = list(
            AuditEntry.objects.filter(actor=people["analyst"]).values_list("action", flat=True)
        )
        assert sorted(actions) == ["view_contact", "view_participant"]

    def test_admin_contact_view_is_logged(self, client, people):
        people["analyst"].is_staff = people["analyst"].is_superuser = True
        people["analyst"].save()
        client.force_login(people["analyst"])
        contact = people["sanne"].contact
        assert (
            client.get(f"/admin/participants/contactdetails/{contact.pk}/change/").status_code
            == 200
        )
        entry = AuditEntry.objects.get(action="view_contact")
        assert entry.detail == {"code": "P-5A11E001", "via": "admin"}


@pytest.mark.django_db
class TestErasure:
    @pytest.mark.parametrize("mode", ["remove", "anonymise"])
    def test_erase_leaves_nothing_that_identifies_them(self, client, people, mode):
        ProgrammePrivacyPolicy.objects.create(programme=people["programme"], erase_mode=mode)
        client.force_login(people["analyst"])
        confirm = client.get("/privacy/test/deelnemers/P-5A11E001/wissen/")
        assert "Dit kan niet ongedaan worden gemaakt" in confirm.content.decode()
        response = client.post(
            "/privacy/test/deelnemers/P-5A11E001/wissen/", {"code": "P-5A11E001"}
        )
        assert response.status_code == 302

        for label, value in every_text_value():
            for identifier in IDENTIFIERS:
                assert identifier not in value, f"{identifier!r} is still in {label}: {value!r}"
        sanne = people["sanne"]
        sanne.refresh_from_db()
        assert not ContactDetails.objects.filter(participant=sanne).exists()
        assert (sanne.age_band, sanne.gender, sanne.attributes) == ("", "unknown", {})
        assert sanne.withdrawn_at is not None
        quote = Contribution.objects.get(pk=people["quote"].pk)
        if mode == "remove":
            assert quote.text == services.REMOVED_TEXT
        else:
            assert "huisartsenpost in Zwolle" in quote.text and "[telefoon]" in quote.text
        # the other participant is untouched
        assert people["ahmed"].contact.name == "Ahmed Bouzid"
        entry = AuditEntry.objects.get(action="erase")
        assert entry.actor == people["analyst"] and entry.detail["contributions"] == 1

    def test_a_wrong_confirmation_code_erases_nothing(self, client, people):
        client.force_login(people["analyst"])
        response = client.post(
            "/privacy/test/deelnemers/P-5A11E001/wissen/", {"code": "P-A4ED0002"}
        )
        assert response.status_code == 422
        assert 'id="id_code_error"' in response.content.decode()
        assert ContactDetails.objects.filter(participant=people["sanne"]).exists()


@pytest.mark.django_db
def test_the_log_page_says_who_did_what_in_words(client, people):
    client.force_login(people["analyst"])
    client.get("/privacy/test/deelnemers/P-5A11E001/?contact=1")
    client.get("/privacy/test/export/citaten.csv")
    body = client.get("/privacy/test/logboek/").content.decode()
    assert (
        "Contactgegevens bekeken" in body and 'href="/privacy/test/deelnemers/P-5A11E001/"' in body
    )
    assert "formaat: csv" in body and "achtergehouden: 2" in body
    only_contact = client.get("/privacy/test/logboek/?handeling=view_contact").content.decode()
    assert "Citaten geëxporteerd" not in only_contact.split("<tbody>")[1]
