"""`oogst analyse` and `oogst evaluate`: the command-line contract other tools depend on."""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import signal
import warnings

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
    bad.write_text("volgnr,tekst\n1,hallo\n", encoding="utf-8")
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


# --- Errors, output folder, redaction, progress: what an analyst meets on the command line.


@pytest.fixture
def small(tmp_path, corpus, cache_dir, monkeypatch):
    """The corpus as CSV with role and table columns, its codebook, and a runner that uses
    the fast lexical embedder."""
    monkeypatch.setenv("OOGST_CACHE_DIR", str(cache_dir))
    records, _ = corpus
    # Every quote then names the same student, as in the reviewers' file.
    rows = [
        {"id": r["id"], "text": r["text"], "role": "Student Fatima El Amrani", "table": "4"}
        for r in records
    ]
    rows[2]["table"] = "Tafel van Sanne de Wit"
    data = tmp_path / "in.csv"
    with data.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(yaml.safe_dump(CODEBOOK, allow_unicode=True), encoding="utf-8")

    def run(*extra, data=data, codebook=codebook, out=tmp_path / "out"):
        argv = [str(data), "--codebook", str(codebook), "--out", str(out)]
        return analyse_main([*argv, "--embedder", "lexical", *map(str, extra)])

    return run, data, codebook, tmp_path


def test_redact_also_hides_names_in_the_role_and_other_columns(small):
    run, _, _, tmp = small
    assert run("--quiet", out=tmp / "raw") == 0
    raw = (tmp / "raw" / "report.html").read_text(encoding="utf-8")
    assert "Fatima" in raw  # the report names the role it was given
    assert (
        json.loads((tmp / "raw" / "analysis.json").read_text())["run"]["settings"]["redacted"]
        is False
    )

    assert run("--quiet", "--redact", out=tmp / "safe") == 0
    for name in ("analysis.json", "report.html"):
        content = (tmp / "safe" / name).read_text(encoding="utf-8")
        for personal in ("Fatima", "Amrani", "Sanne"):
            assert personal not in content, (name, personal)
    safe = (tmp / "safe" / "report.html").read_text(encoding="utf-8")
    assert "Student [naam]" in safe  # the role itself stays

    # Every free-text column is redacted, printed today or not; codes stay as they are.
    from oogst.analysis.cli.analyse import _redact

    records = [{"id": "Jan", "text": "Jan belt.", "table": "Tafel van Sanne de Wit", "age": "65+"}]
    _redact(records, lambda *args: None)
    assert records == [
        {"id": "Jan", "text": "[naam] belt.", "table": "Tafel van [naam]", "age": "65+"}
    ]
    analysis = json.loads((tmp / "safe" / "analysis.json").read_text())
    assert analysis["run"]["settings"]["redacted"] is True


@pytest.mark.parametrize(
    "content, reason",
    [
        ("themes:\n  - id: wonen\n    name: Wonen\n   - id: energie\n", "not valid YAML (line 4"),
        ("", "the codebook is empty"),
        ("just a string\n", "needs a list 'themes'"),
        ("themes:\n  - {id: wonen, description: Huur}\n", "theme 1 (id 'wonen') has no name"),
        ("themes:\n  - {id: w, name: W}\n  - {id: w, name: X}\n", "theme id 'w' appears twice"),
        ("themes:\n  - {id: w, name: W, parent: nope}\n", "parent 'nope', which is not a theme"),
        ("themes:\n  - {id: w, name: W, parent: w}\n", "theme 'w' is its own parent"),
        (
            "themes:\n  - {id: a, name: A, parent: b}\n  - {id: b, name: B, parent: a}\n",
            "'a' -> 'b' -> 'a' form a cycle",
        ),
    ],
)
def test_a_bad_codebook_is_an_error_naming_the_file(small, capsys, content, reason):
    run, _, _, tmp = small
    codebook = tmp / "bad.yaml"
    codebook.write_text(content, encoding="utf-8")
    assert run("--quiet", codebook=codebook) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"oogst analyse: {codebook}: ") and reason in err, err
    assert not (tmp / "out").exists()  # the folder made for the run is gone again


