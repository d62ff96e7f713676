"""E-mail to applicants, sent by background jobs: the confirmation of a sign-up, the invitation
to a table (with a calendar file) and the reminder before it. Each sends once: a job run twice
finds the date already set and sends nothing."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .. import ics
from ..models import Applicant, Recruitment
from ..selectors import contact_of, place_of


def site_url(base_url: str) -> str:
    return (base_url or getattr(settings, "OOGST_SITE_URL", "") or "http://127.0.0.1:8000").rstrip(
        "/"
    )


def _send(applicant: Applicant, template: str, context: dict, attachments=()) -> bool:
    name, email = contact_of(applicant)
    if not email:
        return False  # withdrawn or purged: nobody to write to
    with translation.override(applicant.language or settings.LANGUAGE_CODE):
        context = {"applicant": applicant, "name": name, **context}
        subject = render_to_string(f"selection/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"selection/email/{template}.txt", context)
    message = EmailMessage(subject, body, to=[email])
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
    return True


def status_link(applicant: Applicant, base_url: str) -> str:
    path = reverse("selection:status", args=[applicant.programme.slug])
    return f"{site_url(base_url)}{path}?code={applicant.reference}"


def send_confirmation(applicant_id: int, base_url: str = "") -> None:
    applicant = Applicant.objects.select_related("programme").get(pk=applicant_id)
    _send(applicant, "confirmation", {"link": status_link(applicant, base_url)})


def calendar_file(applicant: Applicant) -> str:
    table = applicant.table
    with translation.override(applicant.language or settings.LANGUAGE_CODE):
        summary = render_to_string("selection/email/calendar_summary.txt", {"table": table}).strip()
        return ics.event(
            uid=f"oogst-table-{table.pk}-{applicant.reference}@oogst",
            starts_at=table.starts_at,
            minutes=table.duration_minutes,
            summary=summary,
            location=place_of(table),
            description=str(applicant.programme),
            stamp=timezone.now(),
        )


def _table_context(applicant: Applicant, base_url: str) -> dict:
    table = applicant.table
    return {
        "table": table,
        "place": place_of(table),
        "directions": getattr(getattr(table, "venue", None), "directions", ""),
        "link": status_link(applicant, base_url),
    }


def send_invitation(applicant_id: int, base_url: str = "") -> None:
    applicant = Applicant.objects.select_related("programme", "table__municipality").get(
        pk=applicant_id
    )
    if applicant.invited_at or applicant.status != Applicant.Status.SELECTED:
        return
    if applicant.table is None or applicant.table.starts_at is None:
        return
    attachments = [("dialoogtafel.ics", calendar_file(applicant), "text/calendar")]
    if _send(applicant, "invitation", _table_context(applicant, base_url), attachments):
        Applicant.objects.filter(pk=applicant.pk).update(invited_at=timezone.now())


def send_due_reminders(programme_id: int, base_url: str = "") -> int:
    """Remind everyone invited to a table that starts within the programme's reminder days."""
    recruitment = Recruitment.objects.filter(programme_id=programme_id).first()
    days = recruitment.reminder_days if recruitment else 2
    now = timezone.now()
    due = Applicant.objects.filter(
        programme_id=programme_id,
        status=Applicant.Status.SELECTED,
        invited_at__isnull=False,
        reminded_at__isnull=True,
        table__starts_at__gt=now,
        table__starts_at__lte=now + timezone.timedelta(days=days),
    ).select_related("programme", "table__municipality")
    sent = 0
    for applicant in due:
        attachments = [("dialoogtafel.ics", calendar_file(applicant), "text/calendar")]
        if _send(applicant, "reminder", _table_context(applicant, base_url), attachments):
            Applicant.objects.filter(pk=applicant.pk).update(reminded_at=timezone.now())
            sent += 1
    return sent
