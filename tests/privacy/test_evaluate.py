"""The measuring itself: test set 2's markup, word-by-word recall, the useful words kept, and
Deduce behind the same interface as our redactor."""

from __future__ import annotations

import sys
import types

import pytest

from oogst.privacy import Span
from oogst.privacy.compare import DeduceRedactor
from oogst.privacy.evaluate import (
    default_testset_path,
    evaluate,
    load_shipped,
    load_testset,
    parse_marked,
    splits_of,
)


class Fixed:
    """A redactor that hides exactly the given strings."""

    def __init__(self, *words: str) -> None:
        self.words = words

    def find_spans(self, text, allow=()):
        spans = []
        for word in self.words:
            start = text.find(word)
            if start >= 0:
                spans.append(Span(start, start + len(word), "name", word))
        return spans


def test_markup_gives_plain_text_personal_data_and_words_to_keep():
    text, spans, keep = parse_marked(
        "x1", "Mevrouw [[name:Ineke Jansen]] uit {{place:Almere}} belde [[phone:06 12 34 56 78]]."
    )
    assert text == "Mevrouw Ineke Jansen uit Almere belde 06 12 34 56 78."
    assert [(s.type, text[s.start : s.end]) for s in spans] == [
        ("name", "Ineke Jansen"),
        ("phone", "06 12 34 56 78"),
    ]
    assert [(kind, text[a:b]) for a, b, kind in keep] == [("place", "Almere")]


@pytest.mark.parametrize(
    "marked", ["[[naam:Jan]] belt", "{{city:Ede}} ligt", "[[name:Jan]] en [[name:Piet"]
)
def test_bad_markup_is_refused(marked):
    with pytest.raises(ValueError):
        parse_marked("x2", marked)


def test_a_partly_hidden_name_is_a_miss_but_counts_its_words():
    items = load_testset_from_lines("h1\tdev\tnl\tIk sprak [[name:Ineke van der Jansen]] gisteren.")
    scores = evaluate(items, Fixed("Ineke"), split="all")
    assert scores.overall.recall == 0.0
    assert scores.overall.word_recall == pytest.approx(1 / 4)
    scores = evaluate(items, Fixed("Ineke van der Jansen"), split="all")
    assert scores.overall.recall == 1.0 and scores.overall.word_recall == 1.0


def test_useful_words_touched_by_a_hidden_span_are_lost():
    items = load_testset_from_lines(
        "h1\tdev\tnl\tDe {{role:wethouder}} van {{place:Den Haag}} en [[name:Piet]]."
    )
    scores = evaluate(items, Fixed("Haag en Piet"), split="all")
    assert scores.keep_words == {"role": [1, 1], "place": [2, 1]}
    assert scores.kept == pytest.approx(2 / 3)
    assert scores.lost == [("h1", "place", "Den Haag")]


def load_testset_from_lines(*lines):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp())
    path = folder / "set.txt"
    path.write_text("# a test set\n" + "\n".join(lines) + "\n", "utf-8")
    return load_testset(path)


def test_test_set_2_is_sound_and_its_split_fixed():
    items = load_testset(default_testset_path("2"))
    assert len(items) >= 300
    assert len({item.id for item in items}) == len(items)
    heldout = [item for item in items if item.split == "heldout"]
    assert 0.3 <= len(heldout) / len(items) <= 0.36
    assert {item.split for item in items} == {"dev", "heldout"}
    assert {item.lang for item in items} == {"nl", "en", "de"}
    assert sum(len(item.keep) for item in items) >= 300
    for item in items:
        for a, b in zip(item.spans, item.spans[1:], strict=False):
            assert a.end <= b.start, item.id


def test_test_set_2_has_a_second_held_out_part_of_its_own():
    items = load_shipped("2")
    second = [item for item in items if item.split == "heldout2"]
    assert len(second) >= 150 and len(items) == len(second) + len(
        load_testset(default_testset_path("2"))
    )
    assert splits_of(items) == ["dev", "heldout", "heldout2"]
    assert splits_of(load_shipped("1")) == ["dev", "heldout"]
    assert {item.lang for item in second} == {"nl", "en", "de"}
    assert sum(len(item.spans) for item in second) >= 150
    for item in second:
        for a, b in zip(item.spans, item.spans[1:], strict=False):
            assert a.end <= b.start, item.id


def test_an_id_repeated_across_the_files_of_a_test_set_is_refused(tmp_path, monkeypatch):
    line = "h1\tdev\tnl\tIk sprak [[name:Ineke]] gisteren.\n"
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(line, "utf-8")
    monkeypatch.setattr(
        "oogst.privacy.evaluate.testset_paths",
        lambda number: [tmp_path / "a.txt", tmp_path / "b.txt"],
    )
    with pytest.raises(ValueError, match="h1 appears twice"):
        load_shipped("2")


def test_deduce_annotations_become_spans(monkeypatch):
    """The adapter with a stand-in module: Deduce's tags become our types, offsets stay."""

    class Annotation:
        def __init__(self, start, end, tag):
            self.start_char, self.end_char, self.tag = start, end, tag

    class Document:
        annotations = [Annotation(19, 25, "locatie"), Annotation(0, 14, "persoon")]

    class Deduce:
        def deidentify(self, text):
            return Document()

    monkeypatch.setitem(sys.modules, "deduce", types.SimpleNamespace(Deduce=Deduce))
    spans = DeduceRedactor().find_spans("Mevrouw Jansen uit Almere belde.")
    assert [(s.type, s.original) for s in spans] == [
        ("name", "Mevrouw Jansen"),
        ("address", "Almere"),
    ]


def test_deduce_itself_when_installed():
    pytest.importorskip("deduce")
    spans = DeduceRedactor().find_spans("Mevrouw Jansen belde op 06-12345678.")
    assert {s.type for s in spans} >= {"name", "phone"}
