"""The draw in the web app: start it as a background job, store its result and audit, place the
drawn at tables (they become participants), and give a cancelled seat to a reserve while the
quotas hold."""

from __future__ import annotations

import random

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from oogst.participants.models import ContactDetails, Participant
from oogst.programme.models import Table
from oogst.safeguards.services import withdraw_participant
from oogst.tasks.runner import enqueue

from .. import draw as lottery
from ..models import Applicant, ApplicantContact, Draw, DrawEntry, QuotaTarget
from .signup import copy_consents


def drawable(programme, table: Table | None = None):
    """Who may be drawn: in the pool or on the reserve list, and free for `table` (an empty
    availability means any table)."""
    applicants = programme.applicants.filter(status__in=Applicant.DRAWABLE)
    if table is not None:
        applicants = applicants.filter(
            Q(available_tables=table) | Q(available_tables__isnull=True)
        ).distinct()
    return applicants.select_related("province").order_by("pk")


def pool_row(applicant: Applicant) -> dict:
    return {
        "id": applicant.pool_id,
        "age_band": applicant.age_band or lottery.NOT_GIVEN,
        "gender": applicant.gender,
        "province": applicant.province.name if applicant.province_id else lottery.NOT_GIVEN,
        "education": applicant.education,
        "background": applicant.background,
    }


def targets(programme) -> dict[str, dict[str, float]]:
    shares: dict[str, dict[str, float]] = {}
    for target in QuotaTarget.objects.filter(programme=programme):
        shares.setdefault(target.feature, {})[target.value] = float(target.share)
    return shares


def bounds_for(programme, seats: int, rows: list[dict]) -> list[lottery.Bound]:
    recruitment = getattr(programme, "recruitment", None)
    tolerance = (recruitment.tolerance if recruitment else 10) / 100
    values = {f: {row[f] for row in rows} for f in lottery.FEATURES}
    return lottery.bounds_from_shares(targets(programme), seats, tolerance, values)


def start_draw(
    programme,
    *,
    seats: int,
    algorithm: str,
    table: Table | None = None,
    seed: int | None = None,
    user=None,
    base_url: str = "",
) -> Draw:
    """Queue a draw; `run_draw` does the work in the background."""
    with transaction.atomic():
        last = Draw.objects.filter(programme=programme).aggregate(n=Max("number"))["n"] or 0
        draw = Draw.objects.create(
            programme=programme,
            number=last + 1,
            table=table,
            seats=seats,
            algorithm=algorithm,
            requested_algorithm=algorithm,
            seed=seed or lottery.new_seed(),
            created_by=user,
        )
        job_id = enqueue("oogst.selection.services.draws.run_draw", draw.pk, base_url)
        Draw.objects.filter(pk=draw.pk).update(job_id=job_id)
    draw.refresh_from_db()
    return draw


def run_draw(draw_id: int, base_url: str = "") -> None:
    """The background job: draw, then store everything in one transaction (or nothing)."""
    draw = Draw.objects.select_related("programme", "table").get(pk=draw_id)
    Draw.objects.filter(pk=draw.pk).update(status=Draw.Status.RUNNING)
    applicants = list(drawable(draw.programme, draw.table))
    rows = [pool_row(a) for a in applicants]
    bounds = bounds_for(draw.programme, draw.seats, rows)
    try:
        result = lottery.draw(rows, bounds, draw.seats, seed=draw.seed, algorithm=draw.algorithm)
        record_result(draw, applicants, rows, bounds, result, base_url=base_url)
    except Exception as error:
        # The team sees why on the draw's page; nobody was drawn (the result is one transaction).
        Draw.objects.filter(pk=draw.pk).update(
            status=Draw.Status.FAILED,
            error=str(error)[:2000],
            pool_size=len(rows),
            finished_at=timezone.now(),
        )
        if not isinstance(error, lottery.DrawError):
            raise


