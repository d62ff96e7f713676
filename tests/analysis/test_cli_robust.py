"""`oogst analyse` and `oogst evaluate` with the messy files analysts bring: duplicate and
mistyped gold labels, themes and columns named in their own words, empty texts, rows that
span lines, a cache that cannot be written, a closed pipe, and documents that are no input."""

from __future__ import annotations

import csv
import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from oogst.analysis.cli import analyse_main, cache_dir, evaluate_main
from oogst.analysis.codebook import Codebook
from oogst.analysis.evaluate import evaluate, gold_labels
from oogst.analysis.io import InputError, read_contributions, read_examples, read_table

from .conftest import CODEBOOK

# --- Helpers: files on disk, written as an analyst's tools write them.


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[tuple]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def codebook_file(tmp_path: Path) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(CODEBOOK, allow_unicode=True), encoding="utf-8")
    return path


ANALYSIS = {
    "run": {},
    "themes": [{"id": "wonen"}, {"id": "zorg"}, {"id": "onderwijs"}],
    "contributions": [
        {"id": "1", "theme": "wonen", "cluster": 0},
        {"id": "2", "theme": "wonen", "cluster": 0},
        {"id": "3", "theme": "zorg", "cluster": 1},
        {"id": "4", "theme": "zorg", "cluster": 1},
        {"id": "5", "theme": "onderwijs", "cluster": 2},
        {"id": "6", "theme": "wonen", "cluster": 2},
    ],
}
TRUE = {"1": "wonen", "2": "wonen", "3": "zorg", "4": "zorg", "5": "onderwijs", "6": "onderwijs"}


@pytest.fixture
def analysis_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "analysis.json").write_text(json.dumps(ANALYSIS), encoding="utf-8")
    return out


def figures_of(capsys, *argv: str) -> tuple[int, dict]:
    status = evaluate_main([*argv, "--json"])
    return status, json.loads(capsys.readouterr().out)


# --- 9. Gold files with duplicate ids and labels that are no theme.


class TestGoldLabels:
    def test_conflicting_labels_are_left_out_and_identical_repeats_count_once(self):
        rows = [
            {"id": "1", "theme": "wonen"},
            {"id": "1", "theme": "wonen"},
            {"id": "2", "theme": "wonen"},
            {"id": "2", "theme": "zorg"},
            {"id": "3", "theme": ""},
            {"id": "", "theme": "zorg"},
            {"id": " 4 ", "theme": " zorg "},
        ]
        gold = gold_labels(rows, "theme")
        assert gold.labels == {"1": "wonen", "4": "zorg"}
        assert gold.conflicting == {"2": ["wonen", "zorg"]}
        assert (gold.repeated, gold.without_label, gold.without_id) == (1, 1, 1)

    def test_labels_are_read_as_themes_before_they_are_compared(self):
        codebook = Codebook.from_dict(CODEBOOK)
        rows = [{"id": "1", "g": "Wonen"}, {"id": "1", "g": "wonen"}, {"id": "2", "g": "ZORG"}]
        gold = gold_labels(rows, "g", codebook.theme_id)
        assert gold.labels == {"1": "wonen", "2": "zorg"} and not gold.conflicting
        assert gold.repeated == 1

    def test_an_id_a_spreadsheet_stored_as_a_decimal_is_the_contribution_s_id(self):
        assert gold_labels([{"id": 17.0, "theme": "wonen"}], "theme").labels == {"17": "wonen"}

    def test_a_conflict_is_told_as_the_file_writes_it(self):
        codebook = Codebook.from_dict(CODEBOOK)
        gold = gold_labels(
            [{"id": "1", "g": "Wonen"}, {"id": "1", "g": "Zorg"}], "g", codebook.theme_id
        )
        assert gold.conflicting == {"1": ["Wonen", "Zorg"]}


