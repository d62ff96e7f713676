"""Read names in text that is shouted (all capitals) or typed in lower case.

The name rules rely on Dutch capitalisation: a capitalised word mid-sentence is a proper noun.
"PIETER BOS HEEFT ONS GEHOLPEN" and "vraag het aan els van dam" lack that signal, so we restore
it for detection only: every token gets the case it would have in ordinary writing, from the
lists and the context, while the spans keep pointing into the original text.

* A word a list knows as a name, and that is no ordinary word, is capitalised ("PIETER" ->
  "Pieter", "jansen" -> "Jansen").
* A name that is also a word ("BOS", "visser", "roos") is capitalised only with evidence: a
  title or relation before it ("meneer kok"), a name next to it ("bram visser"), or a name it is
  coordinated with ("mo en sanne").
* An unknown word right after a title is a name ("MEVROUW OOSTERHUIS", "oom harm"), unless it is
  a function word or a common verb ("de juf belde").
* Everything else is lower case, so it can never start a name.

In ordinary text a single word in capitals ("Dat zei JANSEN", "Mevrouw EL KADDOURI") is read
the same way; acronyms ("UWV", "GGD") are not names because no list knows them.
"""

from __future__ import annotations

from collections.abc import Callable

# Verbs so common right after a person word that they must not be read as a name there
# ("de buurman heeft", "mijn collega is").
COMMON_VERBS = frozenset(
    """is was zijn waren heeft hebben had hadden wordt werd worden kan kon kunnen moet moest
    wil wilde zal zou zit zat staat stond ligt lag gaat ging komt kwam doet deed krijgt kreeg
    blijft bleef belt belde zegt zei vindt vond weet wist ziet zag helpt hielp werkt werkte
    woont woonde heet kent kende gaf geeft bracht brengt nam neemt hoorde leek lijkt heb ben
    kan ga kom doe zeg had has have did does said""".split()
)
DETERMINERS = frozenset("de het een die deze dat mijn onze ons jouw je uw zijn haar hun".split())
# Forms of address after which particles and a word are a surname, known or not: "meneer de
# haas", "mevrouw van dam" (not a role: "de voorzitter van de raad").
HONORIFICS = frozenset(
    """meneer mevrouw mevr mw dhr mnr heer mijnheer juf juffrouw meester dokter dr zuster
    familie fam mr mrs ms herr frau""".split()
)
# Particles that open a surname after a form of address; not "van de" or "van het", which
# more often name where someone works ("meneer van de woningbouw").
SURNAME_OPENERS = frozenset(
    ["de", "van", "van der", "van den", "ter", "ten", "te", "van 't", "'t", "in 't", "el", "al"]
)


def shape(word: str) -> str:
    if not word[:1].isalpha():
        return "other"
    if word.isupper():
        return "upper" if len(word) > 1 else "cap"
    if word.islower():
        return "lower"
    return "cap" if word[0].isupper() else "mixed"


def capitalised(word: str) -> str:
    """'DIRK-JAN' -> 'Dirk-Jan', "o'brien" -> "O'Brien"."""
    out, upper_next = [], True
    for c in word:
        out.append(c.upper() if upper_next else c.lower())
        upper_next = c in "-'’" and len(out) <= 2 or c == "-"
    return "".join(out)


def segments(tokens: list) -> list[list[int]]:
    """Token indices per sentence."""
    groups: list[list[int]] = []
    for i, tok in enumerate(tokens):
        if tok.sentence_start or not groups:
            groups.append([])
        groups[-1].append(i)
    return groups


PARTICLES = frozenset("van de der den ter ten te el al von zu 't".split())


