"""A self-contained HTML report of an analysis (inline CSS and SVG, no external assets).

Every piece of text from the input is escaped. Written for an analyst: theme sizes, the
findings (clusters) with their labels and quotes, emerging topics, blind spots, settings.
In Dutch (the default) or English (`language="en"`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from .quotes import is_paraphrase, may_quote
from .text import first_sentence, guess_language, plain_text

# Narrow screens (WCAG 1.4.10 reflow): nothing has a fixed width, long words (URLs, file
# names) break rather than push the page sideways, and so do the settings' values (hashes):
# "anywhere" also lets the table shrink its column, which "break-word" does not.
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#1b1b1b;background:#fff;line-height:1.5;overflow-wrap:break-word}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #154273}
h3{font-size:1.05rem;margin-bottom:.2rem}
.meta{color:#4a4a4a;font-size:.9rem}
.quote{margin:.4rem 0;padding:.3rem .8rem;border-left:4px solid #154273;background:#f3f6f9}
.quote blockquote{margin:0}
.quote figcaption,.source{font-size:.85rem;color:#4a4a4a}
.extracts{list-style:none;padding-left:0;margin-top:.2rem}
.extracts li{margin:.3rem 0;padding-left:.8rem;border-left:4px solid #6b7c93;font-style:italic}
.extracts .source{font-style:normal}
.kw{display:inline-block;background:#e7eef5;border-radius:3px;padding:0 .35rem;
margin:0 .2rem .2rem 0;font-size:.85rem}
.chart{margin:1rem 0}.chart figcaption{font-weight:600}
.bars{list-style:none;padding:0;margin:.4rem 0}.bars li{margin:0 0 .5rem}
.bars .count{font-weight:600;margin-left:.4rem}
.bar{display:block}.bar rect{fill:#154273}
@media (forced-colors:active){.bar rect{fill:CanvasText}}
table{border-collapse:collapse;max-width:100%}
td,th{border:1px solid #767676;padding:.2rem .5rem;text-align:left;vertical-align:top}
td{overflow-wrap:anywhere}
"""


WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Oogst — analyse",
        "per_theme": "Aantal bijdragen per thema",
        "contribution": "bijdrage",
        "contributions": "bijdragen",
        "finding": "bevinding",
        "findings": "bevindingen",
        "themes": "Thema's",
        "clusters": "Bevindingen (clusters)",
        "extracts": "Zinnen uit bijdragen van deelnemers (letterlijk, soms ingekort):",
        "llm_summary": "Samenvatting door een taalmodel, op basis van de bijdragen "
        "(controleer haar aan de citaten):",
        "not_in_report": "tekst niet in dit rapport",
        "not_verbatim": "samenvatting, geen letterlijk citaat",
        "shortened": "ingekort",
        "months": "januari februari maart april mei juni juli augustus september oktober "
        "november december",
        "yes": "ja",
        "no": "nee",
        "emerging": "Opkomende onderwerpen",
        "no_emerging": "Geen: alle bevindingen passen bij een thema.",
        "blind_spots": "Witte vlekken",
        "few": "{theme}: weinig bijdragen ({count})",
        "under": "{theme}: {group} ondervertegenwoordigd ({count}, {expected} verwacht)",
        "none_found": "Geen gevonden.",
        "settings": "Instellingen van deze run",
        "opinion": "Opiniegroepen uit Polis-stemmen",
        "grouped": "{grouped} deelnemers in {k} groepen ({sizes}); overeenstemming met de "
        "groepen van Polis zelf (ARI): {ari}",
        "consensus": "Waar alle groepen het over eens zijn",
        "divisive": "Wat de groepen verdeelt",
        "agree": "eens",
    },
    "en": {
        "title": "Oogst — analysis",
        "per_theme": "Contributions per theme",
        "contribution": "contribution",
        "contributions": "contributions",
        "finding": "finding",
        "findings": "findings",
        "themes": "Themes",
        "clusters": "Findings (clusters)",
        "extracts": "Sentences from participants' contributions (verbatim, some shortened):",
        "llm_summary": "Summary by a language model, based on the contributions "
        "(check it against the quotes):",
        "not_in_report": "text not in this report",
        "not_verbatim": "summary, not a verbatim quote",
        "shortened": "shortened",
        "months": "January February March April May June July August September October "
        "November December",
        "yes": "yes",
        "no": "no",
        "emerging": "Emerging topics",
        "no_emerging": "None: every finding fits a theme.",
        "blind_spots": "Blind spots",
        "few": "{theme}: few contributions ({count})",
        "under": "{theme}: {group} under-represented ({count}, {expected} expected)",
        "none_found": "None found.",
        "settings": "Settings of this run",
        "opinion": "Opinion groups from Polis votes",
        "grouped": "{grouped} participants in {k} groups ({sizes}); agreement with the "
        "groups Polis itself found (ARI): {ari}",
        "consensus": "What every group agrees on",
        "divisive": "What divides the groups",
        "agree": "agree",
    },
}

