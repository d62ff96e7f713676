"""Signing up and leaving: the one way an application enters the pool (the form, the import
and the demo all call `add_applicant`) and the one way it ends (`withdraw`)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from oogst.participants.models import Consent, ContactDetails
from oogst.tasks.runner import enqueue

from .. import consent
from ..models import Applicant, ApplicantConsent, ApplicantContact, new_reference

ANSWER_FIELDS = (
    "age_band",
    "gender",
    "province",
    "education",
    "background",
    "preferred_theme",
    "preferred_region",
)


def add_applicant(
    programme,
    *,
    answers: dict,
    contact: dict,
    consents: dict[str, bool],
    tables=(),
    text_version: str = consent.CURRENT_VERSION,
    source: str = Applicant.Source.SIGNUP,
    synthetic: bool = False,
    import_key: str = "",
    language: str = "nl",
) -> Applicant:
    """Store one application with a fresh reference code, its contact details apart, and a
    consent record per purpose."""
    values = {name: answers[name] for name in ANSWER_FIELDS if answers.get(name) not in (None, "")}
    with transaction.atomic():
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    applicant = Applicant.objects.create(
                        programme=programme,
                        reference=new_reference(),
                        source=source,
                        synthetic=synthetic,
                        import_key=import_key,
                        language=language,
                        **values,
                    )
                break
            except IntegrityError:
                if import_key and programme.applicants.filter(import_key=import_key).exists():
                    raise
                continue  # the same code twice: draw again
        else:
            raise RuntimeError("no free reference code after 5 attempts")
        if tables:
            applicant.available_tables.set(tables)
        if contact.get("email"):
            ApplicantContact.objects.create(
                applicant=applicant,
                name=contact.get("name", ""),
                email=contact["email"],
                phone=contact.get("phone", ""),
            )
        ApplicantConsent.objects.bulk_create(
            ApplicantConsent(
                applicant=applicant, purpose=purpose, given=bool(given), text_version=text_version
            )
            for purpose, given in consents.items()
        )
    return applicant


def sign_up(
    programme, *, answers, contact, consents, tables, base_url: str, language: str = "nl"
) -> Applicant:
    """The public form: the application, and its confirmation by e-mail in the background."""
    with transaction.atomic():
        applicant = add_applicant(
            programme,
            answers=answers,
            contact=contact,
            consents=consents,
            tables=tables,
            language=language,
        )
        enqueue("oogst.selection.services.mail.send_confirmation", applicant.pk, base_url)
    return applicant


def latest_consents(applicant: Applicant) -> dict[str, ApplicantConsent]:
    latest: dict[str, ApplicantConsent] = {}
    for record in applicant.consents.order_by("recorded_at", "id"):
        latest[record.purpose] = record
    return latest


def copy_consents(applicant: Applicant, participant) -> int:
    """The applicant's consent records become the participant's, with their own dates."""
    n = 0
    for record in applicant.consents.order_by("recorded_at", "id"):
        copied = Consent.objects.create(
            participant=participant,
            purpose=record.purpose,
            given=record.given,
            text_version=record.text_version,
        )
        Consent.objects.filter(pk=copied.pk).update(recorded_at=record.recorded_at)
        n += 1
    return n


def withdraw(applicant: Applicant, *, base_url: str = "") -> Applicant:
    """The applicant leaves: out of the pool, contact details deleted at once. Someone already
    drawn gives up their seat, which goes to a reserve that keeps the quotas."""
    from .draws import cancel_seat

    with transaction.atomic():
        applicant = Applicant.objects.select_for_update().get(pk=applicant.pk)
        if applicant.status in (Applicant.Status.WITHDRAWN, Applicant.Status.CANCELLED):
            return applicant
        if applicant.status == Applicant.Status.SELECTED:
            cancel_seat(applicant, base_url=base_url)
        else:
            applicant.status = Applicant.Status.WITHDRAWN
            applicant.ended_at = timezone.now()
            applicant.save(update_fields=["status", "ended_at"])
        # As promised on the page: the address goes at once, wherever it is kept now.
        ApplicantContact.objects.filter(applicant=applicant).delete()
        if applicant.participant_id:
            ContactDetails.objects.filter(participant_id=applicant.participant_id).delete()
    applicant.refresh_from_db()
    return applicant
