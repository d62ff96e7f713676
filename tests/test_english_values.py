"""Stored values are English, what people read stays Dutch: the migrations convert existing
rows forward and back, and a report names a blind spot's group in words."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("programme", "0001_squashed_0001_initial"),
    ("harvest", "0003_own_words_are_quotes"),
    ("participants", "0001_initial"),
    ("safeguards", "0004_polis_quote_consent"),
    ("analyses", "0003_suggestion_no_theme"),
]
AFTER = [
    ("programme", "0002_english_values"),
    ("harvest", "0004_english_review_status"),
    ("participants", "0002_english_values"),
    ("safeguards", "0005_english_redaction_status"),
    ("analyses", "0004_english_values"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def stored(apps) -> dict:
    model = apps.get_model
    table = model("programme", "Table").objects.get()
    person = model("participants", "Participant").objects.get()
    run = model("analyses", "AnalysisRun").objects.get()
    return {
        "table": (table.kind, table.mode, table.status),
        "contribution": model("harvest", "Contribution").objects.get().review_status,
        "participant": (person.gender, person.education, person.background),
        "redaction": model("safeguards", "RedactedText").objects.get().status,
        "run": (run.status, run.summary["blind_spots"][0]["group"]),
        "suggestion": model("analyses", "Suggestion").objects.get().review,
    }


@pytest.mark.django_db(transaction=True)
def test_existing_rows_are_converted_forward_and_back():
    apps = migrate(BEFORE)
    model = apps.get_model
    programme = model("programme", "Programme").objects.create(slug="p", name="P")
    track = model("programme", "Track").objects.create(programme=programme, slug="t", name="T")
    table = model("programme", "Table").objects.create(
        programme=programme, code="T1", name="T1", track=track,
        kind="orientatie", mode="fysiek", status="verwerkt",
    )  # fmt: skip
    person = model("participants", "Participant").objects.create(
        programme=programme, code="P1", gender="vrouw", education="middel",
        background="niet-westerse migratieachtergrond",
    )  # fmt: skip
    contribution = model("harvest", "Contribution").objects.create(
        programme=programme, table=table, participant=person, text="Meer groen.",
        kind="idee", review_status="beoordeeld",
    )  # fmt: skip
    model("safeguards", "RedactedText").objects.create(
        contribution=contribution, text="Meer groen.", source_hash="x", engine_version="1",
        status="aangepast",
    )  # fmt: skip
    spot = {"type": "under_represented", "column": "gender", "group": "vrouw"}
    run = model("analyses", "AnalysisRun").objects.create(
        programme=programme, number=1, status="geannuleerd", summary={"blind_spots": [spot]}
    )
    model("analyses", "Suggestion").objects.create(
        run=run, contribution=contribution, review="al-gecodeerd"
    )
    dutch = stored(apps)

    english = stored(migrate(AFTER))
    assert english == {
        "table": ("orientation", "physical", "processed"),
        "contribution": "reviewed",
        "participant": ("woman", "middle", "non_western"),
        "redaction": "adjusted",
        "run": ("cancelled", "woman"),
        "suggestion": "already_coded",
    }
    assert stored(migrate(BEFORE)) == dutch
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_a_report_names_a_blind_spots_group_in_its_own_language():
    from oogst.analyses.selectors.outputs import with_group_words

    analysis = {
        "blind_spots": [
            {"column": "gender", "group": "woman"},
            {"column": "education", "group": "middle"},
            {"column": "province", "group": "Utrecht"},
            {"column": "gender", "group": "vrouw"},  # a run stored before the values changed
        ]
    }
    groups = [s["group"] for s in with_group_words(analysis, "nl")["blind_spots"]]
    assert groups == ["vrouw", "middelbaar", "Utrecht", "vrouw"]
    groups = [s["group"] for s in with_group_words(analysis, "en")["blind_spots"]]
    assert groups[:2] == ["female", "intermediate"]
    assert analysis["blind_spots"][0]["group"] == "woman"  # the stored result keeps values
