"""Analysis pages. Views parse, authorise (via selectors built on the access rules of programme
and harvest) and render; a run the user may not see, or may not change, is a 404."""

from __future__ import annotations

import dataclasses
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from oogst.tasks.runner import refresh

from . import presenters, services
from .forms import ChangeForm, RunForm
from .models import AnalysisRun
from .selectors import access, coding, comparing, describing, outputs, quoting, review_queue


def readers_only(view):
    """Analysis pages exist for the programme team and observers; for others they do not."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.can_read_everything:
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _follow_job(run: AnalysisRun) -> AnalysisRun:
    """A run whose worker died shows as failed, not as forever busy."""
    if run.is_active and run.job_id and not refresh(run.job).is_active:
        run.refresh_from_db()  # the job was just found dead: its run was marked failed
    return run


def _whole_number(value: str | None) -> int | None:
    """A whole number from the query string; anything else (typed by hand) counts as absent."""
    if value and value.isascii() and value.isdigit() and len(value) < 12:
        return int(value)
    return None


def _run_id(value: str | None) -> int:
    """A run id from the query string; anything else (typed by hand, cut off) is a 404, like
    a run that does not exist."""
    number = _whole_number(value)
    if number is None:
        raise Http404
    return number


@readers_only
def run_list(request):
    programmes = access.programmes_for_analysis(request.user)
    programme = (
        programmes.filter(slug=request.GET.get("programma", "")).first() or programmes.first()
    )
    runs = list(
        access.runs_visible_to(request.user).filter(programme=programme)
        if programme
        else AnalysisRun.objects.none()
    )
    # Runs with different filters are told apart by them, not only by their titles.
    filters = describing.describe_filters_of(runs)
    for run in runs:
        run.filter_words = filters[run.pk]
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
            and access.programmes_analysable_by(request.user).filter(pk=programme.pk).exists(),
        },
    )


@readers_only
def start(request, slug):
    programme = get_object_or_404(access.programmes_analysable_by(request.user), slug=slug)
    form = RunForm(request.POST or None, programme=programme)
    source, left_out = None, []
    if "van" in request.GET:
        # "Opnieuw starten met deze instellingen": an earlier run of this programme (one the
        # user may see) fills the form; anything else is a 404, like a run that does not exist.
        source = get_object_or_404(
            access.runs_visible_to(request.user),
            programme=programme,
            pk=_run_id(request.GET["van"]),
        )
        if not form.is_bound:
            left_out = form.prefill_from(source)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.start_run(
                programme, request.user, form.filters(), form.settings(), form.cleaned_data["title"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.RunAlreadyActive as already:
            messages.info(
                request,
                _("Deze analyse, met dit filter en deze instellingen, loopt al: hier is hij."),
                extra_tags="focus",
            )
            return redirect(already.run)
        else:
            return redirect(run)
    return render(
        request,
        "analyses/start.html",
        {
            "nav": "analyse",
            "programme": programme,
            "form": form,
            "n_themes": coding.active_themes(programme).count(),
            "source": source,
            "left_out": left_out,
        },
    )


@readers_only
def run_detail(request, pk):
    run = _follow_job(get_object_or_404(access.runs_visible_to(request.user), pk=pk))
    context = {
        "nav": "analyse",
        "programme": run.programme,
        **presenters.run_progress(run, request.user),
        # What the run was (filter, settings) shows whatever became of it: a cancelled or
        # failed run is otherwise a title and nothing more.
        "filters": describing.describe_filters(run),
        "info": (run.summary or {}).get("run", {}),
        "content_lang": describing.content_language(run.programme),
    }
    if run.is_done:
        context.update(presenters.run_result(run, request.user))
    return render(request, "analyses/run.html", context)


@readers_only
def run_status(request, pk):
    run = _follow_job(get_object_or_404(access.runs_visible_to(request.user), pk=pk))
    context = presenters.run_progress(run, request.user)
    # The page's poll says which step it showed last (`stap`): a new step is announced once,
    # politely, instead of a live region that speaks every second.
    seen = request.GET.get("stap")
    context["announce"] = bool(request.htmx and run.is_active and seen not in (None, run.step))
    response = render(request, "analyses/_progress.html", context)
    if not run.is_active and request.htmx:
        if seen is not None and run.status in presenters.RUN_ENDED:
            # A page that watched the run: after the reload, focus and say how it ended.
            level, text = presenters.RUN_ENDED[run.status]
            messages.add_message(request, level, text, extra_tags="focus")
        response["HX-Refresh"] = "true"  # the finished run needs the whole page
    return response


@readers_only
@require_POST
def cancel(request, pk):
    run = get_object_or_404(access.runs_manageable_by(request.user), pk=pk)
    was_active = run.is_active
    run = services.cancel_run(run)
    if request.htmx and (run.is_active or (was_active and run.status == run.Status.CANCELLED)):
        # The button goes (out of band) and the focus moves to the note that replaces it.
        return render(
            request,
            "analyses/_progress.html",
            {**presenters.run_progress(run, request.user), "cancelled_now": True},
        )
    messages.info(request, presenters.cancel_outcome(run, was_active), extra_tags="focus")
    if request.htmx:  # the run had ended before: the page shows how, with this message
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return redirect(run)


@readers_only
def download(request, pk, name):
    run = get_object_or_404(
        access.runs_manageable_by(request.user), pk=pk, status=AnalysisRun.Status.DONE
    )
    files = {"analysis.json": "application/json", "report.html": "text/html; charset=utf-8"}
    if name not in files or not run.result_dir:
        raise Http404
    path = Path(settings.MEDIA_ROOT) / run.result_dir / name
    if not path.is_file():
        raise Http404
    # What leaves the system is made with today's consent, not the stored file.
    if name == "report.html":
        response = HttpResponse(outputs.run_report(run), content_type=files[name])
        response["Content-Disposition"] = f'inline; filename="{name}"'
        # Shown from our own origin: no script and nothing fetched, whatever the texts hold.
        response["Content-Security-Policy"] = REPORT_CSP
        return response
    response = HttpResponse(outputs.run_analysis_json(run, path), content_type=files[name])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# The report is self-contained: its own inline style, no script, no outside resource.
REPORT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


# Contributions whose best theme changed, per page of the comparison.
COMPARE_PAGE_SIZE = 50


@readers_only
def compare(request):
    runs = access.runs_visible_to(request.user).filter(status=AnalysisRun.Status.DONE)
    a = get_object_or_404(runs, pk=_run_id(request.GET.get("a")))
    b = get_object_or_404(runs, pk=_run_id(request.GET.get("b")))
    if a.programme_id != b.programme_id:
        raise Http404
    if a.pk == b.pk:
        messages.error(
            request, _("Kies twee verschillende runs om te vergelijken."), extra_tags="focus"
        )
        return redirect(f"{reverse('analyses:list')}?programma={a.programme.slug}")
    comparison = comparing.compare_runs(a, b)
    page = Paginator(comparison["changed"], COMPARE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    # Each moved contribution with its text as the privacy rules let this reader see it.
    quotes = quoting.quote_texts(request.user, [row["contribution_id"] for row in page])
    return render(
        request,
        "analyses/compare.html",
        {
            "nav": "analyse",
            "programme": a.programme,
            "a": a,
            "b": b,
            "runs": [a, b],
            "comparison": comparison,
            "changed_page": page,
            "changed_rows": [{**row, "q": quotes.get(row["contribution_id"])} for row in page],
            "content_lang": describing.content_language(a.programme),
        },
    )


# -- review --------------------------------------------------------------------------------

REVIEW_PAGE_SIZE = 25


@readers_only
def review(request, pk):
    run = get_object_or_404(
        access.runs_manageable_by(request.user), pk=pk, status=AnalysisRun.Status.DONE
    )
    queue = request.GET.get("wachtrij") == "1"
    wanted = review_queue.ReviewFilter(
        queue=queue,
        state="" if queue else request.GET.get("beoordeling", ""),
        theme="" if queue else request.GET.get("thema", ""),
        cluster=None if queue else _whole_number(request.GET.get("cluster")),
    )
    states = presenters.review_states()
    if wanted.state and wanted.state not in dict(states):
        wanted = dataclasses.replace(wanted, state="")
    # The query parameters that choose what the review page lists (paging comes on top).
    params = {"wachtrij": "1"} if queue else {}
    if not queue:
        params |= {
            key: value
            for key, value in (
                ("beoordeling", wanted.state),
                ("thema", wanted.theme),
                ("cluster", "" if wanted.cluster is None else str(wanted.cluster)),
            )
            if value
        }
    listing, order = review_queue.review_listing(run, wanted)
    # Paged by the last row seen, not by page number: rows decided on this page leave an
    # "open" list, and page 2 would then start past rows nobody has seen yet.
    page = review_queue.review_page(
        run,
        listing.select_related("contribution__table", "reviewed_by"),
        order,
        after=_whole_number(request.GET.get("na")),
        before=_whole_number(request.GET.get("voor")),
        size=REVIEW_PAGE_SIZE,
    )
    # After a decision the page comes back to the rows it showed.
    here = dict(params)
    for key in ("na", "voor") if page.first > 1 else ():
        if _whole_number(request.GET.get(key)) is not None:
            here[key] = request.GET[key]
            break
    confirm = _whole_number(request.GET.get("bevestig"))
    # Each read once per page: the filter form, the active filters and the rows all use them.
    names, cluster_choices = describing.theme_names(run), review_queue.cluster_choices(run)
    return render(
        request,
        "analyses/review.html",
        {
            "nav": "analyse",
            "programme": run.programme,
            "run": run,
            "page": page,
            "last": page.first + len(page.rows) - 1,
            "rows": presenters.review_rows(
                run, page.rows, confirm={confirm} if confirm else None, names=names
            ),
            "queue": queue,
            "state": wanted.state,
            "theme": wanted.theme,
            "cluster": wanted.cluster,
            "states": states,
            "theme_choices": sorted(names.items(), key=lambda kv: kv[1]),
            "cluster_choices": cluster_choices,
            "active_filters": []
            if queue
            else presenters.active_filters(wanted, params, names, cluster_choices, states),
            "counts": review_queue.review_counts(run),
            "newer": describing.newer_run(run),
            "filter_query": urlencode(params),
            "query": urlencode(here),
        },
    )


@readers_only
@require_POST
def review_one(request, pk, suggestion_pk):
    run = get_object_or_404(
        access.runs_manageable_by(request.user), pk=pk, status=AnalysisRun.Status.DONE
    )
    suggestion = get_object_or_404(
        run.suggestions.select_related("contribution__programme"), pk=suggestion_pk
    )
    action = request.POST.get("action")
    form = None
    confirm = False
    if action == "accept":
        try:
            services.accept_suggestion(
                suggestion, request.user, replace=request.POST.get("vervangen") == "1"
            )
        except services.DecisionStands:
            # Not silently over someone's codes: the row asks first (see _review_row.html).
            confirm = True
    elif action == "reject":
        services.reject_suggestion(suggestion, request.user)
    elif action == "change":
        form = ChangeForm(request.POST, programme=run.programme, prefix=f"s{suggestion.pk}")
        if form.is_valid():
            services.change_suggestion(
                suggestion, request.user, form.cleaned_data["themes"], form.cleaned_data["kind"]
            )
            form = None
    elif action != "keep":  # "keep": the analyst answered no to replacing; nothing changes
        return HttpResponse(status=400)
    saved = form is None and not confirm and action != "keep"
    row = review_queue.review_row(run, suggestion.pk)
    if request.htmx:
        status = 422 if form is not None else 200
        # The swapped row takes the focus back to where the analyst was (the button pressed,
        # or "Wijzigen" once a change is saved; the question, when acceptance waits for a
        # yes), the counters above the table follow, and a live region says what happened.
        return render(
            request,
            "analyses/_review_row.html",
            {
                "row": presenters.review_rows(
                    run,
                    [row],
                    {suggestion.pk: form} if form else None,
                    confirm={suggestion.pk} if confirm else None,
                )[0],
                "run": run,
                "query": request.POST.get("next_query", ""),
                "swapped": "accept" if action == "keep" else action,
                "saved": saved,
                "states": presenters.review_states(),
                # Only a saved decision changes the counters (a refused change shows none).
                "counts": review_queue.review_counts(run) if saved else None,
            },
            status=status,
        )
    query = request.POST.get("next_query", "")
    if form is not None:
        reasons = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(
            request,
            _("De wijziging is niet opgeslagen: %(reason)s") % {"reason": reasons},
        )
    if confirm:
        # Without JavaScript the page itself shows the question in the row.
        query = urlencode({**QueryDict(query).dict(), "bevestig": suggestion.pk})
    return redirect(
        f"{reverse('analyses:review', args=[run.pk])}?{query}"
        + (f"#row-{suggestion.pk}" if confirm else "")
    )


@readers_only
@require_POST
def review_bulk(request, pk):
    run = get_object_or_404(
        access.runs_manageable_by(request.user), pk=pk, status=AnalysisRun.Status.DONE
    )
    action = request.POST.get("action")
    ids = [int(i) for i in request.POST.getlist("selected") if i.isdigit()]
    if action not in ("accept", "reject"):
        return HttpResponse(status=400)
    if not ids:
        messages.error(request, _("Kies eerst een of meer bijdragen."))
    else:
        n, skipped = services.review_in_bulk(run, ids, action, request.user)
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
        if skipped:
            # Bulk actions touch open suggestions only: say which were left alone, and why.
            messages.warning(
                request,
                ngettext(
                    "%(n)s gekozen bijdrage is overgeslagen, omdat die al beoordeeld is (in "
                    "deze of een andere run, of met een eigen codering). Wijzig die per "
                    "bijdrage.",
                    "%(n)s gekozen bijdragen zijn overgeslagen, omdat die al beoordeeld zijn "
                    "(in deze of een andere run, of met een eigen codering). Wijzig die per "
                    "bijdrage.",
                    skipped,
                )
                % {"n": skipped},
            )
    return redirect(
        f"{reverse('analyses:review', args=[run.pk])}?{request.POST.get('next_query', '')}"
    )
