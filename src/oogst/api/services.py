"""What the API writes: tokens, and contributions through the same validation as the file import."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from oogst.harvest.access import contributions_visible_to
from oogst.harvest.importing import (
    ImportReport,
    RowValidator,
    Severity,
    StrictImportError,
    field_for_column,
    import_rows,
)
from oogst.harvest.models import Channel, Contribution
from oogst.harvest.readers import SourceRow
from oogst.programme.access import tables_editable_by

from .models import ApiToken

TOKEN_PREFIX = "oogst_"
# Writing last_used_at on every request would turn every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_BULK_ITEMS = 500


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def create_api_token(user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; the raw token is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:12], token_hash=hash_token(raw)
    )
    return token, raw


def user_for_token(raw: str):
    """The active user a token belongs to, or None for an unknown, revoked or inactive one."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def unstorable_text(value: object) -> str:
    """Why a string cannot be stored as text (a NUL byte, half a surrogate pair), or ''."""
    if not isinstance(value, str):
        return ""
    if "\x00" in value:
        return _("bevat een NUL-teken")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("bevat ongeldige Unicode-tekens")
    return ""


class ApiRowValidator(RowValidator):
    """The file import's validation, narrowed to what this user may write: a facilitator only
    to their own open tables, and always to a table."""

    def __init__(self, programme, user):
        super().__init__(programme, channel=Channel.API, author=user)
        self.user = user
        self.tables = {
            t.code.casefold(): t for t in tables_editable_by(user).filter(programme=programme)
        }
        self.keys: dict[int, str] = {}

    def prepare(self, row):
        if not row.error and not self.user.is_programme_team:
            code = next(
                (str(v).strip() for k, v in row.values.items() if field_for_column(k) == "table"),
                "",
            )
            table = self.tables.get(code.casefold()) if code else None
            if not code:
                return None, _(
                    "geef een tafel op: je kunt alleen bijdragen aan je eigen tafels toevoegen"
                )
            if table is not None and not table.is_open_for_entry:
                return None, _("tafel ‘%(code)s’ is verwerkt en staat niet meer open") % {
                    "code": table.code
                }
        prepared, problem = super().prepare(row)
        if prepared is not None:
            self.keys[row.number] = prepared.key
        return prepared, problem


@dataclass
class ItemResult:
    index: int
    status: str  # created, already_imported, duplicate, error
    reason: str = ""
    id: int | None = None


@dataclass
class BulkResult:
    added: int = 0
    already_imported: int = 0
    duplicates: int = 0
    errors: int = 0
    strict: bool = False
    items: list[ItemResult] = field(default_factory=list)


def can_write_contributions(user, programme) -> bool:
    return tables_editable_by(user).filter(programme=programme).exists() or user.is_programme_team


def _source_row(index: int, item: dict) -> SourceRow:
    values: dict[str, object] = {}
    for key, value in (item.get("metadata") or {}).items():
        # A metadata key that names a field must not overwrite the field.
        values[key if field_for_column(key) is None else f"metadata.{key}"] = value
    for key, value in item.items():
        if key != "metadata" and value is not None:
            values[key] = value
    for key, value in values.items():
        for text in value if isinstance(value, list) else [key, value]:
            problem = unstorable_text(text)
            if problem:
                return SourceRow(index, values, f"{key}: {problem}")
    return SourceRow(index, values)


def create_contributions(user, programme, items: list[dict], *, strict: bool = False) -> BulkResult:
    """Validate every item like a row of an imported file and write the valid ones in one
    transaction; what is already there (same external_id, or same text) is not added again.
    With `strict`, one bad item means nothing is written (StrictImportError)."""
    validator = ApiRowValidator(programme, user)
    report = ImportReport(filename="api")
    try:
        import_rows(
            (_source_row(i, item) for i, item in enumerate(items)), validator, report, strict=strict
        )
    except StrictImportError:
        return _result(report, validator, programme, strict=True, written=False)
    return _result(report, validator, programme, strict=strict, written=True)


def _result(
    report: ImportReport, validator: ApiRowValidator, programme, *, strict: bool, written: bool
) -> BulkResult:
    problems = {p.row: p for p in report.problems}
    ids = dict(
        Contribution.objects.filter(
            programme=programme, import_key__in=list(validator.keys.values())
        ).values_list("import_key", "pk")
    )
    visible = set(
        contributions_visible_to(validator.user)
        .filter(pk__in=ids.values())
        .values_list("pk", flat=True)
    )
    result = BulkResult(
        added=report.added if written else 0,
        already_imported=report.already_imported,
        duplicates=report.duplicates_in_file,
        errors=report.errors,
        strict=strict,
    )
    first_index: dict[str, int] = {}
    for index, key in sorted(validator.keys.items()):
        first_index.setdefault(key, index)
    for index in range(report.rows_read):
        problem = problems.get(index)
        pk = ids.get(validator.keys.get(index, ""))
        pk = pk if pk in visible else None
        if problem is None:
            status = "created" if written else "not_written"
            result.items.append(ItemResult(index, status, "", pk if written else None))
        elif problem.severity == Severity.ERROR:
            result.items.append(ItemResult(index, "error", problem.reason))
        elif first_index.get(validator.keys.get(index, ""), index) < index:
            result.items.append(ItemResult(index, "duplicate", problem.reason, pk))
        else:
            result.items.append(ItemResult(index, "already_imported", problem.reason, pk))
    return result
