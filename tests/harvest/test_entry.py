"""A facilitator records the harvest of their table: fast entry, drafts that survive a reload,
edits until the table is verwerkt — and nobody else gets near it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oogst.harvest.models import Contribution

HTMX = {"HTTP_HX_REQUEST": "true"}


def as_user(client, user):
    client.force_login(user)
    return client


def entry_urls(world):
    """Every entry URL, with the method it takes and a body that would change something."""
    table = world["tables"]["a"]
    item = world["contributions"]["a"]
    return [
        ("get", reverse("harvest:entry", args=[table.pk]), {}),
        (
            "post",
            reverse("harvest:add", args=[table.pk, "knel"]),
            {"knel-text": "Ingebroken", "knel-kind": "knel"},
        ),
        ("post", reverse("harvest:draft", args=[table.pk, "kiem"]), {"kiem-text": "half getypt"}),
        (
            "post",
            reverse("harvest:report", args=[table.pk]),
            {"summary": "Overgenomen", "attendance_rows": "4"},
        ),
        ("post", reverse("harvest:status", args=[table.pk]), {"status": "processed"}),
        ("get", reverse("harvest:report_template", args=[table.pk]), {}),
        ("post", reverse("harvest:upload_report", args=[table.pk]), {}),
        ("get", reverse("harvest:item", args=[item.pk]), {}),
        ("get", reverse("harvest:edit", args=[item.pk]), {}),
        (
            "post",
            reverse("harvest:edit", args=[item.pk]),
            {f"edit-{item.pk}-text": "Gewijzigd", f"edit-{item.pk}-kind": "knel"},
        ),
        ("post", reverse("harvest:delete", args=[item.pk]), {}),
    ]


@pytest.mark.django_db
class TestFacilitatorRecordsTheHarvest:
    def test_the_table_page_links_to_entry_for_the_facilitator_only(self, client, world):
        table = world["tables"]["a"]
        url = reverse("harvest:entry", args=[table.pk])
        assert url in as_user(client, world["fac_a"]).get(table.get_absolute_url()).content.decode()
        assert (
            url not in as_user(client, world["host"]).get(table.get_absolute_url()).content.decode()
        )

    def test_entry_page_shows_the_three_questions_and_existing_items(self, client, world):
        body = (
            as_user(client, world["fac_a"])
            .get(reverse("harvest:entry", args=[world["tables"]["a"].pk]))
            .content.decode()
        )
        for heading in (
            "Wat kwam in de knel?",
            "Wat is ontkiemd dat u wilt behouden?",
            "Welke concrete ideeën zijn er?",
            "Letterlijke citaten",
            "Tafelverslag",
        ):
            assert heading in body
        assert "wachtlijst bij de GGZ" in body
        assert "Geheim plan" not in body

    def test_adding_with_htmx_returns_the_section_with_the_new_item_and_an_empty_focused_field(
        self, client, world
    ):
        table = world["tables"]["a"]
        as_user(client, world["fac_a"])
        for text in (
            "Geen bezoek in het verpleeghuis",
            "Sportclub dicht",
            "Eenzaamheid onder jongeren",
        ):
            response = client.post(
                reverse("harvest:add", args=[table.pk, "knel"]),
                {"knel-text": text, "knel-kind": "knel"},
                **HTMX,
            )
            assert response.status_code == 200
        body = response.content.decode()
        assert body.lstrip().startswith('<section id="section-knel"')
        assert "Eenzaamheid onder jongeren" in body and "Sportclub dicht" in body
        assert 'data-refocus="true"' in body
        items = Contribution.objects.filter(table=table, kind="knel", author=world["fac_a"])
        assert items.count() == 3 and set(items.values_list("channel", flat=True)) == {"table"}

    def test_a_quote_needs_a_role_and_keeps_what_was_typed(self, client, world):
        table = world["tables"]["a"]
        as_user(client, world["fac_a"])
        response = client.post(
            reverse("harvest:add", args=[table.pk, "citaat"]),
            {"citaat-text": "We zijn er voor elkaar", "citaat-kind": "kiem"},
            **HTMX,
        )
        body = response.content.decode()
        assert "Een citaat heeft een rol nodig." in body
        assert "We zijn er voor elkaar" in body  # nothing typed is lost
        assert 'aria-describedby="id_citaat-role_label_helptext id_citaat-role_label_error"' in body
        client.post(
            reverse("harvest:add", args=[table.pk, "citaat"]),
            {
                "citaat-text": "We zijn er voor elkaar",
                "citaat-role_label": "Student",
                "citaat-kind": "kiem",
            },
            **HTMX,
        )
        quote = Contribution.objects.get(table=table, is_quote=True)
        assert (quote.role_label, quote.kind) == ("Student", "kiem")

    def test_the_section_decides_the_kind(self, client, world):
        table = world["tables"]["a"]
        as_user(client, world["fac_a"])
        client.post(
            reverse("harvest:add", args=[table.pk, "kiem"]),
            {"kiem-text": "Buren helpen elkaar", "kiem-kind": "idee"},
            **HTMX,
        )
        assert Contribution.objects.get(text="Buren helpen elkaar").kind == "kiem"
        response = client.post(
            reverse("harvest:add", args=[table.pk, "verhaal"]),
            {"verhaal-text": "Wie betaalt dit?", "verhaal-kind": "knel"},
            **HTMX,
        )
        assert "geldige keuze" in response.content.decode()
        assert not Contribution.objects.filter(text="Wie betaalt dit?").exists()

    def test_without_javascript_adding_redirects_back(self, client, world):
        table = world["tables"]["a"]
        response = as_user(client, world["fac_a"]).post(
            reverse("harvest:add", args=[table.pk, "idee"]),
            {"idee-text": "Schoolpleinen open", "idee-kind": "idee"},
        )
        assert response.status_code == 302 and response["Location"].endswith("#section-idee")

    def test_a_draft_survives_a_reload_and_goes_once_the_item_is_added(self, client, world):
        table = world["tables"]["a"]
        as_user(client, world["fac_a"])
        response = client.post(
            reverse("harvest:draft", args=[table.pk, "idee"]),
            {"idee-text": "Een buurtbudget voor jonger", "idee-kind": "idee"},
            **HTMX,
        )
        assert "Concept bewaard" in response.content.decode()
        page = client.get(reverse("harvest:entry", args=[table.pk])).content.decode()
        assert "Een buurtbudget voor jonger</textarea>" in page
        client.post(
            reverse("harvest:add", args=[table.pk, "idee"]),
            {"idee-text": "Een buurtbudget voor jongeren", "idee-kind": "idee"},
            **HTMX,
        )
        # A late autosave of the text that was just added does not bring the draft back.
        client.post(
            reverse("harvest:draft", args=[table.pk, "idee"]),
            {"idee-text": "Een buurtbudget voor jongeren"},
            **HTMX,
        )
        page = client.get(reverse("harvest:entry", args=[table.pk])).content.decode()
        assert (
            "Een buurtbudget voor jonger</textarea>" not in page
            and "Een buurtbudget voor jongeren</textarea>" not in page
        )

    def test_edit_and_delete_own_items(self, client, world):
        item = world["contributions"]["a"]
        as_user(client, world["fac_a"])
        form = client.get(reverse("harvest:edit", args=[item.pk]), **HTMX).content.decode()
        assert "wachtlijst bij de GGZ" in form and "<textarea" in form
        response = client.post(
            reverse("harvest:edit", args=[item.pk]),
            {
                f"edit-{item.pk}-text": "De wachtlijst bij de GGZ is een jaar.",
                f"edit-{item.pk}-kind": "knel",
                f"edit-{item.pk}-role_label": "Huisarts",
            },
            **HTMX,
        )
        assert "een jaar" in response.content.decode()
        item.refresh_from_db()
        assert (item.text, item.role_label) == ("De wachtlijst bij de GGZ is een jaar.", "Huisarts")
        assert client.post(reverse("harvest:delete", args=[item.pk]), **HTMX).status_code == 200
        assert not Contribution.objects.filter(pk=item.pk).exists()

    def test_moving_an_item_to_another_section_reloads_the_page(self, client, world):
        item = world["contributions"]["a"]
        response = as_user(client, world["fac_a"]).post(
            reverse("harvest:edit", args=[item.pk]),
            {f"edit-{item.pk}-text": item.text, f"edit-{item.pk}-kind": "idee"},
            **HTMX,
        )
        assert response.status_code == 204 and response["HX-Refresh"] == "true"

    def test_table_report_with_attendance_by_role(self, client, world):
        table = world["tables"]["a"]
        as_user(client, world["fac_a"])
        data = {
            "summary": "Open gesprek over zorg.",
            "atmosphere": "Hoopvol",
            "attendance_rows": "4",
            "role_0": "Student",
            "count_0": "3",
            "role_1": "Wethouder",
            "count_1": "1",
        }
        response = client.post(reverse("harvest:report", args=[table.pk]), data, **HTMX)
        assert "Het tafelverslag is opgeslagen." in response.content.decode()
        table.refresh_from_db()
        assert table.report_attendance == {"Student": 3, "Wethouder": 1}
        assert table.report_atmosphere == "Hoopvol"

    def test_attendance_errors_name_the_row(self, client, world):
        table = world["tables"]["a"]
        as_user(client, world["fac_a"])
        data = {
            "summary": "x",
            "attendance_rows": "4",
            "role_0": "Student",
            "count_0": "",
            "role_1": "",
            "count_1": "2",
        }
        body = client.post(
            reverse("harvest:report", args=[table.pk]), data, **HTMX
        ).content.decode()
        assert (
            "Vul een aantal in bij ‘Student’." in body and "Bij een aantal hoort een rol." in body
        )
        table.refresh_from_db()
        assert table.report_summary == ""

    def test_marking_verwerkt_closes_the_table_for_the_facilitator(self, client, world):
        table = world["tables"]["a"]
        as_user(client, world["fac_a"])
        assert (
            client.post(
                reverse("harvest:status", args=[table.pk]), {"status": "processed"}
            ).status_code
            == 302
        )
        table.refresh_from_db()
        assert table.status == "processed"
        page = client.get(reverse("harvest:entry", args=[table.pk])).content.decode()
        assert "Deze tafel is verwerkt" in page and "Toevoegen" not in page
        item = world["contributions"]["a"]
        assert (
            client.post(
                reverse("harvest:add", args=[table.pk, "knel"]),
                {"knel-text": "Te laat", "knel-kind": "knel"},
            ).status_code
            == 403
        )
        assert (
            client.post(reverse("harvest:report", args=[table.pk]), {"summary": "x"}).status_code
            == 403
        )
        assert (
            client.post(
                reverse("harvest:edit", args=[item.pk]),
                {f"edit-{item.pk}-text": "x", f"edit-{item.pk}-kind": "knel"},
            ).status_code
            == 404
        )
        assert client.post(reverse("harvest:delete", args=[item.pk])).status_code == 404
        assert (
            client.post(reverse("harvest:status", args=[table.pk]), {"status": "held"}).status_code
            == 403
        )
        assert Contribution.objects.filter(pk=item.pk, text__startswith="De wachtlijst").exists()

    def test_a_verwerkt_table_refuses_edits_even_from_the_programme_team_until_reopened(
        self, client, world
    ):
        table = world["tables"]["a"]
        table.status = "processed"
        table.save()
        item = world["contributions"]["a"]
        as_user(client, world["analyst"])
        assert (
            client.post(
                reverse("harvest:edit", args=[item.pk]),
                {f"edit-{item.pk}-text": "x", f"edit-{item.pk}-kind": "knel"},
            ).status_code
            == 403
        )
        assert client.post(reverse("harvest:delete", args=[item.pk])).status_code == 403
        assert (
            client.post(reverse("harvest:status", args=[table.pk]), {"status": "held"}).status_code
            == 302
        )
        table.refresh_from_db()
        assert table.status == "held"

    def test_user_text_is_escaped(self, client, world):
        table = world["tables"]["a"]
        as_user(client, world["fac_a"])
        client.post(
            reverse("harvest:add", args=[table.pk, "idee"]),
            {"idee-text": "<script>alert('x')</script>", "idee-kind": "idee"},
            **HTMX,
        )
        for url in (reverse("harvest:entry", args=[table.pk]), table.get_absolute_url()):
            body = client.get(url).content.decode()
            assert "<script>alert(" not in body and "&lt;script&gt;alert(" in body


@pytest.mark.django_db
class TestNobodyElseGetsIn:
    @pytest.mark.parametrize("who", ["fac_b", "host", "observer", "liaison"])
    def test_every_entry_url_is_refused(self, client, world, who):
        as_user(client, world[who])
        before = list(Contribution.objects.order_by("pk").values_list("pk", "text"))
        for method, url, data in entry_urls(world):
            response = getattr(client, method)(url, data, **HTMX)
            assert response.status_code in (403, 404), (
                f"{who} {method.upper()} {url} → {response.status_code}"
            )
        assert list(Contribution.objects.order_by("pk").values_list("pk", "text")) == before
        table = world["tables"]["a"]
        table.refresh_from_db()
        assert (table.status, table.report_summary) == ("held", "")

    def test_anonymous_goes_to_login(self, client, world):
        for method, url, data in entry_urls(world):
            response = getattr(client, method)(url, data)
            assert response.status_code == 302 and "/inloggen/" in response["Location"], url

    def test_facilitator_cannot_reach_another_tables_item_through_its_id(self, client, world):
        other = world["contributions"]["b"]
        as_user(client, world["fac_a"])
        assert client.get(reverse("harvest:edit", args=[other.pk])).status_code == 404
        assert client.post(reverse("harvest:delete", args=[other.pk])).status_code == 404
        assert Contribution.objects.filter(pk=other.pk).exists()

    def test_get_on_a_post_only_url_is_refused(self, client, world):
        as_user(client, world["fac_a"])
        assert (
            client.get(reverse("harvest:add", args=[world["tables"]["a"].pk, "knel"])).status_code
            == 405
        )
