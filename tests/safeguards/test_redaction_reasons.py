"""Issue 19 in the web app: the review queue says why each span was taken, and a programme
decides whether public figures named in their public role stay."""

import pytest

from .conftest import contribute


@pytest.fixture
def analyst(client, people):
    client.force_login(people["analyst"])
    return client


POLICY = {"erase_mode": "remove", "marker": "default", "allowed_terms": ""}


@pytest.mark.django_db
def test_the_queue_says_which_rule_or_list_took_each_span(analyst, people):
    body = analyst.get("/privacy/test/controle/?gevonden=1").content.decode()
    # "Mijn buurvrouw mevrouw Jansen belde me ... op 06-48213377"
    assert "<q>Jansen</q> <span" in body
    assert "gevonden als: na een aanspreekvorm, familieband of rol" in body
    assert "gevonden als: telefoonnummer" in body
    stored = people["quote"].redaction
    assert {span["reason"] for span in stored.spans} >= {"title", "phone"}


@pytest.mark.django_db
def test_the_reasons_speak_english_too(analyst, people):
    analyst.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = analyst.get("/privacy/test/controle/?gevonden=1").content.decode()
    assert "found as: after a form of address, relation or role" in body


@pytest.mark.django_db
def test_public_figures_stay_unless_the_policy_says_otherwise(analyst, people):
    contribution = contribute(  # recording stores the redaction at once
        programme=people["programme"],
        text="Koning Willem-Alexander sprak in Zwolle met onze buurman Kees Vos.",
    )
    assert contribution.redaction.text == (
        "Koning Willem-Alexander sprak in Zwolle met onze buurman [naam]."
    )
    response = analyst.post("/privacy/test/beleid/", POLICY, follow=True)  # box left unticked
    assert response.status_code == 200
    people["programme"].privacy_policy.refresh_from_db()
    assert people["programme"].privacy_policy.keep_public_figures is False
    contribution.redaction.refresh_from_db()
    assert contribution.redaction.text == "Koning [naam] sprak in Zwolle met onze buurman [naam]."
    analyst.post("/privacy/test/beleid/", {**POLICY, "keep_public_figures": "on"}, follow=True)
    contribution.redaction.refresh_from_db()
    assert contribution.redaction.text.startswith("Koning Willem-Alexander sprak")


@pytest.mark.browser
def test_a_reviewer_sees_why_in_the_browser(live_server, transactional_db, browser):
    from oogst.accounts.models import User
    from oogst.programme.models import Programme
    from tests.conftest import SHOTS, log_in

    programme = Programme.objects.create(slug="test", name="Nederland na de crisis")
    User.objects.create_user("analist", password="pw-analist", role="analyst")
    contribute(
        programme=programme,
        is_quote=True,
        kind="knel",
        role_label="Buurtbewoner",
        text="Hoi Marleen, MIJN BUURMAN GERRIT HOFSTEDE woont op Herengracht 12-III; "
        "bel hem op 0031 6 23456789 of mail gerrit at gmail punt com. Koning Willem-Alexander "
        "kwam langs.",
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server.url, "analist", "pw-analist")
    page.goto(f"{live_server.url}/privacy/test/controle/")
    card = page.locator("article.review-card").first
    card.locator("summary", has_text="markering").click()
    reasons = card.locator(".span-reason").all_inner_texts()
    assert "gevonden als: na een groet (hoi, beste, groeten)" in reasons
    assert "gevonden als: uitgeschreven e-mailadres (‘at’, ‘punt’)" in reasons
    published = card.locator(".redacted-text").inner_text()
    assert "GERRIT" not in published and "HOFSTEDE" not in published
    assert "Koning Willem-Alexander kwam langs" in published
    page.screenshot(path=str(SHOTS / "privacy-queue-reasons.png"), full_page=True)