def recase(
    tokens: list,
    knows: Callable[[str], str],
    is_ambiguous: Callable[[str], bool],
    is_person_word: Callable[[str], bool],
    is_other: Callable[[str], bool],
    is_full_surname: Callable[[str], bool],
) -> None:
    """Give shouted and lower-case tokens the case of ordinary writing (in `tok.text`).

    knows(word): which list knows the capitalised word as a name ('' for none).
    is_ambiguous(word): the capitalised word is a name and an ordinary word.
    is_person_word(lower): a title, relation or role ("mevrouw", "oom", "wethouder").
    is_other(lower): a function word, month or other word that is never a name.
    is_full_surname(lower): "van dam", "de vries".
    """

    def is_name(word: str, shortest_world_name: int = 4) -> bool:
        # Short words of the world lists collide with acronyms and words ("Tu", "Ons", "Iban").
        found = knows(word)
        return bool(found) and (not found.startswith("world") or len(word) >= shortest_world_name)

    for group in segments(tokens):
        words = [i for i in group if tokens[i].text[0].isalpha() and len(tokens[i].text) > 1]
        shapes = [shape(tokens[i].text) for i in words]
        upper = shapes.count("upper")
        shouted = upper >= 3 and upper >= 0.9 * len(shapes)
        lower = len(words) >= 3 and all(s == "lower" for s in shapes)
        if shouted or lower:
            targets = [i for i in group if tokens[i].text[:1].isalpha()]
            chosen = _names_in(
                tokens, targets, is_name, knows, is_ambiguous, is_person_word, is_other
            )
            _with_surnames(tokens, targets, chosen, is_other, is_person_word, is_full_surname)
            for i in targets:
                text = tokens[i].text
                tokens[i].text = capitalised(text) if i in chosen else text.lower()
            continue
        recased: set[int] = set()
        for i in words:
            if shape(tokens[i].text) != "upper":
                continue
            known = is_name(capitalised(tokens[i].text), shortest_world_name=6)
            # "GERRIT HOFSTEDE" amid ordinary text: a shouted first name takes the next word.
            after_first = i - 1 in recased and "first" in knows(tokens[i - 1].text)
            if known or after_first or _after_person(tokens, i, is_person_word):
                tokens[i].text = capitalised(tokens[i].text)
                recased.add(i)


def _after_person(tokens: list, i: int, is_person_word: Callable[[str], bool]) -> bool:
    """Token i follows a title or initials, perhaps with particles between ("Mevrouw EL
    KADDOURI", "W. VAN DER HEIJDEN", "MR. DE WAARD")."""
    j = i - 1
    while j >= 0 and tokens[j].lower in PARTICLES:
        j -= 1
    return j >= 0 and (is_person_word(tokens[j].lower) or tokens[j].is_initial)


def _names_in(tokens, targets, is_name, knows, is_ambiguous, is_person_word, is_other) -> set[int]:
    """The tokens of a shouted or lower-case sentence that are names."""
    strong, weak, first = set(), set(), set()
    for i in targets:
        cap = capitalised(tokens[i].text)
        if is_other(tokens[i].lower) or not is_name(cap):
            continue
        if is_ambiguous(cap) or is_person_word(tokens[i].lower):
            weak.add(i)  # "visser", "kok": names, words and roles
        else:
            strong.add(i)
            first.update([i] if "first" in knows(cap) else [])
    chosen = set(strong) | _after_speech(tokens, targets, is_other, is_person_word)
    chosen |= _asked(tokens, targets, is_other, is_person_word)
    for i in targets[:1]:  # "tjitske zei dat het niet kon"
        lower = tokens[i].lower
        if not (is_other(lower) or is_person_word(lower) or tokens[i].keep):
            if subject_at_start(tokens, i):
                chosen.add(i)
    for n, i in enumerate(targets):
        lower = tokens[i].lower
        if i in chosen or is_other(lower):
            continue
        before = tokens[targets[n - 1]] if n > 0 else None
        after = tokens[targets[n + 1]] if n + 1 < len(targets) else None
        after_title = before is not None and is_person_word(before.lower)
        after_first = n > 0 and targets[n - 1] in first
        if is_person_word(lower) and not (i in weak and (after_title or after_first)):
            continue  # "de juf", "ALS ONDERNEMER"; but "meneer kok", "bram visser"
        if after_title or after_first:
            # "meneer kok", "MEVROUW OOSTERHUIS", "oom harm", "GERRIT HOFSTEDE";
            # not "de juf belde", "SANDRA HEEFT".
            if i in weak or lower not in COMMON_VERBS:
                chosen.add(i)
            continue
        if is_person_word(lower):
            continue
        joined = [
            targets[m + d]
            for d in (-1, 1)
            for m in [n + d]
            if 0 <= m < len(targets)
            and tokens[targets[m]].lower in ("en", "of", "and", "und", "&")
            and 0 <= m + d < len(targets)
        ]
        neighbours = [targets[m] for m in (n - 1, n + 1) if 0 <= m < len(targets)]
        if i not in weak:
            # An unknown word joined to a first name after "met", "aan" ... or first in the
            # sentence: "contact met mo en sanne"; not "de kinderen en sanne", "brood en thijs".
            if (
                any(m in first for m in joined)
                and not tokens[i].keep
                and (before is None or before.lower in PERSON_PREPOSITIONS)
            ):
                chosen.add(i)
            continue
        if any(m in strong for m in neighbours + joined):
            chosen.add(i)  # "karin smit", "mo en sanne"
        elif after is not None and after.lower in COMMON_VERBS:
            if before is None or before.lower not in DETERMINERS:
                chosen.add(i)  # "BAKKER ZEI", not "DE BAKKER ZEI"
    return chosen


