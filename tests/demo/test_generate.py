"""`oogst generate` writes for the demo: every generated row imports into it, none refused,
none taken for a duplicate, each at one of the demo's tables and coded to one of its themes."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from oogst.demo.synthetic import UnknownProgramme, generate_main, programme_tables


@pytest.mark.django_db
def test_generated_data_imports_into_the_demo_without_a_refused_row(tmp_path):
    from oogst.harvest.importing import import_contributions
    from oogst.harvest.models import Contribution
    from oogst.programme.models import Programme

    call_command("demo", "--force", stdout=StringIO())
    path = tmp_path / "synthetisch.jsonl"
    assert generate_main(["--contributions", "600", "--out", str(path), "--seed", "7"]) == 0
    demo = Programme.objects.get(slug="demo")
    before = Contribution.objects.filter(programme=demo).count()

    report = import_contributions(str(path), demo)

    assert (report.errors, report.already_imported, report.duplicates_in_file) == (0, 0, 0)
    assert report.added == 600
    made = Contribution.objects.filter(programme=demo, metadata__synthetic=True)
    assert Contribution.objects.filter(programme=demo).count() == before + 600
    assert made.count() == 600 and not made.filter(table__isnull=True).exists()
    assert made.filter(themes__isnull=True).count() == 0
    # Importing the same file again adds nothing: the external ids are the keys.
    again = import_contributions(str(path), demo)
    assert again.added == 0 and again.already_imported == 600


def test_rows_use_the_demos_tables_and_themes_and_carry_an_external_id(tmp_path):
    path = tmp_path / "rows.jsonl"
    generate_main(["--contributions", "300", "--out", str(path)])
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    tables = programme_tables("demo")
    assert len({row["external_id"] for row in rows}) == 300
    assert {row["table"] for row in rows} <= set(tables) and len({r["table"] for r in rows}) > 12
    assert all(row["synthetic"] is True and "id" not in row for row in rows)
    # Each about a theme of the table where it was said.
    assert all(row["theme"] in tables[row["table"]] for row in rows)


def test_another_programme_is_refused_by_name(capsys):
    with pytest.raises(UnknownProgramme):
        programme_tables("elders")
    with pytest.raises(SystemExit):
        generate_main(["--contributions", "1", "--out", "-", "--programme", "elders"])
    assert "elders" in capsys.readouterr().err
