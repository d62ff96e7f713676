"""Import contributions from files: validate every row, and record the valid ones through the
one recording action (`actions.record_contributions`) in one transaction, in batches,
idempotently (`import_key` = `ext:<external_id>` or `sha:<content hash>`).

`import_contributions` is the service the command line and the web upload share; `import_rows`
takes any stream of rows (dicts), so other channels (the API) reuse the same validation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oogst.analysis.kinds import known_kind
from oogst.analysis.readers import COLUMN_ALIASES
from oogst.analysis.text import FALSE_WORDS, TRUE_WORDS
from oogst.codebook.models import Theme
from oogst.programme.models import Programme, Table

from . import actions, bulk
from .actions import NewContribution, Outcome
from .models import MAX_TEXT_LENGTH, Channel, Kind
from .readers import FileInfo, SourceRow, no_text_column, open_rows
from .tablemap import ERROR, NoTrack, TableMap, TableValue
from .tablemap import NONE as NO_TABLE

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
# "12 maart 2026", "do 12 mrt. 2026 19:30": dates as a field report writes them.
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "januari jan",
            "februari feb",
            "maart mrt mar",
            "april apr",
            "mei",
            "juni jun",
            "juli jul",
            "augustus aug",
            "september sep sept",
            "oktober okt oct",
            "november nov",
            "december dec",
        ),
        start=1,
    )
    for name in names.split()
}
WORDED_DATE_RE = re.compile(
    r"^(?:[a-z]+\.?,?\s+)?(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})(?:,?\s+(?:om\s+)?(\d{1,2})[:.](\d{2}))?$"
)
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
    # "done": the new contributions are redacted; "pending": a background job redacts them.
    redaction: str = ""
    # The file's own table values and where their rows go (see `tablemap`).
    table_values: list[TableValue] = field(default_factory=list)

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


class RowValidator:
    """Turns one source row into a NewContribution, or says what is wrong with it."""

    def __init__(
        self,
        programme: Programme,
        *,
        default_table: Table | None = None,
        channel: str = Channel.IMPORT,
        author=None,
        filename: str = "",
        table_map: TableMap | None = None,
    ):
        self.programme = programme
        self.default_table = default_table
        self.channel = channel
        self.author = author
        self.filename = filename
        self.tables = {t.code.casefold(): t for t in programme.tables.all()}
        # By code only, unless the import maps the file's own names (see `tablemap`).
        self._table_map = table_map
        self.themes = {
            slug.casefold(): pk
            for pk, slug in Theme.objects.filter(programme=programme).values_list("pk", "slug")
        }
        self._targets: dict[str, str | None] = {}

    @property
    def table_map(self) -> TableMap:
        if self._table_map is None:
            self._table_map = TableMap(self.programme, self.tables.values(), match=False)
        return self._table_map

    def prepare(self, row: SourceRow) -> tuple[NewContribution | None, str]:
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
        # The kinds in other words `oogst analyse` understands too ("Knelpunt", "kans").
        kind_word = _as_text(data.get("kind")).strip().lower()
        kind = known_kind(kind_word) if kind_word else Kind.OVERIG
        if kind is None:
            problems.append(
                _("onbekende soort ‘%(kind)s’ (kies uit %(choices)s)")
                % {"kind": kind_word, "choices": ", ".join(Kind.values)}
            )
        role = " ".join(_as_text(data.get("role")).split())
        if len(role) > 80:
            problems.append(_("de rol is langer dan 80 tekens"))
        table = self.default_table
        code = _as_text(data.get("table")).strip()
        if code:
            table, outcome = self.table_map.resolve(code)
            if outcome == NO_TABLE:
                row.warning = "; ".join(
                    filter(
                        None,
                        [
                            row.warning,
                            _("tafel ‘%(value)s’ onbekend: opgeslagen zonder tafel")
                            % {"value": code},
                        ],
                    )
                )
            elif outcome:
                problems.append(self.table_map.problem(code))
        theme_ids = []
        for slug in _split_themes(data.get("theme")):
            pk = self.themes.get(slug.casefold())
            if pk is None:
                problems.append(_("onbekend thema ‘%(slug)s’ in het codeboek") % {"slug": slug})
            elif pk not in theme_ids:
                theme_ids.append(pk)
        # No language column: the action detects it from the text.
        language = _as_text(data.get("language")).strip().lower()
        if language and not LANGUAGE_RE.match(language):
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
        if self.filename:
            metadata["_import"] = {"file": self.filename, "row": row.number}
        item = NewContribution(
            text=text,
            kind=kind,
            table_id=table.pk if table else None,
            role_label=role,
            is_quote=is_quote,
            language=language,
            external_id=external_id,
            metadata=metadata,
            created_at=created_at,
            theme_ids=theme_ids,
            number=row.number,
        )
        # The key now, so a caller can follow the row (the action would give the same one).
        item.key = actions.key_for(item, content_keys=True)
        return item, ""


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
    worded = WORDED_DATE_RE.match(value.strip().lower())
    try:
        if match:
            day, month, year, hour, minute = match.groups()
            parsed = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
        elif worded and worded.group(2) in MONTHS:
            day, month, year, hour, minute = worded.groups()
            parsed = dt.datetime(
                int(year), MONTHS[month], int(day), int(hour or 0), int(minute or 0)
            )
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
    batch_size: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate and record in one transaction. With `strict`, any bad row rolls everything back
    (StrictImportError); with `dry_run` nothing is written but the report is complete."""
    report.strict, report.dry_run = strict, dry_run
    started = timezone.now()
    done = 0

    def valid_items() -> Iterator[NewContribution]:
        nonlocal done
        for row in rows:
            report.rows_read += 1
            done += 1
            if progress and done == 500:
                progress(done)
                done = 0
            if len(report.preview) < PREVIEW_ROWS:
                report.preview.append({"row": row.number, "values": row.values, "error": row.error})
            item, problem = validator.prepare(row)
            if item is None:
                report.add_problem(row.number, problem)
                continue
            if row.warning:
                report.add_warning(row.number, row.warning)
            report.valid += 1
            yield item

    already, duplicate = (
        _("al eerder geïmporteerd"),
        _("dubbel in dit bestand: zelfde bijdrage als rij %(row)d"),
    )

    def skipped(item: NewContribution) -> None:
        if item.outcome == Outcome.ALREADY:
            report.already_imported += 1
            report.add_problem(item.number, already, Severity.SKIPPED)
        elif item.outcome == Outcome.DUPLICATE:
            report.duplicates_in_file += 1
            report.add_problem(item.number, duplicate % {"row": item.first}, Severity.SKIPPED)

    try:
        with bulk.long_lived_objects_frozen(), transaction.atomic():
            recorded = actions.record_contributions(
                validator.programme,
                valid_items(),
                channel=validator.channel,
                author=validator.author,
                content_keys=True,
                # After the first bad row of a --strict file nothing more is written (it all
                # rolls back), but what is already there is still counted for the report.
                dry_run=dry_run or (lambda: strict and report.errors > 0),
                source=validator.filename,
                batch_size=batch_size or BATCH_SIZE,
                on_outcome=skipped,
                # Rows are followed by their keys (the API looks its ids up by them).
                want_ids=False,
            )
            report.added, report.redaction = recorded.added, recorded.redaction
            report.table_values = validator.table_map.values()
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
    table_choices: dict[str, Table | str] | None = None,
    unknown_tables: str = ERROR,
    progress_factory: Callable[[FileInfo], Callable[[int], None] | None] | None = None,
) -> ImportReport:
    """Read a CSV, XLSX, JSONL or JSON file and import its rows into `programme`.

    The file's table values are matched to the programme's tables by code, name or number;
    `table_choices` decides per value (a Table, tablemap.NONE, CREATE or ERROR), and
    `unknown_tables` (error, none, create) what is neither matched nor chosen.

    Raises readers.UnreadableFile when the file as a whole cannot be read (no `text` column,
    unknown format), StrictImportError when `strict` and a row is bad.
    """
    from .readers import UnreadableFile

    info, rows = open_rows(path)
    if "text" not in {field_for_column(c) for c in info.columns}:
        raise no_text_column(info.columns)
    name = filename or Path(path).name
    report = ImportReport(info=info, filename=name, mapping=column_mapping(info.columns))
    table_map = TableMap(
        programme,
        programme.tables.select_related("municipality"),
        chosen=table_choices,
        unknown=unknown_tables,
    )
    validator = RowValidator(
        programme, default_table=default_table, author=author, filename=name, table_map=table_map
    )
    progress = progress_factory(info) if progress_factory else None
    try:
        report = import_rows(
            rows, validator, report, strict=strict, dry_run=dry_run, progress=progress
        )
    except NoTrack as exc:
        raise UnreadableFile(str(exc)) from exc
    if not report.rows_read:
        raise UnreadableFile(_("Het bestand heeft een kopregel, maar geen rijen met inhoud."))
    return report
