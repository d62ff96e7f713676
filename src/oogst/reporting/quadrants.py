"""The afwegingskader's two axes and four quadrants: where a change lands, given its scores.

Both axes are 5-point scales. Desirability runs from 1 (very undesired) to 5 (very desired),
permanence from 1 (clearly temporary) to 5 (clearly lasting); 3 is the middle of each. A
change lands in a quadrant by the mean of its raters' scores; a mean exactly on the middle
of an axis lands on the line between two quadrants, and is reported as such rather than
pushed to one side.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from statistics import mean
from typing import Any

LOW, HIGH = 1, 5
MIDDLE = 3


class Quadrant(StrEnum):
    KEEP = "keep_and_strengthen"  # desired and lasting: behouden en versterken
    PREVENT = "prevent_lasting"  # undesired and lasting: voorkomen dat het blijft
    LET_GO = "let_go"  # desired but temporary: loslaten
    SUPPORT = "support_for_now"  # undesired and temporary: tijdelijk ondersteunen


# The order in which the products list the quadrants, and their corner on the plot.
ORDER = [Quadrant.KEEP, Quadrant.PREVENT, Quadrant.LET_GO, Quadrant.SUPPORT]


def check_score(value: float, axis: str) -> None:
    if not LOW <= value <= HIGH:
        raise ValueError(f"{axis} must lie between {LOW} and {HIGH}, not {value!r}")


@dataclass(frozen=True)
class Placement:
    desirability: float
    permanence: float
    quadrant: Quadrant | None  # None: on the line between quadrants
    on_line: tuple[str, ...] = ()  # the axes whose middle the change sits on

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["quadrant"] = self.quadrant.value if self.quadrant else None
        data["on_line"] = list(self.on_line)
        return data


def place(desirability: float, permanence: float) -> Placement:
    """The quadrant of a change with these (mean) scores."""
    check_score(desirability, "desirability")
    check_score(permanence, "permanence")
    on_line = tuple(
        axis
        for axis, value in (("desirability", desirability), ("permanence", permanence))
        if value == MIDDLE
    )
    quadrant = None
    if not on_line:
        desired, lasting = desirability > MIDDLE, permanence > MIDDLE
        quadrant = {
            (True, True): Quadrant.KEEP,
            (False, True): Quadrant.PREVENT,
            (True, False): Quadrant.LET_GO,
            (False, False): Quadrant.SUPPORT,
        }[(desired, lasting)]
    return Placement(round(desirability, 2), round(permanence, 2), quadrant, on_line)


def place_scores(scores: list[tuple[float, float]]) -> Placement:
    """The placement of one change from its raters' (desirability, permanence) pairs."""
    if not scores:
        raise ValueError("a change needs at least one score to be placed")
    return place(mean(d for d, _ in scores), mean(p for _, p in scores))
