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
            {"start": 8, "end": 14, "type": "name", "reason": "title"},
            {"start": 27, "end": 40, "type": "address", "reason": "street_number"},
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
    assert main(["redact-eval", "--split", "dev", "--tool", "oogst", "--detail"]) == 0
    out = capsys.readouterr().out
    assert "overall" in out and "recall" in out
    assert "set 1      dev      oogst" in out and "set 2      dev      oogst" in out
    assert "useful words kept" in out  # test set 2 marks the words that must stay


class _Nothing:
    """A redactor that finds nothing: these tests are about which parts are reported."""

    def find_spans(self, text, allow=()):
        return []


def test_redact_eval_reports_each_part_of_each_set(capsys, monkeypatch):
    monkeypatch.setattr("oogst.privacy.cli.Redactor", _Nothing)
    assert evaluate_main(["--json", "--split", "each", "--tool", "oogst"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert [(s["testset"], s["split"]) for s in scores] == [
        ("set 1", "dev"),
        ("set 1", "heldout"),
        ("set 2", "dev"),
        ("set 2", "heldout"),
        ("set 2", "heldout2"),
    ]
    assert scores[-1]["items"] >= 150


def test_redact_eval_leaves_out_a_set_without_the_part_asked_for(capsys, monkeypatch):
    monkeypatch.setattr("oogst.privacy.cli.Redactor", _Nothing)
    assert evaluate_main(["--json", "--split", "heldout2", "--tool", "oogst"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert [(s["testset"], s["split"]) for s in scores] == [("set 2", "heldout2")]


def test_redact_eval_json(capsys):
    assert evaluate_main(["--json", "--set", "1", "--split", "each", "--tool", "oogst"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert [(s["testset"], s["split"], s["tool"]) for s in scores] == [
        ("set 1", "dev", "oogst"),
        ("set 1", "heldout", "oogst"),
    ]
    assert set(scores[1]["overall"]) >= {"recall", "word_recall", "precision", "strict_recall"}


def test_redact_eval_without_deduce_says_how_to_install_it(monkeypatch, capsys):
    monkeypatch.setattr("oogst.privacy.cli.deduce_available", lambda: False)
    assert evaluate_main(["--set", "2", "--split", "heldout"]) == 0
    out = capsys.readouterr().out
    assert "set 2      heldout  oogst" in out and "heldout  deduce" not in out
    assert "Deduce is not installed" in out and "pip install deduce" in out
    assert evaluate_main(["--tool", "deduce"]) == 2
    assert "pip install deduce" in capsys.readouterr().err


BROKEN_JSONL = (
    '{"id": "1", "text": "Jan de Vries, 06-12345678"}\n'
    '{"id": "2", "text": "Piet Jansen belt 0201234567"}\n'
    '{"id": "3", broken\n'
    '{"id": "4", "text": "Klaas"}\n'
)


def test_a_broken_line_leaves_an_input_that_is_also_the_output_untouched(tmp_path, capsys):
    source = tmp_path / "inplace.jsonl"
    source.write_text(BROKEN_JSONL, "utf-8")
    assert redact_main([str(source), "--out", str(source)]) == 2
    assert source.read_text("utf-8") == BROKEN_JSONL
    err = capsys.readouterr().err
    assert f"{source} line 3: not valid JSON" in err and "nothing was written" in err
    assert "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["inplace.jsonl"]  # no temporary left


def test_nothing_reaches_stdout_or_a_new_file_when_a_later_line_is_bad(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "Henk"}\n{"id": 2, "tekst": "Piet"}\n[1]\n', "utf-8")
    assert redact_main([str(source)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "line 2: no text field 'text'" in captured.err
    assert "line 3: a list [...], not a JSON object" in captured.err
    assert redact_main([str(source), "--out", str(tmp_path / "out.jsonl")]) == 2
    assert not (tmp_path / "out.jsonl").exists()


def test_a_good_run_replaces_the_output_whole(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "Bel Sanne op 06-12345678."}\n', "utf-8")
    assert redact_main([str(source), "--out", str(source)]) == 0
    assert json.loads(source.read_text("utf-8"))["text"] == "Bel [naam] op [telefoon]."
    assert [p.name for p in tmp_path.iterdir()] == ["in.jsonl"]


def test_missing_input_and_missing_output_folder_are_messages(tmp_path, capsys):
    assert redact_main([str(tmp_path / "nope.txt")]) == 2
    assert "nope.txt: no such file" in capsys.readouterr().err
    source = tmp_path / "a.txt"
    source.write_text("Henk\n", "utf-8")
    assert redact_main([str(source), "--out", str(tmp_path / "nope" / "b.txt")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_text_from_a_windows_program_is_read_jsonl_must_be_utf8(tmp_path, capsys):
    source = tmp_path / "cp.txt"
    source.write_bytes("Café van Jan de Vries, tel 0612345678\n".encode("cp1252"))
    out = tmp_path / "out.txt"
    assert redact_main([str(source), "--out", str(out)]) == 0
    assert out.read_text("utf-8") == "Café van [naam], tel [telefoon]\n"
    assert "read it as cp1252" in capsys.readouterr().err
    data = tmp_path / "cp.jsonl"
    data.write_bytes('{"text": "Café"}\n'.encode("cp1252"))
    assert redact_main([str(data)]) == 2
    assert "must be UTF-8" in capsys.readouterr().err


def test_a_line_separator_inside_a_jsonl_text_does_not_split_the_line(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "Een\u2028twee"}\n', "utf-8")
    out = tmp_path / "out.jsonl"
    assert redact_main([str(source), "--out", str(out)]) == 0
    assert json.loads(out.read_text("utf-8"))["text"] == "Een\u2028twee"


def test_utf16_without_a_byte_order_mark_is_read_as_utf16_not_passed_through(tmp_path, capsys):
    """Its NUL bytes are valid UTF-8, so taking it for UTF-8 redacted nothing and said so."""
    source = tmp_path / "in.txt"
    source.write_bytes("Bel Jan de Vries op 0612345678\n".encode("utf-16-le"))
    assert redact_main([str(source), "--out", str(tmp_path / "out.txt")]) == 0
    out = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert "Vries" not in out and "0612345678" not in out and out.startswith("Bel ")


def test_ctrl_c_while_a_command_loads_is_an_interruption_not_a_traceback(monkeypatch, capsys):
    import importlib

    def interrupted(name):
        raise KeyboardInterrupt

    monkeypatch.setattr(importlib, "import_module", interrupted)
    assert main(["redact", "-"]) == 130
    assert capsys.readouterr().err == "oogst redact: interrupted\n"
