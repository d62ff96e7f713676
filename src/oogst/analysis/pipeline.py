"""The analysis pipeline: embed -> code -> kind -> cluster -> label -> quotes -> gaps -> summaries.

Each step is a component with one job that can be swapped (see `Pipeline.__init__`).
`progress(step, done, total)` is called as the run goes; if it raises, the run stops with
that exception — that is how a caller cancels a run.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import numpy as np

from . import __version__
from .cluster import Clusterer, ClusterLabeller, by_size, lexical_view
from .codebook import Codebook
from .coder import REFERENCE_TOPICS, CodebookCoder, CodingResult, suggest_labels
from .embed import Embedder, EmbeddingCache, embed_with_cache, limit_threads, make_embedder
from .gaps import blind_spots, demographic_columns, emerging_topics
from .io import records_sha256
from .kinds import KindClassifier, known_kind
from .quotes import QuotePicker, may_quote
from .summary import llm_configured, llm_summary, summary_rows
from .text import corpus_language, first_sentence, plain_text

ProgressFn = Callable[[str, int, int], None]

STEPS = ("embed", "code", "kind", "cluster", "quotes", "gaps", "summaries")


class ClustersRows(Protocol):
    """A clusterer from outside: scikit-learn's `fit_predict`, one label per row."""

    def fit_predict(self, X: Any, /) -> Any: ...


@dataclass
class Settings:
    """The run's settings; all of them are recorded in the result."""

    embedder: str = "use"
    seed: int = 0
    n_clusters: int | str = "auto"
    language: str | None = None
    n_quotes: int = 5
    demographics: list[str] | None = None
    llm_summary: bool = False
    n_suggestions: int = 20

    def __post_init__(self) -> None:
        wrong = []
        if not isinstance(self.seed, int) or isinstance(self.seed, bool) or self.seed < 0:
            wrong.append(f"seed must be a whole number >= 0, not {self.seed!r}")
        if self.n_clusters != "auto" and (
            not isinstance(self.n_clusters, int) or self.n_clusters < 1
        ):
            wrong.append(f"n_clusters must be 'auto' or a number >= 1, not {self.n_clusters!r}")
        if not isinstance(self.n_quotes, int) or self.n_quotes < 1:
            wrong.append(f"n_quotes must be a number >= 1, not {self.n_quotes!r}")
        if not isinstance(self.n_suggestions, int) or self.n_suggestions < 0:
            wrong.append(f"n_suggestions must be a number >= 0, not {self.n_suggestions!r}")
        if wrong:
            raise ValueError("; ".join(wrong))


@dataclass
class AnalysisResult:
    """Everything a run found; `to_dict()` is exactly what analysis.json holds."""

    run: dict[str, Any]
    contributions: list[dict[str, Any]]
    clusters: list[dict[str, Any]]
    themes: list[dict[str, Any]]
    emerging: list[dict[str, Any]]
    blind_spots: list[dict[str, Any]]
    label_next: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, sort_keys=False)


def _noop(step: str, done: int, total: int) -> None:
    return None


def _round(x: float) -> float:
    return float(round(float(x), 4))


