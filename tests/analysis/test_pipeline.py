"""The pipeline end to end on a small Dutch corpus: themes, kinds, clusters, quotes, gaps."""

from __future__ import annotations

import json

import numpy as np
import pytest

from oogst.analysis import EmbeddingCache, Pipeline, Settings, analyse
from oogst.analysis.evaluate import evaluate
from oogst.analysis.gaps import blind_spots

from .conftest import CODEBOOK


def run(records, cache_dir, **kwargs):
    settings = Settings(**{"seed": 0, **kwargs.pop("settings", {})})
    return Pipeline(settings, cache=EmbeddingCache(cache_dir)).run(records, CODEBOOK, **kwargs)


@pytest.fixture(scope="module")
def result(corpus, cache_dir):
    records, _ = corpus
    return run(records, cache_dir)


def test_result_has_the_analysis_json_shape(result, corpus):
    records, _ = corpus
    data = result.to_dict()
    assert set(data) >= {"run", "contributions", "clusters", "emerging", "blind_spots"}
    assert {
        "version",
        "created_at",
        "seconds",
        "embedder",
        "seed",
        "input_sha256",
        "codebook_sha256",
        "settings",
    } <= set(data["run"])
    assert [c["id"] for c in data["contributions"]] == [r["id"] for r in records]
    first = data["contributions"][0]
    assert set(first) >= {"id", "theme", "themes", "kind", "cluster"}
    assert all(
        {"id", "label", "keywords", "size", "quotes", "themes"} <= set(c) for c in data["clusters"]
    )
    assert sum(c["size"] for c in data["clusters"]) == len(records)
    json.dumps(data)


def test_zero_shot_coding_finds_the_themes(result, corpus):
    _, gold = corpus
    figures = evaluate(result.to_dict(), gold)
    assert figures["theme_macro_f1"] >= 0.8, figures


def test_scores_are_ranked_and_multilabel_respects_threshold(result):
    threshold = result.run["settings"]["theme_threshold"]
    for c in result.contributions:
        if c["theme"] is None:  # none of the themes: no scores listed
            assert c["themes"] == []
            continue
        scores = [t["score"] for t in c["themes"]]
        assert scores == sorted(scores, reverse=True)
        assert c["theme"] == c["themes"][0]["theme"]
        assert all(s >= threshold for s in scores[1:])


def test_kinds_follow_the_wording(result, corpus):
    records, _ = corpus
    kinds = {c["id"]: c["kind"] for c in result.contributions}
    by_opening = {
        "Hoe gaat": "vraag",
        "Ik stel voor": "idee",
        "Ik maak me zorgen": "knel",
        "Dit wil ik behouden": "kiem",
    }
    hits = total = 0
    for record in records:
        for opening, kind in by_opening.items():
            if record["text"].startswith(opening):
                total += 1
                hits += kinds[record["id"]] == kind
    assert hits / total >= 0.8


def test_given_kinds_are_kept(corpus, cache_dir):
    records, _ = corpus
    records = [dict(r) for r in records[:30]]
    records[0]["kind"] = "overig"
    out = run(records, cache_dir)
    assert out.contributions[0]["kind"] == "overig"


def test_quotes_are_members_distinct_and_respect_consent(result, corpus):
    records, _ = corpus
    by_id = {r["id"]: r for r in records}
    members = {}
    for c in result.contributions:
        members.setdefault(c["cluster"], set()).add(c["id"])
    for cluster in result.clusters:
        quotes = cluster["quotes"]
        assert quotes and set(quotes) <= members[cluster["id"]]
        texts = [by_id[q]["text"] for q in quotes]
        assert len(set(texts)) == len(texts)
        assert all(by_id[q]["quote_consent"] != "nee" for q in quotes)


