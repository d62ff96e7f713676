"""Back up one programme with its whole history, and restore it: `oogst backup`, `oogst restore`.

What belongs to a programme is every row that points at it, or at such a row, in any app,
found by following each relation back: tables, contributions, codes, redactions, analysis
runs and their suggestions, participants, consent, public submissions, the audit log, ...
A new app's rows come along without a change here. Rows they refer to that are
shared with other programmes (users, ministries, municipalities, background jobs) come along
as references: a restore adds them where they are missing and leaves existing ones alone.
Users and groups are referred to by name, so a restore into another database finds them.

A back-up file is a gzipped tar: `manifest.json` (format, programme, per model the number of
rows and a SHA-256 of them), `rows.json` (Django's serialisation), and the analysis runs'
result folders under `media/`. A restore happens in one transaction and checks the counts and
hashes of what it wrote against the manifest before it commits: all or nothing.

The file holds personal data (contributions, contact details, password hashes): keep it as
carefully as the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils.translation import gettext as _

FORMAT = "oogst-backup/1"
# Every migrated database has these, under its own ids: they are referred to by natural key.
NEVER_COPIED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


class BackupError(Exception):
    """A back-up that cannot be made or restored; the message says why."""


@dataclass
class Restored:
    programme: str
    rows: int
    references_added: int
    files: int


def label(model) -> str:
    return model._meta.label_lower


def owned_rows(programme) -> dict[str, list]:
    """Every row that belongs to the programme, by model label (a row before the rows that
    point at it), in id order: each row with a link to the programme, or to such a row, in
    any app, found by following every relation back (whatever it does on delete)."""
    found: dict[type, dict] = defaultdict(dict)
    found[type(programme)][programme.pk] = programme
    frontier = [(type(programme), [programme.pk])]
    while frontier:
        model, pks = frontier.pop()
        for relation in model._meta.related_objects:
            if relation.many_to_many:  # written with the rows that hold the field
                continue
            related = relation.related_model
            for start in range(0, len(pks), 500):
                rows = related._base_manager.filter(
                    **{f"{relation.field.name}__in": pks[start : start + 500]}
                )
                new = [row for row in rows if row.pk not in found[related]]
                for row in new:
                    found[related][row.pk] = row
                if new:
                    frontier.append((related, [row.pk for row in new]))
    return _in_order(found)


def _in_order(found: dict[type, dict]) -> dict[str, list]:
    order = serializers.sort_dependencies([(None, list(found))], allow_cycles=True)
    return {label(m): [found[m][pk] for pk in sorted(found[m])] for m in order if found[m]}


def referenced_rows(owned: dict[str, list]) -> dict[str, list]:
    """Rows outside the programme that its rows point at (and what those point at)."""
    have = {(name, obj.pk) for name, objs in owned.items() for obj in objs}
    found: dict[str, dict] = defaultdict(dict)
    todo = [obj for objs in owned.values() for obj in objs]
    while todo:
        obj = todo.pop()
        for target in _pointed_at(obj):
            key = (label(target), target.pk)
            if key[0] in NEVER_COPIED or key in have:
                continue
            have.add(key)
            found[key[0]][target.pk] = target
            todo.append(target)
    # Rows that others point at come first (a ministry before its liaison).
    return _in_order({apps.get_model(name): rows for name, rows in found.items()})


def _pointed_at(obj):
    for field in obj._meta.concrete_fields:
        if field.is_relation and getattr(obj, field.attname) is not None:
            yield getattr(obj, field.name)
    for field in obj._meta.many_to_many:
        yield from getattr(obj, field.name).all()


def serialise(objs) -> list[dict]:
    """Rows as plain JSON values, with times to the microsecond (Django's JSON serialiser
    keeps milliseconds only: a restored row would differ from the original)."""
    rows = serializers.serialize(
        "python", objs, use_natural_foreign_keys=True, use_natural_primary_keys=False
    )
    return json.loads(json.dumps(rows, default=_exact))


def _exact(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return DjangoJSONEncoder().default(value)


def deserialise(rows: list[dict], **options):
    return serializers.deserialize("python", rows, **options)


def describe(owned: dict[str, list]) -> dict[str, dict]:
    """Per model: the number of rows and a SHA-256 of their serialised form."""
    summary = {}
    for name, objs in owned.items():
        text = json.dumps(serialise(objs), sort_keys=True, ensure_ascii=False)
        summary[name] = {"rows": len(objs), "sha256": hashlib.sha256(text.encode()).hexdigest()}
    return summary


def result_folders(owned: dict[str, list]) -> list[str]:
    """The analysis runs' result folders (relative to MEDIA_ROOT)."""
    return sorted(run.result_dir for run in owned.get("analyses.analysisrun", []) if run.result_dir)


