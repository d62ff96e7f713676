"""Contributions — what people said — and the themes they were coded to, by whom."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_TEXT_LENGTH = 5000


class Kind(models.TextChoices):
    KNEL = "knel", _("Knel — wat kwam in de knel")
    KIEM = "kiem", _("Kiem — wat wil je behouden")
    IDEE = "idee", _("Idee — concreet voorstel")
    VRAAG = "vraag", _("Vraag")
    OVERIG = "overig", _("Overig")


class Channel(models.TextChoices):
    TABLE = "table", _("Tafelverslag")
    PUBLIC = "public", _("Publieke site")
    IMPORT = "import", _("Import")
    SURVEY = "survey", _("Enquête")
    POLIS = "polis", _("Polis")
    API = "api", _("API")


class ReviewStatus(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    CODED = "gecodeerd", _("Gecodeerd")
    REVIEWED = "beoordeeld", _("Beoordeeld")


class Moderation(models.TextChoices):
    PENDING = "pending", _("Wacht op moderatie")
    ACCEPTED = "accepted", _("Toegelaten")
    REJECTED = "rejected", _("Afgewezen")


def content_hash(text: str) -> str:
    """Hash of the normalised text: the same words with other spacing or case are one contribution."""
    normal = " ".join(text.split()).casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


class Contribution(models.Model):
    programme = models.ForeignKey("programme.Programme", on_delete=models.CASCADE, related_name="contributions", verbose_name=_("programma"))
    table = models.ForeignKey("programme.Table", null=True, blank=True, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("tafel"))
    participant = models.ForeignKey("participants.Participant", null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions", verbose_name=_("deelnemer"))
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices, default=Channel.TABLE)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.OVERIG)
    text = models.TextField(_("tekst"), max_length=MAX_TEXT_LENGTH)
    role_label = models.CharField(
        _("rol"), max_length=80, blank=True,
        help_text=_("Voor de bronvermelding: ‘Student’, ‘Wethouder’, ‘Dialoog 4’ — nooit een naam."),
    )
    is_quote = models.BooleanField(_("letterlijk citaat"), default=False)
    language = models.CharField(_("taal"), max_length=8, default="nl")
    themes = models.ManyToManyField("codebook.Theme", through="ThemeAssignment", blank=True, related_name="contributions", verbose_name=_("thema's"))
    review_status = models.CharField(_("beoordeling"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.NEW)
    moderation = models.CharField(_("moderatie"), max_length=10, choices=Moderation.choices, default=Moderation.ACCEPTED)
    # Idempotent imports: the external id, or the content hash, is unique per programme.
    import_key = models.CharField(_("importsleutel"), max_length=128, null=True, blank=True)
    metadata = models.JSONField(_("overige gegevens"), default=dict, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions", verbose_name=_("ingevoerd door"))
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        ordering = ["programme", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "import_key"], name="contribution_unique_import_key"),
        ]
        indexes = [models.Index(fields=["programme", "kind"]), models.Index(fields=["programme", "channel"])]
        verbose_name = _("bijdrage")
        verbose_name_plural = _("bijdragen")

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        if not self.text or not self.text.strip():
            raise ValidationError({"text": _("Een bijdrage heeft tekst nodig.")})
        if self.table_id and self.programme_id and self.table.programme_id != self.programme_id:
            raise ValidationError({"table": _("Deze tafel hoort bij een ander programma.")})


class ThemeAssignment(models.Model):
    """A contribution coded to a theme — by a person, or suggested by an analysis run."""

    class Source(models.TextChoices):
        PERSON = "person", _("Persoon")
        ANALYSIS = "analysis", _("Analyse")

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="theme_assignments")
    theme = models.ForeignKey("codebook.Theme", on_delete=models.CASCADE, related_name="assignments")
    source = models.CharField(_("bron"), max_length=10, choices=Source.choices, default=Source.PERSON)
    score = models.FloatField(_("score"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("door"))
    analysis_run = models.CharField(_("analyserun"), max_length=64, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("contribution", "theme", "source")]
        verbose_name = _("themacodering")
        verbose_name_plural = _("themacoderingen")

    def clean(self) -> None:
        if self.theme.programme_id != self.contribution.programme_id:
            raise ValidationError(_("Het thema hoort bij een ander programma."))