class TestEvaluateLabelsThatAreNoTheme:
    def test_they_add_no_class_to_the_macro_average(self):
        clean = evaluate(ANALYSIS, TRUE)
        typo = evaluate(ANALYSIS, {**TRUE, "6": "Onbekend"})
        # Before: 'Onbekend' was a fourth class with F1 0, pulling macro-F1 down by a quarter.
        assert "Onbekend" not in typo["theme_f1"]
        assert typo["theme_macro_f1_over"] == ["onderwijs", "wonen", "zorg"]
        assert typo["theme_macro_f1"] == evaluate(ANALYSIS, {**TRUE, "6": ""})["theme_macro_f1"]
        assert typo["theme_macro_f1"] >= clean["theme_macro_f1"]
        assert typo["labels_not_themes"] == ["Onbekend"] and typo["rows_not_themes"] == 1
        assert (typo["n"], typo["theme_n"]) == (6, 5)  # still scored for the clusters

    def test_the_average_says_which_themes_it_is_over(self):
        figures = evaluate(ANALYSIS, {"1": "wonen", "2": "wonen", "3": "zorg"})
        assert figures["theme_macro_f1_over"] == ["wonen", "zorg"]
        assert figures["themes_without_gold"] == ["onderwijs"]

    def test_without_any_theme_label_there_are_no_theme_scores(self):
        figures = evaluate(ANALYSIS, {"1": "Wonen", "2": "Zorg"})
        assert "theme_accuracy" not in figures and "cluster_nmi" in figures


class TestEvaluateCommand:
    def test_conflicting_gold_ids_are_named_and_left_out(self, analysis_dir, tmp_path, capsys):
        clean = write_csv(tmp_path / "clean.csv", [("id", "theme"), *TRUE.items()])
        duplicated = write_csv(
            tmp_path / "dup.csv",
            [
                ("id", "theme"),
                *TRUE.items(),
                ("1", "wonen"),  # the same label again: fine
                ("6", "wonen"),  # another label: which one is right is unknown
            ],
        )
        assert evaluate_main([str(analysis_dir), str(duplicated)]) == 0
        captured = capsys.readouterr()
        assert "scored 5 contributions" in captured.out
        assert "0 row(s) without a gold label" in captured.out  # every row has a label
        assert "left out: 1 gold id(s) with conflicting labels" in captured.out
        assert "1 id(s) have conflicting gold labels and are left out of every score" in (
            captured.err
        )
        assert "'6' ('onderwijs', 'wonen')" in captured.err
        _, figures = figures_of(capsys, str(analysis_dir), str(duplicated))
        assert figures["gold_conflicting"] == ["6"] and figures["gold_repeated"] == 1
        _, without_6 = figures_of(
            capsys,
            str(analysis_dir),
            str(write_csv(tmp_path / "no6.csv", [("id", "theme"), *list(TRUE.items())[:5]])),
        )
        assert figures["theme_accuracy"] == without_6["theme_accuracy"]
        _, reference = figures_of(capsys, str(analysis_dir), str(clean))
        assert reference["gold_conflicting"] == [] and reference["n"] == 6

    def test_a_label_that_names_no_theme_is_told_and_kept_out_of_the_average(
        self, analysis_dir, tmp_path, capsys
    ):
        codebook = codebook_file(tmp_path)
        gold = write_csv(
            tmp_path / "odd.csv",
            [
                ("id", "theme"),
                *((k, v.title()) for k, v in TRUE.items() if k != "6"),
                ("6", "Onbekend"),
            ],
        )
        assert evaluate_main([str(analysis_dir), str(gold), "--codebook", str(codebook)]) == 0
        captured = capsys.readouterr()
        lines = dict(line.split(None, 1) for line in captured.out.splitlines() if line[:1] != " ")
        # The lines other tools read keep their names and form.
        assert lines["theme_macro_f1"].strip() == "1.0"
        assert lines["macro_f1_over"].startswith("3 theme(s) with a gold label: onderwijs, wonen")
        assert "F1 Onbekend" not in captured.out
        assert "left out: 1 row(s) whose label is no theme" in captured.out
        assert "'Onbekend'" in captured.err and "left out of the theme scores" in captured.err
        assert f"by its name in {codebook}" in captured.err

    def test_every_id_conflicting_is_an_error_not_a_score(self, analysis_dir, tmp_path, capsys):
        gold = write_csv(tmp_path / "g.csv", [("id", "theme"), ("1", "wonen"), ("1", "zorg")])
        assert evaluate_main([str(analysis_dir), str(gold)]) == 2
        assert "every labelled id has conflicting labels" in capsys.readouterr().err


