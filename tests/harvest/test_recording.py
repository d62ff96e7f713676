"""One way in: every channel — the facilitator's form, the Word table report, a file import, a
Polis export, the API, the public site, the demo and the admin — records its contributions
through `oogst.harvest.actions.record_contributions`. Each row a channel adds is written by the
action's write step, gets its language (a German text is stored as `de`), its audit line and,
for a small write, its redaction at once."""

from __future__ import annotations

import io
import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from oogst.harvest import actions
from oogst.harvest.models import Contribution, Moderation, ReviewStatus
from oogst.safeguards.models import AuditEntry, RedactedText

GERMAN = "Wir brauchen mehr Ärzte auf dem Land, und die Wartezeiten sind viel zu lang."


@pytest.fixture
def written(monkeypatch):
    """The ids the action's write step gave out, in the order it wrote them."""
    ids: list[int] = []
    original = actions._write

    def spy(programme, items, channel, author, ids_wanted=True):
        new = original(programme, items, channel, author, ids_wanted)
        ids.extend(new)
        return new

    monkeypatch.setattr(actions, "_write", spy)
    return ids


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def through_the_action(written, before: set[int], channel: str) -> Contribution:
    """Every contribution the channel added was written by the action; the German one is
    returned."""
    added = set(Contribution.objects.values_list("pk", flat=True)) - before
    assert added, f"{channel}: nothing was added"
    assert added <= set(written), f"{channel}: rows written outside the recording action"
    german = Contribution.objects.get(pk__in=added, text__startswith="Wir brauchen")
    assert german.language == "de", channel
    assert german.channel == channel
    return german


def existing() -> set[int]:
    return set(Contribution.objects.values_list("pk", flat=True))


@pytest.mark.django_db
class TestEveryChannel:
    def test_the_facilitator_s_form(self, client, world, written):
        before = existing()
        client.force_login(world["fac_a"])
        url = reverse("harvest:add", args=[world["tables"]["a"].pk, "knel"])
        assert client.post(url, {"knel-text": GERMAN}).status_code == 302
        german = through_the_action(written, before, "table")
        assert german.author == world["fac_a"] and german.table == world["tables"]["a"]
        # A small write is redacted at once, and audited.
        assert RedactedText.objects.filter(contribution=german).exists()
        entry = AuditEntry.objects.get(action="record", actor=world["fac_a"])
        assert entry.detail == {"channel": "table", "contributions": 1, "source": ""}

    def test_the_word_table_report(self, client, world, written):
        client.force_login(world["fac_a"])
        table = world["tables"]["a"]
        response = client.get(reverse("harvest:report_template", args=[table.pk]))
        doc = Document(io.BytesIO(response.content))
        heading = next(i for i, p in enumerate(doc.paragraphs) if p.text == "Wat kwam in de knel?")
        doc.paragraphs[heading + 1].text = GERMAN
        out = io.BytesIO()
        doc.save(out)
        before = existing()
        upload = SimpleUploadedFile("verslag.docx", out.getvalue())
        response = client.post(
            reverse("harvest:upload_report", args=[table.pk]), {"document": upload}
        )
        assert response.status_code == 200
        through_the_action(written, before, "table")

    def test_a_file_import_on_the_command_line(self, world, written, tmp_path):
        f = tmp_path / "bijdragen.csv"
        f.write_text(f'text,table\n"{GERMAN}",A\nMeer groen in de wijk,B\n', encoding="utf-8")
        before = existing()
        call_command("import_contributions", str(f), programme="test", stdout=io.StringIO())
        german = through_the_action(written, before, "import")
        assert Contribution.objects.get(text="Meer groen in de wijk").language == "nl"
        assert german.metadata["_import"] == {"file": "bijdragen.csv", "row": 2}

    def test_a_file_import_in_the_browser(self, client, world, written):
        client.force_login(world["analyst"])
        content = f'tekst\n"{GERMAN}"\n'.encode()
        response = client.post(
            reverse("harvest:import_upload", args=["test"]),
            {"file": SimpleUploadedFile("veld.csv", content)},
        )
        before = existing()
        client.post(response["Location"], {"action": "confirm"})
        through_the_action(written, before, "import")

    def test_a_polis_export(self, world, written, tmp_path):
        from oogst.harvest.polis import import_polis

        folder = tmp_path / "gesprek"
        folder.mkdir()
        (folder / "comments.csv").write_text(
            "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
            f'1,x,0,0,1,0,1,"{GERMAN}"\n'
            "2,x,1,0,0,0,1,Die Schulen müssen offen bleiben und die Kinder brauchen uns.\n",
            encoding="utf-8",
        )
        (folder / "votes.csv").write_text(
            "timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,1\n", encoding="utf-8"
        )
        before = existing()
        import_polis(folder, world["programme"])
        through_the_action(written, before, "polis")

    def test_the_api(self, client, world, written):
        from oogst.api.services import create_api_token

        _token, raw = create_api_token(world["fac_a"], "test")
        before = existing()
        response = client.post(
            "/api/v1/contributions/bulk",
            data=json.dumps({"programme": "test", "items": [{"text": GERMAN, "table": "A"}]}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        assert response.status_code == 200, response.content
        through_the_action(written, before, "api")

    def test_the_public_site(self, client, world, written):
        from oogst.public.models import PublicProgramme

        PublicProgramme.objects.create(programme=world["programme"], intro="Doe mee.")
        before = existing()
        response = client.post(
            reverse("public:idea", args=["test"]),
            {"text": GERMAN, "kind": "idee", "consent": "on", "website": ""},
        )
        assert response.status_code in (200, 302)
        through_the_action(written, before, "public")
        entry = AuditEntry.objects.get(action="record", detail__channel="public")
        assert entry.actor is None and entry.actor_label == "bezoeker van de publieke site"

    def test_the_demo(self, db, written, monkeypatch):
        from oogst.demo import loader

        read = loader.read_yaml

        def with_a_german_idea(name):
            data = read(name)
            if name == "public_ideas.yaml":
                data["ideas"].append({"code": "P-DE-1", "text": GERMAN, "kind": "idee"})
            return data

        monkeypatch.setattr(loader, "read_yaml", with_a_german_idea)
        before = existing()
        loader.load_demo()
        through_the_action(written, before, "public")
        # Every demo contribution, not just the German one, came in through the action.
        assert existing() - before <= set(written)

    def test_the_admin(self, client, world, written):
        world["analyst"].is_staff = world["analyst"].is_superuser = True
        world["analyst"].save()
        client.force_login(world["analyst"])
        before = existing()
        response = client.post(
            reverse("admin:harvest_contribution_add"),
            {
                "programme": world["programme"].pk,
                "channel": "table",
                "kind": "knel",
                "text": GERMAN,
                "language": "",
                "review_status": ReviewStatus.NEW,
                "moderation": Moderation.ACCEPTED,
                "metadata": "{}",
                "theme_assignments-TOTAL_FORMS": "0",
                "theme_assignments-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        german = through_the_action(written, before, "table")
        assert RedactedText.objects.filter(contribution=german).exists()


def test_nothing_but_the_action_writes_contribution_rows():
    """The source holds no other place that creates a Contribution row."""
    from pathlib import Path

    import oogst

    writers = ("Contribution.objects.create(", "Contribution.objects.bulk_create(")
    writers += ("Contribution.objects.update_or_create(", "Contribution.objects.get_or_create(")
    root = Path(oogst.__file__).parent
    found = [
        f"{path.relative_to(root)}: {writer}"
        for path in root.rglob("*.py")
        for writer in writers
        if writer in path.read_text(encoding="utf-8")
    ]
    assert found == []
