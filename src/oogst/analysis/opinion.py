"""Opinion groups from votes, as Polis finds them: PCA of the vote matrix, then k-means.

Like Polis: only participants with enough votes are grouped, unseen votes are filled with
the statement's mean vote, the matrix is projected on two principal components, and k (2 to
5 unless chosen) is the one with the best silhouette. Then, per statement: consensus (every
group mostly agrees, or every group mostly disagrees) and division (groups disagree).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score, silhouette_score


@dataclass
class OpinionGroups:
    """Groups per participant (-1: too few votes), and statements that unite or divide."""

    labels: np.ndarray
    k: int
    consensus: list[dict[str, Any]] = field(default_factory=list)
    divisive: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self, participants: list[str] | None = None) -> dict[str, Any]:
        ids = participants or [str(i) for i in range(len(self.labels))]
        return {
            "k": self.k,
            "groups": {
                p: (int(g) if g >= 0 else None) for p, g in zip(ids, self.labels, strict=True)
            },
            "consensus": self.consensus,
            "divisive": self.divisive,
        }


def opinion_groups(
    votes: np.ndarray,
    k: int | None = None,
    statements: list[str] | None = None,
    min_votes: int = 7,
    seed: int = 0,
    top: int = 5,
) -> OpinionGroups:
    """Find opinion groups in a participants x statements matrix (1, -1, 0, NaN = unseen)."""
    votes = np.asarray(votes, dtype=np.float64)
    n_participants, n_statements = votes.shape
    labels = np.full(n_participants, -1, dtype=np.int64)
    seen = ~np.isnan(votes)
    active = np.nonzero(seen.sum(axis=1) >= min(min_votes, max(1, n_statements)))[0]
    statements = statements or [str(j) for j in range(n_statements)]
    if len(active) < 4 or n_statements < 2:
        return OpinionGroups(labels=labels, k=0)
    matrix = votes[active]
    counted = seen[active].sum(axis=0)
    column_mean = np.where(np.isnan(matrix), 0.0, matrix).sum(axis=0) / np.maximum(counted, 1)
    matrix = np.where(np.isnan(matrix), column_mean, matrix)
    projected = PCA(n_components=2, random_state=seed).fit_transform(matrix)
    candidates = [k] if k else list(range(2, min(5, len(active) - 1) + 1))
    best_labels, best_k, best_score = None, 0, -np.inf
    for candidate in candidates:
        found = KMeans(n_clusters=candidate, random_state=seed, n_init=10).fit_predict(projected)
        if len(set(found)) < 2:
            continue
        score = silhouette_score(projected, found) if not k else 0.0
        if score > best_score + 1e-9:
            best_labels, best_k, best_score = found, candidate, score
    if best_labels is None:
        return OpinionGroups(labels=labels, k=0)
    labels[active] = best_labels

    # Agreement per group and statement, over the votes actually cast.
    agree = np.zeros((best_k, n_statements))
    disagree = np.zeros((best_k, n_statements))
    cast = np.zeros((best_k, n_statements))
    raw = votes[active]
    for g in range(best_k):
        members = raw[best_labels == g]
        cast[g] = (~np.isnan(members)).sum(axis=0)
        agree[g] = (members == 1).sum(axis=0)
        disagree[g] = (members == -1).sum(axis=0)
    # Laplace smoothing as Polis does, so two votes are not a 100% consensus.
    agree_rate = (agree + 1) / (cast + 2)
    disagree_rate = (disagree + 1) / (cast + 2)
    enough = (cast >= 3).all(axis=0)
    consensus: list[dict[str, Any]] = []
    divisive: list[dict[str, Any]] = []
    for j in np.nonzero(enough)[0]:
        low_agree = float(agree_rate[:, j].min())
        low_disagree = float(disagree_rate[:, j].min())
        spread = float(agree_rate[:, j].max() - agree_rate[:, j].min())
        entry: dict[str, Any] = {
            "statement": statements[j],
            "agree": [round(float(a), 3) for a in agree_rate[:, j]],
            "disagree": [round(float(d), 3) for d in disagree_rate[:, j]],
        }
        if low_agree >= 0.6:
            consensus.append({**entry, "direction": "agree", "strength": round(low_agree, 3)})
        elif low_disagree >= 0.6:
            consensus.append({**entry, "direction": "disagree", "strength": round(low_disagree, 3)})
        divisive.append({**entry, "spread": round(spread, 3)})
    consensus.sort(key=lambda e: (-e["strength"], e["statement"]))
    divisive.sort(key=lambda e: (-e["spread"], e["statement"]))
    return OpinionGroups(
        labels=labels,
        k=best_k,
        consensus=consensus[:top],
        divisive=[d for d in divisive if d["spread"] >= 0.3][:top],
    )


def agreement_with_polis(groups: OpinionGroups, polis_groups: list[str]) -> float:
    """Adjusted Rand index between our groups and Polis's group-id, over participants both
    grouped."""
    ours, theirs = [], []
    for label, polis in zip(groups.labels, polis_groups, strict=True):
        if label >= 0 and polis.strip() not in ("", "nan"):
            ours.append(int(label))
            theirs.append(polis.strip())
    if len(ours) < 2:
        return float("nan")
    return float(adjusted_rand_score(theirs, ours))
