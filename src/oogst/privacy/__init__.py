"""Find and replace personal data in Dutch (and English/German) text, offline and without Django.

    >>> from oogst.privacy import Redactor
    >>> Redactor().redact("Bel Sanne op 06-12345678.").text
    'Bel [naam] op [telefoon].'

`Redactor.find_spans` returns what would be hidden, `Redactor.apply` renders a (possibly
reviewed and adjusted) list of spans, and `Redactor.redact` does both.
"""

from oogst.privacy.lexicons import lexicon_digest
from oogst.privacy.redactor import MARKERS, Redactor, redact
from oogst.privacy.spans import PII_TYPES, REASONS, Redaction, Span

# Stored with every redaction, so a changed rule or word list shows which results to redo.
# Bump the number when the rules change; the digest follows the shipped word lists.
ENGINE_VERSION = f"privacy-3+{lexicon_digest()}"

__all__ = [
    "ENGINE_VERSION",
    "MARKERS",
    "PII_TYPES",
    "REASONS",
    "Redaction",
    "Redactor",
    "Span",
    "redact",
]
