"""What the privacy app does with contributions as they are recorded. The recording action
(`oogst.harvest.actions.record_contributions`) calls these steps in order, in its transaction:
one audit line per recording, then the redaction — at once for a few contributions, by a
background job for a bulk import (see `jobs`).

Handed to the action when Django starts (`SafeguardsConfig.ready`), because this app sits
above `harvest`: the action cannot import it.
"""

from __future__ import annotations

import logging

from oogst.harvest.models import Channel, Contribution

from .models import AuditEntry, RedactedText
from .selectors import policy_for, stored_redaction
from .services import automatic_redaction, record, refresh_redaction

logger = logging.getLogger(__name__)


def audit(programme, *, actor, channel: str, added: int, source: str) -> None:
    """One line: who recorded how many contributions, through which channel (a count, never
    the text)."""
    record(
        AuditEntry.Action.RECORD,
        actor=actor,
        actor_label="" if actor else _who(channel),
        programme=programme,
        obj=programme,
        channel=channel,
        contributions=added,
        source=source,
    )


def _who(channel: str) -> str:
    return "bezoeker van de publieke site" if channel == Channel.PUBLIC else "systeem"


def redact_now(programme, contribution_ids: list[int]) -> None:
    """Store the redaction of these contributions: new ones get one, changed ones a new one
    (back to the review queue)."""
    if not contribution_ids:
        return
    policy = policy_for(programme)
    new = []
    for contribution in Contribution.objects.filter(pk__in=contribution_ids).select_related(
        "redaction"
    ):
        try:
            if stored_redaction(contribution) is None:
                new.append(
                    RedactedText(
                        contribution=contribution, **automatic_redaction(policy, contribution.text)
                    )
                )
            else:
                refresh_redaction(contribution, policy=policy)
        except Exception:
            # Recording what someone said must not fail because of the redactor; without a
            # stored redaction a contribution is redacted on the fly or withheld, never shown
            # raw, and `oogst redactions` (or the privacy page's button) tries again.
            logger.exception("could not redact contribution %s", contribution.pk)
    RedactedText.objects.bulk_create(new, ignore_conflicts=True)


def redact_later(programme) -> None:
    from .jobs import schedule_redaction

    schedule_redaction(programme)
