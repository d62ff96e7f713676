"""Text files in whatever encoding people save them: UTF-8 with or without a BOM, UTF-16 and
UTF-32 (Excel's "Unicode text"), Windows-1252 and Latin-1, and a UTF-8 file with some lines
saved by a Windows program. Also the delimiter of a CSV. Part of the library's reader.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Generator
from pathlib import Path

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
DELIMITERS = ",;\t|"


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
        if encoding is not None and _decodes(path, encoding):
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


def text_lines(
    path: Path | str, encoding: str, fallback: list[int] | None = None
) -> Generator[str, None, None]:
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


def count_lines(path: Path | str) -> int:
    n = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            n += chunk.count(b"\n")
    return n
