"""Countable plain-language measures for German: sentences, words, syllables, Flesch-Amstad.

Computed here rather than with textstat: textstat counts syllables with pyphen, which is wrong
for many short German words (oder, aber, Ufer), and it ignores line breaks as sentence ends.
See guides/plain-language.md, section 2.3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIPHTHONGS = ("aa", "ee", "oo", "ie", "ei", "ai", "ey", "ay", "au", "eu", "äu")
_SENTENCE = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÄÖÜ0-9„\"])|\n+")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß0-9][A-Za-zÄÖÜäöüß0-9·-]*")
_ABBREVIATION = re.compile(r"\b(z\. ?B\.|bzw\.|ggf\.|ca\.|usw\.|u\. ?a\.|d\. ?h\.|Nr\.|evtl\.|"
                           r"inkl\.|Mio\.|Mrd\.|vgl\.|sog\.)")
_DOT_ABBREVIATIONS = re.compile(r"\b(z\. ?B|bzw|ggf|ca|usw|u\. ?a|d\. ?h|Nr|evtl|inkl|Mio|Mrd|"
                                r"vgl|sog|Str|Tel)\.")


@dataclass(frozen=True)
class TextStats:
    sentences: list[list[str]]

    @property
    def words(self) -> list[str]:
        return [w for s in self.sentences for w in s]

    @property
    def amstad(self) -> float:
        """Flesch Reading Ease, German version by Amstad, clamped to 0-100 (higher is easier)."""
        words = self.words
        if not words:
            return 100.0
        syl = sum(syllables(p) for w in words for p in re.split(r"[-·]", w) if p)
        score = 180 - len(words) / len(self.sentences) - 58.5 * syl / len(words)
        return max(0.0, min(100.0, score))


def syllables(word: str) -> int:
    """German syllables as vowel groups, diphthongs counted once."""
    w = word.lower().replace("qu", "qw")
    count = 0
    for cluster in re.findall(r"[aeiouyäöü]+", w):
        i = 0
        while i < len(cluster):
            i += 2 if cluster[i : i + 2] in _DIPHTHONGS else 1
            count += 1
    return max(1, count)


def analyse(text: str) -> TextStats:
    """Split into sentences (also at every line break) and words."""
    protected = _DOT_ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "§"), text)
    sentences = [_WORD.findall(s) for s in _SENTENCE.split(protected)]
    return TextStats([s for s in sentences if s])


def abbreviations(text: str) -> list[str]:
    return _ABBREVIATION.findall(text)
