"""What the insights pages show, assembled from the selectors for one reader. Nothing here
writes; the views stay thin (parse, authorise, render)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from oogst.analyses.selectors.describing import content_language
from oogst.analyses.selectors.quoting import quote_texts
from oogst.harvest.models import Kind

from . import access
from .models import Evidence, EvidenceSuggestion, Insight, LinkState
from .selectors import evidence as evidence_selectors
from .selectors import policy
from .selectors.board import finding as finding_entry
from .selectors.evidence import Via

PAGE_SIZE = 50


def finding_url(insight_or_programme, run_id: int, cluster: int) -> str:
    slug = getattr(insight_or_programme, "slug", None) or insight_or_programme.programme.slug
    return reverse("insights:finding", args=[slug, run_id, cluster])


def contributions_url(insight: Insight, **filters) -> str:
    url = reverse("insights:contributions", args=[insight.programme.slug, insight.pk])
    return f"{url}?{urlencode(filters)}" if filters else url


def cluster_entry(run, cluster: int) -> dict:
    for entry in (run.summary or {}).get("clusters", []):
        if entry["id"] == cluster:
            return entry
    return {"id": cluster, "label": "", "size": 0}


def insight_page(user, insight: Insight) -> dict:
    """The insight page for this reader: counts and spread over the evidence they may read,
    quotes, the links they may follow, proposals and history for the programme team."""
    full = access.evidence_scope(user, insight) is None
    contributions = evidence_selectors.behind_for(user, insight)
    figures = evidence_selectors.spread(contributions)
    links = list(insight.evidence.select_related("run", "theme").order_by("kind", "pk"))
    in_scope = set(contributions.values_list("pk", flat=True))
    findings, themes = [], []
    if full:
        readable_runs = set(access.runs_readable_by(user).values_list("pk", flat=True))
        for e in links:
            if e.kind == Evidence.Kind.FINDING:
                entry = cluster_entry(e.run, e.cluster)
                findings.append(
                    {
                        "link": e,
                        "label": entry.get("label", ""),
                        "size": entry.get("size", 0),
                        "url": finding_url(insight, e.run_id, e.cluster)
                        if e.run_id in readable_runs
                        else "",
                        "list_url": contributions_url(insight, via="finding"),
                    }
                )
            elif e.kind == Evidence.Kind.THEME:
                themes.append({"link": e})
    direct = [
        e for e in links if e.kind == Evidence.Kind.CONTRIBUTION and e.contribution_id in in_scope
    ]
    team = user.is_programme_team
    readers = user.can_read_everything
    ministry_links = insight.ministry_links.select_related("ministry").order_by("ministry__code")
    task_links = insight.recovery_task_links.select_related("recovery_task__ministry").order_by(
        "recovery_task__title"
    )
    if not readers:
        ministry_links = ministry_links.filter(state=LinkState.ACCEPTED)
        task_links = task_links.filter(state=LinkState.ACCEPTED)
    comments = insight.comments.select_related("ministry", "author")
    if not readers:
        comments = (
            comments.filter(ministry_id=user.ministry_id)
            if access.is_liaison(user)
            else comments.none()
        )
    visible = access.insights_visible_to(user)
    return {
        "insight": insight,
        "programme": insight.programme,
        "content_lang": content_language(insight.programme),
        "full_evidence": full,
        "figures": figures,
        "quotes": insight_quotes(user, insight, in_scope),
        "findings": findings,
        "themes": themes,
        "direct": direct,
        "contributions_url": contributions_url(insight),
        "parent": visible.filter(pk=insight.parent_id).first() if insight.parent_id else None,
        "children": list(visible.filter(parent=insight).order_by("order", "pk")),
        "ministry_links": list(ministry_links),
        "task_links": list(task_links),
        "comments": list(comments),
        "can_edit": team,
        "can_comment": access.may_comment(user, insight),
        "suggestions": suggestion_rows(user, insight) if team else [],
        "versions": version_rows(insight) if readers else [],
    }


def describe_version(version) -> str:
    """What a version changed, in words: the action, the fields by their names, the links."""
    words = str(version.get_action_display())
    fields = [str(Insight._meta.get_field(name).verbose_name) for name in version.changed_fields]
    if fields:
        words += ": " + ", ".join(fields)
    detail = version.detail or {}
    linked = len(detail.get("evidence", [])) + len(detail.get("added", []))
    unlinked = len(detail.get("removed", []))
    if linked:
        words += " · " + ngettext("%(n)s koppeling", "%(n)s koppelingen", linked) % {"n": linked}
    if unlinked:
        words += " · " + ngettext("%(n)s koppeling eraf", "%(n)s koppelingen eraf", unlinked) % {
            "n": unlinked
        }
    mappings = detail.get("links", []) + ([detail] if "state" in detail else [])
    states = dict(LinkState.choices)
    for mapping in mappings:
        target = mapping.get("ministry") or mapping.get("title", "")
        state = states.get(mapping.get("state"), _("geen koppeling"))
        words += f" · {target}: {str(state).lower()}"
    return words


def version_rows(insight: Insight, limit: int = 50) -> list[dict]:
    return [
        {"version": v, "what": describe_version(v)}
        for v in insight.versions.select_related("changed_by")[:limit]
    ]


def insight_quotes(user, insight: Insight, in_scope: set[int] | None = None) -> list:
    """The insight's own quotes that this reader may read, as `quote_texts` gives them (the
    redacted text, and only with consent to be quoted)."""
    if in_scope is None:
        in_scope = set(evidence_selectors.behind_for(user, insight).values_list("pk", flat=True))
    ids = [
        pk
        for pk in insight.evidence.filter(kind=Evidence.Kind.QUOTE)
        .order_by("pk")
        .values_list("contribution_id", flat=True)
        if pk in in_scope
    ]
    quotes = quote_texts(user, ids)
    return [quotes[pk] for pk in ids if pk in quotes]


def suggestion_rows(user, insight: Insight) -> list[dict]:
    suggestions = list(
        insight.evidence_suggestions.filter(state=EvidenceSuggestion.State.OPEN)
        .select_related("contribution")
        .order_by("-score", "pk")
    )
    contributions = evidence_selectors.readable_queryset(
        insight.programme.contributions.filter(pk__in=[s.contribution_id for s in suggestions])
    )
    items = evidence_selectors.readable_texts(user, contributions)
    texts = {item.contribution.pk: item for item in items}
    return [
        {"suggestion": s, "item": texts[s.contribution_id]}
        for s in suggestions
        if s.contribution_id in texts
    ]


# -- the contributions behind an insight ---------------------------------------------------

VIA_FILTERS = {
    "direct": lambda v: v.direct,
    "quote": lambda v: v.quote,
    "finding": lambda v: bool(v.findings),
    "theme": lambda v: bool(v.themes),
    "narrower": lambda v: bool(v.narrower),
}


def via_labels() -> list[tuple[str, str]]:
    return [
        ("direct", _("direct gekoppeld")),
        ("quote", _("als citaat")),
        ("finding", _("via een bevinding")),
        ("theme", _("via een thema")),
        ("narrower", _("via een smaller inzicht")),
    ]


def finding_names(insight: Insight) -> dict[tuple[int, int], str]:
    """The insight's findings in words: "‘label’ (Analyse 2)", by (run id, cluster)."""
    names = {}
    for link in insight.evidence.filter(kind=Evidence.Kind.FINDING).select_related("run"):
        label = cluster_entry(link.run, link.cluster).get("label", "")
        names[(link.run_id, link.cluster)] = _("bevinding ‘%(label)s’ (analyse %(run)s)") % {
            "label": label,
            "run": link.run.number,
        }
    return names


