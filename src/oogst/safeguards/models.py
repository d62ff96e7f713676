"""Privacy safeguards: the redacted form of every contribution, a programme's privacy policy
and the audit log of who saw or exported personal data.

The redaction itself is done by `oogst.privacy` (no Django); this app stores its result,
lets an analyst review it, and decides what may leave the system.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammePrivacyPolicy(models.Model):
    """How one programme treats personal data. A programme without a row gets the defaults."""

    class EraseMode(models.TextChoices):
        REMOVE = "remove", _("Tekst verwijderen")
        ANONYMISE = "anonymise", _("Tekst anonimiseren (geredigeerde tekst blijft)")

    class Marker(models.TextChoices):
        DEFAULT = "default", _("Soort gegeven, bijvoorbeeld [naam] en [telefoon]")
        WOO = "woo", _("Woo-markering 5.1.2e")

    programme = models.OneToOneField(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="privacy_policy",
        verbose_name=_("programma"),
    )
    erase_mode = models.CharField(
        _("bij verwijderverzoek"),
        max_length=10,
        choices=EraseMode.choices,
        default=EraseMode.REMOVE,
        help_text=_("Wat er met de bijdragen gebeurt als een deelnemer vraagt om verwijdering."),
    )
    marker = models.CharField(
        _("markering"), max_length=10, choices=Marker.choices, default=Marker.DEFAULT
    )
    pseudonyms = models.BooleanField(
        _("vaste pseudoniemen"),
        default=False,
        help_text=_("Binnen één bijdrage blijft dezelfde persoon ‘[persoon 1]’."),
    )
    allowed_terms = models.TextField(
        _("niet redigeren"),
        blank=True,
        help_text=_(
            "Eén per regel: namen van publieke figuren in hun publieke rol die in citaten "
            "mogen blijven staan, bijvoorbeeld ‘burgemeester Halsema’."
        ),
    )
    keep_public_figures = models.BooleanField(
        _("publieke figuren laten staan"),
        default=True,
        help_text=_(
            "Namen van publieke figuren in hun publieke rol blijven in citaten staan: ‘Koning "
            "Willem-Alexander’, ‘minister-president Schoof’, ‘burgemeester Halsema van "
            "Amsterdam’ (een burgemeester alleen met de stad erbij). De titels en namen staan in "
            "oogst/privacy/data/public_figures.txt."
        ),
    )
    table_quote_consent = models.BooleanField(
        _("tafelcitaten zonder deelnemer toegestaan"),
        default=False,
        help_text=_(
            "Aan tafel gaven de deelnemers bij aanvang samen toestemming voor anoniem citeren; "
            "geldt voor citaten die de facilitator vastlegde zonder deelnemer te koppelen."
        ),
    )
    table_publish_consent = models.BooleanField(
        _("tafelbijdragen zonder deelnemer publiceren"),
        default=False,
        help_text=_(
            "Bijdragen van tafels zonder gekoppelde deelnemer mogen (geredigeerd) op de website."
        ),
    )
    polis_quote_consent = models.BooleanField(
        _("Polis-stellingen citeren toegestaan"),
        default=True,
        help_text=_(
            "Stellingen in een Polis-gesprek zijn geschreven om aan iedereen die meedoet te "
            "tonen, en Polis publiceert ze onder de licentie van het gesprek. Zet dit uit als "
            "dat voor de geïmporteerde gesprekken niet geldt."
        ),
    )

    class Meta:
        verbose_name = _("privacybeleid")
        verbose_name_plural = _("privacybeleid")

    def __str__(self) -> str:
        return str(_("Privacybeleid van %(programme)s") % {"programme": self.programme})

    @property
    def allow_list(self) -> list[str]:
        return [line.strip() for line in self.allowed_terms.splitlines() if line.strip()]


class RedactedText(models.Model):
    """The form of a contribution that may leave the system. Offsets in `spans` point into the
    contribution's raw text at the time it was redacted (`source_hash`); the spans carry no
    original text, so this row holds no personal data the redaction found."""

    class Status(models.TextChoices):
        AUTOMATIC = "automatic", _("Automatisch, nog niet gecontroleerd")
        ACCEPTED = "accepted", _("Gecontroleerd en geaccepteerd")
        ADJUSTED = "adjusted", _("Gecontroleerd en aangepast")
        SAFE = "safe", _("Gecontroleerd: bevat geen persoonsgegevens")

    REVIEWED = (Status.ACCEPTED, Status.ADJUSTED, Status.SAFE)

    contribution = models.OneToOneField(
        "harvest.Contribution",
        on_delete=models.CASCADE,
        related_name="redaction",
        verbose_name=_("bijdrage"),
    )
    text = models.TextField(_("geredigeerde tekst"))
    spans = models.JSONField(_("gevonden persoonsgegevens"), default=list, blank=True)
    source_hash = models.CharField(_("controlegetal brontekst"), max_length=64)
    engine_version = models.CharField(_("versie redactie"), max_length=40)
    marker = models.CharField(_("markering"), max_length=10, default="default")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.AUTOMATIC
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gecontroleerd door"),
    )
    reviewed_at = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["status"])]
        verbose_name = _("geredigeerde tekst")
        verbose_name_plural = _("geredigeerde teksten")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_reviewed(self) -> bool:
        return self.status in self.REVIEWED


class AuditEntry(models.Model):
    """Who saw, exported or changed personal data, when. Never holds the data itself."""

    class Action(models.TextChoices):
        VIEW_CONTACT = "view_contact", _("Contactgegevens bekeken")
        VIEW_PARTICIPANT = "view_participant", _("Deelnemer bekeken")
        VIEW_REVIEW = "view_review", _("Controlewachtrij bekeken (ruwe tekst)")
        REVIEW = "review", _("Redactie gecontroleerd")
        EXPORT_QUOTES = "export_quotes", _("Citaten geëxporteerd")
        EXPORT_SUBJECT = "export_subject", _("Inzageverzoek: gegevens geëxporteerd")
        EXPORT_RAW = "export_raw", _("Bijdragen met ruwe tekst opgehaald (export of API)")
        ERASE = "erase", _("Gegevens gewist op verzoek")
        WITHDRAW = "withdraw", _("Deelname ingetrokken")
        CONSENT = "consent", _("Toestemming vastgelegd namens deelnemer")
        PURGE = "purge", _("Bewaartermijn verlopen: gegevens opgeschoond")
        POLICY = "policy", _("Privacybeleid gewijzigd")
        RECORD = "record", _("Bijdragen vastgelegd")

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("door"),
    )
    actor_label = models.CharField(
        _("door (omschrijving)"),
        max_length=120,
        blank=True,
        help_text=_(
            "Voor handelingen zonder gebruiker: ‘deelnemer met deelnemerscode’, ‘systeem’."
        ),
    )
    action = models.CharField(_("handeling"), max_length=20, choices=Action.choices)
    programme = models.ForeignKey(
        "programme.Programme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("programma"),
    )
    object_type = models.CharField(_("soort object"), max_length=60, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    detail = models.JSONField(_("toelichting"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["programme", "action"]),
            models.Index(fields=["object_type", "object_id"]),
        ]
        verbose_name = _("logregel")
        verbose_name_plural = _("logboek persoonsgegevens")

    def __str__(self) -> str:
        action = self.get_action_display()
        return f"{self.at:%Y-%m-%d %H:%M} {action} {self.object_type} {self.object_id}"

    @property
    def who(self) -> str:
        if self.actor_id:
            return str(self.actor)
        return self.actor_label or str(_("onbekend"))


class RedactionJob(models.Model):
    """A background job that stores the redaction of a programme's contributions that have
    none yet (what a bulk import brought in), with how far it got, for the privacy pages."""

    programme = models.ForeignKey(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("programma"),
    )
    job = models.ForeignKey(
        "tasks.Job",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("achtergrondtaak"),
    )
    total = models.PositiveIntegerField(_("te redigeren"), default=0)
    done = models.PositiveIntegerField(_("geredigeerd"), default=0)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("redactietaak")
        verbose_name_plural = _("redactietaken")

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.done}/{self.total}"

    @property
    def percentage(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0
