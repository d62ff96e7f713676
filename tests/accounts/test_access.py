"""Who sees what: the denials matter as much as the grants."""

import pytest

from oogst.accounts import access


@pytest.mark.django_db
class TestQueryScoping:
    def test_facilitator_sees_only_own_tables_and_contributions(self, world):
        fac = world["fac_a"]
        assert list(access.tables_visible_to(fac)) == [world["tables"]["a"]]
        assert list(access.contributions_visible_to(fac)) == [world["contributions"]["a"]]

    def test_host_sees_only_hosted_table(self, world):
        assert list(access.tables_visible_to(world["host"])) == [world["tables"]["a"]]

    def test_liaison_sees_what_is_linked_to_their_ministry(self, world):
        assert list(access.tables_visible_to(world["liaison"])) == [world["tables"]["a"]]
        assert world["contributions"]["b"] not in access.contributions_visible_to(world["liaison"])

    def test_a_liaison_sees_what_a_person_coded_not_what_an_analysis_suggested(self, world):
        from oogst.codebook.models import Theme
        from oogst.harvest.models import ThemeAssignment

        liaison, b = world["liaison"], world["contributions"]["b"]
        care = Theme.objects.get(slug="zorg")
        # A run suggests care (VWS) for table B's contribution: the liaison sees no more.
        ThemeAssignment.objects.create(
            contribution=b, theme=care, source=ThemeAssignment.Source.ANALYSIS, score=0.9
        )
        assert b not in access.contributions_visible_to(liaison)
        # An analyst accepts it (a person's code): now it is the ministry's to read.
        ThemeAssignment.objects.create(
            contribution=b, theme=care, source=ThemeAssignment.Source.PERSON
        )
        assert b in access.contributions_visible_to(liaison)

    def test_observer_reads_everything_but_edits_nothing(self, world):
        assert access.tables_visible_to(world["observer"]).count() == 2
        assert not access.tables_editable_by(world["observer"]).exists()
        assert not access.contributions_editable_by(world["observer"]).exists()

    def test_host_cannot_edit(self, world):
        assert not access.tables_editable_by(world["host"]).exists()

    def test_processed_table_is_closed_to_facilitator_edits(self, world):
        table = world["tables"]["a"]
        table.status = "verwerkt"
        table.save()
        assert not access.contributions_editable_by(world["fac_a"]).exists()
        assert access.contributions_editable_by(world["analyst"]).count() == 2


@pytest.mark.django_db
class TestOverHttp:
    def login(self, client, user):
        client.force_login(user)
        return client

    def test_other_facilitators_table_is_404_and_leaks_nothing(self, client, world):
        self.login(client, world["fac_a"])
        other = world["tables"]["b"]
        response = client.get(other.get_absolute_url())
        assert response.status_code == 404
        assert "Geheim plan" not in response.content.decode()

    def test_own_table_is_shown(self, client, world):
        self.login(client, world["fac_a"])
        response = client.get(world["tables"]["a"].get_absolute_url())
        assert response.status_code == 200
        assert "wachtlijst bij de GGZ" in response.content.decode()

    def test_table_list_is_scoped(self, client, world):
        self.login(client, world["fac_b"])
        body = client.get("/programma/tafels/").content.decode()
        assert "Tafel B" in body and "Tafel A" not in body

    def test_anonymous_is_sent_to_login(self, client, world):
        response = client.get(world["tables"]["a"].get_absolute_url())
        assert response.status_code == 302 and "/inloggen/" in response["Location"]

    def test_dashboard_counts_only_what_the_user_may_see(self, client, world):
        self.login(client, world["fac_a"])
        response = client.get("/")
        assert response.context["figures"]["contributions"] == 1
        self.login(client, world["analyst"])
        assert client.get("/").context["figures"]["contributions"] == 2


@pytest.mark.django_db
def test_the_programme_team_manages_the_programme_in_the_admin(client, world):
    from oogst.accounts.services import grant_programme_team

    client.force_login(world["fac_a"])
    assert client.get("/admin/harvest/contribution/").status_code == 302  # not staff: log in
    analyst = grant_programme_team(world["analyst"])
    client.force_login(analyst)
    for url in ("/admin/harvest/contribution/", "/admin/programme/table/"):
        assert client.get(url).status_code == 200, url
    for url in ("/admin/auth/group/", "/admin/accounts/user/"):  # a superuser's rights
        assert client.get(url).status_code == 403, url
