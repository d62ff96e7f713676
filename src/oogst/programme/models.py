"""Programme, phases, tracks (trajecten) and dialogue tables (dialoogtafels). The themes of a
table are kept by the codebook, which stands on this app (`table.themes`)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    slug = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    retention_until = models.DateField(
        _("bewaren tot"),
        null=True,
        blank=True,
        help_text=_("Na deze datum worden contactgegevens en ruwe persoonsgegevens verwijderd."),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme:detail", args=[self.slug])


class Phase(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="phases", verbose_name=_("programma")
    )
    name = models.CharField(_("naam"), max_length=100)
    starts_on = models.DateField(_("begint"))
    ends_on = models.DateField(_("eindigt"))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["programme", "order", "starts_on"]
        unique_together = [("programme", "name")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
            ),
        ]
        verbose_name = _("fase")
        verbose_name_plural = _("fasen")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Een fase kan niet eindigen voordat ze begint.")})


class Track(models.Model):
    """A traject: burgers, middenveld, wetenschap, … — defined per programme, not hard-coded."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="tracks", verbose_name=_("programma")
    )
    slug = models.SlugField(_("code"), max_length=80)
    name = models.CharField(_("naam"), max_length=100)
    description = models.TextField(_("omschrijving"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["programme", "order", "name"]
        unique_together = [("programme", "slug")]
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")

    def __str__(self) -> str:
        return self.name


class Table(models.Model):
    class Kind(models.TextChoices):
        DIALOGUE = "dialogue", _("Dialoogtafel")
        ORIENTATION = "orientation", _("Oriëntatietafel")
        ACTION = "action", _("Actietafel")
        STAKEHOLDER = "stakeholder", _("Stakeholdertafel")

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        PHYSICAL = "physical", _("Fysiek")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        HELD = "held", _("Gehouden")
        PROCESSED = "processed", _("Verwerkt")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="tables", verbose_name=_("programma")
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("naam"), max_length=200)
    track = models.ForeignKey(
        Track, on_delete=models.PROTECT, related_name="tables", verbose_name=_("traject")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.DIALOGUE)
    mode = models.CharField(_("vorm"), max_length=10, choices=Mode.choices, default=Mode.PHYSICAL)
    municipality = models.ForeignKey(
        "directory.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tables",
        verbose_name=_("gemeente"),
    )
    starts_at = models.DateTimeField(_("datum en tijd"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=120)
    capacity = models.PositiveSmallIntegerField(_("aantal plaatsen"), default=10)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_tables",
        verbose_name=_("gastheer/-vrouw"),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_tables",
        verbose_name=_("facilitatoren"),
    )
    organisations = models.ManyToManyField(
        "directory.Organisation", blank=True, related_name="tables", verbose_name=_("organisaties")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    # The table report (tafelverslag): free-form, written by the facilitator.
    report_summary = models.TextField(_("samenvatting"), blank=True)
    report_atmosphere = models.TextField(_("sfeer"), blank=True)
    report_attendance = models.JSONField(_("aanwezig per rol"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "starts_at", "code"]
        unique_together = [("programme", "code")]
        verbose_name = _("tafel")
        verbose_name_plural = _("tafels")

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("programme:table", args=[self.programme.slug, self.pk])

    def clean(self) -> None:
        if self.track_id and self.programme_id and self.track.programme_id != self.programme_id:
            raise ValidationError({"track": _("Dit traject hoort bij een ander programma.")})

    @property
    def is_open_for_entry(self) -> bool:
        """Contributions can be added and edited until the table is marked verwerkt."""
        return self.status != self.Status.PROCESSED