@pytest.mark.parametrize(
    "option", [["--clusters", "abc"], ["--clusters", "0"], ["--clusters", "-3"], ["--seed", "-1"]]
)
def test_bad_numbers_are_refused_before_anything_runs(small, capsys, option):
    run, _, _, tmp = small
    with pytest.raises(SystemExit) as stop:
        run("--quiet", *option)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option[0]}" in err and "Traceback" not in err
    assert not (tmp / "out").exists()


def test_an_embedder_that_is_not_installed_is_an_error(small, capsys):
    if importlib.util.find_spec("sentence_transformers") is not None:
        pytest.skip("sentence-transformers is installed here")
    run, _, _, tmp = small
    assert run("--quiet", "--embedder", "st:nonexistent") == 2
    assert "oogst analyse: --embedder st:nonexistent: " in capsys.readouterr().err
    assert not (tmp / "out").exists()


def test_a_bad_out_is_found_before_the_analysis_runs(small, capsys, monkeypatch):
    from oogst.analysis.pipeline import Pipeline

    def never(*args, **kwargs):
        raise AssertionError("the analysis ran although --out is unusable")

    monkeypatch.setattr(Pipeline, "run", never)
    run, _, _, tmp = small
    a_file = tmp / "afile"
    a_file.write_text("keep me", encoding="utf-8")
    assert run("--quiet", out=a_file) == 2
    assert f"oogst analyse: {a_file}: exists and is not a folder" in capsys.readouterr().err
    assert a_file.read_text(encoding="utf-8") == "keep me"

    assert run("--quiet", out=a_file / "sub") == 2
    assert f"{a_file / 'sub'}: cannot create the output folder" in capsys.readouterr().err

    (tmp / "rep" / "report.html").mkdir(parents=True)
    assert run("--quiet", out=tmp / "rep") == 2
    assert "report.html: is a folder" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp / "rep").iterdir()) == ["report.html"]


def test_an_interrupted_run_leaves_nothing_behind(small, capsys, monkeypatch):
    import oogst.analysis.cli.analyse as cli

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    run, _, _, tmp = small
    # Interrupted while making the report: the folders the run made go again.
    monkeypatch.setattr(cli, "render_report", interrupt)
    assert run("--quiet", out=tmp / "new" / "out") == 130
    assert "oogst analyse: interrupted" in capsys.readouterr().err
    assert not (tmp / "new").exists()
    monkeypatch.undo()

    # Interrupted when both files are written under temporary names and the first is to be
    # put in place: an earlier run's files stay as they were, no temporary file is left.
    monkeypatch.setattr(cli.os, "replace", interrupt)
    earlier = tmp / "earlier"
    earlier.mkdir()
    (earlier / "analysis.json").write_text("{}", encoding="utf-8")
    assert run("--quiet", out=earlier) == 130
    assert [p.name for p in earlier.iterdir()] == ["analysis.json"]
    assert (earlier / "analysis.json").read_text(encoding="utf-8") == "{}"


def test_ctrl_c_between_the_two_renames_waits_until_both_files_are_in_place(
    small, capsys, monkeypatch
):
    import oogst.analysis.cli.analyse as cli

    run, _, _, tmp = small
    earlier = tmp / "earlier"
    earlier.mkdir()
    (earlier / "analysis.json").write_text("{}", encoding="utf-8")
    (earlier / "report.html").write_text("old", encoding="utf-8")
    real_replace = os.replace

    def replace_then_ctrl_c(source, target):
        real_replace(source, target)
        os.kill(os.getpid(), signal.SIGINT)  # the user presses Ctrl-C after the first rename

    monkeypatch.setattr(cli.os, "replace", replace_then_ctrl_c)
    assert run("--quiet", out=earlier) == 130
    assert "interrupted after writing" in capsys.readouterr().err
    # Both files are the new run's: never a new analysis.json beside the old report.
    assert json.loads((earlier / "analysis.json").read_text(encoding="utf-8"))["contributions"]
    assert (earlier / "report.html").read_text(encoding="utf-8") != "old"
    assert sorted(p.name for p in earlier.iterdir()) == ["analysis.json", "report.html"]


