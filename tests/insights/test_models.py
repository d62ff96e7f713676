"""The data of an insight keeps its invariants in the database itself."""

import pytest
from django.db import IntegrityError, transaction

from oogst.insights.models import Evidence, Insight, InsightVersion
from oogst.insights.services import add_evidence, save_insight


@pytest.mark.django_db
def test_an_evidence_link_has_exactly_the_target_its_kind_names(world):
    insight = save_insight(Insight(programme=world["programme"], title="Zorg knelt"))
    contribution = world["contributions"]["a"]
    Evidence.objects.create(insight=insight, kind="contribution", contribution=contribution)
    for wrong in (
        {"kind": "theme", "contribution": contribution},
        {"kind": "finding", "theme": world["themes"]["care"]},
        {"kind": "contribution", "contribution": contribution, "theme": world["themes"]["care"]},
        # the same contribution twice as the same kind
        {"kind": "contribution", "contribution": contribution},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Evidence.objects.create(insight=insight, **wrong)
    # As a quote as well is another link, not a duplicate.
    Evidence.objects.create(insight=insight, kind="quote", contribution=contribution)
    assert insight.evidence.count() == 2


@pytest.mark.django_db
def test_saving_an_insight_records_who_changed_what_and_nothing_when_nothing_did(world):
    analyst = world["analyst"]
    insight = save_insight(Insight(programme=world["programme"], title="Zorg knelt"), by=analyst)
    insight.text = "Wachtlijsten in de ggz."
    insight.status = Insight.Status.DISCUSSED
    save_insight(insight, by=analyst)
    save_insight(insight, by=analyst)  # unchanged: no new version
    versions = list(insight.versions.order_by("number"))
    assert [v.action for v in versions] == [
        InsightVersion.Action.CREATED,
        InsightVersion.Action.CHANGED,
    ]
    assert versions[1].changed_fields == ["text", "status"]
    assert versions[1].changed_by == analyst
    assert versions[1].snapshot["status"] == "discussed"
    assert versions[0].snapshot["status"] == "draft"


@pytest.mark.django_db
def test_a_run_or_theme_behind_an_insight_stays_until_the_insight_goes(insight_world):
    from django.db.models import RestrictedError

    with pytest.raises(RestrictedError), transaction.atomic():
        insight_world["run"].delete()
    school = insight_world["themes"]["school"]
    add_evidence(insight_world["care_insight"], by=insight_world["analyst"], themes=[school])
    with pytest.raises(RestrictedError), transaction.atomic():
        school.delete()
    # An erased contribution takes its links with it.
    made = insight_world["made"][0]
    gone = made.pk
    made.delete()
    assert not Evidence.objects.filter(contribution_id=gone).exists()
    # With the insight gone, nothing holds the run or the theme any more.
    insight_world["care_insight"].delete()
    insight_world["run"].delete()
    school.delete()
    assert not Evidence.objects.filter(insight_id=insight_world["care_insight"].pk).exists()
