"""`oogst analyse` and `oogst evaluate`: the analysis from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .codebook import load_codebook
from .evaluate import evaluate
from .io import read_contributions, read_examples, read_table
from .pipeline import Pipeline, Settings
from .report import WORDS, render_report


class _Progress:
    """One tqdm bar per step on stderr."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.step: str | None = None
        self.bar: Any = None

    def __call__(self, step: str, done: int, total: int) -> None:
        if self.quiet:
            return
        from tqdm import tqdm

        if step != self.step:
            self.close()
            self.step = step
            self.bar = tqdm(total=max(total, 1), desc=f"{step:<9}", file=sys.stderr, leave=True)
        if self.bar is not None:
            self.bar.total = max(total, 1)
            self.bar.n = min(done, self.bar.total)
            self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def analyse_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="oogst analyse",
        description="Code, cluster and summarise contributions; writes analysis.json and "
        "report.html.",
    )
    parser.add_argument("input", help="CSV, XLSX or JSONL with columns id and text")
    parser.add_argument("--codebook", required=True, help="YAML or JSON codebook")
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument("--examples", help="labelled examples: CSV/JSONL with text and theme")
    parser.add_argument(
        "--embedder", default="use", help="use (default), lexical, or st:NAME (installed model)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--clusters", default="auto", help="number of clusters, or auto")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument(
        "--report-language", choices=["nl", "en"], default="nl", help="language of report.html"
    )
    parser.add_argument(
        "--redact",
        action="store_true",
        help="replace personal data (names, e-mail, phone numbers, ...) with markers before "
        "analysing, so that analysis.json and report.html carry none (oogst.privacy)",
    )
    args = parser.parse_args(argv)

    try:
        records = read_contributions(args.input)
        codebook = load_codebook(args.codebook)
        examples = read_examples(args.examples) if args.examples else None
    except (OSError, ValueError) as exc:
        print(f"oogst analyse: {exc}", file=sys.stderr)
        return 2
    n_clusters: int | str = int(args.clusters) if args.clusters != "auto" else "auto"
    settings = Settings(embedder=args.embedder, seed=args.seed, n_clusters=n_clusters)
    progress = _Progress(args.quiet)
    if args.redact:
        _redact(records, progress)
    try:
        result = Pipeline(settings).run(records, codebook, examples, progress=progress)
    except ValueError as exc:
        progress.close()
        print(f"oogst analyse: {exc}", file=sys.stderr)
        return 2
    progress.close()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "analysis.json").write_text(result.to_json() + "\n", encoding="utf-8")
    (out / "report.html").write_text(
        render_report(
            result.to_dict(),
            records,
            title=f"{WORDS[args.report_language]['title']}: {Path(args.input).name}",
            language=args.report_language,
        ),
        encoding="utf-8",
    )
    if not args.quiet:
        counts = result.run["counts"]
        print(
            f"{counts['contributions']} contributions, {counts['clusters']} clusters, "
            f"{result.run['seconds']} s -> {out / 'analysis.json'}, {out / 'report.html'}"
        )
    return 0


def _redact(records: list[dict[str, Any]], progress: _Progress) -> None:
    """Replace personal data in every record's text, in place (the ids stay)."""
    from oogst.privacy import Redactor

    redactor = Redactor()
    for done, record in enumerate(records):
        if done % 500 == 0:
            progress("redact", done, len(records))
        record["text"] = redactor.redact(str(record.get("text") or "")).text
    progress("redact", len(records), len(records))


GOLD_COLUMNS = ("gold", "theme", "group", "topic", "label")


def evaluate_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="oogst evaluate",
        description="Compare an analysis with gold labels: theme accuracy, macro-F1, NMI/ARI.",
    )
    parser.add_argument("analysis", help="analysis.json, or the directory holding it")
    parser.add_argument("gold", help="CSV/JSONL/XLSX with id and a gold column")
    parser.add_argument(
        "--column", help=f"gold column (default: first of {', '.join(GOLD_COLUMNS)})"
    )
    parser.add_argument("--codebook", help="map gold theme names to the codebook's ids")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    path = Path(args.analysis)
    if path.is_dir():
        path = path / "analysis.json"
    try:
        analysis = json.loads(path.read_text(encoding="utf-8"))
        rows = read_table(args.gold)
    except (OSError, ValueError) as exc:
        print(f"oogst evaluate: {exc}", file=sys.stderr)
        return 2
    if not rows or "id" not in rows[0]:
        print("oogst evaluate: the gold file needs an id column", file=sys.stderr)
        return 2
    column = args.column or next((c for c in GOLD_COLUMNS if c in rows[0]), None)
    if column is None or column not in rows[0]:
        print(f"oogst evaluate: no gold column among {sorted(rows[0])}", file=sys.stderr)
        return 2
    gold = {str(r["id"]): str(r[column]) for r in rows if str(r.get(column) or "").strip()}
    theme_map: dict[str, str] = {}
    if args.codebook:
        for theme in load_codebook(args.codebook).themes:
            theme_map[theme.name] = theme.id
            theme_map[theme.name.lower()] = theme.id
        gold = {k: theme_map.get(v, theme_map.get(v.lower(), v)) for k, v in gold.items()}
    figures = evaluate(analysis, gold)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return 0
    print(f"contributions scored: {figures['n']}")
    for key in ("theme_accuracy", "theme_macro_f1", "cluster_nmi", "cluster_ari", "n_clusters"):
        if key in figures:
            print(f"{key:<16} {figures[key]}")
    for theme, f1 in figures.get("theme_f1", {}).items():
        print(f"  F1 {theme:<30} {f1}")
    return 0
