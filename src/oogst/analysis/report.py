"""A self-contained HTML report of an analysis (inline CSS and SVG, no external assets).

Every piece of text from the input is escaped. Written for an analyst: theme sizes, the
findings (clusters) with their labels and quotes, emerging topics, blind spots, settings.
In Dutch (the default) or English (`language="en"`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#1b1b1b;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #154273}
h3{font-size:1.05rem;margin-bottom:.2rem}
.meta{color:#4a4a4a;font-size:.9rem}
blockquote{margin:.4rem 0 .4rem 0;padding:.3rem .8rem;border-left:4px solid #154273;
background:#f3f6f9}
.role{font-size:.85rem;color:#4a4a4a}
.kw{display:inline-block;background:#e7eef5;border-radius:3px;padding:0 .35rem;
margin:0 .2rem .2rem 0;font-size:.85rem}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
svg text{font-size:12px;fill:#1b1b1b}
"""


WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Oogst — analyse",
        "per_theme": "Aantal bijdragen per thema",
        "contributions": "bijdragen",
        "findings": "bevindingen",
        "themes": "Thema's",
        "clusters": "Bevindingen (clusters)",
        "emerging": "Opkomende onderwerpen",
        "no_emerging": "Geen: alle bevindingen passen bij een thema.",
        "blind_spots": "Witte vlekken",
        "few": "{theme}: weinig bijdragen ({count})",
        "under": "{theme}: {column} = {group} ondervertegenwoordigd "
        "({count} bijdragen, {expected} verwacht)",
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
        "contributions": "contributions",
        "findings": "findings",
        "themes": "Themes",
        "clusters": "Findings (clusters)",
        "emerging": "Emerging topics",
        "no_emerging": "None: every finding fits a theme.",
        "blind_spots": "Blind spots",
        "few": "{theme}: few contributions ({count})",
        "under": "{theme}: {column} = {group} under-represented "
        "({count} contributions, {expected} expected)",
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


def _theme_chart(themes: Sequence[Mapping[str, Any]], caption: str) -> str:
    if not themes:
        return ""
    width, bar_h, label_w = 640, 22, 220
    biggest = max((t["count"] for t in themes), default=0) or 1
    height = bar_h * len(themes) + 10
    parts = [
        f'<svg role="img" aria-labelledby="chart-title" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(caption)}</title>',
    ]
    for i, theme in enumerate(themes):
        y = i * bar_h + 4
        w = int((width - label_w - 60) * theme["count"] / biggest)
        parts.append(
            f'<text x="0" y="{y + 15}">{escape(str(theme["name"]))[:40]}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h - 6}" fill="#154273"/>'
            f'<text x="{label_w + w + 6}" y="{y + 15}">{int(theme["count"])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _quote(record: Mapping[str, Any] | None, cid: str) -> str:
    if record is None:
        return f"<blockquote>{escape(cid)}</blockquote>"
    role = str(record.get("role") or "").strip()
    who = f' <span class="role">— {escape(role)}</span>' if role else ""
    return f"<blockquote>{escape(str(record.get('text', '')))}{who}</blockquote>"


def _opinion(
    conversations: Sequence[Mapping[str, Any]],
    by_id: Mapping[str, Mapping[str, Any]],
    w: Mapping[str, str],
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
        out.extend(_quote(by_id.get(e["statement"]), e["statement"]) for e in c["consensus"])
        out.append(f"<h4>{w['divisive']}</h4>")
        for e in c["divisive"]:
            out.append(_quote(by_id.get(e["statement"]), e["statement"]))
            rates = " · ".join(
                f"{i + 1}: {round(100 * a)}% {w['agree']}" for i, a in enumerate(e["agree"])
            )
            out.append(f"<p class='meta'>{escape(rates)}</p>")
    return out


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
    by_id = {str(r.get("id")): r for r in records}
    run = analysis.get("run", {})
    themes = analysis.get("themes", [])
    out = [
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{int(run.get("counts", {}).get("contributions", 0))} '
        f"{w['contributions']} · {len(analysis.get('clusters', []))} {w['findings']} · "
        f"embedder {escape(str(run.get('embedder', '')))} · "
        f"seed {escape(str(run.get('seed', '')))} · {escape(str(run.get('created_at', '')))}</p>",
        f"<h2>{w['themes']}</h2>",
        _theme_chart(themes, w["per_theme"]),
    ]
    for theme in themes:
        out.append(
            f"<h3>{escape(str(theme['name']))} ({int(theme['count'])})</h3>"
            f"<p>{escape(str(theme.get('summary', '')))}</p>"
        )
        out.extend(_quote(by_id.get(q), q) for q in theme.get("quotes", [])[:3])
    out.append(f"<h2>{w['clusters']}</h2>")
    for cluster in analysis.get("clusters", []):
        keywords = "".join(f'<span class="kw">{escape(k)}</span>' for k in cluster["keywords"])
        shares = ", ".join(
            f"{escape(t)} {round(100 * s)}%" for t, s in list(cluster.get("themes", {}).items())[:3]
        )
        out.append(
            f"<h3>{int(cluster['id']) + 1}. {escape(str(cluster['label']))} "
            f"({int(cluster['size'])})</h3><p>{keywords}</p>"
            f'<p class="meta">{escape(str(cluster.get("description", "")))}<br>{shares}</p>'
        )
        out.extend(_quote(by_id.get(q), q) for q in cluster.get("quotes", []))
    out.extend(_opinion(analysis.get("opinion") or [], by_id, w))
    out.append(f"<h2>{w['emerging']}</h2>")
    emerging = analysis.get("emerging", [])
    if emerging:
        out.append("<ul>")
        for e in emerging:
            out.append(
                f"<li><strong>{escape(str(e['name']))}</strong> "
                f"({int(e['size'])} {w['contributions']}): "
                f"{escape(', '.join(e['keywords']))}</li>"
            )
        out.append("</ul>")
    else:
        out.append(f"<p>{w['no_emerging']}</p>")
    out.append(f"<h2>{w['blind_spots']}</h2>")
    spots = analysis.get("blind_spots", [])
    if spots:
        out.append("<ul>")
        for s in spots:
            template = w["few"] if s["type"] == "few_contributions" else w["under"]
            out.append(f"<li>{escape(template.format(**s))}</li>")
        out.append("</ul>")
    else:
        out.append(f"<p>{w['none_found']}</p>")
    out.append(f"<h2>{w['settings']}</h2><table>")
    rows = {k: v for k, v in run.items() if k not in ("settings", "counts")}
    rows.update({f"settings.{k}": v for k, v in run.get("settings", {}).items()})
    rows.update({f"counts.{k}": v for k, v in run.get("counts", {}).items()})
    for key, value in rows.items():
        out.append(f"<tr><th scope='row'>{escape(key)}</th><td>{escape(str(value))}</td></tr>")
    out.append("</table></main></body></html>")
    return "\n".join(out)
