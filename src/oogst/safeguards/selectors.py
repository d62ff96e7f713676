"""Reading privacy state: the text that may leave the system, whether a contribution may be
quoted or published (and why not), the quotes of a programme and everything held on one person.

Everything public, exported, quoted or placed in a product gets its text from
`redacted_form` (through `publishable_text`, `quotable_text`, `quote_decision` or the lists
built on them); nothing here ever hands out a contribution's raw text, except
`subject_data`, which is the data subject's own copy.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core import serializers
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from oogst.harvest.models import Channel, Contribution, Moderation, ThemeAssignment
from oogst.participants.models import Consent, Participant
from oogst.programme.models import Programme, Table

from . import redaction
from .models import AuditEntry, ProgrammePrivacyPolicy, RedactedText, RedactionJob

logger = logging.getLogger(__name__)

# Contributions that come in without a participant record carry their own consent here,
# e.g. {"consent": {"quote": true, "publish": true, "text_version": "site-v2"}}.
METADATA_CONSENT_KEY = "consent"
PUBLIC_SUBMISSION = "public_submission"


def with_consent_records(contributions: QuerySet[Contribution]) -> QuerySet[Contribution]:
    """Join what consent decisions read, including the public site's record when installed."""
    related = ["participant", "redaction"]
    if any(r.get_accessor_name() == PUBLIC_SUBMISSION for r in Contribution._meta.related_objects):
        related.append(PUBLIC_SUBMISSION)
    return contributions.select_related(*related)


REASONS = {
    "withdrawn": _("deelnemer heeft de deelname ingetrokken"),
    "no_quote_consent": _("geen toestemming om te citeren"),
    "no_publish_consent": _("geen toestemming voor publicatie"),
    "not_reviewed": _("redactie nog niet gecontroleerd"),
    "not_a_quote": _("samenvatting, geen letterlijk citaat"),
    "not_moderated": _("niet (of nog niet) toegelaten door moderatie"),
    "no_redaction": _("redactie mislukt; wordt opnieuw opgebouwd"),
    "pending": _("redactie wordt nog gemaakt (nieuw geïmporteerd)"),
}
WITHHELD_ORDER = [
    "withdrawn",
    "no_quote_consent",
    "pending",
    "not_reviewed",
    "not_moderated",
    "no_redaction",
]


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


def is_withdrawn(contribution: Contribution) -> bool:
    participant = contribution.participant
    return bool(participant and participant.withdrawn_at)


def exclude_withdrawn(contributions: QuerySet[Contribution]) -> QuerySet[Contribution]:
    """Contributions still in use: those of participants who withdrew (or were erased) leave
    every future analysis, product and page. Contributions without a participant stay."""
    return contributions.exclude(participant__withdrawn_at__isnull=False)


def publishable_text(
    contribution: Contribution, policy: ProgrammePrivacyPolicy | None = None
) -> str | None:
    """The redacted text, or None when this contribution must not leave the system at all
    (its participant withdrew). Never the raw text, unless an analyst marked it safe."""
    if is_withdrawn(contribution):
        return None
    form = redacted_form(contribution, policy)
    return form.text if form else None


def latest_consents(participant_ids) -> dict[tuple[int, str], bool]:
    """(participant id, purpose) -> given, from the latest record per purpose.

    `participant_ids` may be a queryset of ids: it is then a subquery, so the participants
    of a million contributions never become query parameters."""
    decided: dict[tuple[int, str], bool] = {}
    wanted = participant_ids if isinstance(participant_ids, QuerySet) else set(participant_ids)
    records = (
        Consent.objects.filter(participant_id__in=wanted)
        .order_by("participant_id", "purpose", "-recorded_at", "-id")
        .values_list("participant_id", "purpose", "given")
    )
    for participant_id, purpose, given in records:
        decided.setdefault((participant_id, purpose), given)
    return decided


def has_consent(
    contribution: Contribution,
    purpose: str,
    policy: ProgrammePrivacyPolicy,
    consents: dict[tuple[int, str], bool] | None = None,
) -> bool:
    """Consent for one purpose (Consent.Purpose.QUOTE or PUBLISH) to use this contribution."""
    if contribution.participant_id and consents is None:
        consents = latest_consents([contribution.participant_id])
    # The public site keeps its sender's consent in its own record; its one question covers
    # quoting on the site and in products. Read by name so this app does not import it.
    submission = getattr(contribution, PUBLIC_SUBMISSION, None)
    return consent_given(
        purpose,
        policy,
        consents or {},
        participant_id=contribution.participant_id,
        submission_consent=getattr(submission, "quote_consent", None),
        own=(contribution.metadata or {}).get(METADATA_CONSENT_KEY),
        channel=contribution.channel,
    )


