"""What the import commands share: finding the programme and table they were given."""

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
