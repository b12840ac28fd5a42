"""Load the YAML knowledge base into frozen dataclasses, reporting every structural problem.

Staff edit knowledge/*.yaml by hand, so every problem names the file, the line and the field in
plain German. Loading never raises on bad content: it returns the problems, and the caller decides
(the checker prints them, the bot refuses to serve a knowledge base with errors).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.yamlfields import (
    UNREADABLE,
    Collector,
    LineMap,
    MarkedYAMLError,
    as_list,
    check_fields,
    clock,
    date_field,
    is_section,
    is_to_fill,
    item_line,
    known_field_names,
    line_of,
    load_yaml,
    report_duplicate_keys,
    syntax_error,
    text_field,
    text_list,
    unknown_field,
)
from bot.yamlfields import (
    Problem as Problem,  # re-exported: callers read problems from here
)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
THEME_KINDS = ("allgemein", "querschnittsthema", "handlungsfeld", "kontakt")
GOAL_KINDS = ("ziel", "teilziel")
WEEKDAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")
# Telegram allows 4096 characters per message; the rendered answer adds a source line and a
# heading, so the stored text must leave room for them.
MAX_TEXT_CHARS = 3500

THEME_FIELDS = {"id", "title", "kind", "summary", "title_en", "title_easy"}
GOAL_FIELDS = {"id", "title", "kind", "parent", "summary", "source"}
ENTRY_FIELDS = {
    "id", "goal", "questions", "keywords", "answer", "more", "source", "reviewed", "related",
    "draft", "easy", "easy_checked", "en", "title_easy",
}
ENGLISH_FIELDS = {"questions", "answer"}
CONTACT_FIELDS = {
    "id", "name", "town", "address", "phone", "email", "hours", "serves", "note", "source",
    "reviewed",
}
FILE_KEYS = {"theme", "goals", "entries", "contacts"}
SYNONYM_FILE_KEYS = {"synonyms", "synonyms_en"}
OFF_TOPIC_FILE_KEYS = {"topics"}
OFF_TOPIC_FIELDS = {"id", "label", "questions", "reply", "triggers", "questions_en", "reply_en"}
SOURCE_FIELDS = {"title", "url", "date"}
MIN_SOURCE_YEAR, MAX_SOURCE_YEAR = 1900, 2100
# An id written in a file that could not be read: references to it are not reported as missing.
_ID_LINE = re.compile(r"^\s*(?:-\s*)?id\s*:?\s*[\"']?([a-z0-9][a-z0-9-]*)", re.MULTILINE)
known_field_names(THEME_FIELDS | GOAL_FIELDS | ENTRY_FIELDS | CONTACT_FIELDS | FILE_KEYS
                  | ENGLISH_FIELDS
                  | SYNONYM_FILE_KEYS | OFF_TOPIC_FILE_KEYS | OFF_TOPIC_FIELDS | SOURCE_FIELDS)


@dataclass(frozen=True)
class English:
    """An entry in English: questions it answers, and the answer."""

    questions: tuple[str, ...]
    answer: str


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    date: int | dt.date | None = None  # when the source appeared: a year (2017) or a date


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    kind: str
    summary: str
    title_en: str | None = None  # the title in English menus
    title_easy: str | None = None  # the title in Leichte Sprache menus
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Goal:
    id: str
    theme: str
    title: str
    kind: str
    parent: str | None
    summary: str
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Entry:
    """One question/answer unit."""

    id: str
    theme: str
    questions: tuple[str, ...]
    answer: str
    source: Source
    reviewed: dt.date
    goal: str | None = None
    keywords: tuple[str, ...] = ()
    more: str | None = None
    related: tuple[str, ...] = ()
    draft: bool = False  # written but not published: the bot never shows it
    easy: str | None = None  # the answer in Leichte Sprache
    easy_checked: dt.date | None = None  # when readers from the target group checked `easy`
    title_easy: str | None = None  # the heading question in Leichte Sprache (menus, choices)
    en: English | None = None  # the entry in English, where it is translated
    file: str = ""
    line: int = 0
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def title(self) -> str:
        """The first question phrasing, used as the entry's label on buttons and lists."""
        return self.questions[0]


