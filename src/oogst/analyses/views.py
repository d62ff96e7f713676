"""Analysis pages. Views parse, authorise (via selectors built on oogst.accounts.access) and
render; a run the user may not see, or may not change, is a 404."""

from __future__ import annotations

from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from oogst.harvest.models import Kind
from oogst.participants.models import Education, Gender
from oogst.tasks.runner import refresh

from . import selectors, services
from .forms import ChangeForm, RunForm
from .models import AnalysisRun, Suggestion

STEP_LABELS = {
    "": gettext_lazy("Wacht op een vrije plek"),
    "redact": gettext_lazy("Persoonsgegevens weglakken"),
    "embed": gettext_lazy("Teksten omzetten naar vectoren"),
    "code": gettext_lazy("Coderen op de thema's van het codeboek"),
    "kind": gettext_lazy("Soort bepalen (knel, kiem, idee, vraag)"),
    "cluster": gettext_lazy("Clusteren tot bevindingen"),
    "quotes": gettext_lazy("Citaten kiezen"),
    "gaps": gettext_lazy("Opkomende onderwerpen en witte vlekken zoeken"),
    "summaries": gettext_lazy("Samenvattingen maken"),
    "opinion": gettext_lazy("Opiniegroepen uit de Polis-stemmen"),
    "store": gettext_lazy("Resultaten opslaan"),
}


# The demographic columns analysis_records hands the library, as the blind spots name them.
BLIND_SPOT_COLUMNS = {
    "age_group": gettext_lazy("leeftijdsgroep"),
    "gender": gettext_lazy("geslacht"),
    "education": gettext_lazy("opleidingsniveau"),
    "province": gettext_lazy("provincie"),
    "municipality": gettext_lazy("gemeente"),
}
BLIND_SPOT_GROUPS = {"gender": dict(Gender.choices), "education": dict(Education.choices)}


