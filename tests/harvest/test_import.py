"""File import: every format and encoding a programme team meets, bad rows named by number,
all-or-nothing with --strict, and the same file twice adds nothing the second time."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from oogst.harvest.importing import StrictImportError, import_contributions
from oogst.harvest.models import MAX_TEXT_LENGTH, Contribution
from oogst.harvest.readers import UnreadableFile, detect_encoding


def imported(programme):
    return Contribution.objects.filter(programme=programme, channel="import")


def write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.django_db
class TestFormatsAndEncodings:
    def test_utf8_csv_with_commas(self, world, tmp_path):
        f = write(
            tmp_path / "a.csv",
            "text,kind,role,table,theme\nMeer handen aan het bed,knel,Verpleegkundige,A,zorg\n",
        )
        report = import_contributions(f, world["programme"])
        assert report.added == 1 and report.info.delimiter == ","
        c = imported(world["programme"]).get()
        assert (c.kind, c.role_label, c.table, list(c.themes.all())) == (
            "knel",
            "Verpleegkundige",
            world["tables"]["a"],
            [world["themes"]["care"]],
        )

    def test_cp1252_csv_with_semicolons_is_detected(self, world, tmp_path):
        f = write(
            tmp_path / "excel.csv",
            "tekst;soort;rol\n"
            "Café’s dicht, geen ontmoeting meer – ‘eenzaam’;knel;Oudere\n"
            "Samen koken in de buurt;kiem;Student\n",
            "cp1252",
        )
        assert detect_encoding(f) == "cp1252"
        report = import_contributions(f, world["programme"])
        assert report.added == 2 and report.info.delimiter == ";"
        assert (
            imported(world["programme"])
            .filter(text="Café’s dicht, geen ontmoeting meer – ‘eenzaam’")
            .exists()
        )

    def test_latin1_bytes_that_cp1252_lacks_still_read(self, world, tmp_path):
        f = tmp_path / "oud.csv"
        f.write_bytes(b"text\nPrijs " + b"\xe9\x81n\n")  # 0x81 is undefined in cp1252
        report = import_contributions(f, world["programme"])
        assert report.added == 1 and report.info.encoding == "iso8859-1"
        assert imported(world["programme"]).get().text == "Prijs é\x81n"

    def test_utf8_bom_tab_separated(self, world, tmp_path):
        f = tmp_path / "bom.tsv"
        f.write_bytes(b"\xef\xbb\xbf" + "text\tkind\nÖffentlicher Raum für alle\tidee\n".encode())
        report = import_contributions(f, world["programme"])
        assert report.info.encoding == "utf-8-sig" and report.info.delimiter == "\t"
        assert report.added == 1
        # The BOM must not end up in the first column name.
        assert imported(world["programme"]).get().text == "Öffentlicher Raum für alle"

    def test_xlsx(self, world, tmp_path):
        wb = Workbook()
        ws = wb.active
        ws.append(["Text", "Kind", "Is quote", "External ID", "Wijk"])
        ws.append(["We hebben elkaar juist gevonden", "kiem", True, 17, "Assendorp"])
        ws.append([None, None, None, None, None])
        ws.append(["Laat scholen open", "idee", "nee", 18, None])
        wb.save(tmp_path / "s.xlsx")
        report = import_contributions(tmp_path / "s.xlsx", world["programme"])
        assert report.added == 2
        quote = imported(world["programme"]).get(import_key="ext:17")
        assert quote.is_quote and quote.metadata["wijk"] == "Assendorp"
        assert quote.metadata["_import"] == {"file": "s.xlsx", "row": 2}

    def test_jsonl(self, world, tmp_path):
        lines = [
            {
                "text": "Thuiswerken moet blijven",
                "kind": "kiem",
                "theme": ["zorg", "onderwijs"],
                "bron": {"kanaal": "enquête"},
            },
            {
                "text": "Meer ruimte voor jongeren",
                "language": "nl",
                "created_at": "2026-03-12T19:30:00+01:00",
            },
        ]
        f = write(
            tmp_path / "x.jsonl",
            "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\nnot json\n",
        )
        report = import_contributions(f, world["programme"])
        assert report.added == 2 and report.errors == 1
        assert report.problems[0].row == 4 and "JSON" in report.problems[0].reason
        first = imported(world["programme"]).get(text="Thuiswerken moet blijven")
        assert first.themes.count() == 2 and first.metadata["bron"] == {"kanaal": "enquête"}
        dated = imported(world["programme"]).get(text="Meer ruimte voor jongeren")
        assert dated.created_at.isoformat().startswith("2026-03-12T18:30")

    def test_file_without_text_column_is_refused(self, world, tmp_path):
        f = write(tmp_path / "a.csv", "naam,leeftijd\nJan,40\n")
        with pytest.raises(UnreadableFile, match="text"):
            import_contributions(f, world["programme"])

    @pytest.mark.parametrize(
        "name, content, reason",
        [
            ("a.csv", "id,tekst\n", "een kopregel, maar geen rijen met inhoud"),
            ("b.csv", "id;tekst\n;\n\n", "een kopregel, maar geen rijen met inhoud"),
            ("c.jsonl", "\n\n", "Het bestand is leeg"),
        ],
    )
    def test_file_without_rows_is_refused(self, world, tmp_path, name, content, reason):
        with pytest.raises(UnreadableFile, match=reason):
            import_contributions(write(tmp_path / name, content), world["programme"])

    def test_unknown_extension_is_refused(self, world, tmp_path):
        with pytest.raises(UnreadableFile, match=".pdf"):
            import_contributions(write(tmp_path / "a.pdf", "x"), world["programme"])


BAD_FILE = (
    "text,kind,table,theme,is_quote\n"
    "Goede regel,knel,A,zorg,nee\n"  # row 2
    ",knel,,,\n"  # row 3: empty text
    "Verkeerde soort,klacht,,,\n"  # row 4
    "Onbekende tafel,idee,Z9,,\n"  # row 5
    "Onbekend thema,idee,,ruimtevaart,\n"  # row 6
    f"{'x' * (MAX_TEXT_LENGTH + 1)},idee,,,\n"  # row 7: too long
    "Goede regel,kiem,,,\n"  # row 8: same text as row 2
    "Citaat?,idee,,,misschien\n"  # row 9
)


@pytest.mark.django_db
class TestValidationReport:
    def test_every_bad_row_is_named_with_its_reason(self, world, tmp_path):
        report = import_contributions(write(tmp_path / "bad.csv", BAD_FILE), world["programme"])
        reasons = {p.row: p.reason for p in report.problems}
        assert "leeg" in reasons[3]
        assert "klacht" in reasons[4]
        assert "Z9" in reasons[5]
        assert "ruimtevaart" in reasons[6]
        assert str(MAX_TEXT_LENGTH + 1) in reasons[7]
        assert "rij 2" in reasons[8]
        assert "misschien" in reasons[9]
        assert report.added == 1 and report.errors == 6 and report.duplicates_in_file == 1

    def test_is_quote_takes_yes_and_no_words_only(self, world, tmp_path):
        f = write(tmp_path / "q.csv", "text,is_quote\nEen,x\nTwee,nee\nDrie,toestemming\n")
        report = import_contributions(f, world["programme"])
        assert report.added == 2 and report.errors == 1
        assert "toestemming" in report.problems[0].reason and report.problems[0].row == 4

    def test_a_row_after_a_text_with_line_breaks_has_its_spreadsheet_number(self, world, tmp_path):
        # Row 2's text spans three lines of the file; a spreadsheet still shows it as one row,
        # so the bad row below it is row 3 (as `oogst analyse` numbers it), not line 5.
        f = write(tmp_path / "m.csv", 'text,is_quote\n"Een\nlange\ntekst",ja\nTwee,misschien\n')
        report = import_contributions(f, world["programme"])
        assert report.added == 1 and report.errors == 1
        assert report.problems[0].row == 3

    def test_a_wrong_row_is_never_crowded_out_by_skipped_ones(self, world, tmp_path, monkeypatch):
        monkeypatch.setattr("oogst.harvest.importing.MAX_LISTED_PROBLEMS", 2)
        f = write(tmp_path / "d.csv", "text,kind\n" + "Zelfde,knel\n" * 6 + ",knel\n")
        report = import_contributions(f, world["programme"])
        assert report.duplicates_in_file == 5 and report.errors == 1
        assert report.problems[0].row == 8 and report.problems[0].severity == "error"
        assert len(report.problems) == 3 and report.unlisted_problems == 3

    def test_dry_run_reports_but_writes_nothing(self, world, tmp_path):
        report = import_contributions(
            write(tmp_path / "bad.csv", BAD_FILE), world["programme"], dry_run=True
        )
        assert report.to_add == 1 and report.errors == 6
        assert not imported(world["programme"]).exists()

    def test_strict_rolls_back_everything_and_names_the_row(self, world, tmp_path):
        before = Contribution.objects.count()
        with pytest.raises(StrictImportError, match="rij 3: de tekst is leeg"):
            import_contributions(
                write(tmp_path / "bad.csv", BAD_FILE), world["programme"], strict=True
            )
        assert Contribution.objects.count() == before

    def test_strict_rollback_covers_rows_already_written_in_earlier_batches(
        self, world, tmp_path, monkeypatch
    ):
        monkeypatch.setattr("oogst.harvest.importing.BATCH_SIZE", 10)
        rows = [f"Bijdrage nummer {i}" for i in range(50)]
        rows[30] = ""  # a broken row in the middle, after three batches went in
        f = write(tmp_path / "mid.csv", "text,kind\n" + "\n".join(f"{t},knel" for t in rows) + "\n")
        before = Contribution.objects.count()
        with pytest.raises(StrictImportError, match="rij 32"):
            import_contributions(f, world["programme"], strict=True)
        assert Contribution.objects.count() == before

    def test_html_is_stored_as_text_and_escaped_on_the_table_page(self, world, tmp_path, client):
        f = write(tmp_path / "x.csv", 'text,table\n"<script>alert(1)</script> <b>vet</b>",A\n')
        import_contributions(f, world["programme"])
        assert imported(world["programme"]).get().text == "<script>alert(1)</script> <b>vet</b>"
        client.force_login(world["analyst"])
        body = client.get(world["tables"]["a"].get_absolute_url()).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "<script>alert(1)" not in body


@pytest.mark.django_db
class TestIdempotency:
    def test_the_same_file_twice_adds_nothing_the_second_time(self, world, tmp_path):
        f = write(tmp_path / "a.csv", "text,external_id\nEen,1\nTwee,2\nDrie,\n")
        assert import_contributions(f, world["programme"]).added == 3
        second = import_contributions(f, world["programme"])
        assert (second.added, second.already_imported) == (0, 3)
        assert imported(world["programme"]).count() == 3

    def test_content_hash_ignores_spacing_and_case(self, world, tmp_path):
        import_contributions(
            write(tmp_path / "a.csv", "text\nMeer groen in de wijk\n"), world["programme"]
        )
        again = import_contributions(
            write(tmp_path / "b.csv", "text\n  meer GROEN  in de wijk \n"), world["programme"]
        )
        assert again.added == 0

    def test_idempotency_is_per_programme(self, world, tmp_path):
        from oogst.programme.models import Programme

        other = Programme.objects.create(slug="ander", name="Ander programma")
        f = write(tmp_path / "a.csv", "text\nZelfde tekst\n")
        import_contributions(f, world["programme"])
        assert import_contributions(f, other).added == 1


@pytest.mark.django_db
class TestCommand:
    def test_command_imports_and_summarises(self, world, tmp_path, capsys):
        f = write(tmp_path / "a.csv", "text\nEen\nTwee\n")
        call_command("import_contributions", str(f), programme="test", table="A")
        out = capsys.readouterr().out
        assert "2 rijen gelezen: 2 toegevoegd" in out
        assert imported(world["programme"]).filter(table=world["tables"]["a"]).count() == 2

    def test_strict_command_exits_non_zero_with_the_row_number(self, world, tmp_path, capsys):
        f = write(tmp_path / "bad.csv", BAD_FILE)
        with pytest.raises(CommandError, match="rij 3"):
            call_command("import_contributions", str(f), programme="test", strict=True)
        assert not imported(world["programme"]).exists()
        assert "rij 4 (fout)" in capsys.readouterr().out

    def test_dry_run_command(self, world, tmp_path, capsys):
        call_command(
            "import_contributions",
            str(write(tmp_path / "a.csv", "text\nEen\n")),
            programme="test",
            dry_run=True,
        )
        assert "Proefdraai" in capsys.readouterr().out
        assert not imported(world["programme"]).exists()

    def test_the_oogst_command_line_maps_import_contributions(self, monkeypatch):
        # Run in-process, Django's command runner closes the test's database connection, so
        # this checks the mapping; the tests above run the command itself.
        from oogst.cli import main

        seen = []
        monkeypatch.setattr("django.core.management.execute_from_command_line", seen.append)
        assert main(["import", "contributions", "x.csv", "--programme", "test", "--strict"]) == 0
        assert seen == [
            ["oogst", "import_contributions", "x.csv", "--programme", "test", "--strict"]
        ]

    def test_a_concurrent_import_of_the_same_rows_is_reported_not_half_written(
        self, world, tmp_path, monkeypatch
    ):
        """The other import's rows land between our check and our write: the database's own
        unique-key error (through COPY on PostgreSQL) becomes one clear message, and nothing
        of ours stays."""
        from oogst.harvest import actions

        original = actions._write

        def other_import_first(programme, items, channel, author, ids_wanted=True):
            original(programme, items, channel, author, ids_wanted)
            return original(programme, items, channel, author, ids_wanted)

        monkeypatch.setattr(actions, "_write", other_import_first)
        with pytest.raises(CommandError, match="tegelijk"):
            call_command(
                "import_contributions",
                str(write(tmp_path / "a.csv", "text\nEen\n")),
                programme="test",
            )
        assert not imported(world["programme"]).exists()

    def test_unknown_programme_or_table(self, world, tmp_path):
        f = write(tmp_path / "a.csv", "text\nEen\n")
        with pytest.raises(CommandError, match="bestaat niet"):
            call_command("import_contributions", str(f), programme="nope")
        with pytest.raises(CommandError, match="Z9"):
            call_command("import_contributions", str(f), programme="test", table="Z9")


@pytest.mark.django_db
class TestFilesFromTheField:
    """Files as reviewers met them: edited in Excel, saved as Unicode text, with an
    explanation sheet first, with a broken JSON line."""

    def test_a_utf8_file_with_one_line_saved_by_excel_reads_and_warns(self, world, tmp_path):
        f = tmp_path / "mixed.csv"
        f.write_bytes(
            "text,kind\nCafé dicht,knel\n".encode()
            + "Naïef beleid,knel\n".encode("cp1252")
            + "Jongeren – eenzaam,knel\n".encode()
        )
        report = import_contributions(f, world["programme"])
        assert report.added == 3 and report.errors == 0
        assert sorted(imported(world["programme"]).values_list("text", flat=True)) == [
            "Café dicht",
            "Jongeren – eenzaam",
            "Naïef beleid",
        ]
        assert [(w.row, w.reason) for w in report.warnings] == [
            (3, "niet in UTF-8; gelezen als Windows-1252")
        ]
        assert report.problems == []  # the row went in: it is not among the rows left out

    def test_the_command_prints_the_warning(self, world, tmp_path, capsys):
        f = tmp_path / "mixed.csv"
        f.write_bytes("text\nCafé dicht\n".encode() + "Naïef\n".encode("cp1252"))
        call_command("import_contributions", str(f), programme="test", dry_run=True)
        assert "rij 3 (waarschuwing): niet in UTF-8" in capsys.readouterr().out

    def test_excel_unicode_text(self, world, tmp_path):
        f = tmp_path / "unicode.txt"
        f.write_bytes("\ufefftext\tkind\nCafé, dicht\tknel\n".encode("utf-16-le"))
        report = import_contributions(f, world["programme"])
        assert report.added == 1 and report.info.delimiter == "\t"
        assert imported(world["programme"]).get().text == "Café, dicht"

    def test_a_workbook_with_an_explanation_sheet_first(self, world, tmp_path):
        wb = Workbook()
        wb.active.title = "Toelichting"
        wb.active.append(["Dit bestand bevat de bijdragen van de dialoogtafels."])
        wb.create_sheet("Bijdragen").append(["Tekst", "Soort"])
        wb["Bijdragen"].append(["Laat scholen open", "idee"])
        wb.save(tmp_path / "b.xlsx")
        report = import_contributions(tmp_path / "b.xlsx", world["programme"])
        assert report.added == 1 and report.info.extra["sheet"] == "Bijdragen"

    def test_a_workbook_without_a_text_column_names_its_sheets(self, world, tmp_path):
        wb = Workbook()
        wb.active.title = "Toelichting"
        wb.active.append(["Lees mij"])
        wb.create_sheet("Data").append(["nummer", "opmerking"])
        wb.save(tmp_path / "b.xlsx")
        with pytest.raises(UnreadableFile, match=r"Toelichting \(Lees mij\); Data \(nummer, opm"):
            import_contributions(tmp_path / "b.xlsx", world["programme"])

    def test_a_csv_renamed_to_xlsx(self, world, tmp_path):
        f = write(tmp_path / "fake.xlsx", "text\nEen\n")
        with pytest.raises(UnreadableFile, match="geen Excel-werkmap"):
            import_contributions(f, world["programme"])

    def test_the_json_reason_is_whole(self, world, tmp_path):
        f = write(tmp_path / "x.jsonl", '{"text": "Een"}\n{"text": "kapot\n{"text": "Drie",}\n')
        report = import_contributions(f, world["programme"], dry_run=True)
        reasons = {p.row: p.reason for p in report.problems}
        assert reasons[2] == (
            "geen geldige JSON (kolom 16: een tab of regeleinde binnen een tekst; schrijf die "
            "als \\t of \\n)"
        )
        assert reasons[3] == (
            "geen geldige JSON (Expecting property name enclosed in double quotes, kolom 17)"
        )

    def test_empty_fields_after_the_last_column_are_no_error(self, world, tmp_path):
        f = write(tmp_path / "a.csv", "text;kind\nEen;knel;;\nTwee, drie;kiem;x\n")
        report = import_contributions(f, world["programme"], dry_run=True)
        assert report.to_add == 1 and [p.row for p in report.problems] == [3]
        assert "‘;’" in report.problems[0].reason

    def test_a_line_nested_100000_deep_is_a_row_error_not_a_crash(self, world, tmp_path):
        deep = "[" * 100_000
        f = write(tmp_path / "x.jsonl", '{"text": "Een"}\n' + deep + '\n{"text": "Drie"}\n')
        report = import_contributions(f, world["programme"])
        assert report.added == 2 and [p.row for p in report.problems] == [2]
        assert report.problems[0].reason == (
            "geen geldige JSON (dieper dan 100 niveaus genest, kolom 101)"
        )
        with pytest.raises(UnreadableFile, match="De eerste regel is geen geldige JSON: dieper"):
            import_contributions(write(tmp_path / "y.jsonl", deep + "\n"), world["programme"])

    def test_a_json_list_imports_like_jsonl(self, world, tmp_path):
        items = [{"tekst": "Thuiswerken moet blijven", "soort": "kiem"}, ["geen object"]]
        f = write(tmp_path / "x.json", json.dumps({"contributions": items}))
        report = import_contributions(f, world["programme"])
        assert report.added == 1 and report.info.format == "json"
        assert [(p.row, p.reason) for p in report.problems] == [
            (2, "het element is geen JSON-object")
        ]
        with pytest.raises(UnreadableFile, match="lijst van bijdragen"):
            import_contributions(write(tmp_path / "o.json", '{"a": 1}'), world["programme"])

    def test_a_document_saved_as_csv_is_refused_by_its_content(self, world, tmp_path):
        f = tmp_path / "export.csv"
        f.write_bytes(b"%PDF-1.4\n" + b"x" * 100)
        with pytest.raises(UnreadableFile, match="Dit bestand is een PDF, geen tekst"):
            import_contributions(f, world["programme"])

    def test_a_missing_file_is_a_command_error(self, world, tmp_path):
        with pytest.raises(CommandError, match="nope.csv’ bestaat niet"):
            call_command("import_contributions", str(tmp_path / "nope.csv"), programme="test")


@pytest.mark.django_db
def test_every_problem_of_a_row_is_reported_in_one_entry(world, tmp_path):
    f = write(
        tmp_path / "a.csv",
        "text,table,theme,created_at\nGoede regel,A,zorg,\nFout,Z9,ruimtevaart,31-02-2026\n",
    )
    report = import_contributions(f, world["programme"], dry_run=True)
    assert report.errors == 1 and [p.row for p in report.problems] == [3]
    reason = report.problems[0].reason
    assert "Z9" in reason and "ruimtevaart" in reason and "31-02-2026" in reason


def test_the_import_and_the_analysis_share_one_table_of_column_names():
    from oogst.analysis.io import COLUMN_ALIASES, field_for_name
    from oogst.harvest.importing import field_for_column

    for name, field in COLUMN_ALIASES.items():
        assert field_for_name(name.upper()) == field
        # `id` ("Nr.", "#") is the analysis's own field: the import keeps such a column as
        # metadata, as it keeps a column named id (its own key is external_id).
        assert field_for_column(name) == (None if field == "id" else field)
