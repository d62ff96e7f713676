"""The review of a run's suggestions: what is still open, what was decided elsewhere, the
label-next queue, the filtered list and its pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from oogst.programme.models import Programme

from ..models import AnalysisRun, Suggestion
from .coding import active_person_codes


def rejected_suggestions(programme: Programme) -> dict[tuple[int, str], tuple[int | None, object]]:
    """(contribution id, suggested theme) -> (who rejected it, when), the latest rejection,
    for every suggestion of the programme's runs that an analyst rejected."""
    rows = (
        Suggestion.objects.filter(run__programme=programme, review=Suggestion.Review.REJECTED)
        .order_by("reviewed_at", "pk")
        .values_list("contribution_id", "theme", "reviewed_by_id", "reviewed_at")
    )
    return {(c, theme): (by, at) for c, theme, by, at in rows.iterator(chunk_size=5000)}


def _standing_no_theme(programme: Programme) -> QuerySet[Suggestion]:
    """The programme's "no theme of the codebook fits" decisions that still stand: no later
    acceptance or change gave the contribution themes after all."""
    later = Suggestion.objects.filter(
        contribution_id=OuterRef("contribution_id"),
        review__in=[Suggestion.Review.ACCEPTED, Suggestion.Review.CHANGED],
        reviewed_at__gt=OuterRef("reviewed_at"),
    )
    return Suggestion.objects.filter(
        run__programme=programme, review=Suggestion.Review.NO_THEME
    ).exclude(Exists(later))


def no_theme_decisions(programme: Programme) -> dict[int, tuple[int | None, object]]:
    """Contribution id -> (who decided, when) for every contribution of which an analyst
    decided that no theme fits, and no later decision gave it themes. A new run carries it
    over as that decision, like a rejection, instead of asking again."""
    rows = (
        _standing_no_theme(programme)
        .order_by("reviewed_at", "-pk")
        .values_list("contribution_id", "reviewed_by_id", "reviewed_at")
    )
    return {c: (by, at) for c, by, at in rows.iterator(chunk_size=5000)}


def standing_decision(suggestion: Suggestion) -> dict | None:
    """What an analyst already decided about the suggestion's contribution, anywhere in the
    programme, that accepting this suggestion would overwrite: their own codes (theme slugs,
    on active themes), or "no theme fits". None when nothing stands."""
    contribution = suggestion.contribution
    codes = sorted(
        active_person_codes(contribution.programme)
        .filter(contribution=contribution)
        .values_list("theme__slug", flat=True)
    )
    if codes:
        return {"themes": codes, "no_theme": False}
    no_theme = _standing_no_theme(contribution.programme).filter(contribution=contribution)
    if no_theme.exists():
        return {"themes": [], "no_theme": True}
    return None


def settled_elsewhere(run: AnalysisRun) -> Q:
    """An open suggestion of `run` whose contribution was decided after the run was stored,
    in another run's review or by hand: it has an analyst's own codes, "no theme fits" stands
    for it, or another run's review rejected this same theme. The same three decisions a new
    run carries over (`services.store_result`), so a run reads as if it were made now."""
    programme = run.programme
    person = active_person_codes(programme).values("contribution_id")
    no_theme = _standing_no_theme(programme).filter(contribution_id=OuterRef("contribution_id"))
    rejected = Suggestion.objects.filter(
        contribution_id=OuterRef("contribution_id"),
        theme=OuterRef("theme"),
        review=Suggestion.Review.REJECTED,
    )
    return Q(review=Suggestion.Review.OPEN) & (
        Q(contribution_id__in=person) | Q(Exists(no_theme)) | Q(Exists(rejected))
    )


# The review decisions an analyst makes (the others are "open" and "already coded").
DECIDED = (
    Suggestion.Review.ACCEPTED,
    Suggestion.Review.CHANGED,
    Suggestion.Review.REJECTED,
    Suggestion.Review.NO_THEME,
)


def decisions_elsewhere(run: AnalysisRun, contribution_ids: list[int]) -> dict[int, Suggestion]:
    """Per contribution: the latest review decision about it in another run of the programme
    (with its run), to say where it was decided. A decision a run carried over has the time
    of the original one; that original (the lowest id) is named."""
    rows = (
        Suggestion.objects.filter(
            run__programme=run.programme,
            contribution_id__in=contribution_ids,
            review__in=DECIDED,
        )
        .exclude(run=run)
        .select_related("run")
        .order_by("reviewed_at", "-pk")
    )
    return {s.contribution_id: s for s in rows}


# A review "state" that is no stored value: open here, but decided in another run or by hand.
ELSEWHERE = "elsewhere"


def review_counts(run: AnalysisRun) -> dict[str, int]:
    """Suggestions per review state; "open" counts only what is still to be decided, and
    `ELSEWHERE` what was decided about in another run (or by hand) after this run."""
    counted = dict(run.suggestions.order_by().values_list("review").annotate(n=Count("id")))
    counts = {r: counted.get(r, 0) for r in Suggestion.Review.values}
    elsewhere = run.suggestions.filter(settled_elsewhere(run)).count() if counts["open"] else 0
    counts[Suggestion.Review.OPEN] -= elsewhere
    counts[ELSEWHERE] = elsewhere
    return counts


def _queue_order(run: AnalysisRun) -> QuerySet[Suggestion]:
    """The run's suggestions with the label-next queue's sort key: the library's
    active-learning picks in its order, then the smallest margin between the two best themes."""
    picks = [int(i) for i in (run.summary or {}).get("label_next", []) if str(i).isdigit()]
    rank = Case(
        *[When(contribution_id=pk, then=Value(i)) for i, pk in enumerate(picks)],
        default=Value(len(picks)),
        output_field=IntegerField(),
    )
    # A margin is only missing on a row made by hand; as 0 it sorts the same in every database.
    margin = Coalesce("margin", Value(0.0), output_field=FloatField())
    return run.suggestions.annotate(rank=rank, margin_key=margin)


