"""Recording contributions: the one way a contribution comes in, whatever the channel — the
table form, a Word table report, a file, Polis, the API, the public site, the demo.

`record_contributions` takes what a channel read, one `NewContribution` each, and in this order:

1. cleans each text and role (surrounding and doubled spaces);
2. gives each its key: the channel's own (`polis:…`, `demo:…`), the file's `ext:<external_id>`,
   or, for a channel that reads the same source again (a file, the API), the hash of its words;
   what the programme already holds, or this call had before, is left out;
3. detects the language of the rest where the channel did not give one;
4. writes, in batches: COPY on PostgreSQL, executemany elsewhere, with the person-coded themes;
5. writes one audit line: who recorded how many, through which channel;
6. redacts: at once for a few contributions, in a background job (with progress) for a bulk
   write, so that no page ever has to.

Steps 5 and 6 belong to `oogst.safeguards`, which sits above this app (its models point at
Contribution). It hands them in when Django starts (`use_safeguards`); without them nothing is
recorded at all, so privacy is no option.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from . import bulk
from .language import language_of
from .models import Contribution, Kind, Moderation, ThemeAssignment, content_hash

BATCH_SIZE = 2000
# Redacted within the write up to this many new contributions (about a tenth of a second);
# more go to a background job.
INLINE_REDACTION = 200
# After this many rows PostgreSQL's statistics are refreshed (see bulk.analyze).
ANALYZE_AFTER = 20_000


class Outcome:
    ADDED = "added"
    PLANNED = "planned"  # would be added: a dry run
    ALREADY = "already"  # the programme holds its key already
    DUPLICATE = "duplicate"  # same key as an earlier item of this call


@dataclass
class NewContribution:
    """What a channel read. `language` "" is detected (step 3); `key` None is worked out
    (step 2)."""

    text: str
    kind: str = Kind.OVERIG
    table_id: int | None = None
    participant_id: int | None = None
    role_label: str = ""
    is_quote: bool = False
    language: str = ""
    moderation: str = Moderation.ACCEPTED
    external_id: str = ""
    key: str | None = None
    metadata: dict = field(default_factory=dict)
    created_at: dt.datetime | None = None
    theme_ids: list[int] = field(default_factory=list)
    number: int = 0  # the row, line or item it came from, for the channel's own report
    # Filled in by record_contributions:
    id: int | None = None  # the new contribution, or the one already there
    outcome: str = ""
    first: int = 0  # DUPLICATE: the number of the item it repeats


@dataclass
class Recorded:
    added: int = 0
    planned: int = 0
    already: int = 0
    duplicates: int = 0
    redaction: str = ""  # "done", "pending" (a job), or "" when nothing new was written


class Safeguards(Protocol):
    """The privacy steps of recording (`oogst.safeguards.intake`)."""

    def audit(self, programme, *, actor, channel: str, added: int, source: str) -> None: ...

    def redact_now(self, programme, contribution_ids: list[int]) -> None: ...

    def redact_later(self, programme) -> None: ...


_safeguards: Safeguards | None = None


def use_safeguards(steps: Safeguards) -> None:
    """Called once by the privacy app when Django starts (SafeguardsConfig.ready)."""
    global _safeguards
    _safeguards = steps


def safeguards() -> Safeguards:
    if _safeguards is None:
        raise ImproperlyConfigured(
            "oogst.safeguards is not installed: a contribution is never recorded without its "
            "redaction and audit line."
        )
    return _safeguards


def record_contributions(
    programme,
    items: Iterable[NewContribution],
    *,
    channel: str,
    author=None,
    content_keys: bool = False,
    dry_run: bool | Callable[[], bool] = False,
    language_hint: str = "",
    source: str = "",
    batch_size: int | None = None,
    on_outcome: Callable[[NewContribution], None] | None = None,
    want_ids: bool = True,
) -> Recorded:
    """Record contributions of one programme, through one channel, in one transaction.

    `content_keys`: key an item without a key of its own by the hash of its words, so reading
    the same source again adds nothing. `dry_run`: write nothing (a callable is asked before
    each batch: a --strict import stops writing at its first bad row, and still counts what is
    there). `on_outcome` sees every item after step 4, with its outcome (and id, once written).
    `source` names where they came from in the audit line (a file name). `want_ids` False
    (a big file import on SQLite) leaves `id` unset on new items that need no look-up.
    """
    steps = safeguards()
    recorded = Recorded()
    first_of: dict[str, int] = {}
    new_ids: list[int] = []
    with transaction.atomic():
        for batch in _batches(items, batch_size or BATCH_SIZE):
            for item in batch:
                _clean(item)
            fresh = _leave_out_known(programme, batch, content_keys, first_of, recorded)
            for item in fresh:  # what is there already keeps its language
                if not item.language:
                    item.language = language_of(item.text, language_hint)
            if dry_run() if callable(dry_run) else dry_run:
                for item in fresh:
                    item.outcome = Outcome.PLANNED
                recorded.planned += len(fresh)
            elif fresh:
                # Ids for what needs them: a caller that asks, and a write small enough to be
                # redacted at once (PostgreSQL hands them out anyway).
                ids_wanted = want_ids or recorded.added + len(fresh) <= INLINE_REDACTION
                new_ids += _write(programme, fresh, channel, author, ids_wanted)
                recorded.added += len(fresh)
            if on_outcome is not None:
                for item in batch:
                    on_outcome(item)
        if not recorded.added:
            return recorded
        if recorded.added >= ANALYZE_AFTER:
            bulk.analyze(Contribution)
        steps.audit(programme, actor=author, channel=channel, added=recorded.added, source=source)
        if recorded.added <= INLINE_REDACTION:
            steps.redact_now(programme, new_ids)
            recorded.redaction = "done"
        else:
            steps.redact_later(programme)
            recorded.redaction = "pending"
    return recorded


def record_contribution(programme, *, channel: str, author=None, **fields) -> Contribution:
    """One contribution (a form, the public site): `fields` as NewContribution takes them. An
    item whose key the programme holds already gives the contribution that is there."""
    item = NewContribution(**fields)
    record_contributions(programme, [item], channel=channel, author=author)
    return Contribution.objects.get(pk=item.id)


EDITABLE = ("text", "kind", "role_label", "is_quote")


def change_contribution(contribution: Contribution, **changes) -> Contribution:
    """Edit a recorded contribution (text, kind, role, quote). A changed text is redacted again
    at once, and its redaction goes back to the review queue."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    before = contribution.text
    for name, value in changes.items():
        setattr(contribution, name, value)
    contribution.text = contribution.text.strip()
    contribution.role_label = " ".join(contribution.role_label.split())
    with transaction.atomic():
        contribution.save(update_fields=[*changes, "updated_at"])
        if contribution.text != before:
            safeguards().redact_now(contribution.programme, [contribution.pk])
    return contribution


