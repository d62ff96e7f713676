"""Writing privacy state: keep each contribution's redaction current, record an analyst's
review, withdraw, answer data-subject requests, purge after the retention date, and log it."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from oogst.accounts.models import User
from oogst.harvest.models import Contribution
from oogst.participants.models import (
    Background,
    Consent,
    ContactDetails,
    Education,
    Gender,
    Participant,
)
from oogst.privacy import Span
from oogst.programme.models import Programme

from . import redaction
from .models import AuditEntry, ProgrammePrivacyPolicy, RedactedText
from .selectors import current_redaction, policy_for, stored_redaction, subject_data

logger = logging.getLogger(__name__)

REMOVED_TEXT = "[tekst verwijderd op verzoek van de deelnemer]"
# Metadata keys that hold contact or tracking data; dropped on erase and purge.
PERSONAL_METADATA_KEYS = frozenset(
    {
        "name",
        "naam",
        "email",
        "e-mail",
        "e_mail",
        "phone",
        "telefoon",
        "address",
        "adres",
        "contact",
        "ip",
        "ip_address",
        "user_agent",
        "postcode",
    }
)


def record(
    action: str,
    *,
    actor=None,
    actor_label: str = "",
    programme=None,
    obj=None,
    object_type: str = "",
    object_id="",
    **detail,
) -> AuditEntry:
    """One line in the audit log. `detail` must never hold the personal data itself."""
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or obj.pk
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label,
        programme=programme,
        object_type=object_type,
        object_id=str(object_id or ""),
        detail=detail,
    )


def audit_raw_text(
    user: User | None,
    channel: str,
    rows: int,
    programme: Programme | None = None,
    contribution: Contribution | None = None,
) -> AuditEntry:
    """One audit line when contribution text leaves the system unredacted (the team's CSV
    export, the API): who, how many rows, through which channel."""
    return record(
        AuditEntry.Action.EXPORT_RAW,
        actor=user,
        programme=programme or (contribution.programme if contribution is not None else None),
        obj=contribution if contribution is not None else programme,
        channel=channel,
        rows=rows,
    )


# --- redaction ---------------------------------------------------------------------------


def automatic_redaction(policy: ProgrammePrivacyPolicy, text: str) -> dict:
    """The fields of the engine's redaction of `text`, as stored (status left to the caller)."""
    result = redaction.redact(policy, text)
    return {
        "text": result.text,
        "spans": redaction.spans_to_json(result.spans),
        "source_hash": redaction.source_hash(text),
        "engine_version": redaction.engine_version(),
        "marker": policy.marker,
    }


def refresh_redaction(
    contribution: Contribution, *, policy: ProgrammePrivacyPolicy | None = None, force: bool = False
) -> RedactedText:
    """Make the stored redaction match the contribution's text.

    Unchanged text keeps its reviewed redaction; changed text is redacted again and goes back
    to the review queue. `force` re-runs the engine on unreviewed redactions (a new engine)."""
    digest = redaction.source_hash(contribution.text)
    stored = stored_redaction(contribution)
    if stored is not None and stored.source_hash == digest and (stored.is_reviewed or not force):
        return stored
    values = {
        **automatic_redaction(policy or policy_for(contribution.programme_id), contribution.text),
        "status": RedactedText.Status.AUTOMATIC,
        "reviewed_by": None,
        "reviewed_at": None,
    }
    if stored is None:
        return RedactedText.objects.create(contribution=contribution, **values)
    for name, value in values.items():
        setattr(stored, name, value)
    stored.save()
    return stored


@dataclass
class RebuildReport:
    created: int = 0
    refreshed: int = 0
    unchanged: int = 0
    failed: list[int] = field(default_factory=list)


def rebuild_redactions(
    programme: Programme, *, force: bool = False, batch_size: int = 500
) -> RebuildReport:
    """(Re)build the redaction of every contribution of a programme; one failing text is
    reported by id and does not stop the rest."""
    policy = policy_for(programme)
    report = RebuildReport()
    contributions = programme.contributions.select_related("redaction").order_by("id")
    for contribution in contributions.iterator(chunk_size=batch_size):
        before = stored_redaction(contribution)
        before_key = (before.source_hash, before.updated_at) if before else None
        try:
            with transaction.atomic():
                after = refresh_redaction(contribution, policy=policy, force=force)
        except Exception:
            logger.exception("redaction failed for contribution %s", contribution.pk)
            report.failed.append(contribution.pk)
            continue
        if before is None:
            report.created += 1
        elif (after.source_hash, after.updated_at) != before_key:
            report.refreshed += 1
        else:
            report.unchanged += 1
    return report


