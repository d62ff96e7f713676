"""Measure a redactor on an annotated test set: recall, precision and the useful words kept.

A gold span counts as *found* when predicted spans cover every word of it (the data is hidden,
whatever type we gave it; a partly hidden name is a miss); a predicted span is *correct* when it
overlaps a gold span. That is what matters for publication. Recall is also given word by word,
and the strict score (same start, end and type) alongside.

The second test set also marks the words that make a quote useful (roles, places,
organisations, ministries, public figures, dates that are not birth dates): *kept* is the share
of those words that no predicted span touches.

Anything with `find_spans(text, allow=...) -> list[Span]` can be measured: our `Redactor`, or
Deduce through `oogst.privacy.compare.DeduceRedactor`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from oogst.privacy.redactor import Redactor
from oogst.privacy.spans import PII_TYPES, Span

# The shipped test sets: ordinary sentences (1) and harder text (2, issue 19). Set 2's second
# held-out part lives in a file of its own, written after the first had been looked at.
TESTSETS: dict[str, tuple[str, ...]] = {
    "1": ("testset.json",),
    "2": ("testset_hard.txt", "testset_hard_heldout2.txt"),
}
# The parts of a test set, in the order they are reported.
SPLITS: tuple[str, ...] = ("dev", "heldout", "heldout2")
KEEP_KINDS: tuple[str, ...] = ("role", "place", "org", "ministry", "public", "date")
WORD = re.compile(r"\w+")
# [[type:words]] is personal data, {{kind:words}} words that must stay (test set 2's markup).
MARKUP = re.compile(r"\[\[(\w+):(.+?)\]\]|\{\{(\w+):(.+?)\}\}")


class SpanFinder(Protocol):
    def find_spans(self, text: str, allow: Iterable[str] = ()) -> list[Span]: ...


@dataclass(frozen=True)
class TestItem:
    id: str
    text: str
    spans: list[Span]
    split: str = "dev"
    lang: str = "nl"
    allow: tuple[str, ...] = ()
    keep: tuple[tuple[int, int, str], ...] = ()  # (start, end, kind) of words that must stay


@dataclass
class Counts:
    gold: int = 0
    found: int = 0  # gold spans fully covered
    predicted: int = 0
    correct: int = 0  # predicted spans overlapping a gold span
    exact: int = 0  # predicted spans equal to a gold span, type included
    gold_words: int = 0
    found_words: int = 0  # words of gold spans that are hidden

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def word_recall(self) -> float:
        return self.found_words / self.gold_words if self.gold_words else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def strict_recall(self) -> float:
        return self.exact / self.gold if self.gold else 1.0

    @property
    def strict_precision(self) -> float:
        return self.exact / self.predicted if self.predicted else 1.0


@dataclass
class Scores:
    split: str
    items: int = 0
    overall: Counts = field(default_factory=Counts)
    per_type: dict[str, Counts] = field(default_factory=dict)
    misses: list[tuple[str, Span]] = field(default_factory=list)  # (item id, gold span)
    false_alarms: list[tuple[str, Span]] = field(default_factory=list)
    keep_words: dict[str, list[int]] = field(default_factory=dict)  # kind -> [words, kept]
    lost: list[tuple[str, str, str]] = field(default_factory=list)  # (item id, kind, words)

    @property
    def kept(self) -> float:
        words = sum(w for w, _ in self.keep_words.values())
        return sum(k for _, k in self.keep_words.values()) / words if words else 1.0

    def to_dict(self) -> dict[str, Any]:
        def row(c: Counts) -> dict[str, Any]:
            return {
                "gold": c.gold,
                "found": c.found,
                "predicted": c.predicted,
                "correct": c.correct,
                "recall": round(c.recall, 4),
                "word_recall": round(c.word_recall, 4),
                "precision": round(c.precision, 4),
                "strict_recall": round(c.strict_recall, 4),
                "strict_precision": round(c.strict_precision, 4),
            }

        return {
            "split": self.split,
            "items": self.items,
            "overall": row(self.overall),
            "per_type": {k: row(v) for k, v in sorted(self.per_type.items())},
            "kept": round(self.kept, 4) if self.keep_words else None,
            "kept_per_kind": {
                kind: {"words": w, "kept": k} for kind, (w, k) in sorted(self.keep_words.items())
            },
        }


def default_testset_path(number: str = "1") -> Path:
    """The main file of a shipped test set."""
    return testset_paths(number)[0]


def testset_paths(number: str) -> list[Path]:
    """Every file of a shipped test set."""
    data = resources.files("oogst.privacy").joinpath("data")
    return [Path(str(data.joinpath(name))) for name in TESTSETS[number]]


def load_shipped(number: str) -> list[TestItem]:
    """A shipped test set with all its parts; ids must not repeat across its files."""
    items = [item for path in testset_paths(number) for item in load_testset(path)]
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"test set {number}: id {item.id} appears twice")
        seen.add(item.id)
    return items


def splits_of(items: list[TestItem]) -> list[str]:
    """The parts present in a test set, in the order of SPLITS."""
    present = {item.split for item in items}
    return [split for split in SPLITS if split in present]


def parse_marked(line_id: str, marked: str) -> tuple[str, list[Span], list[tuple[int, int, str]]]:
    """The plain text of a marked sentence, its personal data and its words that must stay."""
    text, spans, keep, position = [], [], [], 0
    length = 0
    for m in MARKUP.finditer(marked):
        plain = marked[position : m.start()]
        text.append(plain)
        length += len(plain)
        kind, words = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if m.group(1):
            if kind not in PII_TYPES:
                raise ValueError(f"{line_id}: unknown type {kind!r}")
            spans.append(Span(length, length + len(words), kind, words))
        else:
            if kind not in KEEP_KINDS:
                raise ValueError(f"{line_id}: unknown kind of useful word {kind!r}")
            keep.append((length, length + len(words), kind))
        text.append(words)
        length += len(words)
        position = m.end()
    text.append(marked[position:])
    plain_text = "".join(text)
    if any(mark in plain_text for mark in ("[[", "]]", "{{", "}}")):
        raise ValueError(f"{line_id}: unbalanced markup")
    return plain_text, spans, keep


def load_marked(path: Path) -> list[TestItem]:
    """Test set 2's format: `id <TAB> split <TAB> language <TAB> marked sentence`, `#` comments."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4 or fields[1] not in SPLITS:
            raise ValueError(f"{path.name} line {number}: expected id, split, language, sentence")
        item_id, split, lang, marked = fields
        text, spans, keep = parse_marked(item_id, marked)
        items.append(TestItem(item_id, text, sorted(spans), split, lang, keep=tuple(keep)))
    return items


