"""Turning what the pipeline's steps found into analysis.json: what one step hands the next
(`RunInput`, `Vectors`, `Kinds`, `Quotes`, `Summaries`) and the parts of the result built
from them (findings, themes, contributions; see `oogst.analysis.result` for their shape)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

import numpy as np

from . import __version__
from .codebook import Codebook
from .coder import CodingResult
from .io import records_sha256
from .kinds import known_kind
from .labels import FindingName
from .result import ClusterResult, ContributionResult, RunInfo, RunSettings, ThemeResult
from .text import first_sentence


def _round(x: float) -> float:
    return float(round(float(x), 4))


@dataclass
class RunInput:
    """The run's input as the steps read it: every row, and the rows with words."""

    rows_in: list[dict[str, Any]]  # every input row, read as given (never changed)
    all_ids: list[str]
    kept: list[int]  # positions in rows_in of the rows with words
    records: list[dict[str, Any]]  # the rows with words: what is coded and clustered
    ids: list[str]
    texts: list[str]  # their plain text
    codebook: Codebook
    examples: list[Mapping[str, str]]  # labelled examples that are not contributions
    given_examples: list[Mapping[str, str]]  # every example as given (recorded by its hash)
    labelled: dict[int, int]  # row -> theme index: the analyst's accepted labels
    corrected_kinds: dict[int, str]  # row -> kind, from examples that name a contribution
    language: str

    @property
    def n(self) -> int:
        return len(self.records)


@dataclass
class Vectors:
    """The embeddings of the run: contributions, theme texts, reference topics, examples."""

    dense: np.ndarray  # one unit vector per contribution
    themes: np.ndarray
    references: np.ndarray
    extra: np.ndarray | None  # the labelled examples (the codebook's own, then given ones)
    extra_labels: list[int]  # their theme index
    extra_texts: list[str]
    theme_examples: int  # how many of the extra are the codebook's own example sentences


@dataclass
class Kinds:
    kinds: list[str]
    given: dict[int, str]  # row -> the kind its kind column named
    unrecognised: Counter[str]  # kind values nobody uses for a kind, with their count


@dataclass
class Quotes:
    clusters: list[list[int]]  # per cluster, rows to quote
    themes: list[list[int]]  # per theme


@dataclass
class Summaries:
    texts: list[str]  # per theme
    sources: list[list[int]]  # per theme: the rows its sentences come from
    by_llm: bool


def assemble_findings(
    data: RunInput,
    coding: CodingResult,
    clusters: np.ndarray,
    labels: tuple[list[list[str]], list[FindingName]],
    quotes: Quotes,
) -> list[ClusterResult]:
    codebook, theme_ids, ids = data.codebook, data.codebook.ids, data.ids
    keywords, names = labels
    out: list[ClusterResult] = []
    for c, quoted in enumerate(quotes.clusters):
        rows = np.nonzero(clusters == c)[0]
        member_themes = coding.best[rows]
        shares = {
            theme_ids[k]: _round(np.mean(member_themes == k))
            for k in range(len(theme_ids))
            if np.any(member_themes == k)
        }
        top_theme = max(shares, key=lambda t: (shares[t], t)) if shares else None
        words = keywords[c]
        lead = first_sentence(data.texts[quoted[0]], 140) if quoted else ""
        theme_name = codebook.themes[codebook.index(top_theme)].name if top_theme else "—"
        name = names[c]
        out.append(
            {
                "id": c,
                "label": name.label or f"cluster {c}",
                "sentence": name.sentence,
                "sentence_source": ids[name.row] if name.row is not None else None,
                "description": f"{theme_name}: {lead}",
                "keywords": list(words),
                "size": len(rows),
                "quotes": [ids[q] for q in quoted],
                "themes": dict(sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))),
                "top_theme": top_theme,
                "top_theme_share": shares[top_theme] if top_theme else 0.0,
            }
        )
    return out


