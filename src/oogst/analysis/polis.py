"""Reading Polis exports, without Django: the web app's import and the benchmarks use the
same readers.

A Polis export folder holds `comments.csv` (one row per comment, with Polis's moderation:
-1 moderated out, 0 not yet moderated, 1 accepted), `participants-votes.csv` (one row per
voter with Polis's opinion group and one column per comment: 1 agree, -1 disagree, 0 pass,
empty not seen), `votes.csv` where present (every vote with a timestamp; the last one per
voter and comment counts) and `summary.csv` (topic, url, description). A row that cannot
be read is skipped and named in `problems`; a folder that is no Polis export raises
`PolisFormatError`.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

csv.field_size_limit(2**27)

POLIS_MODERATION = frozenset({-1, 0, 1})
VOTE_VALUES = frozenset({-1, 0, 1})


def shared_polis_dir() -> Path:
    """Where the shared Polis data lives: `$OOGST_SHARED_DATA/polis` or `../shared/data/polis`."""
    env = os.environ.get("OOGST_SHARED_DATA")
    if env:
        base = Path(env)
        return base / "polis" if (base / "polis").is_dir() else base
    return Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polis"


class PolisFormatError(ValueError):
    """The folder is not a Polis export we can read; the message says which file and why."""


@dataclass
class PolisCommentRow:
    row: int  # line number in comments.csv (the header is line 1), for messages
    comment_id: int
    author_id: int | None
    moderated: int
    text: str
    timestamp: str
    agrees: int | None
    disagrees: int | None


@dataclass
class PolisParticipantRow:
    polis_id: int
    xid: str
    group_id: int | None
    votes: dict[int, int]


@dataclass
class PolisExport:
    folder: Path
    conversation_id: str
    summary: dict[str, str]
    comments: list[PolisCommentRow]
    participants: list[PolisParticipantRow]
    # (comment id, voter id) -> the voter's last vote on that comment
    votes: dict[tuple[int, int], int]
    problems: list[str] = field(default_factory=list)


def int_or_none(value: str | None) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(float(value)) if "." in value else int(value)
    except ValueError:
        return None


def _open(path: Path):
    # utf-8-sig: exports that passed through a spreadsheet carry a byte order mark.
    return path.open(encoding="utf-8-sig", newline="")


def read_summary(folder: Path) -> dict[str, str]:
    path = folder / "summary.csv"
    if not path.is_file():
        return {}
    with _open(path) as handle:
        return {row[0].strip(): row[1] for row in csv.reader(handle) if len(row) >= 2}


def conversation_id_for(folder: Path, summary: dict[str, str]) -> str:
    """Polis's own id (from the pol.is URL), so two exports of one conversation meet;
    else the folder's name."""
    url = summary.get("url", "").strip().rstrip("/")
    tail = url.rsplit("/", 1)[-1] if url else ""
    if tail and re.fullmatch(r"[A-Za-z0-9_-]{4,40}", tail):
        return tail
    return folder.name[:80]


def read_comments(folder: Path, problems: list[str]) -> list[PolisCommentRow]:
    path = folder / "comments.csv"
    if not path.is_file():
        raise PolisFormatError(f"{folder}: comments.csv ontbreekt; dit is geen Polis-export.")
    with _open(path) as handle:
        reader = csv.DictReader(handle)
        missing = {"comment-id", "comment-body"} - set(reader.fieldnames or [])
        if missing:
            raise PolisFormatError(
                f"{path}: kolom(men) {', '.join(sorted(missing))} ontbreken in de kopregel."
            )
        rows: list[PolisCommentRow] = []
        seen: set[int] = set()
        end = reader.line_num
        for record in reader:
            # A comment may span lines; name the line it starts on.
            line, end = end + 1, reader.line_num
            comment_id = int_or_none(record.get("comment-id"))
            if comment_id is None:
                problems.append(
                    f"comments.csv regel {line}: comment-id {record.get('comment-id')!r} "
                    "is geen getal; overgeslagen."
                )
                continue
            if comment_id in seen:
                problems.append(
                    f"comments.csv regel {line}: comment-id {comment_id} komt twee keer voor; "
                    "de tweede is overgeslagen."
                )
                continue
            seen.add(comment_id)
            moderated = int_or_none(record.get("moderated"))
            if moderated not in POLIS_MODERATION:
                problems.append(
                    f"comments.csv regel {line}: moderated {record.get('moderated')!r} onbekend; "
                    "als 0 (nog niet gemodereerd) gelezen."
                )
                moderated = 0
            rows.append(
                PolisCommentRow(
                    row=line,
                    comment_id=comment_id,
                    author_id=int_or_none(record.get("author-id")),
                    moderated=moderated,
                    text=(record.get("comment-body") or "").replace("\x00", "").strip(),
                    timestamp=(record.get("timestamp") or "").strip(),
                    agrees=int_or_none(record.get("agrees")),
                    disagrees=int_or_none(record.get("disagrees")),
                )
            )
    return rows


