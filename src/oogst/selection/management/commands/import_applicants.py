"""`oogst import applicants FILE --programme SLUG`: load a sign-up pool (CSV, XLSX or JSONL)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from oogst.harvest.readers import UnreadableFile
from oogst.programme.models import Programme
from oogst.selection.models import Recruitment
from oogst.selection.services.pool import import_applicants


class Command(BaseCommand):
    help = _(
        "Laad aanmelders in de pool van een programma: een export van het aanmeldformulier, "
        "van een ander aanmeldsysteem of van `oogst generate --applicants`. Twee keer "
        "importeren voegt niets toe; bij een fout wordt niets geïmporteerd."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--programme", "--programma", dest="programme", required=True)

    def handle(self, *args, file, programme, **options):
        try:
            target = Programme.objects.get(slug=programme)
        except Programme.DoesNotExist as exc:
            raise CommandError(
                _("Programma ‘%(slug)s’ bestaat niet.") % {"slug": programme}
            ) from exc
        Recruitment.objects.get_or_create(programme=target)
        try:
            report = import_applicants(target, file)
        except UnreadableFile as exc:
            raise CommandError(str(exc)) from exc
        if report.problems:
            for problem in report.problems[:200]:
                self.stderr.write(problem)
            raise CommandError(
                _("%(n)d problemen; er is niets geïmporteerd.") % {"n": len(report.problems)},
                returncode=2,
            )
        self.stdout.write(
            _("%(added)d aanmelders toegevoegd, %(skipped)d waren er al (%(rows)d rijen).")
            % {"added": report.added, "skipped": report.skipped, "rows": report.rows}
        )
