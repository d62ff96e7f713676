"""Analysis pages. Views parse, authorise (via selectors built on oogst.accounts.access) and
render; a run the user may not see, or may not change, is a 404."""

from __future__ import annotations

import dataclasses
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
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
# The steps in the order a run takes them, for "stap 3 van 10".
STEP_ORDER = list(services.STEP_WEIGHTS)
# Steps that report each contribution they finish. The others report only their start and
# end: a "0 / 499" beside them would stand still until the step is over and look hung.
COUNTED_STEPS = {"redact", "embed"}


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
    runs = list(
        selectors.runs_visible_to(request.user).filter(programme=programme)
        if programme
        else AnalysisRun.objects.none()
    )
    # Runs with different filters are told apart by them, not only by their titles.
    filters = selectors.describe_filters_of(runs)
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
            and selectors.programmes_analysable_by(request.user).filter(pk=programme.pk).exists(),
        },
    )


@readers_only
def start(request, slug):
    programme = get_object_or_404(selectors.programmes_analysable_by(request.user), slug=slug)
    form = RunForm(request.POST or None, programme=programme)
    source, left_out = None, []
    if "van" in request.GET:
        # "Opnieuw starten met deze instellingen": an earlier run of this programme (one the
        # user may see) fills the form; anything else is a 404, like a run that does not exist.
        source = get_object_or_404(
            selectors.runs_visible_to(request.user),
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
            "source": source,
            "left_out": left_out,
        },
    )


def _status_context(request, run):
    return {
        "run": run,
        "step_label": STEP_LABELS.get(run.step, run.step),
        "step_number": STEP_ORDER.index(run.step) + 1 if run.step in STEP_ORDER else None,
        "step_count": len(STEP_ORDER),
        "show_count": run.step in COUNTED_STEPS and run.step_done > 0 and run.step_total > 1,
        "can_manage": request.user.is_programme_team,
    }


# Said (and focused) on the page that reloads when a run it watched has ended.
RUN_ENDED = {
    AnalysisRun.Status.DONE: (
        messages.SUCCESS,
        gettext_lazy("Klaar: de analyse is afgerond. Het resultaat staat hieronder."),
    ),
    AnalysisRun.Status.FAILED: (
        messages.ERROR,
        gettext_lazy("Mislukt: de analyse is niet afgerond. Hieronder staat waarom."),
    ),
    AnalysisRun.Status.CANCELLED: (
        messages.INFO,
        gettext_lazy("Geannuleerd: de analyse is gestopt; er is niets van opgeslagen."),
    ),
}


@readers_only
def run_detail(request, pk):
    run = _follow_job(get_object_or_404(selectors.runs_visible_to(request.user), pk=pk))
    context = {
        "nav": "analyse",
        "programme": run.programme,
        **_status_context(request, run),
        # What the run was (filter, settings) shows whatever became of it: a cancelled or
        # failed run is otherwise a title and nothing more.
        "filters": selectors.describe_filters(run),
        "info": (run.summary or {}).get("run", {}),
        "content_lang": selectors.content_language(run.programme),
    }
    if run.is_done:
        context.update(_result_context(request, run))
    return render(request, "analyses/run.html", context)


# A cluster's "Thema's:" line names its biggest few themes; the rest is one "overige" share.
CLUSTER_THEMES_SHOWN = 3


