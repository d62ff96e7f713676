"""Reading contributions and labelled examples from CSV, XLSX, JSONL or JSON files.

The library's reader (`readers.py`) streams the rows; this module turns them into the records
`oogst analyse` works on and words every problem. Every problem with an input file is an
`InputError` (a ValueError) whose message names the file, the row or line, and what is wrong,
in words an analyst can act on.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .readers import (
    COLUMN_ALIASES,
    KNOWN_FIELDS,
    MIXED_ENCODING,
    JsonBroken,
    Problem,
    ReadError,
    Source,
    detect_encoding,
    field_for_name,
    guess_delimiter,
    json_error_reason,
    json_kind,
    json_lines,
    json_objects,
    lacking,
    normalise_column,
    open_source,
    text_lines,
    text_sample,
)

# Names other modules (the privacy command line, the tests) have always imported from here.
__all__ = [
    "COLUMN_ALIASES",
    "KNOWN_FIELDS",
    "MIXED_ENCODING",
    "InputError",
    "JsonBroken",
    "capped",
    "detect_encoding",
    "field_for_name",
    "guess_delimiter",
    "id_text",
    "json_error_reason",
    "json_lines",
    "json_objects",
    "listing",
    "normalise_column",
    "read_contributions",
    "read_examples",
    "read_table",
    "records_sha256",
    "text_lines",
    "text_sample",
]

log = logging.getLogger(__name__)

# How many problems an error message lists; the rest are counted.
LISTED_PROBLEMS = 10
READABLE = "CSV, XLSX or JSONL"


class InputError(ValueError):
    """An input file that cannot be read as asked; the message names the file and the rows."""


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

    def note_lines(self, number: int, span: tuple[int, int] | None) -> None:
        if span is not None and span != (number, number):
            self.lines[number] = span


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


def _read(path: Path, needs: tuple[str, ...]) -> _Table:
    try:
        source = open_source(path, needs)
        if source.format == "csv":
            return _csv_table(source)
        if source.format == "xlsx":
            return _xlsx_table(source)
        return _objects_table(source)
    except ReadError as exc:
        if exc.code == "no_sheet" and not (needs and exc.facts["sheets"]):
            return _Table("row", [])
        raise InputError(_refusal(path, exc)) from exc


def _refusal(path: Path, exc: ReadError) -> str:
    """A ReadError in an analyst's words, with the file's name."""
    facts = exc.facts
    if exc.code == "missing":
        return f"{path}: no such file"
    if exc.code == "folder":
        return f"{path} is a folder; give a {READABLE} file"
    if exc.code == "document":
        return f"{path}: {_not_input(facts['what'], facts['suffix'])}"
    if exc.code == "signature":
        return (
            f"{path}: this file is {facts['what']}, not text; save the contributions as {READABLE}"
        )
    if exc.code == "decode":
        return (
            f"{path}: not readable as {facts['encoding']} (byte {facts['start']}: "
            f"{facts['reason']}); save it as UTF-8"
        )
    if exc.code == "os":
        return f"{path}: cannot be read ({facts['reason']})"
    if exc.code == "csv":
        table = _Table("row", [])
        table.note_lines(facts["number"], facts["lines"])
        return f"{path} {table.place(facts['number'])}: {facts['reason']}"
    if exc.code == "xlsx_zip":
        return f"{path} is not an XLSX workbook (a CSV or an old .xls file renamed to .xlsx?)"
    if exc.code == "xlsx":
        return f"{path} is not a readable XLSX workbook ({facts['reason']})"
    if exc.code == "no_sheet":
        return _no_sheet(path, facts["sheets"], facts["needs"])
    if exc.code == "json_document":
        error = facts["error"]
        return f"{path} line {error.lineno}: not valid JSON ({json_error_reason(error)})"
    if exc.code == "json_shape":
        data = facts["value"]
        found = (
            f"an object with the keys {', '.join(repr(k) for k in list(data)[:10])}"
            if isinstance(data, dict)
            else json_kind(data)
        )
        return (
            f"{path}: a .json file must hold a list of contributions [{{...}}, ...] or "
            f'{{"contributions": [...]}}; this one holds {found}'
        )
    return f"{path}: {exc}"


def _no_sheet(path: Path, sheets: list[tuple[str, list]], needs: tuple[str, ...]) -> str:
    found = [
        (title, [str(h).strip() if h is not None else "" for h in header])
        for title, header in sheets
    ]
    if len(found) == 1:
        return f"{path}: {_column_problem(found[0][1], needs)}"
    missing = {n for _, header in found for n in lacking(header, needs)}
    return (
        f"{path}: no sheet has the columns {' and '.join(needs)}: "
        + "; ".join(
            f"sheet {title!r} has no {' and '.join(lacking(header, needs))} "
            f"(found: {', '.join(h for h in header if h) or 'nothing'})"
            for title, header in found
        )
        + _alias_hint(n for n in needs if n in missing)
    )


def _stripped(header: list) -> list[str]:
    return [str(h).strip() if h is not None else "" for h in header]


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


def _csv_table(source: Source) -> _Table:
    table = _Table("row", [str(h).strip() for h in source.columns])
    if not source.columns:
        return table
    keys = _column_keys(source.columns)
    table.note_lines(1, source.header_lines)
    flagged = [1] if source.windows_lines else []
    problems: list[str] = []
    for row in source.rows():
        table.note_lines(row.number, row.lines)
        if row.windows:
            flagged.append(row.number)
        if row.problem is not None:
            problems.append(f"{table.place(row.number)}: {_row_problem(row.problem)}")
            continue
        # A row with fewer fields has empty values for the rest, as in the import.
        values = dict.fromkeys(keys, "")
        values.update((k, v.strip()) for k, v in zip(keys, row.cells, strict=False))
        table.rows.append((row.number, values))
    _raise_problems(source.path, problems)
    _warn_fallback(source.path, table, flagged)
    return table


def _row_problem(problem: Problem) -> str:
    facts = problem.facts
    if problem.code == "fields":
        return (
            f"{facts['n']} fields, the header has {facts['width']} — "
            f"quote texts that contain the delimiter {facts['delimiter']!r}"
        )
    if problem.code == "json":
        return f"not valid JSON ({json_error_reason(facts['error'])})"
    return f"{json_kind(facts['value'])}, not a JSON object {{...}}"


def _xlsx_table(source: Source) -> _Table:
    header = _stripped(source.columns)
    table = _Table("row", [h for h in header if h])
    keys = _column_keys(header)
    for row in source.rows():
        table.rows.append(
            (row.number, {k: _clean(v) for k, v in zip(keys, row.cells, strict=False) if k})
        )
    return table


def _objects_table(source: Source) -> _Table:
    """The rows of numbered JSON values, each of which must be an object; InputError naming
    every one that is not."""
    table = _Table(source.unit, [])
    problems: list[str] = []
    flagged: list[int] = []
    columns: dict[str, None] = {}
    keys_for: dict[tuple[str, ...], list[str]] = {}
    for row in source.rows():
        if row.windows:
            flagged.append(row.number)
        if row.problem is not None:
            problems.append(f"{source.unit} {row.number}: {_row_problem(row.problem)}")
        else:
            table.rows.append((row.number, _json_row(row.cells, columns, keys_for)))
    _raise_problems(source.path, problems)
    table.columns = list(columns)
    # A JSON document's lines are no rows: they are named by line, as JSONL's are.
    _warn_fallback(source.path, _Table("line", []), flagged + source.windows_lines)
    return table


def _json_row(
    record: dict[str, Any], columns: dict[str, None], keys_for: dict[tuple[str, ...], list[str]]
) -> dict[str, Any]:
    names = tuple(record)
    keys = keys_for.get(names)
    if keys is None:
        keys = keys_for[names] = _column_keys(names)
        columns.update(dict.fromkeys(str(n).strip() for n in names))
    return {k: _clean(v) for k, v in zip(keys, record.values(), strict=True)}


def read_table(path: Path | str, needs: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Rows of a CSV (any common delimiter and encoding), XLSX or JSONL/JSON file. Known fields
    are named as Oogst names them (`ID`, `Tekst` -> `id`, `text`), other columns as written.
    In an XLSX the first sheet that has the columns `needs` is read."""
    return [row for _, row in _read(Path(path), needs).rows]


def _missing_columns(path: Path, table: _Table, needs: tuple[str, ...]) -> None:
    if lacking(table.columns, needs):
        raise InputError(f"{path}: {_column_problem(table.columns, needs)}")


def _column_problem(columns: list[str], needs: tuple[str, ...]) -> str:
    """`no id column; found: Volgnr, Bijdrage`: what is missing, and what is there."""
    missing = lacking(columns, needs)
    found = ", ".join(c for c in columns if c) or "no columns"
    plural = "s" if len(missing) > 1 else ""
    return f"no {' and '.join(missing)} column{plural}; found: {found}{_alias_hint(missing)}"


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
            problems.append(f"{where}: the id is {json_kind(row['id'])}; give a text or number")
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
    return f"the text is {json_kind(value)}, not a string"


def records_sha256(records: list[dict[str, Any]]) -> str:
    """A hash of the input that does not depend on file format or column order."""
    digest = hashlib.sha256()
    # One encoder for all rows (json.dumps with options builds a new one per call).
    encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str).encode
    for record in records:
        digest.update(encode(record).encode())
        digest.update(b"\n")
    return digest.hexdigest()
