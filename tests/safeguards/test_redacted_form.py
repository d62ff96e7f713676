"""Every contribution gets a redacted form the moment it is recorded (or a background job makes
it, for a bulk import), and nothing that leaves the system ever uses the raw text."""

import pytest
from django.core.management import call_command

from oogst.harvest.actions import change_contribution
from oogst.harvest.models import Contribution
from oogst.privacy import REASONS
from oogst.safeguards import selectors, services
from oogst.safeguards.models import ProgrammePrivacyPolicy, RedactedText

from .conftest import contribute

RAW = "Ik ben Jan de Vries, bel me op 06-12345678 of mail jan.devries@example.nl."


@pytest.mark.django_db
class TestRecordingAContributionRedactsIt:
    def test_saved_contribution_has_a_redacted_form_without_name_phone_or_email(self, world):
        c = contribute(programme=world["programme"], table=world["tables"]["a"], text=RAW)
        stored = RedactedText.objects.get(contribution=c)
        assert "Jan de Vries" not in stored.text and "06-12345678" not in stored.text
        assert "jan.devries@example.nl" not in stored.text
        assert "[telefoon]" in stored.text and "[naam]" in stored.text
        assert stored.status == RedactedText.Status.AUTOMATIC
        assert {s["type"] for s in stored.spans} >= {"name", "phone", "email"}
        # spans point into the raw text but do not copy it; they say which rule took them
        assert all(set(s) == {"start", "end", "type", "reason"} for s in stored.spans)
        assert {s["reason"] for s in stored.spans} <= set(REASONS)

    def test_woo_marking_follows_the_programme_policy(self, world):
        ProgrammePrivacyPolicy.objects.create(programme=world["programme"], marker="woo")
        c = contribute(programme=world["programme"], text=RAW)
        assert "[5.1.2e]" in c.redaction.text and "[telefoon]" not in c.redaction.text

    def test_public_figure_on_the_allow_list_stays(self, world):
        ProgrammePrivacyPolicy.objects.create(
            programme=world["programme"], allowed_terms="burgemeester Peter Snijders\n"
        )
        c = contribute(
            programme=world["programme"], text="Burgemeester Peter Snijders kwam zelf langs."
        )
        assert "Snijders" in c.redaction.text

    def test_editing_the_text_sends_a_reviewed_redaction_back_to_the_queue(self, people):
        quote = people["quote"]
        services.accept_redaction(quote.redaction, people["analyst"])
        change_contribution(quote, text=quote.text + " Mijn zoon Daan de Boer zag het ook.")
        quote.refresh_from_db()
        assert quote.redaction.status == RedactedText.Status.AUTOMATIC
        assert "Daan" not in quote.redaction.text

    def test_saving_unchanged_text_keeps_the_review(self, people):
        quote = people["quote"]
        services.accept_redaction(quote.redaction, people["analyst"])
        change_contribution(quote, kind="idee")
        quote.refresh_from_db()
        assert quote.redaction.status == RedactedText.Status.ACCEPTED


@pytest.mark.django_db
class TestPublishableText:
    def test_is_redacted_and_never_raw(self, people):
        text = selectors.publishable_text(people["quote"])
        assert "06-48213377" not in text and "Jansen" not in text
        assert "huisartsenpost in Zwolle" in text  # place names stay: they make a quote useful

    def test_text_changed_behind_the_hooks_back_is_redacted_on_the_fly(self, people):
        Contribution.objects.filter(pk=people["quote"].pk).update(
            text="Bel Kees Hoogendoorn op 06-11112222."
        )
        fresh = Contribution.objects.get(pk=people["quote"].pk)
        text = selectors.publishable_text(fresh)
        assert "06-11112222" not in text and "Hoogendoorn" not in text
        # and for quoting it counts as unreviewed again
        assert selectors.quote_decision(fresh).reason == "not_reviewed"

    def test_withdrawn_participant_has_no_publishable_text(self, people):
        services.withdraw_participant(people["sanne"], actor=people["analyst"])
        people["quote"].refresh_from_db()
        assert selectors.publishable_text(people["quote"]) is None

    def test_a_failing_engine_closes_the_door(self, people, monkeypatch):
        RedactedText.objects.all().delete()
        fresh = Contribution.objects.get(pk=people["quote"].pk)

        def broken(policy, text):
            raise RuntimeError("lexicon missing")

        monkeypatch.setattr("oogst.safeguards.redaction.redact", broken)
        assert selectors.publishable_text(fresh) is None
        assert selectors.quote_decision(fresh).reason == "no_redaction"


@pytest.mark.django_db
class TestRebuildingRedactions:
    def test_bulk_imported_contributions_get_a_redaction_from_the_command(self, world, capsys):
        Contribution.objects.bulk_create(
            [
                Contribution(
                    programme=world["programme"], text=f"Bel Piet Bakker op 06-1234567{i}."
                )
                for i in range(3)
            ]
        )
        assert Contribution.objects.filter(redaction__isnull=True).count() == 3
        call_command("redactions", programme="test")
        assert Contribution.objects.filter(redaction__isnull=True).count() == 0
        assert "3 nieuw" in capsys.readouterr().out
        assert not RedactedText.objects.filter(text__contains="06-1234567").exists()

    def test_rebuild_leaves_reviewed_redactions_alone(self, people):
        services.adjust_redaction(
            people["quote"].redaction, people["analyst"], "Handmatig: [naam] belde."
        )
        report = services.rebuild_redactions(people["programme"], force=True)
        people["quote"].redaction.refresh_from_db()
        assert people["quote"].redaction.text == "Handmatig: [naam] belde."
        assert report.failed == []

    def test_unknown_programme_is_a_clear_error(self, db):
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="Onbekend programma: nope"):
            call_command("redactions", programme="nope")


def test_the_review_queue_has_words_for_every_reason_of_the_engine():
    """A reviewer sees why a span was taken: every reason the library gives has a label."""
    from oogst.safeguards.redaction import REASON_LABELS

    assert set(REASONS) <= set(REASON_LABELS)
