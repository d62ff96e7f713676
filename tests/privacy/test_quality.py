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
    from oogst.privacy.evaluate import load_shipped

    return evaluate(load_shipped("2"), Redactor(), split=split)


def test_harder_text_keeps_its_quality():
    """Test set 2 (issue 19). Its first held-out part has been looked at and tuned on since; the
    second (heldout2) was measured once, at the end: recall 0.938, words 0.960, precision
    0.977, kept 0.971 (see docs/benchmarks.md; the target of 0.97 is not met). These floors
    guard what was reached."""
    dev, heldout = hard_scores("dev"), hard_scores("heldout")
    assert dev.overall.recall >= 0.97 and dev.overall.precision >= 0.97 and dev.kept >= 0.97
    assert heldout.overall.recall >= 0.97 and heldout.overall.word_recall >= 0.97
    assert heldout.overall.precision >= 0.97
    assert heldout.kept >= 0.97  # the words that make a quote useful stay
    second = hard_scores("heldout2")
    assert second.overall.recall >= 0.93 and second.overall.word_recall >= 0.95
    assert second.overall.precision >= 0.96
    assert second.kept >= 0.96


def test_the_first_test_set_did_not_get_worse():
    """Before issue 19: held-out recall 0.941, precision 0.955; all 0.986 / 0.989. After the
    second round (t276 and t337 annotated as issue 19 counts them): 0.986 / 0.986; all
    0.996 / 0.996."""
    heldout, everything = scores("heldout").overall, scores("all").overall
    assert heldout.recall >= 0.97 and heldout.precision >= 0.97
    assert everything.recall >= 0.99 and everything.precision >= 0.99
