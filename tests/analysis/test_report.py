"""The HTML report: self-contained, every piece of input text escaped, readable on a phone,
and every quote traceable to its contribution."""

from __future__ import annotations

import re

from oogst.analysis.gaps import DEMOGRAPHIC_COLUMNS
from oogst.analysis.report import DEMOGRAPHIC_LABELS, render_report


def test_report_escapes_text_and_role_and_has_no_external_assets():
    analysis = {
        "run": {"embedder": "use", "seed": 0, "counts": {"contributions": 1}},
        "themes": [{"id": "t", "name": "Wonen <b>", "count": 1, "quotes": ["1"], "summary": "x"}],
        "clusters": [
            {
                "id": 0,
                "label": "huur",
                "keywords": ["huur"],
                "size": 1,
                "quotes": ["1"],
                "themes": {"t": 1.0},
                "description": "Wonen: <img src=x>",
            }
        ],
        "emerging": [{"name": "vuurwerk", "keywords": ["<i>"], "size": 5}],
        "blind_spots": [{"type": "few_contributions", "theme": "zorg", "count": 0}],
    }
    records = [{"id": "1", "text": "<script>alert(1)</script> & meer", "role": "<Wethouder>"}]
    html = render_report(analysis, records)
    # Markup is read as its words (a script's content is none) and what is left is escaped.
    assert "<script" not in html and "alert(1)" not in html and "&amp; meer" in html
    assert "&lt;Wethouder&gt;" in html and "<img" not in html and "Wonen &lt;b&gt;" in html
    assert "<link" not in html and "http" not in html
    assert not re.search(r"<[^>]*\ssrc=", html)


def test_the_report_speaks_english_when_asked():
    analysis = {
        "run": {"counts": {"contributions": 3}},
        "themes": [{"id": "t", "name": "Housing", "count": 3, "quotes": [], "summary": ""}],
        "clusters": [],
        "emerging": [],
        "blind_spots": [
            {
                "type": "under_represented",
                "theme": "t",
                "column": "age_group",
                "group": "18-24",
                "count": 1,
                "expected": 6.0,
            }
        ],
    }
    english = render_report(analysis, [], language="en")
    assert '<html lang="en">' in english and "Emerging topics" in english
    assert "Housing: age group 18-24 under-represented (1 contribution, 6.0 expected)" in english
    assert "bijdragen" not in english
    dutch = render_report(analysis, [])
    assert '<html lang="nl">' in dutch and "Opkomende onderwerpen" in dutch
    assert "Housing: leeftijdsgroep 18-24 ondervertegenwoordigd (1 bijdrage, 6,0 verwacht)" in dutch


LONG_NAME = "Woningmarkt en mobiliteit: betaalbaar wonen & openbaar vervoer voor iedereen"


def _analysis() -> dict:
    return {
        "run": {
            "embedder": "use",
            "seed": 0,
            "input_sha256": "2fa7fd1f65e6b0efc6111485febab14a1e116e636df0a31c6703ded0a9b769ef",
            "settings": {"language": "de", "llm_summary": False},
            "counts": {"contributions": 1},
        },
        "themes": [
            {"id": "wonen", "name": LONG_NAME, "count": 120, "quotes": ["c1"], "summary": ""},
            {"id": "mobilitaet", "name": "Mobiliteit", "count": 3, "quotes": [], "summary": ""},
            {"id": "ernaehrung", "name": "Eten en land", "count": 0, "quotes": [], "summary": ""},
        ],
        "clusters": [
            {
                "id": 0,
                "label": "bus · trein",
                "keywords": ["bus"],
                "size": 1,
                "quotes": ["c1", "gone"],
                "themes": {"mobilitaet": 0.77, "wonen": 0.13},
                "description": "Mobiliteit: bus",
            }
        ],
        "emerging": [],
        "blind_spots": [
            {"type": "few_contributions", "theme": "ernaehrung", "count": 0},
            {
                "type": "under_represented",
                "theme": "wonen",
                "column": "education",
                "group": "hoog",
                "count": 7,
                "expected": 15.2,
            },
            {
                "type": "under_represented",
                "theme": "wonen",
                "column": "municipality",
                "group": "Almere",
                "count": 1,
                "expected": 5.5,
            },
        ],
    }


RECORDS = [
    {"id": "c1", "text": "Die Busse fahren zu selten und der Zug ist zu teuer.", "role": "Student"}
]


def test_nothing_in_the_report_has_a_fixed_width_so_it_reflows_on_a_phone():
    html = render_report(_analysis(), RECORDS)
    # The old chart was a 640 px wide SVG: a page of 913 px on a 360 px phone.
    assert not re.search(r'width="\d+(px)?"', html)
    assert not re.search(r"width:\s*\d+px", html)
    assert '<meta name="viewport" content="width=device-width' in html
    # Hashes in the settings table may wrap, or the table pushes the page sideways.
    assert "td{overflow-wrap:anywhere}" in html
    bars = [float(x) for x in re.findall(r'<rect width="([\d.]+)"', html)]
    assert bars == [100.0, 2.5, 0.0]


