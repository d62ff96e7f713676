"""The run page and its report quote only whom they may, never pass a summary off as a quote,
lead from every finding to the contributions behind it, and say in which language each part
is written; a cancelled or failed run still shows what it was."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from oogst.analyses import services
from oogst.analyses.models import AnalysisRun, Suggestion
from oogst.analyses.selectors import run_input
from oogst.analysis import render_report
from oogst.harvest.models import Channel, Contribution
from oogst.participants.models import Consent, Participant

from .conftest import start_settings
from .test_views import done_run

pytestmark = pytest.mark.django_db

NO_CONSENT = "Niet getoond: geen toestemming om te citeren."
SUMMARY_LABEL = "Samenvatting, geen letterlijk citaat:"


def start(world, **extra):
    return services.start_run(world["programme"], world["analyst"], {}, start_settings(**extra))


def with_quote_consent(contribution, *decisions: bool) -> Participant:
    """Give the contribution a participant whose quotation consent records are `decisions`,
    oldest first (none: the participant never said)."""
    participant = Participant.objects.create(programme=contribution.programme)
    for given in decisions:
        Consent.objects.create(participant=participant, purpose=Consent.Purpose.QUOTE, given=given)
    contribution.participant = participant
    contribution.save()
    return participant


def table_consent(world, allowed=True):
    """The programme's tables agreed together to be quoted anonymously (or not)."""
    from oogst.safeguards.models import ProgrammePrivacyPolicy

    ProgrammePrivacyPolicy.objects.update_or_create(
        programme=world["programme"], defaults={"table_quote_consent": allowed}
    )


def cluster(cid, quotes=(), size=2, **extra):
    return {
        "id": cid,
        "size": size,
        "label": f"label{cid}",
        "keywords": [f"woord{cid}a", f"woord{cid}b"],
        "themes": {"zorg": 1.0},
        "quotes": [str(q) for q in quotes],
        **extra,
    }


def main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def quote_box(html: str, text: str) -> str:
    """The quote's whole box (`_quote.html`): from its opening div to the end of its meta."""
    at = html.index(text)
    begin = html.rindex('<div class="contribution', 0, at)
    return html[begin : html.index("</div>", at)]


# -- 1. quotes only from whom we may quote -------------------------------------------------


def test_the_records_carry_quotation_consent_by_the_privacy_apps_own_rule(analysis_world):
    from oogst.public.models import PublicSubmission
    from oogst.safeguards.selectors import has_consent, is_withdrawn, policy_for

    made = analysis_world["made"]
    with_quote_consent(made[0], True)
    with_quote_consent(made[1], True, False)  # took it back: the latest record counts
    with_quote_consent(made[2])  # never asked
    withdrawn = with_quote_consent(made[3], True)
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save()
    made[4].channel, made[4].metadata = Channel.IMPORT, {"consent": {"quote": True}}
    made[5].channel, made[5].metadata = Channel.IMPORT, {"consent": {"publish": True}}
    made[6].channel = made[7].channel = Channel.PUBLIC
    for c in made[4:8]:
        c.save()
    PublicSubmission.objects.create(contribution=made[6], reference="ABC-1", quote_consent=True)
    PublicSubmission.objects.create(contribution=made[7], reference="ABC-2", quote_consent=False)
    some = Contribution.objects.filter(pk__in=[c.pk for c in made[:9]])
    records = {r["id"]: r["quote_consent"] for r in run_input.analysis_records(some)}
    policy = policy_for(analysis_world["programme"])
    for c in some:
        expected = not is_withdrawn(c) and has_consent(c, Consent.Purpose.QUOTE, policy)
        assert records[str(c.pk)] is expected, c.pk
    assert [records[str(c.pk)] for c in made[:9]] == [
        True,
        False,
        False,
        False,
        True,
        False,
        True,
        False,
        True,  # a table's own note, and the tables agreed (the fixture's policy)
    ]


def test_a_run_quotes_and_summarises_only_contributions_that_may_be_quoted(
    client, analysis_world, settings
):
    made = analysis_world["made"]
    refused = made[::2]
    for contribution in refused:
        with_quote_consent(contribution, False)
    run = start(analysis_world)
    assert run.status == AnalysisRun.Status.DONE, run.error
    summary = run.summary
    picked = {q for group in summary["clusters"] + summary["themes"] for q in group["quotes"]}
    sources = {s for theme in summary["themes"] for s in theme["summary_sources"]}
    refused_ids = {str(c.pk) for c in refused}
    assert picked and sources
    assert not (picked | sources) & refused_ids
    client.force_login(analysis_world["analyst"])
    page = client.get(run.get_absolute_url()).content.decode()
    stored = (Path(settings.MEDIA_ROOT) / run.result_dir / "report.html").read_text()
    downloaded = client.get(reverse("analyses:download", args=[run.pk, "report.html"]))
    assert downloaded.status_code == 200
    for text in (page, stored, downloaded.content.decode()):
        for contribution in refused:
            assert contribution.text not in text


