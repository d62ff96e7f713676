"""Detectors for personal data with a shape: e-mail, phone, IBAN, BSN, postcode, address, licence
plate, date of birth and social-media accounts.

Each detector takes the text and returns `Span`s. Where a checksum exists we use it (python-stdnum
for BSN and IBAN, phonenumbers for phone numbers), so that a random 9-digit number is not a BSN.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

from oogst.privacy.lexicons import load_lexicons, read_list
from oogst.privacy.names import TITLES
from oogst.privacy.spans import Span

Detector = Callable[[str], list[Span]]


def _spans(
    text: str, pattern: re.Pattern[str], kind: str, group: int = 0, reason: str = ""
) -> list[Span]:
    return [
        Span(m.start(group), m.end(group), kind, m.group(group), reason or kind)
        for m in pattern.finditer(text)
        if m.group(group)
    ]


EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+(?:@|\s?\[at\]\s?|\s?\(at\)\s?)[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b"
)


# Spelled out or disguised, as in a transcript or a message: "hans punt peters at gmail punt com",
# "k.dewit (at) ziggo (punt) nl", "jolanda[at]kpnmail[dot]nl", "sanne at gmail".
_AT = (
    r"(?:\s*(?:\(at\)|\[at\]|\{at\}|\(@\)|\[@\])\s*"
    r"|\s+(?:at|AT|apenstaartje|apestaartje|apenstaart|klammeraffe)\s+)"
)
_DOT = (
    r"(?:\s*(?:\((?:punt|dot|punkt)\)|\[(?:punt|dot|punkt)\])\s*|\."
    r"|\s+(?:punt|dot|DOT|PUNT|punkt)\s+)"
)
_LOCAL = r"[\w+-]+(?:(?:\.|\s+(?:punt|dot|punkt|streepje|underscore)\s+)[\w+-]+)*"
_TLD = r"(?:com|nl|be|de|org|net|eu|info|io|fr|uk|co|at|ch|es|it|pl|tr|ma|sr|nu|me|email|online)"
# Without ".com": only providers whose name is no ordinary word ("student at home" is none).
_PROVIDERS = (
    r"(?:gmail|googlemail|hotmail|outlook|yahoo|ziggo|kpnmail|kpnplanet|xs4all|icloud|hetnet|"
    r"casema|chello|upcmail|quicknet|zeelandnet|telfort|protonmail|gmx|t-online|freenet|msn|aol)"
)
SPOKEN_EMAIL = re.compile(
    rf"(?<![\w.+-]){_LOCAL}{_AT}(?:[\w-]+(?:{_DOT}[\w-]+)*?{_DOT}{_TLD}|{_PROVIDERS})(?![\w@])"
)


def find_emails(text: str) -> list[Span]:
    spans = _spans(text, EMAIL, "email")
    return spans + [
        s
        for s in _spans(text, SPOKEN_EMAIL, "email", reason="email_spelled")
        if not any(s.overlaps(o) for o in spans)
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


# "0031 6 12345678", "0049 171 2345678": the international prefix 00 read as "+" (same length).
INTERNATIONAL = re.compile(r"(?<![\d+])00(?=[1-9]\d)")


def find_phones(text: str, region: str = "NL") -> list[Span]:
    """Valid phone numbers (phonenumbers; Dutch by default, others with their +country code or
    00), plus anything shaped like a Dutch mobile number or a number written with its country
    code; not service numbers (0800, 0900, 14 0xx). Spelled-out numbers too."""
    spans: list[Span] = []
    readable = INTERNATIONAL.sub(" +", text)
    valid = phonenumbers.PhoneNumberMatcher(readable, region, leniency=phonenumbers.Leniency.VALID)
    possible = phonenumbers.PhoneNumberMatcher(
        readable, region, leniency=phonenumbers.Leniency.POSSIBLE
    )
    for match in [*valid, *(m for m in possible if _looks_mobile(m) or _international(m))]:
        number = match.number
        if phonenumbers.number_type(number) in SERVICE_TYPES:
            continue
        if number.country_code == 31 and str(number.national_number).startswith("14"):
            continue
        start, raw = match.start, match.raw_string
        if raw.startswith("(") and ")" not in raw[:5]:
            start, raw = start + 1, raw[1:]
        if raw.startswith("+") and text[start - 1 : start + 1] == "00":
            start, raw = start - 1, "0" + text[start] + raw[1:]
        span = Span(start, start + len(raw), "phone", text[start : start + len(raw)], "phone")
        if not any(span.overlaps(other) for other in spans):
            spans.append(span)
    for span in find_spelled_phones(text):
        if not any(span.overlaps(other) for other in spans):
            spans.append(span)
    return sorted(spans)


def _international(match: phonenumbers.PhoneNumberMatch) -> bool:
    """Written with its country code ("+44 7700 900123"): a phone number, even one outside the
    numbering plan."""
    return match.raw_string.startswith("+") and len(str(match.number.national_number)) >= 8


UNITS = dict(
    zip(
        "nul een één twee drie vier vijf zes zeven acht negen".split(),
        [0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        strict=True,
    )
)
TEENS = dict(
    zip(
        "tien elf twaalf dertien veertien vijftien zestien zeventien achttien negentien".split(),
        range(10, 20),
        strict=True,
    )
)
TENS = dict(
    zip(
        "twintig dertig veertig vijftig zestig zeventig tachtig negentig".split(),
        range(20, 100, 10),
        strict=True,
    )
)
NUMBER_WORD = re.compile(
    r"(?:(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]n)?"
    r"(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)"
    r"|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien"
    r"|nul|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen",
    re.IGNORECASE,
)
SPELLED_NUMBER = re.compile(
    rf"\b(?:{NUMBER_WORD.pattern})(?:[\s,-]+(?:{NUMBER_WORD.pattern}))+\b", re.IGNORECASE
)


def _digits(word: str) -> str:
    word = word.lower()
    if word in UNITS:
        return str(UNITS[word])
    if word in TEENS:
        return str(TEENS[word])
    for tens, value in TENS.items():
        if word.endswith(tens):
            unit = word[: -len(tens)].rstrip("eë").removesuffix("n").rstrip("eë")
            return str(value + (UNITS.get(unit, 0) if unit else 0))
    return ""


def find_spelled_phones(text: str) -> list[Span]:
    """A phone number read out: "nul zes twaalf vierendertig zesenvijftig achtenzeventig"."""
    spans = []
    for m in SPELLED_NUMBER.finditer(text):
        words = NUMBER_WORD.findall(m.group())
        digits = "".join(_digits(w) for w in words)
        if len(digits) == 10 and digits.startswith("0") and digits[1] != "0":
            spans.append(Span(m.start(), m.end(), "phone", m.group(), "phone_spelled"))
    return spans


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


# 1234 AB; never SA, SD, SS; and not "2021 EU", "1500 KM" and other unit or country codes,
# unless a place follows ("6711 PM Ede") or the word postcode comes before ("postcode 3581 ab").
POSTCODE = re.compile(r"(?<![\w€.,-])([1-9]\d{3}) ?(?!SA|SD|SS)([A-Za-z]{2})(?![\w-])")
POSTCODE_WORD = re.compile(
    r"\b(?:postcode|pc|postal code|plz)(?:\s+(?:is|was|ist))?\W{0,3}$", re.IGNORECASE
)
NOT_POSTCODE_LETTERS = frozenset(
    "EU NL VS UK BV NV KM MB GB KG PM AM CO TB HA OV AD BC VN DE FR BE ZZ EN OF IN OP AT PC"
    " TV".split()
)
# German five-digit postcodes after an address: "Goethestraße 14a, 47533 Kleve".
GERMAN_POSTCODE = re.compile(r"(?<=,\s)\d{5}(?=\s+[A-ZÄÖÜ][\wäöüß-]+)")


def _place_follows(text: str, end: int) -> bool:
    following = re.match(r"\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)", text[end:])
    if not following:
        return False
    places = load_lexicons().keep_phrases
    words = following.group(1)
    return words in places or words.split()[0] in places


def find_postcodes(text: str) -> list[Span]:
    spans = []
    for m in POSTCODE.finditer(text):
        letters = m.group(2)
        named = bool(POSTCODE_WORD.search(text[max(0, m.start() - 18) : m.start()]))
        if letters.isupper():
            usual = letters not in NOT_POSTCODE_LETTERS
            if usual or named or _place_follows(text, m.end()):
                spans.append(Span(m.start(), m.end(), "postcode", m.group(), "postcode"))
        elif named and letters.islower() and letters.upper() not in NOT_POSTCODE_LETTERS:
            spans.append(Span(m.start(), m.end(), "postcode", m.group(), "postcode"))
    for m in GERMAN_POSTCODE.finditer(text):
        if ADDRESS.search(text[max(0, m.start() - 40) : m.start()]):
            spans.append(Span(m.start(), m.end(), "postcode", m.group(), "postcode"))
    return spans


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
    "baan|wal|burgwal|haven|erf|veld|allee|boulevard|dam|kwartier|passage|promenade|wijk|diep|"
    "straße|strasse|gasse|platz|street|road|avenue|lane|drive|square"
)
# 12, 12a, 12-III, 7-II, 45 bis, 4 hs, 33 boven, 210 3 hoog, 22 2e verdieping, 3-5, 19-3.
HOUSE_NUMBER = (
    r"\d{1,5}(?:[a-zA-Z]\b|-(?:I{1,3}|IV|V|hs|bis|\d{1,3}|[A-Za-z])\b)?"
    r"(?:\s(?:I{1,3}|IV|hs|HS|bis|boven|beneden|huis|[A-D])\b)?"
    r"(?:,?\s\d{1,2}(?:e|ste|de)?\s?(?:hoog|verdieping|etage)\b)?"
)
STREET = (
    rf"(?:[A-Z][\w'’.]*\s+(?:(?:van|de|der|den|'t|la)\s+)*){{0,3}}[A-Z][\w'’-]*(?:{STREET_SUFFIX})"
    rf"|(?:Laan|Weg|Plein|Dreef|Kade|Straat|Singel|Hof|Park|Burgwal)\s+"
    rf"(?:van|der|de|den|op|naar|in|'t)(?:\s+(?:der|den|de|het|'t))?\s+[A-Z][\w'’-]+"
    r"|Amstel|Parade|Rokin|Damrak|Coolsingel|Lange Voorhout|Kneuterdijk"
)
ADDRESS = re.compile(rf"(?<![\w-])(?:{STREET})\s+{HOUSE_NUMBER}(?![\w,.]\d)")
# A street named without its number is still where someone lives ("wij wonen aan de
# Spoorstraat"). Only the unmistakable suffixes, and not the squares every town has.
STREET_NAME = re.compile(
    r"(?<![\w-])(?:[A-Z][\w'’.]*\s+(?:(?:van|de|der|den|'t|la)\s+)*){0,3}[A-Z][\w'’-]*"
    r"(?:straat|laan|weg|gracht|kade|singel|dreef|steeg|plantsoen|straße|strasse|gasse|street"
    r"|road|avenue|lane)(?![\w-])"
)
# ... and only where the sentence says someone lives there: "wij wonen aan de Spoorstraat", "bij
# ons in de Tuinstraat", "op de hoek van de Nieuwstraat"; not "de bakkerij aan de Lange
# Nieuwstraat" or "De Coolsingel was leeg".
RESIDENCE = re.compile(
    r"\b(?:woon\w*|wonen|woont|woonde|adres|verhuis\w*|ingeschreven|buren|ons|onze|thuis|"
    r"hoek van|lives?|living|wohn\w*)\b",
    re.IGNORECASE,
)
# "op nummer 14", "van nummer 3", "huisnummer 22", "flat 12B": a house number on its own.
HOUSE_NUMBER_ALONE = re.compile(
    r"\b(?:(?i:op|naast|bij|aan|tegenover|van)\s+((?i:(?:huis)?(?:nummer|nr\.?))\s?\d{1,4}[a-z]?)"
    # not a range of houses: "van nummer 2 tot 40"
    r"(?!\s*(?:tot|t/m|-|–)\s*\d|\s+tot\s)"
    r"|((?i:huisnummer)\s?\d{1,4}[a-z]?)"
    r"|(?:flat|apartment|apt\.?|unit|Wohnung)\s+(\d{1,4}[A-Za-z]?))(?![\w-])"
)
# Shouted or lower-case text has no capital to start a street: "ik woon op de prinsengracht
# 14", "WIJ WONEN AAN DE SPOORSTRAAT". One word with a street's ending, in a sentence without
# ordinary capitals that says someone lives there; not nouns such as "snelweg" or "fietspad".
STREET_ANY_CASE = re.compile(
    r"(?<![\w-])[^\W\d_]{3,}(?:straat|laan|weg|gracht|kade|singel|dreef|steeg|plein|plantsoen|"
    r"straße|strasse)(?![\w-])",
    re.IGNORECASE,
)
STREET_NOUNS = frozenset(
    """snelweg zijweg uitweg rijweg ringweg autoweg hoofdweg fietsweg achterstraat winkelstraat
    zijstraat dorpsplein schoolplein speelplein marktplein stationsplein parkeerplein""".split()
)


# Words for people that "van nummer 14" may follow: "de oude man van nummer 14".
PERSON_NOUNS = frozenset(
    """man vrouw mannetje vrouwtje jongen meisje kind kinderen kids mensen bewoner bewoners
    bewoonster gezin familie buren baby hond heer dame student studenten jongens meiden
    oudjes stel""".split()
)


def _person_before(before: str) -> bool:
    """The word before "van nummer ..." is a person: a name, a title or relation, or a noun
    for people."""
    words = re.findall(r"[^\W\d_]+", before[-40:])
    if not words:
        return False
    word = words[-1]
    lower = word.lower()
    return (
        lower in PERSON_NOUNS
        or lower in TITLES
        or lower in load_lexicons().roles
        or (word[0].isupper() and not re.search(r"[.!?]\s*$", before) and len(words) > 1)
    )


# Capitalised words at the start of a sentence that open no street name: "In de
# Sumatrastraat", "De Coolsingel", "Bij ons in de ...".
LEADING_WORDS = re.compile(
    r"^(?:(?:De|Het|In|Op|Aan|Bij|Naar|Uit|Over|Langs|Door|Met|Voor|Achter|Via|Vanaf|Tot|"
    r"Onze|Ons|Mijn|Hun|Zijn|Haar|Our|My|The|At|On|Die|Der|Das|Im|Auf|Zur|Zum)\s+"
    r"(?:(?:de|het|der|den)\s+)?)+"
)


def _trimmed(span: Span) -> Span:
    """The span without the words that only open the sentence ("In de Pieter de Hoochstraat"
    -> "Pieter de Hoochstraat")."""
    lead = LEADING_WORDS.match(span.original)
    if not lead or lead.end() == len(span.original):
        return span
    cut = lead.end()
    return replace(span, start=span.start + cut, original=span.original[cut:])


STREET_PREFIX = re.compile(r"^(?:Lange|Korte|Oude|Nieuwe|Grote|Kleine|Hoge|Lage)\s+")


def _points_at_no_one(street: str) -> bool:
    """A street name most towns have, or a main public street (`data/common_streets.txt`):
    without a house number or a word that someone lives there, it says nothing of anyone."""
    common = _common_streets()
    return street in common or STREET_PREFIX.sub("", street) in common


@lru_cache(maxsize=1)
def _common_streets() -> frozenset[str]:
    return frozenset(read_list("common_streets.txt"))


def _streets_in_any_case(text: str) -> list[Span]:
    """Streets in sentences written all in lower case or all in capitals, where someone lives
    there; with the house number when one follows."""
    spans = []
    for sentence in re.finditer(r"[^.!?\n]+", text):
        words = sentence.group()
        if not (words.islower() or words.isupper()) or not RESIDENCE.search(words):
            continue
        for m in STREET_ANY_CASE.finditer(words):
            if m.group().lower() in STREET_NOUNS:
                continue
            number = re.match(rf"\s+{HOUSE_NUMBER}(?![\w,.]\d)", words[m.end() :], re.IGNORECASE)
            start = sentence.start() + m.start()
            end = sentence.start() + m.end() + (number.end() if number else 0)
            reason = "street_number" if number else "street_name"
            spans.append(Span(start, end, "address", text[start:end], reason))
    return spans


def find_addresses(text: str) -> list[Span]:
    """Street and house number ("Kerkstraat 12", "Laan van Meerdervoort 55", "Herengracht
    12-III", "Marnixstraat 210 3 hoog"), a street named without number ("aan de Spoorstraat"),
    and a house number on its own ("op nummer 14"). A place or a postcode is not part of it."""
    spans = [_trimmed(s) for s in _spans(text, ADDRESS, "address", reason="street_number")]
    places = load_lexicons().keep_phrases
    for m in STREET_NAME.finditer(text):
        span = _trimmed(Span(m.start(), m.end(), "address", m.group(), "street_name"))
        sentence = re.split(r"[.!?]\s", text[max(0, m.start() - 80) : m.start()])[-1]
        if span.original in places:
            continue
        if not RESIDENCE.search(sentence):
            if _points_at_no_one(span.original):
                continue  # "de huisartsenpraktijk aan de Dorpsstraat", "De Coolsingel was leeg"
            span = replace(span, reason="street_named")
        if not any(span.overlaps(other) for other in spans):
            spans.append(span)
    for span in _streets_in_any_case(text):
        if not any(span.overlaps(other) for other in spans):
            spans.append(span)
    for m in HOUSE_NUMBER_ALONE.finditer(text):
        group = next(g for g in (1, 2, 3) if m.group(g))
        if m.group().startswith("van") and not _person_before(text[: m.start()]):
            continue  # "de man van nummer 14", "Tjalsma van nummer 3"; not "de factuur van ..."
        span = Span(m.start(group), m.end(group), "address", m.group(group), "house_number")
        if not any(span.overlaps(other) for other in spans):
            spans.append(span)
    return sorted(spans)


# Identifying numbers after their noun: "patiëntnummer 4471823", "Zaaknummer Z-2022-18844",
# "mijn lidnummer bij de vakbond is 88013452", "Meine Patientennummer ist 7730218".
# The nouns of numbers that point at one person: patient, client, file, member, case, customer,
# complaint, student, policy, staff, registration, reference, subscriber, report, pass, ticket.
ID_OWNER = (
    r"pati[eë]nt|cli[eë]nt|dossier|zorgdossier|lid|lidmaatschaps?|zaak|klant|klacht|student|"
    r"polis|personeels?|registratie|referentie|abonnee|meldings?|pas|ticket|contract|"
    r"huurcontract|verzekerden?|aanvraag|deelnemers?|werknemers?|patienten|kunden|mitglieds|"
    r"versicherten|kranken(?:kassen)?|case|member|customer|reference|policy|staff|patient"
)
ID_NOUN = (
    rf"(?i:(?:{ID_OWNER})(?:nummer|nr\.?|number|no\.?|\s+(?:number|no\.?|id))"
    r"|zorgdossier|dossier|kenmerk|ticket|aktenzeichen)"
)
ID_VALUE = r"#?(?:[A-Z]{1,3}[- ]?|[a-z]{1,2})?\d[\d./-]*\d(?:-?[A-Z]{1,3})?"
_ID_GAP = r"(?:\s*[:#]?\s*|(?:\s+[\w'-]+){0,6}?\s+(?i:is|was|luidt|ist|lautet)\s*:?\s*)"
IDENTIFYING_NUMBER = re.compile(
    rf"\b{ID_NOUN}{_ID_GAP}({ID_VALUE})(?![\w-])"
    # "onder nummer 1188204", "heeft nummer HC-34102"; not "het nummer 0900-1234567".
    rf"|\b(?i:onder|heeft|had|has)\s+(?i:nummer|number)\s+([1-9A-Z#][\w./-]*\d)(?![\w-])"
)


def find_numbers(text: str) -> list[Span]:
    """Identifying numbers after their noun; at least four digits."""
    spans = []
    for m in IDENTIFYING_NUMBER.finditer(text):
        group = 1 if m.group(1) else 2
        value = m.group(group)
        if sum(c.isdigit() for c in value) < 4:
            continue
        spans.append(Span(m.start(group), m.end(group), "number", value, "number_after_noun"))
    return spans


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
    "number": find_numbers,
}
