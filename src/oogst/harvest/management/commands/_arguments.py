"""What the import commands share: finding the programme and table they were given, and
waiting for the redaction of what they brought in."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from oogst.programme.models import Programme, Table


def programme_and_table(slug: str, table_ref: str | None) -> tuple[Programme, Table | None]:
    """The programme by slug and, when given, one of its tables by code (or by id)."""
    try:
        programme = Programme.objects.get(slug=slug)
    except Programme.DoesNotExist as exc:
        raise CommandError(_("Programma ‘%(slug)s’ bestaat niet.") % {"slug": slug}) from exc
    if not table_ref:
        return programme, None
    table = programme.tables.filter(code__iexact=table_ref).first()
    if table is None and table_ref.isdigit():
        table = programme.tables.filter(pk=int(table_ref)).first()
    if table is None:
        raise CommandError(_("Tafel ‘%(ref)s’ hoort niet bij dit programma.") % {"ref": table_ref})
    return programme, table


def wait_for_redaction(stdout, redaction: str) -> None:
    """After a bulk import the redaction runs as a background job: on RQ a worker does it; in
    this process the embedded runner does, and the command waits for it before it ends."""
    from django.conf import settings

    from oogst.tasks.runner import wait_for_jobs

    if redaction != "pending":
        return
    if getattr(settings, "OOGST_BROKER_URL", ""):
        stdout.write(_("De redactie van de nieuwe bijdragen loopt bij een worker (oogst worker)."))
        return
    stdout.write(_("Redactie van de nieuwe bijdragen (achtergrondtaak); even wachten …"))
    wait_for_jobs()
    stdout.write(_("Redactie klaar."))
