"""The swappable parts of the pipeline, each as a `typing.Protocol`.

Any object with these methods can stand in for the default component (as scikit-learn's
estimators are duck-typed): `Pipeline(embedder=..., coder=..., kind_classifier=...,
clusterer=..., labeller=..., namer=..., quote_picker=...)`. The defaults are `UseEmbedder`,
`CodebookCoder`, `KindClassifier`, `Clusterer`, `ClusterLabeller`, `PhraseLabeller` and
`QuotePicker`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

    from .coder import CodingResult
    from .labels import FindingName

# progress(step, done, total); raising from it stops the run (that is how a caller cancels).
ProgressFn = Callable[[str, int, int], None]
# Texts in, unit vectors out (the pipeline's embedder behind its cache).
EmbedFn = Callable[[Sequence[str]], np.ndarray]


class Embedder(Protocol):
    """Texts -> unit vectors. `cacheable`: the same text always gets the same vector, so
    vectors may be kept between runs (keyed by `name` and the text's hash)."""

    name: str
    cacheable: bool

    def fit(self, texts: Sequence[str]) -> Embedder: ...

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray: ...


class Coder(Protocol):
    """Contributions -> a score per theme of the codebook, and the best theme (or none)."""

    def fit_predict(
        self,
        dense: np.ndarray,
        lexical: np.ndarray | sparse.spmatrix | None,
        theme_vectors: np.ndarray,
        labelled: dict[int, int] | None = None,
        extra_dense: np.ndarray | None = None,
        extra_lexical: np.ndarray | sparse.spmatrix | None = None,
        extra_labels: Sequence[int] = (),
        reference_vectors: np.ndarray | None = None,
    ) -> CodingResult: ...


class KindModel(Protocol):
    """The kind (knel, kiem, idee, vraag, overig) of every text; `corrections` (row -> kind)
    are kinds known for some rows, which it keeps and may learn from."""

    def predict(
        self,
        texts: Sequence[str],
        dense: np.ndarray,
        embed: EmbedFn,
        corrections: dict[int, str] | None = None,
    ) -> list[str]: ...


class ClustersRows(Protocol):
    """A clusterer from outside: scikit-learn's `fit_predict`, one label per row. It sees
    the embeddings; our `Clusterer` also sees the words (see `Pipeline.cluster`)."""

    def fit_predict(self, X: Any, /) -> Any: ...


class Labeller(Protocol):
    """The words that name each cluster 0..max(labels), best first."""

    def fit_transform(
        self,
        lexical: sparse.csr_matrix,
        labels: np.ndarray,
        words: Sequence[str],
        dense: np.ndarray | None = None,
        embed: EmbedFn | None = None,
    ) -> list[list[str]]: ...


class FindingNamer(Protocol):
    """A label phrase and a representative sentence for each cluster 0..max(clusters)."""

    def name(
        self,
        texts: Sequence[str],
        records: Sequence[Mapping[str, Any]],
        dense: np.ndarray,
        clusters: np.ndarray,
        lexical: sparse.csr_matrix | None,
        vocabulary: Mapping[str, int] | None,
        language: str,
        keywords: Sequence[Sequence[str]],
    ) -> list[FindingName]: ...


class QuoteSelector(Protocol):
    """The rows among `rows` to quote for a group, best first."""

    def pick(
        self,
        rows: np.ndarray,
        dense: np.ndarray,
        records: Sequence[Mapping[str, Any]],
        centre: np.ndarray | None = None,
    ) -> list[int]: ...
