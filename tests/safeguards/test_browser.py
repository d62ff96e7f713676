"""The review queue and the public withdrawal page in a real browser (Debian's Chromium):
htmx updates one card in place, keyboard only; screenshots go to var/screenshots/."""

import pytest

from tests.conftest import SHOTS, log_in

from .conftest import contribute


@pytest.fixture
def site(transactional_db, settings):
    """Made here rather than from `world`: a transactional test may run after the reference
    data of migrations was flushed."""
    from oogst.accounts.models import User
    from oogst.participants.models import Consent, Participant
    from oogst.programme.models import Programme, Table, Track

    programme = Programme.objects.create(slug="test", name="Nederland na de crisis")
    track = Track.objects.create(programme=programme, slug="burgers", name="Burgers")
    table = Table.objects.create(
        programme=programme, code="T01", name="Zorg in Zwolle", track=track, status="held"
    )
    User.objects.create_user(
        "analist", password="pw-analist", role="analyst", first_name="Marieke", last_name="Dijkstra"
    )
    sanne = Participant.objects.create(programme=programme, code="P-5A11E001")
    Consent.objects.create(participant=sanne, purpose="quote", given=True)
    contribute(
        programme=programme,
        table=table,
        participant=sanne,
        is_quote=True,
        kind="knel",
        role_label="Student",
        text="Ik wandelde elke dag langs de Maas. Bel mijn mentor Van Dongen maar op 06-12345678.",
    )
    return programme


def login(page, base):
    log_in(page, base, "analist", "pw-analist")


@pytest.mark.browser
def test_analyst_reviews_a_redaction_with_the_keyboard(live_server, site, browser):
    from oogst.safeguards.models import RedactedText

    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, live_server.url)
    page.get_by_role("link", name="Privacy", exact=True).click()
    page.get_by_role("link", name="Controle redactie").click()
    card = page.locator("article.review-card").first
    assert card.locator("mark.pii").count() >= 2
    redacted = card.locator(".redacted-text")
    assert "06-12345678" not in redacted.inner_text()
    page.screenshot(path=str(SHOTS / "privacy-queue.png"), full_page=True)

    url_before = page.url
    card.locator("summary", has_text="markering").click()
    card.get_by_role("button", name="‘Maas’ laten staan").click()  # the river, not a person
    page.wait_for_selector("article.review-card .badge.review-adjusted")
    card = page.locator("article.review-card").first
    assert "langs de Maas" in card.locator(".redacted-text").inner_text()
    assert "06-12345678" not in card.locator(".redacted-text").inner_text()

    card.get_by_role("button", name="Accepteren").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("article.review-card .badge.review-accepted")
    assert page.url == url_before  # updated in place, no page load
    assert RedactedText.objects.get().status == "accepted"
    page.screenshot(path=str(SHOTS / "privacy-queue-reviewed.png"), full_page=True)

    page.get_by_role("link", name="Citaten exporteren").click()
    assert page.get_by_role("heading", name="Citaten exporteren").is_visible()
    assert "langs de Maas" in page.locator(".contribution").first.inner_text()
    page.screenshot(path=str(SHOTS / "privacy-export.png"), full_page=True)


@pytest.mark.browser
def test_participant_withdraws_on_the_public_page(live_server, site, browser):
    from oogst.participants.models import Participant

    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(f"{live_server.url}/privacy/intrekken/?programma=test")
    page.get_by_label("Uw deelnemerscode").fill("P-WRONG")
    page.get_by_label("Ik trek mijn deelname in").check()
    page.get_by_role("button", name="Deelname intrekken").click()
    error = page.locator("#id_code_error")
    assert "hoort niet bij een deelnemer" in error.inner_text()
    assert "id_code_error" in page.get_by_label("Uw deelnemerscode").get_attribute(
        "aria-describedby"
    )
    page.screenshot(path=str(SHOTS / "privacy-withdraw-error.png"), full_page=True)
    page.get_by_label("Uw deelnemerscode").fill("P-5A11E001")
    page.get_by_label("Ik trek mijn deelname in").check()
    page.get_by_role("button", name="Deelname intrekken").click()
    assert page.get_by_text("Uw deelname is ingetrokken.").is_visible()
    page.screenshot(path=str(SHOTS / "privacy-withdraw-done.png"), full_page=True)
    assert Participant.objects.get().withdrawn_at is not None
