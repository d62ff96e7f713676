"""What stands behind an insight: the contributions its links reach, how each is reached, the
counts and their spread, and the text a reader may see of each."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from oogst.analyses.models import Suggestion
from oogst.analyses.selectors.run_input import analysable
from oogst.harvest.models import Contribution, Kind, ThemeAssignment
from oogst.participants.models import AGE_BANDS, Education, Gender

from .. import access
from ..models import Evidence, Insight

UNKNOWN = "onbekend"


def with_narrower(insight: Insight) -> list[int]:
    """The insight's id and those of every narrower insight under it, at any depth."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Insight.objects.filter(programme_id=insight.programme_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent, []).append(pk)
    found, todo = [], [insight.pk]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.append(pk)
            todo.extend(children.get(pk, []))
    return found


def _reach(insight_ids: list[int]) -> tuple[Q, list[tuple]]:
    """A filter on Contribution for what these insights' links reach, and the links."""
    links = list(
        Evidence.objects.filter(insight_id__in=insight_ids).values_list(
            "insight_id", "kind", "contribution_id", "run_id", "cluster", "theme_id"
        )
    )
    direct = [c for _i, _k, c, _r, _n, _t in links if c is not None]
    findings = Q()
    for _i, kind, _c, run, cluster, _t in links:
        if kind == Evidence.Kind.FINDING:
            findings |= Q(run_id=run, cluster=cluster)
    themes = [t for _i, kind, _c, _r, _n, t in links if kind == Evidence.Kind.THEME]
    reach = Q(pk__in=direct)
    if findings:
        reach |= Q(pk__in=Suggestion.objects.filter(findings).values("contribution_id"))
    if themes:
        reach |= Q(
            pk__in=ThemeAssignment.objects.filter(
                theme_id__in=themes, source=ThemeAssignment.Source.PERSON
            ).values("contribution_id")
        )
    return reach, links


def behind(insight: Insight, narrower: bool = True) -> QuerySet[Contribution]:
    """Every contribution behind the insight (and, by default, its narrower insights): linked
    directly or as a quote, a member of a linked finding, or coded by a person to a linked
    theme. Withdrawn participants and contributions rejected by moderation are not."""
    ids = with_narrower(insight) if narrower else [insight.pk]
    reach, _links = _reach(ids)
    return analysable(Contribution.objects.filter(programme_id=insight.programme_id)).filter(reach)


def behind_for(user, insight: Insight) -> QuerySet[Contribution]:
    """What of `behind(insight)` this user may read."""
    contributions = behind(insight)
    scope = access.evidence_scope(user, insight)
    return contributions if scope is None else contributions.filter(pk__in=scope.values("pk"))


@dataclass
class Via:
    """How one contribution is reached from an insight."""

    direct: bool = False
    quote: bool = False
    findings: list[tuple[int, int]] = field(default_factory=list)
    themes: list[int] = field(default_factory=list)
    narrower: list[int] = field(default_factory=list)


