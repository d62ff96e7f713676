"""Polis conversations come in with every comment, their moderation and their vote matrix."""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from oogst.harvest.models import (
    Contribution,
    PolisComment,
    PolisConversation,
    PolisParticipant,
    Vote,
)
from oogst.harvest.polis import PolisFormatError, import_polis, vote_matrix
from oogst.programme.models import Programme
from tests.conftest import POLIS_DIR, require_polis

FOLDERS = (
    sorted(p.name for p in POLIS_DIR.iterdir() if (p / "comments.csv").is_file())
    if POLIS_DIR.is_dir()
    else []
)
MODERATION = {"-1": "rejected", "0": "pending", "1": "accepted"}


def comments_in(folder: Path) -> list[dict[str, str]]:
    with (folder / "comments.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def programme(db):
    return Programme.objects.create(slug="polis", name="Polis-gesprekken")


@pytest.mark.polis
@pytest.mark.parametrize("name", FOLDERS or ["(geen Polis-data)"])
def test_every_conversation_imports_with_all_comments_and_their_moderation(programme, name):
    folder = require_polis() / name
    rows = comments_in(folder)

    report = import_polis(folder, programme)

    conversation = report.conversation
    assert conversation.comments.count() == len(rows)
    contributions = Contribution.objects.filter(polis_comment__conversation=conversation)
    with_text = [r for r in rows if r["comment-body"].strip()]
    assert contributions.count() == len(with_text)
    assert set(contributions.values_list("channel", flat=True)) == {"polis"}
    # Moderated-out comments keep their status: -1 rejected, 0 pending, 1 accepted.
    assert Counter(contributions.values_list("moderation", flat=True)) == Counter(
        MODERATION[r["moderated"]] for r in with_text
    )
    sample = rows[len(rows) // 2]
    assert (
        Contribution.objects.get(
            programme=programme,
            import_key=f"polis:{conversation.conversation_id}:{sample['comment-id']}",
        ).text
        == sample["comment-body"].strip()
    )

    if (folder / "participants-votes.csv").is_file():
        with (folder / "participants-votes.csv").open(encoding="utf-8", newline="") as handle:
            matrix_rows = list(csv.DictReader(handle))
        assert conversation.participants.count() >= len(matrix_rows)
        first = matrix_rows[0]
        expected_group = int(first["group-id"]) if first["group-id"] else None
        assert (
            conversation.participants.get(polis_id=int(first["participant"])).group_id
            == expected_group
        )
        expected_votes = sum(
            1 for r in matrix_rows for k, v in r.items() if k.isdigit() and v != ""
        )
        assert conversation.votes.count() == expected_votes

    again = import_polis(folder, programme)
    assert (
        again.comments_added,
        again.contributions_added,
        again.participants_added,
        again.votes_added,
    ) == (0, 0, 0, 0)
    assert conversation.comments.count() == len(rows)


@pytest.mark.polis
def test_vote_matrix_reads_back_as_participants_by_comments(programme):
    folder = require_polis() / "london.youth.policing"
    conversation = import_polis(folder, programme).conversation

    matrix = vote_matrix(conversation)

    contribution_of = dict(conversation.comments.values_list("comment_id", "contribution_id"))
    with (folder / "participants-votes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert matrix.votes.shape == (len(matrix.participants), len(comments_in(folder)))
    assert matrix.conversation_id == conversation.conversation_id
    for row in rows:
        i = matrix.participants.index(str(int(row["participant"])))
        assert matrix.polis_groups[i] == (str(int(row["group-id"])) if row["group-id"] else "")
        for key, value in row.items():
            if key.isdigit():
                cell = matrix.votes[i, matrix.comments.index(str(contribution_of[int(key)] or ""))]
                assert (math.isnan(cell) and value == "") or cell == int(value)


@pytest.mark.polis
@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("vtaiwan.uberx", "zh"),
        ("austria-climate.5tzfrp5eaa.2022-07-07", "de"),
        ("brexit-consensus", "en"),
    ],
)
def test_the_language_is_recognised_or_given(programme, name, language):
    folder = require_polis() / name
    assert import_polis(folder, programme).language == language
    other = Programme.objects.create(slug="other", name="Ander programma")
    import_polis(folder, other, language="nl")
    assert set(Contribution.objects.filter(programme=other).values_list("language", flat=True)) == {
        "nl"
    }


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def small_export(tmp_path):
    folder = tmp_path / "klein-gesprek"
    folder.mkdir()
    write(folder, "summary.csv", "topic,Een klein gesprek\nurl,https://pol.is/abc123xyz\n")
    write(
        folder,
        "comments.csv",
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        "1,x,0,0,2,0,1,Meer groen in de wijk\n"
        "2,x,1,1,0,1,-1,<script>alert(1)</script> weg ermee\n"
        '3,x,2,1,0,0,0,"Twee regels,\nmet een komma"\n'
        "4,x,3,2,0,0,-1,\n"
        "5,x,vier,2,0,0,1,kapotte regel\n",
    )
    write(
        folder,
        "votes.csv",
        "timestamp,datetime,comment-id,voter-id,vote\n"
        "10,x,0,0,-1\n"
        "20,x,0,0,1\n"  # changed their mind: the later vote counts
        "11,x,1,0,-1\n"
        "12,x,0,7,0\n"  # a voter missing from participants-votes.csv
        "13,x,3,1,1\n"  # a vote on the comment without text
        "14,x,2,1,twee\n",
    )
    write(
        folder,
        "participants-votes.csv",
        "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,2,3\n0,0,1,2,1,1,1,-1,,\n1,1,2,1,1,0,,,,1\n",
    )
    return folder


def test_a_small_export_keeps_every_comment_vote_and_problem(programme, small_export):
    report = import_polis(small_export, programme)

    conversation = PolisConversation.objects.get(programme=programme)
    assert conversation.conversation_id == "abc123xyz" and conversation.topic == "Een klein gesprek"
    assert sorted(conversation.comments.values_list("comment_id", flat=True)) == [0, 1, 2, 3]
    assert (
        conversation.comments.get(comment_id=3).contribution is None
    )  # no text, but in the matrix
    assert (
        Contribution.objects.get(import_key="polis:abc123xyz:2").text
        == "Twee regels,\nmet een komma"
    )
    assert Contribution.objects.get(import_key="polis:abc123xyz:1").text.startswith(
        "<script>"
    )  # data, not code
    assert Contribution.objects.get(import_key="polis:abc123xyz:1").moderation == "rejected"
    # A statement is what its author wrote: quotable word for word.
    assert all(Contribution.objects.filter(channel="polis").values_list("is_quote", flat=True))
    assert dict(
        Vote.objects.filter(participant__polis_id=0).values_list("comment__comment_id", "value")
    ) == {0: 1, 1: -1}
    assert PolisParticipant.objects.get(conversation=conversation, polis_id=7).group_id is None
    problems = "\n".join(report.problems)
    assert "comments.csv regel 7: comment-id 'vier'" in problems
    assert "comments.csv regel 6: reactie 3 heeft geen tekst" in problems
    assert "votes.csv regel 7" in problems


def test_a_newer_export_adds_what_is_new_and_takes_changed_votes(programme, small_export):
    import_polis(small_export, programme)
    with (small_export / "votes.csv").open("a", encoding="utf-8") as handle:
        handle.write("30,x,0,0,-1\n31,x,2,0,1\n")

    report = import_polis(small_export, programme)

    assert (report.contributions_added, report.votes_added, report.votes_changed) == (0, 1, 1)
    assert dict(
        Vote.objects.filter(participant__polis_id=0).values_list("comment__comment_id", "value")
    ) == {0: -1, 1: -1, 2: 1}


def test_a_failure_halfway_leaves_nothing_behind(programme, small_export, monkeypatch):
    import oogst.harvest.polis as polis

    def broken(rows):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(polis, "_insert_votes", broken)
    with pytest.raises(RuntimeError):
        import_polis(small_export, programme)
    assert (
        not PolisConversation.objects.exists()
        and not Contribution.objects.filter(channel="polis").exists()
    )


def test_a_folder_that_is_not_a_polis_export_is_refused_with_the_reason(programme, tmp_path):
    with pytest.raises(PolisFormatError, match="comments.csv ontbreekt"):
        import_polis(tmp_path, programme)
    write(tmp_path, "comments.csv", "id,text\n1,hallo\n")
    with pytest.raises(PolisFormatError, match="comment-body"):
        import_polis(tmp_path, programme)


def test_the_command_imports_and_reports(programme, small_export):
    out = io.StringIO()
    call_command("import_polis", str(small_export), programme="polis", stdout=out)
    assert "4 reacties in comments.csv; nieuw: 4 reacties, 3 bijdragen" in out.getvalue()
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("import_polis", str(small_export), programme="nergens")
    with pytest.raises(CommandError, match="taalcode"):
        call_command("import_polis", str(small_export), programme="polis", language="klingon-x")
    with pytest.raises(CommandError, match="Tafel"):
        call_command("import_polis", str(small_export), programme="polis", table="ZZ")
    assert PolisComment.objects.count() == 4
