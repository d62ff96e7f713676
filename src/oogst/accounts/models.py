"""A user has one role; what they may see follows from it (`oogst.programme.access` for
programmes and tables, `oogst.harvest.access` for contributions)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ANALYST = "analyst", _("Programmateam / analist")
    FACILITATOR = "facilitator", _("Facilitator")
    HOST = "host", _("Gastheer/-vrouw")
    LIAISON = "liaison", _("Contactpersoon ministerie")
    OBSERVER = "observer", _("Meelezer")


class User(AbstractUser):
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.OBSERVER)
    title = models.CharField(
        _("functie"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld ‘Burgemeester van Zwolle’."),
    )
    ministry = models.ForeignKey(
        "directory.Ministry",
        verbose_name=_("ministerie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liaisons",
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @property
    def is_programme_team(self) -> bool:
        return self.is_superuser or self.role == Role.ANALYST

    @property
    def can_read_everything(self) -> bool:
        return self.is_programme_team or self.role == Role.OBSERVER

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.title})" if full and self.title else full or self.username