def load_testset(path: str | Path | None = None) -> list[TestItem]:
    """Read a test set: a JSON array or JSON lines of {text, spans: [{start, end, type}], ...}
    (every span's offsets checked against its `original` text when that is given), or a `.txt`
    file in test set 2's marked format. Without a path: the shipped test set 1."""
    path = Path(path) if path else default_testset_path()
    if path.suffix == ".txt":
        return load_marked(path)
    raw = path.read_text(encoding="utf-8").strip()
    records = (
        json.loads(raw)
        if raw.startswith("[")
        else [json.loads(x) for x in raw.splitlines() if x.strip()]
    )
    items = []
    for n, rec in enumerate(records):
        text = rec["text"]
        spans = []
        for s in rec.get("spans", []):
            original = text[s["start"] : s["end"]]
            if "original" in s and s["original"] != original:
                raise ValueError(f"{rec.get('id', n)}: span {s} does not match {original!r}")
            if s["type"] not in PII_TYPES:
                raise ValueError(f"{rec.get('id', n)}: unknown type {s['type']!r}")
            spans.append(Span(s["start"], s["end"], s["type"], original))
        items.append(
            TestItem(
                id=str(rec.get("id", n)),
                text=text,
                spans=sorted(spans),
                split=rec.get("split", "dev"),
                lang=rec.get("lang", "nl"),
                allow=tuple(rec.get("allow", ())),
            )
        )
    return items


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in WORD.finditer(text[start:end])]


