from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "oogst.tasks"
    verbose_name = _("Achtergrondtaken")

    def ready(self) -> None:
        from django.core.signals import request_started

        from .runner import recover_once

        # The first request of a fresh process finds the jobs its predecessor left behind.
        request_started.connect(recover_once, dispatch_uid="oogst.tasks.recover_once")
