"""What the products stand on besides insights: the raters' afwegingskader scores, the
scenarios for a dilemma, the B1 summary, and the record of every product made (with its
provenance). Every write goes through `oogst.products.services`."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SCALE = [(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")]
ON_SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Rating(models.Model):
    """One rater's afwegingskader score for one change: an insight, or a finding (a cluster of
    a named analysis run) while there are no insights."""

    programme = models.ForeignKey(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="framework_ratings",
        verbose_name=_("programma"),
    )
    insight = models.ForeignKey(
        "insights.Insight",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="framework_ratings",
        verbose_name=_("inzicht"),
    )
    run = models.ForeignKey(
        "analyses.AnalysisRun",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="framework_ratings",
        verbose_name=_("analyserun"),
    )
    cluster = models.IntegerField(_("bevinding"), null=True, blank=True)
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="framework_ratings",
        verbose_name=_("beoordelaar"),
    )
    # 1 very undesired ... 5 very desired; 1 clearly temporary ... 5 clearly lasting.
    desirability = models.PositiveSmallIntegerField(
        _("gewenst"), choices=SCALE, validators=ON_SCALE
    )
    permanence = models.PositiveSmallIntegerField(_("blijvend"), choices=SCALE, validators=ON_SCALE)
    reason = models.CharField(_("korte motivering"), max_length=500)
    created_at = models.DateTimeField(_("gescoord"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        ordering = ["programme", "insight", "run", "cluster", "rater"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(insight__isnull=False, run__isnull=True, cluster__isnull=True)
                    | Q(insight__isnull=True, run__isnull=False, cluster__isnull=False)
                ),
                name="rating_one_target",
            ),
            models.CheckConstraint(
                condition=Q(desirability__gte=1, desirability__lte=5)
                & Q(permanence__gte=1, permanence__lte=5),
                name="rating_on_scale",
            ),
            models.UniqueConstraint(
                fields=["rater", "insight"],
                condition=Q(insight__isnull=False),
                name="rating_once_per_insight",
            ),
            models.UniqueConstraint(
                fields=["rater", "run", "cluster"],
                condition=Q(run__isnull=False),
                name="rating_once_per_finding",
            ),
        ]
        verbose_name = _("score in het afwegingskader")
        verbose_name_plural = _("scores in het afwegingskader")

    def __str__(self) -> str:
        return f"{self.item_key} · {self.rater}: {self.desirability}/{self.permanence}"

    @property
    def item_key(self) -> str:
        if self.insight_id:
            return f"insight-{self.insight_id}"
        return f"finding-{self.run_id}-{self.cluster}"


class Scenario(models.Model):
    """What happens if we choose this way in a dilemma; an analyst writes two to four per
    dilemma insight, each linked to the contributions it rests on."""

    insight = models.ForeignKey(
        "insights.Insight",
        on_delete=models.CASCADE,
        related_name="scenarios",
        verbose_name=_("dilemma"),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("als we kiezen voor"), max_length=200)
    text = models.TextField(_("wat er dan gebeurt"))
    evidence = models.ManyToManyField(
        "harvest.Contribution",
        related_name="scenarios",
        verbose_name=_("onderbouwing"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("geschreven door"),
    )
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        ordering = ["insight", "order", "pk"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenario's")

    def __str__(self) -> str:
        return self.title


class PlainSummary(models.Model):
    """The programme's summary in plain language (B1), written by an analyst."""

    programme = models.OneToOneField(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="plain_summary",
        verbose_name=_("programma"),
    )
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("tekst"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("bijgewerkt door"),
    )
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    class Meta:
        verbose_name = _("samenvatting in eenvoudige taal (B1)")
        verbose_name_plural = _("samenvattingen in eenvoudige taal (B1)")

    def __str__(self) -> str:
        return self.title


class Product(models.Model):
    """One product made (or being made): what, from which state, when, by whom, and the files.

    `provenance` holds what the product was made from: the analysis run, each insight's
    version, every quote's reference (contribution, table, role), what was withheld and why,
    what was missing, and `state_sha256`, the same for two products made from the same state.
    """

    class Kind(models.TextChoices):
        MEMO = "memo", _("Tussenproduct (memo, Word)")
        FINAL = "final", _("Eindproduct (agenda, PDF)")
        VISUALS = "visuals", _("Themavisuals (PNG en SVG)")
        KEYFIGURES = "keyfigures", _("Kerncijfers (PNG en SVG)")
        B1 = "b1", _("Samenvatting in eenvoudige taal (B1)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Wordt gemaakt")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    programme = models.ForeignKey(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="products",
        verbose_name=_("programma"),
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    language = models.CharField(_("taal"), max_length=8, default="nl")
    since_date = models.DateField(_("nieuw sinds datum"), null=True, blank=True)
    since_run = models.ForeignKey(
        "analyses.AnalysisRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("nieuw sinds analyse"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    job = models.ForeignKey(
        "tasks.Job",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("achtergrondtaak"),
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gemaakt door"),
    )
    requested_at = models.DateTimeField(_("aangevraagd"), auto_now_add=True)
    made_at = models.DateTimeField(_("gemaakt op"), null=True, blank=True)
    provenance = models.JSONField(_("herkomst"), default=dict, blank=True)
    files = models.JSONField(_("bestanden"), default=list, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)

    class Meta:
        ordering = ["programme", "-requested_at", "-pk"]
        verbose_name = _("product")
        verbose_name_plural = _("producten")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.programme} · {self.made_at or self.requested_at}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
