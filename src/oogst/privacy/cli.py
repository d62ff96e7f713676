"""`oogst redact` and `oogst redact-eval`: the redaction engine on the command line.

oogst redact quotes.txt --out quotes.redacted.txt
oogst redact contributions.jsonl --marker woo --out -
oogst redact-eval --set 2 --split dev --errors
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from oogst.analysis.io import detect_encoding, json_lines, json_objects, listing, text_lines
from oogst.privacy.compare import INSTALL_HINT, DeduceRedactor, deduce_available
from oogst.privacy.evaluate import (
    SPLITS,
    SUMMARY_HEADER,
    TESTSETS,
    SpanFinder,
    TestItem,
    evaluate,
    format_table,
    load_shipped,
    load_testset,
    splits_of,
    summary_row,
)
from oogst.privacy.redactor import MARKERS, Redactor


class _Refused(Exception):
    """The input cannot be redacted as asked; the message says where and why."""


def _is_jsonl(path: str, lines: list[str], forced: str) -> bool:
    if forced != "auto":
        return forced == "jsonl"
    if path.endswith((".jsonl", ".ndjson")):
        return True
    first = next((line for line in lines if line.strip()), "")
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _split_lines(text: str) -> list[str]:
    # Not str.splitlines: that also splits at U+2028 and friends, which JSON allows in a text.
    lines = text.replace("\r\n", "\n").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def _read_input(name: str) -> tuple[str, str]:
    """The input's text and a note on how it was decoded ('' for UTF-8)."""
    if name == "-":
        try:
            return sys.stdin.read(), ""
        except UnicodeDecodeError as exc:
            raise _Refused(f"stdin is not UTF-8 (byte {exc.start}: {exc.reason})") from exc
    path = Path(name)
    if not path.exists():
        raise _Refused(f"{name}: no such file")
    if path.is_dir():
        raise _Refused(f"{name} is a folder; give a .txt or .jsonl file")
    try:
        # Read the way `oogst analyse` reads a file: UTF-16 without a BOM decodes as UTF-8
        # too (its NUL bytes are valid), so the encoding is detected, never assumed.
        encoding = detect_encoding(path)
        text = "".join(text_lines(path, encoding))
        return text, "" if encoding in ("utf-8", "utf-8-sig") else encoding
    except OSError as exc:
        raise _Refused(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise _Refused(f"{name}: not readable as {exc.encoding}; save it as UTF-8") from exc


def _redact_lines(
    name: str, lines: list[str], jsonl: bool, redactor: Redactor, field: str
) -> tuple[list[str], int]:
    """Every output line and the number of spans redacted; _Refused naming every bad line."""
    out: list[str] = []
    problems: list[str] = []
    counted = 0
    if not jsonl:
        for line in lines:
            result = redactor.redact(line)
            out.append(result.text)
            counted += len(result.spans)
        return out, counted
    for number, record, problem in json_objects(json_lines(lines)):
        if record is None:
            problems.append(f"line {number}: {problem}")
            continue
        if not isinstance(record.get(field), str):
            problems.append(f"line {number}: no text field {field!r}")
            continue
        result = redactor.redact(record[field])
        record[field] = result.text
        record["spans"] = [span.to_dict() for span in result.spans]
        out.append(json.dumps(record, ensure_ascii=False))
        counted += len(result.spans)
    if len(problems) == 1:
        raise _Refused(f"{name} {problems[0]}; nothing was written")
    if problems:
        raise _Refused(
            f"{name}: {len(problems)} lines cannot be redacted, nothing was written:"
            + listing(problems)
        )
    return out, counted


def _check_output(name: str) -> Path:
    """The folder the output goes to, checked before the work starts."""
    target = Path(name)
    if target.is_dir():
        raise _Refused(f"--out {name} is a folder; give a file name")
    if not target.parent.is_dir():
        raise _Refused(f"--out {name}: the folder {target.parent} does not exist")
    return target.parent


def _write_output(name: str, lines: list[str]) -> None:
    """All lines or nothing: a file is written next to its target and renamed into place, so a
    failure never leaves half an output, nor destroys an input that is also the output."""
    text = "".join(line + "\n" for line in lines)
    if name == "-":
        sys.stdout.write(text)
        return
    target = Path(name)
    folder = _check_output(name)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _Refused(f"--out {name}: cannot write in {folder} ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o777)
        else:
            # mkstemp makes the file private; a new output gets the usual permissions.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise _Refused(f"--out {name}: cannot be written ({exc.strerror or exc})") from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def redact_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="oogst redact",
        description="Replace personal data in plain text (one item per line) or JSONL.",
    )
    parser.add_argument("input", help="a .txt or .jsonl file, or - for stdin")
    parser.add_argument("--out", default="-", help="output file (default: - for stdout)")
    parser.add_argument("--marker", choices=sorted(MARKERS), default="default")
    parser.add_argument("--pseudonyms", action="store_true", help="[persoon 1], [persoon 2], ...")
    parser.add_argument(
        "--allow", action="append", default=[], help="a name to keep (public figure); repeatable"
    )
    parser.add_argument("--allow-file", help="names to keep, one per line")
    parser.add_argument(
        "--no-public-figures",
        action="store_true",
        help="also redact public figures named in their public role (Koning Willem-Alexander)",
    )
    parser.add_argument("--format", choices=["auto", "text", "jsonl"], default="auto")
    parser.add_argument("--field", default="text", help="the JSONL field to redact (default: text)")
    args = parser.parse_args(argv)

    try:
        allow = list(args.allow)
        if args.allow_file:
            names, _ = _read_input(args.allow_file)
            allow += [x.strip() for x in _split_lines(names)]
        if args.out != "-":
            _check_output(args.out)
        text, encoding = _read_input(args.input)
        lines = _split_lines(text)
        jsonl = _is_jsonl(args.input, lines, args.format)
        if encoding and jsonl:
            raise _Refused(f"{args.input} is not UTF-8; a JSONL file must be UTF-8")
        redactor = Redactor(
            marker=args.marker,
            pseudonyms=args.pseudonyms,
            allow=[a for a in allow if a],
            public_figures=not args.no_public_figures,
        )
        out, counted = _redact_lines(args.input, lines, jsonl, redactor, args.field)
        _write_output(args.out, out)
    except _Refused as exc:
        print(f"oogst redact: {exc}", file=sys.stderr)
        return 2
    if encoding:
        print(f"oogst redact: {args.input} is not UTF-8; read it as {encoding}", file=sys.stderr)
    print(f"{counted} spans redacted in {len(lines)} lines", file=sys.stderr)
    return 0


def _tools(choice: str) -> tuple[list[tuple[str, SpanFinder]], str]:
    """The redactors to measure, and a note when Deduce was asked for but is not installed."""
    tools: list[tuple[str, SpanFinder]] = []
    note = ""
    if choice in ("oogst", "both"):
        tools.append(("oogst", Redactor()))
    if choice in ("deduce", "both"):
        if deduce_available():
            tools.append(("deduce", DeduceRedactor()))
        else:
            note = f"Deduce is not installed, so its figures are left out: {INSTALL_HINT}"
    return tools, note


def _splits(choice: str, items: list[TestItem]) -> list[str]:
    """The parts to report for a test set: a part it does not have is left out, not shown
    as zero sentences."""
    present = splits_of(items)
    if choice == "each":
        return present
    return [choice] if choice == "all" or choice in present else []


def evaluate_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="oogst redact-eval",
        description="Recall, precision and useful words kept, of our redaction and of Deduce, "
        "on the shipped test sets (1: ordinary sentences, 2: harder text) or on your own.",
    )
    parser.add_argument("testset", nargs="?", help="a JSON/JSONL or marked .txt test set")
    parser.add_argument(
        "--set", choices=[*TESTSETS, "all"], default="all", help="shipped test set (default: all)"
    )
    parser.add_argument(
        "--split",
        choices=["all", *SPLITS, "each"],
        default="each",
        help="each part on its own (default), all together, or one part: dev, heldout, heldout2 "
        "(set 2's second held-out part)",
    )
    parser.add_argument(
        "--tool", choices=["oogst", "deduce", "both"], default="both", help="default: both"
    )
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--detail", action="store_true", help="a table per type of data")
    parser.add_argument(
        "--errors", action="store_true", help="list misses, false alarms and lost useful words"
    )
    args = parser.parse_args(argv)

    if args.testset:
        sets = [(Path(args.testset).name, load_testset(args.testset))]
    else:
        numbers = list(TESTSETS) if args.set == "all" else [args.set]
        sets = [(f"set {n}", load_shipped(n)) for n in numbers]
    tools, note = _tools(args.tool)
    if not tools:
        print(f"oogst redact-eval: {note}", file=sys.stderr)
        return 2
    results = [
        (name, tool_name, evaluate(items, tool, split=split), items)
        for name, items in sets
        for split in _splits(args.split, items)
        for tool_name, tool in tools
    ]
    if args.json:
        rows = [{"testset": n, "tool": t, **scores.to_dict()} for n, t, scores, _ in results]
        print(json.dumps(rows, indent=2))
        if note:
            print(note, file=sys.stderr)
        return 0
    print(SUMMARY_HEADER)
    for name, tool_name, scores, _ in results:
        print(summary_row(name, tool_name, scores))
    print(
        "recall: real spans with every word hidden; words R: word by word; precision: hidden "
        "spans that are personal data; kept: useful words (roles, places, organisations, "
        "ministries, public figures, dates) left untouched"
    )
    if note:
        print(note)
    if args.detail or args.errors:
        for name, tool_name, scores, items in results:
            print()
            print(format_table(scores, title=f"{name}, {tool_name}, "))
            if args.errors:
                _print_errors(scores, {item.id: item.text for item in items})
    return 0


def _print_errors(scores, texts: dict[str, str]) -> None:
    for item_id, span in scores.misses:
        print(f"  missed {span.type:<9} {span.original!r:<28} in {item_id}: {texts[item_id]}")
    for item_id, span in scores.false_alarms:
        print(f"  wrong  {span.type:<9} {span.original!r:<28} in {item_id}: {texts[item_id]}")
    for item_id, kind, words in scores.lost:
        print(f"  lost   {kind:<9} {words!r:<28} in {item_id}: {texts[item_id]}")
