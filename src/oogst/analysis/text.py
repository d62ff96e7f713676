"""Words from contributions: tokenising, language guessing, stop words and stemming.

Shared by the lexical embedder, the cluster labeller and the kind classifier, so that
every part of the analysis sees the same words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

import snowballstemmer

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

# The longest contribution text the harvest keeps (the import cuts or refuses longer ones);
# the USE encoder reads a longer text up to this length.
MAX_TEXT_LENGTH = 5000
# An HTML start or end tag; script and style elements with what they hold.
TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
HIDDEN_RE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def plain_text(text: str) -> str:
    """The words of a text that holds HTML (pasted from a web page or an e-mail): tags and
    script/style contents out, entities decoded. A text without tags comes back as it is."""
    if "<" not in text or not TAG_RE.search(text):
        return text
    text = TAG_RE.sub(" ", HIDDEN_RE.sub(" ", text))
    return " ".join(html.unescape(text).split())


TOKEN_RE = re.compile(r"[^\W\d_][\w'’-]*[\w]|[^\W\d_]", re.UNICODE)

STOPWORDS: dict[str, frozenset[str]] = {
    "nl": frozenset(
        """aan al alle alleen als altijd ander andere anders ben bij bijvoorbeeld dan dat de
        deze die dit doch doen door dus een eens en er ge geen geweest haar had heb hebben heeft
        hem het hier hij hoe hun iemand iets ik in is ja je jij jou jouw kan kon kunnen maar me
        meer men met mij mijn moet moeten na naar niet niets nog nu of om omdat ons onze ook op
        over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat we wel werd
        wezen wie wij wil worden wordt zal ze zelf zich zij zijn zo zonder zou zouden daar waar
        welke worden heel echt gaan gaat komt komen steeds zoals mensen via elk elke wel wij
        onder tussen binnen hebben vaak minder meer alles der gewoon ging gingen zien zie ziet
        maak maken maakt gemaakt horen hoor laten laat krijgen krijg krijgt weer zeggen zegt
        zeker beetje even eigenlijk natuurlijk misschien erg best ding dingen iedereen niemand
        twee drie vier vijf hadden werden kreeg kregen mag mocht mogen keer zit zitten juist
        mee tijdens vooral nooit waarom goed meerdere zes zeven acht negen tien elf twaalf
        honderd""".split()
    ),
    "de": frozenset(
        """aber alle allem allen aller alles als also am an ander andere anderem anderen
        anderer anderes anders auch auf aus bei bin bis bist da damit dann das dass dein deine
        dem den denn der des dich die dies diese diesem diesen dieser dieses dir doch dort du
        durch ein eine einem einen einer eines einig einige er es etwas euch euer eure für gegen
        gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre im in
        indem ins ist jede jedem jeden jeder jedes jene jetzt kann kein keine keinem keinen
        keiner können könnte machen man manche mehr mein meine mit muss musste müssen nach nicht
        nichts noch nun nur ob oder ohne sehr sein seine selbst sich sie sind so solche soll
        sollen sollte sollten sondern sonst über um und uns unsere unter viel vom von vor wann
        war waren warum was weil welche wenn werden wie wieder will wir wird wo wollen würde
        würden zu zum zur zwar zwischen bzw z.b. usw daher dafür dabei etc sowie statt mehr
        weniger zwei drei vier fünf sechs sieben acht neun zehn elf zwölf hundert""".split()
    ),
    "en": frozenset(
        """a about above after again against all am an and any are as at be because been
        before being below between both but by can could did do does doing down during each few
        for from further had has have having he her here hers herself him himself his how i if
        in into is it its itself just me more most my myself no nor not now of off on once only
        or other our ours ourselves out over own same she should so some such than that the
        their theirs them themselves then there these they this those through to too under
        until up very was we were what when where which while who whom why will with would you
        your yours yourself also get make need needs many much must may us people one two
        three four five six seven eight nine ten eleven twelve hundred""".split()
    ),
}
LANGUAGES = tuple(STOPWORDS)
# The words a table report is written in ("meerdere deelnemers vertellen dat..."): they say
# who spoke, not what about, so they name no theme or cluster.
REPORTING_WORDS: dict[str, frozenset[str]] = {
    "nl": frozenset(
        """deelnemer deelnemers tafel tafels vertelt vertellen vertelde vertelden noemt noemen
        noemde noemden volgens zei""".split()
    ),
    "de": frozenset(
        """teilnehmer teilnehmerin teilnehmerinnen tisch erzählt erzählen erzählte nennt
        nennen nannte sagt sagen sagte laut""".split()
    ),
    "en": frozenset(
        """participant participants table tables tells told says said mentions mentioned
        according several""".split()
    ),
}
STOPWORDS = {lang: words | REPORTING_WORDS[lang] for lang, words in STOPWORDS.items()}
# How a yes or a no is written in a spreadsheet cell (consent, "is a quote", ...), lower case.
TRUE_WORDS = frozenset({"1", "true", "yes", "y", "ja", "j", "x", "waar", "wahr"})
FALSE_WORDS = frozenset({"", "0", "false", "nee", "n", "no", "onwaar", "falsch"})
STEMMER_NAMES = {"nl": "dutch", "de": "german", "en": "english"}


# A short text in square brackets: a redaction marker ("[naam]", "[persoon 2]", "[5.1.2e]")
# or an editor's note, not what the person said.
MARKER_RE = re.compile(r"\[[^\[\]\n]{1,30}\]")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters first; numbers, punctuation and bracketed markers
    dropped)."""
    if "[" in text:
        text = MARKER_RE.sub(" ", text)
    return TOKEN_RE.findall(text.lower())


