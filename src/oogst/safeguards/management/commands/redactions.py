"""`oogst redactions [--programme SLUG] [--force]`: (re)build the redacted form of contributions."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from oogst.programme.models import Programme
from oogst.safeguards.services import rebuild_redactions


class Command(BaseCommand):
    help = _("Bouw de geredigeerde tekst van alle bijdragen (opnieuw) op.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--programme",
            "--programma",
            dest="programme",
            help=_("code van het programma (standaard: alle)"),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=_(
                "ook ongecontroleerde redacties opnieuw maken "
                "(na een nieuwe versie van de redactie)"
            ),
        )

    def handle(self, *args, programme=None, force=False, **options):
        programmes = Programme.objects.order_by("slug")
        if programme:
            programmes = programmes.filter(slug=programme)
            if not programmes.exists():
                raise CommandError(_("Onbekend programma: %(slug)s") % {"slug": programme})
        failed = False
        for item in programmes:
            report = rebuild_redactions(item, force=force)
            self.stdout.write(
                _(
                    "%(slug)s: %(created)d nieuw, %(refreshed)d bijgewerkt, "
                    "%(unchanged)d ongewijzigd, %(failed)d mislukt"
                )
                % {
                    "slug": item.slug,
                    "created": report.created,
                    "refreshed": report.refreshed,
                    "unchanged": report.unchanged,
                    "failed": len(report.failed),
                }
            )
            if report.failed:
                failed = True
                self.stderr.write(
                    _("Mislukt voor bijdragen: %(ids)s")
                    % {"ids": ", ".join(map(str, report.failed))}
                )
        if failed:
            raise CommandError(_("Niet alle bijdragen konden worden geredigeerd."))
