"""Dutch by default, English on request."""

import pytest


@pytest.mark.django_db
def test_dutch_is_the_default_and_english_is_one_click_away(client, world):
    client.force_login(world["analyst"])
    body = client.get("/").content.decode()
    assert 'lang="nl"' in body and "Kerncijfers" in body
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert 'lang="en"' in body and "Key figures" in body


@pytest.mark.django_db
def test_one_province_is_singular_in_both_languages(client, world):
    client.force_login(world["analyst"])
    response = client.get("/")
    provinces = response.context["figures"]["provinces"]
    assert provinces == 1  # the shared world's tables all lie in one province
    body = response.content.decode()
    assert "gemeenten in 1 provincie<" in body
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert "municipalities in 1 province<" in body
