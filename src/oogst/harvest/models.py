"""Contributions — what people said — and the themes they were coded to, by whom."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from oogst.analysis.text import MAX_TEXT_LENGTH

if TYPE_CHECKING:
    from oogst.codebook.models import Theme


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
    NEW = "new", _("Nieuw")
    CODED = "coded", _("Gecodeerd")
    REVIEWED = "reviewed", _("Beoordeeld")


class Moderation(models.TextChoices):
    PENDING = "pending", _("Wacht op moderatie")
    ACCEPTED = "accepted", _("Toegelaten")
    REJECTED = "rejected", _("Afgewezen")


def content_hash(text: str) -> str:
    """Hash of the normalised text: the same words with other spacing or case are one
    contribution."""
    normal = " ".join(text.split()).casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


class Contribution(models.Model):
    programme = models.ForeignKey(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("programma"),
    )
    table = models.ForeignKey(
        "programme.Table",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("tafel"),
    )
    participant = models.ForeignKey(
        "participants.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        verbose_name=_("deelnemer"),
    )
    channel = models.CharField(
        _("kanaal"), max_length=10, choices=Channel.choices, default=Channel.TABLE
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.OVERIG)
    text = models.TextField(_("tekst"), max_length=MAX_TEXT_LENGTH)
    role_label = models.CharField(
        _("rol"),
        max_length=80,
        blank=True,
        help_text=_(
            "Voor de bronvermelding: ‘Student’, ‘Wethouder’, ‘Dialoog 4’ — nooit een naam."
        ),
    )
    is_quote = models.BooleanField(_("letterlijk citaat"), default=False)
    language = models.CharField(_("taal"), max_length=8, default="nl")
    themes = models.ManyToManyField(
        "codebook.Theme",
        through="ThemeAssignment",
        blank=True,
        related_name="contributions",
        verbose_name=_("thema's"),
    )
    review_status = models.CharField(
        _("beoordeling"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.NEW
    )
    moderation = models.CharField(
        _("moderatie"), max_length=10, choices=Moderation.choices, default=Moderation.ACCEPTED
    )
    # Idempotent imports: the external id, or the content hash, is unique per programme.
    # NULL, not "", for contributions without a key: the unique constraint ignores NULLs.
    import_key = models.CharField(_("importsleutel"), max_length=128, null=True, blank=True)  # noqa: DJ001
    metadata = models.JSONField(_("overige gegevens"), default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        verbose_name=_("ingevoerd door"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        ordering = ["programme", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "import_key"], name="contribution_unique_import_key"
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "kind"]),
            models.Index(fields=["programme", "channel"]),
        ]
        verbose_name = _("bijdrage")
        verbose_name_plural = _("bijdragen")

    def __str__(self) -> str:
        return self.text[:80]

    def coded_themes(self) -> list[tuple[Theme, bool]]:
        """Each theme the contribution is coded to, once, by name, with whether a person coded
        it (False: only an analysis run suggested it). Reads prefetched `theme_assignments`."""
        by_person: dict[Theme, bool] = {}
        for code in self.theme_assignments.all():
            person = code.source == ThemeAssignment.Source.PERSON
            by_person[code.theme] = by_person.get(code.theme, False) or person
        return sorted(by_person.items(), key=lambda item: item[0].name)

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

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="theme_assignments"
    )
    theme = models.ForeignKey(
        "codebook.Theme", on_delete=models.CASCADE, related_name="assignments"
    )
    source = models.CharField(
        _("bron"), max_length=10, choices=Source.choices, default=Source.PERSON
    )
    score = models.FloatField(_("score"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("door"),
    )
    analysis_run = models.CharField(_("analyserun"), max_length=64, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("contribution", "theme", "source")]
        verbose_name = _("themacodering")
        verbose_name_plural = _("themacoderingen")

    def __str__(self) -> str:
        return f"{self.contribution_id} → {self.theme_id} ({self.source})"

    def clean(self) -> None:
        if self.theme.programme_id != self.contribution.programme_id:
            raise ValidationError(_("Het thema hoort bij een ander programma."))


class PolisConversation(models.Model):
    """One imported Polis conversation; its comments are contributions, its votes a matrix."""

    programme = models.ForeignKey(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="polis_conversations",
        verbose_name=_("programma"),
    )
    table = models.ForeignKey(
        "programme.Table",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="polis_conversations",
        verbose_name=_("tafel"),
    )
    # Polis's own id (the last part of the pol.is URL), or the export folder's name.
    conversation_id = models.CharField(_("gesprek-id"), max_length=80)
    topic = models.CharField(_("onderwerp"), max_length=300, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    url = models.URLField(_("adres"), blank=True)
    language = models.CharField(_("taal"), max_length=8, blank=True)
    imported_at = models.DateTimeField(_("geïmporteerd"), auto_now_add=True)

    class Meta:
        ordering = ["programme", "conversation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "conversation_id"], name="polis_conversation_unique_id"
            ),
        ]
        verbose_name = _("Polis-gesprek")
        verbose_name_plural = _("Polis-gesprekken")

    def __str__(self) -> str:
        return self.topic or self.conversation_id


class PolisComment(models.Model):
    """A Polis comment: its id in the conversation and the contribution it became.

    A comment without text (Polis exports have them) stays here so the vote matrix is
    complete, but becomes no contribution.
    """

    conversation = models.ForeignKey(
        PolisConversation,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("gesprek"),
    )
    comment_id = models.IntegerField(_("reactie-id"))
    contribution = models.OneToOneField(
        Contribution,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="polis_comment",
        verbose_name=_("bijdrage"),
    )
    author_id = models.IntegerField(_("auteur-id"), null=True, blank=True)
    moderated = models.SmallIntegerField(_("moderatie in Polis"), default=0)

    class Meta:
        ordering = ["conversation", "comment_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "comment_id"], name="polis_comment_unique_id"
            ),
        ]
        verbose_name = _("Polis-reactie")
        verbose_name_plural = _("Polis-reacties")

    def __str__(self) -> str:
        return f"{self.conversation.conversation_id}:{self.comment_id}"


class PolisParticipant(models.Model):
    """A Polis voter, known only by Polis's number (and xid where the export has one)."""

    conversation = models.ForeignKey(
        PolisConversation,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("gesprek"),
    )
    polis_id = models.IntegerField(_("deelnemer-id"))
    xid = models.CharField(_("externe id"), max_length=200, blank=True)
    # Polis's own opinion group; empty when Polis did not place the participant in one.
    group_id = models.SmallIntegerField(_("meningsgroep"), null=True, blank=True)

    class Meta:
        ordering = ["conversation", "polis_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "polis_id"], name="polis_participant_unique_id"
            ),
        ]
        verbose_name = _("Polis-deelnemer")
        verbose_name_plural = _("Polis-deelnemers")

    def __str__(self) -> str:
        return f"{self.conversation.conversation_id}:{self.polis_id}"


class Vote(models.Model):
    """One participant's last vote on one comment: 1 agree, -1 disagree, 0 pass."""

    class Value(models.IntegerChoices):
        AGREE = 1, _("Eens")
        DISAGREE = -1, _("Oneens")
        PASS = 0, _("Overgeslagen")

    conversation = models.ForeignKey(
        PolisConversation, on_delete=models.CASCADE, related_name="votes", verbose_name=_("gesprek")
    )
    comment = models.ForeignKey(
        PolisComment, on_delete=models.CASCADE, related_name="votes", verbose_name=_("reactie")
    )
    participant = models.ForeignKey(
        PolisParticipant,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("deelnemer"),
    )
    value = models.SmallIntegerField(_("stem"), choices=Value.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "participant"], name="vote_unique_per_participant"
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=[-1, 0, 1]), name="vote_value_in_range"
            ),
        ]
        verbose_name = _("stem")
        verbose_name_plural = _("stemmen")

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.comment_id}: {self.value}"
