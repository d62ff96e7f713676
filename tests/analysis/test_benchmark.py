"""The labelled Polis benchmark (Klimarat, HiveMind): real data nobody here wrote.

Floors sit below the measured figures (docs/benchmarks.md) so a real regression fails.
"""

from __future__ import annotations

import pytest

from oogst.analysis import EmbeddingCache, Pipeline, Settings
from oogst.analysis.codebook import load_codebook
from oogst.analysis.evaluate import evaluate
from oogst.analysis.polis import load_benchmark

from .conftest import require_polis

BENCH = __import__("pathlib").Path(__file__).resolve().parents[2] / "bench" / "codebooks"
KLIMARAT_THEMES = {
    "Energie": "energie",
    "Produktion und Konsum": "produktion-konsum",
    "Mobilität": "mobilitaet",
    "Wohnen": "wohnen",
    "Ernährung und Landnutzung": "ernaehrung-landnutzung",
}


@pytest.mark.polis
def test_klimarat_zero_shot_coding_and_clustering(cache_dir):
    polis = require_polis()
    records, topics = load_benchmark("klimarat", polis)
    assert len(records) == 2811
    result = Pipeline(Settings(), cache=EmbeddingCache(cache_dir)).run(
        records, load_codebook(BENCH / "klimarat.yaml")
    )
    gold = {r["id"]: KLIMARAT_THEMES[t] for r, t in zip(records, topics, strict=True)}
    figures = evaluate(result.to_dict(), gold)
    # Measured 0.60 macro-F1 and 0.24 NMI; nearest-description alone gives 0.55, BERTopic 0.20.
    assert figures["theme_macro_f1"] >= 0.56, figures
    assert figures["cluster_nmi"] >= 0.21, figures
    assert all(c["quotes"] for c in result.clusters)