def assemble_themes(
    data: RunInput, coding: CodingResult, quotes: Quotes, summaries: Summaries
) -> list[ThemeResult]:
    n, ids = data.n, data.ids
    out: list[ThemeResult] = []
    for k, theme in enumerate(data.codebook.themes):
        count = int(np.count_nonzero(coding.best == k))
        out.append(
            {
                "id": theme.id,
                "name": theme.name,
                "count": count,
                "share": _round(count / n) if n else 0.0,
                "quotes": [ids[q] for q in quotes.themes[k]],
                "summary": summaries.texts[k],
                "summary_sources": [ids[r] for r in summaries.sources[k]],
            }
        )
    return out


def assemble_contributions(
    data: RunInput, coding: CodingResult, kinds: Kinds, clusters: np.ndarray
) -> list[ContributionResult]:
    """Every input row, in input order: themes best first, those at or above the
    threshold (at least one), kind and cluster; an empty row only with its given kind."""
    n, theme_ids = data.n, data.codebook.ids
    order = np.argsort(-coding.scores, axis=1, kind="stable")
    ranked_scores = np.take_along_axis(coding.scores, order, axis=1).astype(np.float64)
    keep = ranked_scores >= coding.threshold
    keep[:, :1] = True
    # Only the columns some row keeps are turned into Python lists (cheap on 1M rows).
    width = int(keep.sum(axis=1).max()) if n else 0
    order, ranked_scores, keep = order[:, :width], ranked_scores[:, :width], keep[:, :width]
    out: list[ContributionResult] = []
    for i, (ks, ss, kp) in enumerate(
        zip(order.tolist(), ranked_scores.tolist(), keep.tolist(), strict=True)
    ):
        best = int(coding.best[i])
        out.append(
            {
                "id": data.ids[i],
                "theme": theme_ids[best] if best >= 0 else None,
                "themes": [
                    {"theme": theme_ids[k], "score": round(s, 4)}
                    for k, s, kept in zip(ks, ss, kp, strict=True)
                    if kept
                ]
                if best >= 0
                else [],
                "kind": kinds.kinds[i],
                "kind_source": "given" if i in kinds.given else "predicted",
                "cluster": int(clusters[i]),
            }
        )
    if n == len(data.rows_in):
        return out
    # Every input row has its object, in input order; an empty one has no theme,
    # no cluster, and only the kind it was given.
    analysed = iter(out)
    kept_rows = set(data.kept)
    everything: list[ContributionResult] = []
    for i, r in enumerate(data.rows_in):
        if i in kept_rows:
            everything.append(next(analysed))
            continue
        kind = known_kind(r.get("kind"))
        everything.append(
            {
                "id": data.all_ids[i],
                "theme": None,
                "themes": [],
                "kind": kind,
                "kind_source": "given" if kind else None,
                "cluster": None,
                "empty": True,
            }
        )
    return everything


def assemble_run(
    settings: dict[str, Any],
    embedder: str,
    embedded: int,
    data: RunInput,
    vectors: Vectors,
    coding: CodingResult,
    kinds: Kinds,
    clusters: np.ndarray,
    demographics: list[str],
    by_llm: bool,
) -> RunInfo:
    """What ran (`settings` as they ran), on what, and the counts; `seconds` is 0 here, for
    the caller to set when the run is done."""
    examples = data.given_examples
    return {
        "version": __version__,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": 0.0,
        "embedder": embedder,
        "seed": int(settings["seed"]),
        "input_sha256": records_sha256(data.rows_in),
        "codebook_sha256": data.codebook.sha256(),
        "settings": cast(
            RunSettings,
            {
                **settings,
                "language": data.language,
                "demographics": demographics,
                "examples_sha256": records_sha256([dict(e) for e in examples])
                if examples
                else None,
                "examples": len(data.examples) + vectors.theme_examples,
                "accepted_labels": len(data.labelled),
                "corrected_kinds": len(data.corrected_kinds),
                "llm_summary": bool(by_llm),
                "theme_threshold": _round(coding.threshold),
            },
        ),
        "counts": {
            "contributions": len(data.rows_in),
            "empty": len(data.rows_in) - data.n,
            "embedded": embedded,
            "clusters": int(clusters.max()) + 1 if data.n else 0,
            "without_theme": int((coding.best < 0).sum()),
            "kinds_given": len(kinds.given),
        },
        # Kind values not recognised (the kind was predicted instead), with their count.
        "kinds_not_recognised": dict(sorted(kinds.unrecognised.items())),
    }


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
