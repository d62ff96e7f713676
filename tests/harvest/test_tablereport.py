"""A facilitator downloads the Word template, fills it in, and the programme reads it back:
every point lands under its question, quotes keep their role, and what does not fit is named."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document

from oogst.harvest.models import Contribution
from oogst.harvest.tablereport import import_table_report, parse_report


def download_template(client, world, user="fac_a", table="a") -> Document:
    client.force_login(world[user])
    response = client.get(reverse("harvest:report_template", args=[world["tables"][table].pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    return Document(io.BytesIO(response.content))


def fill_in(doc: Document) -> Document:
    """What a facilitator does in Word: type under the headings, fill the tables."""
    paragraphs = doc.paragraphs

    def write_under(heading: str, *lines: str) -> None:
        index = next(i for i, p in enumerate(paragraphs) if p.text == heading)
        bullet = paragraphs[index + 1]
        bullet.text = lines[0]
        for line in reversed(lines[1:]):
            bullet._p.addnext(doc.add_paragraph(line, style="List Bullet")._p)

    write_under(
        "Wat kwam in de knel?", "Bezoek in het verpleeghuis was onmogelijk", "Stages vielen weg"
    )
    write_under("Wat is ontkiemd dat u wilt behouden?", "Buren deden boodschappen voor elkaar")
    write_under("Welke concrete ideeën zijn er?", "Een vast budget voor buurtinitiatieven")
    write_under("Vragen", "Wie betaalt de schade van de horeca?")
    quotes, attendance = doc.tables
    quotes.rows[1].cells[0].text = "We hebben elkaar juist gevonden"
    quotes.rows[1].cells[1].text = "Student"
    quotes.rows[1].cells[2].text = "kiem"
    quotes.rows[2].cells[0].text = "Niemand vroeg ons iets"
    quotes.rows[2].cells[1].text = "Ondernemer"
    quotes.rows[3].cells[0].text = "Dit past nergens"
    quotes.rows[3].cells[2].text = "klacht"  # unknown kind: not placed
    attendance.rows[1].cells[0].text = "Student"
    attendance.rows[1].cells[1].text = "4"
    attendance.rows[2].cells[0].text = "Wethouder"
    attendance.rows[2].cells[1].text = "een"  # not a number: not placed
    summary = next(i for i, p in enumerate(paragraphs) if p.text == "Samenvatting")
    paragraphs[summary + 1].text = "Een open gesprek over zorg en ontmoeting."
    atmosphere = next(i for i, p in enumerate(paragraphs) if p.text == "Sfeer")
    paragraphs[atmosphere + 1].text = "Hoopvol"
    doc.add_paragraph("Een losse opmerking na het verslag")
    return doc


def save(doc: Document, path):
    doc.save(path)
    return path


@pytest.mark.django_db
class TestRoundTrip:
    def test_the_template_has_the_questions_and_a_quotes_table(self, client, world):
        doc = download_template(client, world)
        text = [p.text for p in doc.paragraphs]
        for heading in (
            "Wat kwam in de knel?",
            "Wat is ontkiemd dat u wilt behouden?",
            "Welke concrete ideeën zijn er?",
            "Letterlijke citaten",
            "Tafelverslag",
        ):
            assert heading in text
        assert [c.text for c in doc.tables[0].rows[0].cells] == ["Citaat", "Rol", "Soort"]
        assert doc.core_properties.identifier == f"oogst-tafel:{world['tables']['a'].pk}"

    def test_the_template_gives_the_local_time_the_table_starts(self, client, world):
        import datetime as dt

        from django.utils import timezone

        table = world["tables"]["a"]
        table.starts_at = timezone.make_aware(dt.datetime(2026, 6, 4, 10, 0))  # 08:00 UTC
        table.save()
        text = "\n".join(p.text for p in download_template(client, world).paragraphs)
        assert "04-06-2026 10:00" in text and "08:00" not in text

    def test_a_quotes_table_takes_the_kinds_the_import_takes(self, world):
        from docx import Document

        from oogst.harvest.tablereport import parse_report

        doc = Document()
        doc.add_heading("Letterlijke citaten", level=1)
        quotes = doc.add_table(rows=3, cols=3)
        for cell, text in zip(quotes.rows[0].cells, ("Citaat", "Rol", "Soort"), strict=True):
            cell.text = text
        quotes.rows[1].cells[0].text, quotes.rows[1].cells[2].text = "Te weinig handen", "Knelpunt"
        quotes.rows[2].cells[0].text, quotes.rows[2].cells[2].text = "Burenhulp", "kansen"
        out = io.BytesIO()
        doc.save(out)
        parsed = parse_report(io.BytesIO(out.getvalue()))
        assert [(i.text, i.kind) for i in parsed.items] == [
            ("Te weinig handen", "knel"),
            ("Burenhulp", "kiem"),
        ]

    def test_a_filled_in_template_becomes_contributions_and_a_report(self, client, world, tmp_path):
        table = world["tables"]["a"]
        path = save(fill_in(download_template(client, world)), tmp_path / "verslag.docx")
        result = import_table_report(path, table, author=world["fac_a"])
        assert result.added == 7
        items = {
            c.text: c
            for c in Contribution.objects.filter(table=table, channel="table").exclude(
                pk=world["contributions"]["a"].pk
            )
        }
        assert items["Bezoek in het verpleeghuis was onmogelijk"].kind == "knel"
        assert items["Stages vielen weg"].kind == "knel"
        assert items["Buren deden boodschappen voor elkaar"].kind == "kiem"
        assert items["Een vast budget voor buurtinitiatieven"].kind == "idee"
        assert items["Wie betaalt de schade van de horeca?"].kind == "vraag"
        quote = items["We hebben elkaar juist gevonden"]
        assert (quote.is_quote, quote.role_label, quote.kind) == (True, "Student", "kiem")
        assert items["Niemand vroeg ons iets"].kind == "overig"
        table.refresh_from_db()
        assert table.report_summary == "Een open gesprek over zorg en ontmoeting."
        assert table.report_atmosphere == "Hoopvol"
        assert table.report_attendance == {"Student": 4}
        unplaced = " | ".join(result.unplaced)
        assert "citatentabel, rij 4: onbekende soort ‘klacht’" in unplaced
        assert "aanwezigentabel, rij 3" in unplaced and "‘een’" in unplaced
        assert "Een losse opmerking na het verslag" in unplaced

    def test_reading_the_same_document_twice_adds_nothing(self, client, world, tmp_path):
        path = save(fill_in(download_template(client, world)), tmp_path / "verslag.docx")
        import_table_report(path, world["tables"]["a"])
        again = import_table_report(path, world["tables"]["a"])
        assert (again.added, again.already_present) == (0, 7)

    def test_text_already_typed_in_by_hand_is_not_doubled(self, client, world, tmp_path):
        table = world["tables"]["a"]
        doc = download_template(client, world)
        knel = next(i for i, p in enumerate(doc.paragraphs) if p.text == "Wat kwam in de knel?")
        doc.paragraphs[
            knel + 1
        ].text = "De wachtlijst bij de GGZ is veel te lang."  # already in the world
        result = import_table_report(save(doc, tmp_path / "v.docx"), table)
        assert (result.added, result.already_present) == (0, 1)

    def test_html_in_a_document_is_text(self, client, world, tmp_path):
        doc = download_template(client, world)
        knel = next(i for i, p in enumerate(doc.paragraphs) if p.text == "Wat kwam in de knel?")
        doc.paragraphs[knel + 1].text = "<img src=x onerror=alert(1)>"
        import_table_report(save(doc, tmp_path / "v.docx"), world["tables"]["a"])
        body = client.get(world["tables"]["a"].get_absolute_url()).content.decode()
        assert "&lt;img src=x onerror=alert(1)&gt;" in body and "<img src=x" not in body

    def test_headings_are_found_by_their_words_not_their_style(self, world, tmp_path):
        doc = Document()
        doc.add_paragraph("Notitie vooraf")
        doc.add_paragraph("WAT KWAM IN DE KNEL:")  # typed as plain text, in capitals, with a colon
        doc.add_paragraph("Geen stageplek te vinden")
        doc.add_paragraph("Welke concrete ideeën zijn er?").runs[0].bold = True
        doc.add_paragraph("Een stagebank per regio")
        parsed = parse_report(save(doc, tmp_path / "los.docx"))
        assert [(i.kind, i.text) for i in parsed.items] == [
            ("knel", "Geen stageplek te vinden"),
            ("idee", "Een stagebank per regio"),
        ]
        assert len(parsed.unplaced) == 1 and "Notitie vooraf" in parsed.unplaced[0]
        assert parsed.table_id is None


@pytest.mark.django_db
class TestCommandAndRules:
    def test_command_reports_what_it_could_not_place(self, client, world, tmp_path, capsys):
        path = save(fill_in(download_template(client, world)), tmp_path / "verslag.docx")
        call_command("import_tablereport", str(path), table=str(world["tables"]["a"].pk))
        out = capsys.readouterr().out
        assert "7 bijdragen toegevoegd" in out and "niet geplaatst: citatentabel, rij 4" in out

    def test_a_template_for_another_table_is_refused_without_force(self, client, world, tmp_path):
        path = save(fill_in(download_template(client, world)), tmp_path / "verslag.docx")
        with pytest.raises(CommandError, match="--force"):
            call_command("import_tablereport", str(path), table=str(world["tables"]["b"].pk))
        assert not Contribution.objects.filter(
            table=world["tables"]["b"], text="Stages vielen weg"
        ).exists()

    def test_a_verwerkt_table_refuses_the_document(self, client, world, tmp_path):
        path = save(fill_in(download_template(client, world)), tmp_path / "verslag.docx")
        table = world["tables"]["a"]
        table.status = "processed"
        table.save()
        with pytest.raises(CommandError, match="verwerkt"):
            call_command("import_tablereport", str(path), table=str(table.pk))

    def test_not_a_word_file(self, world, tmp_path):
        bad = tmp_path / "x.docx"
        bad.write_text("geen word")
        with pytest.raises(CommandError, match="Word"):
            call_command("import_tablereport", str(bad), table=str(world["tables"]["a"].pk))

    @pytest.mark.parametrize("who", ["fac_b", "host", "observer"])
    def test_only_the_tables_own_people_download_its_template(self, client, world, who):
        client.force_login(world[who])
        assert (
            client.get(
                reverse("harvest:report_template", args=[world["tables"]["a"].pk])
            ).status_code
            == 404
        )


def as_upload(doc: Document, name="verslag.docx") -> SimpleUploadedFile:
    out = io.BytesIO()
    doc.save(out)
    return SimpleUploadedFile(name, out.getvalue())


@pytest.mark.django_db
class TestUploadOnTheEntryPage:
    def test_the_facilitator_uploads_the_filled_in_template(self, client, world):
        doc = fill_in(download_template(client, world))
        url = reverse("harvest:upload_report", args=[world["tables"]["a"].pk])
        response = client.post(url, {"document": as_upload(doc)})
        body = response.content.decode()
        assert response.status_code == 200 and "7 bijdragen toegevoegd." in body
        assert "citatentabel, rij 4: onbekende soort ‘klacht’" in body
        again = client.post(url, {"document": as_upload(doc)}).content.decode()
        assert "0 bijdragen toegevoegd." in again and "7 stonden er al." in again

    def test_a_template_of_another_table_or_not_a_docx_is_refused(self, client, world):
        doc = fill_in(download_template(client, world, user="fac_b", table="b"))
        client.force_login(world["analyst"])
        url = reverse("harvest:upload_report", args=[world["tables"]["a"].pk])
        response = client.post(url, {"document": as_upload(doc)})
        assert response.status_code == 400 and "andere tafel" in response.content.decode()
        response = client.post(url, {"document": SimpleUploadedFile("x.docx", b"geen word")})
        assert response.status_code == 400 and "niet als Word-document" in response.content.decode()
        assert not Contribution.objects.filter(text="Stages vielen weg").exists()

    def test_a_verwerkt_table_refuses_the_upload(self, client, world):
        doc = fill_in(download_template(client, world))
        table = world["tables"]["a"]
        table.status = "processed"
        table.save()
        client.force_login(world["analyst"])
        response = client.post(
            reverse("harvest:upload_report", args=[table.pk]), {"document": as_upload(doc)}
        )
        assert response.status_code == 403
