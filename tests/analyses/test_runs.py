"""An analyst runs the analysis from the web app: it is stored with its hash and results,
never overwritten, can be cancelled, and its suggestions are reviewed into real codes."""

import json
import socket
from pathlib import Path

import pytest
from django.urls import reverse

from oogst.analyses import services
from oogst.analyses.models import AnalysisRun, Suggestion
from oogst.harvest.models import Contribution, ReviewStatus, ThemeAssignment
from oogst.tasks.models import Job

from .conftest import WRONG_START, planted_polis, start_settings


def start(world, **extra):
    return services.start_run(world["programme"], world["analyst"], {}, start_settings(**extra))


def test_an_analyst_starts_a_run_from_the_form_and_it_is_stored_with_its_hash(
    client, analysis_world, settings
):
    client.force_login(analysis_world["analyst"])
    url = reverse("analyses:start", args=[analysis_world["programme"].slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Eerste ronde",
            "embedder": "lexical",
            "seed": 0,
            "n_clusters": "auto",
            "n_quotes": 3,
        },
    )
    run = AnalysisRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()

    assert run.status == AnalysisRun.Status.DONE, run.error
    assert run.number == 1 and run.title == "Eerste ronde"
    assert run.n_contributions == 42  # the 40 of this story and the 2 of the shared world
    assert len(run.input_sha256) == 64 and len(run.codebook_sha256) == 64
    assert run.library_version and run.embedder.startswith("lexical")
    assert run.job.status == Job.Status.DONE
    assert run.created_by == analysis_world["analyst"]
    # The full result is on disk, the per-contribution part also in rows.
    folder = Path(settings.MEDIA_ROOT) / run.result_dir
    analysis = json.loads((folder / "analysis.json").read_text())
    assert len(analysis["contributions"]) == 42
    assert "<html" in (folder / "report.html").read_text().lower()
    assert run.suggestions.count() == 42
    assert run.summary["clusters"] and "contributions" not in run.summary
    # The suggestions are codes with source=analysis, labelled with the run; none by a person.
    suggested = ThemeAssignment.objects.filter(source="analysis", analysis_run=str(run.pk))
    assert suggested.exists() and not ThemeAssignment.objects.filter(source="person").exists()
    assert all(a.score is not None for a in suggested)

    page = client.get(run.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bevindingen" in html and "Omvang per thema" in html
    assert run.input_sha256 in html
    first_cluster = run.summary["clusters"][0]
    assert first_cluster["label"] in html


def test_the_coder_gets_most_of_this_easy_set_right(analysis_world):
    run = start(analysis_world)
    truth = analysis_world["truth"]
    best = dict(
        run.suggestions.filter(contribution_id__in=truth).values_list("contribution_id", "theme")
    )
    right = sum(1 for pk, theme in truth.items() if best.get(pk) == theme)
    assert right / len(truth) >= 0.6, f"{right} of {len(truth)} right"


def test_a_second_run_is_a_new_run_and_leaves_the_first_untouched(client, analysis_world, settings):
    first = start(analysis_world)
    first_file = Path(settings.MEDIA_ROOT) / first.result_dir / "analysis.json"
    before = first_file.read_bytes()
    first_suggestions = list(first.suggestions.values_list("contribution_id", "theme", "cluster"))

    second = start(analysis_world)

    assert (first.number, second.number) == (1, 2)
    assert second.result_dir != first.result_dir
    assert first_file.read_bytes() == before
    assert (
        list(first.suggestions.values_list("contribution_id", "theme", "cluster"))
        == first_suggestions
    )
    # Same input, codebook and seed: the same hash and the same coding.
    assert second.input_sha256 == first.input_sha256
    client.force_login(analysis_world["observer"])
    response = client.get(reverse("analyses:compare"), {"a": first.pk, "b": second.pk})
    assert response.status_code == 200
    assert response.context["comparison"]["agreement"] == 100.0
    assert response.context["comparison"]["common"] == 42
    # The latest run's suggestions stand in the codes.
    assert not ThemeAssignment.objects.filter(
        source="analysis", analysis_run=str(first.pk)
    ).exists()
    assert ThemeAssignment.objects.filter(source="analysis", analysis_run=str(second.pk)).exists()


def test_a_filter_narrows_the_input_and_changes_the_hash(analysis_world):
    everything = start(analysis_world)
    only_table_a = services.start_run(
        analysis_world["programme"],
        analysis_world["analyst"],
        {"tables": [analysis_world["tables"]["a"].pk], "kinds": ["knel", "kiem", "idee", "overig"]},
        start_settings(),
    )
    assert only_table_a.status == AnalysisRun.Status.DONE, only_table_a.error
    assert only_table_a.n_contributions == 15  # 14 care contributions and the world's one
    assert only_table_a.input_sha256 != everything.input_sha256


def test_an_analyst_cancels_a_running_analysis_and_nothing_is_kept(analysis_world, monkeypatch):
    original = services.ProgressReporter.__call__

    def analyst_clicks_cancel_during_clustering(self, step, done, total):
        if step == "cluster":
            services.cancel_run(AnalysisRun.objects.get(pk=self.run_id))
        return original(self, step, done, total)

    monkeypatch.setattr(
        services.ProgressReporter, "__call__", analyst_clicks_cancel_during_clustering
    )
    run = start(analysis_world)

    assert run.status == AnalysisRun.Status.CANCELLED
    assert run.step == "kind"  # it got as far as the step before, then stopped
    assert run.job.status == Job.Status.CANCELLED
    assert not run.suggestions.exists() and not run.result_dir
    assert not ThemeAssignment.objects.filter(source="analysis").exists()


def test_a_queued_run_is_cancelled_at_once_and_never_starts(
    analysis_world, settings, django_capture_on_commit_callbacks
):
    settings.OOGST_TASKS_SYNC = False
    with django_capture_on_commit_callbacks(execute=False):  # the runner has not picked it up yet
        run = start(analysis_world)
    assert run.status == AnalysisRun.Status.QUEUED
    run = services.cancel_run(run)
    assert run.status == AnalysisRun.Status.CANCELLED
    assert run.job.status == Job.Status.CANCELLED
    from oogst.tasks.runner import execute

    execute(run.job_id)  # the worker comes by after all: nothing happens
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.CANCELLED and not run.suggestions.exists()


def test_starting_the_same_run_twice_while_it_is_queued_gives_the_run_already_there(
    client, analysis_world, settings, django_capture_on_commit_callbacks
):
    settings.OOGST_TASKS_SYNC = False
    client.force_login(analysis_world["analyst"])
    url = reverse("analyses:start", args=[analysis_world["programme"].slug])
    form = {"embedder": "lexical", "seed": 0, "n_clusters": "auto", "n_quotes": 3}
    with django_capture_on_commit_callbacks(execute=False):
        first = client.post(url, form)
        again = client.post(url, form, follow=True)  # a second click, or a colleague
    run = AnalysisRun.objects.get()
    assert first["Location"] == run.get_absolute_url() == again.redirect_chain[-1][0]
    assert "loopt al" in again.content.decode()
    # Other settings, or the first run ended: a new run.
    with django_capture_on_commit_callbacks(execute=False):
        client.post(url, {**form, "seed": 1})
    assert AnalysisRun.objects.count() == 2
    services.cancel_run(run)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(url, form)
    assert AnalysisRun.objects.count() == 3


def test_a_run_whose_process_died_shows_as_failed(
    client, analysis_world, settings, django_capture_on_commit_callbacks
):
    settings.OOGST_TASKS_SYNC = False
    with django_capture_on_commit_callbacks(execute=False):
        run = start(analysis_world)
    AnalysisRun.objects.filter(pk=run.pk).update(status="running")
    # The web process that ran it is gone (a pid that does not exist on this host).
    Job.objects.filter(pk=run.job_id).update(
        status="running", owner=f"{socket.gethostname()}:{2**22 + 99}:gone"
    )
    client.force_login(analysis_world["analyst"])
    response = client.get(reverse("analyses:status", args=[run.pk]), HTTP_HX_REQUEST="true")
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.FAILED
    assert "afgebroken" in run.error
    assert response["HX-Refresh"] == "true"


def test_a_failing_analysis_says_why(analysis_world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(services, "store_result", broken)
    run = start(analysis_world)
    assert run.status == AnalysisRun.Status.FAILED
    assert "schijf vol" in run.error
    assert run.job.status == Job.Status.FAILED


def test_the_status_fragment_polls_while_running_and_asks_for_the_full_page_when_done(
    client, analysis_world, settings, django_capture_on_commit_callbacks
):
    settings.OOGST_TASKS_SYNC = False
    with django_capture_on_commit_callbacks(execute=False):
        run = start(analysis_world)
    AnalysisRun.objects.filter(pk=run.pk).update(
        status="running", step="embed", step_done=10, step_total=42, percentage=11
    )
    client.force_login(analysis_world["analyst"])
    url = reverse("analyses:status", args=[run.pk])
    html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="11"' in html and "10 / 42" in html
    assert "Analyse annuleren" in client.get(run.get_absolute_url()).content.decode()
    response = client.post(reverse("analyses:cancel", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert "Annuleren is gevraagd" in response.content.decode()
    assert AnalysisRun.objects.get(pk=run.pk).cancel_requested


def test_the_start_form_names_what_is_wrong(client, analysis_world):
    client.force_login(analysis_world["analyst"])
    url = reverse("analyses:start", args=[analysis_world["programme"].slug])
    response = client.post(url, WRONG_START)
    assert response.status_code == 200
    html = response.content.decode()
    assert "een getal van 2 tot 200" in html
    assert "De einddatum ligt vóór de begindatum." in html
    assert 'aria-describedby="id_date_to_error"' in html or "id_date_to_error" in html
    assert not AnalysisRun.objects.exists()
    # A filter that matches nothing is refused before anything is queued.
    response = client.post(
        url,
        {
            "embedder": "lexical",
            "seed": 0,
            "n_clusters": "auto",
            "n_quotes": 3,
            "date_from": "2001-01-01",
            "date_to": "2001-01-02",
        },
    )
    assert "geen enkele bijdrage" in response.content.decode()
    assert not AnalysisRun.objects.exists()


# -- review --------------------------------------------------------------------------------


def test_accepting_a_suggestion_makes_it_the_analysts_own_code(client, analysis_world):
    run = start(analysis_world)
    suggestion = run.suggestions.exclude(theme="").select_related("contribution").first()
    client.force_login(analysis_world["analyst"])
    url = reverse("analyses:review_one", args=[run.pk, suggestion.pk])
    response = client.post(url, {"action": "accept"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and f'id="row-{suggestion.pk}"' in response.content.decode()

    suggestion.refresh_from_db()
    contribution = suggestion.contribution
    contribution.refresh_from_db()
    assert (
        suggestion.review == Suggestion.Review.ACCEPTED
        and suggestion.reviewed_by == analysis_world["analyst"]
    )
    person = ThemeAssignment.objects.filter(contribution=contribution, source="person")
    assert {a.theme.slug for a in person} == {t["theme"] for t in suggestion.themes}
    assert all(a.assigned_by == analysis_world["analyst"] for a in person)
    assert contribution.kind == suggestion.kind
    assert contribution.review_status == ReviewStatus.REVIEWED
    # The suggestion is still there, apart from the person's code.
    assert ThemeAssignment.objects.filter(
        contribution=contribution, source="analysis", analysis_run=str(run.pk)
    ).exists()


def test_changing_a_suggestion_stores_the_analysts_themes_and_kind(client, analysis_world):
    run = start(analysis_world)
    suggestion = run.suggestions.first()
    client.force_login(analysis_world["analyst"])
    prefix = f"s{suggestion.pk}"
    client.post(
        reverse("analyses:review_one", args=[run.pk, suggestion.pk]),
        {"action": "change", f"{prefix}-themes": ["wonen", "zorg"], f"{prefix}-kind": "vraag"},
    )
    suggestion.refresh_from_db()
    assert suggestion.review == Suggestion.Review.CHANGED
    codes = ThemeAssignment.objects.filter(
        contribution_id=suggestion.contribution_id, source="person"
    )
    assert sorted(codes.values_list("theme__slug", flat=True)) == ["wonen", "zorg"]
    assert (
        suggestion.contribution.__class__.objects.get(pk=suggestion.contribution_id).kind == "vraag"
    )
    # A wrong kind is refused and changes nothing.
    response = client.post(
        reverse("analyses:review_one", args=[run.pk, suggestion.pk]),
        {"action": "change", f"{prefix}-themes": ["onderwijs"], f"{prefix}-kind": "onzin"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert sorted(codes.values_list("theme__slug", flat=True)) == ["wonen", "zorg"]


def test_rejecting_removes_the_suggestion_from_the_codes_but_keeps_the_run_record(
    client, analysis_world
):
    run = start(analysis_world)
    suggestion = run.suggestions.exclude(theme="").first()
    client.force_login(analysis_world["analyst"])
    client.post(reverse("analyses:review_one", args=[run.pk, suggestion.pk]), {"action": "reject"})
    suggestion.refresh_from_db()
    assert suggestion.review == Suggestion.Review.REJECTED and suggestion.theme
    assert not ThemeAssignment.objects.filter(
        contribution_id=suggestion.contribution_id, source="analysis"
    ).exists()
    assert not ThemeAssignment.objects.filter(
        contribution_id=suggestion.contribution_id, source="person"
    ).exists()


def test_bulk_accept_and_the_labels_feed_the_next_run(client, analysis_world):
    run = start(analysis_world)
    client.force_login(analysis_world["analyst"])
    queue = client.get(reverse("analyses:review", args=[run.pk]), {"wachtrij": "1"})
    assert queue.status_code == 200
    first_in_queue = [row["s"].pk for row in queue.context["rows"]][:10]
    picks = [str(i) for i in run.summary["label_next"]]
    assert str(queue.context["rows"][0]["c"].pk) == picks[0]

    response = client.post(
        reverse("analyses:review_bulk", args=[run.pk]),
        {"action": "accept", "selected": first_in_queue},
    )
    assert response.status_code == 302
    assert "10 suggesties geaccepteerd." in [
        str(m) for m in client.get(response["Location"]).context["messages"]
    ]
    assert run.suggestions.filter(review="accepted").count() == 10
    labelled = (
        ThemeAssignment.objects.filter(source="person").values("contribution").distinct().count()
    )
    assert labelled >= 1

    nxt = start(analysis_world)
    assert nxt.summary["run"]["settings"]["accepted_labels"] == labelled
    # What was labelled is no longer proposed to label.
    accepted_ids = set(
        run.suggestions.filter(review="accepted", theme__gt="").values_list(
            "contribution_id", flat=True
        )
    )
    assert not accepted_ids & {int(i) for i in nxt.summary["label_next"]}


def test_an_analysts_own_code_stands_in_the_next_run_and_bulk_accept_leaves_it(
    client, analysis_world
):
    run = start(analysis_world)
    suggestion = run.suggestions.exclude(theme="wonen").exclude(theme="").first()
    client.force_login(analysis_world["analyst"])
    prefix = f"s{suggestion.pk}"
    client.post(
        reverse("analyses:review_one", args=[run.pk, suggestion.pk]),
        {"action": "change", f"{prefix}-themes": ["wonen"], f"{prefix}-kind": "idee"},
    )
    contribution_id = suggestion.contribution_id

    nxt = start(analysis_world)
    again = nxt.suggestions.get(contribution_id=contribution_id)
    assert again.review == Suggestion.Review.CODED
    assert again.theme == "wonen"  # the label is the contribution's theme in the new run
    # The analyst's code is the only code: no machine code beside it.
    assert list(
        ThemeAssignment.objects.filter(contribution_id=contribution_id).values_list(
            "source", "theme__slug"
        )
    ) == [("person", "wonen")]
    queue = client.get(reverse("analyses:review", args=[nxt.pk]), {"wachtrij": "1"})
    assert contribution_id not in {row["c"].pk for row in queue.context["rows"]}
    # Selecting it along with others in bulk does not overwrite the analyst's decision.
    others = list(nxt.suggestions.filter(review="open").values_list("pk", flat=True)[:3])
    client.post(
        reverse("analyses:review_bulk", args=[nxt.pk]),
        {"action": "accept", "selected": [again.pk, *others]},
    )
    again.refresh_from_db()
    assert again.review == Suggestion.Review.CODED
    assert list(
        ThemeAssignment.objects.filter(
            contribution_id=contribution_id, source="person"
        ).values_list("theme__slug", flat=True)
    ) == ["wonen"]
    assert nxt.suggestions.filter(pk__in=others, review="accepted").count() == len(others)


def test_a_code_on_a_retired_theme_leaves_the_contribution_open_in_the_next_run(
    client, analysis_world
):
    run = start(analysis_world)
    suggestion = run.suggestions.exclude(theme="").first()
    ThemeAssignment.objects.create(
        contribution_id=suggestion.contribution_id,
        theme=analysis_world["housing"],
        source="person",
    )
    analysis_world["housing"].status = "vervallen"
    analysis_world["housing"].save()
    nxt = start(analysis_world)
    assert nxt.suggestions.get(contribution_id=suggestion.contribution_id).review == "open"


def test_a_rejected_suggestion_is_not_asked_again(client, analysis_world):
    run = start(analysis_world)
    suggestion = run.suggestions.exclude(theme="").first()
    client.force_login(analysis_world["analyst"])
    client.post(reverse("analyses:review_one", args=[run.pk, suggestion.pk]), {"action": "reject"})

    nxt = start(analysis_world)
    again = nxt.suggestions.get(contribution_id=suggestion.contribution_id)
    assert again.theme == suggestion.theme  # the same input and seed suggest the same
    assert again.review == Suggestion.Review.REJECTED
    assert again.reviewed_by == analysis_world["analyst"]
    assert not ThemeAssignment.objects.filter(
        contribution_id=suggestion.contribution_id, source="analysis"
    ).exists()


def test_the_web_app_uses_the_configured_embedding_cache(analysis_world, settings, tmp_path):
    settings.OOGST_CACHE_DIR = str(tmp_path / "elders")
    run = services.start_run(
        analysis_world["programme"], analysis_world["analyst"], {}, start_settings(embedder="use")
    )
    assert run.status == AnalysisRun.Status.DONE, run.error
    assert any((tmp_path / "elders").rglob("*.npy"))
    assert not (Path(settings.VAR_DIR) / "cache").exists()


def test_a_result_folder_left_by_another_database_does_not_fail_the_run(analysis_world, settings):
    """Two databases sharing one media folder (or a rebuilt one) number their runs alike."""
    first = start(analysis_world)
    # The folder the next run would have had when folders were named by run id alone.
    taken = Path(settings.MEDIA_ROOT) / "analyses" / str(first.pk + 1)
    taken.mkdir(parents=True)
    (taken / "analysis.json").write_text("{}")
    run = start(analysis_world)
    assert run.pk == first.pk + 1
    assert run.status == AnalysisRun.Status.DONE, run.error
    assert (taken / "analysis.json").read_text() == "{}"


def test_a_run_that_cannot_store_its_rows_leaves_no_files(analysis_world, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(Suggestion.objects, "bulk_create", broken)
    run = start(analysis_world)
    assert run.status == AnalysisRun.Status.FAILED
    assert not list((Path(settings.MEDIA_ROOT) / "analyses").glob("*"))


# -- who may do what -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["fac_a", "host", "liaison"])
def test_facilitators_hosts_and_liaisons_find_no_analysis_at_all(client, analysis_world, who):
    run = start(analysis_world)
    other = start(analysis_world)
    suggestion = run.suggestions.first()
    client.force_login(analysis_world[who])
    for url in [
        reverse("analyses:list"),
        reverse("analyses:start", args=[analysis_world["programme"].slug]),
        run.get_absolute_url(),
        reverse("analyses:status", args=[run.pk]),
        reverse("analyses:review", args=[run.pk]),
        reverse("analyses:download", args=[run.pk, "analysis.json"]),
        reverse("analyses:compare") + f"?a={run.pk}&b={other.pk}",
    ]:
        assert client.get(url).status_code == 404, url
    for url, data in [
        (reverse("analyses:cancel", args=[run.pk]), {}),
        (reverse("analyses:review_one", args=[run.pk, suggestion.pk]), {"action": "accept"}),
        (
            reverse("analyses:review_bulk", args=[run.pk]),
            {"action": "accept", "selected": [suggestion.pk]},
        ),
        (
            reverse("analyses:start", args=[analysis_world["programme"].slug]),
            {"embedder": "lexical", "seed": 0, "n_clusters": "auto", "n_quotes": 3},
        ),
    ]:
        assert client.post(url, data).status_code == 404, url
    assert AnalysisRun.objects.count() == 2
    assert not Suggestion.objects.exclude(review="open").exists()
    assert "Analyse</a>" not in client.get(reverse("dashboard:home")).content.decode()


def test_observers_read_runs_but_cannot_start_cancel_review_or_download(client, analysis_world):
    run = start(analysis_world)
    suggestion = run.suggestions.first()
    client.force_login(analysis_world["observer"])
    listing = client.get(reverse("analyses:list")).content.decode()
    assert str(run) in listing and "Nieuwe analyse starten" not in listing
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bevindingen" in html and "suggesties beoordelen" not in html.lower()
    for url in [
        reverse("analyses:start", args=[analysis_world["programme"].slug]),
        reverse("analyses:review", args=[run.pk]),
        reverse("analyses:download", args=[run.pk, "report.html"]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("analyses:cancel", args=[run.pk])).status_code == 404
    assert (
        client.post(
            reverse("analyses:review_one", args=[run.pk, suggestion.pk]), {"action": "accept"}
        ).status_code
        == 404
    )
    suggestion.refresh_from_db()
    assert suggestion.review == "open"


def test_quotes_carry_a_role_and_never_a_name(client, analysis_world):
    from oogst.accounts.models import User

    run = start(analysis_world)
    client.force_login(analysis_world["analyst"])
    html = client.get(run.get_absolute_url()).content.decode()
    assert (
        "— Student" in html
        or "— Wethouder" in html
        or "— Ondernemer" in html
        or "— Zorgmedewerker" in html
    )
    for user in User.objects.all():
        if user.get_full_name():
            assert user.get_full_name() not in html.split("<main")[1]


def test_analysts_download_the_stored_files(client, analysis_world):
    run = start(analysis_world)
    client.force_login(analysis_world["analyst"])
    response = client.get(reverse("analyses:download", args=[run.pk, "analysis.json"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="analysis.json"'
    data = json.loads(response.content)
    assert data["run"]["input_sha256"] and len(data["contributions"]) == run.n_contributions
    assert client.get(reverse("analyses:download", args=[run.pk, "settings.py"])).status_code == 404
    report = client.get(reverse("analyses:download", args=[run.pk, "report.html"]))
    # Served from our own origin, so it may run no script whatever the texts hold.
    assert "sandbox" in report["Content-Security-Policy"]
    assert "default-src 'none'" in report["Content-Security-Policy"]


def test_the_review_page_costs_the_same_few_queries_for_a_full_page(
    client, analysis_world, django_assert_max_num_queries
):
    run = start(analysis_world)
    client.force_login(analysis_world["analyst"])
    for suggestion in run.suggestions.all()[:5]:
        services.accept_suggestion(suggestion, analysis_world["analyst"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("analyses:review", args=[run.pk]))
    assert len(response.context["rows"]) == 25


def test_the_run_page_costs_a_fixed_number_of_queries(
    client, analysis_world, django_assert_max_num_queries
):
    run = start(analysis_world, n_quotes=5)
    client.force_login(analysis_world["analyst"])
    quotes = sum(len(c["quotes"]) for c in run.summary["clusters"])
    assert quotes >= 10
    # Not one query per quote: the privacy policy and texts are read once for all of them.
    with django_assert_max_num_queries(15):
        assert client.get(run.get_absolute_url()).status_code == 200


def test_a_quote_of_someone_who_withdrew_after_the_run_is_no_longer_shown(client, analysis_world):
    from django.utils import timezone

    from oogst.participants.models import Consent, Participant

    run = start(analysis_world)
    quoted = int(run.summary["clusters"][0]["quotes"][0])
    contribution = analysis_world["made"][0].__class__.objects.get(pk=quoted)
    participant = Participant.objects.create(programme=analysis_world["programme"])
    Consent.objects.create(participant=participant, purpose=Consent.Purpose.QUOTE, given=True)
    contribution.participant = participant
    contribution.save()
    client.force_login(analysis_world["observer"])
    assert contribution.text in client.get(run.get_absolute_url()).content.decode()

    participant.withdrawn_at = timezone.now()
    participant.save()
    html = client.get(run.get_absolute_url()).content.decode()
    assert contribution.text not in html
    assert "de deelnemer heeft zich teruggetrokken" in html


def test_the_downloads_leave_out_the_words_of_someone_who_withdrew_after_the_run(
    client, analysis_world
):
    from django.utils import timezone

    from oogst.participants.models import Consent, Participant

    run = start(analysis_world)
    # The contributions whose sentences the stored result carries: summaries, descriptions.
    sources = {s for t in run.summary["themes"] for s in t.get("summary_sources") or []}
    sources |= {c["quotes"][0] for c in run.summary["clusters"] if c["quotes"]}
    participant = Participant.objects.create(programme=analysis_world["programme"])
    Consent.objects.create(participant=participant, purpose=Consent.Purpose.QUOTE, given=True)
    Contribution.objects.filter(pk__in=[int(s) for s in sources]).update(participant=participant)
    client.force_login(analysis_world["analyst"])

    def downloaded(name):
        return client.get(reverse("analyses:download", args=[run.pk, name])).content.decode()

    before = json.loads(downloaded("analysis.json"))
    assert any(t["summary"] for t in before["themes"])  # quotable: their words stand
    assert any(c["description"] for c in before["clusters"])
    assert 'class="extracts"' in downloaded("report.html")

    participant.withdrawn_at = timezone.now()
    participant.save()
    after = json.loads(downloaded("analysis.json"))
    assert all(not t["summary"] and not t["summary_sources"] for t in after["themes"])
    assert all(not c["description"] for c in after["clusters"])
    assert after["contributions"] == before["contributions"]  # ids and codes stay
    assert 'class="extracts"' not in downloaded("report.html")


def test_no_name_or_phone_number_reaches_the_files_of_a_run(analysis_world, settings):
    """Keywords, descriptions, summaries and the report come from the redacted text, also for
    contributions that were bulk-imported without a redaction yet."""

    Contribution.objects.bulk_create(
        Contribution(
            programme=analysis_world["programme"],
            kind="knel",
            text=f"Bel Jan de Vries op 06-12345678 over de wachtlijst bij de huisarts ({i}).",
            role_label="Student",
            is_quote=True,
        )
        for i in range(8)
    )
    run = start(analysis_world)
    assert run.status == AnalysisRun.Status.DONE, run.error
    folder = Path(settings.MEDIA_ROOT) / run.result_dir
    for name in ("analysis.json", "report.html"):
        content = (folder / name).read_text(encoding="utf-8")
        assert "Vries" not in content and "vries" not in content, name
        assert "12345678" not in content, name
    assert "huisarts" in (folder / "report.html").read_text(encoding="utf-8")
    # A stored redaction of an older text is not used: that text was edited around the
    # signals (a queryset update), so the run redacts the current text itself.
    edited = analysis_world["made"][0]
    Contribution.objects.filter(pk=edited.pk).update(
        text="Mail Pieter Bakker via pieter.bakker@example.nl over de wachtlijst."
    )
    from oogst.analyses.selectors import run_input

    [record] = run_input.analysis_records(Contribution.objects.filter(pk=edited.pk))
    assert record["text"].startswith("Mail ") and "wachtlijst" in record["text"]
    assert "Bakker" not in record["text"] and "example.nl" not in record["text"]
    # The redactions were stored on the way, so pages need not make them again.
    assert not Contribution.objects.filter(
        programme=analysis_world["programme"], redaction__isnull=True
    ).exists()


def test_an_address_written_in_html_is_redacted_as_the_analysis_reads_it(analysis_world):

    from oogst.analyses.selectors import run_input

    html = Contribution.objects.create(
        programme=analysis_world["programme"],
        kind="knel",
        text="<p>Mail jan.de.vries&#64;gemeente.nl over de wachtlijst.</p>",
    )
    [record] = run_input.analysis_records(Contribution.objects.filter(pk=html.pk))
    assert "wachtlijst" in record["text"] and "<p>" not in record["text"]
    assert "gemeente.nl" not in record["text"] and "&#64;" not in record["text"]


def test_labelled_examples_from_outside_the_run_reach_the_coder_redacted(analysis_world):
    """A contribution a person coded but that a filtered run leaves out teaches the coder as
    an example: its text is redacted like the run's own records."""

    from oogst.analyses.selectors import run_input

    coded = Contribution.objects.create(
        programme=analysis_world["programme"],
        kind="knel",
        text="Bel Jan de Vries op 06-12345678 over de wachtlijst bij de huisarts.",
    )
    ThemeAssignment.objects.create(
        contribution=coded, theme=analysis_world["themes"]["care"], source="person"
    )
    labels, examples = run_input.accepted_labels(analysis_world["programme"], set())
    assert labels == {}
    [example] = examples
    assert example["theme"] == analysis_world["themes"]["care"].slug
    assert "huisarts" in example["text"]
    assert "Vries" not in example["text"] and "12345678" not in example["text"]
    # A participant who withdrew teaches nothing any more.
    from django.utils import timezone

    from oogst.participants.models import Participant

    coded.participant = Participant.objects.create(programme=analysis_world["programme"])
    coded.save()
    Participant.objects.filter(pk=coded.participant_id).update(withdrawn_at=timezone.now())
    assert run_input.accepted_labels(analysis_world["programme"], set()) == ({}, [])
    Participant.objects.filter(pk=coded.participant_id).update(withdrawn_at=None)
    # Inside the run it is a label, not an example: no text travels at all.
    labels, examples = run_input.accepted_labels(analysis_world["programme"], {str(coded.pk)})
    assert labels == {str(coded.pk): analysis_world["themes"]["care"].slug} and examples == []


def test_the_report_file_is_in_the_language_of_whoever_started_the_run(analysis_world, settings):
    from django.utils import translation

    with translation.override("en"):
        english = start(analysis_world)
    dutch = start(analysis_world)
    for run, heading in ((english, "Emerging topics"), (dutch, "Opkomende onderwerpen")):
        assert run.status == AnalysisRun.Status.DONE, run.error
        report = (Path(settings.MEDIA_ROOT) / run.result_dir / "report.html").read_text()
        assert heading in report


def test_a_run_over_polis_contributions_finds_the_opinion_groups(client, analysis_world, settings):
    comments = planted_polis(analysis_world, analysis_world["made"])
    run = start(analysis_world)
    assert run.status == AnalysisRun.Status.DONE, run.error
    [found] = run.summary["opinion"]
    assert (found["conversation_id"], found["k"], found["grouped"]) == ("abc123", 2, 40)
    assert sorted(found["sizes"]) == [20, 20] and found["agreement_with_polis"] == 1.0
    # The comment Polis moderated out is not in the matrix the groups were found in.
    from oogst.analyses.selectors import run_input

    [matrix] = run_input.vote_matrices(
        analysis_world["programme"],
        Contribution.objects.filter(pk__in=[c.contribution_id for c in comments]),
    )
    assert matrix.votes.shape == (40, 9) and "" not in matrix.comments
    shared = str(comments[8].contribution_id)
    assert [c["statement"] for c in found["consensus"]] == [shared]
    assert found["divisive"] and all(d["statement"] != shared for d in found["divisive"])

    client.force_login(analysis_world["analyst"])
    html = client.get(run.get_absolute_url()).content.decode()
    assert "Opiniegroepen uit Polis-stemmen" in html and "Zorg in de wijk" in html
    assert "40 deelnemers in 2 groepen" in html
    assert comments[8].contribution.text in html  # the consensus statement, shown as a quote
    report = (Path(settings.MEDIA_ROOT) / run.result_dir / "report.html").read_text()
    assert "Opiniegroepen uit Polis-stemmen" in report and "40 deelnemers in 2 groepen" in report
    assert comments[8].contribution.text in report


def test_a_filtered_run_quotes_opinion_statements_from_outside_the_filter(analysis_world, settings):
    """The groups come from the whole conversation; a statement the filter left out is still
    quoted in the report with its (redacted) text, never as a bare id."""
    comments = planted_polis(analysis_world, analysis_world["made"])
    consensus = comments[8].contribution
    kind = comments[0].contribution.kind
    other = next(k for k in ("knel", "kiem", "idee", "vraag", "overig") if k != kind)
    Contribution.objects.filter(pk=consensus.pk).update(kind=other)
    run = services.start_run(
        analysis_world["programme"], analysis_world["analyst"], {"kinds": [kind]}, start_settings()
    )
    assert run.status == AnalysisRun.Status.DONE, run.error
    [found] = run.summary["opinion"]
    assert [c["statement"] for c in found["consensus"]] == [str(consensus.pk)]
    report = (Path(settings.MEDIA_ROOT) / run.result_dir / "report.html").read_text()
    assert consensus.text in report
    assert "tekst niet in dit rapport" not in report


def test_a_run_without_polis_votes_has_no_opinion_section(client, analysis_world):
    run = start(analysis_world)
    assert run.summary["opinion"] == []
    client.force_login(analysis_world["analyst"])
    assert "Opiniegroepen" not in client.get(run.get_absolute_url()).content.decode()