# --- 10. Themes and columns named in the analyst's own words.


class TestThemeNames:
    def test_a_theme_is_found_by_id_or_by_name_in_any_case_and_spacing(self):
        codebook = Codebook.from_dict(
            {
                "themes": [
                    {"id": "zorg", "name": "Zorg en gezondheid"},
                    {"id": "wonen", "name": "Wonen"},
                ]
            }
        )
        assert codebook.theme_id("zorg") == "zorg"
        assert codebook.theme_id("  zorg EN  gezondheid ") == "zorg"
        assert codebook.theme_id("WONEN") == "wonen"
        assert codebook.theme_id("Onderwijs") is None and codebook.theme_id("") is None

    def test_a_name_two_themes_share_is_no_guess(self):
        codebook = Codebook.from_dict(
            {"themes": [{"id": "a", "name": "Overig"}, {"id": "b", "name": "overig"}]}
        )
        assert codebook.theme_id("Overig") is None
        assert codebook.theme_id("a") == "a"


@pytest.fixture
def lexical_run(tmp_path, corpus, cache_dir, monkeypatch):
    """The corpus as a CSV and a runner of `oogst analyse` with the fast lexical embedder."""
    monkeypatch.setenv("OOGST_CACHE_DIR", str(cache_dir))
    records, _ = corpus
    data = write_csv(
        tmp_path / "in.csv", [("id", "text"), *((r["id"], r["text"]) for r in records)]
    )
    codebook = codebook_file(tmp_path)

    def run(*extra, data=data, out=tmp_path / "out"):
        argv = [str(data), "--codebook", str(codebook), "--out", str(out)]
        return analyse_main([*argv, "--embedder", "lexical", *map(str, extra)])

    return run, tmp_path


class TestExamplesByName:
    def test_examples_may_name_their_theme(self, lexical_run, capsys):
        run, tmp = lexical_run
        examples = write_csv(
            tmp / "ex.csv",
            [
                ("text", "theme"),
                ("Mijn huur gaat weer omhoog.", "WONEN"),
                ("De huisarts is ver.", " Zorg "),
            ],
        )
        assert run("--quiet", "--examples", examples) == 0, capsys.readouterr().err
        analysis = json.loads((tmp / "out" / "analysis.json").read_text(encoding="utf-8"))
        assert analysis["run"]["settings"]["examples"] == 2

    def test_a_theme_that_is_neither_id_nor_name_is_still_refused(self, lexical_run, capsys):
        run, tmp = lexical_run
        examples = write_csv(tmp / "ex.csv", [("text", "theme"), ("De huur.", "Huisvesting")])
        assert run("--quiet", "--examples", examples) == 2
        err = capsys.readouterr().err
        assert "example 1 ('Huisvesting')" in err and "by id or by name" in err


