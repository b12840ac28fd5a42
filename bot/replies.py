"""Compose what the citizen reads from a Decision, as front-end-neutral data.

A Reply holds plain text, an optional source link and options. The terminal prints it with
numbered options; the Telegram adapter escapes it, adds the link as HTML and makes buttons.
Options carry a typed action (bot/actions.py) that both front ends hand back to the engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot import texts, texts_easy, texts_en, translate
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


def answer_options(entry: Entry, english: bool = False) -> tuple[Option, ...]:
    """The buttons under an answer ("Mehr dazu" only where there is more, and not in English:
    the "Mehr dazu" texts are German)."""
    more_ = entry.more and not english
    options = [Option(texts.BUTTON_MORE, ShowEntry("more", entry.id))] if more_ else []
    options += [
        Option(texts.BUTTON_SIMILAR, ShowEntry("similar", entry.id)),
        Option(texts.BUTTON_HELPFUL, ShowEntry("up", entry.id)),
        Option(texts.BUTTON_UNHELPFUL, ShowEntry("down", entry.id)),
        Option(texts.BUTTON_ASK_OFFICE, AskOffice()),
    ]
    return tuple(options)


def title(entry: Entry, language: str = "de") -> str:
    """The entry's heading question in the citizen's language, where it has one."""
    if language == "en" and entry.en:
        return entry.en.questions[0]
    return (entry.title_easy or entry.title) if language == "easy" else entry.title


def theme_title(theme: ThemeInfo, language: str = "de") -> str:
    chosen = {"en": theme.title_en, "easy": theme.title_easy}.get(language)
    return chosen or theme.title


def answer(entry: Entry, understood: bool = False, language: str = "de") -> Reply:
    """An entry's answer; `understood` first says which stored question it answers, so a citizen
    sees at once when the bot took their question for another one. In Leichte Sprache ("easy")
    or English ("en") the entry's version in it, or, where there is none, a note saying so and
    the German answer."""
    if language == "en" and entry.en is not None:
        reply = english_answer(entry)
        text, options, source = reply.text, answer_options(entry, english=True), None
    else:
        text, options, source = entry.answer, answer_options(entry), entry.source
        if language == "easy":
            text = entry.easy or f"{texts_easy.MISSING}\n\n{entry.answer}"
        elif language == "en":
            text = f"{texts_en.NO_TRANSLATION}\n\n{entry.answer}"
    if understood:
        text = texts.UNDERSTOOD_AS.format(question=title(entry, language)) + "\n\n" + text
    return Reply(text, options, source, entry.reviewed if source else None)


def more(entry: Entry) -> Reply:
    if not entry.more:
        return Reply(texts.NO_MORE, (Option(texts.BUTTON_ASK_OFFICE, AskOffice()),))
    options = tuple(o for o in answer_options(entry) if o.action != ShowEntry("more", entry.id))
    return Reply(entry.more, options, entry.source, entry.reviewed)


def choices(intro: str, entries: list[Entry], language: str = "de") -> Reply:
    options = tuple(Option(title(e, language), ShowEntry("entry", e.id)) for e in entries)
    return Reply(intro, (*options, Option(texts.BUTTON_NONE, NoneOfThese())))


def clarify_intro(entries: list[Entry]) -> str:
    """"Meinen Sie eine dieser Fragen?", or in the singular for a single choice."""
    return texts.CLARIFY if len(entries) > 1 else texts.CLARIFY_ONE


def is_emergency(reason: str, topic: OffTopic | None) -> bool:
    """An emergency, however it was recognised (a trigger word, or its subject's questions):
    its reply names 112 alone, never the 115."""
    return reason == "urgent" or (topic is not None and bool(topic.triggers))


THEMES_OFFERED = 3  # nearest themes shown when the bot did not understand for sure


def handoff(reason: str, topic: OffTopic | None = None, in_general: Entry | None = None,
            near: tuple[ThemeInfo, ...] = (), language: str = "de") -> Reply:
    """Say honestly why there is no answer, and offer the Bürgerbüro; for a specific question
    (`in_general`) also what the KEK says about its subject in general. "Not in the KEK" is
    said only where a subject outside it was recognised; a question the bot merely did not
    understand gets a hint and the `near` themes as buttons."""
    themes: list[Option] = []
    if reason in ("off_topic", "urgent") and topic is not None:
        text = topic.reply or texts.OFF_TOPIC_SUBJECT.format(topic=topic.label)
    elif reason == "unknown":
        themes = [Option(theme_title(t, language), Theme(t.id)) for t in near[:THEMES_OFFERED]]
        text = texts.HANDOFF["unknown" if themes else "unknown_no_themes"]
    else:
        text = texts.HANDOFF.get(reason, texts.HANDOFF["unknown_no_themes"])
    if not is_emergency(reason, topic):  # an emergency names 112 alone
        text = f"{text}\n\n{texts.PHONE_115}"  # a second way for everyone who cannot chat
    options = [*themes, Option(texts.BUTTON_ASK_OFFICE, AskOffice())]
    if in_general is not None:
        options.append(Option(texts.BUTTON_IN_GENERAL, ShowEntry("entry", in_general.id)))
    return Reply(text, tuple(options))


def compose(decision: Decision, kb: KnowledgeBase | None = None,
            language: str = "de") -> Reply:
    """The reply for one decision of the dialogue policy (`kb` names the nearest themes), with
    the knowledge base's texts in the citizen's language (fixed texts are swapped later)."""
    if decision.action == "answer" and decision.entry is not None:
        # Asked (almost) word for word like the stored question, the interpretation is obvious.
        return answer(decision.entry, decision.score < EXACT_SCORE, language)
    if decision.action == "clarify":
        entries = [m.entry for m in decision.candidates]
        return choices(clarify_intro(entries), entries, language)
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
    return handoff(decision.reason, decision.topic, in_general, tuple(near), language)


def contacts(kb: KnowledgeBase, town: str | None = None,
             found: list[Contact] | None = None, language: str = "de") -> Reply:
    """The Bürgerbüros (all, or those serving `town`), without fields still to be filled in,
    labelled in German or English (Leichte Sprache uses the German labels)."""
    say = translate.catalog("en" if language == "en" else "de").template
    shown = found if found is not None else list(kb.contacts.values())
    blocks = [say(texts.CONTACT_INTRO)] if shown else []
    if town and not shown:
        blocks.append(say(texts.CONTACT_NOT_FOUND).format(town=town))
    blocks.extend(contact_block(c, english=language == "en") for c in shown)
    blocks.append(say(texts.CONTACT_FALLBACK))
    return Reply("\n\n".join(blocks))


def contact_block(contact: Contact, english: bool = False) -> str:
    """One office's name, address, phone, e-mail and hours (a German note only in German)."""
    words = texts_en.CONTACT_WORDS if english else texts.CONTACT_WORDS
    language = "en" if english else "de"
    lines = [contact.name]
    for field_ in ("address", "phone", "email"):
        value = getattr(contact, field_)
        if value:
            lines.append(f"{words[field_]}: {value}")
    for slot in contact.hours or ():
        days = ", ".join(translate.weekday(language, d) for d in slot.days)
        opens, closes = (translate.clock(language, t) for t in (slot.opens, slot.closes))
        lines.append(f"{days}: {opens} {words['until']} {closes}")
    if not contact.hours:
        lines.append(translate.template(language, texts.CONTACT_HOURS_UNKNOWN))
    if contact.note and not english:
        lines.append(contact.note)
    return "\n".join(lines)


# --- browsing ----------------------------------------------------------------------------------

MENU_PAGE_SIZE = 6


def themes_menu(kb: KnowledgeBase, language: str = "de") -> Reply:
    options = tuple(Option(theme_title(t, language), Theme(t.id)) for t in kb.themes.values())
    return Reply(texts.THEMES_INTRO, options)


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


def theme_menu(kb: KnowledgeBase, theme_id: str, page: int = 0, language: str = "de") -> Reply:
    """One page of a theme's goals and questions; long themes get several pages, so that no
    message carries a wall of buttons. In English the questions are the English ones where
    there are any (the theme's summary is German and left out)."""
    theme = kb.themes[theme_id]
    goals = [Option(g.title, Goal(g.id)) for g in kb.goals_of(theme_id) if g.parent is None]
    entries = [Option(title(e, language), ShowEntry("show", e.id))
               for e in kb.entries_of(theme_id) if e.goal is None]
    items = goals + entries
    pages = max(1, -(-len(items) // MENU_PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = items[page * MENU_PAGE_SIZE : (page + 1) * MENU_PAGE_SIZE]
    name = theme_title(theme, language)
    heading = name if pages == 1 else translate.template(language, texts.THEME_PAGE).format(
        title=name, page=page + 1, pages=pages)
    summary = [theme.summary] if page == 0 and language != "en" else []
    text = "\n\n".join([heading, *summary, texts.THEME_PROMPT])
    if page < pages - 1:
        shown.append(Option(texts.BUTTON_NEXT_PAGE, Theme(theme_id, page + 1)))
    back: Action = Theme(theme_id, page - 1) if page > 0 else Themes()
    return Reply(text, (*shown, Option(texts.BUTTON_BACK, back)))


def goal_menu(kb: KnowledgeBase, goal_id: str, language: str = "de") -> Reply:
    goal = kb.goals[goal_id]
    subgoals = tuple(Option(g.title, Goal(g.id)) for g in kb.goals.values()
                     if g.parent == goal_id)
    entries = tuple(Option(title(e, language), ShowEntry("show", e.id))
                    for e in kb.entries_of(goal.theme, goal_id))
    back: Action = Goal(goal.parent) if goal.parent else Theme(goal.theme)
    text = "\n\n".join(p for p in (goal.title, goal.summary, texts.THEME_PROMPT) if p)
    return Reply(text, (*subgoals, *entries, Option(texts.BUTTON_BACK, back)))


def browsed_answer(entry: Entry, language: str = "de") -> Reply:
    """An answer shown inside the topic menu: the answer options plus a way back."""
    base = answer(entry, language=language)
    back: Action = Goal(entry.goal) if entry.goal else Theme(entry.theme)
    return Reply(base.text, (*base.options, Option(texts.BUTTON_BACK, back)), base.source,
                 base.reviewed)


MAIN_THEMES = ("kek", "wirtschaft", "lebensraum", "orte", "kontakt")


def welcome(kb: KnowledgeBase, language: str = "de") -> Reply:
    options = tuple(Option(theme_title(kb.themes[t], language), Theme(t)) for t in MAIN_THEMES
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
    date = (translate.date(language, newest) if newest is not None
            else translate.template(language, texts.PRIVACY_NOT_SET))
    return Reply(translate.template(language, texts.ABOUT).format(date=date))


def accessibility(controller: str, language: str = "de") -> Reply:
    """/barrierefreiheit: what works for everyone, what does not yet, how to report a barrier."""
    say = translate.catalog(language).template
    return Reply(say(texts.ACCESSIBILITY).format(
        controller=controller or say(texts.PRIVACY_NOT_SET)))


def imprint(controller: str, language: str = "de") -> Reply:
    """/impressum: who provides the bot, from the configuration."""
    say = translate.catalog(language).template
    return Reply(say(texts.IMPRINT).format(controller=controller or say(texts.PRIVACY_NOT_SET)))


def english_answer(entry: Entry) -> Reply:
    """An entry's English answer, with its (German) source named in English."""
    assert entry.en is not None
    text = f"{entry.en.answer}\n\n{texts_en.SOURCE.format(title=entry.source.title)}"
    return Reply(text, (Option(texts_en.BUTTON_OFFICE, AskOffice(english=True)),))


def english_choices(entries: list[Entry], chosen: bool) -> Reply:
    """The closest English questions to choose from. Without English chosen, a choice opens
    the English answer, and the last button the offices' contacts in English."""
    if chosen:
        return choices(clarify_intro(entries), entries, "en")
    options = [Option(title(e, "en"), ShowEntry("english", e.id)) for e in entries]
    intro = texts_en.FIXED[clarify_intro(entries)]
    return Reply(intro, (*options, Option(texts_en.BUTTON_OFFICE, AskOffice(english=True))))


def english_handoff(reason: str, topic: OffTopic | None, chosen: bool) -> Reply:
    """No English answer: an emergency's own reply, "not in the KEK" for a subject outside it,
    else "no English answer"; with the phone number 115 (not in an emergency). Without English
    chosen, a button gives the offices' contacts in English (forwarding needs the dialogue in
    one language)."""
    if topic is not None and topic.reply_en:
        text = topic.reply_en.strip()
    elif reason == "person":
        text = texts_en.FIXED[texts.HANDOFF["person"]]
    elif reason in ("off_topic", "urgent"):
        text = texts_en.NOT_IN_KEK
    else:
        text = texts_en.NO_ANSWER if chosen else texts_en.MISSING
    if not is_emergency(reason, topic):
        text = f"{text}\n\n{texts_en.FIXED[texts.PHONE_115]}"
    office = () if chosen else (Option(texts_en.BUTTON_OFFICE, AskOffice(english=True)),)
    return Reply(text, office)


def english_missing() -> Reply:
    return Reply(texts_en.MISSING, (Option(texts_en.BUTTON_OFFICE, AskOffice(english=True)),))


def english_smalltalk(kind: str) -> Reply:
    """Smalltalk in English: the English version of the kind's reply; a greeting or "do you
    speak English?" says which answers exist in English."""
    if kind in ("greeting", "language") or kind not in texts.SMALLTALK:
        return Reply(texts_en.HELLO)
    text = texts_en.FIXED[texts.SMALLTALK[kind]]
    office = (Option(texts_en.BUTTON_OFFICE, AskOffice(english=True)),)
    return Reply(text, office if kind == "complaint" else ())


def in_language(reply: Reply, language: str) -> Reply:
    """The reply with its fixed texts and button labels in Leichte Sprache ("easy") or English
    ("en") where there is a version of them (bot/translate.py); texts from the knowledge base
    are chosen in the citizen's language when the reply is composed."""
    catalog = translate.catalog(language)
    if catalog is translate.GERMAN:
        return reply
    options = tuple(Option(catalog.label(o.label), o.action) for o in reply.options)
    return Reply(catalog.text(reply.text), options, reply.source, reply.reviewed)
