"""Loads the demo programme ("Nederland na de crisis") from the YAML files in `data/`.

Idempotent: every object is found by its natural key (slug, code, username, text hash) and
updated in place, so loading twice gives the same data, not double. Contributions come in
through the recording action like any other; one loaded before is found by its key and left
as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from django.db import transaction
from django.utils import timezone

from oogst.accounts.models import Role, User
from oogst.accounts.services import grant_programme_team
from oogst.codebook.models import RecoveryTask, Theme
from oogst.codebook.services import save_theme
from oogst.directory.models import Ministry, Municipality, Organisation, Province
from oogst.directory.reference import load_reference_data
from oogst.harvest.actions import NewContribution, record_contributions
from oogst.harvest.models import Channel, Contribution, Moderation, ThemeAssignment
from oogst.participants.models import (
    Background,
    Consent,
    ContactDetails,
    Education,
    Gender,
    Participant,
)
from oogst.programme.models import Phase, Programme, Table, Track
from oogst.public.models import PublicProgramme, PublicSubmission
from oogst.selection.demo import load_demo_pool

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_PASSWORD = "oogst-demo"  # noqa: S105 — a documented demo log-in, refused outside DEBUG
TZ = ZoneInfo("Europe/Amsterdam")
CONSENT_VERSION = "demo-2026-01"


@dataclass
class LoadReport:
    programme: Programme
    users: list[User] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def read_yaml(name: str) -> dict | list:
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def local_datetime(value: str | dt.datetime) -> dt.datetime:
    value = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return value if value.tzinfo else value.replace(tzinfo=TZ)


@transaction.atomic
def load_demo() -> LoadReport:
    load_reference_data(Province, Municipality, Ministry)
    spec = read_yaml("programme.yaml")
    programme, _ = Programme.objects.update_or_create(
        slug=spec.get("slug", "demo"),
        defaults={
            "name": spec["name"],
            "description": spec.get("description", ""),
            "retention_until": spec.get("retention_until"),
        },
    )
    report = LoadReport(programme=programme)
    for order, phase in enumerate(spec.get("phases", [])):
        Phase.objects.update_or_create(
            programme=programme,
            name=phase["name"],
            defaults={"starts_on": phase["starts_on"], "ends_on": phase["ends_on"], "order": order},
        )
    tracks = {}
    for order, track in enumerate(spec.get("tracks", [])):
        tracks[track["slug"]], _ = Track.objects.update_or_create(
            programme=programme,
            slug=track["slug"],
            defaults={
                "name": track["name"],
                "description": track.get("description", ""),
                "order": order,
            },
        )
    ministries = {m.code: m for m in Ministry.objects.all()}
    themes = load_themes(programme, spec.get("themes", []), ministries)
    for task in spec.get("recovery_tasks", []):
        obj, _ = RecoveryTask.objects.update_or_create(
            programme=programme,
            title=task["title"],
            defaults={
                "description": task.get("description", ""),
                "ministry": ministries[task["ministry"]],
            },
        )
        obj.involved_ministries.set([ministries[c] for c in task.get("involved", [])])
        obj.themes.set([themes[s] for s in task.get("themes", [])])
    municipalities = {m.name: m for m in Municipality.objects.all()}
    organisations = {}
    for org in spec.get("organisations", []):
        organisations[org["name"]], _ = Organisation.objects.update_or_create(
            name=org["name"],
            defaults={
                "kind": org["kind"],
                "municipality": municipalities.get(org.get("municipality")),
            },
        )
    users = {}
    for u in spec.get("users", []):
        user, created = User.objects.update_or_create(
            username=u["username"],
            defaults={
                "first_name": u.get("first_name", ""),
                "last_name": u.get("last_name", ""),
                "role": u["role"],
                "title": u.get("title", ""),
                "ministry": ministries.get(u.get("ministry")),
                "is_staff": u["role"] == "analyst",
                "email": u.get("email", ""),
            },
        )
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if user.role == Role.ANALYST:
            grant_programme_team(user)
        users[u["username"]] = user
        report.users.append(user)
    tables = {}
    for t in spec.get("tables", []):
        rep = t.get("report") or {}
        table, _ = Table.objects.update_or_create(
            programme=programme,
            code=t["code"],
            defaults={
                "name": t["name"],
                "track": tracks[t["track"]],
                "kind": t.get("kind", Table.Kind.DIALOGUE),
                "mode": t.get("mode", Table.Mode.PHYSICAL),
                "municipality": municipalities[t["municipality"]]
                if t.get("municipality")
                else None,
                "starts_at": local_datetime(t["starts_at"]) if t.get("starts_at") else None,
                "duration_minutes": t.get("duration_minutes", 120),
                "capacity": t.get("capacity", 10),
                "host": users.get(t.get("host")),
                "status": t.get("status", Table.Status.PLANNED),
                "report_summary": (rep.get("summary") or "").strip(),
                "report_atmosphere": (rep.get("atmosphere") or "").strip(),
                "report_attendance": rep.get("attendance") or {},
            },
        )
        table.themes.set([themes[s] for s in t.get("themes", [])])
        table.facilitators.set([users[u] for u in t.get("facilitators", [])])
        table.organisations.set([organisations[o] for o in t.get("organisations", [])])
        tables[t["code"]] = table
    participants = load_participants(programme, spec.get("participants", []), tables)
    n_contributions = load_contributions(
        programme, read_yaml("contributions.yaml")["contributions"], tables, themes, participants
    )
    n_public = load_public_ideas(programme, read_yaml("public_ideas.yaml")["ideas"], themes)
    n_insights = load_insights(programme, read_yaml("insights.yaml")["insights"], users["analist"])
    products = load_products(programme, read_yaml("products.yaml"), users)
    n_applicants = load_demo_pool(programme)
    report.counts = {
        "tables": len(tables),
        "participants": len(participants),
        "contributions": n_contributions,
        "public_ideas": n_public,
        "insights": n_insights,
        "applicants": n_applicants,
        "themes": len(themes),
        "users": len(users),
        **products,
    }
    return report


def load_themes(
    programme: Programme, specs: list[dict], ministries: dict[str, Ministry]
) -> dict[str, Theme]:
    themes: dict[str, Theme] = {}
    # Parents first, so a child can point to its parent.
    for spec in sorted(specs, key=lambda s: s.get("parent") is not None):
        theme = Theme.objects.filter(programme=programme, slug=spec["slug"]).first() or Theme(
            programme=programme, slug=spec["slug"]
        )
        theme.name = spec["name"]
        theme.description = spec.get("description", "").strip()
        theme.keywords = list(spec.get("keywords", []))
        theme.examples = list(spec.get("examples", []))
        theme.parent = themes.get(spec.get("parent"))
        save_theme(theme)
        theme.ministries.set([ministries[c] for c in spec.get("ministries", [])])
        themes[spec["slug"]] = theme
    return themes


def load_participants(
    programme: Programme, specs: list[dict], tables: dict[str, Table]
) -> dict[str, Participant]:
    provinces = {p.name: p for p in Province.objects.all()}
    participants = {}
    for spec in specs:
        participant, _ = Participant.objects.update_or_create(
            programme=programme,
            code=spec["code"],
            defaults={
                "age_band": spec.get("age_band", ""),
                "gender": spec.get("gender", Gender.UNKNOWN),
                "province": provinces.get(spec.get("province")),
                "education": spec.get("education", Education.UNKNOWN),
                "background": spec.get("background", Background.UNKNOWN),
            },
        )
        participant.tables.set([tables[c] for c in spec.get("tables", [])])
        for purpose, given in (spec.get("consent") or {}).items():
            if not participant.consents.filter(purpose=purpose).exists():
                Consent.objects.create(
                    participant=participant,
                    purpose=purpose,
                    given=bool(given),
                    text_version=CONSENT_VERSION,
                )
        contact = spec.get("contact")
        if contact:
            ContactDetails.objects.update_or_create(
                participant=participant,
                defaults={
                    "name": contact.get("name", ""),
                    "email": contact.get("email", ""),
                    "phone": str(contact.get("phone", "")),
                },
            )
        participants[spec["code"]] = participant
    return participants


def load_contributions(programme, specs, tables, themes, participants) -> int:
    """The tables' harvest, recorded as a facilitator's form records it (one call per table:
    its facilitator is the author); a contribution loaded before is found by its key."""
    by_table: dict[str, list[tuple[NewContribution, dict]]] = {}
    for spec in specs:
        participant = participants.get(spec.get("participant"))
        item = NewContribution(
            text=spec["text"],
            kind=spec["kind"],
            table_id=tables[spec["table"]].pk,
            participant_id=participant.pk if participant else None,
            role_label=spec.get("role", ""),
            is_quote=bool(spec.get("quote", False)),
            language=spec.get("language", ""),
            key=f"demo:{spec['code']}",
            metadata={k: spec[k] for k in ("contains_pii", "messy") if spec.get(k)},
        )
        by_table.setdefault(spec["table"], []).append((item, spec))
    for code, pairs in by_table.items():
        table = tables[code]
        author = table.facilitators.first()
        items = [item for item, _spec in pairs]
        record_contributions(programme, items, channel=Channel.TABLE, author=author, source="demo")
        # The analysts have coded the tables whose reports are processed; the rest is what an
        # analysis run suggests codes for, as in a programme half-way through its harvest.
        if table.status != Table.Status.PROCESSED:
            continue
        for item, spec in pairs:
            for slug in spec.get("themes", []):
                ThemeAssignment.objects.get_or_create(
                    contribution_id=item.id,
                    theme=themes[slug],
                    source=ThemeAssignment.Source.PERSON,
                    defaults={"assigned_by": author},
                )
    return len(specs)


def load_public_ideas(programme, specs, themes) -> int:
    """The programme's page on the public site and the ideas sent in through it, each with
    its reference code and the consent its sender gave, as the public form records them."""
    PublicProgramme.objects.update_or_create(
        programme=programme,
        defaults={
            "intro": (
                "Wat heeft de crisis jou geleerd, en wat moet er nu anders? Deel je idee of stel "
                "je vraag. Alles wat je stuurt, wordt gelezen en meegenomen in de analyse."
            )
        },
    )
    moderated_at = timezone.now()
    items = [
        NewContribution(
            text=spec["text"],
            kind=spec.get("kind", "idee"),
            is_quote=True,  # as the public site stores an idea: the sender's words
            role_label=spec.get("role", "") or "",
            moderation=spec.get("moderation", Moderation.PENDING),
            key=f"demo:{spec['code']}",
        )
        for spec in specs
    ]
    record_contributions(programme, items, channel=Channel.PUBLIC, source="demo")
    for item, spec in zip(items, specs, strict=True):
        PublicSubmission.objects.get_or_create(
            contribution_id=item.id,
            defaults={
                "suggested_theme": themes.get(spec.get("theme")),
                "consent_version": CONSENT_VERSION,
                "quote_consent": bool(spec.get("consent_quote")),
                "moderated_at": None if item.moderation == Moderation.PENDING else moderated_at,
            },
        )
        if spec.get("theme"):
            ThemeAssignment.objects.get_or_create(
                contribution_id=item.id,
                theme=themes[spec["theme"]],
                source=ThemeAssignment.Source.PERSON,
            )
    return len(specs)


# The demo analyst accepts this many of the embedder's suggestions per insight, from at least
# this many tables; the rest stay open for a newcomer to accept or reject.
DEMO_EVIDENCE = 8
DEMO_TABLES = 3
DEMO_SUGGESTIONS = 14
# Proposals the demo analyst accepts: a ministry whose themes cover this share of the
# evidence, and each insight's most similar recovery task. The rest stay proposals.
DEMO_MINISTRY_SHARE = 0.5


def load_insights(programme, specs: list[dict], analyst) -> int:
    """The six broad insights (and two narrower ones) with evidence the analysis library's
    embedder chose from the demo's contributions, accepted by the demo analyst through the
    same actions as in the web app. An insight already there (by title) is left as it is."""
    from oogst.insights import services
    from oogst.insights.models import Insight

    created = []

    def find_or_create(spec: dict, parent=None):
        insight = Insight.objects.filter(programme=programme, title=spec["title"]).first()
        if insight is None:
            insight = services.create_insight(
                programme,
                by=analyst,
                title=spec["title"],
                text=" ".join(spec.get("text", "").split()),
                type=spec["type"],
                status=spec["status"],
                parent=parent,
            )
            created.append(insight)
        return insight

    for spec in specs:
        broad = find_or_create(spec)
        for narrower in spec.get("narrower", []):
            find_or_create(narrower, broad)
    for insight in created:
        _accept_best_suggestions(insight, analyst)
    if created:
        services.propose_links(programme)
        for insight in created:
            _accept_strong_proposals(insight, analyst)
    return Insight.objects.filter(programme=programme).count()


def _accept_best_suggestions(insight, analyst) -> None:
    """Accept the best suggestions with a table, spread over at least DEMO_TABLES tables;
    the best verbatim ones among them become the insight's quotes."""
    from oogst.insights import services

    ranked = [
        s
        for s in services.suggest_evidence(insight, limit=DEMO_SUGGESTIONS)
        if s.contribution.table_id is not None
    ]
    chosen = ranked[:DEMO_EVIDENCE]
    for candidate in ranked[DEMO_EVIDENCE:]:
        tables = {s.contribution.table_id for s in chosen}
        if len(tables) >= DEMO_TABLES:
            break
        if candidate.contribution.table_id not in tables:
            # Make way with the weakest pick of a table that has more than one.
            counts = {t: sum(s.contribution.table_id == t for s in chosen) for t in tables}
            weakest = next(s for s in reversed(chosen) if counts[s.contribution.table_id] > 1)
            chosen.remove(weakest)
            chosen.append(candidate)
    for suggestion in chosen:
        services.accept_evidence_suggestion(suggestion, by=analyst)
    # Quotes only of what may be quoted now (consent, not withdrawn), as the pages show them.
    from oogst.analyses.selectors.quoting import quote_texts

    quotable = quote_texts(analyst, [s.contribution_id for s in chosen])
    quotes = [
        s.contribution
        for s in chosen
        if s.contribution.is_quote and quotable[s.contribution_id].text is not None
    ][:2]
    if quotes:
        services.add_evidence(insight, by=analyst, quotes=quotes)


