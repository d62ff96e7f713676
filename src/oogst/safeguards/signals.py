"""Contributions arrive through many channels (forms, imports, the API, the public site), so
the redaction is kept current from one hook on save; the work itself is in services."""

import logging

from django.db.models.signals import post_save
from django.dispatch import receiver

from oogst.harvest.models import Contribution

from .services import refresh_redaction

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Contribution, dispatch_uid="safeguards.redact_contribution")
def redact_saved_contribution(sender, instance: Contribution, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: fixtures are rebuilt with `oogst redactions`
        return
    try:
        refresh_redaction(instance)
    except Exception:
        # Saving what someone typed must not fail because of the redactor; without a stored
        # redaction the contribution is redacted on the fly or withheld, never shown raw.
        logger.exception("could not redact contribution %s", instance.pk)