def test_a_quote_is_held_back_once_consent_is_taken_back_after_the_run(client, analysis_world):
    run = start(analysis_world)
    quoted = Contribution.objects.get(pk=int(run.summary["clusters"][0]["quotes"][0]))
    client.force_login(analysis_world["observer"])
    assert quoted.text in client.get(run.get_absolute_url()).content.decode()

    with_quote_consent(quoted, True, False)
    for who in ("observer", "analyst"):
        client.force_login(analysis_world[who])
        html = client.get(run.get_absolute_url()).content.decode()
        assert quoted.text not in html
        box = quote_box(html, NO_CONSENT)
        assert f"bijdrage {quoted.pk}" in box  # still traceable, for whom may read it
    report = client.get(reverse("analyses:download", args=[run.pk, "report.html"]))
    report = report.content.decode()
    assert quoted.text not in report
    assert f"#{quoted.pk}</span> (tekst niet in dit rapport)" in report


def test_the_report_drops_a_description_or_summary_made_of_a_text_it_may_not_quote():
    analysis = {
        "run": {"settings": {}},
        "themes": [
            {"id": "a", "name": "A", "count": 2, "quotes": [], "summary": "Geheime zin.",
             "summary_sources": ["1"]},
            {"id": "b", "name": "B", "count": 2, "quotes": [], "summary": "Open zin. Geheime zin.",
             "summary_sources": ["2", "1"]},
        ],
        "clusters": [
            {"id": 0, "label": "x", "keywords": [], "size": 2, "themes": {},
             "description": "A: Geheime zin.", "quotes": ["1", "2"]},
            {"id": 1, "label": "y", "keywords": [], "size": 2, "themes": {},
             "description": "B: Open zin.", "quotes": ["2"]},
        ],
    }  # fmt: skip
    records = [
        {"id": "1", "text": "Geheime zin.", "role": "Student", "quote_consent": False},
        {"id": "2", "text": "Open zin.", "role": "Docent", "quote_consent": True},
    ]
    html = render_report(analysis, records, title="T", language="nl")
    assert "Geheime zin" not in html
    assert "B: Open zin." in html and "Open zin.</q>" in html and "— Docent" in html
    assert "#1</span> (tekst niet in dit rapport)" in html


# -- 3. a summary is not a quote -----------------------------------------------------------


def test_a_facilitators_summary_is_shown_as_a_summary_and_own_words_as_quotes(client, world):
    table_consent(world)
    summary_note = world["contributions"]["a"]  # is_quote off: the facilitator's words
    quote = world["contributions"]["b"]
    quote.is_quote = True
    quote.save()
    typed = Contribution.objects.create(  # as the public site stores an idea: own words
        programme=world["programme"],
        channel=Channel.PUBLIC,
        is_quote=True,
        text="Ik wil een bankje bij de bushalte.",
        metadata={"consent": {"quote": True}},
    )
    run = done_run(world, clusters=[cluster(0, [summary_note.pk, quote.pk, typed.pk], size=3)])
    client.force_login(world["analyst"])
    html = client.get(run.get_absolute_url()).content.decode()
    box = quote_box(html, summary_note.text)
    assert SUMMARY_LABEL in box and "<blockquote" not in box and "quote-mark" not in box
    assert "<blockquote" in quote_box(html, quote.text)
    assert "<blockquote" in quote_box(html, typed.text)  # typed on the public site: own words


def test_the_picker_is_told_which_texts_are_someones_own_words(world):
    summary_note = world["contributions"]["a"]
    quote = world["contributions"]["b"]
    quote.is_quote = True
    quote.save()
    # As the public site and the Polis import store them: their authors' own words.
    typed = Contribution.objects.create(
        programme=world["programme"], channel=Channel.PUBLIC, is_quote=True, text="Meer bankjes."
    )
    polis = Contribution.objects.create(
        programme=world["programme"], channel=Channel.POLIS, is_quote=True, text="More benches."
    )
    records = run_input.analysis_records(Contribution.objects.all())
    verbatim = {r["id"]: r["verbatim"] for r in records}
    assert verbatim == {
        str(summary_note.pk): False,
        str(quote.pk): True,
        str(typed.pk): True,
        str(polis.pk): True,
    }


