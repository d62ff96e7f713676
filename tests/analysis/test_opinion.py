"""Opinion groups from votes, and agreement with the groups Polis itself exported."""

from __future__ import annotations

import numpy as np

from oogst.analysis.opinion import agreement_with_polis, opinion_groups
from oogst.analysis.polis import read_vote_matrix

from .conftest import require_polis


def planted_votes(seed: int = 0) -> np.ndarray:
    """Two camps of 40 that vote opposite on statements 0-9 and alike on 10-11."""
    rng = np.random.default_rng(seed)
    votes = np.empty((80, 12))
    camp = np.repeat([1, -1], 40)
    votes[:, :10] = camp[:, None] * np.where(rng.random((80, 10)) < 0.9, 1, -1)
    votes[:, 10:] = 1
    votes[rng.random(votes.shape) < 0.2] = np.nan  # unseen
    votes[:, 10:] = np.where(np.isnan(votes[:, 10:]), 1, votes[:, 10:])
    return votes


def test_planted_groups_are_found_with_consensus_and_division():
    groups = opinion_groups(planted_votes(), statements=[f"s{j}" for j in range(12)])
    assert groups.k == 2
    truth = [str(c) for c in np.repeat([0, 1], 40)]
    assert agreement_with_polis(groups, truth) > 0.9
    assert {c["statement"] for c in groups.consensus} >= {"s10", "s11"}
    assert groups.divisive and all(d["statement"] not in ("s10", "s11") for d in groups.divisive)
    assert set(groups.to_dict()) == {"k", "groups", "consensus", "divisive"}


def test_participants_with_too_few_votes_are_not_grouped():
    votes = planted_votes()
    votes[0, 2:] = np.nan
    groups = opinion_groups(votes)
    assert groups.labels[0] == -1


def test_agreement_with_polis_on_a_real_conversation():
    polis = require_polis()
    votes = read_vote_matrix(polis / "15-per-hour-seattle")
    groups = opinion_groups(votes.votes, statements=votes.comments)
    # Measured 0.91; a floor well below it still catches a broken method.
    assert agreement_with_polis(groups, votes.polis_groups) >= 0.7
