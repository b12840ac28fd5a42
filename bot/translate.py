"""The bot's fixed texts in the language a citizen chose: German, Leichte Sprache or English.

bot/texts.py holds every fixed text in German. bot/texts_easy.py and bot/texts_en.py map each
German template to its version in Leichte Sprache and in English. Replies are composed in
German and swapped into the chosen language at the workflow's boundary (`replies.in_language`):
every fixed text found as a whole paragraph or line is replaced, its placeholders (a ticket
number, the citizen's own question) carried over as they were. Functions whose values depend
on the language themselves (weekdays, dates) pick their template with `template()`.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from dataclasses import dataclass

from bot import texts, texts_easy, texts_en

_PREFIX = 3  # letters a template is indexed by
MIN_SWAPPED = 15  # shorter texts are looked up by `template` only


def swappable(german: str) -> bool:
    """Whether a template is found in running text. Single words ("offen") and templates that
    begin with a placeholder are only ever looked up (`template`)."""
    return len(german) >= MIN_SWAPPED and "{" not in german[:_PREFIX]


def fields(template: str) -> list[str]:
    """The placeholder names of a template, in order (repeats included)."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


@dataclass(frozen=True)
class _Template:
    """A German template to find in running text: its literal pieces and the placeholders
    between them. Found without a regular expression, in linear time: each piece is looked for
    at its first place after the previous one, so no input makes the search backtrack."""

    pieces: tuple[str, ...]  # literal text before each placeholder, and after the last one
    names: tuple[str, ...]  # the placeholders, one fewer than pieces

    @classmethod
    def parse(cls, template: str) -> _Template:
        pieces, names = [""], []
        for literal, name, _, _ in string.Formatter().parse(template):
            pieces[-1] += literal
            if name is not None:
                names.append(name)
                pieces.append("")
        return cls(tuple(pieces), tuple(names))

    def match(self, text: str, pos: int) -> tuple[dict[str, str], int] | None:
        """The placeholders' values and the end, if the template stands at `pos` and ends
        where a line ends; None otherwise."""
        if not text.startswith(self.pieces[0], pos):
            return None
        values: dict[str, str] = {}
        at = pos + len(self.pieces[0])
        for name, piece in zip(self.names, self.pieces[1:], strict=True):
            # The value runs to the next piece, or (at the end) to the end of its line.
            end = text.find(piece, at) if piece else _line_end(text, at)
            if end < 0 or values.setdefault(name, text[at:end]) != text[at:end]:
                return None
            at = end + len(piece)
        return (values, at) if at == len(text) or text[at] == "\n" else None


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


class Catalog:
    """One language's versions of the fixed texts and button labels."""

    def __init__(self, fixed: Mapping[str, str], buttons: Mapping[str, str]) -> None:
        self.fixed = dict(fixed)
        self.buttons = dict(buttons)
        self._index: dict[str, list[tuple[_Template, str]]] = {}
        # Longest first, so that a text containing a shorter one is swapped whole.
        for german in sorted(self.fixed, key=len, reverse=True):
            if swappable(german):
                self._index.setdefault(german[:_PREFIX], []).append((_Template.parse(german),
                                                                     self.fixed[german]))

    def template(self, german: str) -> str:
        return self.fixed.get(german, german)

    def text(self, text: str) -> str:
        """`text` with every fixed text in it swapped, in one pass: what was swapped in (and
        the values carried over) is never looked at again."""
        out: list[str] = []
        pos = 0
        while pos < len(text):
            found = None
            if pos == 0 or text[pos - 1] == "\n":
                for template, target in self._index.get(text[pos:pos + _PREFIX], ()):
                    found = template.match(text, pos)
                    if found is not None:
                        out.append(target.format_map(found[0]))
                        pos = found[1]
                        break
            if found is None:
                end = text.find("\n", pos)
                end = len(text) if end < 0 else end + 1
                out.append(text[pos:end])
                pos = end
        return "".join(out)

    def label(self, german: str) -> str:
        return self.buttons.get(german, german)


CATALOGS: dict[str, Catalog] = {
    "easy": Catalog(texts_easy.FIXED, texts_easy.BUTTONS),
    "en": Catalog(texts_en.FIXED, texts_en.BUTTONS),
}
GERMAN = Catalog({}, {})  # the German texts are the templates themselves


def catalog(language: str) -> Catalog:
    """The texts of `language` ("de", "easy" or "en"); German for any other."""
    return CATALOGS.get(language, GERMAN)


def template(language: str, german: str) -> str:
    """The version of one German template in `language`, else the German one."""
    return catalog(language).template(german)


def date(language: str, day: dt.date) -> str:
    """A date as screen readers read it well, in the citizen's language."""
    if language == "en":
        return f"{day.day} {texts_en.MONTHS[day.month - 1]} {day.year}"
    return texts.german_date(day)


def weekday(language: str, code: str) -> str:
    return (texts_en.WEEKDAYS if language == "en" else texts.WEEKDAY_NAMES)[code]


def clock(language: str, time: dt.time) -> str:
    return f"{time.hour}:{time.minute:02d}" if language == "en" else texts.clock(time)
