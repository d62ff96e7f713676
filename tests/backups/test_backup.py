"""`oogst backup` and `oogst restore` carry a programme with its whole history: after deleting
it and restoring the file, every app's rows of it are back, with equal counts and hashes, and
the analysis results on disk too. A restore is all or nothing."""

from __future__ import annotations

import shutil
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from oogst.backups.services import BackupError, describe, owned_rows, restore

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(settings, tmp_path, world):
    """The demo with what happens to a programme: redactions, an analysis run with its files,
    decisions on its suggestions, audit lines; and a second programme beside it."""
    from oogst.accounts.models import User
    from oogst.analyses import services
    from oogst.programme.models import Programme

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.OOGST_CACHE_DIR = str(tmp_path / "cache")
    settings.OOGST_BROKER_URL = ""
    settings.OOGST_TASKS_SYNC = True
    call_command("demo", "--force", stdout=StringIO())
    call_command("redactions", "--programme", "demo", stdout=StringIO())
    demo = Programme.objects.get(slug="demo")
    analyst = User.objects.get(username="analist")
    run = services.start_run(
        demo, analyst, {}, {"embedder": "lexical", "seed": 0, "n_clusters": "auto", "n_quotes": 3}
    )
    assert run.status == "done", run.error
    for suggestion in run.suggestions.filter(review="open").order_by("pk")[:3]:
        services.accept_suggestion(suggestion, analyst, replace=True)
    return demo, run


def counts(programme) -> dict:
    return describe(owned_rows(programme))


def remove(programme) -> None:
    """Take every row of the programme out of the database, the rows pointing at others
    first (a table is protected while contributions name it)."""
    from django.apps import apps
    from django.db.models import ProtectedError

    for name, objs in reversed(owned_rows(programme).items()):
        rows = apps.get_model(name)._base_manager.filter(pk__in=[o.pk for o in objs])
        try:
            rows.delete()
        except ProtectedError:  # a theme's parent: the children (made later) first
            for row in rows.order_by("-pk"):
                row.delete()


def test_a_programme_comes_back_whole_after_it_was_deleted(history, tmp_path, settings, world):
    from oogst.harvest.models import Contribution
    from oogst.programme.models import Programme

    demo, run = history
    before = counts(demo)
    assert {
        "harvest.contribution",
        "harvest.themeassignment",
        "analyses.suggestion",
        "analyses.analysisrun",
        "programme.table",
        "codebook.theme",
    } <= set(before)
    result_files = sorted(
        p.relative_to(settings.MEDIA_ROOT) for p in Path(settings.MEDIA_ROOT).rglob("*.*")
    )
    assert result_files
    out = tmp_path / "demo.tar.gz"
    call_command("backup", "--out", str(out), "--programme", "demo", stdout=StringIO())
    other_before = counts(world["programme"])

    remove(demo)
    shutil.rmtree(Path(settings.MEDIA_ROOT) / run.result_dir)
    assert not Programme.objects.filter(slug="demo").exists()

    said = StringIO()
    call_command("restore", str(out), stdout=said)
    assert "aantallen en hashes kloppen" in said.getvalue()
    restored = Programme.objects.get(slug="demo")
    assert counts(restored) == before
    assert counts(world["programme"]) == other_before  # the other programme untouched
    assert (
        sorted(p.relative_to(settings.MEDIA_ROOT) for p in Path(settings.MEDIA_ROOT).rglob("*.*"))
        == result_files
    )
    # New rows get new ids after the restored ones (PostgreSQL's sequences were moved on).
    new = Contribution.objects.create(programme=restored, text="Na het terugzetten", kind="idee")
    assert new.pk > max(c.pk for c in owned_rows(restored)["harvest.contribution"] if c != new)


def test_a_backup_holds_one_programme_and_a_bad_restore_changes_nothing(history, tmp_path, world):
    import json

    from oogst.backups.services import read_backup
    from oogst.programme.models import Programme

    demo, _run = history
    out = tmp_path / "demo.tar.gz"
    call_command("backup", "--out", str(out), "--programme", "demo", stdout=StringIO())
    manifest, rows, tar = read_backup(out)
    tar.close()
    texts = {r["fields"].get("text") for r in rows["owned"] if r["model"] == "harvest.contribution"}
    assert world["contributions"]["a"].text not in texts and manifest["programme"] == "demo"
    with pytest.raises(CommandError, match="meerdere programma"):
        call_command("backup", "--out", str(tmp_path / "x.tar.gz"), stdout=StringIO())

    # Over the programme itself: refused, nothing changed.
    before = counts(demo)
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("restore", str(out), stdout=StringIO())
    assert counts(demo) == before

    # A damaged file is named as such.
    broken = tmp_path / "kapot.tar.gz"
    broken.write_bytes(out.read_bytes()[:2000])
    with pytest.raises(BackupError, match="geen leesbare back-up"):
        restore(broken)

    # Rows that do not match the manifest (a text changed afterwards): rolled back whole.
    changed = next(r for r in rows["owned"] if r["model"] == "harvest.contribution")
    changed["fields"]["text"] += " (veranderd)"
    tampered = tmp_path / "anders.tar.gz"
    with tarfile.open(tampered, "w:gz") as tar:
        for name, data in (("manifest.json", manifest), ("rows.json", rows)):
            path = tmp_path / name
            path.write_text(json.dumps(data))
            tar.add(path, arcname=name)
    remove(demo)
    with pytest.raises(BackupError, match="klopt dit niet met de back-up: harvest.contribution"):
        restore(tampered)
    assert not Programme.objects.filter(slug="demo").exists()
