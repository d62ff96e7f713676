"""Field files whose tables have other names: an agency's Excel export, an online platform's
JSON lines, Excel's "Unicode text" and a workbook, each naming the programme's tables (T01 …)
in its own words ("Tafel 3 – Samenleven", "Online tafel 21", "Tafel Oost", 15). Table values
are matched as columns are: by code, name, number or municipality where that is unambiguous;
the rest is refused (as before), stored without a table and reported, or becomes a new table
— per value in the web preview, by a map file and a rule on the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from oogst.harvest.models import Contribution
from oogst.programme.models import Programme, Table, Track

FILES = Path(__file__).parent / "fieldfiles"
DEMO = Path(__file__).parents[2] / "src/oogst/demo/data/programme.yaml"
# What each file holds: rows, and where the tables they name go when unknown ones are stored
# without a table.
EXPECTED = {
    "bureau-tafelverslagen.csv": {
        "rows": 9,
        "tables": {
            # The number says T03, the word another table; "Tafel 3 - Samenleven" (a hyphen)
            # is the same value.
            "Tafel 3 – Samenleven": None,
            "Online tafel 21": None,  # the programme has no table 21
            "Tafel Oost": None,
            "15": "T15",
            "T03": "T03",
        },
    },
    "platform-export.jsonl": {
        "rows": 5,
        "tables": {
            "Zwolle": "T01",  # the one table in Zwolle
            "Jongeren en zorg in Eindhoven": "T14",
            "tafel 15": "T15",
            "Regio Noord (online)": None,
        },
    },
    "tafels-unicode.txt": {
        "rows": 3,
        "tables": {"T14": "T14", "Tafel Noord": None, "Onbekende tafel 99": None},
    },
    "online-tafels.xlsx": {"rows": 3, "tables": {"15": "T15", "21": None, "3": "T03"}},
}


@pytest.fixture
def field_programme(world):
    """The demo's sixteen tables (T01 … T16, their names and municipalities) in a programme
    of their own; `world` brings the reference data and an analyst."""
    from oogst.directory.models import Municipality

    programme = Programme.objects.create(slug="veld", name="Veldprogramma")
    track = Track.objects.create(programme=programme, slug="burgers", name="Burgers")
    for spec in yaml.safe_load(DEMO.read_text(encoding="utf-8"))["tables"]:
        Table.objects.create(
            programme=programme,
            code=spec["code"],
            name=spec["name"],
            track=track,
            municipality=Municipality.objects.filter(name=spec.get("municipality")).first(),
            status=Table.Status.HELD,
        )
    return programme


def run_import(name: str, *options: str) -> str:
    out = io.StringIO()
    call_command(
        "import_contributions", str(FILES / name), "--programme", "veld", *options, stdout=out
    )
    return out.getvalue()


def tables_of(programme) -> dict[str, str | None]:
    return {
        text: code
        for text, code in Contribution.objects.filter(programme=programme).values_list(
            "text", "table__code"
        )
    }


@pytest.mark.django_db
class TestWithUnknownTablesNone:
    @pytest.mark.parametrize("name", sorted(EXPECTED))
    def test_every_row_imports_and_the_tables_go_where_they_point(self, field_programme, name):
        out = run_import(name, "--unknown-tables", "none")
        expected = EXPECTED[name]
        added = Contribution.objects.filter(programme=field_programme)
        assert added.count() == expected["rows"], out
        assert "0 met fouten" in out
        for value, code in expected["tables"].items():
            line = next(line for line in out.splitlines() if f"‘{value}’ (" in line)
            assert (code or "zonder tafel") in line, line
        without = [value for value, code in expected["tables"].items() if code is None]
        assert added.filter(table=None).exists() == bool(without)
        # Every row stored without a table is reported, by its row.
        if without:
            assert "onbekend: opgeslagen zonder tafel" in out

    def test_the_agency_s_own_words_for_kinds_and_dates_are_understood(self, field_programme):
        run_import("bureau-tafelverslagen.csv", "--unknown-tables", "none")
        by_text = {c.text: c for c in Contribution.objects.filter(programme=field_programme)}
        moeder = by_text["Mijn moeder zat maanden alleen in het verpleeghuis; niemand mocht langs."]
        assert moeder.kind == "knel" and moeder.role_label == "Mantelzorger"
        assert moeder.created_at.isoformat().startswith("2026-03-12T18:30")  # 19:30 in March
        assert moeder.metadata["notulist"] == "Anouk"
        appgroep = next(c for t, c in by_text.items() if t.startswith("De appgroep"))
        assert appgroep.kind == "kiem" and "\n" in appgroep.text
        assert by_text["Het buurthuis bleef open als ontmoetingsplek, dat moet zo blijven."].kind
        assert {c.kind for c in by_text.values()} == {"knel", "kiem", "idee", "vraag", "overig"}
        oost = by_text["Veel mensen wisten niet waar ze terecht konden."]
        assert timezone.localtime(oost.created_at).date().isoformat() == "2026-03-26"


@pytest.mark.django_db
class TestTheOtherRules:
    def test_by_default_unknown_tables_are_refused_with_the_reason(self, field_programme):
        out = run_import("bureau-tafelverslagen.csv")
        assert Contribution.objects.filter(programme=field_programme).count() == 2
        assert "rij 2 (fout): tafel ‘Tafel 3 – Samenleven’ past bij meer dan één tafel" in out
        assert "(T03, T05, T12)" in out
        assert "onbekende tafel ‘Tafel Oost’ in dit programma" in out

    def test_create_makes_a_table_per_unknown_value(self, field_programme):
        before = field_programme.tables.count()
        run_import("bureau-tafelverslagen.csv", "--unknown-tables", "create")
        new = field_programme.tables.exclude(code__regex=r"^T\d\d$")
        assert sorted(new.values_list("name", flat=True)) == [
            "Online tafel 21",
            "Tafel 3 – Samenleven",
            "Tafel Oost",
        ]
        assert field_programme.tables.count() == before + 3
        assert new.get(name="Online tafel 21").mode == Table.Mode.ONLINE
        samenleven = new.get(name="Tafel 3 – Samenleven")
        # The hyphenated spelling of the same table is the same value.
        assert samenleven.contributions.count() == 3
        assert not Contribution.objects.filter(programme=field_programme, table=None).exists()

    def test_a_dry_run_creates_no_table(self, field_programme):
        before = field_programme.tables.count()
        out = run_import("bureau-tafelverslagen.csv", "--unknown-tables", "create", "--dry-run")
        assert "nieuwe tafel TAFEL-OOST" in out
        assert field_programme.tables.count() == before

    def test_a_table_map_decides_per_value_and_the_rule_takes_the_rest(
        self, field_programme, tmp_path
    ):
        table_map = tmp_path / "tafels.csv"
        table_map.write_text(
            "waarde in het bestand;tafel\n"
            "Tafel 3 – Samenleven;T05\n"
            "Online tafel 21;Digitaal en leren in Leeuwarden\n"
            "Tafel Oost;geen\n",
            encoding="utf-8",
        )
        out = run_import("bureau-tafelverslagen.csv", "--table-map", str(table_map))
        tables = tables_of(field_programme)
        assert tables["Een vast budget voor buurtinitiatieven, zonder formulieren."] == "T05"
        assert tables["Thuisonderwijs zonder laptop werkte gewoon niet."] == "T08"
        assert tables["Veel mensen wisten niet waar ze terecht konden."] is None
        assert "0 met fouten" in out and "(gekozen)" in out

    def test_a_map_naming_a_table_that_is_not_there_is_refused_before_anything(
        self, field_programme, tmp_path
    ):
        table_map = tmp_path / "tafels.csv"
        table_map.write_text("waarde,tafel\nTafel Oost,T99\n", encoding="utf-8")
        with pytest.raises(CommandError, match="Tafelkaart rij 2: tafel ‘T99’ bestaat niet"):
            run_import("bureau-tafelverslagen.csv", "--table-map", str(table_map))
        assert not Contribution.objects.filter(programme=field_programme).exists()

    def test_the_api_still_takes_codes_only(self, field_programme, world, client):
        """A facilitator's API call names a table by its code: no guessing by name there."""
        from oogst.api.services import create_contributions

        result = create_contributions(
            world["analyst"], field_programme, [{"text": "Iets over tafel 15", "table": "15"}]
        )
        assert result.errors == 1 and "onbekende tafel ‘15’" in result.items[0].reason


