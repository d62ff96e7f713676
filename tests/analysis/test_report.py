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
