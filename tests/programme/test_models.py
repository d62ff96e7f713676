"""Invariants of the programme model: reference data, phases, tracks, tables, contributions."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from oogst.directory.models import Ministry, Province
from oogst.harvest.models import Contribution, content_hash
from oogst.participants.models import Consent
from oogst.programme.models import Phase, Programme, Table, Track


@pytest.mark.django_db
def test_reference_data_has_all_provinces_and_ministries():
    assert Province.objects.count() == 12
    assert set(Ministry.objects.values_list("code", flat=True)) == {
        "AZ",
        "BZK",
        "BZ",
        "LNV",
        "EZK",
        "IenW",
        "JenV",
        "DEF",
        "OCW",
        "SZW",
        "VWS",
        "FIN",
    }


@pytest.mark.django_db
def test_a_phase_cannot_end_before_it_starts():
    programme = Programme.objects.create(slug="p", name="P")
    phase = Phase(
        programme=programme,
        name="dialoog",
        starts_on=dt.date(2026, 5, 1),
        ends_on=dt.date(2026, 4, 1),
    )
    with pytest.raises(ValidationError):
        phase.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        phase.save()


@pytest.mark.django_db
def test_a_table_track_must_belong_to_its_programme(world):
    other = Programme.objects.create(slug="q", name="Q")
    foreign_track = Track.objects.create(programme=other, slug="x", name="X")
    table = Table(programme=world["programme"], code="Z", name="Z", track=foreign_track)
    with pytest.raises(ValidationError):
        table.full_clean()


@pytest.mark.django_db
def test_a_contribution_needs_text_and_its_own_programmes_table(world):
    with pytest.raises(ValidationError):
        Contribution(programme=world["programme"], text="   ").full_clean()
    other = Programme.objects.create(slug="q", name="Q")
    with pytest.raises(ValidationError):
        Contribution(programme=other, table=world["tables"]["a"], text="Hallo").full_clean()


@pytest.mark.django_db
def test_import_key_is_unique_per_programme(world):
    programme = world["programme"]
    Contribution.objects.create(programme=programme, text="Een", import_key="ext:1")
    Contribution.objects.create(
        programme=Programme.objects.create(slug="q", name="Q"), text="Een", import_key="ext:1"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.create(programme=programme, text="Twee", import_key="ext:1")
    # Contributions without an import key (typed by hand) may repeat.
    Contribution.objects.create(programme=programme, text="Meer groen!")
    Contribution.objects.create(programme=programme, text="Meer groen!")


def test_content_hash_ignores_spacing_and_case():
    assert content_hash("Meer  groen in de wijk") == content_hash(" meer groen IN de wijk ")
    assert content_hash("Meer groen") != content_hash("Minder groen")


@pytest.mark.django_db
def test_latest_consent_record_wins(world):
    from oogst.participants.models import Participant
    from oogst.safeguards.selectors import latest_consents

    participant = Participant.objects.create(programme=world["programme"], code="P-1")

    def consents():
        return latest_consents([participant.pk]).get((participant.pk, "quote"), False)

    assert not consents()
    Consent.objects.create(participant=participant, purpose="quote", given=True)
    assert consents()
    Consent.objects.create(participant=participant, purpose="quote", given=False)
    assert not consents()


@pytest.mark.django_db
def test_all_342_municipalities_are_loaded_with_cbs_codes():
    from oogst.directory.models import Municipality

    assert Municipality.objects.count() == 342
    zwolle = Municipality.objects.get(cbs_code="GM0193")
    assert zwolle.name == "Zwolle" and zwolle.province.name == "Overijssel"
    assert Municipality.objects.get(name="Amsterdam").cbs_code == "GM0363"
