"""Messages in English: recognised by their function words, answered from the entries' `en:`
texts where a translation exists, and honestly told where none does.

A message counts as English when it has at least two common English words and more of them than
of German ones ("Good morning, do you speak English?", "what is the KEK 2030"). Short German
messages with one English word ("Hallo, bitte hilfe") stay German.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-zäöüß']+")
_ENGLISH = frozenset(
    "the a an is are was were be what which who whom whose when where why how do does did "
    "you your i my me we our it its this that these those there here of in on at for to from "
    "with about and or not no yes can could will would should please hello hi thanks thank "
    "good morning evening speak english help question answer county district plan concept "
    "have has any some".split())
_GERMAN = frozenset(
    "der die das den dem des ein eine einen einem einer ist sind war was wie wer wo wann warum "
    "und oder nicht kein keine ich du sie wir es im in mit zu zum zur von vom auf für fur gibt "
    "bitte hallo danke guten tag morgen kann können konnen mein meine plan kreis landkreis "
    "frage antwort".split())


def looks_english(text: str) -> bool:
    words = _WORD.findall(text.lower())
    english = sum(w in _ENGLISH for w in words)
    german = sum(w in _GERMAN for w in words)
    return english >= 2 and english > german
