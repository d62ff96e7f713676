"""`oogst redact` and `oogst redact-eval`: the redaction engine on the command line.

oogst redact quotes.txt --out quotes.redacted.txt
oogst redact contributions.jsonl --marker woo --out -
oogst redact-eval --json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from oogst.privacy.evaluate import evaluate, format_table, load_testset
from oogst.privacy.redactor import MARKERS, Redactor


@contextmanager
def _open(path: str, mode: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdin if "r" in mode else sys.stdout
    else:
        with open(path, mode, encoding="utf-8") as handle:
            yield handle


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
    parser.add_argument("--format", choices=["auto", "text", "jsonl"], default="auto")
    parser.add_argument("--field", default="text", help="the JSONL field to redact (default: text)")
    args = parser.parse_args(argv)

    allow = list(args.allow)
    if args.allow_file:
        allow += [x.strip() for x in Path(args.allow_file).read_text("utf-8").splitlines()]
    redactor = Redactor(
        marker=args.marker, pseudonyms=args.pseudonyms, allow=[a for a in allow if a]
    )
    with _open(args.input, "r") as handle:
        lines = handle.read().splitlines()
    jsonl = _is_jsonl(args.input, lines, args.format)
    counted = 0
    with _open(args.out, "w") as out:
        for number, line in enumerate(lines, 1):
            if jsonl:
                if not line.strip():
                    continue
                record: dict[str, Any] = json.loads(line)
                if not isinstance(record.get(args.field), str):
                    print(f"line {number}: no text field {args.field!r}", file=sys.stderr)
                    return 2
                result = redactor.redact(record[args.field])
                record[args.field] = result.text
                record["spans"] = [span.to_dict() for span in result.spans]
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                result = redactor.redact(line)
                out.write(result.text + "\n")
            counted += len(result.spans)
    print(f"{counted} spans redacted in {len(lines)} lines", file=sys.stderr)
    return 0


def evaluate_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="oogst redact-eval",
        description="Recall and precision of the redaction engine on an annotated test set.",
    )
    parser.add_argument("testset", nargs="?", help="JSON/JSONL test set (default: the shipped one)")
    parser.add_argument("--split", choices=["all", "dev", "heldout", "each"], default="each")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    args = parser.parse_args(argv)

    items = load_testset(args.testset)
    splits = ["dev", "heldout", "all"] if args.split == "each" else [args.split]
    redactor = Redactor()
    results = [evaluate(items, redactor, split=split) for split in splits]
    if args.json:
        print(json.dumps([r.to_dict() for r in results], indent=2))
        return 0
    texts = {item.id: item.text for item in items}
    for scores in results:
        print(format_table(scores))
        if args.errors:
            for item_id, span in scores.misses:
                print(
                    f"  missed {span.type:<9} {span.original!r:<28} in {item_id}: {texts[item_id]}"
                )
            for item_id, span in scores.false_alarms:
                print(
                    f"  wrong  {span.type:<9} {span.original!r:<28} in {item_id}: {texts[item_id]}"
                )
        print()
    return 0