@pytest.mark.django_db
class TestTheWebPreview:
    def upload(self, client, world, name="bureau-tafelverslagen.csv"):
        client.force_login(world["analyst"])
        response = client.post(
            reverse("harvest:import_upload", args=["veld"]),
            {"file": SimpleUploadedFile(name, (FILES / name).read_bytes())},
        )
        return response["Location"]

    def test_the_preview_lists_the_file_s_table_values_with_a_choice_each(
        self, client, world, field_programme, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path / "media"
        preview = self.upload(client, world)
        page = client.get(preview)
        values = {v.value: v for v in page.context["report"].table_values}
        assert set(values) == set(EXPECTED["bureau-tafelverslagen.csv"]["tables"])
        assert values["15"].table.code == "T15" and values["15"].rows == 1
        assert values["Tafel 3 – Samenleven"].rows == 3  # both spellings
        assert values["Tafel Oost"].choice == "error" and values["Tafel Oost"].rows == 2
        body = page.content.decode()
        assert "Tafels in het bestand" in body and "Nieuwe tafel ‘Tafel Oost’ maken" in body
        t15 = field_programme.tables.get(code="T15")
        assert f'<option value="t:{t15.pk}" selected>' in body
        assert page.context["report"].errors == 7  # unknown tables are refused until chosen

        # Choose: Samenleven (both spellings) is T05, Oost a new table, 21 no table.
        t05 = field_programme.tables.get(code="T05")
        order = list(values)
        choices = {
            "Tafel 3 – Samenleven": f"t:{t05.pk}",
            "Online tafel 21": "none",
            "Tafel Oost": "new",
            "15": f"t:{t15.pk}",
            "T03": "error",  # refusing a matched one is a choice too
        }
        data = {"action": "tables"}
        for n, value in enumerate(order, start=1):
            data[f"tafelwaarde-{n}"] = value
            data[f"tafel-{n}"] = choices[value]
        assert client.post(preview, data).status_code == 302
        page = client.get(preview)
        report = page.context["report"]
        assert report.errors == 1 and report.to_add == 8
        assert not field_programme.tables.filter(name="Tafel Oost").exists()  # a preview

        client.post(preview, {"action": "confirm"})
        tables = tables_of(field_programme)
        assert tables["Een vast budget voor buurtinitiatieven, zonder formulieren."] == "T05"
        assert tables["Thuisonderwijs zonder laptop werkte gewoon niet."] is None
        oost = field_programme.tables.get(name="Tafel Oost")
        assert tables["Veel mensen wisten niet waar ze terecht konden."] == oost.code
        assert "Woningdelen met studenten gaf ouderen gezelschap." not in tables

    def test_a_choice_cannot_point_at_another_programme_s_table(
        self, client, world, field_programme, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path / "media"
        preview = self.upload(client, world)
        foreign = world["tables"]["a"]  # the test programme's table
        client.post(
            preview,
            {"action": "tables", "tafelwaarde-1": "Tafel Oost", "tafel-1": f"t:{foreign.pk}"},
        )
        client.post(preview, {"action": "confirm"})
        assert not Contribution.objects.filter(table=foreign, programme=field_programme).exists()
        assert not foreign.contributions.filter(text__contains="buurthuis").exists()


@pytest.mark.django_db
def test_the_web_importer_takes_the_kinds_oogst_analyse_understands(world, tmp_path):
    from oogst.harvest.importing import import_contributions

    f = tmp_path / "soorten.csv"
    f.write_text(
        "tekst;soort\nTe weinig handen;Knelpunt\nBurenhulp;kans\nMeer groen;Voorstel\n"
        "Wanneer?;Vragen\nLos;\nRaar;klacht\nGeen stageplek;Uitdaging\nEen loket;Suggestie\n",
        encoding="utf-8",
    )
    report = import_contributions(f, world["programme"])
    kinds = dict(Contribution.objects.filter(channel="import").values_list("text", "kind"))
    assert kinds == {
        "Te weinig handen": "knel",
        "Burenhulp": "kiem",
        "Meer groen": "idee",
        "Wanneer?": "vraag",
        "Los": "overig",
        "Geen stageplek": "knel",
        "Een loket": "idee",
    }
    assert report.errors == 1 and "klacht" in report.problems[0].reason
