"""API tokens: only a hash is stored; the token itself is shown once, when it is made."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("gebruiker"),
    )
    name = models.CharField(
        _("naam"),
        max_length=100,
        help_text=_("Waarvoor de sleutel dient, bijvoorbeeld ‘koppeling enquêtetool’."),
    )
    prefix = models.CharField(_("begin van de sleutel"), max_length=16, editable=False)
    token_hash = models.CharField(
        _("hash van de sleutel"), max_length=64, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["user", "-created_at"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
