"""Emerging topics and blind spots (witte vlekken).

* Emerging: clusters that fit no theme of the codebook well — candidate new themes, with
  a proposed name and keywords.
* Blind spots: themes that got few contributions, and, when demographic columns are given,
  groups that are under-represented in a theme compared with the whole dialogue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .result import BlindSpot, EmergingTopic

DEMOGRAPHIC_COLUMNS = (
    "age_group",
    "age",
    "leeftijd",
    "leeftijdsgroep",
    "gender",
    "geslacht",
    "region",
    "regio",
    "provincie",
    "province",
    "education",
    "opleiding",
    "opleidingsniveau",
    "municipality",
    "gemeente",
)


def emerging_topics(
    labels: np.ndarray,
    fit: np.ndarray,
    best_theme: np.ndarray,
    keywords: Sequence[Sequence[str]],
    reference_gap: np.ndarray | None = None,
    min_size: int = 5,
    fit_gap: float = 0.75,
    none_share: float = 0.5,
) -> list[EmergingTopic]:
    """Clusters whose members, on average, fit the codebook poorly or mostly got no theme.

    `fit` is each contribution's (z-scored) similarity to its best theme. A cluster whose
    mean fit lies `fit_gap` standard deviations below the median contribution's fit is
    clearly less about any theme than the dialogue is: a candidate new theme. So is a
    cluster of which at least `none_share` got no theme, or lies nearer to a subject
    outside the codebook than to any theme (`reference_gap` < 0, see the coder): z-scores
    only compare contributions with each other, and miss a subject the whole codebook lacks.
    """
    found: list[EmergingTopic] = []
    if len(fit) == 0:
        return found
    fit_below = float(np.median(fit)) - fit_gap
    for c in range(int(labels.max()) + 1 if len(labels) else 0):
        members = labels == c
        size = int(members.sum())
        if size < min_size:
            continue
        mean_fit = float(fit[members].mean())
        outside = best_theme[members] < 0
        if reference_gap is not None:
            outside |= reference_gap[members] < 0
        share_none = float(outside.mean())
        if mean_fit < fit_below or share_none >= none_share:
            words = list(keywords[c])[:5]
            found.append(
                {
                    "cluster": c,
                    "name": " / ".join(words[:3]) if words else f"cluster {c}",
                    "keywords": words,
                    "size": size,
                    "fit": round(mean_fit, 3),
                    "share_without_theme": round(share_none, 3),
                }
            )
    found.sort(key=lambda e: (e["fit"], e["cluster"]))
    return found


def demographic_columns(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """The demographic columns present in the records (by their conventional names)."""
    if not records:
        return []
    present: set[str] = set()
    for record in records[:1000]:
        present.update(k for k, v in record.items() if v not in (None, ""))
    return [c for c in DEMOGRAPHIC_COLUMNS if c in present]


def blind_spots(
    theme_ids: Sequence[str],
    best_theme: np.ndarray,
    records: Sequence[Mapping[str, Any]],
    columns: Sequence[str] | None = None,
    few_share: float = 0.25,
    under_ratio: float = 0.5,
    min_expected: float = 5.0,
) -> list[BlindSpot]:
    """Themes with few contributions, and groups under-represented within a theme.

    A theme has "few" contributions when it gets less than `few_share` of an even share.
    A group is under-represented in a theme when its share there is below `under_ratio`
    times its share overall, and at least `min_expected` contributions would be expected.
    """
    n, n_themes = len(best_theme), len(theme_ids)
    spots: list[BlindSpot] = []
    counts = np.bincount(best_theme[best_theme >= 0], minlength=n_themes) if n else np.zeros(0)
    even = n / max(n_themes, 1)
    for k, theme in enumerate(theme_ids):
        if n and counts[k] < few_share * even:
            spots.append(
                {
                    "type": "few_contributions",
                    "theme": theme,
                    "count": int(counts[k]),
                    "expected_even_share": round(even, 1),
                }
            )
    columns = list(columns) if columns is not None else demographic_columns(records)
    themes_of_rows = best_theme.tolist()
    for column in columns:
        values = [str(r.get(column) or "").strip() for r in records]
        overall = Counter(v for v in values if v)
        total = sum(overall.values())
        if total == 0 or len(overall) < 2:
            continue
        # One pass over the rows per column: (theme, group) -> count.
        pairs = Counter(zip(themes_of_rows, values, strict=True))
        for k, theme in enumerate(theme_ids):
            in_theme = {group: pairs[(k, group)] for group in overall if pairs[(k, group)]}
            theme_total = sum(in_theme.values())
            if theme_total == 0:
                continue
            for group in sorted(overall):
                share_overall = overall[group] / total
                expected = share_overall * theme_total
                share_theme = in_theme.get(group, 0) / theme_total
                if expected >= min_expected and share_theme < under_ratio * share_overall:
                    spots.append(
                        {
                            "type": "under_represented",
                            "theme": theme,
                            "column": column,
                            "group": group,
                            "count": int(in_theme.get(group, 0)),
                            "expected": round(expected, 1),
                            "share_in_theme": round(share_theme, 3),
                            "share_overall": round(share_overall, 3),
                        }
                    )
    return spots
