"""Who may see and do what on every insights page and endpoint: the whole matrix of roles
against pages, and the denials as carefully as the grants.

The world: table A (facilitator fac_a, host `host`, theme care -> VWS), table B (fac_b,
school -> OCW), table C (fac_a, host_c). The care insight rests on A and C and is linked to
VWS; the school insight rests on B and is linked to OCW. The liaison is VWS's.
"""

import pytest
from django.urls import reverse

from oogst.insights import services
from oogst.insights.models import (
    Evidence,
    EvidenceSuggestion,
    Insight,
    InsightVersion,
    LiaisonComment,
    MinistryLink,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "analyst", "observer", "fac_a", "fac_b", "host", "host_c", "liaison"]


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world[role])
    return client


def pages(w) -> dict[str, str]:
    care, school, run = w["care_insight"], w["school_insight"], w["run"]
    slug = w["programme"].slug
    return {
        "programme": reverse("insights:programme", args=[slug]),
        "care": care.get_absolute_url(),
        "school": school.get_absolute_url(),
        "care_contributions": reverse("insights:contributions", args=[slug, care.pk]),
        "school_contributions": reverse("insights:contributions", args=[slug, school.pk]),
        "new": reverse("insights:new", args=[slug]),
        "new_from_finding": reverse("insights:new", args=[slug]) + f"?run={run.pk}&cluster=0",
        "edit": reverse("insights:edit", args=[slug, care.pk]),
        "board": reverse("insights:board", args=[slug]),
        "care_finding": reverse("insights:finding", args=[slug, run.pk, 0]),
        "school_finding": reverse("insights:finding", args=[slug, run.pk, 1]),
        "matrix": reverse("insights:matrix", args=[slug]),
        "column": reverse("insights:column"),
        "contribution_b": reverse("insights:contribution", args=[w["made"][4].pk]),
        "contribution_c": reverse("insights:contribution", args=[w["made"][7].pk]),
    }


OK, NO = 200, 404
EXPECTED = {
    #                       analyst observer fac_a fac_b host host_c liaison
    "programme":            [OK, OK, OK, OK, OK, OK, OK],
    "care":                 [OK, OK, OK, NO, OK, OK, OK],
    "school":               [OK, OK, NO, OK, NO, NO, NO],
    "care_contributions":   [OK, OK, OK, NO, OK, OK, OK],
    "school_contributions": [OK, OK, NO, OK, NO, NO, NO],
    "new":                  [OK, NO, NO, NO, NO, NO, NO],
    "new_from_finding":     [OK, NO, NO, NO, NO, NO, NO],
    "edit":                 [OK, NO, NO, NO, NO, NO, NO],
    "board":                [OK, OK, NO, NO, NO, NO, NO],
    "care_finding":         [OK, OK, NO, NO, NO, NO, OK],
    "school_finding":       [OK, OK, NO, NO, NO, NO, NO],
    "matrix":               [OK, OK, NO, NO, NO, NO, NO],
    "column":               [OK, OK, NO, NO, NO, NO, OK],
    "contribution_b":       [OK, OK, NO, OK, NO, NO, NO],
    "contribution_c":       [OK, OK, OK, NO, NO, OK, OK],
}  # fmt: skip


@pytest.mark.parametrize("page", list(EXPECTED))
def test_every_role_on_every_page(client, insight_world, page):
    url = pages(insight_world)[page]
    response = client.get(url)
    assert response.status_code == 302 and "/inloggen/" in response["Location"], "anonymous"
    for role, expected in zip(ROLES[1:], EXPECTED[page], strict=True):
        client.force_login(insight_world[role])
        assert client.get(url).status_code == expected, (page, role)


def test_the_index_sends_each_role_where_it_belongs(client, insight_world):
    for role in ROLES[1:]:
        client.force_login(insight_world[role])
        response = client.get(reverse("insights:index"))
        target = "/inzichten/ministerie/" if role == "liaison" else "/inzichten/test/"
        assert response.status_code == 302 and response["Location"] == target, role


