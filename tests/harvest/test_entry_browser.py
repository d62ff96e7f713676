"""A facilitator records a table's harvest in a real browser (Debian's Chromium): Enter after
Enter without a page reload, the cursor stays put, a half-typed draft survives a reload, and
the page works at laptop and tablet width. Screenshots go to var/screenshots/."""

from __future__ import annotations

import pytest

from tests.conftest import SHOTS

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, settings):
    """Made here rather than from `world`: a transactional test may run after the reference
    data of migrations was flushed."""
    from oogst.accounts.models import User
    from oogst.harvest.models import Contribution
    from oogst.programme.models import Programme, Table, Track

    programme = Programme.objects.create(slug="test", name="Nederland na de crisis")
    track = Track.objects.create(programme=programme, slug="burgers", name="Burgers")
    table = Table.objects.create(
        programme=programme,
        code="T07",
        name="Jong zijn in Deventer",
        track=track,
        status="held",
    )
    facilitator = User.objects.create_user(
        "fac", password="pw-fac", role="facilitator", first_name="Noor", last_name="Bakker"
    )
    table.facilitators.add(facilitator)
    Contribution.objects.create(
        programme=programme,
        table=table,
        kind="knel",
        text="<script>document.title='gehackt'</script> Geen stageplek",
        author=facilitator,
    )
    Contribution.objects.create(
        programme=programme,
        table=table,
        kind="kiem",
        is_quote=True,
        role_label="Student",
        text="We hebben elkaar juist gevonden.",
    )
    return {"table": table, "facilitator": facilitator}


