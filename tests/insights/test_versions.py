"""Every change to an insight leaves a version: who, when, what, and the insight after it."""

import pytest
from django.core.exceptions import ValidationError

from oogst.insights import services
from oogst.insights.models import Insight, InsightVersion

pytestmark = pytest.mark.django_db
Action = InsightVersion.Action


def actions(insight):
    return [v.action for v in insight.versions.order_by("number")]


def test_each_action_records_one_version_with_who_and_what(insight_world):
    analyst, made = insight_world["analyst"], insight_world["made"]
    insight = services.create_insight(
        insight_world["programme"], by=analyst, title="Eenzaamheid", text="Ouderen alleen."
    )
    services.update_insight(insight, by=analyst, title="Eenzaamheid onder ouderen")
    services.add_evidence(insight, by=analyst, contributions=[made[7], made[8]])
    services.add_evidence(insight, by=analyst, contributions=[made[7]])  # already there
    link = insight.evidence.get(contribution=made[8])
    services.remove_evidence(link, by=analyst)
    services.decide_link(insight, insight_world["vws"], "accepted", by=analyst)
    services.decide_link(insight, insight_world["vws"], "accepted", by=analyst)  # unchanged
    assert actions(insight) == [
        Action.CREATED,
        Action.CHANGED,
        Action.EVIDENCE_ADDED,
        Action.EVIDENCE_REMOVED,
        Action.MAPPING,
    ]
    versions = list(insight.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3, 4, 5]
    assert all(v.changed_by == analyst and v.changed_at for v in versions)
    assert versions[1].changed_fields == ["title"]
    assert versions[1].snapshot["title"] == "Eenzaamheid onder ouderen"
    assert versions[0].snapshot["title"] == "Eenzaamheid"
    assert versions[2].detail["evidence"] == [
        {"kind": "contribution", "contribution": made[7].pk},
        {"kind": "contribution", "contribution": made[8].pk},
    ]
    assert versions[2].snapshot["evidence"]["contribution"] == [made[7].pk, made[8].pk]
    assert versions[3].snapshot["evidence"]["contribution"] == [made[7].pk]
    assert versions[4].detail == {"ministry": "VWS", "state": "accepted"}
    assert versions[4].snapshot["ministries"] == ["VWS"]


def test_the_history_is_shown_in_words_newest_first(client, insight_world):
    analyst = insight_world["analyst"]
    insight = insight_world["care_insight"]
    services.update_insight(insight, by=analyst, status="discussed")
    client.force_login(analyst)
    rows = client.get(insight.get_absolute_url()).context["versions"]
    assert rows[0]["version"].number > rows[-1]["version"].number
    assert rows[0]["what"] == "Gewijzigd: status"
    assert any("VWS: vastgesteld" in row["what"] for row in rows)
    client.post("/i18n/setlang/", {"language": "en"})
    rows = client.get(insight.get_absolute_url()).context["versions"]
    assert rows[0]["what"] == "Changed: status"


def test_an_insight_cannot_hang_under_itself_nor_have_an_empty_title(insight_world):
    analyst = insight_world["analyst"]
    broad, narrow = insight_world["care_insight"], insight_world["school_insight"]
    services.update_insight(narrow, by=analyst, parent=broad)
    before = broad.versions.count()
    with pytest.raises(ValidationError):
        services.update_insight(broad, by=analyst, parent=narrow)
    with pytest.raises(ValidationError):
        services.update_insight(Insight.objects.get(pk=broad.pk), by=analyst, title="  ")
    assert broad.versions.count() == before
    assert Insight.objects.get(pk=broad.pk).parent is None


def test_evidence_of_another_programme_is_refused_and_nothing_is_linked(insight_world):
    from oogst.harvest.models import Contribution
    from oogst.programme.models import Programme

    other = Programme.objects.create(slug="ander", name="Ander")
    stranger = Contribution.objects.create(programme=other, text="Elders gezegd.")
    insight = insight_world["care_insight"]
    before = (insight.evidence.count(), insight.versions.count())
    with pytest.raises(ValidationError):
        services.add_evidence(
            insight,
            by=insight_world["analyst"],
            contributions=[insight_world["made"][8], stranger],
        )
    assert (insight.evidence.count(), insight.versions.count()) == before


def test_the_edit_form_does_not_offer_the_insight_or_its_narrower_ones_as_parent(
    client, insight_world
):
    broad, narrow = insight_world["care_insight"], insight_world["school_insight"]
    services.update_insight(narrow, by=insight_world["analyst"], parent=broad)
    client.force_login(insight_world["analyst"])
    form = client.get(f"{broad.get_absolute_url()}bewerken/").context["form"]
    offered = {value for value, _label in form.fields["parent"].choices}
    assert broad.pk not in offered and narrow.pk not in offered
    response = client.post(
        f"{broad.get_absolute_url()}bewerken/",
        {"title": broad.title, "type": "challenge", "status": "draft", "parent": narrow.pk},
    )
    assert response.status_code == 200 and response.context["form"].errors["parent"]
