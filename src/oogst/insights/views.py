"""Insights pages. Views parse, authorise (through `oogst.insights.access`) and render; what
they show comes from the presenters and selectors, what they change goes through services.
An insight, run or contribution the user may not see is a 404; a change they may not make
is a 404 as well (the page for it does not exist for them)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from oogst.analyses.models import AnalysisRun
from oogst.analyses.selectors.describing import content_language
from oogst.analyses.views import readers_only
from oogst.codebook.models import RecoveryTask
from oogst.directory.models import Ministry
from oogst.harvest.models import Contribution

from . import access, presenters, services
from .forms import AddToInsightForm, CommentForm, InsightForm, NewFromBoardForm
from .models import Insight, LinkState
from .selectors import board as board_selectors
from .selectors import evidence as evidence_selectors
from .selectors import policy


def _whole_number(value) -> int | None:
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 12:
        return int(value)
    return None


def _programme(request, slug):
    return get_object_or_404(access.programmes_visible_to(request.user), slug=slug)


def _editable_programme(request, slug):
    return get_object_or_404(access.programmes_editable_by(request.user), slug=slug)


def _insight(request, slug, pk) -> Insight:
    return get_object_or_404(
        access.insights_visible_to(request.user).select_related("programme", "parent"),
        programme__slug=slug,
        pk=pk,
    )


def _editable_insight(request, slug, pk) -> Insight:
    return get_object_or_404(
        access.insights_editable_by(request.user).select_related("programme"),
        programme__slug=slug,
        pk=pk,
    )


def _back(request, default: str) -> str:
    """Where a form posted from a page sends the user back to (only this site)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


# -- lists ---------------------------------------------------------------------------------


@login_required
def index(request):
    if access.is_liaison(request.user):
        return redirect("insights:column")
    programmes = list(access.programmes_visible_to(request.user))
    if len(programmes) == 1:
        return redirect("insights:programme", programmes[0].slug)
    visible = access.insights_visible_to(request.user)
    for programme in programmes:
        programme.n_insights = visible.filter(programme=programme).count()
    return render(request, "insights/index.html", {"nav": "insights", "programmes": programmes})


@login_required
def programme_insights(request, slug):
    programme = _programme(request, slug)
    insights = list(
        access.insights_visible_to(request.user).filter(programme=programme).order_by("order", "pk")
    )
    for insight in insights:
        insight.figures = evidence_selectors.spread(
            evidence_selectors.behind_for(request.user, insight)
        )
    shown = {i.pk for i in insights}
    children: dict[int | None, list[Insight]] = {}
    for insight in insights:
        parent = insight.parent_id if insight.parent_id in shown else None
        children.setdefault(parent, []).append(insight)
    for insight in insights:
        insight.child_list = children.get(insight.pk, [])
    return render(
        request,
        "insights/programme.html",
        {
            "nav": "insights",
            "programme": programme,
            "content_lang": content_language(programme),
            "roots": children.get(None, []),
            "count": len(insights),
            "can_edit": access.programmes_editable_by(request.user)
            .filter(pk=programme.pk)
            .exists(),
        },
    )


# -- one insight ---------------------------------------------------------------------------


@login_required
def detail(request, slug, pk):
    insight = _insight(request, slug, pk)
    context = presenters.insight_page(request.user, insight)
    context["comment_form"] = CommentForm() if context["can_comment"] else None
    return render(request, "insights/detail.html", {"nav": "insights", **context})


def _board_source(request, programme, data) -> tuple[AnalysisRun | None, int | None, object]:
    """The finding (a run the user may read, and a cluster of it) or theme named by a form
    from the board; a 404 for anything else."""
    run = cluster = theme = None
    if data.get("run") is not None:
        run = get_object_or_404(
            access.runs_readable_by(request.user).filter(status=AnalysisRun.Status.DONE),
            programme=programme,
            pk=data["run"],
        )
        cluster = data["cluster"]
        if not any(c["id"] == cluster for c in (run.summary or {}).get("clusters", [])):
            raise Http404
    elif data.get("theme"):
        theme = get_object_or_404(programme.themes, slug=data["theme"])
    return run, cluster, theme


def _link_from_board(request, insight, run, cluster, theme, with_quotes: bool) -> int:
    if run is not None:
        entry = presenters.cluster_entry(run, cluster)
        quotes = []
        if with_quotes:
            quotes = list(
                Contribution.objects.filter(
                    programme=insight.programme, pk__in=[int(q) for q in entry.get("quotes", [])]
                )
            )
        added = services.add_evidence(
            insight, by=request.user, findings=[(run, cluster)], quotes=quotes
        )
    else:
        added = services.add_evidence(insight, by=request.user, themes=[theme])
    return len(added)


