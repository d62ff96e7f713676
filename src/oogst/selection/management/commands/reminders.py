"""`oogst reminders [--programme SLUG]`: send the reminders that are due (for cron)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from oogst.programme.models import Programme
from oogst.selection.services.mail import send_due_reminders


class Command(BaseCommand):
    help = _(
        "Stuur een herinnering aan wie is uitgenodigd voor een tafel die binnenkort begint "
        "(niemand krijgt er twee). Geschikt om elk uur vanuit cron te draaien."
    )

    def add_arguments(self, parser):
        parser.add_argument("--programme", "--programma", dest="programme")

    def handle(self, *args, programme=None, **options):
        programmes = Programme.objects.filter(recruitment__isnull=False).order_by("slug")
        if programme:
            programmes = programmes.filter(slug=programme)
            if not programmes.exists():
                raise CommandError(_("Programma ‘%(slug)s’ bestaat niet.") % {"slug": programme})
        for item in programmes:
            sent = send_due_reminders(item.pk)
            self.stdout.write(
                _("%(slug)s: %(n)d herinneringen verstuurd") % {"slug": item.slug, "n": sent}
            )
