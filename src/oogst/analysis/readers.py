"""Read a file of contributions row by row: CSV (any delimiter, any common encoding), XLSX,
JSONL, and a JSON list. One reader for `oogst analyse` and for the web app's import, so a file
reads the same in both; streaming, so a 100,000-row export costs the memory of one row (a .json
document is the exception: it is one value, parsed whole).

Rows are numbered as the user sees them: the spreadsheet's row for CSV and XLSX (header = row 1,
blank rows counted, a text with line breaks still one row), the line for JSONL, the item for a
JSON list. The reader says what it found — the cells, the file's lines, whether a line was not
UTF-8 — and what is wrong, as a `Problem` or `ReadError` with a code and the facts; the caller
words it for its own reader (English on the command line, Dutch in the web app).
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .encodings import (
    MIXED_ENCODING,
    count_lines,
    detect_encoding,
    guess_delimiter,
    text_lines,
    text_sample,
)

__all__ = [
    "COLUMN_ALIASES",
    "MIXED_ENCODING",
    "ReadError",
    "Row",
    "Source",
    "detect_encoding",
    "field_for_name",
    "guess_delimiter",
    "json_lines",
    "open_source",
    "text_lines",
    "text_sample",
]
csv.field_size_limit(2**27)

# Deeper than any record a person or an export tool writes, far below Python's recursion
# limit: a line of 100,000 `[` is a row error, not a RecursionError.
MAX_JSON_DEPTH = 100
TOO_DEEP = "Nesting too deep"

# Suffix -> format. Anything else is read as CSV by `oogst analyse`; the import refuses it.
FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}

# The fields Oogst knows and the other names people give their columns (compared after
# `normalise_column`). One table for `oogst analyse` and the import, so both read a file alike.
COLUMN_ALIASES = {
    "tekst": "text",
    "bijdrage": "text",
    "inbreng": "text",
    "soort": "kind",
    "soort_bijdrage": "kind",
    "rol": "role",
    "role_label": "role",
    "tafel": "table",
    "tafelcode": "table",
    "tafelnaam": "table",
    "tafelnummer": "table",
    "dialoogtafel": "table",
    "thema": "theme",
    "themas": "theme",
    "thema's": "theme",
    "themes": "theme",
    "taal": "language",
    "extern_id": "external_id",
    "externe_id": "external_id",
    "datum": "created_at",
    "aangemaakt": "created_at",
    "citaat": "is_quote",
    "quote": "is_quote",
    # A spreadsheet's own numbering column is the id analysts refer to. (`id` is no field of
    # the import, so there these columns stay metadata, as before.)
    "nr": "id",
    "nr.": "id",
    "nummer": "id",
    "no": "id",
    "no.": "id",
    "#": "id",
}
# Also the columns the quote picker reads, so that "Consent" counts as much as "consent".
KNOWN_FIELDS = frozenset({"id", "consent", "quote_consent", "verbatim", *COLUMN_ALIASES.values()})


def normalise_column(name: object) -> str:
    """`  Extern ID ` -> `extern_id`: how column names are compared."""
    return " ".join(str(name or "").split()).strip().lower().replace(" ", "_")


def field_for_name(name: object) -> str | None:
    """The known field a column holds (`ID`, `Tekst` -> `id`, `text`), or None."""
    key = normalise_column(name)
    key = COLUMN_ALIASES.get(key, key)
    return key if key in KNOWN_FIELDS else None


def lacking(columns: Iterable[object], needs: tuple[str, ...]) -> list[str]:
    """The needed fields no column holds."""
    present = {field_for_name(c) for c in columns}
    return [n for n in needs if n not in present]


# --- what can be wrong ------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """What is wrong with one row; the row is still given, so the caller can name it.

    code: `fields` (more fields than the header: `n`, `width`, `delimiter`), `json` (not valid
    JSON: `error`, a JSONDecodeError), `not_object` (a JSON value that is no object: `value`).
    """

    code: str
    facts: dict[str, Any]


class ReadError(ValueError):
    """The file as a whole cannot be read. `code` and `facts` say why:

    `missing`, `folder`; `document` (a document by its name: `what`, `suffix`); `signature` (a
    document by its first bytes: `kind` zip, pdf, ole or rtf, and `what`); `decode`
    (`encoding`, `start`, `reason`); `os` (`reason`); `csv` (the csv module gave up: `number`,
    `lines`, `reason`); `xlsx_zip`, `xlsx` (`reason`); `no_sheet` (`sheets`: [(title, header)],
    `needs`); `json_document` (`error`); `json_shape` (`value`: a .json file holding no list).
    """

    def __init__(self, code: str, **facts: Any) -> None:
        super().__init__(f"{code}: {facts}")
        self.code = code
        self.facts = facts


# Documents people keep contributions in that are no input format. Read as CSV, such a file
# gives a page of "problems" about delimiters instead of the one thing to do.
NOT_INPUT_FORMATS = {
    ".docx": "a Word document",
    ".doc": "a Word document",
    ".odt": "an OpenDocument text",
    ".rtf": "an RTF document",
    ".pdf": "a PDF",
    ".xls": "an Excel 97-2003 workbook (.xls)",
    ".ods": "an OpenDocument spreadsheet",
}
# The first bytes of such documents, for one saved under another name (`export.csv`).
DOCUMENT_SIGNATURES = (
    (
        b"PK\x03\x04",
        "zip",
        "a ZIP archive (a Word document, or an Excel workbook not named .xlsx?)",
    ),
    (b"%PDF", "pdf", "a PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole", "an old Word or Excel document (.doc, .xls)"),
    (b"{\\rtf", "rtf", "an RTF document"),
)


# --- JSON -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JsonBroken:
    """A line that is not valid JSON, with the parser's error."""

    error: json.JSONDecodeError

    @property
    def reason(self) -> str:
        return json_error_reason(self.error)


