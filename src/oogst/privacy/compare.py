"""Deduce (UMC Utrecht's de-identifier for Dutch text, LGPL-3.0, on PyPI) behind the same
`find_spans` as our Redactor, so `oogst redact-eval` can show its figures beside ours.

Deduce is optional: it is never needed to redact, only to compare. Install it with
``pip install deduce`` (or ``pip install -e ".[compare]"``).
"""

from __future__ import annotations

from collections.abc import Iterable

from oogst.privacy.spans import Span

INSTALL_HINT = 'pip install deduce  (or: pip install -e ".[compare]")'
# Deduce's tags as our types; tags we have no type for keep Deduce's word.
DEDUCE_TYPES: dict[str, str] = {
    "persoon": "name",
    "patient": "name",
    "locatie": "address",
    "telefoonnummer": "phone",
    "emailadres": "email",
    "url": "account",
    "bsn": "bsn",
    "id": "number",
}


def deduce_available() -> bool:
    try:
        import deduce  # noqa: F401
    except ImportError:
        return False
    return True


class DeduceRedactor:
    """Deduce with its default settings; every annotation it makes is something it hides."""

    name = "deduce"

    def __init__(self) -> None:
        try:
            from deduce import Deduce
        except ImportError as exc:
            raise ImportError(f"Deduce is not installed: {INSTALL_HINT}") from exc
        self.deduce = Deduce()

    def find_spans(self, text: str, allow: Iterable[str] = ()) -> list[Span]:
        document = self.deduce.deidentify(text)
        spans = []
        for a in document.annotations:
            kind = DEDUCE_TYPES.get(a.tag, a.tag)
            spans.append(Span(a.start_char, a.end_char, kind, text[a.start_char : a.end_char]))
        return sorted(spans)