def reached_via(insight: Insight, contribution_ids: list[int]) -> dict[int, Via]:
    """For each given contribution, how the insight's links (and its narrower insights')
    reach it."""
    ids = with_narrower(insight)
    _reach_q, links = _reach(ids)
    wanted = set(contribution_ids)
    via: dict[int, Via] = {pk: Via() for pk in wanted}
    finding_owner: dict[tuple[int, int], set[int]] = {}
    theme_owner: dict[int, set[int]] = {}
    for owner, kind, contribution, run, cluster, theme in links:
        if kind == Evidence.Kind.FINDING:
            finding_owner.setdefault((run, cluster), set()).add(owner)
        elif kind == Evidence.Kind.THEME:
            theme_owner.setdefault(theme, set()).add(owner)
        elif contribution in wanted:
            if owner != insight.pk:
                via[contribution].narrower.append(owner)
            elif kind == Evidence.Kind.QUOTE:
                via[contribution].quote = True
            else:
                via[contribution].direct = True
    if finding_owner:
        runs = {run for run, _cluster in finding_owner}
        for contribution, run, cluster in Suggestion.objects.filter(
            run_id__in=runs, contribution_id__in=wanted
        ).values_list("contribution_id", "run_id", "cluster"):
            for owner in finding_owner.get((run, cluster), ()):
                if owner == insight.pk:
                    via[contribution].findings.append((run, cluster))
                else:
                    via[contribution].narrower.append(owner)
    if theme_owner:
        for contribution, theme in ThemeAssignment.objects.filter(
            theme_id__in=list(theme_owner),
            source=ThemeAssignment.Source.PERSON,
            contribution_id__in=wanted,
        ).values_list("contribution_id", "theme_id"):
            for owner in theme_owner[theme]:
                if owner == insight.pk:
                    via[contribution].themes.append(theme)
                else:
                    via[contribution].narrower.append(owner)
    for v in via.values():
        v.narrower = sorted(set(v.narrower))
    return via


# -- counts and spread ---------------------------------------------------------------------

SPREAD_FIELDS = (
    "pk",
    "kind",
    "table_id",
    "table__code",
    "table__track__name",
    "table__municipality__name",
    "table__municipality__province__name",
    "participant_id",
    "participant__age_band",
    "participant__gender",
    "participant__education",
    "participant__province__name",
)


@dataclass
class Share:
    key: str  # the value as stored ("knel", "woman", a table's code)
    label: str  # in words
    n: int
    percent: int

    @property
    def short(self) -> str:
        """The label up to its explanation: "Knel" of "Knel — wat kwam in de knel"."""
        return self.label.split(" — ")[0]


@dataclass
class Spread:
    """Counts over a set of contributions, each contribution and participant counted once."""

    contributions: int = 0
    tables: int = 0
    municipalities: int = 0
    provinces: int = 0
    tracks: int = 0
    participants: int = 0
    # Contributions without a known participant (a table's shared harvest, the public site).
    without_participant: int = 0
    by_kind: list[Share] = field(default_factory=list)
    by_track: list[Share] = field(default_factory=list)
    by_table: list[Share] = field(default_factory=list)
    by_region: list[Share] = field(default_factory=list)
    by_age_band: list[Share] = field(default_factory=list)
    by_gender: list[Share] = field(default_factory=list)
    by_province: list[Share] = field(default_factory=list)
    by_education: list[Share] = field(default_factory=list)

    def figures(self) -> dict:
        """The counts as the export and the API give them."""
        return {
            "contributions": self.contributions,
            "tables": self.tables,
            "municipalities": self.municipalities,
            "provinces": self.provinces,
            "tracks": self.tracks,
            "participants": self.participants,
            "without_participant": self.without_participant,
            **{
                name: {s.key: s.n for s in getattr(self, name)}
                for name in (
                    "by_kind",
                    "by_track",
                    "by_age_band",
                    "by_gender",
                    "by_province",
                    "by_education",
                )
            },
        }


def _shares(counter: Counter, total: int, order: list[str] | None = None) -> list[Share]:
    """Shares of `total`; in the given order of values, else biggest first."""
    if order is not None:
        keys = [k for k in order if counter.get(k)] + sorted(
            k for k in counter if k not in order and counter[k]
        )
    else:
        keys = sorted(counter, key=lambda k: (-counter[k], str(k)))
    return [
        Share(str(k), str(k), counter[k], round(100 * counter[k] / total) if total else 0)
        for k in keys
    ]


def spread(contributions: QuerySet[Contribution], labels: bool = True) -> Spread:
    """Counts and spread over these contributions (one query). With `labels`, kinds, genders
    and education levels are in words (the page); without, as stored (the export)."""
    return spread_of_rows(
        list(contributions.order_by().values_list(*SPREAD_FIELDS).distinct()), labels
    )


