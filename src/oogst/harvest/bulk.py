"""Writing many rows at once: COPY on PostgreSQL, one executemany elsewhere.

The ORM's bulk_create spent two thirds of a 100,000-row import preparing values field by field
(and auto_now_add would overwrite the dates a file gives); the columns here come from the
model's metadata, so a field added later with a default is still filled. Used by the recording
action for contributions and their theme codings, and by the Polis import for votes.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

# Values the drivers take as they are; everything else goes through the field's own adaptation.
_PLAIN = (str, int, bool, type(None))


def concrete_fields(model) -> list:
    """The columns of `model` a row fills, without the primary key."""
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def adapt(field, value):
    return field.get_db_prep_save(value, connection)


def reserve_ids(model, n: int) -> list[int] | None:
    """PostgreSQL hands out a batch of ids up front, so rows that point at the rows just
    written need no look-up. Elsewhere the database numbers the rows itself (None)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, n],
        )
        return [row[0] for row in cursor.fetchall()]


def db_rows(fields: list, rows: list[dict], ready: dict) -> list[tuple]:
    """Database values for rows of Python values that all have the same keys. `ready` values
    are already adapted; a field in neither gets its model default, worked out once."""
    plain = (*_PLAIN, dt.datetime) if connection.vendor == "postgresql" else _PLAIN
    constant = dict(ready)
    for f in fields:
        if f.attname not in constant and f.attname not in rows[0]:
            default = f.get_default()
            constant[f.attname] = default if isinstance(default, _PLAIN) else adapt(f, default)
    plan = [(f.attname, f, f.attname in constant) for f in fields]
    out = []
    for values in rows:
        row = []
        for attname, f, is_constant in plan:
            if is_constant:
                row.append(constant[attname])
                continue
            value = values[attname]
            row.append(value if isinstance(value, plain) else adapt(f, value))
        out.append(tuple(row))
    return out


def insert(model, fields: list, rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk path: one stream instead of a round trip per row. It
            # goes past Django's cursor wrapper, so its errors are translated here (a
            # duplicate import key is then django.db.IntegrityError, as elsewhere).
            with connection.wrap_database_errors:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def insert_one(model, fields: list, row: tuple) -> int:
    """One row, and the id the database gave it (SQLite: for a row no key can find)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", row)
        return cursor.lastrowid


def analyze(model) -> None:
    """Fresh statistics after a large write on PostgreSQL, or the next import's key look-ups
    plan a sequential scan."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@contextmanager
def long_lived_objects_frozen() -> Iterator[None]:
    """A bulk import makes millions of short-lived objects, and the cycle collector's full
    passes kept walking the hundreds of thousands Django loaded, which never become garbage:
    a third of a 100,000-row import. They are set aside (gc.freeze) for its duration."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
