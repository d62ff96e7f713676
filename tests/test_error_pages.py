"""Refusals and errors in the site's own layout and language, with the reason when there is
one, and a way back; never Django's bare English pages."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.views import defaults

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_errors")]


@pytest.fixture
def production_errors():
    with override_settings(DEBUG=False):
        yield


def test_a_refusal_shows_its_reason_in_the_layout(client, world):
    client.force_login(world["fac_a"])
    response = client.get(reverse("harvest:import_upload", args=[world["programme"].slug]))
    html = response.content.decode()
    assert response.status_code == 403
    assert "<title>Geen toegang · Oogst</title>" in html
    assert 'class="site-header"' in html and 'class="main-nav"' in html
    assert "Alleen het programmateam importeert en exporteert bijdragen." in html
    assert f'href="{reverse("dashboard:home")}"' in html.split('id="main"')[1]
    assert "403 Forbidden" not in html


def test_a_refusal_without_a_reason_says_so_in_words(rf_user_request):
    from django.core.exceptions import PermissionDenied

    html = defaults.permission_denied(rf_user_request, PermissionDenied()).content.decode()
    assert "U hebt geen toegang tot deze pagina." in html and 'class="site-header"' in html


def test_a_page_that_is_not_there_is_found_in_the_layout(client, world):
    client.force_login(world["analyst"])
    response = client.get(reverse("analyses:compare") + "?a=abc&b=2")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<title>Pagina niet gevonden · Oogst</title>" in html
    assert 'class="main-nav"' in html and "Naar het overzicht" in html
    assert "Not Found" not in html and "matches the given query" not in html


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_public_site(client, world):
    response = client.get("/doe-mee/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert f'href="{reverse("public:index")}"' in html and "Inloggen" in html


def test_the_error_page_needs_no_database_and_no_context(django_assert_num_queries):
    request = RequestFactory().get("/analyse/")
    with django_assert_num_queries(0):
        response = defaults.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="nl">' in html and "<title>Er ging iets mis · Oogst</title>" in html
    assert 'class="site-header"' in html and 'href="/"' in html
    assert "Server Error" not in html


def test_a_form_sent_without_a_valid_csrf_token_says_what_happened_and_what_to_do(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world["analyst"])
    response = client.post(reverse("analyses:start", args=[world["programme"].slug]), {})
    html = response.content.decode()
    assert response.status_code == 403
    assert "<title>Formulier verlopen · Oogst</title>" in html and 'class="site-header"' in html
    assert "laad de pagina opnieuw" in html and "CSRF verification failed" not in html


def test_a_bad_request_is_in_the_layout_too(rf_user_request):
    from django.core.exceptions import BadRequest

    html = defaults.bad_request(rf_user_request, BadRequest()).content.decode()
    assert "Ongeldige aanvraag" in html and 'class="site-header"' in html


@pytest.fixture
def rf_user_request(world):
    request = RequestFactory().get("/ergens/")
    request.user = world["analyst"]
    return request


def _boom(request):
    raise RuntimeError("geheime details uit de database")


# This module is also a URL configuration (pytest.mark.urls): the site's own, and a page that
# fails.
from django.urls import include, path  # noqa: E402

urlpatterns = [path("kapot/", _boom), path("", include("oogst.urls"))]


@pytest.mark.urls("tests.test_error_pages")
@pytest.mark.parametrize(
    "language, not_found, broken",
    [("nl", "Pagina niet gevonden", "Er ging iets mis"), ("en", "Page not found", "Something")],
)
def test_in_production_no_url_list_and_no_traceback(client, language, not_found, broken):
    client.cookies["django_language"] = language
    client.raise_request_exception = False
    missing = client.get("/bestaat/niet/").content.decode()
    assert missing.count(not_found) >= 2
    assert "URLconf" not in missing and "api/v1/" not in missing
    failed = client.get("/kapot/")
    html = failed.content.decode()
    assert failed.status_code == 500 and broken in html
    assert "Traceback" not in html and "geheime details" not in html and "RuntimeError" not in html
