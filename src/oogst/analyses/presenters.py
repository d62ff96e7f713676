"""Turning a stored analysis run into what its pages show: progress, results and review rows.
Reads go through the selectors; nothing here writes."""

from __future__ import annotations

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oogst.harvest.models import Kind
from oogst.participants.models import Education, Gender

from . import services
from .forms import ChangeForm
from .models import AnalysisRun, Suggestion
from .selectors import coding, describing, quoting, review_queue

# -- progress ------------------------------------------------------------------------------

STEP_LABELS = {
    "": gettext_lazy("Wacht op een vrije plek"),
    "redact": gettext_lazy("Persoonsgegevens weglakken"),
    "embed": gettext_lazy("Teksten omzetten naar vectoren"),
    "code": gettext_lazy("Coderen op de thema's van het codeboek"),
    "kind": gettext_lazy("Soort bepalen (knel, kiem, idee, vraag)"),
    "cluster": gettext_lazy("Clusteren tot bevindingen"),
    "quotes": gettext_lazy("Citaten kiezen"),
    "gaps": gettext_lazy("Opkomende onderwerpen en witte vlekken zoeken"),
    "summaries": gettext_lazy("Samenvattingen maken"),
    "opinion": gettext_lazy("Opiniegroepen uit de Polis-stemmen"),
    "store": gettext_lazy("Resultaten opslaan"),
}
# The steps in the order a run takes them, for "stap 3 van 10".
STEP_ORDER = list(services.STEP_WEIGHTS)
# Steps that report each contribution they finish. The others report only their start and
# end: a "0 / 499" beside them would stand still until the step is over and look hung.
COUNTED_STEPS = {"redact", "embed"}


def run_progress(run: AnalysisRun, user) -> dict:
    """Where a run is: its status, and while it runs the step it is on."""
    return {
        "run": run,
        "step_label": STEP_LABELS.get(run.step, run.step),
        "step_number": STEP_ORDER.index(run.step) + 1 if run.step in STEP_ORDER else None,
        "step_count": len(STEP_ORDER),
        "show_count": run.step in COUNTED_STEPS and run.step_done > 0 and run.step_total > 1,
        "can_manage": user.is_programme_team,
    }


# Said (and focused) on the page that reloads when a run it watched has ended.
RUN_ENDED = {
    AnalysisRun.Status.DONE: (
        messages.SUCCESS,
        gettext_lazy("Klaar: de analyse is afgerond. Het resultaat staat hieronder."),
    ),
    AnalysisRun.Status.FAILED: (
        messages.ERROR,
        gettext_lazy("Mislukt: de analyse is niet afgerond. Hieronder staat waarom."),
    ),
    AnalysisRun.Status.CANCELLED: (
        messages.INFO,
        gettext_lazy("Geannuleerd: de analyse is gestopt; er is niets van opgeslagen."),
    ),
}


def cancel_outcome(run: AnalysisRun, was_active: bool) -> str:
    """What a press on "Analyse annuleren" did, in words: a stale page (or a second tab) may
    ask to cancel a run that has ended meanwhile."""
    if run.is_active:
        return _("Annuleren is gevraagd; de analyse stopt bij de volgende stap.")
    if run.status == AnalysisRun.Status.CANCELLED:
        if was_active:
            return _("De analyse is geannuleerd; er is niets van opgeslagen.")
        return _("Deze analyse was al geannuleerd.")
    if run.status == AnalysisRun.Status.DONE:
        return _("Deze analyse was al klaar; er is niets geannuleerd.")
    return _("Deze analyse was al mislukt; er is niets geannuleerd.")


# -- result --------------------------------------------------------------------------------

# The demographic columns analysis_records hands the library, as the blind spots name them.
BLIND_SPOT_COLUMNS = {
    "age_group": gettext_lazy("leeftijdsgroep"),
    "gender": gettext_lazy("geslacht"),
    "education": gettext_lazy("opleidingsniveau"),
    "province": gettext_lazy("provincie"),
    "municipality": gettext_lazy("gemeente"),
}
BLIND_SPOT_GROUPS = {"gender": dict(Gender.choices), "education": dict(Education.choices)}

# A cluster's "Thema's:" line names its biggest few themes; the rest is one "overige" share.
CLUSTER_THEMES_SHOWN = 3


