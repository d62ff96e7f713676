"""Reading privacy state, one module per job:

- `redacted`: the redacted form of a contribution, the policy, the review queue, what waits
  for a background job;
- `consent`: whether a contribution may be quoted or published, and why not;
- `quotes`: the quotes of a programme that may go into a product, and what is held back;
- `subjects`: everything held on one participant (an access request);
- `overview`: the figures of the privacy pages and the audit log in words.

Everything public, exported, quoted or placed in a product gets its text from
`redacted_form` (through `publishable_text`, `quotable_text`, `quote_decision` or the lists
built on them); nothing here ever hands out a contribution's raw text, except
`subject_data`, which is the data subject's own copy.

The names below are these rules as other apps (the analyses, the public site, the products)
and this app's own pages read them: one import, whichever module a rule lives in.
"""

from .consent import (
    METADATA_CONSENT_KEY,
    PUBLIC_SUBMISSION,
    REASONS,
    WITHHELD_ORDER,
    Decision,
    PublicItem,
    consent_given,
    exclude_withdrawn,
    has_consent,
    is_withdrawn,
    latest_consents,
    public_items,
    publish_decision,
    publishable_text,
    quotable_text,
    quote_consent_reader,
    quote_decision,
    with_consent_records,
)
from .overview import (
    DETAIL_LABELS,
    OBJECT_LABELS,
    AuditRow,
    audit_rows,
    privacy_overview,
    programme_figures,
)
from .quotes import QuoteRow, QuoteSelection, quotes_for_export
from .redacted import (
    PendingRedaction,
    RedactedForm,
    current_redaction,
    marked_segments,
    pending_redaction,
    policies_by_programme,
    policy_for,
    redacted_form,
    redaction_counts,
    review_queue,
    stored_redaction,
)
from .subjects import audit_entries_for, subject_data

__all__ = [
    "DETAIL_LABELS",
    "METADATA_CONSENT_KEY",
    "OBJECT_LABELS",
    "PUBLIC_SUBMISSION",
    "REASONS",
    "WITHHELD_ORDER",
    "AuditRow",
    "Decision",
    "PendingRedaction",
    "PublicItem",
    "QuoteRow",
    "QuoteSelection",
    "RedactedForm",
    "audit_entries_for",
    "audit_rows",
    "consent_given",
    "current_redaction",
    "exclude_withdrawn",
    "has_consent",
    "is_withdrawn",
    "latest_consents",
    "marked_segments",
    "pending_redaction",
    "policies_by_programme",
    "policy_for",
    "privacy_overview",
    "programme_figures",
    "public_items",
    "publish_decision",
    "publishable_text",
    "quotable_text",
    "quote_consent_reader",
    "quote_decision",
    "quotes_for_export",
    "redacted_form",
    "redaction_counts",
    "review_queue",
    "stored_redaction",
    "subject_data",
    "with_consent_records",
]