def read_participants_votes(
    folder: Path, problems: list[str], columns: list[int] | None = None
) -> list[PolisParticipantRow]:
    """One row per voter; `columns`, when given, receives the file's comment columns."""
    path = folder / "participants-votes.csv"
    if not path.is_file():
        return []
    with _open(path) as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if "participant" not in header:
            raise PolisFormatError(f"{path}: kolom 'participant' ontbreekt in de kopregel.")
        at = {name: i for i, name in enumerate(header)}
        # The per-comment columns are the ones whose header is a comment id.
        comment_columns = [
            (i, int(name)) for i, name in enumerate(header) if name.strip().lstrip("-").isdigit()
        ]
        if columns is not None:
            columns.extend(comment_id for _, comment_id in comment_columns)
        participants = []
        for line, record in enumerate(reader, start=2):
            polis_id = int_or_none(
                record[at["participant"]] if len(record) > at["participant"] else ""
            )
            if polis_id is None:
                problems.append(
                    f"participants-votes.csv regel {line}: participant is geen getal; overgeslagen."
                )
                continue
            votes = {}
            for i, comment_id in comment_columns:
                if i < len(record) and record[i].strip():
                    value = int_or_none(record[i])
                    if value in VOTE_VALUES:
                        votes[comment_id] = value
                    else:
                        problems.append(
                            f"participants-votes.csv regel {line}: stem {record[i]!r} op reactie "
                            f"{comment_id} is geen 1, -1 of 0; overgeslagen."
                        )
            participants.append(
                PolisParticipantRow(
                    polis_id=polis_id,
                    xid=record[at["xid"]].strip()[:200]
                    if "xid" in at and at["xid"] < len(record)
                    else "",
                    group_id=int_or_none(record[at["group-id"]])
                    if "group-id" in at and at["group-id"] < len(record)
                    else None,
                    votes=votes,
                )
            )
    return participants


def read_votes(folder: Path, problems: list[str]) -> dict[tuple[int, int], int]:
    """votes.csv: a voter may change their mind; the vote with the latest timestamp counts."""
    path = folder / "votes.csv"
    if not path.is_file():
        return {}
    latest: dict[tuple[int, int], tuple[int, int]] = {}
    with _open(path) as handle:
        reader = csv.DictReader(handle)
        missing = {"comment-id", "voter-id", "vote"} - set(reader.fieldnames or [])
        if missing:
            raise PolisFormatError(
                f"{path}: kolom(men) {', '.join(sorted(missing))} ontbreken in de kopregel."
            )
        for line, record in enumerate(reader, start=2):
            comment_id, voter_id = (
                int_or_none(record["comment-id"]),
                int_or_none(record["voter-id"]),
            )
            value = int_or_none(record["vote"])
            if comment_id is None or voter_id is None or value not in VOTE_VALUES:
                problems.append(
                    f"votes.csv regel {line}: onleesbare stem ({record['comment-id']!r}, "
                    f"{record['voter-id']!r}, {record['vote']!r}); overgeslagen."
                )
                continue
            stamp = int_or_none(record.get("timestamp")) or 0
            key = (comment_id, voter_id)
            if key not in latest or stamp >= latest[key][0]:
                latest[key] = (stamp, value)
    return {key: value for key, (_, value) in latest.items()}


def read_export(folder: Path | str) -> PolisExport:
    folder = Path(folder)
    if not folder.is_dir():
        raise PolisFormatError(f"{folder} is geen map.")
    problems: list[str] = []
    summary = read_summary(folder)
    comments = read_comments(folder, problems)
    participants = read_participants_votes(folder, problems)
    votes = read_votes(folder, problems)
    # The matrix in participants-votes.csv and votes.csv tell the same story; votes.csv has
    # the timestamps, the matrix fills in whatever votes.csv lacks.
    for participant in participants:
        for comment_id, value in participant.votes.items():
            votes.setdefault((comment_id, participant.polis_id), value)
    return PolisExport(
        folder,
        conversation_id_for(folder, summary),
        summary,
        comments,
        participants,
        votes,
        problems,
    )


@dataclass
class VoteMatrix:
    """One conversation's votes, participants x comments: 1 agree, -1 disagree, 0 pass, NaN
    not seen. `comments` names each column (the comment id read from a folder; in the web
    app, the contribution id); `polis_groups` is the group Polis gave each participant ("" for
    none)."""

    participants: list[str]
    comments: list[str]
    votes: np.ndarray
    polis_groups: list[str]
    conversation: str = ""
    conversation_id: str = ""


def read_vote_matrix(folder: Path | str) -> VoteMatrix:
    """participants-votes.csv as a vote matrix (columns in the file's order), with the
    group-id Polis assigned ("" where it assigned none)."""
    columns: list[int] = []
    participants = read_participants_votes(Path(folder), [], columns)
    column = {comment_id: j for j, comment_id in enumerate(columns)}
    votes = np.full((len(participants), len(columns)), np.nan, dtype=np.float32)
    for i, participant in enumerate(participants):
        for comment_id, value in participant.votes.items():
            votes[i, column[comment_id]] = value
    return VoteMatrix(
        [str(p.polis_id) for p in participants],
        [str(c) for c in columns],
        votes,
        ["" if p.group_id is None else str(p.group_id) for p in participants],
    )


def comment_records(folder: Path | str, include_moderated: bool = False) -> list[dict[str, str]]:
    """The conversation's comments as records (`id` "folder:comment-id", `text`); comments
    Polis moderated out are left out unless asked for."""
    folder = Path(folder)
    return [
        {"id": f"{folder.name}:{row.comment_id}", "text": row.text}
        for row in read_comments(folder, [])
        if include_moderated or row.moderated != -1
    ]


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
        for record in comment_records(folder):
            records.append(record)
            gold.append(topic)
    return records, gold
