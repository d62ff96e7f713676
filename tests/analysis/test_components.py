"""The pipeline's parts snap together as a notebook user expects: scikit-learn's clusterers
fit, settings are checked, and the run records what actually ran."""

from __future__ import annotations

import pytest
from sklearn.cluster import AgglomerativeClustering, KMeans

from oogst.analysis import Clusterer, EmbeddingCache, Pipeline, Settings, analyse
from oogst.analysis.embed import LexicalEmbedder

from .conftest import CODEBOOK, make_corpus


@pytest.fixture(scope="module")
def records():
    return make_corpus(n_per_theme=10)[0]


def pipeline(cache_dir, **parts):
    return Pipeline(Settings(embedder="lexical"), cache=EmbeddingCache(cache_dir), **parts)


@pytest.mark.parametrize(
    "clusterer", [KMeans(4, n_init=2, random_state=0), AgglomerativeClustering(3)]
)
def test_a_scikit_learn_clusterer_can_stand_in(records, cache_dir, clusterer):
    result = pipeline(cache_dir, clusterer=clusterer).run(records, CODEBOOK)
    sizes = [c["size"] for c in result.clusters]
    assert len(sizes) == clusterer.n_clusters and sum(sizes) == len(records)
    assert sizes == sorted(sizes, reverse=True)  # numbered by size, like ours
    assert result.run["settings"]["n_clusters"] == clusterer.n_clusters


def test_our_clusterer_has_the_estimator_api(records, cache_dir):
    import numpy as np

    dense = np.random.default_rng(0).normal(size=(30, 8)).astype(np.float32)
    clusterer = Clusterer(n_clusters=3)
    assert clusterer.fit(dense) is clusterer
    assert list(clusterer.labels_) == list(Clusterer(n_clusters=3).fit_predict(dense))
    result = pipeline(cache_dir, clusterer=Clusterer(n_clusters=5)).run(records, CODEBOOK)
    assert result.run["settings"]["n_clusters"] == 5  # not the Settings default "auto"


def test_a_custom_embedder_is_recorded_by_its_name(records, cache_dir):
    embedder = LexicalEmbedder(dim=16)
    embedder.name = "mijn-embedder"
    result = pipeline(cache_dir, embedder=embedder).run(records, CODEBOOK)
    assert result.run["embedder"] == result.run["settings"]["embedder"] == "mijn-embedder"


def test_examples_and_demographics_are_recorded(records, cache_dir):
    examples = [{"text": "De huur is veel te hoog.", "theme": "wonen"}]
    result = pipeline(cache_dir).run(records, CODEBOOK, examples=examples)
    settings = result.run["settings"]
    assert len(settings["examples_sha256"]) == 64
    assert settings["demographics"] == ["age_group"]
    other = pipeline(cache_dir).run(
        records, CODEBOOK, examples=[{"text": "De huur is laag.", "theme": "wonen"}]
    )
    assert other.run["settings"]["examples_sha256"] != settings["examples_sha256"]
    assert pipeline(cache_dir).run(records, CODEBOOK).run["settings"]["examples_sha256"] is None


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"seed": -5}, "seed"),
        ({"n_clusters": 0}, "n_clusters"),
        ({"n_clusters": "veel"}, "n_clusters"),
        ({"n_quotes": 0}, "n_quotes"),
    ],
)
def test_settings_refuse_what_cannot_run(fields, message):
    with pytest.raises(ValueError, match=message):
        Settings(**fields)


def test_analyse_takes_settings_or_their_fields(records, cache_dir, monkeypatch):
    monkeypatch.setenv("OOGST_CACHE_DIR", str(cache_dir))
    by_object = analyse(records, CODEBOOK, settings=Settings(embedder="lexical", seed=1))
    by_fields = analyse(records, CODEBOOK, embedder="lexical", seed=1)
    assert by_object.contributions == by_fields.contributions
    with pytest.raises(TypeError):
        analyse(records, CODEBOOK, settings=Settings(), seed=1)


def test_the_public_names_show_in_tab_completion():
    import oogst.analysis

    assert {"Pipeline", "Settings", "ClusterLabeller", "QuotePicker"} <= set(dir(oogst.analysis))