def test_the_report_labels_a_summary_and_does_not_put_it_in_quotation_marks():
    from oogst.analysis import render_report

    analysis = {
        "run": {},
        "themes": [],
        "clusters": [
            {"id": 0, "label": "x", "keywords": [], "size": 2, "themes": {}, "quotes": ["1", "2"]}
        ],
    }
    records = [
        {"id": "1", "text": "Een docent noemt het tekort de crisis.", "verbatim": False},
        {"id": "2", "text": "Het tekort is de echte crisis.", "verbatim": True, "role": "Docent"},
    ]
    html = render_report(analysis, records)
    assert "<blockquote>Een docent" not in html
    assert '<p class="meta">samenvatting, geen letterlijk citaat</p><p>Een docent' in html
    assert "<blockquote>Het tekort is de echte crisis.</blockquote>" in html
    assert "summary, not a verbatim quote" in render_report(analysis, records, language="en")


# -- 2. every finding leads to its contributions -------------------------------------------


def traceable_run(world):
    table_consent(world)
    a, b = world["contributions"]["a"], world["contributions"]["b"]
    loose = Contribution.objects.create(
        programme=world["programme"], text="Zonder tafel vastgelegd.", is_quote=True
    )
    return done_run(
        world,
        themes=[
            {"id": "zorg", "name": "Zorg en gezondheid", "count": 2, "share": 1.0, "quotes": []},
            {"id": "onderwijs", "name": "Onderwijs", "count": 0, "share": 0.0, "quotes": []},
        ],
        clusters=[cluster(3, [a.pk, b.pk, loose.pk], size=3)],
        emerging=[{"cluster": 3, "name": "label3", "keywords": ["woord"], "size": 3}],
        blind_spots=[
            {"type": "few_contributions", "theme": "zorg", "count": 2, "expected_even_share": 3},
            {
                "type": "few_contributions",
                "theme": "onderwijs",
                "count": 0,
                "expected_even_share": 3,
            },
        ],  # fmt: skip
    ), (a, b, loose)


def test_every_figure_and_quote_leads_the_analyst_to_its_contributions(client, world):
    run, (a, b, loose) = traceable_run(world)
    client.force_login(world["analyst"])
    html = main(client.get(run.get_absolute_url()).content.decode())
    review = reverse("analyses:review", args=[run.pk])
    # A theme's count, a cluster's size, an emerging topic, a blind spot: the review page,
    # filtered on the theme or cluster.
    assert f'<a href="{review}?thema=zorg">2<span class="visually-hidden"> bijdragen' in html
    assert html.count(f'href="{review}?cluster=3"') == 2  # the cluster and its emerging topic
    assert f'<a href="{review}?thema=zorg" lang="nl">Zorg en gezondheid</a>' in html
    assert 'href="#cluster-3"' in html and 'id="cluster-3"' in html
    # Nothing behind a theme without contributions: no link to an empty list.
    assert f"{review}?thema=onderwijs" not in html
    # Each quote names its contribution and table, and links to it on the table's page.
    table = reverse("programme:table", args=[world["programme"].slug, a.table_id])
    assert f'<a href="{table}#bijdrage-{a.pk}">bijdrage {a.pk}, tafel A</a>' in html
    assert f"bijdrage {b.pk}, tafel B</a>" in html
    assert f"bijdrage {loose.pk}" in quote_box(html, loose.text)
    assert "<a" not in quote_box(html, loose.text)  # no table, no page: no link
    # The targets exist.
    assert client.get(f"{review}?cluster=3").status_code == 200
    assert f'id="bijdrage-{a.pk}"' in client.get(table).content.decode()


def test_an_observer_follows_quotes_but_gets_no_link_to_the_review_page(client, world):
    run, (a, _b, _loose) = traceable_run(world)
    client.force_login(world["observer"])
    html = main(client.get(run.get_absolute_url()).content.decode())
    review = reverse("analyses:review", args=[run.pk])
    assert review not in html
    assert client.get(f"{review}?cluster=3").status_code == 404  # why there is no link
    table = reverse("programme:table", args=[world["programme"].slug, a.table_id])
    assert f'href="{table}#bijdrage-{a.pk}"' in html
    assert f'id="bijdrage-{a.pk}"' in client.get(table).content.decode()
    assert 'href="#cluster-3"' in html  # the emerging topic still leads to its finding


