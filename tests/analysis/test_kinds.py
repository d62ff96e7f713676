"""The kind classifier: zero-shot from the wording, and it learns from analysts' corrections."""

from oogst.analysis.embed import LexicalEmbedder
from oogst.analysis.kinds import KINDS, KindClassifier

TEXTS = [
    "De wachtlijst bij de GGZ werd veel te lang.",
    "Mijn bijbaan verdween van de ene op de andere dag.",
    "Ik stel voor om meer stageplekken te maken via lokale bedrijven.",
    "Mijn idee: een ontmoetingsplek in elke wijk.",
    "Wat ik wil behouden is het beeldbellen met de huisarts.",
    "Laten we de burenhulp in de flat vasthouden.",
    "Wat gaat de overheid doen aan de huurprijzen?",
    "Hoe lang duurt het nog voor de wachtlijsten korter zijn?",
    "De thuiszorg liep vast door te weinig personeel.",
    "Zorg voor gratis bijles voor kinderen die achterliepen.",
]


def predict(corrections=None):
    embedder = LexicalEmbedder(dim=8).fit(TEXTS)
    return KindClassifier().predict(TEXTS, embedder.embed(TEXTS), embedder.embed, corrections)


def test_only_a_question_is_a_vraag():
    kinds = predict()
    assert kinds[6] == "vraag" and kinds[7] == "vraag"
    assert all(kind != "vraag" for i, kind in enumerate(kinds) if i not in (6, 7))


def test_corrections_are_kept_and_teach_without_breaking_on_the_question_rule():
    # Regression: the "no question mark, no vraag" rule once fed -inf into the model's features.
    corrections = {0: "knel", 2: "idee", 4: "kiem", 6: "vraag"}
    kinds = predict(corrections)
    assert [kinds[i] for i in corrections] == list(corrections.values())
    assert "vraag" not in {kinds[i] for i in (1, 3, 5, 8, 9)}


def test_kinds_written_in_other_words_are_understood_and_unknown_ones_reported(cache_dir):
    from oogst.analysis import EmbeddingCache, Pipeline, Settings
    from oogst.analysis.kinds import known_kind

    from .conftest import CODEBOOK, make_corpus

    assert [known_kind(v) for v in ("Knelpunt", " KANS ", "Idee ", "question", "", None)] == [
        "knel",
        "kiem",
        "idee",
        "vraag",
        None,
        None,
    ]
    records, _ = make_corpus(n_per_theme=5)
    records = [dict(r) for r in records]
    records[0]["kind"] = "Knelpunt"
    records[1]["kind"] = "knel/kiem"
    records[2]["kind"] = "onzin"
    records[3]["kind"] = "onzin"
    result = Pipeline(Settings(seed=0), cache=EmbeddingCache(cache_dir)).run(records, CODEBOOK)
    first, second = result.contributions[:2]
    assert (first["kind"], first["kind_source"]) == ("knel", "given")
    assert second["kind_source"] == "predicted" and second["kind"] in KINDS
    assert result.run["kinds_not_recognised"] == {"knel/kiem": 1, "onzin": 2}
    assert result.run["counts"]["kinds_given"] == 1


def _rows(path):
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_shipped_kind_model_is_what_its_training_data_gives(cache_dir):
    from oogst.analysis import EmbeddingCache, UseEmbedder
    from oogst.analysis.embed import embed_with_cache
    from oogst.analysis.kinds import MODEL_PATH, TRAINING_PATH, shipped_model, train_kind_model

    train = _rows(TRAINING_PATH)
    texts = [r["text"] for r in train]
    dense, _ = embed_with_cache(UseEmbedder(), texts, EmbeddingCache(cache_dir))
    shipped = shipped_model()
    assert shipped is not None and shipped.embedder == UseEmbedder.name
    again = train_kind_model(texts, [r["kind"] for r in train], dense, UseEmbedder.name, C=2.0)
    assert again.to_json() + "\n" == MODEL_PATH.read_text(encoding="utf-8")


def test_the_kind_model_on_sentences_it_never_saw(cache_dir):
    from pathlib import Path

    from oogst.analysis import EmbeddingCache, UseEmbedder
    from oogst.analysis.embed import embed_with_cache

    held = _rows(Path(__file__).resolve().parents[2] / "bench" / "kinds_heldout.csv")
    cache = EmbeddingCache(cache_dir)

    def embed(texts):
        return embed_with_cache(UseEmbedder(), list(texts), cache)[0]

    texts = [r["text"] for r in held]
    model = KindClassifier(embedder=UseEmbedder.name).predict(texts, embed(texts), embed)
    zero = KindClassifier(embedder=UseEmbedder.name, model=None).predict(texts, embed(texts), embed)
    right = [p == r["kind"] for p, r in zip(model, held, strict=True)]
    for language in ("nl", "en", "de"):
        mine = [ok for ok, r in zip(right, held, strict=True) if r["language"] == language]
        assert sum(mine) / len(mine) >= 0.8, language
    # Far above the zero-shot guess and above always answering "knel" (a third).
    assert (
        sum(right) / len(right)
        > sum(p == r["kind"] for p, r in zip(zero, held, strict=True)) / len(held) + 0.2
    )


def test_the_kind_model_is_only_used_on_the_vectors_it_was_trained_on():
    from oogst.analysis.kinds import shipped_model

    embedder = LexicalEmbedder(dim=8).fit(TEXTS)
    dense = embedder.embed(TEXTS)
    assert shipped_model() is not None
    # Lexical vectors cannot go through a model of USE's 512 dimensions: zero-shot instead.
    with_model = KindClassifier(embedder=embedder.name).predict(TEXTS, dense, embedder.embed)
    without = KindClassifier(embedder=embedder.name, model=None).predict(
        TEXTS, dense, embedder.embed
    )
    assert with_model == without
