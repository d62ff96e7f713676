"""A programme open for sign-up, with two planned tables, targets for gender and education and
a small synthetic pool: small enough for maximin to draw in seconds."""

from __future__ import annotations

import datetime as dt

import pytest

from oogst.directory.models import Province
from oogst.selection.models import QuotaTarget, Recruitment
from oogst.selection.services.signup import add_applicant
from oogst.selection.services.targets import copy_population_targets
from oogst.selection.synthetic import generate_applicants


def make_pool(programme, n: int, seed: int = 5) -> list:
    provinces = {p.name: p for p in Province.objects.all()}
    applicants = []
    for row in generate_applicants(n, seed=seed):
        answers = {f: row[f] for f in ("age_band", "gender", "education", "background")}
        answers["age_band"] = "" if answers["age_band"] == "unknown" else answers["age_band"]
        answers["province"] = provinces.get(row["province"])
        applicants.append(
            add_applicant(
                programme,
                answers=answers,
                contact={"email": row["email"], "name": f"Aanmelder {row['id']}"},
                consents={"participation": True, "feedback": True},
                synthetic=True,
                source="import",
                import_key=row["id"],
            )
        )
    return applicants


@pytest.fixture
def selection(world, settings):
    from django.utils import timezone

    from oogst.programme.models import Table

    settings.OOGST_TASKS_SYNC = True
    programme = world["programme"]
    Recruitment.objects.create(programme=programme, tolerance=20)
    copy_population_targets(programme)
    QuotaTarget.objects.filter(programme=programme).exclude(
        feature__in=["gender", "education"]
    ).delete()
    soon = timezone.now() + dt.timedelta(days=1)
    later = timezone.make_aware(dt.datetime(2030, 7, 1, 19, 30))  # summer: CEST, UTC+2
    track = world["tables"]["a"].track
    tables = {
        "c": Table.objects.create(
            programme=programme,
            code="C",
            name="Tafel C",
            track=track,
            municipality=world["tables"]["a"].municipality,
            starts_at=soon,
            capacity=4,
        ),
        "d": Table.objects.create(
            programme=programme,
            code="D",
            name="Tafel D",
            track=track,
            municipality=world["tables"]["a"].municipality,
            starts_at=later,
            capacity=4,
        ),
    }
    return {**world, "planned": tables, "pool": make_pool(programme, 60)}
