"""The word lists in `oogst/privacy/data/`: first names, surnames, places, organisations, roles,
public figures.

Loaded once per process. Lists are plain text so that a programme can review and extend them.
Our own curated lists come first; `world_first_names.txt` and `world_surnames.txt` (from Faker,
MIT) widen them to the names of many communities, and `name_words.txt` says which names are
also ordinary words (see `oogst.privacy.build_lists`).
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
    "world_first_names.txt",
    "world_surnames.txt",
    "name_words.txt",
    "public_figures.txt",
    "common_streets.txt",
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
    world_first_names: frozenset[str] = frozenset()
    world_surnames: frozenset[str] = frozenset()
    name_words: frozenset[str] = frozenset()  # names that are also ordinary words
    particle_cores: frozenset[str] = frozenset()  # "Wijk" of "van Wijk": mostly a word too

    def is_ambiguous(self, word: str) -> bool:
        """A name that is also an ordinary word: our own list for our names (the word lists
        also know "kees" and "klaas" in lower case), `name_words.txt` for the world lists."""
        if word in self.ambiguous:
            return True
        return word in self.name_words and self.knows(word).startswith("world")

    def knows(self, word: str) -> str:
        """Which list knows `word` as written ("Ineke", "Nguyen"): 'first_names',
        'surnames', 'world_first_names', 'world_surnames', or ''."""
        if word in self.first_names:
            return "first_names"
        if word in self.surname_cores:
            return "surnames"
        if word in self.world_first_names:
            return "world_first_names"
        if word in self.world_surnames:
            return "world_surnames"
        return ""


@lru_cache(maxsize=1)
def load_lexicons() -> Lexicons:
    surnames = [s for s in read_list("surnames.txt")]
    cores, particle_cores = set(), set()
    for full in surnames:
        words = full.split()
        core = [w for w in words if w.lower() not in TUSSENVOEGSELS]
        if core:
            cores.add(" ".join(core))
            if len(core) < len(words):
                particle_cores.add(" ".join(core))
    never = TUSSENVOEGSELS | {w.lower() for w in read_list("roles.txt")}
    keep = frozenset(read_list("places.txt") + read_list("organisations.txt"))

    def world(name: str) -> frozenset[str]:
        return frozenset(
            n for n in read_list(name) if n.lower() not in never and n not in keep and len(n) > 1
        )

    return Lexicons(
        first_names=frozenset(read_list("first_names.txt", per_line=False)),
        ambiguous=frozenset(read_list("ambiguous_names.txt", per_line=False)),
        surnames=frozenset(s.lower() for s in surnames),
        surname_cores=frozenset(cores),
        keep_phrases=keep,
        roles=frozenset(r.lower() for r in read_list("roles.txt")),
        world_first_names=world("world_first_names.txt"),
        world_surnames=world("world_surnames.txt"),
        name_words=frozenset(read_list("name_words.txt")),
        particle_cores=frozenset(particle_cores - {s for s in surnames if " " not in s}),
    )
