"""Writing the harvest of a table: add, edit and delete items, the table report, the status,
and drafts that keep what a facilitator is typing.

Views authorise (via `oogst.programme.access` and `oogst.harvest.access`); these functions
keep the invariants: nothing changes on a table that is `verwerkt`, and only the programme
team reopens one.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oogst.programme.models import Table

from . import actions
from .models import Channel, Contribution

DRAFTS_SESSION_KEY = "harvest_drafts"


class TableClosed(PermissionDenied):
    """The table is marked verwerkt: its harvest is final."""


def ensure_open(table: Table) -> None:
    if not table.is_open_for_entry:
        raise TableClosed(_("Deze tafel is verwerkt; de oogst kan niet meer worden gewijzigd."))


def add_table_contribution(
    table: Table, author, *, text: str, kind: str, role_label: str = "", is_quote: bool = False
) -> Contribution:
    ensure_open(table)
    return actions.record_contribution(
        table.programme,
        channel=Channel.TABLE,
        author=author,
        table_id=table.pk,
        text=text,
        kind=kind,
        role_label=role_label,
        is_quote=is_quote,
    )


def update_contribution(
    contribution: Contribution, *, text: str, kind: str, role_label: str, is_quote: bool
) -> Contribution:
    ensure_open(contribution.table)
    return actions.change_contribution(
        contribution, text=text, kind=kind, role_label=role_label, is_quote=is_quote
    )


def delete_contribution(contribution: Contribution) -> None:
    ensure_open(contribution.table)
    contribution.delete()


def save_table_report(
    table: Table, *, summary: str, atmosphere: str, attendance: dict[str, int]
) -> Table:
    ensure_open(table)
    table.report_summary = summary.strip()
    table.report_atmosphere = atmosphere.strip()
    table.report_attendance = attendance
    table.save(
        update_fields=["report_summary", "report_atmosphere", "report_attendance", "updated_at"]
    )
    return table


def allowed_status_changes(table: Table, user) -> list[str]:
    """Facilitators move a table forward (gepland → gehouden → verwerkt); only the programme
    team takes a verwerkt table back to gehouden, to correct it."""
    order = [Table.Status.PLANNED, Table.Status.HELD, Table.Status.PROCESSED]
    if table.status == Table.Status.PROCESSED:
        return [Table.Status.HELD] if user.is_programme_team else []
    return [s for s in order if order.index(s) > order.index(table.status)]


@transaction.atomic
def set_table_status(table: Table, user, status: str) -> Table:
    if status not in allowed_status_changes(table, user):
        raise PermissionDenied(_("Deze statuswijziging is niet toegestaan."))
    table.status = status
    table.save(update_fields=["status", "updated_at"])
    return table


# Drafts live in the (server-side, database-backed) session: what a facilitator is typing
# survives a reload, a crash of the browser tab or a walk to another page.


def save_draft(session, table: Table, slot: str, data: dict[str, str]) -> None:
    drafts = session.get(DRAFTS_SESSION_KEY, {})
    table_drafts = drafts.setdefault(str(table.pk), {})
    if any(str(v).strip() for v in data.values()):
        table_drafts[slot] = {**data, "saved_at": timezone.now().isoformat()}
    else:
        table_drafts.pop(slot, None)
    session[DRAFTS_SESSION_KEY] = drafts


def clear_draft(session, table: Table, slot: str) -> None:
    drafts = session.get(DRAFTS_SESSION_KEY, {})
    if drafts.get(str(table.pk), {}).pop(slot, None) is not None:
        session[DRAFTS_SESSION_KEY] = drafts
