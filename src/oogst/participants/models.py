"""A participant is a code with demographics; contact details live apart, consent per purpose."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The categories used for afspiegeling. A programme may add its own attributes in
# `Participant.attributes`; these are the ones every programme reports on.
AGE_BANDS = ["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]


class Gender(models.TextChoices):
    WOMAN = "woman", _("Vrouw")
    MAN = "man", _("Man")
    OTHER = "other", _("Anders")
    UNKNOWN = "unknown", _("Onbekend")


class Education(models.TextChoices):
    LOW = "low", _("Laag")
    MIDDLE = "middle", _("Middelbaar")
    HIGH = "high", _("Hoog")
    UNKNOWN = "unknown", _("Onbekend")


class Background(models.TextChoices):
    NONE = "none", _("Geen migratieachtergrond")
    WESTERN = "western", _("Westerse migratieachtergrond")
    NON_WESTERN = "non_western", _("Niet-westerse migratieachtergrond")
    UNKNOWN = "unknown", _("Onbekend")


def new_participant_code() -> str:
    return "P-" + secrets.token_hex(4).upper()


class Participant(models.Model):
    programme = models.ForeignKey(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("programma"),
    )
    code = models.CharField(_("deelnemerscode"), max_length=32, default=new_participant_code)
    age_band = models.CharField(
        _("leeftijd"), max_length=8, choices=[(a, a) for a in AGE_BANDS], blank=True
    )
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    province = models.ForeignKey(
        "directory.Province",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("provincie"),
    )
    education = models.CharField(
        _("opleidingsniveau"), max_length=10, choices=Education.choices, default=Education.UNKNOWN
    )
    background = models.CharField(
        _("achtergrond"), max_length=40, choices=Background.choices, default=Background.UNKNOWN
    )
    attributes = models.JSONField(_("overige kenmerken"), default=dict, blank=True)
    tables = models.ManyToManyField(
        "programme.Table", blank=True, related_name="participants", verbose_name=_("tafels")
    )
    withdrawn_at = models.DateTimeField(_("teruggetrokken op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "code"]
        unique_together = [("programme", "code")]
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")

    def __str__(self) -> str:
        return self.code


class ContactDetails(models.Model):
    """Kept apart from answers so analysis and exports never need to touch it."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="contact", verbose_name=_("deelnemer")
    )
    name = models.CharField(_("naam"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contactgegevens")
        verbose_name_plural = _("contactgegevens")

    def __str__(self) -> str:
        return str(_("Contactgegevens van %(code)s") % {"code": self.participant.code})


class Consent(models.Model):
    """One consent decision, kept as a record: a later record for the same purpose supersedes it."""

    class Purpose(models.TextChoices):
        PARTICIPATION = "participation", _("Deelname")
        FEEDBACK = "feedback", _("Contact voor terugkoppeling")
        QUOTE = "quote", _("Anoniem citeren")
        PUBLISH = "publish", _("Publicatie op de website")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="consents", verbose_name=_("deelnemer")
    )
    purpose = models.CharField(_("doel"), max_length=20, choices=Purpose.choices)
    given = models.BooleanField(_("gegeven"))
    text_version = models.CharField(_("versie toestemmingstekst"), max_length=40, default="v1")
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("vastgelegd door"),
    )

    class Meta:
        ordering = ["participant", "purpose", "-recorded_at"]
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")

    def __str__(self) -> str:
        return f"{self.participant.code}: {self.get_purpose_display()} = {self.given}"