@dataclass(frozen=True)
class OpeningHours:
    days: tuple[str, ...]
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class Contact:
    """A Bürgerbüro or office. Fields still to be filled in by staff are None."""

    id: str
    name: str
    town: str
    serves: tuple[str, ...]
    source: Source
    reviewed: dt.date
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    hours: tuple[OpeningHours, ...] | None = None
    note: str | None = None
    to_fill: tuple[str, ...] = ()
    file: str = ""
    line: int = 0
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class OffTopic:
    """A subject citizens ask about that the KEK does not cover (waste collection, passports).

    Its questions are matched like an entry's, so such a question is recognised and forwarded
    instead of being mistaken for a KEK entry that shares some words with it.
    """

    id: str
    label: str
    questions: tuple[str, ...]
    reply: str = ""  # replaces the standard "not in the KEK" text, e.g. emergency numbers
    triggers: tuple[str, ...] = ()  # words that alone decide the subject ("suizid", "blutet")
    questions_en: tuple[str, ...] = ()  # how people ask about it in English
    reply_en: str = ""  # `reply` in English
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class KnowledgeBase:
    """What the bot knows. `entries` holds only published entries: everything that answers,
    offers or lists entries reads them from here. Entries marked `draft: true` are kept apart in
    `drafts`, for the checker only."""

    themes: Mapping[str, Theme]
    goals: Mapping[str, Goal]
    entries: Mapping[str, Entry]
    contacts: Mapping[str, Contact]
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    synonyms_en: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # for English
    off_topics: Mapping[str, OffTopic] = field(default_factory=dict)
    drafts: Mapping[str, Entry] = field(default_factory=dict)

    def entries_of(self, theme_id: str, goal_id: str | None = None) -> list[Entry]:
        """Entries of one theme (and goal), in file order."""
        return [
            e for e in self.entries.values()
            if e.theme == theme_id and (goal_id is None or e.goal == goal_id)
        ]

    def goals_of(self, theme_id: str) -> list[Goal]:
        return [g for g in self.goals.values() if g.theme == theme_id]


# --- loading -----------------------------------------------------------------------------------


def knowledge_files(path: Path) -> list[Path]:
    """The YAML files of a knowledge directory (or the single file given), sorted."""
    if path.is_file():
        return [path]
    return sorted([*path.glob("*.yaml"), *path.glob("*.yml")])


def load_knowledge(path: Path | str) -> tuple[KnowledgeBase, list[Problem]]:
    """Read every YAML file under `path` (or the one file); return what could be built and all
    problems found, those of files that could not be read at all first."""
    root = Path(path)
    if not root.exists():
        return _empty(), [Problem(str(root), 0, "error", "", "Ordner oder Datei gibt es nicht.")]
    builder = _Builder()
    files = knowledge_files(root)
    if not files:
        builder.problems.append(
            Problem(str(root), 0, "error", "", "Hier liegen keine YAML-Dateien (.yaml).")
        )
    for file in files:
        builder.read_file(file)
    return builder.finish()


def load_file_in_folder(file: Path | str) -> tuple[KnowledgeBase, list[Problem], list[Problem]]:
    """Check one file as part of its folder, as `kek-bot check knowledge/orte.yaml` does:
    references into the other files resolve, and an id the file shares with another file is
    reported in this file (it is read last). Returns the whole knowledge base, the problems of
    this file and those of the other files."""
    file = Path(file)
    others = [f for f in knowledge_files(file.parent) if f.resolve() != file.resolve()]
    builder = _Builder()
    for other in [*others, file]:
        builder.read_file(other)
    kb, problems = builder.finish()
    name = display_path(file)
    return (kb, [p for p in problems if p.file == name],
            [p for p in problems if p.file != name])


def _empty() -> KnowledgeBase:
    return KnowledgeBase(themes={}, goals={}, entries={}, contacts={})