def record_result(draw: Draw, applicants, rows, bounds, result, *, base_url: str = "") -> None:
    chosen = set(result.selected)
    by_pool_id = {a.pool_id: a for a in applicants}
    document = lottery.audit(
        rows,
        bounds,
        result,
        programme=draw.programme.slug,
        draw=draw.number,
        table=draw.table.code if draw.table else None,
    )
    document["replacements"] = []
    with transaction.atomic():
        DrawEntry.objects.bulk_create(
            (
                DrawEntry(
                    draw=draw,
                    applicant=applicant,
                    probability=result.probabilities.get(applicant.pool_id, 0.0),
                    selected=applicant.pool_id in chosen,
                )
                for applicant in applicants
            ),
            batch_size=2000,
        )
        drawn_ids = [by_pool_id[i].pk for i in chosen]
        Applicant.objects.filter(pk__in=drawn_ids).update(
            status=Applicant.Status.SELECTED, draw=draw
        )
        Applicant.objects.filter(pk__in=[a.pk for a in applicants]).exclude(
            pk__in=drawn_ids
        ).update(status=Applicant.Status.RESERVE)
        Draw.objects.filter(pk=draw.pk).update(
            status=Draw.Status.DONE,
            algorithm=result.algorithm,
            probability_method=result.probability_method,
            pool_size=len(rows),
            seconds=result.seconds,
            audit=document,
            finished_at=timezone.now(),
        )
        if draw.table is not None:
            for applicant in Applicant.objects.filter(pk__in=drawn_ids).order_by("pk"):
                place(applicant, draw.table, base_url=base_url)


# --- tables and participants -----------------------------------------------------------------


def place(applicant: Applicant, table: Table, *, base_url: str = "") -> Participant:
    """A drawn applicant takes a seat at `table`: they become a participant (demographics and
    consent records copied, contact details moved to the participant's own record) and get an
    invitation by e-mail in the background."""
    with transaction.atomic():
        participant = applicant.participant or Participant.objects.create(
            programme=applicant.programme,
            age_band=applicant.age_band,
            gender=applicant.gender,
            province=applicant.province,
            education=applicant.education,
            background=applicant.background,
            attributes={"synthetic": True} if applicant.synthetic else {},
        )
        if applicant.participant_id is None:
            copy_consents(applicant, participant)
            contact = ApplicantContact.objects.filter(applicant=applicant).first()
            if contact is not None:
                ContactDetails.objects.update_or_create(
                    participant=participant,
                    defaults={"name": contact.name, "email": contact.email, "phone": contact.phone},
                )
                contact.delete()
        participant.tables.set([table])
        applicant.participant = participant
        applicant.table = table
        applicant.save(update_fields=["participant", "table"])
        enqueue("oogst.selection.services.mail.send_invitation", applicant.pk, base_url)
    return participant


def free_seats(table: Table) -> int:
    taken = Applicant.objects.filter(table=table, status=Applicant.Status.SELECTED).count()
    return max(0, table.capacity - taken)


def assign_tables(draw: Draw, *, base_url: str = "") -> list[Applicant]:
    """Spread the drawn applicants of a programme-wide draw over the planned tables, within
    capacity and availability; those with the fewest options go first, each to the table with
    the most free seats that matches their preferred region or theme where it can. Returns who
    could not be placed."""
    tables = list(
        Table.objects.filter(programme=draw.programme, status=Table.Status.PLANNED)
        .select_related("municipality__province")
        .prefetch_related("themes")
        .order_by("starts_at", "code")
    )
    free = {t.pk: free_seats(t) for t in tables}
    waiting = list(
        draw.drawn.filter(status=Applicant.Status.SELECTED, table__isnull=True)
        .prefetch_related("available_tables")
        .order_by("pk")
    )
    options = {
        a.pk: [t for t in tables if not a.available_tables.all() or t in a.available_tables.all()]
        for a in waiting
    }
    unplaced = []
    for applicant in sorted(waiting, key=lambda a: (len(options[a.pk]), a.pk)):
        open_tables = [t for t in options[applicant.pk] if free[t.pk] > 0]
        if not open_tables:
            unplaced.append(applicant)
            continue

        def fit(table: Table, applicant=applicant) -> tuple:
            region = bool(
                applicant.preferred_region_id
                and table.municipality
                and table.municipality.province_id == applicant.preferred_region_id
            )
            theme = bool(
                applicant.preferred_theme_id
                and applicant.preferred_theme_id in {t.pk for t in table.themes.all()}
            )
            return (-(region + theme), -free[table.pk], table.pk)

        table = min(open_tables, key=fit)
        free[table.pk] -= 1
        place(applicant, table, base_url=base_url)
    return unplaced


