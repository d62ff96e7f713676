"""Find personal names with lexicons and context rules, without a model.

Dutch writes ordinary nouns in lower case, so a capitalised word in mid-sentence is a proper noun;
the question is whether it is a person. A sequence of words is a name when it is
  * a known first name ("Ineke", "Mohammed"), with what follows it ("Ineke Jansen");
  * initials before a surname ("J.P. de Vries");
  * a title, role or relation before a capitalised word ("mevrouw Jansen", "wethouder De Groot",
    "tante Wil");
  * a known surname ("Jansen", "van der Meer"), or a tussenvoegsel sequence that only occurs in
    surnames ("van der", "ter") before a capitalised word.
  * a greeting before a capitalised word ("Hoi Marleen", "Groeten, Hester Wierenga");
  * capitalised words before a role apposition ("Jolijn Brandsma, huisarts in Sneek") or a verb
    ("Kofi Mensah vertelde");
  * unknown capitalised words right before a known name ("Jairo Martina").
Places and organisations from the shipped lists are never names. Words that are also ordinary words
("Bakker", "Roos", "Wil") at the start of a sentence need more evidence: a surname after them, a
verb such as "zei", or another name they are coordinated with ("Bos en Vos").
Shouted and lower-case text is first given the case of ordinary writing (`casing.py`).

Every span says which rule or list took it (`Span.reason`), so a reviewer can trust or correct it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from oogst.privacy.casing import (
    ASKED_FOLLOWERS,
    HONORIFICS,
    PERSON_PREPOSITIONS,
    SUBJECT_VERBS,
    SUBJECT_WORDS,
    asked_after,
    recase,
    subject_at_start,
)
from oogst.privacy.lexicons import TUSSENVOEGSELS, Lexicons, load_lexicons
from oogst.privacy.spans import Span

# Words keep their inner apostrophes and hyphens: "O'Connor", "zzp'er", "Dirk-Jan"; not the
# possessive "Ineke's".
TOKEN = re.compile(r"'t\b|v\.\s?d\.|v/d\b|[^\W\d_]+(?:['’](?!s\b)[^\W\d_]+|-[^\W\d_]+)*|\d+|\S")

TITLES = frozenset(
    """mevrouw mevr mw meneer mijnheer mnr dhr heer mr dr drs ir ing prof ds fam familie gezin
    mrs ms miss sir herr frau madame monsieur
    buurman buurvrouw buurjongen buurmeisje collega oom tante opa oma neef nicht neefje nichtje zoon
    zoontje dochter dochtertje broer broertje zus zusje vriend vriendin man vrouw partner echtgenoot
    echtgenote schoonzoon schoondochter schoonmoeder schoonvader kleinzoon kleindochter moeder vader
    mama papa juf juffrouw meester zuster broeder dokter huisarts schoonzus zwager stiefvader
    stiefmoeder kleinkind peetoom peettante pleegmoeder pleegvader
    mr mrs ms miss neighbour neighbor colleague friend aunt uncle mum mom dad sister brother
    landlord landlady grandma grandpa nachbar nachbarin kollege kollegin onkel tante mutter
    vater schwester bruder freund freundin""".split()
)
# Words that open or close a message; a capitalised word right after one is a name:
# "Hoi Marleen", "Beste Wubbo", "Groeten, Hester Wierenga", "Liebe Grüße, Annika".
GREETINGS = frozenset(
    """hoi hallo hey hi hoii beste lieve dag goedemorgen goedemiddag goedenavond dear hello
    liebe lieber morgen moin groeten groet groetjes gr mvg liefs regards wishes cheers grüße
    grüßen gruß grüsse thanks bedankt dank danke merci""".split()
)
GREETING_FILLERS = frozenset("je u jullie wel van from von , : ! -".split())
SENTENCE_END = frozenset('.!?:;…"“”„‘’»«•–—')
ABBREVIATIONS = frozenset("mevr mw mnr dhr mr dr drs ir ing prof ds fam st mrs ms sr jr gr".split())
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
    aus etwa auch
    anders iedereen niemand iemand allemaal alles niets niks everyone everybody nobody someone
    somebody jeder jemand alle""".split()
)
MONTHS_DAYS = frozenset(
    """januari februari maart april mei juni juli augustus september oktober november december
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    januar februar märz juni juli oktober dezember montag dienstag mittwoch freitag samstag
    sonntag
    ramadan kerst kerstmis pasen pinksteren suikerfeest offerfeest sinterklaas koningsdag
    bevrijdingsdag hemelvaart oudjaar nieuwjaar hanukkah chanoeka divali diwali holi christmas
    easter weihnachten ostern""".split()
)
# A verb right after a sentence-initial ambiguous word ("Bakker zei") shows it is a person.
PERSON_VERBS = frozenset(
    """zei zegt vond vindt vroeg vraagt schreef schrijft vertelde vertelt meldde stelde stelt legde
    wil wilde kwam komt belde sprak antwoordde reageerde riep werkt werkte woont woonde heeft had
    gaf liet runt organiseerde coördineert startte begon opende zorgde hielp helpt leerde bracht
    kreeg deed maakte zag hoorde dacht denkt weet wist noemde beloofde benadrukte merkte ging moest
    moet kon mocht zou zat stond liep reed belt mailde appte runt
    said says asked told wrote thinks works lives runs
    sagte fragte schrieb arbeitet wohnt""".split()
)
# After two unknown capitalised words these verbs also show a person: "Tsjitske Hettinga is".
NAME_VERBS = PERSON_VERBS | frozenset(
    """is was heeft had zat zit gaat ging has hat ist war leert leerde speelt speelde kookt
    kookte studeert studeerde zingt zong rijdt wacht wachtte vluchtte verloor verliest
    verkoopt verkocht bakt bakte poetst zorgt zorgde""".split()
)
# Role words of an apposition beyond the shipped roles: "Joline Pater, moeder van drie".
APPOSITION_ROLES = frozenset(
    """lid studente eigenaresse bewoonster chair member owner teacher nurse doctor student
    vorsitzender vorsitzende leiterin leiter""".split()
)
# The reasons that mean a list knew the first word; only then may unknown capitalised words
# before it join the name ("Jairo Martina").
LIST_REASONS = frozenset(["first_names", "surnames", "world_first_names", "world_surnames"])
# Words that may come between a name and its role apposition: "Teun Pastoors, 17, scholier",
# "Kees Wortelboer, penningmeester van", "Kok, de conciërge,".
APPOSITION_FILLERS = frozenset("de het een onze mijn the a our my der die das ein eine".split())
# Particle sequences that (almost) only occur in surnames, so "van der X" is a name even unknown.
SURNAME_PARTICLES = frozenset(
    ["van der", "van den", "van 't", "in 't", "in het", "ter", "ten", "van de"]
)
COORDINATORS = frozenset(["en", "of", "and", "und", "&"])
# Before a thing rather than a person: "de Kerstman".
DETERMINERS = frozenset("de het een die deze dat the this that der die das den dem".split())
# Verbs of an attribution after a quote: "..., zegt Albertha.", "..., aldus Pietersen".
SPEECH_VERBS = frozenset(
    """zegt zei zeggen vertelt vertelde aldus schrijft schreef vindt vond vraagt vroeg antwoordt
    antwoordde roept riep zucht zuchtte lacht lachte stelt stelde meldt meldde legt legde
    benadrukt benadrukte concludeert concludeerde says said writes wrote asks asked adds added
    sagt sagte schreibt schrieb meint meinte""".split()
)
# What may stand before the verb of an attribution, and what ends the name after it.
QUOTE_CLOSERS = frozenset([",", '"', "”", "’", "'", "»", "“"])
CLAUSE_END = SENTENCE_END | frozenset([",", ")", "("])
# Before a place rather than a person: "in Dalfsen", "uit Rijssen".
PLACE_PREPOSITIONS = frozenset("in uit naar te richting nabij from aus nach".split())
# Endings of Dutch, Frisian and Low Saxon surnames that no place or ordinary word has in
# common use: patronymics (Pietersen, Janssen, Jansz), Frisian (Hoekstra, Bosma, Hettinga) and
# Twents (Wolterink). A capitalised word with one of them is a surname even if no list knows it.
SURNAME_SHAPE = re.compile(
    r"^[A-Z][a-zà-ÿ]+(?:[^s]sen|ssen|szoon|stra|sma|[iey]nga|tinga|[^aeiou]ink)$"
    # Frisian -ma, -ema (Boerma, Sikkema) and occupational -man (Schuurman); longer words
    # only, so "Firma", "Cinema", "Schema", "Batman" stay out.
    r"|^[A-Z][a-zà-ÿ]{2,}(?:[^aeiousm]ma|[^aeiou]man)$|^[A-Z][a-zà-ÿ]{3,}ema$"
)
# Words after which a capitalised word is someone's name: "heet Frans", "noemt hem Frenk".
INTRODUCERS = frozenset(
    """heet heette heten genaamd genoemd hem haar naam named called heißt heisst""".split()
)
# Places of business whose name follows them: "café De Zwaan", "restaurant Het Anker".
VENUE_NOUNS = frozenset(
    """café cafe eetcafé restaurant hotel bar kroeg snackbar cafetaria brasserie herberg
    pension bakkerij winkel zaak boerderij zorgboerderij camping manege theater bioscoop
    kapsalon garage pub buurthuis wijkcentrum dorpshuis clubhuis sporthal zwembad""".split()
)
# "de F'jes", "de A'tjes": teams and grades, never a name.
DIMINUTIVE_PLURAL = re.compile(r"['’](?:tjes|jes)$")
SHOUTED_WORD = re.compile(r"(?<!\w)[^\W\d_a-zß-ÿ]{2,}(?!\w)")
CAPITAL = re.compile(r"[A-ZÀ-Þ]")
SENTENCES = re.compile(r"[.!?\n]")
# Titles that are also surnames: a title only before a name.
ROYAL_TITLES = frozenset("koning koningin prins prinses king queen könig königin".split())
# Verbs that open a sentence before a name: "Bel Sanne", "Vraag Piet", "Ask Siobhan".
IMPERATIVES = frozenset(
    """bel vraag mail app stuur help groet zeg bedank geef laat neem tel kijk sms bericht
    feliciteer ask call tell email text thank ruf frag schreib""".split()
)
INTRODUCER_FILLERS = frozenset("ook eigenlijk gewoon toevallig zelf also auch".split())
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
        alternatives = "|".join(re.escape(p) for p in phrases)
        self.keep_pattern = re.compile(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])")
        # Shouted or lower-case places and organisations ("IN ZWOLLE", "de ggd").
        self.keep_pattern_any_case = re.compile(
            r"(?<![\w-])(?:" + alternatives + r")(?![\w-])", re.IGNORECASE
        )

    # -- single tokens ---------------------------------------------------------------------
    def known_as(self, word: str) -> str:
        """The list that knows `word` (or each part of "Dirk-Jan") as a name, or ''."""
        found = self.lex.knows(word)
        if found or "-" not in word:
            return found
        parts = [self.lex.knows(part) for part in word.split("-")]
        return parts[0] if all(parts) else ""

    def is_first_name(self, tok: Token) -> bool:
        return self.known_as(tok.text) in ("first_names", "world_first_names")

    def is_surname(self, tok: Token) -> bool:
        return self.known_as(tok.text) in ("surnames", "world_surnames")

    def is_title(self, tok: Token) -> bool:
        return tok.lower in TITLES or tok.lower in self.lex.roles

    def is_never_name(self, lower: str) -> bool:
        return lower in FUNCTION_WORDS or lower in MONTHS_DAYS or lower in TUSSENVOEGSELS

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
            and tok.lower not in GREETINGS
            and not STREET_WORD.match(tok.text)
            and not DIMINUTIVE_PLURAL.search(tok.text)
        )

    def is_adjective(self, tokens: list[Token], i: int) -> bool:
        """A capitalised adjective of a people or place before a noun ("de Ghanese kerk",
        "haar Chinese achtergrond"), not a name."""
        tok = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        return (
            tok.lower.endswith(("se", "sche"))
            and not self.known_as(tok.text)
            and following is not None
            and following.is_word
            and following.text.islower()
            and following.lower not in FUNCTION_WORDS
        )

    # -- sequences -------------------------------------------------------------------------
    @staticmethod
    def unusual_case(text: str) -> bool:
        """Some of the text is shouted or typed without capitals."""
        return bool(SHOUTED_WORD.search(text)) or any(
            not CAPITAL.search(part) for part in SENTENCES.split(text) if part.strip()
        )

    def mark_keep(self, text: str, tokens: list[Token], unusual_case: bool = True) -> None:
        starts = [tok.start for tok in tokens]
        matches = list(self.keep_pattern.finditer(text))
        if unusual_case:  # the slow case-blind pass only where it can matter
            for m in self.keep_pattern_any_case.finditer(text):
                if m.group().isupper() or m.group().islower():
                    matches.append(m)
        for m in matches:
            i = bisect.bisect_left(starts, m.start())
            while i < len(tokens) and tokens[i].end <= m.end():
                tokens[i].keep = True
                i += 1

    @staticmethod
    def mark_venues(tokens: list[Token]) -> None:
        """The name of a place of business is kept: "café De Zwaan", "restaurant Het Anker";
        a capitalised article after the noun shows it is a name of a thing, not a surname."""
        for i, tok in enumerate(tokens[:-2]):
            article = tokens[i + 1]
            if tok.lower in VENUE_NOUNS and article.text in ("De", "Het", "'t", "’t", "Den"):
                j = i + 1
                while j < len(tokens) and (j == i + 1 or tokens[j].is_cap):
                    tokens[j].keep = True
                    j += 1

    def recase(self, tokens: list[Token]) -> None:
        recase(
            tokens,
            knows=self.known_as,
            is_ambiguous=lambda word: (
                self.lex.is_ambiguous(word)
                or word.lower() in LOWERCASE_STOP
                or word in self.lex.particle_cores  # "WIJK", "BERG" of "van Wijk", "van den Berg"
            ),
            is_person_word=lambda lower: lower in TITLES or lower in self.lex.roles,
            is_other=lambda lower: self.is_never_name(lower) or lower in GREETINGS,
            is_full_surname=lambda phrase: phrase in self.lex.surnames,
        )

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

    def inner_name_part(self, tokens: list[Token], j: int) -> bool:
        """A capitalised function word between two name parts mid-sentence: the "Na" of "Li
        Na Chen", the "Do" of "Tran Do Minh". Dutch writes function words in lower case there."""
        tok = tokens[j]
        return (
            tok.is_word
            and tok.is_cap
            and not tok.sentence_start
            and not tok.keep
            and tok.lower in FUNCTION_WORDS
            and tok.lower not in TUSSENVOEGSELS
            and tok.lower not in COORDINATORS
            and 0 < j < len(tokens) - 1
            and self.can_be_name_part(tokens[j + 1])
            and not tokens[j + 1].sentence_start
        )

    def extend(self, tokens: list[Token], j: int) -> int:
        """Take further name parts after token j-1: capitalised words, and tussenvoegsel plus
        capitalised word ("Sophie van der Linden"). Returns the exclusive end."""
        while j < len(tokens):
            tok = tokens[j]
            if tok.sentence_start or tok.lower in INSTITUTION_NOUNS:
                break
            if (
                self.can_be_name_part(tok) and not self.is_adjective(tokens, j)
            ) or self.inner_name_part(tokens, j):
                j += 1
                continue
            n = self.particles_at(tokens, j)
            if n and (
                (self.can_be_name_part(tokens[j + n]) and not self.is_adjective(tokens, j + n))
                or self.known_full_surname(tokens, j, n)
            ):
                j += n + 1
                continue
            break
        return j

    def extend_back(self, tokens: list[Token], i: int) -> int:
        """Capitalised words right before a name belong to it: "Pham Minh Duc", "Jairo
        Martina"; not an imperative ("Bel Sanne")."""
        while i > 0:
            tok = tokens[i - 1]
            if (
                i > 1
                and self.inner_name_part(tokens, i - 1)
                and self.can_be_name_part(tokens[i - 2])
            ):
                i -= 1  # "Li Na Chen": "Na" joins when a name part stands before it
                continue
            if (
                not self.can_be_name_part(tok)
                or tokens[i].sentence_start
                or tok.lower in GREETINGS
                or self.is_title(tok)
                or tok.lower in IMPERATIVES  # "Bel Sanne", "Vraag Piet"
                or (tok.sentence_start and self.lex.is_ambiguous(tok.text))
            ):
                break
            i -= 1
        return i

    def find(self, text: str) -> list[Span]:
        tokens = tokenize(text)
        unusual_case = self.unusual_case(text)
        self.mark_keep(text, tokens, unusual_case)
        self.mark_venues(tokens)
        if unusual_case:
            self.recase(tokens)
        found: list[tuple[int, int, str]] = []
        undecided: list[int] = []
        i = 0
        while i < len(tokens):
            match = self.match_at(tokens, i)
            if match is None:
                undecided.append(i)
                match = (i, i, "")
            start, end, reason = match
            if end > start:
                if reason in LIST_REASONS:
                    start = self.extend_back(tokens, start)
                found.append((start, end, reason))
                i = end
            else:
                i += 1
        # "Bos en Vos zijn ...": an ambiguous word coordinated with a found name is a name too;
        # so is an unknown capitalised word before a known first name ("met Mo en Sanne").
        starts = {a for a, _, _ in found}
        first_names = {a for a, _, r in found if r in ("first_names", "world_first_names")}
        covered_by_found = {k for a, b, _ in found for k in range(a, b)}
        for i in undecided:
            if i + 2 < len(tokens) and tokens[i + 1].lower in COORDINATORS and i + 2 in starts:
                found.append((i, i + 1, "coordination"))
        for i in range(len(tokens) - 2):
            if (
                i + 2 in first_names
                and (
                    i == 0 or tokens[i].sentence_start or tokens[i - 1].lower in PERSON_PREPOSITIONS
                )
                and tokens[i + 1].lower in COORDINATORS
                and i not in covered_by_found
                and self.can_be_name_part(tokens[i])
                and not self.is_adjective(tokens, i)
                and not self.lex.is_ambiguous(tokens[i].text)
            ):
                found.append((i, i + 1, "coordination"))
        # "Bert en Ans": a capitalised word coordinated after a found name is a name too.
        for _, b, _ in sorted(found):
            if (
                b + 1 < len(tokens)
                and tokens[b].lower in COORDINATORS
                and b + 1 not in starts
                and self.can_be_name_part(tokens[b + 1])
                and not tokens[b + 1].sentence_start
            ):
                found.append((b + 1, self.extend(tokens, b + 2), "coordination"))
                starts.add(b + 1)
        spans = []
        covered: set[int] = set()
        for a, b, reason in sorted(found):
            if b < len(tokens) and tokens[b].lower in INSTITUTION_NOUNS and tokens[b].is_cap:
                continue  # "Anne Frank Huis"
            if b < len(tokens) and STREET_WORD.match(tokens[b].text) and tokens[b].is_cap:
                continue  # "de Lange Nieuwstraat"
            if a in covered:
                continue
            covered.update(range(a, b))
            start, end = tokens[a].start, tokens[b - 1].end
            spans.append(Span(start, end, "name", text[start:end], reason))
        return spans

    def match_at(self, tokens: list[Token], i: int) -> tuple[int, int, str] | None:
        """The token range of a name found at token i (after a title, the range starts after
        it) and the rule or list that found it; an empty range if there is none; None if the
        token is an ambiguous word that a neighbouring name may still decide ("Bos en Vos")."""
        tok = tokens[i]
        if not tok.is_word:
            return (i, i, "")
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None

        # "ik heet Rachid", "iedereen noemt hem Frenk", "mijn tante heet ook Máxima".
        if tok.lower in INTRODUCERS and nxt is not None and nxt.lower in INTRODUCER_FILLERS:
            i, nxt = i + 1, tokens[i + 2] if i + 2 < len(tokens) else None
        if tok.lower in INTRODUCERS and nxt is not None and not nxt.sentence_start:
            if (
                self.can_be_name_part(nxt)
                and (nxt.text[-1:] != "s" or self.is_first_name(nxt))
                and not self.is_adjective(tokens, i + 1)
            ):
                return (i + 1, self.extend(tokens, i + 2), "introducer")

        # "Hoi Marleen", "Dank je Rinske", "Groeten, Hester Wierenga", "Gr. Wessel".
        if tok.lower in GREETINGS:
            j = i + 1
            while j < len(tokens) and j < i + 3 and tokens[j].lower in GREETING_FILLERS:
                j += 1
            if (
                j < len(tokens)
                and self.can_be_name_part(tokens[j])
                and not self.is_title(tokens[j])
            ):
                if not tokens[j].sentence_start or tokens[j - 1].text in (",", ":"):
                    return (j, self.extend(tokens, j + 1), "greeting")

        # The speaker named after a quote: "..., zegt Albertha.", "..., aldus De Wit".
        if (
            tok.lower in SPEECH_VERBS
            and i > 0
            and tokens[i - 1].text in QUOTE_CLOSERS
            and nxt is not None
            and not nxt.sentence_start
        ):
            end = self.after_title(tokens, i + 1)
            if end > i + 1 and (end == len(tokens) or tokens[end].text in CLAUSE_END):
                return (i + 1, end, "speech")

        # A title, role or relation, then the name: "mevrouw Jansen", "dhr. P. Bakker", "tante Wil",
        # "Koning Willem-Alexander" (while "mevrouw Koning" is a surname); also set off by
        # commas: "mijn moeder, Tsjitske, belt", "onze wethouder, Sandra Kloosterboer, zat".
        titled = self.is_title(tok) or tok.lower in ROYAL_TITLES
        if titled and nxt is not None and not nxt.sentence_start:
            end = self.after_title(tokens, i + 1)
            if end > i + 1:
                return (i + 1, end, "title")
            if nxt.text == "," and i + 2 < len(tokens) and not tokens[i + 2].sentence_start:
                end = self.after_title(tokens, i + 2)
                if end > i + 2 and (end == len(tokens) or tokens[end].text in CLAUSE_END):
                    return (i + 2, end, "title")

        if tok.is_initial:
            end = self.after_initials(tokens, i)
            return (i, end, "initials")
        if tok.lower in TUSSENVOEGSELS:
            return (i, self.after_particles(tokens, i), "particles")
        if not self.can_be_name_part(tok) or self.is_adjective(tokens, i):
            return (i, i, "")
        apposition = self.before_apposition(tokens, i)
        list_name = self.known_as(tok.text)
        if not list_name:
            if apposition:
                return (i, apposition, "apposition")
            # "vraag het maar aan Mariska": who is asked is a person.
            if asked_after(tokens, i):
                end = self.extend(tokens, i + 1)
                if (
                    end == len(tokens)
                    or tokens[end].text in CLAUSE_END
                    or tokens[end].lower in ASKED_FOLLOWERS
                ):
                    return (i, end, "asked")
            # "met Pietersen gebeld", "Hoekstra zei": a surname by its shape; not a place after
            # "in" or "uit" nor a thing after "de", and at the start of a sentence only before
            # a verb or a comma.
            if (
                SURNAME_SHAPE.match(tok.text)
                and not (i > 0 and tokens[i - 1].lower in PLACE_PREPOSITIONS | DETERMINERS)
                and not (i > 0 and tokens[i - 1].is_cap and not tokens[i - 1].sentence_start)
                and (
                    not tok.sentence_start
                    or (nxt is not None and (nxt.lower in NAME_VERBS or nxt.text == ","))
                )
            ):
                return (i, self.extend(tokens, i + 1), "surname_shape")
            # The subject after its verb, or before it at the start of a sentence: "Gisteren
            # belde Schuurman", "Tjitske zei", "Volgens Verschoor is ...".
            if self.subject_of_person_verb(tokens, i):
                return (i, self.extend(tokens, i + 1), "verb")
            # Two unknown capitalised words and a verb: "Kofi Mensah vertelde ...".
            after = tokens[i + 2] if i + 2 < len(tokens) else None
            if (
                nxt is not None
                and after is not None
                and self.can_be_name_part(nxt)
                and not nxt.sentence_start
                and after.lower in NAME_VERBS
            ):
                return (i, i + 2, "verb")
            return (i, i, "")
        if (
            list_name.startswith("world")
            and i > 0
            and tokens[i - 1].lower in PLACE_PREPOSITIONS
            and self.extend(tokens, i + 1) == i + 1
        ):
            return (i, i, "")  # "in Emmerich", "uit Haren": a place our list lacks
        ambiguous = self.lex.is_ambiguous(tok.text)
        if ambiguous and i > 0 and tokens[i - 1].lower == "the":
            return (i, i, "")  # "The King addressed the nation", "the Baker's"
        if tok.lower in MONTHS_DAYS or (ambiguous and tok.sentence_start):
            # "Bakker is een vak", "Wil je ...", "in May 2021": a name only with more evidence.
            if apposition:
                return (i, apposition, "apposition")
            if nxt is not None and not nxt.sentence_start:
                if (
                    self.can_be_name_part(nxt)
                    or self.particles_at(tokens, i + 1)
                    or self.inner_name_part(tokens, i + 1)
                ):
                    return (i, self.extend(tokens, i + 1), list_name)
                if nxt.lower in PERSON_VERBS:
                    return (i, i + 1, "verb")
            return None
        return (i, self.extend(tokens, i + 1), list_name)

    def subject_of_person_verb(self, tokens: list[Token], i: int) -> bool:
        """One unknown capitalised word as the subject of a verb that people do (zei, belde,
        woont): right after it mid-sentence, right before it at the start of a sentence, or
        after "volgens"; not a place after "in" and not an adjective."""
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if len(tok.text) < 3 or self.is_adjective(tokens, i):
            return False
        if self.extend(tokens, i + 1) > i + 1:
            return False  # two or more words: the rules for full names decide
        previous = tokens[i - 1] if i > 0 else None
        if previous is not None and not tok.sentence_start:
            before_verb = tokens[i - 2] if i > 1 else None
            if (
                previous.lower in SUBJECT_VERBS
                and not previous.sentence_start
                and before_verb is not None
                and before_verb.lower not in SUBJECT_WORDS
            ):
                return True  # "Gisteren belde Schuurman"; not "Ik sprak Wortelboom"
            if previous.lower == "volgens" and nxt is not None and nxt.is_word:
                return True  # "Volgens Verschoor is de school te klein"
        return tok.sentence_start and subject_at_start(tokens, i)

    def before_apposition(self, tokens: list[Token], i: int) -> int:
        """The end of a name of one to three capitalised words followed by a role: "Jolijn
        Brandsma, huisarts in Sneek", "Kok, de conciërge,", "Gerjanne Wolters (wijkagent)";
        0 if there is none."""
        end = self.extend(tokens, i + 1)
        if end - i > 3 or end + 1 >= len(tokens) or tokens[end].text not in (",", "(", "-", "–"):
            return 0
        j = end + 1
        while (
            j < len(tokens)
            and j < end + 4
            and (
                tokens[j].lower in APPOSITION_FILLERS
                or tokens[j].text.isdigit()
                or tokens[j].text == ","
            )
        ):
            j += 1
        if j < len(tokens) and (self.is_title(tokens[j]) or tokens[j].lower in APPOSITION_ROLES):
            return end
        return 0

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
        if not self.can_be_name_part(head) or self.is_adjective(tokens, j + n):
            return start
        if n and not tokens[j].is_cap and j == start and tokens[start - 1].lower not in HONORIFICS:
            # "burgemeester van Zanen" is a name, "voorzitter van de Raad" is not; after
            # "meneer" or "mevrouw" the particles are always a surname's ("mevrouw de Wortel").
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
        if tok.is_cap and i > 0 and tokens[i - 1].lower in PLACE_PREPOSITIONS and not known:
            return i  # "in Ter Apel", "uit Ten Boer", "in De Wijk": a place our list lacks
            # "Van Leeuwen" the surname, "van Leeuwen" (the village) or "Van Amsterdam tot ...".
            return self.extend(tokens, i + n + 1) if known and tok.is_cap else i
        if known and head.is_cap:
            return self.extend(tokens, i + n + 1)
        if not self.can_be_name_part(head) or self.is_adjective(tokens, i + n):
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
