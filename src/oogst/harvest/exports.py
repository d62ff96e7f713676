"""Exports that are safe to open in a spreadsheet: a cell that starts like a formula is
neutralised, so `=cmd|' /C calc'!A0` stays text in Excel and LibreOffice."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from .importing import FIELDS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The import's own columns first, so an export reads straight back in as an import.
EXPORT_COLUMNS = [*FIELDS, "channel", "moderation", "review_status"]


def safe_cell(value: object) -> str:
    """The value as text, with a leading apostrophe when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def contribution_rows(contributions: Iterable) -> Iterator[list[object]]:
    """Rows in the import format: an export reads back with `oogst import contributions`."""
    for c in contributions:
        key = c.import_key or ""
        yield [
            c.text,
            c.kind,
            c.role_label,
            c.table.code if c.table_id else "",
            ";".join(t.slug for t in c.themes.all()),
            c.language,
            key[4:] if key.startswith("ext:") else "",
            c.created_at.isoformat(),
            "ja" if c.is_quote else "nee",
            c.channel,
            c.moderation,
            c.review_status,
        ]


def csv_lines(
    rows: Iterable[list[object]], header: list[str] = EXPORT_COLUMNS, delimiter: str = ";"
) -> Iterator[str]:
    """CSV text line by line (for a streaming response), UTF-8 with BOM so Excel reads the accents;
    semicolons because Dutch Excel expects them."""
    writer = csv.writer(_Echo(), delimiter=delimiter)
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe_cell(v) for v in row])
