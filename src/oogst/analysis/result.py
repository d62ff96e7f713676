"""What `analysis.json` holds, in one place: the typed shape of an analysis run's result.

`AnalysisResult.to_dict()` is exactly the JSON on disk (`AnalysisDict`). Every reader of a
run's result (the report, `oogst evaluate`, the web app) can name these types, so that mypy
checks the keys it reads against what the pipeline writes.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, NotRequired, TypedDict


class ThemeScore(TypedDict):
    """One theme of a contribution and its score (0..1; a contribution's scores sum to 1)."""

    theme: str
    score: float


class ContributionResult(TypedDict):
    """One input row, in input order."""

    id: str
    theme: str | None  # the best theme, or None: no theme fits ("none of these"), or empty
    themes: list[ThemeScore]  # best first; those at or above the run's theme threshold
    kind: str | None  # knel, kiem, idee, vraag, overig
    kind_source: Literal["given", "predicted"] | None
    cluster: int | None  # the finding it belongs to; None for an empty text
    empty: NotRequired[bool]  # only on rows without words (not coded, not clustered)


class ClusterResult(TypedDict):
    """A finding: contributions that say alike things, with its label and quotes."""

    id: int  # 0 is the largest
    label: str  # a 2-5 word phrase from its own texts (see oogst.analysis.labels)
    sentence: str  # the sentence of its texts that holds the label ("" if none may be quoted)
    sentence_source: str | None  # the contribution that sentence comes from
    description: str  # "<top theme's name>: <first sentence of its first quote>"
    keywords: list[str]
    size: int
    quotes: list[str]  # contribution ids, best first
    themes: dict[str, float]  # theme id -> share of the finding's members, largest first
    top_theme: str | None  # the theme most of its members have
    top_theme_share: float  # their share: 1.0 is one theme, lower is a mixed finding


class ThemeResult(TypedDict):
    """A theme of the codebook, with what the run found for it."""

    id: str
    name: str
    count: int
    share: float
    quotes: list[str]
    summary: str
    summary_sources: list[str]  # the contributions the summary's sentences come from


class EmergingTopic(TypedDict):
    """A finding that fits no theme of the codebook well: a candidate new theme."""

    cluster: int
    name: str
    keywords: list[str]
    size: int
    fit: float
    share_without_theme: float


class FewContributions(TypedDict):
    """A blind spot: a theme with few contributions."""

    type: Literal["few_contributions"]
    theme: str
    count: int
    expected_even_share: float


class UnderRepresented(TypedDict):
    """A blind spot: a group under-represented within a theme."""

    type: Literal["under_represented"]
    theme: str
    column: str
    group: str
    count: int
    expected: float
    share_in_theme: float
    share_overall: float


BlindSpot = FewContributions | UnderRepresented


class RunSettings(TypedDict):
    """The `Settings` of the run as they ran, and what was decided from the data."""

    embedder: str
    seed: int
    n_clusters: int | str | None
    language: str
    n_quotes: int
    demographics: list[str]
    llm_summary: bool
    n_suggestions: int
    examples_sha256: str | None  # of the examples as given, so a run can be repeated
    examples: int  # examples beside the contributions (the codebook's own included)
    accepted_labels: int  # contributions whose theme the analyst gave (labels, examples)
    corrected_kinds: int  # contributions whose kind an example corrected
    theme_threshold: float
    redacted: NotRequired[bool]  # set by `oogst analyse`


class RunCounts(TypedDict):
    contributions: int
    empty: int
    embedded: int
    clusters: int
    without_theme: int
    kinds_given: int


class RunInfo(TypedDict):
    """What ran, on what, and how it went."""

    version: str
    created_at: str
    seconds: float
    embedder: str
    seed: int
    input_sha256: str
    codebook_sha256: str
    settings: RunSettings
    counts: RunCounts
    kinds_not_recognised: dict[str, int]  # kind values not recognised -> how often


class AnalysisDict(TypedDict):
    """analysis.json."""

    run: RunInfo
    contributions: list[ContributionResult]
    clusters: list[ClusterResult]
    themes: list[ThemeResult]
    emerging: list[EmergingTopic]
    blind_spots: list[BlindSpot]
    label_next: list[str]  # contribution ids whose label would teach the coder most
    # Added by the web app for imported Polis conversations (oogst.analyses).
    opinion: NotRequired[list[dict[str, Any]]]


@dataclass
class AnalysisResult:
    """Everything a run found; `to_dict()` is exactly what analysis.json holds."""

    run: RunInfo
    contributions: list[ContributionResult]
    clusters: list[ClusterResult]
    themes: list[ThemeResult]
    emerging: list[EmergingTopic]
    blind_spots: list[BlindSpot]
    label_next: list[str] = field(default_factory=list)

    def to_dict(self) -> AnalysisDict:
        return AnalysisDict(**asdict(self))  # type: ignore[typeddict-item]

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, sort_keys=False)