def _result_context(request, run):
    summary = run.summary or {}
    names = selectors.theme_names(run)
    content_lang = selectors.content_language(run.programme)
    # Only the programme team may open the review page: others get no links to it.
    review_url = reverse("analyses:review", args=[run.pk]) if request.user.is_programme_team else ""
    clusters = sorted(summary.get("clusters", []), key=lambda c: (-c["size"], c["id"]))
    cluster_langs = selectors.cluster_languages(run)
    themes = selectors.theme_sizes(run)
    opinion = summary.get("opinion", [])
    quote_ids = {int(q) for c in clusters for q in c.get("quotes", [])}
    quote_ids |= {int(q) for t in themes for q in t.get("quotes", [])}
    quote_ids |= {int(e["statement"]) for o in opinion for e in o["consensus"] + o["divisive"]}
    quotes = selectors.quote_texts(request.user, sorted(quote_ids))
    conversation_langs = (
        selectors.conversation_languages(
            run.programme, [o.get("conversation_id", "") for o in opinion]
        )
        if opinion
        else {}
    )
    for conversation in opinion:
        conversation["language"] = conversation_langs.get(conversation.get("conversation_id"), "")
        for part in ("consensus", "divisive"):
            for entry in conversation[part]:
                entry["quote"] = quotes.get(int(entry["statement"]))
                entry["agree_percent"] = [round(100 * a) for a in entry["agree"]]
                entry["strength_percent"] = round(100 * entry.get("strength", 0))
                entry["figure"] = _statement_figure(entry, consensus=part == "consensus")
    for theme in themes:
        theme["quote_list"] = [quotes[int(q)] for q in theme.get("quotes", []) if int(q) in quotes]
        if review_url and theme["count"]:
            theme["review_url"] = f"{review_url}?{urlencode({'thema': theme['id']})}"
    for cluster in clusters:
        cluster["quote_list"] = [
            quotes[int(q)] for q in cluster.get("quotes", []) if int(q) in quotes
        ]
        cluster["language"] = cluster_langs.get(cluster["id"], "")
        if review_url:
            cluster["review_url"] = f"{review_url}?{urlencode({'cluster': cluster['id']})}"
        cluster.update(_cluster_themes(cluster.get("themes", {}), names, content_lang))
    emerging = [
        {
            **e,
            "language": cluster_langs.get(e.get("cluster"), ""),
            "review_url": f"{review_url}?{urlencode({'cluster': e['cluster']})}"
            if review_url and e.get("cluster") is not None
            else "",
        }
        for e in summary.get("emerging", [])
    ]
    blind_spots = []
    for spot in summary.get("blind_spots", []):
        spot = _blind_spot(spot, names)
        # Nothing to open behind a theme that got no contributions at all.
        empty = spot.get("type") == "few_contributions" and not spot.get("count")
        url = f"{review_url}?{urlencode({'thema': spot['theme']})}" if review_url else ""
        spot["theme_html"] = _content_name(spot["theme_name"], content_lang, "" if empty else url)
        blind_spots.append(spot)
    info = summary.get("run", {})
    return {
        "themes": themes,
        "clusters": clusters,
        "emerging": emerging,
        "opinion": opinion,
        "blind_spots": blind_spots,
        "counts": info.get("counts", {}),
        "review": selectors.review_counts(run) if request.user.is_programme_team else None,
    }


def _content_name(name: str, lang: str, url: str = "") -> str:
    """A theme name to place in a translated sentence: marked up here, in the language of the
    programme's content, and a link when there is somewhere to go."""
    if url:
        return format_html('<a href="{}" lang="{}">{}</a>', url, lang, name)
    return format_html('<span lang="{}">{}</span>', lang, name)


def _cluster_themes(shares: dict[str, float], names: dict[str, str], lang: str) -> dict:
    """A cluster's main theme and its "Thema's:" line: the biggest few themes, the rest as one
    share, and the members that got no theme at all (shares count members by best theme)."""
    if not shares:
        return {"theme_list": []}
    ranked = sorted(shares.items(), key=lambda kv: (-kv[1], names.get(kv[0], kv[0])))
    rest = sum(share for _slug, share in ranked[CLUSTER_THEMES_SHOWN:])
    unthemed = 1 - sum(shares.values())
    main = max(shares, key=shares.get)
    return {
        # Not the library's description: it opens with a raw sentence, and this page shows
        # contribution text only through the privacy app's redaction.
        "main_theme": _content_name(names.get(main, main), lang),
        "theme_list": [
            {"name": names.get(slug, slug), "percent": round(100 * share)}
            for slug, share in ranked[:CLUSTER_THEMES_SHOWN]
        ],
        "other_percent": (round(100 * rest) or "<1") if rest else None,
        "no_theme_percent": round(100 * unthemed) if unthemed >= 0.005 else None,
    }


