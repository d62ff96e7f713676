"""How readable a Dutch text is, and which sentences and words keep it from B1.

The score is **Flesch-Douma**, the Dutch adaptation of Flesch's Reading Ease, as the
maintained library `textstat` computes it with its language set to Dutch (syllables are
counted with pyphen's Dutch hyphenation patterns):

    score = 206.835 - 0.93 x (words per sentence) - 77 x (syllables per word)

Source: W.H. Douma (1960), *De leesbaarheid van landbouwbladen: een onderzoek naar en een
toepassing van leesbaarheidsformules*. Bulletin 17, Afdeling Sociologie en Sociografie,
Landbouwhogeschool Wageningen. The bands (60-70 "normaal", 70-80 "vrij makkelijk", ...) are
Flesch's (1948), as commonly used with Douma's formula. A Flesch score is not a CEFR level:
60 or more, with short sentences, is the rule of thumb this module uses for "about B1".

What it marks, sentence by sentence:

* a **long sentence**: more than `long_sentence_words` words;
* **possibly passive** (lijdende vorm): a form of *worden* with a past participle in the same
  sentence, or a form of *zijn* with a participle of a verb that does not take *zijn* in
  the perfect ("is besloten", not "is gegaan"); a heuristic, so it says "possibly";
* a **long word**: `long_word_syllables` syllables or more, or `long_word_letters` letters;
* a **rare word**: a Zipf frequency below `rare_zipf` in `wordfreq`'s Dutch list (Zipf 3 is
  once per million words), unless it is a compound of two common words ("zorgmedewerker").
  Words with a capital inside a sentence (names, places) and numbers are not judged.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

LANGUAGE = "nl"

BANDS = [  # lower bound, code; Flesch (1948)
    (90.0, "very_easy"),
    (80.0, "easy"),
    (70.0, "fairly_easy"),
    (60.0, "standard"),
    (50.0, "fairly_difficult"),
    (30.0, "difficult"),
    (float("-inf"), "very_difficult"),
]

# Abbreviations after which a full stop does not end the sentence.
ABBREVIATIONS = {
    "bijv",
    "bv",
    "o.a",
    "d.w.z",
    "dhr",
    "mevr",
    "mr",
    "dr",
    "drs",
    "ir",
    "ing",
    "prof",
    "nr",
    "ca",
    "enz",
    "etc",
    "m.a.w",
    "t.o.v",
    "i.p.v",
    "m.b.t",
    "n.a.v",
    "t.a.v",
    "z.g.a.n",
    "zgn",
    "jl",
    "a.s",
    "vs",
    "incl",
    "excl",
    "resp",
    "e.d",
    "e.a",
    "ong",
    "min",
    "max",
    "blz",
    "st",
}

WORDEN = {"word", "wordt", "worden", "werd", "werden", "geworden"}
ZIJN = {"is", "zijn", "was", "waren", "ben", "bent", "geweest", "wezen"}
# Participles of verbs whose perfect takes "zijn": "is gegaan" is active, not passive.
ZIJN_VERBS = {
    "gegaan",
    "gekomen",
    "gebleven",
    "geworden",
    "gestorven",
    "gevallen",
    "geweest",
    "begonnen",
    "gebeurd",
    "verdwenen",
    "ontstaan",
    "gestegen",
    "gedaald",
    "gegroeid",
    "veranderd",
    "vertrokken",
    "opgegroeid",
    "overleden",
    "gelukt",
    "mislukt",
    "geslaagd",
    "gezakt",
    "verhuisd",
    "gestopt",
    "afgenomen",
    "toegenomen",
    "opgestaan",
    "aangekomen",
    "teruggekomen",
    "verschenen",
    "gebleken",
    "geraakt",
    "gevlucht",
    "ontsnapt",
    "opgehouden",
    "weggegaan",
    "doorgegaan",
    "meegegaan",
    "geëindigd",
    "gelopen",
    "gereden",
    "gevlogen",
    "vergeten",
    "opgeknapt",
    "ingestort",
    "uitgegroeid",
    "thuisgebleven",
    "teruggegaan",
}
# Words that look like a participle but are (here) nouns, adjectives or adverbs.
NOT_PARTICIPLES = {
    "beleid",
    "gebied",
    "geld",
    "geleden",
    "gewend",
    "gerust",
    "tevreden",
    "verleden",
    "verstand",
    "verband",
    "verbond",
    "verkeerd",
    "ervaren",
    "bekend",
    "geschikt",
    "gezond",
    "gezondheid",
    "gelegenheid",
    "verschillend",
    "belend",
    "bereid",
    "gemiddeld",
    "beroemd",
    "verwant",
    "gesprekken",
    "getallen",
    "gebieden",
    "gedachten",
    "geboorte",
    "gebouwen",
    "gezinnen",
    "gewoonten",
    "verhalen",
    "verschillen",
    "verenigingen",
    "gemeenten",
    "geven",
    "geen",
    "heel",
    "bent",
    "ben",
    # present tenses and infinitives that start with "ge"
    "gebeurt",
    "gebeuren",
    "geeft",
    "geldt",
    "gelden",
    "gelooft",
    "geloven",
    "geniet",
    "genieten",
    "gebruiken",
    "gedraagt",
}
# After these "zijn" is "his", not a verb: "met zijn idee".
PREPOSITIONS = {
    "met",
    "van",
    "voor",
    "aan",
    "in",
    "op",
    "bij",
    "naar",
    "over",
    "door",
    "om",
    "uit",
    "zonder",
    "tegen",
    "tot",
    "na",
    "onder",
    "achter",
    "naast",
    "tussen",
}
# Strong: a "ge" participle (gemaakt, opgelost, aangepakt); weak: a prefixed verb without
# "ge" (besloten, verteld, ontvangen), which also looks like a noun or a present tense.
STRONG_PARTICIPLE = re.compile(r"^\w*?ge\w{2,}(?:d|t|en)$", re.UNICODE)
WEAK_PARTICIPLE = re.compile(r"^(?:be|ver|ont|her|er)\w{2,}(?:d|t|en)$", re.UNICODE)
# After these a participle-like word is a noun: "het besluit", "de verwachten".
DETERMINERS = {
    "de",
    "het",
    "een",
    "dit",
    "dat",
    "deze",
    "die",
    "ons",
    "onze",
    "hun",
    "zijn",
    "haar",
    "mijn",
    "jouw",
    "uw",
    "elk",
    "ieder",
    "geen",
}
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)*", re.UNICODE)
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")


@dataclass(frozen=True)
class Settings:
    long_sentence_words: int = 20
    long_word_syllables: int = 5
    long_word_letters: int = 16
    rare_zipf: float = 3.0
    compound_part_zipf: float = 3.5
    target_score: float = 60.0
    target_words_per_sentence: float = 15.0


@dataclass
class HardWord:
    word: str
    start: int  # offsets in the whole text
    end: int
    reasons: list[str]  # "long", "rare"
    syllables: int
    zipf: float


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    words: int
    syllables: int
    score: float
    reasons: list[str] = field(default_factory=list)  # "long_sentence", "passive"
    passive: str = ""  # the words that made it look passive, e.g. "wordt ... besloten"
    hard_words: list[HardWord] = field(default_factory=list)

    @property
    def is_hard(self) -> bool:
        return bool(self.reasons) or len(self.hard_words) >= 2


@dataclass
class ReadabilityReport:
    language: str
    score: float
    band: str
    reaches_target: bool
    words: int
    sentences: int
    syllables: int
    words_per_sentence: float
    syllables_per_word: float
    sentence_reports: list[Sentence]
    counts: dict[str, int]
    method: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for sentence, report in zip(data["sentence_reports"], self.sentence_reports, strict=True):
            sentence["is_hard"] = report.is_hard
        return data


def band_of(score: float) -> str:
    return next(code for lower, code in BANDS if score >= lower)


@lru_cache(maxsize=1)
def _textstat():
    """textstat's calculator with Dutch settings: its own instance, so no other caller's
    language leaks in (textstat's module-level functions share one)."""
    from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang(LANGUAGE)
    stats.set_rounding_points(None)
    return stats


@lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    return max(1, _textstat().syllable_count(word))


@lru_cache(maxsize=20000)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, LANGUAGE))


