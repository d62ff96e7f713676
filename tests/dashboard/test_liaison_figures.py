"""A liaison's key figures count each table and contribution once, however many of the
ministry's themes lead to it (they read "8 tafels gehouden, van 7" and "Knel 285 (110%)")."""

import pytest

from oogst.codebook.models import Theme
from oogst.harvest.models import Contribution

pytestmark = pytest.mark.django_db


def test_no_table_or_contribution_is_counted_twice_through_two_themes(client, world):
    programme, table = world["programme"], world["tables"]["a"]
    # A second VWS theme on table A: the liaison's scope now reaches it along two paths.
    youth = Theme.objects.create(programme=programme, slug="jongeren", name="Jongeren")
    youth.ministries.add(world["liaison"].ministry)
    table.themes.add(youth)
    for i in range(3):
        Contribution.objects.create(programme=programme, table=table, kind="knel", text=f"K{i}")
    client.force_login(world["liaison"])
    response = client.get("/")
    figures = response.context["figures"]
    assert figures["tables"] == 1
    assert sum(figures["tables_by_status"].values()) == 1
    assert figures["contributions"] == 4
    assert figures["contributions_by_kind"]["knel"] == 4
    assert sum(figures["contributions_by_kind"].values()) == figures["contributions"]
    assert all(0 <= row["share"] <= 100 for row in response.context["kinds"])
    body = response.content.decode()
    assert "tafels gehouden, van 1" in body
