"""Reading analysis runs: who may see them, what goes into a run, and what came out."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
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
from django.urls import reverse

from oogst.analysis.text import plain_text
from oogst.codebook.models import Theme
from oogst.harvest.models import (
    Channel,
    Contribution,
    Kind,
    Moderation,
    PolisComment,
    PolisConversation,
    ThemeAssignment,
)
from oogst.programme.access import programmes_visible_to, tables_visible_to
from oogst.programme.models import Programme
from oogst.safeguards import redaction
from oogst.safeguards.selectors import (
    REASONS,
    latest_consents,
    policies_by_programme,
    quotable_text,
    quote_consent_reader,
    with_consent_records,
)

from .models import AnalysisRun, Suggestion

if TYPE_CHECKING:  # numpy stays out of this module's imports
    from oogst.analysis.polis import VoteMatrix

# Participant fields feed the blind-spot check under the column names the library knows.
UNKNOWN = {"", "onbekend", None}


# -- who may do what -----------------------------------------------------------------------


def programmes_for_analysis(user) -> QuerySet[Programme]:
    """Programmes whose analyses the user may read: the programme team and observers."""
    if not user.is_authenticated or not user.can_read_everything:
        return Programme.objects.none()
    return programmes_visible_to(user)


def programmes_analysable_by(user) -> QuerySet[Programme]:
    """Programmes in which the user may start, cancel and review runs: the programme team."""
    if not user.is_authenticated or not user.is_programme_team:
        return Programme.objects.none()
    return programmes_visible_to(user)


def runs_visible_to(user) -> QuerySet[AnalysisRun]:
    return AnalysisRun.objects.filter(programme__in=programmes_for_analysis(user)).select_related(
        "programme", "created_by", "job"
    )


def runs_manageable_by(user) -> QuerySet[AnalysisRun]:
    return AnalysisRun.objects.filter(programme__in=programmes_analysable_by(user)).select_related(
        "programme", "created_by", "job"
    )


# -- what goes in --------------------------------------------------------------------------


def analysable(contributions: QuerySet[Contribution]) -> QuerySet[Contribution]:
    """Leaves out what no run may read: contributions rejected by moderation and those of
    participants who withdrew."""
    return contributions.exclude(moderation=Moderation.REJECTED).exclude(
        participant__withdrawn_at__isnull=False
    )


def contributions_for_run(programme: Programme, filters: dict) -> QuerySet[Contribution]:
    """The contributions a run with these filters analyses, in a stable order.

    Rejected by moderation and withdrawn participants are never analysed.
    """
    contributions = analysable(Contribution.objects.filter(programme=programme))
    if filters.get("tables"):
        contributions = contributions.filter(table_id__in=filters["tables"])
    if filters.get("kinds"):
        contributions = contributions.filter(kind__in=filters["kinds"])
    if filters.get("channels"):
        contributions = contributions.filter(channel__in=filters["channels"])
    if filters.get("themes"):
        coded = ThemeAssignment.objects.filter(
            theme__programme=programme, theme__slug__in=filters["themes"]
        ).values("contribution_id")
        contributions = contributions.filter(pk__in=coded)
    if filters.get("date_from"):
        contributions = contributions.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        contributions = contributions.filter(created_at__date__lte=filters["date_to"])
    return contributions.order_by("pk")


def analysis_records(contributions: QuerySet[Contribution]) -> list[dict]:
    """The records the library reads: id, text, kind, role, table, language, verbatim, the
    participant's demographics (for blind spots) and quote_consent.

    The text is the redacted one: every word a run writes (cluster keywords, descriptions,
    summaries, the downloadable report) comes from it, so no name or phone number reaches a
    run's files. A stored redaction is used when it belongs to the current text; otherwise
    the text is redacted here.

    `quote_consent` is the privacy app's rule (`has_consent` for quoting, and not withdrawn):
    the library's quote picker never picks a record without it, nor uses its sentences in a
    summary, so a run quotes only whom it may.
    """
    fields = [
        "pk",
        "text",
        "kind",
        "role_label",
        "is_quote",
        "language",
        "table__code",
        "table__municipality__name",
        "participant__age_band",
        "participant__gender",
        "participant__education",
        "participant__province__name",
        "programme_id",
        "channel",
    ]
    policy = policies_by_programme()
    redacted = _text_redactor(policy)
    fields += ["redaction__text", "redaction__source_hash"]
    consent_fields, consent = quote_consent_reader(contributions, policy)
    fields += consent_fields
    records = []
    for row in contributions.values_list(*fields).iterator(chunk_size=5000):
        (
            pk,
            text,
            kind,
            role,
            verbatim,
            language,
            table,
            municipality,
            age,
            gender,
            edu,
            province,
            programme_id,
            channel,
        ) = row[:14]
        text = redacted(programme_id, text, *row[14:16])
        record = {
            "id": str(pk),
            "text": text,
            "role": role,
            "table": table or "",
            "language": language,
            "verbatim": verbatim,
            "age_group": "" if age in UNKNOWN else age,
            "gender": "" if gender in UNKNOWN else gender,
            "education": "" if edu in UNKNOWN else edu,
            "province": province or "",
            "municipality": municipality or "",
        }
        record["quote_consent"] = consent(programme_id, channel, *row[16:])
        # "overig" is also the default of an unread contribution: only a real kind teaches.
        if kind and kind != Kind.OVERIG:
            record["kind"] = kind
        records.append(record)
    return records


def vote_matrices(programme: Programme, contributions: QuerySet[Contribution]) -> list[VoteMatrix]:
    """The vote matrix of every Polis conversation of the programme that has a comment among
    the given contributions (a queryset: used as a subquery, so 1,000,000 ids never become
    query parameters). Comments Polis moderated out are left out, as Polis does, and so are
    those our own moderation rejected."""
    from oogst.harvest.polis import vote_matrix

    wanted = PolisComment.objects.filter(
        conversation__programme=programme, contribution__in=contributions.values("pk")
    ).values("conversation_id")
    leave_out = Q(moderated=-1) | Q(contribution__moderation=Moderation.REJECTED)
    return [
        vote_matrix(conversation, leave_out)
        for conversation in PolisConversation.objects.filter(pk__in=wanted).order_by("pk")
    ]


def _text_redactor(policy=None):
    """(programme id, raw text, stored redacted text, its source hash) -> redacted text.
    `policy`: a `policies_by_programme` reader to share, else its own."""
    policy = policy or policies_by_programme()

    def redacted(programme_id: int, text: str, stored: str | None, stored_hash: str | None):
        # The analysis reads HTML as its words, where "jan&#64;gemeente.nl" is an address:
        # such a text is redacted in that form (the stored redaction is of the markup).
        words = plain_text(text)
        if words == text and stored is not None and stored_hash == redaction.source_hash(text):
            return stored
        return redaction.redact(policy(programme_id), words).text

    return redacted


def active_themes(programme: Programme) -> QuerySet[Theme]:
    return (
        programme.themes.filter(status=Theme.Status.ACTIVE)
        .select_related("parent")
        .order_by("slug")
    )


def codebook_for(programme: Programme) -> dict:
    """The programme's active themes in the library's codebook format (id = slug)."""
    themes = list(active_themes(programme))
    active = {t.slug for t in themes}
    return {
        "themes": [
            {
                "id": t.slug,
                "name": t.name,
                "description": t.description,
                "keywords": list(t.keywords or []),
                "examples": list(t.examples or []),
                "parent": t.parent.slug if t.parent_id and t.parent.slug in active else None,
            }
            for t in themes
        ]
    }


def accepted_labels(
    programme: Programme, record_ids: set[str]
) -> tuple[dict[str, str], list[dict]]:
    """What people coded, as the library wants it: one label per analysed contribution
    (its earliest person-made code), and the rest as labelled examples.

    An example's text is redacted like the records' (see `analysis_records`): the coder
    learns its words, and a run must not learn a name it may not write."""
    labels: dict[str, str] = {}
    examples: list[dict] = []
    fields = [
        "contribution_id",
        "theme__slug",
        "contribution__text",
        "contribution__redaction__text",
        "contribution__redaction__source_hash",
    ]
    redacted = _text_redactor()
    rows = (
        _active_person_codes(programme)
        .filter(contribution__in=analysable(Contribution.objects.filter(programme=programme)))
        .order_by("contribution_id", "assigned_at", "pk")
        .values_list(*fields)
    )
    for contribution_id, slug, text, *stored in rows.iterator(chunk_size=5000):
        key = str(contribution_id)
        if key in record_ids and key not in labels:
            labels[key] = slug
        elif key not in record_ids:
            examples.append({"text": redacted(programme.pk, text, *stored), "theme": slug})
    return labels, examples


def _active_person_codes(programme: Programme) -> QuerySet[ThemeAssignment]:
    """The analysts' own codes on the programme's active themes."""
    return ThemeAssignment.objects.filter(
        source=ThemeAssignment.Source.PERSON,
        contribution__programme=programme,
        theme__status=Theme.Status.ACTIVE,
    )


def person_coded(programme: Programme) -> set[int]:
    """Ids of the programme's contributions that have an analyst's own codes on an active
    theme (a code on a retired theme leaves the contribution to be coded again)."""
    return set(
        _active_person_codes(programme)
        .values_list("contribution_id", flat=True)
        .distinct()
        .iterator(chunk_size=5000)
    )


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
        _active_person_codes(contribution.programme)
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
    person = _active_person_codes(programme).values("contribution_id")
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


def newer_run(run: AnalysisRun) -> AnalysisRun | None:
    """The programme's newest finished run, when it is newer than this one."""
    return (
        AnalysisRun.objects.filter(
            programme_id=run.programme_id, status=AnalysisRun.Status.DONE, number__gt=run.number
        )
        .order_by("-number")
        .first()
    )


