"""The one reader under `oogst analyse` and the web app's import: rows stream, numbered as a
spreadsheet shows them, and a hostile line is a row's problem, never a crash."""

from __future__ import annotations

import json
import re

import pytest
from openpyxl import Workbook

from oogst.analysis.io import InputError, read_contributions
from oogst.analysis.readers import (
    MAX_JSON_DEPTH,
    ReadError,
    json_lines,
    nesting_too_deep,
    open_source,
    parse_json,
)


def write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


class TestRowNumbers:
    def test_csv_rows_are_spreadsheet_rows_with_the_lines_they_span(self, tmp_path):
        f = write(tmp_path / "a.csv", 'id,text\n1,"Een\nlange\ntekst"\n\n3,Drie,extra\n')
        source = open_source(f)
        rows = list(source.rows())
        assert source.columns == ["id", "text"] and source.delimiter == ","
        # Row 3 is blank and left out, but counted: the next row is row 4, on line 6.
        assert [(r.number, r.lines) for r in rows] == [(2, (2, 4)), (4, (6, 6))]
        assert rows[0].cells == ["1", "Een\nlange\ntekst"] and rows[0].problem is None
        assert rows[1].problem.code == "fields"
        assert rows[1].problem.facts == {"n": 3, "width": 2, "delimiter": ","}

    def test_xlsx_rows_are_the_sheet_s_rows(self, tmp_path):
        book = Workbook()
        book.active.title = "Uitleg"
        book.active.append(["Lees dit eerst"])
        sheet = book.create_sheet("Bijdragen")
        for row in (["Tekst", "Nr"], ["Wonen", 1], [None, None], ["Zorg", 2.0]):
            sheet.append(row)
        book.save(tmp_path / "b.xlsx")
        source = open_source(tmp_path / "b.xlsx", needs=("text",))
        assert source.sheet == "Bijdragen" and source.columns == ["Tekst", "Nr"]
        assert [(r.number, r.cells) for r in source.rows()] == [(2, ["Wonen", 1]), (4, ["Zorg", 2])]

    def test_jsonl_rows_are_lines_and_a_json_list_s_are_items(self, tmp_path):
        f = write(tmp_path / "a.jsonl", '{"text": "Een"}\n\n[1]\n')
        rows = list(open_source(f).rows())
        assert [(r.number, r.problem and r.problem.code) for r in rows] == [
            (1, None),
            (3, "not_object"),
        ]
        f = write(tmp_path / "a.json", json.dumps({"contributions": [{"text": "Een"}, "los"]}))
        source = open_source(f)
        assert source.unit == "item"
        assert [(r.number, r.cells) for r in source.rows()] == [(1, {"text": "Een"}), (2, None)]

    def test_a_workbook_without_the_columns_asked_for_says_what_each_sheet_has(self, tmp_path):
        book = Workbook()
        book.active.append(["nummer", "opmerking"])
        book.save(tmp_path / "b.xlsx")
        with pytest.raises(ReadError) as caught:
            open_source(tmp_path / "b.xlsx", needs=("text",))
        assert caught.value.code == "no_sheet"
        assert caught.value.facts["sheets"] == [("Sheet", ["nummer", "opmerking"])]


class TestDeepJson:
    """A line of 100,000 `[` made json.loads raise RecursionError: a traceback on the command
    line, a 500 in the web preview (issue 20, finding 7)."""

    DEEP = "[" * 100_000

    def test_nesting_deeper_than_the_limit_is_found_where_it_starts(self):
        assert nesting_too_deep('{"a": [1, 2]}') is None
        assert nesting_too_deep("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH) is None
        assert nesting_too_deep(self.DEEP) == MAX_JSON_DEPTH
        # Brackets inside a string do not nest.
        assert nesting_too_deep(json.dumps({"text": "[" * 500})) is None
        with pytest.raises(json.JSONDecodeError, match="Nesting too deep"):
            parse_json(self.DEEP)

    def test_a_deep_line_is_a_broken_line_and_the_next_one_reads(self):
        lines = [json.dumps({"text": "Een"}), self.DEEP, json.dumps({"text": "Drie"})]
        values = list(json_lines(lines))
        assert values[0] == (1, {"text": "Een"}) and values[2] == (3, {"text": "Drie"})
        number, broken = values[1]
        assert number == 2 and "nested deeper than 100 levels at column 101" in broken.reason

    def test_oogst_analyse_names_the_line(self, tmp_path):
        f = write(tmp_path / "a.jsonl", '{"id": 1, "text": "Wonen"}\n' + self.DEEP + "\n")
        with pytest.raises(InputError) as caught:
            read_contributions(f)
        assert str(caught.value) == (
            f"{f} line 2: not valid JSON (nested deeper than 100 levels at column 101)"
        )

    def test_a_deep_json_document_is_named_too(self, tmp_path):
        f = write(tmp_path / "a.json", self.DEEP)
        with pytest.raises(InputError, match=re.escape(f"{f} line 1: not valid JSON (nested")):
            read_contributions(f)


def test_a_folder_a_missing_file_and_a_document_are_refused_before_reading(tmp_path):
    for path, code in (
        (tmp_path / "nope.csv", "missing"),
        (tmp_path, "folder"),
        (write(tmp_path / "v.pdf", "x"), "document"),
        (write(tmp_path / "v.csv", "%PDF-1.4 ..."), "signature"),
    ):
        with pytest.raises(ReadError) as caught:
            open_source(path)
        assert caught.value.code == code