@login_required
def new(request, slug):
    programme = _editable_programme(request, slug)
    source = request.POST if request.method == "POST" else request.GET
    from_board = any(source.get(k) for k in ("run", "theme"))
    form_class = NewFromBoardForm if from_board else InsightForm
    initial = {"type": Insight.Type.CHALLENGE, "status": Insight.Status.DRAFT}
    run = cluster = theme = None
    if from_board:
        probe = NewFromBoardForm(
            {
                "run": source.get("run"),
                "cluster": source.get("cluster"),
                "theme": source.get("theme"),
            },
            programme=programme,
        )
        probe.is_valid()
        run, cluster, theme = _board_source(request, programme, probe.cleaned_data)
        if run is None and theme is None:
            raise Http404
        label = presenters.cluster_entry(run, cluster)["label"] if run else theme.name
        initial.update(
            {
                "title": label,
                "run": run.pk if run else None,
                "cluster": cluster,
                "theme": theme.slug if theme else "",
                "with_quotes": True,
            }
        )
    form = form_class(
        request.POST if request.method == "POST" else None, programme=programme, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            insight = services.create_insight(
                programme,
                by=request.user,
                title=data["title"],
                text=data["text"],
                type=data["type"],
                status=data["status"],
                parent=data["parent"],
            )
            if from_board:
                _link_from_board(
                    request, insight, run, cluster, theme, data.get("with_quotes", False)
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Het inzicht is aangemaakt."))
            return redirect(insight)
    return render(
        request,
        "insights/form.html",
        {
            "nav": "insights",
            "programme": programme,
            "form": form,
            "run": run,
            "cluster": cluster,
            "theme": theme,
            "finding": presenters.cluster_entry(run, cluster) if run else None,
        },
    )


@login_required
def edit(request, slug, pk):
    insight = _editable_insight(request, slug, pk)
    form = InsightForm(
        request.POST or None,
        programme=insight.programme,
        insight=insight,
        initial={
            "title": insight.title,
            "text": insight.text,
            "type": insight.type,
            "status": insight.status,
            "parent": insight.parent_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_insight(insight, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect(insight)
    return render(
        request,
        "insights/form.html",
        {"nav": "insights", "programme": insight.programme, "form": form, "insight": insight},
    )


@login_required
def contributions(request, slug, pk):
    insight = _insight(request, slug, pk)
    return render(
        request,
        "insights/contributions.html",
        {"nav": "insights", **presenters.contributions_page(request.user, insight, request.GET)},
    )


@login_required
@require_POST
def remove_evidence(request, slug, pk, evidence_pk):
    insight = _editable_insight(request, slug, pk)
    link = get_object_or_404(insight.evidence, pk=evidence_pk)
    services.remove_evidence(link, by=request.user)
    messages.success(request, _("De koppeling is verwijderd."))
    return redirect(_back(request, insight.get_absolute_url()))


@login_required
@require_POST
def suggest(request, slug, pk):
    insight = _editable_insight(request, slug, pk)
    made = services.suggest_evidence(insight)
    if made:
        text = ngettext(
            "%(n)s vergelijkbare bijdrage gevonden; beoordeel hem hieronder.",
            "%(n)s vergelijkbare bijdragen gevonden; beoordeel ze hieronder één voor één.",
            len(made),
        ) % {"n": len(made)}
    else:
        text = _("Geen vergelijkbare bijdragen gevonden die nog niet gekoppeld zijn.")
    messages.info(request, text, extra_tags="focus")
    return redirect(insight.get_absolute_url() + "#suggesties")


@login_required
@require_POST
def decide_suggestion(request, slug, pk, suggestion_pk, decision):
    insight = _editable_insight(request, slug, pk)
    suggestion = get_object_or_404(insight.evidence_suggestions, pk=suggestion_pk)
    if decision == "accepteren":
        services.accept_evidence_suggestion(suggestion, by=request.user)
    elif decision == "afwijzen":
        services.reject_evidence_suggestion(suggestion, by=request.user)
    else:
        raise Http404
    if request.htmx:
        return render(
            request,
            "insights/_suggestion_decided.html",
            {"suggestion": suggestion, "insight": insight},
        )
    return redirect(insight.get_absolute_url() + "#suggesties")


@login_required
@require_POST
def comment(request, slug, pk):
    insight = _insight(request, slug, pk)
    if not access.may_comment(request.user, insight):
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        services.add_comment(insight, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Uw reactie is geplaatst."))
    else:
        messages.error(request, _("Schrijf een reactie (hoogstens 4000 tekens)."))
    return redirect(_back(request, insight.get_absolute_url()) + "#reacties")


# -- the findings board --------------------------------------------------------------------


@readers_only
def board(request, slug):
    programme = _programme(request, slug)
    runs = list(board_selectors.runs_for_board(request.user, programme))
    chosen = _whole_number(request.GET.get("run"))
    run = next((r for r in runs if r.pk == chosen), runs[0] if runs else None)
    wanted = board_selectors.BoardFilter.from_query(request.GET)
    can_edit = request.user.is_programme_team
    context = {
        "nav": "insights",
        "programme": programme,
        "runs": runs,
        "run": run,
        "wanted": wanted,
        "can_edit": can_edit,
        "insights": list(programme.insights.order_by("order", "pk")) if can_edit else [],
        "here": request.get_full_path(),
    }
    if run is not None:
        context.update(board_selectors.board(request.user, run, wanted))
    return render(request, "insights/board.html", context)


@login_required
@require_POST
def add_from_board(request, slug):
    programme = _editable_programme(request, slug)
    form = AddToInsightForm(request.POST, programme=programme)
    if not form.is_valid():
        messages.error(request, _("Kies een inzicht om aan toe te voegen."))
        return redirect(_back(request, reverse("insights:board", args=[slug])))
    data = form.cleaned_data
    run, cluster, theme = _board_source(request, programme, data)
    insight = data["insight"]
    added = _link_from_board(request, insight, run, cluster, theme, data["with_quotes"])
    if added:
        messages.success(
            request, _("Toegevoegd aan ‘%(title)s’.") % {"title": insight.title}, extra_tags="focus"
        )
    else:
        messages.info(
            request,
            _("‘%(title)s’ had deze onderbouwing al.") % {"title": insight.title},
            extra_tags="focus",
        )
    return redirect(_back(request, reverse("insights:board", args=[slug])))


@login_required
def finding(request, slug, run_pk, cluster):
    run = get_object_or_404(
        access.runs_readable_by(request.user).select_related("programme"),
        programme__slug=slug,
        pk=run_pk,
        status=AnalysisRun.Status.DONE,
    )
    if not access.may_read_finding(request.user, run, cluster):
        raise Http404
    page = presenters.finding_page(request.user, run, cluster, request.GET.get("pagina"))
    if page is None:
        raise Http404
    return render(
        request,
        "insights/finding.html",
        {"nav": "insights", "programme": run.programme, "run": run, "cluster": cluster, **page},
    )


# -- ministries and recovery tasks ---------------------------------------------------------


@readers_only
def matrix(request, slug):
    programme = _programme(request, slug)
    return render(
        request,
        "insights/matrix.html",
        {
            "nav": "insights",
            "programme": programme,
            "can_edit": request.user.is_programme_team,
            **policy.matrix(programme),
        },
    )


@login_required
@require_POST
def propose(request, slug):
    programme = _editable_programme(request, slug)
    made = services.propose_links(programme)
    messages.info(
        request,
        _(
            "Voorstellen bijgewerkt: %(m)s nieuw voor ministeries, %(t)s nieuw voor "
            "herstelopgaven. Een voorstel telt pas als iemand het vaststelt."
        )
        % {"m": made["ministries"], "t": made["recovery_tasks"]},
        extra_tags="focus",
    )
    return redirect("insights:matrix", slug)


CELL_STATES = {"vaststellen": LinkState.ACCEPTED, "afwijzen": LinkState.REJECTED, "wissen": None}


@login_required
@require_POST
def decide_cell(request, slug, pk, what, target_pk):
    insight = _editable_insight(request, slug, pk)
    if what == "ministerie":
        target = get_object_or_404(Ministry, pk=target_pk)
    elif what == "opgave":
        target = get_object_or_404(RecoveryTask, programme=insight.programme, pk=target_pk)
    else:
        raise Http404
    state = request.POST.get("besluit", "")
    if state not in CELL_STATES:
        raise Http404
    link = services.decide_link(insight, target, CELL_STATES[state], by=request.user)
    if request.htmx:
        return render(
            request,
            "insights/_cell.html",
            {
                "insight": insight,
                "link": link,
                "what": what,
                "target": target,
                "name": getattr(target, "code", "") or str(target),
                "can_edit": True,
                "announce": True,
            },
        )
    return redirect(_back(request, reverse("insights:matrix", args=[slug])))


@login_required
def column(request):
    context = presenters.column_page(request.user, request.GET)
    if context is None:
        raise Http404
    return render(
        request,
        "insights/column.html",
        {"nav": "insights", "comment_form": CommentForm(), **context},
    )


# -- from a contribution -------------------------------------------------------------------


@login_required
def contribution(request, pk):
    contribution = get_object_or_404(
        Contribution.objects.select_related("programme", "table", "participant", "redaction"),
        pk=pk,
    )
    context = presenters.contribution_page(request.user, contribution)
    if context is None:
        raise Http404
    return render(request, "insights/contribution.html", {"nav": "insights", **context})
