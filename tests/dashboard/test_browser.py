"""The dashboard, the table list and a table page in a real browser (Debian's Chromium)."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import SHOTS, log_in


@pytest.mark.browser
def test_analyst_walks_from_dashboard_to_a_table(live_server, transactional_db, browser):
    call_command("demo", "--force", stdout=StringIO())
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server.url, "analist", "oogst-demo")
    assert page.get_by_role("heading", name="Kerncijfers").is_visible()
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
    page.get_by_role("link", name="Tafels", exact=True).click()
    assert page.get_by_role("heading", name="Tafels", exact=True).is_visible()
    page.screenshot(path=str(SHOTS / "tables.png"), full_page=True)
    page.locator("table.data tbody a").first.click()
    assert page.get_by_role("heading", name="Tafelverslag").is_visible()
    page.screenshot(path=str(SHOTS / "table.png"), full_page=True)
    # Keyboard users get a skip link first.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Naar de inhoud"


@pytest.mark.browser
def test_facilitator_cannot_open_another_facilitators_table(live_server, transactional_db, browser):
    call_command("demo", "--force", stdout=StringIO())
    from oogst.accounts.models import User
    from oogst.programme.models import Table

    facilitator = User.objects.filter(role="facilitator").order_by("username").first()
    foreign = Table.objects.exclude(facilitators=facilitator).first()
    page = browser.new_page()
    log_in(page, live_server.url, facilitator.username, "oogst-demo")
    response = page.goto(f"{live_server.url}{foreign.get_absolute_url()}")
    assert response.status == 404
