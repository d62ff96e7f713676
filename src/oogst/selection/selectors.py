"""Reading the sign-up pool: counts per group against the targets, a draw's quota fit and its
probabilities, and what an invitation says about a table."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from oogst.participants.models import ContactDetails

from . import draw as lottery
from .models import Applicant, ApplicantContact, Draw, QuotaTarget
from .population import load_population

FEATURE_LABELS = dict(QuotaTarget.Feature.choices)


def status_counts(programme) -> dict[str, int]:
    rows = programme.applicants.values("status").annotate(n=Count("id"))
    counts = {status: 0 for status, _label in Applicant.Status.choices}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


@dataclass
class TargetRow:
    feature: str
    feature_label: str
    value: str
    share: float | None
    source: str
    pool: int
    pool_share: float


def target_rows(programme) -> list[TargetRow]:
    """Every group: its target share, and how many in the pool (in the pool or reserve) have it."""
    from .services.draws import drawable, pool_row

    rows = [pool_row(a) for a in drawable(programme)]
    total = len(rows) or 1
    targets = {(t.feature, t.value): t for t in QuotaTarget.objects.filter(programme=programme)}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        for feature in lottery.FEATURES:
            key = (feature, row[feature])
            seen[key] = seen.get(key, 0) + 1
    keys = sorted(set(targets) | set(seen), key=lambda k: (lottery.FEATURES.index(k[0]), k[1]))
    result = []
    for feature, value in keys:
        target = targets.get((feature, value))
        result.append(
            TargetRow(
                feature=feature,
                feature_label=str(FEATURE_LABELS.get(feature, feature)),
                value=value,
                share=float(target.share) if target else None,
                source=target.source if target else "",
                pool=seen.get((feature, value), 0),
                pool_share=round(100 * seen.get((feature, value), 0) / total, 1),
            )
        )
    return result


def draw_fit(draw: Draw) -> list[dict]:
    """Target against drawn per group, from the draw's audit (as it was at the draw)."""
    fit = (draw.audit or {}).get("result", {}).get("fit", [])
    return [
        {**group, "feature_label": str(FEATURE_LABELS.get(group["feature"], group["feature"]))}
        for group in fit
    ]


def probability_spread(draw: Draw) -> dict[str, float]:
    values = sorted(draw.entries.values_list("probability", flat=True))
    if not values:
        return {}
    return {
        "min": values[0],
        "median": values[len(values) // 2],
        "max": values[-1],
        "mean": sum(values) / len(values),
    }


def contact_of(applicant: Applicant) -> tuple[str, str]:
    """(name, e-mail) wherever it is kept now: with the application, or with the participant
    once drawn; empty when it has been deleted."""
    if applicant.participant_id:
        contact = ContactDetails.objects.filter(participant_id=applicant.participant_id).first()
    else:
        contact = ApplicantContact.objects.filter(applicant=applicant).first()
    return (contact.name, contact.email) if contact else ("", "")


def place_of(table) -> str:
    venue = getattr(table, "venue", None)
    parts = [venue.address] if venue and venue.address else []
    if table.mode == table.Mode.ONLINE:
        parts.append(_("online"))
    elif table.municipality:
        parts.append(table.municipality.name)
    return ", ".join(parts) or _("wordt nog bekendgemaakt")


def population_sources() -> list:
    return list(load_population())
