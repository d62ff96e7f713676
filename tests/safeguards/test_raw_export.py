"""The programme team's export of every contribution with its raw text: spreadsheet-safe, in
the import format, and in the audit log."""

import csv
import io

import pytest
from django.urls import reverse

from oogst.harvest.models import Contribution
from oogst.safeguards.models import AuditEntry


@pytest.mark.django_db
def test_export_is_formula_safe_and_reads_back_as_an_import(client, world, tmp_path):
    from oogst.harvest.importing import import_contributions
    from oogst.programme.models import Programme

    Contribution.objects.create(
        programme=world["programme"],
        table=world["tables"]["a"],
        kind="idee",
        text='=HYPERLINK("http://evil","klik")',
        role_label="@beheer",
    )
    client.force_login(world["analyst"])
    response = client.get(reverse("safeguards:export_contributions", args=["test"]))
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 3
    evil = next(r for r in rows if "HYPERLINK" in r["text"])
    assert evil["text"].startswith("'=") and evil["role"] == "'@beheer"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT_RAW)
    assert (entry.actor, entry.detail) == (world["analyst"], {"channel": "csv", "rows": 3})
    care = next(r for r in rows if "GGZ" in r["text"])
    assert (care["kind"], care["table"], care["role"]) == ("knel", "A", "Zorgmedewerker")
    # The export is in the import format: it reads straight into another programme.
    path = tmp_path / "export.csv"
    path.write_text(content, encoding="utf-8")
    other = Programme.objects.create(slug="kopie", name="Kopie")
    track = other.tracks.create(slug="burgers", name="Burgers")
    for code in ("A", "B"):
        other.tables.create(code=code, name=f"Tafel {code}", track=track)
    assert import_contributions(path, other).added == 3
