"""Public figures named in their public role: "Koning Willem-Alexander", "minister-president
Schoof", "burgemeester Halsema van Amsterdam". Their names stay in a quote where the programme's
policy allows it; the list is `data/public_figures.txt`, one place to edit.

A mayor is public only with the city named: "burgemeester Jansen" on its own may be the host of
the table, whose name goes like anyone's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from oogst.privacy.lexicons import load_lexicons

NAME_PART = r"[A-ZÀ-ÖØ-Þ][\w'’]*(?:-[A-ZÀ-ÖØ-Þ][\w'’]*)*"
PARTICLE = r"(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|[Vv]on|'t)"
# "Schoof", "Van Zanen", "Hugo de Jonge", "Rémi Poppe": up to three parts, particles between.
NAME = (
    rf"(?:{NAME_PART}\s+){{0,2}}(?:{PARTICLE}\s+(?:(?:de|der|den|het|'t)\s+)?)?{NAME_PART}"
    rf"|{PARTICLE}\s+(?:(?:de|der|den|het|'t)\s+)?{NAME_PART}"
)
# Words that make a name somebody's own, whoever else is called that: "mijn tante heet Máxima".
OWN_NAME = re.compile(
    r"\b(?:heet|heette|heten|genaamd|noemen|noemt|named|called|heißt)\s+"
    r"(?:(?:ook|eigenlijk|gewoon|toevallig|zelf|also|auch)\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PublicList:
    titles: tuple[str, ...]
    place_titles: tuple[str, ...]
    names: tuple[str, ...]


@lru_cache(maxsize=1)
def load_public_list() -> PublicList:
    text = resources.files("oogst.privacy").joinpath("data", "public_figures.txt")
    sections: dict[str, list[str]] = {"titles": [], "titles with a place": [], "names": []}
    current = None
    for line in text.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            if current not in sections:
                raise ValueError(f"public_figures.txt: unknown section [{current}]")
            continue
        if current is None:
            raise ValueError(f"public_figures.txt: {line!r} stands before any [section]")
        sections[current].append(line)
    return PublicList(
        tuple(sections["titles"]), tuple(sections["titles with a place"]), tuple(sections["names"])
    )


def _alternatives(words: tuple[str, ...] | list[str]) -> str:
    """Longest first, a title's first letter in either case, spaces as any whitespace."""
    out = []
    for word in sorted(words, key=len, reverse=True):
        escaped = r"\s+".join(re.escape(w) for w in word.split())
        out.append(
            f"[{word[0].upper()}{word[0].lower()}]{escaped[1:]}" if word[0].isalpha() else escaped
        )
    return "|".join(out)


class PublicFigures:
    """Finds the character ranges of public figures named in their public role."""

    def __init__(self, public: PublicList | None = None) -> None:
        public = public or load_public_list()
        places = sorted(
            (p for p in load_lexicons().keep_phrases if p[:1].isupper()), key=len, reverse=True
        )
        place = "(?:" + "|".join(re.escape(p) for p in places) + ")"
        ministry = r"(?:[A-Z][\w,&' -]*?)"
        title = f"(?:{_alternatives(public.titles)})"
        place_title = f"(?:{_alternatives(public.place_titles)})"
        of = r"(?:van|uit|of|von)"
        self.patterns = [
            # "minister De Jonge", "Minister Kuipers van VWS", "Koning Willem-Alexander".
            re.compile(
                rf"(?<![\w-]){title}\s+(?:{of}\s+{ministry}\s+)??(?:{NAME})"
                rf"(?:\s+van\s+(?:[A-Z]{{2,5}}|{place})\b)?(?![\w-])"
            ),
            # "Burgemeester Halsema van Amsterdam", "burgemeester Bruls (Nijmegen)".
            re.compile(
                rf"(?<![\w-]){place_title}\s+(?:{NAME})\s+(?:{of}\s+|\()(?:{place})\)?(?![\w-])"
            ),
            # "de burgemeester van Rotterdam, Ahmed Aboutaleb".
            re.compile(rf"(?<![\w-]){place_title}\s+{of}\s+{place},?\s+(?:{NAME})(?![\w-])"),
        ]
        if public.names:
            self.patterns.append(
                re.compile(rf"(?<![\w-])(?:{_alternatives(public.names)})(?![\w-])")
            )

    def find(self, text: str) -> list[tuple[int, int]]:
        ranges = []
        for pattern in self.patterns:
            for m in pattern.finditer(text):
                if OWN_NAME.search(text[max(0, m.start() - 20) : m.start()]):
                    continue
                ranges.append((m.start(), m.end()))
        return sorted(ranges)