def flesch_douma(text: str) -> float:
    """textstat's Flesch Reading Ease with Dutch constants: Flesch-Douma."""
    return round(float(_textstat().flesch_reading_ease(text)), 1)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: ends at . ! ? or … followed by space or the end (not
    after a known abbreviation or a single capital, as in "J. de Vries"), and at every line
    break, so a list item is a sentence of its own."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for match in SENTENCE_END.finditer(line.group()):
            end = line.start() + match.end()
            before = text[start : line.start() + match.start()].split()
            last = before[-1].lower().rstrip(".") if before else ""
            if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
            spans.append((start, end))
            start = end
        if text[start : line.end()].strip():
            spans.append((start, line.end()))
    trimmed = []
    for start, end in spans:
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if chunk.strip():
            trimmed.append((start + lead, end - trail))
    return trimmed


def _participles(lower: list[str]) -> list[str]:
    """The words that look like a past participle, strong ones first."""
    strong, weak = [], []
    for i, word in enumerate(lower):
        if len(word) <= 5 or word in NOT_PARTICIPLES:
            continue
        if i and lower[i - 1] in DETERMINERS:
            continue
        if STRONG_PARTICIPLE.match(word):
            strong.append(word)
        elif WEAK_PARTICIPLE.match(word):
            weak.append(word)
    return strong + weak


