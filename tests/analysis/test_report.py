"""The HTML report: self-contained, and every piece of input text escaped."""

from __future__ import annotations

from oogst.analysis.report import render_report


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
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; meer" in html
    assert "&lt;Wethouder&gt;" in html and "<img" not in html and "Wonen &lt;b&gt;" in html
    assert "<svg" in html and "<link" not in html


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
    assert "age_group = 18-24 under-represented (1 contributions, 6.0 expected)" in english
    assert "bijdragen" not in english
    dutch = render_report(analysis, [])
    assert '<html lang="nl">' in dutch and "Opkomende onderwerpen" in dutch
    assert "ondervertegenwoordigd" in dutch
