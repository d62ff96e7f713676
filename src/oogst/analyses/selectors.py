"""Reading analysis runs: who may see them, what goes into a run, and what came out."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from oogst.accounts import access
from oogst.analysis.text import plain_text
from oogst.codebook.models import Theme
from oogst.harvest.models import (
    Contribution,
    Kind,
    Moderation,
    PolisComment,
    PolisConversation,
    ThemeAssignment,
)
from oogst.programme.models import Programme

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
    return access.programmes_visible_to(user)


def programmes_analysable_by(user) -> QuerySet[Programme]:
    """Programmes in which the user may start, cancel and review runs: the programme team."""
    if not user.is_authenticated or not user.is_programme_team:
        return Programme.objects.none()
    return access.programmes_visible_to(user)


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
    """The records the library reads: id, text, kind, role, table, language, verbatim, and
    the participant's demographics (for blind spots).

    The text is the redacted one when the privacy app is installed: every word a run
    writes (cluster keywords, descriptions, summaries, the downloadable report) comes from
    it, so no name or phone number reaches a run's files. A stored redaction is used when it
    belongs to the current text; otherwise the text is redacted here.
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
    ]
    redacted = _text_redactor() if apps.is_installed("oogst.safeguards") else None
    if redacted is not None:
        fields += ["redaction__text", "redaction__source_hash"]
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
        ) = row[:13]
        if redacted is not None:
            text = redacted(programme_id, text, *row[13:])
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


def _text_redactor():
    """(programme id, raw text, stored redacted text, its source hash) -> redacted text."""
    from oogst.safeguards import redaction
    from oogst.safeguards.selectors import policy_for

    policies: dict[int, object] = {}

    def redacted(programme_id: int, text: str, stored: str | None, stored_hash: str | None):
        # The analysis reads HTML as its words, where "jan&#64;gemeente.nl" is an address:
        # such a text is redacted in that form (the stored redaction is of the markup).
        words = plain_text(text)
        if words == text and stored is not None and stored_hash == redaction.source_hash(text):
            return stored
        if programme_id not in policies:
            policies[programme_id] = policy_for(programme_id)
        return redaction.redact(policies[programme_id], words).text

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
    fields = ["contribution_id", "theme__slug", "contribution__text"]
    redacted = _text_redactor() if apps.is_installed("oogst.safeguards") else None
    if redacted is not None:
        fields += ["contribution__redaction__text", "contribution__redaction__source_hash"]
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
            if redacted is not None:
                text = redacted(programme.pk, text, *stored)
            examples.append({"text": text, "theme": slug})
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
    withheld: str = ""
    # The language of the text, for its lang attribute: an English Polis statement on a
    # Dutch page is read out in English.
    language: str = ""

    @property
    def kind_label(self) -> str:
        """The kind in words, not only a border colour."""
        return str(dict(Kind.choices).get(self.kind, ""))


def quote_texts(user, contribution_ids: list[int]) -> dict[int, Quote]:
    """The text to show for each quote, with its role label (never a name).

    When the privacy app is installed, everyone sees its redacted text (or nothing, when the
    participant withdrew). Without it, only the programme team sees the raw text.
    """
    contributions = Contribution.objects.filter(pk__in=contribution_ids).select_related(
        "participant"
    )
    quotes: dict[int, Quote] = {}
    redact = None
    if apps.is_installed("oogst.safeguards"):
        from oogst.safeguards.selectors import policy_for, publishable_text

        contributions = contributions.select_related("redaction")
        policies: dict[int, object] = {}

        def redact(c):
            if c.programme_id not in policies:
                policies[c.programme_id] = policy_for(c.programme_id)
            policy = policies[c.programme_id]
            return publishable_text(c, policy)

    for c in contributions:
        if redact is not None:
            text = redact(c)
            withheld = "" if text is not None else "withdrawn"
        elif user.is_programme_team:
            text, withheld = c.text, ""
        else:
            text, withheld = None, "team_only"
        quotes[c.pk] = Quote(c.pk, text, c.role_label, c.kind, withheld, c.language)
    return quotes


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


def theme_sizes(run: AnalysisRun) -> list[dict]:
    """Per theme: contributions whose best theme it is, with a bar width relative to the top."""
    themes = list((run.summary or {}).get("themes", []))
    top = max((t["count"] for t in themes), default=0) or 1
    return [
        {**t, "width": round(100 * t["count"] / top), "percent": round(100 * t.get("share", 0))}
        for t in sorted(themes, key=lambda t: (-t["count"], t["name"]))
    ]


def review_counts(run: AnalysisRun) -> dict[str, int]:
    counted = dict(run.suggestions.order_by().values_list("review").annotate(n=Count("id")))
    return {r: counted.get(r, 0) for r in Suggestion.Review.values}


def label_next_queue(run: AnalysisRun) -> QuerySet[Suggestion]:
    """Open suggestions, most useful to label first: the library's active-learning picks in
    its order, then the rest by the smallest margin between the two best themes."""
    picks = [int(i) for i in (run.summary or {}).get("label_next", []) if str(i).isdigit()]
    open_ = run.suggestions.filter(review=Suggestion.Review.OPEN)
    rank = Case(
        *[When(contribution_id=pk, then=Value(i)) for i, pk in enumerate(picks)],
        default=Value(len(picks)),
        output_field=IntegerField(),
    )
    return open_.annotate(rank=rank).order_by("rank", "margin", "contribution_id")


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
            "diff": f"{size_b.get(slug, 0) - size_a.get(slug, 0):+d}",
            "width_a": round(100 * size_a.get(slug, 0) / top),
            "width_b": round(100 * size_b.get(slug, 0) / top),
        }
        for slug in sorted(set(size_a) | set(size_b), key=lambda s: (-size_a.get(s, 0), s))
    ]
    best_a = dict(a.suggestions.values_list("contribution_id", "theme"))
    best_b = dict(b.suggestions.values_list("contribution_id", "theme"))
    common = best_a.keys() & best_b.keys()
    same = sum(1 for pk in common if best_a[pk] == best_b[pk])
    return {
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
    from django.utils.translation import gettext as _

    from oogst.harvest.models import Channel

    f = run.filters or {}
    out = []
    if f.get("tables"):
        codes = (
            run.programme.tables.filter(pk__in=f["tables"])
            .order_by("code")
            .values_list("code", flat=True)
        )
        out.append((_("Tafels"), ", ".join(codes)))
    if f.get("kinds"):
        labels = dict(Kind.choices)
        out.append((_("Soort"), ", ".join(str(labels.get(k, k)) for k in f["kinds"])))
    if f.get("channels"):
        labels = dict(Channel.choices)
        out.append((_("Kanaal"), ", ".join(str(labels.get(k, k)) for k in f["channels"])))
    if f.get("themes"):
        names = theme_names(run)
        out.append((_("Gecodeerd op"), ", ".join(names.get(s, s) for s in f["themes"])))
    if f.get("date_from"):
        out.append((_("Vanaf"), f["date_from"]))
    if f.get("date_to"):
        out.append((_("Tot en met"), f["date_to"]))
    return out
