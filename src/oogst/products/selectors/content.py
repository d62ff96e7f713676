"""Everything a product prints, gathered once: key figures, the insights (or, while there are
none, the findings of the latest run or the themes) with their quotes, the themes' four
fields, dilemmas with their scenarios, blind spots, the ministry x recovery-task matrix, the
afwegingskader, what is new, and the provenance.

Every quote comes from a `QuoteBook`, so it went through the privacy layer and is recorded
with its reference. Build it inside the product's language (`translation.override`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from oogst.analyses.models import AnalysisRun
from oogst.codebook.models import RecoveryTask, Theme
from oogst.directory.models import Ministry, Province
from oogst.harvest.models import Kind, ThemeAssignment
from oogst.insights.models import Insight
from oogst.programme.models import Programme

from ..models import PlainSummary, Scenario
from .changes import Changes
from .figures import HELD, KeyFigures, counted_contributions, key_figures
from .frame import Frame, frame, latest_run
from .insights import InsightFacts, insight_facts
from .quotes import Quote, QuoteBook

QUOTES_PER_INSIGHT = 3
LINES_PER_FIELD = 4
HIGHLIGHTS_WITHOUT_INSIGHTS = 6
# A theme "little heard" gets less than this share of an even share of the contributions.
FEW_SHARE = 0.25


@dataclass
class Highlight:
    """An insight, or what stands in for one: a finding of the latest run, or a theme."""

    number: int
    title: str
    text: str
    kind: str  # "insight", "finding", "theme"
    type: str = ""  # an insight's type: challenge, opportunity, dilemma, blind_spot
    type_label: str = ""
    status_label: str = ""
    quotes: list[Quote] = field(default_factory=list)
    contributions: int = 0
    tables: int = 0
    ministries: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    ref: str = ""  # "insight 12 v4", "finding 3 of analysis 2", "theme zorg"


@dataclass
class Line:
    text: str
    quote: Quote | None = None


@dataclass
class ThemeEntry:
    theme: Theme
    contributions: int
    tables: int
    opportunities: list[Line]
    challenges: list[Line]
    needed: list[Line]
    who: list[Line]
    highlights: list[int]  # numbers of the insights that concern it


@dataclass
class ScenarioEntry:
    title: str
    text: str
    quotes: list[Quote]
    evidence: int


@dataclass
class Dilemma:
    highlight: Highlight
    scenarios: list[ScenarioEntry]


@dataclass
class TaskRow:
    title: str
    lead: str
    involved: list[str]
    highlights: list[int]


@dataclass
class Matrix:
    ministries: list[tuple[str, str]]  # (code, name)
    tasks: list[TaskRow]
    rows: list[tuple[int, str, list[str]]]  # (number, title, ministry codes)
    rows_are: str  # "insights" or "themes"


@dataclass
class ProductContent:
    programme: Programme
    language: str
    made_at: dt.datetime
    figures: KeyFigures
    source: str  # "insights", "findings" or "themes"
    highlights: list[Highlight]
    themes: list[ThemeEntry]
    dilemmas: list[Dilemma]
    blind_spots: list[str]
    matrix: Matrix
    frame: Frame
    run: AnalysisRun | None
    changes: Changes | None
    plain_summary: PlainSummary | None
    quotes: QuoteBook
    insight_versions: dict[int, int]
    missing: list[str]

    @property
    def policy(self):
        return self.quotes.policy

    def _state(self) -> dict:
        """What the product is made of, without the time it was made: the same state gives
        the same fingerprint."""
        frame_state = [
            [item.key, [[r.rater_id, r.desirability, r.permanence, r.reason] for r in item.ratings]]
            for item in self.frame.items
        ]
        changes = None
        if self.changes is not None:
            changes = {
                "since": self.changes.since.isoformat(),
                "contributions": self.changes.new_contributions,
                "insights": self.changes.new_insights,
                "grown": self.changes.grown_insights,
                "themes": self.changes.new_themes,
                "grown_themes": self.changes.grown_themes,
                "emerging": self.changes.emerging,
            }
        return {
            "programme": self.programme.slug,
            "language": self.language,
            "figures": self.figures.to_dict(),
            "source": self.source,
            "highlights": [
                [h.ref, h.title, h.text, [q.contribution_id for q in h.quotes]]
                for h in self.highlights
            ],
            "themes": [
                [
                    t.theme.slug,
                    t.contributions,
                    [[line.text for line in lines] for lines in self.fields_of(t)],
                ]
                for t in self.themes
            ],
            "dilemmas": [
                [d.highlight.ref, [[s.title, s.text, s.evidence] for s in d.scenarios]]
                for d in self.dilemmas
            ],
            "blind_spots": self.blind_spots,
            "matrix": [[t.title, t.lead, t.involved, t.highlights] for t in self.matrix.tasks]
            + [list(map(str, r)) for r in self.matrix.rows],
            "frame": frame_state,
            "run": self.run.pk if self.run else None,
            "changes": changes,
            "b1": self.plain_summary.text if self.plain_summary else None,
            "quotes": sorted(self.quotes.printed),
            "quote_texts": [self.quotes.printed[k].text for k in sorted(self.quotes.printed)],
            "withheld": dict(sorted(self.quotes.withheld.items())),
            "policy": self.policy_state(),
            "insights": {str(k): v for k, v in sorted(self.insight_versions.items())},
        }

    @staticmethod
    def fields_of(theme: ThemeEntry) -> list[list[Line]]:
        return [theme.opportunities, theme.challenges, theme.needed, theme.who]

    def policy_state(self) -> dict:
        policy = self.policy
        return {
            "table_quote_consent": policy.table_quote_consent,
            "polis_quote_consent": policy.polis_quote_consent,
            "marker": policy.marker,
        }

    def state_sha256(self) -> str:
        blob = json.dumps(self._state(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def provenance(self, kind: str) -> dict:
        return {
            "programme": self.programme.slug,
            "product": kind,
            "language": self.language,
            "made_at": self.made_at.isoformat(),
            "run": {"id": self.run.pk, "number": self.run.number} if self.run else None,
            "insights": {str(k): v for k, v in sorted(self.insight_versions.items())},
            "since": (
                {
                    "from": self.changes.since.isoformat(),
                    "run": self.changes.since_run.pk if self.changes.since_run else None,
                }
                if self.changes
                else None
            ),
            "source": self.source,
            "quotes": [self.quotes.printed[k].to_dict() for k in sorted(self.quotes.printed)],
            "withheld": dict(sorted(self.quotes.withheld.items())),
            "withheld_total": self.quotes.withheld_total,
            "quote_policy": self.policy_state(),
            "missing": self.missing,
            "state_sha256": self.state_sha256(),
        }


# -- the parts -----------------------------------------------------------------------------


def _theme_counts(programme: Programme) -> dict[int, tuple[int, int]]:
    """Per theme: contributions coded to it by a person, and the tables they came from."""
    rows = (
        ThemeAssignment.objects.filter(
            theme__programme=programme,
            source=ThemeAssignment.Source.PERSON,
            contribution__in=counted_contributions(programme),
        )
        .values("theme_id")
        .annotate(
            n=Count("contribution", distinct=True),
            tables=Count("contribution__table", distinct=True),
        )
    )
    return {r["theme_id"]: (r["n"], r["tables"]) for r in rows}


def _coded_quotes(programme: Programme) -> dict[tuple[int, str], list[int]]:
    """Per (theme, kind): the verbatim quotes a person coded to it, the most quotable first
    (about two lines long), then by id, so every product picks the same ones."""
    rows = (
        counted_contributions(programme)
        .filter(
            is_quote=True,
            theme_assignments__source=ThemeAssignment.Source.PERSON,
        )
        .values_list("pk", "kind", "theme_assignments__theme_id", "text")
    )
    found: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for pk, kind, theme_id, text in rows:
        found[(theme_id, kind)].append((abs(len(text) - 140), pk))
    return {key: [pk for _d, pk in sorted(set(values))] for key, values in found.items()}


def _highlight_of_insight(facts: InsightFacts, book: QuoteBook, names: dict) -> Highlight:
    insight = facts.insight
    quotes = book.pick(facts.contributions, QUOTES_PER_INSIGHT)
    return Highlight(
        number=facts.number,
        title=insight.title,
        text=insight.text,
        kind="insight",
        type=insight.type,
        type_label=str(insight.get_type_display()),
        status_label=str(insight.get_status_display()),
        quotes=quotes,
        contributions=len(facts.contributions),
        tables=facts.tables,
        ministries=facts.ministries,
        tasks=[names["tasks"][t] for t in facts.recovery_tasks if t in names["tasks"]],
        themes=[names["themes"][t] for t in facts.themes if t in names["themes"]],
        ref=f"insight {insight.pk} v{facts.version}",
    )


def _highlights_from_run(run: AnalysisRun, book: QuoteBook) -> list[Highlight]:
    clusters = sorted(
        (run.summary or {}).get("clusters", []), key=lambda c: (-c.get("size", 0), c["id"])
    )
    highlights = []
    for number, cluster in enumerate(clusters[:HIGHLIGHTS_WITHOUT_INSIGHTS], start=1):
        highlights.append(
            Highlight(
                number=number,
                title=str(cluster.get("label", "")),
                text=str(cluster.get("description", "")),
                kind="finding",
                quotes=book.pick(cluster.get("quotes", []), QUOTES_PER_INSIGHT),
                contributions=int(cluster.get("size", 0)),
                ref=f"finding {cluster['id']} of run {run.pk}",
            )
        )
    return highlights


def _highlights_from_themes(
    themes: list[Theme], counts: dict, quotes: dict, book: QuoteBook
) -> list[Highlight]:
    ranked = sorted(themes, key=lambda t: (-counts.get(t.pk, (0, 0))[0], t.name))
    highlights = []
    for number, theme in enumerate(ranked[:HIGHLIGHTS_WITHOUT_INSIGHTS], start=1):
        # A challenge, an opportunity and an idea first, then whatever else was said.
        mixed = _interleave([quotes.get((theme.pk, k), []) for k in Kind.values])
        n, tables = counts.get(theme.pk, (0, 0))
        highlights.append(
            Highlight(
                number=number,
                title=theme.name,
                text=theme.description,
                kind="theme",
                quotes=book.pick(mixed, QUOTES_PER_INSIGHT),
                contributions=n,
                tables=tables,
                ministries=sorted(m.code for m in theme.ministries.all()),
                ref=f"theme {theme.slug}",
            )
        )
    return highlights


def _interleave(lists: list[list[int]]) -> list[int]:
    out: list[int] = []
    for i in range(max((len(x) for x in lists), default=0)):
        out.extend(x[i] for x in lists if i < len(x))
    return list(dict.fromkeys(out))


def _theme_entries(
    themes: list[Theme],
    counts: dict,
    quotes: dict,
    highlights: list[Highlight],
    facts: list[InsightFacts],
    tasks: list[RecoveryTask],
    book: QuoteBook,
) -> list[ThemeEntry]:
    by_theme: dict[int, list[Highlight]] = defaultdict(list)
    for fact, highlight in zip(facts, highlights, strict=False):
        for theme_id in fact.themes:
            by_theme[theme_id].append(highlight)
    entries = []
    for theme in sorted(themes, key=lambda t: (-counts.get(t.pk, (0, 0))[0], t.name)):
        n, tables = counts.get(theme.pk, (0, 0))
        if not n and not by_theme[theme.pk]:
            continue
        mine = by_theme[theme.pk]

        def field_lines(types: tuple[str, ...], kind: str, theme=theme, mine=mine) -> list[Line]:
            lines = [
                Line(_("Inzicht %(n)s: %(title)s") % {"n": h.number, "title": h.title})
                for h in mine
                if h.type in types
            ][:LINES_PER_FIELD]
            room = LINES_PER_FIELD - len(lines)
            for quote in book.pick(quotes.get((theme.pk, kind), []), room, short=True):
                lines.append(Line(quote.text, quote))
            return lines

        who = [Line(f"{m.code} — {m.name}") for m in theme.ministries.order_by("code")]
        for task in tasks:
            if theme in task.themes.all():
                who.append(
                    Line(
                        _("Herstelopgave: %(title)s (%(ministry)s)")
                        % {"title": task.title, "ministry": task.ministry.code}
                    )
                )
        entries.append(
            ThemeEntry(
                theme=theme,
                contributions=n,
                tables=tables,
                opportunities=field_lines((Insight.Type.OPPORTUNITY,), Kind.KIEM),
                challenges=field_lines((Insight.Type.CHALLENGE, Insight.Type.DILEMMA), Kind.KNEL),
                needed=field_lines((), Kind.IDEE),
                who=who[: LINES_PER_FIELD + 1],
                highlights=[h.number for h in mine],
            )
        )
    return entries


def _dilemmas(highlights: list[Highlight], facts: list[InsightFacts], book) -> list[Dilemma]:
    dilemmas = []
    by_insight = {f.insight.pk: h for f, h in zip(facts, highlights, strict=False)}
    scenarios = defaultdict(list)
    for scenario in (
        Scenario.objects.filter(insight_id__in=by_insight)
        .prefetch_related("evidence")
        .order_by("order", "pk")
    ):
        scenarios[scenario.insight_id].append(scenario)
    for fact in facts:
        if fact.insight.type != Insight.Type.DILEMMA:
            continue
        entries = []
        for scenario in scenarios[fact.insight.pk]:
            ids = sorted(c.pk for c in scenario.evidence.all())
            entries.append(
                ScenarioEntry(
                    scenario.title, scenario.text, book.pick(ids, 2, short=True), len(ids)
                )
            )
        dilemmas.append(Dilemma(by_insight[fact.insight.pk], entries))
    return dilemmas


def _blind_spots(
    programme: Programme,
    themes: list[Theme],
    counts: dict,
    highlights: list[Highlight],
    run: AnalysisRun | None,
) -> list[str]:
    spots = [
        _("Inzicht %(n)s: %(title)s") % {"n": h.number, "title": h.title}
        for h in highlights
        if h.type == Insight.Type.BLIND_SPOT
    ]
    names = {t.slug: t.name for t in themes}
    total = sum(n for n, _t in counts.values())
    even = total / max(len(themes), 1)
    for theme in sorted(themes, key=lambda t: t.name):
        n = counts.get(theme.pk, (0, 0))[0]
        if total and n < FEW_SHARE * even:
            spots.append(
                _(
                    "Weinig gehoord over %(theme)s: %(n)s bijdragen, bij een gelijke verdeling "
                    "zouden het er %(even)s zijn."
                )
                % {"theme": theme.name, "n": n, "even": round(even)}
            )
    for spot in (run.summary or {}).get("blind_spots", []) if run else []:
        if spot.get("type") == "under_represented":
            spots.append(
                _(
                    "Bij %(theme)s is de groep ‘%(group)s’ (%(column)s) ondervertegenwoordigd: "
                    "%(count)s bijdragen, %(expected)s verwacht."
                )
                % {
                    "theme": names.get(spot["theme"], spot["theme"]),
                    "group": spot.get("group", ""),
                    "column": spot.get("column", ""),
                    "count": spot.get("count", 0),
                    "expected": spot.get("expected", 0),
                }
            )
    held = programme.tables.filter(status__in=HELD)
    reached = set(held.exclude(municipality=None).values_list("municipality__province", flat=True))
    unheard = [p.name for p in Province.objects.order_by("name") if p.pk not in reached]
    if unheard and held.exists():
        spots.append(
            _("Geen dialoogtafel gehouden in: %(provinces)s.") % {"provinces": ", ".join(unheard)}
        )
    for track in programme.tracks.order_by("order", "name"):
        if not held.filter(track=track).exists():
            spots.append(_("Traject ‘%(track)s’: nog geen tafel gehouden.") % {"track": track.name})
    return spots


def _matrix(
    programme: Programme,
    tasks: list[RecoveryTask],
    highlights: list[Highlight],
    facts: list[InsightFacts],
    themes: list[Theme],
) -> Matrix:
    ministries = [(m.code, m.name) for m in Ministry.objects.order_by("code")]
    task_insights: dict[int, list[int]] = defaultdict(list)
    for fact in facts:
        for task_id in fact.recovery_tasks:
            task_insights[task_id].append(fact.number)
    rows = [
        TaskRow(
            title=t.title,
            lead=t.ministry.code,
            involved=sorted(m.code for m in t.involved_ministries.all()),
            highlights=task_insights[t.pk],
        )
        for t in tasks
    ]
    if facts:
        return Matrix(
            ministries,
            rows,
            [(f.number, f.insight.title, f.ministries) for f in facts],
            "insights",
        )
    return Matrix(
        ministries,
        rows,
        [
            (n, t.name, sorted(m.code for m in t.ministries.all()))
            for n, t in enumerate(sorted(themes, key=lambda t: t.name), start=1)
        ],
        "themes",
    )


def gather(
    programme: Programme,
    *,
    language: str,
    made_at: dt.datetime,
    changes: Changes | None = None,
) -> ProductContent:
    """Everything every product prints, for this programme now."""
    book = QuoteBook(programme)
    figures = key_figures(programme)
    themes = list(
        programme.themes.filter(status=Theme.Status.ACTIVE)
        .prefetch_related("ministries")
        .order_by("name")
    )
    tasks = list(
        RecoveryTask.objects.filter(programme=programme)
        .select_related("ministry")
        .prefetch_related("involved_ministries", "themes")
        .order_by("ministry__code", "title")
    )
    counts = _theme_counts(programme)
    coded = _coded_quotes(programme)
    run = latest_run(programme)
    facts = insight_facts(programme)
    names = {"tasks": {t.pk: t.title for t in tasks}, "themes": {t.pk: t.name for t in themes}}
    missing = []
    if facts:
        source = "insights"
        highlights = [_highlight_of_insight(f, book, names) for f in facts]
    elif run is not None and (run.summary or {}).get("clusters"):
        source = "findings"
        highlights = _highlights_from_run(run, book)
        missing.append(
            _(
                "Er zijn nog geen inzichten vastgesteld: dit product toont de grootste "
                "bevindingen van %(run)s."
            )
            % {"run": run}
        )
    else:
        source = "themes"
        highlights = _highlights_from_themes(themes, counts, coded, book)
        missing.append(
            _(
                "Er zijn nog geen inzichten vastgesteld en nog geen analyse gedraaid: dit "
                "product toont de thema's met de meeste bijdragen."
            )
        )
    framework = frame(programme)
    if not framework.scored:
        missing.append(
            _("Het afwegingskader is nog niet ingevuld: er zijn nog geen scores.")
            if framework.items
            else _(
                "Het afwegingskader heeft nog niets om te scoren (geen inzichten of bevindingen)."
            )
        )
    dilemmas = _dilemmas(highlights, facts, book)
    if facts and not dilemmas:
        missing.append(_("Geen van de inzichten is als dilemma aangemerkt."))
    for dilemma in dilemmas:
        if len(dilemma.scenarios) < 2:
            missing.append(
                _("Het dilemma ‘%(title)s’ heeft nog geen twee scenario's.")
                % {"title": dilemma.highlight.title}
            )
    summary = PlainSummary.objects.filter(programme=programme).first()
    return ProductContent(
        programme=programme,
        language=language,
        made_at=made_at,
        figures=figures,
        source=source,
        highlights=highlights,
        themes=_theme_entries(themes, counts, coded, highlights, facts, tasks, book),
        dilemmas=dilemmas,
        blind_spots=_blind_spots(programme, themes, counts, highlights, run),
        matrix=_matrix(programme, tasks, highlights, facts, themes),
        frame=framework,
        run=run,
        changes=changes,
        plain_summary=summary,
        quotes=book,
        insight_versions={f.insight.pk: f.version for f in facts},
        missing=missing,
    )
