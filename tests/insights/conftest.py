"""A programme with three tables, participants in known groups, a finished analysis run made
by hand (two findings), and two insights with evidence of every kind."""

from __future__ import annotations

import pytest
from django.utils import timezone

# (table, kind, text, participant): table None is an idea from the public site.
CONTRIBUTIONS = [
    ("a", "knel", "De wachtlijst voor de ggz duurde voor mijn zoon negen maanden.", "p1"),
    ("a", "knel", "De huisarts was maanden alleen telefonisch bereikbaar.", "p2"),
    ("a", "idee", "Zet een praktijkondersteuner jeugd-ggz bij elke huisarts.", "p1"),
    ("a", "kiem", "De wijkverpleging en de huisarts overlegden elke dag.", None),
    ("b", "knel", "De school had geen laptops voor alle leerlingen.", "p3"),
    ("b", "idee", "Kleinere klassen zodat leerlingen hun achterstand inhalen.", "p3"),
    ("b", "knel", "Leerlingen kregen psychische klachten door het thuisonderwijs.", "p4"),
    ("c", "knel", "Ouderen in het verpleeghuis mochten maandenlang geen bezoek.", "p5"),
    ("c", "kiem", "Buren deden boodschappen voor elkaar, dat willen we houden.", None),
    ("c", "idee", "Bel Jan de Vries op 06-12345678 voor de buurtapp.", None),
]


def done_run(programme, analyst, clusters, themes=()):
    """A finished run as the runner leaves it, built by hand (lexical embedder)."""
    from oogst.analyses.models import AnalysisRun

    return AnalysisRun.objects.create(
        programme=programme,
        number=AnalysisRun.objects.filter(programme=programme).count() + 1,
        title="Handgemaakt",
        status=AnalysisRun.Status.DONE,
        settings={"embedder": "lexical", "seed": 0, "n_clusters": "auto"},
        embedder="lexical-lsa-256",
        created_by=analyst,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        summary={
            "clusters": list(clusters),
            "themes": list(themes),
            "blind_spots": [],
            "emerging": [],
            "run": {"seed": 0},
        },
    )


@pytest.fixture
def insight_world(world, settings, tmp_path):
    return build_insight_world(world, settings, tmp_path)


