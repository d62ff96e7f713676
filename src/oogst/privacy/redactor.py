"""The redaction engine: run the detectors, settle overlaps, honour the allow-list, and render
markers or consistent pseudonyms."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache

from oogst.privacy.names import NameFinder
from oogst.privacy.patterns import STRUCTURED_DETECTORS
from oogst.privacy.public import PublicFigures
from oogst.privacy.spans import PII_TYPES, Redaction, Span

MARKERS: dict[str, dict[str, str]] = {
    "default": {
        "name": "[naam]",
        "email": "[e-mail]",
        "phone": "[telefoon]",
        "address": "[adres]",
        "postcode": "[postcode]",
        "bsn": "[bsn]",
        "iban": "[iban]",
        "birthdate": "[geboortedatum]",
        "plate": "[kenteken]",
        "account": "[account]",
        "number": "[nummer]",
    },
    # Open Government Act (Woo): personal data is withheld on ground 5.1.2e.
    "woo": {kind: "[5.1.2e]" for kind in PII_TYPES},
}
# Words used for pseudonyms: "[persoon 1]", "[telefoon 2]".
PSEUDONYM_LABELS: dict[str, str] = {
    "name": "persoon",
    "email": "e-mail",
    "phone": "telefoon",
    "address": "adres",
    "postcode": "postcode",
    "bsn": "bsn",
    "iban": "iban",
    "birthdate": "geboortedatum",
    "plate": "kenteken",
    "account": "account",
    "number": "nummer",
}
# When spans overlap, the validated and more specific kinds win.
PRIORITY: tuple[str, ...] = (
    "email", "account", "iban", "bsn", "phone", "plate", "postcode", "birthdate", "address",
    "number", "name",
)  # fmt: skip

_TITLE_WORDS = re.compile(r"^(?:(?:[A-Z][a-z]?\.)+\s*|(?:van|de|der|den|ter|ten|'t)\s+)+", re.I)


class Redactor:
    """Finds personal data and replaces it.

    marker: "default" (``[naam]``, ``[telefoon]``, ...), "woo" (``[5.1.2e]``) or a mapping
        from type to marker text.
    pseudonyms: replace with numbered, consistent labels ("[persoon 1]") instead of markers.
    allow: names (or other strings) that stay, e.g. public figures in their public role; an
        allowed "Mark Rutte" also keeps "Rutte".
    types: the kinds of personal data to look for (default: all of `PII_TYPES`).
    public_figures: keep public figures named in their public role ("Koning Willem-Alexander",
        "burgemeester Halsema van Amsterdam"; the list is `data/public_figures.txt`).
    """

    def __init__(
        self,
        marker: str | Mapping[str, str] = "default",
        pseudonyms: bool = False,
        allow: Iterable[str] = (),
        types: Iterable[str] = PII_TYPES,
        public_figures: bool = True,
    ) -> None:
        if isinstance(marker, str):
            if marker not in MARKERS:
                raise ValueError(f"unknown marker {marker!r}; choose from {sorted(MARKERS)}")
            self.markers = dict(MARKERS[marker])
            self.marker_name = marker
        else:
            self.markers = {**MARKERS["default"], **marker}
            self.marker_name = "custom"
        self.pseudonyms = pseudonyms
        self.allow = tuple(allow)
        # The allow-list as keys per kind of span, made once: a Redactor serves every text.
        self._allow_keys: dict[str, list[tuple[str, ...]]] = {}
        self.types = tuple(types)
        unknown = set(self.types) - set(PII_TYPES)
        if unknown:
            raise ValueError(f"unknown types {sorted(unknown)}")
        self.name_finder = NameFinder()
        self.public_figures = _public_figures() if public_figures else None

    def find_spans(self, text: str, allow: Iterable[str] = ()) -> list[Span]:
        """All personal data in `text`, sorted, without overlaps; `allow` adds to the
        Redactor's allow-list for this call."""
        candidates: list[Span] = []
        for kind, detector in STRUCTURED_DETECTORS.items():
            if kind in self.types:
                candidates.extend(
                    s if s.reason else replace(s, reason=s.type) for s in detector(text)
                )
        if "name" in self.types:
            names = self.name_finder.find(text)
            if self.public_figures is not None:
                names = _outside(names, self.public_figures.find(text))
            candidates.extend(names)
        chosen: list[Span] = []
        for span in sorted(candidates, key=lambda s: (PRIORITY.index(s.type), s.start - s.end)):
            if not any(span.overlaps(other) for other in chosen):
                chosen.append(span)
        extra = tuple(allow)
        if not (self.allow or extra):
            return sorted(chosen)
        keys = {}
        for kind in {s.type for s in chosen}:
            if kind not in self._allow_keys:
                self._allow_keys[kind] = [_entity_key(kind, a) for a in self.allow]
            keys[kind] = self._allow_keys[kind] + [_entity_key(kind, a) for a in extra]
        return sorted(s for s in chosen if not _is_allowed(s, keys[s.type]))

    def apply(self, text: str, spans: Iterable[Span]) -> Redaction:
        """Replace the given spans (for instance after an analyst adjusted them) in `text`."""
        spans = sorted(spans)
        numbering: dict[str, list[tuple[str, ...]]] = {}
        parts, replacements, position = [], [], 0
        for span in spans:
            if span.start < position:
                raise ValueError(f"overlapping spans at {span.start}")
            replacement = self.replacement(span, numbering)
            parts += [text[position : span.start], replacement]
            replacements.append(replacement)
            position = span.end
        parts.append(text[position:])
        return Redaction("".join(parts), list(spans), replacements)

    def redact(self, text: str, allow: Iterable[str] = ()) -> Redaction:
        return self.apply(text, self.find_spans(text, allow))

    def replacement(self, span: Span, numbering: dict[str, list[tuple[str, ...]]]) -> str:
        if not self.pseudonyms:
            return self.markers.get(span.type, "[privé]")
        seen = numbering.setdefault(span.type, [])
        key = _entity_key(span.type, span.original)
        number = next((n for n, k in enumerate(seen, 1) if _same_entity(k, key, span.type)), 0)
        if not number:
            seen.append(key)
            number = len(seen)
        label = f"{PSEUDONYM_LABELS.get(span.type, span.type)} {number}"
        return f"[5.1.2e: {label}]" if self.marker_name == "woo" else f"[{label}]"