def redact_missing(programme: Programme, *, batch_size: int = 500, progress=None) -> int:
    """Create the redaction of contributions that have none yet (what a bulk import brought
    in): the job of `jobs.redact_pending` and of an analysis run, never of a page.
    `progress(done, total)` is called per batch; each batch is stored on its own, so stopping
    halfway (an exception from `progress`) keeps what was done and loses nothing."""
    policy = policy_for(programme)
    missing = list(
        programme.contributions.filter(redaction__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)
    )
    created = 0
    for start in range(0, len(missing), batch_size):
        if progress is not None:
            progress(start, len(missing))
        batch = Contribution.objects.filter(id__in=missing[start : start + batch_size]).only(
            "id", "text"
        )
        rows = [
            RedactedText(
                contribution=contribution, **automatic_redaction(policy, contribution.text)
            )
            for contribution in batch
        ]
        RedactedText.objects.bulk_create(rows, ignore_conflicts=True)
        created += len(rows)
    return created


def _reviewed(stored: RedactedText, user, status: str) -> RedactedText:
    stored.status = status
    stored.reviewed_by = user
    stored.reviewed_at = timezone.now()
    stored.save()
    record(
        AuditEntry.Action.REVIEW,
        actor=user,
        programme=stored.contribution.programme,
        obj=stored.contribution,
        status=status,
    )
    return stored


def accept_redaction(stored: RedactedText, user) -> RedactedText:
    return _reviewed(stored, user, RedactedText.Status.ACCEPTED)


def mark_safe(stored: RedactedText, user) -> RedactedText:
    """The analyst declares the text holds no personal data: it is published as written."""
    contribution = stored.contribution
    stored.text = contribution.text
    stored.spans = []
    stored.source_hash = redaction.source_hash(contribution.text)
    return _reviewed(stored, user, RedactedText.Status.SAFE)


def adjust_redaction(stored: RedactedText, user, text: str) -> RedactedText:
    """The analyst rewrites the redacted text by hand (for what the engine missed)."""
    text = text.strip()
    if not text:
        raise ValueError("empty redacted text")
    if text == stored.text:
        return accept_redaction(stored, user)
    stored.text = text
    return _reviewed(stored, user, RedactedText.Status.ADJUSTED)


def keep_span(stored: RedactedText, user, index: int) -> RedactedText:
    """Undo one span the engine found (e.g. ‘Bakker’ the profession) and render the rest again."""
    contribution = stored.contribution
    if stored.source_hash != redaction.source_hash(contribution.text):
        raise ValueError("the contribution changed since it was redacted")
    spans = list(stored.spans)
    if not 0 <= index < len(spans):
        raise IndexError(index)
    del spans[index]
    policy = policy_for(contribution.programme_id)
    stored.text = redaction.render(
        policy, contribution.text, redaction.spans_from_json(contribution.text, spans)
    )
    stored.spans = spans
    return _reviewed(stored, user, RedactedText.Status.ADJUSTED)


def mark_phrase(stored: RedactedText, user, phrase: str, kind: str) -> RedactedText:
    """Hide what the engine missed: every occurrence of `phrase` in the raw text becomes a
    span of `kind`, and the text is rendered again from the spans."""
    contribution = stored.contribution
    if stored.source_hash != redaction.source_hash(contribution.text):
        raise ValueError("the contribution changed since it was redacted")
    phrase = phrase.strip()
    if not phrase:
        raise ValueError("empty phrase")
    spans = redaction.spans_from_json(contribution.text, stored.spans)
    added = []
    for match in re.finditer(re.escape(phrase), contribution.text, flags=re.IGNORECASE):
        span = Span(match.start(), match.end(), kind, match.group())
        if not any(span.overlaps(other) for other in spans + added):
            added.append(span)
    if not added:
        raise LookupError(phrase)
    spans = sorted(spans + added)
    policy = policy_for(contribution.programme_id)
    stored.text = redaction.render(policy, contribution.text, spans)
    stored.spans = redaction.spans_to_json(spans)
    return _reviewed(stored, user, RedactedText.Status.ADJUSTED)


