"""A bulk import's redaction is a background job, never a page's work (issue 20 finding 12: the
first /privacy/<slug>/ after a 100,000-row import took 42.6 s redacting in the request). While
the job is pending the pages say so, change nothing, and nothing leaves unredacted."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from oogst.harvest.models import Contribution
from oogst.safeguards import services
from oogst.safeguards.models import RedactedText, RedactionJob
from oogst.tasks.models import Job
from oogst.tasks.runner import execute

SECRETS = ("Jan de Vries", "06-12345678", "jan.devries@example.nl")


def field_file(tmp_path, n: int):
    """A JSONL export of n quotes with a name, a phone number and an e-mail address, each with
    the sender's consent to be quoted and published."""
    f = tmp_path / "veld.jsonl"
    lines = [
        {
            "text": f"Bel Jan de Vries op 06-12345678 of jan.devries@example.nl over de "
            f"wachtlijst bij de huisarts ({i}).",
            "kind": "knel",
            "is_quote": "ja",
            "role": "Inwoner",
            "consent": {"quote": True, "publish": True},
        }
        for i in range(n)
    ]
    f.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return f


@pytest.fixture
def imported(world, tmp_path, monkeypatch):
    """Five quotes imported as a bulk write (the action redacts up to two at once here), the
    redaction job queued and not yet run."""
    monkeypatch.setattr("oogst.harvest.actions.INLINE_REDACTION", 2)
    call_command(
        "import_contributions",
        str(field_file(tmp_path, 5)),
        programme="test",
        stdout=io.StringIO(),
    )
    return Contribution.objects.filter(channel="import")


def pages(programme):
    return [
        reverse("safeguards:overview", args=[programme.slug]),
        reverse("safeguards:queue", args=[programme.slug]),
        reverse("safeguards:export", args=[programme.slug]),
        reverse("safeguards:export_csv", args=[programme.slug]),
        reverse("safeguards:export_json", args=[programme.slug]),
        reverse("products:overview", args=[programme.slug]),
        reverse("safeguards:redaction_status", args=[programme.slug]),
    ]


@pytest.mark.django_db
class TestWhileTheJobIsPending:
    def test_the_import_queued_one_job_and_redacted_nothing(self, imported, world):
        assert imported.count() == 5
        assert not RedactedText.objects.filter(contribution__in=imported).exists()
        [run] = RedactionJob.objects.filter(programme=world["programme"])
        assert run.job.status == Job.Status.QUEUED and run.total == 5

    def test_get_pages_change_nothing_and_say_the_redaction_is_pending(
        self, imported, world, client, monkeypatch
    ):
        def not_in_a_request(*args, **kwargs):
            raise AssertionError("a page redacted in the request")

        monkeypatch.setattr(services, "redact_missing", not_in_a_request)
        client.force_login(world["analyst"])
        before = RedactedText.objects.count()
        for url in pages(world["programme"]):
            assert client.get(url).status_code == 200, url
        assert RedactedText.objects.count() == before
        body = client.get(pages(world["programme"])[0]).content.decode()
        assert "Redactie bezig" in body and "0 van 5 nieuwe bijdragen geredigeerd" in body

    def test_nothing_unredacted_leaves(self, imported, world, client):
        from oogst.analyses.selectors.run_input import analysis_records
        from oogst.safeguards.selectors import public_items

        client.force_login(world["analyst"])
        for url in pages(world["programme"]):
            content = client.get(url).content
            if url.endswith(".docx"):
                from docx import Document

                content = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
            else:
                content = content.decode()
            for secret in SECRETS:
                assert secret not in content, url
        # The export holds them back as pending, and says so.
        data = client.get(pages(world["programme"])[4]).json()
        assert data["quotes"] == [] and data["withheld"].get("pending") == 5
        # Where a pending contribution is shown (the public list, an analysis), it is redacted
        # there and then, never shown raw.
        shown = public_items(imported.all())
        assert len(shown) == 5
        for item in shown:
            assert "wachtlijst bij de huisarts" in item.text
            assert not any(secret in item.text for secret in SECRETS)
        for record in analysis_records(imported.all()):
            assert not any(secret in record["text"] for secret in SECRETS)
        # Showing them stored nothing.
        assert not RedactedText.objects.filter(contribution__in=imported).exists()

    def test_a_second_bulk_import_waits_for_the_same_job(self, imported, world, tmp_path):
        f = tmp_path / "meer.csv"
        f.write_text("text\n" + "\n".join(f"Nog een bijdrage {i}" for i in range(4)) + "\n")
        call_command("import_contributions", str(f), programme="test", stdout=io.StringIO())
        assert RedactionJob.objects.filter(programme=world["programme"]).count() == 1


@pytest.mark.django_db
def test_the_job_redacts_them_with_its_progress(imported, world, client):
    run = RedactionJob.objects.get(programme=world["programme"])
    execute(run.job_id)
    run.refresh_from_db()
    assert run.job.status == Job.Status.DONE and (run.done, run.total) == (5, 5)
    stored = RedactedText.objects.filter(contribution__in=imported)
    assert stored.count() == 5
    assert not any(secret in r.text for r in stored for secret in SECRETS)
    client.force_login(world["analyst"])
    body = client.get(pages(world["programme"])[0]).content.decode()
    assert "Redactie bezig" not in body and "Redactie wacht" not in body
    # In the review queue now, for an analyst to check.
    queue = client.get(pages(world["programme"])[1]).content.decode()
    assert "wachtlijst bij de huisarts" in queue


@pytest.mark.django_db
class TestStartingItByHand:
    def test_contributions_without_a_redaction_and_no_job_offer_a_button(self, world, client):
        RedactedText.objects.all().delete()
        client.force_login(world["analyst"])
        body = client.get(pages(world["programme"])[0]).content.decode()
        assert "Redactie wacht" in body and "2 bijdragen hebben nog geen" in body
        url = reverse("safeguards:start_redaction", args=["test"])
        assert client.get(url).status_code == 405
        response = client.post(url)
        assert response.status_code == 302
        run = RedactionJob.objects.get()
        assert run.total == 2 and run.job.status == Job.Status.QUEUED

    @pytest.mark.parametrize("who", ["fac_a", "host", "liaison", "observer"])
    def test_only_the_programme_team_starts_it(self, world, client, who):
        client.force_login(world[who])
        assert client.post(reverse("safeguards:start_redaction", args=["test"])).status_code == 403
        assert client.get(reverse("safeguards:redaction_status", args=["test"])).status_code == 403
        assert not RedactionJob.objects.exists()
