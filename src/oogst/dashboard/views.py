"""The team's pages: key figures, and the programmes, themes and tables with what was harvested
at them. A face over programme, codebook and harvest; views only parse, authorise (via the
access rules of programme and harvest) and render."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from oogst.codebook.models import Theme
from oogst.harvest.access import contributions_visible_to
from oogst.harvest.models import Kind, ThemeAssignment
from oogst.programme.access import programmes_visible_to, tables_editable_by, tables_visible_to
from oogst.programme.models import Programme, Table

from .selectors import contributions_per_theme, key_figures


@login_required
def home(request: HttpRequest) -> HttpResponse:
    programmes = programmes_visible_to(request.user)
    current = None
    slug = request.GET.get("programma")
    if slug:
        current = programmes.filter(slug=slug).first()
    current = current or programmes.first()
    tables = tables_visible_to(request.user)
    contributions = contributions_visible_to(request.user)
    if current:
        tables = tables.filter(programme=current)
        contributions = contributions.filter(programme=current)
        programmes = Programme.objects.filter(pk=current.pk)
    figures = key_figures(programmes, tables, contributions)
    kinds = [
        {
            "kind": k,
            "label": Kind(k).label,
            "n": n,
            "share": round(100 * n / max(1, figures["contributions"])),
        }
        for k, n in figures["contributions_by_kind"].items()
    ]
    return render(
        request,
        "dashboard/home.html",
        {
            "nav": "dashboard",
            "programme": current,
            "all_programmes": programmes_visible_to(request.user),
            "figures": figures,
            "kinds": kinds,
            "themes": contributions_per_theme(contributions, current) if current else [],
            "upcoming": tables.filter(status=Table.Status.PLANNED).select_related("municipality")[
                :5
            ],
        },
    )


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = programmes_visible_to(request.user).prefetch_related("phases", "tracks")
    return render(request, "programme/list.html", {"nav": "programme", "programmes": programmes})


@login_required
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(programmes_visible_to(request.user), slug=slug)
    themes = list(
        programme.themes.prefetch_related("ministries")
        .annotate(n=Count("assignments__contribution", distinct=True))
        .order_by("name")
    )
    # The tree is built from this one annotated list, so sub-themes carry their count too.
    children: dict[int | None, list[Theme]] = {}
    for theme in themes:
        children.setdefault(theme.parent_id, []).append(theme)
    for theme in themes:
        theme.child_list = children.get(theme.pk, [])
    return render(
        request,
        "programme/detail.html",
        {
            "nav": "programme",
            "programme": programme,
            "phases": programme.phases.all(),
            "tracks": programme.tracks.annotate(n_tables=Count("tables")),
            "root_themes": children.get(None, []),
            "recovery_tasks": programme.recovery_tasks.select_related("ministry").prefetch_related(
                "involved_ministries", "themes"
            ),
        },
    )


@login_required
def theme_detail(request: HttpRequest, slug: str, theme_slug: str) -> HttpResponse:
    programme = get_object_or_404(programmes_visible_to(request.user), slug=slug)
    theme = get_object_or_404(programme.themes, slug=theme_slug)
    return render(
        request,
        "programme/theme.html",
        {
            "nav": "programme",
            "programme": programme,
            "theme": theme,
            "changes": theme.changes.select_related("changed_by"),
        },
    )


@login_required
def table_list(request: HttpRequest) -> HttpResponse:
    tables = (
        tables_visible_to(request.user)
        .select_related("programme", "track", "municipality", "host")
        .prefetch_related("themes")
        .annotate(n_contributions=Count("contributions", distinct=True))
        .order_by("starts_at", "code")
    )
    status = request.GET.get("status", "")
    if status in Table.Status.values:
        tables = tables.filter(status=status)
    track = request.GET.get("traject", "")
    if track:
        tables = tables.filter(track__slug=track)
    query = request.GET.get("q", "").strip()
    if query:
        tables = (
            tables.filter(name__icontains=query)
            | tables.filter(municipality__name__icontains=query)
            | tables.filter(code__iexact=query)
        )
    page = Paginator(tables, 50).get_page(request.GET.get("pagina"))
    tracks = sorted(set(tables_visible_to(request.user).values_list("track__slug", "track__name")))
    return render(
        request,
        "programme/tables.html",
        {
            "nav": "tables",
            "page": page,
            "statuses": Table.Status.choices,
            "status": status,
            "tracks": tracks,
            "track": track,
            "q": query,
        },
    )


@login_required
def table_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    table = get_object_or_404(
        tables_visible_to(request.user).select_related(
            "programme", "track", "municipality__province", "host"
        ),
        programme__slug=slug,
        pk=pk,
    )
    contributions = (
        contributions_visible_to(request.user)
        .filter(table=table)
        # Each code with its theme: the page shows a theme once, and says when only a run
        # suggested it.
        .prefetch_related(
            Prefetch("theme_assignments", queryset=ThemeAssignment.objects.select_related("theme"))
        )
        .order_by("kind", "created_at")
    )
    groups = [
        (value, label, [c for c in contributions if c.kind == value])
        for value, label in Kind.choices
    ]
    return render(
        request,
        "programme/table.html",
        {
            "nav": "tables",
            "table": table,
            "groups": [g for g in groups if g[2]],
            "n_contributions": len(contributions),
            "can_edit": tables_editable_by(request.user).filter(pk=table.pk).exists(),
            "participants": table.participants.count(),
        },
    )
