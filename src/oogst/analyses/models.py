"""An analysis run — what went in, with which settings, and what came out — and the
suggestions it made per contribution, which analysts accept, change or reject."""

from django.conf import settings as django_settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The embedders in words: one name on the start form, the run list and the run page.
EMBEDDER_NAMES = {
    "use": _("Meertalig zinsmodel (USE)"),
    "lexical": _("Lexicaal (TF-IDF)"),
}
SENTENCE_TRANSFORMERS_MODEL = "st:paraphrase-multilingual-MiniLM-L12-v2"


def embedder_in_words(requested: str) -> str:
    """The embedder a run asked for (its settings' `embedder`), in words."""
    if requested in EMBEDDER_NAMES:
        return str(EMBEDDER_NAMES[requested])
    if requested.startswith("st:"):
        return _("Sentence-transformers %(model)s") % {"model": requested[3:]}
    return requested


class AnalysisRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")
        CANCELLED = "cancelled", _("Geannuleerd")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    programme = models.ForeignKey(
        "programme.Programme",
        on_delete=models.CASCADE,
        related_name="analysis_runs",
        verbose_name=_("programma"),
    )
    number = models.PositiveIntegerField(_("nummer"))
    title = models.CharField(_("naam"), max_length=200, blank=True)
    # What the analyst chose: {"tables": [pk], "kinds": [...], "channels": [...],
    # "themes": [slug], "date_from": "2026-01-01", "date_to": ...}; empty means everything.
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    # oogst.analysis Settings fields: embedder, seed, n_clusters, n_quotes, n_suggestions.
    settings = models.JSONField(_("instellingen"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    step = models.CharField(_("stap"), max_length=20, blank=True)
    step_done = models.PositiveIntegerField(_("gedaan"), default=0)
    step_total = models.PositiveIntegerField(_("totaal"), default=0)
    percentage = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    cancel_requested = models.BooleanField(_("annuleren gevraagd"), default=False)
    error = models.TextField(_("foutmelding"), blank=True)
    n_contributions = models.PositiveIntegerField(_("bijdragen"), null=True, blank=True)
    # sha256 of the exact contribution ids and texts and the codebook that went in.
    input_sha256 = models.CharField(_("invoer-hash"), max_length=64, blank=True)
    codebook_sha256 = models.CharField(_("codeboek-hash"), max_length=64, blank=True)
    library_version = models.CharField(_("versie analysebibliotheek"), max_length=20, blank=True)
    embedder = models.CharField(_("embedder"), max_length=120, blank=True)
    seconds = models.FloatField(_("rekentijd (s)"), null=True, blank=True)
    # analysis.json without the per-contribution list (that is in `suggestions`, and in the
    # file): run, clusters, themes, emerging, blind_spots, label_next.
    summary = models.JSONField(_("resultaat"), null=True, blank=True)
    # Folder under MEDIA_ROOT with analysis.json and report.html; written once, never again.
    result_dir = models.CharField(_("map met resultaten"), max_length=200, blank=True)
    job = models.ForeignKey(
        "tasks.Job",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("achtergrondtaak"),
    )
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gestart door"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    started_at = models.DateTimeField(_("gestart"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="analysis_run_unique_number"
            ),
        ]
        verbose_name = _("analyserun")
        verbose_name_plural = _("analyseruns")

    def __str__(self) -> str:
        label = _("Analyse %(number)s") % {"number": self.number}
        return f"{label} · {self.title}" if self.title else str(label)

    def get_absolute_url(self) -> str:
        return reverse("analyses:run", args=[self.pk])

    @property
    def embedder_name(self) -> str:
        """The embedder the run asked for (the start form's choice, kept in `settings`), in
        words; the same for a run that never got to embed. The library's exact name
        (`embedder`, e.g. "use-multilingual-v3") stays beside it on the run page."""
        return embedder_in_words((self.settings or {}).get("embedder") or self.embedder)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE


class Suggestion(models.Model):
    """What one run suggested for one contribution, and what an analyst decided about it.

    The accepted label itself is a ThemeAssignment(source=person); this row keeps the
    suggestion as it was, so a run stays readable after the codes move on.
    """

    class Review(models.TextChoices):
        OPEN = "open", _("Nog te beoordelen")
        ACCEPTED = "accepted", _("Geaccepteerd")
        CHANGED = "changed", _("Gewijzigd")
        REJECTED = "rejected", _("Afgewezen")
        # The analyst decided that no theme of the codebook fits: a decision, not a gap, so
        # the next run does not ask again (like a rejection, but for every theme).
        NO_THEME = "no_theme", _("Geen passend thema")
        # The contribution had an analyst's own codes when the run was stored: they stand.
        CODED = "already_coded", _("Al gecodeerd")

    run = models.ForeignKey(
        AnalysisRun,
        on_delete=models.CASCADE,
        related_name="suggestions",
        verbose_name=_("analyserun"),
    )
    contribution = models.ForeignKey(
        "harvest.Contribution",
        on_delete=models.CASCADE,
        related_name="analysis_suggestions",
        verbose_name=_("bijdrage"),
    )
    theme = models.CharField(
        _("thema"),
        max_length=80,
        blank=True,
        help_text=_("Code van het best passende thema; leeg: geen thema."),
    )
    themes = models.JSONField(_("thema's met score"), default=list, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    # Distance between the two best theme scores: small means the coder hesitated.
    margin = models.FloatField(_("marge"), null=True, blank=True)
    kind = models.CharField(_("soort"), max_length=10, blank=True)
    cluster = models.IntegerField(_("cluster"), null=True, blank=True)
    review = models.CharField(
        _("beoordeling"), max_length=20, choices=Review.choices, default=Review.OPEN
    )
    reviewed_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)

    class Meta:
        ordering = ["run", "contribution_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "contribution"], name="suggestion_unique_per_run"
            ),
        ]
        indexes = [models.Index(fields=["run", "review"]), models.Index(fields=["run", "theme"])]
        verbose_name = _("suggestie")
        verbose_name_plural = _("suggesties")

    def __str__(self) -> str:
        return f"{self.run} · {self.contribution_id} → {self.theme or '-'}"
