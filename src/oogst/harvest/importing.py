"""Import contributions from files: validate every row, then write the valid ones in one
transaction, in batches, idempotently (`import_key` = `ext:<external_id>` or `sha:<content hash>`).

`import_contributions` is the service the command line and the web upload share; `import_rows`
takes any stream of rows (dicts), so other channels can reuse the same validation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oogst.analysis.readers import COLUMN_ALIASES
from oogst.analysis.text import FALSE_WORDS, TRUE_WORDS
from oogst.codebook.models import Theme
from oogst.programme.models import Programme, Table

from .models import MAX_TEXT_LENGTH, Channel, Contribution, Kind, ThemeAssignment, content_hash
from .readers import FileInfo, SourceRow, no_text_column, open_rows

BATCH_SIZE = 2000
PREVIEW_ROWS = 10
# Enough to show every problem of an ordinary file; a broken 100,000-row file reports counts.
MAX_LISTED_PROBLEMS = 500

FIELDS = (
    "text",
    "kind",
    "role",
    "table",
    "theme",
    "language",
    "external_id",
    "created_at",
    "is_quote",
)
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,4})?$")
DUTCH_DATE_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T](\d{1,2}):(\d{2}))?$")
MAX_EXTERNAL_ID = 120


def field_for_column(column: str) -> str | None:
    """The contribution field a column fills, or None when it is kept as metadata."""
    name = COLUMN_ALIASES.get(column, column)
    return name if name in FIELDS else None


class Severity:
    ERROR = "error"  # the row is wrong; --strict refuses the whole file
    SKIPPED = "skipped"  # the row is fine but already there: skipping it is what idempotency means
    WARNING = "warning"  # a valid row the user should look at (report.warnings)


@dataclass
class RowProblem:
    row: int
    reason: str
    severity: str = Severity.ERROR


@dataclass
class ImportReport:
    info: FileInfo | None = None
    filename: str = ""
    mapping: list[tuple[str, str | None]] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    rows_read: int = 0
    valid: int = 0
    added: int = 0
    already_imported: int = 0
    duplicates_in_file: int = 0
    errors: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    # Valid rows whose text deserves a look (decoded as Windows-1252 in a UTF-8 file); one
    # may still be skipped as a duplicate, and then `problems` lists it too.
    warnings: list[RowProblem] = field(default_factory=list)
    warned: int = 0
    dry_run: bool = False
    strict: bool = False
    seconds: float = 0.0

    def add_problem(self, row: int, reason: str, severity: str = Severity.ERROR) -> None:
        # Errors and skips are capped separately, so 100,000 "already imported" rows never
        # crowd out the one row that is wrong. (A skip is counted as already imported or as
        # a duplicate in the file before it is added here.)
        if severity == Severity.ERROR:
            self.errors += 1
            listed = self.errors
        else:
            listed = self.already_imported + self.duplicates_in_file
        if listed <= MAX_LISTED_PROBLEMS:
            self.problems.append(RowProblem(row, reason, severity))

    def add_warning(self, row: int, reason: str) -> None:
        self.warned += 1
        if self.warned <= MAX_LISTED_PROBLEMS:
            self.warnings.append(RowProblem(row, reason, Severity.WARNING))

    @property
    def skipped(self) -> int:
        return self.errors + self.already_imported + self.duplicates_in_file

    @property
    def unlisted_problems(self) -> int:
        return max(0, self.skipped - len(self.problems))

    @property
    def first_error(self) -> RowProblem | None:
        return next(
            (p for p in sorted(self.problems, key=lambda p: p.row) if p.severity == Severity.ERROR),
            None,
        )

    @property
    def to_add(self) -> int:
        """Rows that go in (or, in a dry run, would go in)."""
        return self.valid - self.already_imported - self.duplicates_in_file


class ConcurrentImportError(Exception):
    """Another import of the same rows committed first; this one rolled back completely."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Niets geïmporteerd: tegelijk liep een andere import met dezelfde rijen. "
                "Probeer het opnieuw."
            )
        )


class StrictImportError(Exception):
    """--strict and at least one bad row: nothing was written."""

    def __init__(self, report: ImportReport):
        self.report = report
        first = report.first_error
        super().__init__(
            _("Niets geïmporteerd: %(n)d rij(en) met fouten, de eerste is rij %(row)d: %(reason)s")
            % {
                "n": report.errors,
                "row": first.row if first else 0,
                "reason": first.reason if first else "?",
            }
        )