def bulk_accept(redactions, user) -> int:
    """Accept many automatic redactions at once (one update, one audit line each); already
    reviewed ones are left alone."""
    with transaction.atomic():
        chosen = list(
            redactions.filter(status=RedactedText.Status.AUTOMATIC)
            .select_for_update(of=("self",))
            .values_list("pk", "contribution_id", "contribution__programme_id")
        )
        if not chosen:
            return 0
        now = timezone.now()
        RedactedText.objects.filter(pk__in=[pk for pk, _c, _p in chosen]).update(
            status=RedactedText.Status.ACCEPTED, reviewed_by=user, reviewed_at=now, updated_at=now
        )
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    action=AuditEntry.Action.REVIEW,
                    actor=user,
                    programme_id=programme_id,
                    object_type="contribution",
                    object_id=str(contribution_id),
                    detail={"status": RedactedText.Status.ACCEPTED.value, "bulk": True},
                )
                for _pk, contribution_id, programme_id in chosen
            ],
            batch_size=1000,
        )
    return len(chosen)


def save_policy(form, user) -> RebuildReport:
    """Save a programme's privacy policy; unreviewed redactions follow the new settings."""
    with transaction.atomic():
        policy = form.save()
        if "retention_until" in form.changed_data:
            policy.programme.retention_until = form.cleaned_data["retention_until"]
            policy.programme.save(update_fields=["retention_until"])
        record(
            AuditEntry.Action.POLICY,
            actor=user,
            programme=policy.programme,
            obj=policy.programme,
            changed=sorted(form.changed_data),
        )
    if {"marker", "pseudonyms", "allowed_terms", "keep_public_figures"} & set(form.changed_data):
        return rebuild_redactions(policy.programme, force=True)
    return RebuildReport()


# --- withdrawal and data-subject requests --------------------------------------------------


def withdraw_participant(participant: Participant, *, actor=None, via_code: bool = False) -> bool:
    """The participant leaves every future product and the public site. Returns False when
    they had already withdrawn (the first date stays)."""
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.withdrawn_at:
            return False
        participant.withdrawn_at = timezone.now()
        participant.save(update_fields=["withdrawn_at"])
        record(
            AuditEntry.Action.WITHDRAW,
            actor=actor,
            actor_label="deelnemer met deelnemerscode" if via_code else "",
            programme=participant.programme,
            obj=participant,
            code=participant.code,
            contributions=participant.contributions.count(),
        )
    return True


def record_consent(
    participant: Participant, *, purpose: str, given: bool, text_version: str, actor
) -> Consent:
    """A new consent record on the participant's behalf; the latest record per purpose decides."""
    with transaction.atomic():
        consent = Consent.objects.create(
            participant=participant,
            purpose=purpose,
            given=given,
            text_version=text_version,
            recorded_by=actor,
        )
        record(
            AuditEntry.Action.CONSENT,
            actor=actor,
            programme=participant.programme,
            obj=participant,
            code=participant.code,
            purpose=purpose,
            given=given,
            text_version=text_version,
        )
    return consent


def export_subject_data(participant: Participant, actor) -> dict:
    """Everything held on one participant, with the export itself in the audit log."""
    data = subject_data(participant)
    record(
        AuditEntry.Action.EXPORT_SUBJECT,
        actor=actor,
        programme=participant.programme,
        obj=participant,
        code=participant.code,
    )
    return data


def _scrub_metadata(metadata: dict, policy: ProgrammePrivacyPolicy) -> dict:
    """Drop contact keys; redact any other text value."""
    clean = {}
    for key, value in (metadata or {}).items():
        if str(key).lower() in PERSONAL_METADATA_KEYS:
            continue
        if isinstance(value, str) and value:
            value = redaction.redact(policy, value).text
        elif isinstance(value, dict):
            value = _scrub_metadata(value, policy)
        clean[key] = value
    return clean


def _replace_text(
    contribution: Contribution, text: str, policy: ProgrammePrivacyPolicy, status: str | None = None
) -> None:
    """Replace raw text in place without the save hook re-redacting it: the new text *is*
    the redacted form, so the stored redaction follows it (and keeps its review)."""
    stored = stored_redaction(contribution)
    metadata = _scrub_metadata(contribution.metadata, policy)
    Contribution.objects.filter(pk=contribution.pk).update(
        text=text, metadata=metadata, updated_at=timezone.now()
    )
    values = {
        "text": text,
        "spans": [],
        "source_hash": redaction.source_hash(text),
        "marker": policy.marker,
    }
    if stored is None:
        RedactedText.objects.create(
            contribution=contribution,
            engine_version=redaction.engine_version(),
            status=status or RedactedText.Status.AUTOMATIC,
            **values,
        )
    else:
        if status:
            values["status"] = status
        RedactedText.objects.filter(pk=stored.pk).update(**values)


