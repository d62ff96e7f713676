"""What the public site writes: a submission (into the moderation queue) and a moderation
decision."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from oogst.harvest.actions import record_contribution
from oogst.harvest.models import Channel, Moderation

from . import consent
from .models import PublicSubmission, new_reference


def submit_idea(
    programme, *, text: str, kind: str, theme=None, role_label: str = "", quote_consent: bool
) -> PublicSubmission:
    """Store an idea or question as typed, waiting for moderation, with a fresh reference."""
    with transaction.atomic():
        contribution = record_contribution(
            programme,
            channel=Channel.PUBLIC,
            kind=kind,
            # As the sender typed it: their own words, a quote if they consent to quoting.
            is_quote=True,
            text=text,
            role_label=role_label,
            moderation=Moderation.PENDING,
        )
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    return PublicSubmission.objects.create(
                        contribution=contribution,
                        reference=new_reference(),
                        suggested_theme=theme,
                        consent_version=consent.CURRENT_VERSION,
                        quote_consent=quote_consent,
                    )
            except IntegrityError:
                continue  # the same code twice in 887 million: draw again
        raise RuntimeError("no free reference code after 5 attempts")


def moderate(submission: PublicSubmission, *, accept: bool, user) -> PublicSubmission:
    contribution = submission.contribution
    contribution.moderation = Moderation.ACCEPTED if accept else Moderation.REJECTED
    submission.moderated_at = timezone.now()
    submission.moderated_by = user
    with transaction.atomic():
        contribution.save(update_fields=["moderation", "updated_at"])
        submission.save(update_fields=["moderated_at", "moderated_by"])
    return submission
