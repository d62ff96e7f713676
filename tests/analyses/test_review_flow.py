"""Reviewing suggestions as an analyst works through them: "no theme fits" is a decision the
next run keeps; a decision made in one run reaches every other run, and accepting never
overwrites someone's codes without asking; paging through open suggestions skips nothing;
the list narrows to one finding (cluster); bulk actions say what they skipped; and the page
reads well with a screen reader and at 320 px."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from oogst.analyses import services
from oogst.analyses.models import AnalysisRun, Suggestion
from oogst.analyses.selectors import review_queue
from oogst.harvest.models import Contribution, ThemeAssignment

from .conftest import start_settings

OPEN = Suggestion.Review.OPEN


def hand_run(world, contributions, clusters=(), **extra):
    """A finished run with one open suggestion per contribution ("zorg", cluster i % 3),
    built by hand: no analysis needed to review it."""
    run = AnalysisRun.objects.create(
        programme=world["programme"],
        number=AnalysisRun.objects.filter(programme=world["programme"]).count() + 1,
        status=AnalysisRun.Status.DONE,
        settings={"embedder": "lexical", "seed": 0, "n_clusters": "auto"},
        n_contributions=len(contributions),
        created_by=world["analyst"],
        started_at=timezone.now(),
        finished_at=timezone.now(),
        summary={
            "clusters": list(clusters),
            "themes": [],
            "blind_spots": [],
            "run": {},
            **extra,
        },
    )
    for i, contribution in enumerate(contributions):
        Suggestion.objects.create(
            run=run,
            contribution=contribution,
            theme="zorg",
            themes=[{"theme": "zorg", "score": 0.6}],
            score=0.6,
            margin=round(0.5 - i / 1000, 4),
            kind="knel",
            cluster=i % 3,
        )
    return run


def many(world, n):
    """n more contributions in the world's programme."""
    return [
        Contribution.objects.create(
            programme=world["programme"], kind="knel", text=f"Bijdrage nummer {i} over de zorg."
        )
        for i in range(n)
    ]