def _statement_figure(entry: dict, consensus: bool) -> str:
    """How the groups voted on a Polis statement, for the meta line of its own box."""
    if consensus:
        if entry.get("direction") == "agree":
            return _("Elke groep minstens %(p)s%% eens") % {"p": entry["strength_percent"]}
        return _("Elke groep minstens %(p)s%% oneens") % {"p": entry["strength_percent"]}
    return " · ".join(
        _("groep %(g)s: %(p)s%% eens") % {"g": g, "p": p}
        for g, p in enumerate(entry["agree_percent"], 1)
    )


@readers_only
def run_status(request, pk):
    run = _follow_job(get_object_or_404(selectors.runs_visible_to(request.user), pk=pk))
    context = _status_context(request, run)
    # The page's poll says which step it showed last (`stap`): a new step is announced once,
    # politely, instead of a live region that speaks every second.
    seen = request.GET.get("stap")
    context["announce"] = bool(request.htmx and run.is_active and seen not in (None, run.step))
    response = render(request, "analyses/_progress.html", context)
    if not run.is_active and request.htmx:
        if seen is not None and run.status in RUN_ENDED:
            # A page that watched the run: after the reload, focus and say how it ended.
            level, text = RUN_ENDED[run.status]
            messages.add_message(request, level, text, extra_tags="focus")
        response["HX-Refresh"] = "true"  # the finished run needs the whole page
    return response


def _cancel_outcome(run: AnalysisRun, was_active: bool) -> str:
    """What a press on "Analyse annuleren" did, in words: a stale page (or a second tab) may
    ask to cancel a run that has ended meanwhile."""
    if run.is_active:
        return _("Annuleren is gevraagd; de analyse stopt bij de volgende stap.")
    if run.status == AnalysisRun.Status.CANCELLED:
        if was_active:
            return _("De analyse is geannuleerd; er is niets van opgeslagen.")
        return _("Deze analyse was al geannuleerd.")
    if run.status == AnalysisRun.Status.DONE:
        return _("Deze analyse was al klaar; er is niets geannuleerd.")
    return _("Deze analyse was al mislukt; er is niets geannuleerd.")


@readers_only
@require_POST
def cancel(request, pk):
    run = get_object_or_404(selectors.runs_manageable_by(request.user), pk=pk)
    was_active = run.is_active
    run = services.cancel_run(run)
    if request.htmx and (run.is_active or (was_active and run.status == run.Status.CANCELLED)):
        # The button goes (out of band) and the focus moves to the note that replaces it.
        return render(
            request,
            "analyses/_progress.html",
            {**_status_context(request, run), "cancelled_now": True},
        )
    messages.info(request, _cancel_outcome(run, was_active), extra_tags="focus")
    if request.htmx:  # the run had ended before: the page shows how, with this message
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
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
    if name == "report.html":
        # The report leaves the system: rendered with today's consent, not the stored file.
        response = HttpResponse(selectors.run_report(run), content_type=files[name])
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response
    return FileResponse(
        path.open("rb"),
        content_type=files[name],
        as_attachment=name.endswith(".json"),
        filename=name,
    )


def _run_id(value: str | None) -> int:
    """A run id from the query string; anything else (typed by hand, cut off) is a 404, like
    a run that does not exist."""
    number = _whole_number(value)
    if number is None:
        raise Http404
    return number


# Contributions whose best theme changed, per page of the comparison.
COMPARE_PAGE_SIZE = 50


