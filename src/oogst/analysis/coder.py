"""The codebook coder: which themes each contribution is about, with a score per theme.

Zero-shot, it starts from how close each contribution is to each theme's text (name,
description, keywords, example sentences) and then teaches itself: it trains a classifier
on the contributions it is surest about, re-scores everything, takes a larger confident set,
and repeats (self-training, transductive). Labelled examples (few-shot, or an analyst's
accepted labels) enter every round as fixed truths and also sharpen the theme prototypes.
`suggest_labels` ranks contributions by how much a label would teach the coder
(uncertainty, spread over clusters), for active learning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

# Broad subjects people raise in any dialogue, as a yardstick for "fits no theme": a
# contribution nearer to one of these than to every theme of the codebook is about something
# the codebook does not cover. A subject the codebook itself covers is left out of the
# yardstick (see CodebookCoder.reference_overlap). In English; the multilingual sentence
# encoder compares them with contributions in any language.
REFERENCE_TOPICS = (
    "Health and care: hospitals, doctors, nurses, illness and mental health.",
    "Education: schools, teachers, pupils, students and learning.",
    "Work and income: jobs, wages, unemployment and employers.",
    "Economy and business: companies, markets, shops, growth and trade.",
    "Taxes and public money: taxes, the government budget, subsidies and debt.",
    "Housing: homes, rents, building houses and neighbourhoods.",
    "Transport: cars, public transport, trains, cycling, roads and flights.",
    "Energy: electricity, gas, heating and renewable energy.",
    "Climate and the environment: climate change, nature, pollution and emissions.",
    "Food and farming: agriculture, food, meat and diet.",
    "Security and defence: police, crime, the army and war.",
    "Politics and democracy: government, elections, political parties and trust in politicians.",
    "Migration: immigrants, refugees, asylum and integration.",
    "Family and social life: children, parents, friends, loneliness and community.",
    "Culture, sport and leisure: art, music, sport, holidays and hobbies.",
    "Digital life: the internet, social media, data and technology.",
    "Law and rights: courts, laws, rules and civil rights.",
    "Europe and the world: the European Union, other countries and foreign policy.",
)


# The same subjects in Dutch and in German. A contribution is compared with the reference
# subjects in the codebook's own language: in English only, an English contribution lay
# nearer to them than to a Dutch codebook's themes for its language alone ("The rent is far
# too high" got no theme beside a Dutch "Woningmarkt"), so "none of these" depended on the
# language a person wrote in.
REFERENCE_TOPICS_IN = {
    "en": REFERENCE_TOPICS,
    "nl": (
        "Zorg en gezondheid: ziekenhuizen, artsen, verpleegkundigen, ziekte en mentale gezondheid.",
        "Onderwijs: scholen, leraren, leerlingen, studenten en leren.",
        "Werk en inkomen: banen, lonen, werkloosheid en werkgevers.",
        "Economie en bedrijven: bedrijven, markten, winkels, groei en handel.",
        "Belastingen en overheidsgeld: belastingen, de begroting, subsidies en schulden.",
        "Wonen: woningen, huren, huizen bouwen en buurten.",
        "Vervoer: auto's, openbaar vervoer, treinen, fietsen, wegen en vliegen.",
        "Energie: elektriciteit, gas, verwarming en duurzame energie.",
        "Klimaat en milieu: klimaatverandering, natuur, vervuiling en uitstoot.",
        "Voedsel en landbouw: landbouw, voedsel, vlees en eten.",
        "Veiligheid en defensie: politie, criminaliteit, het leger en oorlog.",
        "Politiek en democratie: regering, verkiezingen, politieke partijen en vertrouwen in "
        "politici.",
        "Migratie: immigranten, vluchtelingen, asiel en integratie.",
        "Gezin en sociaal leven: kinderen, ouders, vrienden, eenzaamheid en gemeenschap.",
        "Cultuur, sport en vrije tijd: kunst, muziek, sport, vakanties en hobby's.",
        "Digitaal leven: internet, sociale media, data en technologie.",
        "Recht en rechten: rechtbanken, wetten, regels en burgerrechten.",
        "Europa en de wereld: de Europese Unie, andere landen en buitenlands beleid.",
    ),
    "de": (
        "Gesundheit und Pflege: Krankenhäuser, Ärzte, Pflegekräfte, Krankheit und psychische "
        "Gesundheit.",
        "Bildung: Schulen, Lehrer, Schüler, Studierende und Lernen.",
        "Arbeit und Einkommen: Arbeitsplätze, Löhne, Arbeitslosigkeit und Arbeitgeber.",
        "Wirtschaft und Unternehmen: Firmen, Märkte, Geschäfte, Wachstum und Handel.",
        "Steuern und öffentliche Gelder: Steuern, der Staatshaushalt, Subventionen und Schulden.",
        "Wohnen: Wohnungen, Mieten, Hausbau und Nachbarschaften.",
        "Verkehr: Autos, öffentlicher Verkehr, Züge, Radfahren, Straßen und Flüge.",
        "Energie: Strom, Gas, Heizung und erneuerbare Energie.",
        "Klima und Umwelt: Klimawandel, Natur, Verschmutzung und Emissionen.",
        "Ernährung und Landwirtschaft: Landwirtschaft, Lebensmittel, Fleisch und Ernährung.",
        "Sicherheit und Verteidigung: Polizei, Kriminalität, die Armee und Krieg.",
        "Politik und Demokratie: Regierung, Wahlen, Parteien und Vertrauen in Politiker.",
        "Migration: Einwanderer, Flüchtlinge, Asyl und Integration.",
        "Familie und soziales Leben: Kinder, Eltern, Freunde, Einsamkeit und Gemeinschaft.",
        "Kultur, Sport und Freizeit: Kunst, Musik, Sport, Urlaub und Hobbys.",
        "Digitales Leben: das Internet, soziale Medien, Daten und Technik.",
        "Recht und Rechte: Gerichte, Gesetze, Regeln und Bürgerrechte.",
        "Europa und die Welt: die Europäische Union, andere Länder und Außenpolitik.",
    ),
}


@dataclass
class CodingResult:
    """Scores (contributions x themes, rows sum to 1), best theme index or -1 (none)."""

    scores: np.ndarray
    best: np.ndarray
    threshold: float
    fit: np.ndarray  # how well each contribution fits its best theme at all (z-score)
    # The best theme's similarity minus that of the nearest reference topic outside the
    # codebook (negative: the contribution is about something else); None without them.
    reference_gap: np.ndarray | None = None


def _zscore(matrix: np.ndarray) -> np.ndarray:
    std = matrix.std(axis=0)
    std[std == 0] = 1.0
    return (matrix - matrix.mean(axis=0)) / std


Lexical: TypeAlias = np.ndarray | sparse.spmatrix | None


def _features(dense: np.ndarray, lexical: Lexical) -> np.ndarray | sparse.csr_matrix:
    """Embeddings next to the word features: dense when the words are dense (LSA)."""
    if lexical is None:
        return dense
    if isinstance(lexical, np.ndarray):
        return np.hstack([dense, lexical]).astype(np.float32)
    return sparse.hstack([sparse.csr_matrix(dense), lexical], format="csr")


def _log_proba(classifier: LogisticRegression, dense: np.ndarray, lexical: Lexical) -> np.ndarray:
    """`classifier.predict_log_proba` on `_features(dense, lexical)`, without building that
    matrix: on 100,000 rows the joined copy cost more than the prediction itself."""
    coef = classifier.coef_.astype(np.float32)
    width = dense.shape[1]
    decision = dense @ coef[:, :width].T
    if lexical is not None:
        decision = decision + np.asarray(lexical @ coef[:, width:].T)
    decision = decision.astype(np.float64) + classifier.intercept_
    if decision.shape[1] == 1:  # two classes: one column, the second class's log-odds
        decision = np.hstack([np.zeros_like(decision), decision])
    return decision - np.logaddexp.reduce(decision, axis=1, keepdims=True)


def _rows(lexical: Lexical, rows: np.ndarray) -> Lexical:
    return None if lexical is None else lexical[rows]


def _stack(parts: list[np.ndarray | sparse.csr_matrix]) -> np.ndarray | sparse.csr_matrix:
    if any(sparse.issparse(p) for p in parts):
        return sparse.vstack([sparse.csr_matrix(p) for p in parts], format="csr")
    return np.vstack(parts)


class CodebookCoder:
    """Assign themes with self-training from the codebook (and labelled examples if any).

    Parameters
    ----------
    rounds: share of the corpus (per theme, as a fraction of an even split) taken as
        pseudo-labels in each self-training round.
    C: inverse regularisation of the logistic regression.
    max_train: cap on pseudo-labelled rows per round, so 1,000,000 contributions cost no
        more to train on than 10,000.
    none_below: a contribution whose similarity to every theme lies this many standard
        deviations below the corpus mean gets no theme ("none of these").
    threshold: score at which a second (third, ...) theme is also assigned; "auto" sets it
        from the labelled examples when there are enough, else 1.5 / number of themes.
    example_weight: weight of one labelled example next to one pseudo-label.
    prior_weight: how much the codebook similarity counts next to the classifier.
    example_pull: how far labelled examples turn their theme's prototype towards how they
        differ from the corpus (0, the default: not at all). At 1.0, ten labels per theme
        lifted macro-F1 on HiveMind by 0.02-0.03 over seven label draws, did nothing on
        Klimarat, and cost 0.14 on the test suite's small corpus with a descriptive
        codebook: not robust enough to be the default.
    normalise: "column" z-scores similarity per theme; otherwise one scale for all.
    balanced: take pseudo-labels evenly per theme instead of in proportion.
    off_codebook_margin: given reference topics (`REFERENCE_TOPICS`), a contribution whose
        nearest reference topic is this much more similar (cosine) than its nearest theme
        gets no theme: it is about something the codebook does not cover. On the benchmarks
        0.1 takes 7% of Klimarat and 4% of HiveMind out of the themes.
    reference_overlap: a reference topic this similar to a theme of the codebook is the
        codebook's own subject and is not used as a yardstick.
    temperature: the scores are a softmax of the evidence divided by this, so that a score
        of 0.8 is right about 8 times in 10 (calibration). 1.8 is the temperature with the
        lowest expected calibration error on the demo programme's contributions against
        the themes its analysts gave them (grid 1.0-3.0 by 0.1; Dutch, written for this
        project and shipped with it); measured on the benchmarks, which it never saw, in
        docs/benchmarks.md. It changes no best theme, only how sure the scores say it is.
    """

    def __init__(
        self,
        rounds: Sequence[float] = (0.1, 0.2, 0.4),
        C: float = 1.0,
        max_train: int = 10000,
        none_below: float = -2.0,
        threshold: float | str = "auto",
        example_weight: float = 1.0,
        prior_weight: float = 1.0,
        example_pull: float = 0.0,
        normalise: str = "column",
        balanced: bool = False,
        min_per_theme: int = 10,
        off_codebook_margin: float = 0.1,
        reference_overlap: float = 0.45,
        seed: int = 0,
        temperature: float = 1.8,
    ) -> None:
        self.rounds = tuple(rounds)
        self.C = C
        self.max_train = max_train
        self.none_below = none_below
        self.threshold = threshold
        self.example_weight = example_weight
        self.prior_weight = prior_weight
        self.example_pull = example_pull
        self.normalise = normalise
        self.balanced = balanced
        self.min_per_theme = min_per_theme
        self.off_codebook_margin = off_codebook_margin
        self.reference_overlap = reference_overlap
        self.seed = seed
        self.temperature = temperature

    def fit_predict(
        self,
        dense: np.ndarray,
        lexical: Lexical,
        theme_vectors: np.ndarray,
        labelled: dict[int, int] | None = None,
        extra_dense: np.ndarray | None = None,
        extra_lexical: Lexical = None,
        extra_labels: Sequence[int] = (),
        reference_vectors: np.ndarray | None = None,
    ) -> CodingResult:
        """Code every row of `dense` (unit vectors) against the themes.

        `labelled` maps row -> theme index for contributions whose theme is known (accepted
        labels). `extra_*` are labelled examples that are not contributions themselves.
        `reference_vectors`: the embedded `REFERENCE_TOPICS`, to tell "none of these".
        """
        n, n_themes = dense.shape[0], theme_vectors.shape[0]
        labelled = dict(labelled or {})
        extra_labels = list(extra_labels)

        prototypes = theme_vectors.astype(np.float32).copy()
        prototypes /= np.maximum(np.linalg.norm(prototypes, axis=1, keepdims=True), 1e-9)
        if self.example_pull:
            self._pull(prototypes, dense, labelled, extra_dense, extra_labels)
        raw = dense @ prototypes.T
        if self.normalise == "column" and n > 1:
            similarity = _zscore(raw)
        else:
            # One scale for all themes: a theme few people talk about stays small.
            similarity = (raw - raw.mean()) / max(float(raw.std()), 1e-6)
        fit = similarity.max(axis=1)
        gap = self._reference_gap(raw, prototypes, reference_vectors, dense)

        if n_themes == 1:
            scores = np.ones((n, 1), dtype=np.float32)
            return self._result(scores, fit, threshold=0.5, gap=gap)

        extra_features = None
        if extra_dense is not None and len(extra_labels):
            extra_features = _features(extra_dense, extra_lexical)
        fixed_rows = np.array(sorted(labelled), dtype=np.int64)
        fixed_labels = np.array([labelled[r] for r in fixed_rows], dtype=np.int64)
        fixed_features = (
            _features(dense[fixed_rows], _rows(lexical, fixed_rows)) if len(fixed_rows) else None
        )

        log_scores = similarity
        classifier: LogisticRegression | None = None
        for share in self.rounds:
            guess = log_scores.argmax(axis=1)
            top2 = np.sort(log_scores, axis=1)[:, -2:]
            margin = top2[:, 1] - top2[:, 0]
            rows: list[np.ndarray] = []
            for k in range(n_themes):
                members = np.nonzero(guess == k)[0]
                if self.balanced:
                    per_theme = max(self.min_per_theme, int(share * n / n_themes))
                else:
                    per_theme = max(self.min_per_theme, int(share * len(members)))
                per_theme = min(per_theme, max(self.min_per_theme, self.max_train // n_themes))
                order = np.lexsort((members, -margin[members]))
                rows.append(members[order][:per_theme])
            train_rows = np.concatenate(rows)
            train_rows = np.setdiff1d(train_rows, fixed_rows)
            x_parts = [_features(dense[train_rows], _rows(lexical, train_rows))]
            y_parts = [guess[train_rows]]
            w_parts = [np.ones(len(train_rows))]
            if fixed_features is not None:
                x_parts.append(fixed_features)
                y_parts.append(fixed_labels)
                w_parts.append(np.full(len(fixed_rows), self.example_weight))
            if extra_features is not None:
                x_parts.append(extra_features)
                y_parts.append(np.array(extra_labels))
                w_parts.append(np.full(len(extra_labels), self.example_weight))
            y = np.concatenate(y_parts)
            if len(np.unique(y)) < 2:
                break
            classifier = LogisticRegression(
                C=self.C,
                max_iter=200,
                class_weight="balanced" if self.balanced else None,
                random_state=self.seed,
            )
            # One thread: multithreaded reductions may sum in a different order from run
            # to run, and the solver amplifies that into a different last digit.
            with threadpool_limits(limits=1):
                classifier.fit(_stack(x_parts), y, sample_weight=np.concatenate(w_parts))
            log_proba = np.full((n, n_themes), np.log(1e-6), dtype=np.float64)
            log_proba[:, classifier.classes_] = np.maximum(
                _log_proba(classifier, dense, lexical), np.log(1e-300)
            )
            # The codebook's own similarity stays in as a prior, so that a classifier
            # trained on few or skewed pseudo-labels cannot overrule it wholesale.
            log_scores = log_proba + self.prior_weight * similarity
        scores = _softmax(log_scores / self.temperature)
        if classifier is None:
            scores = _softmax(similarity * (1 + self.prior_weight) / self.temperature)
        threshold = self._threshold(scores, fixed_rows, fixed_labels, n_themes)
        return self._result(scores.astype(np.float32), fit, threshold, gap)

    def _reference_gap(
        self,
        raw: np.ndarray,
        prototypes: np.ndarray,
        reference_vectors: np.ndarray | None,
        dense: np.ndarray,
    ) -> np.ndarray | None:
        """Per contribution: its nearest theme's cosine minus its nearest reference topic's,
        over the reference topics the codebook does not cover itself."""
        if reference_vectors is None or not len(reference_vectors) or not raw.shape[1]:
            return None
        references = reference_vectors.astype(np.float32)
        references /= np.maximum(np.linalg.norm(references, axis=1, keepdims=True), 1e-9)
        outside = (prototypes @ references.T).max(axis=0) < self.reference_overlap
        if not outside.any():
            return None
        return raw.max(axis=1) - (dense @ references[outside].T).max(axis=1)

    def _pull(
        self,
        prototypes: np.ndarray,
        dense: np.ndarray,
        labelled: dict[int, int],
        extra_dense: np.ndarray | None,
        extra_labels: list[int],
    ) -> None:
        """Turn each theme's prototype towards its labelled examples, in place. The examples
        count by how they differ from the corpus as a whole: every contribution of a
        single-subject dialogue looks alike, and the raw example mean says little."""
        ex_dense = [dense[r] for r in labelled] + (
            list(extra_dense) if extra_dense is not None else []
        )
        ex_theme = list(labelled.values()) + extra_labels
        corpus_mean = dense.mean(axis=0) if len(dense) else np.zeros(dense.shape[1])
        for k in range(len(prototypes)):
            theme_examples = [v for v, t in zip(ex_dense, ex_theme, strict=True) if t == k]
            if theme_examples:
                direction = np.mean(theme_examples, axis=0) - corpus_mean
                direction /= max(float(np.linalg.norm(direction)), 1e-9)
                weight = self.example_pull * len(theme_examples) / (len(theme_examples) + 2)
                prototypes[k] = prototypes[k] + weight * direction

    def _threshold(
        self, scores: np.ndarray, rows: np.ndarray, labels: np.ndarray, n_themes: int
    ) -> float:
        if not isinstance(self.threshold, str):
            return float(self.threshold)
        default = min(0.9, 1.5 / n_themes)
        if len(rows) < 10 * 2:
            return default
        # Calibrate on the labelled rows: the threshold whose theme sets best match the
        # known labels (F1 over (row, theme) decisions).
        best, best_f1 = default, -1.0
        for t in np.linspace(0.1, 0.9, 17):
            chosen = scores[rows] >= t
            chosen[np.arange(len(rows)), scores[rows].argmax(axis=1)] = True
            tp = chosen[np.arange(len(rows)), labels].sum()
            precision = tp / max(chosen.sum(), 1)
            recall = tp / len(rows)
            f1 = 2 * precision * recall / max(precision + recall, 1e-9)
            if f1 > best_f1 + 1e-9:
                best, best_f1 = float(t), f1
        return best

    def _result(
        self, scores: np.ndarray, fit: np.ndarray, threshold: float, gap: np.ndarray | None
    ) -> CodingResult:
        best = scores.argmax(axis=1).astype(np.int64)
        best[fit < self.none_below] = -1
        if gap is not None:
            best[gap < -self.off_codebook_margin] = -1
        return CodingResult(scores, best, threshold, fit, gap)


def _softmax(matrix: np.ndarray) -> np.ndarray:
    e = np.exp(matrix - matrix.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def suggest_labels(
    scores: np.ndarray,
    clusters: np.ndarray | None = None,
    n: int = 20,
    exclude: Sequence[int] = (),
) -> list[int]:
    """Rows whose label would teach the coder most: the least certain, spread over clusters.

    Uncertainty is the margin between the two best theme scores (smallest first). Taking
    them round-robin over clusters keeps the queue from being twenty near-duplicates.
    """
    if scores.shape[0] == 0:
        return []
    excluded = set(int(i) for i in exclude)
    if scores.shape[1] > 1:
        top2 = np.sort(scores, axis=1)[:, -2:]
        margin = top2[:, 1] - top2[:, 0]
    else:
        margin = np.abs(scores[:, 0] - 0.5)
    # The least certain few thousand are plenty to fill a queue of n, even spread out.
    ranked = np.lexsort((np.arange(len(margin)), margin))[: max(2000, 50 * n) + len(excluded)]
    order = [int(i) for i in ranked if int(i) not in excluded]
    if clusters is None:
        return order[:n]
    queues: dict[int, list[int]] = {}
    for i in order:
        queues.setdefault(int(clusters[i]), []).append(i)
    chosen: list[int] = []
    cluster_order = sorted(queues, key=lambda c: margin[queues[c][0]])
    while len(chosen) < n and any(queues.values()):
        for c in cluster_order:
            if queues[c] and len(chosen) < n:
                chosen.append(queues[c].pop(0))
    return chosen
