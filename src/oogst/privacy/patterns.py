"""Detectors for personal data with a shape: e-mail, phone, IBAN, BSN, postcode, address, licence
plate, date of birth and social-media accounts.

Each detector takes the text and returns `Span`s. Where a checksum exists we use it (python-stdnum
for BSN and IBAN, phonenumbers for phone numbers), so that a random 9-digit number is not a BSN.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

from oogst.privacy.spans import Span

Detector = Callable[[str], list[Span]]


def _spans(text: str, pattern: re.Pattern[str], kind: str, group: int = 0) -> list[Span]:
    return [
        Span(m.start(group), m.end(group), kind, m.group(group)) for m in pattern.finditer(text)
    ]


EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+(?:@|\s?\[at\]\s?|\s?\(at\)\s?)[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b"
)


# Spelled out, as in a transcript: "hans punt peters at gmail punt com".
SPOKEN_EMAIL = re.compile(
    r"\b\w+(?:\s(?:punt|dot|streepje)\s\w+)*\s(?:at|apenstaartje|apestaart)\s[\w-]+"
    r"(?:\s(?:punt|dot)\s\w+)*\s(?:punt|dot)\s(?:com|nl|be|de|org|net|eu|info|io)\b",
    re.IGNORECASE,
)


def find_emails(text: str) -> list[Span]:
    spans = _spans(text, EMAIL, "email")
    return spans + [
        s for s in _spans(text, SPOKEN_EMAIL, "email") if not any(s.overlaps(o) for o in spans)
    ]


SOCIAL_URL = re.compile(
    r"(?:https?://)?(?:www\.|m\.|nl\.|de\.)?"
    r"(?:facebook|fb|instagram|twitter|x|linkedin|tiktok|youtube|threads|github|bsky|snapchat|"
    r"pinterest|mastodon\.[a-z]+|[a-z]+\.social)\.(?:com|net|app|me|nl|social|[a-z]{2})"
    r"/[^\s,;)\]\"']*[\w/]",
    re.IGNORECASE,
)
# @handle, or @user@server for the fediverse; not the middle of an e-mail address.
HANDLE = re.compile(r"(?<![\w@./])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?(?:@[\w-]+\.[\w.]+)?")


def find_accounts(text: str) -> list[Span]:
    spans = _spans(text, SOCIAL_URL, "account")
    for handle in _spans(text, HANDLE, "account"):
        if len(handle.original) > 2 and not any(handle.overlaps(s) for s in spans):
            spans.append(handle)
    return spans


# Service numbers (0800, 0900, 14 0xx) belong to organisations, not people.
SERVICE_TYPES = {
    phonenumbers.PhoneNumberType.TOLL_FREE,
    phonenumbers.PhoneNumberType.PREMIUM_RATE,
    phonenumbers.PhoneNumberType.SHARED_COST,
    phonenumbers.PhoneNumberType.UAN,
}


def _looks_mobile(match: phonenumbers.PhoneNumberMatch) -> bool:
    """06 and eight digits, allocated or not: people do not check the numbering plan."""
    national = str(match.number.national_number)
    raw = match.raw_string.lstrip("(")
    return (
        match.number.country_code == 31
        and len(national) == 9
        and national.startswith("6")
        and raw[:1] in ("0", "+")
    )


def find_phones(text: str, region: str = "NL") -> list[Span]:
    """Valid phone numbers (phonenumbers; Dutch by default, others with their +country code),
    plus anything shaped like a Dutch mobile number; not service numbers (0800, 0900, 14 0xx)."""
    spans: list[Span] = []
    valid = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
    possible = phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.POSSIBLE
    )
    for match in [*valid, *(m for m in possible if _looks_mobile(m))]:
        number = match.number
        if phonenumbers.number_type(number) in SERVICE_TYPES:
            continue
        if number.country_code == 31 and str(number.national_number).startswith("14"):
            continue
        start, raw = match.start, match.raw_string
        if raw.startswith("(") and ")" not in raw[:5]:
            start, raw = start + 1, raw[1:]
        span = Span(start, start + len(raw), "phone", raw)
        if not any(span.overlaps(other) for other in spans):
            spans.append(span)
    return sorted(spans)


IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")


def find_ibans(text: str) -> list[Span]:
    spans = []
    for m in IBAN.finditer(text):
        candidate = m.group()
        # Greedy matching may take a following group of digits; shorten until the checksum holds.
        while len(candidate.replace(" ", "")) >= 15:
            if stdnum_iban.is_valid(candidate):
                spans.append(Span(m.start(), m.start() + len(candidate), "iban", candidate))
                break
            candidate = candidate[: candidate.rstrip().rfind(" ")] if " " in candidate else ""
    return spans


BSN = re.compile(
    r"(?<![\w.,/-])(\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3} \d{3} \d{3}|\d{3}\.\d{3}\.\d{3})"
    r"(?![\w/-]|[.,]\d)"
)
BSN_CONTEXT = re.compile(r"\b(bsn|burgerservicenummer|sofi-?nummer|sofinummer)\b", re.IGNORECASE)
AMOUNT_CONTEXT = re.compile(r"(€|\beur\b|\beuro\b|\bdollar|\bmensen\b)", re.IGNORECASE)


def find_bsns(text: str) -> list[Span]:
    """9 digits passing the 11-proef; not when written or used as an amount (987.654.321 euro),
    unless a BSN keyword is close before it."""
    spans = []
    for m in BSN.finditer(text):
        if not stdnum_bsn.is_valid(m.group().replace(" ", "").replace(".", "")):
            continue
        before, after = text[max(0, m.start() - 40) : m.start()], text[m.end() : m.end() + 12]
        named = bool(BSN_CONTEXT.search(before))
        if not named and (AMOUNT_CONTEXT.search(before[-6:] + " " + after)):
            continue
        if not named and re.fullmatch(r"\d{3}\.\d{3}\.\d{3}", m.group()):
            continue
        spans.append(Span(m.start(), m.end(), "bsn", m.group()))
    return spans


# 1234 AB; never SA, SD, SS; and not "2021 EU", "1500 KM" and other unit or country codes.
POSTCODE = re.compile(r"(?<![\w€.,-])([1-9]\d{3}) ?(?!SA|SD|SS)([A-Z]{2})(?![\w-])")
NOT_POSTCODE_LETTERS = frozenset(
    "EU NL VS UK BV NV KM MB GB KG PM AM CO TB HA OV AD BC VN DE FR BE ZZ EN OF IN OP AT PC"
    " TV".split()
)


def find_postcodes(text: str) -> list[Span]:
    return [
        Span(m.start(), m.end(), "postcode", m.group())
        for m in POSTCODE.finditer(text)
        if m.group(2) not in NOT_POSTCODE_LETTERS
    ]


# Dutch licence plates: the sidecodes 1-14, written with dashes (or without, after "kenteken").
_L, _D = "[A-Z]", r"\d"
SIDECODES = [
    (2, 2, 2, "LDD"), (2, 2, 2, "DDL"), (2, 2, 2, "DLD"), (2, 2, 2, "LDL"), (2, 2, 2, "LLD"),
    (2, 2, 2, "DLL"), (2, 3, 1, "DLD"), (1, 3, 2, "DLD"), (2, 3, 1, "LDL"), (1, 3, 2, "LDL"),
    (3, 2, 1, "LDL"), (1, 2, 3, "LDL"), (1, 2, 3, "DLD"), (3, 2, 1, "DLD"),
]  # fmt: skip


def _sidecode_regex(sep: str) -> str:
    alternatives = []
    for sizes_a, sizes_b, sizes_c, kinds in SIDECODES:
        parts = [
            f"{_L if kind == 'L' else _D}{{{size}}}"
            for size, kind in zip((sizes_a, sizes_b, sizes_c), kinds, strict=True)
        ]
        alternatives.append(sep.join(parts))
    return "(?:" + "|".join(alternatives) + ")"


PLATE = re.compile(r"(?<![\w-])" + _sidecode_regex("-") + r"(?![\w-])")
PLATE_BARE = re.compile(r"\bkenteken\s+(" + _sidecode_regex("") + r")\b", re.IGNORECASE)


def find_plates(text: str) -> list[Span]:
    spans = _spans(text, PLATE, "plate")
    spans += [s for s in _spans(text, PLATE_BARE, "plate", group=1) if s not in spans]
    return spans


MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec|"
    "january|february|march|may|june|july|august|october|"
    "januar|februar|märz|maerz|juni|juli|oktober|dezember"
)
DATE = re.compile(
    r"\b(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2}"
    rf"|\d{{1,2}}\.?\s+(?:{MONTHS})\.?\s+(?:19|20)\d{{2}}"
    rf"|(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}})\b",
    re.IGNORECASE,
)
BIRTH_BEFORE = re.compile(
    r"\b(geboren|geb\.|geboortedatum|geboortedag|verjaardag|jarig|born|birth|birthday|dob|"
    r"d\.o\.b\.|geburtsdatum|geburtstag)[^.!?\w]*(?:\w+[^.!?\w]+){0,3}$",
    re.IGNORECASE,
)
BIRTH_AFTER = re.compile(r"^\W*(?:\w+\W+){0,1}(geboren|born)\b", re.IGNORECASE)


def find_birthdates(text: str) -> list[Span]:
    """Full dates with a birth keyword just before ("geboren op") or after ("… 1985 geboren")."""
    spans = []
    for m in DATE.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        after = text[m.end() : m.end() + 20]
        if BIRTH_BEFORE.search(before) or BIRTH_AFTER.search(after):
            spans.append(Span(m.start(), m.end(), "birthdate", m.group()))
    return spans


STREET_SUFFIX = (
    "straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|hof|pad|steeg|markt|park|ring|plantsoen|"
    "baan|wal|burgwal|haven|erf|veld|allee|boulevard|dam|kwartier|passage|promenade|wijk|"
    "straße|strasse|gasse|platz|street|road|avenue|lane|drive|square"
)
HOUSE_NUMBER = r"\d{1,5}(?:[a-z]\b|\s?[A-Z]\b|-(?:I{1,3}|IV|hs|bis|\d{1,3}|[A-Za-z])\b)?"
STREET = (
    rf"(?:[A-Z][\w'’.]*\s+(?:(?:van|de|der|den|'t|la)\s+)*){{0,3}}[A-Z][\w'’-]*(?:{STREET_SUFFIX})"
    rf"|(?:Laan|Weg|Plein|Dreef|Kade|Straat|Singel|Hof|Park|Burgwal)\s+"
    rf"(?:van|der|de|den|op|naar|in|'t)(?:\s+(?:der|den|de|het|'t))?\s+[A-Z][\w'’-]+"
)
ADDRESS = re.compile(rf"(?<![\w-])(?:{STREET})\s+{HOUSE_NUMBER}(?![\w,.]\d)")


def find_addresses(text: str) -> list[Span]:
    """Street and house number ("Kerkstraat 12", "Laan van Meerdervoort 55", "Oudegracht 231bis").
    A street without a number, a place or a postcode is not part of the span."""
    return _spans(text, ADDRESS, "address")


STRUCTURED_DETECTORS: dict[str, Detector] = {
    "email": find_emails,
    "account": find_accounts,
    "iban": find_ibans,
    "bsn": find_bsns,
    "phone": find_phones,
    "plate": find_plates,
    "postcode": find_postcodes,
    "birthdate": find_birthdates,
    "address": find_addresses,
}