class Pipeline:
    """The analysis, component by component.

    Any component can be replaced by one with the same methods: an `embedder` (see
    `oogst.analysis.embed`), a `coder` (`CodebookCoder`), a `kind_classifier`, a
    `clusterer` (`Clusterer`, or any scikit-learn clusterer), a cluster `labeller`
    (`ClusterLabeller`), a `quote_picker`. `cache` is an
    `EmbeddingCache` (default: `$OOGST_CACHE_DIR` or var/cache), or None for no cache.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        coder: CodebookCoder | None = None,
        kind_classifier: KindClassifier | None = None,
        clusterer: Clusterer | ClustersRows | None = None,
        quote_picker: QuotePicker | None = None,
        cache: EmbeddingCache | None | str = "default",
        labeller: ClusterLabeller | None = None,
    ) -> None:
        self.settings = settings or Settings()
        seed = self.settings.seed
        # What the run records as its settings must be what ran: a component passed in
        # overrides the setting it stands for.
        self._given = {"embedder": embedder, "clusterer": clusterer}
        self.embedder = embedder or make_embedder(
            self.settings.embedder, seed=seed, language=self.settings.language
        )
        self.coder = coder or CodebookCoder(seed=seed)
        self.kind_classifier = kind_classifier or KindClassifier(seed=seed)
        self.clusterer = clusterer or Clusterer(n_clusters=self.settings.n_clusters, seed=seed)
        self.quote_picker = quote_picker or QuotePicker(n_quotes=self.settings.n_quotes)
        self.labeller = labeller or ClusterLabeller()
        self.cache: EmbeddingCache | None = EmbeddingCache() if isinstance(cache, str) else cache
        self.embedded_count = 0

    def _cluster(self, dense: np.ndarray, lsa: np.ndarray | None) -> np.ndarray:
        """Our `Clusterer` sees the embeddings and the words; any other clusterer with
        scikit-learn's `fit_predict` (KMeans, AgglomerativeClustering, HDBSCAN, ...) sees
        the embeddings. Either way clusters are numbered by size."""
        if isinstance(self.clusterer, Clusterer):
            return self.clusterer.fit_predict(dense, lsa)
        return by_size(self.clusterer.fit_predict(dense))

    def _overridden(self) -> dict[str, Any]:
        """The settings a component passed to the pipeline overrides, as that component has
        them: a custom embedder's name, a clusterer's number of clusters."""
        found: dict[str, Any] = {}
        if self._given["embedder"] is not None:
            found["embedder"] = self.embedder.name
        if self._given["clusterer"] is not None:
            found["n_clusters"] = getattr(self.clusterer, "n_clusters", None)
        return found

    def run(
        self,
        records: Sequence[Mapping[str, Any]],
        codebook: Codebook | Mapping[str, Any],
        examples: Sequence[Mapping[str, str]] | None = None,
        labels: Mapping[str, str] | None = None,
        progress: ProgressFn | None = None,
    ) -> AnalysisResult:
        """Analyse `records` (dicts with `id`, `text`, optional `kind`, `role`, ...).

        `examples`: labelled examples ({"text", "theme"}) that are not contributions.
        `labels`: accepted theme labels for contributions, id -> theme id (active learning):
        they teach the coder, and a labelled contribution's theme is its label.
        """
        with limit_threads():
            return self._run(records, codebook, examples, labels, progress or _noop)

    def _run(
        self,
        records: Sequence[Mapping[str, Any]],
        codebook_in: Codebook | Mapping[str, Any],
        examples: Sequence[Mapping[str, str]] | None,
        labels: Mapping[str, str] | None,
        progress: ProgressFn,
    ) -> AnalysisResult:
        started = time.perf_counter()
        codebook = (
            codebook_in
            if isinstance(codebook_in, Codebook)
            else Codebook.from_dict(dict(codebook_in))
        )
        settings = self.settings
        # Read, never changed: plain dicts are used as they are (no copy of 1M rows).
        rows_in = [r if isinstance(r, dict) else dict(r) for r in records]
        all_ids = [str(r.get("id", i)) for i, r in enumerate(rows_in)]
        if len(set(all_ids)) != len(all_ids):
            repeated = sorted(i for i, count in Counter(all_ids).items() if count > 1)
            raise ValueError(
                f"contribution ids must be unique; repeated: {', '.join(repeated[:5])}"
            )
        # A contribution without words says nothing: it is reported, not coded or clustered
        # (embedded, all empty texts would look alike and form a finding of their own).
        all_texts = [plain_text(str(r.get("text") or "")) for r in rows_in]
        kept = [i for i, t in enumerate(all_texts) if t.strip()]
        records = rows_in if len(kept) == len(rows_in) else [rows_in[i] for i in kept]
        ids = [all_ids[i] for i in kept]
        texts = [all_texts[i] for i in kept]
        n, theme_ids = len(records), codebook.ids
        check_examples(examples or [], codebook)
        examples = [e for e in (examples or []) if str(e.get("text") or "").strip()]
        language = settings.language or corpus_language(texts)

        # 1. Embed: contributions, theme texts and examples in one go, through the cache.
        progress("embed", 0, n)
        theme_texts = [t.prompt() for t in codebook.themes]
        theme_example_texts = [(k, e) for k, t in enumerate(codebook.themes) for e in t.examples]
        all_texts = (
            texts
            + theme_texts
            + list(REFERENCE_TOPICS)
            + [e for _, e in theme_example_texts]
            + [str(e["text"]) for e in examples]
        )
        self.embedder.fit(texts)
        vectors, self.embedded_count = embed_with_cache(
            self.embedder,
            all_texts,
            self.cache,
            lambda s, d, t: progress("embed", min(d, n), n),
        )
        dense = vectors[:n]
        references_at = n + len(theme_texts)
        extras_at = references_at + len(REFERENCE_TOPICS)
        theme_vectors = vectors[n:references_at]
        reference_vectors = vectors[references_at:extras_at]
        extra_dense = vectors[extras_at:] if len(vectors) > extras_at else None
        extra_labels = [k for k, _ in theme_example_texts] + [
            codebook.index(str(e["theme"])) for e in examples
        ]
        progress("embed", n, n)

        # 2. Code against the codebook.
        progress("code", 0, n)
        lexical = lexical_view(texts, language, seed=settings.seed) if n else None
        lexical_matrix = lexical.matrix if lexical is not None else None
        lsa = lexical.lsa if lexical is not None else None
        extra_lexical = (
            lexical.transform_lsa(all_texts[extras_at:])
            if lexical is not None and extra_dense is not None
            else None
        )
        row_of = {cid: i for i, cid in enumerate(ids)}
        labelled = {
            row_of[cid]: codebook.index(theme)
            for cid, theme in (labels or {}).items()
            if cid in row_of and theme in theme_ids
        }
        if n:
            coding = self.coder.fit_predict(
                dense,
                lsa,
                theme_vectors,
                labelled=labelled,
                extra_dense=extra_dense,
                extra_lexical=extra_lexical,
                extra_labels=extra_labels,
                reference_vectors=reference_vectors,
            )
        else:
            coding = CodingResult(
                np.zeros((0, len(theme_ids)), np.float32), np.zeros(0, np.int64), 0.5, np.zeros(0)
            )
        if labelled:
            # An accepted label is the contribution's theme: the output, the theme sizes and
            # the clusters' theme shares say what the analyst decided, not what was guessed.
            rows = np.fromiter(labelled, dtype=np.int64, count=len(labelled))
            coding.scores[rows] = 0.0
            coding.scores[rows, [labelled[r] for r in rows.tolist()]] = 1.0
            coding.best[rows] = [labelled[r] for r in rows.tolist()]
        progress("code", n, n)

        # 3. Kind (knel/kiem/idee/vraag/overig); given kinds are kept and teach the rest.
        progress("kind", 0, n)
        given_kinds: dict[int, str] = {}
        # A kind the column names in words nobody uses for one: predicted, and reported.
        unrecognised: Counter[str] = Counter()
        for i, r in enumerate(records):
            value = str(r.get("kind") or "").strip()
            if known_kind(value):
                given_kinds[i] = str(known_kind(value))
            elif value:
                unrecognised[value] += 1

        def embed_plain(items: Sequence[str]) -> np.ndarray:
            return embed_with_cache(self.embedder, list(items), self.cache)[0]

        kinds = self.kind_classifier.predict(texts, dense, embed_plain, given_kinds) if n else []
        progress("kind", n, n)

        # 4. Cluster into findings and label them.
        progress("cluster", 0, n)
        cluster_labels = self._cluster(dense, lsa) if n else np.zeros(0, np.int64)
        n_clusters = int(cluster_labels.max()) + 1 if n else 0
        keywords = (
            self.labeller.fit_transform(
                lexical_matrix, cluster_labels, lexical.words, dense, embed_plain
            )
            if lexical is not None and lexical_matrix is not None
            else [[] for _ in range(n_clusters)]
        )
        progress("cluster", n, n)

        # 5. Quotes per cluster and per theme.
        progress("quotes", 0, n_clusters + len(theme_ids))
        clusters: list[dict[str, Any]] = []
        for c in range(n_clusters):
            rows = np.nonzero(cluster_labels == c)[0]
            quotes = self.quote_picker.pick(rows, dense, records)
            member_themes = coding.best[rows]
            shares = {
                theme_ids[k]: _round(np.mean(member_themes == k))
                for k in range(len(theme_ids))
                if np.any(member_themes == k)
            }
            top_theme = max(shares, key=lambda t: (shares[t], t)) if shares else None
            words = keywords[c]
            label = " · ".join(words[:3]) if words else f"cluster {c}"
            lead = first_sentence(texts[quotes[0]], 140) if quotes else ""
            theme_name = codebook.themes[codebook.index(top_theme)].name if top_theme else "—"
            clusters.append(
                {
                    "id": c,
                    "label": label,
                    "description": f"{theme_name}: {lead}",
                    "keywords": list(words),
                    "size": len(rows),
                    "quotes": [ids[q] for q in quotes],
                    "themes": dict(sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))),
                }
            )
            progress("quotes", c + 1, n_clusters + len(theme_ids))
        theme_rows = [np.nonzero(coding.best == k)[0] for k in range(len(theme_ids))]
        theme_quotes = []
        for k in range(len(theme_ids)):
            rows = theme_rows[k]
            centre = theme_vectors[k] + (dense[rows].mean(axis=0) if len(rows) else 0)
            theme_quotes.append(self.quote_picker.pick(rows, dense, records, centre=centre))
            progress("quotes", n_clusters + k + 1, n_clusters + len(theme_ids))

        # 6. Emerging topics and blind spots.
        progress("gaps", 0, 1)
        emerging = (
            emerging_topics(cluster_labels, coding.fit, coding.best, keywords, coding.reference_gap)
            if n
            else []
        )
        spots_columns = (
            list(settings.demographics)
            if settings.demographics is not None
            else demographic_columns(records)
        )
        spots = blind_spots(theme_ids, coding.best, records, spots_columns)
        progress("gaps", 1, 1)

        # 7. Summaries per theme: extractive, or by the configured LLM when asked for.
        progress("summaries", 0, len(theme_ids))
        use_llm = settings.llm_summary and llm_configured()
        themes_out = []
        for k, theme in enumerate(codebook.themes):
            rows = theme_rows[k]
            # The contributions the summary quotes, so each of its sentences can be traced;
            # its sentences are verbatim, so only from records that may be quoted.
            sources = summary_rows([r for r in rows.tolist() if may_quote(records[r])], dense)
            summary = " ".join(first_sentence(texts[r]) for r in sources)
            if use_llm and len(rows):
                sources = []
                summary = llm_summary(
                    [texts[q] for q in theme_quotes[k]] + [texts[r] for r in rows[:40]],
                    f"Vat in drie zinnen samen wat deelnemers zeggen over '{theme.name}'. "
                    "Gebruik alleen wat in de bijdragen staat.",
                )
            themes_out.append(
                {
                    "id": theme.id,
                    "name": theme.name,
                    "count": len(rows),
                    "share": _round(len(rows) / n) if n else 0.0,
                    "quotes": [ids[q] for q in theme_quotes[k]],
                    "summary": summary,
                    "summary_sources": [ids[r] for r in sources],
                }
            )
            progress("summaries", k + 1, len(theme_ids))

        # Themes per contribution, best first, those at or above the threshold (at least one).
        order = np.argsort(-coding.scores, axis=1, kind="stable")
        ranked_scores = np.take_along_axis(coding.scores, order, axis=1).astype(np.float64)
        keep = ranked_scores >= coding.threshold
        keep[:, :1] = True
        # Only the columns some row keeps are turned into Python lists (cheap on 1M rows).
        width = int(keep.sum(axis=1).max()) if n else 0
        order, ranked_scores, keep = order[:, :width], ranked_scores[:, :width], keep[:, :width]
        contributions = []
        for i, (ks, ss, kp) in enumerate(
            zip(order.tolist(), ranked_scores.tolist(), keep.tolist(), strict=True)
        ):
            best = int(coding.best[i])
            contributions.append(
                {
                    "id": ids[i],
                    "theme": theme_ids[best] if best >= 0 else None,
                    "themes": [
                        {"theme": theme_ids[k], "score": round(s, 4)}
                        for k, s, kept in zip(ks, ss, kp, strict=True)
                        if kept
                    ]
                    if best >= 0
                    else [],
                    "kind": kinds[i],
                    "kind_source": "given" if i in given_kinds else "predicted",
                    "cluster": int(cluster_labels[i]),
                }
            )
        if n < len(rows_in):
            # Every input row has its object, in input order; an empty one has no theme,
            # no cluster, and only the kind it was given.
            analysed = iter(contributions)
            kept_rows = set(kept)
            contributions = [
                next(analysed)
                if i in kept_rows
                else {
                    "id": all_ids[i],
                    "theme": None,
                    "themes": [],
                    "kind": known_kind(r.get("kind")),
                    "kind_source": "given" if known_kind(r.get("kind")) else None,
                    "cluster": None,
                    "empty": True,
                }
                for i, r in enumerate(rows_in)
            ]
        label_next = [
            ids[r]
            for r in suggest_labels(
                coding.scores, cluster_labels, settings.n_suggestions, exclude=list(labelled)
            )
        ]
        run = {
            "version": __version__,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - started, 3),
            "embedder": self.embedder.name,
            "seed": settings.seed,
            "input_sha256": records_sha256(rows_in),
            "codebook_sha256": codebook.sha256(),
            "settings": {
                **asdict(settings),
                **self._overridden(),
                "language": language,
                "demographics": spots_columns,
                "examples_sha256": records_sha256([dict(e) for e in examples])
                if examples
                else None,
                "examples": len(examples) + len(theme_example_texts),
                "accepted_labels": len(labelled),
                "llm_summary": bool(use_llm),
                "theme_threshold": _round(coding.threshold),
            },
            "counts": {
                "contributions": len(rows_in),
                "empty": len(rows_in) - n,
                "embedded": self.embedded_count,
                "clusters": n_clusters,
                "without_theme": int((coding.best < 0).sum()),
                "kinds_given": len(given_kinds),
            },
            # Kind values not recognised (the kind was predicted instead), with their count.
            "kinds_not_recognised": dict(sorted(unrecognised.items())),
        }
        return AnalysisResult(
            run=run,
            contributions=contributions,
            clusters=clusters,
            themes=themes_out,
            emerging=emerging,
            blind_spots=spots,
            label_next=label_next,
        )


def check_examples(examples: Sequence[Mapping[str, Any]], codebook: Codebook) -> None:
    """ValueError naming every labelled example whose theme is not a theme id of the
    codebook (a name where the id belongs, a typo): such an example would teach nothing."""
    unknown = [
        f"{i} ({e.get('theme')!r})"
        for i, e in enumerate(examples, 1)
        if str(e.get("theme")) not in codebook.ids
    ]
    if unknown:
        raise ValueError(
            "labelled examples name a theme that is not in the codebook: "
            f"example {', example '.join(unknown[:5])}; the codebook's theme ids are "
            f"{', '.join(codebook.ids)}"
        )


def analyse(
    records: Sequence[Mapping[str, Any]],
    codebook: Codebook | Mapping[str, Any],
    examples: Sequence[Mapping[str, str]] | None = None,
    labels: Mapping[str, str] | None = None,
    progress: ProgressFn | None = None,
    settings: Settings | None = None,
    **fields: Any,
) -> AnalysisResult:
    """Run the default pipeline with `settings`, or with `Settings` fields given as keyword
    arguments (embedder, seed, ...); not both."""
    if settings is not None and fields:
        raise TypeError("give settings=Settings(...) or Settings fields, not both")
    chosen = settings or Settings(**fields)
    return Pipeline(chosen).run(records, codebook, examples, labels, progress)
