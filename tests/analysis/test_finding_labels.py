"""A finding is named by a short phrase from its own texts, with the sentence that holds it."""

from __future__ import annotations

import re

import numpy as np
import pytest

from oogst.analysis import EmbeddingCache, Pipeline, Settings
from oogst.analysis.labels import PhraseLabeller
from oogst.analysis.report import withhold_unquotable
from oogst.analysis.text import REPORTING_WORDS, STOPWORDS

from .conftest import CODEBOOK, demo_programme

STOPS = frozenset().union(*STOPWORDS.values())
REPORTING = frozenset().union(*REPORTING_WORDS.values())


def words_of(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.lower())


def holds(text: str, phrase: str) -> bool:
    said, wanted = words_of(text), words_of(phrase)
    return any(said[i : i + len(wanted)] == wanted for i in range(len(said)))


def assert_readable(label: str, stops: frozenset[str] = STOPS) -> None:
    words = label.split()
    assert 2 <= len(words) <= 5, label
    assert words[0].lower() not in stops and words[-1].lower() not in stops, label
    assert not any(w.lower() in REPORTING for w in words), label
    assert not any(w[0].isdigit() for w in words), label
    assert "[" not in label and "]" not in label and "·" not in label, label


@pytest.fixture(scope="module")
def run(corpus, cache_dir):
    records, _ = corpus
    return records, Pipeline(Settings(embedder="lexical"), cache=EmbeddingCache(cache_dir)).run(
        records, CODEBOOK
    )


def test_every_finding_is_named_by_a_phrase_from_its_own_quotable_texts(run):
    records, result = run
    by_id = {r["id"]: r for r in records}
    member_texts: dict[int, list[str]] = {}
    for c in result.contributions:
        member_texts.setdefault(c["cluster"], []).append(by_id[c["id"]]["text"])
    for cluster in result.clusters:  # Dutch texts: "Den Haag" is no German article
        assert_readable(cluster["label"], STOPWORDS["nl"] | STOPWORDS["en"])
        assert any(holds(text, cluster["label"]) for text in member_texts[cluster["id"]])
        source = by_id[cluster["sentence_source"]]
        # The sentence is the source's own words, holds the label, and may be quoted.
        assert source["quote_consent"] == "ja"
        assert cluster["sentence"] in source["text"]
        assert holds(cluster["sentence"], cluster["label"])


def test_a_finding_says_how_mixed_it_is(run):
    _, result = run
    for cluster in result.clusters:
        top, share = next(iter(cluster["themes"].items()))
        assert cluster["top_theme"] == top
        assert cluster["top_theme_share"] == share == max(cluster["themes"].values())


def name_one(texts: list[str], consent: list[str] | None = None, language: str = "nl"):
    records = [
        {"id": str(i), "text": t, "quote_consent": (consent or ["ja"] * len(texts))[i]}
        for i, t in enumerate(texts)
    ]
    dense = np.eye(len(texts), 8, dtype=np.float32) + 1.0
    dense /= np.linalg.norm(dense, axis=1, keepdims=True)
    return PhraseLabeller().name(
        texts, records, dense, np.zeros(len(texts), np.int64), None, None, language, [["huur"]]
    )[0]


def test_a_phrase_several_people_use_wins_and_may_hold_a_function_word_inside():
    name = name_one(
        [
            "De huur te hoog voor starters, zegt iedereen hier.",
            "Voor ons is de huur te hoog geworden.",
            "Ik vind de huur te hoog en de wachtlijst te lang.",
            "Meerdere deelnemers vertellen dat 3 keer [naam] belde.",
        ]
    )
    assert name.label == "huur te hoog"
    assert name.sentence == "De huur te hoog voor starters, zegt iedereen hier."
    assert name.row == 0


def test_no_number_marker_or_table_report_word_makes_a_label():
    name = name_one(
        [
            "Deelnemers vertellen: [naam] 2024 [naam] 2024.",
            "Deelnemers vertellen: [naam] 2024 [naam] 2024.",
            "Thuiswerken blijft mogelijk, zegt de werkgever.",
        ]
    )
    assert name.label == "thuiswerken blijft mogelijk"  # the capital only opened a sentence
    assert_readable(name.label)


def test_words_of_someone_who_may_not_be_quoted_name_nothing():
    name = name_one(
        ["Het zwembad moet open.", "Het zwembad moet open.", "Geef ons de bibliotheek terug."],
        consent=["nee", "nee", "ja"],
    )
    assert "zwembad" not in name.label
    assert name.row == 2


def test_a_withdrawn_source_takes_its_sentence_out_of_what_leaves(run):
    records, result = run
    analysis = result.to_dict()
    source = analysis["clusters"][0]["sentence_source"]
    now = [dict(r, quote_consent="nee") if r["id"] == source else r for r in records]
    assert withhold_unquotable(analysis, now)["clusters"][0]["sentence"] == ""
    assert withhold_unquotable(analysis, records)["clusters"][0]["sentence"]


def test_the_demo_s_findings_each_hold_mostly_one_theme(cache_dir):
    # Clustered on the embeddings and the words alone, the demo's five findings were
    # "jaar · maanden · dag"-like, their top theme a third of them on average.
    records, codebook = demo_programme()
    result = Pipeline(Settings(), cache=EmbeddingCache(cache_dir)).run(records, codebook)
    assert len(result.clusters) >= len(codebook["themes"])
    shares = [c["top_theme_share"] for c in result.clusters]
    assert sum(shares) / len(shares) >= 0.6
    for cluster in result.clusters:  # Dutch texts: "Den Haag" is no German article
        assert_readable(cluster["label"], STOPWORDS["nl"] | STOPWORDS["en"])
