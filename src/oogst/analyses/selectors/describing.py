"""How a run is described on its pages: its filter in words, theme names and sizes, the
language of its words, and whether a newer run exists."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count

from oogst.codebook.models import Theme
from oogst.harvest.models import Channel, Kind, PolisConversation
from oogst.programme.models import Programme

from ..models import AnalysisRun


def newer_run(run: AnalysisRun) -> AnalysisRun | None:
    """The programme's newest finished run, when it is newer than this one."""
    return (
        AnalysisRun.objects.filter(
            programme_id=run.programme_id, status=AnalysisRun.Status.DONE, number__gt=run.number
        )
        .order_by("-number")
        .first()
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
