"""The quotes of a programme (or one theme) that may go into a product, and a count per
reason of those held back: what the export page, the memo, the CSV and the JSON hold."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from oogst.participants.models import Consent
from oogst.programme.models import Programme

from .consent import (
    REASONS,
    WITHHELD_ORDER,
    Decision,
    has_consent,
    is_withdrawn,
    latest_consents,
    quote_decision,
    with_consent_records,
)
from .redacted import policy_for, stored_redaction


@dataclass(frozen=True)
class QuoteRow:
    contribution_id: int
    text: str
    role: str
    kind: str
    table: str
    municipality: str
    themes: list[str]
    reviewed_at: str


@dataclass
class QuoteSelection:
    programme: Programme
    theme: object = None  # a codebook Theme when the selection is one theme's quotes
    quotes: list[QuoteRow] = field(default_factory=list)
    withheld: Counter = field(default_factory=Counter)

    @property
    def candidates(self) -> int:
        return len(self.quotes) + sum(self.withheld.values())

    @property
    def withheld_total(self) -> int:
        return sum(self.withheld.values())

    def withheld_rows(self) -> list[tuple[str, str, int]]:
        return [
            (reason, str(REASONS[reason]), self.withheld[reason])
            for reason in WITHHELD_ORDER
            if self.withheld[reason]
        ]


def quotes_for_export(programme: Programme, theme=None) -> QuoteSelection:
    """Every verbatim quote of the programme (or of one of its themes) that may go into a
    product, and a count per reason of those that may not."""
    policy = policy_for(programme)
    quotes = programme.contributions.filter(is_quote=True)
    if theme is not None:
        quotes = quotes.filter(pk__in=theme.assignments.values("contribution"))
    contributions = (
        with_consent_records(quotes)
        .select_related("table__municipality")
        .prefetch_related(Prefetch("themes"))
        .order_by("table__code", "created_at", "id")
    )
    rows = list(contributions)
    consents = latest_consents(c.participant_id for c in rows if c.participant_id)
    selection = QuoteSelection(programme, theme)
    for contribution in rows:
        decision = _export_decision(contribution, policy, consents)
        if not decision.allowed:
            selection.withheld[decision.reason] += 1
            continue
        table = contribution.table
        stored = stored_redaction(contribution)
        selection.quotes.append(
            QuoteRow(
                contribution_id=contribution.pk,
                text=decision.text,
                role=contribution.role_label or str(_("Deelnemer")),
                kind=contribution.kind,
                table=table.code if table else "",
                municipality=str(table.municipality) if table and table.municipality else "",
                themes=sorted(t.name for t in contribution.themes.all()),
                reviewed_at=stored.reviewed_at.isoformat() if stored and stored.reviewed_at else "",
            )
        )
    return selection


def _export_decision(contribution, policy, consents) -> Decision:
    """`quote_decision`, except that a quote whose redaction a background job has yet to make
    is held back as "pending" without redacting it here: an export of 100,000 new quotes must
    not run the engine in the request (and could not pass it: it has no review yet)."""
    if stored_redaction(contribution) is None and not is_withdrawn(contribution):
        if contribution.is_quote and has_consent(
            contribution, Consent.Purpose.QUOTE, policy, consents
        ):
            return Decision(False, "pending")
    return quote_decision(contribution, policy, consents)
