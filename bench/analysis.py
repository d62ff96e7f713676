"""Benchmark of oogst.analysis: quality on real Polis data, speed on synthetic data, BERTopic.

    python bench/analysis.py                  # everything that fits in ~15 minutes
    python bench/analysis.py --only quality   # Klimarat / HiveMind / Polis groups only
    python bench/analysis.py --only speed --rows 100000
    python bench/analysis.py --million        # also 1,000,000 rows (slow)

Each measurement runs in its own process, so its peak memory (ru_maxrss) and its seconds
include loading the model, as a user would see them. Embedding caches live in a fresh
temporary directory: the first run on a data set is always cold. Prints a table.
The Polis data is read from ../shared/data/polis (or $OOGST_SHARED_DATA); nothing is copied.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BERTOPIC_PYTHON = HERE / ".venv-bertopic" / "bin" / "python"
# The labelled merges of ../shared/data/polis (oogst.analysis.polis.load_benchmark).
BENCHMARKS = ("klimarat", "hivemind")

# Which codebook theme each benchmark conversation is about. Used only to score.
GOLD_THEME = {
    "Energie": "energie",
    "Produktion und Konsum": "produktion-konsum",
    "Mobilität": "mobilitaet",
    "Wohnen": "wohnen",
    "Ernährung und Landnutzung": "ernaehrung-landnutzung",
    "ScoopNZ Hivemind on affordable housing": "affordable-housing",
    "Protecting and Restoring NZ’s Biodiversity": "biodiversity",
    "HiveMind - Freshwater Quality in NZ": "freshwater",
    "Tax HiveMind Window": "taxes",
    "A Universal Basic Income for Aotearoa NZ?": "ubi",
}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _codebook(name: str) -> dict:
    import yaml

    return yaml.safe_load((HERE / "codebooks" / f"{name}.yaml").read_text(encoding="utf-8"))


def task_polis(
    name: str,
    cache: str,
    shots: int,
    embeddings_out: str | None,
    clusters: str = "auto",
    embedder: str = "use",
) -> dict:
    """Zero-shot (shots=0) or few-shot coding and clustering of a Polis benchmark.

    `clusters`: "auto" (the default rule) or a number, e.g. the codebook's number of themes.
    `embedder`: "use" (the default) or "lexical".
    """
    import numpy as np

    from oogst.analysis import EmbeddingCache, Pipeline, Settings
    from oogst.analysis.evaluate import evaluate
    from oogst.analysis.polis import load_benchmark

    records, topics = load_benchmark(name)
    gold = {r["id"]: GOLD_THEME[t] for r, t in zip(records, topics, strict=True)}
    labels: dict[str, str] = {}
    if shots:
        rng = random.Random(0)
        for theme in sorted(set(gold.values())):
            members = sorted(i for i, g in gold.items() if g == theme)
            labels.update({i: theme for i in rng.sample(members, shots)})
    started = time.perf_counter()
    cpu = time.process_time()
    n_clusters: int | str = int(clusters) if clusters != "auto" else "auto"
    pipeline = Pipeline(
        Settings(n_clusters=n_clusters, embedder=embedder), cache=EmbeddingCache(cache)
    )
    result = pipeline.run(records, _codebook(name), labels=labels).to_dict()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    scored = {i: g for i, g in gold.items() if i not in labels}
    figures = evaluate(result, scored)
    if embeddings_out:
        from oogst.analysis.embed import embed_with_cache

        vectors, _ = embed_with_cache(
            pipeline.embedder, [r["text"] for r in records], EmbeddingCache(cache)
        )
        np.save(embeddings_out, vectors)
        Path(embeddings_out).with_suffix(".json").write_text(
            json.dumps({"name": name, "texts": [r["text"] for r in records], "gold": topics})
        )
    return {
        "data": f"{name} {'zero-shot' if not shots else f'{shots}/theme labelled'}"
        + (f", k={clusters}" if clusters != "auto" else "")
        + (f", {embedder}" if embedder != "use" else ""),
        "rows": len(records),
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "peak_mb": round(peak_mb()),
        "macro_f1": figures["theme_macro_f1"],
        "accuracy": figures["theme_accuracy"],
        "nmi": figures["cluster_nmi"],
        "ari": figures["cluster_ari"],
        "clusters": figures["n_clusters"],
        "scored_on": figures["n"],
    }


def task_ceiling(name: str, cache: str, extra: str | None = None, embedder: str = "use") -> dict:
    """What a fully supervised classifier reaches on the same features (5-fold CV, gold labels).

    Not a method: a yardstick for how far the text itself carries the conversation label.
    Its predictions are also scored as a clustering (NMI, ARI against the conversations):
    a clustering that sees no label can hardly beat a classifier trained on four fifths.
    `extra`: a .npy of other embeddings of the same texts (MiniLM, from bertopic_run.py) to
    add to the features.
    """
    import numpy as np
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import adjusted_rand_score, f1_score, normalized_mutual_info_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from oogst.analysis import EmbeddingCache
    from oogst.analysis.cluster import lexical_view
    from oogst.analysis.embed import embed_with_cache, make_embedder
    from oogst.analysis.polis import load_benchmark
    from oogst.analysis.text import corpus_language

    records, topics = load_benchmark(name)
    texts = [r["text"] for r in records]
    dense, _ = embed_with_cache(make_embedder(embedder), texts, EmbeddingCache(cache))
    lexical = lexical_view(texts, corpus_language(texts)).matrix
    if extra:
        dense = np.hstack([dense, np.load(extra)])
    features = sparse.hstack([sparse.csr_matrix(dense), lexical], format="csr")
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    predicted = cross_val_predict(
        LogisticRegression(max_iter=2000), features, np.array(topics), cv=folds
    )
    return {
        "data": f"{name} supervised 5-fold (ceiling){', + MiniLM' if extra else ''}"
        + (f" [{embedder}]" if embedder != "use" else ""),
        "rows": len(records),
        "macro_f1": round(float(f1_score(topics, predicted, average="macro")), 4),
        "nmi": round(float(normalized_mutual_info_score(topics, predicted)), 4),
        "ari": round(float(adjusted_rand_score(topics, predicted)), 4),
        "clusters": len(set(predicted)),
    }


def task_opinion() -> dict:
    from oogst.analysis.opinion import agreement_with_polis, opinion_groups
    from oogst.analysis.polis import read_vote_matrix, shared_polis_dir

    rows = []
    for folder in sorted(shared_polis_dir().iterdir()):
        if not (folder / "participants-votes.csv").exists():
            continue
        votes = read_vote_matrix(folder)
        polis_k = len({g for g in votes.polis_groups if g})
        auto = opinion_groups(votes.votes, statements=votes.comments)
        same_k = opinion_groups(votes.votes, k=polis_k, statements=votes.comments)
        rows.append(
            {
                "conversation": folder.name,
                "participants": len(votes.participants),
                "polis_k": polis_k,
                "our_k": auto.k,
                "ari_auto_k": round(agreement_with_polis(auto, votes.polis_groups), 3),
                "ari_polis_k": round(agreement_with_polis(same_k, votes.polis_groups), 3),
            }
        )
    return {"opinion": rows}


def task_speed(rows: int, cache: str, new: int, embedder: str) -> dict:
    sys.path.insert(0, str(HERE))
    from analysis_synth import codebook, generate

    from oogst.analysis import EmbeddingCache, Pipeline, Settings

    records = generate(rows, seed=0)
    extra = generate(new, seed=1, start=rows) if new else []
    for record in extra:
        # Unlike anything in the first set, so all `new` rows really need embedding.
        record["text"] += " Dat is nieuw."
    records += extra
    steps: dict[str, float] = {}
    marks = {"step": "", "at": time.perf_counter()}

    def progress(step: str, done: int, total: int) -> None:
        if step != marks["step"]:
            now = time.perf_counter()
            if marks["step"]:
                steps[marks["step"]] = round(now - marks["at"], 1)
            marks.update(step=step, at=now)

    started = time.perf_counter()
    cpu = time.process_time()
    pipeline = Pipeline(Settings(embedder=embedder), cache=EmbeddingCache(cache))
    result = pipeline.run(records, codebook(), progress=progress)
    progress("end", 0, 0)
    seconds = time.perf_counter() - started
    return {
        "data": f"synthetic{' +' + str(new) + ' new (cached)' if new else ''} [{embedder}]",
        "rows": len(records),
        "seconds": round(seconds, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
        "peak_mb": round(peak_mb()),
        "embedded": pipeline.embedded_count,
        "clusters": result.run["counts"]["clusters"],
        "steps": steps,
    }


def run_task(args: list[str]) -> dict:
    """Run one task in a fresh process and return its JSON line."""
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--task", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return {"data": " ".join(args), "error": proc.stderr.strip().splitlines()[-1:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_bertopic(embeddings: str, model: str) -> dict:
    label = f"BERTopic {Path(embeddings).stem} [{model}]"
    if not BERTOPIC_PYTHON.exists():
        return {"data": label, "error": f"no {BERTOPIC_PYTHON} (see docs)"}
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    proc = subprocess.run(
        [str(BERTOPIC_PYTHON), str(HERE / "bertopic_run.py"), embeddings, model],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if proc.returncode != 0:
        return {"data": label, "error": proc.stderr.strip().splitlines()[-3:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


COLUMNS = (
    "data",
    "rows",
    "seconds",
    "cpu_seconds",
    "rows_per_s",
    "peak_mb",
    "embedded",
    "macro_f1",
    "accuracy",
    "nmi",
    "ari",
    "clusters",
)


def print_table(rows: list[dict]) -> None:
    for row in rows:
        if row.get("seconds") and row.get("rows"):
            row["rows_per_s"] = round(row["rows"] / row["seconds"])
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in COLUMNS}
    print("  ".join(c.ljust(widths[c]) for c in COLUMNS))
    for row in rows:
        print("  ".join(str(row.get(c, "")).ljust(widths[c]) for c in COLUMNS))
        if row.get("steps"):
            print("    steps (s): " + ", ".join(f"{k} {v}" for k, v in row["steps"].items()))
        if row.get("error"):
            print(f"    error: {row['error']}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["quality", "speed", "bertopic"])
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--million", action="store_true")
    parser.add_argument("--task", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.task:
        kind, *rest = args.task
        if kind == "polis":
            embeddings = rest[3] if len(rest) > 3 and rest[3] != "-" else None
            clusters = rest[4] if len(rest) > 4 else "auto"
            embedder = rest[5] if len(rest) > 5 else "use"
            out = task_polis(rest[0], rest[1], int(rest[2]), embeddings, clusters, embedder)
        elif kind == "ceiling":
            out = task_ceiling(rest[0], rest[1], rest[2] if len(rest) > 2 else None)
        elif kind == "opinion":
            out = task_opinion()
        elif kind == "speed":
            out = task_speed(int(rest[0]), rest[1], int(rest[2]), rest[3])
        else:
            raise SystemExit(f"unknown task {kind}")
        print(json.dumps(out, ensure_ascii=False))
        return 0

    from oogst.analysis.polis import shared_polis_dir

    print(
        f"# oogst.analysis benchmark — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores "
        f"(affinity {len(os.sched_getaffinity(0))}), python {platform.python_version()}"
    )
    rows: list[dict] = []
    opinion: list[dict] = []
    have_polis = shared_polis_dir().is_dir()
    with tempfile.TemporaryDirectory(prefix="oogst-bench-") as tmp:
        embeddings = {name: str(Path(tmp) / f"{name}-use.npy") for name in BENCHMARKS}
        if args.only in (None, "quality", "bertopic") and have_polis:
            cache = str(Path(tmp) / "cache-polis")
            rows.append(run_task(["polis", "klimarat", cache, "0", embeddings["klimarat"]]))
            if args.only != "bertopic":
                rows.append(run_task(["polis", "klimarat", cache, "10"]))
                rows.append(run_task(["polis", "klimarat", cache, "0", "-", "5"]))
            rows.append(run_task(["polis", "hivemind", cache, "0", embeddings["hivemind"]]))
            if args.only != "bertopic":
                rows.append(run_task(["polis", "hivemind", cache, "10"]))
                for name in BENCHMARKS:
                    rows.append(run_task(["polis", name, cache, "0", "-", "auto", "lexical"]))
                rows.append(run_task(["ceiling", "klimarat", cache]))
                rows.append(run_task(["ceiling", "hivemind", cache]))
                opinion = run_task(["opinion"]).get("opinion", [])
        elif not have_polis:
            print(f"(skipping quality: {shared_polis_dir()} is absent)")
        if args.only in (None, "bertopic") and have_polis:
            for name in BENCHMARKS:
                rows.append(run_bertopic(embeddings[name], "use"))
                rows.append(run_bertopic(embeddings[name], "minilm"))
                # The yardstick again with MiniLM's vectors (saved by the run above) added.
                minilm = Path(tmp) / f"{name}-minilm.npy"
                if minilm.exists():
                    rows.append(
                        run_task(["ceiling", name, str(Path(tmp) / "cache-polis"), str(minilm)])
                    )
        if args.only in (None, "speed"):
            sizes = [args.rows] + ([1_000_000] if args.million else [])
            for size in sizes:
                cache = str(Path(tmp) / f"cache-{size}")
                rows.append(run_task(["speed", str(size), cache, "0", "use"]))
                rows.append(run_task(["speed", str(size), cache, "1000", "use"]))
            rows.append(run_task(["speed", str(args.rows), str(Path(tmp) / "lex"), "0", "lexical"]))
    print_table(rows)
    if opinion:
        print("\n# Opinion groups vs Polis group-id (adjusted Rand index)")
        print_table_simple(opinion)
    return 0


def print_table_simple(rows: list[dict]) -> None:
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(str(row[c]).ljust(widths[c]) for c in columns))


if __name__ == "__main__":
    sys.exit(main())
