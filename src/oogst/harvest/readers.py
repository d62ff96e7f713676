"""The import's side of the library reader (`oogst.analysis.readers`, which `oogst analyse`
reads through too): which files the import takes, their rows as the import validates them,
and every problem in the programme team's words.

Rows stream, numbered as the user sees them: the spreadsheet row (header = row 1) for CSV and
XLSX, the line number for JSONL, the item of a JSON list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oogst.analysis.readers import (
    JsonBroken,
    Problem,
    ReadError,
    Source,
    normalise_column,
    open_source,
)
from oogst.analysis.readers import (
    detect_encoding as detect_encoding,  # the import's tests and commands look here
)

FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
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
            _("Onbekend bestandstype ‘%(suffix)s’: gebruik .csv, .xlsx, .jsonl of .json.")
            % {"suffix": suffix or "?"}
        )
    return FORMATS[suffix]


def no_text_column(columns: list[str]) -> UnreadableFile:
    return UnreadableFile(
        _("Het bestand heeft geen kolom ‘text’ (of ‘tekst’); gevonden kolommen: %(columns)s")
        % {"columns": ", ".join(columns) or "—"}
    )


def open_rows(path: Path | str) -> tuple[FileInfo, Iterator[SourceRow]]:
    path = Path(path)
    detect_format(path)
    try:
        source = open_source(path, needs=("text",))
    except ReadError as exc:
        raise UnreadableFile(_refusal(path, exc)) from exc
    columns = [normalise_column(c) for c in source.columns]
    info = FileInfo(
        source.format,
        columns,
        encoding=source.encoding,
        delimiter=source.delimiter,
        approx_rows=source.approx_rows(),
    )
    if source.format == "csv" and not any(str(c).strip() for c in source.columns):
        raise UnreadableFile(_("Het bestand is leeg of heeft geen kopregel."))
    if source.format == "xlsx":
        info.extra["sheet"] = source.sheet
    if source.format == "jsonl":
        _check_first_line(source)
    if source.format == "json" and not info.approx_rows:
        raise UnreadableFile(_("Het bestand is leeg."))
    return info, _rows(source, columns)


def _check_first_line(source: Source) -> None:
    first = source.first[1] if source.first else None
    if first is None:
        raise UnreadableFile(_("Het bestand is leeg."))
    if isinstance(first, JsonBroken):
        raise UnreadableFile(
            _("De eerste regel is geen geldige JSON: %(error)s")
            % {"error": _json_reason(first.error)}
        ) from first.error


def _rows(source: Source, columns: list[str]) -> Iterator[SourceRow]:
    try:
        for row in source.rows():
            warning = _("niet in UTF-8; gelezen als Windows-1252") if row.windows else ""
            error = _row_problem(row.problem, source) if row.problem else ""
            if source.format == "csv":
                values = dict(zip(columns, row.cells, strict=False))
            elif source.format == "xlsx":
                cells = [_cell_text(v) for v in row.cells]
                values = {c: t for c, t in zip(columns, cells, strict=False) if c}
            elif row.cells is not None:
                values = {normalise_column(k): v for k, v in row.cells.items()}
            else:
                values = {}
            yield SourceRow(row.number, values, error, warning)
    except ReadError as exc:
        raise UnreadableFile(_refusal(source.path, exc)) from exc


def _row_problem(problem: Problem, source: Source) -> str:
    facts = problem.facts
    if problem.code == "fields":
        delimiter = facts["delimiter"]
        return _(
            "de rij heeft %(n)d velden, de kopregel %(m)d: zet teksten met het "
            "scheidingsteken ‘%(delimiter)s’ erin tussen aanhalingstekens"
        ) % {
            "n": facts["n"],
            "m": facts["width"],
            "delimiter": _("tab") if delimiter == "\t" else delimiter,
        }
    if problem.code == "json":
        return _("geen geldige JSON (%(error)s)") % {"error": _json_reason(facts["error"])}
    if source.format == "json":
        return _("het element is geen JSON-object")
    return _("de regel is geen JSON-object")


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


def _json_reason(exc) -> str:
    """The parser's reason (in English) with the column, or the usual cause spelled out."""
    from oogst.analysis.readers import MAX_JSON_DEPTH, TOO_DEEP

    if exc.msg.startswith("Invalid control character"):
        return _(
            "kolom %(column)d: een tab of regeleinde binnen een tekst; schrijf die als \\t of \\n"
        ) % {"column": exc.colno}
    if exc.msg == TOO_DEEP:
        return _("dieper dan %(levels)d niveaus genest, kolom %(column)d") % {
            "levels": MAX_JSON_DEPTH,
            "column": exc.colno,
        }
    return _("%(error)s, kolom %(column)d") % {
        "error": exc.msg.removesuffix(" at"),
        "column": exc.colno,
    }


