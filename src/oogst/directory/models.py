"""Reference data that programmes share: the map, organisations and ministries. The lowest
of the apps: it refers to none of the others."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(
        _("code"), max_length=4, unique=True, help_text=_("CBS-code, bijv. PV23.")
    )
    name = models.CharField(_("naam"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    cbs_code = models.CharField(
        _("CBS-code"), max_length=6, unique=True, help_text=_("Bijv. GM0363.")
    )
    name = models.CharField(_("naam"), max_length=100, unique=True)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("provincie"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COMPANY = "company", _("Bedrijf")
        INTEREST_GROUP = "interest_group", _("Belangenorganisatie")
        UMBRELLA = "umbrella", _("Koepelorganisatie")
        KNOWLEDGE_INSTITUTE = "knowledge_institute", _("Kennisinstelling")
        MINISTRY = "ministry", _("Ministerie")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("gemeente")
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class Ministry(models.Model):
    code = models.CharField(_("afkorting"), max_length=8, unique=True)
    name = models.CharField(_("naam"), max_length=200, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ministerie")
        verbose_name_plural = _("ministeries")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"
