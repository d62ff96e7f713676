"""`oogst insights export` and `oogst insights import`: a round trip gives the same insights,
importing twice is importing once, and a bad file is refused as a whole with its reasons."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from oogst.insights import services
from oogst.insights.models import Evidence, Insight, InsightVersion, MinistryLink

pytestmark = pytest.mark.django_db


def export(tmp_path, name="inzichten.json") -> dict:
    out = tmp_path / name
    call_command("insights", "export", "--programme", "test", "--out", str(out), stdout=StringIO())
    return json.loads(out.read_text(encoding="utf-8"))


def import_(path) -> str:
    out = StringIO()
    call_command("insights", "import", str(path), "--programme", "test", stdout=out)
    return out.getvalue()


def comparable(data: dict) -> list[dict]:
    return data["insights"]


@pytest.fixture
def richer(insight_world):
    analyst = insight_world["analyst"]
    care, school = insight_world["care_insight"], insight_world["school_insight"]
    services.update_insight(school, by=analyst, parent=care, status="discussed")
    services.add_evidence(care, by=analyst, themes=[insight_world["themes"]["care"]])
    services.decide_link(care, insight_world["task"], "accepted", by=analyst)
    return insight_world


def test_the_export_names_everything_by_id_with_the_counts_the_pages_show(client, richer, tmp_path):
    data = export(tmp_path)
    assert data["format"] == "oogst-insights" and data["programme"] == "test"
    care = next(i for i in data["insights"] if i["id"] == richer["care_insight"].pk)
    school = next(i for i in data["insights"] if i["id"] == richer["school_insight"].pk)
    made = richer["made"]
    assert care["type"] == "challenge" and care["ministries"] == ["VWS"]
    assert care["recovery_tasks"] == [{"id": richer["task"].pk, "title": richer["task"].title}]
    assert care["evidence"] == {
        "contributions": [made[1].pk],
        "quotes": [made[0].pk],
        "findings": [
            {
                "run": richer["run"].pk,
                "run_number": richer["run"].number,
                "cluster": 0,
                "label": "ggz · huisarts · wachtlijst",
            }
        ],
        "themes": ["zorg"],
    }
    assert school["parent"] == care["id"] and school["status"] == "discussed"
    # Every id exists, and the counts are those of the insight's page.
    from oogst.harvest.models import Contribution

    for item in data["insights"]:
        listed = item["evidence"]["contributions"] + item["evidence"]["quotes"]
        listed += item["contributions_behind"]
        assert Contribution.objects.filter(pk__in=listed).count() == len(set(listed))
        client.force_login(richer["analyst"])
        page = client.get(Insight.objects.get(pk=item["id"]).get_absolute_url())
        figures = page.context["figures"]
        assert item["counts"]["contributions"] == figures.contributions
        assert item["counts"]["tables"] == figures.tables
        assert len(item["contributions_behind"]) == figures.contributions
    # Its own five and its narrower insight's two (knel 0, 1, 4, 7; idee 2, 5; kiem 3).
    assert care["counts"]["by_kind"] == {"knel": 4, "idee": 2, "kiem": 1}


def test_a_round_trip_puts_the_same_insights_back_under_their_ids(richer, tmp_path):
    first = export(tmp_path)
    path = tmp_path / "inzichten.json"
    Insight.objects.all().delete()
    assert "2 nieuw, 0 bijgewerkt, 0 ongewijzigd." in import_(path)
    again = export(tmp_path, "opnieuw.json")
    assert comparable(again) == comparable(first)
    assert all(v.action == InsightVersion.Action.IMPORTED for v in InsightVersion.objects.all())
    # A new insight after the import gets a fresh id (the ids taken by the import stay taken).
    new = services.create_insight(richer["programme"], by=richer["analyst"], title="Nieuw")
    assert new.pk not in {i["id"] for i in first["insights"]}


def test_importing_twice_changes_nothing_the_second_time(richer, tmp_path):
    export(tmp_path)
    path = tmp_path / "inzichten.json"
    versions = InsightVersion.objects.count()
    assert "0 nieuw, 0 bijgewerkt, 2 ongewijzigd." in import_(path)
    assert InsightVersion.objects.count() == versions
    assert "0 nieuw, 0 bijgewerkt, 2 ongewijzigd." in import_(path)


def test_an_import_sets_exactly_the_links_of_the_file(richer, tmp_path):
    data = export(tmp_path)
    care = next(i for i in data["insights"] if i["id"] == richer["care_insight"].pk)
    care["title"] = "Wachtlijsten blijven knellen"
    care["evidence"]["contributions"] = [richer["made"][8].pk]
    care["evidence"]["themes"] = []
    care["ministries"] = ["OCW"]
    path = tmp_path / "bewerkt.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert "0 nieuw, 1 bijgewerkt, 1 ongewijzigd." in import_(path)
    insight = Insight.objects.get(pk=care["id"])
    assert insight.title == "Wachtlijsten blijven knellen"
    assert set(insight.evidence.values_list("kind", "contribution_id")) == {
        ("contribution", richer["made"][8].pk),
        ("quote", richer["made"][0].pk),
        ("finding", None),
    }
    assert set(
        insight.ministry_links.filter(state="accepted").values_list("ministry__code", flat=True)
    ) == {"OCW"}
    version = insight.versions.first()
    assert version.action == "imported" and version.changed_fields == ["title"]
    assert {"kind": "theme", "theme": "zorg"} in version.detail["removed"]


def test_a_bad_file_is_refused_as_a_whole_naming_each_problem(richer, tmp_path):
    data = export(tmp_path)
    data["insights"][0]["evidence"]["contributions"].append(999999)
    data["insights"][0]["ministries"].append("XYZ")
    data["insights"][1]["type"] = "kans"
    data["insights"][1]["title"] = "Ook gewijzigd, maar niet opgeslagen"
    path = tmp_path / "fout.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = (
        sorted(Insight.objects.values_list("pk", "title", "type")),
        Evidence.objects.count(),
        MinistryLink.objects.count(),
        InsightVersion.objects.count(),
    )
    with pytest.raises(CommandError) as refused:
        import_(path)
    message = str(refused.value)
    first, second = data["insights"][0]["id"], data["insights"][1]["id"]
    assert f"inzicht 1 (id {first}): bijdrage 999999 bestaat niet in programma test" in message
    assert f"inzicht 1 (id {first}): ministerie 'XYZ' bestaat niet" in message
    assert f"inzicht 2 (id {second}): soort 'kans' bestaat niet" in message
    assert "Niets geïmporteerd" in message
    after = (
        sorted(Insight.objects.values_list("pk", "title", "type")),
        Evidence.objects.count(),
        MinistryLink.objects.count(),
        InsightVersion.objects.count(),
    )
    assert after == before


@pytest.mark.parametrize(
    "content, reason",
    [
        ("niet eens json", "is niet te lezen"),
        ('{"format": "iets anders"}', "is geen inzichtenbestand"),
        ('{"format": "oogst-insights", "version": 9, "insights": []}', "Versie 9"),
    ],
)
def test_a_file_that_is_no_insights_file_says_why(insight_world, tmp_path, content, reason):
    path = tmp_path / "raar.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=reason):
        import_(path)


def test_an_id_of_another_programme_is_not_taken_over(richer, tmp_path):
    from oogst.programme.models import Programme

    data = export(tmp_path)
    other = Programme.objects.create(slug="ander", name="Ander")
    foreign = services.create_insight(other, by=richer["analyst"], title="Elders")
    data["insights"][0]["id"] = foreign.pk
    path = tmp_path / "vreemd.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="hoort bij een inzicht van een ander programma"):
        import_(path)
    assert Insight.objects.get(pk=foreign.pk).title == "Elders"


def test_an_unknown_programme_is_named(insight_world, tmp_path):
    with pytest.raises(CommandError, match="Programma 'bestaat-niet' bestaat niet"):
        call_command(
            "insights", "export", "--programme", "bestaat-niet", "--out", str(tmp_path / "x")
        )
