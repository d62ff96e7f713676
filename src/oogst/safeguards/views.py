"""Privacy pages. Analyst pages: the redaction review queue, quote export, participants'
rights and the audit log. One public page: withdrawing with a participant code.

Views only parse, authorise and render; the work is in services and selectors."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from oogst import ratelimit
from oogst.harvest.access import contributions_visible_to
from oogst.harvest.exports import contribution_rows, csv_lines
from oogst.participants.models import Participant
from oogst.programme.access import programmes_visible_to

from . import exports, jobs, redaction, selectors, services
from .forms import (
    AdjustForm,
    AnalystWithdrawForm,
    ConsentForm,
    EraseForm,
    MarkPhraseForm,
    ParticipantSearchForm,
    PolicyForm,
    WithdrawForm,
)
from .models import AuditEntry, ProgrammePrivacyPolicy, RedactedText


def analyst_programme(request, slug):
    """Privacy pages are for the programme team only; others are refused outright."""
    if not request.user.is_programme_team:
        raise PermissionDenied
    return get_object_or_404(programmes_visible_to(request.user), slug=slug)


def participant_of(programme, code):
    return get_object_or_404(
        Participant.objects.select_related("programme"), programme=programme, code=code
    )


@login_required
def index(request):
    if not request.user.is_programme_team:
        raise PermissionDenied
    programmes = programmes_visible_to(request.user)
    if programmes.count() == 1:
        return redirect("safeguards:overview", programmes.get().slug)
    rows = [(p, selectors.privacy_overview(p)) for p in programmes]
    return render(request, "safeguards/index.html", {"nav": "privacy", "rows": rows})


@login_required
def overview(request, slug):
    programme = analyst_programme(request, slug)
    return render(
        request,
        "safeguards/overview.html",
        {
            "nav": "privacy",
            "programme": programme,
            "pending": selectors.pending_redaction(programme),
            "figures": selectors.privacy_overview(programme),
            "policy": selectors.policy_for(programme),
            # Who saw or changed personal data; recordings are in the full log (one per entry).
            "recent": AuditEntry.objects.filter(programme=programme)
            .exclude(action=AuditEntry.Action.RECORD)
            .select_related("actor")[:8],
        },
    )


# --- review queue ----------------------------------------------------------------------------


def _review_card(request, programme, stored, form=None, mark_form=None, error=""):
    contribution = stored.contribution
    return {
        "programme": programme,
        "item": stored,
        "contribution": contribution,
        "segments": selectors.marked_segments(contribution.text, stored.spans),
        "spans": [
            {
                "index": i,
                "type": s["type"],
                "original": contribution.text[s["start"] : s["end"]],
                "reason": redaction.reason_label(s.get("reason", "")),
            }
            for i, s in enumerate(stored.spans)
        ],
        "form": form or AdjustForm(initial={"text": stored.text}, prefix=f"r{stored.pk}"),
        "mark_form": mark_form or MarkPhraseForm(prefix=f"m{stored.pk}"),
        "error": error,
    }


@login_required
def review_queue(request, slug):
    programme = analyst_programme(request, slug)
    queue = selectors.review_queue(programme)
    only_quotes = request.GET.get("citaten") == "1"
    if only_quotes:
        queue = queue.filter(contribution__is_quote=True)
    only_found = request.GET.get("gevonden") == "1"
    if only_found:
        queue = queue.exclude(spans=[])
    page = Paginator(queue, 20).get_page(request.GET.get("pagina"))
    services.record(
        AuditEntry.Action.VIEW_REVIEW,
        actor=request.user,
        programme=programme,
        obj=programme,
        page=page.number,
    )
    cards = [_review_card(request, programme, stored) for stored in page]
    return render(
        request,
        "safeguards/queue.html",
        {
            "nav": "privacy",
            "programme": programme,
            "pending": selectors.pending_redaction(programme),
            "page": page,
            "cards": cards,
            "only_quotes": only_quotes,
            "only_found": only_found,
            "filter_query": "&".join(
                part for part, on in (("citaten=1", only_quotes), ("gevonden=1", only_found)) if on
            ),
        },
    )


@login_required
@require_POST
def review_item(request, slug, pk):
    programme = analyst_programme(request, slug)
    stored = get_object_or_404(
        RedactedText.objects.select_related("contribution__table", "contribution__programme"),
        pk=pk,
        contribution__programme=programme,
    )
    action = request.POST.get("action", "")
    form, mark_form, error = None, None, ""
    if action == "accept":
        services.accept_redaction(stored, request.user)
    elif action == "safe":
        services.mark_safe(stored, request.user)
    elif action == "keep_span":
        try:
            services.keep_span(stored, request.user, int(request.POST.get("span", "-1")))
        except (ValueError, IndexError):
            error = _(
                "Deze markering bestaat niet meer; de bijdrage is intussen gewijzigd. "
                "Laad de pagina opnieuw."
            )
    elif action == "mark":
        mark_form = MarkPhraseForm(request.POST, prefix=f"m{stored.pk}")
        if mark_form.is_valid():
            try:
                services.mark_phrase(
                    stored,
                    request.user,
                    mark_form.cleaned_data["phrase"],
                    mark_form.cleaned_data["kind"],
                )
                mark_form = None
            except LookupError:
                mark_form.add_error(
                    "phrase", _("Deze tekst komt niet (meer ongemarkeerd) voor in de bijdrage.")
                )
            except ValueError:
                error = _("De bijdrage is intussen gewijzigd. Laad de pagina opnieuw.")
    elif action == "adjust":
        form = AdjustForm(request.POST, prefix=f"r{stored.pk}")
        if form.is_valid():
            services.adjust_redaction(stored, request.user, form.cleaned_data["text"])
            form = None
    else:
        error = _("Onbekende handeling.")
    failed = bool(form or mark_form or error)
    if request.htmx:
        # htmx swaps only 2xx responses: the card with its field errors comes back as 200.
        context = _review_card(
            request, programme, stored, form=form, mark_form=mark_form, error=error
        )
        return render(request, "safeguards/_review_card.html", context)
    if failed:
        messages.error(request, error or _("Niet opgeslagen: controleer de invoer."))
    else:
        messages.success(
            request, _("Redactie vastgelegd: %(status)s.") % {"status": stored.get_status_display()}
        )
    return redirect("safeguards:queue", programme.slug)


@login_required
@require_POST
def review_bulk_accept(request, slug):
    programme = analyst_programme(request, slug)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    chosen = RedactedText.objects.filter(contribution__programme=programme, pk__in=ids)
    n = services.bulk_accept(chosen, request.user)
    if n:
        messages.success(request, _("%(n)d redacties geaccepteerd.") % {"n": n})
    else:
        messages.error(request, _("Kies eerst de bijdragen die u wilt accepteren."))
    return redirect("safeguards:queue", programme.slug)


# --- redaction of new contributions ---------------------------------------------------------


@login_required
def redaction_status(request, slug):
    """How far the background redaction is (polled by the notice on the privacy pages)."""
    programme = analyst_programme(request, slug)
    context = {"programme": programme, "pending": selectors.pending_redaction(programme)}
    return render(request, "safeguards/_pending.html", context)


@login_required
@require_POST
def start_redaction(request, slug):
    """Redact what has no redaction yet, in the background (after a failed job, or
    contributions from before redaction was stored)."""
    programme = analyst_programme(request, slug)
    jobs.schedule_redaction(programme)
    messages.success(request, _("De redactie loopt op de achtergrond."))
    return redirect("safeguards:overview", programme.slug)


# --- export -----------------------------------------------------------------------------------


def _chosen_theme(request, programme):
    """?thema=slug narrows the export to one theme; an unknown slug is a 404, not all quotes."""
    slug = request.GET.get("thema", "")
    return get_object_or_404(programme.themes, slug=slug) if slug else None


@login_required
def export_page(request, slug):
    programme = analyst_programme(request, slug)
    theme = _chosen_theme(request, programme)
    selection = selectors.quotes_for_export(programme, theme)
    return render(
        request,
        "safeguards/export.html",
        {
            "nav": "privacy",
            "programme": programme,
            "pending": selectors.pending_redaction(programme),
            "selection": selection,
            "preview": selection.quotes[:10],
            "themes": programme.themes.order_by("name"),
            "theme": theme,
            "query": f"?thema={theme.slug}" if theme else "",
        },
    )


def _exported(request, programme, fmt):
    theme = _chosen_theme(request, programme)
    selection = selectors.quotes_for_export(programme, theme)
    services.record(
        AuditEntry.Action.EXPORT_QUOTES,
        actor=request.user,
        programme=programme,
        obj=programme,
        theme=theme.slug if theme else "",
        format=fmt,
        quotes=len(selection.quotes),
        withheld=selection.withheld_total,
    )
    return selection


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _stamp(selection, suffix, kind="citaten"):
    theme = f"-{selection.theme.slug}" if selection.theme else ""
    return f"{selection.programme.slug}{theme}-{kind}-{timezone.localdate():%Y%m%d}.{suffix}"


@login_required
def export_csv(request, slug):
    programme = analyst_programme(request, slug)
    selection = _exported(request, programme, "csv")
    return _download(
        "\ufeff" + exports.quotes_csv(selection),
        "text/csv; charset=utf-8",
        _stamp(selection, "csv"),
    )


@login_required
def export_json(request, slug):
    programme = analyst_programme(request, slug)
    selection = _exported(request, programme, "json")
    body = json.dumps(exports.quotes_json(selection), ensure_ascii=False, indent=2)
    return _download(body, "application/json; charset=utf-8", _stamp(selection, "json"))


@login_required
def export_contributions_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """Every contribution of the programme with its raw text, in the import format (it reads
    back with `oogst import contributions`); the export itself goes into the audit log."""
    programme = analyst_programme(request, slug)
    contributions = (
        contributions_visible_to(request.user)
        .filter(programme=programme)
        .select_related("table")
        .prefetch_related("themes")
        .order_by("id")
    )
    name = f"bijdragen-{programme.slug}-{timezone.localdate():%Y%m%d}.csv"
    services.audit_raw_text(request.user, "csv", contributions.count(), programme=programme)
    return StreamingHttpResponse(
        csv_lines(contribution_rows(contributions.iterator(chunk_size=2000))),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# --- participants' rights ----------------------------------------------------------------------


@login_required
def participant_search(request, slug):
    programme = analyst_programme(request, slug)
    form = ParticipantSearchForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        if programme.participants.filter(code=code).exists():
            return redirect("safeguards:participant", programme.slug, code)
        form.add_error(
            "code", _("Geen deelnemer met code %(code)s in dit programma.") % {"code": code}
        )
    withdrawn = programme.participants.filter(withdrawn_at__isnull=False).order_by("-withdrawn_at")[
        :50
    ]
    return render(
        request,
        "safeguards/participants.html",
        {"nav": "privacy", "programme": programme, "form": form, "withdrawn": withdrawn},
    )


@login_required
def participant_detail(request, slug, code):
    programme = analyst_programme(request, slug)
    participant = participant_of(programme, code)
    show_contact = request.GET.get("contact") == "1"
    contact = getattr(participant, "contact", None) if hasattr(participant, "contact") else None
    if show_contact and contact:
        services.record(
            AuditEntry.Action.VIEW_CONTACT,
            actor=request.user,
            programme=programme,
            obj=participant,
            code=participant.code,
        )
    else:
        services.record(
            AuditEntry.Action.VIEW_PARTICIPANT,
            actor=request.user,
            programme=programme,
            obj=participant,
            code=participant.code,
        )
    consents = participant.consents.select_related("recorded_by").order_by("-recorded_at", "-id")
    contributions = participant.contributions.select_related("table", "redaction").order_by(
        "created_at"
    )
    policy = selectors.policy_for(programme)
    latest = selectors.latest_consents([participant.pk])
    rows = [
        (c, selectors.quote_decision(c, policy, latest) if c.is_quote else None)
        for c in contributions
    ]
    return render(
        request,
        "safeguards/participant.html",
        {
            "nav": "privacy",
            "programme": programme,
            "participant": participant,
            "contact": contact,
            "show_contact": show_contact,
            "consents": consents,
            "rows": rows,
            "policy": policy,
            "withdraw_form": AnalystWithdrawForm(),
            "consent_form": ConsentForm(
                prefix="consent",
                initial={"text_version": consents[0].text_version if consents else ""},
            ),
            "erase_form": EraseForm(expected_code=participant.code),
            "audit": selectors.audit_entries_for("participant", participant.pk).select_related(
                "actor"
            )[:20],
        },
    )


@login_required
@require_POST
def participant_withdraw(request, slug, code):
    programme = analyst_programme(request, slug)
    participant = participant_of(programme, code)
    form = AnalystWithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vink aan dat de deelnemer om intrekking heeft gevraagd."))
    elif services.withdraw_participant(participant, actor=request.user):
        messages.success(
            request, _("Deelname van %(code)s is ingetrokken.") % {"code": participant.code}
        )
    else:
        messages.info(request, _("Deze deelnemer had de deelname al ingetrokken."))
    return redirect("safeguards:participant", programme.slug, participant.code)


@login_required
@require_POST
def participant_consent(request, slug, code):
    programme = analyst_programme(request, slug)
    participant = participant_of(programme, code)
    form = ConsentForm(request.POST, prefix="consent")
    if form.is_valid():
        services.record_consent(participant, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Toestemming vastgelegd."))
    else:
        messages.error(
            request, _("Niet vastgelegd: kies een doel en een besluit en vul de tekstversie in.")
        )
    return redirect("safeguards:participant", programme.slug, participant.code)


@login_required
def participant_export(request, slug, code):
    programme = analyst_programme(request, slug)
    participant = participant_of(programme, code)
    data = services.export_subject_data(participant, request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="inzage-{programme.slug}-{participant.code}.json"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def participant_erase(request, slug, code):
    programme = analyst_programme(request, slug)
    participant = participant_of(programme, code)
    form = EraseForm(request.POST or None, expected_code=participant.code)
    if request.method == "POST" and form.is_valid():
        counts = services.erase_participant(participant, request.user)
        messages.success(
            request,
            _("Gegevens van %(code)s gewist: contactgegevens verwijderd, %(n)d bijdragen %(how)s.")
            % {
                "code": participant.code,
                "n": counts["contributions"],
                "how": _("verwijderd")
                if counts["mode"] == ProgrammePrivacyPolicy.EraseMode.REMOVE
                else _("geanonimiseerd"),
            },
        )
        return redirect("safeguards:participant", programme.slug, participant.code)
    return render(
        request,
        "safeguards/erase.html",
        {
            "nav": "privacy",
            "programme": programme,
            "participant": participant,
            "form": form,
            "policy": selectors.policy_for(programme),
            "n_contributions": participant.contributions.count(),
        },
        status=422 if request.method == "POST" else 200,
    )


# --- policy and audit ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def policy(request, slug):
    programme = analyst_programme(request, slug)
    instance = selectors.policy_for(programme)
    form = PolicyForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        report = services.save_policy(form, request.user)
        messages.success(
            request,
            _("Privacybeleid opgeslagen. %(n)d ongecontroleerde redacties zijn opnieuw gemaakt.")
            % {"n": report.refreshed + report.created},
        )
        return redirect("safeguards:overview", programme.slug)
    return render(
        request,
        "safeguards/policy.html",
        {"nav": "privacy", "programme": programme, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def audit_log(request, slug):
    programme = analyst_programme(request, slug)
    entries = AuditEntry.objects.filter(programme=programme).select_related("actor")
    action = request.GET.get("handeling", "")
    if action in AuditEntry.Action.values:
        entries = entries.filter(action=action)
    page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "safeguards/audit.html",
        {
            "nav": "privacy",
            "programme": programme,
            "page": page,
            "rows": selectors.audit_rows(page),
            "actions": AuditEntry.Action.choices,
            "action": action,
        },
    )


# --- public: withdraw with a participant code ---------------------------------------------


@require_http_methods(["GET", "POST"])
def public_withdraw(request):
    """A participant withdraws with their code. Rate-limited per client; CSRF-protected; a
    code only counts within its own programme."""
    initial = {"programme": request.GET.get("programma")} if request.GET.get("programma") else None
    form = WithdrawForm(request.POST or None, initial=initial)
    done = False
    status = 200
    if request.method == "POST":
        if not ratelimit.acquire(request, "withdraw"):
            return render(
                request, "safeguards/withdraw.html", {"form": form, "blocked": True}, status=429
            )
        if form.is_valid():
            participant = Participant.objects.filter(
                programme=form.cleaned_data["programme"], code=form.cleaned_data["code"]
            ).first()
            if participant is None:
                form.add_error(
                    "code",
                    _(
                        "Deze code hoort niet bij een deelnemer van dit programma. "
                        "Controleer de code en het programma."
                    ),
                )
                status = 422
            else:  # only guesses count
                ratelimit.release(request, "withdraw")
                services.withdraw_participant(participant, via_code=True)
                done = True
        else:
            status = 422
    return render(request, "safeguards/withdraw.html", {"form": form, "done": done}, status=status)
