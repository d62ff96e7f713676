"""Agreement between raters, on Krippendorff's own published example and on edge cases."""

import math

import pytest

from oogst.reporting.agreement import Rating, agreement, alpha, spread

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for
# Communication, University of Pennsylvania, section C: four observers, twelve units, with
# missing values. His published alphas: nominal .743, ordinal .815, interval .849, ratio .797.
N = None
PUBLISHED = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorffs_published_example(level, expected):
    result = alpha(PUBLISHED, level)
    assert result.value == expected
    assert result.raters == 4 and result.items == 11  # unit 12 has one value: not pairable


def test_readings():
    assert alpha(PUBLISHED, "ordinal").reading == "reliable"
    assert alpha(PUBLISHED, "nominal").reading == "tentative"


def test_perfect_agreement_with_variation_is_one():
    assert alpha([[1, 3, 5], [1, 3, 5]]).value == 1.0


def test_opposite_raters_disagree_beyond_chance():
    assert alpha([[1, 5, 1, 5], [5, 1, 5, 1]]).value < 0


def test_no_variation_cannot_be_computed():
    result = alpha([[3, 3], [3, 3]])
    assert result.value is None and result.reason == "no_variation"


def test_one_rater_cannot_be_compared():
    result = alpha([[1, 2, 3]])
    assert result.value is None and result.reason == "too_few_pairs"
    assert alpha([[1, N], [N, 2]]).reason == "too_few_pairs"


def test_spread():
    s = spread([1, 2, 4])
    assert (s.n, s.low, s.high, s.range, s.median) == (3, 1, 4, 3, 2)
    assert s.mean == 2.33 and math.isclose(s.sd, 1.25)


def test_agreement_over_ratings_with_a_missing_score():
    ratings = [
        Rating("a", "r1", 5, 5),
        Rating("a", "r2", 4, 5),
        Rating("b", "r1", 1, 2),
        Rating("b", "r2", 2, 1),
        Rating("c", "r1", 3, 4),  # r2 did not score c
    ]
    result = agreement(ratings)
    assert result.axes["desirability"].items == 2
    assert result.axes["desirability"].value > 0.5
    assert result.items["c"]["permanence"].n == 1
    assert result.items["a"]["desirability"].range == 1
    assert result.to_dict()["axes"]["permanence"]["reading"] in {"reliable", "tentative", "low"}
