"""`oogst redact` on text and JSONL, and `oogst redact-eval`."""

from __future__ import annotations

import io
import json

from oogst.cli import main
from oogst.privacy.cli import evaluate_main, redact_main


def test_redact_plain_text(tmp_path):
    source = tmp_path / "quotes.txt"
    source.write_text("Bel Sanne op 06-12345678.\nDe wethouder van Utrecht opende.\n", "utf-8")
    out = tmp_path / "out.txt"
    assert redact_main([str(source), "--out", str(out)]) == 0
    assert out.read_text("utf-8").splitlines() == [
        "Bel [naam] op [telefoon].",
        "De wethouder van Utrecht opende.",
    ]


def test_redact_jsonl_keeps_other_fields_and_lists_spans(tmp_path):
    source = tmp_path / "in.jsonl"
    records = [
        {"id": 7, "role": "Student", "text": "Mevrouw Jansen woont op de Kerkstraat 12."},
        {"id": 8, "role": "Wethouder", "text": "Niets persoonlijks hier."},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    out = tmp_path / "out.jsonl"
    assert redact_main([str(source), "--out", str(out), "--marker", "woo"]) == 0
    first, second = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert first == {
        "id": 7,
        "role": "Student",
        "text": "Mevrouw [5.1.2e] woont op de [5.1.2e].",
        "spans": [
            {"start": 8, "end": 14, "type": "name"},
            {"start": 27, "end": 40, "type": "address"},
        ],
    }
    assert second["text"] == "Niets persoonlijks hier." and second["spans"] == []


def test_redact_stdin_to_stdout_with_pseudonyms(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("Henk belde Sanne, en Sanne belde Henk.\n"))
    assert main(["redact", "-", "--pseudonyms"]) == 0
    assert (
        capsys.readouterr().out
        == "[persoon 1] belde [persoon 2], en [persoon 2] belde [persoon 1].\n"
    )


def test_redact_allow(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("Burgemeester Halsema sprak met Henk.\n"))
    assert redact_main(["-", "--allow", "Halsema"]) == 0
    assert capsys.readouterr().out == "Burgemeester Halsema sprak met [naam].\n"


def test_redact_jsonl_without_text_field_fails(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text('{"body": "Henk"}\n', "utf-8")
    assert redact_main([str(source)]) == 2


def test_redact_eval_prints_a_table(capsys):
    assert main(["redact-eval", "--split", "dev"]) == 0
    out = capsys.readouterr().out
    assert "overall" in out and "recall" in out


def test_redact_eval_json(capsys):
    assert evaluate_main(["--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert [s["split"] for s in scores] == ["dev", "heldout", "all"]
    assert set(scores[2]["overall"]) >= {"recall", "precision", "strict_recall"}