def describe_via(
    via: Via,
    full: bool,
    themes: dict[int, str],
    insights: dict[int, str],
    findings: dict[tuple[int, int], str] | None = None,
) -> list:
    """How a contribution backs the insight, in words. For a reader who does not see all of
    the evidence (a facilitator, a host) a finding or theme is not named."""
    words = []
    if via.direct:
        words.append(_("direct gekoppeld"))
    if via.quote:
        words.append(_("als citaat"))
    for key in via.findings:
        named = (findings or {}).get(key) if full else None
        words.append(named or _("via een bevinding"))
    for theme in via.themes:
        words.append(
            _("thema %(name)s") % {"name": themes.get(theme, theme)} if full else _("via een thema")
        )
    for pk in via.narrower:
        words.append(_("via ‘%(title)s’") % {"title": insights.get(pk, pk)})
    return list(dict.fromkeys(words))


def contribution_filters(params, insight: Insight) -> dict:
    return {
        "kind": params.get("soort", "") if params.get("soort", "") in Kind.values else "",
        "table": params.get("tafel", "")[:20],
        "track": params.get("traject", "")[:80],
        "via": params.get("via", "") if params.get("via", "") in VIA_FILTERS else "",
    }


def filtered_contributions(user, insight: Insight, wanted: dict):
    """The contributions behind the insight this reader may read, filtered; and how each
    backs it (for the via filter and the page)."""
    contributions = evidence_selectors.behind_for(user, insight)
    if wanted["kind"]:
        contributions = contributions.filter(kind=wanted["kind"])
    if wanted["table"]:
        contributions = contributions.filter(table__code=wanted["table"])
    if wanted["track"]:
        contributions = contributions.filter(table__track__slug=wanted["track"])
    ids = list(contributions.order_by("pk").values_list("pk", flat=True))
    via = evidence_selectors.reached_via(insight, ids)
    if wanted["via"]:
        keep = VIA_FILTERS[wanted["via"]]
        ids = [pk for pk in ids if keep(via[pk])]
    return ids, via