# Readable names of the demographic columns the blind-spot search knows (gaps.py), by
# language; another column is shown by its own name.
DEMOGRAPHIC_LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "age_group": "leeftijdsgroep",
        "leeftijdsgroep": "leeftijdsgroep",
        "age": "leeftijd",
        "leeftijd": "leeftijd",
        "gender": "geslacht",
        "geslacht": "geslacht",
        "region": "regio",
        "regio": "regio",
        "province": "provincie",
        "provincie": "provincie",
        "education": "opleidingsniveau",
        "opleiding": "opleidingsniveau",
        "opleidingsniveau": "opleidingsniveau",
        "municipality": "gemeente",
        "gemeente": "gemeente",
    },
    "en": {
        "age_group": "age group",
        "leeftijdsgroep": "age group",
        "age": "age",
        "leeftijd": "age",
        "gender": "gender",
        "geslacht": "gender",
        "region": "region",
        "regio": "region",
        "province": "province",
        "provincie": "province",
        "education": "education level",
        "opleiding": "education level",
        "opleidingsniveau": "education level",
        "municipality": "municipality",
        "gemeente": "municipality",
    },
}


# The settings table's rows in words: (Dutch, English) per key of `run`, `run.settings` and
# `run.counts`; a key not listed here is shown as it is.
SETTING_NAMES: dict[str, tuple[str, str]] = {
    "version": ("versie van Oogst", "Oogst version"),
    "created_at": ("gemaakt op", "made on"),
    "seconds": ("duur (seconden)", "duration (seconds)"),
    "embedder": ("embedder (taalmodel)", "embedder (language model)"),
    "seed": ("seed (startgetal)", "seed"),
    "input_sha256": ("vingerafdruk van de invoer (sha256)", "fingerprint of the input (sha256)"),
    "codebook_sha256": ("vingerafdruk van het codeboek", "fingerprint of the codebook"),
    "settings.embedder": ("gevraagde embedder", "embedder asked for"),
    "settings.seed": ("seed", "seed"),
    "settings.n_clusters": ("aantal bevindingen gevraagd", "number of findings asked for"),
    "settings.language": ("taal", "language"),
    "settings.n_quotes": ("citaten per bevinding", "quotes per finding"),
    "settings.demographics": ("kenmerken voor witte vlekken", "characteristics for blind spots"),
    "settings.llm_summary": ("samenvatting door een taalmodel", "summary by a language model"),
    "settings.n_suggestions": ("voorstellen om te labelen", "suggestions to label"),
    "settings.examples": ("gelabelde voorbeelden", "labelled examples"),
    "settings.examples_sha256": ("vingerafdruk van de voorbeelden", "fingerprint of the examples"),
    "settings.accepted_labels": ("geaccepteerde labels", "accepted labels"),
    "settings.theme_threshold": ("drempel voor een extra thema", "threshold for a further theme"),
    "settings.redacted": ("persoonsgegevens vervangen", "personal data replaced"),
    "counts.contributions": ("bijdragen", "contributions"),
    "counts.empty": ("lege bijdragen (niet gecodeerd)", "empty contributions (not coded)"),
    "counts.embedded": ("nieuw omgezet naar vectoren", "newly embedded"),
    "counts.clusters": ("bevindingen", "findings"),
    "counts.without_theme": ("zonder passend thema", "without a fitting theme"),
    "counts.kinds_given": ("soort meegegeven", "kind given"),
    "kinds_not_recognised": ("onbekende soorten (voorspeld)", "kinds not recognised (predicted)"),
}
# Quotes shown per theme (the findings show all of theirs).
THEME_QUOTES = 3
# A quote longer than this is shortened in the report (the full text stays in the input).
QUOTE_LIMIT = 800


def _setting_value(value: Any, w: Mapping[str, str]) -> str:
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return w["yes"] if value else w["no"]
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _when(stamp: str, w: Mapping[str, str]) -> str:
    """'2026-11-25T15:51:09+00:00' as '25 november 2026, 15:51 UTC'."""
    from datetime import UTC, datetime

    try:
        moment = datetime.fromisoformat(stamp).astimezone(UTC)
    except (TypeError, ValueError):
        return stamp
    month = w["months"].split()[moment.month - 1]
    return f"{moment.day} {month} {moment.year}, {moment:%H:%M} UTC"