@readers_only
def compare(request):
    runs = selectors.runs_visible_to(request.user).filter(status=AnalysisRun.Status.DONE)
    a = get_object_or_404(runs, pk=_run_id(request.GET.get("a")))
    b = get_object_or_404(runs, pk=_run_id(request.GET.get("b")))
    if a.programme_id != b.programme_id:
        raise Http404
    if a.pk == b.pk:
        messages.error(
            request, _("Kies twee verschillende runs om te vergelijken."), extra_tags="focus"
        )
        return redirect(f"{reverse('analyses:list')}?programma={a.programme.slug}")
    comparison = selectors.compare_runs(a, b)
    page = Paginator(comparison["changed"], COMPARE_PAGE_SIZE).get_page(request.GET.get("pagina"))
    # Each moved contribution with its text as the privacy rules let this reader see it.
    quotes = selectors.quote_texts(request.user, [row["contribution_id"] for row in page])
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
            "content_lang": selectors.content_language(a.programme),
        },
    )


# -- review --------------------------------------------------------------------------------

REVIEW_PAGE_SIZE = 25


# The query parameters that choose what the review page lists (paging comes on top).
def _whole_number(value: str | None) -> int | None:
    """A whole number from the query string; anything else (typed by hand) counts as absent."""
    if value and value.isascii() and value.isdigit() and len(value) < 12:
        return int(value)
    return None


def _review_states() -> list[tuple[str, str]]:
    """The review states for the counters and the filter: "decided elsewhere" is not stored
    but follows "open", the state it is taken from."""
    states = list(Suggestion.Review.choices)
    states.insert(1, (selectors.ELSEWHERE, _("Elders al beoordeeld")))
    return states


def _active_filters(wanted, params, names, cluster_choices, states) -> list[dict]:
    """The filters in force, in words, each with the link that drops it."""
    clusters = {c: label for c, label, _size in cluster_choices}
    shown = []
    if wanted.state:
        shown.append(("beoordeling", _("Beoordeling"), dict(states).get(wanted.state)))
    if wanted.theme:
        name = _("Geen thema") if wanted.theme == "-" else names.get(wanted.theme, wanted.theme)
        shown.append(("thema", _("Voorgesteld thema"), name))
    if wanted.cluster is not None:
        label = clusters.get(wanted.cluster, "")
        shown.append(
            (
                "cluster",
                _("Bevinding"),
                _("cluster %(n)s: %(label)s") % {"n": wanted.cluster, "label": label}
                if label
                else _("cluster %(n)s") % {"n": wanted.cluster},
            )
        )
    return [
        {
            "label": label,
            "value": value or "",
            "remove": urlencode({k: v for k, v in params.items() if k != key}),
        }
        for key, label, value in shown
        if value is not None
    ]


