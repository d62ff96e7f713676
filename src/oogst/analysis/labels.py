"""Naming a finding in words people say: a short phrase from its own texts, and the sentence
that carries it.

A label is 2-5 words that occur together in the finding's own contributions (so it is in
their language): it starts and ends with a content word (no stop word, no word of the table
report such as "deelnemers vertellen"), and holds no number and no redaction marker; a
function word inside it is kept ("huur te hoog"). Among the phrases several contributions
share, the one whose words are most typical of this finding against the others wins
(class-based TF-IDF of its stems, as the keywords), a little more for a phrase more
contributions use. Its sentence is the one that holds the phrase in the most central
contribution that uses it. Only contributions that may be quoted give a label or a sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from .cluster import class_tfidf
from .quotes import may_quote
from .text import MARKER_RE, REPORTING_WORDS, TOKEN_RE, Analyzer, first_sentence

# Where a phrase may not run across: the ends of sentences and clauses, brackets, quotes.
CLAUSE_RE = re.compile(r"[.,;:!?()\[\]{}\"“”„«»/|…\n\r\t]+|\s[-–—]\s")
WORD_RE = re.compile(r"\S+")
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
REPORTING = frozenset().union(*REPORTING_WORDS.values())
# Auxiliary and modal verbs and prepositions the stop lists lack: a label does not end or
# start with one ("Produkte dürfen", "per maand").
EDGE_WORDS = frozenset(
    """dürfen darf dürfte dürften könnte könnten müsste müssten hätte hätten wäre wären
    worden geworden wordt werd zullen zouden kunnen kun could might shall per sinds vanaf
    rond gegeven nieuwe weer waarin waarop waarbij waardoor waarmee waarvan niks""".split()
)


# Words of time and number that say when or how often, never what about: a label needs at
# least one content word besides them ("half jaar", "per maand", "years of age" say nothing).
GENERIC = frozenset(
    """jaar jaren maand maanden week weken dag dagen uur uren moment momenten keer tijd
    begin eind year years month months week weeks day days hour hours time times moment age
    jahr jahre jahren monat monate monaten woche wochen tag tage tagen stunde stunden zeit
    mal anfang ende""".split()
)


@dataclass
class FindingName:
    """A finding's label, and the sentence and contribution (row) it comes from."""

    label: str
    sentence: str
    row: int | None  # the row the sentence comes from; None when no sentence


def _clauses(text: str) -> list[list[str]]:
    """The text's clauses as lists of words as written (markers out)."""
    if "[" in text:
        text = MARKER_RE.sub(" | ", text)
    return [WORD_RE.findall(part) for part in CLAUSE_RE.split(text)]


def _bare(word: str) -> str:
    """A word without the quotes and apostrophes around it, lower case."""
    return word.strip("'’‘`").lower()


class _Typical:
    """How typical a stem is of one finding: its class-based TF-IDF, 1 for the finding's
    most typical stem, 0 for a stem the word view does not know."""

    def __init__(self, row: np.ndarray | None, vocabulary: Mapping[str, int]) -> None:
        self.row = row
        self.vocabulary = vocabulary

    def __call__(self, stem: str) -> float:
        column = self.vocabulary.get(stem)
        return 0.0 if self.row is None or column is None else float(self.row[column])


