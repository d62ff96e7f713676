"""A programme with participants who said personal things, and their consents."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The withdrawal rate limit lives in the cache; each test starts with a clean slate."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def contribute(*, programme, table=None, participant=None, channel="table", author=None, **fields):
    """A contribution recorded as every channel records one: through the recording action
    (which stores its redaction, as the privacy rules below expect)."""
    from oogst.harvest.actions import record_contribution

    return record_contribution(
        programme,
        channel=channel,
        author=author,
        table_id=table.pk if table is not None else None,
        participant_id=participant.pk if participant is not None else None,
        **fields,
    )


def give_consent(participant, *purposes, given=True, version="v1"):
    from oogst.participants.models import Consent

    for purpose in purposes:
        Consent.objects.create(
            participant=participant, purpose=purpose, given=given, text_version=version
        )


@pytest.fixture
def people(world):
    """Sanne (consents to quoting) and Ahmed (does not), both at table A, with contact details."""
    from oogst.harvest.models import ThemeAssignment
    from oogst.participants.models import ContactDetails, Participant

    programme, table = world["programme"], world["tables"]["a"]
    sanne = Participant.objects.create(
        programme=programme,
        code="P-5A11E001",
        age_band="25-34",
        gender="woman",
        attributes={"beroep": "verpleegkundige"},
    )
    sanne.tables.add(table)
    ContactDetails.objects.create(
        participant=sanne,
        name="Sanne Verhoeven",
        email="sanne.verhoeven@example.nl",
        phone="06-48213377",
    )
    give_consent(sanne, "participation", "quote", "publish")
    ahmed = Participant.objects.create(
        programme=programme, code="P-A4ED0002", age_band="45-54", gender="man"
    )
    ahmed.tables.add(table)
    ContactDetails.objects.create(
        participant=ahmed, name="Ahmed Bouzid", email="a.bouzid@example.nl", phone="+31 6 1234 9876"
    )
    give_consent(ahmed, "participation")

    quote = contribute(
        programme=programme,
        table=table,
        participant=sanne,
        kind="knel",
        is_quote=True,
        role_label="Verpleegkundige",
        text="Mijn buurvrouw mevrouw Jansen belde me om drie uur 's nachts op 06-48213377, "
        "want de huisartsenpost in Zwolle nam niet op.",
    )
    ThemeAssignment.objects.create(
        contribution=quote, theme=world["themes"]["care"], assigned_by=world["analyst"]
    )
    ahmed_quote = contribute(
        programme=programme,
        table=table,
        participant=ahmed,
        kind="kiem",
        is_quote=True,
        role_label="Ondernemer",
        text="Bel Ahmed Bouzid maar op +31 6 1234 9876, ik heb de oplossing al.",
    )
    return {"sanne": sanne, "ahmed": ahmed, "quote": quote, "ahmed_quote": ahmed_quote, **world}
