"""`oogst restore FILE`: put a programme back from `oogst backup`, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from oogst.backups.services import BackupError, restore


class Command(BaseCommand):
    help = "Zet een programma terug uit een back-up van `oogst backup` (alles of niets)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="het back-upbestand")

    def handle(self, *args, **options):
        try:
            done = restore(Path(options["file"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Programma ‘%(slug)s’ teruggezet: %(rows)d rijen, %(added)d gedeelde rijen "
                "aangevuld (gebruikers, ministeries, ...), %(files)d bestanden; aantallen en "
                "hashes kloppen met de back-up."
            )
            % {
                "slug": done.programme,
                "rows": done.rows,
                "added": done.references_added,
                "files": done.files,
            }
        )
