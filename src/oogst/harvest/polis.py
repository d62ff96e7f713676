"""Polis conversations in, as contributions plus their vote matrix, and the matrix back out.

The export folder is read by `oogst.analysis.polis` (no Django; the benchmarks read it the
same way); this module stores what it read: comments as contributions with Polis's
moderation, participants with their opinion group, and every vote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np
from django.db import transaction
from django.db.models import Q

from oogst.analysis.polis import (
    PolisFormatError,
    VoteMatrix,
    int_or_none,
    read_export,
)

from . import bulk
from .actions import NewContribution, record_contributions
from .language import conversation_language
from .models import (
    MAX_TEXT_LENGTH,
    Channel,
    Kind,
    Moderation,
    PolisComment,
    PolisConversation,
    PolisParticipant,
    Vote,
)

MODERATION_FROM_POLIS = {-1: Moderation.REJECTED, 0: Moderation.PENDING, 1: Moderation.ACCEPTED}
BATCH = 5000
MAX_REPORTED_PROBLEMS = 50

T = TypeVar("T")
Progress = Callable[[Iterable[T], int, str], Iterable[T]]


@dataclass
class PolisImportReport:
    conversation: PolisConversation
    comments_in_file: int = 0
    comments_added: int = 0
    contributions_added: int = 0
    participants_added: int = 0
    participants_regrouped: int = 0
    votes_added: int = 0
    votes_changed: int = 0
    language: str = ""
    problems: list[str] = field(default_factory=list)
    redaction: str = ""  # "pending": a background job redacts the new contributions


def _no_progress(items: Iterable[T], total: int, desc: str) -> Iterable[T]:
    return items


def _batches(items: list[T], size: int = BATCH) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _polis_time(stamp: str) -> str:
    ms = int_or_none(stamp)
    if ms is None:
        return ""
    try:
        return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        return ""


def import_polis(
    folder: Path | str,
    programme,
    *,
    table=None,
    language: str | None = None,
    progress: Progress = _no_progress,
) -> PolisImportReport:
    """Import one Polis export folder into a programme, in one transaction.

    Idempotent: comments, participants and votes already imported are left as they are, so a
    second run adds nothing. A newer export of the same conversation adds what is new, and a
    vote a participant changed takes its new value.
    """
    export = read_export(folder)
    if table is not None and table.programme_id != programme.pk:
        raise PolisFormatError(f"Tafel {table.code} hoort niet bij programma {programme.slug}.")
    conv_language = language or conversation_language([c.text for c in export.comments])

    with bulk.long_lived_objects_frozen(), transaction.atomic():
        conversation, _ = PolisConversation.objects.get_or_create(
            programme=programme,
            conversation_id=export.conversation_id,
            defaults={
                "table": table,
                "topic": export.summary.get("topic", "")[:300],
                "description": export.summary.get("conversation-description", ""),
                "url": export.summary.get("url", "")[:200],
                "language": conv_language,
            },
        )
        report = PolisImportReport(
            conversation=conversation, comments_in_file=len(export.comments), language=conv_language
        )
        report.problems.extend(export.problems)
        _import_comments(
            export, conversation, programme, table, language, conv_language, report, progress
        )
        _import_participants(export, conversation, report, progress)
        _import_votes(export, conversation, report, progress)
    if len(report.problems) > MAX_REPORTED_PROBLEMS:
        hidden = len(report.problems) - MAX_REPORTED_PROBLEMS
        report.problems = [
            *report.problems[:MAX_REPORTED_PROBLEMS],
            f"… en nog {hidden} meldingen.",
        ]
    return report


def _import_comments(
    export, conversation, programme, table, language, conv_language, report, progress
):
    existing = set(conversation.comments.values_list("comment_id", flat=True))
    new_rows = [c for c in export.comments if c.comment_id not in existing]
    keys = {f"polis:{export.conversation_id}:{c.comment_id}": c for c in new_rows}
    items = []
    for key, row in keys.items():
        if not row.text:
            report.problems.append(
                f"comments.csv regel {row.row}: reactie {row.comment_id} heeft geen tekst; "
                "opgenomen in de stemmatrix, niet als bijdrage."
            )
            continue
        text = row.text
        metadata = {
            "polis": {
                "conversation": export.conversation_id,
                "comment_id": row.comment_id,
                "author_id": row.author_id,
                "moderated": row.moderated,
                "agrees": row.agrees,
                "disagrees": row.disagrees,
                "created": _polis_time(row.timestamp),
            }
        }
        if len(text) > MAX_TEXT_LENGTH:
            metadata["full_text"] = text  # nothing a person typed is lost
            text = text[: MAX_TEXT_LENGTH - 1] + "…"
            report.problems.append(
                f"comments.csv regel {row.row}: reactie {row.comment_id} is langer dan "
                f"{MAX_TEXT_LENGTH} tekens; ingekort, volledige tekst bewaard."
            )
        items.append(
            NewContribution(
                text=text,
                kind=Kind.OVERIG,
                table_id=table.pk if table else None,
                # What the participant wrote, word for word: a quote, not a summary.
                is_quote=True,
                language=language or "",
                moderation=MODERATION_FROM_POLIS[row.moderated],
                # A contribution with this key may exist without its Polis comment (entered
                # through the API): the comment is linked to it, not duplicated.
                key=key,
                metadata=metadata,
            )
        )
    recorded = record_contributions(
        programme,
        _ticking(items, progress, "bijdragen"),
        channel=Channel.POLIS,
        language_hint=conv_language,
        source=f"polis:{export.conversation_id}",
        batch_size=BATCH,
    )
    report.contributions_added, report.redaction = recorded.added, recorded.redaction
    taken = {item.key: item.id for item in items}
    comments = [
        PolisComment(
            conversation=conversation,
            comment_id=row.comment_id,
            contribution_id=taken.get(key) if row.text else None,
            author_id=row.author_id,
            moderated=row.moderated,
        )
        for key, row in keys.items()
    ]
    PolisComment.objects.bulk_create(comments, batch_size=BATCH)
    report.comments_added = len(comments)


def _ticking(items: list[T], progress: Progress, desc: str) -> Iterator[T]:
    """The items one by one, the progress bar moving a batch at a time."""
    batches = list(_batches(items))
    for batch in progress(batches, len(batches), desc):
        yield from batch


def _import_participants(export, conversation, report, progress):
    voter_ids = {p.polis_id for p in export.participants} | {voter for _, voter in export.votes}
    existing = {p.polis_id: p for p in conversation.participants.all()}
    from_matrix = {p.polis_id: p for p in export.participants}
    new, regrouped = [], []
    for polis_id in sorted(voter_ids):
        row = from_matrix.get(polis_id)
        if polis_id in existing:
            known = existing[polis_id]
            if row is not None and row.group_id != known.group_id:
                known.group_id = row.group_id
                regrouped.append(known)
            continue
        new.append(
            PolisParticipant(
                conversation=conversation,
                polis_id=polis_id,
                xid=row.xid if row else "",
                group_id=row.group_id if row else None,
            )
        )
    if regrouped:
        PolisParticipant.objects.bulk_update(regrouped, ["group_id"], batch_size=BATCH)
    report.participants_regrouped = len(regrouped)
    for batch in progress(list(_batches(new)), -(-len(new) // BATCH), "deelnemers"):
        PolisParticipant.objects.bulk_create(batch)
    report.participants_added = len(new)


def _import_votes(export, conversation, report, progress):
    comment_pk = dict(conversation.comments.values_list("comment_id", "pk"))
    participant_pk = dict(conversation.participants.values_list("polis_id", "pk"))
    existing = {
        (comment, participant): (pk, value)
        for pk, comment, participant, value in conversation.votes.values_list(
            "pk", "comment_id", "participant_id", "value"
        )
    }
    new, changed, unknown = [], [], 0
    for (comment_id, voter_id), value in export.votes.items():
        comment = comment_pk.get(comment_id)
        if comment is None:
            unknown += 1
            continue
        participant = participant_pk[voter_id]
        known = existing.get((comment, participant))
        if known is None:
            new.append((conversation.pk, comment, participant, value))
        elif known[1] != value:
            changed.append(Vote(pk=known[0], value=value))
    if unknown:
        report.problems.append(
            f"{unknown} stemmen op reacties die niet in comments.csv staan; overgeslagen."
        )
    for batch in progress(list(_batches(new)), -(-len(new) // BATCH), "stemmen"):
        _insert_votes(batch)
    if changed:
        Vote.objects.bulk_update(changed, ["value"], batch_size=BATCH)
    report.votes_added, report.votes_changed = len(new), len(changed)


def _insert_votes(rows: list[tuple[int, int, int, int]]) -> None:
    """Votes through the import's bulk writer (COPY on PostgreSQL): a vote is four integers,
    and building 200,000 model instances for bulk_create took five times longer."""
    columns = ("conversation", "comment", "participant", "value")
    bulk.insert(Vote, [Vote._meta.get_field(name) for name in columns], rows)


def vote_matrix(conversation: PolisConversation, leave_out: Q | None = None) -> VoteMatrix:
    """The conversation's stored votes as the analysis library reads them: participants
    (polis-id order) x comments (comment-id order), 1 agree / -1 disagree / 0 pass / NaN not
    seen. Each column is named by its comment's contribution id ("" for a comment without
    text); comments that match `leave_out` are not in it."""
    kept = conversation.comments.order_by("comment_id")
    if leave_out is not None:
        kept = kept.exclude(leave_out)
    comments = list(kept.values_list("pk", "contribution_id"))
    participants = list(
        conversation.participants.order_by("polis_id").values_list("pk", "polis_id", "group_id")
    )
    column = {pk: j for j, (pk, _) in enumerate(comments)}
    row = {pk: i for i, (pk, _, _) in enumerate(participants)}
    values = np.full((len(participants), len(comments)), np.nan, dtype=np.float32)
    votes = conversation.votes.values_list("comment_id", "participant_id", "value")
    for comment, participant, value in votes.iterator(chunk_size=BATCH):
        j = column.get(comment)
        if j is not None:
            values[row[participant], j] = value
    return VoteMatrix(
        participants=[str(polis_id) for _, polis_id, _ in participants],
        comments=[str(contribution or "") for _, contribution in comments],
        votes=values,
        polis_groups=["" if g is None else str(g) for _, _, g in participants],
        conversation=str(conversation),
        conversation_id=conversation.conversation_id,
    )
