"""Export formats for a programme's publishable quotes: CSV and JSON (the memo for ministers
is made with the other products, in `oogst.products`). They take a `QuoteSelection` (only
reviewed, consented, redacted text) and never a contribution, so raw text cannot reach them."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from .selectors import QuoteSelection

CSV_COLUMNS = ["id", "tekst", "rol", "soort", "tafel", "gemeente", "themas", "gecontroleerd_op"]


def quotes_csv(selection: QuoteSelection) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for q in selection.quotes:
        writer.writerow(
            [
                q.contribution_id,
                q.text,
                q.role,
                q.kind,
                q.table,
                q.municipality,
                " | ".join(q.themes),
                q.reviewed_at,
            ]
        )
    return out.getvalue()


def quotes_json(selection: QuoteSelection) -> dict:
    return {
        "programme": {"slug": selection.programme.slug, "name": selection.programme.name},
        "theme": selection.theme.slug if selection.theme else None,
        "generated_at": timezone.now().isoformat(),
        "quotes": [
            {
                "id": q.contribution_id,
                "text": q.text,
                "role": q.role,
                "kind": q.kind,
                "table": q.table,
                "municipality": q.municipality,
                "themes": q.themes,
                "reviewed_at": q.reviewed_at,
            }
            for q in selection.quotes
        ],
        "withheld": {reason: n for reason, _label, n in selection.withheld_rows()},
        "withheld_total": selection.withheld_total,
        "candidates": selection.candidates,
    }
