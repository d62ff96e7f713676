"""The consent texts a visitor agrees to. A text is never changed once used: a new wording gets a
new version, and each submission keeps the version its sender saw."""

from django.utils.translation import gettext_lazy as _

CURRENT_VERSION = "idee-2026-1"

TEXTS = {
    "idee-2026-1": {
        "consent": _(
            "Ik stuur dit idee of deze vraag in voor het programma. Het programmateam leest "
            "het, neemt het mee in de analyse en koppelt terug wat ermee is gedaan. Mijn naam "
            "wordt niet gevraagd en niet opgeslagen; van mijn inzending wordt alleen de tekst "
            "bewaard, met de rol die ik zelf opgeef."
        ),
        "quote": _(
            "Mijn tekst mag anoniem worden geciteerd: op de ideeënpagina van dit programma en "
            "in de producten van het programma, zonder naam, hooguit met de rol die ik opgeef."
        ),
    },
}


def current() -> dict:
    return TEXTS[CURRENT_VERSION]
