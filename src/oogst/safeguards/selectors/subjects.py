"""Everything held on one participant, for an access request (inzageverzoek): the data
subject's own copy, the one reader here that hands out raw text."""

from __future__ import annotations

from django.core import serializers
from django.db.models import Prefetch, QuerySet

from oogst.harvest.models import ThemeAssignment
from oogst.participants.models import Participant

from ..models import AuditEntry
from .redacted import stored_redaction


def audit_entries_for(object_type: str, object_id) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id))


def _plain(instance) -> dict:
    """A model instance as JSON-ready fields (Django's own serializer, so nothing is missed)."""
    record = serializers.serialize("python", [instance])[0]
    return {"model": record["model"], "id": record["pk"], **record["fields"]}


def subject_data(participant: Participant) -> dict:
    """Everything held about one participant, for an access request (inzageverzoek).

    Known tables are spelled out; any other table that points at the participant (added by
    another part of Oogst) is included generically, so the export cannot silently miss it."""
    contributions = (
        participant.contributions.select_related("table", "redaction")
        .prefetch_related(
            Prefetch("theme_assignments", queryset=ThemeAssignment.objects.select_related("theme"))
        )
        .order_by("created_at", "id")
    )
    known = {"contributions", "consents", "contact"}
    data = {
        "participant": _plain(participant),
        "programme": {"slug": participant.programme.slug, "name": participant.programme.name},
        "contact_details": _plain(participant.contact) if hasattr(participant, "contact") else None,
        "consents": [_plain(c) for c in participant.consents.order_by("recorded_at", "id")],
        "tables": [
            {
                "id": t.pk,
                "code": t.code,
                "name": t.name,
                "starts_at": t.starts_at.isoformat() if t.starts_at else None,
                "municipality": str(t.municipality) if t.municipality else None,
            }
            for t in participant.tables.select_related("municipality")
        ],
        "contributions": [],
        "audit_entries": [
            {"at": e.at.isoformat(), "action": e.action, "by": e.who, "detail": e.detail}
            for e in audit_entries_for("participant", participant.pk)
            .select_related("actor")
            .order_by("at", "id")
        ],
        "other_records": {},
    }
    for contribution in contributions:
        stored = stored_redaction(contribution)
        data["contributions"].append(
            {
                **_plain(contribution),
                "redacted_text": stored.text if stored else None,
                "redaction_status": stored.status if stored else None,
                "theme_codings": [
                    {
                        "theme": a.theme.name,
                        "source": a.source,
                        "score": a.score,
                        "assigned_at": a.assigned_at.isoformat(),
                    }
                    for a in contribution.theme_assignments.all()
                ],
            }
        )
    for relation in Participant._meta.related_objects:
        name = relation.get_accessor_name()
        if name in known or relation.many_to_many:
            continue
        if relation.one_to_one:
            related = getattr(participant, name, None) if hasattr(participant, name) else None
            if related is not None:
                data["other_records"][relation.related_model._meta.label] = [_plain(related)]
            continue
        rows = [_plain(obj) for obj in getattr(participant, name).all()]
        if rows:
            data["other_records"][relation.related_model._meta.label] = rows
    return data
