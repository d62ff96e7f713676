"""Whether a contribution may be quoted in a product, and if not, the reason why."""

import pytest

from oogst.harvest.models import Contribution
from oogst.safeguards import selectors, services
from oogst.safeguards.models import ProgrammePrivacyPolicy

from .conftest import contribute, give_consent


def reviewed(contribution, user):
    services.accept_redaction(contribution.redaction, user)
    contribution.refresh_from_db()
    return contribution


@pytest.mark.django_db
class TestQuoteDecision:
    def test_consent_and_review_make_a_quote_usable_with_redacted_text(self, people):
        quote = reviewed(people["quote"], people["analyst"])
        decision = selectors.quote_decision(quote)
        assert decision.allowed
        assert "06-48213377" not in decision.text and "Jansen" not in decision.text

    def test_without_review_the_quote_waits(self, people):
        assert selectors.quote_decision(people["quote"]).reason == "not_reviewed"

    def test_without_quote_consent_never_even_after_review(self, people):
        quote = reviewed(people["ahmed_quote"], people["analyst"])
        decision = selectors.quote_decision(quote)
        assert not decision.allowed and decision.reason == "no_quote_consent"
        assert decision.text is None

    def test_the_latest_consent_record_wins(self, people):
        quote = reviewed(people["quote"], people["analyst"])
        give_consent(people["sanne"], "quote", given=False, version="v2")
        assert selectors.quote_decision(quote).reason == "no_quote_consent"
        give_consent(people["sanne"], "quote", given=True, version="v3")
        assert selectors.quote_decision(quote).allowed

    def test_withdrawal_beats_consent(self, people):
        quote = reviewed(people["quote"], people["analyst"])
        services.withdraw_participant(people["sanne"], actor=people["analyst"])
        quote.refresh_from_db()
        assert selectors.quote_decision(quote).reason == "withdrawn"

    def test_a_facilitator_summary_is_text_but_not_a_quote(self, world):
        summary = contribute(
            programme=world["programme"],
            table=world["tables"]["a"],
            is_quote=False,
            text="De tafel vond dat de wachtlijsten in de zorg te lang zijn.",
        )
        assert selectors.quote_decision(summary).reason == "not_a_quote"
        assert selectors.publishable_text(summary) == summary.text


@pytest.mark.django_db
class TestContributionsWithoutAParticipant:
    def test_table_quote_without_participant_follows_the_programme_policy(self, world):
        quote = contribute(
            programme=world["programme"],
            table=world["tables"]["a"],
            is_quote=True,
            role_label="Student",
            text="Ik miste vooral mijn vrienden.",
        )
        quote = reviewed(quote, world["analyst"])
        assert selectors.quote_decision(quote).reason == "no_quote_consent"
        ProgrammePrivacyPolicy.objects.create(
            programme=world["programme"], table_quote_consent=True
        )
        assert selectors.quote_decision(quote).allowed

    def test_public_site_submission_carries_its_own_consent(self, world):
        def submitted(consent):
            c = contribute(
                programme=world["programme"],
                channel="public",
                is_quote=True,
                text="Meer groen in de wijk.",
                metadata={"consent": consent},
            )
            return reviewed(c, world["analyst"])

        assert selectors.quote_decision(submitted({"quote": True})).allowed
        assert selectors.quote_decision(submitted({"quote": False})).reason == "no_quote_consent"
        assert (
            selectors.quote_decision(submitted({"quote": "yes"})).reason == "no_quote_consent"
        )  # only a real yes

    def test_a_polis_statement_is_quotable_unless_the_programme_says_otherwise(self, world):
        statement = contribute(
            programme=world["programme"],
            channel="polis",
            is_quote=True,
            text="Meer bussen op het platteland.",
        )
        statement = reviewed(statement, world["analyst"])
        assert selectors.quote_decision(statement).allowed
        ProgrammePrivacyPolicy.objects.create(
            programme=world["programme"], polis_quote_consent=False
        )
        assert selectors.quote_decision(statement).reason == "no_quote_consent"

    def test_import_without_consent_is_not_quoted(self, world):
        c = contribute(
            programme=world["programme"], channel="import", is_quote=True, text="Meer bussen."
        )
        assert selectors.quote_decision(reviewed(c, world["analyst"])).reason == "no_quote_consent"