# The verb of an attribution after a quote, and the marks that close the quote or clause.
SPEECH_VERBS = frozenset(
    "zegt zei vertelt vertelde aldus schrijft schreef vraagt vroeg says said sagt sagte".split()
)
QUOTE_CLOSERS = frozenset([",", '"', "”", "’", "'", "»"])
CLAUSE_END = frozenset(".!?,;:)…")


def _after_speech(tokens, targets, is_other, is_person_word) -> set[int]:
    """One or two words naming the speaker after a quote: "..., ZEGT ALBERTHA.", "..., zei
    piet de wit"; not "..., zei de buurman"."""
    chosen: set[int] = set()
    for i in targets:
        if not (2 <= i and tokens[i - 1].lower in SPEECH_VERBS):
            continue
        if tokens[i - 2].text not in QUOTE_CLOSERS:
            continue
        j = i
        while j < len(tokens) and j < i + 4 and tokens[j].text[:1].isalpha():
            j += 1
        words = range(i, j)
        if j < len(tokens) and tokens[j].text not in CLAUSE_END:
            continue
        heads = [k for k in words if tokens[k].lower not in PARTICLES]
        if not heads or len(heads) > 3:
            continue
        if any(is_other(tokens[k].lower) or is_person_word(tokens[k].lower) for k in heads):
            continue
        chosen.update(heads)
    return chosen


# Verbs whose subject is nearly always a person; one unknown capitalised word right before
# (at the start of a sentence) or right after (mid-sentence) is their subject.
SUBJECT_VERBS = frozenset(
    """zei zegt vertelde vertelt vroeg vraagt schreef schrijft belde belt sprak spreekt
    antwoordde antwoordt riep roept mailde mailt appte appt lachte lacht huilde huilt zuchtte
    woont woonde werkt werkte kookte kookt zong zingt studeert studeerde vluchtte vlucht
    said says asked told wrote called lives lived works worked sagte sagt fragte fragt""".split()
)
# Subject pronouns and adverbs: after "Gisteren belde" comes the subject, so "Gisteren" is none.
SUBJECT_WORDS = frozenset(
    """ik jij je hij zij ze wij we u men het er iedereen niemand iemand
    i you he she we they it er sie es wir ich man""".split()
)
ADVERBS = frozenset(
    """gisteren vandaag morgen toen daarna daarom vroeger nu soms vaak later eerst eindelijk
    opeens ineens plotseling meestal altijd nooit ook zo hier daar thuis buiten binnen verder
    bovendien eerder onlangs laatst vanochtend vanmiddag vanavond vannacht vorig vorige
    intussen inmiddels sindsdien daarnaast tenslotte uiteindelijk zelfs dus dan yesterday today
    then later gestern heute dann""".split()
)


