"""In a real browser (Debian's Chromium): an analyst goes from the findings board to a new
insight with evidence, accepts a suggested contribution, and goes from the insight to the
contributions behind it. A liaison then reads the insight in their column, redacted."""

import pytest

from tests.conftest import SHOTS, log_in


@pytest.mark.browser
def test_from_the_board_to_an_insight_and_from_the_insight_to_its_contributions(
    live_server, transactional_db, insight_world, browser, monkeypatch
):
    from oogst.insights.models import Insight
    from oogst.insights.selectors import similarity

    # Ten sentences are a small corpus for the lexical embedder: every candidate may be shown.
    monkeypatch.setattr(similarity, "MIN_SIMILARITY", -1.0)
    made = insight_world["made"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server.url, "analist", "pw-analist", "/inzichten/test/bevindingen/")
    clicks = 0

    finding = page.locator("#bevinding-1")
    assert finding.get_by_role("heading", name="school · leerlingen · klas").is_visible()
    assert "4 bijdragen" in finding.inner_text()
    page.screenshot(path=str(SHOTS / "insights-board.png"), full_page=True)
    finding.get_by_role("link", name="Nieuw inzicht hieruit").click()
    clicks += 1
    page.wait_for_url("**/inzichten/test/nieuw/?run=*")
    assert page.get_by_label("Titel").input_value() == "school · leerlingen · klas"
    page.get_by_label("Titel").fill("Leerlingen misten laptops en aandacht")
    page.get_by_label("Toelichting").fill("Thuisonderwijs zonder laptop, grote klassen, zorgen.")
    page.screenshot(path=str(SHOTS / "insights-new.png"), full_page=True)
    page.get_by_role("button", name="Inzicht aanmaken").click()
    clicks += 1

    insight = Insight.objects.get(title="Leerlingen misten laptops en aandacht")
    page.wait_for_url(f"**{insight.get_absolute_url()}")
    assert page.get_by_text("Het inzicht is aangemaakt.").is_visible()
    figures = page.locator("section[aria-labelledby=evidence-title] .figures")
    assert figures.locator(".figure").first.inner_text().split()[0] == "4"

    # A suggestion from the embedder, accepted in place (htmx), becomes evidence.
    page.get_by_role("button", name="Zoek vergelijkbare bijdragen").click()
    clicks += 1
    first = page.locator(".suggestion-list li").first
    first.wait_for()
    suggested = first.get_attribute("id")
    first.get_by_role("button", name="Accepteren").click()
    clicks += 1
    page.locator(f"#{suggested}").get_by_text("is gekoppeld als onderbouwing").wait_for()
    assert insight.evidence.filter(kind="contribution").count() == 1
    page.screenshot(path=str(SHOTS / "insights-detail.png"), full_page=True)

    page.reload()
    page.get_by_role("link", name="Alle 5 bijdragen erachter").click()
    clicks += 1
    page.wait_for_url(f"**{insight.get_absolute_url()}bijdragen/")
    items = page.locator("ol.evidence-items > li")
    assert items.count() == 5
    assert "laptops" in page.content() and made[4].text in page.content()
    page.screenshot(path=str(SHOTS / "insights-contributions.png"), full_page=True)
    # From the insight to its contributions and back from a contribution to the insight.
    page.get_by_role("link", name=f"bijdrage {made[4].pk}", exact=True).click()
    clicks += 1
    assert page.get_by_role("link", name="Leerlingen misten laptops en aandacht").is_visible()
    assert clicks <= 6

    # The matrix: link the insight to OCW in place.
    page.goto(f"{live_server.url}/inzichten/test/matrix/")
    row = page.locator(f"#rij-{insight.pk}")
    ocw = insight_world["ocw"]
    row.locator(f"#cel-ministerie-{insight.pk}-{ocw.pk}").get_by_role("button").click()
    row.locator(f"#cel-ministerie-{insight.pk}-{ocw.pk}").get_by_text(
        "vastgesteld"
    ).first.wait_for()
    assert insight.ministry_links.get(ministry=ocw).state == "accepted"
    page.screenshot(path=str(SHOTS / "insights-matrix.png"), full_page=True)


@pytest.mark.browser
def test_a_liaison_reads_their_column_and_responds(
    live_server, transactional_db, insight_world, browser
):
    from oogst.insights import services
    from oogst.insights.models import LiaisonComment

    services.add_evidence(
        insight_world["care_insight"],
        by=insight_world["analyst"],
        contributions=[insight_world["made"][9]],
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server.url, "liaison", "pw-liaison")
    # "Inzichten" in the menu leads a liaison to their ministry's column.
    page.get_by_role("link", name="Inzichten", exact=True).click()
    page.wait_for_url("**/inzichten/ministerie/")
    entry = page.locator("article.column-entry")
    assert entry.count() == 1
    assert entry.get_by_role("heading", name="Wachtlijsten in de zorg knellen").is_visible()
    entry.get_by_label("Reactie van uw ministerie").fill("VWS neemt dit mee in de inhaalzorg.")
    entry.get_by_role("button", name="Reactie plaatsen").click()
    page.get_by_text("Uw reactie is geplaatst.").wait_for()
    assert LiaisonComment.objects.get().text == "VWS neemt dit mee in de inhaalzorg."
    page.screenshot(path=str(SHOTS / "insights-column.png"), full_page=True)
    page.get_by_role("link", name="lees de bijdragen").click()
    assert "buurtapp" in page.content() and "06-12345678" not in page.content()
    page.screenshot(path=str(SHOTS / "insights-liaison-contributions.png"), full_page=True)


@pytest.mark.browser
def test_the_insights_pages_reflow_at_320_px(live_server, transactional_db, insight_world, browser):
    from django.urls import reverse

    from tests.test_web_a11y import SCROLL_WIDTH, UNLABELLED_SCROLLERS

    slug, care, run = (
        insight_world["programme"].slug,
        insight_world["care_insight"],
        insight_world["run"],
    )
    page = browser.new_page(viewport={"width": 320, "height": 700})
    log_in(page, live_server.url, "analist", "pw-analist")
    for url in (
        reverse("insights:programme", args=[slug]),
        care.get_absolute_url(),
        reverse("insights:contributions", args=[slug, care.pk]),
        reverse("insights:board", args=[slug]),
        reverse("insights:finding", args=[slug, run.pk, 0]),
        reverse("insights:matrix", args=[slug]),
        reverse("insights:column") + "?ministerie=VWS",
        reverse("insights:new", args=[slug]) + f"?run={run.pk}&cluster=0",
        reverse("insights:contribution", args=[insight_world["made"][0].pk]),
    ):
        page.goto(f"{live_server.url}{url}")
        assert page.evaluate(SCROLL_WIDTH) <= 320, url
        assert page.evaluate(UNLABELLED_SCROLLERS) == 0, url
    page.goto(f"{live_server.url}{reverse('insights:board', args=[slug])}")
    page.screenshot(path=str(SHOTS / "insights-board-320.png"), full_page=True)
