"""`oogst demo`: load the Dutch demo programme (idempotent) and print how to log in."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from oogst.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Laad het demoprogramma ‘Nederland na de crisis’ (slug demo). "
        "Twee keer laden geeft dezelfde data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Ook laden als DEBUG uit staat.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG staat uit: demo-accounts met een bekend wachtwoord horen niet in "
                "productie (gebruik --force)."
            )
        report = load_demo()
        counts = ", ".join(f"{v} {k}" for k, v in report.counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Demoprogramma ‘{report.programme.name}’ geladen: {counts}.")
        )
        self.stdout.write(
            f"\nInloggen op /inloggen/ met wachtwoord ‘{DEMO_PASSWORD}’ en een van deze gebruikers:"
        )
        for user in sorted(report.users, key=lambda u: (u.role, u.username)):
            extra = (
                f" — {user.title}"
                if user.title
                else (f" — {user.ministry.code}" if user.ministry else "")
            )
            self.stdout.write(f"  {user.get_role_display():<28} {user.username}{extra}")
