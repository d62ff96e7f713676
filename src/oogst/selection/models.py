"""The sign-up pool, the targets per group, the draws and who was drawn.

An applicant (aanmelder) is not yet a participant: only someone drawn and placed at a table
becomes a `participants.Participant`, so the key figures count the people who took part, not
everyone who signed up. Contact details live in their own table (`ApplicantContact`) so that
nothing that reads the pool, the draw or its audit needs them, and the retention rule can
delete them in one statement.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from oogst.participants.models import AGE_BANDS, Background, Consent, Education, Gender

# No 0/O, 1/I/L, as for the public site's codes: read aloud or copied, it must not be ambiguous.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"AANM-{chars[:4]}-{chars[4:]}"


class Recruitment(models.Model):
    """A programme's sign-up (werving): open or closed, and the rules of its draws."""

    programme = models.OneToOneField(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="recruitment",
        verbose_name=_("programma"),
    )
    is_open = models.BooleanField(_("aanmelden open"), default=True)
    intro = models.TextField(
        _("inleiding"),
        blank=True,
        help_text=_("Korte uitleg boven het aanmeldformulier, in eenvoudige taal (B1)."),
    )
    tolerance = models.PositiveSmallIntegerField(
        _("marge rond de doelen (%)"),
        default=10,
        help_text=_(
            "Hoeveel het aantal gelote mensen per groep van het doel mag afwijken, in procent "
            "van het doel (naar buiten afgerond)."
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("herinnering (dagen vooraf)"),
        default=2,
        help_text=_("Zoveel dagen voor de tafel krijgen de gelote deelnemers een herinnering."),
    )

    class Meta:
        verbose_name = _("werving")
        verbose_name_plural = _("wervingen")

    def __str__(self) -> str:
        return str(_("Werving van %(programme)s") % {"programme": self.programme})


class Applicant(models.Model):
    class Status(models.TextChoices):
        POOL = "pool", _("In de pool")
        SELECTED = "geloot", _("Geloot")
        RESERVE = "reserve", _("Reserve")
        CANCELLED = "afgemeld", _("Afgemeld na loting")
        WITHDRAWN = "ingetrokken", _("Aanmelding ingetrokken")

    class Source(models.TextChoices):
        SIGNUP = "aanmelding", _("Aanmeldformulier")
        IMPORT = "import", _("Geïmporteerd")
        DEMO = "demo", _("Demo")

    DRAWABLE = (Status.POOL, Status.RESERVE)

    programme = models.ForeignKey(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="applicants",
        verbose_name=_("programma"),
    )
    reference = models.CharField(
        _("referentiecode"), max_length=20, unique=True, default=new_reference
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.POOL, db_index=True
    )
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
        related_name="+",
        verbose_name=_("provincie"),
    )
    education = models.CharField(
        _("opleidingsniveau"), max_length=10, choices=Education.choices, default=Education.UNKNOWN
    )
    background = models.CharField(
        _("migratieachtergrond"),
        max_length=40,
        choices=Background.choices,
        default=Background.UNKNOWN,
    )
    preferred_theme = models.ForeignKey(
        "codebook.Theme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("voorkeursthema"),
    )
    preferred_region = models.ForeignKey(
        "directory.Province",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("voorkeursregio"),
    )
    available_tables = models.ManyToManyField(
        "programme.Table",
        blank=True,
        related_name="available_applicants",
        verbose_name=_("beschikbaar voor tafels"),
        help_text=_("Leeg: beschikbaar voor elke tafel."),
    )
    synthetic = models.BooleanField(
        _("synthetisch"), default=False, help_text=_("Geen echte persoon: demo of test.")
    )
    language = models.CharField(_("taal voor e-mail"), max_length=8, default="nl")
    source = models.CharField(
        _("herkomst"), max_length=12, choices=Source.choices, default=Source.SIGNUP
    )
    import_key = models.CharField(_("importsleutel"), max_length=120, blank=True)
    table = models.ForeignKey(
        "programme.Table",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drawn_applicants",
        verbose_name=_("tafel"),
    )
    draw = models.ForeignKey(
        "Draw",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drawn",
        verbose_name=_("loting"),
    )
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        verbose_name=_("vervangt"),
    )
    participant = models.OneToOneField(
        "participants.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
        verbose_name=_("deelnemer"),
    )
    invited_at = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("herinnerd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    ended_at = models.DateTimeField(_("afgemeld of ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "import_key"],
                condition=~models.Q(import_key=""),
                name="applicant_unique_import_key",
            )
        ]
        verbose_name = _("aanmelder")
        verbose_name_plural = _("aanmelders")

    def __str__(self) -> str:
        return self.reference

    @property
    def pool_id(self) -> str:
        """The pseudonymous id of this applicant in a draw and its audit file."""
        return f"A{self.pk}"