def consent_given(
    purpose: str,
    policy: ProgrammePrivacyPolicy,
    consents: dict[tuple[int, str], bool],
    *,
    participant_id: int | None,
    submission_consent: bool | None,
    own: object,
    channel: str,
) -> bool:
    """`has_consent` on plain values, for readers that go through a million contributions
    with `values_list` (`own` is the contribution's `metadata["consent"]`; `consents` comes
    from `latest_consents`)."""
    if participant_id:
        return consents.get((participant_id, purpose), False)
    if submission_consent is not None:
        return submission_consent is True
    if isinstance(own, dict) and purpose in own:
        return own[purpose] is True
    if channel == Channel.POLIS and purpose == Consent.Purpose.QUOTE:
        return policy.polis_quote_consent
    if channel == Channel.TABLE:
        if purpose == Consent.Purpose.QUOTE:
            return policy.table_quote_consent
        if purpose == Consent.Purpose.PUBLISH:
            return policy.table_publish_consent
    return False


def quote_consent_reader(
    contributions: QuerySet[Contribution],
    policy: Callable[[int], ProgrammePrivacyPolicy] | None = None,
) -> tuple[list[str], Callable[..., bool]]:
    """Quotation consent on plain values, for readers that go through a million
    contributions with `values_list`: the fields to add to that `values_list`, and a function
    `decide(programme_id, channel, *those fields)` -> may it be quoted.

    The same rule as `has_consent` for quoting, plus "not withdrawn", without a model
    instance per row. The participants' consents are read once, with `contributions` as a
    subquery; `policy` is a `policies_by_programme` reader to share with other steps."""
    consents = latest_consents(contributions.exclude(participant=None).values("participant_id"))
    fields = ["participant_id", "participant__withdrawn_at", f"metadata__{METADATA_CONSENT_KEY}"]
    if any(r.get_accessor_name() == PUBLIC_SUBMISSION for r in Contribution._meta.related_objects):
        fields.append(f"{PUBLIC_SUBMISSION}__quote_consent")
    policy = policy or policies_by_programme()

    def decide(programme_id, channel, participant_id, withdrawn_at, own, submission=None) -> bool:
        if withdrawn_at is not None:
            return False
        return consent_given(
            Consent.Purpose.QUOTE,
            policy(programme_id),
            consents,
            participant_id=participant_id,
            submission_consent=submission,
            own=own,
            channel=channel,
        )

    return fields, decide


def _consented_redaction(
    contribution: Contribution,
    policy: ProgrammePrivacyPolicy,
    consents: dict[tuple[int, str], bool] | None,
) -> tuple[RedactedForm | None, str]:
    """The steps every quote passes, in this order: not withdrawn, consent to be quoted, a
    redacted form. The form, or None and the reason."""
    if is_withdrawn(contribution):
        return None, "withdrawn"
    if not has_consent(contribution, Consent.Purpose.QUOTE, policy, consents):
        return None, "no_quote_consent"
    form = redacted_form(contribution, policy)
    return (form, "") if form is not None else (None, "no_redaction")


def quotable_text(
    contribution: Contribution,
    policy: ProgrammePrivacyPolicy | None = None,
    consents: dict[tuple[int, str], bool] | None = None,
) -> tuple[str | None, str]:
    """May this contribution be shown as a quote now (on a page, beside an analysis)? Its
    redacted text and "", or None and the reason ("withdrawn", "no_quote_consent",
    "no_redaction"). Milder than `quote_decision`, which products use: a summary, an
    unreviewed redaction or an unmoderated contribution may be shown here."""
    form, reason = _consented_redaction(
        contribution, policy or policy_for(contribution.programme_id), consents
    )
    return (form.text, "") if form is not None else (None, reason)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    text: str | None = None

    @property
    def reason_label(self) -> str:
        return str(REASONS.get(self.reason, "")) if self.reason else ""


def quote_decision(
    contribution: Contribution,
    policy: ProgrammePrivacyPolicy | None = None,
    consents: dict[tuple[int, str], bool] | None = None,
) -> Decision:
    """May this contribution be quoted in a product? If so, with which text; if not, why not."""
    policy = policy or policy_for(contribution.programme_id)
    # Withdrawn is the reason before "not a quote" (`_consented_redaction` asks it again).
    if is_withdrawn(contribution):
        return Decision(False, "withdrawn")
    if not contribution.is_quote:
        return Decision(False, "not_a_quote")
    form, reason = _consented_redaction(contribution, policy, consents)
    if form is None:
        return Decision(False, reason)
    if not form.is_reviewed:
        return Decision(False, "not_reviewed")
    if contribution.moderation != Moderation.ACCEPTED:
        return Decision(False, "not_moderated")
    return Decision(True, text=form.text)


