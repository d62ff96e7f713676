"""The table page shows each theme of a contribution once, and says which themes only a
machine suggested."""

import pytest

from oogst.harvest.models import ThemeAssignment


@pytest.mark.django_db
def test_a_theme_coded_by_a_person_and_suggested_by_a_run_shows_once(client, world):
    contribution = world["contributions"]["a"]
    care, school = world["themes"]["care"], world["themes"]["school"]
    ThemeAssignment.objects.create(contribution=contribution, theme=care, source="person")
    ThemeAssignment.objects.create(contribution=contribution, theme=care, source="analysis")
    ThemeAssignment.objects.create(contribution=contribution, theme=school, source="analysis")
    client.force_login(world["analyst"])

    html = client.get(world["tables"]["a"].get_absolute_url()).content.decode()
    meta = html.split("De wachtlijst bij de GGZ is veel te lang.")[1].split("</div>")[0]
    assert meta.count("Zorg en gezondheid") == 1
    assert '<span class="tag">Zorg en gezondheid</span>' in meta
    # A theme only the analysis suggested is told apart in words, not only in looks.
    assert (
        '<span class="tag suggested">Onderwijs <span class="tag-note">(suggestie)</span></span>'
    ) in meta


@pytest.mark.django_db
def test_kind_headings_on_the_table_page_are_words_not_codes(client, world):
    client.force_login(world["analyst"])
    html = client.get(world["tables"]["a"].get_absolute_url()).content.decode()
    assert '<h3 id="kind-knel">Knel — wat kwam in de knel (1)</h3>' in html
    assert ">knel<" not in html


@pytest.mark.django_db
def test_the_table_page_costs_the_same_queries_for_many_coded_contributions(
    client, world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from oogst.harvest.models import Contribution

    table, care = world["tables"]["a"], world["themes"]["care"]
    client.force_login(world["analyst"])
    url = table.get_absolute_url()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(15):
        c = Contribution.objects.create(
            programme=table.programme, table=table, kind="knel", text=f"Wachtlijst {i}"
        )
        ThemeAssignment.objects.create(contribution=c, theme=care, source="analysis")
    with django_assert_max_num_queries(len(few)):
        client.get(url)


@pytest.mark.django_db
def test_the_dashboard_names_kinds_in_words(client, world):
    client.force_login(world["analyst"])
    html = client.get("/").content.decode()
    assert "Knel — wat kwam in de knel</span>" in html and "badge-wraps" in html
    assert '">knel</span>' not in html
