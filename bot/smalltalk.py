"""Recognise greetings, thanks and questions about the bot itself, and requests for a person.

Works on folded words, so "Moin!", "moin moin" and "MOIN" are the same. A message is smalltalk
only when nothing else is left in it: "Hallo, was ist die Kreisumlage?" is a question.
"""

from __future__ import annotations

import re

from bot.normalize import is_stop_word, words

# Checked in this order; the first kind whose pattern matches wins.
PATTERNS: dict[str, tuple[str, ...]] = {
    "person": (
        r"(mit )?(einem|einer|nem|ner)? ?(mensch|menschen|person|mitarbeiter\w*|sachbearbeiter\w*)"
        r" (sprechen|reden|schreiben|fragen|verbinden|haben)",
        r"(echten|richtigen) (mensch|menschen|person)",
        r"(mensch|person|mitarbeiter\w*) bitte",
    ),
    "human": (
        r"bist du (ein |eine )?(mensch|roboter|bot|maschine|ki|computer|echt|real)",
        r"(ist|sind) (das|hier) (ein )?(mensch|menschen|roboter|bot|ki|computer)",
        r"(mensch|roboter|bot) oder (mensch|roboter|bot|maschine|ki)",
        r"redet? (ich )?(hier )?mit (einem )?(mensch|roboter|bot|computer)",
    ),
    "who": (
        r"wer bist du", r"was bist du", r"wie hei(ss|s)t du", r"wer (ist|bist) (das|da)",
        r"stell dich (mal )?vor",
    ),
    "capabilities": (
        r"was kannst du", r"was kann (ich|man) (dich )?fragen", r"wie funktioniert (das|der bot)",
        r"^hilfe$", r"^help$", r"wobei (kannst|hilfst) du", r"was machst du",
        r"wof(u|ue)r bist du", r"wie funktionierst du", r"was weisst du",
        r"was kann (ich|man) dich( alles)? fragen",
    ),
    "how_are_you": (r"wie geht(s| es)( dir| ihnen)?", r"alles (gut|klar) bei dir"),
    "thanks": (
        r"^(vielen |herzlichen |lieben )?(dank|danke|dankeschon|dankesehr|merci|thx|thanks)\b",
        r"\bdanke( schon| sehr| dir| ihnen)?$", r"^super danke", r"^(das )?hat (mir )?geholfen",
        r"^danke (dir|ihnen|fur die (info|infos|hilfe|antwort|auskunft))",
    ),
    "bye": (
        r"^(tschuss|tschu|tschau|ciao|bye|auf wiedersehen|auf wiederhoren|bis (dann|bald|spater))",
        r"(schonen|guten) (tag|abend) noch",
    ),
    "greeting": (
        r"^(hallo|hi|hey|huhu|halli hallo|hallochen|guten (morgen|tag|abend)|gruss gott|servus|"
        r"moin|na du|na)\b",
    ),
}

_FILLER = frozenset(
    "hallo hi hey moin moinsen tach servus guten tag morgen abend gruss gott bot kek lieber liebe "
    "du ihr sie bitte danke dankeschon mal noch nochmal und ja nein ok okay gut super toll prima "
    "schon sehr vielen herzlichen lieben dank auch so na ach ah oh aha also geholfen".split()
)
_COMPILED = {kind: tuple(re.compile(p) for p in pats) for kind, pats in PATTERNS.items()}


def classify(text: str) -> str | None:
    """The smalltalk kind of a message, or None if it is (also) a real question."""
    folded = " ".join(words(text))
    if not folded:
        return None
    for kind, patterns in _COMPILED.items():
        for pattern in patterns:
            match = pattern.search(folded)
            if match and _only_filler_left(folded, match, 6 if kind == "person" else 0):
                return kind
    return None


def _only_filler_left(folded: str, match: re.Match[str], allowed: int) -> bool:
    rest = (folded[: match.start()] + " " + folded[match.end():]).split()
    meaningful = [w for w in rest if w not in _FILLER and not is_stop_word(w)]
    return len(meaningful) <= allowed and len(rest) <= allowed + 4