def publish_decision(
    contribution: Contribution,
    policy: ProgrammePrivacyPolicy | None = None,
    consents: dict[tuple[int, str], bool] | None = None,
) -> Decision:
    """May this contribution be shown on the public site? The automatic redaction suffices
    here; quotes in products need a reviewed one."""
    policy = policy or policy_for(contribution.programme_id)
    if is_withdrawn(contribution):
        return Decision(False, "withdrawn")
    if contribution.moderation != Moderation.ACCEPTED:
        return Decision(False, "not_moderated")
    if not has_consent(contribution, Consent.Purpose.PUBLISH, policy, consents):
        return Decision(False, "no_publish_consent")
    text = publishable_text(contribution, policy)
    if text is None:
        return Decision(False, "no_redaction")
    return Decision(True, text=text)


@dataclass(frozen=True)
class PublicItem:
    """What the public site may show of one contribution: the redacted text and the role."""

    contribution: Contribution
    text: str

    @property
    def role_label(self) -> str:
        return self.contribution.role_label


def public_items(contributions: QuerySet[Contribution]) -> list[PublicItem]:
    """The contributions of this queryset that may be shown publicly, with their redacted text.
    The caller chooses and orders (a programme, a channel, a page); this decides."""
    rows = list(with_consent_records(contributions))
    consents = latest_consents(c.participant_id for c in rows if c.participant_id)
    policy = policies_by_programme()
    items = []
    for contribution in rows:
        decision = publish_decision(contribution, policy(contribution.programme_id), consents)
        if decision.allowed:
            items.append(PublicItem(contribution, decision.text))
    return items


@dataclass(frozen=True)
class QuoteRow:
    contribution_id: int
    text: str
    role: str
    kind: str
    table: str
    municipality: str
    themes: list[str]
    reviewed_at: str


@dataclass
class QuoteSelection:
    programme: Programme
    theme: object = None  # a codebook Theme when the selection is one theme's quotes
    quotes: list[QuoteRow] = field(default_factory=list)
    withheld: Counter = field(default_factory=Counter)

    @property
    def candidates(self) -> int:
        return len(self.quotes) + sum(self.withheld.values())

    @property
    def withheld_total(self) -> int:
        return sum(self.withheld.values())

    def withheld_rows(self) -> list[tuple[str, str, int]]:
        return [
            (reason, str(REASONS[reason]), self.withheld[reason])
            for reason in WITHHELD_ORDER
            if self.withheld[reason]
        ]


def quotes_for_export(programme: Programme, theme=None) -> QuoteSelection:
    """Every verbatim quote of the programme (or of one of its themes) that may go into a
    product, and a count per reason of those that may not."""
    policy = policy_for(programme)
    quotes = programme.contributions.filter(is_quote=True)
    if theme is not None:
        quotes = quotes.filter(pk__in=theme.assignments.values("contribution"))
    contributions = (
        with_consent_records(quotes)
        .select_related("table__municipality")
        .prefetch_related(Prefetch("themes"))
        .order_by("table__code", "created_at", "id")
    )
    rows = list(contributions)
    consents = latest_consents(c.participant_id for c in rows if c.participant_id)
    selection = QuoteSelection(programme, theme)
    for contribution in rows:
        decision = _export_decision(contribution, policy, consents)
        if not decision.allowed:
            selection.withheld[decision.reason] += 1
            continue
        table = contribution.table
        stored = stored_redaction(contribution)
        selection.quotes.append(
            QuoteRow(
                contribution_id=contribution.pk,
                text=decision.text,
                role=contribution.role_label or str(_("Deelnemer")),
                kind=contribution.kind,
                table=table.code if table else "",
                municipality=str(table.municipality) if table and table.municipality else "",
                themes=sorted(t.name for t in contribution.themes.all()),
                reviewed_at=stored.reviewed_at.isoformat() if stored and stored.reviewed_at else "",
            )
        )
    return selection


def _export_decision(contribution, policy, consents) -> Decision:
    """`quote_decision`, except that a quote whose redaction a background job has yet to make
    is held back as "pending" without redacting it here: an export of 100,000 new quotes must
    not run the engine in the request (and could not pass it: it has no review yet)."""
    if stored_redaction(contribution) is None and not is_withdrawn(contribution):
        if contribution.is_quote and has_consent(
            contribution, Consent.Purpose.QUOTE, policy, consents
        ):
            return Decision(False, "pending")
    return quote_decision(contribution, policy, consents)


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


def audit_entries_for(object_type: str, object_id) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id))


def _plain(instance) -> dict:
    """A model instance as JSON-ready fields (Django's own serializer, so nothing is missed)."""
    record = serializers.serialize("python", [instance])[0]
    return {"model": record["model"], "id": record["pk"], **record["fields"]}


