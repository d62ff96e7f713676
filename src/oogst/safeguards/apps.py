from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafeguardsConfig(AppConfig):
    name = "oogst.safeguards"
    verbose_name = _("Privacywaarborgen")

    def ready(self) -> None:
        from oogst.harvest.actions import use_safeguards

        from . import intake

        # Recording a contribution writes its audit line and redaction through these steps.
        use_safeguards(intake)
