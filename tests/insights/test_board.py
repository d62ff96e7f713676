"""The findings board and a ministry's column: what they show, and the two ways from a
finding into an insight."""

import pytest
from django.urls import reverse

from oogst.insights.models import Evidence, Insight, InsightVersion

pytestmark = pytest.mark.django_db


def board(client, world, **query):
    url = reverse("insights:board", args=[world["programme"].slug])
    return client.get(url, query)


def test_the_board_shows_findings_with_size_spread_quotes_and_use(client, insight_world):
    client.force_login(insight_world["analyst"])
    response = board(client, insight_world)
    findings = {f.key: f for f in response.context["findings"]}
    care, school = findings[0], findings[1]
    assert (care.size, school.size) == (5, 4)
    assert care.spread.tables == 2 and {s.key for s in care.spread.by_table} == {"A", "C"}
    assert {s.key: s.n for s in care.spread.by_kind} == {"knel": 3, "idee": 1, "kiem": 1}
    assert [q.contribution_id for q in care.quotes] == [
        insight_world["made"][0].pk,
        insight_world["made"][2].pk,
    ]
    assert care.used_in == [insight_world["care_insight"]] and school.used_in == []
    assert {t.key for t in response.context["themes"]} == {"zorg", "onderwijs"}
    body = response.content.decode()
    assert "Nieuw inzicht hieruit" in body and "Toevoegen aan inzicht" in body


def test_the_board_filters_by_kind_track_region_table_and_use(client, insight_world):
    client.force_login(insight_world["analyst"])
    by_kind = board(client, insight_world, soort="idee").context["findings"]
    # Cluster 1 holds two ideas: the world's table B contribution and one of ours.
    assert {(f.key, f.shown, f.size) for f in by_kind} == {(0, 1, 5), (1, 2, 4)}
    by_track = board(client, insight_world, traject="wetenschap").context["findings"]
    assert [(f.key, f.shown) for f in by_track] == [(0, 1)]
    by_region = board(client, insight_world, regio="Groningen").context
    assert [f.key for f in by_region["findings"]] == [0]
    assert by_region["n_kept"] == 1
    by_table = board(client, insight_world, tafel="B").context["findings"]
    assert [f.key for f in by_table] == [1]
    unused = board(client, insight_world, ongebruikt="1").context
    assert [f.key for f in unused["findings"]] == [1]
    nonsense = board(client, insight_world, soort="<script>", run="abc")
    assert nonsense.status_code == 200 and len(nonsense.context["findings"]) == 2


def test_an_observer_reads_the_board_but_gets_no_actions(client, insight_world):
    client.force_login(insight_world["observer"])
    body = board(client, insight_world).content.decode()
    assert "ggz · huisarts" in body
    assert "Nieuw inzicht hieruit" not in body and "Toevoegen aan inzicht" not in body


def test_a_new_insight_from_a_finding_takes_the_finding_and_its_quotes(client, insight_world):
    client.force_login(insight_world["analyst"])
    slug, run, made = insight_world["programme"].slug, insight_world["run"], insight_world["made"]
    url = reverse("insights:new", args=[slug])
    form = client.get(url, {"run": run.pk, "cluster": 1}).context["form"]
    assert form.initial["title"] == "school · leerlingen · klas"
    response = client.post(
        url,
        {
            "title": "Scholen konden het thuisonderwijs niet aan",
            "text": "Geen laptops, grote klassen.",
            "type": "challenge",
            "status": "draft",
            "run": run.pk,
            "cluster": 1,
            "with_quotes": "on",
        },
    )
    insight = Insight.objects.get(title="Scholen konden het thuisonderwijs niet aan")
    assert response.status_code == 302 and response["Location"] == insight.get_absolute_url()
    assert set(insight.evidence.values_list("kind", "run_id", "cluster", "contribution_id")) == {
        ("finding", run.pk, 1, None),
        ("quote", None, None, made[4].pk),
    }
    assert [v.action for v in insight.versions.order_by("number")] == [
        InsightVersion.Action.CREATED,
        InsightVersion.Action.EVIDENCE_ADDED,
    ]


def test_a_new_insight_from_a_theme_and_adding_a_finding_to_an_insight(client, insight_world):
    client.force_login(insight_world["analyst"])
    slug, run = insight_world["programme"].slug, insight_world["run"]
    client.post(
        reverse("insights:new", args=[slug]),
        {"title": "Onderwijs", "type": "opportunity", "status": "draft", "theme": "onderwijs"},
    )
    insight = Insight.objects.get(title="Onderwijs")
    assert insight.evidence.get().theme == insight_world["themes"]["school"]
    back = reverse("insights:board", args=[slug]) + "#bevinding-1"
    response = client.post(
        reverse("insights:add_from_board", args=[slug]),
        {"run": run.pk, "cluster": 1, "insight": insight.pk, "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    assert insight.evidence.filter(kind=Evidence.Kind.FINDING, cluster=1).exists()
    # Twice is once, and the board says so.
    response = client.post(
        reverse("insights:add_from_board", args=[slug]),
        {"run": run.pk, "cluster": 1, "insight": insight.pk},
        follow=True,
    )
    assert "had deze onderbouwing al" in response.content.decode()
    assert insight.evidence.filter(kind=Evidence.Kind.FINDING).count() == 1
    # An address elsewhere is not followed back.
    response = client.post(
        reverse("insights:add_from_board", args=[slug]),
        {"run": run.pk, "cluster": 0, "insight": insight.pk, "next": "https://example.org/"},
    )
    assert response["Location"] == reverse("insights:board", args=[slug])


def test_the_column_shows_a_ministry_its_insights_tasks_and_findings(client, insight_world):
    from oogst.insights import services

    services.decide_link(
        insight_world["care_insight"],
        insight_world["task"],
        "accepted",
        by=insight_world["analyst"],
    )
    client.force_login(insight_world["liaison"])
    context = client.get(reverse("insights:column")).context
    assert context["ministry"] == insight_world["vws"]
    assert [e.insight for e in context["entries"]] == [insight_world["care_insight"]]
    assert context["entries"][0].tasks == [insight_world["task"]]
    assert [(f["run"], f["entry"]["id"]) for f in context["findings"]] == [
        (insight_world["run"], 0)
    ]
    assert [row["task"] for row in context["tasks"]] == [insight_world["task"]]
    # A liaison cannot look into another ministry's column.
    other = client.get(reverse("insights:column"), {"ministerie": "OCW"}).context
    assert other["ministry"] == insight_world["vws"]
    # The programme team can, for every ministry.
    client.force_login(insight_world["analyst"])
    ocw = client.get(reverse("insights:column"), {"ministerie": "OCW"}).context
    assert [e.insight for e in ocw["entries"]] == [insight_world["school_insight"]]