def _percent(share: float) -> str:
    """A share as a whole percentage; a small but real share is "<1%", not "0%"."""
    return "<1%" if 0 < share < 0.005 else f"{round(100 * share)}%"


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def _theme_chart(themes: Sequence[Mapping[str, Any]], caption: str) -> str:
    """A bar per theme in an HTML list: the name wraps above its bar, so nothing overlaps or
    is cut, and each bar is an SVG that stretches to the width of the page."""
    if not themes:
        return ""
    biggest = max((int(t["count"]) for t in themes), default=0) or 1
    items = []
    for theme in themes:
        count = int(theme["count"])
        length = round(100 * count / biggest, 1)
        items.append(
            f'<li><span class="name">{escape(str(theme["name"]))}</span>'
            f'<span class="count">{count}</span>'
            '<svg class="bar" aria-hidden="true" focusable="false" width="100%" height="14" '
            f'viewBox="0 0 100 1" preserveAspectRatio="none"><rect width="{length}" height="1"/>'
            "</svg></li>"
        )
    return (
        f'<figure class="chart"><figcaption>{escape(caption)}</figcaption>'
        f'<ul class="bars">{"".join(items)}</ul></figure>'
    )


def _lang(text: str, page: str) -> str:
    """A lang attribute for a participant's text in another language than the page, so that
    a screen reader reads a German quote in a Dutch report as German (WCAG 3.1.2)."""
    found = guess_language(text, default=page)
    return "" if found == page else f' lang="{escape(found)}"'


def _quote(record: Mapping[str, Any] | None, cid: str, w: Mapping[str, str], lang: str) -> str:
    ref = f'<span class="cid">#{escape(cid)}</span>'
    if record is None:
        return (
            f'<figure class="quote"><figcaption>{ref} ({w["not_in_report"]})</figcaption></figure>'
        )
    # As the analysis read it: a text pasted from a web page shows its words, not its tags.
    text = plain_text(str(record.get("text", "")))
    role = str(record.get("role") or "").strip()
    who = f"— {escape(role)} · {ref}" if role else ref
    if len(text) > QUOTE_LIMIT:
        text = text[:QUOTE_LIMIT].rsplit(" ", 1)[0] + " …"
        who += f" ({w['shortened']})"
    if is_paraphrase(record):
        # Someone's summary of what was said (a facilitator's note) is labelled as one, and
        # never put in quotation marks as if the role had said it.
        return (
            f'<figure class="quote summary"><p class="meta">{w["not_verbatim"]}</p>'
            f"<p{_lang(text, lang)}>{escape(text)}</p><figcaption>{who}</figcaption></figure>"
        )
    return (
        f'<figure class="quote"><blockquote{_lang(text, lang)}>{escape(text)}</blockquote>'
        f"<figcaption>{who}</figcaption></figure>"
    )


def _summary(
    theme: Mapping[str, Any],
    by_id: Mapping[str, Mapping[str, Any]],
    by_llm: bool,
    w: Mapping[str, str],
    lang: str,
) -> str:
    """A theme's summary, never to be mistaken for the analyst's conclusion: the extractive one
    as a list of quoted sentences with their contributions, an LLM's marked as such."""
    summary = str(theme.get("summary") or "")
    if not summary:
        return ""
    if by_llm:
        return f'<p class="meta">{w["llm_summary"]}</p><p>{escape(summary)}</p>'
    # The first sentence of each contribution the summary quotes; an analysis.json written
    # before summaries named their sources shows the summary as one extract.
    sources = [str(cid) for cid in theme.get("summary_sources") or []]
    # A contribution the theme quotes in full below is not extracted above it as well.
    quoted = {str(q) for q in theme.get("quotes", [])[:THEME_QUOTES]}
    extracts: list[tuple[str, str | None]] = [
        (first_sentence(plain_text(str(by_id[cid].get("text") or ""))), cid)
        for cid in sources
        if cid in by_id and cid not in quoted
    ]
    if not sources:  # an analysis.json written before summaries named their sources
        extracts = [(summary, None)]
    if not extracts:
        return ""
    # Contributions that open with the same sentence: that sentence once.
    first: dict[str, tuple[str, str | None]] = {}
    for sentence, cid in extracts:
        first.setdefault(sentence, (sentence, cid))
    extracts = list(first.values())
    items = []
    for sentence, cid in extracts:
        ref = f' <span class="source">#{escape(cid)}</span>' if cid else ""
        items.append(f"<li><q{_lang(sentence, lang)}>{escape(sentence)}</q>{ref}</li>")
    return f'<p class="meta">{w["extracts"]}</p><ul class="extracts">{"".join(items)}</ul>'


