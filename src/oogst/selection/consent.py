"""The consent texts an applicant agrees to, per purpose. A text is never changed once used: a
new wording gets a new version, and every consent record keeps the version its giver saw."""

from django.utils.translation import gettext_lazy as _

CURRENT_VERSION = "aanmelding-2026-1"

TEXTS = {
    "aanmelding-2026-1": {
        "participation": _(
            "Ik meld me aan voor de loting van de dialoogtafels. Het programmateam gebruikt mijn "
            "antwoorden om een groep te loten die lijkt op de Nederlandse bevolking, en mijn "
            "e-mailadres om mij te laten weten of ik ben geloot en om mij uit te nodigen. Mijn "
            "naam en e-mailadres worden apart bewaard en na afloop van het programma verwijderd."
        ),
        "feedback": _(
            "Ik wil na afloop horen wat er met de uitkomsten van de gesprekken is gedaan."
        ),
        "quote": _(
            "Wat ik aan tafel zeg, mag anoniem worden geciteerd in de producten van het "
            "programma: zonder naam, hooguit met een rol zoals ‘student’ of ‘ondernemer’."
        ),
        "publish": _(
            "Mijn bijdragen aan tafel mogen (zonder persoonsgegevens) op de website van het "
            "programma worden gepubliceerd."
        ),
    },
}

PURPOSES = ("participation", "feedback", "quote", "publish")


def current() -> dict:
    return TEXTS[CURRENT_VERSION]
