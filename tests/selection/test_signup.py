"""The public sign-up: no account, only the e-mail address required, the contact details kept
apart, a consent record per purpose, a confirmation by e-mail with the reference code, a page
to withdraw, and a rate limit."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from oogst.directory.models import Province
from oogst.selection.models import Applicant, ApplicantConsent, ApplicantContact


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def form_data(**extra):
    data = {
        "email": "fatima@voorbeeld.nl",
        "name": "Fatima de Vries",
        "age_band": "25-34",
        "gender": "woman",
        "province": Province.objects.get(name="Utrecht").pk,
        "education": "middle",
        "background": "non_western",
        "consent_participation": "on",
        "consent_feedback": "on",
    }
    data.update(extra)
    return data


def test_signing_up_stores_answers_apart_from_contact_and_mails_the_code(
    client, selection, mailoutbox
):
    programme = selection["programme"]
    url = reverse("selection:signup", args=[programme.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert "Zeg ik liever niet" in page.content.decode()
    response = client.post(url, form_data(tables=[selection["planned"]["d"].pk]))
    assert response.status_code == 302
    applicant = Applicant.objects.get(programme=programme, source="aanmelding")
    assert applicant.gender == "woman" and applicant.province.name == "Utrecht"
    assert list(applicant.available_tables.all()) == [selection["planned"]["d"]]
    contact = ApplicantContact.objects.get(applicant=applicant)
    assert contact.email == "fatima@voorbeeld.nl"
    consents = {c.purpose: c.given for c in ApplicantConsent.objects.filter(applicant=applicant)}
    assert consents == {"participation": True, "feedback": True, "quote": False, "publish": False}
    thanks = client.get(response["Location"])
    assert applicant.reference in thanks.content.decode()
    assert "fatima@voorbeeld.nl" not in thanks.content.decode()
    (mail,) = mailoutbox
    assert mail.to == ["fatima@voorbeeld.nl"]
    assert applicant.reference in mail.body
    assert f"/aanmelden/{programme.slug}/mijn-aanmelding/?code={applicant.reference}" in mail.body


def test_only_the_email_and_the_consent_are_required(client, selection):
    programme = selection["programme"]
    url = reverse("selection:signup", args=[programme.slug])
    response = client.post(url, {"email": "kort@voorbeeld.nl", "consent_participation": "on"})
    assert response.status_code == 302
    applicant = Applicant.objects.get(programme=programme, source="aanmelding")
    assert (applicant.age_band, applicant.gender, applicant.education) == (
        "",
        "unknown",
        "unknown",
    )
    refused = client.post(url, {"email": "geen-adres", "name": "X"})
    body = refused.content.decode()
    assert refused.status_code == 200 and "error-summary" in body
    assert "Dit is geen geldig e-mailadres" in body
    assert "Geef toestemming" in body


def test_the_status_page_shows_no_answers_and_withdrawing_deletes_the_address(client, selection):
    programme = selection["programme"]
    client.post(reverse("selection:signup", args=[programme.slug]), form_data())
    applicant = Applicant.objects.get(programme=programme, source="aanmelding")
    url = reverse("selection:status", args=[programme.slug])
    page = client.get(url, {"code": applicant.reference.lower().replace("-", " ")})
    body = page.content.decode()
    assert page.status_code == 200 and "In de pool" in body
    for private in ("fatima@voorbeeld.nl", "Fatima", "Utrecht", "25-34"):
        assert private not in body
    unknown = client.get(url, {"code": "AANM-AAAA-BBBB"})
    assert unknown.status_code == 422 and "kennen we niet" in unknown.content.decode()
    client.post(url, {"code": applicant.reference, "confirm": "ja"})
    applicant.refresh_from_db()
    assert applicant.status == Applicant.Status.WITHDRAWN
    assert not ApplicantContact.objects.filter(applicant=applicant).exists()


def test_signing_up_is_rate_limited_and_a_bot_is_refused(client, selection, settings):
    settings.OOGST_PUBLIC_SIGNUP_LIMIT = (2, 600)
    programme = selection["programme"]
    url = reverse("selection:signup", args=[programme.slug])
    bot = client.post(url, form_data(website="http://spam.example"))
    assert bot.status_code == 200 and "Laat dit veld leeg" in bot.content.decode()
    client.post(url, form_data(email="b@voorbeeld.nl"))
    third = client.post(url, form_data(email="c@voorbeeld.nl"))
    assert third.status_code == 429
    assert Applicant.objects.filter(programme=programme, source="aanmelding").count() == 1


def test_a_closed_sign_up_takes_no_applications(client, selection):
    programme = selection["programme"]
    programme.recruitment.is_open = False
    programme.recruitment.save()
    url = reverse("selection:signup", args=[programme.slug])
    assert "gesloten" in client.get(url).content.decode()
    client.post(url, form_data())
    assert not Applicant.objects.filter(programme=programme, source="aanmelding").exists()


def test_the_sign_up_form_speaks_english_when_chosen(client, selection):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("selection:signup", args=[selection["programme"].slug]))
    body = page.content.decode()
    assert "Sign up for Testprogramma" in body and "I take part in the draw" in body
    assert "Were you or one of your parents born abroad?" in body
