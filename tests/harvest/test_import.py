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


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
        from oogst.harvest import importing

        original = importing.write_batch

        def other_import_first(prepared, author=None):
            original(prepared, author)
            original(prepared, author)

        monkeypatch.setattr(importing, "write_batch", other_import_first)
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
