"""Messages in English: recognised by their function words, answered from the entries' `en:`
texts where a translation exists, and honestly told where none does.

A message counts as English when it has at least two common English words and more of them than
of German ones ("Good morning, do you speak English?", "what is the KEK 2030"). Short German
messages with one English word ("Hallo, bitte hilfe") stay German.
"""

from __future__ import annotations

import dataclasses
import re

from bot.knowledge import KnowledgeBase, OffTopic
from bot.matcher import Match, Matcher, OffTopicIndex
from bot.normalize import ENGLISH

_WORD = re.compile(r"[a-zäöüß']+")
# Words that are English and not German as citizens write it ("was", "is", "an", "will", "in",
# "plan" are both, so they do not count).
_ENGLISH = frozenset(
    "the what which who whom whose when where why how do does did you your my me we our it "
    "its this that these those there of on at for to from with about and or not yes can could "
    "would should please hello hi thanks thank good morning evening speak english question "
    "answer county district concept have has any some are be".split())
_GERMAN = frozenset(
    "der die das den dem des ein eine einen einem einer ist sind war was wie wer wo wann warum "
    "und oder nicht kein keine ich du sie wir es im in mit zu zum zur von vom auf für fur gibt "
    "bitte hallo danke guten tag morgen kann können konnen mein meine plan kreis landkreis "
    "frage antwort".split())


# An English question word at the start of a short message with no German word is enough
# ("What is SWOT?", "How many people live here?").
_STARTERS = frozenset("what how when where why who which does do can could would should "
                      "are".split())  # not "hi": German speakers greet with it too


def looks_english(text: str) -> bool:
    """Two different English function words at least, and more of them than German ones
    (different words: "A14 A14 A14" is not English for its "a"), or an English question word
    first and no German word at all."""
    found = _WORD.findall(text.lower())
    words = set(found)
    english = len(words & _ENGLISH)
    german = len(words & _GERMAN)
    if english >= 2 and english > german:
        return True
    return bool(found) and found[0] in _STARTERS and german == 0


# A letter's closing and the signature after it: "... Kind regards, Pieter van Dijk".
_CLOSING = re.compile(
    r"(?:^|[,.!?;:\n]\s*)(?:kind regards|best regards|warm regards|regards|best wishes|"
    r"many thanks|thanks a lot|thanks in advance|thank you(?: very much)?(?: in advance)?|"
    r"thanks|thx|cheers|best|sincerely|yours(?: sincerely| faithfully)?)[,.!]?"
    r"(?:\s+[\w.'-]+){0,4}\s*$", re.IGNORECASE)


def without_signature(text: str) -> str:
    """The message without a closing and the name after it (names are unknown words that
    would make a question look like one about something else)."""
    return _CLOSING.sub("", text.strip()) or text


# --- matching English messages against the entries' English questions -------------------------


def english_view(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base as the English matcher sees it: the translated entries, each with its
    English questions in place of the German ones."""
    entries = {entry_id: dataclasses.replace(entry, questions=entry.en.questions, keywords=())
               for entry_id, entry in kb.entries.items() if entry.en is not None}
    return dataclasses.replace(kb, entries=entries, synonyms=kb.synonyms_en, synonyms_en={},
                               off_topics={}, drafts={})


class EnglishIndex:
    """The same matcher as for German (IDF overlap, typos, a classifier over all phrasings),
    built over the entries' English questions with English stop words and stems."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._matcher = Matcher(english_view(kb), rules=ENGLISH)
        self._off_topics = OffTopicIndex(kb, english=True)

    def search(self, text: str, limit: int = 5) -> list[Match]:
        """The closest translated entries, best first (the entries as the bot serves them)."""
        return [dataclasses.replace(m, entry=self._kb.entries[m.entry.id])
                for m in self._matcher.search(text, limit)]

    def unknown_share(self, text: str) -> float:
        return self._matcher.unknown_share(text)

    def off_topic(self, text: str) -> tuple[OffTopic, float] | None:
        """The closest subject outside the KEK, by its English questions."""
        return self._off_topics.best(text)
