"""The targets per group: copied from the shipped CBS shares, then edited by the team."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import QuotaTarget
from ..population import load_population


def copy_population_targets(programme) -> int:
    """Set every group the shipped CBS file covers to its population share, with the source."""
    n = 0
    with transaction.atomic():
        for item in load_population():
            QuotaTarget.objects.update_or_create(
                programme=programme,
                feature=item.feature,
                value=item.value,
                defaults={
                    "share": Decimal(str(item.share)),
                    "source": (
                        f"{item.source_table}, {item.period} ({item.population})"
                        + (f"; {item.note}" if item.note else "")
                    )[:300],
                },
            )
            n += 1
    return n


def _share(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ".").strip())
    except InvalidOperation:
        return None
    return value if Decimal(0) <= value <= Decimal(100) else None


def save_targets(programme, data) -> list[str]:
    """Apply the edit form: change or delete existing targets, add one. Nothing is saved when
    anything is wrong; the errors say which group and why."""
    errors: list[str] = []
    changes, deletions = [], []
    for target in QuotaTarget.objects.filter(programme=programme):
        if data.get(f"delete-{target.pk}"):
            deletions.append(target.pk)
            continue
        raw = data.get(f"share-{target.pk}")
        if raw is None:
            continue
        share = _share(raw)
        if share is None:
            errors.append(
                _("%(group)s: het aandeel moet een getal van 0 tot 100 zijn.")
                % {"group": f"{target.get_feature_display()} = {target.value}"}
            )
            continue
        target.share = share
        target.source = (data.get(f"source-{target.pk}") or "").strip()[:300]
        changes.append(target)
    new_value = (data.get("new-value") or "").strip()
    new = None
    if new_value:
        feature = data.get("new-feature")
        share = _share(data.get("new-share") or "")
        if feature not in QuotaTarget.Feature.values:
            errors.append(_("Nieuwe groep: kies een kenmerk."))
        elif share is None:
            errors.append(_("Nieuwe groep: het aandeel moet een getal van 0 tot 100 zijn."))
        else:
            new = QuotaTarget(
                programme=programme,
                feature=feature,
                value=new_value[:60],
                share=share,
                source=(data.get("new-source") or _("programmateam")).strip()[:300],
            )
    totals: dict[str, Decimal] = {}
    for target in [*changes, *([new] if new else [])]:
        totals[target.feature] = totals.get(target.feature, Decimal(0)) + target.share
    for feature, total in totals.items():
        if total > Decimal("100.5"):
            errors.append(
                _("%(feature)s: de aandelen tellen op tot %(total)s%%, meer dan 100%%.")
                % {"feature": dict(QuotaTarget.Feature.choices)[feature], "total": total}
            )
    if errors:
        return errors
    with transaction.atomic():
        QuotaTarget.objects.filter(pk__in=deletions).delete()
        for target in changes:
            target.save(update_fields=["share", "source"])
        if new is not None:
            QuotaTarget.objects.update_or_create(
                programme=programme,
                feature=new.feature,
                value=new.value,
                defaults={"share": new.share, "source": new.source},
            )
    return []