def build_insight_world(world, settings, tmp_path) -> dict:
    """The fixture's work, for test folders outside this one (the API's)."""
    from oogst.accounts.models import Role, User
    from oogst.analyses.models import Suggestion
    from oogst.codebook.models import RecoveryTask
    from oogst.directory.models import Ministry, Municipality
    from oogst.harvest.models import Contribution, ThemeAssignment
    from oogst.insights import services
    from oogst.participants.models import Participant
    from oogst.programme.models import Table, Track
    from oogst.safeguards.models import ProgrammePrivacyPolicy

    settings.OOGST_CACHE_DIR = str(tmp_path / "cache")
    programme = world["programme"]
    ProgrammePrivacyPolicy.objects.create(programme=programme, table_quote_consent=True)
    science = Track.objects.create(programme=programme, slug="wetenschap", name="Wetenschap")
    groningen = Municipality.objects.get(cbs_code="GM0014")
    host_c = User.objects.create_user("host_c", password="pw-host_c", role=Role.HOST)
    table_c = Table.objects.create(
        programme=programme,
        code="C",
        name="Tafel C",
        track=science,
        municipality=groningen,
        host=host_c,
        status="held",
    )
    table_c.facilitators.add(world["fac_a"])
    tables = {**world["tables"], "c": table_c}
    people = {
        "p1": Participant.objects.create(
            programme=programme, code="P1", age_band="16-24", gender="woman", education="high"
        ),
        "p2": Participant.objects.create(
            programme=programme, code="P2", age_band="65-74", gender="man", education="low"
        ),
        "p3": Participant.objects.create(
            programme=programme, code="P3", age_band="16-24", gender="man", education="middle"
        ),
        "p4": Participant.objects.create(
            programme=programme, code="P4", age_band="35-44", gender="woman"
        ),
        "p5": Participant.objects.create(
            programme=programme, code="P5", age_band="75+", gender="woman", education="low"
        ),
    }
    made = []
    for table, kind, text, who in CONTRIBUTIONS:
        made.append(
            Contribution.objects.create(
                programme=programme,
                table=tables[table],
                kind=kind,
                text=text,
                role_label="Deelnemer",
                is_quote=True,
                participant=people.get(who),
            )
        )
    # The world's own two contributions come first: ids a (table A) and b (table B).
    everything = [world["contributions"]["a"], world["contributions"]["b"], *made]
    care, school = world["themes"]["care"], world["themes"]["school"]
    for c in made[:4] + [made[7]]:
        ThemeAssignment.objects.create(contribution=c, theme=care, assigned_by=world["analyst"])
    for c in made[4:7]:
        ThemeAssignment.objects.create(contribution=c, theme=school, assigned_by=world["analyst"])
    run = done_run(
        programme,
        world["analyst"],
        clusters=[
            {
                "id": 0,
                "label": "ggz · huisarts · wachtlijst",
                "size": 5,
                "keywords": ["ggz", "huisarts"],
                "quotes": [made[0].pk, made[2].pk],
                "themes": {"zorg": 0.8},
            },
            {
                "id": 1,
                "label": "school · leerlingen · klas",
                "size": 4,
                "keywords": ["school", "leerlingen"],
                "quotes": [made[4].pk],
                "themes": {"onderwijs": 0.75},
            },
        ],
        themes=[
            {"id": "zorg", "name": "Zorg en gezondheid", "count": 5, "share": 0.5, "quotes": []},
            {"id": "onderwijs", "name": "Onderwijs", "count": 4, "share": 0.4, "quotes": []},
        ],
    )
    # Cluster 0: care (tables A and C); cluster 1: school (table B).
    for c in [made[0], made[1], made[2], made[3], made[7]]:
        Suggestion.objects.create(run=run, contribution=c, theme="zorg", cluster=0)
    for c in [made[4], made[5], made[6], world["contributions"]["b"]]:
        Suggestion.objects.create(run=run, contribution=c, theme="onderwijs", cluster=1)
    vws = Ministry.objects.get(code="VWS")
    ocw = Ministry.objects.get(code="OCW")
    task = RecoveryTask.objects.create(
        programme=programme,
        title="Inhaalzorg en wachtlijsten",
        description="Wachtlijsten in de ggz en bij de huisarts terugdringen.",
        ministry=vws,
    )
    school_task = RecoveryTask.objects.create(
        programme=programme,
        title="Leerachterstanden inlopen",
        description="Leerlingen helpen hun achterstand in te halen met kleinere klassen.",
        ministry=ocw,
    )
    analyst = world["analyst"]
    care_insight = services.create_insight(
        programme,
        by=analyst,
        title="Wachtlijsten in de zorg knellen",
        text="Mensen wachten maanden op de ggz en de huisarts.",
        type="challenge",
    )
    services.add_evidence(
        care_insight,
        by=analyst,
        findings=[(run, 0)],
        contributions=[made[1]],
        quotes=[made[0]],
    )
    school_insight = services.create_insight(
        programme,
        by=analyst,
        title="Leerlingen liepen achterstand op",
        text="Zonder laptop en in grote klassen liepen leerlingen achter.",
        type="challenge",
    )
    services.add_evidence(school_insight, by=analyst, contributions=[made[4], made[5]])
    services.decide_link(care_insight, vws, "accepted", by=analyst)
    services.decide_link(school_insight, ocw, "accepted", by=analyst)
    return {
        **world,
        "tables": tables,
        "host_c": host_c,
        "people": people,
        "made": made,
        "everything": everything,
        "run": run,
        "vws": vws,
        "ocw": ocw,
        "task": task,
        "school_task": school_task,
        "care_insight": care_insight,
        "school_insight": school_insight,
    }
