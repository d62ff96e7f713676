"""Clustering contributions into findings, and labelling each finding with its own words.

The clusterer runs k-means on the sentence embeddings joined with an LSA view of the
words (both matter: embeddings see meaning, words see the concrete subject), with
fitted on a sample for large corpora so 1,000,000 rows stay cheap. The labeller starts
from class-based TF-IDF (a word is a good label when it is frequent in the cluster and rare
in the others), as BERTopic does, and re-ranks those words by meaning when it can embed them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from .text import stemmed_tfidf, tokens


@dataclass
class LexicalView:
    """The corpus as stemmed-word TF-IDF rows, with a readable word for every stem.

    `lsa` is the same reduced to a few dense dimensions (truncated SVD fitted on a
    fixed-seed sample), unit length per row: what the coder and the clusterer use, because
    a dense 100-column block is far cheaper to learn from than 50,000 sparse columns.
    """

    matrix: sparse.csr_matrix
    vectorizer: TfidfVectorizer
    words: list[str]
    svd: TruncatedSVD | None = None
    lsa: np.ndarray | None = None

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self.vectorizer.transform(texts).tocsr()

    def transform_lsa(self, texts: Sequence[str]) -> np.ndarray | None:
        if self.svd is None:
            return None
        return _unit(self.svd.transform(self.transform(texts)).astype(np.float32))


def _unit(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (all-zero rows stay zero), in place on a float32 copy."""
    matrix = np.array(matrix, dtype=np.float32)
    norms = np.sqrt(np.einsum("ij,ij->i", matrix, matrix))
    matrix /= np.maximum(norms, 1e-9)[:, None]
    return matrix


def _sample_rows(n: int, size: int, seed: int) -> np.ndarray:
    """A fixed-seed sample of rows to fit on; every row when the corpus is small."""
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=size, replace=False))


