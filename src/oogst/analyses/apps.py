from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysesConfig(AppConfig):
    name = "oogst.analyses"
    verbose_name = _("Analyses")

    def ready(self) -> None:
        from oogst.tasks.runner import job_failed

        from .services import fail_runs_of_failed_job

        job_failed.connect(fail_runs_of_failed_job, dispatch_uid="oogst.analyses.job_failed")