DOCUMENTS = {
    "zip": gettext_lazy(
        "een ZIP-archief (een Word-document, of een Excel-werkmap die niet .xlsx heet?)"
    ),
    "pdf": gettext_lazy("een PDF"),
    "ole": gettext_lazy("een oud Word- of Excel-document (.doc, .xls)"),
    "rtf": gettext_lazy("een RTF-document"),
}


def _refusal(path: Path, exc: ReadError) -> str:
    """A ReadError in the programme team's words."""
    facts = exc.facts
    if exc.code == "missing":
        return _("Het bestand ‘%(name)s’ bestaat niet.") % {"name": path}
    if exc.code == "folder":
        return _("‘%(name)s’ is een map, geen bestand.") % {"name": path}
    if exc.code == "signature":
        return _(
            "Dit bestand is %(what)s, geen tekst; sla de bijdragen op als CSV, XLSX of JSONL."
        ) % {"what": DOCUMENTS[facts["kind"]]}
    if exc.code == "decode":
        return _(
            "Het bestand is niet te lezen als %(encoding)s (byte %(start)d); sla het op als UTF-8."
        ) % {"encoding": facts["encoding"], "start": facts["start"]}
    if exc.code == "os":
        return _("Het bestand kan niet worden gelezen (%(reason)s).") % {"reason": facts["reason"]}
    if exc.code == "csv":
        return _("Rij %(row)d kan niet worden gelezen: %(reason)s") % {
            "row": facts["number"],
            "reason": facts["reason"],
        }
    if exc.code == "xlsx_zip":
        return _(
            "Dit is geen Excel-werkmap (.xlsx); is het een CSV- of een oud .xls-bestand "
            "met een andere naam?"
        )
    if exc.code == "xlsx":
        return _("Dit is geen leesbaar Excel-bestand (.xlsx): %(error)s") % {
            "error": facts["reason"]
        }
    if exc.code == "no_sheet":
        return _no_sheet(facts["sheets"])
    if exc.code == "json_document":
        error = facts["error"]
        return _("Het bestand is geen geldige JSON: regel %(line)d, %(error)s") % {
            "line": error.lineno,
            "error": _json_reason(error),
        }
    if exc.code == "json_shape":
        return _(
            "Een .json-bestand moet een lijst van bijdragen bevatten: [{…}, …] of "
            '{"contributions": […]}.'
        )
    return str(exc)


def _no_sheet(sheets: list[tuple[str, list]]) -> str:
    """No sheet has a text column: name the sheets and what they hold, or, for a workbook of
    one sheet, the columns it has."""
    named = [(title, h) for title, h in sheets if any(v not in (None, "") for v in h)]
    if len(sheets) > 1 and named:
        return _("Geen van de werkbladen heeft een kolom ‘text’ (of ‘tekst’): %(sheets)s") % {
            "sheets": "; ".join(
                f"{title} ({', '.join(str(v) for v in h if v not in (None, ''))})"
                for title, h in named
            )
        }
    if not named:
        return _("Het eerste werkblad is leeg of heeft geen kopregel.")
    return str(no_text_column([normalise_column(h) for h in named[0][1]]))


__all__ = [
    "FORMATS",
    "FileInfo",
    "SourceRow",
    "UnreadableFile",
    "detect_encoding",
    "detect_format",
    "no_text_column",
    "open_rows",
]
