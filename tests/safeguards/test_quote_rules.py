"""The privacy app's quote rules as other apps use them: whether a contribution may be shown
as a quote now, quotation consent on plain values, and each programme's policy read once."""

import pytest

from oogst.harvest.models import Channel, Contribution
from oogst.participants.models import Consent
from oogst.public.models import PublicSubmission
from oogst.safeguards import redaction, selectors, services
from oogst.safeguards.models import ProgrammePrivacyPolicy, RedactedText

from .conftest import contribute, give_consent


def fresh(contribution):
    """As readers load it: with what the consent decision reads joined in."""
    return selectors.with_consent_records(Contribution.objects.filter(pk=contribution.pk)).get()


@pytest.mark.django_db
class TestQuotableText:
    def test_a_consented_quote_is_shown_redacted_before_any_review(self, people):
        text, reason = selectors.quotable_text(fresh(people["quote"]))
        assert reason == ""
        assert "huisartsenpost in Zwolle" in text
        assert "06-48213377" not in text and "Jansen" not in text
        # products ask more: there the unreviewed redaction holds the quote back
        assert selectors.quote_decision(fresh(people["quote"])).reason == "not_reviewed"

    def test_a_consented_summary_is_shown_too(self, people):
        Contribution.objects.filter(pk=people["quote"].pk).update(is_quote=False)
        text, reason = selectors.quotable_text(fresh(people["quote"]))
        assert reason == "" and text
        assert selectors.quote_decision(fresh(people["quote"])).reason == "not_a_quote"

    def test_withdrawn_is_never_shown_whatever_the_consent(self, people):
        services.withdraw_participant(people["sanne"], actor=people["analyst"])
        assert selectors.quotable_text(fresh(people["quote"])) == (None, "withdrawn")

    def test_without_consent_to_quote_nothing_is_shown(self, people):
        assert selectors.quotable_text(fresh(people["ahmed_quote"])) == (
            None,
            "no_quote_consent",
        )

    def test_consent_taken_back_is_read_at_once(self, people):
        give_consent(people["sanne"], "quote", given=False, version="v2")
        assert selectors.quotable_text(fresh(people["quote"])) == (None, "no_quote_consent")

    def test_the_consents_passed_in_are_the_ones_read(self, people):
        quote = fresh(people["quote"])
        refused = {(people["sanne"].pk, Consent.Purpose.QUOTE): False}
        policy = selectors.policy_for(quote.programme_id)
        assert selectors.quotable_text(quote, policy, refused) == (None, "no_quote_consent")

    def test_when_the_redaction_fails_nothing_is_shown(self, people, monkeypatch):
        RedactedText.objects.filter(contribution=people["quote"]).delete()

        def broken(policy, text):
            raise RuntimeError("engine down")

        monkeypatch.setattr(redaction, "redact", broken)
        assert selectors.quotable_text(fresh(people["quote"])) == (None, "no_redaction")
        # the same step closes the door for products
        assert selectors.quote_decision(fresh(people["quote"])).reason == "no_redaction"

    def test_withdrawal_comes_before_consent_and_redaction(self, people, monkeypatch):
        # Sanne consented to be quoted, and her text's redaction would fail: withdrawal is
        # still the reason given, so it is checked first.
        services.withdraw_participant(people["sanne"], actor=people["analyst"])
        RedactedText.objects.filter(contribution=people["quote"]).delete()

        def broken(policy, text):
            raise RuntimeError("engine down")

        monkeypatch.setattr(redaction, "redact", broken)
        assert selectors.quotable_text(fresh(people["quote"])) == (None, "withdrawn")


