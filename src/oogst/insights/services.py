"""Changing insights: the one way in for every write (form, import, API, demo alike). Each
action records a version: who changed what, when, and the insight after it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from oogst.codebook.models import RecoveryTask
from oogst.directory.models import Ministry

from .models import (
    Evidence,
    EvidenceSuggestion,
    Insight,
    InsightVersion,
    LiaisonComment,
    LinkSource,
    LinkState,
    MinistryLink,
    RecoveryTaskLink,
)
from .selectors import policy
from .selectors.policy import accepted_ministries, accepted_tasks


def full_snapshot(insight: Insight) -> dict:
    """The insight after a change: its own fields, its evidence by kind and its accepted
    links to ministries (by code) and recovery tasks (by id)."""
    evidence: dict[str, list] = {kind: [] for kind in Evidence.Kind.values}
    for kind, contribution, run, cluster, theme in insight.evidence.order_by("pk").values_list(
        "kind", "contribution_id", "run_id", "cluster", "theme_id"
    ):
        if kind == Evidence.Kind.FINDING:
            evidence[kind].append([run, cluster])
        elif kind == Evidence.Kind.THEME:
            evidence[kind].append(theme)
        else:
            evidence[kind].append(contribution)
    return {
        **insight.snapshot(),
        "evidence": evidence,
        "ministries": accepted_ministries(insight),
        "recovery_tasks": sorted(pk for pk, _title in accepted_tasks(insight)),
    }


def record_version(
    insight: Insight, action: str, by=None, changed_fields=(), detail: dict | None = None
) -> InsightVersion:
    last = insight.versions.aggregate(n=Max("number"))["n"] or 0
    return InsightVersion.objects.create(
        insight=insight,
        number=last + 1,
        action=action,
        changed_fields=list(changed_fields),
        detail=detail or {},
        snapshot=full_snapshot(insight),
        changed_by=by if by is not None and by.is_authenticated else None,
    )


@transaction.atomic
def save_insight(insight: Insight, *, by=None) -> Insight:
    """Validate and save an insight's own fields, and record what changed (nothing is
    recorded when nothing did)."""
    # Not `pk is None`: an import brings insights back under their own ids.
    created = insight._state.adding
    before = None
    if not created:
        before = Insight.objects.select_for_update().get(pk=insight.pk).snapshot()
    insight.full_clean()
    if created and insight.created_by_id is None and by is not None and by.is_authenticated:
        insight.created_by = by
    insight.save()
    if created:
        record_version(insight, InsightVersion.Action.CREATED, by)
        return insight
    after = insight.snapshot()
    changed = [field for field in after if after[field] != before[field]]
    if changed:
        record_version(insight, InsightVersion.Action.CHANGED, by, changed)
    return insight


def _next_order(programme) -> int:
    return (programme.insights.aggregate(n=Max("order"))["n"] or 0) + 1


@transaction.atomic
def create_insight(
    programme,
    *,
    by,
    title: str,
    text: str = "",
    type: str = Insight.Type.CHALLENGE,
    status: str = Insight.Status.DRAFT,
    parent: Insight | None = None,
) -> Insight:
    insight = Insight(
        programme=programme,
        title=title.strip(),
        text=text.strip(),
        type=type,
        status=status,
        parent=parent,
        order=_next_order(programme),
    )
    return save_insight(insight, by=by)


def update_insight(insight: Insight, *, by, **fields) -> Insight:
    """Change an insight's own fields (title, text, type, status, parent, order)."""
    for name, value in fields.items():
        if name not in ("title", "text", "type", "status", "parent", "order"):
            raise TypeError(f"update_insight() got an unexpected field {name!r}")
        setattr(insight, name, value.strip() if isinstance(value, str) else value)
    return save_insight(insight, by=by)


# -- evidence ------------------------------------------------------------------------------


