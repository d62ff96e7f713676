"""`oogst purge [--programme SLUG] [--dry-run]`: clean up personal data after the retention date."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from oogst.programme.models import Programme
from oogst.safeguards.services import purge_programme


class Command(BaseCommand):
    help = _(
        "Verwijder na de bewaartermijn contactgegevens en ruwe persoonsgegevens "
        "(ruwe tekst wordt de geredigeerde tekst). Veilig om vaker te draaien."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--programme",
            "--programma",
            dest="programme",
            help=_("code van het programma (standaard: alle)"),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("toon wat er zou gebeuren, wijzig niets")
        )

    def handle(self, *args, programme=None, dry_run=False, **options):
        programmes = Programme.objects.order_by("slug")
        if programme:
            programmes = programmes.filter(slug=programme)
            if not programmes.exists():
                raise CommandError(_("Onbekend programma: %(slug)s") % {"slug": programme})
        for item in programmes:
            report = purge_programme(item, dry_run=dry_run)
            if not report.due:
                when = (
                    report.retention_until.isoformat()
                    if report.retention_until
                    else _("geen bewaardatum")
                )
                self.stdout.write(
                    _("%(slug)s: niets te doen (bewaren tot: %(when)s)")
                    % {"slug": item.slug, "when": when}
                )
                continue
            prefix = _("zou opschonen") if dry_run else _("opgeschoond")
            self.stdout.write(
                _(
                    "%(slug)s: %(prefix)s: %(contacts)d contactgegevens, %(contributions)d "
                    "bijdragen, %(participants)d deelnemerskenmerken"
                )
                % {
                    "slug": item.slug,
                    "prefix": prefix,
                    "contacts": report.contact_details,
                    "contributions": report.contributions,
                    "participants": report.participants,
                }
            )
            for what, count in report.others.items():
                self.stdout.write(f"  {what}: {count}")