def review_url(run, **query):
    url = reverse("analyses:review", args=[run.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def decide(client, run, suggestion, action, htmx=True, **data):
    return client.post(
        reverse("analyses:review_one", args=[run.pk, suggestion.pk]),
        {"action": action, **data},
        **({"HTTP_HX_REQUEST": "true"} if htmx else {}),
    )


def person_codes(contribution_id):
    return sorted(
        ThemeAssignment.objects.filter(
            contribution_id=contribution_id, source=ThemeAssignment.Source.PERSON
        ).values_list("theme__slug", flat=True)
    )


def start(world, **extra):
    return services.start_run(world["programme"], world["analyst"], {}, start_settings(**extra))


# -- 4. "no theme fits" is a decision ------------------------------------------------------


@pytest.mark.django_db
def test_the_change_form_asks_for_themes_or_an_explicit_no_theme(client, world):
    run = hand_run(world, [world["contributions"]["a"]])
    suggestion = run.suggestions.get()
    client.force_login(world["analyst"])
    html = client.get(review_url(run)).content.decode()
    assert f'name="s{suggestion.pk}-no_theme"' in html
    assert "Geen passend thema: geen enkel thema van het codeboek past" in html

    prefix = f"s{suggestion.pk}"
    # Nothing ticked: not silently "no theme", but a question.
    response = decide(client, run, suggestion, "change", **{f"{prefix}-kind": "knel"})
    assert response.status_code == 422
    assert "Kies een of meer thema" in response.content.decode()
    # Both a theme and "no theme": contradictory.
    response = decide(
        client,
        run,
        suggestion,
        "change",
        **{f"{prefix}-themes": ["zorg"], f"{prefix}-no_theme": "on", f"{prefix}-kind": "knel"},
    )
    assert response.status_code == 422
    assert "niet allebei" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.review == OPEN and not person_codes(suggestion.contribution_id)

    # Without JavaScript the message says why.
    response = decide(client, run, suggestion, "change", htmx=False, **{f"{prefix}-kind": "knel"})
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert any("niet opgeslagen" in m and "Kies een of meer thema" in m for m in messages)


def test_no_theme_fits_is_kept_by_the_next_run_like_a_rejection(client, analysis_world):
    run = start(analysis_world)
    suggestion = run.suggestions.exclude(theme="").first()
    contribution_id = suggestion.contribution_id
    client.force_login(analysis_world["analyst"])
    prefix = f"s{suggestion.pk}"
    response = decide(
        client,
        run,
        suggestion,
        "change",
        **{f"{prefix}-no_theme": "on", f"{prefix}-kind": "vraag"},
    )
    assert response.status_code == 200
    assert "geen passend thema.</p>" in response.content.decode()  # the live region
    suggestion.refresh_from_db()
    assert suggestion.review == Suggestion.Review.NO_THEME
    assert suggestion.reviewed_by == analysis_world["analyst"]
    # No code at all: neither the analyst's nor the machine's.
    assert not ThemeAssignment.objects.filter(contribution_id=contribution_id).exists()
    assert Contribution.objects.get(pk=contribution_id).kind == "vraag"

    nxt = start(analysis_world)
    again = nxt.suggestions.get(contribution_id=contribution_id)
    assert again.review == Suggestion.Review.NO_THEME
    assert again.reviewed_by == analysis_world["analyst"]
    assert again.reviewed_at == suggestion.reviewed_at
    assert not ThemeAssignment.objects.filter(contribution_id=contribution_id).exists()
    client.force_login(analysis_world["analyst"])
    queue = client.get(review_url(nxt, wachtrij=1))
    assert contribution_id not in {row["c"].pk for row in queue.context["rows"]}
    assert nxt.suggestions.filter(review=OPEN, contribution_id=contribution_id).count() == 0

    # Giving it a theme after all (the analyst confirms) lifts the decision for later runs.
    decide(client, nxt, again, "accept", vervangen="1")
    again.refresh_from_db()
    assert again.review == Suggestion.Review.ACCEPTED
    third = start(analysis_world)
    assert third.suggestions.get(contribution_id=contribution_id).review == (
        Suggestion.Review.CODED
    )


@pytest.mark.django_db
def test_accepting_a_suggestion_of_no_theme_is_the_no_theme_decision(client, world):
    run = hand_run(world, [world["contributions"]["a"]])
    suggestion = run.suggestions.get()
    Suggestion.objects.filter(pk=suggestion.pk).update(theme="", themes=[])
    client.force_login(world["analyst"])
    decide(client, run, suggestion, "accept")
    suggestion.refresh_from_db()
    assert suggestion.review == Suggestion.Review.NO_THEME
    assert review_queue.no_theme_decisions(world["programme"]) == {
        suggestion.contribution_id: (world["analyst"].pk, suggestion.reviewed_at)
    }


# -- 5. a decision reaches every run -------------------------------------------------------


@pytest.mark.django_db
def test_a_decision_in_one_run_is_no_longer_open_in_another(client, world):
    a, b = world["contributions"]["a"], world["contributions"]["b"]
    old = hand_run(world, [a, b], label_next=[str(a.pk), str(b.pk)])
    new = hand_run(world, [a, b], label_next=[str(a.pk), str(b.pk)])
    client.force_login(world["analyst"])
    assert review_queue.review_counts(new)["open"] == 2

    # Accepted on the older run's page, after the newer run exists.
    decide(client, old, old.suggestions.get(contribution=a), "accept")

    counts = review_queue.review_counts(new)
    assert counts["open"] == 1 and counts[review_queue.ELSEWHERE] == 1
    open_list = client.get(review_url(new, beoordeling="open")).context["rows"]
    assert [row["c"].pk for row in open_list] == [b.pk]
    queue = client.get(review_url(new, wachtrij=1)).context["rows"]
    assert [row["c"].pk for row in queue] == [b.pk]
    elders = client.get(review_url(new, beoordeling="elsewhere"))
    assert [row["c"].pk for row in elders.context["rows"]] == [a.pk]
    html = elders.content.decode()
    assert '<span class="badge review-elsewhere">Elders al beoordeeld</span>' in html
    assert f'Beoordeeld in <a href="{reverse("analyses:review", args=[old.pk])}">' in html
    assert "Gecodeerd: Zorg en gezondheid" in html
    # The run page's button counts only what is still open.
    run_page = client.get(new.get_absolute_url()).content.decode()
    assert "Alle suggesties beoordelen (1 open)" in run_page


@pytest.mark.django_db
def test_a_rejection_elsewhere_settles_the_same_theme_only(client, world):
    a = world["contributions"]["a"]
    old = hand_run(world, [a])
    new = hand_run(world, [a])
    services.reject_suggestion(old.suggestions.get(), world["analyst"])
    assert review_queue.review_counts(new)[review_queue.ELSEWHERE] == 1
    Suggestion.objects.filter(run=new).update(theme="onderwijs")
    assert review_queue.review_counts(new)["open"] == 1


@pytest.mark.django_db
def test_accepting_over_an_analysts_codes_asks_first(client, world):
    a = world["contributions"]["a"]
    old = hand_run(world, [a])
    new = hand_run(world, [a])
    client.force_login(world["analyst"])
    prefix = f"s{old.suggestions.get().pk}"
    decide(
        client,
        old,
        old.suggestions.get(),
        "change",
        **{f"{prefix}-themes": ["onderwijs"], f"{prefix}-kind": "idee"},
    )
    suggestion = new.suggestions.get()

    response = decide(client, new, suggestion, "accept")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze bijdrage is al gecodeerd als: Onderwijs." in html
    assert "Accepteren vervangt dat door: Zorg en gezondheid." in html
    assert f'id="confirm-{suggestion.pk}" tabindex="-1" autofocus' in html
    assert 'name="vervangen" value="1"' in html
    assert "hx-swap-oob" not in html  # nothing changed: no counters, no announcement
    suggestion.refresh_from_db()
    assert suggestion.review == OPEN and person_codes(a.pk) == ["onderwijs"]

    # "Nee, laten staan": nothing changes and the focus goes back to Accepteren.
    html = decide(client, new, suggestion, "keep", vervangen="1").content.decode()
    assert f'id="accept-{suggestion.pk}" autofocus' in html
    assert person_codes(a.pk) == ["onderwijs"]

    # "Ja, vervangen".
    decide(client, new, suggestion, "accept", vervangen="1")
    suggestion.refresh_from_db()
    assert suggestion.review == Suggestion.Review.ACCEPTED and person_codes(a.pk) == ["zorg"]


@pytest.mark.django_db
def test_accepting_on_an_already_coded_row_asks_and_the_same_codes_do_not(client, world):
    a, b = world["contributions"]["a"], world["contributions"]["b"]
    run = hand_run(world, [a, b])
    coded, same = run.suggestions.get(contribution=a), run.suggestions.get(contribution=b)
    Suggestion.objects.filter(pk=coded.pk).update(review=Suggestion.Review.CODED)
    ThemeAssignment.objects.create(
        contribution=a, theme=world["themes"]["school"], source=ThemeAssignment.Source.PERSON
    )
    ThemeAssignment.objects.create(
        contribution=b, theme=world["themes"]["care"], source=ThemeAssignment.Source.PERSON
    )
    client.force_login(world["analyst"])
    assert "al gecodeerd als: Onderwijs" in decide(client, run, coded, "accept").content.decode()
    assert person_codes(a.pk) == ["onderwijs"]
    # Codes that are what the suggestion says: nothing is replaced, nothing to ask.
    decide(client, run, same, "accept")
    same.refresh_from_db()
    assert same.review == Suggestion.Review.ACCEPTED


@pytest.mark.django_db
def test_without_javascript_the_page_asks_in_the_row(client, world):
    a = world["contributions"]["a"]
    run = hand_run(world, [a])
    suggestion = run.suggestions.get()
    ThemeAssignment.objects.create(
        contribution=a, theme=world["themes"]["school"], source=ThemeAssignment.Source.PERSON
    )
    client.force_login(world["analyst"])
    response = decide(client, run, suggestion, "accept", htmx=False, next_query="thema=zorg")
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"?thema=zorg&bevestig={suggestion.pk}#row-{suggestion.pk}"
    )
    html = client.get(response["Location"]).content.decode()
    assert "Deze bijdrage is al gecodeerd als: Onderwijs." in html
    assert "Ja, vervangen" in html
    assert person_codes(a.pk) == ["onderwijs"]


@pytest.mark.django_db
def test_an_older_run_points_to_the_newest(client, world):
    old = hand_run(world, [world["contributions"]["a"]])
    newest = hand_run(world, [world["contributions"]["a"]])
    client.force_login(world["analyst"])
    html = client.get(review_url(old)).content.decode()
    assert "Er is een nieuwere analyse" in html
    assert f'href="{reverse("analyses:review", args=[newest.pk])}?beoordeling=open"' in html
    assert "Er is een nieuwere analyse" not in client.get(review_url(newest)).content.decode()
    # A newer run that never finished is no newer result.
    AnalysisRun.objects.create(
        programme=world["programme"], number=3, status=AnalysisRun.Status.FAILED
    )
    assert "Er is een nieuwere analyse" not in client.get(review_url(newest)).content.decode()


# -- 6. paging through open suggestions ----------------------------------------------------


@pytest.mark.django_db
def test_next_after_deciding_a_page_shows_the_next_undecided_rows(client, world):
    made = many(world, 60)
    run = hand_run(world, made)
    client.force_login(world["analyst"])
    first = client.get(review_url(run, beoordeling="open"))
    rows = first.context["rows"]
    assert [r["c"].pk for r in rows] == [c.pk for c in made[:25]]
    html = first.content.decode()
    next_link = re.search(r'href="\?([^"]*)">Volgende', html).group(1).replace("&amp;", "&")
    assert next_link == f"beoordeling=open&na={rows[-1]['s'].pk}"
    assert "pagina=" not in html and "Bijdragen 1–25 van 60" in html

    # Every row of page 1 decided in place (as htmx does), then "Volgende".
    for row in rows:
        services.accept_suggestion(row["s"], world["analyst"])
    second = client.get(f"{review_url(run)}?{next_link}")
    assert [r["c"].pk for r in second.context["rows"]] == [c.pk for c in made[25:50]]
    assert "Bijdragen 1–25 van 35" in second.content.decode()
    # The decided rows dropped out: nothing precedes this page any more.
    assert second.context["page"].previous_before is None
    # Rows decided on a later page leave earlier ones alone; "Vorige" from there is a full page.
    third = client.get(review_url(run, beoordeling="open", na=second.context["rows"][-1]["s"].pk))
    assert [r["c"].pk for r in third.context["rows"]] == [c.pk for c in made[50:]]
    back = client.get(review_url(run, beoordeling="open", voor=third.context["rows"][0]["s"].pk))
    assert [r["c"].pk for r in back.context["rows"]] == [c.pk for c in made[25:50]]


@pytest.mark.django_db
def test_the_queue_pages_by_position_too_and_bad_anchors_start_at_the_top(client, world):
    made = many(world, 30)
    run = hand_run(world, made, label_next=[str(c.pk) for c in made[::-1]])
    client.force_login(world["analyst"])
    page1 = client.get(review_url(run, wachtrij=1)).context["rows"]
    assert [r["c"].pk for r in page1] == [c.pk for c in made[::-1][:25]]
    for row in page1[:10]:
        services.reject_suggestion(row["s"], world["analyst"])
    page2 = client.get(review_url(run, wachtrij=1, na=page1[-1]["s"].pk)).context["rows"]
    assert [r["c"].pk for r in page2] == [c.pk for c in made[::-1][25:]]
    other = hand_run(world, made[:1]).suggestions.get()
    for anchor in ("abc", "-1", "99999999", str(other.pk), "1.5"):
        rows = client.get(review_url(run, wachtrij=1, na=anchor)).context["rows"]
        assert rows[0]["c"].pk == made[-11].pk, anchor
    # Nothing left after the anchor: back to what is still open at the top.
    for row in page2:
        services.reject_suggestion(row["s"], world["analyst"])
    rows = client.get(review_url(run, wachtrij=1, na=page1[-1]["s"].pk)).context["rows"]
    assert [r["c"].pk for r in rows] == [c.pk for c in made[::-1][10:25]]


# -- 7. the run page's button --------------------------------------------------------------


@pytest.mark.django_db
def test_the_run_pages_open_button_opens_the_open_suggestions(client, world):
    run = hand_run(world, [world["contributions"]["a"]])
    client.force_login(world["analyst"])
    html = client.get(run.get_absolute_url()).content.decode()
    assert f'href="{reverse("analyses:review", args=[run.pk])}?beoordeling=open"' in html


# -- the cluster filter --------------------------------------------------------------------


CLUSTERS = [
    {"id": 0, "label": "wachtlijst · ggz", "size": 4, "quotes": [], "themes": {}},
    {"id": 1, "label": "klas · leraren", "size": 3, "quotes": [], "themes": {}},
    {"id": 2, "label": "woning · huur", "size": 3, "quotes": [], "themes": {}},
]


@pytest.mark.django_db
def test_the_review_list_narrows_to_one_cluster_and_the_filter_can_be_removed(client, world):
    made = many(world, 10)
    run = hand_run(world, made, clusters=CLUSTERS)
    client.force_login(world["analyst"])
    response = client.get(review_url(run, cluster=1, thema="zorg"))
    assert [r["c"].pk for r in response.context["rows"]] == [made[i].pk for i in (1, 4, 7)]
    html = response.content.decode()
    assert '<option value="1" selected>klas · leraren (3 bijdragen)</option>' in html
    filters = html.split('class="active-filters"')[1].split("</div>")[0]
    assert "Bevinding: <strong>cluster 1: klas · leraren</strong>" in filters
    assert 'href="?thema=zorg">Weghalen<span class="visually-hidden">: filter op bevinding' in (
        filters
    )
    assert 'href="?cluster=1">Weghalen' in filters
    # Deciding and paging keep the cluster.
    assert 'name="next_query" value="thema=zorg&amp;cluster=1"' in html
    # A cluster that is not a number is no filter; the queue lists what it always lists.
    assert len(client.get(review_url(run, cluster="x")).context["rows"]) == 10
    assert 'class="active-filters"' not in client.get(review_url(run)).content.decode()
    assert len(client.get(review_url(run, wachtrij=1, cluster=1)).context["rows"]) == 10


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["observer", "fac_a", "liaison"])
def test_only_the_programme_team_reviews_or_replaces(client, world, who):
    a = world["contributions"]["a"]
    run = hand_run(world, [a], clusters=CLUSTERS)
    suggestion = run.suggestions.get()
    ThemeAssignment.objects.create(
        contribution=a, theme=world["themes"]["school"], source=ThemeAssignment.Source.PERSON
    )
    client.force_login(world[who])
    assert client.get(review_url(run, cluster=0)).status_code == 404
    for action in ("accept", "keep"):
        assert decide(client, run, suggestion, action, vervangen="1").status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.review == OPEN and person_codes(a.pk) == ["onderwijs"]