def test_a_stop_from_outside_cleans_up_like_ctrl_c(small, capsys, monkeypatch):
    import oogst.analysis.cli.analyse as cli

    def stopped(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)  # e.g. a scheduler ending the job
        return "report"

    run, _, _, tmp = small
    earlier_handler = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(cli, "render_report", stopped)
    assert run("--quiet", out=tmp / "new" / "out") == 130
    assert "interrupted; nothing was written" in capsys.readouterr().err
    assert not (tmp / "new").exists()
    assert signal.getsignal(signal.SIGTERM) is earlier_handler  # put back after the run


def test_an_unexpected_error_is_one_line_and_verbose_shows_the_trace(small, capsys, monkeypatch):
    from oogst.analysis.pipeline import Pipeline

    def broken(*args, **kwargs):
        raise TypeError("a bug")

    monkeypatch.setattr(Pipeline, "run", broken)
    run, _, _, tmp = small
    assert run("--quiet") == 2
    err = capsys.readouterr().err
    assert "unexpected error (TypeError: a bug)" in err and "--verbose" in err
    assert not (tmp / "out").exists()
    with pytest.raises(TypeError):
        run("--quiet", "--verbose")


def test_examples_naming_an_unknown_theme_are_an_error_naming_the_file(small, capsys):
    run, _, codebook, tmp = small
    examples = tmp / "examples.csv"
    examples.write_text("text,theme\nDe huur is te hoog.,huisvesting\n", encoding="utf-8")
    assert run("--quiet", "--examples", examples) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"oogst analyse: {examples} (codebook {codebook}): ")
    assert "example 1 ('huisvesting')" in err


def test_progress_names_reading_and_writing_and_the_total_time(small, capsys):
    run, data, _, tmp = small
    assert run() == 0
    captured = capsys.readouterr()
    assert f"reading {data}" in captured.err and f"writing {tmp / 'out'}" in captured.err
    assert "analysis " in captured.out and "total " in captured.out
    # Quiet: no progress at all (only a warning would still be said; with --redact there is
    # no personal data to warn about).
    assert run("--quiet", "--redact") == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_library_warnings_stay_out_of_the_analysts_way(small, capsys):
    run, _, _, tmp = small
    data = tmp / "repeated.csv"
    # Two distinct texts cannot make 1000 clusters: scikit-learn warns about it.
    data.write_text(
        "id,text\n"
        + "".join(
            f"{i},{'De huur is te hoog.' if i % 2 else 'De bus rijdt niet.'}\n" for i in range(8)
        ),
        encoding="utf-8",
    )
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert run("--quiet", "--clusters", "1000", data=data) == 0
        assert run("--clusters", "1000", data=data) == 0
    assert not seen
    err = capsys.readouterr().err
    assert "ConvergenceWarning:" not in err
    assert "warning(s) from the analysis libraries hidden (ConvergenceWarning)" in err
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert run("--quiet", "--verbose", "--clusters", "1000", data=data) == 0
    assert seen


def _analysis_for_evaluate(small):
    run, _, _, tmp = small
    assert run("--quiet") == 0
    return tmp / "out"


def test_evaluate_with_theme_names_says_there_are_no_theme_scores(small, corpus, capsys):
    out = _analysis_for_evaluate(small)
    _, gold = corpus
    gold_file = out.parent / "names.csv"
    with gold_file.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("id", "theme"), *((k, v.title()) for k, v in gold.items())])
    capsys.readouterr()
    assert evaluate_main([str(out), str(gold_file)]) == 1
    captured = capsys.readouterr()
    assert "theme_accuracy" not in captured.out and "cluster_nmi" in captured.out
    assert "none of the gold labels" in captured.err and "--codebook" in captured.err

    codebook = out.parent / "codebook.yaml"
    assert evaluate_main([str(out), str(gold_file), "--codebook", str(codebook)]) == 0
    assert "theme_accuracy" in capsys.readouterr().out


