"""The bridge to `oogst.privacy`: one configured Redactor per programme policy, and the
JSON form of its spans. Kept apart so that services and selectors share one way of redacting."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from oogst.privacy import Redaction, Redactor, Span


def source_hash(text: str) -> str:
    """Exact hash of the raw text: offsets of spans are only valid for exactly this text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def engine_version() -> str:
    """The redaction engine's rules and word lists, as stored with every redaction."""
    from oogst.privacy import ENGINE_VERSION

    return ENGINE_VERSION


@lru_cache(maxsize=32)
def _redactor(marker: str, pseudonyms: bool, allow: tuple[str, ...]) -> Redactor:
    return Redactor(marker=marker, pseudonyms=pseudonyms, allow=list(allow))


def redactor_for(policy) -> Redactor:
    """`policy` is a ProgrammePrivacyPolicy (saved or a default instance)."""
    return _redactor(policy.marker, policy.pseudonyms, tuple(policy.allow_list))


def redact(policy, text: str) -> Redaction:
    return redactor_for(policy).redact(text)


def spans_to_json(spans: list[Span]) -> list[dict]:
    return [s.to_dict() for s in spans]  # start, end, type: never the original words


def spans_from_json(text: str, data: list[dict]) -> list[Span]:
    return [Span(d["start"], d["end"], d["type"], text[d["start"] : d["end"]]) for d in data]


def render(policy, text: str, spans: list[Span]) -> str:
    """The text with exactly these spans replaced, as the engine would write it."""
    return redactor_for(policy).apply(text, spans).text