def erase_participant(participant: Participant, actor) -> dict:
    """Right to erasure: contact details and demographics go; contributions lose their text
    (or keep only the redacted text, as the programme's policy says); the participant is
    withdrawn so nothing of theirs appears again. Returns counts for the audit log."""
    policy = policy_for(participant.programme)
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        contact_deleted, _ = ContactDetails.objects.filter(participant=participant).delete()
        participant.age_band = ""
        participant.gender = Gender.UNKNOWN
        participant.province = None
        participant.education = Education.UNKNOWN
        participant.background = Background.UNKNOWN
        participant.attributes = {}
        participant.withdrawn_at = participant.withdrawn_at or timezone.now()
        participant.save()
        n = 0
        for contribution in participant.contributions.select_related("redaction"):
            if policy.erase_mode == ProgrammePrivacyPolicy.EraseMode.REMOVE:
                text = REMOVED_TEXT
            else:
                stored = current_redaction(contribution)
                text = stored.text if stored else redaction.redact(policy, contribution.text).text
            _replace_text(contribution, text, policy, status=RedactedText.Status.SAFE)
            n += 1
        counts = {"contact_details": contact_deleted, "contributions": n, "mode": policy.erase_mode}
        for step in ERASE_STEPS:
            counts.update(step(participant))
        record(
            AuditEntry.Action.ERASE,
            actor=actor,
            programme=participant.programme,
            obj=participant,
            code=participant.code,
            **counts,
        )
    return counts


# --- retention -------------------------------------------------------------------------------

# Apps above this one that keep personal data of their own (the sign-up pool's contact details)
# add a step here from their AppConfig.ready(), in plain sight:
# PURGE_STEPS: step(programme) -> {what: count}, run inside the purge's transaction (so a dry run
# rolls it back); ERASE_STEPS: step(participant) -> {what: count}, inside the erasure's.
PURGE_STEPS: list = []
ERASE_STEPS: list = []


@dataclass
class PurgeReport:
    programme: str
    retention_until: dt.date | None
    due: bool
    contact_details: int = 0
    contributions: int = 0
    participants: int = 0
    others: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return (
            self.contact_details
            + self.contributions
            + self.participants
            + sum(self.others.values())
        )


def purge_programme(
    programme: Programme, *, today: dt.date | None = None, dry_run: bool = False, actor=None
) -> PurgeReport:
    """After the retention date: delete contact details, replace raw text by its redacted
    form, drop contact data from metadata and free-form participant attributes.
    A second run finds nothing left to do and changes nothing."""
    today = today or timezone.localdate()
    due = bool(programme.retention_until and programme.retention_until < today)
    report = PurgeReport(programme.slug, programme.retention_until, due)
    if not due:
        return report
    policy = policy_for(programme)
    contacts = ContactDetails.objects.filter(participant__programme=programme)
    participants = programme.participants.exclude(attributes={})
    with transaction.atomic():
        report.contact_details = contacts.count()
        report.participants = participants.count()
        to_replace = []
        for contribution in programme.contributions.select_related("redaction").order_by("id"):
            stored = current_redaction(contribution)
            if stored is not None and not stored.spans and stored.text == contribution.text:
                if _scrub_metadata(contribution.metadata, policy) == (contribution.metadata or {}):
                    continue  # already purged (or never held personal data)
            text = stored.text if stored else redaction.redact(policy, contribution.text).text
            to_replace.append((contribution, text))
        report.contributions = len(to_replace)
        for step in PURGE_STEPS:
            report.others.update(step(programme))
        if dry_run:
            transaction.set_rollback(True)
            return report
        contacts.delete()
        participants.update(attributes={})
        for contribution, text in to_replace:
            _replace_text(contribution, text, policy)
        if report.changed:
            record(
                AuditEntry.Action.PURGE,
                actor=actor,
                actor_label="" if actor else "systeem (oogst purge)",
                programme=programme,
                obj=programme,
                contact_details=report.contact_details,
                contributions=report.contributions,
                participants=report.participants,
                **report.others,
                retention_until=programme.retention_until.isoformat(),
            )
    return report
