"""Writing to the codebook: every save leaves a trace in its history."""

from __future__ import annotations

from django.db import transaction

from .models import Theme, ThemeChange


@transaction.atomic
def save_theme(theme: Theme, *, by=None) -> Theme:
    """Validate and save a theme, and record what changed (nothing is recorded if nothing did)."""
    created = theme.pk is None
    theme.full_clean()
    theme.save()
    snapshot = theme.snapshot()
    last = theme.changes.first()
    if created or last is None:
        action = ThemeChange.Action.CREATED
    elif last.snapshot == snapshot:
        return theme
    elif (
        snapshot["status"] == Theme.Status.RETIRED
        and last.snapshot.get("status") != Theme.Status.RETIRED
    ):
        action = ThemeChange.Action.RETIRED
    else:
        action = ThemeChange.Action.CHANGED
    ThemeChange.objects.create(theme=theme, action=action, snapshot=snapshot, changed_by=by)
    return theme
