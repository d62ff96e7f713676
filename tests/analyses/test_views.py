"""What the analysis pages say, and how they behave when a person reaches them by hand: a
cut-off comparison link, a cancelled run, a blind spot, a review row that was just accepted."""

import pytest
from django.urls import reverse
from django.utils import timezone

from oogst.analyses.models import AnalysisRun, Suggestion

from .conftest import WRONG_START


def done_run(world, **summary):
    """A finished run as the runner leaves it, built by hand: no analysis needed to read it."""
    return AnalysisRun.objects.create(
        programme=world["programme"],
        number=AnalysisRun.objects.count() + 1,
        status=AnalysisRun.Status.DONE,
        settings={"embedder": "use", "seed": 0, "n_clusters": "auto"},
        embedder="use-multilingual-v3",
        input_sha256="a" * 64,
        n_contributions=2,
        created_by=world["analyst"],
        started_at=timezone.now(),
        finished_at=timezone.now(),
        seconds=1.0,
        summary={
            "clusters": [],
            "themes": [],
            "blind_spots": [],
            "emerging": [],
            "run": {"seed": 0, "input_sha256": "b" * 64, "settings": {"theme_threshold": 0.4}},
            **summary,
        },
    )


def suggest(run, contribution, **extra):
    return Suggestion.objects.create(
        run=run,
        contribution=contribution,
        theme="zorg",
        themes=[{"theme": "zorg", "score": 0.61}],
        score=0.61,
        margin=0.2,
        kind="vraag",
        **extra,
    )


# -- 1. ids typed by hand ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?a=abc&b=2",
        "?a=1",
        "?b=1",
        "",
        "?a=&b=",
        "?a=1.5&b=1",
        "?a=-1&b=1",
        "?a=99999999999999999999&b=1",
    ],
)
def test_a_comparison_link_without_two_run_numbers_is_not_found_not_a_crash(client, world, query):
    done_run(world)
    client.force_login(world["analyst"])
    response = client.get(reverse("analyses:compare") + query)
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_comparison_of_two_finished_runs_still_works(client, world):
    a, b = done_run(world), done_run(world)
    client.force_login(world["analyst"])
    response = client.get(reverse("analyses:compare"), {"a": a.pk, "b": b.pk})
    assert response.status_code == 200


# -- 3. blind spots in words ---------------------------------------------------------------


BLIND_SPOTS = [
    {
        "type": "under_represented",
        "theme": "zorg",
        "column": "age_group",
        "group": "16-24",
        "count": 1,
        "expected": 4.2,
    },
    {
        "type": "under_represented",
        "theme": "zorg",
        "column": "education",
        "group": "high",
        "count": 3,
        "expected": 7.1,
    },
    {
        "type": "under_represented",
        "theme": "onderwijs",
        "column": "municipality",
        "group": "Almere",
        "count": 0,
        "expected": 5.7,
    },
    {
        "type": "under_represented",
        "theme": "onderwijs",
        "column": "gender",
        "group": "woman",
        "count": 2,
        "expected": 6.0,
    },
]


@pytest.mark.django_db
def test_blind_spots_name_the_group_in_words_with_the_right_number(client, world):
    run = done_run(world, blind_spots=BLIND_SPOTS)
    client.force_login(world["analyst"])
    html = client.get(run.get_absolute_url()).content.decode()
    assert (
        f'<strong><a href="/analyse/run/{run.pk}/beoordelen/?thema=zorg" lang="nl">'
        "Zorg en gezondheid</a></strong>: leeftijdsgroep 16-24 ondervertegenwoordigd"
    ) in html
    assert "(1 bijdrage, verwacht 4,2)" in html
    assert "opleidingsniveau hoog ondervertegenwoordigd (3 bijdragen, verwacht 7,1)" in html
    assert "gemeente Almere ondervertegenwoordigd (0 bijdragen" in html
    assert "geslacht vrouw" in html
    for raw in ("age_group", "education", "municipality", ": groep ", " = "):
        assert raw not in html.split('id="blind-title"')[1].split("</section>")[0]