def _describe(link: Evidence) -> dict:
    if link.kind == Evidence.Kind.FINDING:
        return {"kind": link.kind, "run": link.run_id, "cluster": link.cluster}
    if link.kind == Evidence.Kind.THEME:
        return {"kind": link.kind, "theme": link.theme.slug}
    return {"kind": link.kind, "contribution": link.contribution_id}


@transaction.atomic
def add_evidence(
    insight: Insight,
    *,
    by,
    contributions=(),
    quotes=(),
    findings=(),
    themes=(),
    note: str = "",
) -> list[Evidence]:
    """Link evidence to the insight: contributions, contributions as quotes, findings as
    (run, cluster) and themes. What is already linked is left as it is; what belongs to
    another programme is refused (ValidationError, nothing linked). One version records
    what was added."""
    wanted: list[Evidence] = []
    for contribution in contributions:
        wanted.append(Evidence(kind=Evidence.Kind.CONTRIBUTION, contribution=contribution))
    for contribution in quotes:
        wanted.append(Evidence(kind=Evidence.Kind.QUOTE, contribution=contribution))
    for run, cluster in findings:
        if not any(c["id"] == cluster for c in (run.summary or {}).get("clusters", [])):
            raise ValidationError(
                _("Analyse %(run)s heeft geen bevinding %(cluster)s.")
                % {"run": run.number, "cluster": cluster}
            )
        wanted.append(Evidence(kind=Evidence.Kind.FINDING, run=run, cluster=cluster))
    for theme in themes:
        wanted.append(Evidence(kind=Evidence.Kind.THEME, theme=theme))
    added = _link_evidence(insight, wanted, by, note)
    if added:
        insight.save(update_fields=["updated_at"])
        record_version(
            insight,
            InsightVersion.Action.EVIDENCE_ADDED,
            by,
            detail={"evidence": [_describe(link) for link in added]},
        )
    return added


def _key(link: Evidence) -> tuple:
    return (link.kind, link.contribution_id, link.run_id, link.cluster, link.theme_id)


def _link_evidence(insight: Insight, wanted: list[Evidence], by, note: str = "") -> list[Evidence]:
    """Save the wanted links that are not there yet (no version: the caller records one)."""
    existing = {_key(e) for e in insight.evidence.all()}
    added: list[Evidence] = []
    for link in wanted:
        if _key(link) in existing:
            continue
        existing.add(_key(link))
        link.insight = insight
        link.note = note.strip()
        link.added_by = by if by is not None and by.is_authenticated else None
        link.clean()
        link.save()
        added.append(link)
    return added


@transaction.atomic
def remove_evidence(link: Evidence, *, by) -> None:
    insight = link.insight
    described = _describe(link)
    link.delete()
    insight.save(update_fields=["updated_at"])
    record_version(
        insight, InsightVersion.Action.EVIDENCE_REMOVED, by, detail={"evidence": [described]}
    )


# -- suggested evidence --------------------------------------------------------------------

SUGGESTIONS_PER_ROUND = 10


@transaction.atomic
def suggest_evidence(insight: Insight, *, limit: int = SUGGESTIONS_PER_ROUND) -> list:
    """Ask the analysis library's embedder for contributions like the insight (its text and
    evidence) that are not behind it yet: they become open suggestions, never evidence by
    themselves. Open suggestions of an earlier round make way; decided ones stay decided."""
    from .selectors.similarity import similar_contributions

    insight.evidence_suggestions.filter(state=EvidenceSuggestion.State.OPEN).delete()
    found, embedder = similar_contributions(insight, limit)
    return EvidenceSuggestion.objects.bulk_create(
        [
            EvidenceSuggestion(insight=insight, contribution_id=pk, score=score, embedder=embedder)
            for pk, score in found
        ]
    )