# --- the steps ---------------------------------------------------------------------------------


def _batches(items: Iterable[NewContribution], size: int) -> Iterator[list[NewContribution]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _clean(item: NewContribution) -> None:
    item.text = item.text.strip()
    item.role_label = " ".join(item.role_label.split())


def content_key(text: str) -> str:
    return f"sha:{content_hash(text)}"


def key_for(item: NewContribution, content_keys: bool) -> str | None:
    """An item's key: its own, its external id's, or (`content_keys`) the hash of its words."""
    if item.key:
        return item.key
    if item.external_id:
        return f"ext:{item.external_id}"
    return content_key(item.text) if content_keys else None


def _leave_out_known(
    programme, batch: list[NewContribution], content_keys: bool, first_of: dict, recorded
) -> list[NewContribution]:
    """Step 2: key each item; the ones the programme or this call holds already are left out."""
    for item in batch:
        item.key = key_for(item, content_keys)
    existing = _ids_by_key(programme.pk, [item.key for item in batch if item.key])
    fresh = []
    for item in batch:
        if item.key is None:
            fresh.append(item)
            continue
        first = first_of.get(item.key)
        if first is not None:
            item.outcome, item.first = Outcome.DUPLICATE, first
            recorded.duplicates += 1
        elif item.key in existing:
            item.outcome, item.id = Outcome.ALREADY, existing[item.key]
            first_of[item.key] = item.number
            recorded.already += 1
        else:
            first_of[item.key] = item.number
            fresh.append(item)
    return fresh


CONTRIBUTION_FIELDS = bulk.concrete_fields(Contribution)
ASSIGNMENT_FIELDS = bulk.concrete_fields(ThemeAssignment)
CREATED_AT = Contribution._meta.get_field("created_at")


def _write(
    programme, items: list[NewContribution], channel: str, author, ids_wanted: bool = True
) -> list[int]:
    """Step 4: the rows in one go, and the ids they got (on SQLite, unless `ids_wanted`, only
    those of rows with themes to code)."""
    now = timezone.now()
    now_db = bulk.adapt(CREATED_AT, now)
    author_id = author.pk if author is not None else None
    rows = [
        {
            "programme_id": programme.pk,
            "table_id": item.table_id,
            "participant_id": item.participant_id,
            "channel": channel,
            "kind": item.kind,
            "text": item.text,
            "role_label": item.role_label,
            "is_quote": item.is_quote,
            "language": item.language,
            "moderation": item.moderation,
            "import_key": item.key,
            "metadata": item.metadata,
            "author_id": author_id,
            "created_at": bulk.adapt(CREATED_AT, item.created_at) if item.created_at else now_db,
            "updated_at": now_db,
        }
        for item in items
    ]
    ids = bulk.reserve_ids(Contribution, len(items))
    if ids is not None:
        fields = [Contribution._meta.pk, *CONTRIBUTION_FIELDS]
        for row, pk in zip(rows, ids, strict=True):
            row[Contribution._meta.pk.attname] = pk
        bulk.insert(Contribution, fields, bulk.db_rows(fields, rows, {}))
    elif all(item.key for item in items):
        bulk.insert(Contribution, CONTRIBUTION_FIELDS, bulk.db_rows(CONTRIBUTION_FIELDS, rows, {}))
        wanted = [item.key for item in items if ids_wanted or item.theme_ids]
        by_key = _ids_by_key(programme.pk, wanted)
        ids = [by_key.get(item.key) for item in items]
    else:  # rows no key can find again (a form, the public site): one at a time
        ids = [
            bulk.insert_one(Contribution, CONTRIBUTION_FIELDS, row)
            for row in bulk.db_rows(CONTRIBUTION_FIELDS, rows, {})
        ]
    for item, pk in zip(items, ids, strict=True):
        item.id, item.outcome = pk, Outcome.ADDED
    _write_codings(items, author_id, now)
    return [pk for pk in ids if pk is not None]


def _write_codings(items: list[NewContribution], author_id: int | None, now) -> None:
    """The themes a file or a person gave: codings by a person."""
    assignments = [
        {"contribution_id": item.id, "theme_id": theme_id}
        for item in items
        for theme_id in item.theme_ids
    ]
    if not assignments:
        return
    ready = {
        "source": str(ThemeAssignment.Source.PERSON),
        "assigned_by_id": author_id,
        "assigned_at": bulk.adapt(ThemeAssignment._meta.get_field("assigned_at"), now),
    }
    bulk.insert(
        ThemeAssignment, ASSIGNMENT_FIELDS, bulk.db_rows(ASSIGNMENT_FIELDS, assignments, ready)
    )


def _ids_by_key(programme_id: int, keys: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for start in range(0, len(keys), 900):
        ids.update(
            Contribution.objects.filter(
                programme_id=programme_id, import_key__in=keys[start : start + 900]
            ).values_list("import_key", "pk")
        )
    return ids


__all__ = [
    "NewContribution",
    "Outcome",
    "Recorded",
    "change_contribution",
    "content_key",
    "key_for",
    "record_contribution",
    "record_contributions",
    "use_safeguards",
]