@pytest.mark.django_db
def test_blind_spots_read_as_english_on_the_english_page(client, world):
    run = done_run(world, blind_spots=BLIND_SPOTS[:1])
    client.force_login(world["analyst"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    section = client.get(run.get_absolute_url()).content.decode().split('id="blind-title"')[1]
    section = section.split("</section>")[0]
    assert "age group 16-24 under-represented (1 contribution, 4.2 expected)" in section
    assert "age_group" not in section


# -- 11. a cancel that was asked for -------------------------------------------------------


@pytest.mark.django_db
def test_a_run_asked_to_stop_says_so_and_offers_no_second_cancel(client, world):
    run = AnalysisRun.objects.create(
        programme=world["programme"],
        number=1,
        status=AnalysisRun.Status.RUNNING,
        step="embed",
        settings={"embedder": "lexical"},
        created_by=world["analyst"],
    )
    client.force_login(world["analyst"])
    html = client.get(run.get_absolute_url()).content.decode()
    assert "Analyse annuleren" in html and "Wordt geannuleerd" not in html

    response = client.post(reverse("analyses:cancel", args=[run.pk]), HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert "Wordt geannuleerd…" in fragment and "Bezig</span>" not in fragment
    # The button goes out of band, and the note that replaces it takes the focus.
    assert 'id="run-cancel" hx-swap-oob="true"' in fragment
    assert "Analyse annuleren" not in fragment
    assert 'id="cancel-note" tabindex="-1" autofocus' in fragment

    for url in (run.get_absolute_url(), reverse("analyses:list")):
        html = client.get(url).content.decode()
        assert "Wordt geannuleerd…" in html and "Analyse annuleren" not in html
    polled = client.get(reverse("analyses:status", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert "Wordt geannuleerd…" in polled.content.decode()
    assert "autofocus" not in polled.content.decode()  # a poll never pulls the focus


# -- 12. names, not codes ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_embedder_has_one_human_name_whether_the_run_finished_or_not(client, world):
    finished = done_run(world)
    cancelled = AnalysisRun.objects.create(
        programme=world["programme"],
        number=9,
        status=AnalysisRun.Status.CANCELLED,
        settings={"embedder": "use"},
    )
    client.force_login(world["analyst"])
    response = client.get(reverse("analyses:list"))
    rows = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("Meertalig zinsmodel (USE)") == 2
    assert "use-multilingual-v3" not in rows and ">use<" not in rows
    # The run page keeps the library's exact name beside it, for traceability.
    html = client.get(finished.get_absolute_url()).content.decode()
    assert 'Meertalig zinsmodel (USE) <span class="muted">· use-multilingual-v3</span>' in html
    assert client.get(cancelled.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_a_run_whose_starter_was_deleted_still_shows(client, world):
    run = done_run(world)
    AnalysisRun.objects.filter(pk=run.pk).update(created_by=None)
    client.force_login(world["analyst"])
    assert "gestart door — op" in client.get(run.get_absolute_url()).content.decode()
    assert client.get(reverse("analyses:list")).status_code == 200


@pytest.mark.django_db
def test_review_rows_name_the_kind_in_words(client, world):
    run = done_run(world)
    suggest(run, world["contributions"]["a"])
    client.force_login(world["analyst"])
    html = client.get(reverse("analyses:review", args=[run.pk])).content.decode()
    assert 'nu: <span class="badge kind-knel">Knel — wat kwam in de knel</span>' in html
    assert ">knel<" not in html and ">vraag<" not in html


# -- 9. after Accepteren -------------------------------------------------------------------


@pytest.mark.django_db
def test_an_accepted_row_keeps_the_focus_and_updates_the_counts_and_says_what_happened(
    client, world
):
    run = done_run(world)
    first = suggest(run, world["contributions"]["a"])
    suggest(run, world["contributions"]["b"])
    client.force_login(world["analyst"])
    page = client.get(reverse("analyses:review", args=[run.pk])).content.decode()
    assert 'id="review-counts"' in page
    assert 'id="review-announce" class="visually-hidden" role="status" aria-live="polite"' in page
    assert "autofocus" not in page  # a full page load leaves the focus where browsers put it

    response = client.post(
        reverse("analyses:review_one", args=[run.pk, first.pk]),
        {"action": "accept", "next_query": "wachtrij=1"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="accept-{first.pk}" autofocus' in html
    counts = html.split('id="review-counts" hx-swap-oob="true"')[1].split("</ul>")[0]
    assert '<span class="value">1</span><span class="label">nog te beoordelen' in counts
    assert '<span class="value">1</span><span class="label">geaccepteerd' in counts
    contribution = world["contributions"]["a"].pk
    assert (
        f'<p id="review-announce" hx-swap-oob="innerHTML">Bijdrage {contribution}: '
        "geaccepteerd.</p>"
    ) in html
    assert 'name="next_query" value="wachtrij=1"' in html


@pytest.mark.django_db
def test_a_saved_change_hands_the_focus_to_wijzigen(client, world):
    run = done_run(world)
    suggestion = suggest(run, world["contributions"]["a"])
    client.force_login(world["analyst"])
    prefix = f"s{suggestion.pk}"
    html = client.post(
        reverse("analyses:review_one", args=[run.pk, suggestion.pk]),
        {"action": "change", f"{prefix}-themes": ["onderwijs"], f"{prefix}-kind": "idee"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert f'<summary id="change-{suggestion.pk}" autofocus>' in html
    assert "gewijzigd.</p>" in html


# -- 4. the start form's errors ------------------------------------------------------------


@pytest.mark.django_db
def test_the_start_form_sums_up_its_errors_at_the_top_and_links_to_the_fields(client, world):
    client.force_login(world["analyst"])
    url = reverse("analyses:start", args=[world["programme"].slug])
    assert "Fout:" not in client.get(url).content.decode().split("</title>")[0]
    html = client.post(url, WRONG_START).content.decode()
    assert "<title>Fout: Nieuwe analyse · Oogst</title>" in html
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_n_clusters"' in summary and 'href="#id_date_to"' in summary
    assert html.index('id="error-summary"') < html.index('class="run-form"')
    assert 'document.getElementById("error-summary").focus()' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_n_clusters_helptext' in html


@pytest.mark.django_db
def test_the_import_form_sums_up_its_errors_too(client, world):
    client.force_login(world["analyst"])
    html = client.post(
        reverse("harvest:import_upload", args=[world["programme"].slug]), {}
    ).content.decode()
    assert "<title>Fout: Bijdragen importeren" in html
    assert 'href="#id_file"' in html.split('id="error-summary"')[1]


# -- 7, 8. quotes: their kind in words, their language marked ------------------------------


@pytest.mark.django_db
def test_a_quote_names_its_kind_and_the_language_of_its_text(client, world):
    from oogst.harvest.models import Contribution
    from oogst.safeguards.models import ProgrammePrivacyPolicy

    # Verbatim quotes of tables that agreed to be quoted anonymously.
    ProgrammePrivacyPolicy.objects.create(programme=world["programme"], table_quote_consent=True)
    Contribution.objects.filter(programme=world["programme"]).update(is_quote=True)
    english = world["contributions"]["b"]
    english.refresh_from_db()
    english.language = "en"
    english.text = "Schools should keep their windows open."
    english.save()
    run = done_run(
        world,
        clusters=[
            {
                "id": 0,
                "size": 2,
                "label": "scholen",
                "keywords": [],
                "themes": {},
                "quotes": [str(world["contributions"]["a"].pk), str(english.pk)],
            }
        ],
    )
    client.force_login(world["analyst"])
    html = client.get(run.get_absolute_url()).content.decode()
    assert '<blockquote lang="en"><span class="quote-mark">Schools should' in html
    assert '<blockquote lang="nl"><span class="quote-mark">De wachtlijst' in html
    assert (
        '<span class="kind-tag kind-knel"><span class="visually-hidden">Soort: </span>'
        "Knel — wat kwam in de knel</span>"
    ) in html
    assert "Idee — concreet voorstel</span>" in html
