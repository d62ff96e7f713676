"""Reading contributions and labelled examples from CSV, XLSX or JSONL files."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import Any

csv.field_size_limit(2**27)


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in record.items():
        if key is None:
            continue
        key = str(key).strip()
        if isinstance(value, str):
            value = value.strip()
        out[key] = "" if value is None else value
    return out


def read_table(path: Path | str) -> list[dict[str, Any]]:
    """Rows of a CSV (any common delimiter), XLSX (first sheet) or JSONL/JSON file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8") as handle:
            return [_clean(json.loads(line)) for line in handle if line.strip()]
    if suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = data.get("contributions", data) if isinstance(data, dict) else data
        return [_clean(r) for r in rows]
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows_iter = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows_iter, ())]
        rows = []
        for values in rows_iter:
            if values is None or all(v is None for v in values):
                continue
            rows.append(
                _clean(
                    {h: ("" if v is None else v) for h, v in zip(header, values, strict=False) if h}
                )
            )
        book.close()
        return rows
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(65536)
        handle.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return [_clean(r) for r in csv.DictReader(handle, dialect=dialect)]


def read_contributions(path: Path | str) -> list[dict[str, Any]]:
    """Contributions with at least `id` and `text`; other columns are carried along."""
    rows = read_table(path)
    if rows and ("text" not in rows[0] or "id" not in rows[0]):
        raise ValueError(f"{path}: needs the columns 'id' and 'text' (found {sorted(rows[0])})")
    for row in rows:
        row["id"] = str(row["id"])
        row["text"] = str(row.get("text") or "")
    return rows


def read_examples(path: Path | str) -> list[dict[str, str]]:
    """Labelled examples: rows with `text` and `theme` (a theme id)."""
    rows = read_table(path)
    examples = []
    for row in rows:
        if str(row.get("text") or "").strip() and str(row.get("theme") or "").strip():
            examples.append({"text": str(row["text"]), "theme": str(row["theme"])})
    return examples


def records_sha256(records: list[dict[str, Any]]) -> str:
    """A hash of the input that does not depend on file format or column order."""
    digest = hashlib.sha256()
    for record in records:
        digest.update(json.dumps(record, sort_keys=True, ensure_ascii=False, default=str).encode())
        digest.update(b"\n")
    return digest.hexdigest()