def subject_data(participant: Participant) -> dict:
    """Everything held about one participant, for an access request (inzageverzoek).

    Known tables are spelled out; any other table that points at the participant (added by
    another part of Oogst) is included generically, so the export cannot silently miss it."""
    contributions = (
        participant.contributions.select_related("table", "redaction")
        .prefetch_related(
            Prefetch("theme_assignments", queryset=ThemeAssignment.objects.select_related("theme"))
        )
        .order_by("created_at", "id")
    )
    known = {"contributions", "consents", "contact"}
    data = {
        "participant": _plain(participant),
        "programme": {"slug": participant.programme.slug, "name": participant.programme.name},
        "contact_details": _plain(participant.contact) if hasattr(participant, "contact") else None,
        "consents": [_plain(c) for c in participant.consents.order_by("recorded_at", "id")],
        "tables": [
            {
                "id": t.pk,
                "code": t.code,
                "name": t.name,
                "starts_at": t.starts_at.isoformat() if t.starts_at else None,
                "municipality": str(t.municipality) if t.municipality else None,
            }
            for t in participant.tables.select_related("municipality")
        ],
        "contributions": [],
        "audit_entries": [
            {"at": e.at.isoformat(), "action": e.action, "by": e.who, "detail": e.detail}
            for e in audit_entries_for("participant", participant.pk)
            .select_related("actor")
            .order_by("at", "id")
        ],
        "other_records": {},
    }
    for contribution in contributions:
        stored = stored_redaction(contribution)
        data["contributions"].append(
            {
                **_plain(contribution),
                "redacted_text": stored.text if stored else None,
                "redaction_status": stored.status if stored else None,
                "theme_codings": [
                    {
                        "theme": a.theme.name,
                        "source": a.source,
                        "score": a.score,
                        "assigned_at": a.assigned_at.isoformat(),
                    }
                    for a in contribution.theme_assignments.all()
                ],
            }
        )
    for relation in Participant._meta.related_objects:
        name = relation.get_accessor_name()
        if name in known or relation.many_to_many:
            continue
        if relation.one_to_one:
            related = getattr(participant, name, None) if hasattr(participant, name) else None
            if related is not None:
                data["other_records"][relation.related_model._meta.label] = [_plain(related)]
            continue
        rows = [_plain(obj) for obj in getattr(participant, name).all()]
        if rows:
            data["other_records"][relation.related_model._meta.label] = rows
    return data


def programme_figures(programme: Programme) -> dict[str, int]:
    """Key figures for a memo; counts only, no personal data."""
    return {
        "tables_held": programme.tables.filter(
            status__in=[Table.Status.HELD, Table.Status.PROCESSED]
        ).count(),
        "participants": programme.participants.count(),
        "contributions": programme.contributions.count(),
    }


def privacy_overview(programme: Programme) -> dict:
    participants = programme.participants
    counts = redaction_counts(programme)
    return {
        "redactions": counts,
        "reviewed": sum(counts.get(status, 0) for status in RedactedText.REVIEWED),
        "queue": counts.get(RedactedText.Status.AUTOMATIC, 0),
        "participants": participants.count(),
        "withdrawn": participants.filter(withdrawn_at__isnull=False).count(),
        "with_contact": participants.filter(contact__isnull=False).count(),
    }


# How the audit log shows the keys of an entry's detail.
DETAIL_LABELS = {
    "contact_details": _("contactgegevens"),
    "contributions": _("bijdragen"),
    "participants": _("deelnemerskenmerken"),
    "retention_until": _("bewaren tot"),
    "format": _("formaat"),
    "quotes": _("citaten"),
    "withheld": _("achtergehouden"),
    "theme": _("thema"),
    "page": _("pagina"),
    "status": _("status"),
    "mode": _("wijze"),
    "purpose": _("doel"),
    "given": _("gegeven"),
    "text_version": _("tekstversie"),
    "via": _("via"),
    "changed": _("gewijzigd"),
    "bulk": _("in bulk"),
}
OBJECT_LABELS = {
    "programme": _("programma"),
    "contribution": _("bijdrage"),
    "participant": _("deelnemer"),
}


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    subject: str
    participant_code: str
    details: list[str]


def audit_rows(entries) -> list[AuditRow]:
    """Audit entries in the words of the log page: what they concern and their details."""
    rows = []
    for entry in entries:
        detail = dict(entry.detail or {})
        code = detail.pop("code", "") if entry.object_type == "participant" else ""
        if entry.object_type == "programme" and entry.programme_id:
            subject = str(_("het programma"))
        else:
            kind = OBJECT_LABELS.get(entry.object_type, entry.object_type)
            subject = f"{kind} {entry.object_id}".strip()
        details = []
        for key, value in detail.items():
            if value in ("", None, [], {}):
                continue
            if isinstance(value, bool):
                value = _("ja") if value else _("nee")
            elif isinstance(value, list):
                value = ", ".join(map(str, value))
            details.append(f"{DETAIL_LABELS.get(key, key)}: {value}")
        rows.append(AuditRow(entry, subject, code, details))
    return rows
