"""Who may be quoted or published, and why not: withdrawal, consent (a participant's, the
public site's, a contribution's own, the programme's policy per channel), then a redacted
form. Quotes in products ask more (a reviewed redaction, moderation) than a page does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from oogst.harvest.models import Channel, Contribution, Moderation
from oogst.participants.models import Consent

from ..models import ProgrammePrivacyPolicy
from .redacted import RedactedForm, policies_by_programme, policy_for, redacted_form

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