@readers_only
def review(request, pk):
    run = get_object_or_404(
        selectors.runs_manageable_by(request.user), pk=pk, status=AnalysisRun.Status.DONE
    )
    queue = request.GET.get("wachtrij") == "1"
    wanted = selectors.ReviewFilter(
        queue=queue,
        state="" if queue else request.GET.get("beoordeling", ""),
        theme="" if queue else request.GET.get("thema", ""),
        cluster=None if queue else _whole_number(request.GET.get("cluster")),
    )
    states = _review_states()
    if wanted.state and wanted.state not in dict(states):
        wanted = dataclasses.replace(wanted, state="")
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
    listing, order = selectors.review_listing(run, wanted)
    # Paged by the last row seen, not by page number: rows decided on this page leave an
    # "open" list, and page 2 would then start past rows nobody has seen yet.
    page = selectors.review_page(
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
    names, cluster_choices = selectors.theme_names(run), selectors.cluster_choices(run)
    return render(
        request,
        "analyses/review.html",
        {
            "nav": "analyse",
            "programme": run.programme,
            "run": run,
            "page": page,
            "last": page.first + len(page.rows) - 1,
            "rows": _rows(run, page.rows, confirm={confirm} if confirm else None, names=names),
            "queue": queue,
            "state": wanted.state,
            "theme": wanted.theme,
            "cluster": wanted.cluster,
            "states": states,
            "theme_choices": sorted(names.items(), key=lambda kv: kv[1]),
            "cluster_choices": cluster_choices,
            "active_filters": []
            if queue
            else _active_filters(wanted, params, names, cluster_choices, states),
            "counts": selectors.review_counts(run),
            "newer": selectors.newer_run(run),
            "filter_query": urlencode(params),
            "query": urlencode(here),
        },
    )


def _rows(run, suggestions, forms=None, confirm=None, names=None):
    """Review rows with what the template needs, in a fixed number of queries. `confirm`:
    ids of suggestions whose acceptance waits for the analyst to confirm that it replaces
    what was decided before."""
    forms = forms or {}
    confirm = confirm or set()
    names = names if names is not None else selectors.theme_names(run)
    choices = selectors.theme_choices(run.programme)
    offered = {slug for slug, _name in choices}
    ids = [s.contribution_id for s in suggestions]
    person = selectors.person_codes(ids)
    elsewhere = selectors.decisions_elsewhere(run, ids)
    kinds = dict(Kind.choices)
    rows = []
    for suggestion in suggestions:
        codes = person.get(suggestion.contribution_id, [])
        where = elsewhere.get(suggestion.contribution_id)
        no_theme = suggestion.review == Suggestion.Review.NO_THEME or (
            not codes and where is not None and where.review == Suggestion.Review.NO_THEME
        )
        # "Wijzigen" starts from what stands: the analyst's codes, or their "no theme fits";
        # only an undecided contribution starts from the suggestion.
        own = [slug for slug in codes if slug in offered]
        form = forms.get(suggestion.pk) or ChangeForm(
            programme=run.programme,
            theme_choices=choices,
            initial={
                "themes": own or ([] if no_theme else [t["theme"] for t in suggestion.themes]),
                "no_theme": no_theme and not own,
                "kind": suggestion.kind or suggestion.contribution.kind,
            },
            prefix=f"s{suggestion.pk}",
        )
        standing = selectors.standing_decision(suggestion) if suggestion.pk in confirm else None
        rows.append(
            {
                "s": suggestion,
                "c": suggestion.contribution,
                "themes": [
                    {"name": names.get(t["theme"], t["theme"]), "score": t["score"]}
                    for t in suggestion.themes
                ],
                "kind_label": kinds.get(suggestion.kind, suggestion.kind),
                "person_codes": [names.get(slug, slug) for slug in codes],
                "no_theme": no_theme and not codes,
                "theme_names": [names.get(t["theme"], t["theme"]) for t in suggestion.themes],
                # Where it was decided, beside a row not decided here; a rejection names the
                # theme it rejected, which need not be this run's suggestion.
                "where": where,
                "show_where": where is not None
                and suggestion.review in (Suggestion.Review.OPEN, Suggestion.Review.CODED),
                "where_theme": (names.get(where.theme, where.theme) or _("geen thema"))
                if where is not None and where.review == Suggestion.Review.REJECTED
                else "",
                "elsewhere": getattr(suggestion, "elsewhere", False),
                "form": form,
                "confirm": standing is not None,
            }
        )
    return rows


def _review_row(run, suggestion_pk):
    """One suggestion as the review list has it (with `elsewhere`), after a decision."""
    listing, _order = selectors.review_listing(run, selectors.ReviewFilter())
    return listing.select_related("contribution__table", "reviewed_by").get(pk=suggestion_pk)


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
    row = _review_row(run, suggestion.pk)
    if request.htmx:
        status = 422 if form is not None else 200
        # The swapped row takes the focus back to where the analyst was (the button pressed,
        # or "Wijzigen" once a change is saved; the question, when acceptance waits for a
        # yes), the counters above the table follow, and a live region says what happened.
        return render(
            request,
            "analyses/_review_row.html",
            {
                "row": _rows(
                    run,
                    [row],
                    {suggestion.pk: form} if form else None,
                    confirm={suggestion.pk} if confirm else None,
                )[0],
                "run": run,
                "query": request.POST.get("next_query", ""),
                "swapped": "accept" if action == "keep" else action,
                "saved": saved,
                "states": _review_states(),
                # Only a saved decision changes the counters (a refused change shows none).
                "counts": selectors.review_counts(run) if saved else None,
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
        selectors.runs_manageable_by(request.user), pk=pk, status=AnalysisRun.Status.DONE
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