@pytest.mark.django_db
class TestPoliciesByProgramme:
    def test_reads_a_programme_policy_once(self, world, django_assert_num_queries):
        programme = world["programme"]
        ProgrammePrivacyPolicy.objects.create(programme=programme, table_quote_consent=True)
        policy = selectors.policies_by_programme()
        with django_assert_num_queries(1):
            first = policy(programme.pk)
            again = policy(programme.pk)
        assert first is again and first.table_quote_consent

    def test_a_programme_without_a_policy_gets_the_defaults(self, world):
        policy = selectors.policies_by_programme()(world["programme"].pk)
        assert policy.pk is None and policy.programme_id == world["programme"].pk
        assert not policy.table_quote_consent

    def test_each_reader_starts_afresh(self, world):
        programme = world["programme"]
        before = selectors.policies_by_programme()
        assert not before(programme.pk).table_quote_consent
        ProgrammePrivacyPolicy.objects.create(programme=programme, table_quote_consent=True)
        assert not before(programme.pk).table_quote_consent  # a reader keeps what it read
        assert selectors.policies_by_programme()(programme.pk).table_quote_consent


@pytest.mark.django_db
class TestQuoteConsentReader:
    @pytest.fixture
    def mixed(self, people):
        """One of every way consent is given or refused."""
        programme, table = people["programme"], people["tables"]["a"]

        def made(**fields):
            return contribute(
                programme=programme, is_quote=True, text="Meer bussen op het platteland.", **fields
            )

        taken_back = made(table=table, participant=people["ahmed"])
        give_consent(people["ahmed"], "quote")
        give_consent(people["ahmed"], "quote", given=False, version="v2")
        contributions = {
            "consented": people["quote"],
            "taken_back": taken_back,
            "table_note": made(table=table),
            "polis": made(channel=Channel.POLIS),
            "import_yes": made(channel=Channel.IMPORT, metadata={"consent": {"quote": True}}),
            "import_not_really": made(
                channel=Channel.IMPORT, metadata={"consent": {"quote": "yes"}}
            ),
            "import_publish_only": made(
                channel=Channel.IMPORT, metadata={"consent": {"publish": True}}
            ),
            "import_silent": made(channel=Channel.IMPORT),
            "site_yes": made(channel=Channel.PUBLIC),
            "site_no": made(channel=Channel.PUBLIC, metadata={"consent": {"quote": True}}),
        }
        PublicSubmission.objects.create(
            contribution=contributions["site_yes"], reference="Q-1", quote_consent=True
        )
        # the site's own record wins over what the metadata says
        PublicSubmission.objects.create(
            contribution=contributions["site_no"], reference="Q-2", quote_consent=False
        )
        return contributions

    def read(self, contributions):
        queryset = Contribution.objects.filter(pk__in=[c.pk for c in contributions.values()])
        fields, decide = selectors.quote_consent_reader(queryset)
        rows = queryset.values_list("pk", "programme_id", "channel", *fields)
        by_pk = {
            pk: decide(programme_id, channel, *rest) for pk, programme_id, channel, *rest in rows
        }
        return {name: by_pk[c.pk] for name, c in contributions.items()}

    def test_agrees_with_has_consent_and_withdrawal(self, mixed):
        read = self.read(mixed)
        for name, contribution in mixed.items():
            c = fresh(contribution)
            policy = selectors.policy_for(c.programme_id)
            expected = not selectors.is_withdrawn(c) and selectors.has_consent(
                c, Consent.Purpose.QUOTE, policy
            )
            assert read[name] is expected, name
        assert {name for name, given in read.items() if given} == {
            "consented",
            "polis",
            "import_yes",
            "site_yes",
        }

    def test_follows_the_programme_policy_for_a_table_note(self, mixed, world):
        ProgrammePrivacyPolicy.objects.create(
            programme=world["programme"], table_quote_consent=True
        )
        assert self.read(mixed)["table_note"] is True

    def test_withdrawn_is_refused_although_consent_was_given(self, mixed, people):
        services.withdraw_participant(people["sanne"], actor=people["analyst"])
        assert self.read(mixed)["consented"] is False

    def test_reads_the_site_record_when_the_public_app_is_there(self, people):
        fields, _ = selectors.quote_consent_reader(Contribution.objects.none())
        assert fields[:3] == ["participant_id", "participant__withdrawn_at", "metadata__consent"]
        assert "public_submission__quote_consent" in fields