def contribution_choices(user, insight: Insight) -> dict:
    """What the filters of the contributions page offer: what occurs behind the insight."""
    rows = (
        evidence_selectors.behind_for(user, insight)
        .exclude(table=None)
        .order_by()
        .values_list("table__code", "table__track__slug", "table__track__name")
        .distinct()
    )
    tables = sorted({code for code, _s, _n in rows})
    tracks = sorted({(slug, name) for _c, slug, name in rows}, key=lambda t: t[1])
    return {"tables": tables, "tracks": tracks, "kinds": Kind.choices, "via": via_labels()}


def contributions_page(user, insight: Insight, params) -> dict:
    """The contributions behind an insight that this reader may read, filtered, a page of
    them, each with its text and how it backs the insight."""
    from oogst.harvest.models import Contribution

    wanted = contribution_filters(params, insight)
    ids, via = filtered_contributions(user, insight, wanted)
    page = Paginator(ids, PAGE_SIZE).get_page(params.get("pagina"))
    rows = evidence_selectors.readable_queryset(
        Contribution.objects.filter(pk__in=page.object_list)
    )
    items = evidence_selectors.readable_texts(user, rows.order_by("pk"))
    full = access.evidence_scope(user, insight) is None
    themes = theme_names(insight.programme)
    names = insight_names(insight.programme)
    findings = finding_names(insight)
    direct = {
        e.contribution_id: e
        for e in insight.evidence.filter(
            kind=Evidence.Kind.CONTRIBUTION, contribution_id__in=page.object_list
        )
    }
    query = {k: v for k, v in params.items() if k != "pagina" and v}
    return {
        "programme": insight.programme,
        "insight": insight,
        "content_lang": content_language(insight.programme),
        "rows": [
            {
                "item": item,
                "via": describe_via(via[item.contribution.pk], full, themes, names, findings),
                "direct_link": direct.get(item.contribution.pk),
            }
            for item in items
        ],
        "page": page,
        "total": len(ids),
        "wanted": wanted,
        "choices": contribution_choices(user, insight),
        "query": urlencode(query),
        "can_edit": user.is_programme_team,
    }