class TestIdColumns:
    @pytest.mark.parametrize("header", ["Nr", "Nr.", "nummer", "No", "no.", "#"])
    def test_a_spreadsheet_s_numbering_column_is_the_id(self, tmp_path, header):
        f = write(tmp_path / "a.csv", f"{header},Bijdrage\n7,Wonen is duur\n")
        assert read_contributions(f) == [{"id": "7", "text": "Wonen is duur"}]

    def test_a_column_called_id_wins_over_a_numbering_column(self, tmp_path):
        f = write(tmp_path / "a.csv", "Nr.,id,text\n1,a,Wonen\n")
        assert read_contributions(f) == [{"Nr.": "1", "id": "a", "text": "Wonen"}]

    def test_text_without_an_id_column_says_exactly_that(self, tmp_path):
        f = write(tmp_path / "a.csv", "Volgnr,Bijdrage,Soort\n1,Wonen,knel\n")
        with pytest.raises(InputError) as caught:
            read_contributions(f)
        message = str(caught.value)
        assert message.startswith(f"{f}: no id column; found: Volgnr, Bijdrage, Soort")
        assert "nr, nr., nummer, no, no. or #" in message

    def test_a_workbook_with_nr_reads_and_one_without_an_id_says_so(self, tmp_path):
        book = Workbook()
        book.active.append(["Nr.", "Bijdrage", "Soort", "Rol"])
        book.active.append([1, "De zorg was overbelast.", "knel", "Verpleegkundige"])
        book.save(tmp_path / "messy.xlsx")
        rows = read_contributions(tmp_path / "messy.xlsx")
        assert rows == [
            {
                "id": "1",
                "text": "De zorg was overbelast.",
                "kind": "knel",
                "role": "Verpleegkundige",
            }
        ]
        book = Workbook()
        book.active.append(["Volgnr", "Bijdrage"])
        book.active.append([1, "Wonen"])
        book.save(tmp_path / "no-id.xlsx")
        with pytest.raises(InputError, match=r"no-id.xlsx: no id column; found: Volgnr, Bijdrage"):
            read_contributions(tmp_path / "no-id.xlsx")

    def test_the_gold_file_of_evaluate_reads_nr_as_id(self, tmp_path):
        f = write(tmp_path / "g.csv", "Nr.,Thema\n1,wonen\n")
        assert read_table(f, needs=("id",)) == [{"id": "1", "theme": "wonen"}]


# --- 14. Empty texts are named in the command's summary.


def test_the_summary_names_the_empty_texts(lexical_run, corpus, capsys):
    run, tmp = lexical_run
    records, _ = corpus
    rows = [
        ("id", "text"),
        *((r["id"], r["text"]) for r in records[:30]),
        ("e1", "   "),
        ("e2", ""),
    ]
    data = write_csv(tmp / "empty.csv", rows)
    assert run(data=data) == 0
    out = capsys.readouterr().out
    assert "32 contributions" in out and "; 2 empty texts not coded: ids e1, e2;" in out

    data = write_csv(tmp / "one.csv", rows[:-1])
    assert run(data=data) == 0
    assert "; 1 empty text not coded: id e1;" in capsys.readouterr().out

    assert run(data=write_csv(tmp / "none.csv", rows[:-2])) == 0
    assert "not coded" not in capsys.readouterr().out


def test_a_long_list_of_empty_texts_is_cut_short():
    from oogst.analysis.cli.analyse import _empty_texts

    told = _empty_texts([{"id": f"x{i}", "empty": True} for i in range(13)] + [{"id": "y"}])
    assert (
        told == "; 13 empty texts not coded: ids x0, x1, x2, x3, x4, x5, x6, x7, x8, x9 and 3 more"
    )


# --- 15. Rows are the rows a spreadsheet shows; the file's lines are added where they differ.


class TestRowNumbers:
    def test_a_repeated_id_after_a_text_with_line_breaks(self, tmp_path):
        f = write(tmp_path / "a.csv", 'id,text\n1,aaa\n2,"twee\nregels"\n2,dup\n')
        with pytest.raises(InputError) as caught:
            read_contributions(f)
        # Excel shows rows 3 and 4; a text editor lines 3-4 and 5.
        assert "id '2' on rows 3 (lines 3–4), 4 (line 5)" in str(caught.value)

    def test_rows_without_line_breaks_are_named_by_their_row_alone(self, tmp_path):
        f = write(tmp_path / "a.csv", "id,text\n1,a\n2,b\n2,c\n")
        with pytest.raises(InputError, match=r"id '2' on rows 3, 4$"):
            read_contributions(f)

    def test_a_blank_line_is_a_row_as_in_a_spreadsheet(self, tmp_path):
        f = write(tmp_path / "a.csv", "id,text\n\n,Wonen\n")
        with pytest.raises(InputError, match=r"a.csv row 3: the id is empty$"):
            read_contributions(f)

    def test_a_row_with_too_many_fields_is_named_with_its_line(self, tmp_path):
        f = write(tmp_path / "a.csv", 'id,text\n1,"a\nb"\n2,De huur, te hoog\n')
        with pytest.raises(InputError, match=r"a.csv row 3 \(line 4\): 3 fields, the header has 2"):
            read_contributions(f)


