"""`oogst analyse --label-next N`: the N contributions whose label would teach the next run
most, as a spreadsheet for the analyst (label_next.csv), to fill in and pass back with
`--examples`."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from ..codebook import Codebook
from ..result import AnalysisDict
from ..text import plain_text

LABEL_NEXT = "label_next.csv"
# guess, confidence and kind_guess are what this run thinks; theme and kind are the
# analyst's, left empty: a row comes back as a label only when the analyst filled in a theme.
COLUMNS = ("id", "text", "guess", "confidence", "theme", "kind_guess", "kind")


def label_next_csv(
    analysis: AnalysisDict, records: Sequence[Mapping[str, Any]], codebook: Codebook
) -> str:
    """label_next.csv for the run's `label_next` ids, most useful first."""
    by_id = {str(r.get("id")): r for r in records}
    contributions = {str(c["id"]): c for c in analysis["contributions"]}
    names = {t.id: t.name for t in codebook.themes}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for cid in analysis["label_next"]:
        found = contributions[cid]
        best = found["themes"][0] if found["themes"] else None
        writer.writerow(
            [
                cid,
                plain_text(str(by_id[cid].get("text") or "")),
                names.get(best["theme"], best["theme"]) if best else "",
                f"{best['score']:.2f}" if best else "",
                "",
                found["kind"] or "",
                "",
            ]
        )
    return out.getvalue()
