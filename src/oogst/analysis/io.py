"""Reading contributions and labelled examples from CSV, XLSX or JSONL files."""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
from pathlib import Path
from typing import Any

csv.field_size_limit(2**27)

SAMPLE_BYTES = 64 * 1024
# Encodings we accept when a file is not UTF-8: Western European single-byte encodings,
# in the order we trust them. Latin-1 decodes every byte, so it is the last resort.
WESTERN_ENCODINGS = ("cp1252", "latin_1")


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when every byte decodes as UTF-8; otherwise the Western
    encoding charset-normalizer prefers, checked against the whole file."""
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
        fh.seek(0)
        sample = fh.read(SAMPLE_BYTES)
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    guess = codecs.lookup(best.encoding).name if best else None
    candidates = [guess] if guess in {codecs.lookup(e).name for e in WESTERN_ENCODINGS} else []
    candidates += [e for e in WESTERN_ENCODINGS if codecs.lookup(e).name not in candidates]
    for encoding in candidates:
        if _decodes(path, encoding):
            return codecs.lookup(encoding).name
    return "latin-1"


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False


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
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        sample = handle.read(SAMPLE_BYTES)
        handle.seek(0)
        delimiter = guess_delimiter(sample, default="\t" if suffix == ".tsv" else ",")
        return [_clean(r) for r in csv.DictReader(handle, delimiter=delimiter)]


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
    # One encoder for all rows (json.dumps with options builds a new one per call).
    encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str).encode
    for record in records:
        digest.update(encode(record).encode())
        digest.update(b"\n")
    return digest.hexdigest()
