"""What goes into a run: the contributions it may read, as the library's records (redacted, with
quote consent), the codebook, what people coded, the Polis votes, and a hash of it all."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from oogst.analysis.text import plain_text
from oogst.harvest.models import (
    Contribution,
    Kind,
    Moderation,
    PolisComment,
    PolisConversation,
    ThemeAssignment,
)
from oogst.participants.models import Education, Gender
from oogst.programme.models import Programme
from oogst.safeguards import redaction
from oogst.safeguards.models import ProgrammePrivacyPolicy
from oogst.safeguards.selectors import policies_by_programme, quote_consent_reader

from .coding import active_person_codes, active_themes

if TYPE_CHECKING:  # numpy stays out of this module's imports
    from oogst.analysis.polis import VoteMatrix


# Participant fields feed the blind-spot check under the column names the library knows.
UNKNOWN = {"", Gender.UNKNOWN, Education.UNKNOWN, None}


def analysable(contributions: QuerySet[Contribution]) -> QuerySet[Contribution]:
    """Leaves out what no run may read: contributions rejected by moderation and those of
    participants who withdrew."""
    return contributions.exclude(moderation=Moderation.REJECTED).exclude(
        participant__withdrawn_at__isnull=False
    )


def contributions_for_run(programme: Programme, filters: dict) -> QuerySet[Contribution]:
    """The contributions a run with these filters analyses, in a stable order.

    Rejected by moderation and withdrawn participants are never analysed.
    """
    contributions = analysable(Contribution.objects.filter(programme=programme))
    if filters.get("tables"):
        contributions = contributions.filter(table_id__in=filters["tables"])
    if filters.get("kinds"):
        contributions = contributions.filter(kind__in=filters["kinds"])
    if filters.get("channels"):
        contributions = contributions.filter(channel__in=filters["channels"])
    if filters.get("themes"):
        coded = ThemeAssignment.objects.filter(
            theme__programme=programme, theme__slug__in=filters["themes"]
        ).values("contribution_id")
        contributions = contributions.filter(pk__in=coded)
    if filters.get("date_from"):
        contributions = contributions.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        contributions = contributions.filter(created_at__date__lte=filters["date_to"])
    return contributions.order_by("pk")


def analysis_records(contributions: QuerySet[Contribution]) -> list[dict]:
    """The records the library reads: id, text, kind, role, table, language, verbatim, the
    participant's demographics (for blind spots) and quote_consent.

    The text is the redacted one: every word a run writes (cluster keywords, descriptions,
    summaries, the downloadable report) comes from it, so no name or phone number reaches a
    run's files. A stored redaction is used when it belongs to the current text; otherwise
    the text is redacted here.

    `quote_consent` is the privacy app's rule (`has_consent` for quoting, and not withdrawn):
    the library's quote picker never picks a record without it, nor uses its sentences in a
    summary, so a run quotes only whom it may.
    """
    fields = [
        "pk",
        "text",
        "kind",
        "role_label",
        "is_quote",
        "language",
        "table__code",
        "table__municipality__name",
        "participant__age_band",
        "participant__gender",
        "participant__education",
        "participant__province__name",
        "programme_id",
        "channel",
    ]
    policy = policies_by_programme()
    redacted = _text_redactor(policy)
    fields += ["redaction__text", "redaction__source_hash"]
    consent_fields, consent = quote_consent_reader(contributions, policy)
    fields += consent_fields
    records = []
    for row in contributions.values_list(*fields).iterator(chunk_size=5000):
        (
            pk,
            text,
            kind,
            role,
            verbatim,
            language,
            table,
            municipality,
            age,
            gender,
            edu,
            province,
            programme_id,
            channel,
        ) = row[:14]
        text = redacted(programme_id, text, *row[14:16])
        record = {
            "id": str(pk),
            "text": text,
            "role": role,
            "table": table or "",
            "language": language,
            "verbatim": verbatim,
            "age_group": "" if age in UNKNOWN else age,
            "gender": "" if gender in UNKNOWN else gender,
            "education": "" if edu in UNKNOWN else edu,
            "province": province or "",
            "municipality": municipality or "",
        }
        record["quote_consent"] = consent(programme_id, channel, *row[16:])
        # "overig" is also the default of an unread contribution: only a real kind teaches.
        if kind and kind != Kind.OVERIG:
            record["kind"] = kind
        records.append(record)
    return records


def vote_matrices(programme: Programme, contributions: QuerySet[Contribution]) -> list[VoteMatrix]:
    """The vote matrix of every Polis conversation of the programme that has a comment among
    the given contributions (a queryset: used as a subquery, so 1,000,000 ids never become
    query parameters). Comments Polis moderated out are left out, as Polis does, and so are
    those our own moderation rejected."""
    from oogst.harvest.polis import vote_matrix

    wanted = PolisComment.objects.filter(
        conversation__programme=programme, contribution__in=contributions.values("pk")
    ).values("conversation_id")
    leave_out = Q(moderated=-1) | Q(contribution__moderation=Moderation.REJECTED)
    return [
        vote_matrix(conversation, leave_out)
        for conversation in PolisConversation.objects.filter(pk__in=wanted).order_by("pk")
    ]


def _text_redactor(
    policy: Callable[[int], ProgrammePrivacyPolicy] | None = None,
) -> Callable[[int, str, str | None, str | None], str]:
    """(programme id, raw text, stored redacted text, its source hash) -> redacted text.
    `policy`: a `policies_by_programme` reader to share, else its own."""
    policy = policy or policies_by_programme()

    def redacted(programme_id: int, text: str, stored: str | None, stored_hash: str | None) -> str:
        # The analysis reads HTML as its words, where "jan&#64;gemeente.nl" is an address:
        # such a text is redacted in that form (the stored redaction is of the markup).
        words = plain_text(text)
        if words == text and stored is not None and stored_hash == redaction.source_hash(text):
            return stored
        return redaction.redact(policy(programme_id), words).text

    return redacted


def codebook_for(programme: Programme) -> dict:
    """The programme's active themes in the library's codebook format (id = slug)."""
    themes = list(active_themes(programme))
    active = {t.slug for t in themes}
    return {
        "themes": [
            {
                "id": t.slug,
                "name": t.name,
                "description": t.description,
                "keywords": list(t.keywords or []),
                "examples": list(t.examples or []),
                "parent": t.parent.slug if t.parent_id and t.parent.slug in active else None,
            }
            for t in themes
        ]
    }


def accepted_labels(
    programme: Programme, record_ids: set[str]
) -> tuple[dict[str, str], list[dict]]:
    """What people coded, as the library wants it: one label per analysed contribution
    (its earliest person-made code), and the rest as labelled examples.

    An example's text is redacted like the records' (see `analysis_records`): the coder
    learns its words, and a run must not learn a name it may not write."""
    labels: dict[str, str] = {}
    examples: list[dict] = []
    fields = [
        "contribution_id",
        "theme__slug",
        "contribution__text",
        "contribution__redaction__text",
        "contribution__redaction__source_hash",
    ]
    redacted = _text_redactor()
    rows = (
        active_person_codes(programme)
        .filter(contribution__in=analysable(Contribution.objects.filter(programme=programme)))
        .order_by("contribution_id", "assigned_at", "pk")
        .values_list(*fields)
    )
    for contribution_id, slug, text, *stored in rows.iterator(chunk_size=5000):
        key = str(contribution_id)
        if key in record_ids and key not in labels:
            labels[key] = slug
        elif key not in record_ids:
            examples.append({"text": redacted(programme.pk, text, *stored), "theme": slug})
    return labels, examples


def input_sha256(records: list[dict], codebook: dict) -> str:
    """sha256 of exactly what went in: contribution ids and texts, and the codebook."""
    digest = hashlib.sha256()
    for record in records:
        digest.update(json.dumps([record["id"], record["text"]], ensure_ascii=False).encode())
        digest.update(b"\n")
    digest.update(json.dumps(codebook, ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()
