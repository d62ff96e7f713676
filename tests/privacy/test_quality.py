"""The shipped test set is sound, and the engine keeps its quality (a regression fails CI)."""

from __future__ import annotations

from functools import cache

from oogst.privacy import Redactor
from oogst.privacy.evaluate import evaluate, load_testset


@cache
def scores(split: str):
    return evaluate(load_testset(), Redactor(), split=split)


def test_testset_is_sound():
    items = load_testset()  # raises if any span's offsets do not match its "original"
    assert len(items) >= 200
    assert len({item.id for item in items}) == len(items)
    heldout = [item for item in items if item.split == "heldout"]
    assert 0.2 <= len(heldout) / len(items) <= 0.3
    assert sum(1 for item in items if not item.spans) >= 100  # plenty without personal data
    for item in items:
        for a, b in zip(item.spans, item.spans[1:], strict=False):
            assert a.end <= b.start, item.id


def test_recall_and_precision_on_the_whole_testset():
    overall = scores("all").overall
    assert overall.recall >= 0.97
    assert overall.precision >= 0.90


def test_names_on_the_whole_testset():
    names = scores("all").per_type["name"]
    assert names.recall >= 0.95
    assert names.precision >= 0.90


def test_heldout_does_not_regress():
    """The held-out part is below the target (see the README of oogst.privacy); guard the floor."""
    overall = scores("heldout").overall
    assert overall.recall >= 0.90
    assert overall.precision >= 0.90


@cache
def hard_scores(split: str):
    from oogst.privacy.evaluate import default_testset_path

    return evaluate(load_testset(default_testset_path("2")), Redactor(), split=split)


def test_harder_text_keeps_its_quality():
    """Test set 2 (issue 19). The held-out target, recall 0.97, is not met (0.924, see
    docs/benchmarks.md); these floors guard what was reached."""
    dev, heldout = hard_scores("dev"), hard_scores("heldout")
    assert dev.overall.recall >= 0.97 and dev.overall.precision >= 0.97 and dev.kept >= 0.97
    assert heldout.overall.recall >= 0.90 and heldout.overall.word_recall >= 0.93
    assert heldout.overall.precision >= 0.95
    assert heldout.kept >= 0.95  # the words that make a quote useful stay


def test_the_first_test_set_did_not_get_worse():
    """Before issue 19: held-out recall 0.941, precision 0.955; all 0.986 / 0.989."""
    heldout, everything = scores("heldout").overall, scores("all").overall
    assert heldout.recall >= 0.941 and heldout.precision >= 0.955
    assert everything.recall >= 0.986 and everything.precision >= 0.989
