"""An insight (inzicht) and what stands behind it: evidence links (never typed text), its
versions, its links to ministries and recovery tasks, the liaisons' comments, and the links
the analysis suggests and a person accepts or rejects.

Every change goes through `oogst.insights.services`, which records a version; the models
hold the data and its invariants only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Insight(models.Model):
    class Type(models.TextChoices):
        CHALLENGE = "challenge", _("Uitdaging")
        OPPORTUNITY = "opportunity", _("Kans")
        DILEMMA = "dilemma", _("Dilemma")
        BLIND_SPOT = "blind_spot", _("Witte vlek")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        DISCUSSED = "discussed", _("Besproken")
        FINAL = "final", _("Definitief")

    programme = models.ForeignKey(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="insights",
        verbose_name=_("programma"),
    )
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("toelichting"), blank=True)
    type = models.CharField(_("soort"), max_length=12, choices=Type.choices, default=Type.CHALLENGE)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # A broad insight holds narrower ones; its evidence includes theirs.
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("breder inzicht"),
    )
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        ordering = ["programme", "order", "pk"]
        indexes = [models.Index(fields=["programme", "status"])]
        verbose_name = _("inzicht")
        verbose_name_plural = _("inzichten")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("insights:detail", args=[self.programme.slug, self.pk])

    def clean(self) -> None:
        if not self.title or not self.title.strip():
            raise ValidationError({"title": _("Een inzicht heeft een titel nodig.")})
        if self.parent_id is None:
            return
        if self.parent.programme_id != self.programme_id:
            raise ValidationError(
                {"parent": _("Het bredere inzicht hoort bij een ander programma.")}
            )
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": _("Een inzicht kan niet onder zichzelf hangen.")})
            node = node.parent

    def snapshot(self) -> dict:
        """The insight's own fields as a version records them (evidence and links are
        recorded by the service that changes them)."""
        return {
            "title": self.title,
            "text": self.text,
            "type": self.type,
            "status": self.status,
            "parent": self.parent_id,
        }


class InsightVersion(models.Model):
    """One entry in an insight's history: who changed what, when, and the insight after it."""

    class Action(models.TextChoices):
        CREATED = "created", _("Aangemaakt")
        CHANGED = "changed", _("Gewijzigd")
        EVIDENCE_ADDED = "evidence_added", _("Onderbouwing toegevoegd")
        EVIDENCE_REMOVED = "evidence_removed", _("Onderbouwing verwijderd")
        MAPPING = "mapping", _("Koppeling met ministerie of herstelopgave")
        IMPORTED = "imported", _("Geïmporteerd")

    insight = models.ForeignKey(
        Insight, on_delete=models.CASCADE, related_name="versions", verbose_name=_("inzicht")
    )
    number = models.PositiveIntegerField(_("versie"))
    action = models.CharField(_("actie"), max_length=20, choices=Action.choices)
    # The fields of `Insight.snapshot` that changed, by name.
    changed_fields = models.JSONField(_("gewijzigde velden"), default=list, blank=True)
    # What else changed, e.g. {"evidence": [{"kind": "contribution", "id": 12}]} or
    # {"ministry": "VWS", "state": "accepted"}.
    detail = models.JSONField(_("toelichting"), default=dict, blank=True)
    snapshot = models.JSONField(_("inhoud na wijziging"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("door"),
    )
    changed_at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        ordering = ["insight", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["insight", "number"], name="insight_version_unique"),
        ]
        verbose_name = _("versie van een inzicht")
        verbose_name_plural = _("versies van inzichten")

    def __str__(self) -> str:
        return f"{self.insight} v{self.number}: {self.get_action_display()}"