# -- 13, 14, 15. what the page says and how it is named ------------------------------------


@pytest.mark.django_db
def test_rows_and_bulk_buttons_are_named_for_what_they_act_on(client, world):
    a = world["contributions"]["a"]
    run = hand_run(world, [a])
    pk = run.suggestions.get().pk
    client.force_login(world["analyst"])
    html = client.get(review_url(run)).content.decode()
    assert (
        f'id="accept-{pk}">Accepteren<span class="visually-hidden">: De wachtlijst bij de GGZ '
        "is veel te …</span>"
    ) in html
    assert 'Afwijzen<span class="visually-hidden">: De wachtlijst' in html
    assert 'Wijzigen<span class="visually-hidden">: De wachtlijst' in html
    # The number in the checkbox's name is on screen.
    assert f"Bijdrage {a.pk} selecteren" in html and f"Bijdrage {a.pk} · Zorgmedewerker" in html
    assert ">Geselecteerde accepteren</button>" in html
    assert ">Geselecteerde afwijzen</button>" in html
    assert 'id="bulk-count" class="bulk-count" role="status"' in html
    assert "Alleen suggesties die nog te beoordelen zijn, worden geaccepteerd" in html
    for heading in (
        "Stand van de beoordeling",
        "Filteren",
        "Meerdere tegelijk beoordelen",
        "Suggesties",
    ):
        assert re.search(rf"<h2 id=\"[a-z-]+\">{heading}", html), heading


