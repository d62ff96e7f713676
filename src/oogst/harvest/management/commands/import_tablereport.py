"""`oogst import tablereport FILE.docx --table ID`: read a filled-in table report template."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from oogst.harvest.services import TableClosed
from oogst.harvest.tablereport import import_table_report, parse_report
from oogst.programme.models import Table


class Command(BaseCommand):
    help = "Lees een ingevuld Word-tafelverslag in als bijdragen (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="het ingevulde .docx-sjabloon")
        parser.add_argument(
            "--table", required=True, help="tafel-id (of tafelcode met --programme)"
        )
        parser.add_argument("--programme", help="programmacode, als --table een tafelcode is")
        parser.add_argument(
            "--force",
            action="store_true",
            help="ook als het document voor een andere tafel is gemaakt",
        )

    def handle(self, *args, **options):
        ref = options["table"]
        tables = Table.objects.select_related("programme")
        if options["programme"]:
            table = tables.filter(programme__slug=options["programme"], code__iexact=ref).first()
        else:
            table = tables.filter(pk=int(ref)).first() if ref.isdigit() else None
        if table is None:
            raise CommandError(
                _("Tafel ‘%(ref)s’ niet gevonden (gebruik het id, of de code met --programme).")
                % {"ref": ref}
            )
        try:
            parsed = parse_report(options["file"])
        except Exception as exc:  # python-docx raises several types for a file that is no .docx
            raise CommandError(
                _("Dit is geen leesbaar Word-bestand (.docx): %(error)s") % {"error": exc}
            ) from exc
        made_for = parsed.table_id
        if made_for not in (None, table.pk) and not options["force"]:
            raise CommandError(
                _(
                    "Dit sjabloon is gemaakt voor tafel-id %(other)d, niet voor %(this)d; "
                    "gebruik --force als dat klopt."
                )
                % {"other": made_for, "this": table.pk}
            )
        try:
            result = import_table_report(parsed, table)
        except TableClosed as exc:
            raise CommandError(str(exc)) from exc
        for line in result.unplaced:
            self.stdout.write(_("  niet geplaatst: %(what)s") % {"what": line})
        self.stdout.write(
            _(
                "%(table)s: %(added)d bijdragen toegevoegd, %(present)d stonden er al, "
                "%(unplaced)d niet geplaatst; verslag %(report)s."
            )
            % {
                "table": table,
                "added": result.added,
                "present": result.already_present,
                "unplaced": len(result.unplaced),
                "report": _("bijgewerkt") if result.report_updated else _("ongewijzigd"),
            }
        )
