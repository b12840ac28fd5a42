"""Turn German text as citizens type it into comparable tokens.

This is the only place where text is cleaned. Both sides go through it: the knowledge base once
when the index is built, and every question when it arrives. Citizens write without umlauts, in
lower case, with typos, in northern colloquial forms and with greetings around the question; the
steps below remove those differences, in this order:

1. fold: lower case, ß -> ss, ä/ae -> a (and ö, ü alike), hyphens join word parts,
   everything that is not a letter or digit becomes a space (punctuation, emoji);
2. colloquial and northern forms -> standard words ("wat" -> "was", "aufm" -> "auf dem");
3. stop and filler words are dropped ("der", "bitte", "eigentlich");
4. the Snowball German stemmer reduces inflected forms ("Kreises" -> "kreis").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e"})
_DIGRAPH = re.compile(r"(?<![qaeiou])(ae|oe|ue)")
_JOINER = re.compile(r"(?<=\w)[-‐‑–·'’](?=\w)")
_NON_WORD = re.compile(r"[^a-z0-9]+")

COLLOQUIAL: dict[str, str] = {
    "wat": "was", "wos": "was", "watt": "was", "dat": "das", "det": "das", "wo": "wo",
    "nich": "nicht", "nech": "nicht", "net": "nicht", "ned": "nicht", "nix": "nichts",
    "nee": "nein", "ne": "eine", "nen": "einen", "nem": "einem", "ner": "einer", "n": "ein",
    "is": "ist", "isses": "ist es",
    "aufm": "auf dem", "ausm": "aus dem", "inner": "in der", "im": "im", "vom": "von dem",
    "kannste": "kannst du", "haste": "hast du", "biste": "bist du", "weisste": "weisst du",
    "gibts": "gibt es", "gehts": "geht es", "furn": "fur ein",
    "wieso": "warum", "weshalb": "warum",
    "ick": "ich", "ik": "ich", "wer": "wer", "hab": "habe", "hamm": "haben", "ham": "haben",
    "wieviel": "wie viel", "wieviele": "wie viele", "jibt": "gibt", "sach": "sag",
    "moin": "hallo", "moinsen": "hallo", "tach": "hallo", "servus": "hallo",
}

STOP_WORDS: frozenset[str] = frozenset(
    """
    a ab aber ach ah all alle allem allen aller alles als also am an ander andere anderen
    auch auf aus bei beim bin bis bist bitte bzw da dabei dafur damit dann dar daran darauf
    daraus darf darfst darin daruber darum das dass dazu de dein deine deinem deinen deiner
    dem den denen denn der deren des dessen dich die dies diese diesem diesen dieser dieses
    dir doch dort du durch eigentlich ein eine einem einen einer eines einfach einmal er es
    etwa etwas euch euer eure fur ganz gar gern gerne gibt gilt habe haben hast hat hatte
    hatten hattest hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im in ins
    irgendwie ist ja je jede jedem jeden jeder jedes jetzt kann kannst konnen konnte konnten
    lieber mal man mich mir mit mochte mochten muss musst mussen nach naja nun ob oder ohne
    ok okay per schon sehr sein seine seinem seinen seiner selbst sich sie sind so solch
    soll sollen sollte sollten sonst uber ueber um und uns unser unsere unserem unseren
    unter viel vom von vor wann war waren warst was weil welche welchem welchen welcher
    welches wenn werde werden wie wieder will wir wird wirst wo wohl wollen wollte wurde
    wurden zu zum zur zwar zwischen denke glaube weiss frage fragen sagen sag erklaren
    erklar erzahlen erzahl genau bisschen eben halt hallo hi hey danke dankeschon vielen
    dank gruss grusse gruße tschuss liebe lieben guten tag morgen abend infos info
    information informationen wissen mehr gerade nochmal eigentlich
    irgendwo irgendwie irgendein irgendeine irgendeinen irgendwas irgendwann wirklich uberhaupt
    ding dinge dran drauf drin raus rein fast stimmt stimmts nem ner sache sachen thema themen
    kurz kurze normal normaler normale echt ehrlich bloss nur mich mir uns euch okay gell ne
    geehrte geehrter geehrten damen herren freundlichen freundlicherweise grussen hochachtungsvoll
    mitteilen mitteilung anfrage voraus entschuldigung entschuldigen verzeihung bescheid
    """.split()
)
"""Words that carry no topic. Question words that do carry intent (wann, wer, warum, wo, wie
viel) are kept on purpose: they separate "when was it adopted" from "what is it"."""

KEEP_QUESTION_WORDS = frozenset({"wann", "wer", "warum", "wo", "woher", "wieso", "viel", "viele"})

_stemmer = snowballstemmer.stemmer("german")


def fold(text: str) -> str:
    """Lower-case, fold umlauts and ß, join hyphenated words, drop punctuation and emoji."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_UMLAUTS)
    text = _DIGRAPH.sub(lambda m: m.group(0)[0], text)
    text = _JOINER.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Folded words with colloquial forms replaced by standard ones."""
    return standard_words(fold(text))


def standard_words(folded: str) -> list[str]:
    """The words of an already folded text, with colloquial forms replaced."""
    result: list[str] = []
    for word in folded.split():
        result.extend(COLLOQUIAL.get(word, word).split())
    return result


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS and word not in KEEP_QUESTION_WORDS


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of one folded word; digits and very short words stay as they are."""
    if len(word) <= 3 or word.isdigit():
        return word
    return str(_stemmer.stemWord(word))


def content_words(text: str, folded: bool = False) -> list[str]:
    """Folded, unstemmed words that carry meaning (`folded`: the text is folded already)."""
    return [w for w in (standard_words(text) if folded else words(text)) if not is_stop_word(w)]


def tokens(text: str) -> list[str]:
    """Stems of the words that carry meaning, in order."""
    return [stem(w) for w in content_words(text)]


def normalize(text: str) -> str:
    """The canonical comparable form of a text: its content stems joined by spaces."""
    return " ".join(tokens(text))


# --- the same for English ----------------------------------------------------------------------

ENGLISH_STOP_WORDS: frozenset[str] = frozenset(
    """
    a an the is are was were be been am do does did doing done i me my mine we us our you your
    he she him her it its they them their this that these those there here what which whom
    whose can could would should will shall may might must to of in on at for from by with
    about as and or not no yes any some all please hi hello hey dear thanks thank tell know
    want need get got have has had just so very much really also s m d ll ve re t don doesn
    if then than into out up over again something anything thing things someone anyone like
    regards best wishes greetings sir madam kind good morning evening afternoon sorry excuse
    question questions ask asking info information explain exactly actually maybe
    """.split()
)
"""English words that carry no topic; "when", "who", "why", "where", "how" and "many" stay,
as the German question words do."""

_english_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def english_stem(word: str) -> str:
    if len(word) <= 3 or word.isdigit():
        return word
    return str(_english_stemmer.stemWord(word))


def english_content_words(text: str, folded: bool = False) -> list[str]:
    """Folded words of an English text that carry meaning (no colloquial German forms)."""
    return [w for w in (text if folded else fold(text)).split() if w not in ENGLISH_STOP_WORDS]


@dataclass(frozen=True)
class TextRules:
    """How one language's words are compared: which of them carry a topic, and their stems."""

    content_words: Callable[..., list[str]]
    stem: Callable[[str], str]

    def tokens(self, text: str) -> list[str]:
        """Stems of the words that carry meaning, in order."""
        return [self.stem(w) for w in self.content_words(text)]


GERMAN = TextRules(content_words, stem)
ENGLISH = TextRules(english_content_words, english_stem)