def _blind_spot(
    spot: Mapping[str, Any], names: Mapping[str, str], w: Mapping[str, str], language: str
) -> str:
    theme = names.get(str(spot["theme"]), str(spot["theme"]))
    if spot["type"] == "few_contributions":
        return w["few"].format(theme=theme, count=int(spot["count"]))
    column = str(spot["column"])
    label = DEMOGRAPHIC_LABELS[language].get(column.lower(), column.replace("_", " "))
    return w["under"].format(
        theme=theme,
        group=f"{label} {spot['group']}",
        count=_count(int(spot["count"]), w["contribution"], w["contributions"]),
        expected=_decimal(spot["expected"], language),
    )


def _decimal(value: Any, language: str) -> str:
    """A decimal as the reader writes it: 15,7 in Dutch, 15.7 in English."""
    text = str(value)
    return text.replace(".", ",") if language == "nl" and isinstance(value, float) else text


def _opinion(
    conversations: Sequence[Mapping[str, Any]],
    by_id: Mapping[str, Mapping[str, Any]],
    w: Mapping[str, str],
    lang: str,
) -> list[str]:
    """Opinion groups per Polis conversation, when the analysis has them (the web app)."""
    if not conversations:
        return []
    out = [f"<h2>{w['opinion']}</h2>"]
    for c in conversations:
        ari = c.get("agreement_with_polis")
        summary = w["grouped"].format(
            grouped=int(c["grouped"]),
            k=int(c["k"]),
            sizes=" / ".join(str(int(n)) for n in c.get("sizes", [])),
            ari="—" if ari is None else ari,
        )
        out.append(
            f"<h3>{escape(str(c['conversation']))}</h3><p class='meta'>{escape(summary)}</p>"
        )
        out.append(f"<h4>{w['consensus']}</h4>")
        out.extend(
            _quote(by_id.get(str(e["statement"])), str(e["statement"]), w, lang)
            for e in c["consensus"]
        )
        out.append(f"<h4>{w['divisive']}</h4>")
        for e in c["divisive"]:
            out.append(_quote(by_id.get(str(e["statement"])), str(e["statement"]), w, lang))
            rates = " · ".join(
                f"{i + 1}: {round(100 * a)}% {w['agree']}" for i, a in enumerate(e["agree"])
            )
            out.append(f"<p class='meta'>{escape(rates)}</p>")
    return out