def guess_language(text: str, default: str = "nl") -> str:
    """The language (nl, de, en) whose stop words the text uses most; `default` on a tie."""
    words = tokens(text)
    best, best_hits = default, 0
    for lang in LANGUAGES:
        hits = sum(1 for w in words if w in STOPWORDS[lang])
        if hits > best_hits:
            best, best_hits = lang, hits
    return best


def corpus_language(texts: Iterable[str], default: str = "nl", sample: int = 2000) -> str:
    """The most common language among (a sample of) the texts."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for i, text in enumerate(texts):
        if i >= sample:
            break
        counts[guess_language(text, default)] += 1
    return max(LANGUAGES, key=lambda lang: (counts[lang], lang == default))


@lru_cache(maxsize=8)
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(STEMMER_NAMES.get(lang, "dutch"))


class Analyzer:
    """Text -> stemmed content words, for one language; a picklable callable for scikit-learn.

    Stems are memoised because a corpus repeats the same few thousand words endlessly.
    """

    def __init__(self, language: str = "nl") -> None:
        self.language = language
        self.stops = STOPWORDS.get(language, frozenset()) | STOPWORDS["en"]
        self._cache: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stem = self._cache.get(word)
        if stem is None:
            stem = _stemmer(self.language).stemWord(word)
            self._cache[word] = stem
        return stem

    def __call__(self, text: str) -> list[str]:
        stops = self.stops
        return [self.stem(w) for w in tokens(text) if len(w) > 2 and w not in stops]

    def __getstate__(self) -> dict[str, object]:
        return {"language": self.language}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(str(state["language"]))  # type: ignore[misc]


def stemmed_tfidf(language: str, n_texts: int, max_features: int = 50000) -> TfidfVectorizer:
    """TF-IDF over stemmed content words, as both the lexical embedder and the lexical view
    of the coder and clusterer count them. A word must occur twice and in at most half the
    texts, once the corpus has a size at which that means something."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer=Analyzer(language),
        min_df=2 if n_texts >= 20 else 1,
        max_df=0.5 if n_texts >= 20 else 1.0,
        sublinear_tf=True,
        max_features=max_features,
        dtype=np.float32,
    )


# A full stop that ends an abbreviation or a number, not a sentence: "v.a.", "z.B.", "bijv.",
# "bzw.", "Nr.", "3." (a German date or a list item).
NOT_AN_END_RE = re.compile(
    r"(?:\b(?:[^\W\d_]\.){1,3}|\b(?:bijv|bv|evt|ca|etc|incl|excl|resp|enz|nl|zgn|bzw|usw|vgl|"
    r"ggf|inkl|nr|no|dr|mr|st|mio|mrd|e\.g|i\.e|vs)\.|\b\d+\.)$",
    re.IGNORECASE,
)


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of a text, shortened to `limit` characters on a word boundary."""
    text = " ".join(text.split())
    sentence = text
    for match in re.finditer(r"(?<=[.!?])\s", text):
        if not NOT_AN_END_RE.search(text[: match.start()]):
            sentence = text[: match.start()]
            break
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence
