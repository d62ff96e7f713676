"""Quotes for a product, every one through the privacy layer (`oogst.safeguards`): redacted,
consented, reviewed, not withdrawn. A `QuoteBook` decides per contribution once, remembers
what it printed (with its reference: contribution id, table code, role, never a name) and
counts what it withheld and why."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from oogst.harvest.models import Contribution
from oogst.programme.models import Programme
from oogst.safeguards.selectors import (
    REASONS,
    latest_consents,
    policy_for,
    quote_decision,
    with_consent_records,
)

# A visual or a list has room for a sentence or two; longer quotes are cut at a sentence end
# (or a word), so what is printed is still word for word in the redacted text.
SHORT = 180


@dataclass(frozen=True)
class Quote:
    contribution_id: int
    text: str  # the redacted text, or a leading part of it ending in "…"
    role: str
    table: str  # the table's code, "" for a contribution from outside a table
    kind: str

    @property
    def reference(self) -> str:
        """ "Student, tafel T02, bijdrage 123": what every printed quote carries."""
        parts = [self.role]
        if self.table:
            parts.append(_("tafel %(code)s") % {"code": self.table})
        parts.append(_("bijdrage %(id)s") % {"id": self.contribution_id})
        return ", ".join(parts)

    def to_dict(self) -> dict:
        return {
            "contribution": self.contribution_id,
            "table": self.table,
            "role": self.role,
        }


def shorten(text: str, limit: int = SHORT) -> str:
    """The first sentences that fit in `limit` characters, else the first words and "…"."""
    if len(text) <= limit:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    kept = ""
    for sentence in sentences:
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


@dataclass
class QuoteBook:
    programme: Programme
    withheld: Counter = field(default_factory=Counter)
    printed: dict[int, Quote] = field(default_factory=dict)
    _decided: dict[int, Quote | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.policy = policy_for(self.programme)

    def load(self, contribution_ids) -> None:
        """Decide for these contributions in one go (a query for them and their consents)."""
        wanted = [i for i in dict.fromkeys(contribution_ids) if i not in self._decided]
        if not wanted:
            return
        rows = list(
            with_consent_records(
                Contribution.objects.filter(programme=self.programme, pk__in=wanted)
            ).select_related("table")
        )
        consents = latest_consents(c.participant_id for c in rows if c.participant_id)
        found = set()
        for contribution in rows:
            found.add(contribution.pk)
            decision = quote_decision(contribution, self.policy, consents)
            if not decision.allowed:
                self._decided[contribution.pk] = None
                if decision.reason != "not_a_quote":  # a summary was never a quote to withhold
                    self.withheld[decision.reason] += 1
                continue
            self._decided[contribution.pk] = Quote(
                contribution_id=contribution.pk,
                text=decision.text,
                role=contribution.role_label or _("Deelnemer"),
                table=contribution.table.code if contribution.table_id else "",
                kind=contribution.kind,
            )
        for missing in set(wanted) - found:  # erased since it was linked
            self._decided[missing] = None

    def quote(self, contribution_id: int, short: bool = False) -> Quote | None:
        """The quote of this contribution if it may be printed, recorded as printed."""
        self.load([contribution_id])
        quote = self._decided.get(contribution_id)
        if quote is None:
            return None
        if short:
            quote = Quote(**{**quote.__dict__, "text": shorten(quote.text)})
        self.printed.setdefault(contribution_id, quote)
        return quote

    def pick(self, contribution_ids, n: int, short: bool = False) -> list[Quote]:
        """Up to `n` printable quotes from these contributions, in the order given."""
        ids = list(contribution_ids)
        self.load(ids)
        picked = []
        for contribution_id in ids:
            if len(picked) == n:
                break
            quote = self.quote(contribution_id, short)
            if quote is not None:
                picked.append(quote)
        return picked

    def withheld_rows(self) -> list[tuple[str, str, int]]:
        return [
            (reason, str(REASONS.get(reason, reason)), n)
            for reason, n in sorted(self.withheld.items())
            if n
        ]

    @property
    def withheld_total(self) -> int:
        return sum(self.withheld.values())
