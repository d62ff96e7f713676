"""Train the kind model shipped in the package (src/oogst/analysis/data/kinds_model.json)
from src/oogst/analysis/data/kinds_train.csv alone, and score it on data it never saw.

    python bench/train_kinds.py            # writes the model again (the same bytes)
    python bench/train_kinds.py --score    # accuracy per language on the held-out sets

The held-out sets: bench/kinds_heldout.csv (Dutch, English, German; written for this
project and committed before the model was trained) and the demo programme's contributions
(src/oogst/demo/data/contributions.yaml, Dutch, written by another session for the demo)
with their knel/kiem/idee. C is chosen by 5-fold cross-validation on the training set only.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "oogst" / "demo" / "data" / "contributions.yaml"
HELDOUT = ROOT / "bench" / "kinds_heldout.csv"
MAIN = ("knel", "kiem", "idee")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def main() -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    from oogst.analysis import EmbeddingCache, UseEmbedder
    from oogst.analysis.embed import embed_with_cache
    from oogst.analysis.kinds import MODEL_PATH, TRAINING_PATH, KindClassifier, train_kind_model

    parser = argparse.ArgumentParser()
    parser.add_argument("--score", action="store_true")
    parser.add_argument("--cache", help="embedding cache folder (default: a fresh one)")
    args = parser.parse_args()
    cache = EmbeddingCache(args.cache or tempfile.mkdtemp(prefix="oogst-kinds-"))
    embedder = UseEmbedder()

    def embed(texts: list[str]) -> np.ndarray:
        return embed_with_cache(embedder, texts, cache)[0]

    train = rows(TRAINING_PATH)
    texts, kinds = [r["text"] for r in train], [r["kind"] for r in train]
    dense = embed(texts)
    if not args.score:
        features = np.hstack([dense, KindClassifier().cue_scores(texts)])
        folds = StratifiedKFold(5, shuffle=True, random_state=0)
        grid = {
            C: cross_val_score(
                LogisticRegression(C=C, max_iter=2000, random_state=0), features, kinds, cv=folds
            ).mean()
            for C in (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
        }
        best = max(grid, key=lambda C: (grid[C], -C))
        print("C by 5-fold CV on the training set:", {c: round(a, 3) for c, a in grid.items()})
        model = train_kind_model(texts, kinds, dense, embedder.name, C=best)
        MODEL_PATH.write_text(model.to_json() + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH} (C={best}, {len(texts)} sentences: {dict(Counter(kinds))})")
        return 0

    held = rows(HELDOUT)
    demo = [
        {"kind": c["kind"], "language": "nl (demo)", "text": c["text"]}
        for c in yaml.safe_load(DEMO.read_text(encoding="utf-8"))["contributions"]
        if c.get("kind") in MAIN
    ]
    for name, data in (("held-out", held), ("demo", demo)):
        for language in sorted({r["language"] for r in data}):
            part = [r for r in data if r["language"] == language]
            t = [r["text"] for r in part]
            truth = [r["kind"] for r in part]
            vectors = embed(t)
            found = {}
            for label, classifier in (
                ("model", KindClassifier(embedder=embedder.name)),
                ("zero-shot", KindClassifier(embedder=embedder.name, model=None)),
            ):
                predicted = classifier.predict(t, vectors, embed)
                found[label] = np.mean([p == k for p, k in zip(predicted, truth, strict=True)])
            if name == "demo":
                # A run in which facilitators gave the kind of 50 contributions (drawn at
                # random, seed 0): the others predicted, scored on those.
                given = dict.fromkeys(
                    np.random.default_rng(0).choice(len(t), 50, replace=False).tolist()
                )
                known = {r: truth[r] for r in given}
                predicted = KindClassifier(embedder=embedder.name).predict(t, vectors, embed, known)
                rest = [i for i in range(len(t)) if i not in known]
                found["model + 50 given"] = np.mean([predicted[i] == truth[i] for i in rest])
            knel = np.mean([k == "knel" for k in truth])
            print(
                f"{name:<9} {language:<10} n={len(part):<4} model {found['model']:.3f}  "
                f"zero-shot {found['zero-shot']:.3f}  always knel {knel:.3f}"
                + (
                    f"  model + 50 given in the run {found['model + 50 given']:.3f}"
                    if "model + 50 given" in found
                    else ""
                )
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