def test_same_input_and_seed_give_byte_identical_output(corpus, tmp_path):
    records, _ = corpus

    def dumped(result):
        data = result.to_dict()
        return json.dumps([data["contributions"], data["clusters"]], sort_keys=True)

    # Two cold runs (each embeds everything afresh), then a warm run from the cache.
    cold = [dumped(run(records, tmp_path / name)) for name in ("a", "b")]
    warm = dumped(run(records, tmp_path / "a"))
    assert cold[0] == cold[1] == warm


def test_labels_feed_the_next_run_and_label_next_excludes_them(corpus, cache_dir):
    records, gold = corpus
    labelled = {rid: gold[rid] for rid in list(gold)[::9]}
    out = run(records, cache_dir, labels=labelled)
    assert out.run["settings"]["accepted_labels"] == len(labelled)
    assert out.label_next and not set(out.label_next) & set(labelled)
    assert evaluate(out.to_dict(), gold)["theme_macro_f1"] >= 0.8


def test_progress_reports_every_step_and_raising_cancels(corpus, cache_dir):
    records, _ = corpus
    steps = []
    run(records[:20], cache_dir, progress=lambda s, d, t: steps.append(s))
    assert {"embed", "code", "kind", "cluster", "quotes", "gaps", "summaries"} <= set(steps)

    class Cancelled(Exception):
        pass

    def cancel(step, done, total):
        if step == "cluster":
            raise Cancelled

    with pytest.raises(Cancelled):
        run(records[:20], cache_dir, progress=cancel)


def test_blind_spots_find_few_contributions_and_missing_groups(corpus):
    records, gold = corpus
    theme_ids = ["wonen", "zorg", "onderwijs"]
    # Most care contributions gone: care becomes a theme with few contributions.
    kept = [r for i, r in enumerate(records) if not (30 <= i < 56)]
    best = np.array([theme_ids.index(gold[r["id"]]) for r in kept])
    spots = blind_spots(theme_ids, best, kept)
    assert any(s["type"] == "few_contributions" and s["theme"] == "zorg" for s in spots)
    # The corpus has young people speak only about education.
    assert any(
        s["type"] == "under_represented"
        and s["theme"] == "wonen"
        and s["column"] == "age_group"
        and s["group"] == "18-29"
        for s in spots
    )
    assert not any(s.get("theme") == "onderwijs" and s.get("group") == "18-29" for s in spots)


def test_pipeline_reports_blind_spots_from_demographic_columns(result):
    assert any(s["type"] == "under_represented" for s in result.blind_spots)


def test_emerging_topic_is_proposed_for_off_codebook_talk(corpus, cache_dir):
    records, _ = corpus
    extra = [
        {"id": f"x{i}", "text": f"Het vuurwerk met oud en nieuw is gevaarlijk voor dieren ({i})."}
        for i in range(25)
    ]
    out = run(records + extra, cache_dir, settings={"n_clusters": 6})
    x_cluster = {c["cluster"] for c in out.contributions if c["id"].startswith("x")}
    assert any(e["cluster"] in x_cluster for e in out.emerging), out.emerging