def run_result(run: AnalysisRun, user) -> dict:
    """What a finished run's page shows of its result, with quotes as `user` may read them."""
    summary = run.summary or {}
    names = describing.theme_names(run)
    content_lang = describing.content_language(run.programme)
    # Only the programme team may open the review page: others get no links to it.
    review_url = reverse("analyses:review", args=[run.pk]) if user.is_programme_team else ""
    clusters = sorted(summary.get("clusters", []), key=lambda c: (-c["size"], c["id"]))
    cluster_langs = describing.cluster_languages(run)
    themes = describing.theme_sizes(run)
    opinion = summary.get("opinion", [])
    quote_ids = {int(q) for c in clusters for q in c.get("quotes", [])}
    quote_ids |= {int(q) for t in themes for q in t.get("quotes", [])}
    quote_ids |= {int(e["statement"]) for o in opinion for e in o["consensus"] + o["divisive"]}
    quotes = quoting.quote_texts(user, sorted(quote_ids))
    conversation_langs = (
        describing.conversation_languages(
            run.programme, [o.get("conversation_id", "") for o in opinion]
        )
        if opinion
        else {}
    )
    for conversation in opinion:
        conversation["language"] = conversation_langs.get(conversation.get("conversation_id"), "")
        for part in ("consensus", "divisive"):
            for entry in conversation[part]:
                entry["quote"] = quotes.get(int(entry["statement"]))
                entry["agree_percent"] = [round(100 * a) for a in entry["agree"]]
                entry["strength_percent"] = round(100 * entry.get("strength", 0))
                entry["figure"] = _statement_figure(entry, consensus=part == "consensus")
    for theme in themes:
        theme["quote_list"] = [quotes[int(q)] for q in theme.get("quotes", []) if int(q) in quotes]
        if review_url and theme["count"]:
            theme["review_url"] = f"{review_url}?{urlencode({'thema': theme['id']})}"
    for cluster in clusters:
        cluster["quote_list"] = [
            quotes[int(q)] for q in cluster.get("quotes", []) if int(q) in quotes
        ]
        cluster["language"] = cluster_langs.get(cluster["id"], "")
        if review_url:
            cluster["review_url"] = f"{review_url}?{urlencode({'cluster': cluster['id']})}"
        cluster.update(_cluster_themes(cluster.get("themes", {}), names, content_lang))
    emerging = [
        {
            **e,
            "language": cluster_langs.get(e.get("cluster"), ""),
            "review_url": f"{review_url}?{urlencode({'cluster': e['cluster']})}"
            if review_url and e.get("cluster") is not None
            else "",
        }
        for e in summary.get("emerging", [])
    ]
    blind_spots = []
    for spot in summary.get("blind_spots", []):
        spot = _blind_spot(spot, names)
        # Nothing to open behind a theme that got no contributions at all.
        empty = spot.get("type") == "few_contributions" and not spot.get("count")
        url = f"{review_url}?{urlencode({'thema': spot['theme']})}" if review_url else ""
        spot["theme_html"] = _content_name(spot["theme_name"], content_lang, "" if empty else url)
        blind_spots.append(spot)
    info = summary.get("run", {})
    return {
        "themes": themes,
        "clusters": clusters,
        "emerging": emerging,
        "opinion": opinion,
        "blind_spots": blind_spots,
        "counts": info.get("counts", {}),
        "review": review_queue.review_counts(run) if user.is_programme_team else None,
    }


def _blind_spot(spot: dict, names: dict[str, str]) -> dict:
    column = spot.get("column", "")
    group = spot.get("group", "")
    label = BLIND_SPOT_GROUPS.get(column, {}).get(group)
    return {
        **spot,
        "theme_name": names.get(spot.get("theme"), spot.get("theme")),
        "column_label": BLIND_SPOT_COLUMNS.get(column, column),
        # Mid-sentence: "opleiding hoog"; place names (province, municipality) stay as they are.
        "group_label": str(label).lower() if label is not None else group,
    }


def _content_name(name: str, lang: str, url: str = "") -> str:
    """A theme name to place in a translated sentence: marked up here, in the language of the
    programme's content, and a link when there is somewhere to go."""
    if url:
        return format_html('<a href="{}" lang="{}">{}</a>', url, lang, name)
    return format_html('<span lang="{}">{}</span>', lang, name)


def _cluster_themes(shares: dict[str, float], names: dict[str, str], lang: str) -> dict:
    """A cluster's main theme and its "Thema's:" line: the biggest few themes, the rest as one
    share, and the members that got no theme at all (shares count members by best theme)."""
    if not shares:
        return {"theme_list": []}
    ranked = sorted(shares.items(), key=lambda kv: (-kv[1], names.get(kv[0], kv[0])))
    rest = sum(share for _slug, share in ranked[CLUSTER_THEMES_SHOWN:])
    unthemed = 1 - sum(shares.values())
    main = max(shares, key=shares.get)
    return {
        # Not the library's description: it opens with a raw sentence, and this page shows
        # contribution text only through the privacy app's redaction.
        "main_theme": _content_name(names.get(main, main), lang),
        "theme_list": [
            {"name": names.get(slug, slug), "percent": round(100 * share)}
            for slug, share in ranked[:CLUSTER_THEMES_SHOWN]
        ],
        "other_percent": (round(100 * rest) or "<1") if rest else None,
        "no_theme_percent": round(100 * unthemed) if unthemed >= 0.005 else None,
    }


