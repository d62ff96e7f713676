"""What the system proposes stays a proposal until a person decides: links to ministries and
recovery tasks, and contributions suggested as evidence."""

import pytest
from django.urls import reverse

from oogst.insights import access, services
from oogst.insights.models import (
    Evidence,
    EvidenceSuggestion,
    LinkState,
    MinistryLink,
    RecoveryTaskLink,
)
from oogst.insights.selectors import policy
from oogst.insights.selectors.evidence import behind

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh(insight_world):
    """An insight on the care finding with no decisions about ministries or tasks yet."""
    insight = services.create_insight(
        insight_world["programme"],
        by=insight_world["analyst"],
        title="Wachten op de ggz en de huisarts",
        text="Wachtlijsten in de ggz en bij de huisarts; mensen wachten maanden.",
    )
    services.add_evidence(
        insight, by=insight_world["analyst"], findings=[(insight_world["run"], 0)]
    )
    return insight


def test_ministries_are_proposed_from_the_themes_behind_an_insight(insight_world, fresh):
    services.propose_links(insight_world["programme"])
    links = {link.ministry.code: link for link in fresh.ministry_links.all()}
    # The finding's contributions are coded to care (VWS); nothing behind it is OCW's.
    assert set(links) == {"VWS"}
    vws = links["VWS"]
    assert vws.state == LinkState.PROPOSED and vws.source == "theme"
    assert vws.reason == {"themes": ["zorg"], "share": 1.0}


def test_recovery_tasks_are_proposed_from_text_similarity(insight_world, fresh):
    services.propose_links(insight_world["programme"])
    proposed = {link.recovery_task: link for link in fresh.recovery_task_links.all()}
    assert insight_world["task"] in proposed
    link = proposed[insight_world["task"]]
    assert link.state == LinkState.PROPOSED and link.source == "similarity"
    assert link.score >= policy.TASK_SIMILARITY
    assert link.reason["embedder"] == "lexical-lsa-256"
    school = proposed.get(insight_world["school_task"])
    assert school is None or school.score < link.score


def test_a_proposal_is_never_applied_without_a_person(client, insight_world, fresh):
    services.propose_links(insight_world["programme"])
    assert fresh.ministry_links.exists() and fresh.recovery_task_links.exists()
    assert not fresh.ministry_links.filter(state=LinkState.ACCEPTED).exists()
    assert not fresh.recovery_task_links.filter(state=LinkState.ACCEPTED).exists()
    liaison = insight_world["liaison"]
    assert fresh not in access.insights_visible_to(liaison)
    # Nor by running the proposals again, nor through the export.
    services.propose_links(insight_world["programme"])
    assert not fresh.ministry_links.filter(state=LinkState.ACCEPTED).exists()
    # A person accepts in the matrix: now it counts.
    client.force_login(insight_world["analyst"])
    url = reverse(
        "insights:decide_cell",
        args=[insight_world["programme"].slug, fresh.pk, "ministerie", insight_world["vws"].pk],
    )
    response = client.post(url, {"besluit": "vaststellen"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "vastgesteld" in response.content.decode()
    link = fresh.ministry_links.get(ministry=insight_world["vws"])
    assert link.state == LinkState.ACCEPTED and link.decided_by == insight_world["analyst"]
    assert fresh in access.insights_visible_to(liaison)


def test_a_decision_stands_when_proposals_are_made_again(insight_world, fresh):
    programme, analyst, vws = (
        insight_world["programme"],
        insight_world["analyst"],
        insight_world["vws"],
    )
    services.propose_links(programme)
    services.decide_link(fresh, vws, LinkState.REJECTED, by=analyst)
    services.propose_links(programme)
    assert fresh.ministry_links.get(ministry=vws).state == LinkState.REJECTED
    # Wiping the decision lets the proposal come back, as a proposal.
    services.decide_link(fresh, vws, None, by=analyst)
    services.propose_links(programme)
    assert fresh.ministry_links.get(ministry=vws).state == LinkState.PROPOSED


def test_a_proposal_that_no_longer_holds_goes_away(insight_world, fresh):
    services.propose_links(insight_world["programme"])
    assert fresh.ministry_links.filter(state=LinkState.PROPOSED).exists()
    link = fresh.evidence.get(kind=Evidence.Kind.FINDING)
    services.remove_evidence(link, by=insight_world["analyst"])
    services.propose_links(insight_world["programme"])
    assert not MinistryLink.objects.filter(insight=fresh).exists()


def test_suggested_evidence_is_never_linked_by_itself(insight_world, fresh):
    before = set(behind(fresh).values_list("pk", flat=True))
    made = services.suggest_evidence(fresh, limit=5)
    assert made and all(s.state == EvidenceSuggestion.State.OPEN for s in made)
    assert set(behind(fresh).values_list("pk", flat=True)) == before
    assert not {s.contribution_id for s in made} & before
    assert all(s.embedder == "lexical-lsa-256" for s in made)
    scores = [s.score for s in made]
    assert scores == sorted(scores, reverse=True)


def test_accepting_links_one_and_rejecting_keeps_it_out_for_good(
    client, insight_world, fresh, monkeypatch
):
    from oogst.insights.selectors import similarity

    # A corpus of ten sentences: let every candidate through, however unlike.
    monkeypatch.setattr(similarity, "MIN_SIMILARITY", -1.0)
    analyst = insight_world["analyst"]
    made = services.suggest_evidence(fresh, limit=5)
    take, leave = made[0], made[1]
    client.force_login(analyst)
    slug = insight_world["programme"].slug
    accept = reverse("insights:decide_suggestion", args=[slug, fresh.pk, take.pk, "accepteren"])
    reject = reverse("insights:decide_suggestion", args=[slug, fresh.pk, leave.pk, "afwijzen"])
    response = client.post(accept, HTTP_HX_REQUEST="true")
    assert "is gekoppeld als onderbouwing" in response.content.decode()
    client.post(reject, HTTP_HX_REQUEST="true")
    assert fresh.evidence.filter(contribution_id=take.contribution_id).exists()
    assert not fresh.evidence.filter(contribution_id=leave.contribution_id).exists()
    take.refresh_from_db()
    assert take.state == "accepted" and take.decided_by == analyst
    # A new round: the rejected one is not asked again, the accepted one is evidence now.
    again = services.suggest_evidence(fresh, limit=20)
    asked = {s.contribution_id for s in again}
    assert leave.contribution_id not in asked and take.contribution_id not in asked
    assert EvidenceSuggestion.objects.get(pk=leave.pk).state == "rejected"


def test_suggestions_work_offline_with_the_default_embedder(insight_world):
    """No finished run: the default multilingual model from its PyPI package, no network."""
    insight_world["run"].status = "mislukt"
    insight_world["run"].save()
    insight = insight_world["care_insight"]
    made = services.suggest_evidence(insight, limit=3)
    assert made and made[0].embedder == "use-multilingual-v3"


def test_the_matrix_marks_proposals_as_proposals(client, insight_world, fresh):
    services.propose_links(insight_world["programme"])
    client.force_login(insight_world["analyst"])
    response = client.get(reverse("insights:matrix", args=[insight_world["programme"].slug]))
    body = response.content.decode()
    assert "voorstel" in body and response.context["open_proposals"] == (
        MinistryLink.objects.filter(state="proposed").count()
        + RecoveryTaskLink.objects.filter(state="proposed").count()
    )
