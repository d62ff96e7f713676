"""Clustering contributions into findings, and labelling each finding with its own words.

The clusterer runs k-means on the sentence embeddings joined with an LSA view of the
words (both matter: embeddings see meaning, words see the concrete subject), with
MiniBatchKMeans for large corpora so 1,000,000 rows stay cheap. The labeller uses
class-based TF-IDF (a word is a good label when it is frequent in the cluster and rare in
the others), as BERTopic does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from .text import Analyzer, tokens


@dataclass
class LexicalView:
    """The corpus as stemmed-word TF-IDF rows, with a readable word for every stem."""

    matrix: sparse.csr_matrix
    vectorizer: TfidfVectorizer
    words: list[str]

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self.vectorizer.transform(texts).tocsr()


def lexical_view(texts: Sequence[str], language: str, max_features: int = 50000) -> LexicalView:
    """Fit TF-IDF over stemmed content words and find the commonest surface form of each stem."""
    analyzer = Analyzer(language)
    vectorizer = TfidfVectorizer(
        analyzer=analyzer,
        min_df=2 if len(texts) >= 20 else 1,
        max_df=0.5 if len(texts) >= 20 else 1.0,
        sublinear_tf=True,
        max_features=max_features,
        dtype=np.float32,
    )
    matrix = vectorizer.fit_transform(texts).tocsr()
    vocabulary = vectorizer.vocabulary_
    # Surface forms from a sample: enough to name every frequent stem, cheap on 1M rows.
    counts: Counter[tuple[str, str]] = Counter()
    step = max(1, len(texts) // 20000)
    for text in texts[::step]:
        for word in tokens(text):
            if len(word) > 2:
                stem = analyzer.stem(word)
                if stem in vocabulary:
                    counts[(stem, word)] += 1
    best: dict[str, tuple[int, str]] = {}
    for (stem, word), count in counts.items():
        if stem not in best or (count, word) > best[stem]:
            best[stem] = (count, word)
    words = [""] * len(vocabulary)
    for stem, column in vocabulary.items():
        words[column] = best[stem][1] if stem in best else stem
    return LexicalView(matrix, vectorizer, words)


@dataclass
class ClusterResult:
    labels: np.ndarray  # cluster index per row
    centroids: np.ndarray  # in embedding space, unit length
    keywords: list[list[str]]
    sizes: np.ndarray


def auto_n_clusters(n: int) -> int:
    """Findings grow slowly with the corpus: about sqrt(n / 20), between 2 and 60."""
    return int(min(60, max(2, round(np.sqrt(n / 20)))))


class Clusterer:
    """k-means over [centred embeddings | weighted LSA of the words].

    n_clusters: a number, or "auto" (`auto_n_clusters`).
    lexical_weight: how much the words count next to the embedding (0 = embeddings only).
    """

    def __init__(
        self,
        n_clusters: int | str = "auto",
        lexical_weight: float = 0.7,
        lsa_dim: int = 100,
        seed: int = 0,
        minibatch_above: int = 20000,
    ) -> None:
        self.n_clusters = n_clusters
        self.lexical_weight = lexical_weight
        self.lsa_dim = lsa_dim
        self.seed = seed
        self.minibatch_above = minibatch_above

    def features(self, dense: np.ndarray, lexical: sparse.spmatrix | None) -> np.ndarray:
        centred = dense - dense.mean(axis=0)
        centred /= np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-9)
        parts = [centred.astype(np.float32)]
        if lexical is not None and self.lexical_weight > 0 and lexical.shape[1] > 2:
            dim = min(self.lsa_dim, lexical.shape[1] - 1, lexical.shape[0] - 1)
            if dim >= 1:
                svd = TruncatedSVD(n_components=dim, random_state=self.seed, n_iter=4)
                lsa = svd.fit_transform(lexical).astype(np.float32)
                lsa /= np.maximum(np.linalg.norm(lsa, axis=1, keepdims=True), 1e-9)
                parts.append(lsa * self.lexical_weight)
        joined = np.hstack(parts)
        joined /= np.maximum(np.linalg.norm(joined, axis=1, keepdims=True), 1e-9)
        return joined

    def fit(self, dense: np.ndarray, lexical: sparse.spmatrix | None) -> np.ndarray:
        """Cluster index per row."""
        n = dense.shape[0]
        k = auto_n_clusters(n) if self.n_clusters == "auto" else int(self.n_clusters)
        k = max(1, min(k, n))
        if k == 1:
            return np.zeros(n, dtype=np.int64)
        features = self.features(dense, lexical)
        if n > self.minibatch_above:
            model: KMeans | MiniBatchKMeans = MiniBatchKMeans(
                n_clusters=k, random_state=self.seed, batch_size=4096, n_init=3, max_iter=50
            )
        else:
            model = KMeans(n_clusters=k, random_state=self.seed, n_init=4)
        labels = model.fit_predict(features)
        # Number clusters by size (largest first), ties by first member, for stable ids.
        sizes = np.bincount(labels, minlength=k)
        first = np.array([np.argmax(labels == c) if sizes[c] else n for c in range(k)])
        order = sorted(range(k), key=lambda c: (-sizes[c], first[c]))
        remap = np.empty(k, dtype=np.int64)
        remap[order] = np.arange(k)
        return remap[labels]


def class_tfidf_keywords(
    lexical: sparse.csr_matrix, labels: np.ndarray, words: Sequence[str], top: int = 8
) -> list[list[str]]:
    """Top words per cluster by class-based TF-IDF (term frequency in the class x log idf)."""
    n_clusters = int(labels.max()) + 1 if len(labels) else 0
    if n_clusters == 0 or lexical.shape[1] == 0:
        return [[] for _ in range(n_clusters)]
    binary = lexical.copy()
    binary.data = np.ones_like(binary.data)
    membership = sparse.csr_matrix(
        (np.ones(len(labels), dtype=np.float32), (labels, np.arange(len(labels)))),
        shape=(n_clusters, len(labels)),
    )
    per_class = (membership @ binary).toarray()
    tf = per_class / np.maximum(per_class.sum(axis=1, keepdims=True), 1)
    average = per_class.sum() / max(n_clusters, 1)
    idf = np.log(1 + average / np.maximum(per_class.sum(axis=0), 1))
    ctfidf = tf * idf
    keywords = []
    for c in range(n_clusters):
        order = np.lexsort((np.arange(ctfidf.shape[1]), -ctfidf[c]))
        keywords.append([words[i] for i in order[:top] if ctfidf[c, i] > 0])
    return keywords
