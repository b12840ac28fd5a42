"""Messages in English: recognised by their function words, answered from the entries' `en:`
texts where a translation exists, and honestly told where none does.

A message counts as English when it has at least two common English words and more of them than
of German ones ("Good morning, do you speak English?", "what is the KEK 2030"). Short German
messages with one English word ("Hallo, bitte hilfe") stay German.
"""

from __future__ import annotations

import re

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
