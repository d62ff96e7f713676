"""The programme team works in the Django admin; others do not."""

import pytest


@pytest.mark.django_db
def test_the_programme_team_manages_the_programme_in_the_admin(client, world):
    from oogst.accounts.services import grant_programme_team

    client.force_login(world["fac_a"])
    assert client.get("/admin/harvest/contribution/").status_code == 302  # not staff: log in
    analyst = grant_programme_team(world["analyst"])
    client.force_login(analyst)
    for url in ("/admin/harvest/contribution/", "/admin/programme/table/", "/admin/accounts/user/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/auth/group/").status_code == 403  # not a superuser's rights
