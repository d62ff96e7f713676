"""Two runs side by side."""

from __future__ import annotations

from ..models import AnalysisRun
from .describing import theme_names


def _signed(n: int) -> str:
    """+3, -2, and 0 without a sign: no change is not a gain."""
    return f"{n:+d}" if n else "0"


def compare_runs(a: AnalysisRun, b: AnalysisRun) -> dict:
    """Two runs side by side: theme sizes, cluster counts and how often they agree on the
    best theme of the contributions both analysed."""
    names = theme_names(a) | theme_names(b)
    size_a = {t["id"]: t["count"] for t in (a.summary or {}).get("themes", [])}
    size_b = {t["id"]: t["count"] for t in (b.summary or {}).get("themes", [])}
    top = max([*size_a.values(), *size_b.values(), 1])
    themes = [
        {
            "id": slug,
            "name": names.get(slug, slug),
            "a": size_a.get(slug, 0),
            "b": size_b.get(slug, 0),
            "diff": _signed(size_b.get(slug, 0) - size_a.get(slug, 0)),
            "width_a": round(100 * size_a.get(slug, 0) / top),
            "width_b": round(100 * size_b.get(slug, 0) / top),
        }
        for slug in sorted(set(size_a) | set(size_b), key=lambda s: (-size_a.get(s, 0), s))
    ]
    best_a = dict(a.suggestions.values_list("contribution_id", "theme"))
    best_b = dict(b.suggestions.values_list("contribution_id", "theme"))
    common = best_a.keys() & best_b.keys()
    same = sum(1 for pk in common if best_a[pk] == best_b[pk])
    # Which contributions moved, not only how many: in id order, the theme names as the
    # runs knew them ("" for no theme).
    changed = [
        {
            "contribution_id": pk,
            "a": names.get(best_a[pk], best_a[pk]),
            "b": names.get(best_b[pk], best_b[pk]),
        }
        for pk in sorted(common)
        if best_a[pk] != best_b[pk]
    ]
    return {
        "changed": changed,
        "themes": themes,
        "clusters_a": len((a.summary or {}).get("clusters", [])),
        "clusters_b": len((b.summary or {}).get("clusters", [])),
        "common": len(common),
        "only_a": len(best_a.keys() - best_b.keys()),
        "only_b": len(best_b.keys() - best_a.keys()),
        "same": same,
        "agreement": round(100 * same / len(common), 1) if common else None,
        "same_input": a.input_sha256 == b.input_sha256,
    }
