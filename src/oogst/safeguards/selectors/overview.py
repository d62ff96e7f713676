"""What the privacy pages show of a programme: its figures, and the audit log in words."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from oogst.programme.models import Programme, Table

from ..models import AuditEntry, RedactedText
from .redacted import redaction_counts


def programme_figures(programme: Programme) -> dict[str, int]:
    """Key figures for a memo; counts only, no personal data."""
    return {
        "tables_held": programme.tables.filter(
            status__in=[Table.Status.HELD, Table.Status.PROCESSED]
        ).count(),
        "participants": programme.participants.count(),
        "contributions": programme.contributions.count(),
    }


def privacy_overview(programme: Programme) -> dict:
    participants = programme.participants
    counts = redaction_counts(programme)
    return {
        "redactions": counts,
        "reviewed": sum(counts.get(status, 0) for status in RedactedText.REVIEWED),
        "queue": counts.get(RedactedText.Status.AUTOMATIC, 0),
        "participants": participants.count(),
        "withdrawn": participants.filter(withdrawn_at__isnull=False).count(),
        "with_contact": participants.filter(contact__isnull=False).count(),
    }


# How the audit log shows the keys of an entry's detail.
DETAIL_LABELS = {
    "contact_details": _("contactgegevens"),
    "contributions": _("bijdragen"),
    "participants": _("deelnemerskenmerken"),
    "retention_until": _("bewaren tot"),
    "format": _("formaat"),
    "quotes": _("citaten"),
    "withheld": _("achtergehouden"),
    "theme": _("thema"),
    "page": _("pagina"),
    "status": _("status"),
    "mode": _("wijze"),
    "purpose": _("doel"),
    "given": _("gegeven"),
    "text_version": _("tekstversie"),
    "via": _("via"),
    "changed": _("gewijzigd"),
    "bulk": _("in bulk"),
}
OBJECT_LABELS = {
    "programme": _("programma"),
    "contribution": _("bijdrage"),
    "participant": _("deelnemer"),
}


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    subject: str
    participant_code: str
    details: list[str]


def audit_rows(entries) -> list[AuditRow]:
    """Audit entries in the words of the log page: what they concern and their details."""
    rows = []
    for entry in entries:
        detail = dict(entry.detail or {})
        code = detail.pop("code", "") if entry.object_type == "participant" else ""
        if entry.object_type == "programme" and entry.programme_id:
            subject = str(_("het programma"))
        else:
            kind = OBJECT_LABELS.get(entry.object_type, entry.object_type)
            subject = f"{kind} {entry.object_id}".strip()
        details = []
        for key, value in detail.items():
            if value in ("", None, [], {}):
                continue
            if isinstance(value, bool):
                value = _("ja") if value else _("nee")
            elif isinstance(value, list):
                value = ", ".join(map(str, value))
            details.append(f"{DETAIL_LABELS.get(key, key)}: {value}")
        rows.append(AuditRow(entry, subject, code, details))
    return rows
