"""The word lists in `oogst/privacy/data/`: first names, surnames, places, organisations, roles.

Loaded once per process. Lists are plain text so that a programme can review and extend them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

TUSSENVOEGSELS: frozenset[str] = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "ter",
        "ten",
        "te",
        "'t",
        "het",
        "la",
        "le",
        "du",
        "da",
        "di",
        "del",
        "von",
        "zu",
        "vom",
        "el",
        "al",
        "ben",
        "bin",
        "d'",
        "ver",
        "vd",
        "v.d.",
        "v/d",
        "v.",
    ]
)


def read_list(name: str, *, per_line: bool = True) -> list[str]:
    """Entries of one data file: one per line, or whitespace-separated; `#` starts a comment."""
    text = resources.files("oogst.privacy").joinpath("data", name).read_text(encoding="utf-8")
    entries: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        entries.extend([line] if per_line else line.split())
    return entries


LEXICON_FILES = (
    "first_names.txt",
    "ambiguous_names.txt",
    "surnames.txt",
    "places.txt",
    "organisations.txt",
    "roles.txt",
)


def lexicon_digest() -> str:
    """Short hash of the shipped word lists."""
    digest = hashlib.sha256()
    for name in LEXICON_FILES:
        digest.update(resources.files("oogst.privacy").joinpath("data", name).read_bytes())
    return digest.hexdigest()[:10]


@dataclass(frozen=True)
class Lexicons:
    first_names: frozenset[str]
    ambiguous: frozenset[str]  # names that are also ordinary words
    surnames: frozenset[str]  # full forms, lower case: "van der meer", "jansen"
    surname_cores: frozenset[str]  # the capitalised part: "Meer", "Jansen"
    keep_phrases: frozenset[str]  # places and organisations, as written
    roles: frozenset[str]  # lower case


@lru_cache(maxsize=1)
def load_lexicons() -> Lexicons:
    surnames = [s for s in read_list("surnames.txt")]
    cores = set()
    for full in surnames:
        words = full.split()
        core = [w for w in words if w.lower() not in TUSSENVOEGSELS]
        if core:
            cores.add(" ".join(core))
    return Lexicons(
        first_names=frozenset(read_list("first_names.txt", per_line=False)),
        ambiguous=frozenset(read_list("ambiguous_names.txt", per_line=False)),
        surnames=frozenset(s.lower() for s in surnames),
        surname_cores=frozenset(cores),
        keep_phrases=frozenset(read_list("places.txt") + read_list("organisations.txt")),
        roles=frozenset(r.lower() for r in read_list("roles.txt")),
    )