@dataclass
class PreparedRow:
    number: int
    key: str
    values: dict[str, object]  # Contribution field attnames -> Python values
    theme_ids: list[int]
    created_at: dt.datetime | None


class RowValidator:
    """Turns one source row into an unsaved Contribution, or says what is wrong with it."""

    def __init__(
        self,
        programme: Programme,
        *,
        default_table: Table | None = None,
        channel: str = Channel.IMPORT,
        author=None,
        filename: str = "",
    ):
        self.programme = programme
        self.default_table = default_table
        self.channel = channel
        self.author = author
        self.filename = filename
        self.tables = {t.code.casefold(): t for t in programme.tables.all()}
        self.themes = {
            slug.casefold(): pk
            for pk, slug in Theme.objects.filter(programme=programme).values_list("pk", "slug")
        }
        self.kinds = set(Kind.values)
        self._targets: dict[str, str | None] = {}

    def prepare(self, row: SourceRow) -> tuple[PreparedRow | None, str]:
        if row.error:
            return None, row.error
        data: dict[str, object] = {}
        metadata: dict[str, object] = {}
        targets = self._targets
        for column, value in row.values.items():
            target = targets.get(column, "?")
            if target == "?":
                target = targets[column] = field_for_column(column)
            if target:
                data[target] = value
            elif value not in ("", None):
                metadata[column or "kolom"] = value
        # Every problem of the row at once, so one round of corrections fixes the row.
        problems: list[str] = []
        text = _as_text(data.get("text")).strip()
        if not text:
            problems.append(_("de tekst is leeg"))
        elif len(text) > MAX_TEXT_LENGTH:
            problems.append(
                _("de tekst is %(n)d tekens lang, het maximum is %(max)d")
                % {"n": len(text), "max": MAX_TEXT_LENGTH}
            )
        kind = _as_text(data.get("kind")).strip().lower() or Kind.OVERIG
        if kind not in self.kinds:
            problems.append(
                _("onbekende soort ‘%(kind)s’ (kies uit %(choices)s)")
                % {"kind": kind, "choices": ", ".join(Kind.values)}
            )
        role = " ".join(_as_text(data.get("role")).split())
        if len(role) > 80:
            problems.append(_("de rol is langer dan 80 tekens"))
        table = self.default_table
        code = _as_text(data.get("table")).strip()
        if code:
            table = self.tables.get(code.casefold())
            if table is None:
                problems.append(_("onbekende tafel ‘%(code)s’ in dit programma") % {"code": code})
        theme_ids = []
        for slug in _split_themes(data.get("theme")):
            pk = self.themes.get(slug.casefold())
            if pk is None:
                problems.append(_("onbekend thema ‘%(slug)s’ in het codeboek") % {"slug": slug})
            elif pk not in theme_ids:
                theme_ids.append(pk)
        language = _as_text(data.get("language")).strip().lower() or "nl"
        if not LANGUAGE_RE.match(language):
            problems.append(
                _("onbekende taalcode ‘%(language)s’ (bijvoorbeeld nl, en, de)")
                % {"language": language}
            )
        quote_word = _as_text(data.get("is_quote")).strip().lower()
        is_quote = quote_word in TRUE_WORDS
        if not is_quote and quote_word not in FALSE_WORDS:
            problems.append(_("is_quote ‘%(value)s’ is geen ja of nee") % {"value": quote_word})
        created_at = None
        raw_date = _as_text(data.get("created_at")).strip()
        if raw_date:
            created_at = parse_datetime(raw_date)
            if created_at is None:
                problems.append(
                    _("datum ‘%(value)s’ niet herkend (gebruik bijvoorbeeld 2026-03-12 19:30)")
                    % {"value": raw_date}
                )
        external_id = _as_text(data.get("external_id")).strip()
        if len(external_id) > MAX_EXTERNAL_ID:
            problems.append(
                _("external_id is langer dan %(max)d tekens") % {"max": MAX_EXTERNAL_ID}
            )
        if problems:
            return None, "; ".join(problems)
        key = f"ext:{external_id}" if external_id else f"sha:{content_hash(text)}"
        if self.filename:
            metadata["_import"] = {"file": self.filename, "row": row.number}
        values = {
            "programme_id": self.programme.pk,
            "table_id": table.pk if table else None,
            "channel": self.channel,
            "kind": kind,
            "text": text,
            "role_label": role,
            "is_quote": is_quote,
            "language": language,
            "import_key": key,
            "metadata": metadata,
            "author_id": self.author.pk if self.author else None,
        }
        return PreparedRow(row.number, key, values, theme_ids, created_at), ""


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def _split_themes(value: object) -> list[str]:
    items = value if isinstance(value, list) else _as_text(value).split(";")
    return [str(s).strip() for s in items if str(s).strip()]