def passive_form(words: list[str]) -> str:
    """The auxiliary and participle that make a sentence look passive, or ""."""
    lower = [w.lower() for w in words]
    participles = _participles(lower)
    for aux_set, excluded in ((WORDEN, set()), (ZIJN, ZIJN_VERBS)):
        aux = next(
            (
                w
                for i, w in enumerate(lower)
                if w in aux_set and not (w == "zijn" and i and lower[i - 1] in PREPOSITIONS)
            ),
            None,
        )
        if aux is None:
            continue
        for word in participles:
            if word != aux and word not in excluded:
                return f"{aux} … {word}"
    return ""


def _compound_of_common_words(word: str, settings: Settings) -> bool:
    """Dutch writes compounds as one word: "zorgmedewerkers" is rare as a whole but made of
    two common words, with or without a linking s or e(n)."""
    for i in range(3, len(word) - 2):
        left, right = word[:i], word[i:]
        if zipf(left) < settings.compound_part_zipf:
            continue
        for linked in (right, right[1:] if right[:1] in "se" else "", right[2:]):
            if len(linked) >= 3 and zipf(linked) >= settings.compound_part_zipf:
                return True
    return False


def _hard_word(word: str, start: int, first: bool, settings: Settings) -> HardWord | None:
    if any(ch.isdigit() for ch in word):
        return None
    n_syllables = syllables(word)
    reasons = []
    if n_syllables >= settings.long_word_syllables or len(word) >= settings.long_word_letters:
        reasons.append("long")
    frequency = zipf(word.lower())
    is_name = word[:1].isupper() and not first
    if (
        not is_name
        and len(word) >= 4
        and frequency < settings.rare_zipf
        and not _compound_of_common_words(word.lower(), settings)
    ):
        reasons.append("rare")
    if not reasons:
        return None
    return HardWord(word, start, start + len(word), reasons, n_syllables, frequency)


def _sentence(text: str, start: int, end: int, settings: Settings) -> Sentence:
    chunk = text[start:end]
    tokens = list(WORD.finditer(chunk))
    words = [t.group() for t in tokens]
    report = Sentence(
        text=chunk,
        start=start,
        end=end,
        words=len(words),
        syllables=sum(syllables(w) for w in words if not w[0].isdigit()),
        score=flesch_douma(chunk) if words else 0.0,
    )
    if len(words) > settings.long_sentence_words:
        report.reasons.append("long_sentence")
    report.passive = passive_form(words)
    if report.passive:
        report.reasons.append("passive")
    for i, token in enumerate(tokens):
        hard = _hard_word(token.group(), start + token.start(), i == 0, settings)
        if hard is not None:
            report.hard_words.append(hard)
    return report


def assess(text: str, settings: Settings | None = None) -> ReadabilityReport:
    """Score a Dutch text and mark what keeps it from B1."""
    settings = settings or Settings()
    sentences = [_sentence(text, s, e, settings) for s, e in split_sentences(text)]
    n_words = sum(s.words for s in sentences)
    n_syllables = sum(s.syllables for s in sentences)
    score = flesch_douma(text) if n_words else 0.0
    per_sentence = n_words / len(sentences) if sentences else 0.0
    hard_words = [w for s in sentences for w in s.hard_words]
    return ReadabilityReport(
        language=LANGUAGE,
        score=score,
        band=band_of(score),
        reaches_target=bool(sentences)
        and score >= settings.target_score
        and per_sentence <= settings.target_words_per_sentence,
        words=n_words,
        sentences=len(sentences),
        syllables=n_syllables,
        words_per_sentence=round(per_sentence, 1),
        syllables_per_word=round(n_syllables / n_words, 2) if n_words else 0.0,
        sentence_reports=sentences,
        counts={
            "long_sentences": sum("long_sentence" in s.reasons for s in sentences),
            "passive_sentences": sum("passive" in s.reasons for s in sentences),
            "long_words": sum("long" in w.reasons for w in hard_words),
            "rare_words": sum("rare" in w.reasons for w in hard_words),
            "hard_sentences": sum(s.is_hard for s in sentences),
        },
        method=method(settings),
    )


def method(settings: Settings) -> dict[str, Any]:
    """What the report was made with, for its reader and for reproducing it."""
    from importlib.metadata import version

    return {
        "score": "Flesch-Douma: 206.835 - 0.93 x words/sentence - 77 x syllables/word",
        "source": (
            "W.H. Douma (1960), De leesbaarheid van landbouwbladen. Bulletin 17, Afdeling "
            "Sociologie en Sociografie, Landbouwhogeschool Wageningen; bands after R. Flesch "
            "(1948), A new readability yardstick, Journal of Applied Psychology 32(3)"
        ),
        "libraries": {name: version(name) for name in ("textstat", "pyphen", "wordfreq")},
        "settings": asdict(settings),
    }
