"""A visitor sends in an idea without an account; nothing shows until a moderator lets it in."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from oogst.harvest.models import Contribution, ThemeAssignment
from oogst.public import consent
from oogst.public.models import PublicProgramme, PublicSubmission
from oogst.public.selectors import normalise_reference


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page(world):
    return PublicProgramme.objects.create(
        programme=world["programme"], intro="Vertel ons wat jij anders zou doen."
    )


def idea(**overrides):
    data = {
        "text": "Maak van het schoolplein een groen speelplein.",
        "kind": "idee",
        "role_label": "Ouder",
        "consent": "on",
        "quote_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def form_url(page):
    return reverse("public:idea", args=[page.programme.slug])


class TestSendingAnIdea:
    def test_a_visitor_sends_an_idea_and_gets_a_reference_code(self, client, page, world):
        form = client.get(form_url(page))
        assert form.status_code == 200
        assert str(consent.current()["consent"]) in form.content.decode()
        response = client.post(
            form_url(page), idea(theme=str(world["themes"]["care"].pk)), follow=True
        )

        code = re.search(r"OOGST-[A-Z0-9]{4}-[A-Z0-9]{2}", response.content.decode()).group(0)
        submission = PublicSubmission.objects.get(reference=code)
        contribution = submission.contribution
        assert (contribution.channel, contribution.moderation, contribution.kind) == (
            "public",
            "pending",
            "idee",
        )
        assert (contribution.role_label, contribution.author, contribution.table) == (
            "Ouder",
            None,
            None,
        )
        assert submission.consent_version == consent.CURRENT_VERSION and submission.quote_consent
        # The theme the visitor chose is a suggestion for the analysts, not a coding.
        assert submission.suggested_theme == world["themes"]["care"]
        assert not ThemeAssignment.objects.filter(contribution=contribution).exists()

    def test_without_consent_nothing_is_stored_and_nothing_typed_is_lost(self, client, page):
        response = client.post(
            form_url(page), idea(consent=None, text="Mijn idee dat ik niet kwijt wil")
        )
        body = response.content.decode()
        assert response.status_code == 200 and not PublicSubmission.objects.exists()
        assert 'id="error-summary"' in body and 'href="#id_consent"' in body
        assert "Mijn idee dat ik niet kwijt wil" in body

    def test_errors_are_tied_to_their_fields(self, client, page):
        body = client.post(form_url(page), idea(text="x" * 2001)).content.decode()
        assert 'href="#id_text"' in body and "hoogstens 2000 tekens" in body
        assert re.search(r'<textarea[^>]*aria-describedby="id_text_helptext id_text_error"', body)
        assert re.search(r'<textarea[^>]*aria-invalid="true"', body)
        assert (
            'href="#id_kind_0"' in client.post(form_url(page), idea(kind="wens")).content.decode()
        )

    def test_the_honeypot_stops_software_that_fills_every_field(self, client, page):
        response = client.post(form_url(page), idea(website="http://spam.example"))
        assert response.status_code == 200 and not PublicSubmission.objects.exists()
        assert "Laat dit veld leeg" in response.content.decode()

    def test_the_form_needs_a_csrf_token(self, page):
        strict = Client(enforce_csrf_checks=True)
        assert strict.post(form_url(page), idea()).status_code == 403
        assert not PublicSubmission.objects.exists()

    def test_only_active_themes_of_this_programme_can_be_chosen(self, client, page, world):
        care = world["themes"]["care"]
        care.status = "retired"
        care.save()
        response = client.post(form_url(page), idea(theme=str(care.pk)))
        assert "theme" in response.context["form"].errors and not PublicSubmission.objects.exists()

    def test_a_programme_not_on_the_public_site_has_no_form(self, client, world):
        assert client.get(reverse("public:idea", args=[world["programme"].slug])).status_code == 404

    def test_hostile_text_is_stored_as_typed_and_shown_escaped(self, client, page, world):
        client.post(form_url(page), idea(text="<script>alert('x')</script> en <b>vet</b>"))
        submission = PublicSubmission.objects.get()
        assert submission.contribution.text == "<script>alert('x')</script> en <b>vet</b>"
        submission.contribution.moderation = "accepted"
        submission.contribution.save()
        body = client.get(
            reverse("public:programme", args=[world["programme"].slug])
        ).content.decode()
        assert (
            "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
            and "<script>alert" not in body
        )


class TestRateLimit:
    def test_a_burst_of_fifty_submissions_from_one_client_is_stopped(self, client, page):
        statuses = [
            client.post(form_url(page), idea(text=f"Idee nummer {i}")).status_code
            for i in range(50)
        ]
        assert statuses.count(302) == 5 and statuses.count(429) == 45
        assert PublicSubmission.objects.count() == 5
        blocked = client.post(form_url(page), idea(text="Nog eentje"))
        assert "Even wachten" in blocked.content.decode() and blocked["Retry-After"] == "600"

    def test_a_new_session_from_the_same_address_is_stopped_too(self, page):
        for i in range(5):
            Client().post(form_url(page), idea(text=f"Idee {i}"))
        assert Client().post(form_url(page), idea(text="Met een nieuwe sessie")).status_code == 429

    def test_the_limit_is_a_setting(self, client, page, settings):
        settings.OOGST_PUBLIC_SUBMIT_LIMIT = (2, 60)
        statuses = [
            client.post(form_url(page), idea(text=f"Idee {i}")).status_code for i in range(4)
        ]
        assert statuses == [302, 302, 429, 429]

    def test_behind_a_trusted_proxy_each_visitor_has_an_own_allowance(self, page, settings):
        settings.OOGST_PUBLIC_SUBMIT_LIMIT = (2, 60)
        settings.OOGST_TRUSTED_PROXIES = 1

        def post(forwarded):
            return (
                Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
                .post(form_url(page), idea(text=f"Idee van {forwarded}"))
                .status_code
            )

        assert [post("203.0.113.7") for _ in range(3)] == [302, 302, 429]
        assert post("198.51.100.9") == 302  # another visitor behind the same proxy
        # A visitor cannot escape by writing their own X-Forwarded-For: the proxy appends
        # the real address, and only that rightmost entry is trusted.
        assert post("1.2.3.4, 203.0.113.7") == 429

    def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(self, page, settings):
        settings.OOGST_PUBLIC_SUBMIT_LIMIT = (2, 60)
        statuses = [
            Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
            .post(form_url(page), idea(text=f"Idee {i}"))
            .status_code
            for i in range(3)
        ]
        assert statuses == [302, 302, 429]


class TestFollowingAnIdea:
    def submit(self, client, page, **overrides):
        client.post(form_url(page), idea(**overrides))
        return PublicSubmission.objects.latest("id")

    def lookup(self, client, code):
        return client.get(reverse("public:lookup"), {"code": code})

    def test_the_code_shows_the_status_as_the_idea_moves_on(self, client, page, world):
        submission = self.submit(client, page)
        response = self.lookup(client, submission.reference.lower().replace("-", " "))
        assert response.context["status"].label == "Ontvangen"

        contribution = submission.contribution
        contribution.moderation = "accepted"
        contribution.save()
        status = self.lookup(client, submission.reference).context["status"]
        assert status.label == "Gepubliceerd" and [s.done for s in status.steps] == [
            True,
            True,
            False,
            True,
        ]

        ThemeAssignment.objects.create(
            contribution=contribution, theme=world["themes"]["care"], assigned_by=world["analyst"]
        )
        status = self.lookup(client, submission.reference).context["status"]
        assert status.themes == ["Zorg en gezondheid"] and all(s.done for s in status.steps)

    def test_a_rejected_idea_says_so(self, client, page):
        submission = self.submit(client, page)
        Contribution.objects.filter(pk=submission.contribution_id).update(moderation="rejected")
        response = self.lookup(client, submission.reference)
        assert response.context["status"].label == "Niet geplaatst"

    def test_an_unknown_or_malformed_code_finds_nothing(self, client, page):
        self.submit(client, page)
        for code in ("OOGST-AAAA-AA", "hallo", "OOGST-0000-00"):
            response = self.lookup(client, code)
            assert response.status_code == 200 and response.context["submission"] is None
            assert "Geen inzending gevonden" in response.content.decode()

    def test_guessing_codes_is_rate_limited(self, client, settings, db):
        settings.OOGST_PUBLIC_LOOKUP_LIMIT = (3, 60)
        statuses = [self.lookup(client, "OOGST-AAAA-AA").status_code for _ in range(5)]
        assert statuses == [200, 200, 200, 429, 429]

    def test_codes_are_read_forgivingly(self):
        assert normalise_reference(" oogst-7kd3-qx ") == "OOGST-7KD3-QX"
        assert normalise_reference("7KD3QX") == "OOGST-7KD3-QX"
        assert normalise_reference("OOGST-7KD3-Q0") is None  # 0 is never in a code


class TestModeration:
    def test_nothing_is_public_until_accepted_and_then_only_with_quote_consent(
        self, client, page, world
    ):
        client.post(form_url(page), idea(text="Een idee dat geciteerd mag worden"))
        client.post(
            form_url(page),
            idea(text="Een idee zonder toestemming om te citeren", quote_consent=None),
        )
        public_url = reverse("public:programme", args=[world["programme"].slug])
        assert "Een idee dat" not in client.get(public_url).content.decode()

        analyst = Client()
        analyst.force_login(world["analyst"])
        queue_url = reverse("public:moderation", args=[world["programme"].slug])
        queue = analyst.get(queue_url)
        assert len(queue.context["queue"]) == 2
        for s in PublicSubmission.objects.all():
            response = analyst.post(
                reverse("public:moderate", args=[world["programme"].slug, s.pk]),
                {"decision": "accept"},
                HTTP_HX_REQUEST="true",
            )
            assert response.status_code == 200 and "Toegelaten." in response.content.decode()
        assert len(analyst.get(queue_url).context["queue"]) == 0

        body = client.get(public_url).content.decode()
        assert "Een idee dat geciteerd mag worden" in body
        assert "zonder toestemming om te citeren" not in body
        assert "Ouder" in body and world["analyst"].username not in body
        assert PublicSubmission.objects.filter(moderated_by=world["analyst"]).count() == 2

    def test_only_the_programme_team_moderates(self, client, page, world):
        client.post(form_url(page), idea())
        submission = PublicSubmission.objects.get()
        slug = world["programme"].slug
        assert (
            client.get(reverse("public:moderation", args=[slug])).status_code == 302
        )  # to the login page
        for name in ("fac_a", "host", "observer", "liaison"):
            other = Client()
            other.force_login(world[name])
            assert other.get(reverse("public:moderation", args=[slug])).status_code == 404, name
            assert (
                other.post(
                    reverse("public:moderate", args=[slug, submission.pk]), {"decision": "accept"}
                ).status_code
                == 404
            )
        submission.contribution.refresh_from_db()
        assert submission.contribution.moderation == "pending"

    def test_a_decision_without_htmx_returns_to_the_queue(self, client, page, world):
        client.post(form_url(page), idea())
        submission = PublicSubmission.objects.get()
        analyst = Client()
        analyst.force_login(world["analyst"])
        url = reverse("public:moderate", args=[world["programme"].slug, submission.pk])
        assert analyst.post(url, {"decision": "maybe"}).status_code == 400
        response = analyst.post(url, {"decision": "reject"})
        assert response.status_code == 302
        submission.contribution.refresh_from_db()
        assert submission.contribution.moderation == "rejected"

    def test_the_overview_counts_what_waits_per_programme(self, client, page, world):
        client.post(form_url(page), idea())
        analyst = Client()
        analyst.force_login(world["analyst"])
        overview = analyst.get(reverse("public:moderation_overview"))
        assert [(p.programme.slug, p.pending) for p in overview.context["pages"]] == [("test", 1)]
        assert 'href="/doe-mee/moderatie/"' in overview.content.decode()  # in the main menu
        facilitator = Client()
        facilitator.force_login(world["fac_a"])
        assert facilitator.get(reverse("public:moderation_overview")).status_code == 404


def test_sending_the_same_text_twice_from_one_browser_keeps_one_idea(client, page):
    first = client.post(form_url(page), idea())
    again = client.post(form_url(page), idea())
    assert first.status_code == again.status_code == 302
    assert PublicSubmission.objects.count() == 1
    assert client.post(form_url(page), idea(text="Een ander idee")).status_code == 302
    assert PublicSubmission.objects.count() == 2


def test_the_programme_page_shows_the_redacted_text(client, page, world):
    client.post(
        form_url(page), idea(text="Goed plan voor de buurt, bel me op 06-12345678 voor meer.")
    )
    submission = PublicSubmission.objects.get()
    Contribution.objects.filter(pk=submission.contribution_id).update(moderation="accepted")
    body = client.get(reverse("public:programme", args=[world["programme"].slug])).content.decode()
    assert "Goed plan voor de buurt" in body and "06-12345678" not in body
    # The stored text stays as typed: redaction is for what leaves the system.
    assert "06-12345678" in Contribution.objects.get(pk=submission.contribution_id).text


def test_the_form_speaks_english_after_the_language_switch(client, page, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(form_url(page)).content.decode()
    assert "What is your idea?" in body and "My text may be quoted anonymously" in body
    errors = client.post(form_url(page), idea(consent=None)).content.decode()
    assert "Please give your consent, otherwise we cannot use your submission." in errors