def subject_at_start(tokens: list, i: int) -> bool:
    """Token i opens its sentence as the subject of a verb that people do: "Tjitske zei dat
    ..."; not an adverb before the verb and its subject ("Gisteren belde Schuurman", "Toen zei
    ik")."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is None or nxt.lower not in SUBJECT_VERBS or tokens[i].lower in ADVERBS:
        return False
    after = tokens[i + 2] if i + 2 < len(tokens) else None
    return after is None or not (
        after.lower in SUBJECT_WORDS or (after.text[:1].isupper() and after.text[:1].isalpha())
    )


# Prepositions before a person: "contact met mo en sanne", "voor ab en sanne".
PERSON_PREPOSITIONS = frozenset("met aan voor bij naast samen with mit".split())
# "vraag het maar aan mariska": who is asked is a person.
ASK_VERBS = frozenset(
    """vraag vraagt vroeg vroegen vragen gevraagd navragen vertel vertelt vertelde ask asked
    tell told frag""".split()
)
TELL_VERBS = frozenset("zeg zegt zei zeggen vertel vertelt vertelde sag".split())
# The one asked or told: "vraag het aan X", "zeg tegen X dat ..."; the preposition goes with
# its verbs ("zei iemand aan tafel" asks no one).
ASKED_PREPOSITIONS: dict[str, frozenset[str]] = {
    "aan": ASK_VERBS,
    "to": ASK_VERBS,
    "tegen": TELL_VERBS,
}
# What may follow the one asked: the end of the clause, or what is asked ("dat", "of").
ASKED_FOLLOWERS = frozenset(["dat", "of", "om", "that", "if", "whether", "dass", "ob"])


def asked_after(tokens: list, i: int) -> bool:
    """Token i follows "aan" or "tegen" in a clause that asks or tells someone something."""
    verbs = ASKED_PREPOSITIONS.get(tokens[i - 1].lower, frozenset()) if i > 1 else frozenset()
    return any(tokens[k].lower in verbs for k in range(max(0, i - 5), i - 1))


def _asked(tokens, targets, is_other, is_person_word) -> set[int]:
    """The one word after "aan" that ends a clause in which someone is asked: "vraag maar aan
    mariska", "ik vroeg het aan PIETERSEN."."""
    chosen: set[int] = set()
    for i in targets:
        if i < 2 or not asked_after(tokens, i):
            continue
        follower = tokens[i + 1] if i + 1 < len(tokens) else None
        if follower and follower.text not in CLAUSE_END and follower.lower not in ASKED_FOLLOWERS:
            continue
        lower = tokens[i].lower
        if is_other(lower) or is_person_word(lower) or tokens[i].keep:
            continue
        chosen.add(i)
    return chosen


def _with_surnames(tokens, targets, chosen, is_other, is_person_word, is_full_surname) -> None:
    """Particles and the word after them complete a name: "SEM VAN DIJK" after a known first
    name, "els van dam" when "van dam" is a known surname."""
    for n, i in enumerate(targets):
        m = n + 1
        while m < len(targets) and tokens[targets[m]].lower in PARTICLES:
            m += 1
        if m == n + 1 or m >= len(targets):
            continue
        head = targets[m]
        if is_other(tokens[head].lower) or is_person_word(tokens[head].lower):
            continue
        phrase = " ".join(tokens[t].lower for t in targets[n + 1 : m + 1])
        particles = " ".join(tokens[t].lower for t in targets[n + 1 : m])
        if (
            tokens[i].lower in HONORIFICS
            and particles in SURNAME_OPENERS
            and not tokens[head].keep
            and not (n > 0 and tokens[targets[n - 1]].lower in DETERMINERS)
        ):
            chosen.add(head)  # "meneer de haas", "MEVROUW VAN OMMEN"; not "de meneer van de ..."
            continue
        if not is_full_surname(phrase) or is_other(tokens[i].lower):
            continue
        if is_person_word(tokens[i].lower):
            chosen.add(head)  # "dhr. van leeuwen"
        else:
            chosen.update((i, head))  # "els van dam", "SEM VAN DIJK"
