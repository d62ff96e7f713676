"""The programme page: the codebook as a tree, every theme with its number of contributions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oogst.codebook.models import Theme
from oogst.harvest.models import ThemeAssignment


@pytest.mark.django_db
def test_sub_themes_show_in_the_tree_with_their_count(client, world, django_assert_max_num_queries):
    care = world["themes"]["care"]
    ggz = Theme.objects.create(programme=world["programme"], slug="ggz", name="GGZ", parent=care)
    for contribution in world["contributions"].values():
        ThemeAssignment.objects.create(contribution=contribution, theme=ggz)
    client.force_login(world["analyst"])
    url = reverse("programme:detail", args=[world["programme"].slug])
    with django_assert_max_num_queries(15):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    tree = html[html.index(care.name) :]
    assert "GGZ" in tree and "2 bijdragen" in tree
    # The sub-theme sits inside its parent's list, not among the roots.
    assert html.index('<ul class="tree">') < html.index("GGZ")
