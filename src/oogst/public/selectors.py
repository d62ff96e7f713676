"""What the public site reads: programmes on show, published ideas, the moderation queue, and
where a submission stands."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from oogst.harvest.models import Channel, Contribution, Moderation, ReviewStatus

from .models import REFERENCE_ALPHABET, REFERENCE_PREFIX, PublicProgramme, PublicSubmission


def public_programmes():
    return PublicProgramme.objects.select_related("programme").order_by("programme__name")


def published_ideas(programme):
    """Ideas and questions shown to everyone: moderated in, and their sender agreed to be quoted."""
    return Contribution.objects.filter(
        programme=programme,
        channel=Channel.PUBLIC,
        moderation=Moderation.ACCEPTED,
        public_submission__quote_consent=True,
    ).order_by("-created_at", "-id")


def pending_per_programme(programmes):
    """The public programmes among `programmes`, each with the number of submissions waiting."""
    return (
        public_programmes()
        .filter(programme__in=programmes)
        .annotate(
            pending=Count(
                "programme__contributions",
                filter=Q(
                    programme__contributions__channel=Channel.PUBLIC,
                    programme__contributions__moderation=Moderation.PENDING,
                ),
            )
        )
    )


def moderation_queue(programme):
    return (
        PublicSubmission.objects.filter(
            contribution__programme=programme, contribution__moderation=Moderation.PENDING
        )
        .select_related("contribution", "suggested_theme")
        .order_by("submitted_at", "id")
    )


def normalise_reference(raw: str) -> str | None:
    """‘oogst 7kd3qx’, ‘7KD3-QX’ and ‘OOGST-7KD3-QX’ are one code; anything else is None."""
    chars = re.sub(r"[^A-Z0-9]", "", (raw or "").upper())
    if chars.startswith(REFERENCE_PREFIX):
        chars = chars[len(REFERENCE_PREFIX) :]
    if len(chars) != 6 or any(c not in REFERENCE_ALPHABET for c in chars):
        return None
    return f"{REFERENCE_PREFIX}-{chars[:4]}-{chars[4:]}"


def submission_by_reference(raw: str) -> PublicSubmission | None:
    reference = normalise_reference(raw)
    if reference is None:
        return None
    return (
        PublicSubmission.objects.select_related(
            "contribution__programme__public_page", "suggested_theme"
        )
        .filter(reference=reference)
        .first()
    )


@dataclass
class Step:
    key: str
    label: str
    done: bool
    explanation: str


@dataclass
class SubmissionStatus:
    label: str
    rejected: bool
    steps: list[Step]
    themes: list[str]


def submission_status(submission: PublicSubmission) -> SubmissionStatus:
    """Where an idea stands, in the words of the public site: ontvangen, in behandeling,
    meegenomen in de analyse, gepubliceerd (or niet geplaatst)."""
    contribution = submission.contribution
    accepted = contribution.moderation == Moderation.ACCEPTED
    rejected = contribution.moderation == Moderation.REJECTED
    themes = sorted(contribution.themes.values_list("name", flat=True).distinct())
    analysed = accepted and (contribution.review_status != ReviewStatus.NEW or bool(themes))
    published = accepted and submission.quote_consent
    steps = [
        Step("ontvangen", _("Ontvangen"), True, _("We hebben je inzending goed ontvangen.")),
        Step(
            "in_behandeling",
            _("In behandeling"),
            accepted,
            _(
                "Een moderator heeft je inzending gelezen en toegelaten. "
                "Het programmateam werkt ermee."
            ),
        ),
        Step(
            "analyse",
            _("Meegenomen in de analyse"),
            analysed,
            _(
                "Je inzending is ingedeeld bij de thema’s van het programma "
                "en telt mee in de analyse."
            ),
        ),
        Step(
            "gepubliceerd",
            _("Gepubliceerd"),
            published,
            _("Je tekst staat zonder naam op de ideeënpagina van het programma.")
            if published
            else _("Na toelating komt je tekst zonder naam op de ideeënpagina van het programma.")
            if submission.quote_consent
            else _("Je gaf geen toestemming om je tekst te citeren, dus we publiceren hem niet."),
        ),
    ]
    if rejected:
        label = _("Niet geplaatst")
    else:
        label = [s for s in steps if s.done][-1].label
    return SubmissionStatus(label=label, rejected=rejected, steps=steps, themes=themes)
