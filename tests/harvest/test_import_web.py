"""The programme team imports a file in the browser (upload, preview with the column mapping and
the per-row report, confirm); an export cell that starts like a formula stays text."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oogst.harvest.exports import safe_cell
from oogst.harvest.models import Contribution


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


CSV = (
    "tekst;soort;tafel;wijk\n"
    "Meer groen op het plein;idee;A;Assendorp\n"
    ";knel;A;\n"
    "Dubbel;kiem;B;\n"
    "Dubbel;kiem;B;\n"
)


def upload(client, world, content=CSV, name="oogst.csv", **extra):
    client.force_login(world["analyst"])
    url = reverse("harvest:import_upload", args=["test"])
    return client.post(url, {"file": SimpleUploadedFile(name, content.encode("cp1252")), **extra})


def stored_uploads(settings):
    folder = settings.MEDIA_ROOT / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.django_db
class TestUploadPreviewConfirm:
    def test_preview_shows_mapping_rows_and_problems_then_confirm_imports(
        self, client, world, settings
    ):
        response = upload(client, world)
        assert response.status_code == 302
        preview_url = response["Location"]
        stored = stored_uploads(settings)
        assert len(stored) == 1 and "oogst" not in stored[0]  # a random name, not the user's
        page = client.get(preview_url)
        body = page.content.decode()
        assert page.context["report"].to_add == 2
        assert (
            "<code>tekst</code>" in body
            and "<code>text</code>" in body
            and "bewaard als overige gegevens" in body
        )
        assert "Meer groen op het plein" in body
        assert "de tekst is leeg" in body and "zelfde bijdrage als rij 4" in body
        assert not Contribution.objects.filter(
            channel="import"
        ).exists()  # nothing before confirming

        done = client.post(preview_url, {"action": "confirm"})
        assert "2 bijdragen toegevoegd" in done.content.decode()
        green = Contribution.objects.get(text="Meer groen op het plein")
        assert (green.table, green.metadata["wijk"], green.author) == (
            world["tables"]["a"],
            "Assendorp",
            world["analyst"],
        )
        assert stored_uploads(settings) == []  # cleaned up
        assert client.post(preview_url, {"action": "confirm"}).status_code == 404

    def test_the_preview_lists_rows_read_as_windows_1252_in_a_utf8_file(self, client, world):
        client.force_login(world["analyst"])
        content = "text;kind\nCafé dicht;knel\n".encode() + "Naïef beleid;knel\n".encode("cp1252")
        response = client.post(
            reverse("harvest:import_upload", args=["test"]),
            {"file": SimpleUploadedFile("mixed.csv", content)},
        )
        body = client.get(response["Location"]).content.decode()
        assert "Rijen om na te kijken" in body
        assert '<td class="num">3</td><td>niet in UTF-8; gelezen als Windows-1252</td>' in body
        assert "Café dicht" in body and "Naïef beleid" in body

    def test_strict_upload_refuses_and_keeps_the_database_unchanged(self, client, world):
        preview_url = upload(client, world, strict="on")["Location"]
        response = client.post(preview_url, {"action": "confirm"})
        assert "rij 3: de tekst is leeg" in response.content.decode()
        assert not Contribution.objects.filter(channel="import").exists()

    def test_cancel_removes_the_file(self, client, world, settings):
        preview_url = upload(client, world)["Location"]
        client.post(preview_url, {"action": "cancel"})
        assert stored_uploads(settings) == []

    def test_an_unreadable_file_is_explained(self, client, world):
        preview_url = upload(client, world, content="naam;leeftijd\nJan;40\n")["Location"]
        response = client.get(preview_url, follow=True)
        assert "geen kolom ‘text’" in response.content.decode()

    def test_a_line_nested_100000_deep_is_a_row_in_the_preview_not_a_500(self, client, world):
        content = '{"text": "Een"}\n' + "[" * 100_000 + "\n"
        preview_url = upload(client, world, content=content, name="diep.jsonl")["Location"]
        response = client.get(preview_url)
        assert response.status_code == 200
        assert response.context["report"].to_add == 1
        assert "dieper dan 100 niveaus genest" in response.content.decode()

    def test_a_wrong_file_type_is_refused_at_upload(self, client, world):
        response = upload(client, world, name="verslag.pdf")
        assert response.status_code == 200 and "Gebruik een .csv-" in response.content.decode()

    def test_someone_elses_upload_token_finds_nothing(self, client, world, django_user_model):
        preview_url = upload(client, world)["Location"]
        other = django_user_model.objects.create_user("analist2", password="x", role="analyst")
        client.force_login(other)
        assert client.get(preview_url).status_code == 404

    @pytest.mark.parametrize("who", ["fac_a", "host", "observer", "liaison"])
    def test_only_the_programme_team_imports_and_exports(self, client, world, who):
        client.force_login(world[who])
        for url in (
            reverse("harvest:import_upload", args=["test"]),
            reverse("safeguards:export_contributions", args=["test"]),
        ):
            assert client.get(url).status_code in (403, 404), (who, url)
        response = client.post(
            reverse("harvest:import_upload", args=["test"]),
            {"file": SimpleUploadedFile("a.csv", b"text\nx\n")},
        )
        assert response.status_code in (403, 404)
        assert not Contribution.objects.filter(channel="import").exists()


class TestFormulaNeutralisation:
    @pytest.mark.parametrize(
        "value", ["=cmd|' /C calc'!A0", "+31 6 1234", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    )
    def test_formula_starts_get_an_apostrophe(self, value):
        assert safe_cell(value) == "'" + value

    @pytest.mark.parametrize("value", ["Meer groen", "", "3 = drie", "e-mail"])
    def test_ordinary_text_is_unchanged(self, value):
        assert safe_cell(value) == value