def json_error_reason(exc: json.JSONDecodeError) -> str:
    """What the JSON parser found, with the column, in words that point at the usual cause."""
    if exc.msg.startswith("Invalid control character"):
        return f"column {exc.colno}: a tab or line break inside a text; write it as \\t or \\n"
    if exc.msg == TOO_DEEP:
        return f"nested deeper than {MAX_JSON_DEPTH} levels at column {exc.colno}"
    return f"{exc.msg.removesuffix(' at')} at column {exc.colno}"


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def nesting_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> int | None:
    """Where JSON `text` opens its (`limit` + 1)th level, or None when it nests no deeper.
    Cheap for ordinary text: only a text with more brackets than `limit` is looked at."""
    if text.count("[") + text.count("{") <= limit:
        return None
    # Brackets inside strings do not nest: blank the strings out, keeping every position.
    blanked = _JSON_STRING.sub(lambda m: " " * len(m.group()), text)
    depth = 0
    for match in _JSON_BRACKET.finditer(blanked):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return match.start()
        else:
            depth -= 1
    return None


def parse_json(text: str) -> object:
    """json.loads, with nesting deeper than MAX_JSON_DEPTH a JSONDecodeError like any other
    fault (json.loads itself raises RecursionError, or worse, a few thousand levels down)."""
    position = nesting_too_deep(text)
    if position is not None:
        raise json.JSONDecodeError(TOO_DEEP, text, position)
    try:
        return json.loads(text)
    except RecursionError as exc:  # a caller already deep in its own stack
        raise json.JSONDecodeError(TOO_DEEP, text, 0) from exc


