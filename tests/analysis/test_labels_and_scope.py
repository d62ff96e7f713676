"""Cluster labels that say what a finding is about, and contributions about a subject the
codebook lacks: no theme for them, and an emerging topic instead of a forced code."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from oogst.analysis import ClusterLabeller, EmbeddingCache, Pipeline, Settings
from oogst.analysis.cluster import class_tfidf
from oogst.analysis.text import Analyzer

from .conftest import CODEBOOK, make_corpus

# Two clusters of four texts. "altijd" is in every text of cluster 0 and one of cluster 1;
# "huur" and "prijs" only in cluster 0, "school" only in cluster 1.
WORDS = ["altijd", "huur", "prijs", "school"]
ROWS = [
    {"altijd", "huur"},
    {"altijd", "huur"},
    {"altijd", "prijs"},
    {"altijd"},
    {"school"},
    {"school"},
    {"school", "altijd"},
    set(),
]
LABELS = np.array([0, 0, 0, 0, 1, 1, 1, 1])
# Meaning in two dimensions: cluster 0 is about (1, 0), cluster 1 about (0, 1); "altijd"
# lies between them, as a word every subject uses.
WORD_VECTORS = {
    "altijd": [0.7, 0.7],
    "huur": [1.0, 0.0],
    "prijs": [0.95, 0.3],
    "school": [0.0, 1.0],
}


def _lexical() -> sparse.csr_matrix:
    return sparse.csr_matrix(
        np.array([[1.0 if w in row else 0.0 for w in WORDS] for row in ROWS], dtype=np.float32)
    )


def _embed(words):
    return np.array([WORD_VECTORS[w] for w in words], dtype=np.float32)


DENSE = np.array([[1.0, 0.0]] * 4 + [[0.0, 1.0]] * 4, dtype=np.float32)


def test_class_tfidf_alone_puts_the_word_every_text_uses_first():
    scores = class_tfidf(_lexical(), LABELS)
    assert WORDS[int(scores[0].argmax())] == "altijd"
    assert ClusterLabeller(semantic_weight=0).fit_transform(_lexical(), LABELS, WORDS)[0][0] == (
        "altijd"
    )


def test_meaning_puts_the_cluster_s_own_subject_first():
    keywords = ClusterLabeller().fit_transform(_lexical(), LABELS, WORDS, DENSE, _embed)
    assert keywords[0][0] == "huur"
    assert keywords[0].index("altijd") > 0
    assert keywords[1][0] == "school"


def test_a_word_that_only_repeats_a_chosen_one_is_skipped():
    words = ["e-autos", "autos", "co2", "co2-preis", "fiets"]
    lexical = sparse.csr_matrix(np.array([[3, 2, 0, 0, 1], [0, 0, 3, 2, 1]], dtype=np.float32))
    keywords = ClusterLabeller(semantic_weight=0).fit_transform(lexical, np.array([0, 1]), words)
    assert keywords == [["e-autos", "fiets"], ["co2", "fiets"]]


def test_no_clusters_and_no_words_give_empty_keywords():
    labeller = ClusterLabeller()
    assert labeller.fit_transform(_lexical(), np.zeros(0, dtype=np.int64), WORDS) == []
    empty = sparse.csr_matrix((2, 0), dtype=np.float32)
    assert labeller.fit_transform(empty, np.array([0, 1]), []) == [[], []]


def test_the_words_of_a_table_report_are_not_content():
    analyzer = Analyzer("nl")
    assert analyzer("Meerdere deelnemers aan tafel vertellen over de huurprijs") == ["huurprijs"]


def test_redaction_markers_are_not_words():
    analyzer = Analyzer("nl")
    text = "[naam] belde over de huurprijs, [persoon 2] ook. Zie [5.1.2e] en [iban]."
    assert analyzer(text) == ["bel", "huurprijs"]


# A subject the test codebook (wonen, zorg, onderwijs) does not have: sport and holidays.
ELSEWHERE = [
    "De voetbalclub in ons dorp heeft geen trainers meer voor de jeugdteams.",
    "Ik mis de zomervakantie aan zee met de camping en het strand.",
    "Het zwembad was maanden dicht, ik kon niet meer trainen voor de triatlon.",
    "Onze hockeyclub zoekt vrijwilligers voor de wedstrijden op zaterdag.",
    "De sportschool heeft nieuwe fitnesstoestellen en langere openingstijden nodig.",
    "We gingen vroeger elk jaar op vakantie naar Frankrijk met de caravan.",
    "De tennisbaan in het park wordt nauwelijks onderhouden.",
    "Ik wil weer naar concerten en festivals met vrienden.",
    "De marathon van Rotterdam is het mooiste sportevenement van het jaar.",
    "Wielrennen op zondag met de club is mijn grootste hobby.",
]


def test_a_subject_the_codebook_lacks_is_an_emerging_topic_not_a_forced_code(cache_dir):
    records, gold = make_corpus()
    elsewhere = [
        {"id": f"s{i:03d}", "text": f"{text} ({i})"} for i, text in enumerate(ELSEWHERE * 3)
    ]
    result = Pipeline(Settings(seed=0, n_clusters=4), cache=EmbeddingCache(cache_dir)).run(
        records + elsewhere, CODEBOOK
    )
    theme = {c["id"]: c["theme"] for c in result.contributions}
    off = [theme[r["id"]] for r in elsewhere]
    on = [theme[r["id"]] for r in records]
    # Only a clear case loses its theme (a suggestion an analyst can still accept)...
    assert off.count(None) / len(off) > 2 * on.count(None) / len(on)
    assert on.count(None) <= 0.05 * len(on)
    assert result.run["counts"]["without_theme"] == off.count(None) + on.count(None)
    # ...but the cluster they form is proposed as a new theme, and only that one.
    cluster = {c["id"]: c["cluster"] for c in result.contributions}
    sport_clusters = {cluster[r["id"]] for r in elsewhere}
    assert {e["cluster"] for e in result.emerging} & sport_clusters
    assert not {e["cluster"] for e in result.emerging} - sport_clusters


def test_a_dialogue_within_the_codebook_has_no_emerging_topic(cache_dir):
    records, _ = make_corpus()
    result = Pipeline(Settings(seed=0), cache=EmbeddingCache(cache_dir)).run(records, CODEBOOK)
    assert result.emerging == []


def test_an_abbreviation_or_a_number_does_not_end_the_first_sentence():
    from oogst.analysis.text import first_sentence

    assert first_sentence("Ausbau des Verkehrs (v.a. am Land). Zweitens.") == (
        "Ausbau des Verkehrs (v.a. am Land)."
    )
    assert first_sentence("Am 3. Mai war es z.B. kalt. Ja.") == "Am 3. Mai war es z.B. kalt."
    assert first_sentence("Ik vind bijv. de bus duur! Ja.") == "Ik vind bijv. de bus duur!"
    assert first_sentence("De huur is te hoog. Echt.") == "De huur is te hoog."