# --- 16. Where the command keeps its embedding cache, and one it cannot use.


class TestCacheFolder:
    def test_the_environment_variable_wins(self, monkeypatch, tmp_path):
        monkeypatch.setenv("OOGST_CACHE_DIR", str(tmp_path / "c"))
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
        assert cache_dir() == tmp_path / "c"

    def test_else_the_user_s_cache_folder(self, monkeypatch, tmp_path):
        monkeypatch.delenv("OOGST_CACHE_DIR", raising=False)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
        assert cache_dir() == tmp_path / "x" / "oogst"
        monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        assert cache_dir() == tmp_path / "home" / ".cache" / "oogst"
        monkeypatch.delenv("XDG_CACHE_HOME")
        assert cache_dir() == tmp_path / "home" / ".cache" / "oogst"

    def test_the_web_app_keeps_its_own(self):
        # The web app's cache is its setting or VAR_DIR/cache, not the user's cache folder.
        source = Path(__file__).parents[2] / "src" / "oogst" / "analyses" / "services.py"
        assert "EmbeddingCache(embedding_cache_dir())" in source.read_text(encoding="utf-8")


@pytest.fixture
def use_run(tmp_path, corpus):
    """A runner of `oogst analyse` with the default (cached) embedder on 20 contributions."""
    records, _ = corpus
    data = write_csv(
        tmp_path / "in.csv", [("id", "text"), *((r["id"], r["text"]) for r in records[:20])]
    )
    codebook = codebook_file(tmp_path)

    def run(*extra, out=tmp_path / "out"):
        return analyse_main(
            [str(data), "--codebook", str(codebook), "--out", str(out), "--quiet", *extra]
        )

    return run, tmp_path


def embedded(out: Path) -> int:
    return json.loads((out / "analysis.json").read_text(encoding="utf-8"))["run"]["counts"][
        "embedded"
    ]