def logged_in_page(browser, live_server, user, width=1280, height=900):
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def wait_for_focus(page, condition: str) -> None:
    """Wait until `condition` (JavaScript, about document.activeElement) holds. Polls on a
    timer rather than on animation frames, which a busy headless browser may hold back; on a
    timeout it says where the focus was and whether the page reloaded."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(condition, polling=100, timeout=30_000)
    except PlaywrightTimeout:
        where = page.evaluate(
            "[document.activeElement?.id || document.activeElement?.tagName,"
            " window.notReloaded === true, document.hasFocus()]"
        )
        raise AssertionError(
            f"focus never met {condition!r}: active element {where[0]!r}, "
            f"page not reloaded: {where[1]}, document has focus: {where[2]}"
        ) from None


def test_enter_after_enter_adds_items_without_a_reload(browser, live_server, site):
    from oogst.harvest.models import Contribution

    table = site["table"]
    page = logged_in_page(browser, live_server, site["facilitator"])
    page.goto(f"{live_server.url}/oogst/tafel/{table.pk}/")
    assert page.title().startswith("Oogst vastleggen")  # the <script> in a contribution did not run
    page.evaluate("window.notReloaded = true")
    field = page.locator("#id_knel-text")
    field.click()
    for text in (
        "Geen bezoek in het verpleeghuis",
        "Sportclub maandenlang dicht",
        "Stage via een scherm",
    ):
        page.keyboard.type(text)
        page.keyboard.press("Enter")
        page.locator("#list-knel li", has_text=text).wait_for()
        wait_for_focus(page, "document.activeElement?.id === 'id_knel-text'")
        assert page.locator("#id_knel-text").input_value() == ""
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("#list-knel li").count() == 4
    assert page.locator("#n-items").inner_text() == "5 items vastgelegd"
    # Delete asks first, then the item and the count go without a reload.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#list-knel li", has_text="Sportclub").get_by_role(
        "button", name="Verwijderen"
    ).click()
    page.locator("#list-knel li", has_text="Sportclub").wait_for(state="detached")
    assert page.locator("#n-items").inner_text() == "4 items vastgelegd"
    assert not Contribution.objects.filter(text__startswith="Sportclub").exists()
    wait_for_focus(page, "document.activeElement?.id === 'id_knel-text'")
    page.locator("#id_knel-text").click()
    assert Contribution.objects.filter(table=table, kind="knel").count() == 3
    # Shift+Enter is a new line, not a new item.
    page.keyboard.type("Eerste regel")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("tweede regel")
    assert page.locator("#id_knel-text").input_value() == "Eerste regel\ntweede regel"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "harvest-entry-1280.png"), full_page=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / "harvest-entry-1280-top.png"))


def test_a_half_typed_item_survives_a_reload(browser, live_server, site):
    table = site["table"]
    page = logged_in_page(browser, live_server, site["facilitator"])
    page.goto(f"{live_server.url}/oogst/tafel/{table.pk}/")
    page.locator("#id_idee-text").click()
    page.keyboard.type("Een jongerenraad met een eigen budg")
    page.locator("#draft-idee", has_text="Concept bewaard").wait_for(timeout=5000)
    page.reload()
    assert page.locator("#id_idee-text").input_value() == "Een jongerenraad met een eigen budg"
    assert "Concept hersteld" in page.locator("#draft-idee").inner_text()


def test_edit_in_place_and_tablet_width(browser, live_server, site):
    from oogst.harvest.models import Contribution

    table = site["table"]
    quote = Contribution.objects.get(is_quote=True)
    page = logged_in_page(browser, live_server, site["facilitator"], width=800, height=1100)
    page.goto(f"{live_server.url}/oogst/tafel/{table.pk}/")
    page.locator(f"#item-{quote.pk} a", has_text="Bewerken").click()
    wait_for_focus(page, f"document.activeElement?.id === 'id_edit-{quote.pk}-text'")
    page.keyboard.press("Escape")  # cancel: back to the item, focus on its edit link
    wait_for_focus(page, f"document.activeElement?.closest('#item-{quote.pk} .item-actions')")
    page.keyboard.press("Enter")  # the focused edit link opens the form again
    field = page.locator(f"#id_edit-{quote.pk}-role_label")
    field.fill("Student (19)")
    page.locator(f"#item-{quote.pk} button", has_text="Opslaan").click()
    page.locator(f"#item-{quote.pk}", has_text="Student (19)").wait_for()
    field.wait_for(state="detached")  # the form is gone: the server answered the save
    # Kept, as the server sees it: a fresh page shows the new role. (Read through the server,
    # not this thread's connection: the live server's thread shares it under load.)
    page.reload()
    page.locator(f"#item-{quote.pk}", has_text="Student (19)").wait_for()
    # No horizontal scrolling on a tablet.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "harvest-entry-800.png"), full_page=True)


def test_analyst_uploads_previews_and_confirms_an_import(
    browser, live_server, site, tmp_path, settings
):
    from oogst.accounts.models import User
    from oogst.harvest.models import Contribution

    settings.MEDIA_ROOT = tmp_path / "media"
    analyst = User.objects.create_user(
        "analist", password="pw", role="analyst", first_name="Marieke", last_name="Dijkstra"
    )
    csv_file = tmp_path / "enquete.csv"
    csv_file.write_bytes(
        "tekst;soort;tafel;rol;wijk\n"
        "Meer plekken om af te spreken;idee;T07;Student;Keizerslanden\n"
        ";knel;T07;;\n"
        "Huiswerkbegeleiding bleef overeind;kiem;T99;Docent;Zandweerd\n"
        "<b>Vet</b> gezegd;overig;T07;Ouder;Colmschate\n".encode("cp1252")
    )
    page = logged_in_page(browser, live_server, analyst)
    page.goto(f"{live_server.url}/programma/test/tafel/{site['table'].pk}/")
    page.get_by_role("link", name="Bestand importeren").click()
    assert page.get_by_label("Tafel voor rijen zonder tafel").input_value() == "T07"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "harvest-import-upload-1280.png"), full_page=True)
    page.get_by_label("Bestand").set_input_files(str(csv_file))
    page.get_by_role("button", name="Controleren").click()
    page.get_by_role("heading", name="Import controleren: enquete.csv").wait_for()
    body = page.locator("main").inner_text()
    assert "de tekst is leeg" in body and "onbekende tafel ‘T99’" in body
    assert "<b>Vet</b> gezegd" in body  # shown as text
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "harvest-import-preview-1280.png"), full_page=True)
    page.get_by_role("button", name="2 bijdragen importeren").click()
    page.get_by_role("heading", name="Import voltooid: enquete.csv").wait_for()
    assert Contribution.objects.filter(channel="import").count() == 2