def contribution_page(user, contribution) -> dict | None:
    """A contribution (as this reader may read it) and the insights that use it; None when
    the reader may not read it: neither in their scope nor behind an insight in their
    column."""
    uses = evidence_selectors.insights_using(user, contribution)
    readable = access.contributions_visible_to(user).filter(pk=contribution.pk).exists() or any(
        access.evidence_scope(user, insight) is None for insight, _via in uses
    )
    if not readable:
        return None
    full = user.can_read_everything or bool(access.is_liaison(user))
    themes = theme_names(contribution.programme)
    names = insight_names(contribution.programme)
    return {
        "programme": contribution.programme,
        "item": evidence_selectors.readable_texts(user, [contribution])[0],
        "uses": [
            (insight, describe_via(via, full, themes, names, finding_names(insight)))
            for insight, via in uses
        ],
        "table_visible": contribution.table_id is not None
        and access.tables_visible_to(user).filter(pk=contribution.table_id).exists(),
    }


def insight_names(programme) -> dict[int, str]:
    return dict(programme.insights.values_list("pk", "title"))


def theme_names(programme) -> dict[int, str]:
    return dict(programme.themes.values_list("pk", "name"))


# -- the findings board and a finding ------------------------------------------------------


def finding_page(user, run, cluster: int, page_number=None) -> dict | None:
    """A finding with its members (a page of them) in the text this reader may read."""
    entry = finding_entry(user, run, cluster)
    if entry is None:
        return None
    page = Paginator(
        evidence_selectors.readable_queryset(entry["members"]).order_by("pk"), PAGE_SIZE
    ).get_page(page_number)
    used = access.insights_visible_to(user).filter(
        pk__in=Evidence.objects.filter(kind=Evidence.Kind.FINDING, run=run, cluster=cluster).values(
            "insight_id"
        )
    )
    return {
        **entry,
        "page": page,
        "items": evidence_selectors.readable_texts(user, page.object_list),
        "used_in": list(used.order_by("order", "pk")),
    }


# -- a ministry's column -------------------------------------------------------------------


def column_page(user, params) -> dict | None:
    """A ministry's column for one programme: the liaison's own ministry, or (programme team,
    observers) the one asked for. None when the user has no column to open."""
    ministries = policy.ministries_for_column(user)
    if not ministries.exists():
        return None
    liaison = access.is_liaison(user)
    ministry = ministries.filter(code=params.get("ministerie", "")).first()
    if ministry is None and liaison:
        ministry = ministries.first()
    programmes = list(access.programmes_visible_to(user))
    if liaison:
        with_column = set(access.insights_visible_to(user).values_list("programme_id", flat=True))
        programmes = [p for p in programmes if p.pk in with_column]
    programme = next(
        (p for p in programmes if p.slug == params.get("programma")),
        programmes[0] if programmes else None,
    )
    entries, findings, tasks = [], [], []
    if ministry is not None and programme is not None:
        entries = policy.column(user, ministry, programme)
        for entry in entries:
            entry.figures = evidence_selectors.spread(
                evidence_selectors.behind_for(user, entry.insight)
            )
            entry.quotes = insight_quotes(user, entry.insight)[:3]
        insights = [e.insight for e in entries]
        findings = [
            {
                "run": run,
                "entry": entry,
                "insights": backed,
                "url": finding_url(run.programme, run.pk, entry["id"]),
            }
            for run, entry, backed in policy.findings_behind(user, insights)
        ]
        tasks = policy.tasks_of_ministry(ministry, programme, insights)
    return {
        "content_lang": content_language(programme) if programme else "",
        "ministry": ministry,
        "ministries": ministries,
        "programme": programme,
        "programmes": programmes,
        "entries": entries,
        "findings": findings,
        "tasks": tasks,
        "is_liaison": liaison,
    }