def test_a_withdrawn_participants_quote_names_no_contribution(client, world):
    run, (a, b, _loose) = traceable_run(world)
    participant = with_quote_consent(a, True)
    participant.withdrawn_at = timezone.now()
    participant.save()
    client.force_login(world["analyst"])
    html = client.get(run.get_absolute_url()).content.decode()
    box = quote_box(html, "de deelnemer heeft zich teruggetrokken")
    assert f"bijdrage {a.pk}" not in box and "<a" not in box
    assert f"bijdrage {b.pk}, tafel B" in quote_box(html, b.text)  # the others still do


# -- 12. the language of each part ---------------------------------------------------------


def suggest(run, contribution, cluster_id):
    Suggestion.objects.create(run=run, contribution=contribution, theme="zorg", cluster=cluster_id)


def test_codebook_words_are_dutch_and_cluster_words_take_the_language_of_their_texts(client, world):
    from oogst.harvest.models import PolisConversation

    english = [
        Contribution.objects.create(programme=world["programme"], text=f"Text {i}", language="en")
        for i in range(4)
    ]
    PolisConversation.objects.create(
        programme=world["programme"], conversation_id="brexit", topic="Brexit?", language="en"
    )
    run = done_run(
        world,
        themes=[{"id": "zorg", "name": "Zorg en gezondheid", "count": 6, "share": 1, "quotes": []}],
        clusters=[cluster(0), cluster(1), cluster(2)],
        emerging=[{"cluster": 0, "name": "label0", "keywords": ["vote"], "size": 4}],
        opinion=[
            {"conversation": "Brexit?", "conversation_id": "brexit", "grouped": 9, "k": 2,
             "sizes": [5, 4], "agreement_with_polis": None, "consensus": [], "divisive": []}
        ],
    )  # fmt: skip
    for c in english:
        suggest(run, c, 0)  # all English
    suggest(run, world["contributions"]["a"], 1)  # Dutch
    suggest(run, world["contributions"]["b"], 2)  # half and half: no language at all
    other = Contribution.objects.create(programme=world["programme"], text="x", language="en")
    suggest(run, other, 2)
    AnalysisRun.objects.filter(pk=run.pk).update(title="Eerste ronde")
    client.force_login(world["analyst"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = main(client.get(run.get_absolute_url()).content.decode())
    assert '<th scope="row" lang="nl">Zorg en gezondheid</th>' in html
    assert '<span lang="nl">Eerste ronde</span></h1>' in html
    assert '<span lang="nl">Testprogramma</span>' in html
    assert '<h3 id="cluster-0" lang="en">label0</h3>' in html
    assert '<h3 id="cluster-1" lang="nl">label1</h3>' in html
    assert '<h3 id="cluster-2">label2</h3>' in html
    assert re.search(r'<ul class="tags" aria-label="[^"]+" lang="en"><li class="tag">woord0a', html)
    assert '<a href="#cluster-0" lang="en">label0</a>' in html
    assert '<h3 id="opinion-1" lang="en">Brexit?</h3>' in html


# -- 14, 17, 19, 22, 24: how a finding reads -----------------------------------------------


def test_a_finding_reads_heading_first_with_its_keywords_as_a_list_and_its_top_themes(
    client, world
):
    shares = {"zorg": 0.5, "onderwijs": 0.2, "wonen": 0.15, "werk": 0.1, "klimaat": 0.05}
    run = done_run(
        world,
        clusters=[cluster(0, size=40, themes=shares)],
        emerging=[{"cluster": 0, "name": "label0", "keywords": ["jongeren", "wijk"], "size": 40}],
    )
    client.force_login(world["observer"])
    html = main(client.get(run.get_absolute_url()).content.decode())
    card = html.split('<li class="card cluster"', 1)[1].split("</ol>")[0]
    assert card.index('<h3 id="cluster-0"') < card.index("40 bijdragen")
    assert '<li class="tag">woord0a</li> <li class="tag">woord0b</li>' in card
    assert '<li class="tag">jongeren</li> <li class="tag">wijk</li>' in html
    assert "jongerenwijk" not in re.sub(r"<[^>]+>", "", html)
    line = card.split('<p class="shares">')[1].split("</p>")[0]
    assert "Zorg en gezondheid</span> 50%" in line and "Onderwijs</span> 20%" in line
    assert "wonen</span> 15%" in line
    assert "werk" not in line and "klimaat" not in line
    assert "overige thema's 15%" in line and "zonder passend thema" not in line
    # Members without any theme are said apart, not hidden in the rest.
    partly = done_run(world, clusters=[cluster(1, size=10, themes={"zorg": 0.6})])
    html = main(client.get(partly.get_absolute_url()).content.decode())
    line = html.split('<p class="shares">')[1].split("</p>")[0]
    assert "Zorg en gezondheid</span> 60%" in line and "zonder passend thema 40%" in line
    assert "overige" not in line


def test_the_settings_explain_the_threshold_and_both_fingerprints_without_double_brackets(
    client, world
):
    run = done_run(world)
    client.force_login(world["observer"])
    html = main(client.get(run.get_absolute_url()).content.decode())
    section = html.split('id="settings-title"')[1]
    assert "Drempel voor een extra thema" in section and "Drempel thema<" not in section
    assert "Een tweede of derde thema krijgt ze alleen als de score daarvan minstens" in section
    assert (
        "Vingerafdruk van de invoer" in section and "Vingerafdruk van alle invoervelden" in section
    )
    text = re.sub(r"<[^>]+>", "", section)
    assert "((" not in text and ") (" not in text and "))" not in text
    assert "Meertalig zinsmodel (USE) · use-multilingual-v3" in text


def test_a_statements_figure_sits_inside_its_own_box(client, world):
    table_consent(world)
    a, b = world["contributions"]["a"], world["contributions"]["b"]
    run = done_run(
        world,
        opinion=[
            {"conversation": "Zorg", "conversation_id": "z", "grouped": 9, "k": 2,
             "sizes": [5, 4], "agreement_with_polis": None,
             "consensus": [{"statement": str(a.pk), "direction": "agree", "strength": 0.89,
                            "agree": [0.9, 0.95]}],
             "divisive": [{"statement": str(b.pk), "agree": [0.8, 0.1]}]}
        ],
    )  # fmt: skip
    client.force_login(world["analyst"])
    html = client.get(run.get_absolute_url()).content.decode()
    assert "Elke groep minstens 89% eens" in quote_box(html, a.text)
    assert "groep 1: 80% eens · groep 2: 10% eens" in quote_box(html, b.text)
    assert html.count("Elke groep minstens 89% eens") == 1


# -- 20. a cancelled or failed run still says what it was ----------------------------------


@pytest.mark.parametrize("status", [AnalysisRun.Status.CANCELLED, AnalysisRun.Status.FAILED])
def test_a_run_that_did_not_finish_still_shows_its_filter_and_settings(client, world, status):
    run = AnalysisRun.objects.create(
        programme=world["programme"],
        number=1,
        status=status,
        filters={"kinds": ["knel"]},
        settings={"embedder": "lexical", "seed": 7, "n_clusters": 4},
        input_sha256="c" * 64,
        created_by=world["analyst"],
    )
    client.force_login(world["observer"])
    html = main(client.get(run.get_absolute_url()).content.decode())
    section = html.split('id="settings-title"')[1]
    assert "Knel" in section and "Lexicaal (TF-IDF)" in section
    assert "Seed</dt><dd>7</dd>" in section
    assert "c" * 64 in section
    assert "Drempel voor een extra thema" not in section  # the run never got that far


# -- in a browser ----------------------------------------------------------------------------


@pytest.mark.browser
def test_an_observer_on_a_phone_follows_a_quote_to_its_contribution(
    live_server, transactional_db, analysis_world, browser
):
    from tests.conftest import SHOTS, log_in

    run = start(analysis_world)
    observer = analysis_world["observer"]
    observer.set_password("pw-observer")
    observer.save()
    page = browser.new_page(viewport={"width": 320, "height": 800})
    log_in(page, live_server.url, "observer", "pw-observer", run.get_absolute_url())
    # WCAG 1.4.10: nothing on the run page scrolls sideways at 320 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.screenshot(path=str(SHOTS / "analysis-run-320.png"), full_page=True)
    link = page.locator("ol.clusters .contribution .meta a").first
    number = re.search(r"bijdrage (\d+)", link.inner_text()).group(1)
    link.click()
    page.wait_for_url(re.compile(rf".*/tafel/\d+/#bijdrage-{number}$"))
    target = page.locator(f"#bijdrage-{number}")
    assert target.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == f"bijdrage-{number}"
