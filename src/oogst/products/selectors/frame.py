"""The afwegingskader: which changes are scored (the insights, or the findings of the latest
run while there are none), the raters' scores, and what they add up to (placement, spread,
Krippendorff's alpha, from `oogst.reporting`).

The anchoring rule lives here: a rater sees the others' scores of a change only once they
scored it themselves."""

from __future__ import annotations

from dataclasses import dataclass, field

from oogst.analyses.models import AnalysisRun
from oogst.insights.models import Insight
from oogst.programme.models import Programme
from oogst.reporting import agreement as agreement_lib
from oogst.reporting.quadrants import Placement, place_scores

from ..models import Rating


@dataclass
class FrameItem:
    key: str  # "insight-12" or "finding-3-0"
    number: int
    title: str
    description: str = ""
    insight: Insight | None = None
    run: AnalysisRun | None = None
    cluster: int | None = None
    ratings: list[Rating] = field(default_factory=list)
    placement: Placement | None = None
    spread: dict[str, agreement_lib.Spread] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return "insight" if self.insight is not None else "finding"


@dataclass
class Frame:
    items: list[FrameItem]
    source: str  # "insights", "findings" or "" (nothing to score yet)
    run: AnalysisRun | None
    agreement: agreement_lib.Agreement | None
    raters: int

    @property
    def scored(self) -> list[FrameItem]:
        return [i for i in self.items if i.placement is not None]


def latest_run(programme: Programme) -> AnalysisRun | None:
    return (
        AnalysisRun.objects.filter(programme=programme, status=AnalysisRun.Status.DONE)
        .order_by("-number")
        .first()
    )


def frame_items(programme: Programme) -> tuple[list[FrameItem], str, AnalysisRun | None]:
    """The changes to score: insights (not blind spots, which are no change), else the
    findings of the latest finished run."""
    insights = list(
        programme.insights.exclude(type=Insight.Type.BLIND_SPOT).order_by("order", "pk")
    )
    if insights:
        return (
            [
                FrameItem(f"insight-{i.pk}", n, i.title, i.text, insight=i)
                for n, i in enumerate(insights, start=1)
            ],
            "insights",
            None,
        )
    run = latest_run(programme)
    clusters = (run.summary or {}).get("clusters", []) if run else []
    if not clusters:
        return [], "", run
    return (
        [
            FrameItem(
                f"finding-{run.pk}-{c['id']}",
                n,
                str(c.get("label", "")),
                str(c.get("description", "")),
                run=run,
                cluster=int(c["id"]),
            )
            for n, c in enumerate(clusters, start=1)
        ],
        "findings",
        run,
    )


def item_for(programme: Programme, key: str) -> FrameItem | None:
    items, _source, _run = frame_items(programme)
    return next((i for i in items if i.key == key), None)


def ratings_of(item: FrameItem):
    if item.insight is not None:
        ratings = Rating.objects.filter(insight=item.insight)
    else:
        ratings = Rating.objects.filter(run=item.run, cluster=item.cluster)
    return ratings.select_related("rater").order_by("rater__username", "pk")


def _summarise(item: FrameItem, ratings: list[Rating]) -> None:
    """The item's placement and spread from these scores."""
    pairs = [(r.desirability, r.permanence) for r in ratings]
    item.placement = place_scores(pairs)
    item.spread = {
        "desirability": agreement_lib.spread([d for d, _ in pairs]),
        "permanence": agreement_lib.spread([p for _, p in pairs]),
    }


def frame(programme: Programme) -> Frame:
    """Every change with all its scores, placement and spread, and the raters' agreement:
    what the products print (they are made after scoring)."""
    items, source, run = frame_items(programme)
    by_key: dict[str, list[Rating]] = {}
    ratings = Rating.objects.filter(programme=programme).select_related("rater")
    for rating in ratings.order_by("rater__username", "pk"):
        by_key.setdefault(rating.item_key, []).append(rating)
    library_ratings = []
    for item in items:
        item.ratings = by_key.get(item.key, [])
        if not item.ratings:
            continue
        _summarise(item, item.ratings)
        library_ratings += [
            agreement_lib.Rating(item.key, r.rater_id, r.desirability, r.permanence)
            for r in item.ratings
        ]
    raters = len({r.rater for r in library_ratings})
    result = agreement_lib.agreement(library_ratings) if library_ratings else None
    return Frame(items, source, run, result, raters)


@dataclass
class RaterView:
    """One change as a rater sees it: their own score, and the others' only after scoring."""

    item: FrameItem
    mine: Rating | None
    others: list[Rating]

    @property
    def may_see_others(self) -> bool:
        return self.mine is not None


def rater_view(user, item: FrameItem) -> RaterView:
    ratings = list(ratings_of(item))
    mine = next((r for r in ratings if r.rater_id == user.pk), None)
    others = [r for r in ratings if r.rater_id != user.pk] if mine is not None else []
    if mine is not None:
        _summarise(item, ratings)
    return RaterView(item, mine, others)


def rater_overview(user, programme: Programme) -> tuple[list[RaterView], str]:
    items, source, _run = frame_items(programme)
    return [rater_view(user, item) for item in items], source
