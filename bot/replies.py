"""Compose what the citizen reads from a Decision, as front-end-neutral data.

A Reply holds plain text, an optional source link and options. The terminal prints it with
numbered options; the Telegram adapter escapes it, adds the link as HTML and makes buttons.
Options carry a typed action (bot/actions.py) that both front ends hand back to the engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot import texts
from bot.actions import (
    Action,
    AskOffice,
    Goal,
    NoneOfThese,
    Privacy,
    ShowEntry,
    Theme,
    Themes,
)
from bot.dialogue import Decision
from bot.knowledge import Contact, Entry, KnowledgeBase, OffTopic, Source
from bot.knowledge import Theme as ThemeInfo
from bot.matcher import EXACT_SCORE


@dataclass(frozen=True)
class Option:
    label: str
    action: Action


@dataclass(frozen=True)
class Reply:
    text: str
    options: tuple[Option, ...] = ()
    source: Source | None = None
    reviewed: dt.date | None = None

    def plain(self) -> str:
        """The reply as plain text, with the source line, as the terminal and JSON show it."""
        parts = [self.text]
        if self.source is not None and self.reviewed is not None:
            source, checked = texts.source_lines(self.source.title, self.source.date,
                                                 self.reviewed)
            parts.append(f"{source} {self.source.url}\n{checked}")
        return "\n\n".join(parts)


def answer_options(entry: Entry) -> tuple[Option, ...]:
    options = [Option(texts.BUTTON_MORE, ShowEntry("more", entry.id))] if entry.more else []
    options += [
        Option(texts.BUTTON_SIMILAR, ShowEntry("similar", entry.id)),
        Option(texts.BUTTON_HELPFUL, ShowEntry("up", entry.id)),
        Option(texts.BUTTON_UNHELPFUL, ShowEntry("down", entry.id)),
        Option(texts.BUTTON_ASK_OFFICE, AskOffice()),
    ]
    return tuple(options)


def answer(entry: Entry, understood: bool = False, easy: bool = False) -> Reply:
    """An entry's answer; `understood` first says which stored question it answers, so a citizen
    sees at once when the bot took their question for another one. `easy`: in Leichte Sprache,
    or, where the entry has none, the short answer with a note saying so."""
    text = entry.answer
    if easy:
        text = entry.easy or f"{texts.EASY_MISSING}\n\n{entry.answer}"
    if understood:
        text = texts.UNDERSTOOD_AS.format(question=entry.title) + "\n\n" + text
    return Reply(text, answer_options(entry), entry.source, entry.reviewed)


def more(entry: Entry) -> Reply:
    if not entry.more:
        return Reply(texts.NO_MORE, (Option(texts.BUTTON_ASK_OFFICE, AskOffice()),))
    options = tuple(o for o in answer_options(entry) if o.action != ShowEntry("more", entry.id))
    return Reply(entry.more, options, entry.source, entry.reviewed)


def choices(intro: str, entries: list[Entry]) -> Reply:
    options = tuple(Option(e.title, ShowEntry("entry", e.id)) for e in entries)
    return Reply(intro, (*options, Option(texts.BUTTON_NONE, NoneOfThese())))


THEMES_OFFERED = 3  # nearest themes shown when the bot did not understand for sure


def handoff(reason: str, topic: OffTopic | None = None,
            in_general: Entry | None = None, near: tuple[ThemeInfo, ...] = ()) -> Reply:
    """Say honestly why there is no answer, and offer the Bürgerbüro; for a specific question
    (`in_general`) also what the KEK says about its subject in general. "Not in the KEK" is
    said only where a subject outside it was recognised; a question the bot merely did not
    understand gets a hint and the `near` themes as buttons."""
    themes: list[Option] = []
    if reason in ("off_topic", "urgent") and topic is not None:
        text = topic.reply or texts.OFF_TOPIC_SUBJECT.format(topic=topic.label)
    elif reason == "unknown":
        themes = [Option(t.title, Theme(t.id)) for t in near[:THEMES_OFFERED]]
        text = texts.HANDOFF["unknown" if themes else "unknown_no_themes"]
    else:
        text = texts.HANDOFF.get(reason, texts.HANDOFF["unknown_no_themes"])
    urgent = reason == "urgent" or (topic is not None and bool(topic.triggers))
    if not urgent:  # an emergency names 112 alone, however it was recognised
        text = f"{text}\n\n{texts.PHONE_115}"  # a second way for everyone who cannot chat
    options = [*themes, Option(texts.BUTTON_ASK_OFFICE, AskOffice())]
    if in_general is not None:
        options.append(Option(texts.BUTTON_IN_GENERAL, ShowEntry("entry", in_general.id)))
    return Reply(text, tuple(options))


def compose(decision: Decision, kb: KnowledgeBase | None = None, easy: bool = False) -> Reply:
    """The reply for one decision of the dialogue policy (`kb` names the nearest themes)."""
    if decision.action == "answer" and decision.entry is not None:
        # Asked (almost) word for word like the stored question, the interpretation is obvious.
        return answer(decision.entry, understood=decision.score < EXACT_SCORE, easy=easy)
    if decision.action == "clarify":
        entries = [m.entry for m in decision.candidates]
        return choices(texts.CLARIFY if len(entries) > 1 else texts.CLARIFY_ONE, entries)
    if decision.action == "smalltalk":
        text = texts.SMALLTALK.get(decision.reason, texts.SMALLTALK["capabilities"])
        if decision.reason == "complaint":
            # The button offers the citizen's last question to the Bürgerbüro, not the complaint.
            return Reply(text, (Option(texts.BUTTON_ASK_OFFICE, AskOffice()),))
        return Reply(text)
    in_general = (decision.candidates[0].entry
                  if decision.reason == "specific" and decision.candidates else None)
    near: list[ThemeInfo] = []
    for match in decision.candidates:
        theme = kb.themes.get(match.entry.theme) if kb is not None else None
        if theme is not None and theme not in near:
            near.append(theme)
    return handoff(decision.reason, decision.topic, in_general, tuple(near))


def contacts(kb: KnowledgeBase, town: str | None = None,
             found: list[Contact] | None = None) -> Reply:
    """The Bürgerbüros (all, or those serving `town`), without fields still to be filled in."""
    shown = found if found is not None else list(kb.contacts.values())
    blocks = [texts.CONTACT_INTRO] if shown else []
    if town and not shown:
        blocks.append(texts.CONTACT_NOT_FOUND.format(town=town))
    blocks.extend(contact_block(c) for c in shown)
    blocks.append(texts.CONTACT_FALLBACK)
    return Reply("\n\n".join(blocks))


def contact_block(contact: Contact, english: bool = False) -> str:
    """One office's name, address, phone, e-mail and hours (a German note only in German)."""
    words = texts.EN_CONTACT_WORDS if english else texts.CONTACT_WORDS
    weekdays = texts.EN_WEEKDAYS if english else texts.WEEKDAY_NAMES
    lines = [contact.name]
    for field_ in ("address", "phone", "email"):
        value = getattr(contact, field_)
        if value:
            lines.append(f"{words[field_]}: {value}")
    for slot in contact.hours or ():
        days = ", ".join(weekdays[d] for d in slot.days)
        opens, closes = ((f"{slot.opens:%H:%M}", f"{slot.closes:%H:%M}") if english
                         else (texts.clock(slot.opens), texts.clock(slot.closes)))
        lines.append(f"{days}: {opens} {words['until']} {closes}")
    if not contact.hours:
        lines.append(texts.EN_HOURS_UNKNOWN if english else texts.CONTACT_HOURS_UNKNOWN)
    if contact.note and not english:
        lines.append(contact.note)
    return "\n".join(lines)


