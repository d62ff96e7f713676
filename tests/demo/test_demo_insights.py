"""The demo has the six broad insights of the real programme, with evidence the analysis
library chose from the demo's contributions; the export and the pages agree."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from oogst.harvest.models import Contribution
from oogst.insights.models import Evidence, Insight, InsightVersion
from oogst.programme.models import Programme

SIX = [
    "De samenleving is veerkrachtig",
    "Directe schade COVID-19 is groot",
    "Veranderende waarden in een nieuwe samenleving",
    "De online (blended) samenleving zet door",
    "Opgaven moeten breed opgepakt worden met een overheid die regisseert en perspectief biedt",
    "De dialoog met de samenleving is belangrijk, ook in de volgende fase",
]


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.OOGST_CACHE_DIR = str(tmp_path / "cache")
    call_command("demo", "--force", stdout=StringIO())
    return Programme.objects.get(slug="demo")


def test_six_broad_insights_on_chosen_evidence_that_the_export_and_pages_agree_on(
    demo, client, tmp_path
):
    """One load of the demo (it takes a while) for the whole story."""
    from oogst.accounts.models import User

    insights = demo.insights.all()
    assert insights.count() >= 6
    broad = {i.title: i for i in insights.filter(parent=None)}
    assert set(SIX) <= set(broad)
    for insight in insights:
        linked = Contribution.objects.filter(
            insight_evidence__insight=insight, insight_evidence__kind=Evidence.Kind.CONTRIBUTION
        )
        assert linked.count() >= 5, insight.title
        assert linked.values("table").distinct().count() >= 3, insight.title
        # Accepted one by one by the demo analyst from the embedder's suggestions.
        accepted = insight.evidence_suggestions.filter(state="accepted")
        assert set(accepted.values_list("contribution_id", flat=True)) == set(
            linked.values_list("pk", flat=True)
        )
        assert insight.evidence_suggestions.filter(state="open").exists()
    narrower = insights.exclude(parent=None)
    assert narrower.exists() and all(n.parent.title in SIX for n in narrower)

    # Every evidence id exists, and the export and the pages agree.
    out = tmp_path / "demo.json"
    call_command("insights", "export", "--programme", "demo", "--out", str(out), stdout=StringIO())
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["insights"]) == demo.insights.count()
    client.force_login(User.objects.get(username="analist"))
    for item in data["insights"]:
        ids = item["evidence"]["contributions"] + item["evidence"]["quotes"]
        assert Contribution.objects.filter(programme=demo, pk__in=ids).count() == len(set(ids))
        page = client.get(Insight.objects.get(pk=item["id"]).get_absolute_url())
        assert page.context["figures"].contributions == item["counts"]["contributions"]
        assert page.context["figures"].tables == item["counts"]["tables"]
    stats = StringIO()
    call_command("stats", "--json", stdout=stats)
    figures = json.loads(stats.getvalue())
    assert figures["insights"] == len(data["insights"])
    assert figures["insights_per_programme"]["demo"] == len(data["insights"])

    # The VWS liaison reads their column, and their key figures add up.
    client.force_login(User.objects.get(username="liaison.vws"))
    response = client.get("/inzichten/ministerie/")
    assert response.status_code == 200 and response.context["entries"]
    figures = client.get("/").context
    assert all(row["share"] <= 100 for row in figures["kinds"])


def test_loading_twice_adds_no_insight_link_or_version(demo):
    def counts():
        return (
            Insight.objects.count(),
            Evidence.objects.count(),
            InsightVersion.objects.count(),
            sorted(Evidence.objects.values_list("insight__title", "kind", "contribution_id")),
        )

    first = counts()
    call_command("demo", "--force", stdout=StringIO())
    assert counts() == first
