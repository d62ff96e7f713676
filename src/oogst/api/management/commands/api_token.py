"""`oogst api_token USERNAME [--name NAME]`: make an API token; it is shown once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from oogst.api.services import create_api_token


class Command(BaseCommand):
    help = "Maak een API-sleutel voor een gebruiker. De sleutel wordt één keer getoond."

    def add_arguments(self, parser):
        parser.add_argument("username", help="gebruikersnaam")
        parser.add_argument("--name", default="", help="waarvoor de sleutel dient")

    def handle(self, *args, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(
                _("Er is geen actieve gebruiker ‘%(name)s’.") % {"name": options["username"]}
            ) from exc
        token, raw = create_api_token(user, options["name"] or _("sleutel via de opdrachtregel"))
        self.stderr.write(
            _(
                "API-sleutel ‘%(name)s’ voor %(user)s (%(role)s). "
                "Bewaar hem nu: hij wordt niet opnieuw getoond."
            )
            % {"name": token.name, "user": user.username, "role": user.get_role_display()}
        )
        self.stdout.write(raw)
