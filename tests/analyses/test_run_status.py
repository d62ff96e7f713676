"""A run while it goes and after it ends: its steps are announced once each, the page that
watched it says how it ended and takes the focus there, a late "annuleren" says what it did,
and a run can be started again with its own filter and settings. Runs side by side: which
contributions moved, and no comparison of a run with itself. The start form's wording."""

import re
import time
from html import unescape

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from oogst.analyses import services
from oogst.analyses.models import AnalysisRun, Suggestion
from oogst.codebook.models import Theme
from oogst.harvest.models import Contribution, ThemeAssignment
from oogst.tasks.models import Job

from .test_views import done_run, suggest


def running_run(world, **fields):
    return AnalysisRun.objects.create(
        programme=world["programme"],
        number=AnalysisRun.objects.count() + 1,
        status=AnalysisRun.Status.RUNNING,
        settings={"embedder": "lexical", "seed": 0, "n_clusters": "auto"},
        created_by=world["analyst"],
        started_at=timezone.now(),
        **fields,
    )


def poll(client, run, seen):
    """What the run page's poll asks every second: the step it showed last goes along."""
    return client.get(
        reverse("analyses:status", args=[run.pk]), {"stap": seen}, HTTP_HX_REQUEST="true"
    )


def announced(html: str) -> str | None:
    found = re.search(r'<p id="run-announce" hx-swap-oob="innerHTML">(.*?)</p>', html, re.S)
    return unescape(found.group(1)) if found else None


# -- 10. what a screen reader hears while a run goes, and when it ends ---------------------


