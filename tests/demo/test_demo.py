"""The demo programme is realistic enough to show every feature, and loading it is idempotent."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from oogst.accounts.models import Role, User
from oogst.harvest.models import Contribution, Kind
from oogst.participants.models import Participant
from oogst.programme.models import Programme, Table


@pytest.fixture
def demo(db):
    call_command("demo", "--force", stdout=StringIO())
    return Programme.objects.get(slug="demo")


def snapshot():
    return {
        "contributions": sorted(
            Contribution.objects.values_list("import_key", "text", "kind", "table__code")
        ),
        "tables": Table.objects.count(),
        "participants": Participant.objects.count(),
        "users": User.objects.count(),
        "assignments": Contribution.themes.through.objects.count(),
        "consents": sum(p.consents.count() for p in Participant.objects.all()),
    }


def test_loading_twice_gives_the_same_data_not_double(demo):
    first = snapshot()
    call_command("demo", "--force", stdout=StringIO())
    assert snapshot() == first


def test_demo_is_large_and_varied_enough(demo):
    tables = demo.tables.all()
    assert tables.count() >= 12
    assert tables.values("municipality").distinct().count() >= 8
    assert tables.values("municipality__province").distinct().count() >= 3
    assert demo.tracks.count() >= 3
    assert demo.participants.count() >= 80
    assert demo.participants.exclude(age_band="").count() >= 80
    contributions = demo.contributions.filter(channel="table")
    assert contributions.count() >= 400
    assert set(contributions.values_list("kind", flat=True)) == set(Kind.values)
    texts = list(contributions.values_list("text", flat=True))
    assert len(set(texts)) == len(texts), "no duplicate contributions"
    # Varied, not templated one-liners: many distinct first words and a spread of lengths.
    assert len({t.split()[0].lower() for t in texts}) >= 60
    lengths = sorted(len(t.split()) for t in texts)
    assert (
        lengths[0] <= 8 and lengths[len(lengths) // 10] <= 16 and lengths[-len(lengths) // 10] >= 25
    )
    assert contributions.exclude(role_label="").count() >= 0.9 * contributions.count()
    assert contributions.filter(metadata__contains_pii=True).count() >= 5
    assert demo.recovery_tasks.count() >= 3
    assert User.objects.filter(role=Role.HOST).count() >= 3


def test_demo_prints_how_to_log_in(db):
    out = StringIO()
    call_command("demo", "--force", stdout=out)
    text = out.getvalue()
    assert "oogst-demo" in text and "analist" in text


def test_stats_json_has_the_key_figures(demo):
    out = StringIO()
    call_command("stats", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    for key in (
        "programmes",
        "tables",
        "municipalities",
        "participants",
        "hosts",
        "organisations",
        "contributions",
        "contributions_by_kind",
    ):
        assert key in figures
    assert figures["programmes"] == 1
    assert figures["tables"] == demo.tables.count()
    assert figures["contributions"] == Contribution.objects.exclude(moderation="rejected").count()
    assert Contribution.objects.filter(moderation="rejected").exists()
    assert sum(figures["contributions_by_kind"].values()) == figures["contributions"]
    assert figures["participants"] == demo.participants.count()


def test_the_demo_has_a_public_page_with_moderated_consented_ideas_only(demo, client):
    from oogst.public.models import PublicSubmission

    body = client.get("/doe-mee/demo/").content.decode()
    shown = PublicSubmission.objects.filter(
        contribution__moderation="accepted", quote_consent=True
    ).select_related("contribution")
    hidden = PublicSubmission.objects.exclude(
        contribution__moderation="accepted", quote_consent=True
    ).select_related("contribution")
    assert shown.exists() and hidden.exists()
    for submission in hidden:
        assert submission.contribution.text[:40] not in body
    assert any(s.contribution.text[:30] in body for s in shown)
