"""A background job: which function, with which arguments, where it runs and how it ended."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")
        CANCELLED = "cancelled", _("Geannuleerd")

    class Backend(models.TextChoices):
        EMBEDDED = "embedded", _("Ingebouwd (in het webproces)")
        RQ = "rq", _("RQ op Redis")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    func = models.CharField(_("functie"), max_length=200)
    args = models.JSONField(_("argumenten"), default=list, blank=True)
    backend = models.CharField(_("uitvoering"), max_length=10, choices=Backend.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # Who runs it: "host:pid" of the process, so a restart can tell its own jobs from a dead one's.
    owner = models.CharField(_("proces"), max_length=200, blank=True)
    # The job's id in the broker (RQ), to ask it what became of the job.
    external_id = models.CharField(_("id in de wachtrij"), max_length=100, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    started_at = models.DateTimeField(_("gestart"), null=True, blank=True)
    finished_at = models.DateTimeField(_("beëindigd"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "backend"])]
        verbose_name = _("achtergrondtaak")
        verbose_name_plural = _("achtergrondtaken")

    def __str__(self) -> str:
        return f"{self.func} #{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