def lexical_view(
    texts: Sequence[str],
    language: str,
    max_features: int = 50000,
    lsa_dim: int = 100,
    seed: int = 0,
    sample_size: int = 20000,
) -> LexicalView:
    """Fit TF-IDF over stemmed content words, its LSA, and the commonest surface form of
    each stem."""
    vectorizer = stemmed_tfidf(language, len(texts), max_features)
    analyzer = vectorizer.analyzer
    try:
        matrix = vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # not one content word in the corpus ("ja", "ok", ...)
        return LexicalView(sparse.csr_matrix((len(texts), 0), dtype=np.float32), vectorizer, [])
    vocabulary = vectorizer.vocabulary_
    # Surface forms from a sample: enough to name every frequent stem, cheap on 1M rows.
    counts: Counter[tuple[str, str]] = Counter()
    step = max(1, len(texts) // 20000)
    for text in texts[::step]:
        for word in tokens(text):
            # A stop word never names a stem ("als" for the stem of "alles").
            if len(word) > 2 and word not in analyzer.stops:
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
    svd, lsa = None, None
    dim = min(lsa_dim, matrix.shape[1] // 2, matrix.shape[0] - 1)
    if dim >= 1:
        svd = TruncatedSVD(n_components=dim, random_state=seed, n_iter=4)
        svd.fit(matrix[_sample_rows(matrix.shape[0], sample_size, seed)])
        lsa = np.empty((matrix.shape[0], dim), dtype=np.float32)
        for start in range(0, matrix.shape[0], 50000):  # in blocks: float64 1M x 100 is big
            lsa[start : start + 50000] = _unit(svd.transform(matrix[start : start + 50000]))
    return LexicalView(matrix, vectorizer, words, svd, lsa)


def auto_n_clusters(n: int) -> int:
    """Findings grow slowly with the corpus: about sqrt(n / 20), between 2 and 60."""
    return int(min(60, max(2, round(np.sqrt(n / 20)))))


class Clusterer:
    """k-means over [centred embeddings | weighted LSA of the words] (see `LexicalView`).

    n_clusters: a number, or "auto" (`auto_n_clusters`).
    lexical_weight: how much the words count next to the embedding (0 = embeddings only).
    theme_weight: how much the coder's theme scores count (given to `fit_predict`): with
        them a finding holds people who talk about the same theme, not only in the same
        way. Measured (docs/benchmarks.md): the mean share of a demo finding's top theme
        went from 0.33 to 0.63, Klimarat's NMI 0.259 -> 0.275, HiveMind's 0.560 -> 0.544
        (inside its spread over seeds).
    """

    def __init__(
        self,
        n_clusters: int | str = "auto",
        lexical_weight: float = 0.7,
        seed: int = 0,
        sample_size: int = 6000,
        theme_weight: float = 1.0,
    ) -> None:
        self.n_clusters = n_clusters
        self.lexical_weight = lexical_weight
        self.seed = seed
        self.sample_size = sample_size
        self.theme_weight = theme_weight

    def features(
        self,
        dense: np.ndarray,
        lsa: np.ndarray | None,
        mean: np.ndarray | None = None,
        themes: np.ndarray | None = None,
    ) -> np.ndarray:
        """[embeddings centred on `mean` (default: their own), unit | weighted LSA |
        weighted theme scores (square roots, unit)], unit."""
        width = dense.shape[1]
        extra = lsa.shape[1] if lsa is not None and self.lexical_weight > 0 else 0
        more = themes.shape[1] if themes is not None and self.theme_weight > 0 else 0
        out = np.empty((dense.shape[0], width + extra + more), np.float32)
        centre = dense.mean(axis=0) if mean is None else mean
        np.subtract(dense, centre, out=out[:, :width], casting="unsafe")
        out[:, :width] /= np.maximum(
            np.sqrt(np.einsum("ij,ij->i", out[:, :width], out[:, :width])), 1e-9
        )[:, None]
        if lsa is not None and extra:
            np.multiply(
                lsa, self.lexical_weight, out=out[:, width : width + extra], casting="unsafe"
            )
        if themes is not None and more:
            roots = np.sqrt(np.clip(themes, 0, None)).astype(np.float32)
            roots /= np.maximum(np.sqrt(np.einsum("ij,ij->i", roots, roots)), 1e-9)[:, None]
            out[:, width + extra :] = self.theme_weight * roots
        out /= np.maximum(np.sqrt(np.einsum("ij,ij->i", out, out)), 1e-9)[:, None]
        return out

    def _sample(self, n: int) -> np.ndarray:
        return _sample_rows(n, self.sample_size, self.seed)

    def fit(
        self, dense: np.ndarray, lsa: np.ndarray | None = None, themes: np.ndarray | None = None
    ) -> Clusterer:
        """Cluster the rows; their cluster indices are then in `labels_`."""
        self.labels_ = self.fit_predict(dense, lsa, themes)
        return self

    def fit_predict(
        self, dense: np.ndarray, lsa: np.ndarray | None = None, themes: np.ndarray | None = None
    ) -> np.ndarray:
        """Cluster index per row, 0 for the largest cluster, 1 for the next, ...

        Large corpora are clustered on a fixed-seed sample and every row is then assigned
        to its nearest centre: one pass over the data instead of many k-means iterations.
        """
        n = dense.shape[0]
        k = auto_n_clusters(n) if self.n_clusters == "auto" else int(self.n_clusters)
        if self.n_clusters == "auto" and themes is not None and self.theme_weight > 0:
            # At least a finding per theme, where the corpus has ten contributions for each:
            # fewer findings than themes can only be mixed ones.
            k = max(k, min(themes.shape[1], n // 10))
        k = max(1, min(k, n))
        if k == 1:
            return np.zeros(n, dtype=np.int64)
        sample = self._sample(n)
        small = n == len(sample)
        # Centred on the whole corpus's mean, so sample rows and all rows share one space;
        # features are built per block, never for all rows at once (2.4 GB on 1M rows).
        mean = dense.mean(axis=0)
        model = KMeans(
            n_clusters=k,
            random_state=self.seed,
            n_init=4 if small else 1,
            max_iter=300 if small else 100,
        )

        def rows(matrix: np.ndarray | None, which: Any) -> np.ndarray | None:
            return None if matrix is None else matrix[which]

        model.fit(self.features(dense[sample], rows(lsa, sample), mean, rows(themes, sample)))
        centres = model.cluster_centers_.astype(np.float32)
        labels = np.empty(n, dtype=np.int64)
        half_norms = 0.5 * (centres**2).sum(axis=1)
        for start in range(0, n, 20000):
            stop = min(n, start + 20000)
            part = slice(start, stop)
            block = self.features(dense[part], rows(lsa, part), mean, rows(themes, part))
            labels[start:stop] = (block @ centres.T - half_norms).argmax(axis=1)
        return by_size(labels)


def by_size(labels: np.ndarray) -> np.ndarray:
    """Cluster labels renumbered 0, 1, ... by size (largest first, ties by first member), so
    that ids are stable; any labels (scikit-learn's -1 for noise too) become a cluster each."""
    labels = np.asarray(labels)
    if not len(labels):
        return np.zeros(0, dtype=np.int64)
    _, labels = np.unique(labels, return_inverse=True)
    labels = labels.reshape(-1)
    k, n = int(labels.max()) + 1, len(labels)
    sizes = np.bincount(labels, minlength=k)
    first = np.array([np.argmax(labels == c) if sizes[c] else n for c in range(k)])
    order = sorted(range(k), key=lambda c: (-sizes[c], first[c]))
    remap = np.empty(k, dtype=np.int64)
    remap[order] = np.arange(k)
    return remap[labels]


def class_tfidf(lexical: sparse.csr_matrix, labels: np.ndarray) -> np.ndarray:
    """Class-based TF-IDF, clusters x words: a word's share of the cluster's words times the
    log of how rare it is over all clusters."""
    n_clusters = int(labels.max()) + 1 if len(labels) else 0
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
    return tf * idf


def _repeats(word: str, chosen: list[str]) -> bool:
    """Whether `word` only repeats a chosen one: "e-auto" after "e-autos", "energiesparen"
    after "energie" (one holds the other, hyphens aside)."""
    bare = word.replace("-", "")
    for other in chosen:
        other = other.replace("-", "")
        short, long = sorted((bare, other), key=len)
        if len(short) >= 3 and short in long:
            return True
    return False


class ClusterLabeller:
    """Words that say what each cluster is about.

    The candidates are a cluster's `candidates` best words by class-based TF-IDF. Given an
    `embed` function, each candidate is also scored by how much nearer its embedding lies to
    its own cluster's centre than, on average, to the other clusters' centres: words that
    every cluster shares ("never", "better", "year") sink and words of the subject rise.
    The two scores, each scaled to 0..1, are mixed by `semantic_weight` (0 = TF-IDF alone).
    A word that only repeats a chosen one is skipped. Deterministic: ties go to the word
    earlier in the vocabulary.
    """

    def __init__(self, top: int = 8, candidates: int = 30, semantic_weight: float = 0.5) -> None:
        self.top = top
        self.candidates = candidates
        self.semantic_weight = semantic_weight

    def fit_transform(
        self,
        lexical: sparse.csr_matrix,
        labels: np.ndarray,
        words: Sequence[str],
        dense: np.ndarray | None = None,
        embed: Callable[[Sequence[str]], np.ndarray] | None = None,
    ) -> list[list[str]]:
        """The keywords of each cluster 0..max(labels), best first."""
        n_clusters = int(labels.max()) + 1 if len(labels) else 0
        if n_clusters == 0 or lexical.shape[1] == 0:
            return [[] for _ in range(n_clusters)]
        scores = class_tfidf(lexical, labels)
        columns = np.arange(scores.shape[1])
        candidates = []
        for c in range(n_clusters):
            order = np.lexsort((columns, -scores[c]))[: self.candidates]
            candidates.append([i for i in order if scores[c, i] > 0])
        distinct: dict[int, np.ndarray] = {}
        if embed is not None and dense is not None and self.semantic_weight and n_clusters > 1:
            vocabulary = sorted({i for cand in candidates for i in cand})
            vectors = _unit(embed([words[i] for i in vocabulary]))
            # Sum of each cluster's rows, as one sparse product (np.add.at takes seconds on
            # 100,000 rows).
            membership = sparse.csr_matrix(
                (np.ones(len(labels), dtype=np.float32), (labels, np.arange(len(labels)))),
                shape=(n_clusters, len(labels)),
            )
            centres = np.asarray(membership @ dense)
            near = vectors @ _unit(centres).T  # candidate words x clusters
            others = (near.sum(axis=1, keepdims=True) - near) / (n_clusters - 1)
            distinct = dict(zip(vocabulary, near - others, strict=True))
        keywords: list[list[str]] = []
        for c, cand in enumerate(candidates):
            if not cand:
                keywords.append([])
                continue
            mixed = _scaled(scores[c, cand])
            if distinct:
                meaning = _scaled(np.array([distinct[i][c] for i in cand]))
                weight = self.semantic_weight
                mixed = (1 - weight) * mixed + weight * meaning
            chosen: list[str] = []
            for position in np.argsort(-mixed, kind="stable"):
                word = words[cand[position]]
                if not _repeats(word, chosen):
                    chosen.append(word)
                if len(chosen) == self.top:
                    break
            keywords.append(chosen)
        return keywords


def _scaled(values: np.ndarray) -> np.ndarray:
    """Values mapped linearly onto 0..1 (all equal: all 1)."""
    low, span = values.min(), np.ptp(values)
    return (values - low) / span if span > 0 else np.ones_like(values, dtype=np.float64)
