"""The figures on a programme's page are counted over what the viewer may see."""

import pytest

from oogst.harvest.models import Contribution, ThemeAssignment

pytestmark = pytest.mark.django_db


def theme_counts(response) -> dict[str, int]:
    counts = {}
    todo = list(response.context["root_themes"])
    while todo:
        theme = todo.pop()
        counts[theme.slug] = theme.n
        todo.extend(theme.child_list)
    return counts


def test_a_facilitator_sees_theme_counts_of_their_own_tables_only(client, world):
    care = world["themes"]["care"]
    for table in ("a", "b", "b"):
        contribution = Contribution.objects.create(
            programme=world["programme"], table=world["tables"][table], text=f"Zorg {table}"
        )
        ThemeAssignment.objects.create(contribution=contribution, theme=care)
    url = world["programme"].get_absolute_url()
    client.force_login(world["analyst"])
    assert theme_counts(client.get(url))["zorg"] == 3
    client.force_login(world["fac_a"])
    response = client.get(url)
    assert theme_counts(response)["zorg"] == 1
    assert {t.slug: t.n_tables for t in response.context["tracks"]} == {"burgers": 1}
    client.force_login(world["fac_b"])
    assert theme_counts(client.get(url))["zorg"] == 2
