"""Find personal names with lexicons and context rules, without a model.

Dutch writes ordinary nouns in lower case, so a capitalised word in mid-sentence is a proper noun;
the question is whether it is a person. A sequence of words is a name when it is
  * a known first name ("Ineke", "Mohammed"), with what follows it ("Ineke Jansen");
  * initials before a surname ("J.P. de Vries");
  * a title, role or relation before a capitalised word ("mevrouw Jansen", "wethouder De Groot",
    "tante Wil");
  * a known surname ("Jansen", "van der Meer"), or a tussenvoegsel sequence that only occurs in
    surnames ("van der", "ter") before a capitalised word.
Places and organisations from the shipped lists are never names. Words that are also ordinary words
("Bakker", "Roos", "Wil") at the start of a sentence need more evidence: a surname after them, a
verb such as "zei", or another name they are coordinated with ("Bos en Vos").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from oogst.privacy.lexicons import TUSSENVOEGSELS, Lexicons, load_lexicons
from oogst.privacy.spans import Span

TOKEN = re.compile(r"'t\b|v\.\s?d\.|v/d\b|[^\W\d_]+(?:-[^\W\d_]+)*|\d+|\S")

TITLES = frozenset(
    """mevrouw mevr mw meneer mijnheer mnr dhr heer mr dr drs ir ing prof ds fam familie gezin
    mrs ms miss sir herr frau madame monsieur
    buurman buurvrouw buurjongen buurmeisje collega oom tante opa oma neef nicht neefje nichtje zoon
    zoontje dochter dochtertje broer broertje zus zusje vriend vriendin man vrouw partner echtgenoot
    echtgenote schoonzoon schoondochter schoonmoeder schoonvader kleinzoon kleindochter moeder vader
    mama papa juf juffrouw meester zuster broeder dokter huisarts""".split()
)
SENTENCE_END = frozenset('.!?:;…"“”„‘’»«•–—')
ABBREVIATIONS = frozenset("mevr mw mnr dhr mr dr drs ir ing prof ds fam st mrs ms sr jr".split())
INITIAL_DIGRAPHS = frozenset(["Th", "Chr", "Ph", "IJ", "Ch", "Joh"])
FUNCTION_WORDS = frozenset(
    """de het een ik wij we zij ze hij jij je u men maar en of dan dat die dit deze er ook als toen
    want dus nu hier daar wat wie hoe waarom waar mijn onze ons jouw uw zijn haar hun alle veel
    meer geen niet wel nog al toch zo volgens via vanaf sinds tot tijdens door over onder tussen
    naast na bij met voor in op aan uit om te van naar omdat hoewel terwijl daarna daarom verder
    ja nee oké dag beste lieve graag dank bedankt hallo hoi
    the a an i you he she they it my our your his her their this that these those and but or if
    when in on at of for with from by to as after before so yes no dear hello thanks
    der die das ein eine ich wir sie er es mein meine unser und aber oder im am mit von zu bei nach
    aus etwa auch""".split()
)
MONTHS_DAYS = frozenset(
    """januari februari maart april mei juni juli augustus september oktober november december
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    januar februar märz juni juli oktober dezember montag dienstag mittwoch freitag samstag
    sonntag""".split()
)
# A verb right after a sentence-initial ambiguous word ("Bakker zei") shows it is a person.
PERSON_VERBS = frozenset(
    """zei zegt vond vindt vroeg vraagt schreef schrijft vertelde vertelt meldde stelde stelt legde
    wil wilde kwam komt belde sprak antwoordde reageerde riep werkt werkte woont woonde heeft had
    gaf liet runt organiseerde coördineert startte begon opende zorgde hielp helpt leerde bracht
    kreeg deed maakte zag hoorde dacht denkt weet wist noemde beloofde benadrukte merkte ging moest
    moet kon mocht zou zat stond liep reed belt mailde appte
    said says asked told wrote thinks works lives sagte fragte schrieb arbeitet wohnt""".split()
)
# Particle sequences that (almost) only occur in surnames, so "van der X" is a name even unknown.
SURNAME_PARTICLES = frozenset(
    ["van der", "van den", "van 't", "in 't", "in het", "ter", "ten", "van de"]
)
COORDINATORS = frozenset(["en", "of", "and", "und", "&"])
# Words after which a capitalised word is someone's name: "heet Frans", "noemt hem Frenk".
INTRODUCERS = frozenset(
    """heet heette heten genaamd genoemd hem haar naam named called heißt heisst""".split()
)
# A capitalised noun right after a name makes it the name of a thing: "Anne Frank Huis",
# "Willem van Oranje College", "de Lange Nieuwstraat".
INSTITUTION_NOUNS = frozenset(
    """college lyceum gymnasium school scholengemeenschap ziekenhuis gasthuis kliniek huis museum
    stichting fonds prijs instituut centrum academie universiteit hogeschool hal stadion arena
    brug tunnel gebouw kazerne kerk moskee zaal theater schouwburg bibliotheek foundation
    institute hospital school university prize award""".split()
)
STREET_WORD = re.compile(
    r"\w+(straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|pad|steeg|markt|plantsoen|straße|"
    r"strasse|street|road|avenue)$",
    re.IGNORECASE,
)
# In chat-style text without capitals, a known first name in lower case is still a name, unless
# it is also a common word.
LOWERCASE_STOP = frozenset(
    """ben wil job toon lot roos els storm iris fleur floor may june will said art bill frank grace
    joy hope rose summer sky max jade dean do ad bob bas mark jet lies kim hoop zon sam ken bloem
    lieve riet frans harm rob nick guy amber daisy ruby jean ray mees lex can ivy lily olive chase
    hunter rich don pat sue gene carol dirk hein ties gert lien rosa nel mien bets toos ans
    christian victor noor eva mila nora maria lot marie""".split()
)


@dataclass
class Token:
    text: str
    start: int
    end: int
    dot: bool = False  # a "." follows directly and belongs to the word (abbreviation, initial)
    sentence_start: bool = False
    keep: bool = False  # part of a place or organisation

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha() or self.text == "'t"

    @property
    def is_cap(self) -> bool:
        t = self.text
        return t[0].isupper() and not (len(t) > 1 and t.replace("-", "").isupper())

    @property
    def is_initial(self) -> bool:
        return self.dot and (
            (len(self.text) == 1 and self.text.isupper()) or self.text in INITIAL_DIGRAPHS
        )


def tokenize(text: str) -> list[Token]:
    """Words and punctuation with offsets; a "." after an abbreviation or initial is folded into
    the word, so that "dr. Kok" and "J.P. de Vries" do not end a sentence."""
    raw = [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    tokens: list[Token] = []
    for tok in raw:
        if tok.text == "." and tokens and tokens[-1].end == tok.start and tokens[-1].is_word:
            prev = tokens[-1]
            prev.dot = True
            if prev.lower in ABBREVIATIONS or prev.is_initial:
                continue
        tokens.append(tok)
    previous: Token | None = None
    for tok in tokens:
        tok.sentence_start = (
            previous is None
            or previous.text in SENTENCE_END
            or "\n" in text[previous.end : tok.start]
        )
        if tok.text not in "([":
            previous = tok
    return tokens


class NameFinder:
    """Finds name spans in a text, with the shipped lexicons unless given others."""

    def __init__(self, lexicons: Lexicons | None = None) -> None:
        self.lex = lexicons or load_lexicons()
        phrases = sorted(self.lex.keep_phrases, key=len, reverse=True)
        self.keep_pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![\w-])"
        )

    # -- single tokens ---------------------------------------------------------------------
    def is_first_name(self, tok: Token) -> bool:
        if tok.text in self.lex.first_names:
            return True
        parts = tok.text.split("-")
        return len(parts) > 1 and all(p in self.lex.first_names for p in parts)

    def is_surname(self, tok: Token) -> bool:
        parts = tok.text.split("-")
        return tok.text in self.lex.surname_cores or (
            len(parts) > 1 and all(p in self.lex.surname_cores for p in parts)
        )

    def is_title(self, tok: Token) -> bool:
        return tok.lower in TITLES or tok.lower in self.lex.roles

    def can_be_name_part(self, tok: Token) -> bool:
        """A capitalised word that may be (part of) a name: not a place, organisation, month or
        function word."""
        return (
            tok.is_word
            and tok.is_cap
            and not tok.keep
            and tok.lower not in FUNCTION_WORDS
            and tok.lower not in MONTHS_DAYS
            and tok.lower not in TITLES
            and not STREET_WORD.match(tok.text)
        )

    # -- sequences -------------------------------------------------------------------------
    def mark_keep(self, text: str, tokens: list[Token]) -> None:
        starts = [tok.start for tok in tokens]
        for m in self.keep_pattern.finditer(text):
            i = bisect.bisect_left(starts, m.start())
            while i < len(tokens) and tokens[i].end <= m.end():
                tokens[i].keep = True
                i += 1

    @staticmethod
    def particles_at(tokens: list[Token], i: int) -> int:
        """How many tussenvoegsel tokens start at i, if a capitalised word follows them."""
        n = 0
        while i + n < len(tokens) and n < 3 and tokens[i + n].lower in TUSSENVOEGSELS:
            n += 1
        if n and i + n < len(tokens) and tokens[i + n].is_word and tokens[i + n].is_cap:
            return n
        return 0

    def known_full_surname(self, tokens: list[Token], i: int, n: int) -> bool:
        return _join(tokens[i : i + n + 1]).lower() in self.lex.surnames

    def extend(self, tokens: list[Token], j: int) -> int:
        """Take further name parts after token j-1: capitalised words, and tussenvoegsel plus
        capitalised word ("Sophie van der Linden"). Returns the exclusive end."""
        while j < len(tokens):
            tok = tokens[j]
            if tok.sentence_start or tok.lower in INSTITUTION_NOUNS:
                break
            if self.can_be_name_part(tok):
                j += 1
                continue
            n = self.particles_at(tokens, j)
            if n and (
                self.can_be_name_part(tokens[j + n]) or self.known_full_surname(tokens, j, n)
            ):
                j += n + 1
                continue
            break
        return j

    def find(self, text: str) -> list[Span]:
        tokens = tokenize(text)
        self.mark_keep(text, tokens)
        found: list[tuple[int, int]] = []
        undecided: list[int] = []
        i = 0
        while i < len(tokens):
            match = self.match_at(tokens, i)
            if match is None:
                undecided.append(i)
                match = (i, i)
            start, end = match
            if end > start:
                found.append((start, end))
                i = end
            else:
                i += 1
        # "Bos en Vos zijn ...": an ambiguous word coordinated with a found name is a name too.
        starts = {a for a, _ in found}
        for i in undecided:
            if i + 2 < len(tokens) and tokens[i + 1].lower in COORDINATORS and i + 2 in starts:
                found.append((i, i + 1))
        # "Bert en Ans": a capitalised word coordinated after a found name is a name too.
        for _, b in sorted(found):
            if (
                b + 1 < len(tokens)
                and tokens[b].lower in COORDINATORS
                and b + 1 not in starts
                and self.can_be_name_part(tokens[b + 1])
                and not tokens[b + 1].sentence_start
            ):
                found.append((b + 1, self.extend(tokens, b + 2)))
                starts.add(b + 1)
        if not any(c.isupper() for c in text):
            found += self.lowercase_names(tokens)
        spans = []
        for a, b in sorted(set(found)):
            if b < len(tokens) and tokens[b].lower in INSTITUTION_NOUNS and tokens[b].is_cap:
                continue  # "Anne Frank Huis"
            if b < len(tokens) and STREET_WORD.match(tokens[b].text) and tokens[b].is_cap:
                continue  # "de Lange Nieuwstraat"
            start, end = tokens[a].start, tokens[b - 1].end
            spans.append(Span(start, end, "name", text[start:end]))
        return spans

    def lowercase_names(self, tokens: list[Token]) -> list[tuple[int, int]]:
        """Known first names in text typed without any capitals ("ik heb met jan gesproken")."""
        return [
            (i, i + 1)
            for i, tok in enumerate(tokens)
            if tok.is_word
            and len(tok.text) > 2
            and tok.lower not in LOWERCASE_STOP
            and tok.lower not in FUNCTION_WORDS
            and tok.text.capitalize() in self.lex.first_names
        ]

    def match_at(self, tokens: list[Token], i: int) -> tuple[int, int] | None:
        """The token range of a name found at token i (after a title, the range starts after
        it); an empty range if there is none; None if the token is an ambiguous word that a
        neighbouring name may still decide ("Bos en Vos")."""
        end = self.match_end(tokens, i)
        if end is None:
            return None
        if isinstance(end, tuple):
            return end
        return (i, end)

    def match_end(self, tokens: list[Token], i: int) -> int | tuple[int, int] | None:
        tok = tokens[i]
        if not tok.is_word:
            return i
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None

        # "ik heet Rachid", "iedereen noemt hem Frenk".
        if tok.lower in INTRODUCERS and nxt is not None and not nxt.sentence_start:
            if self.can_be_name_part(nxt) and (nxt.text[-1:] != "s" or self.is_first_name(nxt)):
                return (i + 1, self.extend(tokens, i + 2))

        # A title, role or relation, then the name: "mevrouw Jansen", "dhr. P. Bakker", "tante Wil".
        if self.is_title(tok) and nxt is not None and not nxt.sentence_start:
            end = self.after_title(tokens, i + 1)
            if end > i + 1:
                return (i + 1, end)

        if tok.is_initial:
            return self.after_initials(tokens, i)
        if tok.lower in TUSSENVOEGSELS:
            return self.after_particles(tokens, i)
        if not self.can_be_name_part(tok):
            return i
        if not (self.is_first_name(tok) or self.is_surname(tok)):
            # Two unknown capitalised words and a verb: "Kofi Mensah vertelde ...".
            after = tokens[i + 2] if i + 2 < len(tokens) else None
            if (
                nxt is not None
                and after is not None
                and self.can_be_name_part(nxt)
                and not nxt.sentence_start
                and after.lower in PERSON_VERBS
            ):
                return i + 2
            return i
        ambiguous = tok.text in self.lex.ambiguous
        if tok.lower in MONTHS_DAYS or (ambiguous and tok.sentence_start):
            # "Bakker is een vak", "Wil je ...", "in May 2021": a name only with more evidence.
            if nxt is not None and not nxt.sentence_start:
                if self.can_be_name_part(nxt) or self.particles_at(tokens, i + 1):
                    return self.extend(tokens, i + 1)
                if nxt.lower in PERSON_VERBS:
                    return i + 1
            return None
        return self.extend(tokens, i + 1)

    def after_title(self, tokens: list[Token], j: int) -> int:
        start = j
        while j < len(tokens) and tokens[j].is_initial:
            j += 1
        n = self.particles_at(tokens, j)
        if j + n >= len(tokens):
            return start
        head = tokens[j + n]
        if n and self.known_full_surname(tokens, j, n):
            return self.extend(tokens, j + n + 1)
        if not self.can_be_name_part(head):
            return start
        if n and not tokens[j].is_cap and j == start:
            # "burgemeester van Zanen" is a name, "voorzitter van de Raad" is not.
            if _join(tokens[j : j + n]).lower() not in SURNAME_PARTICLES and not self.is_surname(
                head
            ):
                return start
        return self.extend(tokens, j + n + 1)

    def after_initials(self, tokens: list[Token], i: int) -> int:
        """Initials before a surname: "J.P. de Vries", "A. Dijkstra-Postma"."""
        j = i
        while j < len(tokens) and tokens[j].is_initial:
            j += 1
        n = self.particles_at(tokens, j)
        if j + n >= len(tokens):
            return i
        head = tokens[j + n]
        if not self.can_be_name_part(head) or head.sentence_start:
            return i
        if n or j - i > 1 or self.is_surname(head) or not tokens[i].sentence_start:
            return self.extend(tokens, j + n + 1)
        return i

    def after_particles(self, tokens: list[Token], i: int) -> int:
        """A surname without first name: "de Vries", "Van der Meer", "ter Horst"."""
        tok = tokens[i]
        n = self.particles_at(tokens, i)
        if not n:
            return i
        head = tokens[i + n]
        known = self.known_full_surname(tokens, i, n)
        if head.keep:
            # "Van Leeuwen" the surname, "van Leeuwen" (the village) or "Van Amsterdam tot ...".
            return self.extend(tokens, i + n + 1) if known and tok.is_cap else i
        if known and head.is_cap:
            return self.extend(tokens, i + n + 1)
        if not self.can_be_name_part(head):
            return i
        particles = _join(tokens[i : i + n]).lower()
        if (
            known
            or particles in SURNAME_PARTICLES - {"van de"}
            or (tok.is_cap and not tok.sentence_start)
            or (tok.is_cap and particles == "van")
        ):
            return self.extend(tokens, i + n + 1)
        return i


def _join(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens)
