"""Reading the input of `oogst analyse`: every file an analyst brings reads as the import reads
it, and every file it cannot read is refused with the file, the row and the reason."""

from __future__ import annotations

import json
import logging
import re

import pytest
from openpyxl import Workbook

from oogst.analysis.io import (
    InputError,
    detect_encoding,
    read_contributions,
    read_examples,
    read_table,
)


def write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def texts(rows):
    return [r["text"] for r in rows]


def refusal(path) -> str:
    """What `read_contributions` says when it refuses the file."""
    with pytest.raises(InputError) as caught:
        read_contributions(path)
    return str(caught.value)


class TestFieldCounts:
    def test_an_unquoted_delimiter_is_an_error_naming_the_row(self, tmp_path):
        f = write(tmp_path / "a.csv", "id,text\n1,Café dicht, geen ontmoeting meer\n2,Goed\n")
        message = refusal(f)
        assert message.startswith(f"{f} row 2: 3 fields, the header has 2")
        assert "quote texts that contain the delimiter ','" in message

    def test_every_such_row_is_named(self, tmp_path):
        f = write(tmp_path / "a.csv", "id,text\n1,a,b\n2,ok\n3,c,d\n")
        with pytest.raises(InputError, match=r"2 problems:\n  row 2: .*\n  row 4: "):
            read_contributions(f)

    def test_fewer_fields_read_as_empty_values_like_the_import(self, tmp_path):
        f = write(tmp_path / "a.csv", "id,text,role\n1,Wonen is duur\n2,Zorg,Student\n")
        rows = read_contributions(f)
        assert rows[0] == {"id": "1", "text": "Wonen is duur", "role": ""}
        assert rows[1]["role"] == "Student"

    def test_empty_fields_after_the_last_column_cut_no_text(self, tmp_path):
        f = write(tmp_path / "a.csv", "id;text\n1;Wonen is duur;;\n")
        assert texts(read_contributions(f)) == ["Wonen is duur"]


class TestEncodings:
    def test_a_utf8_file_with_a_line_edited_in_excel_is_read_line_by_line(self, tmp_path, caplog):
        f = tmp_path / "mixed.csv"
        f.write_bytes(
            "id,text\n1,Café dicht\n2,Jongeren – eenzaam\n".encode()
            + "3,Naïef beleid\n".encode("cp1252")
            + "4,€ 1.200 huur\n".encode()
        )
        with caplog.at_level(logging.WARNING, logger="oogst.analysis.io"):
            rows = read_contributions(f)
        assert texts(rows) == ["Café dicht", "Jongeren – eenzaam", "Naïef beleid", "€ 1.200 huur"]
        assert "row 4 is not UTF-8 and read as Windows-1252" in caplog.text
        assert str(f) in caplog.text

    def test_the_row_of_a_text_spanning_lines_is_the_one_named(self, tmp_path, caplog):
        f = tmp_path / "mixed.csv"
        f.write_bytes(
            'id,text\n1,"Café\n'.encode() + "naïef\n".encode("cp1252") + 'dicht"\n2,Zoë\n'.encode()
        )
        with caplog.at_level(logging.WARNING, logger="oogst.analysis.io"):
            rows = read_contributions(f)
        assert texts(rows) == ["Café\nnaïef\ndicht", "Zoë"]
        # The spreadsheet's row, and the file's lines it spans.
        assert "row 2 (lines 2–4) is not UTF-8" in caplog.text

    def test_a_wholly_windows_file_reads_as_before_without_warning(self, tmp_path, caplog):
        f = write(tmp_path / "w.csv", "id;text\n1;Café’s dicht\n2;Naïef – €5\n", "cp1252")
        assert detect_encoding(f) == "cp1252"
        with caplog.at_level(logging.WARNING, logger="oogst.analysis.io"):
            assert texts(read_contributions(f)) == ["Café’s dicht", "Naïef – €5"]
        assert caplog.text == ""

    @pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
    def test_excel_unicode_text_with_a_bom_is_tab_separated(self, tmp_path, encoding):
        f = tmp_path / "unicode.txt"
        f.write_bytes(
            "\ufeffid\ttext\trole\n1\tCafé, dicht\tStudent\n2\tZoë zegt: “ja”\tWethouder\n".encode(
                encoding
            )
        )
        rows = read_contributions(f)
        assert texts(rows) == ["Café, dicht", "Zoë zegt: “ja”"] and rows[1]["role"] == "Wethouder"

    def test_utf16_without_bom(self, tmp_path):
        f = write(tmp_path / "u.csv", "id,text\n1,Café dicht\n", "utf-16-le")
        assert detect_encoding(f) == "utf-16-le"
        assert texts(read_contributions(f)) == ["Café dicht"]