@pytest.mark.django_db
def test_a_bulk_action_says_how_many_it_skipped_and_why(client, world):
    a, b = world["contributions"]["a"], world["contributions"]["b"]
    run = hand_run(world, [a, b])
    rejected, open_ = run.suggestions.get(contribution=a), run.suggestions.get(contribution=b)
    services.reject_suggestion(rejected, world["analyst"])
    client.force_login(world["analyst"])
    response = client.post(
        reverse("analyses:review_bulk", args=[run.pk]),
        {"action": "accept", "selected": [rejected.pk], "next_query": "beoordeling=rejected"},
    )
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert messages[0] == "0 suggesties geaccepteerd."
    assert messages[1].startswith("1 gekozen bijdrage is overgeslagen, omdat die al beoordeeld is")
    assert "Wijzig die per bijdrage." in messages[1]
    rejected.refresh_from_db()
    assert rejected.review == Suggestion.Review.REJECTED

    # One open, one decided in another run: one accepted, one skipped.
    other = hand_run(world, [b])
    services.accept_suggestion(other.suggestions.get(), world["analyst"])
    Suggestion.objects.filter(pk=open_.pk).update(theme="onderwijs")
    extra = many(world, 1)[0]
    fresh = Suggestion.objects.create(run=run, contribution=extra, theme="zorg", themes=[])
    response = client.post(
        reverse("analyses:review_bulk", args=[run.pk]),
        {"action": "reject", "selected": [open_.pk, fresh.pk]},
    )
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert messages == [
        "1 suggestie afgewezen.",
        "1 gekozen bijdrage is overgeslagen, omdat die al beoordeeld is (in deze of een "
        "andere run, of met een eigen codering). Wijzig die per bijdrage.",
    ]
    open_.refresh_from_db()
    assert open_.review == OPEN


