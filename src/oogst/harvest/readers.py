"""Read contribution files row by row — CSV (any delimiter, any common encoding), XLSX, JSONL —
without loading the whole file, so a 100,000-row export costs the same memory as a 10-row one.

A reader gives column names and a stream of `SourceRow`s numbered as the user sees them: the
spreadsheet row (header = row 1) for CSV and XLSX, the line number for JSONL.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

# Encoding, delimiter and column-name detection live in the analysis library (no Django),
# which reads the same files from the command line.
from oogst.analysis.io import (
    JsonBroken,
    detect_encoding,
    field_for_name,
    guess_delimiter,
    json_lines,
    normalise_column,
    text_lines,
    text_sample,
)

FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


class UnreadableFile(ValueError):
    """The file as a whole cannot be read (wrong format, no header, no `text` column …)."""


@dataclass
class SourceRow:
    number: int
    values: dict[str, object]
    error: str = ""
    warning: str = ""  # the row is read, but the user should look at it


@dataclass
class FileInfo:
    format: str
    columns: list[str]
    encoding: str = ""
    delimiter: str = ""
    approx_rows: int | None = None
    extra: dict = field(default_factory=dict)


def detect_format(path: Path | str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UnreadableFile(
            _("Onbekend bestandstype ‘%(suffix)s’: gebruik .csv, .xlsx of .jsonl.")
            % {"suffix": suffix or "?"}
        )
    return FORMATS[suffix]


def _count_lines(path: Path) -> int:
    n = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            n += chunk.count(b"\n")
    return n


def open_rows(path: Path | str) -> tuple[FileInfo, Iterator[SourceRow]]:
    path = Path(path)
    kind = detect_format(path)
    if not path.is_file():
        raise UnreadableFile(
            _("Het bestand ‘%(name)s’ bestaat niet.") % {"name": path}
            if not path.exists()
            else _("‘%(name)s’ is een map, geen bestand.") % {"name": path}
        )
    if kind == "csv":
        return _open_csv(path)
    if kind == "xlsx":
        return _open_xlsx(path)
    return _open_jsonl(path)


def _open_csv(path: Path) -> tuple[FileInfo, Iterator[SourceRow]]:
    encoding = detect_encoding(path)
    sample = text_sample(path, encoding)
    delimiter = guess_delimiter(sample, default="\t" if path.suffix.lower() == ".tsv" else ",")
    lines = text_lines(path, encoding)
    header = next(csv.reader(lines, delimiter=delimiter), None)
    lines.close()
    if not header or not any(h.strip() for h in header):
        raise UnreadableFile(_("Het bestand is leeg of heeft geen kopregel."))
    columns = [normalise_column(h) for h in header]
    info = FileInfo(
        "csv",
        columns,
        encoding=encoding,
        delimiter=delimiter,
        approx_rows=max(0, _count_lines(path) - 1),
    )

    def rows() -> Iterator[SourceRow]:
        fallback: list[int] = []
        reader = csv.reader(text_lines(path, encoding, fallback), delimiter=delimiter)
        next(reader, None)
        # Rows are numbered as a spreadsheet shows the file (header = row 1, one row per
        # record, blank ones included), as `oogst analyse` does, although a text with line
        # breaks makes a record span several lines.
        number = 1
        # The reader takes the lines of one row at a time: a line added to `fallback` while
        # reading a row belongs to that row.
        seen = len(fallback)
        for values in reader:
            number += 1
            fell_back = len(fallback) > seen
            seen = len(fallback)
            if not any(v.strip() for v in values):
                continue
            row = SourceRow(number, dict(zip(columns, values, strict=False)))
            if fell_back:
                row.warning = _("niet in UTF-8; gelezen als Windows-1252")
            # Empty trailing fields (a delimiter at the end of the row) cut no text.
            if len(values) > len(columns) and any(v.strip() for v in values[len(columns) :]):
                row.error = _(
                    "de rij heeft %(n)d velden, de kopregel %(m)d: zet teksten met het "
                    "scheidingsteken ‘%(delimiter)s’ erin tussen aanhalingstekens"
                ) % {
                    "n": len(values),
                    "m": len(columns),
                    "delimiter": _("tab") if delimiter == "\t" else delimiter,
                }
            yield row

    return info, rows()


def _cell_text(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _open_xlsx(path: Path) -> tuple[FileInfo, Iterator[SourceRow]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(
            _(
                "Dit is geen Excel-werkmap (.xlsx); is het een CSV- of een oud .xls-bestand "
                "met een andere naam?"
            )
        ) from exc
    except Exception as exc:  # openpyxl raises many types for a broken or mislabelled file
        raise UnreadableFile(
            _("Dit is geen leesbaar Excel-bestand (.xlsx): %(error)s") % {"error": exc}
        ) from exc
    # The first sheet with a text column: a workbook often opens with an explanation sheet.
    headers = []
    for candidate in workbook.worksheets:
        first = next(candidate.iter_rows(min_row=1, max_row=1, values_only=True), None) or ()
        headers.append((candidate, first))
        if any(field_for_name(h) == "text" for h in first if h is not None):
            sheet, header = candidate, first
            break
    else:
        named = [(s, h) for s, h in headers if any(v not in (None, "") for v in h)]
        if len(workbook.worksheets) > 1 and named:
            workbook.close()
            raise UnreadableFile(
                _("Geen van de werkbladen heeft een kolom ‘text’ (of ‘tekst’): %(sheets)s")
                % {
                    "sheets": "; ".join(
                        f"{s.title} ({', '.join(str(v) for v in h if v not in (None, ''))})"
                        for s, h in named
                    )
                }
            )
        if not named:
            workbook.close()
            raise UnreadableFile(_("Het eerste werkblad is leeg of heeft geen kopregel."))
        # One sheet without a text column: the import names the columns it found.
        sheet, header = named[0]
    columns = [normalise_column(h) for h in header]
    info = FileInfo(
        "xlsx", columns, approx_rows=max(0, (sheet.max_row or 1) - 1), extra={"sheet": sheet.title}
    )

    def rows() -> Iterator[SourceRow]:
        try:
            for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
                texts = [_cell_text(v) for v in values]
                if not any(str(t).strip() for t in texts):
                    continue
                yield SourceRow(number, {c: t for c, t in zip(columns, texts, strict=False) if c})
        finally:
            workbook.close()

    return info, rows()


def _open_jsonl(path: Path) -> tuple[FileInfo, Iterator[SourceRow]]:
    encoding = detect_encoding(path)
    lines = text_lines(path, encoding)
    first = next(json_lines(lines), (0, None))[1]
    lines.close()
    if first is None:
        raise UnreadableFile(_("Het bestand is leeg."))
    if isinstance(first, JsonBroken):
        raise UnreadableFile(
            _("De eerste regel is geen geldige JSON: %(error)s")
            % {"error": _json_reason(first.error)}
        ) from first.error
    columns = [normalise_column(k) for k in first] if isinstance(first, dict) else []
    info = FileInfo("jsonl", columns, encoding=encoding, approx_rows=_count_lines(path))

    def rows() -> Iterator[SourceRow]:
        fallback: list[int] = []
        for number, obj in json_lines(text_lines(path, encoding, fallback)):
            warning = (
                _("niet in UTF-8; gelezen als Windows-1252")
                if fallback and fallback[-1] == number
                else ""
            )
            if isinstance(obj, JsonBroken):
                yield SourceRow(
                    number,
                    {},
                    _("geen geldige JSON (%(error)s)") % {"error": _json_reason(obj.error)},
                    warning,
                )
                continue
            if not isinstance(obj, dict):
                yield SourceRow(number, {}, _("de regel is geen JSON-object"), warning)
                continue
            yield SourceRow(number, {normalise_column(k): v for k, v in obj.items()}, "", warning)

    return info, rows()


def _json_reason(exc: json.JSONDecodeError) -> str:
    """The parser's reason (in English) with the column, or the usual cause spelled out."""
    if exc.msg.startswith("Invalid control character"):
        return _(
            "kolom %(column)d: een tab of regeleinde binnen een tekst; schrijf die als \\t of \\n"
        ) % {"column": exc.colno}
    return _("%(error)s, kolom %(column)d") % {
        "error": exc.msg.removesuffix(" at"),
        "column": exc.colno,
    }
