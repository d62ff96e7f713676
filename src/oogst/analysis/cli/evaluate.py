"""`oogst evaluate`: an analysis against gold labels (theme accuracy, macro-F1, NMI/ARI)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..codebook import load_codebook
from ..io import capped, field_for_name, read_table
from .common import Failure, output_closed, read_or_fail, some

if TYPE_CHECKING:
    from ..evaluate import GoldLabels

GOLD_COLUMNS = ("gold", "theme", "group", "topic", "label")


def evaluate_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="oogst evaluate",
        description="Compare an analysis with gold labels: theme accuracy, macro-F1, NMI/ARI.",
        epilog="Exit status 0 when everything was scored; 1 when the clusters were scored but "
        "no gold label is a theme id (no theme scores); 2 on an error; 141 when the output's "
        "reader stopped early (as `| head` does).",
    )
    parser.add_argument("analysis", help="analysis.json, or the directory holding it")
    parser.add_argument("gold", help="CSV/JSONL/XLSX with id and a gold column")
    parser.add_argument(
        "--column", help=f"gold column (default: first of {', '.join(GOLD_COLUMNS)})"
    )
    parser.add_argument("--codebook", help="map gold theme names to the codebook's ids")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        status = _evaluate(args)
        sys.stdout.flush()  # here, where a closed pipe can still be caught
        return status
    except Failure as exc:
        print(f"oogst evaluate: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return output_closed()


def _evaluate(args: argparse.Namespace) -> int:
    from ..evaluate import evaluate, gold_labels

    path = Path(args.analysis)
    if path.is_dir():
        path = path / "analysis.json"
    analysis = read_or_fail(str(path), _read_analysis)
    rows = read_or_fail(args.gold, lambda p: read_table(p, needs=("id",)))
    if not rows:
        raise Failure(f"{args.gold}: the gold file has no rows")
    if "id" not in rows[0]:
        raise Failure(f"{args.gold}: needs an id column (found {', '.join(sorted(rows[0]))})")
    # A known column name is read under the field's own name ("Thema" is "theme").
    asked = (field_for_name(args.column) or args.column.strip()) if args.column else None
    column = asked or next((c for c in GOLD_COLUMNS if c in rows[0]), None)
    if column is None or column not in rows[0]:
        raise Failure(
            f"{args.gold}: no gold column {column or 'among ' + ', '.join(GOLD_COLUMNS)} "
            f"(found {', '.join(sorted(rows[0]))}); name it with --column"
        )
    codebook = read_or_fail(args.codebook, load_codebook) if args.codebook else None
    read = gold_labels(rows, column, codebook.theme_id if codebook else None)
    gold = read.labels
    figures = {**evaluate(analysis, gold), **read.summary()}
    if figures["n"] == 0 and not gold and read.conflicting:
        raise Failure(
            f"{args.gold}: every labelled id has conflicting labels "
            f"({some(read.conflicting)}); nothing to score"
        )
    if figures["n"] == 0:
        raise Failure(
            f"{args.gold}: none of its {len(gold)} labelled ids is a contribution id in {path} "
            f"(gold ids such as {some(gold)}; analysis ids such as "
            f"{some(str(c['id']) for c in analysis['contributions'])}); are both from the "
            "same input file?"
        )
    unknown = figures["labels_not_themes"]
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
    else:
        print(
            f"gold rows: {len(rows)}; scored {figures['n']} contributions, "
            f"{figures['gold_unmatched']} gold id(s) not in the analysis, "
            f"{read.without_label} row(s) without a gold label"
        )
        left_out = _left_out(read, figures)
        if left_out:
            print(f"left out: {left_out}")
        for key in (
            "theme_accuracy",
            "theme_macro_f1",
            "cluster_nmi",
            "cluster_ari",
            "n_clusters",
        ):
            if key in figures:
                print(f"{key:<16} {figures[key]}")
            if key == "theme_macro_f1" and key in figures:
                print(f"{'macro_f1_over':<16} {_macro_over(figures)}")
        for theme, f1 in figures.get("theme_f1", {}).items():
            print(f"  F1 {theme:<30} {f1}")
    if read.conflicting:
        conflicts = [
            f"{i!r} ({', '.join(map(repr, labels))})" for i, labels in read.conflicting.items()
        ]
        print(
            f"oogst evaluate: {args.gold}: {len(conflicts)} id(s) have conflicting gold labels "
            f"and are left out of every score: {capped(conflicts)}",
            file=sys.stderr,
        )
    if "theme_accuracy" not in figures:
        where = f"a theme id or name in {args.codebook}" if args.codebook else "a theme id"
        hint = "" if args.codebook else "; pass --codebook to map theme names to ids"
        print(
            f"oogst evaluate: {args.gold}: none of the gold labels in column {column!r} is "
            f"{where} of the analysis (labels such as {some(unknown)}){hint}. "
            "No theme scores.",
            file=sys.stderr,
        )
        return 1
    if unknown:
        named = f" (by its id, or by its name in {args.codebook})" if args.codebook else ""
        hint = "" if args.codebook else " (pass --codebook to map theme names to ids)"
        print(
            f"oogst evaluate: {args.gold}: {figures['rows_not_themes']} row(s) have a gold "
            f"label that names no theme of the analysis{named}; they are left out of the "
            f"theme scores, not of the cluster scores: {some(unknown, 10)}{hint}",
            file=sys.stderr,
        )
    return 0


def _left_out(read: GoldLabels, figures: dict[str, Any]) -> str:
    """What of the gold file was not scored, and why, or "" when everything was."""
    parts = []
    if read.conflicting:
        parts.append(f"{len(read.conflicting)} gold id(s) with conflicting labels")
    if read.without_id:
        parts.append(f"{read.without_id} row(s) without an id")
    if figures["rows_not_themes"]:
        parts.append(
            f"{figures['rows_not_themes']} row(s) whose label is no theme (from the theme "
            "scores only)"
        )
    return ", ".join(parts)


def _macro_over(figures: dict[str, Any]) -> str:
    """Which themes theme_macro_f1 averages over: those with a gold label (a theme without
    one has no F1 to speak of)."""
    over = figures["theme_macro_f1_over"]
    text = f"{len(over)} theme(s) with a gold label: {capped(over)}"
    if figures["themes_without_gold"]:
        text += (
            f"; not over {len(figures['themes_without_gold'])} theme(s) without one: "
            f"{capped(figures['themes_without_gold'])}"
        )
    return text


def _read_analysis(path: str) -> dict[str, Any]:
    try:
        analysis = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(analysis, dict) or not isinstance(analysis.get("contributions"), list):
        raise ValueError("not an analysis.json of `oogst analyse` (it has no contributions)")
    return analysis