# --- browsing ----------------------------------------------------------------------------------

THEMES_INTRO = "Wählen Sie ein Thema:"
THEME_PROMPT = "Wählen Sie eine Frage:"
MENU_PAGE_SIZE = 6


def themes_menu(kb: KnowledgeBase) -> Reply:
    options = tuple(Option(t.title, Theme(t.id)) for t in kb.themes.values())
    return Reply(THEMES_INTRO, options)


def deep_links(kb: KnowledgeBase, bot_username: str) -> Reply:
    """For staff (/themen links): every published answer's deep link, theme by theme, so the
    county's web pages can link to single answers. Drafts have no link."""
    blocks = [texts.STAFF_LINKS_INTRO]
    for theme in kb.themes.values():
        lines = [theme.title]
        for entry in kb.entries_of(theme.id):
            lines.append(f"{entry.title}\nhttps://t.me/{bot_username}?start={entry.id}")
        blocks.append("\n\n".join(lines))
    return Reply("\n\n".join(blocks))


def theme_menu(kb: KnowledgeBase, theme_id: str, page: int = 0) -> Reply:
    """One page of a theme's goals and questions; long themes get several pages, so that no
    message carries a wall of buttons."""
    theme = kb.themes[theme_id]
    goals = [Option(g.title, Goal(g.id)) for g in kb.goals_of(theme_id) if g.parent is None]
    entries = [Option(e.title, ShowEntry("show", e.id)) for e in kb.entries_of(theme_id)
               if e.goal is None]
    items = goals + entries
    pages = max(1, -(-len(items) // MENU_PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = items[page * MENU_PAGE_SIZE : (page + 1) * MENU_PAGE_SIZE]
    heading = theme.title if pages == 1 else f"{theme.title} – Seite {page + 1} von {pages}"
    summary = [theme.summary] if page == 0 else []
    text = "\n\n".join([heading, *summary, THEME_PROMPT])
    if page < pages - 1:
        shown.append(Option(texts.BUTTON_NEXT_PAGE, Theme(theme_id, page + 1)))
    back: Action = Theme(theme_id, page - 1) if page > 0 else Themes()
    return Reply(text, (*shown, Option(texts.BUTTON_BACK, back)))


def goal_menu(kb: KnowledgeBase, goal_id: str) -> Reply:
    goal = kb.goals[goal_id]
    subgoals = tuple(Option(g.title, Goal(g.id)) for g in kb.goals.values()
                     if g.parent == goal_id)
    entries = tuple(Option(e.title, ShowEntry("show", e.id))
                    for e in kb.entries_of(goal.theme, goal_id))
    back: Action = Goal(goal.parent) if goal.parent else Theme(goal.theme)
    text = "\n\n".join(p for p in (goal.title, goal.summary, THEME_PROMPT) if p)
    return Reply(text, (*subgoals, *entries, Option(texts.BUTTON_BACK, back)))


def browsed_answer(entry: Entry, easy: bool = False) -> Reply:
    """An answer shown inside the topic menu: the answer options plus a way back."""
    base = answer(entry, easy=easy)
    back: Action = Goal(entry.goal) if entry.goal else Theme(entry.theme)
    return Reply(base.text, (*base.options, Option(texts.BUTTON_BACK, back)), base.source,
                 base.reviewed)


MAIN_THEMES = ("kek", "wirtschaft", "lebensraum", "orte", "kontakt")


def welcome(kb: KnowledgeBase) -> Reply:
    options = tuple(Option(kb.themes[t].title, Theme(t)) for t in MAIN_THEMES
                    if t in kb.themes)
    return Reply(texts.WELCOME, (*options, Option(texts.BUTTON_THEMES, Themes())))


def non_text() -> Reply:
    return Reply(texts.NON_TEXT, (Option(texts.BUTTON_ASK_OFFICE, AskOffice()),))


def help_text() -> Reply:
    return Reply(texts.HELP, (Option(texts.BUTTON_PRIVACY, Privacy()),))


def about(kb: KnowledgeBase, language: str = "de") -> Reply:
    """What the bot is: a program, what it knows (with the date its texts were last checked),
    in the citizen's language ("de", "easy" or "en")."""
    newest = max((e.reviewed for e in kb.entries.values() if e.reviewed is not None),
                 default=None)
    if newest is None:
        date = texts.EN_NOT_SET if language == "en" else texts.PRIVACY_NOT_SET
    elif language == "en":
        date = f"{newest.day} {newest:%B %Y}"
    else:
        date = texts.german_date(newest)
    template = {"easy": texts.EASY_ABOUT, "en": texts.EN_ABOUT}.get(language, texts.ABOUT)
    return Reply(template.format(date=date))


def english_answer(entry: Entry) -> Reply:
    """An entry's English answer, with its (German) source named in English."""
    assert entry.en is not None
    text = f"{entry.en.answer}\n\n{texts.EN_SOURCE.format(title=entry.source.title)}"
    return Reply(text, (Option(texts.EN_BUTTON_OFFICE, AskOffice(english=True)),))


def english_missing() -> Reply:
    return Reply(texts.EN_MISSING, (Option(texts.EN_BUTTON_OFFICE, AskOffice(english=True)),))


def english_contacts(kb: KnowledgeBase) -> Reply:
    """The citizens' offices with their contact data, labelled in English."""
    blocks = [texts.EN_CONTACT_INTRO, *(contact_block(c, english=True)
                                        for c in kb.contacts.values())]
    blocks.append(texts.EN_CONTACT_FALLBACK)
    return Reply("\n\n".join(blocks))


def english_hello() -> Reply:
    return Reply(texts.EN_HELLO)


def in_easy_language(reply: Reply) -> Reply:
    """The reply with the bot's fixed texts and button labels in Leichte Sprache, where there
    is a version of them (answers take their `easy:` text earlier)."""
    translated = _translated(reply, texts.EASY_FIXED, texts.EASY_BUTTONS)
    return Reply(translated.text.replace(texts.PHONE_115, texts.EASY_PHONE_115),
                 translated.options, reply.source, reply.reviewed)


def in_english(reply: Reply) -> Reply:
    """The reply with the bot's fixed texts and button labels in English, where there is an
    English version of them (answers in English are chosen earlier)."""
    return _translated(reply, texts.EN_FIXED, texts.EN_BUTTONS)


def _translated(reply: Reply, fixed: dict[str, str], labels: dict[str, str]) -> Reply:
    """Swap a fixed text at the start of the reply and the button labels found in the tables."""
    options = tuple(Option(labels.get(o.label, o.label), o.action) for o in reply.options)
    text = reply.text
    for usual, other in fixed.items():
        if text == usual or text.startswith(usual + "\n\n"):
            text = other + text[len(usual):]
            break
    return Reply(text, options, reply.source, reply.reviewed)