def display_path(file: Path) -> str:
    """A file as problems name it: relative to the working directory where possible."""
    try:
        return str(file.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(file)


class _Builder:
    """Builds a KnowledgeBase from many files, then checks references across them."""

    def __init__(self) -> None:
        self.themes: dict[str, Theme] = {}
        self.goals: dict[str, Goal] = {}
        self.entries: dict[str, Entry] = {}
        self.contacts: dict[str, Contact] = {}
        self.synonyms: dict[str, tuple[str, ...]] = {}
        self.synonyms_en: dict[str, tuple[str, ...]] = {}
        self.off_topics: dict[str, OffTopic] = {}
        self.problems: list[Problem] = []
        self.id_owner: dict[str, tuple[str, str, int]] = {}
        self.unreadable_ids: set[str] = set()  # ids probably defined in files that broke

    def read_file(self, file: Path) -> None:
        out = Collector(display_path(file))
        text = ""
        try:
            text = file.read_text(encoding="utf-8")
            data = load_yaml(text)
        except UnicodeDecodeError:
            out.error(0, "", "Die Datei ist nicht als UTF-8 gespeichert. So beheben: im Editor "
                      "„Speichern unter“ wählen und als Kodierung UTF-8 einstellen.", UNREADABLE)
            self.unreadable_ids.update(_ID_LINE.findall(file.read_bytes().decode(
                "utf-8", errors="replace")))
        except MarkedYAMLError as exc:
            out.error(*syntax_error(exc, text), kind=UNREADABLE)
            self.unreadable_ids.update(_ID_LINE.findall(text))
        else:
            self._read_document(data, out)
        self.problems.extend(out.problems)

    def _read_document(self, data: Any, out: Collector) -> None:
        if data is None:
            out.error(1, "", "Die Datei ist leer.")
            return
        if not isinstance(data, LineMap):
            out.error(1, "", "Die Datei muss mit 'theme:', 'synonyms:' oder 'topics:' beginnen.")
            return
        report_duplicate_keys(data, "", out)
        if "synonyms" in data and "theme" not in data:
            self._read_synonyms(data, out)
            return
        if "topics" in data and "theme" not in data:
            self._read_off_topics(data, out)
            return
        for key in data:
            if key not in FILE_KEYS:
                out.error(line_of(data, key), "", unknown_field(key, FILE_KEYS))
        theme = self._read_theme(data.get("theme"), line_of(data, "theme"), out)
        theme_id = theme.id if theme else ""
        for raw in _sections(data, "goals", "Ziel", out):
            self._read_goal(raw, theme_id, out)
        for raw in _sections(data, "entries", "Eintrag", out):
            self._read_entry(raw, theme_id, out)
        for raw in _sections(data, "contacts", "Kontakt", out):
            self._read_contact(raw, out)

    def _claim_id(self, raw: LineMap, kind: str, out: Collector) -> str | None:
        """Validate the `id` field and make sure no other object already uses it."""
        value = raw.get("id")
        line = line_of(raw, "id")
        if value is None:
            out.error(line, kind, "Feld 'id' fehlt")
            return None
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            out.error(line, kind, f"Feld 'id': '{value}' ist keine gültige Kennung (nur a-z, "
                      "0-9 und Bindestrich, höchstens 32 Zeichen, beginnt mit Buchstabe/Ziffer)")
            return None
        if value in self.id_owner:
            other_file, other_kind, other_line = self.id_owner[value]
            out.error(line, f"{kind} '{value}'", f"Feld 'id': die Kennung gibt es schon "
                      f"({other_kind} in {other_file}, Zeile {other_line})")
            return None
        self.id_owner[value] = (out.file, kind, line)
        return value

    def _read_theme(self, raw: Any, line: int, out: Collector) -> Theme | None:
        if not isinstance(raw, LineMap):
            out.error(line or 1, "", "Feld 'theme' fehlt oder ist kein Abschnitt mit id, title, "
                      "kind und summary")
            return None
        check_fields(raw, THEME_FIELDS, {"id", "title", "kind", "summary"}, "Thema", out)
        theme_id = self._claim_id(raw, "Thema", out)
        if theme_id is None:
            return None
        where = f"Thema '{theme_id}'"
        kind = text_field(raw, "kind", where, out)
        if kind and kind not in THEME_KINDS:
            out.error(line_of(raw, "kind"), where, f"Feld 'kind': '{kind}' ist nicht erlaubt "
                      f"(erlaubt: {', '.join(THEME_KINDS)})")
        theme = Theme(
            id=theme_id, title=text_field(raw, "title", where, out), kind=kind,
            summary=text_field(raw, "summary", where, out),
            title_en=text_field(raw, "title_en", where, out, required=False) or None,
            title_easy=text_field(raw, "title_easy", where, out, required=False) or None,
            file=out.file, line=raw.line,
        )
        self.themes[theme_id] = theme
        return theme

    def _read_goal(self, raw: LineMap, theme_id: str, out: Collector) -> None:
        check_fields(raw, GOAL_FIELDS, {"id", "title", "kind"}, "Ziel", out)
        goal_id = self._claim_id(raw, "Ziel", out)
        if goal_id is None:
            return
        where = f"Ziel '{goal_id}'"
        kind = text_field(raw, "kind", where, out)
        if kind and kind not in GOAL_KINDS:
            out.error(line_of(raw, "kind"), where, f"Feld 'kind': '{kind}' ist nicht erlaubt "
                      f"(erlaubt: {', '.join(GOAL_KINDS)})")
        parent = raw.get("parent")
        if kind == "teilziel" and not parent:
            out.error(line_of(raw), where,
                      "Feld 'parent' fehlt: ein Teilziel gehört zu einem Ziel")
        self.goals[goal_id] = Goal(
            id=goal_id, theme=theme_id, title=text_field(raw, "title", where, out), kind=kind,
            parent=str(parent) if parent else None,
            summary=text_field(raw, "summary", where, out, required=False),
            file=out.file, line=raw.line,
        )

    def _read_entry(self, raw: LineMap, theme_id: str, out: Collector) -> None:
        entry_id = self._claim_id(raw, "Eintrag", out)
        where = f"Eintrag '{entry_id or '?'}'"
        check_fields(raw, ENTRY_FIELDS, {"questions", "answer", "source", "reviewed"}, where, out)
        if entry_id is None:
            return
        answer = text_field(raw, "answer", where, out)
        more = text_field(raw, "more", where, out, required=False) or None
        for name, text in (("answer", answer), ("more", more)):
            if text and len(text) > MAX_TEXT_CHARS:
                out.error(line_of(raw, name), where, f"Feld '{name}' ist {len(text)} Zeichen "
                          f"lang; eine Telegram-Nachricht erlaubt hier höchstens {MAX_TEXT_CHARS}")
        questions = _questions(raw, where, out)
        self.entries[entry_id] = Entry(
            id=entry_id, theme=theme_id, questions=tuple(questions), answer=answer,
            source=_source(raw, where, out) or Source("", ""),
            reviewed=date_field(raw, "reviewed", where, out) or dt.date.min,
            goal=str(raw["goal"]) if raw.get("goal") else None,
            keywords=tuple(text_list(raw, "keywords", where, out)), more=more,
            related=tuple(text_list(raw, "related", where, out)),
            draft=_draft(raw, where, out),
            easy=text_field(raw, "easy", where, out, required=False) or None,
            easy_checked=date_field(raw, "easy_checked", where, out),
            title_easy=text_field(raw, "title_easy", where, out, required=False) or None,
            en=_english(raw, where, out),
            file=out.file, line=raw.line, field_lines=dict(raw.key_lines),
        )

    def _read_contact(self, raw: LineMap, out: Collector) -> None:
        contact_id = self._claim_id(raw, "Kontakt", out)
        where = f"Kontakt '{contact_id or '?'}'"
        check_fields(raw, CONTACT_FIELDS, {"name", "town", "serves", "source", "reviewed"},
                      where, out)
        if contact_id is None:
            return
        to_fill = tuple(k for k, v in raw.items() if is_to_fill(v))
        optional = {
            k: None if k in to_fill else text_field(raw, k, where, out, required=False) or None
            for k in ("address", "phone", "email", "note")
        }
        hours = None if "hours" in to_fill or "hours" not in raw else _hours(raw, where, out)
        self.contacts[contact_id] = Contact(
            id=contact_id, name=text_field(raw, "name", where, out),
            town=text_field(raw, "town", where, out),
            serves=tuple(text_list(raw, "serves", where, out)),
            source=_source(raw, where, out) or Source("", ""),
            reviewed=date_field(raw, "reviewed", where, out) or dt.date.min,
            hours=hours, to_fill=to_fill, file=out.file, line=raw.line,
            field_lines=dict(raw.key_lines), **optional,
        )

    def _read_synonyms(self, data: LineMap, out: Collector) -> None:
        for key in data:
            if key not in SYNONYM_FILE_KEYS:
                out.error(line_of(data, key), "", unknown_field(key, SYNONYM_FILE_KEYS))
        self._read_synonym_groups(data, "synonyms", self.synonyms, out)
        if "synonyms_en" in data:
            self._read_synonym_groups(data, "synonyms_en", self.synonyms_en, out)

    @staticmethod
    def _read_synonym_groups(data: LineMap, key: str, into: dict[str, tuple[str, ...]],
                             out: Collector) -> None:
        groups = data.get(key)
        if not isinstance(groups, LineMap):
            out.error(line_of(data, key), "", f"Feld '{key}' muss eine Liste von "
                      "'Wort: [andere Wörter]' sein")
            return
        for word, variants in groups.items():
            line = line_of(groups, word)
            if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
                out.error(line, f"Synonym '{word}'", "nach dem Doppelpunkt muss eine Liste von "
                          "Wörtern in eckigen Klammern stehen")
                continue
            into[str(word)] = tuple(variants)

    def _read_off_topics(self, data: LineMap, out: Collector) -> None:
        for key in data:
            if key not in OFF_TOPIC_FILE_KEYS:
                out.error(line_of(data, key), "", unknown_field(key, OFF_TOPIC_FILE_KEYS))
        for raw in _sections(data, "topics", "Thema außerhalb des KEK", out):
            topic_id = self._claim_id(raw, "Thema außerhalb des KEK", out)
            where = f"Thema außerhalb des KEK '{topic_id or '?'}'"
            check_fields(raw, OFF_TOPIC_FIELDS, {"id", "label", "questions"}, where, out)
            questions = _questions(raw, where, out)
            if topic_id is not None:
                self.off_topics[topic_id] = OffTopic(
                    id=topic_id, label=text_field(raw, "label", where, out),
                    questions=tuple(questions),
                    reply=text_field(raw, "reply", where, out, required=False),
                    triggers=tuple(text_list(raw, "triggers", where, out)),
                    questions_en=tuple(text_list(raw, "questions_en", where, out)),
                    reply_en=text_field(raw, "reply_en", where, out, required=False),
                    file=out.file, line=raw.line,
                )

    def finish(self) -> tuple[KnowledgeBase, list[Problem]]:
        self._check_references()
        kb = KnowledgeBase(
            themes=self.themes, goals=self.goals,
            entries={k: e for k, e in self.entries.items() if not e.draft},
            contacts=self.contacts, synonyms=self.synonyms, synonyms_en=self.synonyms_en,
            off_topics=self.off_topics,
            drafts={k: e for k, e in self.entries.items() if e.draft},
        )
        # A file that could not be read explains the others' problems: name it first.
        return kb, sorted(self.problems, key=lambda p: p.kind != UNREADABLE)

    def _check_references(self) -> None:
        for goal in self.goals.values():
            if goal.parent and goal.parent not in self.goals:
                self._ref_error(goal.file, goal.line, f"Ziel '{goal.id}'", "parent", goal.parent,
                                "kein Ziel")
        for entry in self.entries.values():
            where = f"Eintrag '{entry.id}'"
            lines = entry.field_lines
            if entry.goal and entry.goal not in self.goals:
                self._ref_error(entry.file, lines.get("goal", entry.line), where, "goal",
                                entry.goal, "kein Ziel")
            elif entry.goal and self.goals[entry.goal].theme != entry.theme:
                self.problems.append(Problem(entry.file, lines.get("goal", entry.line), "error",
                                             where, f"Feld 'goal': Ziel '{entry.goal}' gehört "
                                             "zu einem anderen Thema"))
            for ref in entry.related:
                if ref not in self.entries:
                    self._ref_error(entry.file, lines.get("related", entry.line), where,
                                    "related", ref, "kein Eintrag")

    def _ref_error(self, file: str, line: int, where: str, name: str, ref: str, what: str) -> None:
        if ref in self.unreadable_ids:
            return  # probably defined in a file that could not be read: reported there
        message = f"Feld '{name}': '{ref}' gibt es nicht ({what} mit dieser id)"
        self.problems.append(Problem(file, line, "error", where, message))


def _sections(data: LineMap, key: str, kind: str, out: Collector) -> list[LineMap]:
    """The sections of a list field (`entries`, `goals`, ...); an item that is not a section
    is reported at its own line."""
    items = as_list(data, key, out, "")
    found = []
    for index, raw in enumerate(items):
        line = item_line(items, index, line_of(data, key))
        if is_section(raw, kind, out, line):
            found.append(raw)
    return found


def _draft(raw: LineMap, where: str, out: Collector) -> bool:
    value = raw.get("draft", False)
    if not isinstance(value, bool):
        out.error(line_of(raw, "draft"), where, f"Feld 'draft': '{value}' geht nicht; "
                  "erlaubt sind nur true (Entwurf) und false (veröffentlicht)")
        return True  # when in doubt, unpublished
    return value


def _english(raw: LineMap, where: str, out: Collector) -> English | None:
    """The optional `en:` part of an entry: English questions and answer."""
    value = raw.get("en")
    if value is None:
        return None
    if not isinstance(value, LineMap):
        out.error(line_of(raw, "en"), where, "Feld 'en' braucht die Unterpunkte 'questions:' "
                  "und 'answer:' (die englischen Fragen und die englische Antwort)")
        return None
    check_fields(value, ENGLISH_FIELDS, ENGLISH_FIELDS, f"{where}, Feld 'en'", out)
    questions = text_list(value, "questions", f"{where}, Feld 'en'", out)
    answer = text_field(value, "answer", f"{where}, Feld 'en'", out)
    return English(tuple(questions), answer) if questions and answer else None


def _questions(raw: LineMap, where: str, out: Collector) -> list[str]:
    """The `questions` list of an entry or outside subject; present but empty is an error."""
    questions = text_list(raw, "questions", where, out)
    if "questions" in raw and not questions:
        out.error(line_of(raw, "questions"), where, "Feld 'questions' ist leer")
    return questions


def _source(raw: LineMap, where: str, out: Collector) -> Source | None:
    value = raw.get("source")
    if value is None:
        return None
    if not isinstance(value, LineMap):
        out.error(line_of(raw, "source"), where, "Feld 'source' braucht 'title' und 'url'")
        return None
    check_fields(value, SOURCE_FIELDS, {"title", "url"}, where, out)
    url = text_field(value, "url", where, out)
    if url and not re.match(r"^https?://\S+$", url):
        out.error(line_of(value, "url"), where, f"Feld 'url': '{url}' ist keine Webadresse "
                  "(beginnt mit http:// oder https://)")
    return Source(title=text_field(value, "title", where, out), url=url,
                  date=_source_date(value, where, out))


def _source_date(raw: LineMap, where: str, out: Collector) -> int | dt.date | None:
    """`source.date`: when the source appeared, a year (2017) or a date (2017-10-12)."""
    value = raw.get("date")
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
        value = int(value)
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = dt.date.fromisoformat(value.strip())
    if isinstance(value, dt.date) or (isinstance(value, int) and not isinstance(value, bool)
                                      and MIN_SOURCE_YEAR <= value <= MAX_SOURCE_YEAR):
        return value
    out.error(line_of(raw, "date"), where, f"Feld 'date': '{value}' ist kein Jahr und kein "
              "Datum (so schreiben: 2017 oder 2017-10-12)")
    return None


def _hours(raw: LineMap, where: str, out: Collector) -> tuple[OpeningHours, ...] | None:
    result: list[OpeningHours] = []
    for item in as_list(raw, "hours", out, where):
        line = line_of(item) or line_of(raw, "hours")
        if not isinstance(item, LineMap) or set(item) != {"days", "from", "to"}:
            out.error(line, where,
                      "Feld 'hours': jeder Punkt braucht genau 'days', 'from' und 'to'")
            continue
        days = item["days"] if isinstance(item["days"], list) else [item["days"]]
        bad = [d for d in days if str(d).lower() not in WEEKDAYS]
        opens, closes = clock(item["from"]), clock(item["to"])
        if bad:
            out.error(line, where, f"Feld 'hours': unbekannter Tag {bad[0]!r} "
                      f"(erlaubt: {', '.join(WEEKDAYS)})")
        elif opens is None or closes is None or opens >= closes:
            out.error(line, where, "Feld 'hours': Uhrzeiten wie \"08:00\" angeben, "
                      "'from' vor 'to'")
        else:
            result.append(OpeningHours(tuple(str(d).lower() for d in days), opens, closes))
    return tuple(result)


def all_texts(entry: Entry) -> Iterable[tuple[str, str]]:
    """(field name, text) pairs of an entry's citizen-facing texts."""
    yield "answer", entry.answer
    if entry.more:
        yield "more", entry.more
