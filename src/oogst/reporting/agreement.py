"""How far the afwegingskader's raters agree: Krippendorff's alpha per axis, computed by the
maintained `krippendorff` package, and the spread of the scores per item.

Alpha compares the disagreement observed with the disagreement expected by chance; it
allows missing scores (not every rater scores every item) and any number of raters. The
scales are ordered (1 to 5), so the default level of measurement is ordinal. Krippendorff
(2004, *Content Analysis*, 2nd ed., p. 241) reads alpha >= .800 as reliable and
.667 <= alpha < .800 as fit only for tentative conclusions.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass
from statistics import mean, median, pstdev
from typing import Any, Literal

Level = Literal["nominal", "ordinal", "interval", "ratio"]

AXES = ("desirability", "permanence")


@dataclass(frozen=True)
class Alpha:
    value: float | None  # None when it cannot be computed; `reason` says why
    level: str
    raters: int
    items: int  # items scored by at least two raters: the ones alpha can compare
    reason: str = ""  # "too_few_pairs", "no_variation"

    @property
    def reading(self) -> str:
        """Krippendorff's own reading of the value: reliable, tentative or low."""
        if self.value is None:
            return "unknown"
        if self.value >= 0.8:
            return "reliable"
        if self.value >= 0.667:
            return "tentative"
        return "low"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "reading": self.reading}


def alpha(table: Sequence[Sequence[float | None]], level: Level = "ordinal") -> Alpha:
    """Krippendorff's alpha of a raters x items table (None or NaN: not scored)."""
    import krippendorff
    import numpy as np

    data = np.array(
        [[np.nan if v is None else float(v) for v in row] for row in table], dtype=float
    )
    raters = int(data.shape[0]) if data.size else 0
    scored = (~np.isnan(data)).sum(axis=0) if data.size else np.zeros(0)
    pairable = int((scored >= 2).sum())
    if raters < 2 or pairable == 0:
        return Alpha(None, level, raters, pairable, "too_few_pairs")
    values = data[:, scored >= 2]
    if len(np.unique(values[~np.isnan(values)])) < 2:
        # Everyone gave every item the same score: no disagreement, but nothing to compare
        # it with either (alpha is 0/0).
        return Alpha(None, level, raters, pairable, "no_variation")
    value = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
    if value is None or math.isnan(value):
        return Alpha(None, level, raters, pairable, "no_variation")
    return Alpha(round(float(value), 3), level, raters, pairable)


@dataclass(frozen=True)
class Spread:
    n: int
    mean: float
    median: float
    low: float
    high: float
    range: float
    sd: float  # population standard deviation of the raters' scores

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def spread(values: Sequence[float]) -> Spread:
    if not values:
        raise ValueError("no scores to describe")
    return Spread(
        n=len(values),
        mean=round(mean(values), 2),
        median=float(median(values)),
        low=float(min(values)),
        high=float(max(values)),
        range=float(max(values) - min(values)),
        sd=round(pstdev(values), 2),
    )


@dataclass(frozen=True)
class Rating:
    item: Hashable
    rater: Hashable
    desirability: int
    permanence: int


@dataclass
class Agreement:
    axes: dict[str, Alpha]
    items: dict[Hashable, dict[str, Spread]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "axes": {axis: a.to_dict() for axis, a in self.axes.items()},
            "items": {
                str(item): {axis: s.to_dict() for axis, s in spreads.items()}
                for item, spreads in self.items.items()
            },
        }


def agreement(ratings: Sequence[Rating], level: Level = "ordinal") -> Agreement:
    """Alpha per axis over all items, and the spread per item and axis."""
    items = sorted({r.item for r in ratings}, key=str)
    raters = sorted({r.rater for r in ratings}, key=str)
    by_cell = {(r.rater, r.item): r for r in ratings}
    axes = {}
    for axis in AXES:
        table = [
            [
                getattr(by_cell[(rater, item)], axis) if (rater, item) in by_cell else None
                for item in items
            ]
            for rater in raters
        ]
        axes[axis] = alpha(table, level)
    spreads = {
        item: {axis: spread([getattr(r, axis) for r in ratings if r.item == item]) for axis in AXES}
        for item in items
    }
    return Agreement(axes, spreads)