@transaction.atomic
def accept_evidence_suggestion(suggestion: EvidenceSuggestion, *, by) -> EvidenceSuggestion:
    """A person accepts: the contribution becomes evidence of the insight."""
    if suggestion.state != EvidenceSuggestion.State.OPEN:
        return suggestion
    add_evidence(suggestion.insight, by=by, contributions=[suggestion.contribution])
    return _decide_suggestion(suggestion, EvidenceSuggestion.State.ACCEPTED, by)


def reject_evidence_suggestion(suggestion: EvidenceSuggestion, *, by) -> EvidenceSuggestion:
    """A person rejects: it is not linked, and not suggested for this insight again."""
    if suggestion.state != EvidenceSuggestion.State.OPEN:
        return suggestion
    return _decide_suggestion(suggestion, EvidenceSuggestion.State.REJECTED, by)


def _decide_suggestion(suggestion: EvidenceSuggestion, state: str, by) -> EvidenceSuggestion:
    suggestion.state = state
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["state", "decided_by", "decided_at"])
    return suggestion


# -- ministries and recovery tasks ---------------------------------------------------------


def _link_model(target):
    if isinstance(target, Ministry):
        return MinistryLink, "ministry"
    if isinstance(target, RecoveryTask):
        return RecoveryTaskLink, "recovery_task"
    raise TypeError(f"no link to {type(target).__name__}")


def _link_detail(target, state: str) -> dict:
    if isinstance(target, Ministry):
        return {"ministry": target.code, "state": state}
    return {"recovery_task": target.pk, "title": target.title, "state": state}


@transaction.atomic
def decide_link(insight: Insight, target, state: str | None, *, by):
    """A person decides on the link between an insight and a ministry or recovery task:
    accepted, rejected, or (None) no link and no decision. A proposal becomes a decision
    here and nowhere else."""
    if isinstance(target, RecoveryTask) and target.programme_id != insight.programme_id:
        raise ValidationError(_("De herstelopgave hoort bij een ander programma."))
    before, link = _set_link(insight, target, state, by)
    if before != state:
        record_version(
            insight, InsightVersion.Action.MAPPING, by, detail=_link_detail(target, state or "")
        )
    return link


def _set_link(insight: Insight, target, state: str | None, by):
    """The link's state before, and the link after (no version: the caller records one)."""
    model, field_name = _link_model(target)
    link = model.objects.filter(insight=insight, **{field_name: target}).first()
    before = link.state if link else None
    if state is None:
        if link is not None:
            link.delete()
        return before, None
    if state not in (LinkState.ACCEPTED, LinkState.REJECTED):
        raise ValidationError(_("Kies vaststellen of afwijzen."))
    if link is None:
        link = model(insight=insight, source=LinkSource.PERSON, **{field_name: target})
    if before != state:
        link.state = state
        link.decided_by = by if by is not None and by.is_authenticated else None
        link.decided_at = timezone.now()
        link.save()
    return before, link


def _propose(model, field_name: str, insight: Insight, proposals: dict, source: str) -> int:
    """Store proposals where no person decided yet; a proposal that no longer holds goes."""
    decided = set(
        model.objects.filter(insight=insight)
        .exclude(state=LinkState.PROPOSED)
        .values_list(f"{field_name}_id", flat=True)
    )
    model.objects.filter(insight=insight, state=LinkState.PROPOSED).exclude(
        **{f"{field_name}_id__in": list(proposals)}
    ).delete()
    made = 0
    for target_id, (reason, score) in proposals.items():
        if target_id in decided:
            continue
        _link, created = model.objects.update_or_create(
            insight=insight,
            **{f"{field_name}_id": target_id},
            defaults={"source": source, "reason": reason, "score": score},
        )
        made += created
    return made


