"""The public site: which programmes invite ideas, and each idea a visitor sent in.

A submission is a contribution (channel public, moderation pending) plus what only the public
channel has: the reference code the sender keeps, and the consent they gave, with the version of
the consent text they saw.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: a code read aloud or copied from paper must not be ambiguous.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_PREFIX = "OOGST"


def new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"{REFERENCE_PREFIX}-{chars[:4]}-{chars[4:]}"


class PublicProgramme(models.Model):
    """A programme shown on the public site; only these have a ‘Wat is jouw idee?’ page."""

    programme = models.OneToOneField(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="public_page",
        verbose_name=_("programma"),
    )
    intro = models.TextField(
        _("inleiding"),
        blank=True,
        help_text=_("Korte uitleg boven het formulier, in eenvoudige taal (B1)."),
    )
    accepts_ideas = models.BooleanField(_("ideeën welkom"), default=True)

    class Meta:
        ordering = ["programme__name"]
        verbose_name = _("programma op de publieke site")
        verbose_name_plural = _("programma's op de publieke site")

    def __str__(self) -> str:
        return str(self.programme)


class PublicSubmission(models.Model):
    contribution = models.OneToOneField(
        "harvest.Contribution",
        on_delete=models.CASCADE,
        related_name="public_submission",
        verbose_name=_("bijdrage"),
    )
    reference = models.CharField(
        _("referentiecode"), max_length=20, unique=True, default=new_reference
    )
    suggested_theme = models.ForeignKey(
        "codebook.Theme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_suggestions",
        verbose_name=_("thema gekozen door de indiener"),
    )
    consent_version = models.CharField(_("versie toestemmingstekst"), max_length=40)
    quote_consent = models.BooleanField(_("mag anoniem geciteerd worden"), default=False)
    submitted_at = models.DateTimeField(_("ingestuurd"), auto_now_add=True)
    moderated_at = models.DateTimeField(_("gemodereerd"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gemodereerd door"),
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("inzending via de publieke site")
        verbose_name_plural = _("inzendingen via de publieke site")

    def __str__(self) -> str:
        return self.reference
