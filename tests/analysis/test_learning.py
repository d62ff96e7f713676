"""Learning from the analyst: label_next.csv out, the analyst's labels and kinds back in."""

from __future__ import annotations

import csv
import json

import pytest
import yaml

from oogst.analysis import EmbeddingCache, Pipeline, Settings
from oogst.analysis.cli import analyse_main

from .conftest import CODEBOOK


@pytest.fixture
def files(tmp_path, corpus, cache_dir, monkeypatch):
    monkeypatch.setenv("OOGST_CACHE_DIR", str(cache_dir))
    records, gold = corpus
    data = tmp_path / "contributions.csv"
    with data.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(yaml.safe_dump(CODEBOOK), encoding="utf-8")
    return data, codebook, gold, tmp_path


def analyse(data, codebook, out, *more):
    argv = [str(data), "--codebook", str(codebook), "--out", str(out), "--quiet", *more]
    assert analyse_main(argv) == 0
    return json.loads((out / "analysis.json").read_text(encoding="utf-8"))


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_label_next_writes_what_to_label_and_examples_take_it_back(files):
    data, codebook, gold, tmp = files
    first = analyse(data, codebook, tmp / "first", "--label-next", "6")
    rows = read_csv(tmp / "first" / "label_next.csv")
    assert list(rows[0]) == ["id", "text", "guess", "confidence", "theme", "kind_guess", "kind"]
    assert [r["id"] for r in rows] == first["label_next"] and len(rows) == 6
    guesses = {c["id"]: c for c in first["contributions"]}
    names = {t["id"]: t["name"] for t in CODEBOOK["themes"]}
    for row in rows:
        # No guess where no theme fits.
        assert row["guess"] == names.get(guesses[row["id"]]["theme"], "")
        assert row["kind_guess"] == guesses[row["id"]]["kind"]
        assert row["theme"] == row["kind"] == ""  # the analyst's to fill in

    # The analyst fills in the theme of five (by name, as the guess reads) and corrects a
    # kind; one row is left empty and is not a label.
    for row in rows[:5]:
        row["theme"] = names[gold[row["id"]]]
    rows[0]["kind"] = "knelpunt"
    with (tmp / "labelled.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    second = analyse(data, codebook, tmp / "second", "--examples", str(tmp / "labelled.csv"))
    settings = second["run"]["settings"]
    assert settings["accepted_labels"] == 5 and settings["corrected_kinds"] == 1
    assert settings["examples_sha256"] and settings["examples"] == 0
    after = {c["id"]: c for c in second["contributions"]}
    for row in rows[:5]:
        assert after[row["id"]]["theme"] == gold[row["id"]]
        assert row["id"] not in second["label_next"]
    assert after[rows[0]["id"]]["kind"] == "knel"
    assert after[rows[0]["id"]]["kind_source"] == "given"
    assert not (tmp / "second" / "label_next.csv").exists()


def test_a_correction_changes_the_next_run_and_is_reproducible(corpus, cache_dir):
    records, gold = corpus
    cache = EmbeddingCache(cache_dir)

    def run(examples):
        return Pipeline(Settings(seed=0), cache=cache).run(records, CODEBOOK, examples=examples)

    before = run(None)
    # The analyst says every contribution about the GP is about housing (a local use of the
    # codebook, say): the next run learns it, also for the GP contributions not labelled.
    gp = [r for r in records if "huisarts" in r["text"]]
    taught, unseen = gp[: len(gp) // 2], gp[len(gp) // 2 :]
    examples = [{"id": r["id"], "text": r["text"], "theme": "wonen"} for r in taught]
    after = run(examples)
    theme_before = {c["id"]: c["theme"] for c in before.contributions}
    theme_after = {c["id"]: c["theme"] for c in after.contributions}
    assert all(theme_after[r["id"]] == "wonen" for r in taught)
    moved = sum(
        theme_after[r["id"]] == "wonen" and theme_before[r["id"]] != "wonen" for r in unseen
    )
    assert moved >= 1
    # The examples are part of what the run records, and the same examples give the same run.
    assert after.run["settings"]["examples_sha256"] != before.run["settings"]["examples_sha256"]
    again = run(examples)
    assert again.contributions == after.contributions and again.clusters == after.clusters
    assert again.run["settings"]["examples_sha256"] == after.run["settings"]["examples_sha256"]


def test_an_example_that_names_no_contribution_of_the_run_is_an_example_beside_them(
    corpus, cache_dir
):
    records, _ = corpus
    examples = [{"id": "elders-1", "text": "De huur gaat weer omhoog.", "theme": "wonen"}]
    result = Pipeline(Settings(), cache=EmbeddingCache(cache_dir)).run(
        records, CODEBOOK, examples=examples
    )
    assert result.run["settings"]["examples"] == 1
    assert result.run["settings"]["accepted_labels"] == 0
