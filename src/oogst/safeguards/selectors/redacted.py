"""The redacted form of a contribution: the programme's policy, the stored redaction when it
belongs to the current text (else one made on the fly, never stored by a reader), the review
queue, and what is still waiting for a background job."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from oogst.harvest.models import Contribution
from oogst.programme.models import Programme

from .. import redaction
from ..models import ProgrammePrivacyPolicy, RedactedText, RedactionJob

logger = logging.getLogger(__name__)


def policy_for(programme: Programme | int) -> ProgrammePrivacyPolicy:
    """The programme's policy, or an unsaved one with the defaults."""
    programme_id = programme if isinstance(programme, int) else programme.pk
    policy = ProgrammePrivacyPolicy.objects.filter(programme_id=programme_id).first()
    return policy or ProgrammePrivacyPolicy(programme_id=programme_id)


def policies_by_programme() -> Callable[[int], ProgrammePrivacyPolicy]:
    """`policy_for` that remembers each programme's policy, for a reader that goes through
    many contributions: one query per programme, not one per contribution. Make one per read;
    it does not see a policy changed after it looked."""
    policies: dict[int, ProgrammePrivacyPolicy] = {}

    def policy(programme_id: int) -> ProgrammePrivacyPolicy:
        if programme_id not in policies:
            policies[programme_id] = policy_for(programme_id)
        return policies[programme_id]

    return policy


@dataclass(frozen=True)
class RedactedForm:
    text: str
    spans: list[dict]
    status: str
    stored: RedactedText | None

    @property
    def is_reviewed(self) -> bool:
        return self.status in RedactedText.REVIEWED


def stored_redaction(contribution: Contribution) -> RedactedText | None:
    try:
        return contribution.redaction
    except RedactedText.DoesNotExist:
        return None


def current_redaction(contribution: Contribution) -> RedactedText | None:
    """The stored redaction if it was made from exactly the contribution's current text."""
    stored = stored_redaction(contribution)
    if stored is not None and stored.source_hash == redaction.source_hash(contribution.text):
        return stored
    return None


def redacted_form(
    contribution: Contribution, policy: ProgrammePrivacyPolicy | None = None
) -> RedactedForm | None:
    """The stored redaction when it belongs to the current text; otherwise a fresh automatic
    one (not saved: a reader does not write). None only when the engine fails."""
    stored = current_redaction(contribution)
    if stored is not None:
        return RedactedForm(stored.text, stored.spans, stored.status, stored)
    try:
        result = redaction.redact(
            policy or policy_for(contribution.programme_id), contribution.text
        )
    except Exception:  # the engine failing must close the door, not open it
        logger.exception("redaction failed for contribution %s", contribution.pk)
        return None
    return RedactedForm(
        result.text, redaction.spans_to_json(result.spans), RedactedText.Status.AUTOMATIC, None
    )


def review_queue(programme: Programme) -> QuerySet[RedactedText]:
    """Redactions an analyst has not yet checked, oldest first; quotes before other text."""
    return (
        RedactedText.objects.filter(
            contribution__programme=programme, status=RedactedText.Status.AUTOMATIC
        )
        .select_related("contribution__table", "contribution__participant")
        .order_by("-contribution__is_quote", "contribution__created_at", "id")
    )


def redaction_counts(programme: Programme) -> dict[str, int]:
    counts = dict(
        RedactedText.objects.filter(contribution__programme=programme)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts["missing"] = programme.contributions.filter(redaction__isnull=True).count()
    return counts


@dataclass(frozen=True)
class PendingRedaction:
    """Contributions without a stored redaction (a bulk import's, until its job is done), and
    the job making them: what the privacy pages show instead of redacting in the request."""

    missing: int
    job: RedactionJob | None  # queued or running
    failed: str = ""  # the last job's error, when it failed and left some without one

    @property
    def shown(self) -> bool:
        return bool(self.missing or self.job)


def pending_redaction(programme: Programme) -> PendingRedaction:
    missing = programme.contributions.filter(redaction__isnull=True).count()
    latest = (
        RedactionJob.objects.filter(programme=programme).select_related("job").order_by("-id")
    ).first()
    job = latest.job if latest is not None else None
    if job is not None and job.is_active:
        return PendingRedaction(missing, latest)
    failed = job.error if job is not None and job.status == job.Status.FAILED else ""
    return PendingRedaction(missing, None, failed if missing else "")


def marked_segments(text: str, spans: list[dict]) -> list[tuple[str, str]]:
    """The raw text cut into (segment, type-or-empty) pieces, to show what the engine found."""
    pieces, cursor = [], 0
    for span in sorted(spans, key=lambda s: s["start"]):
        if span["start"] < cursor:
            continue
        pieces.append((text[cursor : span["start"]], ""))
        pieces.append((text[span["start"] : span["end"]], span["type"]))
        cursor = span["end"]
    pieces.append((text[cursor:], ""))
    return [piece for piece in pieces if piece[0]]
