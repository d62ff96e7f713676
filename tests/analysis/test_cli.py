"""`oogst analyse` and `oogst evaluate`: the command-line contract other tools depend on."""

from __future__ import annotations

import csv
import json

import pytest
import yaml

from oogst.analysis.cli import analyse_main, evaluate_main

from .conftest import CODEBOOK


@pytest.fixture
def files(tmp_path, corpus, cache_dir, monkeypatch):
    monkeypatch.setenv("OOGST_CACHE_DIR", str(cache_dir))
    records, gold = corpus
    records = [dict(r) for r in records]
    records[0]["text"] = "<script>alert('x')</script> De huur is te hoog & dat knelt."
    records[0]["table"] = "Dialoog 4"
    data = tmp_path / "contributions.csv"
    with data.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows([{**r, "table": r.get("table", "")} for r in records])
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(yaml.safe_dump(CODEBOOK, allow_unicode=True), encoding="utf-8")
    gold_file = tmp_path / "gold.csv"
    with gold_file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "theme"])
        writer.writerows(sorted(gold.items()))
    return data, codebook, gold_file, tmp_path


def test_analyse_writes_json_and_a_self_contained_escaped_report(files):
    data, codebook, _, tmp = files
    out = tmp / "out"
    assert analyse_main([str(data), "--codebook", str(codebook), "--out", str(out), "--quiet"]) == 0
    analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert len(analysis["contributions"]) == 90
    assert analysis["run"]["embedder"] == "use-multilingual-v3"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "<svg" in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert "<link" not in html and "src=" not in html


def test_same_seed_gives_byte_identical_contributions_and_clusters(files):
    data, codebook, _, tmp = files
    outputs = []
    for name in ("a", "b"):
        out = tmp / name
        analyse_main(
            [str(data), "--codebook", str(codebook), "--out", str(out), "--quiet", "--seed", "3"]
        )
        analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
        outputs.append(json.dumps([analysis["contributions"], analysis["clusters"]]))
    assert outputs[0] == outputs[1]


def test_jsonl_input_examples_and_evaluate(files, capsys):
    data, codebook, gold, tmp = files
    with data.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    jsonl = tmp / "contributions.jsonl"
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    examples = tmp / "examples.csv"
    examples.write_text("text,theme\nMijn huur is weer omhoog gegaan.,wonen\n", encoding="utf-8")
    out = tmp / "jl"
    assert (
        analyse_main(
            [
                str(jsonl),
                "--codebook",
                str(codebook),
                "--out",
                str(out),
                "--quiet",
                "--examples",
                str(examples),
                "--embedder",
                "use",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert evaluate_main([str(out), str(gold), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["n"] == 90
    assert figures["theme_macro_f1"] >= 0.7
    assert 0 <= figures["cluster_nmi"] <= 1
    assert evaluate_main([str(out / "analysis.json"), str(gold)]) == 0
    assert "theme_macro_f1" in capsys.readouterr().out


def test_bad_input_is_an_error_not_a_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("nummer,tekst\n1,hallo\n", encoding="utf-8")
    codebook = tmp_path / "cb.json"
    codebook.write_text(json.dumps(CODEBOOK), encoding="utf-8")
    assert analyse_main([str(bad), "--codebook", str(codebook), "--out", str(tmp_path)]) == 2
    assert "id" in capsys.readouterr().err


def test_xlsx_input_carries_other_columns(tmp_path, corpus, cache_dir, monkeypatch):
    from openpyxl import Workbook

    from oogst.analysis.io import read_contributions

    monkeypatch.setenv("OOGST_CACHE_DIR", str(cache_dir))
    records, _ = corpus
    book = Workbook()
    sheet = book.active
    sheet.append(["id", "text", "role", "gemeente"])
    for i, record in enumerate(records[:40]):
        sheet.append([i + 1, record["text"], record["role"], "Zwolle"])
    path = tmp_path / "bijdragen.xlsx"
    book.save(path)
    rows = read_contributions(path)
    assert rows[0]["id"] == "1" and rows[0]["gemeente"] == "Zwolle"
    codebook = tmp_path / "cb.json"
    codebook.write_text(json.dumps(CODEBOOK), encoding="utf-8")
    out = tmp_path / "out"
    assert analyse_main([str(path), "--codebook", str(codebook), "--out", str(out), "--quiet"]) == 0
    assert len(json.loads((out / "analysis.json").read_text())["contributions"]) == 40


def test_redact_keeps_personal_data_out_of_both_files(tmp_path, corpus, cache_dir, monkeypatch):
    monkeypatch.setenv("OOGST_CACHE_DIR", str(cache_dir))
    records, _ = corpus
    rows = [{"id": r["id"], "text": r["text"]} for r in records]
    for i in range(0, len(rows), 3):
        rows[i]["text"] += " Bel Sanne de Wit op 06-12345678 of mail sanne@example.nl."
    data = tmp_path / "in.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(yaml.safe_dump(CODEBOOK, allow_unicode=True), encoding="utf-8")
    args = [str(data), "--codebook", str(codebook), "--quiet", "--out"]

    assert analyse_main([*args, str(tmp_path / "raw")]) == 0
    raw = (tmp_path / "raw" / "report.html").read_text(encoding="utf-8")
    assert "12345678" in raw  # without --redact the report quotes what it was given

    assert analyse_main([*args, str(tmp_path / "safe"), "--redact"]) == 0
    for name in ("analysis.json", "report.html"):
        content = (tmp_path / "safe" / name).read_text(encoding="utf-8")
        for personal in ("Sanne", "Wit ", "12345678", "example.nl"):
            assert personal not in content, (name, personal)
    ids = [
        c["id"]
        for c in json.loads((tmp_path / "safe" / "analysis.json").read_text())["contributions"]
    ]
    assert ids == [r["id"] for r in rows]


def test_a_windows_export_with_semicolons_and_quoted_commas_reads(tmp_path, cache_dir, monkeypatch):
    """Excel on a Dutch Windows machine writes cp1252 with semicolons; the web import reads
    such files, and so does `oogst analyse` (one reader for both)."""
    monkeypatch.setenv("OOGST_CACHE_DIR", str(cache_dir))
    data = tmp_path / "export.csv"
    data.write_bytes(
        'id;text\n1;"Meer groen, minder beton" in de wijk: café open\n'
        '2;"De huur is te hoog; ik betaal €900"\n'
        "3;Zorg dichterbij, ook ’s avonds\n".encode("cp1252")
    )
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(yaml.safe_dump(CODEBOOK, allow_unicode=True), encoding="utf-8")
    from oogst.analysis.io import read_contributions

    rows = read_contributions(data)
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert rows[0]["text"].startswith("Meer groen, minder beton") and "café" in rows[0]["text"]
    assert "€900" in rows[1]["text"] and "’s" in rows[2]["text"]
    assert (
        analyse_main(
            [
                str(data),
                "--codebook",
                str(codebook),
                "--out",
                str(tmp_path / "o"),
                "--quiet",
                "--embedder",
                "lexical",
            ]
        )
        == 0
    )
