"""The products pages of a programme, for the programme team: make a product (in the
background) and download it, score the afwegingskader, write scenarios for a dilemma and the
B1 summary. Views parse, authorise and render; services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oogst.insights.models import Insight
from oogst.reporting.readability import assess
from oogst.safeguards.selectors import policy_for, quotable_text, quotes_for_export

from . import services
from .forms import MakeProductForm, PlainSummaryForm, RatingForm, ScenarioForm
from .models import PlainSummary, Product, Scenario
from .render import words
from .selectors import frame as frame_selectors
from .selectors.access import may_make_products, programme_for, programmes_for_products
from .selectors.changes import run_choices
from .selectors.insights import evidence_contributions

EVIDENCE_CHOICES = 40


@login_required
def index(request):
    if not may_make_products(request.user):
        raise PermissionDenied
    programmes = programmes_for_products(request.user)
    if programmes.count() == 1:
        return redirect("products:overview", programmes.get().slug)
    return render(request, "products/index.html", {"nav": "products", "programmes": programmes})


def _overview_context(request, programme, form=None) -> dict:
    runs = list(run_choices(programme))
    return {
        "nav": "products",
        "programme": programme,
        "form": form or MakeProductForm(runs=runs),
        "products": programme.products.select_related("made_by", "since_run")[:30],
        "policy": policy_for(programme),
        "quotes": quotes_for_export(programme),
        "is_superuser": request.user.is_superuser,
    }


@login_required
def overview(request, slug):
    programme = programme_for(request.user, slug)
    return render(request, "products/overview.html", _overview_context(request, programme))


@login_required
@require_POST
def make(request, slug):
    programme = programme_for(request.user, slug)
    form = MakeProductForm(request.POST, runs=list(run_choices(programme)))
    if not form.is_valid():
        return render(
            request,
            "products/overview.html",
            _overview_context(request, programme, form),
            status=400,
        )
    product = services.request_product(
        programme,
        form.cleaned_data["kind"],
        by=request.user,
        language=form.cleaned_data["language"],
        since_date=form.cleaned_data["since_date"],
        since_run=form.cleaned_data["since_run"],
    )
    messages.success(
        request,
        _("%(product)s wordt gemaakt; de downloads verschijnen hieronder zodra het klaar is.")
        % {"product": product.get_kind_display()},
    )
    return redirect("products:overview", programme.slug)


@login_required
def product_row(request, slug, pk):
    """One product's row, polled by htmx while it is being made."""
    programme = programme_for(request.user, slug)
    product = get_object_or_404(Product, programme=programme, pk=pk)
    return render(request, "products/_product_row.html", {"programme": programme, "p": product})


@login_required
def download(request, slug, pk, name):
    programme = programme_for(request.user, slug)
    product = get_object_or_404(Product, programme=programme, pk=pk, status=Product.Status.DONE)
    if name not in product.files or product.provenance.get("written_to_folder"):
        raise Http404
    path = services.product_dir(product) / name
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "no-store"
    return response


# -- the afwegingskader ----------------------------------------------------------------------


@login_required
def frame(request, slug):
    programme = programme_for(request.user, slug)
    views, source = frame_selectors.rater_overview(request.user, programme)
    return render(
        request,
        "products/frame.html",
        {
            "nav": "products",
            "programme": programme,
            "views": views,
            "source": source,
            "scored_by_me": sum(v.mine is not None for v in views),
            "quadrants": words.quadrant_names(),
        },
    )