def _hidden(start: int, end: int, predicted: list[Span]) -> bool:
    """Every character of text[start:end] lies in a predicted span."""
    hidden: set[int] = set()
    for p in predicted:
        hidden.update(range(max(p.start, start), min(p.end, end)))
    return len(hidden) == end - start


def _touched(start: int, end: int, predicted: list[Span]) -> bool:
    return any(p.start < end and start < p.end for p in predicted)


def evaluate(
    items: list[TestItem], redactor: SpanFinder | None = None, split: str = "all"
) -> Scores:
    """Score `redactor` (our Redactor with default settings if None) on the items of one split
    ("all" for all)."""
    redactor = redactor or Redactor()
    scores = Scores(split=split)
    for item in items:
        if split != "all" and item.split != split:
            continue
        scores.items += 1
        predicted = redactor.find_spans(item.text, allow=item.allow)
        gold_keys = {(g.start, g.end, g.type) for g in item.spans}
        for gold in item.spans:
            counts = scores.per_type.setdefault(gold.type, Counts())
            words = _words(item.text, gold.start, gold.end) or [(gold.start, gold.end)]
            hidden_words = sum(_hidden(a, b, predicted) for a, b in words)
            found = hidden_words == len(words)
            for c in (counts, scores.overall):
                c.gold += 1
                c.found += found
                c.gold_words += len(words)
                c.found_words += hidden_words
            if not found:
                scores.misses.append((item.id, gold))
        for start, end, kind in item.keep:
            tally = scores.keep_words.setdefault(kind, [0, 0])
            words = _words(item.text, start, end)
            kept = [w for w in words if not _touched(*w, predicted)]
            tally[0] += len(words)
            tally[1] += len(kept)
            if len(kept) < len(words):
                scores.lost.append((item.id, kind, item.text[start:end]))
        for pred in predicted:
            counts = scores.per_type.setdefault(pred.type, Counts())
            correct = any(pred.overlaps(g) for g in item.spans)
            exact = (pred.start, pred.end, pred.type) in gold_keys
            for c in (counts, scores.overall):
                c.predicted += 1
                c.correct += correct
                c.exact += exact
            if not correct:
                scores.false_alarms.append((item.id, pred))
    return scores


def format_table(scores: Scores, title: str = "") -> str:
    lines = [
        f"{title}split: {scores.split} ({scores.items} sentences)",
        f"{'type':<12} {'gold':>5} {'found':>6} {'recall':>7} {'words R':>8} {'pred':>5} "
        f"{'correct':>8} {'precision':>9} {'strict R':>9} {'strict P':>9}",
    ]
    rows = [*sorted(scores.per_type.items()), ("overall", scores.overall)]
    for kind, c in rows:
        lines.append(
            f"{kind:<12} {c.gold:>5} {c.found:>6} {c.recall:>7.3f} {c.word_recall:>8.3f} "
            f"{c.predicted:>5} {c.correct:>8} {c.precision:>9.3f} {c.strict_recall:>9.3f} "
            f"{c.strict_precision:>9.3f}"
        )
    if scores.keep_words:
        per_kind = ", ".join(
            f"{kind} {k}/{w}" for kind, (w, k) in sorted(scores.keep_words.items())
        )
        lines.append(f"useful words kept: {scores.kept:.3f} ({per_kind})")
    return "\n".join(lines)


SUMMARY_HEADER = (
    f"{'test set':<10} {'split':<8} {'tool':<7} {'sentences':>9} {'spans':>6} {'recall':>7} "
    f"{'words R':>8} {'precision':>9} {'kept':>6}"
)


def summary_row(testset: str, tool: str, scores: Scores) -> str:
    """One line: the figures the targets are about."""
    c = scores.overall
    kept = f"{scores.kept:.3f}" if scores.keep_words else "-"
    return (
        f"{testset:<10} {scores.split:<8} {tool:<7} {scores.items:>9} {c.gold:>6} "
        f"{c.recall:>7.3f} {c.word_recall:>8.3f} {c.precision:>9.3f} {kept:>6}"
    )