@pytest.mark.django_db
class TestPublicSite:
    def test_public_list_shows_redacted_text_of_consented_submissions_only(self, world):
        shown = contribute(
            programme=world["programme"],
            channel="public",
            kind="idee",
            text="Idee van Karin Smit (06-87654321): een deelauto per straat.",
            metadata={"consent": {"publish": True}},
        )
        contribute(
            programme=world["programme"],
            channel="public",
            kind="idee",
            text="Geen toestemming gegeven.",
            metadata={"consent": {"publish": False}},
        )
        contribute(
            programme=world["programme"],
            channel="public",
            text="Wacht op moderatie.",
            moderation="pending",
            metadata={"consent": {"publish": True}},
        )
        items = selectors.public_items(world["programme"].contributions.filter(channel="public"))
        assert [item.contribution for item in items] == [shown]
        assert "Karin" not in items[0].text and "06-87654321" not in items[0].text
        assert "deelauto per straat" in items[0].text

    def test_withdrawn_participant_leaves_the_public_site(self, people):
        before = selectors.public_items(people["programme"].contributions.all())
        assert people["quote"] in [i.contribution for i in before]
        services.withdraw_participant(people["sanne"], via_code=True)
        after = selectors.public_items(people["programme"].contributions.all())
        assert people["quote"] not in [i.contribution for i in after]


@pytest.mark.django_db
class TestRecordingConsentOnBehalf:
    def test_analyst_records_a_withdrawn_quote_consent_and_the_quote_is_withheld(
        self, client, people
    ):
        quote = reviewed(people["quote"], people["analyst"])
        assert selectors.quote_decision(quote).allowed
        client.force_login(people["analyst"])
        url = "/privacy/test/deelnemers/P-5A11E001/toestemming/"
        data = {"consent-purpose": "quote", "consent-given": "0", "consent-text_version": "v1"}
        response = client.post(url, data, follow=True)
        assert "Toestemming vastgelegd." in response.content.decode()
        assert selectors.quote_decision(quote).reason == "no_quote_consent"
        latest = (
            people["sanne"].consents.filter(purpose="quote").order_by("-recorded_at", "-id").first()
        )
        assert latest.recorded_by == people["analyst"] and latest.given is False
        from oogst.safeguards.models import AuditEntry

        entry = AuditEntry.objects.get(action="consent")
        assert entry.detail == {
            "code": "P-5A11E001",
            "purpose": "quote",
            "given": False,
            "text_version": "v1",
        }

    def test_incomplete_form_records_nothing(self, client, people):
        client.force_login(people["analyst"])
        before = people["sanne"].consents.count()
        url = "/privacy/test/deelnemers/P-5A11E001/toestemming/"
        response = client.post(url, {"consent-purpose": "quote"}, follow=True)
        assert "Niet vastgelegd" in response.content.decode()
        assert people["sanne"].consents.count() == before

    def test_a_facilitator_cannot_record_consent(self, client, people):
        client.force_login(people["fac_a"])
        url = "/privacy/test/deelnemers/P-5A11E001/toestemming/"
        data = {"consent-purpose": "quote", "consent-given": "1", "consent-text_version": "v9"}
        assert client.post(url, data).status_code == 403
        assert not people["sanne"].consents.filter(text_version="v9").exists()


@pytest.mark.django_db
def test_exclude_withdrawn_keeps_contributions_without_a_participant(people):
    everything = people["programme"].contributions.all()
    assert selectors.exclude_withdrawn(everything).count() == 4
    services.withdraw_participant(people["sanne"], via_code=True)
    remaining = set(selectors.exclude_withdrawn(everything))
    assert people["quote"] not in remaining
    assert {
        people["ahmed_quote"],
        people["contributions"]["a"],
        people["contributions"]["b"],
    } <= remaining


def test_public_items_read_the_policy_once_not_per_item(world, django_assert_max_num_queries):
    from oogst.safeguards.selectors import public_items

    for i in range(12):
        contribute(programme=world["programme"], text=f"Idee nummer {i} voor de wijk.", kind="idee")
    with django_assert_max_num_queries(6):
        public_items(Contribution.objects.filter(programme=world["programme"]))
