"""The findings board: the findings (clusters) and themes of one analysis run, each with its
size, best quotes, spread over tracks, tables, regions, groups and kinds, and the insights
that already use it; filtered by what the analyst wants to look at."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from oogst.analyses.models import AnalysisRun, Suggestion
from oogst.analyses.selectors.describing import content_language, theme_names
from oogst.analyses.selectors.quoting import quote_texts
from oogst.analyses.selectors.run_input import analysable
from oogst.harvest.models import Contribution, Kind

from .. import access
from ..models import Evidence, Insight
from .evidence import SPREAD_FIELDS, Spread, spread_of_rows


def runs_for_board(user, programme) -> QuerySet[AnalysisRun]:
    """Finished runs of the programme whose findings the user may read, newest first."""
    return (
        access.runs_readable_by(user)
        .filter(programme=programme, status=AnalysisRun.Status.DONE)
        .order_by("-number")
    )


@dataclass
class BoardFilter:
    kind: str = ""
    track: str = ""
    region: str = ""
    table: str = ""
    theme: str = ""
    unused: bool = False

    @classmethod
    def from_query(cls, params) -> BoardFilter:
        return cls(
            kind=params.get("soort", "") if params.get("soort", "") in Kind.values else "",
            track=params.get("traject", "")[:80],
            region=params.get("regio", "")[:100],
            table=params.get("tafel", "")[:20],
            theme=params.get("thema", "")[:80],
            unused=params.get("ongebruikt") == "1",
        )

    def __bool__(self) -> bool:
        return bool(self.kind or self.track or self.region or self.table or self.theme)

    def keeps(self, row: dict) -> bool:
        return (
            (not self.kind or row["kind"] == self.kind)
            and (not self.track or row["track"] == self.track)
            and (not self.region or row["region"] == self.region)
            and (not self.table or row["table"] == self.table)
            and (not self.theme or row["theme"] == self.theme)
        )


@dataclass
class BoardItem:
    """One finding or theme on the board."""

    key: int | str
    label: str
    size: int  # all its members in the run
    shown: int  # those the filter keeps
    spread: Spread
    keywords: list[str] = field(default_factory=list)
    main_theme: str = ""
    quotes: list = field(default_factory=list)
    used_in: list[Insight] = field(default_factory=list)
    language: str = ""


MEMBER_FIELDS = (*SPREAD_FIELDS, "table__track__slug")


def _members(run: AnalysisRun) -> list[dict]:
    """The run's members as they are now (withdrawn and rejected left out), one per
    contribution, with their cluster and best theme."""
    in_use = analysable(Contribution.objects.filter(programme_id=run.programme_id))
    rows = (
        Suggestion.objects.filter(run=run, contribution__in=in_use)
        .order_by("contribution_id")
        .values_list(*(f"contribution__{f}" for f in MEMBER_FIELDS), "cluster", "theme")
    )
    members = []
    for row in rows:
        members.append(
            {
                "row": row[: len(SPREAD_FIELDS)],
                "kind": row[1],
                "table": row[3] or "",
                "region": row[6] or "",
                "track": row[len(SPREAD_FIELDS)] or "",
                "cluster": row[-2],
                "theme": row[-1] or "",
            }
        )
    return members


def board(user, run: AnalysisRun, wanted: BoardFilter) -> dict:
    """Findings and themes of the run as the board shows them to `user`."""
    summary = run.summary or {}
    names = theme_names(run)
    members = _members(run)
    kept = [m for m in members if wanted.keeps(m)]
    finding_users: dict[int, list[Insight]] = {}
    theme_users: dict[str, list[Insight]] = {}
    visible = access.insights_visible_to(user)
    for evidence in Evidence.objects.filter(
        insight__in=visible, insight__programme=run.programme
    ).select_related("insight", "theme"):
        if evidence.kind == Evidence.Kind.FINDING and evidence.run_id == run.pk:
            finding_users.setdefault(evidence.cluster, []).append(evidence.insight)
        elif evidence.kind == Evidence.Kind.THEME:
            theme_users.setdefault(evidence.theme.slug, []).append(evidence.insight)

    clusters = sorted(summary.get("clusters", []), key=lambda c: (-c["size"], c["id"]))
    themes = sorted(summary.get("themes", []), key=lambda t: (-t["count"], t["name"]))
    quote_ids = {int(q) for c in clusters for q in c.get("quotes", [])}
    quote_ids |= {int(q) for t in themes for q in t.get("quotes", [])}
    quotes = quote_texts(user, sorted(quote_ids))

    findings = []
    for cluster in clusters:
        own = [m for m in members if m["cluster"] == cluster["id"]]
        shown = [m for m in kept if m["cluster"] == cluster["id"]]
        used = finding_users.get(cluster["id"], [])
        if (wanted and not shown) or (wanted.unused and used):
            continue
        shares = cluster.get("themes") or {}
        main = max(shares, key=shares.get) if shares else ""
        findings.append(
            BoardItem(
                key=cluster["id"],
                label=cluster.get("label", ""),
                size=len(own),
                shown=len(shown),
                spread=spread_of_rows([m["row"] for m in shown]),
                keywords=list(cluster.get("keywords", []))[:8],
                main_theme=names.get(main, main),
                quotes=[quotes[int(q)] for q in cluster.get("quotes", []) if int(q) in quotes],
                used_in=used,
            )
        )
    theme_items = []
    for theme in themes:
        own = [m for m in members if m["theme"] == theme["id"]]
        shown = [m for m in kept if m["theme"] == theme["id"]]
        used = theme_users.get(theme["id"], [])
        if not own or (wanted and not shown) or (wanted.unused and used):
            continue
        theme_items.append(
            BoardItem(
                key=theme["id"],
                label=names.get(theme["id"], theme["name"]),
                size=len(own),
                shown=len(shown),
                spread=spread_of_rows([m["row"] for m in shown]),
                quotes=[quotes[int(q)] for q in theme.get("quotes", []) if int(q) in quotes],
                used_in=used,
            )
        )
    return {
        "findings": findings,
        "themes": theme_items,
        "content_lang": content_language(run.programme),
        "choices": _choices(members, names),
        "n_members": len(members),
        "n_kept": len(kept),
    }


def _choices(members: list[dict], names: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """The values the filters offer: only those that occur among the run's members."""
    tracks = {}
    for m in members:
        if m["track"]:
            tracks[m["track"]] = m["row"][4]
    return {
        "kinds": [(k, label) for k, label in Kind.choices if any(m["kind"] == k for m in members)],
        "tracks": sorted(tracks.items(), key=lambda kv: kv[1]),
        "regions": [(r, r) for r in sorted({m["region"] for m in members if m["region"]})],
        "tables": [(t, t) for t in sorted({m["table"] for m in members if m["table"]})],
        "themes": sorted(
            {(m["theme"], names.get(m["theme"], m["theme"])) for m in members if m["theme"]},
            key=lambda kv: kv[1],
        ),
    }


def finding(user, run: AnalysisRun, cluster_id: int) -> dict | None:
    """One finding of a run: its summary entry, its members as the user may read them, their
    spread and its quotes. None when the run has no such cluster."""
    summary = run.summary or {}
    entry = next((c for c in summary.get("clusters", []) if c["id"] == cluster_id), None)
    if entry is None:
        return None
    members = analysable(
        Contribution.objects.filter(
            pk__in=Suggestion.objects.filter(run=run, cluster=cluster_id).values("contribution_id")
        )
    )
    names = theme_names(run)
    shares = entry.get("themes") or {}
    quotes = quote_texts(user, [int(q) for q in entry.get("quotes", [])])
    return {
        "entry": entry,
        "members": members,
        "spread": spread_of_rows(list(members.order_by().values_list(*SPREAD_FIELDS))),
        "quotes": [quotes[int(q)] for q in entry.get("quotes", []) if int(q) in quotes],
        "themes": sorted(
            ((names.get(s, s), round(100 * v)) for s, v in shares.items()), key=lambda t: -t[1]
        ),
        "content_lang": content_language(run.programme),
    }