def spread_of_rows(rows: list[tuple], labels: bool = True) -> Spread:
    """`spread` over rows already read, one per contribution, in `SPREAD_FIELDS` order."""
    tables, municipalities, provinces, tracks = set(), set(), set(), set()
    kinds, by_track, by_table, by_region = Counter(), Counter(), Counter(), Counter()
    people: dict[int, tuple] = {}
    without = 0
    for (
        _pk,
        kind,
        table,
        code,
        track,
        municipality,
        region,
        participant,
        age,
        gender,
        education,
        province,
    ) in (row[: len(SPREAD_FIELDS)] for row in rows):
        kinds[kind] += 1
        if table is not None:
            tables.add(table)
            by_table[code] += 1
            by_track[track] += 1
            tracks.add(track)
            if municipality:
                municipalities.add(municipality)
                provinces.add(region)
                by_region[region] += 1
        if participant is None:
            without += 1
        else:
            people[participant] = (
                age or UNKNOWN,
                gender or UNKNOWN,
                education or UNKNOWN,
                province or UNKNOWN,
            )
    n_people = len(people)
    ages = Counter(p[0] for p in people.values())
    genders = Counter(p[1] for p in people.values())
    educations = Counter(p[2] for p in people.values())
    home = Counter(p[3] for p in people.values())
    kind_order = list(Kind.values)
    result = Spread(
        contributions=len(rows),
        tables=len(tables),
        municipalities=len(municipalities),
        provinces=len(provinces),
        tracks=len(tracks),
        participants=n_people,
        without_participant=without,
        by_kind=_shares(kinds, len(rows), kind_order),
        by_track=_shares(by_track, len(rows)),
        by_table=_shares(by_table, len(rows)),
        by_region=_shares(by_region, len(rows)),
        by_age_band=_shares(ages, n_people, [*AGE_BANDS, UNKNOWN]),
        by_gender=_shares(genders, n_people, [*Gender.values]),
        by_province=_shares(home, n_people),
        by_education=_shares(educations, n_people, [*Education.values]),
    )
    if labels:
        for shares, names in (
            (result.by_kind, dict(Kind.choices)),
            (result.by_gender, dict(Gender.choices)),
            (result.by_education, dict(Education.choices)),
        ):
            for share in shares:
                share.label = str(names.get(share.label, share.label))
    return result


# -- the text a reader sees ----------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceItem:
    contribution: Contribution
    # None: not to be shown (the redaction failed).
    text: str | None
    redacted: bool
    via: Via | None = None


def readable_texts(user, contributions) -> list[EvidenceItem]:
    """Each contribution with the text this user may read: as written for the programme
    team, the privacy app's redacted form (the stored one when it is current) for everyone
    else."""
    from oogst.safeguards.selectors import policies_by_programme, publishable_text

    raw = access.reads_raw_text(user)
    policy = policies_by_programme()
    items = []
    for c in contributions:
        text = c.text if raw else publishable_text(c, policy(c.programme_id))
        items.append(EvidenceItem(c, text, not raw))
    return items


def readable_queryset(contributions: QuerySet[Contribution]) -> QuerySet[Contribution]:
    """What `readable_texts` reads, joined in one query."""
    return contributions.select_related(
        "participant", "redaction", "table__track", "table__municipality", "programme"
    )


# -- from a contribution to what uses it ---------------------------------------------------


def insights_using(user, contribution: Contribution) -> list[tuple[Insight, Via]]:
    """The insights (that this user may see) with this contribution behind them, and how."""
    insights = access.insights_visible_to(user).filter(programme_id=contribution.programme_id)
    found = []
    for insight in insights.select_related("programme").order_by("order", "pk"):
        via = reached_via(insight, [contribution.pk])[contribution.pk]
        if via.direct or via.quote or via.findings or via.themes or via.narrower:
            found.append((insight, via))
    return found