class ApplicantContact(models.Model):
    """How to reach an applicant: kept apart, deleted by the retention rule and on withdrawal."""

    applicant = models.OneToOneField(
        Applicant, on_delete=models.CASCADE, related_name="contact", verbose_name=_("aanmelder")
    )
    name = models.CharField(_("naam"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contactgegevens aanmelder")
        verbose_name_plural = _("contactgegevens aanmelders")

    def __str__(self) -> str:
        return str(_("Contactgegevens van %(ref)s") % {"ref": self.applicant.reference})


class ApplicantConsent(models.Model):
    """A consent decision as the participants app records them (a later record for the same
    purpose supersedes it); copied into `participants.Consent` when the applicant is drawn."""

    applicant = models.ForeignKey(
        Applicant, on_delete=models.CASCADE, related_name="consents", verbose_name=_("aanmelder")
    )
    purpose = models.CharField(_("doel"), max_length=20, choices=Consent.Purpose.choices)
    given = models.BooleanField(_("gegeven"))
    text_version = models.CharField(_("versie toestemmingstekst"), max_length=40)
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        ordering = ["applicant", "purpose", "-recorded_at", "-id"]
        verbose_name = _("toestemming aanmelder")
        verbose_name_plural = _("toestemmingen aanmelders")

    def __str__(self) -> str:
        return f"{self.applicant.reference}: {self.get_purpose_display()} = {self.given}"


class QuotaTarget(models.Model):
    """The share of the population one group has, which the draw aims for (afspiegeling)."""

    class Feature(models.TextChoices):
        AGE_BAND = "age_band", _("Leeftijd")
        GENDER = "gender", _("Gender")
        PROVINCE = "province", _("Provincie")
        EDUCATION = "education", _("Opleidingsniveau")
        BACKGROUND = "background", _("Migratieachtergrond")

    programme = models.ForeignKey(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="quota_targets",
        verbose_name=_("programma"),
    )
    feature = models.CharField(_("kenmerk"), max_length=20, choices=Feature.choices)
    value = models.CharField(_("groep"), max_length=60)
    share = models.DecimalField(_("aandeel (%)"), max_digits=5, decimal_places=2)
    source = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta:
        ordering = ["programme", "feature", "value"]
        unique_together = [("programme", "feature", "value")]
        verbose_name = _("doel per groep")
        verbose_name_plural = _("doelen per groep")

    def __str__(self) -> str:
        return f"{self.feature} = {self.value}: {self.share}%"


class Draw(models.Model):
    """One run of the draw: for one table, or for the programme as a whole."""

    class Status(models.TextChoices):
        QUEUED = "wachtrij", _("In de wachtrij")
        RUNNING = "bezig", _("Bezig")
        DONE = "klaar", _("Klaar")
        FAILED = "mislukt", _("Mislukt")

    class Algorithm(models.TextChoices):
        MAXIMIN = "maximin", _("Maximin (zo gelijk mogelijke kansen)")
        LEXIMIN = "leximin", _("Leximin (vraagt de solver Gurobi)")
        LEGACY = "legacy", _("Legacy (snel, voor grote pools)")

    programme = models.ForeignKey(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="draws",
        verbose_name=_("programma"),
    )
    number = models.PositiveIntegerField(_("nummer"))
    table = models.ForeignKey(
        "programme.Table",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="draws",
        verbose_name=_("tafel"),
        help_text=_("Leeg: één loting voor het hele programma; daarna over de tafels verdeeld."),
    )
    seats = models.PositiveIntegerField(_("plaatsen"))
    algorithm = models.CharField(
        _("algoritme"), max_length=10, choices=Algorithm.choices, default=Algorithm.MAXIMIN
    )
    requested_algorithm = models.CharField(_("gevraagd algoritme"), max_length=10, blank=True)
    seed = models.BigIntegerField(_("startgetal (seed)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    error = models.TextField(_("foutmelding"), blank=True)
    probability_method = models.CharField(_("kansen"), max_length=10, blank=True)
    pool_size = models.PositiveIntegerField(_("aanmelders in de pool"), default=0)
    seconds = models.FloatField(_("rekentijd (s)"), null=True, blank=True)
    audit = models.JSONField(_("auditbestand"), default=dict, blank=True)
    job = models.ForeignKey(
        "tasks.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gestart door"),
    )
    created_at = models.DateTimeField(_("gestart op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "-number"]
        unique_together = [("programme", "number")]
        verbose_name = _("loting")
        verbose_name_plural = _("lotingen")

    def __str__(self) -> str:
        return str(_("Loting %(n)d") % {"n": self.number})

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class DrawEntry(models.Model):
    """One applicant in one draw: their chance, and whether they were drawn."""

    draw = models.ForeignKey(
        Draw, on_delete=models.CASCADE, related_name="entries", verbose_name=_("loting")
    )
    applicant = models.ForeignKey(
        Applicant,
        on_delete=models.CASCADE,
        related_name="draw_entries",
        verbose_name=_("aanmelder"),
    )
    probability = models.FloatField(_("kans om geloot te worden"))
    selected = models.BooleanField(_("geloot"))

    class Meta:
        ordering = ["draw", "-selected", "-probability", "applicant_id"]
        unique_together = [("draw", "applicant")]
        verbose_name = _("deelname aan loting")
        verbose_name_plural = _("deelnames aan lotingen")

    def __str__(self) -> str:
        return f"{self.draw}: {self.applicant} ({self.probability:.3f})"


class TableVenue(models.Model):
    """Where a table meets, as the invitation says it (the table itself knows its municipality)."""

    table = models.OneToOneField(
        "programme.Table",
        on_delete=models.CASCADE,
        related_name="venue",
        verbose_name=_("tafel"),
    )
    address = models.CharField(
        _("adres"), max_length=300, blank=True, help_text=_("Of de link voor een online tafel.")
    )
    directions = models.TextField(_("aanwijzingen"), blank=True)

    class Meta:
        verbose_name = _("locatie van een tafel")
        verbose_name_plural = _("locaties van tafels")

    def __str__(self) -> str:
        return self.address or str(self.table)
