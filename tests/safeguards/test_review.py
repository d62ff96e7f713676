"""The analyst's review queue: see what the engine found, accept, undo one marking, rewrite,
or mark as safe; one at a time with htmx, or many at once."""

import pytest

from oogst.programme.models import Programme
from oogst.safeguards.models import AuditEntry, RedactedText

from .conftest import contribute

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def analyst(client, people):
    client.force_login(people["analyst"])
    return client


def url(redaction):
    return f"/privacy/test/controle/{redaction.pk}/"


@pytest.mark.django_db
class TestQueue:
    def test_queue_shows_what_was_found_and_what_would_be_published(self, analyst, people):
        body = analyst.get("/privacy/test/controle/").content.decode()
        assert '<mark class="pii" title="phone">06-48213377' in body
        assert "Mijn buurvrouw mevrouw [naam]" in body
        assert "4 bijdragen wachten op controle" in body  # two of the shared world, two of ours
        assert AuditEntry.objects.filter(action="view_review", actor=people["analyst"]).exists()

    def test_user_text_is_escaped(self, analyst, people):

        contribute(programme=people["programme"], text='<script>alert("x")</script> van Piet')
        body = analyst.get("/privacy/test/controle/").content.decode()
        assert '<script>alert("x")</script>' not in body and "&lt;script&gt;" in body

    def test_accept_with_htmx_returns_the_updated_card(self, analyst, people):
        redaction = people["quote"].redaction
        response = analyst.post(url(redaction), {"action": "accept"}, **HTMX)
        assert response.status_code == 200
        body = response.content.decode()
        assert f'id="review-{redaction.pk}"' in body and "<html" not in body
        assert "Gecontroleerd en geaccepteerd" in body
        redaction.refresh_from_db()
        assert redaction.status == "accepted" and redaction.reviewed_by == people["analyst"]
        assert AuditEntry.objects.filter(action="review").count() == 1

    def test_keep_one_marking(self, analyst, people):
        redaction = people["quote"].redaction
        names = [i for i, s in enumerate(redaction.spans) if s["type"] == "name"]
        analyst.post(url(redaction), {"action": "keep_span", "span": names[0]}, **HTMX)
        redaction.refresh_from_db()
        assert "mevrouw Jansen" in redaction.text and "06-48213377" not in redaction.text
        assert redaction.status == "adjusted"

    def test_rewrite_by_hand_and_an_empty_text_is_refused(self, analyst, people):
        redaction = people["quote"].redaction
        field = f"r{redaction.pk}-text"
        refused = analyst.post(url(redaction), {"action": "adjust", field: "   "}, **HTMX)
        assert refused.status_code == 200  # htmx swaps only 2xx: the card comes back with the error
        assert f'id="id_{field}_error"' in refused.content.decode()
        redaction.refresh_from_db()
        assert redaction.status == "automatic"
        analyst.post(
            url(redaction),
            {"action": "adjust", field: "Mijn [relatie] belde me 's nachts."},
            **HTMX,
        )
        redaction.refresh_from_db()
        assert (
            redaction.text == "Mijn [relatie] belde me 's nachts."
            and redaction.status == "adjusted"
        )

    def test_mark_what_the_engine_missed(self, analyst, people):
        redaction = people["quote"].redaction
        field = f"m{redaction.pk}"
        analyst.post(
            url(redaction),
            {"action": "mark", f"{field}-phrase": "drie uur", f"{field}-kind": "birthdate"},
            **HTMX,
        )
        redaction.refresh_from_db()
        assert "drie uur" not in redaction.text and "[geboortedatum]" in redaction.text
        assert "06-48213377" not in redaction.text  # what was hidden stays hidden
        assert redaction.status == "adjusted"
        missing = analyst.post(
            url(redaction),
            {"action": "mark", f"{field}-phrase": "Rotterdam", f"{field}-kind": "name"},
            **HTMX,
        )
        assert f'id="id_{field}-phrase_error"' in missing.content.decode()

    def test_mark_safe_publishes_the_text_as_written(self, analyst, people):
        redaction = people["ahmed_quote"].redaction
        analyst.post(url(redaction), {"action": "safe"})
        redaction.refresh_from_db()
        assert redaction.status == "safe" and redaction.text == people["ahmed_quote"].text

    def test_bulk_accept(self, analyst, people):
        ids = list(RedactedText.objects.values_list("pk", flat=True))
        response = analyst.post(
            "/privacy/test/controle/alles-accepteren/", {"ids": ids}, follow=True
        )
        assert f"{len(ids)} redacties geaccepteerd" in response.content.decode()
        assert not RedactedText.objects.filter(status="automatic").exists()
        entries = AuditEntry.objects.filter(action="review", actor=people["analyst"])
        assert entries.count() == len(ids) and all(e.at for e in entries)
        assert {e.programme_id for e in entries} == {people["programme"].pk}
        assert "Alle redacties zijn gecontroleerd" in response.content.decode()

    def test_a_redaction_of_another_programme_is_404(self, analyst, people):

        other = Programme.objects.create(slug="ander", name="Ander programma")
        foreign = contribute(programme=other, text="Elders gezegd door Kees.")
        assert analyst.post(url(foreign.redaction), {"action": "accept"}).status_code == 404
        foreign.redaction.refresh_from_db()
        assert foreign.redaction.status == "automatic"
        analyst.post("/privacy/test/controle/alles-accepteren/", {"ids": [foreign.redaction.pk]})
        foreign.redaction.refresh_from_db()
        assert foreign.redaction.status == "automatic"


@pytest.mark.django_db
class TestOtherPages:
    def test_overview_policy_and_log(self, analyst, people):
        assert "redacties te controleren" in analyst.get("/privacy/test/").content.decode()
        response = analyst.post(
            "/privacy/test/beleid/",
            {
                "erase_mode": "anonymise",
                "marker": "woo",
                "allowed_terms": "",
                "table_quote_consent": "on",
                "retention_until": "2027-06-30",
            },
            follow=True,
        )
        assert "Privacybeleid opgeslagen. 4 ongecontroleerde redacties" in response.content.decode()
        people["quote"].redaction.refresh_from_db()
        assert "[5.1.2e]" in people["quote"].redaction.text
        people["programme"].refresh_from_db()
        assert str(people["programme"].retention_until) == "2027-06-30"
        log = analyst.get("/privacy/test/logboek/").content.decode()
        assert "Privacybeleid gewijzigd" in log

    def test_nav_shows_privacy_to_the_team_only(self, client, people):
        client.force_login(people["analyst"])
        assert 'href="/privacy/"' in client.get("/").content.decode()
        client.force_login(people["observer"])
        assert 'href="/privacy/"' not in client.get("/").content.decode()

    def test_participant_search(self, analyst, people):
        response = analyst.get("/privacy/test/deelnemers/", {"code": "p-5a11e001"})
        assert response.status_code == 302 and response["Location"].endswith(
            "/deelnemers/P-5A11E001/"
        )
        missing = analyst.get("/privacy/test/deelnemers/", {"code": "P-NOPE"})
        assert "Geen deelnemer met code P-NOPE" in missing.content.decode()


@pytest.mark.django_db
def test_the_privacy_pages_speak_english_too(analyst, people):
    analyst.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = analyst.get("/privacy/test/controle/").content.decode()
    assert "Redaction review" in body and "4 contributions await review" in body
    assert "Controle redactie" not in body
