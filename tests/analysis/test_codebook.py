"""The codebook as the analysis reads it: what a programme team writes, and what it gets told
when the file cannot be used."""

from __future__ import annotations

import pytest

from oogst.analysis.codebook import Codebook, load_codebook


def test_keywords_written_as_one_string_are_a_comma_separated_list():
    codebook = Codebook.from_dict(
        {
            "themes": [
                {"id": "wonen", "name": "Wonen", "keywords": "huur"},
                {"id": "zorg", "name": "Zorg", "keywords": "huisarts, wachttijd ,"},
                {"id": "werk", "name": "Werk", "keywords": ["baan", "loon"]},
            ]
        }
    )
    assert [t.keywords for t in codebook.themes] == [
        ("huur",),
        ("huisarts", "wachttijd"),
        ("baan", "loon"),
    ]
    assert codebook.themes[0].prompt() == "Wonen. huur."


def test_one_example_sentence_stays_one_sentence():
    theme = Codebook.from_dict(
        {"themes": [{"id": "wonen", "name": "Wonen", "examples": "De huur, die is te hoog."}]}
    ).themes[0]
    assert theme.examples == ("De huur, die is te hoog.",)


@pytest.mark.parametrize(
    "themes, message",
    [
        ([{"id": "wonen"}], "theme 1 (id 'wonen') has no name"),
        ([{"name": "Wonen"}], "theme 1 (name 'Wonen') has no id"),
        (["wonen"], "theme 1 needs at least an id and a name"),
        ([{"id": "a", "name": "A"}, {"id": "a", "name": "B"}], "theme id 'a' appears twice"),
        ([{"id": "a", "name": "A", "parent": "b"}], "theme 'a' has parent 'b', which is not"),
        ([{"id": "a", "name": "A", "parent": "a"}], "theme 'a' is its own parent"),
        (
            [
                {"id": "x", "name": "X", "parent": "a"},
                {"id": "a", "name": "A", "parent": "b"},
                {"id": "b", "name": "B", "parent": "c"},
                {"id": "c", "name": "C", "parent": "a"},
            ],
            "the parents of themes 'a' -> 'b' -> 'c' -> 'a' form a cycle",
        ),
    ],
)
def test_an_unusable_theme_is_named(themes, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        Codebook.from_dict({"themes": themes})


def test_a_parent_that_is_another_theme_is_kept():
    codebook = Codebook.from_dict(
        {"themes": [{"id": "a", "name": "A"}, {"id": "b", "name": "B", "parent": "a"}]}
    )
    assert codebook.themes[1].parent == "a"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("cb.yaml", b"themes:\n  - id: a\n   - id: b\n", "not valid YAML (line 3, column 4: "),
        ("cb.json", b'{"themes": [{"id": "a", "name": "A"},]}', "not valid JSON (line 1, column"),
        ("cb.yaml", "themes:\n  - {id: w, name: Café}\n".encode("cp1252"), "not UTF-8 text"),
        ("cb.yaml", b"", "the codebook is empty"),
        ("cb.yaml", b"themes: wonen, energie\n", "the codebook needs a list 'themes'"),
    ],
)
def test_a_file_that_is_no_codebook_is_an_error_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValueError) as error:
        load_codebook(path)
    assert str(error.value).startswith(f"{path}: {message}")
