"""After the retention date `oogst purge` removes contact details and raw personal data, and a
second run changes nothing."""

import datetime as dt

import pytest
from django.core import serializers
from django.core.management import call_command

from oogst.harvest.models import Contribution
from oogst.participants.models import ContactDetails, Participant
from oogst.safeguards.models import AuditEntry, RedactedText

from .conftest import contribute


def snapshot():
    models = [Contribution, RedactedText, ContactDetails, Participant, AuditEntry]
    return {m._meta.label: serializers.serialize("json", m.objects.order_by("pk")) for m in models}


@pytest.fixture
def expired(people):
    programme = people["programme"]
    programme.retention_until = dt.date(2020, 1, 1)
    programme.save()
    contribute(
        programme=programme,
        channel="public",
        text="Plan van Lotte Hendriks: meer bankjes.",
        metadata={
            "email": "lotte@example.nl",
            "consent": {"publish": True},
            "bron": "formulier van Lotte Hendriks",
        },
    )
    return people


@pytest.mark.django_db
class TestPurge:
    def test_purge_removes_contact_details_and_raw_text(self, expired, capsys):
        call_command("purge", programme="test")
        out = capsys.readouterr().out
        assert "opgeschoond: 2 contactgegevens" in out
        assert not ContactDetails.objects.exists()
        texts = " ".join(Contribution.objects.values_list("text", flat=True))
        for word in ["06-48213377", "Jansen", "Bouzid", "Lotte", "Hendriks"]:
            assert word not in texts
        public = Contribution.objects.get(channel="public")
        assert "email" not in public.metadata and public.metadata["consent"] == {"publish": True}
        assert "Hendriks" not in public.metadata["bron"]
        assert Participant.objects.get(code="P-5A11E001").attributes == {}
        entry = AuditEntry.objects.get(action="purge")
        assert entry.actor is None and entry.actor_label == "systeem (oogst purge)"

    def test_purge_keeps_the_review_of_a_reviewed_quote(self, expired):
        from oogst.safeguards import services

        services.accept_redaction(expired["quote"].redaction, expired["analyst"])
        call_command("purge", programme="test")
        stored = RedactedText.objects.get(contribution=expired["quote"])
        assert (
            stored.status == "accepted"
            and stored.text == Contribution.objects.get(pk=expired["quote"].pk).text
        )

    def test_second_run_changes_nothing(self, expired, capsys):
        call_command("purge")
        after_first = snapshot()
        capsys.readouterr()
        call_command("purge")
        assert (
            "opgeschoond: 0 contactgegevens, 0 bijdragen, 0 deelnemerskenmerken"
            in capsys.readouterr().out
        )
        assert snapshot() == after_first

    def test_dry_run_changes_nothing_and_says_what_it_would_do(self, expired, capsys):
        before = snapshot()
        call_command("purge", dry_run=True)
        assert "zou opschonen: 2 contactgegevens" in capsys.readouterr().out
        assert snapshot() == before

    def test_before_the_retention_date_nothing_happens(self, people, capsys):
        people["programme"].retention_until = dt.date(2999, 1, 1)
        people["programme"].save()
        before = snapshot()
        call_command("purge")
        assert "niets te doen (bewaren tot: 2999-01-01)" in capsys.readouterr().out
        assert snapshot() == before