def test_long_theme_names_are_shown_whole_and_apart_from_their_count():
    html = render_report(_analysis(), RECORDS)
    chart = html[html.index('<figure class="chart">') : html.index("</figure>")]
    assert (
        '<span class="name">Woningmarkt en mobiliteit: betaalbaar wonen &amp; openbaar vervoer '
        'voor iedereen</span><span class="count">120</span>'
    ) in chart
    assert "<text" not in html


def test_every_quote_carries_its_contribution_id_next_to_the_role():
    html = render_report(_analysis(), RECORDS)
    assert '<figcaption>— Student · <span class="cid">#c1</span></figcaption>' in html
    without_role = render_report(_analysis(), [{"id": "c1", "text": "Ja."}])
    assert '<figcaption><span class="cid">#c1</span></figcaption>' in without_role
    # A quote whose contribution is not among the records still says which one it was.
    assert '<span class="cid">#gone</span> (tekst niet in dit rapport)' in html


def test_finding_shares_and_blind_spots_name_themes_not_ids():
    html = render_report(_analysis(), RECORDS)
    assert "Mobiliteit 77%, Woningmarkt en mobiliteit" in html
    assert "<li>Eten en land: weinig bijdragen (0)</li>" in html
    for theme_id in ("mobilitaet", "ernaehrung", "wonen:"):
        assert theme_id not in html


def test_blind_spots_name_groups_in_words_with_the_right_plural():
    dutch = render_report(_analysis(), RECORDS)
    assert "opleidingsniveau hoog ondervertegenwoordigd (7 bijdragen, 15,2 verwacht)" in dutch
    assert "gemeente Almere ondervertegenwoordigd (1 bijdrage, 5,5 verwacht)" in dutch
    english = render_report(_analysis(), RECORDS, language="en")
    assert "education level hoog under-represented (7 contributions, 15.2 expected)" in english
    assert "municipality Almere under-represented (1 contribution, 5.5 expected)" in english
    for html in (dutch, english):
        assert "education =" not in html and "municipality =" not in html
    assert "1 bijdrage · 1 bevinding ·" in dutch
    assert "1 contribution · 1 finding ·" in english


def test_every_demographic_column_the_blind_spots_know_has_a_label_in_both_languages():
    for labels in DEMOGRAPHIC_LABELS.values():
        assert set(DEMOGRAPHIC_COLUMNS) <= set(labels)


def test_a_summary_is_shown_as_quoted_sentences_each_traced_to_its_contribution():
    # Neither first sentence ends with a full stop: glued together they read as one sentence.
    records = [
        {"id": "7", "text": "Heizung: Vorlauftemperaturregelung einbauen"},
        {"id": "8", "text": "Mehr Busse am Land bitte. Und billiger."},
        {"id": "9", "text": "<p>Radwege ausbauen</p>"},
    ]
    analysis = _analysis()
    analysis["themes"][0]["summary"] = (
        "Heizung: Vorlauftemperaturregelung einbauen Mehr Busse am Land bitte. Radwege ausbauen"
    )
    analysis["themes"][0]["summary_sources"] = ["7", "8", "9"]
    html = render_report(analysis, records)
    assert "Zinnen uit bijdragen van deelnemers (letterlijk, soms ingekort):" in html
    assert (
        '<ul class="extracts">'
        "<li><q>Heizung: Vorlauftemperaturregelung einbauen</q> "
        '<span class="source">#7</span></li>'
        '<li><q lang="de">Mehr Busse am Land bitte.</q> <span class="source">#8</span></li>'
        '<li><q>Radwege ausbauen</q> <span class="source">#9</span></li></ul>'
    ) in html
    # An analysis.json written before summaries named their sources: one extract.
    del analysis["themes"][0]["summary_sources"]
    html = render_report(analysis, records)
    assert (
        '<ul class="extracts"><li><q lang="de">Heizung: Vorlauftemperaturregelung einbauen '
        "Mehr Busse am Land bitte. Radwege ausbauen</q></li></ul>"
    ) in html


def test_a_summary_written_by_a_language_model_says_so_and_is_not_dressed_as_quotes():
    analysis = _analysis()
    analysis["run"]["settings"]["llm_summary"] = True
    analysis["themes"][0]["summary"] = "Deelnemers willen meer bussen."
    html = render_report(analysis, RECORDS, language="en")
    assert "Summary by a language model" in html
    assert "<p>Deelnemers willen meer bussen.</p>" in html and "<q>Deelnemers" not in html


def test_headings_go_down_one_level_at_a_time_and_quotes_in_another_language_say_so():
    analysis = _analysis()
    analysis["opinion"] = [
        {
            "conversation": "abc",
            "grouped": 4,
            "k": 2,
            "sizes": [2, 2],
            "agreement_with_polis": None,
            "consensus": [{"statement": "c1"}],
            "divisive": [{"statement": "c1", "agree": [0.9, 0.1]}],
        }
    ]
    html = render_report(analysis, RECORDS)
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", html)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    assert '<blockquote lang="de">Die Busse fahren' in html