def _statement_figure(entry: dict, consensus: bool) -> str:
    """How the groups voted on a Polis statement, for the meta line of its own box."""
    if consensus:
        if entry.get("direction") == "agree":
            return _("Elke groep minstens %(p)s%% eens") % {"p": entry["strength_percent"]}
        return _("Elke groep minstens %(p)s%% oneens") % {"p": entry["strength_percent"]}
    return " · ".join(
        _("groep %(g)s: %(p)s%% eens") % {"g": g, "p": p}
        for g, p in enumerate(entry["agree_percent"], 1)
    )


# -- review --------------------------------------------------------------------------------


def review_states() -> list[tuple[str, str]]:
    """The review states for the counters and the filter: "decided elsewhere" is not stored
    but follows "open", the state it is taken from."""
    states = list(Suggestion.Review.choices)
    states.insert(1, (review_queue.ELSEWHERE, _("Elders al beoordeeld")))
    return states


def active_filters(wanted, params, names, cluster_choices, states) -> list[dict]:
    """The filters in force, in words, each with the link that drops it."""
    clusters = {c: label for c, label, _size in cluster_choices}
    shown = []
    if wanted.state:
        shown.append(("beoordeling", _("Beoordeling"), dict(states).get(wanted.state)))
    if wanted.theme:
        name = _("Geen thema") if wanted.theme == "-" else names.get(wanted.theme, wanted.theme)
        shown.append(("thema", _("Voorgesteld thema"), name))
    if wanted.cluster is not None:
        label = clusters.get(wanted.cluster, "")
        shown.append(
            (
                "cluster",
                _("Bevinding"),
                _("cluster %(n)s: %(label)s") % {"n": wanted.cluster, "label": label}
                if label
                else _("cluster %(n)s") % {"n": wanted.cluster},
            )
        )
    return [
        {
            "label": label,
            "value": value or "",
            "remove": urlencode({k: v for k, v in params.items() if k != key}),
        }
        for key, label, value in shown
        if value is not None
    ]


def review_rows(run, suggestions, forms=None, confirm=None, names=None) -> list[dict]:
    """Review rows with what the template needs, in a fixed number of queries. `confirm`:
    ids of suggestions whose acceptance waits for the analyst to confirm that it replaces
    what was decided before."""
    forms = forms or {}
    confirm = confirm or set()
    names = names if names is not None else describing.theme_names(run)
    choices = coding.theme_choices(run.programme)
    offered = {slug for slug, _name in choices}
    ids = [s.contribution_id for s in suggestions]
    person = coding.person_codes(ids)
    elsewhere = review_queue.decisions_elsewhere(run, ids)
    kinds = dict(Kind.choices)
    rows = []
    for suggestion in suggestions:
        codes = person.get(suggestion.contribution_id, [])
        where = elsewhere.get(suggestion.contribution_id)
        no_theme = suggestion.review == Suggestion.Review.NO_THEME or (
            not codes and where is not None and where.review == Suggestion.Review.NO_THEME
        )
        # "Wijzigen" starts from what stands: the analyst's codes, or their "no theme fits";
        # only an undecided contribution starts from the suggestion.
        own = [slug for slug in codes if slug in offered]
        form = forms.get(suggestion.pk) or ChangeForm(
            programme=run.programme,
            theme_choices=choices,
            initial={
                "themes": own or ([] if no_theme else [t["theme"] for t in suggestion.themes]),
                "no_theme": no_theme and not own,
                "kind": suggestion.kind or suggestion.contribution.kind,
            },
            prefix=f"s{suggestion.pk}",
        )
        standing = review_queue.standing_decision(suggestion) if suggestion.pk in confirm else None
        rows.append(
            {
                "s": suggestion,
                "c": suggestion.contribution,
                "themes": [
                    {"name": names.get(t["theme"], t["theme"]), "score": t["score"]}
                    for t in suggestion.themes
                ],
                "kind_label": kinds.get(suggestion.kind, suggestion.kind),
                "person_codes": [names.get(slug, slug) for slug in codes],
                "no_theme": no_theme and not codes,
                "theme_names": [names.get(t["theme"], t["theme"]) for t in suggestion.themes],
                # Where it was decided, beside a row not decided here; a rejection names the
                # theme it rejected, which need not be this run's suggestion.
                "where": where,
                "show_where": where is not None
                and suggestion.review in (Suggestion.Review.OPEN, Suggestion.Review.CODED),
                "where_theme": (names.get(where.theme, where.theme) or _("geen thema"))
                if where is not None and where.review == Suggestion.Review.REJECTED
                else "",
                "elsewhere": getattr(suggestion, "elsewhere", False),
                "form": form,
                "confirm": standing is not None,
            }
        )
    return rows
