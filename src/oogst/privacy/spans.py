"""The plain data the redaction engine hands out: what it found (`Span`) and the result."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# The kinds of personal data we detect; also the keys of the marker tables.
PII_TYPES: tuple[str, ...] = (
    "name",
    "email",
    "phone",
    "address",
    "postcode",
    "bsn",
    "iban",
    "birthdate",
    "plate",
    "account",
    "number",  # an identifying number after its noun: patiënt-, cliënt-, dossier-, lidnummer
)


@dataclass(frozen=True, order=True)
class Span:
    """A piece of personal data: `text[start:end] == original`, offsets in the *input* text."""

    start: int
    end: int
    type: str
    original: str = field(compare=False)

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def to_dict(self, with_original: bool = False) -> dict[str, Any]:
        """JSON-ready form; the original text is left out unless asked for, so that exported
        span lists do not carry the personal data they point at."""
        data = asdict(self)
        if not with_original:
            del data["original"]
        return data


@dataclass(frozen=True)
class Redaction:
    """The redacted text and the spans (in the input's offsets) that were replaced."""

    text: str
    spans: list[Span]
    replacements: list[str] = field(default_factory=list)

    def to_dict(self, with_original: bool = False) -> dict[str, Any]:
        return {
            "text": self.text,
            "spans": [span.to_dict(with_original) for span in self.spans],
        }
