"""`oogst backup --out FILE [--programme SLUG]`: one programme with its whole history."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from oogst.backups.services import backup
from oogst.programme.models import Programme


class Command(BaseCommand):
    help = "Maak een back-up van een programma met zijn hele geschiedenis (alle apps)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="het back-upbestand (.tar.gz)")
        parser.add_argument(
            "--programme", help="programmacode (slug); nodig als er meer dan één programma is"
        )

    def handle(self, *args, **options):
        programmes = Programme.objects.all()
        if options["programme"]:
            programmes = programmes.filter(slug=options["programme"])
        found = list(programmes[:2])
        if not found:
            raise CommandError(_("Er is geen programma ‘%s’.") % (options["programme"] or ""))
        if len(found) > 1:
            raise CommandError(
                _("Er zijn meerdere programma's: kies er een met --programme (%(slugs)s).")
                % {"slugs": ", ".join(Programme.objects.values_list("slug", flat=True))}
            )
        out = Path(options["out"])
        manifest = backup(found[0], out)
        rows = sum(model["rows"] for model in manifest["models"].values())
        self.stdout.write(
            _(
                "Back-up van ‘%(slug)s’ geschreven naar %(file)s: %(rows)d rijen in %(models)d "
                "tabellen."
            )
            % {"slug": found[0].slug, "file": out, "rows": rows, "models": len(manifest["models"])}
        )