class TestCacheThatCannotBeUsed:
    def test_no_var_cache_in_the_folder_the_command_runs_in(self, use_run, monkeypatch):
        run, tmp = use_run
        monkeypatch.delenv("OOGST_CACHE_DIR", raising=False)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp / "xdg"))
        work = tmp / "work"
        work.mkdir()
        monkeypatch.chdir(work)
        assert run() == 0
        assert not (work / "var").exists()
        assert list((tmp / "xdg" / "oogst" / "embeddings").glob("*/*.keys.npy"))
        assert run(out=tmp / "again") == 0 and embedded(tmp / "again") == 0

    def test_a_bad_input_leaves_no_cache_folder(self, tmp_path, monkeypatch, capsys):
        monkeypatch.delenv("OOGST_CACHE_DIR", raising=False)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        data = write(tmp_path / "in.csv", "volgnr,tekst\n1,hallo\n")
        argv = [str(data), "--codebook", str(codebook_file(tmp_path)), "--out", str(tmp_path / "o")]
        assert analyse_main([*argv, "--quiet"]) == 2
        assert "no id column" in capsys.readouterr().err
        assert not (tmp_path / "xdg").exists()

    def test_a_cache_folder_that_cannot_be_made_is_a_warning(self, use_run, monkeypatch, capsys):
        run, tmp = use_run
        blocker = write(tmp / "afile", "not a folder")
        monkeypatch.setenv("OOGST_CACHE_DIR", str(blocker / "cache"))
        assert run() == 0
        err = capsys.readouterr().err
        assert err.count("warning") == 1
        assert f"warning: embedding cache {blocker / 'cache'} not writable (" in err
        assert "running without it" in err
        assert (tmp / "out" / "analysis.json").exists()

    def test_a_cache_that_fails_while_writing_is_one_warning(self, use_run, monkeypatch, capsys):
        from oogst.analysis.embed import EmbeddingCache

        run, tmp = use_run
        monkeypatch.setenv("OOGST_CACHE_DIR", str(tmp / "cache"))
        calls = []

        def read_only(self, *args):
            calls.append(args)
            raise OSError(errno.EROFS, "Read-only file system")

        monkeypatch.setattr(EmbeddingCache, "put", read_only)
        assert run() == 0
        err = capsys.readouterr().err
        assert err.count("warning") == 1
        assert f"embedding cache {tmp / 'cache'} not writable (Read-only file system)" in err
        assert len(calls) == 1  # not tried again for the kinds' prompts

    def test_a_read_only_cache_still_gives_what_it_holds(self, use_run, monkeypatch, capsys):
        import oogst.analysis.cli.cache as cli_cache
        from oogst.analysis.embed import EmbeddingCache

        run, tmp = use_run
        monkeypatch.setenv("OOGST_CACHE_DIR", str(tmp / "cache"))
        assert run(out=tmp / "first") == 0
        monkeypatch.setattr(cli_cache, "_not_writable", lambda directory: "Read-only file system")

        def never(self, *args):
            raise AssertionError("wrote into a read-only cache")

        monkeypatch.setattr(EmbeddingCache, "put", never)
        capsys.readouterr()
        assert run(out=tmp / "second") == 0
        assert "using the embeddings it holds, storing no new ones" in capsys.readouterr().err
        assert embedded(tmp / "second") == 0

    def test_a_damaged_cache_is_a_warning(self, use_run, monkeypatch, capsys):
        run, tmp = use_run
        monkeypatch.setenv("OOGST_CACHE_DIR", str(tmp / "cache"))
        folder = tmp / "cache" / "embeddings" / "use-multilingual-v3"
        folder.mkdir(parents=True)
        (folder / "1.keys.npy").write_bytes(b"not numpy")
        (folder / "1.vecs.npy").write_bytes(b"not numpy")
        assert run() == 0
        err = capsys.readouterr().err
        assert "embedding cache" in err and "not readable" in err and "running without it" in err

    def test_the_lexical_embedder_needs_no_cache(self, lexical_run, monkeypatch, capsys):
        run, tmp = lexical_run
        blocker = write(tmp / "afile", "not a folder")
        monkeypatch.setenv("OOGST_CACHE_DIR", str(blocker / "cache"))
        assert run("--quiet") == 0
        assert "warning: embedding cache" not in capsys.readouterr().err


# --- 17. A closed pipe, texts that are no text, and documents that are no input.