class Evidence(models.Model):
    """A link from an insight to what backs it. Exactly one target per kind:

    * contribution — one contribution;
    * quote — one contribution chosen to be quoted for the insight;
    * finding — a cluster of a named analysis run (its members are the run's suggestions
      with that cluster number);
    * theme — a theme of the codebook (the contributions a person coded to it).
    """

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("Bijdrage")
        QUOTE = "quote", _("Citaat")
        FINDING = "finding", _("Bevinding")
        THEME = "theme", _("Thema")

    insight = models.ForeignKey(
        Insight, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("inzicht")
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    # A participant's erasure removes their contributions, and with them the links.
    contribution = models.ForeignKey(
        "harvest.Contribution",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="insight_evidence",
        verbose_name=_("bijdrage"),
    )
    # A run or theme that backs an insight cannot be deleted on its own (only together with
    # its programme): the insight would lose its trace without anyone noticing.
    run = models.ForeignKey(
        "analyses.AnalysisRun",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="insight_evidence",
        verbose_name=_("analyserun"),
    )
    cluster = models.IntegerField(_("cluster"), null=True, blank=True)
    theme = models.ForeignKey(
        "codebook.Theme",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="insight_evidence",
        verbose_name=_("thema"),
    )
    note = models.TextField(_("waarom"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("toegevoegd door"),
    )
    added_at = models.DateTimeField(_("toegevoegd"), auto_now_add=True)

    class Meta:
        ordering = ["insight", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=["contribution", "quote"],
                        contribution__isnull=False,
                        run__isnull=True,
                        cluster__isnull=True,
                        theme__isnull=True,
                    )
                    | Q(
                        kind="finding",
                        contribution__isnull=True,
                        run__isnull=False,
                        cluster__isnull=False,
                        theme__isnull=True,
                    )
                    | Q(
                        kind="theme",
                        contribution__isnull=True,
                        run__isnull=True,
                        cluster__isnull=True,
                        theme__isnull=False,
                    )
                ),
                name="evidence_one_target_per_kind",
            ),
            models.UniqueConstraint(
                fields=["insight", "kind", "contribution"],
                condition=Q(contribution__isnull=False),
                name="evidence_unique_contribution",
            ),
            models.UniqueConstraint(
                fields=["insight", "run", "cluster"],
                condition=Q(run__isnull=False),
                name="evidence_unique_finding",
            ),
            models.UniqueConstraint(
                fields=["insight", "theme"],
                condition=Q(theme__isnull=False),
                name="evidence_unique_theme",
            ),
        ]
        indexes = [models.Index(fields=["run", "cluster"])]
        verbose_name = _("onderbouwing")
        verbose_name_plural = _("onderbouwingen")

    def __str__(self) -> str:
        if self.kind == self.Kind.FINDING:
            return f"{self.insight} ← {self.run} #{self.cluster}"
        target = self.theme if self.kind == self.Kind.THEME else self.contribution_id
        return f"{self.insight} ← {self.get_kind_display()} {target}"

    def clean(self) -> None:
        programme_id = self.insight.programme_id
        target = self.contribution or self.run or self.theme
        if target is not None and target.programme_id != programme_id:
            raise ValidationError(_("De onderbouwing hoort bij een ander programma."))


class LinkState(models.TextChoices):
    """A link the system proposes stays a proposal until a person accepts or rejects it."""

    PROPOSED = "proposed", _("Voorstel")
    ACCEPTED = "accepted", _("Vastgesteld")
    REJECTED = "rejected", _("Afgewezen")


class LinkSource(models.TextChoices):
    PERSON = "person", _("Door een persoon")
    THEME = "theme", _("Via de thema's van de onderbouwing")
    SIMILARITY = "similarity", _("Via tekstgelijkenis")


