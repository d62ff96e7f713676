"""/api/v1/insights: each token's user gets the insights and evidence ids the pages show
them, and nothing more."""

import pytest

from oogst.api.services import create_api_token
from tests.insights.conftest import build_insight_world

pytestmark = pytest.mark.django_db
API = "/api/v1/insights"


@pytest.fixture
def insight_world(world, settings, tmp_path):
    return build_insight_world(world, settings, tmp_path)


@pytest.fixture
def tokens(insight_world):
    names = ("analyst", "observer", "fac_a", "fac_b", "host", "host_c", "liaison")
    return {name: create_api_token(insight_world[name], f"test {name}")[1] for name in names}


def get(client, path, token):
    return client.get(API + path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_each_role_lists_the_insights_it_may_see(client, insight_world, tokens):
    care, school = insight_world["care_insight"].pk, insight_world["school_insight"].pk
    expected = {
        "analyst": {care, school},
        "observer": {care, school},
        "fac_a": {care},
        "fac_b": {school},
        "host": {care},
        "host_c": {care},
        "liaison": {care},
    }
    for role, ids in expected.items():
        response = get(client, "?programme=test", tokens[role])
        assert response.status_code == 200, role
        assert {i["id"] for i in response.json()} == ids, role
    assert get(client, f"/{school}", tokens["liaison"]).status_code == 404
    assert get(client, f"/{care}", tokens["fac_b"]).status_code == 404
    assert client.get(API).status_code == 401


def test_the_evidence_ids_and_counts_are_those_the_user_may_read(client, insight_world, tokens):
    made, run = insight_world["made"], insight_world["run"]
    care = insight_world["care_insight"].pk
    full = get(client, f"/{care}", tokens["analyst"]).json()
    assert full["evidence"]["contributions"] == [made[1].pk]
    assert full["evidence"]["quotes"] == [made[0].pk]
    assert full["evidence"]["findings"] == [{"run": run.pk, "cluster": 0}]
    assert full["evidence"]["behind"] == sorted(made[i].pk for i in (0, 1, 2, 3, 7))
    assert full["counts"]["contributions"] == 5 and full["counts"]["tables"] == 2
    assert full["ministries"] == ["VWS"] and full["type"] == "challenge"
    assert get(client, f"/{care}", tokens["liaison"]).json()["evidence"] == full["evidence"]
    # The host of table C: only C's contribution, and no finding that reaches beyond it.
    host_c = get(client, f"/{care}", tokens["host_c"]).json()
    assert host_c["evidence"]["behind"] == [made[7].pk]
    assert host_c["evidence"]["contributions"] == [] and host_c["evidence"]["findings"] == []
    assert host_c["counts"]["contributions"] == 1 and host_c["counts"]["tables"] == 1


def test_the_openapi_document_describes_the_insights(client, insight_world):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/insights" in schema["paths"]
    assert "/api/v1/insights/{insight_id}" in schema["paths"]
