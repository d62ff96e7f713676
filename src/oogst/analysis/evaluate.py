"""Scoring an analysis against gold labels: theme accuracy, macro-F1, and NMI/ARI of clusters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sklearn.metrics import (
    adjusted_rand_score,
    f1_score,
    normalized_mutual_info_score,
)


def evaluate(
    analysis: Mapping[str, Any],
    gold: Mapping[str, str],
    theme_map: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Compare `analysis` (analysis.json as a dict) with gold labels (id -> gold label).

    Theme scores need the gold labels to be theme ids; `theme_map` maps gold labels to
    theme ids where they differ (e.g. a conversation's topic to the codebook id). Contributions
    without a gold label are skipped; a missing theme counts as wrong. When no gold label is
    a theme id of the analysis there are no theme scores, only cluster scores.

    Besides the scores: `n` contributions scored, `gold_unmatched` gold ids that are no
    contribution of the analysis, `labels_not_themes` gold labels that are no theme id.
    """
    theme_map = dict(theme_map or {})
    theme_ids = {str(t["id"]) for t in analysis.get("themes", [])} or {
        str(c["theme"]) for c in analysis["contributions"] if c.get("theme")
    }
    predicted, truth, clusters, groups = [], [], [], []
    for c in analysis["contributions"]:
        label = gold.get(str(c["id"]))
        if label is None or label == "":
            continue
        gold_theme = theme_map.get(label, label)
        predicted.append(c.get("theme") or "(none)")
        truth.append(gold_theme)
        if c.get("cluster") is not None:
            clusters.append(int(c["cluster"]))
            groups.append(label)
    labelled = {k for k, v in gold.items() if v != ""}
    result: dict[str, Any] = {
        "n": len(truth),
        "gold_unmatched": len(labelled - {str(c["id"]) for c in analysis["contributions"]}),
        "labels_not_themes": sorted(set(truth) - theme_ids),
    }
    # Gold labels that are no theme at all would score 0.0, which reads like a real score.
    if set(truth) & theme_ids:
        labels = sorted(set(truth))
        result["theme_accuracy"] = round(
            sum(p == t for p, t in zip(predicted, truth, strict=True)) / len(truth), 4
        )
        result["theme_macro_f1"] = round(
            float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)), 4
        )
        per_theme = f1_score(truth, predicted, labels=labels, average=None, zero_division=0)
        result["theme_f1"] = {
            lab: round(float(f), 4) for lab, f in zip(labels, per_theme, strict=True)
        }
    if clusters:
        result["cluster_nmi"] = round(float(normalized_mutual_info_score(groups, clusters)), 4)
        result["cluster_ari"] = round(float(adjusted_rand_score(groups, clusters)), 4)
        result["n_clusters"] = len(set(clusters))
    return result