def readers_only(view):
    """Analysis pages exist for the programme team and observers; for others they do not."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.can_read_everything:
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _blind_spot(spot: dict, names: dict[str, str]) -> dict:
    column = spot.get("column", "")
    group = spot.get("group", "")
    label = BLIND_SPOT_GROUPS.get(column, {}).get(group)
    return {
        **spot,
        "theme_name": names.get(spot.get("theme"), spot.get("theme")),
        "column_label": BLIND_SPOT_COLUMNS.get(column, column),
        # Mid-sentence: "opleiding hoog"; place names (province, municipality) stay as they are.
        "group_label": str(label).lower() if label is not None else group,
    }


def _follow_job(run: AnalysisRun) -> AnalysisRun:
    """A run whose worker died shows as failed, not as forever busy."""
    if run.is_active and run.job_id and not refresh(run.job).is_active:
        run.refresh_from_db()  # the job was just found dead: its run was marked failed
    return run


@readers_only
def run_list(request):
    programmes = selectors.programmes_for_analysis(request.user)
    programme = (
        programmes.filter(slug=request.GET.get("programma", "")).first() or programmes.first()
    )
    runs = (
        selectors.runs_visible_to(request.user).filter(programme=programme)
        if programme
        else AnalysisRun.objects.none()
    )
    return render(
        request,
        "analyses/list.html",
        {
            "nav": "analyse",
            "programme": programme,
            "programmes": programmes,
            "runs": runs,
            "done_runs": [r for r in runs if r.is_done],
            "can_start": programme is not None
            and selectors.programmes_analysable_by(request.user).filter(pk=programme.pk).exists(),
        },
    )


@readers_only
def start(request, slug):
    programme = get_object_or_404(selectors.programmes_analysable_by(request.user), slug=slug)
    form = RunForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.start_run(
                programme, request.user, form.filters(), form.settings(), form.cleaned_data["title"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(run)
    return render(
        request,
        "analyses/start.html",
        {
            "nav": "analyse",
            "programme": programme,
            "form": form,
            "n_themes": selectors.active_themes(programme).count(),
        },
    )


def _status_context(request, run):
    return {
        "run": run,
        "step_label": STEP_LABELS.get(run.step, run.step),
        "can_manage": request.user.is_programme_team,
    }


@readers_only
def run_detail(request, pk):
    run = _follow_job(get_object_or_404(selectors.runs_visible_to(request.user), pk=pk))
    context = {"nav": "analyse", "programme": run.programme, **_status_context(request, run)}
    if run.is_done:
        context.update(_result_context(request, run))
    return render(request, "analyses/run.html", context)


def _result_context(request, run):
    summary = run.summary or {}
    names = selectors.theme_names(run)
    clusters = sorted(summary.get("clusters", []), key=lambda c: (-c["size"], c["id"]))
    themes = selectors.theme_sizes(run)
    opinion = summary.get("opinion", [])
    quote_ids = {int(q) for c in clusters for q in c.get("quotes", [])}
    quote_ids |= {int(q) for t in themes for q in t.get("quotes", [])}
    quote_ids |= {int(e["statement"]) for o in opinion for e in o["consensus"] + o["divisive"]}
    quotes = selectors.quote_texts(request.user, sorted(quote_ids))
    for conversation in opinion:
        for entry in conversation["consensus"] + conversation["divisive"]:
            entry["quote"] = quotes.get(int(entry["statement"]))
            entry["agree_percent"] = [round(100 * a) for a in entry["agree"]]
            entry["strength_percent"] = round(100 * entry.get("strength", 0))
    for theme in themes:
        theme["quote_list"] = [quotes[int(q)] for q in theme.get("quotes", []) if int(q) in quotes]
    for cluster in clusters:
        cluster["quote_list"] = [
            quotes[int(q)] for q in cluster.get("quotes", []) if int(q) in quotes
        ]
        # Not the library's description: it opens with a raw sentence, and this page shows
        # contribution text only through the privacy app's redaction.
        shares = cluster.get("themes", {})
        cluster["main_theme"] = names.get(max(shares, key=shares.get), "") if shares else ""
        cluster["theme_list"] = [
            {"name": names.get(slug, slug), "percent": round(100 * share)}
            for slug, share in cluster.get("themes", {}).items()
        ]
    info = summary.get("run", {})
    return {
        "themes": themes,
        "clusters": clusters,
        "emerging": summary.get("emerging", []),
        "opinion": opinion,
        "blind_spots": [_blind_spot(s, names) for s in summary.get("blind_spots", [])],
        "info": info,
        "filters": selectors.describe_filters(run),
        "counts": info.get("counts", {}),
        "review": selectors.review_counts(run) if request.user.is_programme_team else None,
    }


@readers_only
def run_status(request, pk):
    run = _follow_job(get_object_or_404(selectors.runs_visible_to(request.user), pk=pk))
    response = render(request, "analyses/_progress.html", _status_context(request, run))
    if not run.is_active and request.htmx:
        response["HX-Refresh"] = "true"  # the finished run needs the whole page
    return response


@readers_only
@require_POST
def cancel(request, pk):
    run = get_object_or_404(selectors.runs_manageable_by(request.user), pk=pk)
    run = services.cancel_run(run)
    if request.htmx:
        # The button goes (out of band) and the focus moves to the note that replaces it.
        return render(
            request,
            "analyses/_progress.html",
            {**_status_context(request, run), "cancelled_now": True},
        )
    messages.info(request, _("Annuleren is gevraagd."))
    return redirect(run)


@readers_only
def download(request, pk, name):
    run = get_object_or_404(
        selectors.runs_manageable_by(request.user), pk=pk, status=AnalysisRun.Status.DONE
    )
    files = {"analysis.json": "application/json", "report.html": "text/html; charset=utf-8"}
    if name not in files or not run.result_dir:
        raise Http404
    path = Path(settings.MEDIA_ROOT) / run.result_dir / name
    if not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"),
        content_type=files[name],
        as_attachment=name.endswith(".json"),
        filename=name,
    )


def _run_id(value: str | None) -> int:
    """A run id from the query string; anything else (typed by hand, cut off) is a 404, like
    a run that does not exist."""
    if not value or not value.isascii() or not value.isdigit():
        raise Http404
    return int(value)


@readers_only
def compare(request):
    runs = selectors.runs_visible_to(request.user).filter(status=AnalysisRun.Status.DONE)
    a = get_object_or_404(runs, pk=_run_id(request.GET.get("a")))
    b = get_object_or_404(runs, pk=_run_id(request.GET.get("b")))
    if a.programme_id != b.programme_id:
        raise Http404
    return render(
        request,
        "analyses/compare.html",
        {
            "nav": "analyse",
            "programme": a.programme,
            "a": a,
            "b": b,
            "runs": [a, b],
            "comparison": selectors.compare_runs(a, b),
        },
    )


# -- review --------------------------------------------------------------------------------

REVIEW_PAGE_SIZE = 25


@readers_only
def review(request, pk):
    run = get_object_or_404(
        selectors.runs_manageable_by(request.user), pk=pk, status=AnalysisRun.Status.DONE
    )
    queue = request.GET.get("wachtrij") == "1"
    state = request.GET.get("beoordeling", "open" if queue else "")
    theme = request.GET.get("thema", "")
    if queue:
        suggestions = selectors.label_next_queue(run)
    else:
        suggestions = run.suggestions.order_by("contribution_id")
        if state in Suggestion.Review.values:
            suggestions = suggestions.filter(review=state)
        if theme == "-":
            suggestions = suggestions.filter(theme="")
        elif theme:
            suggestions = suggestions.filter(theme=theme)
    suggestions = suggestions.select_related("contribution__table", "reviewed_by")
    page = Paginator(suggestions, REVIEW_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "analyses/review.html",
        {
            "nav": "analyse",
            "programme": run.programme,
            "run": run,
            "page": page,
            "rows": _rows(run, list(page)),
            "queue": queue,
            "state": state,
            "theme": theme,
            "states": Suggestion.Review.choices,
            "theme_choices": sorted(selectors.theme_names(run).items(), key=lambda kv: kv[1]),
            "counts": selectors.review_counts(run),
            "query": request.GET.urlencode(),
        },
    )


def _rows(run, suggestions, forms=None):
    """Review rows with what the template needs, in a fixed number of queries."""
    forms = forms or {}
    names = selectors.theme_names(run)
    choices = selectors.theme_choices(run.programme)
    person = selectors.person_codes([s.contribution_id for s in suggestions])
    kinds = dict(Kind.choices)
    rows = []
    for suggestion in suggestions:
        form = forms.get(suggestion.pk) or ChangeForm(
            programme=run.programme,
            theme_choices=choices,
            initial={
                "themes": [t["theme"] for t in suggestion.themes],
                "kind": suggestion.kind or suggestion.contribution.kind,
            },
            prefix=f"s{suggestion.pk}",
        )
        rows.append(
            {
                "s": suggestion,
                "c": suggestion.contribution,
                "themes": [
                    {"name": names.get(t["theme"], t["theme"]), "score": t["score"]}
                    for t in suggestion.themes
                ],
                "kind_label": kinds.get(suggestion.kind, suggestion.kind),
                "person_codes": [
                    names.get(slug, slug) for slug in person.get(suggestion.contribution_id, [])
                ],
                "form": form,
            }
        )
    return rows


@readers_only
@require_POST
def review_one(request, pk, suggestion_pk):
    run = get_object_or_404(
        selectors.runs_manageable_by(request.user), pk=pk, status=AnalysisRun.Status.DONE
    )
    suggestion = get_object_or_404(
        run.suggestions.select_related("contribution__programme"), pk=suggestion_pk
    )
    action = request.POST.get("action")
    form = None
    if action == "accept":
        services.accept_suggestion(suggestion, request.user)
    elif action == "reject":
        services.reject_suggestion(suggestion, request.user)
    elif action == "change":
        form = ChangeForm(request.POST, programme=run.programme, prefix=f"s{suggestion.pk}")
        if form.is_valid():
            services.change_suggestion(
                suggestion, request.user, form.cleaned_data["themes"], form.cleaned_data["kind"]
            )
            form = None
    else:
        return HttpResponse(status=400)
    suggestion.refresh_from_db()
    if request.htmx:
        status = 422 if form is not None else 200
        # The swapped row takes the focus back to where the analyst was (the button pressed,
        # or "Wijzigen" once a change is saved), the counters above the table follow, and a
        # live region says what happened.
        return render(
            request,
            "analyses/_review_row.html",
            {
                "row": _rows(run, [suggestion], {suggestion.pk: form} if form else None)[0],
                "run": run,
                "query": request.POST.get("next_query", ""),
                "swapped": action,
                "saved": form is None,
                "states": Suggestion.Review.choices,
                # Only a saved decision changes the counters (a refused change shows none).
                "counts": selectors.review_counts(run) if form is None else None,
            },
            status=status,
        )
    if form is not None:
        messages.error(request, _("De wijziging is niet opgeslagen: kies een geldige soort."))
    return redirect(
        f"{reverse('analyses:review', args=[run.pk])}?{request.POST.get('next_query', '')}"
    )


@readers_only
@require_POST
def review_bulk(request, pk):
    run = get_object_or_404(
        selectors.runs_manageable_by(request.user), pk=pk, status=AnalysisRun.Status.DONE
    )
    action = request.POST.get("action")
    ids = [int(i) for i in request.POST.getlist("selected") if i.isdigit()]
    if action not in ("accept", "reject"):
        return HttpResponse(status=400)
    if not ids:
        messages.error(request, _("Kies eerst een of meer bijdragen."))
    else:
        n = services.review_in_bulk(run, ids, action, request.user)
        if action == "accept":
            messages.success(
                request,
                ngettext("%(n)s suggestie geaccepteerd.", "%(n)s suggesties geaccepteerd.", n)
                % {"n": n},
            )
        else:
            messages.success(
                request,
                ngettext("%(n)s suggestie afgewezen.", "%(n)s suggesties afgewezen.", n) % {"n": n},
            )
    return redirect(
        f"{reverse('analyses:review', args=[run.pk])}?{request.POST.get('next_query', '')}"
    )
