"""A participant withdraws with their own code (or an analyst does it for them); the code
only works in its own programme, guessing is rate-limited, and the audit log says who."""

import pytest
from django.test import Client

from oogst.participants.models import Participant
from oogst.programme.models import Programme
from oogst.safeguards.models import AuditEntry


def withdraw(client, programme="test", code="P-5A11E001", confirm=True):
    data = {"programme": programme, "code": code}
    if confirm:
        data["confirm"] = "on"
    return client.post("/privacy/intrekken/", data)


@pytest.mark.django_db
class TestWithdrawingWithACode:
    def test_participant_withdraws_with_their_code(self, client, people):
        page = client.get("/privacy/intrekken/?programma=test")
        assert page.status_code == 200 and "Uw deelnemerscode" in page.content.decode()
        response = withdraw(client, code="p-5a11e001 ")  # typed in lower case with a space
        assert response.status_code == 200
        assert "Uw deelname is ingetrokken" in response.content.decode()
        people["sanne"].refresh_from_db()
        assert people["sanne"].withdrawn_at is not None
        entry = AuditEntry.objects.get(action="withdraw")
        assert entry.actor is None and entry.actor_label == "deelnemer met deelnemerscode"
        assert entry.object_id == str(people["sanne"].pk) and entry.programme == people["programme"]

    def test_a_code_from_another_programme_does_not_work(self, client, people):
        other = Programme.objects.create(slug="ander", name="Ander programma")
        Participant.objects.create(programme=other, code="P-0THER001")
        response = withdraw(client, code="P-0THER001")  # right code, wrong programme
        assert response.status_code == 422
        assert "hoort niet bij een deelnemer van dit programma" in response.content.decode()
        response = withdraw(client, programme="ander", code="P-5A11E001")  # Sanne's code elsewhere
        assert response.status_code == 422
        assert not Participant.objects.filter(withdrawn_at__isnull=False).exists()

    def test_confirmation_is_required_and_the_error_is_tied_to_the_field(self, client, people):
        response = withdraw(client, confirm=False)
        body = response.content.decode()
        assert response.status_code == 422
        assert 'aria-describedby="id_confirm_error"' in body and 'id="id_confirm_error"' in body
        people["sanne"].refresh_from_db()
        assert people["sanne"].withdrawn_at is None

    def test_guessing_codes_is_rate_limited(self, client, people):
        for i in range(5):
            assert withdraw(client, code=f"P-GUESS{i:03d}").status_code == 422
        blocked = withdraw(client)  # even the right code waits now
        assert blocked.status_code == 429
        assert "Te veel pogingen" in blocked.content.decode()
        people["sanne"].refresh_from_db()
        assert people["sanne"].withdrawn_at is None

    def test_csrf_is_enforced(self, people):
        strict = Client(enforce_csrf_checks=True)
        assert withdraw(strict).status_code == 403
        people["sanne"].refresh_from_db()
        assert people["sanne"].withdrawn_at is None

    def test_withdrawing_twice_keeps_the_first_date(self, client, people):
        withdraw(client)
        people["sanne"].refresh_from_db()
        first = people["sanne"].withdrawn_at
        withdraw(client)
        people["sanne"].refresh_from_db()
        assert people["sanne"].withdrawn_at == first
        assert AuditEntry.objects.filter(action="withdraw").count() == 1


@pytest.mark.django_db
class TestAnalystWithdrawsOnBehalf:
    def test_analyst_withdraws_and_is_named_in_the_log(self, client, people):
        client.force_login(people["analyst"])
        response = client.post(
            "/privacy/test/deelnemers/P-5A11E001/intrekken/", {"confirm": "on"}, follow=True
        )
        assert "is ingetrokken" in response.content.decode()
        people["sanne"].refresh_from_db()
        assert people["sanne"].withdrawn_at is not None
        assert AuditEntry.objects.get(action="withdraw").actor == people["analyst"]

    def test_without_confirmation_nothing_happens(self, client, people):
        client.force_login(people["analyst"])
        client.post("/privacy/test/deelnemers/P-5A11E001/intrekken/", {})
        people["sanne"].refresh_from_db()
        assert people["sanne"].withdrawn_at is None

    def test_a_participant_of_another_programme_is_404(self, client, people):
        other = Programme.objects.create(slug="ander", name="Ander programma")
        Participant.objects.create(programme=other, code="P-0THER001")
        client.force_login(people["analyst"])
        assert (
            client.post(
                "/privacy/test/deelnemers/P-0THER001/intrekken/", {"confirm": "on"}
            ).status_code
            == 404
        )
