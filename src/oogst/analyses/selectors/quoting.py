"""Quotes as they may be shown today: redacted, with consent read at every view, attributed by
role."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from oogst.accounts.models import User
from oogst.harvest.models import Contribution, Kind
from oogst.programme.access import tables_visible_to
from oogst.safeguards.selectors import (
    REASONS,
    latest_consents,
    policies_by_programme,
    quotable_text,
    with_consent_records,
)


@dataclass(frozen=True)
class Quote:
    contribution_id: int
    text: str | None
    role_label: str
    kind: str
    # Why the text is not shown: a reason of the privacy app (safeguards.selectors.REASONS,
    # e.g. "withdrawn", "no_quote_consent").
    withheld: str = ""
    # The language of the text, for its lang attribute: an English Polis statement on a
    # Dutch page is read out in English.
    language: str = ""
    # False for someone's summary of what was said (Contribution.is_quote off): shown as a
    # summary, never in quotation marks.
    verbatim: bool = True
    table_code: str = ""
    # The table page that lists the contribution, when this reader may open it (a withdrawn
    # participant's contribution is not pointed at).
    table_url: str = ""

    @property
    def kind_label(self) -> str:
        """The kind in words, not only a border colour."""
        return str(dict(Kind.choices).get(self.kind, ""))

    @property
    def withheld_reason(self) -> str:
        """The privacy app's words for why the text is held back ("" when nothing is)."""
        return str(REASONS.get(self.withheld, "")) if self.withheld else ""


def quote_texts(user: User | AnonymousUser, contribution_ids: list[int]) -> dict[int, Quote]:
    """The text to show for each quote, with its role label (never a name), whether it is
    verbatim, and its table.

    Everyone sees the redacted text of a contribution that may be quoted now: consent is
    read at every view, so a participant who withdrew, or took back their consent to be
    quoted after the run, is no longer quoted.
    """
    contributions = Contribution.objects.filter(pk__in=contribution_ids).select_related(
        "participant", "table", "programme"
    )
    contributions = list(with_consent_records(contributions))
    consents = latest_consents(c.participant_id for c in contributions if c.participant_id)
    policy = policies_by_programme()
    visible_tables = set(
        tables_visible_to(user)
        .filter(pk__in={c.table_id for c in contributions if c.table_id})
        .values_list("pk", flat=True)
    )
    quotes: dict[int, Quote] = {}
    for c in contributions:
        text, withheld = quotable_text(c, policy(c.programme_id), consents)
        table_url = ""
        if c.table_id in visible_tables and withheld != "withdrawn":
            table_url = (
                reverse("programme:table", args=[c.programme.slug, c.table_id])
                + f"#bijdrage-{c.pk}"
            )
        quotes[c.pk] = Quote(
            c.pk,
            text,
            c.role_label,
            c.kind,
            withheld,
            c.language,
            verbatim=c.is_quote,
            table_code=c.table.code if c.table_id else "",
            table_url=table_url,
        )
    return quotes