# --- cancellation and replacement ------------------------------------------------------------


def cancel_seat(applicant: Applicant, *, base_url: str = "") -> Applicant | None:
    """A drawn applicant cannot come: they leave the table (and, as a participant, withdraw),
    and a reserve who keeps every quota within its bounds takes the seat. Returns the
    replacement, or None when no reserve fits."""
    with transaction.atomic():
        table = applicant.table
        applicant.status = Applicant.Status.CANCELLED
        applicant.ended_at = timezone.now()
        applicant.save(update_fields=["status", "ended_at"])
        if applicant.participant_id:
            if table is not None:
                applicant.participant.tables.remove(table)
            withdraw_participant(applicant.participant, via_code=True)
        if applicant.draw_id is None:
            return None
        replacement = find_replacement(applicant)
        if replacement is not None:
            replacement.status = Applicant.Status.SELECTED
            replacement.draw_id = applicant.draw_id
            replacement.replaces = applicant
            replacement.save(update_fields=["status", "draw", "replaces"])
            if table is not None:
                place(replacement, table, base_url=base_url)
    return replacement


def _counts(rows: list[dict], bounds: list[lottery.Bound]) -> dict[tuple[str, str], int]:
    return lottery.pool_counts(rows, bounds)


def find_replacement(cancelled: Applicant) -> Applicant | None:
    """The reserve who takes a cancelled seat, chosen at random (seeded by the draw's seed and
    the replacement's number, and written into the draw's audit) among the reserves who fit
    best: first those with the same answers on every quota, else any reserve with whom every
    group stays within its bounds."""
    draw = Draw.objects.select_for_update().get(pk=cancelled.draw_id)
    document = draw.audit or {}
    bounds = [lottery.Bound(**b) for b in document.get("quotas", [])]
    rows = {row["id"]: row for row in document.get("pool", [])}
    current = [
        rows[a.pool_id]
        for a in draw.drawn.filter(status=Applicant.Status.SELECTED)
        if a.pool_id in rows
    ]
    counts = _counts(current, bounds)
    reserves = Applicant.objects.filter(programme=draw.programme, status=Applicant.Status.RESERVE)
    if cancelled.table_id:
        reserves = reserves.filter(
            Q(available_tables=cancelled.table_id) | Q(available_tables__isnull=True)
        ).distinct()
    candidates = [a for a in reserves.order_by("pk") if a.pool_id in rows]
    features = sorted({b.feature for b in bounds})
    limits = {(b.feature, b.value): (b.min, b.max) for b in bounds}
    gone = rows.get(cancelled.pool_id)

    def same(row):
        return gone is not None and all(row[f] == gone[f] for f in features)

    def keeps_bounds(row):
        for feature in features:
            key = (feature, row[feature])
            _low, high = limits.get(key, (0, draw.seats))
            if counts.get(key, 0) + 1 > high:
                return False
        for key, (low, _high) in limits.items():
            added = 1 if row[key[0]] == key[1] else 0
            if counts.get(key, 0) + added < low:
                return False
        return True

    best = [a for a in candidates if same(rows[a.pool_id])] or [
        a for a in candidates if keeps_bounds(rows[a.pool_id])
    ]
    if not best:
        return None
    number = len(document.get("replacements", [])) + 1
    chosen = random.Random(f"{draw.seed}:{number}").choice(best)
    document.setdefault("replacements", []).append(
        {
            "number": number,
            "cancelled": cancelled.pool_id,
            "replacement": chosen.pool_id,
            "rule": "same answers" if same(rows[chosen.pool_id]) else "within bounds",
            "candidates": len(best),
            "random": f"random.Random('{draw.seed}:{number}').choice(candidates in id order)",
            "at": timezone.now().isoformat(),
        }
    )
    Draw.objects.filter(pk=draw.pk).update(audit=document)
    return chosen