class PolicyLink(models.Model):
    """What a link to a ministry and a link to a recovery task share."""

    state = models.CharField(
        _("status"), max_length=10, choices=LinkState.choices, default=LinkState.PROPOSED
    )
    source = models.CharField(
        _("herkomst"), max_length=12, choices=LinkSource.choices, default=LinkSource.PERSON
    )
    # Why it was proposed: {"themes": ["zorg"]} or {"similarity": 0.61, "embedder": "..."}.
    reason = models.JSONField(_("reden"), default=dict, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_accepted(self) -> bool:
        return self.state == LinkState.ACCEPTED


class MinistryLink(PolicyLink):
    insight = models.ForeignKey(
        Insight, on_delete=models.CASCADE, related_name="ministry_links", verbose_name=_("inzicht")
    )
    ministry = models.ForeignKey(
        "directory.Ministry",
        on_delete=models.PROTECT,
        related_name="insight_links",
        verbose_name=_("ministerie"),
    )

    class Meta:
        ordering = ["insight", "ministry"]
        constraints = [
            models.UniqueConstraint(fields=["insight", "ministry"], name="ministry_link_unique"),
        ]
        indexes = [models.Index(fields=["ministry", "state"])]
        verbose_name = _("koppeling met een ministerie")
        verbose_name_plural = _("koppelingen met ministeries")

    def __str__(self) -> str:
        return f"{self.insight} × {self.ministry.code} ({self.state})"


class RecoveryTaskLink(PolicyLink):
    insight = models.ForeignKey(
        Insight,
        on_delete=models.CASCADE,
        related_name="recovery_task_links",
        verbose_name=_("inzicht"),
    )
    recovery_task = models.ForeignKey(
        "codebook.RecoveryTask",
        on_delete=models.CASCADE,
        related_name="insight_links",
        verbose_name=_("herstelopgave"),
    )

    class Meta:
        ordering = ["insight", "recovery_task"]
        constraints = [
            models.UniqueConstraint(
                fields=["insight", "recovery_task"], name="recovery_task_link_unique"
            ),
        ]
        indexes = [models.Index(fields=["recovery_task", "state"])]
        verbose_name = _("koppeling met een herstelopgave")
        verbose_name_plural = _("koppelingen met herstelopgaven")

    def __str__(self) -> str:
        return f"{self.insight} × {self.recovery_task} ({self.state})"

    def clean(self) -> None:
        if self.recovery_task.programme_id != self.insight.programme_id:
            raise ValidationError(_("De herstelopgave hoort bij een ander programma."))


class LiaisonComment(models.Model):
    """A ministry liaison's response to an insight, on behalf of their ministry."""

    insight = models.ForeignKey(
        Insight, on_delete=models.CASCADE, related_name="comments", verbose_name=_("inzicht")
    )
    ministry = models.ForeignKey(
        "directory.Ministry",
        on_delete=models.PROTECT,
        related_name="insight_comments",
        verbose_name=_("ministerie"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="insight_comments",
        verbose_name=_("door"),
    )
    text = models.TextField(_("reactie"))
    created_at = models.DateTimeField(_("geplaatst"), auto_now_add=True)

    class Meta:
        ordering = ["insight", "created_at", "pk"]
        verbose_name = _("reactie van een ministerie")
        verbose_name_plural = _("reacties van ministeries")

    def __str__(self) -> str:
        return f"{self.ministry.code} on {self.insight}: {self.text[:60]}"


class EvidenceSuggestion(models.Model):
    """A contribution the analysis found similar to an insight and not yet linked: a person
    accepts (it becomes evidence) or rejects (it is not suggested again)."""

    class State(models.TextChoices):
        OPEN = "open", _("Nog te beoordelen")
        ACCEPTED = "accepted", _("Geaccepteerd")
        REJECTED = "rejected", _("Afgewezen")

    insight = models.ForeignKey(
        Insight,
        on_delete=models.CASCADE,
        related_name="evidence_suggestions",
        verbose_name=_("inzicht"),
    )
    contribution = models.ForeignKey(
        "harvest.Contribution",
        on_delete=models.CASCADE,
        related_name="insight_suggestions",
        verbose_name=_("bijdrage"),
    )
    score = models.FloatField(_("gelijkenis"))
    embedder = models.CharField(_("embedder"), max_length=120, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        ordering = ["insight", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["insight", "contribution"], name="evidence_suggestion_unique"
            ),
        ]
        indexes = [models.Index(fields=["insight", "state"])]
        verbose_name = _("voorgestelde onderbouwing")
        verbose_name_plural = _("voorgestelde onderbouwingen")

    def __str__(self) -> str:
        return f"{self.insight} ? {self.contribution_id} ({self.score:.2f}, {self.state})"
