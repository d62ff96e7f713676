"""In a real browser (Debian's Chromium): an analyst starts a run, watches it progress, reads
the finished run with its clusters and quotes, and accepts a suggestion in the review."""

import time

import pytest

from tests.conftest import SHOTS, log_in

from .conftest import planted_polis


@pytest.mark.browser
def test_an_analyst_runs_an_analysis_and_reads_clusters_and_quotes(
    live_server, transactional_db, analysis_world, settings, browser, monkeypatch
):
    from oogst.analyses import services
    from oogst.analyses.models import AnalysisRun
    from oogst.tasks.runner import wait_for_jobs

    settings.OOGST_TASKS_SYNC = False  # the real embedded runner: a thread beside the server
    analyst = analysis_world["analyst"]
    analyst.first_name, analyst.last_name = "Anna", "Lyse"
    analyst.set_password("pw-analist")
    analyst.save()
    # Slow the progress reports down a little, so that a human (and this test) can see them.
    original = services.ProgressReporter.__call__

    def unhurried(self, step, done, total):
        time.sleep(0.3)
        return original(self, step, done, total)

    monkeypatch.setattr(services.ProgressReporter, "__call__", unhurried)
    SHOTS.mkdir(parents=True, exist_ok=True)
    planted_polis(analysis_world, analysis_world["made"])

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server.url, "analist", "pw-analist")

    page.get_by_role("link", name="Analyse", exact=True).click()
    assert page.get_by_role("heading", name="Analyseruns").is_visible()
    page.get_by_role("link", name="Nieuwe analyse starten").click()
    page.get_by_label("Naam van de analyse").fill("Eerste ronde")
    page.get_by_label("Embedder").select_option("lexical")
    page.get_by_label("Citaten per cluster").fill("3")
    page.screenshot(path=str(SHOTS / "analysis-start.png"), full_page=True)
    page.get_by_role("button", name="Analyse starten").click()

    page.wait_for_url(f"{live_server.url}/analyse/run/*/")
    progress = page.locator("#run-progress")
    progress.wait_for(timeout=10_000)
    page.wait_for_function(
        "Number(document.querySelector('#run-progress')?.value) > 0", timeout=20_000
    )
    assert page.get_by_role("button", name="Analyse annuleren").is_visible()
    page.screenshot(path=str(SHOTS / "analysis-progress.png"), full_page=True)

    # When the run is done the page reloads itself with the results.
    page.get_by_role("heading", name="Bevindingen").wait_for(timeout=60_000)
    wait_for_jobs(timeout=30)
    run = AnalysisRun.objects.get()
    assert run.status == AnalysisRun.Status.DONE
    assert page.get_by_role("heading", name="Omvang per thema").is_visible()
    clusters = page.locator("ol.clusters > li")
    assert clusters.count() == len(run.summary["clusters"]) >= 2
    quotes = page.locator("ol.clusters blockquote")
    assert quotes.count() >= 2
    assert page.locator("ol.clusters .contribution .meta").first.inner_text().startswith("— ")
    assert "Anna Lyse" not in page.locator("ol.clusters").inner_text()
    assert run.input_sha256 in page.content()
    page.screenshot(path=str(SHOTS / "analysis-run.png"), full_page=True)
    opinion = page.locator("section[aria-labelledby=opinion-title]")
    assert opinion.get_by_role("heading", name="Opiniegroepen uit Polis-stemmen").is_visible()
    assert "40 deelnemers in 2 groepen" in opinion.inner_text()
    opinion.screenshot(path=str(SHOTS / "analysis-opinion.png"))

    # One click to the queue of the most useful contributions to label; accept the first.
    page.get_by_role("link", name="Eerst labelen: meest leerzame bijdragen").click()
    first_row = page.locator("table.review-table tbody.review-item").first
    row_id = first_row.get_attribute("id")
    first_row.get_by_role("button", name="Accepteren").click()
    page.locator(f"#{row_id} .badge.review-accepted").wait_for(timeout=10_000)
    assert run.suggestions.filter(review="accepted").count() == 1
    # Two more at once, with the bulk bar (htmx-boosted: the page updates in place).
    rows = page.locator("table.review-table tbody.review-item")
    rows.nth(1).get_by_role("checkbox").check()
    rows.nth(2).get_by_role("checkbox").check()
    page.locator("#bulk-form button[value=accept]").click()
    page.get_by_text("2 suggesties geaccepteerd.").wait_for(timeout=10_000)
    assert run.suggestions.filter(review="accepted").count() == 3
    page.screenshot(path=str(SHOTS / "analysis-review.png"))

    # A second run (seed 1, started here directly), then the list and the comparison.
    settings.OOGST_TASKS_SYNC = True
    monkeypatch.setattr(services.ProgressReporter, "__call__", original)
    second = services.start_run(
        run.programme,
        analyst,
        {},
        {"embedder": "lexical", "seed": 1, "n_clusters": 3, "n_quotes": 3},
        "Drie clusters",
    )
    assert second.status == AnalysisRun.Status.DONE
    page.goto(f"{live_server.url}/analyse/")
    assert page.locator("table.data tbody tr").count() == 2
    page.screenshot(path=str(SHOTS / "analysis-list.png"), full_page=True)
    page.get_by_role("button", name="Vergelijk").click()
    page.wait_for_url("**/analyse/vergelijk/?a=*")
    assert "eens over het beste thema" in page.content()
    page.screenshot(path=str(SHOTS / "analysis-compare.png"), full_page=True)
