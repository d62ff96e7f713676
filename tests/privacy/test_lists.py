"""The shipped name lists: where they come from, how they are made, and what they hold."""

from __future__ import annotations

from importlib import resources

from oogst.privacy.build_lists import clean, fold, transliterate
from oogst.privacy.lexicons import LEXICON_FILES, load_lexicons, read_list


def test_names_are_also_listed_as_typed_without_diacritics():
    assert fold("Siobhán") == "Siobhan"
    assert fold("Yılmaz") == "Yilmaz"
    assert fold("Małgorzata Wiśniewska") == "Malgorzata Wisniewska"
    assert fold("Nguyễn Đức") == "Nguyen Duc"
    assert clean({"Ayşe", "O'Brien", "Doe1", "ab", "lower"}) == {"Ayşe", "Ayse", "O'Brien"}


def test_cyrillic_names_are_transliterated():
    assert transliterate("Оксана") == "Oksana"
    assert transliterate("Шевченко") == "Shevchenko"
    assert clean({"Дмитро"}) == {"Dmytro"}


def test_the_world_lists_widen_the_curated_ones():
    lex = load_lexicons()
    for name in ("Nguyen", "Kowalczyk", "Acheampong", "Shevchenko", "O'Sullivan"):
        assert lex.knows(name).startswith("world"), name
    assert lex.knows("Ineke") == "first_names"
    # Words that are names too need evidence; tussenvoegsels and roles are never names.
    assert lex.is_ambiguous("Rose") and not lex.knows("van") and not lex.knows("Wethouder")


def test_every_shipped_list_says_where_it_comes_from():
    for name in LEXICON_FILES:
        path = resources.files("oogst.privacy").joinpath("data", name)
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("#"), name
    world = read_list("world_surnames.txt")
    assert len(world) > 20000
