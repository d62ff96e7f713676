"""The bridge to `oogst.privacy`: one configured Redactor per programme policy, and the
JSON form of its spans. Kept apart so that services and selectors share one way of redacting."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from oogst.privacy import Redaction, Redactor, Span

# Why the engine took a span (`Span.reason` in the library), as the review queue says it.
REASON_LABELS = {
    "first_names": _("voornaam uit de namenlijst"),
    "surnames": _("achternaam uit de namenlijst"),
    "world_first_names": _("voornaam uit de wereldnamenlijst"),
    "world_surnames": _("achternaam uit de wereldnamenlijst"),
    "title": _("na een aanspreekvorm, familieband of rol (mevrouw, oom, wethouder)"),
    "initials": _("voorletters voor een achternaam"),
    "particles": _("tussenvoegsel voor een woord met hoofdletter (van der, ter)"),
    "introducer": _("na ‘ik heet’ of ‘genaamd’"),
    "greeting": _("na een groet (hoi, beste, groeten)"),
    "apposition": _("voor een rol (‘, huisarts in Sneek’)"),
    "verb": _("woorden met hoofdletter voor een werkwoord als ‘zei’"),
    "coordination": _("naast een andere naam (‘Bert en Ans’)"),
    "asked": _("degene aan wie iets gevraagd wordt (‘vraag het maar aan Mariska’)"),
    "speech": _("de spreker na een citaat (‘, zegt Albertha’)"),
    "surname_shape": _("woord met de vorm van een achternaam (Pietersen, Hoekstra, Wolterink)"),
    "email": _("e-mailadres"),
    "email_spelled": _("uitgeschreven e-mailadres (‘at’, ‘punt’)"),
    "account": _("account of profiellink"),
    "iban": _("rekeningnummer (controlegetal klopt)"),
    "bsn": _("burgerservicenummer (elfproef klopt)"),
    "phone": _("telefoonnummer"),
    "phone_spelled": _("telefoonnummer in woorden"),
    "plate": _("kenteken"),
    "postcode": _("postcode"),
    "birthdate": _("datum bij ‘geboren’ of ‘verjaardag’"),
    "street_number": _("straat met huisnummer"),
    "street_name": _("straat waar iemand woont"),
    "street_named": _("straatnaam die niet elke plaats heeft"),
    "house_number": _("huisnummer (‘op nummer 14’)"),
    "number_after_noun": _("nummer na patiënt-, cliënt-, dossier-, lidnummer …"),
}


def reason_label(code: str) -> str:
    """The reviewer's words for why a span was taken; '' for spans stored before reasons."""
    return str(REASON_LABELS.get(code, code))


def source_hash(text: str) -> str:
    """Exact hash of the raw text: offsets of spans are only valid for exactly this text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def engine_version() -> str:
    """The redaction engine's rules and word lists, as stored with every redaction."""
    from oogst.privacy import ENGINE_VERSION

    return ENGINE_VERSION


@lru_cache(maxsize=32)
def _redactor(
    marker: str, pseudonyms: bool, allow: tuple[str, ...], public_figures: bool = True
) -> Redactor:
    return Redactor(
        marker=marker, pseudonyms=pseudonyms, allow=list(allow), public_figures=public_figures
    )


def redactor_for(policy) -> Redactor:
    """`policy` is a ProgrammePrivacyPolicy (saved or a default instance)."""
    return _redactor(
        policy.marker, policy.pseudonyms, tuple(policy.allow_list), policy.keep_public_figures
    )


def redact(policy, text: str) -> Redaction:
    return redactor_for(policy).redact(text)


def spans_to_json(spans: list[Span]) -> list[dict]:
    return [s.to_dict() for s in spans]  # start, end, type, reason: never the original words


def spans_from_json(text: str, data: list[dict]) -> list[Span]:
    return [
        Span(d["start"], d["end"], d["type"], text[d["start"] : d["end"]], d.get("reason", ""))
        for d in data
    ]


def render(policy, text: str, spans: list[Span]) -> str:
    """The text with exactly these spans replaced, as the engine would write it."""
    return redactor_for(policy).apply(text, spans).text
