"""What the privacy rules remove from the sign-up pool: contact details after the programme's
retention date (`oogst purge`), and everything of one person on a request for erasure."""

from __future__ import annotations

from django.utils import timezone

from ..models import Applicant, ApplicantContact


def purge_applicants(programme) -> dict[str, int]:
    """Delete every applicant's contact details (a step of `safeguards.purge_programme`)."""
    deleted, _ = ApplicantContact.objects.filter(applicant__programme=programme).delete()
    return {"applicant_contacts": deleted}


def erase_application(participant) -> dict[str, int]:
    """The sign-up behind a participant goes with them (a step of `erase_participant`)."""
    applicant = Applicant.objects.filter(participant=participant).first()
    if applicant is None:
        return {}
    ApplicantContact.objects.filter(applicant=applicant).delete()
    applicant.consents.all().delete()
    Applicant.objects.filter(pk=applicant.pk).update(
        age_band="",
        gender="unknown",
        province=None,
        education="unknown",
        background="unknown",
        preferred_theme=None,
        preferred_region=None,
        status=Applicant.Status.WITHDRAWN,
        ended_at=applicant.ended_at or timezone.now(),
    )
    return {"application": 1}