def _accept_strong_proposals(insight, analyst) -> None:
    from oogst.insights import services
    from oogst.insights.models import LinkState

    for link in insight.ministry_links.filter(state=LinkState.PROPOSED).select_related("ministry"):
        if (link.reason or {}).get("share", 0) >= DEMO_MINISTRY_SHARE:
            services.decide_link(insight, link.ministry, LinkState.ACCEPTED, by=analyst)
    best = (
        insight.recovery_task_links.filter(state=LinkState.PROPOSED)
        .select_related("recovery_task")
        .order_by("-score")
        .first()
    )
    if best is not None:
        services.decide_link(insight, best.recovery_task, LinkState.ACCEPTED, by=analyst)


def load_products(programme, spec: dict, users: dict[str, User]) -> dict[str, int]:
    """What the products need from the demo: the analysts' check of the quotes' redaction
    (the quotes with seeded personal data wait in the review queue), afwegingskader scores
    for the demo's insights, a B1 summary and the scenarios of one dilemma. Each goes through
    its own service; insights the demo does not have are skipped."""
    from oogst.insights.models import Insight
    from oogst.products import services as products
    from oogst.products.selectors.frame import FrameItem
    from oogst.safeguards import services as safeguards
    from oogst.safeguards.models import RedactedText

    analyst = users[spec["reviewed_by"]]
    waiting = RedactedText.objects.filter(
        contribution__programme=programme,
        contribution__is_quote=True,
        status=RedactedText.Status.AUTOMATIC,
    ).exclude(  # (an exclude on the JSON key itself also drops rows that lack the key)
        contribution__in=programme.contributions.filter(metadata__contains_pii=True)
    )
    reviewed = safeguards.bulk_accept(waiting, analyst)
    insights = {" ".join(i.title.split()).casefold(): i for i in programme.insights.all()}

    def insight_named(title: str):
        return insights.get(" ".join(title.split()).casefold())

    scored = 0
    for entry in spec.get("ratings", []):
        insight = insight_named(entry["insight"])
        if insight is None:
            continue
        item = FrameItem(f"insight-{insight.pk}", 0, insight.title, insight=insight)
        for username, (desirability, permanence, reason) in entry["scores"].items():
            products.rate(
                programme,
                item,
                users[username],
                desirability=desirability,
                permanence=permanence,
                reason=reason,
            )
            scored += 1
    summary = spec["plain_summary"]
    products.save_plain_summary(
        programme, title=summary["title"], text=summary["text"].strip(), by=analyst
    )
    written = 0
    dilemma = insight_named(spec["scenarios"]["insight"])
    if dilemma is not None and dilemma.type == Insight.Type.DILEMMA:
        existing = {s.title: s for s in dilemma.scenarios.all()}
        for item in spec["scenarios"]["items"]:
            evidence = list(
                Contribution.objects.filter(
                    programme=programme,
                    import_key__in=[f"demo:{code}" for code in item["evidence"]],
                ).values_list("pk", flat=True)
            )
            products.save_scenario(
                dilemma,
                title=item["title"],
                text=item["text"],
                evidence=evidence,
                by=analyst,
                scenario=existing.get(item["title"]),
            )
            written += 1
    return {"quotes_reviewed": reviewed, "framework_scores": scored, "scenarios": written}
