"""Picking quotes: the few contributions that represent a group best and differ from each other.

Maximal marginal relevance (MMR): each next quote is the one closest to the group's centre
minus its closeness to quotes already picked. Verbatim quotes with a role label and
quotation consent get a bonus, and quotes that are too short or too long a penalty, so an
analyst gets quotable sentences, not fragments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .text import TRUE_WORDS

# A consent column may also say what it records.
CONSENT_WORDS = TRUE_WORDS | {"consent", "toestemming"}


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in CONSENT_WORDS


def may_quote(record: Mapping[str, Any]) -> bool:
    """False when the record has a consent column (`quote_consent`, else `consent`) that does
    not say yes: refused or not given, such a text is never quoted, nor summarised in its
    own words."""
    for field in ("quote_consent", "consent"):
        if field in record:
            return _truthy(record[field])
    return True


def is_paraphrase(record: Mapping[str, Any]) -> bool:
    """True when the record says it is not verbatim (its `verbatim` column says no): someone's
    summary of what was said, which a report must not put in quotation marks."""
    return "verbatim" in record and not _truthy(record["verbatim"])


def quote_bonus(record: Mapping[str, Any]) -> float:
    """Preference for quotable records: role, consent, verbatim, and a readable length.

    Where a consent column exists, a record without consent is never quoted (-inf).
    """
    if not may_quote(record):
        return float("-inf")
    bonus = 0.0
    if str(record.get("role") or "").strip():
        bonus += 0.03
    if "quote_consent" in record or "consent" in record:
        bonus += 0.05
    if "verbatim" in record and _truthy(record["verbatim"]):
        bonus += 0.03
    words = len(str(record.get("text", "")).split())
    if words < 5:
        bonus -= 0.1
    elif words > 80:
        bonus -= 0.05
    return bonus


class QuotePicker:
    """MMR quote selection. `diversity` 0 = only representativeness, 1 = only novelty."""

    def __init__(self, n_quotes: int = 5, diversity: float = 0.3, pool: int = 200) -> None:
        self.n_quotes = n_quotes
        self.diversity = diversity
        self.pool = pool

    def pick(
        self,
        rows: np.ndarray,
        dense: np.ndarray,
        records: Sequence[Mapping[str, Any]],
        centre: np.ndarray | None = None,
    ) -> list[int]:
        """Row indices of the chosen quotes among `rows`, best first."""
        if len(rows) == 0:
            return []
        vectors = dense[rows]
        if centre is None:
            centre = vectors.mean(axis=0)
        centre = centre / max(float(np.linalg.norm(centre)), 1e-9)
        centrality = vectors @ centre
        # Only the most central candidates compete (the bonus is at most a few hundredths,
        # so a wider first cut loses nothing): keeps MMR cheap on huge clusters.
        first_cut = np.lexsort((rows, -centrality))[: 2 * self.pool]
        relevance = np.full(len(rows), -np.inf)
        relevance[first_cut] = centrality[first_cut] + np.array(
            [quote_bonus(records[rows[c]]) for c in first_cut]
        )
        candidates = np.lexsort((rows, -relevance))[: min(self.pool, len(first_cut))]
        candidates = candidates[np.isfinite(relevance[candidates])]
        chosen: list[int] = []
        seen_texts: set[str] = set()
        while len(chosen) < min(self.n_quotes, len(candidates)):
            best, best_score = -1, -np.inf
            for c in candidates:
                if c in chosen:
                    continue
                redundancy = max((float(vectors[c] @ vectors[p]) for p in chosen), default=0.0)
                score = (1 - self.diversity) * relevance[c] - self.diversity * redundancy
                if score > best_score:
                    best, best_score = int(c), score
            if best < 0:
                break
            chosen.append(best)
            text = " ".join(str(records[rows[best]].get("text", "")).lower().split())
            if text in seen_texts:
                chosen.pop()
                candidates = candidates[candidates != best]
                continue
            seen_texts.add(text)
        return [int(rows[c]) for c in chosen]
