"""Recording a table's harvest (htmx), the table report document, and file import.

Views only parse, authorise via `oogst.programme.access` and `oogst.harvest.access` and
render; a table or contribution the user may not edit is a 404, a change the rules forbid (a
verwerkt table) a 403.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oogst.programme.access import programmes_visible_to, tables_editable_by
from oogst.programme.models import Table

from . import selectors, services
from .access import contributions_editable_by, contributions_visible_to
from .forms import EntryForm, ImportUploadForm, ItemForm, TableReportForm, TableReportUploadForm
from .importing import ConcurrentImportError, StrictImportError, import_contributions
from .readers import UnreadableFile
from .tablemap import chosen_tables, table_choices_posted

IMPORTS_SESSION_KEY = "harvest_imports"
STALE_UPLOAD_SECONDS = 24 * 3600


def _editable_table(request, pk) -> Table:
    return get_object_or_404(
        tables_editable_by(request.user).select_related(
            "programme", "track", "municipality", "host"
        ),
        pk=pk,
    )


def _editable_contribution(request, pk):
    return get_object_or_404(
        contributions_editable_by(request.user).select_related("table__programme"),
        pk=pk,
        table__isnull=False,
    )


def _section_context(request, table, section, form=None, focus=False):
    contributions = contributions_visible_to(request.user)
    section.items = selectors.section_items(table, contributions, section.slot)
    return {
        "n_items": contributions.filter(table=table).count(),
        "table": table,
        "section": section,
        "form": form or EntryForm(section=section),
        "is_open": table.is_open_for_entry,
        "focus": focus,
    }


@login_required
def entry(request, pk):
    table = _editable_table(request, pk)
    drafts = selectors.drafts_for(request.session, table)
    sections = selectors.table_harvest(table, contributions_visible_to(request.user))
    for section in sections:
        draft = drafts.get(section.slot, {})
        section.form = EntryForm(
            section=section, initial={k: v for k, v in draft.items() if k != "saved_at"} or None
        )
        section.draft_saved_at = draft.get("saved_at")
    report_draft = drafts.get("report", {})
    report_form = TableReportForm(
        initial={
            "summary": report_draft.get("summary", table.report_summary),
            "atmosphere": report_draft.get("atmosphere", table.report_atmosphere),
        },
        attendance=table.report_attendance,
    )
    return render(
        request,
        "harvest/entry.html",
        {
            "nav": "tables",
            "table": table,
            "sections": sections,
            "report_form": report_form,
            "report_draft": bool(report_draft),
            "is_open": table.is_open_for_entry,
            "status_changes": [
                (s, Table.Status(s).label)
                for s in services.allowed_status_changes(table, request.user)
            ],
            "n_items": sum(len(s.items) for s in sections),
            "upload_form": TableReportUploadForm(),
        },
    )


@login_required
@require_POST
def add_item(request, pk, slot):
    table = _editable_table(request, pk)
    section = selectors.section_by_slot(slot)
    if section is None:
        raise Http404
    services.ensure_open(table)
    form = EntryForm(request.POST, section=section)
    if form.is_valid():
        services.add_table_contribution(
            table,
            request.user,
            text=form.cleaned_data["text"],
            kind=form.cleaned_data["kind"],
            role_label=form.cleaned_data["role_label"],
            is_quote=section.quotes,
        )
        services.clear_draft(request.session, table, slot)
        if not request.htmx:
            messages.success(request, _("Toegevoegd."))
            return redirect(reverse("harvest:entry", args=[table.pk]) + f"#section-{slot}")
        return render(
            request, "harvest/_section.html", _section_context(request, table, section, focus=True)
        )
    if not request.htmx:
        messages.error(request, _("Niet toegevoegd: controleer het formulier."))
        services.save_draft(request.session, table, slot, _draft_data(request.POST, slot))
        return redirect(reverse("harvest:entry", args=[table.pk]) + f"#section-{slot}")
    return render(
        request,
        "harvest/_section.html",
        _section_context(request, table, section, form=form, focus=True),
    )


MAX_DRAFT_CHARS = 20000


def _draft_data(post, slot) -> dict[str, str]:
    if slot == "report":
        data = {k: post.get(k, "") for k in ("summary", "atmosphere")}
    else:
        data = {k: post.get(f"{slot}-{k}", "") for k in ("text", "role_label", "kind")}
    return {k: v[:MAX_DRAFT_CHARS] for k, v in data.items()}


@login_required
@require_POST
def save_draft(request, pk, slot):
    table = _editable_table(request, pk)
    if slot != "report" and selectors.section_by_slot(slot) is None:
        raise Http404
    services.ensure_open(table)
    data = _draft_data(request.POST, slot)
    if (
        data.get("text")
        and table.contributions.filter(author=request.user, text=data["text"].strip()).exists()
    ):
        # A keystroke's delayed autosave arriving after the item was added: not a draft any more.
        services.clear_draft(request.session, table, slot)
        return HttpResponse("")
    services.save_draft(request.session, table, slot, data)
    when = formats.time_format(timezone.localtime(), "H:i")
    return HttpResponse(_("Concept bewaard om %(time)s") % {"time": when})


@login_required
def item(request, pk):
    contribution = _editable_contribution(request, pk)
    return render(
        request,
        "harvest/_item.html",
        {"c": contribution, "can_edit": contribution.table.is_open_for_entry},
    )


@login_required
def edit_item(request, pk):
    contribution = _editable_contribution(request, pk)
    table = contribution.table
    services.ensure_open(table)
    if request.method == "POST":
        form = ItemForm(request.POST, prefix=f"edit-{contribution.pk}")
        if form.is_valid():
            slot_before = selectors.section_slot(contribution)
            services.update_contribution(contribution, **form.cleaned_data)
            if not request.htmx:
                return redirect(
                    reverse("harvest:entry", args=[table.pk]) + f"#item-{contribution.pk}"
                )
            if selectors.section_slot(contribution) != slot_before:
                # The item now belongs in another section: reload (drafts are kept server-side).
                return HttpResponse(status=204, headers={"HX-Refresh": "true"})
            return render(request, "harvest/_item.html", {"c": contribution, "can_edit": True})
    else:
        form = ItemForm(
            prefix=f"edit-{contribution.pk}",
            initial={
                "text": contribution.text,
                "kind": contribution.kind,
                "role_label": contribution.role_label,
                "is_quote": contribution.is_quote,
            },
        )
    template = "harvest/_item_form.html" if request.htmx else "harvest/item_edit.html"
    return render(
        request, template, {"c": contribution, "form": form, "table": table, "nav": "tables"}
    )


@login_required
@require_POST
def delete_item(request, pk):
    contribution = _editable_contribution(request, pk)
    table = contribution.table
    services.delete_contribution(contribution)
    if request.htmx:
        n_items = contributions_visible_to(request.user).filter(table=table).count()
        return render(request, "harvest/_count.html", {"n_items": n_items, "oob": True})
    messages.success(request, _("Verwijderd."))
    return redirect("harvest:entry", table.pk)


@login_required
@require_POST
def save_report(request, pk):
    table = _editable_table(request, pk)
    services.ensure_open(table)
    form = TableReportForm(request.POST, attendance=table.report_attendance)
    if form.is_valid():
        services.save_table_report(
            table,
            summary=form.cleaned_data["summary"],
            atmosphere=form.cleaned_data["atmosphere"],
            attendance=form.cleaned_data["attendance"],
        )
        services.clear_draft(request.session, table, "report")
        saved = True
        if not request.htmx:
            messages.success(request, _("Het tafelverslag is opgeslagen."))
            return redirect(reverse("harvest:entry", args=[table.pk]) + "#report")
        form = TableReportForm(
            initial={"summary": table.report_summary, "atmosphere": table.report_atmosphere},
            attendance=table.report_attendance,
        )
    else:
        saved = False
        if not request.htmx:
            services.save_draft(
                request.session, table, "report", _draft_data(request.POST, "report")
            )
            messages.error(request, _("Het verslag is niet opgeslagen: controleer de aanwezigen."))
            return redirect(reverse("harvest:entry", args=[table.pk]) + "#report")
    return render(
        request,
        "harvest/_report.html",
        {"table": table, "report_form": form, "saved": saved, "is_open": True},
    )


@login_required
@require_POST
def set_status(request, pk):
    table = _editable_table(request, pk)
    services.set_table_status(table, request.user, request.POST.get("status", ""))
    messages.success(
        request,
        _("De tafel is gemarkeerd als ‘%(status)s’.")
        % {"status": Table.Status(table.status).label},
    )
    return redirect("harvest:entry", table.pk)


@login_required
def report_template(request, pk):
    from .tablereport import build_template

    table = _editable_table(request, pk)
    content = build_template(table)
    name = f"tafelverslag-{slugify(table.code)}.docx"
    return HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@login_required
@require_POST
def upload_report(request, pk):
    from .tablereport import import_table_report, parse_report

    table = _editable_table(request, pk)
    services.ensure_open(table)
    form = TableReportUploadForm(request.POST, request.FILES)
    context = {"nav": "tables", "table": table, "upload_form": form}
    if form.is_valid():
        document = form.cleaned_data["document"]
        try:
            parsed = parse_report(document)
        except Exception:  # python-docx raises several types for a file that is no .docx
            form.add_error("document", _("Dit bestand kan niet als Word-document worden gelezen."))
        else:
            if parsed.table_id not in (None, table.pk):
                form.add_error("document", _("Dit sjabloon is gemaakt voor een andere tafel."))
            else:
                context["result"] = import_table_report(parsed, table, author=request.user)
    return render(
        request, "harvest/report_uploaded.html", context, status=200 if "result" in context else 400
    )


# --- import and export (programme team only) ---------------------------------------------


def _team_programme(request, slug):
    programme = get_object_or_404(programmes_visible_to(request.user), slug=slug)
    if not request.user.is_programme_team:
        raise PermissionDenied(_("Alleen het programmateam importeert en exporteert bijdragen."))
    return programme


def _imports_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _remove_stale_uploads() -> None:
    cutoff = time.time() - STALE_UPLOAD_SECONDS
    for old in _imports_dir().glob("*"):
        if old.is_file() and old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def _pending_import(request, programme, token):
    pending = request.session.get(IMPORTS_SESSION_KEY, {}).get(token)
    if not pending or pending["programme"] != programme.slug:
        raise Http404
    path = _imports_dir() / pending["stored"]
    if not path.is_file():
        raise Http404
    return pending, path


def _remember_import(request, token, **changes) -> None:
    imports = request.session.get(IMPORTS_SESSION_KEY, {})
    imports[token] = {**imports[token], **changes}
    request.session[IMPORTS_SESSION_KEY] = imports


def _forget_import(request, token, path: Path) -> None:
    path.unlink(missing_ok=True)
    imports = request.session.get(IMPORTS_SESSION_KEY, {})
    imports.pop(token, None)
    request.session[IMPORTS_SESSION_KEY] = imports


@login_required
def import_upload(request, slug):
    programme = _team_programme(request, slug)
    tables = programme.tables.order_by("code")
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, tables=tables)
        if form.is_valid():
            _remove_stale_uploads()
            upload = form.cleaned_data["file"]
            token = secrets.token_urlsafe(16)
            stored = token + Path(upload.name).suffix.lower()
            with open(_imports_dir() / stored, "wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            imports = request.session.get(IMPORTS_SESSION_KEY, {})
            imports[token] = {
                "programme": programme.slug,
                "stored": stored,
                "name": upload.name,
                "table": form.cleaned_data["table"],
                "strict": form.cleaned_data["strict"],
            }
            request.session[IMPORTS_SESSION_KEY] = imports
            return redirect("harvest:import_preview", programme.slug, token)
    else:
        form = ImportUploadForm(tables=tables, initial={"table": request.GET.get("tafel", "")})
    return render(
        request,
        "harvest/import_upload.html",
        {"nav": "programme", "programme": programme, "form": form},
    )


@login_required
def import_preview(request, slug, token):
    programme = _team_programme(request, slug)
    pending, path = _pending_import(request, programme, token)
    table = programme.tables.filter(code=pending["table"]).first() if pending["table"] else None
    context = {
        "nav": "programme",
        "programme": programme,
        "pending": pending,
        "token": token,
        "table": table,
        "tables": programme.tables.order_by("code"),
    }
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            _forget_import(request, token, path)
            messages.info(request, _("Import geannuleerd; het bestand is verwijderd."))
            return redirect("harvest:import_upload", programme.slug)
        if request.POST.get("action") == "tables":
            _remember_import(request, token, tables=table_choices_posted(request.POST))
            return redirect("harvest:import_preview", programme.slug, token)
        try:
            report = import_contributions(
                path,
                programme,
                default_table=table,
                strict=pending["strict"],
                author=request.user,
                filename=pending["name"],
                table_choices=chosen_tables(pending.get("tables", {}), programme),
            )
        except ConcurrentImportError as exc:
            messages.error(request, str(exc))
            return redirect("harvest:import_preview", programme.slug, token)
        except StrictImportError as exc:
            return render(
                request,
                "harvest/import_preview.html",
                {**context, "report": exc.report, "refused": str(exc)},
            )
        except UnreadableFile as exc:
            _forget_import(request, token, path)
            messages.error(request, str(exc))
            return redirect("harvest:import_upload", programme.slug)
        _forget_import(request, token, path)
        return render(request, "harvest/import_done.html", {**context, "report": report})
    try:
        report = import_contributions(
            path,
            programme,
            default_table=table,
            dry_run=True,
            filename=pending["name"],
            table_choices=chosen_tables(pending.get("tables", {}), programme),
        )
    except UnreadableFile as exc:
        _forget_import(request, token, path)
        messages.error(request, str(exc))
        return redirect("harvest:import_upload", programme.slug)
    return render(request, "harvest/import_preview.html", {**context, "report": report})
