"""The shapes the API reads and writes, as they appear in the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from oogst.codebook.models import Theme
from oogst.harvest.models import MAX_TEXT_LENGTH, Kind
from oogst.programme.models import Table

from .services import MAX_BULK_ITEMS

# Ids are bounded so that no database sees a number it cannot store (and answers with a 500).
MAX_ID = 2**53
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# The choices of the models themselves, so the API cannot drift from them.
KINDS = Literal[tuple(Kind.values)]  # type: ignore[valid-type]
TABLE_STATUSES = Literal[tuple(Table.Status.values)]  # type: ignore[valid-type]
THEME_STATUSES = Literal[tuple(Theme.Status.values)]  # type: ignore[valid-type]


class Error(Schema):
    detail: str


class ContributionOut(Schema):
    id: int
    programme: str
    table: int | None
    table_code: str | None
    channel: str
    kind: str
    text: str
    role_label: str
    is_quote: bool
    language: str
    moderation: str
    review_status: str
    themes: list[str]
    import_key: str | None
    created_at: dt.datetime


class ContributionPage(Schema):
    count: int | None = Field(..., description="alle treffers; leeg bij een cursor")
    page: int | None = Field(..., description="paginanummer; leeg bij een cursor")
    page_size: int
    pages: int | None = Field(..., description="aantal pagina's; leeg bij een cursor")
    next_cursor: str | None = Field(
        ..., description="de cursor voor de volgende pagina; leeg op de laatste"
    )
    results: list[ContributionOut]


class ContributionFilter(Schema):
    programme: str | None = Field(
        None, max_length=50, pattern=SLUG_PATTERN, description="programmacode"
    )
    table: int | None = Field(None, ge=1, le=MAX_ID, description="tafel-id")
    kind: KINDS | None = Field(None, description="knel, kiem, idee, vraag of overig")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=500)
    cursor: str | None = Field(
        None,
        max_length=200,
        description=(
            "next_cursor van de vorige pagina: de pagina daarna, even snel op elke diepte "
            "(zonder count en pages); voor wie alles ophaalt"
        ),
    )


class ContributionIn(Schema):
    """One contribution, with the columns of the file import."""

    text: str = Field(..., description=f"de bijdrage, hoogstens {MAX_TEXT_LENGTH} tekens")
    kind: str | None = Field(
        None, description="knel, kiem, idee, vraag of overig (standaard overig)"
    )
    role: str | None = Field(None, description="rol voor de bronvermelding, nooit een naam")
    table: str | None = Field(None, description="tafelcode in het programma")
    theme: list[str] | None = Field(None, description="themacodes uit het codeboek")
    language: str | None = Field(None, description="taalcode, standaard nl")
    external_id: str | None = Field(None, description="uw eigen id: maakt opnieuw insturen veilig")
    created_at: str | None = Field(None, description="datum, bijvoorbeeld 2026-03-12T19:30")
    is_quote: bool | None = Field(None, description="letterlijk citaat")
    metadata: dict[str, str | int | float | bool | None] | None = Field(
        None, description="overige gegevens"
    )


class ContributionCreate(ContributionIn):
    programme: str = Field(..., max_length=50, pattern=SLUG_PATTERN)


class BulkIn(Schema):
    programme: str = Field(..., max_length=50, pattern=SLUG_PATTERN)
    strict: bool = Field(False, description="niets opslaan als één item fout is")
    items: list[ContributionIn] = Field(..., min_length=1, max_length=MAX_BULK_ITEMS)


class BulkItemOut(Schema):
    index: int
    status: Literal["created", "not_written", "already_imported", "duplicate", "error"]
    reason: str
    id: int | None


class BulkOut(Schema):
    added: int
    already_imported: int
    duplicates: int
    errors: int
    strict: bool
    items: list[BulkItemOut]


class CreateError(Schema):
    detail: str
    reason: str
    id: int | None = None


class TableOut(Schema):
    id: int
    programme: str
    code: str
    name: str
    track: str
    kind: str
    mode: str
    status: str
    municipality: str | None
    starts_at: dt.datetime | None
    themes: list[str]
    contributions: int


class TableFilter(Schema):
    programme: str | None = Field(None, max_length=50, pattern=SLUG_PATTERN)
    status: TABLE_STATUSES | None = None


class ThemeOut(Schema):
    id: int
    programme: str
    slug: str
    name: str
    description: str
    parent: str | None
    status: str


class ThemeFilter(Schema):
    programme: str | None = Field(None, max_length=50, pattern=SLUG_PATTERN)
    status: THEME_STATUSES | None = None