def _finished(**run):
    return {
        "run": {
            "embedder": "use",
            "seed": 0,
            "created_at": "2026-11-25T15:51:09+00:00",
            "counts": {"contributions": 3, "without_theme": 0},
            "settings": {"demographics": None, "redacted": False, "examples": 0},
            **run,
        },
        "themes": [
            {"id": "a", "name": "Zorg", "count": 1, "quotes": ["1"], "summary": "x",
             "summary_sources": ["1", "2"]},
            {"id": "b", "name": "Wonen", "count": 2, "quotes": [], "summary": ""},
        ],
        "clusters": [
            {"id": 0, "label": "huur", "keywords": ["huur"], "size": 3, "quotes": ["3"],
             "themes": {"b": 0.996, "a": 0.004}, "description": "Wonen: huur"},
        ],
        "emerging": [],
        "blind_spots": [],
    }  # fmt: skip


FINISHED_RECORDS = [
    {"id": "1", "text": "De wachtlijst is lang. Echt waar."},
    {"id": "2", "text": "De wachtlijst is lang. Zeker in de stad."},
    {"id": "3", "text": "Huur " + "en nog meer huur " * 80},
]


def test_the_report_reads_like_a_report_not_like_a_data_dump():
    html = render_report(_finished(), FINISHED_RECORDS)
    # Largest theme first, as the chart; a date in words; a small share is not "0%".
    assert html.index("<h3>Wonen (2)</h3>") < html.index("<h3>Zorg (1)</h3>")
    assert "25 november 2026, 15:51 UTC" in html and "T15:51:09" not in html
    assert "Zorg &lt;1%" in html and "Zorg 0%" not in html
    # Settings in words, not Python's: no None, False or dotted keys.
    table = html.split("<table>")[1]
    assert "kenmerken voor witte vlekken</th><td>—" in table
    assert "persoonsgegevens vervangen</th><td>nee" in table
    assert "None" not in table and "False" not in table and "settings." not in table
    english = render_report(_finished(), FINISHED_RECORDS, language="en")
    assert "25 November 2026, 15:51 UTC" in english and "personal data replaced" in english


def test_an_extract_does_not_repeat_a_quote_or_another_extract():
    html = render_report(_finished(), FINISHED_RECORDS)
    zorg = html.split("<h3>Zorg (1)</h3>")[1].split("<h2>")[0]
    # #1 is quoted in full, so only #2 is extracted; both open with the same sentence.
    assert zorg.count("De wachtlijst is lang.") == 2
    assert '<span class="source">#2</span>' in zorg and '<span class="source">#1</span>' not in zorg


def test_a_very_long_quote_is_shortened_and_says_so():
    html = render_report(_finished(), FINISHED_RECORDS)
    quote = html.split("<blockquote")[-1].split("</figure>")[0]
    assert "(ingekort)" in quote and len(quote) < 1000


def test_withholding_takes_out_the_words_of_who_may_not_be_quoted_and_keeps_the_rest():
    from oogst.analysis import withhold_unquotable

    analysis = {
        "run": {"settings": {}},
        "contributions": [{"id": "1", "theme": "zorg"}, {"id": "2", "theme": "zorg"}],
        "themes": [
            {
                "id": "zorg",
                "summary": "Wachtlijsten zijn lang. Mijn buurman Jan weet ervan.",
                "summary_sources": ["1", "2"],
                "quotes": ["1", "2"],
            }
        ],
        "clusters": [
            {"id": 0, "description": "Zorg: Mijn buurman Jan weet ervan.", "quotes": ["2", "1"]},
            {"id": 1, "description": "Zorg: Wachtlijsten zijn lang.", "quotes": ["1"]},
        ],
    }
    records = [
        {"id": "1", "text": "Wachtlijsten zijn lang. En verder niets.", "quote_consent": True},
        {"id": "2", "text": "Mijn buurman Jan weet ervan.", "quote_consent": False},
    ]
    out = withhold_unquotable(analysis, records)
    assert out["themes"][0]["summary"] == "Wachtlijsten zijn lang."
    assert out["themes"][0]["summary_sources"] == ["1"]
    assert [c["description"] for c in out["clusters"]] == ["", "Zorg: Wachtlijsten zijn lang."]
    assert "Jan" not in str(out)
    assert out["contributions"] == analysis["contributions"]  # ids and codes stay
    assert analysis["themes"][0]["summary_sources"] == ["1", "2"]  # the input is not changed
    # A record not given (erased, or not read) counts as not quotable.
    assert withhold_unquotable(analysis, records[:0])["themes"][0]["summary"] == ""
    # A language model's summary is not made of sentences that could be taken out.
    by_llm = {**analysis, "run": {"settings": {"llm_summary": True}}}
    assert withhold_unquotable(by_llm, records)["themes"][0]["summary"].startswith("Wacht")