def test_the_programme_list_shows_each_role_only_their_insights(client, insight_world):
    care, school = insight_world["care_insight"].title, insight_world["school_insight"].title
    seen = {
        "analyst": {care, school},
        "observer": {care, school},
        "fac_a": {care},
        "fac_b": {school},
        "host": {care},
        "host_c": {care},
        "liaison": {care},
    }
    url = pages(insight_world)["programme"]
    for role, titles in seen.items():
        client.force_login(insight_world[role])
        body = client.get(url).content.decode()
        assert {t for t in (care, school) if t in body} == titles, role


def test_a_host_sees_only_the_evidence_of_their_own_table(client, insight_world):
    client.force_login(insight_world["host"])
    insight = insight_world["care_insight"]
    page = client.get(insight.get_absolute_url())
    assert page.context["figures"].contributions == 4  # A's four, not C's one
    assert page.context["findings"] == [] and page.context["versions"] == []
    listing = client.get(pages(insight_world)["care_contributions"]).content.decode()
    assert "verpleeghuis" not in listing  # table C
    assert "huisarts was maanden" in listing  # table A
    # The finding that reaches C is not named to them either.
    assert "ggz · huisarts" not in listing and "via een bevinding" in listing


def test_a_facilitator_sees_only_the_evidence_of_their_own_tables(client, insight_world):
    services.add_evidence(
        insight_world["care_insight"],
        by=insight_world["analyst"],
        contributions=[insight_world["made"][4]],  # table B's
    )
    client.force_login(insight_world["fac_a"])
    listing = client.get(pages(insight_world)["care_contributions"])
    assert listing.context["total"] == 5
    assert "laptops" not in listing.content.decode()
    client.force_login(insight_world["fac_b"])
    listing = client.get(pages(insight_world)["care_contributions"])
    # fac_b sees the care insight now (it rests on their table), and only B's evidence.
    assert listing.status_code == 200 and listing.context["total"] == 1
    assert "laptops" in listing.content.decode()


def test_a_liaison_reads_evidence_only_in_redacted_form(client, insight_world):
    made = insight_world["made"]
    insight = insight_world["care_insight"]
    services.add_evidence(insight, by=insight_world["analyst"], contributions=[made[9]])
    url = pages(insight_world)["care_contributions"]
    client.force_login(insight_world["analyst"])
    assert "06-12345678" in client.get(url).content.decode()
    for role in ("liaison", "observer", "fac_a"):
        client.force_login(insight_world[role])
        body = client.get(url).content.decode()
        assert "06-12345678" not in body and "Jan de Vries" not in body, role
        assert "buurtapp" in body, role
    client.force_login(insight_world["liaison"])
    for page in ("column", "contribution_c", "care_finding", "care"):
        body = client.get(pages(insight_world)[page]).content.decode()
        assert "06-12345678" not in body, page
    contribution = client.get(reverse("insights:contribution", args=[made[9].pk]))
    assert contribution.status_code == 200
    assert "06-12345678" not in contribution.content.decode()


def test_a_proposal_opens_nothing_to_a_liaison(client, insight_world):
    school = insight_world["school_insight"]
    MinistryLink.objects.create(insight=school, ministry=insight_world["vws"], source="theme")
    client.force_login(insight_world["liaison"])
    assert client.get(school.get_absolute_url()).status_code == 404
    services.decide_link(school, insight_world["vws"], "accepted", by=insight_world["analyst"])
    assert client.get(school.get_absolute_url()).status_code == 200
    # Through a recovery task the ministry owns, accepted by a person, as well.
    services.decide_link(school, insight_world["vws"], None, by=insight_world["analyst"])
    assert client.get(school.get_absolute_url()).status_code == 404
    services.decide_link(school, insight_world["task"], "accepted", by=insight_world["analyst"])
    assert client.get(school.get_absolute_url()).status_code == 200