def _with_closed_stdout(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run `oogst ARGV` with a standard output nobody reads (as `| head` leaves it)."""
    read, write_end = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "oogst.cli", *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            timeout=300,
            env={**os.environ, "OOGST_CACHE_DIR": str(cwd / "cache")},
        )
    finally:
        os.close(write_end)


def test_evaluate_into_a_closed_pipe_ends_quietly(analysis_dir, tmp_path):
    gold = write_csv(tmp_path / "gold.csv", [("id", "theme"), *TRUE.items()])
    done = _with_closed_stdout("evaluate", str(analysis_dir), str(gold), cwd=tmp_path)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
    assert done.returncode == 141


def test_analyse_into_a_closed_pipe_still_writes_its_files(tmp_path):
    data = write(tmp_path / "in.csv", "id,text\n1,De huur is te hoog.\n2,De bus rijdt niet.\n")
    out = tmp_path / "out"
    done = _with_closed_stdout(
        "analyse",
        str(data),
        "--codebook",
        str(codebook_file(tmp_path)),
        "--out",
        str(out),
        "--embedder",
        "lexical",
        cwd=tmp_path,
    )
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
    assert done.returncode == 141
    assert (out / "analysis.json").exists() and (out / "report.html").exists()


class TestJsonTexts:
    @pytest.mark.parametrize(
        "value, told",
        [
            ('["lijst"]', "the text is a list [...], not a string"),
            ('{"a": 1}', "the text is an object {...}, not a string"),
            ("42", "the text is the number 42, not a string"),
            ("true", "the text is true, not a string"),
        ],
    )
    def test_a_text_that_is_no_string_is_a_row_error(self, tmp_path, value, told):
        f = write(
            tmp_path / "a.jsonl", f'{{"id": 1, "text": "Wonen"}}\n{{"id": 2, "text": {value}}}\n'
        )
        with pytest.raises(InputError, match=rf"a.jsonl line 2: {re.escape(told)}"):
            read_contributions(f)

    def test_null_is_an_empty_text_and_an_id_may_be_a_number(self, tmp_path):
        f = write(tmp_path / "a.jsonl", '{"id": 1, "text": null}\n{"id": 2.0, "text": "Wonen"}\n')
        assert read_contributions(f) == [{"id": "1", "text": ""}, {"id": "2", "text": "Wonen"}]

    def test_an_id_that_is_a_list_is_a_row_error(self, tmp_path):
        f = write(tmp_path / "a.jsonl", '{"id": [1], "text": "Wonen"}\n')
        with pytest.raises(InputError, match=r"line 1: the id is a list \[\.\.\.\]"):
            read_contributions(f)

    def test_examples_too(self, tmp_path):
        f = write(tmp_path / "ex.jsonl", '{"text": ["Wonen"], "theme": "wonen"}\n')
        with pytest.raises(InputError, match="line 1: the text is a list"):
            read_examples(f)

    def test_a_spreadsheet_number_still_reads_as_its_text(self, tmp_path):
        book = Workbook()
        book.active.append(["id", "text"])
        book.active.append([1, 2024])
        book.save(tmp_path / "n.xlsx")
        assert read_contributions(tmp_path / "n.xlsx") == [{"id": "1", "text": "2024"}]


class TestDocuments:
    @pytest.mark.parametrize("suffix", [".docx", ".doc", ".pdf", ".odt", ".rtf"])
    def test_a_document_is_refused_by_its_name(self, tmp_path, suffix):
        f = write(tmp_path / f"verslag{suffix}", "id,text\n1,Wonen\n")
        with pytest.raises(
            InputError, match="is not an input format: save the contributions as CSV, XLSX or JSONL"
        ):
            read_contributions(f)

    def test_a_word_file_points_to_the_table_report_import(self, lexical_run, capsys):
        run, tmp = lexical_run
        f = tmp / "tafel.docx"
        f.write_bytes(b"PK\x03\x04" + b"\0" * 100)
        assert run("--quiet", data=f) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"oogst analyse: {f}: a Word document is not an input format")
        assert "a Word table report is imported with `oogst import tablereport" in err
        assert "delimiter" not in err and not (tmp / "out").exists()

    def test_an_old_excel_file_is_to_be_saved_as_xlsx(self, tmp_path):
        f = write(tmp_path / "oud.xls", "x")
        with pytest.raises(
            InputError,
            match=r"Excel 97-2003 workbook \(.xls\) is not an input format: save it as .xlsx",
        ):
            read_contributions(f)

    @pytest.mark.parametrize(
        "head, what",
        [
            (b"PK\x03\x04", "a ZIP archive"),
            (b"%PDF-1.7", "a PDF"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word"),
        ],
    )
    def test_a_document_under_another_name_is_refused_by_its_content(self, tmp_path, head, what):
        f = tmp_path / "export.csv"
        f.write_bytes(head + b"\0\1\2 id,text\n" * 20)
        with pytest.raises(InputError, match=f"export.csv: this file is {what}"):
            read_contributions(f)

    def test_the_gold_file_of_evaluate_too(self, analysis_dir, tmp_path, capsys):
        gold = write(tmp_path / "gold.pdf", "%PDF-1.7")
        assert evaluate_main([str(analysis_dir), str(gold)]) == 2
        assert "a PDF is not an input format" in capsys.readouterr().err
