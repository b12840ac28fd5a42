"""Message anatomy: find the question in a message as citizens really write it.

Older citizens write letters: a greeting, a few words about themselves, the question, a
signature. Younger ones wrap it in slang. This module splits a message into sentences and sets
aside what is not the question, so that the matcher sees the question alone:

- greetings ("Guten Tag,", "Sehr geehrte Damen und Herren,", "Moin moin!");
- closings and everything after them, the signature ("Mit freundlichen Grüßen Erika
  Mustermann", "LG Kalle", "Ihre Gerda aus Crivitz");
- self-introductions ("Ich bin 75 und wohne in Plau.", "Mein Name ist Petra.");
- thanks ("Vielen Dank im Voraus!");
- slang fillers ("yo", "ey sag mal", "digga", "alter").

What is left are the question parts: sentences with a question mark or a question word, and
if there are none, every sentence left. Set-aside words are neither matched nor counted as
unknown words. The question-log issue reuses `parse` to mask names in signatures.

Only a bounded part of a message is read (MAX_CHARS characters, MAX_SENTENCES sentences), and
every pattern here is anchored and free of nested repetition, so no input can make it slow.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_CHARS = 1500  # characters of a message that are read at all (a long letter is ~800)
MAX_SENTENCES = 12  # sentences of a message that are considered
MAX_CANDIDATES = 4  # question parts handed to the matcher, best-matching one decides

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "Ä": "a", "Ö": "o", "Ü": "u"})
_GRUSS = r"gru(?:e)?(?:ss|ß|s)"  # Gruß, Gruss, Gruess, Grus: the stem of every closing
# Sentence ends: . ! ? … and line breaks; a dot after a number or a one- or two-letter word
# ("z.B.", "Dr.", "2.000") does not end a sentence.
_SENTENCE = re.compile(r"(?<=[!?…])(?![!?…])\s*|(?<=[^\W\d_]{3}\.)\s+|(?<=[\])\"“”»])\.\s+|\n+")

_GREETING = re.compile(
    r"^(?:(?:hallo|hallochen|hi|hey|huhu|moin(?: moin)?|moinsen|tach|servus|gude|nabend|"
    r"guten (?:morgen|tag|abend)|schone[nrs]? (?:tag|nachmittag|abend|sonntag|wochenende)|"
    + _GRUSS + r" (?:gott|dich)|gr[uü]ezi|hello|good (?:morning|"
    r"afternoon|evening)|dzien dobry|dzień dobry|marhaba|xin chao|xin chào|"
    r"здравствуйте|привет)\b[ ,!.:]*)+"
    r"(?:(?:sehr )?(?:geehrte|liebe|werte)[rs]? [^,!.:\n]{1,60}[,!.:]+\s*)?"
    r"|^(?:sehr )?(?:geehrte|liebe|werte)[rs]? [^,!.:\n?]{1,60}[,!.:]+\s*")
# A short sentence that starts with a greeting and asks nothing is a greeting as a whole
# ("Guten Tag an die Kreisverwaltung!", "Hallo zusammen!").
_GREETS = re.compile(r"^(?:hallo|hi|hey|moin|servus|guten (?:morgen|tag|abend)|schone[nrs]? "
                     r"(?:tag|nachmittag|abend|sonntag|wochenende)|sehr geehrte|liebe|werte|"
                     r"hello|good)\b")
GREETING_WORDS = 6
_CLOSING = re.compile(
    r"(?:^|[\s,.!?])(?:(?:mit )?(?:freundlichen|besten|lieben|herzlichen|vielen|sonnigen|"
    r"nachbarlichen) " + _GRUSS + r"en?|(?:viele|liebe|beste|herzliche|schone) " + _GRUSS
    + r"e?|" + _GRUSS + r"e?|mfg|lg|vg|hochachtungsvoll|cheers|regards|best regards|"
    r"kind regards|danke im voraus|vielen dank im voraus|besten dank im voraus|"
    r"vielen dank schon mal|danke schon mal|danke vorab)\b")
# A name-only last line after the question: "Ihre Gerda", "Familie Nowak", "Kalle".
_SIGNATURE_LINE = re.compile(r"^(?:ihre?|dein|deine|eure?|familie|fam\.)\s+[^\s?]{2,}"
                             r"(?:\s+[^\s?]+){0,4}$")
_INTRODUCTION = re.compile(
    r"^(?:ich bin |ich studiere |ich mache |ich hei(?:ss|s|ß)e |mein name (?:ist|lautet) |"
    r"hier (?:ist|schreibt) |ich (?:wohne|lebe|komme aus|arbeite) |wir (?:wohnen|leben|sind) |"
    r"ich bin \w+ und (?:wohne|lebe|komme)|my name is |i am \d+|i live in )")
_THANKS = re.compile(r"^(?:vielen |herzlichen |besten |tausend )?(?:dank|danke(?:schon)?)"
                     r"(?: (?:schon|sehr|ihnen|dir|vorab|im voraus|fur (?:ihre|die) "
                     r"(?:muhe|hilfe|antwort|zeit)))*[ !.]*$")
_FILLER = re.compile(r"^(?:(?:yo|yoo|ey|eh|ej|digga|diggah|digger|alter(?: schwede)?|alta|bro|"
                     r"heyho|boah|boa|na du|na|so|also(?: ich mein(?:e)? so)?|ok also|"
                     r"sag mal|sagt mal|sagen sie mal|hor mal|hor ma|hey du|yo bot|lol|haha|hm+|"
                     r"ohm|ahm|kurze frage|mal ne frage|eine frage|frage)\b[ ,!:.?]*)+")
_TRAILING = re.compile(r"[ ,]*\b(?:lol|haha|xd|pls|plz|thx|bitte|danke(?: digga)?|digga|"
                       r"war nice|kein plan ehrlich|hab keinen durchblick)\W*$")
_QUESTION_CUE = re.compile(r"\b(?:was|wann|wo|wie|wer|warum|wieso|welche[rsmn]?|gibt es|gibts|"
                           r"kann ich|kann man|konnen sie|muss ich|darf ich)\b")
_QUESTION_WORD = re.compile(
    r"^(?:was|wann|wo|wie|wer|wen|wem|warum|wieso|weshalb|welche[rsmn]?|wozu|woher|wohin|"
    r"womit|wofur|kann|kannst|konnen|gibt|gibts|ist|sind|wird|werden|hat|haben|soll|sollen|"
    r"muss|mussen|darf|durfen|bekomme|kommt|what|when|where|why|how|who|is|are|can|does|do)\b")


@dataclass(frozen=True)
class Part:
    """A piece of a message: what it is, and its text as written."""

    kind: str  # question, greeting, closing, introduction, thanks, filler, context
    text: str


@dataclass(frozen=True)
class Anatomy:
    """A message taken apart."""

    parts: tuple[Part, ...]

    @property
    def candidates(self) -> tuple[str, ...]:
        """The question parts, at most MAX_CANDIDATES: the sentences that ask, and the
        sentences around them that may carry the subject ("Unser Bürgermeister stöhnt über die
        Umlage. Warum ist die so hoch?"). The matcher weighs each sentence and the whole, so
        the best-matching one decides."""
        kept = [p for p in self.parts if p.kind in ("question", "context")]
        asking = [p for p in kept if p.kind == "question"][:MAX_CANDIDATES]
        room = MAX_CANDIDATES - len(asking)
        context = [p for p in kept if p.kind == "context"][:room]
        return tuple(p.text for p in kept if p in asking or p in context)

    @property
    def question(self) -> str:
        """The question parts as one text (empty when the message holds no question)."""
        return " ".join(self.candidates)

    @property
    def set_aside(self) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if p.kind != "question")

    @property
    def wrapped(self) -> bool:
        """Whether anything was set aside around the question."""
        return any(p.kind not in ("question", "context") for p in self.parts)


def clean(text: str) -> str:
    """The readable part of a message: invisible format characters (soft hyphen, zero-width
    space, joiners, direction marks) removed, cut to MAX_CHARS characters."""
    kept = "".join(c for c in text[: MAX_CHARS * 2] if unicodedata.category(c) != "Cf")
    return kept[:MAX_CHARS]


def fold(text: str) -> str:
    """Lower case with umlauts folded, punctuation kept: the form the patterns here read. It
    keeps every character's position, so a match's span cuts the original text."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters grow when lowered ("İ"): keep those as they are
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_FOLD)


