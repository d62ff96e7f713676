"""Text similarity with the analysis library's embedder: contributions like an insight (its
text and its evidence), and recovery tasks like an insight. Reads only; what is proposed is
stored by the services, as a proposal a person accepts or rejects."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from oogst.analyses.models import AnalysisRun
from oogst.analyses.selectors.run_input import analysable, analysis_records
from oogst.analyses.services import embedding_cache_dir
from oogst.harvest.models import Contribution, Moderation

from ..models import Evidence, EvidenceSuggestion, Insight
from .evidence import behind

# Below this cosine a contribution is no suggestion at all, however few there are.
MIN_SIMILARITY = 0.2


def embedder_spec(programme) -> str:
    """The embedder of the programme's latest finished run (its vectors are in the cache
    already), else `OOGST_INSIGHTS_EMBEDDER` (default: the multilingual sentence model)."""
    run = (
        AnalysisRun.objects.filter(programme=programme, status=AnalysisRun.Status.DONE)
        .order_by("-number")
        .first()
    )
    chosen = (run.settings or {}).get("embedder") if run else None
    return chosen or getattr(settings, "OOGST_INSIGHTS_EMBEDDER", "use")


@dataclass
class Embedded:
    embedder: str
    vectors: object  # numpy array, one unit row per text


def embed(programme, texts: list[str], corpus: list[str]) -> Embedded:
    """Unit vectors of `texts` with the programme's embedder. `corpus` is what a lexical
    embedder learns its words from (the others ignore it)."""
    from oogst.analysis import EmbeddingCache, make_embedder
    from oogst.analysis.embed import embed_with_cache, limit_threads

    embedder = make_embedder(embedder_spec(programme), seed=0)
    with limit_threads():
        embedder.fit(corpus)
        vectors, _n = embed_with_cache(embedder, texts, EmbeddingCache(embedding_cache_dir()))
    return Embedded(embedder.name, vectors)


def insight_text(insight: Insight) -> str:
    return f"{insight.title}. {insight.text}".strip()


def _pool(programme_id: int):
    """What may back an insight: analysable (not withdrawn, not rejected) and let through by
    moderation (an idea from the public site still waiting is no evidence yet)."""
    return analysable(Contribution.objects.filter(programme_id=programme_id)).filter(
        moderation=Moderation.ACCEPTED
    )


def _records(contributions) -> dict[int, str]:
    """Contribution id -> the (redacted) text the analysis reads, as a run embeds it (so the
    embedding cache already holds its vector)."""
    return {int(r["id"]): r["text"] for r in analysis_records(contributions) if r["text"].strip()}


def _linked(insights: list[Insight], corpus: dict[int, str]) -> dict[int, list[int]]:
    """Per insight, its directly linked contributions (and quotes) that have a text."""
    linked: dict[int, list[int]] = {i.pk: [] for i in insights}
    for insight_id, contribution_id in Evidence.objects.filter(
        insight__in=insights, contribution__isnull=False
    ).values_list("insight_id", "contribution_id"):
        if contribution_id in corpus and contribution_id not in linked[insight_id]:
            linked[insight_id].append(contribution_id)
    return linked


def _with_queries(
    insights: list[Insight], corpus: dict[int, str], others: list[str]
) -> tuple[object, object, str]:
    """Embed, in one go (a lexical embedder learns one vocabulary for all), the insights'
    texts, their evidence and `others`. Returns one unit query vector per insight (its own
    text and the mean of its evidence, with equal weight; an insight without evidence is
    its text alone), the vectors of `others`, and the embedder's name."""
    import numpy as np

    linked = _linked(insights, corpus)
    texts = [insight_text(i) for i in insights]
    evidence_ids = sorted({c for ids in linked.values() for c in ids})
    everything = texts + [corpus[c] for c in evidence_ids] + others
    result = embed(insights[0].programme, everything, [*corpus.values(), *texts, *others])
    vectors = np.asarray(result.vectors, dtype=np.float32)
    row_of = {c: len(texts) + k for k, c in enumerate(evidence_ids)}
    queries = vectors[: len(texts)].copy()
    for n, insight in enumerate(insights):
        rows = [row_of[c] for c in linked[insight.pk]]
        if rows:
            queries[n] = queries[n] + vectors[rows].mean(axis=0)
    norms = np.linalg.norm(queries, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return queries / norms, vectors[len(texts) + len(evidence_ids) :], result.embedder


def similar_contributions(insight: Insight, limit: int = 10) -> tuple[list[tuple[int, float]], str]:
    """Contributions of the programme most like the insight's text and evidence that are not
    behind it yet and were never suggested for it (a rejected one is not asked again), best
    first, with their cosine; and the embedder's name."""
    import numpy as np

    corpus = _records(_pool(insight.programme_id))
    taken = set(behind(insight).values_list("pk", flat=True)) | set(
        EvidenceSuggestion.objects.filter(insight=insight).values_list("contribution_id", flat=True)
    )
    candidates = [c for c in corpus if c not in taken]
    if not candidates:
        return [], ""
    queries, vectors, embedder = _with_queries([insight], corpus, [corpus[c] for c in candidates])
    scores = vectors @ queries[0]
    order = np.argsort(-scores, kind="stable")[:limit]
    found = [(candidates[i], round(float(scores[i]), 4)) for i in order]
    return [(pk, score) for pk, score in found if score >= MIN_SIMILARITY], embedder


def task_similarity(insights: list[Insight], tasks) -> tuple[object, str]:
    """Cosine between each insight (text and evidence) and each recovery task (title and
    description): an insights x tasks array, and the embedder's name."""
    import numpy as np

    if not insights or not tasks:
        return np.zeros((len(insights), len(tasks)), dtype=np.float32), ""
    corpus = _records(_pool(insights[0].programme_id))
    task_texts = [f"{t.title}. {t.description}".strip() for t in tasks]
    queries, targets, embedder = _with_queries(insights, corpus, task_texts)
    return queries @ targets.T, embedder
