"""In a real browser (Debian's Chromium): pages reflow at 320 px without sideways scrolling
(WCAG 1.4.10), the review table fits an 800 px window, and accepting a row keeps the
keyboard focus and says what happened."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import log_in

SCROLL_WIDTH = "document.documentElement.scrollWidth"
# A wide table may scroll, but only inside its own box: a focusable region with a name.
UNLABELLED_SCROLLERS = """[...document.querySelectorAll('.table-scroll')].filter(box =>
    box.getAttribute('role') !== 'region' || box.tabIndex !== 0
    || !document.getElementById(box.getAttribute('aria-labelledby'))).length"""


def finished_run(world):
    from oogst.analyses.models import AnalysisRun, Suggestion

    contributions = world["contributions"]
    run = AnalysisRun.objects.create(
        programme=world["programme"],
        number=1,
        title="Eerste ronde met een lange naam",
        status=AnalysisRun.Status.DONE,
        settings={"embedder": "use", "seed": 0, "n_clusters": "auto"},
        embedder="use-multilingual-v3",
        n_contributions=2,
        input_sha256="f" * 64,
        codebook_sha256="e" * 64,
        created_by=world["analyst"],
        started_at=timezone.now(),
        finished_at=timezone.now(),
        seconds=1.0,
        summary={
            "clusters": [],
            "themes": [
                {"id": "zorg", "name": "Zorg en gezondheid", "count": 1, "share": 0.5},
                {"id": "onderwijs", "name": "Onderwijs", "count": 1, "share": 0.5},
            ],
            "blind_spots": [
                {
                    "type": "under_represented",
                    "theme": "zorg",
                    "column": "municipality",
                    "group": "Súdwest-Fryslân",
                    "count": 0,
                    "expected": 5.7,
                }
            ],
            "run": {"seed": 0, "settings": {"language": "nl", "theme_threshold": 0.35}},
        },
    )
    for contribution in contributions.values():
        Suggestion.objects.create(
            run=run,
            contribution=contribution,
            theme="zorg",
            themes=[{"theme": "zorg", "score": 0.61}, {"theme": "onderwijs", "score": 0.4}],
            score=0.61,
            margin=0.21,
            kind="vraag",
        )
    return run


def set_password(user):
    user.set_password("pw-" + user.username)
    user.save()


@pytest.mark.browser
def test_pages_reflow_at_320_px_and_the_review_fits_800_px(
    live_server, transactional_db, world, browser
):
    run = finished_run(world)
    for who in ("fac_a", "analyst"):
        set_password(world[who])
    table = world["tables"]["a"]

    page = browser.new_page(viewport={"width": 320, "height": 700})
    page.goto(f"{live_server.url}/doe-mee/")
    assert page.evaluate(SCROLL_WIDTH) <= 320
    log_in(page, live_server.url, "fac_a", "pw-fac_a")
    entry = reverse("harvest:entry", args=[table.pk])
    page.goto(f"{live_server.url}{entry}")
    assert page.evaluate(SCROLL_WIDTH) <= 320, "the facilitator's entry page"
    page.close()

    page = browser.new_page(viewport={"width": 320, "height": 700})
    log_in(page, live_server.url, "analist", "pw-analist")
    # The focus ring: dark on white (the yellow alone was 1.8:1), yellow on the blue menu.
    page.keyboard.press("Tab")
    ring = page.evaluate(
        "(s => [s.outlineColor, s.outlineStyle, s.boxShadow])"
        "(getComputedStyle(document.activeElement))"
    )
    assert ring[0] == "rgb(11, 12, 12)" and ring[1] == "solid" and "rgb(255, 182, 18)" in ring[2]
    for url in (
        reverse("dashboard:home"),
        run.get_absolute_url(),
        reverse("analyses:list"),
        reverse("analyses:review", args=[run.pk]),
        reverse("analyses:start", args=[world["programme"].slug]),
        table.get_absolute_url(),
    ):
        page.goto(f"{live_server.url}{url}")
        assert page.evaluate(SCROLL_WIDTH) <= 320, url
        assert page.evaluate(UNLABELLED_SCROLLERS) == 0, url

    # At 800 px the review table fits: no sideways scrolling, Accepteren in view.
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(f"{live_server.url}{reverse('analyses:review', args=[run.pk])}?wachtrij=1")
    assert page.evaluate(SCROLL_WIDTH) <= 800
    box = page.locator(".table-scroll")
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth")
    row = page.locator("table.review-table tbody.review-item").first
    accept = row.get_by_role("button", name="Accepteren")
    assert accept.evaluate("b => b.getBoundingClientRect().right") <= 800

    # Accepting by keyboard: the focus stays on the button, the counters and a live
    # region follow.
    row_id = row.get_attribute("id")
    accept.focus()
    page.keyboard.press("Enter")
    page.locator(f"#{row_id} .badge.review-accepted").wait_for(timeout=10_000)
    page.wait_for_function(
        "document.getElementById('review-announce').textContent.includes('geaccepteerd')"
    )
    page.wait_for_function(
        f"document.activeElement.id === 'accept-{row_id.split('-')[1]}'", timeout=5_000
    )
    counts = page.locator("#review-counts").inner_text()
    assert "1\ngeaccepteerd" in counts and "1\nnog te beoordelen" in counts

    # A refused change (a kind the server does not know, as from a stale page) comes back
    # as 422 with the row and its error: htmx swaps it in although it is a 4xx.
    second = page.locator("table.review-table tbody.review-item").nth(1)
    second_id = second.get_attribute("id")
    second.locator("summary").click()
    second.locator("select").evaluate(
        "s => { s.add(new Option('unknown', 'unknown')); s.value = 'unknown'; }"
    )
    second.get_by_role("button", name="Wijziging opslaan").click()
    page.locator(f"#{second_id} .errorlist").wait_for(timeout=10_000)
    page.wait_for_function(
        f"document.activeElement.id === 'change-{second_id.split('-')[1]}'", timeout=5_000
    )