@login_required
def frame_item(request, slug, key):
    programme = programme_for(request.user, slug)
    item = frame_selectors.item_for(programme, key)
    if item is None:
        raise Http404
    view = frame_selectors.rater_view(request.user, item)
    if request.method == "POST":
        form = RatingForm(request.POST)
        if form.is_valid():
            try:
                services.rate(programme, item, request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Uw score is opgeslagen."))
                return redirect("products:frame_item", programme.slug, key)
    else:
        initial = (
            {
                "desirability": view.mine.desirability,
                "permanence": view.mine.permanence,
                "reason": view.mine.reason,
            }
            if view.mine
            else None
        )
        form = RatingForm(initial=initial)
    return render(
        request,
        "products/frame_item.html",
        {
            "nav": "products",
            "programme": programme,
            "view": view,
            "form": form,
            "placement": words.placement_words(view.item.placement),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def frame_plot(request, slug, fmt):
    """The plot of the changes this rater scored (never one they have yet to score)."""
    from oogst.reporting.charts import FORMATS

    from .render.visuals import plot

    programme = programme_for(request.user, slug)
    if fmt not in FORMATS:
        raise Http404
    views, _source = frame_selectors.rater_overview(request.user, programme)
    data = plot([v.item for v in views if v.mine is not None], fmt)
    content_type = "image/svg+xml" if fmt == "svg" else "image/png"
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response


# -- scenarios -------------------------------------------------------------------------------


@login_required
def scenarios(request, slug):
    programme = programme_for(request.user, slug)
    dilemmas = (
        programme.insights.filter(type=Insight.Type.DILEMMA)
        .prefetch_related("scenarios")
        .order_by("order", "pk")
    )
    return render(
        request,
        "products/scenarios.html",
        {"nav": "products", "programme": programme, "dilemmas": dilemmas},
    )


def _evidence_choices(insight: Insight) -> list[tuple[int, str]]:
    ids, _chosen = evidence_contributions([insight])[insight.pk]
    contributions = insight.programme.contributions.filter(pk__in=ids[:EVIDENCE_CHOICES])
    policy = policy_for(insight.programme)
    choices = []
    for contribution in contributions.select_related("table", "participant").order_by("pk"):
        text, _reason = quotable_text(contribution, policy)
        shown = (text or _("(niet te tonen)"))[:160]
        choices.append((contribution.pk, f"{contribution.pk} · {contribution.role_label}: {shown}"))
    return choices


@login_required
def scenario_edit(request, slug, insight_pk, pk=None):
    programme = programme_for(request.user, slug)
    insight = get_object_or_404(
        Insight, programme=programme, pk=insight_pk, type=Insight.Type.DILEMMA
    )
    scenario = get_object_or_404(Scenario, insight=insight, pk=pk) if pk else None
    choices = _evidence_choices(insight)
    known = {value for value, _label in choices}
    if request.method == "POST":
        form = ScenarioForm(request.POST, choices=choices)
        if form.is_valid():
            try:
                services.save_scenario(
                    insight,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    evidence=form.evidence_ids(),
                    by=request.user,
                    scenario=scenario,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Het scenario is opgeslagen."))
                return redirect("products:scenarios", programme.slug)
    else:
        initial = None
        if scenario is not None:
            ids = list(scenario.evidence.values_list("pk", flat=True))
            initial = {
                "title": scenario.title,
                "text": scenario.text,
                "evidence": [i for i in ids if i in known],
                "extra": ", ".join(str(i) for i in ids if i not in known),
            }
        form = ScenarioForm(initial=initial, choices=choices)
    return render(
        request,
        "products/scenario_form.html",
        {
            "nav": "products",
            "programme": programme,
            "insight": insight,
            "scenario": scenario,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def scenario_delete(request, slug, insight_pk, pk):
    programme = programme_for(request.user, slug)
    scenario = get_object_or_404(
        Scenario, insight__programme=programme, insight_id=insight_pk, pk=pk
    )
    services.delete_scenario(scenario)
    messages.success(request, _("Het scenario is verwijderd."))
    return redirect("products:scenarios", programme.slug)


# -- the B1 summary --------------------------------------------------------------------------


@login_required
def plain_summary(request, slug):
    programme = programme_for(request.user, slug)
    summary = PlainSummary.objects.filter(programme=programme).first()
    report = assess(summary.text) if summary else None
    status = 200
    if request.method == "POST":
        form = PlainSummaryForm(request.POST)
        if form.is_valid():
            report = assess(form.cleaned_data["text"])
            if request.POST.get("action") == "check":
                if request.htmx:
                    return render(request, "products/_readability.html", {"report": report})
            else:
                summary = services.save_plain_summary(
                    programme, by=request.user, **form.cleaned_data
                )
                messages.success(request, _("De samenvatting is opgeslagen."))
                return redirect("products:b1", programme.slug)
        else:
            status = 400
    else:
        form = PlainSummaryForm(
            initial={"title": summary.title, "text": summary.text} if summary else None
        )
    return render(
        request,
        "products/b1.html",
        {
            "nav": "products",
            "programme": programme,
            "form": form,
            "summary": summary,
            "report": report,
        },
        status=status,
    )
