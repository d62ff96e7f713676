"""In a real browser, as a new visitor would: send an idea, keep the code, look it up; then an
analyst lets it in and it appears on the programme page."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("OOGST_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def programme(transactional_db):
    """Made here rather than from `world`: pytest-django runs transactional tests last, after
    earlier ones may have flushed the reference data of migrations."""
    from oogst.codebook.models import Theme
    from oogst.programme.models import Programme
    from oogst.public.models import PublicProgramme

    programme = Programme.objects.create(
        slug="herstel", name="Samen uit de crisis", description="Een maatschappelijke dialoog."
    )
    for slug, name in [
        ("wonen", "Woningmarkt en mobiliteit"),
        ("jongeren", "Jongeren"),
        ("zorg", "Zorg en gezondheid"),
    ]:
        Theme.objects.create(programme=programme, slug=slug, name=name)
    PublicProgramme.objects.create(
        programme=programme,
        intro="Wat heeft de crisis jou geleerd, en wat moet er nu anders? Vertel het ons.",
    )
    return programme


def test_a_new_visitor_sends_an_idea_and_follows_it(live_server, browser, programme, shots):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page.goto(f"{live_server.url}/doe-mee/herstel/")
    page.get_by_role("link", name="Wat is jouw idee?").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Wat is jouw idee?"

    # Sending the empty form: an error summary at the top gets the focus and links to the field.
    page.get_by_role("button", name="Verstuur mijn inzending").click()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.screenshot(path=str(shots / "public-form-errors.png"), full_page=True)
    page.get_by_role("link", name="Vul je idee of vraag in.").click()
    assert page.evaluate("document.activeElement.id") == "id_text"

    page.keyboard.type(
        "Laat jongeren meebeslissen over de inrichting van hun wijk, met een eigen budget."
    )
    page.get_by_label("Een idee").check()
    page.get_by_label("Over welk thema gaat het? (niet verplicht)").select_option(label="Jongeren")
    page.get_by_label("Wie ben je? (niet verplicht)").fill("Student")
    page.get_by_label("Ik ga akkoord").check()
    page.get_by_label("Mijn tekst mag anoniem worden geciteerd").check()
    page.screenshot(path=str(shots / "public-form-filled.png"), full_page=True)
    page.get_by_role("button", name="Verstuur mijn inzending").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Bedankt voor je inzending"
    code = page.locator("#reference").inner_text().strip()
    assert re.fullmatch(r"OOGST-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{2}", code)
    page.screenshot(path=str(shots / "public-thanks.png"), full_page=True)

    # Later, on another visit: type the code in, in lower case with a space, as people do.
    page.goto(f"{live_server.url}/doe-mee/volg/")
    page.get_by_label("Je referentiecode").fill(code.lower().replace("-", " ", 1))
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", level=2).first.inner_text()
    assert code in heading and "Ontvangen" in heading
    page.screenshot(path=str(shots / "public-status.png"), full_page=True)

    # An analyst lets it in from the moderation queue (htmx), and it shows on the programme page.
    from oogst.accounts.models import Role, User

    User.objects.create_user(
        "moderator",
        password="pw-moderator-123",
        role=Role.ANALYST,
        first_name="Mo",
        last_name="Derator",
    )
    log_in(page, live_server.url, "moderator", "pw-moderator-123", "/doe-mee/herstel/moderatie/")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Moderatie van de publieke inzendingen"
    )
    page.screenshot(path=str(shots / "public-moderation.png"), full_page=True)
    page.get_by_role("button", name=f"Toelaten {code}").click()
    page.get_by_text("Toegelaten.", exact=True).wait_for()

    page.goto(f"{live_server.url}/doe-mee/herstel/")
    assert page.get_by_text("Laat jongeren meebeslissen").is_visible()
    page.screenshot(path=str(shots / "public-programme.png"), full_page=True)
    page.goto(f"{live_server.url}/doe-mee/volg/?code={code}")
    assert "Gepubliceerd" in page.get_by_role("heading", level=2).first.inner_text()
