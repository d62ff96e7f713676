"""The counts behind an insight come from its links, each contribution and person once."""

import pytest
from django.utils import timezone

from oogst.insights import services
from oogst.insights.models import Evidence
from oogst.insights.selectors.evidence import behind, reached_via, spread

pytestmark = pytest.mark.django_db


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_a_finding_a_contribution_and_a_quote_reach_each_contribution_once(insight_world):
    made = insight_world["made"]
    insight = insight_world["care_insight"]
    # The finding holds 0, 1, 2, 3 and 7; 1 is also linked directly and 0 as a quote.
    assert ids(behind(insight)) == {made[i].pk for i in (0, 1, 2, 3, 7)}
    figures = spread(behind(insight))
    assert figures.contributions == 5
    assert figures.tables == 2  # A (Zwolle) and C (Groningen)
    assert figures.municipalities == 2 and figures.provinces == 2
    assert figures.tracks == 2
    # p1 spoke twice, p2 and p5 once; one contribution has no participant.
    assert figures.participants == 3 and figures.without_participant == 1
    assert {s.key: s.n for s in figures.by_kind} == {"knel": 3, "idee": 1, "kiem": 1}
    assert {s.key: s.n for s in figures.by_age_band} == {"16-24": 1, "65-74": 1, "75+": 1}
    assert {s.key: s.n for s in figures.by_gender} == {"woman": 2, "man": 1}
    assert {s.key: s.n for s in figures.by_table} == {"A": 4, "C": 1}
    assert {s.label: s.n for s in figures.by_track} == {"Burgers": 4, "Wetenschap": 1}


def test_every_share_is_a_share_of_its_own_total_and_never_above_100(insight_world):
    figures = spread(behind(insight_world["care_insight"]))
    for name in ("by_kind", "by_track", "by_table", "by_region"):
        shares = getattr(figures, name)
        assert sum(s.n for s in shares) <= figures.contributions
        assert all(0 <= s.percent <= 100 for s in shares)
    for name in ("by_age_band", "by_gender", "by_education", "by_province"):
        shares = getattr(figures, name)
        assert sum(s.n for s in shares) == figures.participants
        assert all(0 <= s.percent <= 100 for s in shares)


def test_a_theme_link_reaches_what_a_person_coded_not_what_a_run_suggested(insight_world):
    from oogst.harvest.models import ThemeAssignment

    made, school = insight_world["made"], insight_world["themes"]["school"]
    insight = insight_world["care_insight"]
    before = ids(behind(insight))
    # A run's suggestion of the school theme for contribution 9 is no evidence.
    ThemeAssignment.objects.create(contribution=made[9], theme=school, source="analysis")
    services.add_evidence(insight, by=insight_world["analyst"], themes=[school])
    assert ids(behind(insight)) == before | {made[i].pk for i in (4, 5, 6)}
    via = reached_via(insight, [made[4].pk, made[1].pk])
    assert via[made[4].pk].themes == [school.pk] and not via[made[4].pk].direct
    assert via[made[1].pk].direct and via[made[1].pk].findings == [(insight_world["run"].pk, 0)]


def test_a_broad_insight_counts_the_evidence_of_its_narrower_ones(insight_world):
    broad, narrow = insight_world["care_insight"], insight_world["school_insight"]
    services.update_insight(narrow, by=insight_world["analyst"], parent=broad)
    made = insight_world["made"]
    assert ids(behind(broad)) == {made[i].pk for i in (0, 1, 2, 3, 4, 5, 7)}
    assert ids(behind(broad, narrower=False)) == {made[i].pk for i in (0, 1, 2, 3, 7)}
    assert reached_via(broad, [made[4].pk])[made[4].pk].narrower == [narrow.pk]
    assert spread(behind(broad)).tables == 3


def test_withdrawn_participants_and_rejected_contributions_are_not_counted(insight_world):
    made, people = insight_world["made"], insight_world["people"]
    insight = insight_world["care_insight"]
    people["p5"].withdrawn_at = timezone.now()
    people["p5"].save()
    made[3].moderation = "rejected"
    made[3].save()
    assert ids(behind(insight)) == {made[i].pk for i in (0, 1, 2)}
    # The links themselves stay: the record of what the analyst did is not rewritten.
    assert insight.evidence.filter(kind=Evidence.Kind.FINDING).exists()


def test_the_insight_page_shows_the_counts_from_the_links(client, insight_world):
    client.force_login(insight_world["analyst"])
    insight = insight_world["care_insight"]
    response = client.get(insight.get_absolute_url())
    assert response.status_code == 200
    assert response.context["figures"].contributions == 5
    assert response.context["figures"].tables == 2
    body = response.content.decode()
    assert "Alle 5 bijdragen erachter" in body
    listing = client.get(response.context["contributions_url"])
    assert listing.context["total"] == 5
    assert len(listing.context["rows"]) == 5
