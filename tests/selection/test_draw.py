"""The draw as a library: the same seed gives the same selection, every group ends within its
bounds, an audit file runs again to the same result, and an impossible draw says why."""

from __future__ import annotations

import pytest

from oogst.selection import draw as lottery
from oogst.selection.population import load_population_shares
from oogst.selection.synthetic import generate_applicants


def pool_and_bounds(n=60, seats=8, features=("gender", "education"), tolerance=0.2):
    pool = list(generate_applicants(n, seed=3))
    shares = {k: v for k, v in load_population_shares().items() if k in features}
    values = {f: {row[f] for row in pool} for f in lottery.FEATURES}
    return pool, lottery.bounds_from_shares(shares, seats, tolerance, values), seats


@pytest.mark.parametrize("algorithm", ["maximin", "legacy"])
def test_the_same_seed_gives_the_same_selection_and_every_quota_holds(algorithm):
    pool, bounds, seats = pool_and_bounds()
    first = lottery.draw(pool, bounds, seats, seed=11, algorithm=algorithm, estimate_runs=20)
    again = lottery.draw(pool, bounds, seats, seed=11, algorithm=algorithm, estimate_runs=20)
    other = lottery.draw(pool, bounds, seats, seed=12, algorithm=algorithm, estimate_runs=20)
    assert first.selected == again.selected
    assert len(first.selected) == seats
    assert first.selected != other.selected  # the seed matters
    assert first.all_within and other.all_within
    for group in first.fit:
        assert group.min <= group.drawn <= group.max, group
    assert first.algorithm == algorithm and first.seed == 11


def test_maximin_probabilities_are_exact_and_add_up_to_the_seats():
    pool, bounds, seats = pool_and_bounds()
    result = lottery.draw(pool, bounds, seats, seed=5, algorithm="maximin")
    assert result.probability_method == "exact"
    assert sum(result.probabilities.values()) == pytest.approx(seats, abs=1e-3)
    spread = result.probability_spread()
    assert 0 < spread["min"] <= spread["median"] <= spread["max"] <= 1


def test_a_draw_runs_again_from_its_audit_file_to_the_same_result():
    pool, bounds, seats = pool_and_bounds()
    result = lottery.draw(pool, bounds, seats, seed=21, algorithm="maximin")
    document = lottery.audit(pool, bounds, result, programme="test")
    assert document["seed"] == 21 and document["algorithm"] == "maximin"
    assert "email" not in document["pool"][0]  # only the answers the draw used
    replayed, same = lottery.replay(document)
    assert same and replayed.selected == result.selected
    # Another recorded outcome than the draw gives is caught.
    document["result"]["selected"] = document["result"]["selected"][1:] + [pool[-1]["id"]]
    assert lottery.replay(document)[1] is False


def test_leximin_without_gurobi_says_it_drew_with_maximin():
    from sortition_algorithms.committee_generation import GUROBI_AVAILABLE

    pool, bounds, seats = pool_and_bounds()
    result = lottery.draw(pool, bounds, seats, seed=3, algorithm="leximin")
    assert result.requested_algorithm == "leximin"
    if not GUROBI_AVAILABLE:
        assert result.algorithm == "maximin"
        assert "Gurobi" in result.messages[0]


def test_an_impossible_draw_names_the_group_and_draws_nothing():
    pool, bounds, seats = pool_and_bounds()
    bounds = [*bounds, lottery.Bound("gender", "woman", 7, 8)]
    pool = [row for row in pool if row["gender"] != "woman"][:30]
    with pytest.raises(lottery.DrawError, match="gender = woman"):
        lottery.draw(pool, bounds, seats, seed=1)
    with pytest.raises(lottery.DrawError, match="plaatsen"):
        lottery.draw(pool[:3], [], 5, seed=1)


def test_bounds_follow_the_shares_with_the_tolerance_and_leave_unknowns_open():
    bounds = lottery.bounds_from_shares(
        {"education": {"low": 25.0, "middle": 40.0, "high": 35.0}},
        20,
        0.1,
        {"education": {"low", "high", "unknown"}},
    )
    by_value = {b.value: b for b in bounds}
    assert (by_value["low"].min, by_value["low"].max) == (4, 6)  # 5 ± 10 %, rounded outwards
    assert (by_value["middle"].min, by_value["middle"].max) == (7, 9)
    assert (by_value["unknown"].min, by_value["unknown"].max) == (0, 20)