@lru_cache(maxsize=1)
def _public_figures() -> PublicFigures:
    return PublicFigures()


def _outside(names: list[Span], public: list[tuple[int, int]]) -> list[Span]:
    """Names that are not (part of) a public figure named in their public role."""
    return [s for s in names if not any(a < s.end and s.start < b for a, b in public)]


def redact(text: str, marker: str = "default", pseudonyms: bool = False) -> str:
    """Shortcut: the redacted text with the default settings."""
    return Redactor(marker=marker, pseudonyms=pseudonyms).redact(text).text


def _plain(value: str) -> str:
    return re.sub(r"[\s.\-()]", "", value).lower()


def _name_key(name: str) -> tuple[str, ...]:
    """The meaningful words of a name, lower case: "J.P. de Vries" -> ("vries",)."""
    words = _TITLE_WORDS.sub("", name.strip()).replace("-", " ").split()
    return tuple(w.lower() for w in words if w.lower() not in {"van", "de", "der", "den", "ter"})


def _same_entity(known: tuple[str, ...], new: tuple[str, ...], kind: str) -> bool:
    """Same person if one name's words are a part of the other's ("Ineke Jansen", "Jansen",
    "Ineke"); other data if equal after normalising spaces and dashes."""
    if kind != "name":
        return known == new
    if not known or not new:
        return False
    return set(new) <= set(known) or set(known) <= set(new)


def _entity_key(kind: str, value: str) -> tuple[str, ...]:
    """What identifies a piece of personal data: a name's words, else the value without
    spaces, dots, dashes and brackets ("06-1234 5678" and "0612345678" are one number)."""
    return _name_key(value) if kind == "name" else (_plain(value),)


def _is_allowed(span: Span, allowed_keys: Iterable[tuple[str, ...]]) -> bool:
    """Allowed strings are read as the span's kind (`allowed_keys`: their `_entity_key` for
    that kind): an allowed e-mail address or phone number matches itself, an allowed name
    also its parts ("Mark Rutte" keeps "Rutte")."""
    key = _entity_key(span.type, span.original)
    return any(_same_entity(allowed, key, span.type) for allowed in allowed_keys)