def sentences(text: str) -> list[str]:
    found = [s.strip() for s in _SENTENCE.split(text)]
    return [s for s in found if s][:MAX_SENTENCES]


def parse(text: str) -> Anatomy:
    """Take a message apart into greeting, question parts, closing and the rest."""
    parts: list[Part] = []
    closed = False
    for sentence in sentences(clean(text)):
        if closed:  # everything after a closing is its signature
            parts.append(Part("closing", sentence))
            continue
        pieces, closed = _sentence_parts(sentence)
        parts.extend(pieces)
    parts = _name_line_as_signature(parts)
    return Anatomy(tuple(_mark_questions(parts)))


def _sentence_parts(sentence: str) -> tuple[list[Part], bool]:
    """The parts of one sentence, and whether a closing began in it."""
    parts: list[Part] = []
    folded = fold(sentence)
    if _GREETS.match(folded) and "?" not in sentence and len(sentence.split()) <= GREETING_WORDS:
        return [Part("greeting", sentence)], False
    rest = sentence
    for kind, pattern in (("greeting", _GREETING), ("filler", _FILLER)):
        found = pattern.match(fold(rest))
        if found and found.end() > 0:
            parts.append(Part(kind, rest[: found.end()].strip()))
            rest = rest[found.end():].strip()
    closing = _CLOSING.search(fold(rest))
    closed = False
    if closing is not None and "?" not in rest[closing.start():]:
        parts.append(Part("body", rest[: closing.start()].strip()))
        parts.append(Part("closing", rest[closing.start():].strip(" ,.!")))
        closed = True
        rest = ""
    if rest and "?" not in rest and _THANKS.match(fold(rest)):
        parts.append(Part("thanks", rest))
    elif rest:
        trailing = _TRAILING.search(fold(rest))
        if trailing is not None:  # "... lol", or a sentence of nothing else ("danke digga")
            parts.append(Part("body", rest[: trailing.start()].strip()))
            parts.append(Part("filler", rest[trailing.start():].strip()))
        else:
            parts.append(Part("body", rest))
    return [p for p in parts if p.text], closed


