"""The language a contribution is written in, when the channel did not say: by script for
Chinese, Japanese and Korean, else by the stop words of Dutch, German and English."""

from __future__ import annotations

import re

from oogst.analysis.text import LANGUAGES, guess_language

# Han, kana and hangul: stop-word counting cannot see these scripts, so look at the letters.
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
KANA_RE = re.compile(r"[\u3040-\u30ff]")
HANGUL_RE = re.compile(r"[\uac00-\ud7af]")
DEFAULT_LANGUAGE = "nl"


def language_of(text: str, hint: str = "") -> str:
    """The language of one text. `hint` is what the surroundings say (a Polis conversation's
    language): it wins a tie, and a text in its script is in it."""
    if CJK_RE.search(text):
        return hint if hint in {"zh", "ja", "ko"} else "zh"
    if hint in LANGUAGES:
        return guess_language(text, default=hint)
    # A conversation in another script: its Latin texts are most often English.
    return guess_language(text, default="en" if hint else DEFAULT_LANGUAGE)


def conversation_language(texts: list[str]) -> str:
    """The language most of the texts are in (a Polis conversation's)."""
    sample = [t for t in texts if t][:500]
    if not sample:
        return DEFAULT_LANGUAGE
    cjk = [t for t in sample if CJK_RE.search(t)]
    if len(cjk) * 2 >= len(sample):
        if any(KANA_RE.search(t) for t in cjk):
            return "ja"
        if sum(1 for t in cjk if HANGUL_RE.search(t)) * 2 >= len(cjk):
            return "ko"
        return "zh"
    counts = dict.fromkeys(LANGUAGES, 0)
    for text in sample:
        counts[guess_language(text, default="en")] += 1
    return max(LANGUAGES, key=lambda lang: counts[lang])
