"""The demo programme's sign-up: open, with the CBS targets and a synthetic pool (marked as
synthetic, e-mail addresses at example.org), so that a newcomer can run a draw at once.
Idempotent: applicants are found by their import key."""

from __future__ import annotations

from oogst.directory.models import Province

from .models import Applicant, QuotaTarget, Recruitment
from .services.signup import add_applicant
from .services.targets import copy_population_targets
from .synthetic import generate_applicants

DEMO_POOL = 150
DEMO_SEED = 2026


def load_demo_pool(programme, n: int = DEMO_POOL) -> int:
    Recruitment.objects.update_or_create(
        programme=programme,
        defaults={
            "intro": (
                "Praat mee over wat de crisis ons heeft geleerd. Wie er aan tafel komt, wordt "
                "geloot, zodat de tafels lijken op heel Nederland. (Demo: de aanmelders in de "
                "pool zijn synthetisch, geen echte mensen.)"
            ),
            "tolerance": 15,
        },
    )
    if not QuotaTarget.objects.filter(programme=programme).exists():
        copy_population_targets(programme)
    provinces = {p.name: p for p in Province.objects.all()}
    existing = set(
        Applicant.objects.filter(programme=programme, source=Applicant.Source.DEMO).values_list(
            "import_key", flat=True
        )
    )
    for row in generate_applicants(n, seed=DEMO_SEED):
        key = f"demo:{row['id']}"
        if key in existing:
            continue
        add_applicant(
            programme,
            answers={
                "age_band": "" if row["age_band"] == "unknown" else row["age_band"],
                "gender": row["gender"],
                "province": provinces.get(row["province"]),
                "education": row["education"],
                "background": row["background"],
            },
            contact={"email": row["email"]},
            consents={"participation": True, "feedback": True, "quote": False, "publish": False},
            text_version="demo-2026-01",
            source=Applicant.Source.DEMO,
            synthetic=True,
            import_key=key,
        )
    return n
