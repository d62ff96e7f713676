from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from oogst.harvest.access import contributions_visible_to
from oogst.harvest.models import Kind
from oogst.programme.access import programmes_visible_to, tables_visible_to
from oogst.programme.models import Programme, Table

from .selectors import contributions_per_theme, key_figures


@login_required
def home(request):
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