class PhraseLabeller:
    """Finds each finding's label phrase and its sentence (see the module's docstring).

    min_words, max_words: the length of a label in words.
    pool: how many of a finding's most central quotable contributions are read.
    min_support: a phrase must occur in this many contributions, where the finding has that
        many quotable ones; else the most central contribution's best phrase is taken.
    """

    def __init__(
        self, min_words: int = 2, max_words: int = 5, pool: int = 200, min_support: int = 2
    ) -> None:
        self.min_words = min_words
        self.max_words = max_words
        self.pool = pool
        self.min_support = min_support

    def name(
        self,
        texts: Sequence[str],
        records: Sequence[Mapping[str, Any]],
        dense: np.ndarray,
        clusters: np.ndarray,
        lexical: sparse.csr_matrix | None,
        vocabulary: Mapping[str, int] | None,
        language: str,
        keywords: Sequence[Sequence[str]],
    ) -> list[FindingName]:
        """A `FindingName` per cluster 0..max(clusters)."""
        n_clusters = int(clusters.max()) + 1 if len(clusters) else 0
        analyzer = Analyzer(language)
        weights = (
            class_tfidf(lexical, clusters)
            if lexical is not None and lexical.shape[1] and vocabulary
            else None
        )
        if weights is not None:
            weights = weights / np.maximum(weights.max(axis=1, keepdims=True), 1e-12)
        taken: set[str] = set()
        names = []
        for c in range(n_clusters):
            rows = np.nonzero(clusters == c)[0]
            rows = np.array([r for r in rows.tolist() if may_quote(records[r])], dtype=np.int64)
            if not len(rows):
                names.append(FindingName(self._fallback(keywords[c]), "", None))
                continue
            centre = dense[rows].mean(axis=0)
            order = np.lexsort((rows, -(dense[rows] @ centre)))[: self.pool]
            central = rows[order]
            typical = _Typical(weights[c] if weights is not None else None, vocabulary or {})
            phrase, holder = self._best_phrase(
                [texts[r] for r in central], analyzer, typical, language, taken
            )
            if phrase is None:
                names.append(FindingName(self._fallback(keywords[c]), *self._lead(texts, central)))
                continue
            taken.add(phrase.lower())
            row = int(central[holder])
            names.append(FindingName(phrase, self._sentence_with(texts[row], phrase), row))
        return names

    def _best_phrase(
        self,
        texts: Sequence[str],
        analyzer: Analyzer,
        typical: _Typical,
        language: str,
        taken: set[str],
    ) -> tuple[str | None, int]:
        """The best label phrase among `texts` (most central first), and the position of the
        first text that holds it."""
        support: dict[tuple[str, ...], set[int]] = {}
        surface: dict[tuple[str, ...], tuple[str, int]] = {}
        seen: set[str] = set()
        stops = analyzer.stops | EDGE_WORDS
        for position, text in enumerate(texts):
            # A text posted twice is one voice: support counts different texts.
            same = " ".join(text.lower().split())
            if same in seen:
                continue
            seen.add(same)
            for clause in _clauses(text):
                for start, stop in self._windows([_bare(w) for w in clause], stops):
                    key = tuple(_bare(w) for w in clause[start:stop])
                    support.setdefault(key, set()).add(position)
                    if key not in surface:
                        surface[key] = (
                            self._written(clause[start:stop], start, language),
                            position,
                        )
        if not support:
            return None, -1
        best_key = self._pick(support, surface, analyzer, typical, taken, self.min_support, None)
        if best_key is None:
            # No phrase that several contributions share: the best one of the few most
            # central contributions.
            best_key = self._pick(support, surface, analyzer, typical, taken, 1, 5)
        if best_key is None:
            return None, -1
        return surface[best_key][0], surface[best_key][1]

    @staticmethod
    def _pick(
        support: dict[tuple[str, ...], set[int]],
        surface: dict[tuple[str, ...], tuple[str, int]],
        analyzer: Analyzer,
        typical: _Typical,
        taken: set[str],
        needed: int,
        within: int | None,
    ) -> tuple[str, ...] | None:
        """The best phrase that `needed` texts hold (among the first `within`, if given)."""
        best: tuple[float, int, str] | None = None
        best_key: tuple[str, ...] | None = None
        for key, holders in support.items():
            if len(holders) < needed or surface[key][0].lower() in taken:
                continue
            if within is not None and surface[key][1] >= within:
                continue
            content = [analyzer.stem(w) for w in key if w not in analyzer.stops]
            typicality = [typical(stem) for stem in content]
            # Every content word must be typical of the finding, not only one of them: a
            # phrase is as good as the mean of its words and its weakest word together.
            weight = (sum(typicality) / len(typicality) + min(typicality)) / 2
            # More content words say more, but a long phrase must earn its length.
            score = weight * (1 + 0.25 * (len(set(content)) - 1)) * math.log(1 + len(holders))
            candidate = (score, -surface[key][1], surface[key][0])
            if best is None or candidate > best:
                best, best_key = candidate, key
        return best_key

    def _windows(self, bare: list[str], stops: frozenset[str]) -> list[tuple[int, int]]:
        """The (start, stop) of every run of words in a clause that may be a label: words
        of letters only, none a table-report word, a content word at either end, and one
        content word that is not about time or number."""
        usable = [
            bool(w) and TOKEN_RE.fullmatch(w) is not None and w not in REPORTING for w in bare
        ]
        edge = [ok and len(w) >= 3 and w not in stops for ok, w in zip(usable, bare, strict=True)]
        content = [e and w not in GENERIC for e, w in zip(edge, bare, strict=True)]
        found = []
        for start in range(len(bare)):
            if not edge[start]:
                continue
            has_content = content[start]
            for stop in range(start + 1, min(len(bare), start + self.max_words) + 1):
                if not usable[stop - 1]:
                    break
                has_content = has_content or content[stop - 1]
                if stop - start >= self.min_words and edge[stop - 1] and has_content:
                    found.append((start, stop))
        return found

    @staticmethod
    def _written(words: Sequence[str], start: int, language: str) -> str:
        """The phrase as the text writes it; a capital that only opens a sentence goes (not in
        German, where nouns are written with one)."""
        shown = [w.strip("'’‘`") for w in words]
        head = shown[0]
        if start == 0 and language != "de" and head[:1].isupper() and head[1:].islower():
            shown[0] = head[:1].lower() + head[1:]
        return " ".join(shown)

    @staticmethod
    def _sentence_with(text: str, phrase: str) -> str:
        """The sentence of `text` that holds `phrase` (the first sentence if none does)."""
        wanted = phrase.lower().split()
        for sentence in SENTENCE_END_RE.split(" ".join(text.split())):
            said = [_bare(w) for c in _clauses(sentence) for w in c]
            if any(said[i : i + len(wanted)] == wanted for i in range(len(said))):
                return first_sentence(sentence, 240)
        return first_sentence(text, 240)

    @staticmethod
    def _lead(texts: Sequence[str], central: np.ndarray) -> tuple[str, int | None]:
        if not len(central):
            return "", None
        return first_sentence(texts[int(central[0])], 240), int(central[0])

    @staticmethod
    def _fallback(keywords: Sequence[str]) -> str:
        """Without a phrase: the finding's best keywords (each a content word)."""
        return " · ".join(list(keywords)[:3])
