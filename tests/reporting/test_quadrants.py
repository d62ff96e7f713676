"""Where a change lands in the afwegingskader."""

import pytest

from oogst.reporting.quadrants import Quadrant, place, place_scores


@pytest.mark.parametrize(
    ("desirability", "permanence", "quadrant"),
    [
        (5, 5, Quadrant.KEEP),
        (4, 3.5, Quadrant.KEEP),
        (1, 5, Quadrant.PREVENT),
        (2.9, 4, Quadrant.PREVENT),
        (5, 1, Quadrant.LET_GO),
        (3.1, 2.9, Quadrant.LET_GO),
        (1, 1, Quadrant.SUPPORT),
        (2, 2.5, Quadrant.SUPPORT),
    ],
)
def test_each_quadrant(desirability, permanence, quadrant):
    assert place(desirability, permanence).quadrant == quadrant


def test_the_middle_of_an_axis_is_on_the_line():
    placed = place(3, 4)
    assert placed.quadrant is None and placed.on_line == ("desirability",)
    assert place(3, 3).on_line == ("desirability", "permanence")


def test_the_mean_of_the_raters_decides():
    # One rater finds it desired, two find it undesired: the mean (2.33) is undesired.
    placed = place_scores([(5, 4), (1, 4), (1, 5)])
    assert placed.quadrant == Quadrant.PREVENT
    assert placed.desirability == 2.33 and placed.permanence == 4.33


@pytest.mark.parametrize(("d", "p"), [(0, 3), (6, 3), (3, 0.5)])
def test_scores_outside_the_scale_are_refused(d, p):
    with pytest.raises(ValueError, match="between 1 and 5"):
        place(d, p)


def test_no_scores_no_placement():
    with pytest.raises(ValueError):
        place_scores([])
