from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "oogst.selection"
    verbose_name = _("Aanmelden en loting")

    def ready(self) -> None:
        from oogst.safeguards import services as safeguards

        from .services import retention

        # The retention rule and the right to erasure reach the sign-up pool too.
        safeguards.PURGE_STEPS.append(retention.purge_applicants)
        safeguards.ERASE_STEPS.append(retention.erase_application)
