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


# Why a span was taken (`Span.reason`): the rule or list that found it.
REASONS: dict[str, str] = {
    "first_names": "a first name from our list",
    "surnames": "a surname from our list",
    "world_first_names": "a first name from the world list (Faker)",
    "world_surnames": "a surname from the world list (Faker)",
    "title": "a capitalised word after a title, relation or role (mevrouw, oom, wethouder)",
    "initials": "initials before a surname",
    "particles": "a tussenvoegsel before a capitalised word (van der, ter)",
    "introducer": "a word after 'ik heet', 'genaamd'",
    "greeting": "a word after a greeting (hoi, beste, groeten)",
    "apposition": "capitalised words before a role (', huisarts in Sneek')",
    "verb": "capitalised words before a verb such as 'zei'",
    "coordination": "coordinated with a name ('Bert en Ans')",
    "asked": "the one asked ('vraag het maar aan Mariska')",
    "speech": "the speaker named after a quote (', zegt Albertha')",
    "surname_shape": "a capitalised word shaped like a surname (Pietersen, Hoekstra, Wolterink)",
    "email": "an e-mail address",
    "email_spelled": "an e-mail address spelled out ('at', 'punt')",
    "account": "a social-media handle or profile link",
    "iban": "a bank account number (checksum)",
    "bsn": "a citizen service number (11-proef)",
    "phone": "a phone number",
    "phone_spelled": "a phone number in words",
    "plate": "a licence plate",
    "postcode": "a postcode",
    "birthdate": "a date with a birth word near it",
    "street_number": "a street with house number",
    "street_name": "a street where someone lives",
    "street_named": "a street named on its own that not every town has (data/common_streets.txt)",
    "house_number": "a house number ('op nummer 14')",
    "number_after_noun": "a number after patiënt-, cliënt-, dossier-, lidnummer ...",
}


@dataclass(frozen=True, order=True)
class Span:
    """A piece of personal data: `text[start:end] == original`, offsets in the *input* text."""

    start: int
    end: int
    type: str
    original: str = field(compare=False)
    # Which rule or list took it ("title", "first_names", "phone"), for the reviewer.
    reason: str = field(default="", compare=False)

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
