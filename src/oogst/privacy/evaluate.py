"""Measure the redaction engine on an annotated test set: span-level recall and precision.

A gold span counts as *found* when predicted spans cover all of it (the data is hidden, whatever
type we gave it); a predicted span is *correct* when it overlaps a gold span. That is what matters
for publication. The strict score (same start, end and type) is reported alongside.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from oogst.privacy.redactor import Redactor
from oogst.privacy.spans import PII_TYPES, Span


@dataclass(frozen=True)
class TestItem:
    id: str
    text: str
    spans: list[Span]
    split: str = "dev"
    lang: str = "nl"
    allow: tuple[str, ...] = ()


@dataclass
class Counts:
    gold: int = 0
    found: int = 0  # gold spans fully covered
    predicted: int = 0
    correct: int = 0  # predicted spans overlapping a gold span
    exact: int = 0  # predicted spans equal to a gold span, type included

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

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

    def to_dict(self) -> dict[str, Any]:
        def row(c: Counts) -> dict[str, Any]:
            return {
                "gold": c.gold,
                "found": c.found,
                "predicted": c.predicted,
                "correct": c.correct,
                "recall": round(c.recall, 4),
                "precision": round(c.precision, 4),
                "strict_recall": round(c.strict_recall, 4),
                "strict_precision": round(c.strict_precision, 4),
            }

        return {
            "split": self.split,
            "items": self.items,
            "overall": row(self.overall),
            "per_type": {k: row(v) for k, v in sorted(self.per_type.items())},
        }


def default_testset_path() -> Path:
    return Path(str(resources.files("oogst.privacy").joinpath("data", "testset.json")))


def load_testset(path: str | Path | None = None) -> list[TestItem]:
    """Read a test set: a JSON array or JSON lines of {text, spans: [{start, end, type}], ...}.
    Every span's offsets are checked against its `original` text when that is given."""
    path = Path(path) if path else default_testset_path()
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


def _covered(gold: Span, predicted: list[Span]) -> bool:
    hidden: set[int] = set()
    for p in predicted:
        hidden.update(range(max(p.start, gold.start), min(p.end, gold.end)))
    return all(pos in hidden or pos >= gold.end for pos in range(gold.start, gold.end))


def evaluate(items: list[TestItem], redactor: Redactor | None = None, split: str = "all") -> Scores:
    """Score `redactor` (default settings if None) on the items of one split ("all" for all)."""
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
            found = _covered(gold, predicted)
            for c in (counts, scores.overall):
                c.gold += 1
                c.found += found
            if not found:
                scores.misses.append((item.id, gold))
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


def format_table(scores: Scores) -> str:
    lines = [
        f"split: {scores.split} ({scores.items} sentences)",
        f"{'type':<10} {'gold':>5} {'found':>6} {'recall':>7} {'pred':>5} {'correct':>8} "
        f"{'precision':>9} {'strict R':>9} {'strict P':>9}",
    ]
    rows = [*sorted(scores.per_type.items()), ("overall", scores.overall)]
    for kind, c in rows:
        lines.append(
            f"{kind:<10} {c.gold:>5} {c.found:>6} {c.recall:>7.3f} {c.predicted:>5} {c.correct:>8} "
            f"{c.precision:>9.3f} {c.strict_recall:>9.3f} {c.strict_precision:>9.3f}"
        )
    return "\n".join(lines)
