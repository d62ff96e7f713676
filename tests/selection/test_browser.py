"""In a real browser (Debian's Chromium), as a new visitor and then the programme team would:
sign up with the keyboard, get the code by e-mail (console backend), the team draws the table
in the selection pages, and the invitation with its calendar file arrives by e-mail. The form
reflows at 320 px."""

from __future__ import annotations

import datetime as dt
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
def programme(transactional_db, settings):
    from django.utils import timezone

    from oogst.accounts.models import Role, User
    from oogst.directory.models import Ministry, Municipality, Province
    from oogst.directory.reference import load_reference_data
    from oogst.programme.models import Programme, Table, Track
    from oogst.selection.models import QuotaTarget, Recruitment

    settings.OOGST_TASKS_SYNC = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    if not Municipality.objects.exists():
        load_reference_data(Province, Municipality, Ministry)
    programme = Programme.objects.create(slug="herstel", name="Samen uit de crisis")
    track = Track.objects.create(programme=programme, slug="burgers", name="Burgers")
    Table.objects.create(
        programme=programme,
        code="Z1",
        name="Tafel in Zwolle",
        track=track,
        municipality=Municipality.objects.get(cbs_code="GM0193"),
        starts_at=timezone.make_aware(dt.datetime(2030, 1, 15, 19, 30)),  # winter: CET
        capacity=1,
    )
    Recruitment.objects.create(programme=programme, tolerance=100)
    for value, share in (("woman", 50), ("man", 50)):
        QuotaTarget.objects.create(programme=programme, feature="gender", value=value, share=share)
    User.objects.create_user("team", password="pw-team-12345", role=Role.ANALYST)
    return programme


def test_sign_up_get_drawn_and_receive_the_invitation(
    live_server, browser, programme, shots, capsys
):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page.goto(f"{live_server.url}/aanmelden/")
    page.get_by_role("link", name="Meld je aan voor Samen uit de crisis").click()
    assert "Aanmelden voor Samen uit de crisis" in page.get_by_role("heading", level=1).inner_text()

    # Sent empty: the error summary gets the focus; its link leads to the field.
    page.get_by_role("button", name="Meld me aan").click()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.screenshot(path=str(shots / "signup-errors.png"), full_page=True)
    page.get_by_role("link", name=re.compile("Vul je e-mailadres in")).click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    page.keyboard.type("noor@voorbeeld.nl")
    page.get_by_label("Vrouw").check()
    page.get_by_label("In welke provincie woon je?").select_option(label="Overijssel")
    page.get_by_label("Hbo of universiteit").check()
    consent = page.get_by_label("Ik doe mee aan de loting")
    consent.focus()
    page.keyboard.press("Space")
    assert consent.is_checked()
    page.screenshot(path=str(shots / "signup-filled.png"), full_page=True)
    page.get_by_role("button", name="Meld me aan").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Je bent aangemeld"
    code = page.locator("#reference").inner_text().strip()
    assert re.fullmatch(r"AANM-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code)
    confirmation = capsys.readouterr().out
    assert "To: noor@voorbeeld.nl" in confirmation and code in confirmation

    # The programme team draws the table on the selection page.
    team = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    log_in(team, live_server.url, "team", "pw-team-12345", "/aanmelden/herstel/selectie/")
    team.get_by_label("Voor welke tafel?").select_option(label="Z1 · Tafel in Zwolle")
    team.get_by_label(re.compile("^Legacy")).check()
    team.get_by_label("Startgetal (seed, niet verplicht)").fill("2030")
    team.get_by_role("button", name="Start de loting").click()
    team.get_by_role("heading", name="Doel en uitkomst per groep").wait_for()
    assert "2030" in team.locator("dl.facts").inner_text()
    team.screenshot(path=str(shots / "selection-draw.png"), full_page=True)

    invitation = capsys.readouterr().out
    assert "Uitnodiging" in invitation and "To: noor@voorbeeld.nl" in invitation
    assert "dinsdag 15 januari 2030, 19:30" in invitation
    assert "DTSTART;TZID=Europe/Amsterdam:20300115T193000" in invitation

    # The applicant's own page gives the table and the calendar file.
    page.goto(f"{live_server.url}/aanmelden/herstel/mijn-aanmelding/?code={code}")
    assert "Tafel in Zwolle" in page.locator("#result").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Zet in je agenda (.ics)").click()
    assert download.value.suggested_filename == "dialoogtafel.ics"
    page.screenshot(path=str(shots / "signup-status.png"), full_page=True)


def test_the_sign_up_form_reflows_at_320_px(live_server, browser, programme, shots):
    page = browser.new_page(viewport={"width": 320, "height": 640}, locale="nl-NL")
    page.goto(f"{live_server.url}/aanmelden/herstel/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.screenshot(path=str(shots / "signup-320.png"), full_page=True)
