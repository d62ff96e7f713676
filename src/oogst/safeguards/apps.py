from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafeguardsConfig(AppConfig):
    name = "oogst.safeguards"
    verbose_name = _("Privacywaarborgen")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the contribution hook)