@pytest.mark.django_db
def test_the_change_form_has_the_width_of_the_table(client, world):
    run = hand_run(world, [world["contributions"]["a"]])
    pk = run.suggestions.get().pk
    client.force_login(world["analyst"])
    html = client.get(review_url(run)).content.decode()
    item = html.split(f'<tbody id="row-{pk}"')[1].split("</tbody>")[0]
    change_row = item.split('<tr class="change-row">')[1]
    assert '<td colspan="4">' in change_row and f'<summary id="change-{pk}">' in change_row
    assert 'value="change"' not in item.split('<tr class="change-row">')[0]


# -- in a browser: cards at 320 px, the selection counted and undone -----------------------


@pytest.mark.browser
def test_the_review_reflows_to_cards_and_counts_the_selection(
    live_server, transactional_db, world, browser
):
    from tests.conftest import SHOTS, log_in

    made = many(world, 4)
    run = hand_run(world, [world["contributions"]["a"], *made], clusters=CLUSTERS)
    analyst = world["analyst"]
    analyst.set_password("pw-analist")
    analyst.save()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server.url, "analist", "pw-analist")
    page.goto(f"{live_server.url}{review_url(run)}")
    assert page.locator("table.review-table thead").is_visible()  # a real table when wide
    count = page.locator("#bulk-count")
    assert count.inner_text() == "Niets geselecteerd"
    items = page.locator("table.review-table tbody.review-item")
    items.nth(0).get_by_role("checkbox").check()
    items.nth(1).get_by_role("checkbox").check()
    assert count.inner_text() == "2 bijdragen geselecteerd"
    toggle = page.locator("#select-all")
    toggle.click()
    assert count.inner_text() == "5 bijdragen geselecteerd"
    assert toggle.inner_text() == "Selectie opheffen"
    toggle.click()
    assert count.inner_text() == "Niets geselecteerd"
    assert toggle.inner_text() == "Alles op deze pagina selecteren"

    # The change form opens over the table's width: theme and label on one line.
    first = items.nth(0)
    first.locator("summary").click()
    form = first.locator(".change-form")
    assert form.evaluate("f => f.getBoundingClientRect().width") > 600
    label = first.locator(".theme-choices label").first
    assert label.evaluate("l => l.getBoundingClientRect().height") < 40
    page.screenshot(path=str(SHOTS / "review-1280.png"), full_page=True)

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}{review_url(run)}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    box = page.locator(".table-scroll")
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth")
    assert not page.locator("table.review-table thead").is_visible()
    card = items.nth(0)
    assert card.get_by_text("Suggestie", exact=True).is_visible()
    accept = card.get_by_role("button", name=re.compile("^Accepteren"))
    assert accept.evaluate("b => b.getBoundingClientRect().right") <= 320
    # Text, suggestion, state and actions are stacked, in that order.
    tops = [
        card.locator(sel).evaluate("e => e.getBoundingClientRect().top")
        for sel in ("td.text", "td.cell-suggestion", "td.cell-review", "td.cell-action")
    ]
    assert tops == sorted(tops)
    page.screenshot(path=str(SHOTS / "review-320.png"), full_page=True)