def parse_datetime(value: str) -> dt.datetime | None:
    match = DUTCH_DATE_RE.match(value)
    try:
        if match:
            day, month, year, hour, minute = match.groups()
            parsed = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
        else:
            parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def import_rows(
    rows: Iterable[SourceRow],
    validator: RowValidator,
    report: ImportReport,
    *,
    strict: bool = False,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate and write in one transaction. With `strict`, any bad row rolls everything back
    (StrictImportError); with `dry_run` nothing is written but the report is complete."""
    report.strict, report.dry_run = strict, dry_run
    programme = validator.programme
    started = timezone.now()
    seen: dict[str, int] = {}
    pending: list[PreparedRow] = []

    def flush() -> None:
        keys = [p.key for p in pending]
        already = _("al eerder geïmporteerd")
        existing: set[str] = set()
        for i in range(0, len(keys), 900):
            existing.update(
                Contribution.objects.filter(
                    programme=programme, import_key__in=keys[i : i + 900]
                ).values_list("import_key", flat=True)
            )
        fresh = []
        for p in pending:
            if p.key in existing:
                report.already_imported += 1
                report.add_problem(p.number, already, Severity.SKIPPED)
            else:
                fresh.append(p)
        if not dry_run and not (strict and report.errors):
            write_batch(fresh, validator.author)
            report.added += len(fresh)
        pending.clear()

    try:
        with transaction.atomic():
            done = 0
            for row in rows:
                report.rows_read += 1
                done += 1
                if progress and done == 500:
                    progress(done)
                    done = 0
                if len(report.preview) < PREVIEW_ROWS:
                    report.preview.append(
                        {"row": row.number, "values": row.values, "error": row.error}
                    )
                prepared, problem = validator.prepare(row)
                if prepared is None:
                    report.add_problem(row.number, problem)
                    continue
                if row.warning:
                    report.add_warning(row.number, row.warning)
                report.valid += 1
                first = seen.get(prepared.key)
                if first is not None:
                    report.duplicates_in_file += 1
                    report.add_problem(
                        row.number,
                        _("dubbel in dit bestand: zelfde bijdrage als rij %(row)d")
                        % {"row": first},
                        Severity.SKIPPED,
                    )
                    continue
                seen[prepared.key] = row.number
                pending.append(prepared)
                if len(pending) >= batch_size:
                    flush()
            if pending:
                flush()
            if report.added >= 10 * batch_size and connection.vendor == "postgresql":
                # Fresh statistics, or the next import's key look-ups plan a sequential scan.
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"ANALYZE {connection.ops.quote_name(Contribution._meta.db_table)}"
                    )
            if progress and done:
                progress(done)
            # Errors first (they need fixing), then what was skipped, each by row number.
            report.problems.sort(key=lambda p: (p.severity != Severity.ERROR, p.row))
            report.seconds = (timezone.now() - started).total_seconds()
            if strict and report.errors:
                report.added = 0
                raise StrictImportError(report)
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError as exc:  # a unique import key written meanwhile by another import
        raise ConcurrentImportError() from exc
    return report


def write_batch(prepared: list[PreparedRow], author=None) -> None:
    """Insert a batch: COPY on PostgreSQL, one executemany elsewhere.

    The ORM's bulk_create spent two thirds of a 100,000-row import preparing values field by
    field (and auto_now_add would overwrite the dates a file gives); the columns come from the
    model's metadata, so a field added later with a default is still filled.
    """
    if not prepared:
        return
    now = timezone.now()
    now_db = _adapt(CREATED_AT, now)
    ids = _reserve_ids(Contribution, len(prepared))
    values = [
        {
            **p.values,
            "created_at": _adapt(CREATED_AT, p.created_at) if p.created_at else now_db,
            "updated_at": now_db,
        }
        for p in prepared
    ]
    fields = CONTRIBUTION_FIELDS
    if ids is not None:
        fields = [Contribution._meta.pk, *CONTRIBUTION_FIELDS]
        for row, pk in zip(values, ids, strict=True):
            row[Contribution._meta.pk.attname] = pk
    _insert(Contribution, fields, _db_rows(fields, values, {}))
    if not any(p.theme_ids for p in prepared):
        return
    if ids is not None:
        id_by_key = {p.key: pk for p, pk in zip(prepared, ids, strict=True)}
    else:
        id_by_key = _ids_by_key(
            prepared[0].values["programme_id"], [p.key for p in prepared if p.theme_ids]
        )
    ready = {
        "source": str(ThemeAssignment.Source.PERSON),
        "assigned_by_id": author.pk if author else None,
        "assigned_at": _adapt(ThemeAssignment._meta.get_field("assigned_at"), now),
    }
    assignments = [
        {"contribution_id": id_by_key[p.key], "theme_id": theme_id}
        for p in prepared
        for theme_id in p.theme_ids
    ]
    _insert(ThemeAssignment, ASSIGNMENT_FIELDS, _db_rows(ASSIGNMENT_FIELDS, assignments, ready))


def _reserve_ids(model, n: int) -> list[int] | None:
    """PostgreSQL hands out a batch of ids up front, so the theme codings need no look-up of
    the rows just copied in. Elsewhere the database numbers the rows itself (None)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, n],
        )
        return [row[0] for row in cursor.fetchall()]


