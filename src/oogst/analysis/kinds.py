"""The kind of a contribution: knel (squeezed), kiem (sprouted, keep it), idee, vraag or overig.

With the USE embedder, from a model shipped in the package (`data/kinds_model.json`): a
logistic regression on the sentence embedding and the cue phrases, trained only on
`data/kinds_train.csv`, sentences in Dutch, English and German written for this project
(`python bench/train_kinds.py` makes the model again, byte for byte). With another
embedder, zero-shot from the wording: the cue phrases plus how close the sentence is to a
description of each kind. Either way it learns from the kinds a run is given (a
facilitator's knel/kiem/idee, an analyst's correction): a logistic regression on the
embeddings, with the first guess as prior.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

KINDS = ("knel", "kiem", "idee", "vraag", "overig")

# How a kind is written in a spreadsheet's kind column (lower case) -> the kind.
KIND_ALIASES = {
    alias: kind
    for kind, aliases in {
        "knel": "knel knelpunt knelpunten probleem problemen problem problems bottleneck "
        "zorgpunt zorgpunten uitdaging uitdagingen",
        "kiem": "kiem kiemen kans kansen behouden opportunity opportunities keep chance chancen",
        "idee": "idee ideeën ideeen voorstel voorstellen idea ideas proposal vorschlag "
        "suggestie suggesties aanbeveling aanbevelingen oplossing oplossingen",
        "vraag": "vraag vragen question questions frage fragen",
        "overig": "overig overige anders opmerking opmerkingen verhaal verhalen other others "
        "sonstiges",
    }.items()
    for alias in aliases.split()
}


def known_kind(value: object) -> str | None:
    """The kind a cell names ("Knelpunt" -> "knel"), or None for an empty or unknown one."""
    return KIND_ALIASES.get(str(value or "").strip().lower())


KIND_DESCRIPTIONS = {
    "knel": "Wat is er in de knel gekomen: een probleem, een zorg, iets dat moeilijk is of "
    "misgaat.",
    "kiem": "Wat is er ontstaan dat we willen behouden: iets positiefs, een kans, iets dat "
    "goed gaat.",
    "idee": "Een concreet idee of voorstel: ik stel voor dat we dit gaan doen, er moet een "
    "maatregel komen.",
    "vraag": "Een vraag: hoe, waarom, wanneer, wat gaat er gebeuren?",
    "overig": "Een opmerking of mededeling zonder probleem, kans, idee of vraag.",
}

# Matched against lower-cased text (cheaper than IGNORECASE on every pattern).
CUES: dict[str, re.Pattern[str]] = {
    "knel": re.compile(
        r"\b(knel|probleem|problemen|zorgen|moeilijk|lastig|te weinig|tekort|eenzaam|"
        r"slecht|gemist|mis(t|te)|kwijt|stress|angst|bang|onzeker|problem|worried|hard|"
        r"struggl\w*|lack|shortage|problem\w*|schwierig|mangel|sorge\w*|fehlt)\b"
    ),
    "kiem": re.compile(
        r"\b(behouden|houden|vasthouden|positief|mooi|fijn|blij|waardevol|goed dat|"
        r"ontdekt|geleerd|keep|positive|valuable|great|learned|beibehalten|positiv|"
        r"wertvoll|gelernt)\b"
    ),
    "idee": re.compile(
        r"\b(stel voor|voorstel|idee|zou(den)? moeten|moet(en)? (er|we|de)|laten we|"
        r"invoeren|graag zien|suggest\w*|propos\w*|should|must|let's|idea|sollte\w*|"
        r"soll\w*|müss\w*|vorschlag|fordern|einführen|fördern|verbot\w*|ausbau\w*)\b"
    ),
    "vraag": re.compile(
        r"\?\s*$|^(hoe|waarom|wanneer|wat|wie|welke|how|why|when|what|"
        r"wie|warum|wann|was)\b.*\?"
    ),
}


MODEL_PATH = Path(__file__).resolve().parent / "data" / "kinds_model.json"
TRAINING_PATH = Path(__file__).resolve().parent / "data" / "kinds_train.csv"


@dataclass
class KindModelWeights:
    """A trained kind model: log-odds = [embedding | cues] @ coef.T + intercept."""

    embedder: str  # the embedder whose vectors it was trained on
    kinds: list[str]
    coef: np.ndarray
    intercept: np.ndarray

    def log_proba(self, dense: np.ndarray, cues: np.ndarray) -> np.ndarray:
        """Log-probabilities over `KINDS` (a kind it never saw: -inf)."""
        # In float32 and without joining the two matrices: on 100,000 rows a float64 copy
        # of the embeddings cost more than the product.
        width = dense.shape[1]
        coef = self.coef.astype(np.float32)
        decision = (dense @ coef[:, :width].T + cues @ coef[:, width:].T).astype(np.float64)
        decision += self.intercept
        decision -= np.logaddexp.reduce(decision, axis=1, keepdims=True)
        out = np.full((len(dense), len(KINDS)), -np.inf)
        out[:, [KINDS.index(k) for k in self.kinds]] = decision
        return out

    def to_json(self) -> str:
        return json.dumps(
            {
                "embedder": self.embedder,
                "kinds": self.kinds,
                "coef": np.round(self.coef, 6).tolist(),
                "intercept": np.round(self.intercept, 6).tolist(),
            },
            separators=(",", ":"),
        )


@lru_cache(maxsize=1)
def shipped_model() -> KindModelWeights | None:
    """The model in the package, or None when it is not there."""
    if not MODEL_PATH.exists():
        return None
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return KindModelWeights(
        data["embedder"],
        list(data["kinds"]),
        np.array(data["coef"], dtype=np.float64),
        np.array(data["intercept"], dtype=np.float64),
    )


def train_kind_model(
    texts: Sequence[str], kinds: Sequence[str], dense: np.ndarray, embedder: str, C: float = 1.0
) -> KindModelWeights:
    """A logistic regression on [embedding | cue phrases] for the given kinds."""
    cues = KindClassifier().cue_scores(texts)
    model = LogisticRegression(C=C, max_iter=2000, random_state=0)
    model.fit(np.hstack([dense, cues]).astype(np.float64), list(kinds))
    return KindModelWeights(
        embedder, [str(k) for k in model.classes_], model.coef_.copy(), model.intercept_.copy()
    )


class KindClassifier:
    """The kind of each text: from the shipped model when it was trained on the run's
    embedder (`embedder`, its name), else zero-shot from cues and embeddings; `corrections`
    teach it (few-shot). `model=None` leaves the shipped model out."""

    def __init__(
        self,
        cue_weight: float = 1.5,
        seed: int = 0,
        embedder: str | None = None,
        model: KindModelWeights | None | str = "shipped",
    ) -> None:
        self.cue_weight = cue_weight
        self.seed = seed
        self.embedder = embedder
        self.model = shipped_model() if isinstance(model, str) else model

    def zero_shot(
        self,
        dense: np.ndarray,
        cues: np.ndarray,
        embed: Callable[[Sequence[str]], np.ndarray],
        n: int,
    ) -> np.ndarray:
        """Scores per kind without a trained model: closeness to each kind's description,
        z-scored over the corpus, plus the cue phrases."""
        prototypes = embed([KIND_DESCRIPTIONS[k] for k in KINDS])
        similarity = dense @ prototypes.T
        similarity = (
            (similarity - similarity.mean(axis=0)) / np.maximum(similarity.std(axis=0), 1e-6)
            if n > 1
            else similarity
        )
        scores = similarity + self.cue_weight * cues
        # "overig" wins only when nothing else speaks: it gets no cue, so damp its similarity.
        scores[:, KINDS.index("overig")] -= 0.5
        return scores

    def cue_scores(self, texts: Sequence[str]) -> np.ndarray:
        """1 where a kind's cue occurs in the text. The texts are lower-cased once and
        matched case-sensitively: three times faster than IGNORECASE on 100,000 rows."""
        scores = np.zeros((len(texts), len(KINDS)), dtype=np.float32)
        lowered = [text.strip().lower() for text in texts]
        for j, kind in enumerate(KINDS):
            pattern = CUES.get(kind)
            if pattern is not None:
                scores[:, j] = [1.0 if pattern.search(text) else 0.0 for text in lowered]
        return scores

    def predict(
        self,
        texts: Sequence[str],
        dense: np.ndarray,
        embed: Callable[[Sequence[str]], np.ndarray],
        corrections: dict[int, str] | None = None,
    ) -> list[str]:
        """The kind of each text. `corrections` maps row -> known kind."""
        cues = self.cue_scores(texts)
        model = self.model
        if model is not None and model.embedder == self.embedder:
            # Finite, so that a run's own kinds can learn from it (a kind the model never
            # saw stays possible there).
            scores = np.maximum(model.log_proba(dense, cues), -30.0)
        else:
            scores = self.zero_shot(dense, cues, embed, len(texts))
        corrections = dict(corrections or {})
        known = {r: k for r, k in corrections.items() if k in KINDS}
        if len(set(known.values())) >= 2:
            rows = np.array(sorted(known))
            y = np.array([KINDS.index(known[r]) for r in rows])
            model = LogisticRegression(max_iter=500, random_state=self.seed)
            model.fit(np.hstack([dense[rows], scores[rows]]), y)
            proba = np.full((len(texts), len(KINDS)), -np.inf)
            proba[:, model.classes_] = model.predict_log_proba(np.hstack([dense, scores]))
            scores = proba
        # A question is a matter of form: without a question mark or question opening,
        # no amount of similarity makes a text a "vraag". Applied last: the features the
        # model learns from must stay finite.
        question = KINDS.index("vraag")
        scores[cues[:, question] == 0, question] = -np.inf
        result = [KINDS[int(j)] for j in scores.argmax(axis=1)]
        for row, kind in known.items():
            result[row] = kind
        return result