def withhold_unquotable(
    analysis: Mapping[str, Any], records: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """The analysis with no words of a record that may not be quoted (`may_quote`) today:
    an extractive theme summary keeps the sentences of its quotable sources only, and a
    finding's description (a sentence of its first quote) goes when that quote may not be
    quoted, and so does its representative sentence when its source may not. Ids, counts
    and scores stay. For what leaves the system after consent changed:
    `records` are those the analysis names, as they are now (a record not among them counts
    as not quotable)."""
    quotable = {str(r.get("id")): r for r in records if may_quote(r)}
    by_llm = bool(analysis.get("run", {}).get("settings", {}).get("llm_summary"))
    themes = []
    for theme in analysis.get("themes", []):
        theme = dict(theme)
        sources = [str(cid) for cid in theme.get("summary_sources") or []]
        if sources and not by_llm:
            kept = [cid for cid in sources if cid in quotable]
            theme["summary_sources"] = kept
            theme["summary"] = " ".join(
                first_sentence(plain_text(str(quotable[cid].get("text") or ""))) for cid in kept
            )
        themes.append(theme)
    clusters = []
    for cluster in analysis.get("clusters", []):
        quotes = cluster.get("quotes") or []
        if not (quotes and str(quotes[0]) in quotable):
            cluster = {**cluster, "description": ""}
        if cluster.get("sentence") and str(cluster.get("sentence_source")) not in quotable:
            cluster = {**cluster, "sentence": ""}
        clusters.append(cluster)
    return {**analysis, "themes": themes, "clusters": clusters}


def render_report(
    analysis: Mapping[str, Any],
    records: Sequence[Mapping[str, Any]],
    title: str | None = None,
    language: str = "nl",
) -> str:
    """The report as one HTML string, in Dutch or English (`language` "nl" or "en")."""
    language = language if language in WORDS else "nl"
    w = WORDS[language]
    title = title or w["title"]
    # A record that may not be quoted is not in the report: its quotes read "text not in this
    # report", and no extract or finding's description repeats its words.
    by_id = {str(r.get("id")): r for r in records if may_quote(r)}
    analysis = withhold_unquotable(analysis, records)
    run = analysis.get("run", {})
    # Largest theme first, as the chart reads; ties by name.
    themes = sorted(analysis.get("themes", []), key=lambda t: (-int(t["count"]), str(t["name"])))
    # Findings and blind spots name themes by id; the reader knows them by name.
    names = {str(t["id"]): str(t["name"]) for t in themes}
    by_llm = bool(run.get("settings", {}).get("llm_summary"))
    n_contributions = int(run.get("counts", {}).get("contributions", 0))
    n_findings = len(analysis.get("clusters", []))
    out = [
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{_count(n_contributions, w["contribution"], w["contributions"])} · '
        f"{_count(n_findings, w['finding'], w['findings'])} · "
        f"embedder {escape(str(run.get('embedder', '')))} · "
        f"seed {escape(str(run.get('seed', '')))} · "
        f"{escape(_when(str(run.get('created_at', '')), w))}</p>",
        f"<h2>{w['themes']}</h2>",
        _theme_chart(themes, w["per_theme"]),
    ]
    for theme in themes:
        out.append(f"<h3>{escape(str(theme['name']))} ({int(theme['count'])})</h3>")
        out.append(_summary(theme, by_id, by_llm, w, language))
        quotes = theme.get("quotes", [])[:THEME_QUOTES]
        out.extend(_quote(by_id.get(q), q, w, language) for q in quotes)
    out.append(f"<h2>{w['clusters']}</h2>")
    for cluster in analysis.get("clusters", []):
        keywords = "".join(f'<span class="kw">{escape(k)}</span>' for k in cluster["keywords"])
        shares = ", ".join(
            f"{escape(names.get(t, t))} {escape(_percent(s))}"
            for t, s in list(cluster.get("themes", {}).items())[:3]
        )
        sentence = str(cluster.get("sentence") or "")
        out.append(
            f"<h3>{int(cluster['id']) + 1}. {escape(str(cluster['label']))} "
            f"({int(cluster['size'])})</h3>"
            + (f"<p>{escape(sentence)}</p>" if sentence else "")
            + f"<p>{keywords}</p>"
            f'<p class="meta">{escape(str(cluster.get("description", "")))}<br>{shares}</p>'
        )
        out.extend(_quote(by_id.get(q), q, w, language) for q in cluster.get("quotes", []))
    out.extend(_opinion(analysis.get("opinion") or [], by_id, w, language))
    out.append(f"<h2>{w['emerging']}</h2>")
    emerging = analysis.get("emerging", [])
    if emerging:
        out.append("<ul>")
        for e in emerging:
            out.append(
                f"<li><strong>{escape(str(e['name']))}</strong> "
                f"({_count(int(e['size']), w['contribution'], w['contributions'])}): "
                f"{escape(', '.join(e['keywords']))}</li>"
            )
        out.append("</ul>")
    else:
        out.append(f"<p>{w['no_emerging']}</p>")
    out.append(f"<h2>{w['blind_spots']}</h2>")
    spots = analysis.get("blind_spots", [])
    if spots:
        out.append("<ul>")
        out.extend(f"<li>{escape(_blind_spot(s, names, w, language))}</li>" for s in spots)
        out.append("</ul>")
    else:
        out.append(f"<p>{w['none_found']}</p>")
    out.append(f"<h2>{w['settings']}</h2><table>")
    rows = {k: v for k, v in run.items() if k not in ("settings", "counts")}
    rows.update({f"settings.{k}": v for k, v in run.get("settings", {}).items()})
    rows.update({f"counts.{k}": v for k, v in run.get("counts", {}).items()})
    which = 0 if language == "nl" else 1
    for key, value in rows.items():
        named = SETTING_NAMES.get(key)
        # A narrow screen may break a raw key after a dot, not inside a word.
        head = escape(named[which]) if named else escape(key).replace(".", ".<wbr>")
        shown = _when(str(value), w) if key == "created_at" else _setting_value(value, w)
        out.append(f"<tr><th scope='row'>{head}</th><td>{escape(shown)}</td></tr>")
    out.append("</table></main></body></html>")
    return "\n".join(out)
