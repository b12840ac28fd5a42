"""Button actions: typed values with one encoder and one decoder.

Every button the bot shows carries one of these actions. On Telegram it travels as callback
data of at most 64 bytes ("entry:kek-was-ist"); the terminal chat keeps the typed value. Data
that does not decode (forged, outdated, from an older version of the bot) becomes None, never
an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

EntryVerb = Literal["entry", "show", "more", "similar", "up", "down", "english"]
ConsentAnswer = Literal["yes", "no", "skip"]
TicketVerb = Literal["claim", "undo", "adopt"]
FeedbackReason = Literal["wrong", "hard", "missing"]
GapVerb = Literal["add", "draft"]
LanguageCode = Literal["de", "easy", "en"]

_ID = r"[a-z0-9][a-z0-9-]{0,39}"
_NUMBER = r"[0-9]{1,9}"  # ASCII digits only: str.isdigit() also accepts "²", int() does not
# In callback data every number is written one way only ("7", never "007"; page 0 not at all),
# so that decode(x) encodes back to x.
_CANONICAL = r"0|[1-9][0-9]{0,8}"
_PAGE = r"[1-9][0-9]{0,8}"


@dataclass(frozen=True)
class ShowEntry:
    """Something about one entry: its answer, more, similar ones, or feedback on it."""

    verb: EntryVerb
    entry_id: str


@dataclass(frozen=True)
class Themes:
    """The list of all themes."""


@dataclass(frozen=True)
class Theme:
    theme_id: str
    page: int = 0


@dataclass(frozen=True)
class Goal:
    goal_id: str


@dataclass(frozen=True)
class AskOffice:
    """The citizen wants to ask the Bürgerbüro (`english`: from an English reply, so the
    contact details come in English)."""

    english: bool = False


@dataclass(frozen=True)
class NoneOfThese:
    """None of the offered choices fits."""


@dataclass(frozen=True)
class Consent:
    """An answer to the consent question (or the town question) shown for offer `offer`."""

    answer: ConsentAnswer
    offer: int


@dataclass(frozen=True)
class TicketAction:
    """Staff: take a ticket ("claim"), take back the answer just sent ("undo"), or draft an
    entry for everyone from it ("adopt")."""

    verb: TicketVerb
    ticket_id: int


@dataclass(frozen=True)
class Feedback:
    """Why an answer did not help: wrong, too hard to understand, something missing."""

    reason: FeedbackReason
    entry_id: str


@dataclass(frozen=True)
class Gap:
    """Staff: add a group of missed questions to its nearest entry, or draft a new entry."""

    verb: GapVerb
    index: int


@dataclass(frozen=True)
class Language:
    """The citizen's choice of language: German, Leichte Sprache or English."""

    code: LanguageCode


@dataclass(frozen=True)
class Privacy:
    """The privacy notice."""


@dataclass(frozen=True)
class EraseData:
    """The citizen's answer to "Really delete everything?"."""

    confirmed: bool


Action = (ShowEntry | Themes | Theme | Goal | AskOffice | NoneOfThese | Consent | TicketAction
          | EraseData | Privacy | Feedback | Gap | Language)



def moves_in_menu(action: Action | None) -> bool:
    """Actions that move around the topic menu (down to a browsed answer): front ends replace
    the menu message instead of adding one."""
    return isinstance(action, Themes | Theme | Goal) or action == ShowEntry(
        "show", getattr(action, "entry_id", ""))


def encode(action: Action) -> str:
    """The callback data of an action."""
    match action:
        case ShowEntry(verb, entry_id):
            return f"{verb}:{entry_id}"
        case Themes():
            return "themes"
        case Theme(theme_id, page):
            return f"theme:{theme_id}:{page}" if page else f"theme:{theme_id}"
        case Goal(goal_id):
            return f"goal:{goal_id}"
        case AskOffice(english):
            return "office:en" if english else "office"
        case NoneOfThese():
            return "none"
        case Consent(answer, offer):
            return f"fw:{answer}:{offer}"
        case TicketAction(verb, ticket_id):
            return f"tk:{verb}:{ticket_id}"
        case EraseData(confirmed):
            return "erase:yes" if confirmed else "erase:no"
        case Privacy():
            return "privacy"
        case Feedback(reason, entry_id):
            return f"fb:{reason}:{entry_id}"
        case Gap(verb, index):
            return f"gap:{verb}:{index}"
        case Language(code):
            return f"lang:{code}"


_PATTERNS: tuple[tuple[re.Pattern[str], type], ...] = (
    (re.compile(rf"({'|'.join(get_args(EntryVerb))}):({_ID})"), ShowEntry),
    (re.compile(rf"theme:({_ID})(?::({_PAGE}))?"), Theme),
    (re.compile(rf"goal:({_ID})"), Goal),
    (re.compile(rf"fw:({'|'.join(get_args(ConsentAnswer))}):({_CANONICAL})"), Consent),
    (re.compile(rf"tk:({'|'.join(get_args(TicketVerb))}):({_CANONICAL})"), TicketAction),
    (re.compile(rf"fb:({'|'.join(get_args(FeedbackReason))}):({_ID})"), Feedback),
    (re.compile(rf"gap:({'|'.join(get_args(GapVerb))}):({_CANONICAL})"), Gap),
)


def decode(data: str | None) -> Action | None:
    """The action behind callback data, or None if it is not one the bot makes."""
    if data == "themes":
        return Themes()
    if data in ("office", "office:en"):
        return AskOffice(data == "office:en")
    if data == "none":
        return NoneOfThese()
    if data == "privacy":
        return Privacy()
    if data in ("lang:de", "lang:easy", "lang:en"):
        return Language(data.removeprefix("lang:"))  # type: ignore[arg-type]
    if data in ("erase:yes", "erase:no"):
        return EraseData(data == "erase:yes")
    for pattern, kind in _PATTERNS:
        found = pattern.fullmatch(data or "")
        if found is None:
            continue
        first, second = found.group(1), found.group(2) if found.re.groups > 1 else None
        if kind is ShowEntry:
            return ShowEntry(first, second)  # type: ignore[arg-type]
        if kind is Theme:
            return Theme(first, int(second) if second else 0)
        if kind is Goal:
            return Goal(first)
        if kind is Consent:
            return Consent(first, int(second))  # type: ignore[arg-type]
        if kind is Feedback:
            return Feedback(first, second)  # type: ignore[arg-type]
        if kind is Gap:
            return Gap(first, int(second))  # type: ignore[arg-type]
        return TicketAction(first, int(second))  # type: ignore[arg-type]
    return None


def parse_number(text: str) -> int | None:
    """A plain ASCII number ("42"), else None ("²", "4a", "")."""
    return int(text) if re.fullmatch(_NUMBER, text) else None