def _name_line_as_signature(parts: list[Part]) -> list[Part]:
    """A last line of only a name after the question ("Ihre Gerda aus Crivitz") is a closing."""
    last = parts[-1] if len(parts) >= 2 else None
    if last is not None and last.kind == "body" and "?" not in last.text \
            and _SIGNATURE_LINE.match(fold(last.text)):
        return [*parts[:-1], Part("closing", last.text)]
    return parts


def _mark_questions(parts: list[Part]) -> list[Part]:
    """Body parts become question parts: introductions and thanks are set aside, and when
    some sentences ask, the others are context."""
    body = []
    for part in parts:
        if part.kind != "body":
            body.append(part)
            continue
        folded = fold(part.text)
        if not any(c.isalnum() for c in part.text):  # ":)", "..."
            body.append(Part("filler", part.text))
        elif not _asks_anywhere(part.text) and _INTRODUCTION.match(folded):
            body.append(Part("introduction", part.text))
        elif "?" not in part.text and _THANKS.match(folded):
            body.append(Part("thanks", part.text))
        else:
            body.append(part)
    asking = [p for p in body if p.kind == "body" and _asks(p.text)]
    result = []
    for part in body:
        if part.kind != "body":
            result.append(part)
        elif asking and part not in asking:
            result.append(Part("context", part.text))
        else:
            result.append(Part("question", part.text))
    return result


def _asks(text: str) -> bool:
    return "?" in text or bool(_QUESTION_WORD.match(fold(text)))


def _asks_anywhere(text: str) -> bool:
    """A question mark or a question cue anywhere: "ich bin 72 und ... gibts da kurse"."""
    return "?" in text or bool(_QUESTION_CUE.search(fold(text)))