@transaction.atomic
def propose_links(programme) -> dict[str, int]:
    """Proposals for every insight of the programme: ministries from the themes behind it,
    recovery tasks from text similarity. Proposals only: nothing a person decided changes,
    and a proposal opens nothing to a liaison until a person accepts it."""
    insights = list(programme.insights.order_by("order", "pk"))
    tasks = policy.task_proposals(insights, RecoveryTask.objects.filter(programme=programme))
    made = {"ministries": 0, "recovery_tasks": 0}
    for insight in insights:
        made["ministries"] += _propose(
            MinistryLink,
            "ministry",
            insight,
            policy.ministry_proposals(insight),
            LinkSource.THEME,
        )
        made["recovery_tasks"] += _propose(
            RecoveryTaskLink, "recovery_task", insight, tasks[insight.pk], LinkSource.SIMILARITY
        )
    return made


# -- liaison comments ----------------------------------------------------------------------


def add_comment(insight: Insight, *, by, text: str) -> LiaisonComment:
    """A liaison's response to an insight, on behalf of their ministry."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Schrijf een reactie."))
    if not by.ministry_id:
        raise ValidationError(_("Alleen een contactpersoon van een ministerie kan reageren."))
    return LiaisonComment.objects.create(
        insight=insight, ministry_id=by.ministry_id, author=by, text=text
    )


# -- import --------------------------------------------------------------------------------


@dataclass
class ImportedInsight:
    """One insight of an insights file, checked and resolved by `oogst.insights.importing`."""

    id: int
    title: str
    text: str
    type: str
    status: str
    parent_id: int | None
    order: int
    evidence: list[Evidence] = field(default_factory=list)
    ministries: list[Ministry] = field(default_factory=list)
    recovery_tasks: list[RecoveryTask] = field(default_factory=list)


def _import_links(insight: Insight, targets: list, model, field_name: str, by) -> list[dict]:
    """Exactly these targets accepted; an accepted link the file lacks goes (proposals and
    rejections it does not name stay)."""
    changes = []
    for target in targets:
        before, _link = _set_link(insight, target, LinkState.ACCEPTED, by)
        if before != LinkState.ACCEPTED:
            changes.append(_link_detail(target, LinkState.ACCEPTED))
    wanted = [t.pk for t in targets]
    for link in (
        model.objects.filter(insight=insight, state=LinkState.ACCEPTED)
        .exclude(**{f"{field_name}__in": wanted})
        .select_related(field_name)
    ):
        changes.append(_link_detail(getattr(link, field_name), ""))
        link.delete()
    return changes


@transaction.atomic
def import_insight(programme, spec: ImportedInsight, *, by=None) -> str:
    """Put one insight of an insights file in place, under its own id: its fields, exactly
    its evidence, exactly its accepted ministries and recovery tasks. One version records
    what changed; nothing is recorded when nothing did. Returns "created", "updated" or
    "unchanged". The parent must exist (the importer brings parents first)."""
    insight = Insight.objects.select_for_update().filter(pk=spec.id).first()
    created = insight is None
    if created:
        insight = Insight(pk=spec.id, programme=programme, created_by=by)
    before = None if created else insight.snapshot()
    insight.title, insight.text, insight.type, insight.status = (
        spec.title,
        spec.text,
        spec.type,
        spec.status,
    )
    insight.parent_id, insight.order = spec.parent_id, spec.order
    insight.full_clean()
    insight.save()
    after = insight.snapshot()
    changed = [] if before is None else [f for f in after if after[f] != before[f]]
    wanted = {_key(link) for link in spec.evidence}
    removed = [link for link in insight.evidence.all() if _key(link) not in wanted]
    for link in removed:
        link.delete()
    added = _link_evidence(insight, spec.evidence, by)
    mapping = _import_links(insight, spec.ministries, MinistryLink, "ministry", by)
    mapping += _import_links(insight, spec.recovery_tasks, RecoveryTaskLink, "recovery_task", by)
    if not (created or changed or added or removed or mapping):
        return "unchanged"
    record_version(
        insight,
        InsightVersion.Action.IMPORTED,
        by,
        changed,
        {
            "added": [_describe(link) for link in added],
            "removed": [_describe(link) for link in removed],
            "links": mapping,
        },
    )
    return "created" if created else "updated"
