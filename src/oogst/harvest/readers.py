"""Read contribution files row by row — CSV (any delimiter, any common encoding), XLSX, JSONL —
without loading the whole file, so a 100,000-row export costs the same memory as a 10-row one.

A reader gives column names and a stream of `SourceRow`s numbered as the user sees them: the
spreadsheet row (header = row 1) for CSV and XLSX, the line number for JSONL.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

# Encoding and delimiter detection live in the analysis library (no Django), which reads the
# same files from the command line.
from oogst.analysis.io import SAMPLE_BYTES, detect_encoding, guess_delimiter

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


def normalise_column(name: object) -> str:
    return " ".join(str(name or "").split()).strip().lower().replace(" ", "_")


def _count_lines(path: Path) -> int:
    n = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            n += chunk.count(b"\n")
    return n


def open_rows(path: Path | str) -> tuple[FileInfo, Iterator[SourceRow]]:
    path = Path(path)
    kind = detect_format(path)
    if kind == "csv":
        return _open_csv(path)
    if kind == "xlsx":
        return _open_xlsx(path)
    return _open_jsonl(path)


def _open_csv(path: Path) -> tuple[FileInfo, Iterator[SourceRow]]:
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, newline="") as fh:
        sample = fh.read(SAMPLE_BYTES)
    delimiter = guess_delimiter(sample, default="\t" if path.suffix.lower() == ".tsv" else ",")
    with open(path, encoding=encoding, newline="") as fh:
        header = next(csv.reader(fh, delimiter=delimiter), None)
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
        with open(path, encoding=encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            next(reader, None)
            for values in reader:
                number = reader.line_num
                if not any(v.strip() for v in values):
                    continue
                row = SourceRow(number, dict(zip(columns, values, strict=False)))
                if len(values) > len(columns):
                    row.error = _("de rij heeft %(n)d velden, de kopregel %(m)d") % {
                        "n": len(values),
                        "m": len(columns),
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
    except Exception as exc:  # openpyxl raises many types for a broken or mislabelled file
        raise UnreadableFile(
            _("Dit is geen leesbaar Excel-bestand (.xlsx): %(error)s") % {"error": exc}
        ) from exc
    sheet = workbook.worksheets[0]
    header_rows = sheet.iter_rows(min_row=1, max_row=1, values_only=True)
    header = next(header_rows, None)
    if not header or not any(h not in (None, "") for h in header):
        workbook.close()
        raise UnreadableFile(_("Het eerste werkblad is leeg of heeft geen kopregel."))
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
    columns: list[str] = []
    with open(path, encoding=encoding) as fh:
        for line in fh:
            if line.strip():
                try:
                    first = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UnreadableFile(
                        _("De eerste regel is geen geldige JSON: %(error)s") % {"error": exc}
                    ) from exc
                if isinstance(first, dict):
                    columns = [normalise_column(k) for k in first]
                break
    info = FileInfo("jsonl", columns, encoding=encoding, approx_rows=_count_lines(path))

    def rows() -> Iterator[SourceRow]:
        with open(path, encoding=encoding) as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield SourceRow(
                        number, {}, _("geen geldige JSON (%(error)s)") % {"error": exc.msg}
                    )
                    continue
                if not isinstance(obj, dict):
                    yield SourceRow(number, {}, _("de regel is geen JSON-object"))
                    continue
                yield SourceRow(number, {normalise_column(k): v for k, v in obj.items()})

    return info, rows()
