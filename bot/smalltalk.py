"""Recognise greetings, thanks and questions about the bot itself, and requests for a person.

Works on folded words, so "Moin!", "moin moin" and "MOIN" are the same. A message is smalltalk
only when nothing else is left in it: "Hallo, was ist die Kreisumlage?" is a question.
"""

from __future__ import annotations

import re

from bot.normalize import is_stop_word, words

_MACHINE = r"(mensch|menschen|roboter|bot|maschine|ki|computer|programm|chatbot|automat)\b"

# Checked in this order; the first kind whose pattern matches wins.
PATTERNS: dict[str, tuple[str, ...]] = {
    "human": (
        rf"(bist du|sind sie) (ein |eine )?{_MACHINE}( oder (ein |eine )?{_MACHINE})?"
        r"( oder (sitzt|schreibt) (da|hier) (einer|jemand|ein mensch))?",
        rf"(ist|sind) (das hier|das|hier|da) (ein |eine )?(echter |echte )?{_MACHINE}",
        rf"{_MACHINE} oder {_MACHINE}",
        rf"(rede|redet|schreibe|schreib) (ich )?(hier )?(grad |gerade )?mit (einem |einer )?"
        rf"(echten |richtigen )?{_MACHINE}",
        rf"(bist du|sind sie) (echt|real)( oder (nur )?(ein |eine )?{_MACHINE})?",
        r"(bist du|sind sie) (schlau|intelligent|klug)",
        r"(schreibt|antwortet) (da|hier) (einer|jemand|ein mensch)( zuruck)?( oder (ist|ist das) "
        r"(das )?(automatisch|ein bot|ein programm|eine maschine))?",
        r"(ist|ist das) (das )?(alles )?automatisch",
    ),
    "person": (
        r"(mit )?(einem|einer|nem|ner)? ?(mensch|menschen|person|mitarbeiter\w*|sachbearbeiter\w*)"
        r" (sprechen|reden|schreiben|fragen|verbinden|haben)",
        r"(echten|richtigen) (mensch|menschen|person)",
        r"(mensch|person|mitarbeiter\w*) bitte",
    ),
    "who": (
        r"wer (bist du|sind sie)", r"was (bist du|sind sie)", r"wie hei(ss|s)(t du|en sie)",
        r"wer (ist|bist) (das|da)", r"stell dich (mal )?vor", r"ist da (wer|jemand)",
        r"was ist (das )?(hier )?fur ein (chat|bot|programm|dienst)",
        r"wer hat dich (gemacht|programmiert|gebaut|erfunden)", r"wo kommst du her",
        r"(hast du|haben sie) (einen |nen |ein )?namen?\b",
    ),
    "language": (
        r"(kannst du|konnen sie|sprichst du|sprechen sie|verstehst du|verstehen sie) (auch )?"
        r"(englisch|english|plattdeutsch|platt|polnisch|russisch|ukrainisch|arabisch|turkisch|"
        r"andere sprachen|einfache sprache|leichte sprache)",
        r"(do you )?speak english", r"^english( please)?$",
    ),
    "capabilities": (
        r"was (kannst du|konnen sie)", r"was kann (ich|man) (dich |sie )?fragen",
        r"wie funktioniert (das|der bot|das hier)", r"^hilfe$", r"^help$",
        r"(wobei|womit|wie) (kannst du|konnen sie|hilfst du|helfen sie)", r"was machst du",
        r"wof(u|ue)r bist du", r"wie funktionierst du", r"was weisst du",
        r"was kann (ich|man) dich( alles)? fragen",
        r"^(kannst du|konnen sie) mir helfen$", r"^(ich brauche|brauche) hilfe$",
        r"wie funktioniert (das )?(mit )?(dir|ihnen)",
    ),
    "how_are_you": (r"wie geht(s| es)( dir| ihnen| euch)?", r"alles (gut|klar|fit|ok) bei dir",
                    r"wie lauft(s| es)"),
    "praise": (
        r"(du bist|sie sind|das ist|das war|bist|ist) (ja |echt |wirklich |richtig |sehr |aber )*"
        r"(toll|super|klasse|prima|spitze|genial|cool|nett|lieb|schlau|hilfreich|gut|"
        r"ein (cooler|toller|guter|netter|super) bot)",
        r"(ich )?(finde|find) dich (echt |sehr |wirklich )?"
        r"(toll|super|nett|gut|klasse|cool|hilfreich)",
        r"^(super|toll|klasse|prima|spitze) gemacht", r"gut gemacht", r"weiter so",
        r"^(cooler|toller|super|guter|netter|klasse) bot",
    ),
    "thanks": (
        r"^((vielen|herzlichen|lieben|besten|tausend) )*"
        r"(dank|danke|dankeschon|dankesehr|merci|thx|thanks)\b",
        r"\bdanke( schon| sehr| dir| ihnen)?$", r"^super danke", r"^(das )?hat (mir )?geholfen",
        r"^danke (dir|ihnen|fur die (info|infos|hilfe|antwort|auskunft))",
        r"^(das )?(war|ist) (sehr |echt |wirklich )?hilfreich",
    ),
    "ok": (
        r"^(ok|okay|oki|alles klar|verstehe|verstanden|aha|ach so|achso|gut|in ordnung|jut|"
        r"na gut|schon gut|passt)$",
    ),
    "bye": (
        r"^(tschuss|tschu|tschau|ciao|bye|auf wiedersehen|auf wiederhoren|bis (dann|bald|spater|"
        r"morgen|zum nachsten mal)|gute nacht|mach(s|t)? gut|schonen feierabend)",
        r"(schonen|guten) (tag|abend|sonntag|wochenende) noch",
        r"(das|dat) (wars|war es|war alles)( schon)?$",
    ),
    "greeting": (
        r"^(hallo|hi|hey|huhu|halli hallo|hallochen|guten (morgen|tag|abend)|gruss gott|servus|"
        r"moin|na du|na|mahlzeit|gruss dich|grusse|hallo zusammen)\b",
        r"^(ich heisse|mein name ist) [a-z]+$",
        r"^(hallo|hi|moin|guten (morgen|tag|abend)) (ich heisse|mein name ist|ich bin) [a-z]+"
        r"( und (bin )?\d+( jahre( alt)?)?)?$",
    ),
}

_FILLER = frozenset(
    "hallo hi hey moin moinsen tach servus guten tag morgen abend gruss gott bot kek lieber liebe "
    "du ihr sie bitte danke dankeschon mal noch nochmal und ja nein ok okay gut super toll prima "
    "schon sehr vielen herzlichen lieben dank auch so na ach ah oh aha also geholfen heute "
    "wunsche schonen schones nacht wochenende gleichfalls ebenso alle zusammen leute "
    "tschuss bis bald helfen hilfe schnelle antwort antworten auskunft muhe neu telegram app "
    "chat gemacht tschau ciao top".split()
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
    return len(meaningful) <= allowed and len(rest) <= allowed + 8
