"""Scoring an analysis against gold labels: theme accuracy, macro-F1, and NMI/ARI of clusters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sklearn.metrics import (
    adjusted_rand_score,
    f1_score,
    normalized_mutual_info_score,
)

from .io import id_text


@dataclass
class GoldLabels:
    """The gold labels of a file, one per id, and what was left out on the way."""

    labels: dict[str, str] = field(default_factory=dict)
    # Ids given two different labels: which one is right is unknown, so neither is scored.
    conflicting: dict[str, list[str]] = field(default_factory=dict)
    # Ids given more than once with the same label: counted once.
    repeated: int = 0
    # Rows with an id but no label, and rows with a label but no id.
    without_label: int = 0
    without_id: int = 0

    def summary(self) -> dict[str, Any]:
        """The figures that describe the gold file, for `evaluate --json`."""
        return {
            "gold_conflicting": sorted(self.conflicting),
            "gold_repeated": self.repeated,
            "gold_rows_without_label": self.without_label,
            "gold_rows_without_id": self.without_id,
        }


def gold_labels(
    rows: Iterable[Mapping[str, Any]],
    column: str,
    theme_of: Callable[[str], str | None] | None = None,
) -> GoldLabels:
    """The label in `column` of each row's `id`. `theme_of` turns a label into a theme id
    (a theme's name into its id; None: keep the label as written), before duplicates are
    compared, so that "Energie" and "energie" on the same id agree."""
    gold = GoldLabels()
    # Per id: each label it was given (as theme_of reads it), and how the file wrote it.
    seen: dict[str, dict[str, str]] = {}
    for row in rows:
        # 17.0 in a spreadsheet's id column is the contribution 17, as `oogst analyse` reads it.
        identifier = id_text(row["id"]) if row.get("id") is not None else ""
        label = str(row.get(column) if row.get(column) is not None else "").strip()
        if not identifier:
            gold.without_id += bool(label)
            continue
        if not label:
            gold.without_label += 1
            continue
        read = (theme_of(label) if theme_of else None) or label
        labels = seen.setdefault(identifier, {})
        gold.repeated += read in labels
        labels.setdefault(read, label)
    for identifier, labels in seen.items():
        if len(labels) == 1:
            gold.labels[identifier] = next(iter(labels))
        else:
            gold.conflicting[identifier] = sorted(labels.values())
    return gold


def evaluate(
    analysis: Mapping[str, Any],
    gold: Mapping[str, str],
    theme_map: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Compare `analysis` (analysis.json as a dict) with gold labels (id -> gold label).

    Theme scores need the gold labels to be theme ids; `theme_map` maps gold labels to
    theme ids where they differ (e.g. a conversation's topic to the codebook id). Contributions
    without a gold label are skipped; a missing theme counts as wrong. A gold label that is no
    theme id of the analysis (a typo, a topic the codebook lacks) says nothing about how well
    the themes were found: its rows are left out of the theme scores (they still count for
    the clusters), so they never add a class scoring 0 to the macro average. When no gold
    label is a theme id there are no theme scores, only cluster scores.

    Besides the scores: `n` contributions scored, `theme_n` of them for the themes,
    `gold_unmatched` gold ids that are no contribution of the analysis, `labels_not_themes`
    gold labels that are no theme id with `rows_not_themes` rows holding them,
    `theme_macro_f1_over` the themes the macro average is over (those with a gold label), and
    `themes_without_gold` the analysis's themes no gold label names (not in the average).
    """
    theme_map = dict(theme_map or {})
    theme_ids = {str(t["id"]) for t in analysis.get("themes", [])} or {
        str(c["theme"]) for c in analysis["contributions"] if c.get("theme")
    }
    predicted, truth, clusters, groups = [], [], [], []
    not_themes: Counter[str] = Counter()
    n = 0
    for c in analysis["contributions"]:
        label = gold.get(str(c["id"]))
        if label is None or label == "":
            continue
        n += 1
        if c.get("cluster") is not None:
            clusters.append(int(c["cluster"]))
            groups.append(label)
        gold_theme = theme_map.get(label, label)
        if gold_theme in theme_ids:
            predicted.append(c.get("theme") or "(none)")
            truth.append(gold_theme)
        else:
            not_themes[gold_theme] += 1
    labelled = {k for k, v in gold.items() if v != ""}
    result: dict[str, Any] = {
        "n": n,
        "theme_n": len(truth),
        "gold_unmatched": len(labelled - {str(c["id"]) for c in analysis["contributions"]}),
        "labels_not_themes": sorted(not_themes),
        "rows_not_themes": sum(not_themes.values()),
    }
    if truth:
        labels = sorted(set(truth))
        result["theme_accuracy"] = round(
            sum(p == t for p, t in zip(predicted, truth, strict=True)) / len(truth), 4
        )
        result["theme_macro_f1"] = round(
            float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)), 4
        )
        result["theme_macro_f1_over"] = labels
        result["themes_without_gold"] = sorted(theme_ids - set(labels))
        per_theme = f1_score(truth, predicted, labels=labels, average=None, zero_division=0)
        result["theme_f1"] = {
            lab: round(float(f), 4) for lab, f in zip(labels, per_theme, strict=True)
        }
    if clusters:
        result["cluster_nmi"] = round(float(normalized_mutual_info_score(groups, clusters)), 4)
        result["cluster_ari"] = round(float(adjusted_rand_score(groups, clusters)), 4)
        result["n_clusters"] = len(set(clusters))
    return result
