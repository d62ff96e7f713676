"""Reading Polis exports: comments (contributions) and the participant-by-comment vote matrix.

A Polis conversation folder holds `comments.csv` (comment-id, comment-body, moderated, ...),
`participants-votes.csv` (one row per participant, its `group-id`, then one column per
comment with 1 agree, -1 disagree, 0 pass, empty not seen) and `summary.csv` (`topic`, ...).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

csv.field_size_limit(2**27)


def shared_polis_dir() -> Path:
    """Where the shared Polis data lives: `$OOGST_SHARED_DATA/polis` or `../shared/data/polis`."""
    env = os.environ.get("OOGST_SHARED_DATA")
    if env:
        base = Path(env)
        return base / "polis" if (base / "polis").is_dir() else base
    return Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polis"


def read_summary(folder: Path | str) -> dict[str, str]:
    """summary.csv as a key -> value dict."""
    path = Path(folder) / "summary.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[0]: row[1] for row in csv.reader(handle) if len(row) >= 2}


def read_comments(folder: Path | str, include_moderated: bool = False) -> list[dict[str, str]]:
    """The conversation's comments as records (`id`, `text`, plus Polis's own columns).

    Comments moderated out (`moderated == -1`) are left out unless asked for.
    """
    folder = Path(folder)
    records = []
    with (folder / "comments.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not include_moderated and row.get("moderated", "").strip() == "-1":
                continue
            records.append(
                {
                    "id": f"{folder.name}:{row['comment-id']}",
                    "text": row["comment-body"],
                    "comment_id": row["comment-id"],
                    "author_id": row.get("author-id", ""),
                    "agrees": row.get("agrees", ""),
                    "disagrees": row.get("disagrees", ""),
                }
            )
    return records


@dataclass
class VoteMatrix:
    """Participants x comments votes: 1 agree, -1 disagree, 0 pass, NaN not seen."""

    participants: list[str]
    comments: list[str]
    votes: np.ndarray
    polis_groups: list[str]


def read_votes(folder: Path | str) -> VoteMatrix:
    """participants-votes.csv as a vote matrix, with the group-id Polis assigned."""
    path = Path(folder) / "participants-votes.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        first_comment = header.index("n-disagree") + 1
        comments = header[first_comment:]
        participants, groups, rows = [], [], []
        for row in reader:
            if not row:
                continue
            participants.append(row[0])
            groups.append(row[header.index("group-id")].strip())
            cells = row[first_comment:] + [""] * (len(comments) - len(row[first_comment:]))
            rows.append([float(c) if c.strip() else np.nan for c in cells[: len(comments)]])
    votes = np.array(rows, dtype=np.float32).reshape(len(rows), len(comments))
    return VoteMatrix(participants, comments, votes, groups)


def benchmark_folders(name: str, root: Path | None = None) -> list[Path]:
    """The conversation folders of a benchmark: `klimarat` (austria-climate.*) or `hivemind`."""
    prefix = {"klimarat": "austria-climate.", "hivemind": "scoop-hivemind."}[name]
    root = root or shared_polis_dir()
    return sorted(p for p in root.glob(prefix + "*") if (p / "comments.csv").exists())


def load_benchmark(name: str, root: Path | None = None) -> tuple[list[dict[str, str]], list[str]]:
    """The merged benchmark: records (id, text) and, separately, each one's gold topic.

    The gold topic is the conversation's `topic` from summary.csv; it is returned apart from
    the records so that nothing in the analysis can see it.
    """
    records, gold = [], []
    for folder in benchmark_folders(name, root):
        topic = read_summary(folder).get("topic", folder.name)
        for record in read_comments(folder):
            records.append({"id": record["id"], "text": record["text"]})
            gold.append(topic)
    return records, gold