def posts(w) -> dict[str, tuple[str, dict]]:
    care, run, slug = w["care_insight"], w["run"], w["programme"].slug
    link = care.evidence.filter(kind=Evidence.Kind.CONTRIBUTION).first()
    suggestion = EvidenceSuggestion.objects.create(
        insight=care, contribution=w["made"][8], score=0.5
    )
    return {
        "new": (
            reverse("insights:new", args=[slug]),
            {"title": "Nieuw", "type": "challenge", "status": "draft"},
        ),
        "edit": (
            reverse("insights:edit", args=[slug, care.pk]),
            {"title": "Anders", "type": "dilemma", "status": "draft"},
        ),
        "remove": (reverse("insights:remove_evidence", args=[slug, care.pk, link.pk]), {}),
        "accept": (
            reverse(
                "insights:decide_suggestion", args=[slug, care.pk, suggestion.pk, "accepteren"]
            ),
            {},
        ),
        "add_from_board": (
            reverse("insights:add_from_board", args=[slug]),
            {"run": run.pk, "cluster": 1, "insight": care.pk},
        ),
        "propose": (reverse("insights:propose", args=[slug]), {}),
        "cell": (
            reverse("insights:decide_cell", args=[slug, care.pk, "ministerie", w["ocw"].pk]),
            {"besluit": "vaststellen"},
        ),
    }


def state():
    return (
        sorted(Insight.objects.values_list("pk", "title", "type")),
        Evidence.objects.count(),
        MinistryLink.objects.filter(state="accepted").count(),
        MinistryLink.objects.count(),
        InsightVersion.objects.count(),
        EvidenceSuggestion.objects.filter(state="open").count(),
    )


@pytest.mark.parametrize("role", ["observer", "fac_a", "fac_b", "host", "liaison"])
def test_only_the_programme_team_changes_insights(client, insight_world, role):
    client.force_login(insight_world[role])
    actions = posts(insight_world)
    before = state()
    for name, (url, data) in actions.items():
        assert client.post(url, data).status_code == 404, (role, name)
    assert state() == before
    suggest = reverse(
        "insights:suggest", args=[insight_world["programme"].slug, insight_world["care_insight"].pk]
    )
    assert client.post(suggest).status_code == 404


def test_the_programme_team_can_do_each_of_those(client, insight_world):
    client.force_login(insight_world["analyst"])
    for name, (url, data) in posts(insight_world).items():
        assert client.post(url, data).status_code == 302, name
    care = Insight.objects.get(pk=insight_world["care_insight"].pk)
    assert care.title == "Anders" and care.type == "dilemma"
    assert Insight.objects.filter(title="Nieuw").exists()
    assert care.evidence.filter(kind="finding", cluster=1).exists()
    assert care.ministry_links.get(ministry=insight_world["ocw"]).state == "accepted"


def test_changes_are_posts_only(client, insight_world):
    client.force_login(insight_world["analyst"])
    for name, (url, _data) in posts(insight_world).items():
        if name in ("new", "edit"):
            continue
        assert client.get(url).status_code == 405, name


def test_only_a_liaison_comments_and_only_on_their_column(client, insight_world):
    care, school = insight_world["care_insight"], insight_world["school_insight"]
    slug = insight_world["programme"].slug
    for role in ("analyst", "observer", "fac_a", "host"):
        client.force_login(insight_world[role])
        url = reverse("insights:comment", args=[slug, care.pk])
        assert client.post(url, {"text": "Ja"}).status_code == 404, role
    client.force_login(insight_world["liaison"])
    school_url = reverse("insights:comment", args=[slug, school.pk])
    assert client.post(school_url, {"text": "Nee"}).status_code == 404
    care_url = reverse("insights:comment", args=[slug, care.pk])
    assert client.post(care_url, {"text": "VWS pakt dit op."}).status_code == 302
    comment = LiaisonComment.objects.get()
    assert (comment.insight, comment.ministry.code, comment.author) == (
        care,
        "VWS",
        insight_world["liaison"],
    )
    # The programme team reads it on the insight; the liaison of another ministry does not.
    client.force_login(insight_world["analyst"])
    assert "VWS pakt dit op." in client.get(care.get_absolute_url()).content.decode()


def test_a_finding_of_another_programme_or_a_missing_cluster_is_not_found(client, insight_world):
    from oogst.programme.models import Programme

    client.force_login(insight_world["analyst"])
    slug, run = insight_world["programme"].slug, insight_world["run"]
    assert client.get(reverse("insights:finding", args=[slug, run.pk, 7])).status_code == 404
    Programme.objects.create(slug="ander", name="Ander programma")
    assert client.get(reverse("insights:finding", args=["ander", run.pk, 0])).status_code == 404
    new = reverse("insights:new", args=[slug]) + f"?run={run.pk}&cluster=9"
    assert client.get(new).status_code == 404
