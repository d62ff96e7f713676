"""Calibrated confidence: what a theme score means, measured, and the examples it must get
right."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from oogst.analysis import EmbeddingCache, Pipeline, Settings
from oogst.analysis.calibration import expected_calibration_error, reliability, reliability_svg

from .conftest import demo_programme


def test_expected_calibration_error_on_a_fixed_set():
    # Ten at 0.9 of which nine right: calibrated. Ten at 0.9 of which five right: 0.4 off.
    assert expected_calibration_error([0.9] * 10, [True] * 9 + [False]) == pytest.approx(0.0)
    assert expected_calibration_error([0.9] * 10, [True] * 5 + [False] * 5) == pytest.approx(0.4)
    # Two bins, weighted by size: 4 at 0.25 all wrong (0.25 off), 6 at 0.75 all right (0.25).
    conf = [0.25] * 4 + [0.75] * 6
    right = [False] * 4 + [True] * 6
    assert expected_calibration_error(conf, right) == pytest.approx(0.25)
    bins = reliability(conf, right)
    assert [(round(b.low, 2), b.count, b.accuracy) for b in bins] == [(0.2, 4, 0.0), (0.7, 6, 1.0)]
    assert reliability([0.0, 1.0], [False, True], bins=4)[0].low == 0.0  # 0 is in the first
    with pytest.raises(ValueError):
        expected_calibration_error([0.5], [True, False])


def test_the_reliability_diagram_is_a_self_contained_svg():
    svg = reliability_svg(reliability([0.3, 0.8, 0.85], [False, True, True]), "Klimarat <test>")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and root.get("role") == "img"
    assert "Klimarat &lt;test&gt;" in svg and "http" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


@pytest.fixture(scope="module")
def demo_run(cache_dir):
    """The demo programme's contributions and codebook, with texts from outside it."""
    records, codebook = demo_programme()
    outside = {
        "economy": "Good move. Will boost econy",
        "rent-en": "The rent is far too high in this city.",
        "rent-ar": "الإيجار مرتفع جدا في هذه المدينة",
    }
    records += [{"id": key, "text": text} for key, text in outside.items()]
    result = Pipeline(Settings(), cache=EmbeddingCache(cache_dir)).run(records, codebook)
    housing = next(t["id"] for t in codebook["themes"] if t["name"] == "Woningmarkt")
    return {c["id"]: c for c in result.contributions}, housing


def test_a_vague_english_remark_is_not_coded_with_near_certainty(demo_run):
    found, _ = demo_run
    # It was Klimaat at 0.95; a sentence that says so little deserves no such certainty.
    economy = found["economy"]
    assert not economy["themes"] or economy["themes"][0]["score"] < 0.7


def test_rent_in_english_gets_the_dutch_codebook_s_housing_theme(demo_run):
    found, housing = demo_run
    # It got no theme: the English reference subjects lay nearer to it than the Dutch themes.
    assert found["rent-en"]["theme"] == housing


def test_a_text_in_a_language_the_codebook_is_not_written_in_is_not_sure_of_a_wrong_theme(
    demo_run,
):
    found, housing = demo_run
    arabic = found["rent-ar"]
    assert arabic["theme"] == housing or (arabic["themes"] and arabic["themes"][0]["score"] < 0.5)


def test_tempering_changes_how_sure_a_score_is_never_which_theme(corpus, cache_dir):
    records, _ = corpus
    from oogst.analysis.coder import CodebookCoder

    from .conftest import CODEBOOK

    cache = EmbeddingCache(cache_dir)
    sure = Pipeline(Settings(), cache=cache, coder=CodebookCoder(temperature=1.0))
    tempered = Pipeline(Settings(), cache=cache)
    a = {c["id"]: c for c in sure.run(records, CODEBOOK).contributions}
    b = {c["id"]: c for c in tempered.run(records, CODEBOOK).contributions}
    # The same best theme; a tempered score is never surer than the raw one.
    assert all(a[i]["theme"] == b[i]["theme"] for i in a)
    top = np.array(
        [[a[i]["themes"][0]["score"], b[i]["themes"][0]["score"]] for i in a if a[i]["themes"]]
    )
    assert (top[:, 1] <= top[:, 0] + 1e-4).all() and (top[:, 1] < top[:, 0]).any()