def backup(programme, out: Path) -> dict:
    """Write the programme's back-up to `out` (complete or not at all); returns the manifest."""
    owned = owned_rows(programme)
    references = referenced_rows(owned)
    manifest = {
        "format": FORMAT,
        "programme": programme.slug,
        "made_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "models": describe(owned),
        "references": {name: len(objs) for name, objs in references.items()},
    }
    rows = {
        "owned": [row for objs in owned.values() for row in serialise(objs)],
        "references": [row for objs in references.values() for row in serialise(objs)],
    }
    media = Path(settings.MEDIA_ROOT)
    temporary = out.with_name(f".{out.name}.tmp")
    with tarfile.open(temporary, "w:gz") as tar:
        _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=1).encode())
        _add_bytes(tar, "rows.json", json.dumps(rows, ensure_ascii=False).encode())
        for folder in result_folders(owned):
            if (media / folder).is_dir():
                tar.add(media / folder, arcname=f"media/{folder}")
    temporary.replace(out)
    return manifest


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def read_backup(path: Path) -> tuple[dict, dict, tarfile.TarFile]:
    try:
        tar = tarfile.open(path, "r:gz")
        manifest = json.load(tar.extractfile("manifest.json"))
        rows = json.load(tar.extractfile("rows.json"))
    except (OSError, EOFError, KeyError, tarfile.TarError, ValueError, TypeError) as exc:
        raise BackupError(
            _("%(file)s is geen leesbare back-up van Oogst: %(error)s")
            % {"file": path, "error": exc}
        ) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(file)s heeft een onbekend formaat (%(format)s).")
            % {"file": path, "format": manifest.get("format")}
        )
    return manifest, rows, tar


def restore(path: Path) -> Restored:
    """Put a programme back from a back-up, in one transaction, checked against its manifest.

    Refused when the programme exists, or when rows of it would overwrite other rows (a
    database that is neither the one it came from nor empty of them)."""
    from oogst.programme.models import Programme

    manifest, rows, tar = read_backup(path)
    slug = manifest["programme"]
    if Programme.objects.filter(slug=slug).exists():
        raise BackupError(
            _(
                "Programma ‘%(slug)s’ bestaat al in deze database. Verwijder het eerst, of zet "
                "de back-up terug in een andere database."
            )
            % {"slug": slug}
        )
    media = Path(settings.MEDIA_ROOT)
    written: list[Path] = []
    try:
        with transaction.atomic():
            with connection.constraint_checks_disabled():
                added, models = _restore_references(rows["references"])
                owned = list(deserialise(rows["owned"]))
                _refuse_overwrites(owned)
                for item in owned:
                    item.save()
                    models.add(type(item.object))
            connection.check_constraints(table_names=[m._meta.db_table for m in models])
            _reset_sequences(models)
            programme = Programme.objects.get(slug=slug)
            found = describe(owned_rows(programme))
            if found != manifest["models"]:
                differ = sorted(
                    name
                    for name in set(found) | set(manifest["models"])
                    if found.get(name) != manifest["models"].get(name)
                )
                raise BackupError(
                    _("Na het terugzetten klopt dit niet met de back-up: %(models)s")
                    % {"models": ", ".join(differ)}
                )
            written = _restore_files(tar, media)
    except BackupError:
        _remove(written)
        raise
    except Exception as exc:
        _remove(written)
        raise BackupError(
            _("De back-up kon niet worden teruggezet, er is niets veranderd: %(error)s")
            % {"error": exc}
        ) from exc
    finally:
        tar.close()
    return Restored(slug, len(rows["owned"]), added, len(written))


def _restore_references(references: list[dict]) -> tuple[int, set]:
    """Add the shared rows that are missing; an existing one (same name, or same id for rows
    without a name) is left as it is. Returns how many were added, and their models."""
    added, models = 0, set()
    for item in deserialise(references, handle_forward_references=True):
        model = type(item.object)
        manager = model._default_manager
        if hasattr(item.object, "natural_key") and hasattr(manager, "get_by_natural_key"):
            try:
                manager.get_by_natural_key(*item.object.natural_key())
                continue
            except model.DoesNotExist:
                if manager.filter(pk=item.object.pk).exists():
                    item.object.pk = None  # the id is someone else's: a new one
        elif manager.filter(pk=item.object.pk).exists():
            continue
        item.save()
        added += 1
        models.add(model)
    return added, models


def _refuse_overwrites(owned) -> None:
    taken = defaultdict(list)
    by_model = defaultdict(list)
    for item in owned:
        by_model[type(item.object)].append(item.object.pk)
    for model, pks in by_model.items():
        for start in range(0, len(pks), 500):
            taken[label(model)] += list(
                model._default_manager.filter(pk__in=pks[start : start + 500]).values_list(
                    "pk", flat=True
                )
            )
    clashes = {name: pks for name, pks in taken.items() if pks}
    if clashes:
        raise BackupError(
            _(
                "Deze database heeft al andere rijen met de nummers uit de back-up (%(models)s): "
                "zet hem terug in de database waar hij vandaan komt, of in een lege."
            )
            % {"models": ", ".join(f"{name} ({len(pks)})" for name, pks in clashes.items())}
        )


def _reset_sequences(models) -> None:
    """After rows with their own ids, new rows must get ids after them (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _restore_files(tar: tarfile.TarFile, media: Path) -> list[Path]:
    written = []
    for member in tar.getmembers():
        name = PurePosixPath(member.name)
        if name.parts[:1] != ("media",) or not member.isfile():
            continue
        relative = Path(*name.parts[1:])
        if ".." in relative.parts or relative.is_absolute():
            raise BackupError(_("Een bestand in de back-up wijst buiten de map: %s") % name)
        target = media / relative
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with tar.extractfile(member) as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out)
        written.append(target)
    return written


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
