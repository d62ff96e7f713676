"""Reading contributions and labelled examples from CSV, XLSX or JSONL files.

Every problem with an input file is an `InputError` (a ValueError) whose message names the
file, the row or line, and what is wrong, in words an analyst can act on.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import logging
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

csv.field_size_limit(2**27)

log = logging.getLogger(__name__)

SAMPLE_BYTES = 64 * 1024
# Encodings we accept when a file is not UTF-8: Western European single-byte encodings,
# in the order we trust them. Latin-1 decodes every byte, so it is the last resort.
WESTERN_ENCODINGS = ("cp1252", "latin_1")
# A file that is UTF-8 except for some lines in Windows-1252 (a UTF-8 export edited in Excel).
# Not a Python codec: such a file is read with `text_lines`, line by line.
MIXED_ENCODING = "utf-8+cp1252"
# Longest first: the UTF-32 little-endian BOM starts with the UTF-16 one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# How many problems an error message lists; the rest are counted.
LISTED_PROBLEMS = 10

# The fields Oogst knows and the other names people give their columns (compared after
# `normalise_column`). One table for `oogst analyse` and the import, so both read a file alike.
COLUMN_ALIASES = {
    "tekst": "text",
    "bijdrage": "text",
    "soort": "kind",
    "rol": "role",
    "role_label": "role",
    "tafel": "table",
    "tafelcode": "table",
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


class InputError(ValueError):
    """An input file that cannot be read as asked; the message names the file and the rows."""


def normalise_column(name: object) -> str:
    """`  Extern ID ` -> `extern_id`: how column names are compared."""
    return " ".join(str(name or "").split()).strip().lower().replace(" ", "_")


def field_for_name(name: object) -> str | None:
    """The known field a column holds (`ID`, `Tekst` -> `id`, `text`), or None."""
    key = normalise_column(name)
    key = COLUMN_ALIASES.get(key, key)
    return key if key in KNOWN_FIELDS else None


def detect_encoding(path: Path | str) -> str:
    """The encoding a BOM names; else UTF-8 when every byte decodes as UTF-8; else
    MIXED_ENCODING when the file is mostly UTF-8 with some lines that are not; else the Western
    encoding charset-normalizer prefers, checked against the whole file."""
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE_BYTES)
    bom = next((name for mark, name in BOMS if head.startswith(mark)), None)
    if bom and bom != "utf-8-sig":
        return bom
    if not bom and (wide := _utf16_without_bom(head)):
        return wide
    if _decodes(path, "utf-8"):
        return bom or "utf-8"
    if _mostly_utf8(path):
        return MIXED_ENCODING
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    guess = codecs.lookup(best.encoding).name if best else None
    candidates = [guess] if guess in {codecs.lookup(e).name for e in WESTERN_ENCODINGS} else []
    candidates += [e for e in WESTERN_ENCODINGS if codecs.lookup(e).name not in candidates]
    for encoding in candidates:
        if _decodes(path, encoding):
            return codecs.lookup(encoding).name
    return "latin-1"


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 saved without a BOM: text in Latin script has a NUL byte in every other place,
    which no 8-bit text file has."""
    sample = head[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 3 * even:
        return "utf-16-le"
    if even > 3 * odd:
        return "utf-16-be"
    return None


def _mostly_utf8(path: Path | str) -> bool:
    """At least one line has UTF-8 letters and no fewer lines do than lines that are not
    UTF-8: a UTF-8 file someone edited in a Windows program, not a Windows file in which a
    pair of letters happens to look like UTF-8."""
    good = bad = 0
    with open(path, "rb") as fh:
        for line in fh:
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
                good += 1
            except UnicodeDecodeError:
                bad += 1
    return good > 0 and good >= bad


def _decodes(path: Path | str, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False


def _western(raw: bytes) -> str:
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return raw.decode("latin-1")


def text_lines(path: Path | str, encoding: str, fallback: list[int] | None = None) -> Iterator[str]:
    """The lines of a text file with their line endings (what csv.reader wants). A
    MIXED_ENCODING file is decoded line by line: UTF-8 where a line is UTF-8, Windows-1252
    where it is not; the numbers of those lines (first line = 1) are added to `fallback`."""
    if encoding != MIXED_ENCODING:
        with open(path, encoding=encoding, newline="") as fh:
            yield from fh
        return
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                if fallback is not None:
                    fallback.append(number)
                yield _western(raw)


def text_sample(path: Path | str, encoding: str, size: int = SAMPLE_BYTES) -> str:
    """About the first `size` characters."""
    if encoding != MIXED_ENCODING:
        with open(path, encoding=encoding, newline="") as fh:
            return fh.read(size)
    parts: list[str] = []
    n = 0
    for line in text_lines(path, encoding):
        parts.append(line)
        n += len(line)
        if n >= size:
            break
    return "".join(parts)[:size]


DELIMITERS = ",;\t|"


def guess_delimiter(sample: str, default: str) -> str:
    """The delimiter that splits the header line into the most columns (header names rarely
    contain one); csv.Sniffer only breaks a tie, because quoted commas in the data fool it.
    A sample read in fixed-size pieces ends in a cut-off line; that line is not looked at."""
    if "\n" in sample[:-1]:
        sample = sample[: sample.rfind("\n")]
    header = sample.split("\n", 1)[0]
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts.values())
    leaders = [d for d, n in counts.items() if n == best]
    if best and len(leaders) == 1:
        return leaders[0]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return default


def json_error_reason(exc: json.JSONDecodeError) -> str:
    """What the JSON parser found, with the column, in words that point at the usual cause."""
    if exc.msg.startswith("Invalid control character"):
        return f"column {exc.colno}: a tab or line break inside a text; write it as \\t or \\n"
    return f"{exc.msg.removesuffix(' at')} at column {exc.colno}"


def listing(problems: list[str]) -> str:
    """The first problems, one per indented line, and how many more there are."""
    shown = problems[:LISTED_PROBLEMS]
    more = len(problems) - len(shown)
    return "\n  ".join(["", *shown]) + (f"\n  … and {more} more" if more else "")


def _raise_problems(path: Path, problems: list[str]) -> None:
    if len(problems) == 1:
        raise InputError(f"{path} {problems[0]}")
    if problems:
        raise InputError(f"{path}: {len(problems)} problems:{listing(problems)}")


def capped(values: Iterable[object], limit: int = LISTED_PROBLEMS) -> str:
    """`1, 2, 3 and 7 more`: the first values of a list that may be long."""
    values = list(values)
    shown = ", ".join(str(v) for v in values[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


@dataclass
class _Table:
    """What a file holds: its column names as written, and its rows numbered as the user sees
    them (`where` says what a number counts: spreadsheet rows, lines, or list items).

    A CSV row is numbered as a spreadsheet shows it (the header is row 1, each record one
    row); `lines` holds the lines of the file a row is on where they are not simply the row
    number, because a text with line breaks in it spans several lines."""

    where: str
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    lines: dict[int, tuple[int, int]] = field(default_factory=dict)

    def place(self, number: int) -> str:
        """`row 4`, or `row 4 (lines 4–6)` for a row whose lines differ from its number."""
        return self.places([number])

    def places(self, numbers: list[int]) -> str:
        """`rows 4, 5 (line 7)`: the rows (or lines, items) named, the first ones only."""
        plural = "s" if len(numbers) > 1 else ""
        return f"{self.where}{plural} {capped(f'{n}{self._lines(n)}' for n in numbers)}"

    def _lines(self, number: int) -> str:
        span = self.lines.get(number)
        if span is None:
            return ""
        first, last = span
        return f" (line {first})" if first == last else f" (lines {first}–{last})"


def _column_keys(names: Iterable[object]) -> list[str]:
    """The key each column gets in a row: a known field by its own name (`ID`, `Tekst` ->
    `id`, `text`), any other column by its name as written. When two columns mean the same
    field, the one named exactly so wins, else the first; the other keeps its own name."""
    written = [str(n if n is not None else "").strip() for n in names]
    fields = [field_for_name(n) for n in written]
    keys = list(written)
    taken: set[str] = set()
    for exact in (True, False):
        for i, name in enumerate(fields):
            if name and name not in taken and (not exact or written[i] == name):
                keys[i] = name
                taken.add(name)
    return keys


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    return "" if value is None else value


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
    (b"PK\x03\x04", "a ZIP archive (a Word document, or an Excel workbook not named .xlsx?)"),
    (b"%PDF", "a PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel document (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
)
READABLE = "CSV, XLSX or JSONL"


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a {READABLE} file")
    suffix = path.suffix.lower()
    if suffix in NOT_INPUT_FORMATS:
        raise InputError(f"{path}: {_not_input(NOT_INPUT_FORMATS[suffix], suffix)}")


def _not_input(what: str, suffix: str) -> str:
    """Why a document is refused, and what to give instead."""
    if suffix in (".xls", ".ods"):
        return f"{what} is not an input format: save it as .xlsx"
    advice = f"{what} is not an input format: save the contributions as {READABLE}"
    if suffix == ".docx":
        advice += (
            " (a Word table report is imported with `oogst import tablereport "
            "FILE.docx --table ID`)"
        )
    return advice


def _refuse_documents(path: Path) -> None:
    """InputError for a document whose content says what it is, whatever its name."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    for signature, what in DOCUMENT_SIGNATURES:
        if head.startswith(signature):
            raise InputError(
                f"{path}: this file is {what}, not text; save the contributions as {READABLE}"
            )


def _read(path: Path, needs: tuple[str, ...]) -> _Table:
    _check_file(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path, needs)
        _refuse_documents(path)
        encoding = detect_encoding(path)
        if suffix in (".jsonl", ".ndjson"):
            return _read_jsonl(path, encoding)
        if suffix == ".json":
            return _read_json(path, encoding)
        return _read_csv(path, encoding, default="\t" if suffix == ".tsv" else ",")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not readable as {exc.encoding} (byte {exc.start}: {exc.reason}); "
            "save it as UTF-8"
        ) from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _warn_fallback(path: Path, table: _Table, numbers: list[int]) -> None:
    """Warn about the rows (or lines) read as Windows-1252 in a UTF-8 file."""
    if numbers:
        log.warning(
            "warning: %s: %s %s not UTF-8 and read as Windows-1252; check the special "
            "characters there",
            path,
            table.places(numbers),
            "are" if len(numbers) > 1 else "is",
        )


def _read_csv(path: Path, encoding: str, default: str) -> _Table:
    delimiter = guess_delimiter(text_sample(path, encoding), default=default)
    fallback: list[int] = []
    reader = csv.reader(text_lines(path, encoding, fallback), delimiter=delimiter)
    problems: list[str] = []
    flagged: list[int] = []
    table = _Table("row", [])
    # Rows are numbered as a spreadsheet shows the file: one row per record, blank ones
    # included, although a text with line breaks makes a record span several lines.
    number = 0
    try:
        header = next(reader, None)
        if header is None:
            return table
        number = 1
        table.columns = [h.strip() for h in header]
        keys = _column_keys(header)
        width = len(keys)
        _note_lines(table, 1, 1, reader.line_num)
        # The reader takes exactly the lines of one row at a time, so a line added to
        # `fallback` while reading a row belongs to that row.
        if fallback:
            flagged.append(1)
        seen = len(fallback)
        last_line = reader.line_num
        for values in reader:
            number += 1
            _note_lines(table, number, last_line + 1, reader.line_num)
            last_line = reader.line_num
            if len(fallback) > seen:
                flagged.append(number)
                seen = len(fallback)
            if not any(v.strip() for v in values):
                continue
            if len(values) > width and any(v.strip() for v in values[width:]):
                problems.append(
                    f"{table.place(number)}: {len(values)} fields, the header has {width} — "
                    f"quote texts that contain the delimiter {delimiter!r}"
                )
                continue
            # A row with fewer fields has empty values for the rest, as in the import.
            row = dict.fromkeys(keys, "")
            row.update((k, v.strip()) for k, v in zip(keys, values, strict=False))
            table.rows.append((number, row))
    except csv.Error as exc:
        # The row being read when the reader gave up: the one after the last it finished.
        failed = number + 1
        _note_lines(table, failed, reader.line_num, reader.line_num)
        raise InputError(f"{path} {table.place(failed)}: {exc}") from exc
    _raise_problems(path, problems)
    _warn_fallback(path, table, flagged)
    return table


def _note_lines(table: _Table, number: int, first: int, last: int) -> None:
    if (first, last) != (number, number):
        table.lines[number] = (first, last)


def json_objects(
    values: Iterable[tuple[int, object]],
) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """(number, the object, "") for each numbered JSON value that is an object; (number,
    None, what is wrong) for one that is not, or is a `JsonBroken` line."""
    for number, value in values:
        if isinstance(value, JsonBroken):
            yield number, None, f"not valid JSON ({value.reason})"
        elif not isinstance(value, dict):
            yield number, None, f"{_json_kind(value)}, not a JSON object {{...}}"
        else:
            yield number, value, ""


@dataclass(frozen=True)
class JsonBroken:
    """A line that is not valid JSON, with the parser's error."""

    error: json.JSONDecodeError

    @property
    def reason(self) -> str:
        return json_error_reason(self.error)


def json_lines(lines: Iterable[str]) -> Iterator[tuple[int, object]]:
    """(line number, parsed value or JsonBroken) for each non-blank line of a JSONL file."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, JsonBroken(exc)


def _read_jsonl(path: Path, encoding: str) -> _Table:
    fallback: list[int] = []
    table = _objects_table(path, "line", json_lines(text_lines(path, encoding, fallback)))
    _warn_fallback(path, table, fallback)
    return table


def _read_json(path: Path, encoding: str) -> _Table:
    fallback: list[int] = []
    try:
        data = json.loads("".join(text_lines(path, encoding, fallback)))
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path} line {exc.lineno}: not valid JSON ({json_error_reason(exc)})"
        ) from exc
    if isinstance(data, dict) and isinstance(data.get("contributions"), list):
        data = data["contributions"]
    if not isinstance(data, list):
        found = (
            f"an object with the keys {', '.join(repr(k) for k in list(data)[:10])}"
            if isinstance(data, dict)
            else _json_kind(data)
        )
        raise InputError(
            f"{path}: a .json file must hold a list of contributions [{{...}}, ...] or "
            f'{{"contributions": [...]}}; this one holds {found}'
        )
    table = _objects_table(path, "item", enumerate(data, start=1))
    _warn_fallback(path, _Table("line", []), fallback)
    return table


def _objects_table(path: Path, unit: str, values: Iterable[tuple[int, object]]) -> _Table:
    """The rows of numbered JSON values, each of which must be an object; InputError naming
    every one that is not."""
    table = _Table(unit, [])
    problems: list[str] = []
    columns: dict[str, None] = {}
    keys_for: dict[tuple[str, ...], list[str]] = {}
    for number, record, problem in json_objects(values):
        if record is None:
            problems.append(f"{unit} {number}: {problem}")
        else:
            table.rows.append((number, _json_row(record, columns, keys_for)))
    _raise_problems(path, problems)
    table.columns = list(columns)
    return table


def _json_kind(value: object) -> str:
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


def _json_row(
    record: dict[str, Any], columns: dict[str, None], keys_for: dict[tuple[str, ...], list[str]]
) -> dict[str, Any]:
    names = tuple(record)
    keys = keys_for.get(names)
    if keys is None:
        keys = keys_for[names] = _column_keys(names)
        columns.update(dict.fromkeys(str(n).strip() for n in names))
    return {k: _clean(v) for k, v in zip(keys, record.values(), strict=True)}


def _read_xlsx(path: Path, needs: tuple[str, ...]) -> _Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile as exc:
        raise InputError(
            f"{path} is not an XLSX workbook (a CSV or an old .xls file renamed to .xlsx?)"
        ) from exc
    except Exception as exc:  # openpyxl raises many types for a broken or mislabelled file
        raise InputError(f"{path} is not a readable XLSX workbook ({exc})") from exc
    try:
        found = []
        for sheet in book.worksheets:
            first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None) or ()
            header = [str(h).strip() if h is not None else "" for h in first]
            if any(header) and not _lacking(header, needs):
                return _xlsx_table(sheet, header)
            found.append((sheet.title, header))
        if not needs or not book.worksheets:
            return _Table("row", [])
        if len(found) == 1:
            raise InputError(f"{path}: {_column_problem(found[0][1], needs)}")
        lacking = {n for _, header in found for n in _lacking(header, needs)}
        raise InputError(
            f"{path}: no sheet has the columns {' and '.join(needs)}: "
            + "; ".join(
                f"sheet {title!r} has no {' and '.join(_lacking(header, needs))} "
                f"(found: {', '.join(h for h in header if h) or 'nothing'})"
                for title, header in found
            )
            + _alias_hint(n for n in needs if n in lacking)
        )
    finally:
        book.close()


def _xlsx_table(sheet: Any, header: list[str]) -> _Table:
    table = _Table("row", [h for h in header if h])
    keys = _column_keys(header)
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        table.rows.append((number, {k: _clean(v) for k, v in zip(keys, values, strict=False) if k}))
    return table


def read_table(path: Path | str, needs: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Rows of a CSV (any common delimiter and encoding), XLSX or JSONL/JSON file. Known fields
    are named as Oogst names them (`ID`, `Tekst` -> `id`, `text`), other columns as written.
    In an XLSX the first sheet that has the columns `needs` is read."""
    return [row for _, row in _read(Path(path), needs).rows]


def _missing_columns(path: Path, table: _Table, needs: tuple[str, ...]) -> None:
    if _lacking(table.columns, needs):
        raise InputError(f"{path}: {_column_problem(table.columns, needs)}")


def _lacking(columns: Iterable[object], needs: tuple[str, ...]) -> list[str]:
    """The needed fields no column holds."""
    present = {field_for_name(c) for c in columns}
    return [n for n in needs if n not in present]


def _column_problem(columns: list[str], needs: tuple[str, ...]) -> str:
    """`no id column; found: Volgnr, Bijdrage`: what is missing, and what is there."""
    lacking = _lacking(columns, needs)
    found = ", ".join(c for c in columns if c) or "no columns"
    plural = "s" if len(lacking) > 1 else ""
    return f"no {' and '.join(lacking)} column{plural}; found: {found}{_alias_hint(lacking)}"


def _alias_hint(fields: Iterable[str]) -> str:
    """The other names the missing columns may have: ` (an id column may also be named nr,
    nummer or #)`."""
    parts = []
    for name in fields:
        aliases = [a for a, f in COLUMN_ALIASES.items() if f == name]
        if aliases:
            named = ", ".join(aliases[:-1]) + " or " if len(aliases) > 1 else ""
            article = "an" if name[0] in "aeiou" else "a"
            parts.append(f"{article} {name} column may also be named {named}{aliases[-1]}")
    return f" ({'; '.join(parts)})" if parts else ""


def id_text(value: Any) -> str:
    """An id as text, whatever the file stored it as."""
    # A number written as 17.0 (JSON, a spreadsheet cell formatted as a decimal) is the id
    # 17, as the import reads it.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_contributions(path: Path | str) -> list[dict[str, Any]]:
    """Contributions with at least `id` and `text`; other columns are carried along. Raises
    InputError naming the rows when an id is missing or repeated, or the file holds none."""
    path = Path(path)
    needs = ("id", "text")
    table = _read(path, needs)
    if table.columns or table.rows:
        _missing_columns(path, table, needs)
    if not table.rows:
        raise InputError(f"{path} holds no contributions")
    problems: list[str] = []
    first_row: dict[str, int] = {}
    repeats: dict[str, list[int]] = {}
    for number, row in table.rows:
        where = table.place(number)
        text = row.get("text")
        if "id" not in row:
            problems.append(f"{where}: no 'id'")
            continue
        if isinstance(row["id"], list | dict | bool):
            problems.append(f"{where}: the id is {_json_kind(row['id'])}; give a text or number")
            continue
        if problem := _text_problem(table, text):
            problems.append(f"{where}: {problem}")
            continue
        identifier = id_text(row["id"])
        if not identifier:
            problems.append(
                f"{where}: the id is empty"
                if str(text or "").strip()
                else f"{where}: no id and no text (delete the row if it is not a contribution)"
            )
            continue
        row["id"] = identifier
        row["text"] = str(text if text is not None else "")
        first = first_row.setdefault(identifier, number)
        if first != number:
            repeats.setdefault(identifier, [first]).append(number)
    _raise_problems(path, problems)
    if repeats:
        listed = [
            f"id {i!r} on {table.places(numbers)}"
            for i, numbers in list(repeats.items())[:LISTED_PROBLEMS]
        ]
        more = len(repeats) - len(listed)
        raise InputError(
            f"{path}: ids must be unique, but {len(repeats)} "
            f"{'ids are' if len(repeats) > 1 else 'id is'} repeated:{listing(listed)}"
            + (f"\n  … and {more} more repeated ids" if more else "")
        )
    return [row for _, row in table.rows]


def read_examples(path: Path | str) -> list[dict[str, str]]:
    """Labelled examples: rows with `text` and `theme` (a theme's id, or its name, which
    `Codebook.theme_id` turns into the id), and their `id` and `kind` where given; rows
    lacking a text or a theme are left out, a file lacking either column is an InputError."""
    path = Path(path)
    needs = ("text", "theme")
    table = _read(path, needs)
    if table.rows:
        _missing_columns(path, table, needs)
    examples = []
    problems = [
        f"{table.place(number)}: {problem}"
        for number, row in table.rows
        if (problem := _text_problem(table, row.get("text")))
    ]
    _raise_problems(path, problems)
    for _, row in table.rows:
        if not (str(row.get("text") or "").strip() and str(row.get("theme") or "").strip()):
            continue
        example = {"text": str(row["text"]), "theme": str(row["theme"])}
        # A row of label_next.csv (`oogst analyse --label-next`) names its contribution and
        # may correct its kind: the next run takes it as the analyst's label of that row.
        if row.get("id") is not None and str(row["id"]).strip():
            example["id"] = id_text(row["id"])
        if str(row.get("kind") or "").strip():
            example["kind"] = str(row["kind"]).strip()
        examples.append(example)
    return examples


def _text_problem(table: _Table, value: object) -> str:
    """What is wrong with a text value, or "". A JSON list, object, number or true/false is
    no text (coded as "['lijst']" it would be a finding nobody wrote); a spreadsheet cell
    holding a number or a date still reads as the text it shows."""
    if table.where == "row" or value is None or isinstance(value, str):
        return ""
    return f"the text is {_json_kind(value)}, not a string"


def records_sha256(records: list[dict[str, Any]]) -> str:
    """A hash of the input that does not depend on file format or column order."""
    digest = hashlib.sha256()
    # One encoder for all rows (json.dumps with options builds a new one per call).
    encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str).encode
    for record in records:
        digest.update(encode(record).encode())
        digest.update(b"\n")
    return digest.hexdigest()