QUEUE_ORDER: tuple[str, ...] = ("rank", "margin_key", "contribution_id")


LIST_ORDER: tuple[str, ...] = ("contribution_id",)


def label_next_queue(run: AnalysisRun) -> QuerySet[Suggestion]:
    """Open suggestions, most useful to label first: the library's active-learning picks in
    its order, then the rest by the smallest margin between the two best themes. What was
    decided in another run meanwhile is no longer open."""
    return (
        _queue_order(run)
        .filter(review=Suggestion.Review.OPEN)
        .exclude(settled_elsewhere(run))
        .order_by(*QUEUE_ORDER)
    )


@dataclass(frozen=True)
class ReviewFilter:
    """What the review page lists: the label-next queue, or all suggestions narrowed by
    review state (a stored value, or `ELSEWHERE`), suggested theme ("-": none) and cluster."""

    queue: bool = False
    state: str = ""
    theme: str = ""
    cluster: int | None = None


def review_listing(run: AnalysisRun, wanted: ReviewFilter) -> tuple[QuerySet[Suggestion], tuple]:
    """The suggestions to review, annotated with `elsewhere` (open, but decided in another run
    or by hand), and the fields they are ordered by (for `review_page`)."""
    settled = settled_elsewhere(run)
    if wanted.queue:
        suggestions, order = label_next_queue(run), QUEUE_ORDER
    else:
        suggestions, order = run.suggestions.all(), LIST_ORDER
        if wanted.state == Suggestion.Review.OPEN:
            suggestions = suggestions.filter(review=Suggestion.Review.OPEN).exclude(settled)
        elif wanted.state == ELSEWHERE:
            suggestions = suggestions.filter(settled)
        elif wanted.state in Suggestion.Review.values:
            suggestions = suggestions.filter(review=wanted.state)
        if wanted.theme == "-":
            suggestions = suggestions.filter(theme="")
        elif wanted.theme:
            suggestions = suggestions.filter(theme=wanted.theme)
        if wanted.cluster is not None:
            suggestions = suggestions.filter(cluster=wanted.cluster)
    suggestions = suggestions.annotate(
        elsewhere=ExpressionWrapper(settled, output_field=BooleanField())
    )
    return suggestions.order_by(*order), order


@dataclass(frozen=True)
class ReviewPage:
    """One page of a review list, paged by position: the rows after (or before) a row
    already seen, so rows decided meanwhile do not shift the next page over unseen ones."""

    rows: list[Suggestion]
    first: int  # position of the first row in the whole list, from 1
    total: int
    previous_before: int | None  # the id for "?voor=", when there are rows before
    next_after: int | None  # the id for "?na=", when there are rows after


def review_row(run: AnalysisRun, suggestion_pk: int) -> Suggestion:
    """One suggestion as the review list has it (with `elsewhere`), after a decision."""
    listing, _order = review_listing(run, ReviewFilter())
    return listing.select_related("contribution__table", "reviewed_by").get(pk=suggestion_pk)


def _beyond(order: tuple, key: tuple, lookup: str) -> Q:
    """Rows whose sort key (the fields `order`) lies after ("gt") or before ("lt") `key`."""
    q = Q()
    for i, field in enumerate(order):
        q |= Q(**dict(zip(order[:i], key[:i], strict=True)), **{f"{field}__{lookup}": key[i]})
    return q


def review_page(
    run: AnalysisRun,
    listing: QuerySet[Suggestion],
    order: tuple,
    *,
    after: int | None = None,
    before: int | None = None,
    size: int = 25,
) -> ReviewPage:
    """The page of `listing` after suggestion `after`, or before suggestion `before`, or the
    first. The anchor need not be in the list any more (it was just decided): its place in
    the order is enough. An anchor that is not one of the run's suggestions is ignored, and
    when nothing is left after (or before) it, the first page is shown: what was skipped
    there is still to do."""
    anchor = after if after is not None else before
    key = None
    if anchor is not None:
        keyed = _queue_order(run) if order == QUEUE_ORDER else run.suggestions.all()
        key = keyed.filter(pk=anchor).values_list(*order).first()
    total = listing.count()
    rows: list[Suggestion] = []
    first = 1
    if key is not None and after is not None:
        later = _beyond(order, key, "gt")
        rows = list(listing.filter(later)[:size])
        first = total - listing.filter(later).count() + 1
    elif key is not None:
        earlier = listing.filter(_beyond(order, key, "lt"))
        n_before = earlier.count()
        if n_before > size:
            rows = list(earlier.order_by(*[f"-{field}" for field in order])[:size])[::-1]
            first = n_before - size + 1
    if not rows:
        rows, first = list(listing[:size]), 1
    return ReviewPage(
        rows=rows,
        first=first,
        total=total,
        previous_before=rows[0].pk if rows and first > 1 else None,
        next_after=rows[-1].pk if rows and first - 1 + len(rows) < total else None,
    )


def cluster_choices(run: AnalysisRun) -> list[tuple[int, str, int]]:
    """The run's clusters (findings) as (id, label, size), in the order of their ids, which
    is what `Suggestion.cluster` stores."""
    clusters = (run.summary or {}).get("clusters", [])
    return sorted((int(c["id"]), c.get("label", ""), c.get("size", 0)) for c in clusters)
