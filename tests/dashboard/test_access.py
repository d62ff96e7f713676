"""Who sees what over HTTP: a page of someone else's table is a 404 and leaks nothing."""

import pytest


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
