"""Sign-up pages for the public (no account) and the selection pages of the programme team.

Views parse, authorise and render; writes go through `services`, reads through `selectors`."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oogst import ratelimit
from oogst.programme import access
from oogst.ratelimit import too_many
from oogst.safeguards.models import AuditEntry
from oogst.safeguards.services import record
from oogst.tasks.runner import enqueue

from . import consent, selectors
from .forms import CodeForm, DrawForm, SignupForm
from .models import Applicant, Draw, QuotaTarget, Recruitment
from .services import draws as draw_services
from .services import mail
from .services import signup as signup_services
from .services.targets import copy_population_targets, save_targets

SHOWN_APPLICANTS = 50


def _recruitment(slug: str) -> Recruitment:
    return get_object_or_404(Recruitment.objects.select_related("programme"), programme__slug=slug)


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- public ------------------------------------------------------------------------------------


def index(request):
    open_ = Recruitment.objects.filter(is_open=True).select_related("programme")
    return render(request, "selection/index.html", {"recruitments": open_})


def signup(request, slug):
    recruitment = _recruitment(slug)
    programme = recruitment.programme
    if not recruitment.is_open:
        return render(request, "selection/closed.html", {"programme": programme}, status=200)
    if request.method == "POST":
        if not request.session.session_key:
            request.session.save()
        if not ratelimit.acquire(request, "signup"):
            return too_many(request, "signup")
        form = SignupForm(request.POST, programme=programme)
        if form.is_bot:
            form.add_error(
                None, _("Je aanmelding is niet verstuurd. Laat het veld ‘Laat dit veld leeg’ leeg.")
            )
        elif form.is_valid():
            applicant = signup_services.sign_up(
                programme,
                answers=form.answers(),
                contact=form.contact(),
                consents=form.consents(),
                tables=form.cleaned_data["tables"],
                base_url=_base_url(request),
                language=request.LANGUAGE_CODE,
            )
            request.session["signup_reference"] = applicant.reference
            return redirect("selection:thanks", slug=slug)
        else:  # a form to correct is not a sign-up
            ratelimit.release(request, "signup")
        form.describe_errors()
    else:
        form = SignupForm(programme=programme)
    return render(
        request,
        "selection/signup.html",
        {
            "recruitment": recruitment,
            "programme": programme,
            "form": form,
            "consent_version": consent.CURRENT_VERSION,
        },
    )


def thanks(request, slug):
    recruitment = _recruitment(slug)
    applicant = Applicant.objects.filter(
        reference=request.session.get("signup_reference"), programme=recruitment.programme
    ).first()
    if applicant is None:
        return redirect("selection:signup", slug=slug)
    return render(
        request,
        "selection/thanks.html",
        {"programme": recruitment.programme, "applicant": applicant},
    )


def _applicant_by_code(request, programme):
    """The applicant whose code was given (GET or POST), rate-limited like every code lookup."""
    form = CodeForm(request.POST if request.method == "POST" else (request.GET or None))
    if not form.is_bound:
        return form, None, None
    if not request.session.session_key:
        request.session.save()
    if not ratelimit.acquire(request, "lookup"):
        return form, None, too_many(request, "lookup")
    if not form.is_valid():
        return form, None, None
    applicant = (
        Applicant.objects.filter(programme=programme, reference=form.cleaned_data["code"])
        .select_related("table__municipality", "table__venue")
        .first()
    )
    if applicant is None:
        form.add_error("code", _("Deze code kennen we niet bij dit programma. Controleer de code."))
    return form, applicant, None


def status(request, slug):
    """An applicant's own page: the status of their application and of their seat, the
    calendar file, and withdrawing. Shows nothing of their answers or contact details."""
    recruitment = _recruitment(slug)
    programme = recruitment.programme
    form, applicant, refused = _applicant_by_code(request, programme)
    if refused:
        return refused
    if request.method == "POST" and applicant is not None:
        if not ratelimit.acquire(request, "withdraw"):
            return too_many(request, "withdraw")
        if request.POST.get("confirm") == "ja":
            signup_services.withdraw(applicant, base_url=_base_url(request))
            applicant.refresh_from_db()
            messages.success(
                request, _("Je aanmelding is ingetrokken. We hebben je e-mailadres verwijderd.")
            )
        else:
            messages.error(request, _("Vink aan dat je je aanmelding wilt intrekken."))
    return render(
        request,
        "selection/status.html",
        {
            "programme": programme,
            "form": form,
            "applicant": applicant,
            "place": selectors.place_of(applicant.table) if applicant and applicant.table else "",
        },
        status=422 if form.is_bound and form.errors else 200,
    )


def calendar(request, slug):
    recruitment = _recruitment(slug)
    _form, applicant, refused = _applicant_by_code(request, recruitment.programme)
    if refused:
        return refused
    if (
        applicant is None
        or applicant.status != Applicant.Status.SELECTED
        or not applicant.table
        or not applicant.table.starts_at
    ):
        raise Http404
    response = HttpResponse(
        mail.calendar_file(applicant), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="dialoogtafel.ics"'
    return response


# --- the programme team ------------------------------------------------------------------------


def _team_programme(request, slug):
    """Only the programme team reaches these pages; anyone else gets a 404."""
    programme = get_object_or_404(access.programmes_visible_to(request.user), slug=slug)
    if not request.user.is_programme_team:
        raise Http404
    return programme


@login_required
def team_index(request):
    if not request.user.is_programme_team:
        raise Http404
    programmes = access.programmes_visible_to(request.user).order_by("name")
    if programmes.count() == 1:
        return redirect("selection:overview", slug=programmes.get().slug)
    return render(
        request, "selection/team_index.html", {"nav": "selection", "programmes": programmes}
    )


@login_required
def overview(request, slug):
    programme = _team_programme(request, slug)
    recruitment, _created = Recruitment.objects.get_or_create(programme=programme)
    return render(
        request,
        "selection/overview.html",
        {
            "nav": "selection",
            "programme": programme,
            "recruitment": recruitment,
            "counts": selectors.status_counts(programme),
            "rows": selectors.target_rows(programme),
            "draws": programme.draws.select_related("table", "created_by")[:20],
            "form": DrawForm(programme=programme),
        },
    )


@login_required
def targets(request, slug):
    programme = _team_programme(request, slug)
    if request.method == "POST":
        if request.POST.get("action") == "cbs":
            n = copy_population_targets(programme)
            messages.success(request, _("%(n)d doelen overgenomen uit de CBS-cijfers.") % {"n": n})
            return redirect("selection:targets", slug=slug)
        errors = save_targets(programme, request.POST)
        if not errors:
            messages.success(request, _("De doelen zijn opgeslagen."))
            return redirect("selection:overview", slug=slug)
        for error in errors:
            messages.error(request, error)
    return render(
        request,
        "selection/targets.html",
        {
            "nav": "selection",
            "programme": programme,
            "targets": QuotaTarget.objects.filter(programme=programme),
            "features": QuotaTarget.Feature.choices,
            "sources": selectors.population_sources(),
        },
    )


@login_required
@require_POST
def start_draw(request, slug):
    programme = _team_programme(request, slug)
    form = DrawForm(request.POST, programme=programme)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("selection:overview", slug=slug)
    data = form.cleaned_data
    draw = draw_services.start_draw(
        programme,
        seats=data["seats"],
        algorithm=data["algorithm"],
        table=data["table"],
        seed=data["seed"],
        user=request.user,
        base_url=_base_url(request),
    )
    return redirect("selection:draw", slug=slug, number=draw.number)


def _draw(programme, number) -> Draw:
    return get_object_or_404(
        Draw.objects.select_related("table", "created_by"), programme=programme, number=number
    )


@login_required
def draw_detail(request, slug, number):
    programme = _team_programme(request, slug)
    draw = _draw(programme, number)
    if request.htmx and not draw.is_active:
        # The page polled while the draw ran; now it is done: show the whole result.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    entries = draw.entries.select_related("applicant", "applicant__table").order_by(
        "-selected", "-probability", "applicant_id"
    )
    page = Paginator(entries, 100).get_page(request.GET.get("pagina"))
    template = (
        "selection/_draw_status.html" if request.htmx and draw.is_active else "selection/draw.html"
    )
    return render(
        request,
        template,
        {
            "nav": "selection",
            "programme": programme,
            "draw": draw,
            "fit": selectors.draw_fit(draw),
            "spread": selectors.probability_spread(draw),
            "page": page,
            "unplaced": draw.drawn.filter(
                status=Applicant.Status.SELECTED, table__isnull=True
            ).count(),
            "replacements": (draw.audit or {}).get("replacements", []),
            "library_version": (draw.audit or {}).get("software", {}).get("sortition-algorithms"),
        },
    )


@login_required
def draw_audit(request, slug, number):
    programme = _team_programme(request, slug)
    draw = _draw(programme, number)
    if draw.status != Draw.Status.DONE:
        raise Http404
    response = HttpResponse(
        json.dumps(draw.audit, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{programme.slug}-loting-{draw.number}-audit.json"'
    )
    return response


@login_required
@require_POST
def assign(request, slug, number):
    programme = _team_programme(request, slug)
    draw = _draw(programme, number)
    unplaced = draw_services.assign_tables(draw, base_url=_base_url(request))
    if unplaced:
        messages.error(
            request,
            _("%(n)d gelote aanmelders passen bij geen tafel met vrije plaatsen.")
            % {"n": len(unplaced)},
        )
    else:
        messages.success(request, _("Iedereen heeft een tafel; de uitnodigingen worden verstuurd."))
    return redirect("selection:draw", slug=slug, number=number)


@login_required
def applicants(request, slug):
    programme = _team_programme(request, slug)
    chosen = request.GET.get("status", "")
    rows = programme.applicants.select_related("table", "province").order_by("-created_at", "-id")
    if chosen in Applicant.Status.values:
        rows = rows.filter(status=chosen)
    page = Paginator(rows, SHOWN_APPLICANTS).get_page(request.GET.get("pagina"))
    return render(
        request,
        "selection/applicants.html",
        {
            "nav": "selection",
            "programme": programme,
            "page": page,
            "statuses": Applicant.Status.choices,
            "chosen": chosen,
        },
    )


@login_required
def applicant(request, slug, reference):
    programme = _team_programme(request, slug)
    person = get_object_or_404(
        Applicant.objects.select_related("table", "province", "participant", "preferred_theme"),
        programme=programme,
        reference=reference,
    )
    if request.method == "POST" and request.POST.get("action") == "cancel":
        replacement = (
            draw_services.cancel_seat(person, base_url=_base_url(request))
            if person.status == Applicant.Status.SELECTED
            else None
        )
        if replacement:
            messages.success(
                request, _("Afgemeld; %(ref)s neemt de plaats in.") % {"ref": replacement.reference}
            )
        else:
            messages.error(request, _("Afgemeld; er is geen reserve die binnen de doelen past."))
        return redirect("selection:applicant", slug=slug, reference=reference)
    name, email = selectors.contact_of(person)
    record(
        AuditEntry.Action.VIEW_CONTACT,
        actor=request.user,
        programme=programme,
        obj=person,
        code=person.reference,
    )
    return render(
        request,
        "selection/applicant.html",
        {
            "nav": "selection",
            "programme": programme,
            "person": person,
            "name": name,
            "email": email,
            "consents": signup_services.latest_consents(person),
            "entries": person.draw_entries.select_related("draw"),
        },
    )


@login_required
@require_POST
def reminders(request, slug):
    programme = _team_programme(request, slug)
    enqueue("oogst.selection.services.mail.send_due_reminders", programme.pk, _base_url(request))
    messages.success(request, _("De herinneringen worden op de achtergrond verstuurd."))
    return redirect("selection:overview", slug=slug)