class TestColumnNames:
    def test_the_import_s_names_are_accepted_in_any_case(self, tmp_path):
        for header in ("ID,Text", " id , TEKST ", "Id,Bijdrage"):
            f = write(tmp_path / "a.csv", f"{header},Gemeente\n1,Wonen,Zwolle\n")
            assert read_contributions(f) == [{"id": "1", "text": "Wonen", "Gemeente": "Zwolle"}]

    def test_jsonl_keys_too(self, tmp_path):
        f = write(tmp_path / "a.jsonl", '{"ID": 7, "Tekst": "Wonen", "Rol": "Student"}\n')
        assert read_contributions(f) == [{"id": "7", "text": "Wonen", "role": "Student"}]

    def test_a_column_named_exactly_wins_and_the_other_is_kept(self, tmp_path):
        f = write(tmp_path / "a.csv", "id,bijdrage,text\n1,oud,nieuw\n")
        assert read_contributions(f) == [{"id": "1", "bijdrage": "oud", "text": "nieuw"}]

    def test_html_in_a_text_is_left_as_it_is(self, tmp_path):
        f = write(tmp_path / "a.csv", 'id,text\n1,"<b>Wonen</b> &amp; zorg"\n')
        assert texts(read_contributions(f)) == ["<b>Wonen</b> &amp; zorg"]


def workbook(path, sheets):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


class TestWorkbooks:
    def test_the_first_sheet_with_id_and_text_is_read(self, tmp_path):
        f = workbook(
            tmp_path / "b.xlsx",
            [
                ("Toelichting", [["Dit bestand bevat de bijdragen van de dialoogtafels."]]),
                ("Bijdragen", [["ID", "Tekst"], [1, "Wonen is duur"], [2, "Zorg dichterbij"]]),
            ],
        )
        assert read_contributions(f) == [
            {"id": "1", "text": "Wonen is duur"},
            {"id": "2", "text": "Zorg dichterbij"},
        ]

    def test_without_such_a_sheet_the_error_names_the_sheets(self, tmp_path):
        f = workbook(
            tmp_path / "b.xlsx",
            [("Toelichting", [["Lees mij"]]), ("Data", [["nummer", "opmerking"], [1, "x"]])],
        )
        message = refusal(f)
        assert "sheet 'Toelichting' has no id and text (found: Lees mij)" in message
        assert "sheet 'Data' has no text (found: nummer, opmerking)" in message

    def test_a_csv_renamed_to_xlsx(self, tmp_path):
        f = write(tmp_path / "fake.xlsx", "id,text\n1,Wonen\n")
        with pytest.raises(InputError, match="fake.xlsx is not an XLSX workbook"):
            read_contributions(f)


class TestJson:
    def test_a_broken_line_is_named_with_the_file_and_its_line(self, tmp_path):
        good = json.dumps({"id": "1", "text": "Wonen"})
        f = write(tmp_path / "a.jsonl", f'{good}\n\n{{"id": "2", "text": "kapot\n')
        message = refusal(f)
        assert message.startswith(f"{f} line 3: not valid JSON (column 27: a tab")

    @pytest.mark.parametrize(
        "line, reason",
        [
            ('{"text": "zonder id"}', "line 2: no 'id'"),
            ("[1, 2]", "line 2: a list [...], not a JSON object"),
            ('"los"', "line 2: a string, not a JSON object"),
            ('{"id": "", "text": "Wonen"}', "line 2: the id is empty"),
        ],
    )
    def test_a_later_line_that_is_not_a_contribution(self, tmp_path, line, reason):
        f = write(tmp_path / "a.jsonl", '{"id": "1", "text": "Wonen"}\n' + line + "\n")
        with pytest.raises(InputError, match=f"^{re.escape(str(f))} {re.escape(reason)}"):
            read_contributions(f)

    def test_a_json_file_holding_an_object(self, tmp_path):
        f = write(tmp_path / "a.json", '{"foo": 1}')
        with pytest.raises(InputError, match="must hold a list of contributions.*'foo'"):
            read_contributions(f)
        f.write_text(json.dumps({"contributions": [{"id": 1, "text": "Wonen"}]}))
        assert read_contributions(f) == [{"id": "1", "text": "Wonen"}]