def json_lines(lines: Iterable[str]) -> Iterator[tuple[int, object]]:
    """(line number, parsed value or JsonBroken) for each non-blank line of a JSONL file."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, parse_json(line)
        except json.JSONDecodeError as exc:
            yield number, JsonBroken(exc)


def json_kind(value: object) -> str:
    """What a JSON value is, in words: `a list [...]`, `the number 7`."""
    if isinstance(value, list):
        return "a list [...]"
    if isinstance(value, dict):
        return "an object {...}"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"a {type(value).__name__}"


def json_objects(
    values: Iterable[tuple[int, object]],
) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """(number, the object, "") for each numbered JSON value that is an object; (number,
    None, what is wrong) for one that is not, or is a `JsonBroken` line."""
    for number, value in values:
        if isinstance(value, JsonBroken):
            yield number, None, f"not valid JSON ({value.reason})"
        elif not isinstance(value, dict):
            yield number, None, f"{json_kind(value)}, not a JSON object {{...}}"
        else:
            yield number, value, ""


# --- the reader -------------------------------------------------------------------------------


@dataclass
class Row:
    """One row as the file holds it. `cells` are in column order (CSV, XLSX: strings, or what
    the spreadsheet cell holds: a number, a date, None), or the JSON object itself."""

    number: int
    cells: Any
    problem: Problem | None = None
    # The file's first and last line (CSV), where they differ from the row's number.
    lines: tuple[int, int] | None = None
    # Read as Windows-1252 in a file that is otherwise UTF-8.
    windows: bool = False


@dataclass
class Source:
    """An opened file: its format and header, and its rows (iterate `rows()` once)."""

    path: Path
    format: str  # csv, xlsx, jsonl, json
    unit: str  # what a row number counts: "row", "line" or "item"
    columns: list[Any]  # the header as written; JSON: the keys of the first object
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    header_lines: tuple[int, int] | None = None
    # Lines read as Windows-1252 outside any row: in a CSV header, anywhere in a JSON document.
    windows_lines: list[int] = field(default_factory=list)
    # JSONL: the first value, for a caller that must refuse a file whose first line is broken.
    first: tuple[int, object] | None = None
    _rows: Iterator[Row] = field(default_factory=lambda: iter(()), repr=False)
    _approx: int | None = field(default=None, repr=False)

    def rows(self) -> Iterator[Row]:
        return self._rows

    def approx_rows(self) -> int:
        """About how many rows follow the header (for a progress bar)."""
        if self._approx is None:
            lines = count_lines(self.path)
            self._approx = lines if self.format == "jsonl" else max(0, lines - 1)
        return self._approx


def check_document(path: Path) -> None:
    """ReadError for a missing file, a folder, or a document that is no input format by its
    name. (A document under another name is caught by its first bytes when it is opened.)"""
    if not path.exists():
        raise ReadError("missing")
    if path.is_dir():
        raise ReadError("folder")
    suffix = path.suffix.lower()
    if suffix in NOT_INPUT_FORMATS:
        raise ReadError("document", what=NOT_INPUT_FORMATS[suffix], suffix=suffix)


def open_source(path: Path | str, needs: tuple[str, ...] = ()) -> Source:
    """Open a file by its suffix (anything unknown as CSV). In a workbook, the first sheet
    with a header that has the columns `needs` is read; ReadError when there is none."""
    path = Path(path)
    check_document(path)
    fmt = FORMATS.get(path.suffix.lower(), "csv")
    try:
        if fmt == "xlsx":
            return _open_xlsx(path, needs)
        _refuse_documents(path)
        encoding = detect_encoding(path)
        if fmt == "jsonl":
            return _open_jsonl(path, encoding)
        if fmt == "json":
            return _open_json(path, encoding)
        default = "\t" if path.suffix.lower() == ".tsv" else ","
        return _open_csv(path, encoding, default)
    except (UnicodeDecodeError, OSError) as exc:
        raise _file_error(exc) from exc


def _file_error(exc: UnicodeDecodeError | OSError) -> ReadError:
    """A file that stops decoding or cannot be read, at the start or while streaming."""
    if isinstance(exc, UnicodeDecodeError):
        return ReadError("decode", encoding=exc.encoding, start=exc.start, reason=exc.reason)
    return ReadError("os", reason=exc.strerror or str(exc))


def _refuse_documents(path: Path) -> None:
    with open(path, "rb") as fh:
        head = fh.read(8)
    for signature, kind, what in DOCUMENT_SIGNATURES:
        if head.startswith(signature):
            raise ReadError("signature", kind=kind, what=what)


def _guarded(rows: Iterator[Row]) -> Iterator[Row]:
    """The rows, with a decoding or disk error while streaming a ReadError like one at the
    start."""
    try:
        yield from rows
    except (UnicodeDecodeError, OSError) as exc:
        raise _file_error(exc) from exc


def _open_csv(path: Path, encoding: str, default: str) -> Source:
    delimiter = guess_delimiter(text_sample(path, encoding), default=default)
    fallback: list[int] = []
    lines = text_lines(path, encoding, fallback)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ReadError("csv", number=1, lines=(1, reader.line_num), reason=str(exc)) from exc
    source = Source(path, "csv", "row", list(header or []), encoding, delimiter)
    if header is None:
        lines.close()
        return source
    source.header_lines = (1, reader.line_num)
    source.windows_lines = list(fallback)
    source._rows = _guarded(_csv_rows(reader, lines, fallback, len(header), delimiter))
    return source


def _csv_rows(reader, lines, fallback: list[int], width: int, delimiter: str) -> Iterator[Row]:
    # Rows are numbered as a spreadsheet shows the file: one row per record, blank ones
    # included, although a text with line breaks makes a record span several lines.
    number = 1
    # The reader takes exactly the lines of one row at a time, so a line added to `fallback`
    # while reading a row belongs to that row.
    seen = len(fallback)
    last_line = reader.line_num
    try:
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                # The row being read when the reader gave up: the one after the last it finished.
                raise ReadError(
                    "csv",
                    number=number + 1,
                    lines=(reader.line_num, reader.line_num),
                    reason=str(exc),
                ) from exc
            number += 1
            span = (last_line + 1, reader.line_num)
            last_line = reader.line_num
            windows = len(fallback) > seen
            seen = len(fallback)
            if not any(v.strip() for v in values):
                continue
            problem = None
            # Empty trailing fields (a delimiter at the end of the row) cut no text.
            if len(values) > width and any(v.strip() for v in values[width:]):
                facts = {"n": len(values), "width": width, "delimiter": delimiter}
                problem = Problem("fields", facts)
            yield Row(number, values, problem, span, windows)
    finally:
        lines.close()


def _open_xlsx(path: Path, needs: tuple[str, ...]) -> Source:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile as exc:
        raise ReadError("xlsx_zip") from exc
    except Exception as exc:  # openpyxl raises many types for a broken or mislabelled file
        raise ReadError("xlsx", reason=str(exc)) from exc
    found = []
    for sheet in book.worksheets:
        header = list(next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None) or ())
        if any(str(h).strip() for h in header if h is not None) and not lacking(
            (h for h in header if h is not None), needs
        ):
            source = Source(path, "xlsx", "row", header, sheet=sheet.title)
            source._rows = _xlsx_rows(book, sheet)
            source._approx = max(0, (sheet.max_row or 1) - 1)
            return source
        found.append((sheet.title, header))
    book.close()
    raise ReadError("no_sheet", sheets=found, needs=needs)


def _xlsx_rows(book, sheet) -> Iterator[Row]:
    try:
        for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            yield Row(number, list(values))
    finally:
        book.close()


def _open_jsonl(path: Path, encoding: str) -> Source:
    lines = text_lines(path, encoding)
    first = next(json_lines(lines), None)
    lines.close()
    value = first[1] if first else None
    columns = list(value) if isinstance(value, dict) else []
    source = Source(path, "jsonl", "line", columns, encoding, first=first)
    source._rows = _guarded(_jsonl_rows(path, encoding))
    return source


def _jsonl_rows(path: Path, encoding: str) -> Iterator[Row]:
    fallback: list[int] = []
    for number, value in json_lines(text_lines(path, encoding, fallback)):
        windows = bool(fallback) and fallback[-1] == number
        yield Row(number, *_json_cells(value), windows=windows)


def _json_cells(value: object) -> tuple[dict[str, Any] | None, Problem | None]:
    if isinstance(value, JsonBroken):
        return None, Problem("json", {"error": value.error})
    if not isinstance(value, dict):
        return None, Problem("not_object", {"value": value})
    return value, None


def _open_json(path: Path, encoding: str) -> Source:
    fallback: list[int] = []
    try:
        data = parse_json("".join(text_lines(path, encoding, fallback)))
    except json.JSONDecodeError as exc:
        raise ReadError("json_document", error=exc) from exc
    if isinstance(data, dict) and isinstance(data.get("contributions"), list):
        data = data["contributions"]
    if not isinstance(data, list):
        raise ReadError("json_shape", value=data)
    first = data[0] if data else None
    columns = list(first) if isinstance(first, dict) else []
    source = Source(path, "json", "item", columns, encoding, windows_lines=fallback)
    source._rows = iter(
        [Row(number, *_json_cells(value)) for number, value in enumerate(data, start=1)]
    )
    source._approx = len(data)
    return source