def input_sha256(records: list[dict], codebook: dict) -> str:
    """sha256 of exactly what went in: contribution ids and texts, and the codebook."""
    digest = hashlib.sha256()
    for record in records:
        digest.update(json.dumps([record["id"], record["text"]], ensure_ascii=False).encode())
        digest.update(b"\n")
    digest.update(json.dumps(codebook, ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()


# -- what came out -------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    contribution_id: int
    text: str | None
    role_label: str
    kind: str
    # Why the text is not shown: a reason of the privacy app (safeguards.selectors.REASONS,
    # e.g. "withdrawn", "no_quote_consent").
    withheld: str = ""
    # The language of the text, for its lang attribute: an English Polis statement on a
    # Dutch page is read out in English.
    language: str = ""
    # False for someone's summary of what was said (Contribution.is_quote off): shown as a
    # summary, never in quotation marks.
    verbatim: bool = True
    table_code: str = ""
    # The table page that lists the contribution, when this reader may open it (a withdrawn
    # participant's contribution is not pointed at).
    table_url: str = ""

    @property
    def kind_label(self) -> str:
        """The kind in words, not only a border colour."""
        return str(dict(Kind.choices).get(self.kind, ""))

    @property
    def withheld_reason(self) -> str:
        """The privacy app's words for why the text is held back ("" when nothing is)."""
        return str(REASONS.get(self.withheld, "")) if self.withheld else ""


def quote_texts(user, contribution_ids: list[int]) -> dict[int, Quote]:
    """The text to show for each quote, with its role label (never a name), whether it is
    verbatim, and its table.

    Everyone sees the redacted text of a contribution that may be quoted now: consent is
    read at every view, so a participant who withdrew, or took back their consent to be
    quoted after the run, is no longer quoted.
    """
    contributions = Contribution.objects.filter(pk__in=contribution_ids).select_related(
        "participant", "table", "programme"
    )
    contributions = list(with_consent_records(contributions))
    consents = latest_consents(c.participant_id for c in contributions if c.participant_id)
    policy = policies_by_programme()
    visible_tables = set(
        tables_visible_to(user)
        .filter(pk__in={c.table_id for c in contributions if c.table_id})
        .values_list("pk", flat=True)
    )
    quotes: dict[int, Quote] = {}
    for c in contributions:
        text, withheld = quotable_text(c, policy(c.programme_id), consents)
        table_url = ""
        if c.table_id in visible_tables and withheld != "withdrawn":
            table_url = (
                reverse("programme:table", args=[c.programme.slug, c.table_id])
                + f"#bijdrage-{c.pk}"
            )
        quotes[c.pk] = Quote(
            c.pk,
            text,
            c.role_label,
            c.kind,
            withheld,
            c.language,
            verbatim=c.is_quote,
            table_code=c.table.code if c.table_id else "",
            table_url=table_url,
        )
    return quotes


def _named_records(run: AnalysisRun) -> list[dict]:
    """The records of the contributions a run's result quotes or extracts from, as they are
    now (texts, consent, withdrawal)."""
    summary = run.summary or {}
    ids: set[str] = set()
    for group in (*summary.get("clusters", []), *summary.get("themes", [])):
        ids.update(str(q) for q in group.get("quotes", []))
        ids.update(str(q) for q in group.get("summary_sources", []) or [])
    for conversation in summary.get("opinion", []) or []:
        for entry in (*conversation["consensus"], *conversation["divisive"]):
            ids.add(str(entry["statement"]))
    return analysis_records(
        Contribution.objects.filter(
            programme=run.programme, pk__in=[int(i) for i in ids if i.isdigit()]
        )
    )


def run_report(run: AnalysisRun) -> str:
    """A finished run's report as it may leave the system today: rendered from the stored
    result with the texts and consent of now, so a participant who withdrew or took back
    consent after the run is not in it (the report.html written at the run stays as the
    record of what the run produced)."""
    from django.utils import translation

    from oogst.analysis import render_report

    language = (run.settings or {}).get("report_language", "nl")
    with translation.override(language):
        title = str(run)
    return render_report(run.summary or {}, _named_records(run), title=title, language=language)


def run_analysis_json(run: AnalysisRun, stored: Path) -> str:
    """A finished run's analysis.json as it may leave the system today: the stored file (its
    contributions: ids, themes, scores, no text) with the words of anyone who may no longer
    be quoted taken out of the theme summaries and finding descriptions, as in the report."""
    from oogst.analysis import withhold_unquotable

    with stored.open(encoding="utf-8") as handle:
        analysis = json.load(handle)
    return json.dumps(
        withhold_unquotable(analysis, _named_records(run)), ensure_ascii=False, indent=1
    )


def content_language(programme: Programme) -> str:
    """The language of a programme's own words (theme names, the codebook, table and run
    names): a programme has no language field, so the site's default language."""
    return settings.LANGUAGE_CODE


# Share of a cluster's contributions that must be in one language before its label and
# keywords are marked as that language; a mixed cluster's words are marked as nothing.
CLUSTER_LANGUAGE_SHARE = 0.75


def cluster_languages(run: AnalysisRun) -> dict[int, str]:
    """Per cluster id, the language of its contributions (as stored on them) when nearly all
    share one, for the lang attribute of the words that label the cluster."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        run.suggestions.exclude(cluster=None)
        .values_list("cluster", "contribution__language")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for cluster, language, n in rows:
        if language:
            per = counts.setdefault(cluster, {})
            per[language] = per.get(language, 0) + n
    found = {}
    for cluster, per in counts.items():
        language, n = max(per.items(), key=lambda kv: (kv[1], kv[0]))
        if n >= CLUSTER_LANGUAGE_SHARE * sum(per.values()):
            found[cluster] = language
    return found


def conversation_languages(programme: Programme, conversation_ids: list[str]) -> dict[str, str]:
    """The language of each imported Polis conversation (by its Polis id), where known."""
    return dict(
        PolisConversation.objects.filter(programme=programme, conversation_id__in=conversation_ids)
        .exclude(language="")
        .values_list("conversation_id", "language")
    )


def theme_choices(programme: Programme) -> list[tuple[str, str]]:
    return [(t.slug, t.name) for t in active_themes(programme).order_by("name")]


def person_codes(contribution_ids: list[int]) -> dict[int, list[str]]:
    """Theme slugs that people coded, per contribution."""
    codes: dict[int, list[str]] = {}
    rows = (
        ThemeAssignment.objects.filter(
            contribution_id__in=contribution_ids, source=ThemeAssignment.Source.PERSON
        )
        .order_by("theme__name")
        .values_list("contribution_id", "theme__slug")
    )
    for contribution_id, slug in rows:
        codes.setdefault(contribution_id, []).append(slug)
    return codes


def theme_names(run: AnalysisRun) -> dict[str, str]:
    names = {t["id"]: t["name"] for t in (run.summary or {}).get("themes", [])}
    for slug, name in run.programme.themes.values_list("slug", "name"):
        names.setdefault(slug, name)
    return names


def cluster_choices(run: AnalysisRun) -> list[tuple[int, str, int]]:
    """The run's clusters (findings) as (id, label, size), in the order of their ids, which
    is what `Suggestion.cluster` stores."""
    clusters = (run.summary or {}).get("clusters", [])
    return sorted((int(c["id"]), c.get("label", ""), c.get("size", 0)) for c in clusters)


def theme_sizes(run: AnalysisRun) -> list[dict]:
    """Per theme: contributions whose best theme it is, with a bar width relative to the top."""
    themes = list((run.summary or {}).get("themes", []))
    top = max((t["count"] for t in themes), default=0) or 1
    return [
        {**t, "width": round(100 * t["count"] / top), "percent": round(100 * t.get("share", 0))}
        for t in sorted(themes, key=lambda t: (-t["count"], t["name"]))
    ]


# A review "state" that is no stored value: open here, but decided in another run or by hand.
ELSEWHERE = "elders"


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


QUEUE_ORDER = ("rank", "margin_key", "contribution_id")
LIST_ORDER = ("contribution_id",)


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


def describe_filters(run: AnalysisRun) -> list[tuple[str, str]]:
    """The run's filter in words, for the page: [(what, which)]."""
    f = run.filters or {}
    codes = dict(
        run.programme.tables.filter(pk__in=f.get("tables") or []).values_list("pk", "code")
    )
    return _filter_words(f, codes, theme_names(run), short=False)


def describe_filters_of(runs: list[AnalysisRun]) -> dict[int, list[tuple[str, str]]]:
    """Each run's filter in a few words, for a list of runs: run id -> [(what, which)]. Two
    queries for any number of runs (their tables and their programmes' themes)."""
    from oogst.programme.models import Table

    table_ids = {pk for run in runs for pk in (run.filters or {}).get("tables") or []}
    codes = dict(Table.objects.filter(pk__in=table_ids).values_list("pk", "code"))
    names: dict[int, dict[str, str]] = {}
    for programme_id, slug, name in Theme.objects.filter(
        programme__in={run.programme_id for run in runs if (run.filters or {}).get("themes")}
    ).values_list("programme_id", "slug", "name"):
        names.setdefault(programme_id, {})[slug] = name
    return {
        run.pk: _filter_words(run.filters or {}, codes, names.get(run.programme_id, {}), True)
        for run in runs
    }


# In the short form, a list longer than this shows its first few and how many more.
SHORT_FILTER_ITEMS = 3


def _filter_words(
    f: dict, table_codes: dict[int, str], names: dict[str, str], short: bool
) -> list[tuple[str, str]]:
    import datetime as dt

    from django.utils.formats import date_format
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    def listed(items: list[str]) -> str:
        if not short or len(items) <= SHORT_FILTER_ITEMS:
            return ", ".join(items)
        more = len(items) - SHORT_FILTER_ITEMS
        return ngettext("%(items)s en %(n)s andere", "%(items)s en %(n)s andere", more) % {
            "items": ", ".join(items[:SHORT_FILTER_ITEMS]),
            "n": more,
        }

    def day(value: str) -> str:
        try:
            return date_format(dt.date.fromisoformat(value), "j F Y")
        except (TypeError, ValueError):
            return str(value)

    out = []
    if f.get("tables"):
        # A table deleted since is named by what is left of it: its number.
        codes = sorted(table_codes.get(pk, f"#{pk}") for pk in f["tables"])
        out.append((_("Tafels"), listed(codes)))
    if f.get("kinds"):
        # Short: the kinds by their own names (knel, kiem, ...), as analysts say them.
        labels = {} if short else dict(Kind.choices)
        out.append((_("Soort"), listed([str(labels.get(k, k)) for k in f["kinds"]])))
    if f.get("channels"):
        labels = dict(Channel.choices)
        out.append((_("Kanaal"), listed([str(labels.get(k, k)) for k in f["channels"]])))
    if f.get("themes"):
        out.append((_("Gecodeerd op"), listed([names.get(s, s) for s in f["themes"]])))
    if f.get("date_from"):
        out.append((_("Vanaf"), day(f["date_from"])))
    if f.get("date_to"):
        out.append((_("Tot en met"), day(f["date_to"])))
    return out