@pytest.mark.django_db
def test_a_new_step_is_announced_once_and_a_poll_in_the_same_step_says_nothing(client, world):
    run = running_run(world, step="embed", step_done=10, step_total=42, percentage=11)
    client.force_login(world["analyst"])
    page = client.get(run.get_absolute_url()).content.decode()
    # The live region starts empty; the fixed sentence is help text, not something to speak.
    assert '<p id="run-announce" class="visually-hidden" role="status" aria-live="polite"></p>' in (
        page
    )
    assert 'aria-live="polite">De voortgang' not in page
    # The poll carries the step the page shows.
    assert f"{reverse('analyses:status', args=[run.pk])}?stap=embed" in page

    assert announced(poll(client, run, "redact").content.decode()) == (
        "Stap 2 van 10: Teksten omzetten naar vectoren"
    )
    assert announced(poll(client, run, "embed").content.decode()) is None
    AnalysisRun.objects.filter(pk=run.pk).update(step="code", step_done=0, step_total=42)
    assert announced(poll(client, run, "embed").content.decode()) == (
        "Stap 3 van 10: Coderen op de thema's van het codeboek"
    )
    # Someone who opens the status by hand (no htmx) gets no out-of-band parts.
    plain = client.get(reverse("analyses:status", args=[run.pk]), {"stap": "embed"})
    assert announced(plain.content.decode()) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status, words, role",
    [
        ("done", "Klaar: de analyse is afgerond.", "status"),
        ("failed", "Mislukt: de analyse is niet afgerond.", "alert"),
        ("cancelled", "Geannuleerd: de analyse is gestopt", "status"),
    ],
)
def test_the_page_that_watched_a_run_end_reloads_with_the_outcome_focused(
    client, world, status, words, role
):
    run = running_run(world, step="store")
    client.force_login(world["analyst"])
    AnalysisRun.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now())
    response = poll(client, run, "store")
    assert response["HX-Refresh"] == "true"
    html = client.get(run.get_absolute_url()).content.decode()
    message = re.search(
        r'<p class="message [^"]*" role="(\w+)" tabindex="-1" autofocus>(.*?)</p>', html
    )
    assert message is not None, "the outcome is said where the focus goes"
    assert message.group(1) == role and message.group(2).startswith(words)
    # Said once: the next visit is a plain page.
    assert words not in client.get(run.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_run_that_ended_unwatched_reloads_without_a_message(client, world):
    """A poll without `stap` (a page from before this change, or a hand-made request) is not
    a page that watched the run: no message is left behind for some later page."""
    run = done_run(world)
    client.force_login(world["analyst"])
    response = client.get(reverse("analyses:status", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    assert 'id="messages"' not in client.get(run.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_bulk_action_swapped_in_by_htmx_puts_the_focus_on_its_message_and_errors_alert(
    client, world
):
    run = done_run(world)
    suggestion = suggest(run, world["contributions"]["a"])
    client.force_login(world["analyst"])
    url = reverse("analyses:review_bulk", args=[run.pk])
    boosted = {"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"}

    nothing = client.post(url, {"action": "accept"}, follow=True, **boosted).content.decode()
    box = nothing.split('<div class="messages"')[1].split("</div>")[0]
    assert 'id="messages" tabindex="-1" autofocus' in box
    assert 'role="alert"' in box and "Kies eerst een of meer bijdragen." in box

    done = client.post(
        url, {"action": "accept", "selected": [suggestion.pk]}, follow=True, **boosted
    ).content.decode()
    box = done.split('<div class="messages"')[1].split("</div>")[0]
    assert 'id="messages" tabindex="-1" autofocus' in box
    assert 'role="status"' in box and 'role="alert"' not in box

    # A full page load (no JavaScript) keeps the browser's own focus: no autofocus.
    plain = client.post(url, {"action": "accept"}, follow=True).content.decode()
    box = plain.split('<div class="messages"')[1].split("</div>")[0]
    assert "autofocus" not in box and 'role="alert"' in box


# -- 18. a counter only where the step counts ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "step, done, total, counter",
    [
        ("embed", 10, 42, "10 / 42"),
        ("redact", 5, 42, "5 / 42"),
        # Not begun: "0 / 42" would stand still while the model loads.
        ("embed", 0, 42, None),
        # These report only their start and end: a counter would stand still until the end.
        ("code", 0, 42, None),
        ("kind", 0, 42, None),
        ("cluster", 0, 42, None),
        ("store", 0, 1, None),
    ],
)
def test_the_progress_shows_a_counter_only_for_steps_that_count(
    client, world, step, done, total, counter
):
    run = running_run(world, step=step, step_done=done, step_total=total, percentage=40)
    client.force_login(world["analyst"])
    html = poll(client, run, step).content.decode()
    line = html.split('<span class="step">')[1].split("</span>")[0]
    assert re.match(r"Stap \d+ van 10: ", line)
    if counter:
        assert line.endswith(f" · {counter}")
    else:
        assert " / " not in line
    assert 'value="40"' in html  # the bar still shows where the run is


def test_a_sentence_transformers_model_reports_its_progress_as_it_embeds():
    """Without a model installed: a stand-in with the same `encode`. Before, one call over
    every text reported once, at the end: minutes of a bar that did not move."""
    from oogst.analysis.embed import SentenceTransformerEmbedder

    class Model:
        def __init__(self):
            self.calls = []

        def encode(self, texts, batch_size, normalize_embeddings):
            self.calls.append(len(texts))
            return np.ones((len(texts), 3), dtype=np.float32)

        def get_sentence_embedding_dimension(self):
            return 3

    embedder = SentenceTransformerEmbedder("stand-in", batch_size=4)
    embedder._model = Model()
    seen = []
    vectors = embedder.embed([f"tekst {i}" for i in range(150)], lambda s, d, t: seen.append(d))
    assert vectors.shape == (150, 3)
    assert embedder._model.calls == [64, 64, 22]
    assert seen == [64, 128, 150]
    assert embedder.embed([]).shape == (0, 3)


@pytest.mark.django_db
def test_progress_writes_are_throttled_and_cost_little(world, monkeypatch):
    """A run's progress hits the database at most every half second within a step (and at
    each new step and each step's end), whatever the library reports: a busy embedder's
    report per 64 texts is not a database write per 64 texts."""
    queued = running_run(world)
    writes = []
    original = services.retry_busy

    def counting(call):
        writes.append(call)
        return original(call)

    monkeypatch.setattr(services, "retry_busy", counting)
    progress = services.ProgressReporter(queued.pk)
    started = time.perf_counter()
    for done in range(0, 10001, 64):  # 157 reports of one step, as fast as a busy embedder
        progress("embed", done, 10000)
    progress("embed", 10000, 10000)
    elapsed = time.perf_counter() - started
    # The new step and its end (each a cancel check and a write); the reports in between
    # came within half a second of the first.
    assert len(writes) == 2 * 2
    assert elapsed < 1.0
    queued.refresh_from_db()
    assert (queued.step, queued.step_done, queued.percentage) == ("embed", 10000, 45)


# -- 16. "annuleren" on a run that is no longer running ------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status, words",
    [
        ("done", "Deze analyse was al klaar; er is niets geannuleerd."),
        ("failed", "Deze analyse was al mislukt; er is niets geannuleerd."),
        ("cancelled", "Deze analyse was al geannuleerd."),
    ],
)
def test_cancelling_a_run_that_already_ended_says_so_and_changes_nothing(
    client, world, status, words
):
    run = done_run(world)
    AnalysisRun.objects.filter(pk=run.pk).update(status=status)
    client.force_login(world["analyst"])
    url = reverse("analyses:cancel", args=[run.pk])
    html = client.post(url, follow=True).content.decode()
    assert words in html and "Annuleren is gevraagd" not in html
    run.refresh_from_db()
    assert run.status == status and not run.cancel_requested
    # From a stale page with htmx: the whole page comes back, with the same words focused.
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Refresh"] == "true"
    html = client.get(run.get_absolute_url()).content.decode()
    assert re.search(rf'role="status" tabindex="-1" autofocus>{re.escape(words)}</p>', html)


@pytest.mark.django_db
def test_cancelling_says_what_happened_to_a_running_and_a_queued_run(client, world):
    client.force_login(world["analyst"])
    running = running_run(world, step="embed")
    html = client.post(reverse("analyses:cancel", args=[running.pk]), follow=True)
    assert "Annuleren is gevraagd; de analyse stopt bij de volgende stap." in html.content.decode()
    queued = AnalysisRun.objects.create(programme=world["programme"], number=99)
    html = client.post(reverse("analyses:cancel", args=[queued.pk]), follow=True)
    assert "De analyse is geannuleerd; er is niets van opgeslagen." in html.content.decode()
    queued.refresh_from_db()
    assert queued.status == AnalysisRun.Status.CANCELLED
    # With htmx a running run keeps its fragment and the note that takes the focus.
    again = running_run(world, step="code")
    fragment = client.post(reverse("analyses:cancel", args=[again.pk]), HTTP_HX_REQUEST="true")
    assert 'id="cancel-note" tabindex="-1" autofocus' in fragment.content.decode()


@pytest.mark.django_db
def test_observers_cannot_cancel_or_start_again(client, world):
    run = done_run(world)
    client.force_login(world["observer"])
    assert client.post(reverse("analyses:cancel", args=[run.pk])).status_code == 404
    html = client.get(run.get_absolute_url()).content.decode()
    assert "Opnieuw starten met deze instellingen" not in html
    start = reverse("analyses:start", args=[world["programme"].slug])
    assert client.get(start, {"van": run.pk}).status_code == 404


# -- 19. no double parentheses -------------------------------------------------------------


@pytest.mark.django_db
def test_the_task_runner_and_the_embedder_are_named_without_double_parentheses(client, world):
    a, b = done_run(world), done_run(world)
    job = Job.objects.create(func="x", backend=Job.Backend.EMBEDDED, status=Job.Status.DONE)
    AnalysisRun.objects.filter(pk=a.pk).update(job=job)
    client.force_login(world["analyst"])
    html = client.get(a.get_absolute_url()).content.decode()
    assert "<dt>Uitvoering</dt><dd>Ingebouwd (in het webproces)</dd>" in html
    assert "(Ingebouwd" not in html
    compare = client.get(reverse("analyses:compare"), {"a": a.pk, "b": b.pk}).content.decode()
    assert 'Meertalig zinsmodel (USE) <span class="muted">· use-multilingual-v3</span>' in compare
    assert "((" not in compare and ") (" not in compare


@pytest.mark.django_db
def test_a_run_that_never_started_says_so_instead_of_an_empty_time(client, world):
    run = AnalysisRun.objects.create(
        programme=world["programme"], number=7, status=AnalysisRun.Status.CANCELLED
    )
    client.force_login(world["analyst"])
    html = client.get(run.get_absolute_url()).content.decode()
    assert "<dt>Uitgevoerd</dt><dd>niet begonnen</dd>" in html
    assert "<dt>Uitvoering</dt><dd>—</dd>" in html


# -- 20. start again with the same settings; the list shows each run's filter -------------


def cancelled_with_filter(world, **filters):
    return AnalysisRun.objects.create(
        programme=world["programme"],
        number=AnalysisRun.objects.count() + 1,
        title="Tafel A, alleen knelpunten",
        status=AnalysisRun.Status.CANCELLED,
        filters={
            "tables": [world["tables"]["a"].pk],
            "kinds": ["knel"],
            "channels": ["table"],
            "themes": ["zorg"],
            "date_from": "2026-03-01",
            **filters,
        },
        settings={"embedder": "lexical", "seed": 7, "n_clusters": 4, "n_quotes": 2},
        created_by=world["analyst"],
    )


@pytest.mark.django_db
def test_a_cancelled_run_offers_to_start_again_with_its_settings(client, world, settings):
    run = cancelled_with_filter(world)
    client.force_login(world["analyst"])
    html = client.get(run.get_absolute_url()).content.decode()
    start = reverse("analyses:start", args=[world["programme"].slug])
    assert f'href="{start}?van={run.pk}"' in html
    assert "Opnieuw starten met deze instellingen" in html

    response = client.get(start, {"van": run.pk})
    form = response.context["form"]
    assert form.initial == {
        "title": "Tafel A, alleen knelpunten",
        "tables": [world["tables"]["a"].pk],
        "kinds": ["knel"],
        "channels": ["table"],
        "themes": ["zorg"],
        "date_from": "2026-03-01",
        "date_to": "",
        "embedder": "lexical",
        "seed": 7,
        "n_clusters": "4",
        "n_quotes": 2,
    }
    page = response.content.decode()
    assert f"Ingevuld met het filter en de instellingen van {run}" in page
    assert 'value="2026-03-01"' in page  # ISO, as the date input reads it
    assert "Let op:" not in page

    # Sent as it stands, the form starts a run with exactly that filter and those settings
    # (the filter holds contribution A once it is coded on "zorg").
    ThemeAssignment.objects.create(
        contribution=world["contributions"]["a"],
        theme=world["themes"]["care"],
        source=ThemeAssignment.Source.PERSON,
    )
    data = {k: v for k, v in form.initial.items() if v not in ("", [])}
    response = client.post(f"{start}?van={run.pk}", data)
    new = AnalysisRun.objects.exclude(pk=run.pk).get()
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert new.filters == run.filters and new.title == run.title
    assert {k: new.settings[k] for k in run.settings} == run.settings


@pytest.mark.django_db
def test_starting_again_says_what_no_longer_exists_instead_of_silently_widening(client, world):
    run = cancelled_with_filter(world, tables=[world["tables"]["a"].pk, 999_999])
    Theme.objects.filter(slug="zorg").update(status=Theme.Status.RETIRED)
    AnalysisRun.objects.filter(pk=run.pk).update(
        settings={**run.settings, "embedder": "st:not-installed"}
    )
    client.force_login(world["analyst"])
    response = client.get(
        reverse("analyses:start", args=[world["programme"].slug]), {"van": run.pk}
    )
    form = response.context["form"]
    assert form.initial["tables"] == [world["tables"]["a"].pk]
    assert form.initial["themes"] == [] and form.initial["embedder"] == "use"
    note = response.content.decode().split('id="prefilled"')[1].split("</div>")[0]
    assert "Let op:" in note
    assert "tafels die niet meer bestaan" in note
    assert "Zorg en gezondheid" in note
    assert "st:not-installed" in note


@pytest.mark.django_db
@pytest.mark.parametrize("van", ["abc", "", "1.5", "-1", "99999999"])
def test_start_again_from_an_id_that_is_no_run_is_not_found(client, world, van):
    client.force_login(world["analyst"])
    url = reverse("analyses:start", args=[world["programme"].slug])
    assert client.get(url, {"van": van}).status_code == 404


@pytest.mark.django_db
def test_start_again_from_a_run_of_another_programme_is_not_found(client, world):
    from oogst.programme.models import Programme

    other = Programme.objects.create(slug="ander", name="Ander programma")
    foreign = AnalysisRun.objects.create(programme=other, number=1, status="cancelled")
    client.force_login(world["analyst"])
    url = reverse("analyses:start", args=[world["programme"].slug])
    assert client.get(url, {"van": foreign.pk}).status_code == 404


@pytest.mark.django_db
def test_a_running_run_offers_no_start_again(client, world):
    run = running_run(world, step="embed")
    client.force_login(world["analyst"])
    assert "Opnieuw starten" not in client.get(run.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_run_list_shows_each_runs_filter_in_short_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["analyst"])
    done_run(world)
    cancelled_with_filter(world)
    url = reverse("analyses:list")
    html = client.get(url).content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    assert '<th scope="col">Filter</th>' in html
    assert "Tafels: A; Soort: knel; Kanaal: Tafelverslag; Gecodeerd op: Zorg en gezondheid;" in rows
    assert "Vanaf: 1 maart 2026" in rows
    assert '<span class="muted">alle bijdragen</span>' in rows

    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for _ in range(6):
        cancelled_with_filter(world, tables=[world["tables"]["b"].pk])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.mark.django_db
def test_a_long_filter_is_cut_short_in_the_list_and_given_whole_on_the_run_page(client, world):
    from oogst.analyses.selectors import describing
    from oogst.programme.models import Table

    track = world["tables"]["a"].track
    tables = [
        Table.objects.create(
            programme=world["programme"], track=track, code=f"T{i:02}", name=f"Tafel {i}"
        )
        for i in range(6)
    ]
    run = cancelled_with_filter(
        world, tables=[t.pk for t in tables], kinds=[], channels=[], themes=[], date_from=None
    )
    short = describing.describe_filters_of([run])[run.pk]
    assert short == [("Tafels", "T00, T01, T02 en 3 andere")]
    assert describing.describe_filters(run) == [("Tafels", "T00, T01, T02, T03, T04, T05")]


# -- 21. comparing two runs ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_comparison_lists_the_contributions_whose_best_theme_changed(client, world):
    a, b = done_run(world), done_run(world)
    moved, stayed = world["contributions"]["a"], world["contributions"]["b"]
    suggest(a, moved)  # zorg
    suggest(b, moved)
    Suggestion.objects.filter(run=b, contribution=moved).update(theme="onderwijs")
    Suggestion.objects.create(run=a, contribution=stayed, theme="onderwijs")
    Suggestion.objects.create(run=b, contribution=stayed, theme="onderwijs")
    AnalysisRun.objects.filter(pk=a.pk).update(
        summary={**a.summary, "themes": [{"id": "zorg", "name": "Zorg", "count": 1}]}
    )
    AnalysisRun.objects.filter(pk=b.pk).update(
        summary={
            **b.summary,
            "themes": [
                {"id": "zorg", "name": "Zorg", "count": 1},
                {"id": "onderwijs", "name": "Onderwijs", "count": 2},
            ],
        }
    )
    client.force_login(world["analyst"])
    html = client.get(reverse("analyses:compare"), {"a": a.pk, "b": b.pk}).content.decode()
    section = html.split('id="changed-title"')[1].split("</section>")[0]
    assert "1 bijdrage kreeg in B een ander beste thema dan in A." in section
    rows = section.split("<tbody>")[1].split("</tbody>")[0]
    assert f"bijdrage {moved.pk}, tafel A" in rows and f"bijdrage {stayed.pk}" not in rows
    assert rows.index("Zorg") < rows.index("Onderwijs")  # from A's theme to B's
    assert "50,0%" in html  # one of the two kept its theme
    # No change in size reads 0, not +0.
    sizes = html.split('id="compare-caption"')[1].split("</table>")[0]
    assert '<td class="num">0</td>' in sizes and "+0" not in sizes
    assert '<td class="num">+2</td>' in sizes


@pytest.mark.django_db
def test_the_changed_contributions_come_in_pages(client, world):
    a, b = done_run(world), done_run(world)
    made = [
        Contribution.objects.create(programme=world["programme"], text=f"Tekst {i}")
        for i in range(60)
    ]
    Suggestion.objects.bulk_create(
        [Suggestion(run=a, contribution=c, theme="zorg") for c in made]
        + [Suggestion(run=b, contribution=c, theme="onderwijs") for c in made]
    )
    client.force_login(world["analyst"])
    url = reverse("analyses:compare")
    first = client.get(url, {"a": a.pk, "b": b.pk}).content.decode()
    assert "60 bijdragen kregen in B een ander beste thema dan in A." in first
    assert "Hieronder 1 tot en met 50." in first and "Pagina 1 van 2" in first
    assert first.split("<tbody>")[2].count("<tr>") == 50
    second = client.get(url, {"a": a.pk, "b": b.pk, "pagina": 2}).content.decode()
    assert second.split("<tbody>")[2].count("<tr>") == 10
    assert f"bijdrage {made[-1].pk}" in second and f"bijdrage {made[0].pk}<" not in second


@pytest.mark.django_db
def test_a_run_is_not_compared_with_itself(client, world):
    a = done_run(world)
    client.force_login(world["analyst"])
    response = client.get(reverse("analyses:compare"), {"a": a.pk, "b": a.pk}, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("analyses:list"))
    html = response.content.decode()
    assert re.search(
        r'role="alert" tabindex="-1" autofocus>Kies twee verschillende runs om te vergelijken.',
        html,
    )
    assert "vergeleken" not in html


@pytest.mark.django_db
def test_two_runs_without_a_shared_contribution_say_so_plainly(client, world):
    a, b = done_run(world), done_run(world)
    suggest(a, world["contributions"]["a"])
    suggest(b, world["contributions"]["b"])
    client.force_login(world["analyst"])
    html = client.get(reverse("analyses:compare"), {"a": a.pk, "b": b.pk}).content.decode()
    assert "Deze twee runs hebben geen enkele bijdrage gemeen" in html
    assert "eens over het beste thema" not in html and "—</span>" not in html
    assert 'id="changed-title"' not in html
    assert "1 / 1" in html  # one contribution only in A, one only in B


@pytest.mark.django_db
def test_two_runs_that_agree_everywhere_list_no_changes(client, world):
    a, b = done_run(world), done_run(world)
    suggest(a, world["contributions"]["a"])
    suggest(b, world["contributions"]["a"])
    client.force_login(world["observer"])  # observers compare too
    html = client.get(reverse("analyses:compare"), {"a": a.pk, "b": b.pk}).content.decode()
    assert "100" in html.split('class="figures"')[1].split("</li>")[0]
    assert "Geen: elke bijdrage die in beide runs zat, kreeg hetzelfde beste thema." in html


# -- 25. the start form's words ------------------------------------------------------------


@pytest.mark.django_db
def test_the_start_form_marks_every_optional_part_once_and_explains_its_jargon(client, world):
    client.force_login(world["analyst"])
    html = client.get(reverse("analyses:start", args=[world["programme"].slug])).content.decode()
    assert "Optioneel, bijvoorbeeld" not in html
    assert "Bijvoorbeeld ‘Na de eerste tafelronde’." in html
    for legend in ("Soort", "Kanaal", "Alleen bijdragen gecodeerd op"):
        assert f'<legend>{legend} <span class="muted">(optioneel)</span></legend>' in html
    # The themes are checkboxes now; the tables list says how to choose more than one.
    assert 'type="checkbox" name="themes"' in html
    assert "Ctrl-klik (Mac: Cmd-klik)" in html
    assert "Embedder (taalmodel)" in html and "de betekenis van elke tekst" in html
    assert "Seed (startgetal)" in html and "toevalsstappen" in html
    # Required settings carry no "(optioneel)".
    label = html.split('for="id_seed"')[1].split("</label>")[0]
    assert "optioneel" not in label


# -- in a real browser ---------------------------------------------------------------------

# Every text the run page's live region is given, kept across the reload at the end.
RECORD_ANNOUNCEMENTS = """
document.addEventListener("DOMContentLoaded", () => {
  const region = document.getElementById("run-announce");
  if (!region) return;
  new MutationObserver(() => {
    const said = JSON.parse(sessionStorage.getItem("said") || "[]");
    said.push(region.textContent.trim());
    sessionStorage.setItem("said", JSON.stringify(said));
  }).observe(region, {childList: true, subtree: true, characterData: true});
});
"""


@pytest.mark.browser
def test_a_screen_reader_hears_each_step_once_and_lands_on_the_outcome(
    live_server, transactional_db, analysis_world, settings, browser, monkeypatch
):
    from tests.conftest import SHOTS, log_in

    settings.OOGST_TASKS_SYNC = False  # the real embedded runner: a thread beside the server
    analyst = analysis_world["analyst"]
    analyst.set_password("pw-analist")
    analyst.save()
    original = services.ProgressReporter.__call__

    def unhurried(self, step, done, total):
        time.sleep(0.25)  # slow enough for the page's one-second poll to see most steps
        return original(self, step, done, total)

    monkeypatch.setattr(services.ProgressReporter, "__call__", unhurried)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(RECORD_ANNOUNCEMENTS)
    log_in(page, live_server.url, "analist", "pw-analist")
    page.goto(f"{live_server.url}{reverse('analyses:start', args=['test'])}")
    page.get_by_label("Embedder").select_option("lexical")
    page.get_by_role("button", name="Analyse starten").click()
    page.wait_for_url(f"{live_server.url}/analyse/run/*/")

    outcome = page.locator("#messages .message")
    outcome.wait_for(timeout=90_000)
    assert outcome.inner_text().startswith("Klaar: de analyse is afgerond.")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.startswith("Klaar: de analyse is afgerond.")
    assert page.get_by_role("heading", name="Bevindingen").is_visible()
    said = page.evaluate("JSON.parse(sessionStorage.getItem('said') || '[]')")
    assert len(said) >= 2 and all(s.startswith("Stap ") for s in said)
    assert all(a != b for a, b in zip(said, said[1:], strict=False))  # each step once
    page.screenshot(path=str(SHOTS / "analysis-run-finished-focus.png"))

    # The bulk bar without a selection: an alert, and the focus on it.
    page.goto(f"{live_server.url}{reverse('analyses:review', args=[AnalysisRun.objects.get().pk])}")
    page.locator("#bulk-form button[value=accept]").first.click()
    page.locator("#messages [role=alert]").wait_for(timeout=10_000)
    assert page.evaluate("document.activeElement.id") == "messages"
    assert "Kies eerst een of meer bijdragen." in page.locator("#messages").inner_text()