class TestIds:
    def test_repeated_ids_are_named_with_their_rows(self, tmp_path):
        f = write(tmp_path / "a.csv", "id,text\n1,a\n1,b\n2,c\n3,d\n2,e\n1,f\n")
        message = refusal(f)
        assert "2 ids are repeated" in message
        assert "id '1' on rows 2, 3, 7" in message and "id '2' on rows 4, 6" in message

    def test_an_empty_id_names_the_row(self, tmp_path):
        f = write(tmp_path / "a.csv", "id,text\n1,a\n,b\n,\n3,c\n")
        message = refusal(f)
        assert "row 3: the id is empty" in message
        assert "row 4" not in message  # an empty row is no contribution

    def test_a_row_with_neither_id_nor_text_is_named(self, tmp_path):
        f = workbook(
            tmp_path / "b.xlsx",
            [("Blad", [["id", "text", "tafel"], [1, "a", None], [None, None, "Totaal"]])],
        )
        with pytest.raises(InputError, match="row 3: no id and no text"):
            read_contributions(f)


class TestWholeFile:
    @pytest.mark.parametrize("content", ["", "id,text\n", "id,text\n\n,\n"])
    def test_a_file_without_contributions(self, tmp_path, content):
        f = write(tmp_path / "a.csv", content)
        with pytest.raises(InputError, match=f"^{re.escape(str(f))} holds no contributions$"):
            read_contributions(f)

    def test_wrong_columns_are_named(self, tmp_path):
        f = write(tmp_path / "a.csv", "nummer,opmerking\n")
        with pytest.raises(InputError, match=r"a.csv: no text column; found: nummer, opmerking"):
            read_contributions(f)

    def test_a_missing_file_or_a_folder(self, tmp_path):
        with pytest.raises(InputError, match="nope.csv: no such file"):
            read_contributions(tmp_path / "nope.csv")
        with pytest.raises(InputError, match="is a folder"):
            read_contributions(tmp_path)

    def test_every_reader_error_is_one_type_the_command_line_catches(self):
        assert issubclass(InputError, ValueError)


class TestOtherFiles:
    def test_examples_without_a_theme_column_are_refused(self, tmp_path):
        f = write(tmp_path / "ex.csv", "text,label\nWonen,wonen\n")
        with pytest.raises(InputError, match="no theme column; found: text, label"):
            read_examples(f)
        f = write(tmp_path / "ex.csv", "Tekst,Thema\nWonen,wonen\nZonder thema,\n")
        assert read_examples(f) == [{"text": "Wonen", "theme": "wonen"}]

    def test_a_gold_table_picks_the_sheet_with_the_columns_asked_for(self, tmp_path):
        f = workbook(
            tmp_path / "g.xlsx",
            [("Info", [["Uitleg"]]), ("Gold", [["ID", "gold"], [1, "wonen"]])],
        )
        assert read_table(f, needs=("id",)) == [{"id": 1, "gold": "wonen"}]


def test_an_id_written_as_a_whole_decimal_is_the_whole_number(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"id": 17.0, "text": "Wonen is duur"}\n{"id": 17.5, "text": "Zorg"}\n')
    assert [r["id"] for r in read_contributions(f)] == ["17", "17.5"]


def test_columns_that_differ_only_in_case_keep_both_values(tmp_path):
    f = tmp_path / "d.csv"
    f.write_text("id,Text,text\n1,eerste,tweede\n")
    assert read_contributions(f) == [{"id": "1", "Text": "eerste", "text": "tweede"}]


def test_a_consent_column_is_read_whatever_its_case(tmp_path):
    f = tmp_path / "e.csv"
    f.write_text("ID,Tekst,Consent,Verbatim\n1,Wonen is duur,nee,ja\n")
    assert read_contributions(f) == [
        {"id": "1", "text": "Wonen is duur", "consent": "nee", "verbatim": "ja"}
    ]