def test_evaluate_reports_matched_and_unmatched_gold_rows(small, corpus, capsys):
    out = _analysis_for_evaluate(small)
    _, gold = corpus
    gold_file = out.parent / "gold.csv"
    rows = [("id", "theme"), *sorted(gold.items())[:10], ("elsewhere-1", "wonen")]
    with gold_file.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    capsys.readouterr()
    assert evaluate_main([str(out), str(gold_file)]) == 0
    assert "scored 10 contributions, 1 gold id(s) not in the analysis" in capsys.readouterr().out

    other = out.parent / "other.csv"
    other.write_text("id,theme\nzzz,wonen\nyyy,zorg\n", encoding="utf-8")
    assert evaluate_main([str(out), str(other)]) == 2
    assert "none of its 2 labelled ids is a contribution id" in capsys.readouterr().err


def test_evaluate_with_a_bad_codebook_is_an_error(small, corpus, capsys):
    out = _analysis_for_evaluate(small)
    bad = out.parent / "bad.yaml"
    bad.write_text("themes:\n  - id: a\n   - id: b\n", encoding="utf-8")
    gold_file = out.parent / "gold.csv"
    gold_file.write_text("id,theme\nc0000,Wonen\n", encoding="utf-8")
    capsys.readouterr()
    assert evaluate_main([str(out), str(gold_file), "--codebook", str(bad)]) == 2
    assert capsys.readouterr().err.startswith(f"oogst evaluate: {bad}: not valid YAML")


def test_evaluate_gives_no_theme_scores_for_labels_that_are_no_theme():
    from oogst.analysis.evaluate import evaluate

    analysis = {
        "themes": [{"id": "wonen"}, {"id": "zorg"}],
        "contributions": [
            {"id": "1", "theme": "wonen", "cluster": 0},
            {"id": "2", "theme": "zorg", "cluster": 1},
        ],
    }
    figures = evaluate(analysis, {"1": "Wonen", "2": "Zorg", "3": "Wonen"})
    assert "theme_accuracy" not in figures and "cluster_nmi" in figures
    assert figures["n"] == 2 and figures["gold_unmatched"] == 1
    assert figures["labels_not_themes"] == ["Wonen", "Zorg"]
    assert evaluate(analysis, {"1": "wonen", "2": "wonen"})["theme_accuracy"] == 0.5


def test_redact_reads_html_as_its_words_first(small):
    """An address written with HTML entities is an address once the analysis reads the text
    as its words: it is redacted in that form."""
    from oogst.analysis.cli.analyse import _redact

    records = [{"id": "1", "text": "<p>Mail jan.de.vries&#64;gemeente.nl of 06&nbsp;12345678</p>"}]
    _redact(records, lambda *a: None)
    assert "gemeente.nl" not in records[0]["text"] and "12345678" not in records[0]["text"]
    assert records[0]["text"].startswith("Mail ")


def test_evaluate_reads_a_gold_column_by_any_of_its_names(small, capsys):
    run, data, _, tmp = small
    assert run("--quiet") == 0
    gold = tmp / "gold.csv"
    rows = list(csv.DictReader(data.open(encoding="utf-8")))
    with gold.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ID", "Thema"])
        writer.writerows([(r["id"], "wonen") for r in rows] + [("", "zorg")])
    assert evaluate_main([str(tmp / "out"), str(gold), "--column", "Thema"]) == 0
    out = capsys.readouterr().out
    assert f"scored {len(rows)} contributions" in out and "0 row(s) without a gold label" in out
    assert "left out: 1 row(s) without an id" in out  # it has a label, but no id


def test_personal_data_in_what_the_report_quotes_is_warned_about(files, capsys):
    data, codebook, _, tmp = files
    with data.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["text"] += " Mail mij op piet.jansen@example.nl of bel 06-12345678."
    with data.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    args = [str(data), "--codebook", str(codebook), "--quiet", "--out"]
    assert analyse_main([*args, str(tmp / "raw")]) == 0
    warning = capsys.readouterr().err
    assert "warning: the report quotes" in warning
    assert "email" in warning and "phone" in warning and "--redact" in warning
    assert analyse_main([*args, str(tmp / "redacted"), "--redact"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_no_warning_when_nothing_quoted_holds_personal_data(files, capsys):
    data, codebook, _, tmp = files
    assert (
        analyse_main([str(data), "--codebook", str(codebook), "--out", str(tmp / "o"), "--quiet"])
        == 0
    )
    assert "warning" not in capsys.readouterr().err
