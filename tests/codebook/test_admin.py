"""The codebook keeps which themes a table talks about; the team still picks them in the
table's own admin form, and the recovery tasks are the codebook's too."""

import pytest
from django.contrib import admin

from oogst.accounts.services import grant_programme_team
from oogst.codebook.models import RecoveryTask
from oogst.programme.models import Table


def table_form_data(table: Table, themes: list) -> dict:
    """What the admin's change form posts for this table, with `themes` chosen."""
    local = table.starts_at.astimezone()
    return {
        "programme": table.programme_id,
        "code": table.code,
        "name": table.name,
        "track": table.track_id,
        "kind": table.kind,
        "mode": table.mode,
        "municipality": table.municipality_id or "",
        "starts_at_0": local.strftime("%d-%m-%Y"),
        "starts_at_1": local.strftime("%H:%M:%S"),
        "duration_minutes": table.duration_minutes,
        "capacity": table.capacity,
        "host": table.host_id or "",
        "facilitators": [u.pk for u in table.facilitators.all()],
        "status": table.status,
        "report_attendance": "{}",
        "themes": [t.pk for t in themes],
    }


@pytest.mark.django_db
def test_the_team_picks_a_tables_themes_in_the_table_form(client, world):
    client.force_login(grant_programme_team(world["analyst"]))
    table, care, school = world["tables"]["a"], world["themes"]["care"], world["themes"]["school"]
    url = f"/admin/programme/table/{table.pk}/change/"

    page = client.get(url)
    assert page.status_code == 200
    assert list(page.context["adminform"].form["themes"].value()) == [care.pk]

    response = client.post(url, table_form_data(table, [school]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(table.themes.all()) == [school]

    client.post(url, table_form_data(table, []))
    assert not table.themes.exists()


@pytest.mark.django_db
def test_a_new_table_gets_its_themes_from_the_form(client, world):
    client.force_login(grant_programme_team(world["analyst"]))
    data = table_form_data(world["tables"]["a"], [world["themes"]["school"]])
    data.update(code="C", name="Tafel C", facilitators=[])
    response = client.post("/admin/programme/table/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [t.slug for t in Table.objects.get(code="C").themes.all()] == ["onderwijs"]


def test_recovery_tasks_are_the_codebooks_in_the_admin():
    assert RecoveryTask._meta.app_label == "codebook"
    assert admin.site.is_registered(RecoveryTask)