def test_analyse_function_and_lexical_embedder(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("OOGST_CACHE_DIR", str(tmp_path))
    records, gold = corpus
    out = analyse(records, CODEBOOK, embedder="lexical", seed=1)
    assert out.run["embedder"].startswith("lexical")
    assert evaluate(out.to_dict(), gold)["theme_macro_f1"] >= 0.5


def test_examples_are_used(corpus, cache_dir):
    records, _ = corpus
    examples = [
        {"text": "De huur van mijn flat is omhoog gegaan.", "theme": "wonen"},
        {"text": "  ", "theme": "zorg"},
    ]
    out = run(records, cache_dir, examples=examples)
    assert out.run["settings"]["examples"] == 1


def test_an_example_naming_a_theme_not_in_the_codebook_is_an_error_not_dropped(corpus, cache_dir):
    records, _ = corpus
    examples = [
        {"text": "De huur van mijn flat is omhoog gegaan.", "theme": "wonen"},
        {"text": "Geen idee", "theme": "bestaat-niet"},
    ]
    with pytest.raises(ValueError, match=r"example 2 \('bestaat-niet'\).*wonen"):
        run(records, cache_dir, examples=examples)


def test_an_accepted_label_is_the_contributions_theme(corpus, cache_dir):
    records, gold = corpus
    # Labels against the text: the output says what the analyst decided.
    wrong = {r["id"]: ("zorg" if gold[r["id"]] != "zorg" else "wonen") for r in records[:5]}
    out = run(records, cache_dir, labels=wrong)
    coded = {c["id"]: c for c in out.contributions}
    for rid, theme in wrong.items():
        assert coded[rid]["theme"] == theme
        assert coded[rid]["themes"] == [{"theme": theme, "score": 1.0}]


def test_empty_texts_are_reported_not_coded_or_clustered(corpus, cache_dir):
    records, _ = corpus
    blanks = [{"id": f"leeg-{i}", "text": " " if i % 2 else "", "kind": "knel"} for i in range(9)]
    out = run(records[:30] + blanks + records[30:60], cache_dir)
    data = out.to_dict()
    assert [c["id"] for c in data["contributions"]][30:39] == [b["id"] for b in blanks]
    for c in data["contributions"][30:39]:
        assert c == {
            "id": c["id"], "theme": None, "themes": [], "kind": "knel", "kind_source": "given",
            "cluster": None, "empty": True,
        }  # fmt: skip
    assert sum(c["size"] for c in data["clusters"]) == 60
    assert not {q for c in data["clusters"] for q in c["quotes"]} & {b["id"] for b in blanks}
    assert not set(out.label_next) & {b["id"] for b in blanks}
    assert data["run"]["counts"]["contributions"] == 69 and data["run"]["counts"]["empty"] == 9


def test_html_markup_is_read_as_its_words(cache_dir):
    records = [
        {"id": str(i), "text": f"<p>De <b>huurprijs</b> stijgt</p><script>alert({i})</script>"}
        for i in range(12)
    ] + [{"id": f"z{i}", "text": "De wachttijd bij de huisarts is te lang."} for i in range(12)]
    out = run(records, cache_dir, settings={"embedder": "lexical"})
    words = {w for c in out.clusters for w in c["keywords"]}
    assert "huurprijs" in words
    assert not words & {"alert", "script", "p", "b"}


@pytest.mark.parametrize("embedder", ["lexical", "use"])
@pytest.mark.parametrize(
    "texts",
    [["Meer huizen bouwen"], ["ja", "nee", "ok"], ["ja", "ok"]],
    ids=["one row", "one content word", "only stop words"],
)
def test_tiny_corpora_are_analysed_without_error(cache_dir, embedder, texts):
    records = [{"id": str(i), "text": t} for i, t in enumerate(texts)]
    out = run(records, cache_dir, settings={"embedder": embedder})
    assert [c["id"] for c in out.contributions] == [r["id"] for r in records]
    assert all(c["theme"] for c in out.contributions)


def test_empty_input_gives_an_empty_analysis(cache_dir):
    out = Pipeline(Settings(), cache=EmbeddingCache(cache_dir)).run([], CODEBOOK)
    assert out.contributions == [] and out.clusters == []


def test_duplicate_ids_are_refused(cache_dir):
    with pytest.raises(ValueError, match="repeated: 1$"):
        Pipeline(Settings(), cache=EmbeddingCache(cache_dir)).run(
            [{"id": "1", "text": "a"}, {"id": "1", "text": "b"}], CODEBOOK
        )


def test_every_sentence_of_a_summary_names_the_contribution_it_comes_from(result, corpus):
    from oogst.analysis.text import first_sentence

    records, _ = corpus
    text = {r["id"]: r["text"] for r in records}
    best = {c["id"]: c["theme"] for c in result.contributions}
    for theme in result.themes:
        sources = theme["summary_sources"]
        assert 1 <= len(sources) <= 3 if theme["count"] else sources == []
        assert all(best[cid] == theme["id"] for cid in sources)
        assert theme["summary"] == " ".join(first_sentence(text[cid]) for cid in sources)
