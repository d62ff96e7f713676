"""The public site (/doe-mee/) and the analysts' moderation queue.

Views parse, authorise and render; writing is in `services`, reading in `selectors`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oogst import ratelimit
from oogst.harvest.models import content_hash
from oogst.programme.access import programmes_visible_to
from oogst.safeguards.selectors import public_items

from . import consent, selectors, services
from .forms import IdeaForm, LookupForm
from .models import PublicProgramme, PublicSubmission

SHOWN_IDEAS = 100


def _public_programme(slug: str) -> PublicProgramme:
    return get_object_or_404(selectors.public_programmes(), programme__slug=slug)


def too_many(request, action: str):
    response = render(
        request,
        "public/rate_limited.html",
        {"minutes": max(1, ratelimit.retry_after(action) // 60), "action": action},
        status=429,
    )
    response["Retry-After"] = str(ratelimit.retry_after(action))
    return response


def index(request):
    return render(request, "public/index.html", {"pages": selectors.public_programmes()})


def programme_page(request, slug):
    page = _public_programme(slug)
    ideas = selectors.published_ideas(page.programme)
    # What leaves the system is the redacted text: a phone number or a neighbour's name typed
    # into the form is not published.
    items = public_items(ideas[:SHOWN_IDEAS])
    return render(
        request,
        "public/programme.html",
        {"page": page, "programme": page.programme, "items": items, "n_ideas": ideas.count()},
    )


def idea_form(request, slug):
    page = _public_programme(slug)
    programme = page.programme
    if not page.accepts_ideas:
        return render(request, "public/closed.html", {"page": page, "programme": programme})
    if request.method == "POST":
        if not request.session.session_key:
            request.session.save()
        if ratelimit.is_limited(request, "submit"):
            return too_many(request, "submit")
        form = IdeaForm(request.POST, programme=programme)
        if form.is_bot:
            ratelimit.record(request, "submit")
            form.add_error(
                None, _("Je inzending is niet verstuurd. Laat het veld ‘Laat dit veld leeg’ leeg.")
            )
        elif form.is_valid():
            data = form.cleaned_data
            fingerprint = content_hash(f"{programme.pk}:{data['text']}")
            if request.session.get("public_fingerprint") == fingerprint:
                # The same text again from this browser (a double click, a reload): one idea.
                return redirect("public:thanks", slug=slug)
            submission = services.submit_idea(
                programme,
                text=data["text"],
                kind=data["kind"],
                theme=data["theme"],
                role_label=data["role_label"],
                quote_consent=data["quote_consent"],
            )
            ratelimit.record(request, "submit")
            request.session["public_reference"] = submission.reference
            request.session["public_fingerprint"] = fingerprint
            return redirect("public:thanks", slug=slug)
        form.describe_errors()
    else:
        form = IdeaForm(programme=programme)
    return render(
        request,
        "public/idea_form.html",
        {
            "page": page,
            "programme": programme,
            "form": form,
            "consent_version": consent.CURRENT_VERSION,
        },
    )


def thanks(request, slug):
    page = _public_programme(slug)
    reference = request.session.get("public_reference")
    submission = PublicSubmission.objects.filter(
        reference=reference, contribution__programme=page.programme
    ).first()
    if submission is None:
        return redirect("public:idea", slug=slug)
    return render(
        request,
        "public/thanks.html",
        {"page": page, "programme": page.programme, "submission": submission},
    )


def lookup(request):
    form = LookupForm(request.GET or None)
    submission = status = None
    searched = False
    if form.is_bound:
        if not request.session.session_key:
            request.session.save()
        if ratelimit.is_limited(request, "lookup"):
            return too_many(request, "lookup")
        if form.is_valid():
            ratelimit.record(request, "lookup")
            searched = True
            submission = selectors.submission_by_reference(form.cleaned_data["code"])
            if submission is not None:
                status = selectors.submission_status(submission)
    return render(
        request,
        "public/lookup.html",
        {"form": form, "submission": submission, "status": status, "searched": searched},
    )


def _moderated_programme(request, slug):
    programme = get_object_or_404(programmes_visible_to(request.user), slug=slug)
    if not request.user.is_programme_team:
        raise Http404
    return programme


@login_required
def moderation_overview(request):
    if not request.user.is_programme_team:
        raise Http404
    pages = selectors.pending_per_programme(programmes_visible_to(request.user))
    return render(request, "public/moderation_overview.html", {"nav": "moderation", "pages": pages})


@login_required
def moderation_queue(request, slug):
    programme = _moderated_programme(request, slug)
    return render(
        request,
        "public/moderation.html",
        {
            "nav": "moderation",
            "programme": programme,
            "queue": selectors.moderation_queue(programme),
        },
    )


@login_required
@require_POST
def moderate(request, slug, pk):
    programme = _moderated_programme(request, slug)
    submission = get_object_or_404(
        PublicSubmission.objects.select_related("contribution", "suggested_theme"),
        pk=pk,
        contribution__programme=programme,
    )
    decision = request.POST.get("decision")
    if decision not in {"accept", "reject"}:
        return render(
            request,
            "public/_moderation_item.html",
            {"s": submission, "programme": programme},
            status=400,
        )
    services.moderate(submission, accept=decision == "accept", user=request.user)
    if request.htmx:
        return render(
            request,
            "public/_moderation_item.html",
            {"s": submission, "programme": programme, "decided": True},
        )
    messages.success(
        request,
        _("%(ref)s is toegelaten.") % {"ref": submission.reference}
        if decision == "accept"
        else _("%(ref)s is afgewezen.") % {"ref": submission.reference},
    )
    return redirect("public:moderation", slug=slug)