def _ids_by_key(programme_id: int, keys: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for i in range(0, len(keys), 900):
        ids.update(
            Contribution.objects.filter(
                programme_id=programme_id, import_key__in=keys[i : i + 900]
            ).values_list("import_key", "pk")
        )
    return ids


def _concrete_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


CONTRIBUTION_FIELDS = _concrete_fields(Contribution)
ASSIGNMENT_FIELDS = _concrete_fields(ThemeAssignment)
CREATED_AT = Contribution._meta.get_field("created_at")
# Values the drivers take as they are; everything else goes through the field's own adaptation.
_PLAIN = (str, int, bool, type(None))


def _adapt(field, value):
    return field.get_db_prep_save(value, connection)


def _db_rows(fields: list, rows: list[dict], ready: dict) -> list[tuple]:
    """Database values for rows of Python values that all have the same keys. `ready` values
    are already adapted; a field in neither gets its model default, worked out once."""
    plain = (*_PLAIN, dt.datetime) if connection.vendor == "postgresql" else _PLAIN
    constant = dict(ready)
    for f in fields:
        if f.attname not in constant and f.attname not in rows[0]:
            default = f.get_default()
            constant[f.attname] = default if isinstance(default, _PLAIN) else _adapt(f, default)
    plan = [(f.attname, f, f.attname in constant) for f in fields]
    out = []
    for values in rows:
        row = []
        for attname, f, is_constant in plan:
            if is_constant:
                row.append(constant[attname])
                continue
            value = values[attname]
            row.append(value if isinstance(value, plain) else _adapt(f, value))
        out.append(tuple(row))
    return out


def _insert(model, fields: list, rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk path: one stream instead of a round trip per row. It
            # goes past Django's cursor wrapper, so its errors are translated here (a
            # duplicate import key is then django.db.IntegrityError, as elsewhere).
            with connection.wrap_database_errors:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def column_mapping(columns: list[str]) -> list[tuple[str, str | None]]:
    return [(c, field_for_column(c)) for c in columns]


def import_contributions(
    path: Path | str,
    programme: Programme,
    *,
    default_table: Table | None = None,
    strict: bool = False,
    dry_run: bool = False,
    author=None,
    filename: str = "",
    progress_factory: Callable[[FileInfo], Callable[[int], None] | None] | None = None,
) -> ImportReport:
    """Read a CSV, XLSX or JSONL file and import its rows into `programme`.

    Raises readers.UnreadableFile when the file as a whole cannot be read (no `text` column,
    unknown format), StrictImportError when `strict` and a row is bad.
    """
    from .readers import UnreadableFile

    info, rows = open_rows(path)
    if "text" not in {field_for_column(c) for c in info.columns}:
        raise no_text_column(info.columns)
    name = filename or Path(path).name
    report = ImportReport(info=info, filename=name, mapping=column_mapping(info.columns))
    validator = RowValidator(programme, default_table=default_table, author=author, filename=name)
    progress = progress_factory(info) if progress_factory else None
    report = import_rows(rows, validator, report, strict=strict, dry_run=dry_run, progress=progress)
    if not report.rows_read:
        raise UnreadableFile(_("Het bestand heeft een kopregel, maar geen rijen met inhoud."))
    return report
