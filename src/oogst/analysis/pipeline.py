"""The analysis pipeline: embed -> code -> kinds -> cluster -> label -> quotes -> gaps ->
summaries -> assemble. `Pipeline._run` reads as that list of steps, one method each (as BERTopic's
`fit_transform` does); a subclass can replace any step, and each component a step uses can
be swapped for another with the same methods (the protocols in
`oogst.analysis.components`). `progress(step, done, total)` is called as the run goes; if
it raises, the run stops with that exception — that is how a caller cancels a run.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from .assemble import (
    Kinds,
    Quotes,
    RunInput,
    Summaries,
    Vectors,
    assemble_contributions,
    assemble_findings,
    assemble_run,
    assemble_themes,
    check_examples,
)
from .cluster import Clusterer, ClusterLabeller, LexicalView, by_size, lexical_view
from .codebook import Codebook
from .coder import REFERENCE_TOPICS_IN, CodebookCoder, CodingResult, suggest_labels
from .components import (
    ClustersRows,
    Coder,
    Embedder,
    FindingNamer,
    KindModel,
    Labeller,
    ProgressFn,
    QuoteSelector,
)
from .embed import (
    EmbeddingCache,
    LexicalEmbedder,
    embed_with_cache,
    limit_threads,
    make_embedder,
)
from .gaps import blind_spots, demographic_columns, emerging_topics
from .kinds import KindClassifier, known_kind
from .labels import FindingName, PhraseLabeller
from .quotes import QuotePicker, may_quote
from .result import (
    AnalysisResult,
    BlindSpot,
    EmergingTopic,
    RunInfo,
)
from .summary import llm_configured, llm_summary, summary_rows
from .text import corpus_language, first_sentence, plain_text

__all__ = [
    "STEPS",
    "AnalysisResult",
    "ClustersRows",
    "Pipeline",
    "Settings",
    "analyse",
    "check_examples",
]

STEPS = ("embed", "code", "kind", "cluster", "quotes", "gaps", "summaries")


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


def _noop(step: str, done: int, total: int) -> None: ...


class Pipeline:
    """The analysis, component by component.

    Any component can be replaced by one with the same methods (see
    `oogst.analysis.components`): an `embedder`, a `coder` (`CodebookCoder`), a
    `kind_classifier` (`KindClassifier`), a `clusterer` (`Clusterer`, or any scikit-learn
    clusterer), a cluster `labeller` (`ClusterLabeller`, keywords), a `namer`
    (`PhraseLabeller`, a finding's label phrase and sentence), a `quote_picker`
    (`QuotePicker`).
    `cache` is an `EmbeddingCache` (default: `$OOGST_CACHE_DIR` or var/cache), or None for
    no cache.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        coder: Coder | None = None,
        kind_classifier: KindModel | None = None,
        clusterer: Clusterer | ClustersRows | None = None,
        quote_picker: QuoteSelector | None = None,
        cache: EmbeddingCache | None | str = "default",
        labeller: Labeller | None = None,
        namer: FindingNamer | None = None,
    ) -> None:
        self.settings = settings or Settings()
        seed = self.settings.seed
        # What the run records as its settings must be what ran: a component passed in
        # overrides the setting it stands for.
        self._given = {"embedder": embedder, "clusterer": clusterer}
        self.embedder: Embedder = embedder or make_embedder(
            self.settings.embedder, seed=seed, language=self.settings.language
        )
        self.coder: Coder = coder or CodebookCoder(seed=seed)
        self.kind_classifier: KindModel = kind_classifier or KindClassifier(
            seed=seed, embedder=self.embedder.name
        )
        self.clusterer = clusterer or Clusterer(n_clusters=self.settings.n_clusters, seed=seed)
        self.quote_picker: QuoteSelector = quote_picker or QuotePicker(
            n_quotes=self.settings.n_quotes
        )
        self.labeller: Labeller = labeller or ClusterLabeller()
        self.namer: FindingNamer = namer or PhraseLabeller()
        self.cache: EmbeddingCache | None = EmbeddingCache() if isinstance(cache, str) else cache
        self.embedded_count = 0

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
        codebook: Codebook | Mapping[str, Any],
        examples: Sequence[Mapping[str, str]] | None,
        labels: Mapping[str, str] | None,
        progress: ProgressFn,
    ) -> AnalysisResult:
        started = time.perf_counter()
        data = self.read(records, codebook, examples, labels)
        vectors = self.embed(data, progress)
        words = self.words(data)
        coding = self.code(data, vectors, words, progress)
        kinds = self.kinds(data, vectors, progress)
        clusters = self.cluster(data, vectors, words, coding, progress)
        keywords, names = self.label(data, vectors, words, clusters, progress)
        quotes = self.quotes(data, vectors, coding, clusters, progress)
        gaps = self.gaps(data, coding, clusters, keywords, names, progress)
        summaries = self.summarise(data, vectors, coding, quotes, progress)
        return self.assemble(
            data,
            vectors,
            coding,
            kinds,
            clusters,
            (keywords, names),
            quotes,
            gaps,
            summaries,
            started,
        )

    # The steps, in order.

    def read(
        self,
        records: Sequence[Mapping[str, Any]],
        codebook: Codebook | Mapping[str, Any],
        examples: Sequence[Mapping[str, str]] | None,
        labels: Mapping[str, str] | None,
    ) -> RunInput:
        """Check the input and set aside the rows without words."""
        book = codebook if isinstance(codebook, Codebook) else Codebook.from_dict(dict(codebook))
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
        rows = rows_in if len(kept) == len(rows_in) else [rows_in[i] for i in kept]
        ids = [all_ids[i] for i in kept]
        texts = [all_texts[i] for i in kept]
        check_examples(examples or [], book)
        row_of = {cid: i for i, cid in enumerate(ids)}
        labelled = {
            row_of[cid]: book.index(theme)
            for cid, theme in (labels or {}).items()
            if cid in row_of and theme in book.ids
        }
        # An example that names a contribution of this run (a row of label_next.csv) is the
        # analyst's label of that contribution, and may correct its kind; the others are
        # examples beside the contributions.
        kinds: dict[int, str] = {}
        beside = []
        for example in examples or []:
            row = row_of.get(str(example.get("id", "")))
            if row is None:
                if str(example.get("text") or "").strip():
                    beside.append(example)
                continue
            labelled[row] = book.index(str(example["theme"]))
            kind = known_kind(example.get("kind"))
            if kind:
                kinds[row] = kind
        return RunInput(
            rows_in=rows_in,
            all_ids=all_ids,
            kept=kept,
            records=rows,
            ids=ids,
            texts=texts,
            codebook=book,
            examples=beside,
            given_examples=[e for e in examples or [] if str(e.get("text") or "").strip()],
            labelled=labelled,
            corrected_kinds=kinds,
            language=self.settings.language or corpus_language(texts),
        )

    def embed(self, data: RunInput, progress: ProgressFn) -> Vectors:
        """Contributions, theme texts, reference topics and examples in one go, through the
        cache."""
        n, codebook = data.n, data.codebook
        progress("embed", 0, n)
        theme_texts = [t.prompt() for t in codebook.themes]
        theme_examples = [(k, e) for k, t in enumerate(codebook.themes) for e in t.examples]
        extra_texts = [e for _, e in theme_examples] + [str(e["text"]) for e in data.examples]
        # The reference subjects in the codebook's own language (see coder.REFERENCE_TOPICS_IN).
        references = REFERENCE_TOPICS_IN[corpus_language(theme_texts, default="en")]
        self.embedder.fit(data.texts)
        vectors, self.embedded_count = embed_with_cache(
            self.embedder,
            data.texts + theme_texts + list(references) + extra_texts,
            self.cache,
            lambda s, d, t: progress("embed", min(d, n), n),
        )
        references_at = n + len(theme_texts)
        extras_at = references_at + len(references)
        progress("embed", n, n)
        return Vectors(
            dense=vectors[:n],
            themes=vectors[n:references_at],
            references=vectors[references_at:extras_at],
            extra=vectors[extras_at:] if len(vectors) > extras_at else None,
            extra_labels=[k for k, _ in theme_examples]
            + [codebook.index(str(e["theme"])) for e in data.examples],
            extra_texts=extra_texts,
            theme_examples=len(theme_examples),
        )

    def embed_texts(self, texts: Sequence[str]) -> np.ndarray:
        """Embed a few more texts (kind descriptions, label words) through the cache."""
        return embed_with_cache(self.embedder, list(texts), self.cache)[0]

    def words(self, data: RunInput) -> LexicalView | None:
        """The words of the contributions: stemmed TF-IDF and its LSA (`lexical_view`)."""
        return lexical_view(data.texts, data.language, seed=self.settings.seed) if data.n else None

    def code(
        self, data: RunInput, vectors: Vectors, words: LexicalView | None, progress: ProgressFn
    ) -> CodingResult:
        """A score per theme for every contribution, and its best theme (or none)."""
        n, labelled = data.n, data.labelled
        progress("code", 0, n)
        if n:
            coding = self.coder.fit_predict(
                vectors.dense,
                words.lsa if words is not None else None,
                vectors.themes,
                labelled=labelled,
                extra_dense=vectors.extra,
                extra_lexical=words.transform_lsa(vectors.extra_texts)
                if words is not None and vectors.extra is not None
                else None,
                extra_labels=vectors.extra_labels,
                # Words alone cannot tell a subject outside the codebook: a reference's
                # lexical vector is its words, and would take a theme's contributions.
                reference_vectors=None
                if isinstance(self.embedder, LexicalEmbedder)
                else vectors.references,
            )
        else:
            coding = CodingResult(
                np.zeros((0, len(data.codebook.ids)), np.float32),
                np.zeros(0, np.int64),
                0.5,
                np.zeros(0),
            )
        if labelled:
            # An accepted label is the contribution's theme: the output, the theme sizes and
            # the clusters' theme shares say what the analyst decided, not what was guessed.
            rows = np.fromiter(labelled, dtype=np.int64, count=len(labelled))
            coding.scores[rows] = 0.0
            coding.scores[rows, [labelled[r] for r in rows.tolist()]] = 1.0
            coding.best[rows] = [labelled[r] for r in rows.tolist()]
        progress("code", n, n)
        return coding

    def kinds(self, data: RunInput, vectors: Vectors, progress: ProgressFn) -> Kinds:
        """Knel, kiem, idee, vraag or overig; given kinds are kept and teach the rest."""
        n = data.n
        progress("kind", 0, n)
        given: dict[int, str] = {}
        # A kind the column names in words nobody uses for one: predicted, and reported.
        unrecognised: Counter[str] = Counter()
        for i, r in enumerate(data.records):
            value = str(r.get("kind") or "").strip()
            kind = known_kind(value)
            if kind:
                given[i] = kind
            elif value:
                unrecognised[value] += 1
        given.update(data.corrected_kinds)
        kinds = (
            self.kind_classifier.predict(data.texts, vectors.dense, self.embed_texts, given)
            if n
            else []
        )
        progress("kind", n, n)
        return Kinds(kinds, given, unrecognised)

    def cluster(
        self,
        data: RunInput,
        vectors: Vectors,
        words: LexicalView | None,
        coding: CodingResult,
        progress: ProgressFn,
    ) -> np.ndarray:
        """A finding per contribution, numbered by size. Our `Clusterer` sees embeddings,
        words and theme scores; a scikit-learn clusterer (`fit_predict`) the embeddings."""
        progress("cluster", 0, data.n)
        if not data.n:
            return np.zeros(0, np.int64)
        if isinstance(self.clusterer, Clusterer):
            # Untempered scores (CodebookCoder.temperature): sharp enough to hold a finding.
            sharp = coding.scores ** getattr(self.coder, "temperature", 1.0)
            sharp /= np.maximum(sharp.sum(axis=1, keepdims=True), 1e-12)
            return self.clusterer.fit_predict(vectors.dense, words.lsa if words else None, sharp)
        return by_size(self.clusterer.fit_predict(vectors.dense))

    def label(
        self,
        data: RunInput,
        vectors: Vectors,
        words: LexicalView | None,
        clusters: np.ndarray,
        progress: ProgressFn,
    ) -> tuple[list[list[str]], list[FindingName]]:
        """Each finding's keywords, best first, and its label phrase with its sentence
        (reported as part of "cluster")."""
        n_clusters = int(clusters.max()) + 1 if len(clusters) else 0
        keywords = (
            self.labeller.fit_transform(
                words.matrix, clusters, words.words, vectors.dense, self.embed_texts
            )
            if words is not None
            else [[] for _ in range(n_clusters)]
        )
        names = self.namer.name(
            data.texts,
            data.records,
            vectors.dense,
            clusters,
            words.matrix if words is not None else None,
            words.vectorizer.vocabulary_ if words is not None and words.words else None,
            data.language,
            keywords,
        )
        progress("cluster", data.n, data.n)
        return keywords, names

    def quotes(
        self,
        data: RunInput,
        vectors: Vectors,
        coding: CodingResult,
        clusters: np.ndarray,
        progress: ProgressFn,
    ) -> Quotes:
        """The contributions to quote for each finding and for each theme."""
        n_clusters = int(clusters.max()) + 1 if len(clusters) else 0
        n_themes = len(data.codebook.ids)
        total = n_clusters + n_themes
        progress("quotes", 0, total)
        dense = vectors.dense
        per_cluster = []
        for c in range(n_clusters):
            rows = np.nonzero(clusters == c)[0]
            per_cluster.append(self.quote_picker.pick(rows, dense, data.records))
            progress("quotes", c + 1, total)
        per_theme = []
        for k in range(n_themes):
            rows = np.nonzero(coding.best == k)[0]
            centre = vectors.themes[k] + (dense[rows].mean(axis=0) if len(rows) else 0)
            per_theme.append(self.quote_picker.pick(rows, dense, data.records, centre=centre))
            progress("quotes", n_clusters + k + 1, total)
        return Quotes(per_cluster, per_theme)

    def gaps(
        self,
        data: RunInput,
        coding: CodingResult,
        clusters: np.ndarray,
        keywords: list[list[str]],
        names: list[FindingName],
        progress: ProgressFn,
    ) -> tuple[list[EmergingTopic], list[BlindSpot], list[str]]:
        """Emerging topics, blind spots, and the demographic columns they were looked for in."""
        progress("gaps", 0, 1)
        emerging = (
            emerging_topics(clusters, coding.fit, coding.best, keywords, coding.reference_gap)
            if data.n
            else []
        )
        for topic in emerging:  # proposed under the finding's own label
            topic["name"] = names[topic["cluster"]].label or topic["name"]
        demographics = self.settings.demographics
        columns = (
            list(demographics) if demographics is not None else demographic_columns(data.records)
        )
        spots = blind_spots(data.codebook.ids, coding.best, data.records, columns)
        progress("gaps", 1, 1)
        return emerging, spots, columns

    def summarise(
        self,
        data: RunInput,
        vectors: Vectors,
        coding: CodingResult,
        quotes: Quotes,
        progress: ProgressFn,
    ) -> Summaries:
        """Per theme: extractive, or by the configured LLM when asked for."""
        themes = data.codebook.themes
        progress("summaries", 0, len(themes))
        by_llm = self.settings.llm_summary and llm_configured()
        texts, sources_of = [], []
        records, all_texts = data.records, data.texts
        for k, theme in enumerate(themes):
            rows = np.nonzero(coding.best == k)[0]
            # The contributions the summary quotes, so each of its sentences can be traced;
            # its sentences are verbatim, so only from records that may be quoted.
            sources = summary_rows(
                [r for r in rows.tolist() if may_quote(records[r])], vectors.dense
            )
            summary = " ".join(first_sentence(all_texts[r]) for r in sources)
            if by_llm and len(rows):
                sources = []
                summary = llm_summary(
                    [all_texts[q] for q in quotes.themes[k]] + [all_texts[r] for r in rows[:40]],
                    f"Vat in drie zinnen samen wat deelnemers zeggen over '{theme.name}'. "
                    "Gebruik alleen wat in de bijdragen staat.",
                )
            texts.append(summary)
            sources_of.append(list(sources))
            progress("summaries", k + 1, len(themes))
        return Summaries(texts, sources_of, by_llm)

    def assemble(
        self,
        data: RunInput,
        vectors: Vectors,
        coding: CodingResult,
        kinds: Kinds,
        clusters: np.ndarray,
        labels: tuple[list[list[str]], list[FindingName]],
        quotes: Quotes,
        gaps: tuple[list[EmergingTopic], list[BlindSpot], list[str]],
        summaries: Summaries,
        started: float,
    ) -> AnalysisResult:
        """The result: analysis.json."""
        emerging, spots, columns = gaps
        findings = assemble_findings(data, coding, clusters, labels, quotes)
        themes = assemble_themes(data, coding, quotes, summaries)
        contributions = assemble_contributions(data, coding, kinds, clusters)
        label_next = self.label_next(data, coding, clusters)
        run = self.describe(data, vectors, coding, kinds, clusters, columns, summaries, started)
        return AnalysisResult(
            run=run,
            contributions=contributions,
            clusters=findings,
            themes=themes,
            emerging=emerging,
            blind_spots=spots,
            label_next=label_next,
        )

    def describe(
        self,
        data: RunInput,
        vectors: Vectors,
        coding: CodingResult,
        kinds: Kinds,
        clusters: np.ndarray,
        demographics: list[str],
        summaries: Summaries,
        started: float,
    ) -> RunInfo:
        """What ran, on what, with which settings (as they ran), and the counts."""
        settings = {**asdict(self.settings), **self._overridden()}
        run = assemble_run(
            settings,
            self.embedder.name,
            self.embedded_count,
            data,
            vectors,
            coding,
            kinds,
            clusters,
            demographics,
            summaries.by_llm,
        )
        run["seconds"] = round(time.perf_counter() - started, 3)
        return run

    def label_next(self, data: RunInput, coding: CodingResult, clusters: np.ndarray) -> list[str]:
        """The contributions whose label would teach the coder most (active learning)."""
        return [
            data.ids[r]
            for r in suggest_labels(
                coding.scores, clusters, self.settings.n_suggestions, exclude=list(data.labelled)
            )
        ]

    def _overridden(self) -> dict[str, Any]:
        """The settings a component passed to the pipeline overrides, as that component has
        them: a custom embedder's name, a clusterer's number of clusters."""
        found: dict[str, Any] = {}
        if self._given["embedder"] is not None:
            found["embedder"] = self.embedder.name
        if self._given["clusterer"] is not None:
            found["n_clusters"] = getattr(self.clusterer, "n_clusters", None)
        return found


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
