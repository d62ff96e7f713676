"""Themes (the codebook), the record of every change made to them, the tables that talk
about each theme, and the ministries' recovery tasks (herstelopgaven) that themes feed.

The codebook stands on the programme: a theme belongs to a programme and names its tables,
so the programme app knows nothing of themes (`table.themes` is the other end)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Actief")
        RETIRED = "retired", _("Vervallen")

    programme = models.ForeignKey(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="themes",
        verbose_name=_("programma"),
    )
    slug = models.SlugField(_("code"), max_length=80)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    keywords = models.JSONField(_("trefwoorden"), default=list, blank=True)
    examples = models.JSONField(_("voorbeeldzinnen"), default=list, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("hoofdthema"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    ministries = models.ManyToManyField(
        "directory.Ministry",
        blank=True,
        related_name="themes",
        verbose_name=_("beleidsdomein (ministeries)"),
    )
    tables = models.ManyToManyField(
        "programme.Table", blank=True, related_name="themes", verbose_name=_("tafels")
    )

    class Meta:
        ordering = ["programme", "name"]
        unique_together = [("programme", "slug")]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent.programme_id != self.programme_id:
            raise ValidationError({"parent": _("Het hoofdthema hoort bij een ander programma.")})
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": _("Een thema kan niet onder zichzelf hangen.")})
            node = node.parent

    def snapshot(self) -> dict:
        return {
            "slug": self.slug,
            "name": self.name,
            "description": self.description,
            "keywords": list(self.keywords),
            "examples": list(self.examples),
            "parent": self.parent.slug if self.parent_id else None,
            "status": self.status,
        }


class ThemeChange(models.Model):
    """One entry in the history of the codebook: who changed which theme, when, to what."""

    class Action(models.TextChoices):
        CREATED = "created", _("Aangemaakt")
        CHANGED = "changed", _("Gewijzigd")
        RETIRED = "retired", _("Vervallen")

    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="changes", verbose_name=_("thema")
    )
    action = models.CharField(_("actie"), max_length=10, choices=Action.choices)
    snapshot = models.JSONField(_("inhoud na wijziging"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("door"),
    )
    changed_at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("wijziging in het codeboek")
        verbose_name_plural = _("wijzigingen in het codeboek")

    def __str__(self) -> str:
        return f"{self.theme}: {self.get_action_display()}"


class RecoveryTask(models.Model):
    """A herstelopgave: owned by one ministry, often shared with others."""

    programme = models.ForeignKey(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="recovery_tasks",
        verbose_name=_("programma"),
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    ministry = models.ForeignKey(
        "directory.Ministry",
        on_delete=models.PROTECT,
        related_name="recovery_tasks",
        verbose_name=_("eigenaar"),
    )
    involved_ministries = models.ManyToManyField(
        "directory.Ministry",
        blank=True,
        related_name="involved_in_tasks",
        verbose_name=_("betrokken ministeries"),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="recovery_tasks", verbose_name=_("thema's")
    )

    class Meta:
        ordering = ["programme", "title"]
        unique_together = [("programme", "title")]
        verbose_name = _("herstelopgave")
        verbose_name_plural = _("herstelopgaven")

    def __str__(self) -> str:
        return self.title
