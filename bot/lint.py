"""Warnings for staff: plain language, length, indistinguishable entries, unfinished contacts,
old texts, drafts.

Warnings never stop the bot; `kek-bot check --strict` makes them fail the check.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from bot.knowledge import Entry, KnowledgeBase, Problem, all_texts
from bot.matcher import Matcher, Triggers
from bot.readability import abbreviations, analyse

MAX_SENTENCE_WORDS = 20
LONG_WORD_LETTERS = 16
MIN_AMSTAD = 50.0
AMSTAD_MIN_WORDS = 20
MAX_AGE_DAYS = 365
MIN_QUESTIONS = 4
MAX_ANSWER_SENTENCES = 4
MAX_ANSWER_CHARS = 500
MAX_MORE_CHARS = 1200
# Leichte Sprache, stricter than the plain-language rules of the other texts.
EASY_AVERAGE_WORDS, EASY_MAX_WORDS = 8, 12
MAX_BUTTON_TITLE = 60  # characters of a title in Leichte Sprache on a button
EASY_LONG_WORD = 14  # letters of a word without a hyphen
# "wurde beschlossen", "ist gebaut worden", "wird gefördert": a form of werden with a
# participle at the end of the sentence (a warning, so a rough rule is enough).
_PASSIVE = re.compile(r"\b(wurden?|worden)\b|\b(wird|werden)\b.*\b\w+(t|en)\W*$", re.I)
_NEGATION = re.compile(r"\bnicht\b", re.I)
OFF_TOPIC_OVERLAP = 80.0  # matcher score from which a question counts as answered by an entry
_RAW_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_HTML = re.compile(r"</?[a-zA-Z][^>]*>")
# Sentences for the length rule end at . ! ? or a line break; a colon does not end one, nor do
# the dot of an abbreviation or of a day before a month ("12. Oktober").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9„\"])|\n+")
_NOT_AN_END = re.compile(r"\b(?:z\. ?B|bzw|ggf|ca|usw|u\. ?a|d\. ?h|Nr|evtl|inkl|Mio|Mrd|vgl|"
                         r"sog|Str|Tel)\.|\b\d{1,2}\.(?= (?:Januar|Februar|März|April|Mai|Juni|"
                         r"Juli|August|September|Oktober|November|Dezember)\b)")


def lint(kb: KnowledgeBase, today: dt.date | None = None,
         matcher: Matcher | None = None) -> list[Problem]:
    """All warnings for a knowledge base that loaded without errors (pass the matcher already
    built for `kb`, if there is one, so that the index is not built twice)."""
    today = today or dt.date.today()
    matcher = matcher or Matcher(kb)
    problems: list[Problem] = []
    for entry in [*kb.entries.values(), *kb.drafts.values()]:
        problems.extend(_entry_warnings(entry, today))
    problems.extend(_theme_warnings(kb))
    problems.extend(_draft_warnings(kb))
    problems.extend(_indistinguishable(kb, matcher))
    problems.extend(_contact_warnings(kb, today))
    problems.extend(_off_topics_answered(kb, matcher))
    problems.extend(_triggered_entries(kb))
    return problems


def _theme_warnings(kb: KnowledgeBase) -> Iterator[Problem]:
    for theme in kb.themes.values():
        for message in easy_problems(theme.title_easy or "", "title_easy"):
            yield Problem(theme.file, theme.line, "warning", f"Thema '{theme.id}'", message)


def _warn(entry: Entry, field: str, message: str) -> Problem:
    line = entry.field_lines.get(field, entry.line)
    return Problem(entry.file, line, "warning", f"Eintrag '{entry.id}'", message)


def _entry_warnings(entry: Entry, today: dt.date) -> Iterator[Problem]:
    if len(entry.questions) < MIN_QUESTIONS:
        yield _warn(entry, "questions", f"Feld 'questions': nur {len(entry.questions)} "
                    f"Fragen; mindestens {MIN_QUESTIONS} verschiedene helfen beim Finden")
    if not entry.title.rstrip().endswith("?"):
        yield _warn(entry, "questions", "Feld 'questions': die erste Frage ist die Überschrift "
                    "des Eintrags (auf Knöpfen und vor der Antwort); bitte als ganze Frage mit "
                    f"Fragezeichen schreiben, nicht „{entry.title}“")
    if (today - entry.reviewed).days > MAX_AGE_DAYS:
        yield _warn(entry, "reviewed", f"Feld 'reviewed': der Stand ist älter als ein Jahr "
                    f"({entry.reviewed.isoformat()}); bitte prüfen und Datum erneuern")
    yield from _length_warnings(entry)
    for field, text in all_texts(entry):
        yield from _text_warnings(entry, field, text)
    if entry.easy:
        for message in easy_problems(entry.easy):
            yield _warn(entry, "easy", message)
    if entry.title_easy:
        for message in easy_problems(entry.title_easy, "title_easy"):
            yield _warn(entry, "title_easy", message)
        if len(entry.title_easy) > MAX_BUTTON_TITLE:
            yield _warn(entry, "title_easy", f"Feld 'title_easy': {len(entry.title_easy)} "
                        f"Zeichen; auf einem Knopf lesen sich höchstens {MAX_BUTTON_TITLE} gut")


def _length_warnings(entry: Entry) -> Iterator[Problem]:
    """A short answer of at most 4 sentences and 500 characters; "Mehr dazu" of at most 1,200."""
    sentences = sentence_count(entry.answer)
    if sentences > MAX_ANSWER_SENTENCES:
        yield _warn(entry, "answer", f"Feld 'answer': die kurze Antwort hat {sentences} Sätze "
                    f"(höchstens {MAX_ANSWER_SENTENCES}); Einzelheiten gehören unter 'more'")
    if len(entry.answer) > MAX_ANSWER_CHARS:
        yield _warn(entry, "answer", "Feld 'answer': die kurze Antwort hat "
                    f"{_thousands(len(entry.answer))} Zeichen (höchstens {MAX_ANSWER_CHARS}); "
                    "bitte kürzen oder Einzelheiten unter 'more' schreiben")
    if entry.more and len(entry.more) > MAX_MORE_CHARS:
        yield _warn(entry, "more", f"Feld 'more': der Text hat {_thousands(len(entry.more))} "
                    f"Zeichen (höchstens {_thousands(MAX_MORE_CHARS)}); bitte kürzen")


def sentences(text: str) -> list[str]:
    """Sentences as the length rules count them: ended by . ! ? or a line break."""
    protected = _NOT_AN_END.sub(lambda m: m.group(0).replace(".", "§"), text)
    return [part.replace("§", ".") for part in _SENTENCE_END.split(protected)
            if re.search(r"\w", part)]


def easy_problems(text: str, field: str = "easy") -> Iterator[str]:
    """The stricter rules for Leichte Sprache: short sentences, no passive, a positive
    phrasing where one exists, long words hyphenated."""
    found = [re.findall(r"[\w-]+", sentence) for sentence in sentences(text)]
    counts = [len(words) for words in found if words]
    if counts and sum(counts) / len(counts) > EASY_AVERAGE_WORDS:
        yield (f"Feld '{field}': im Schnitt {sum(counts) / len(counts):.1f} Wörter pro Satz "
               f"(höchstens {EASY_AVERAGE_WORDS}) – bitte kürzere Sätze")
    for words in found:
        if len(words) > EASY_MAX_WORDS:
            yield (f"Feld '{field}': ein Satz hat {len(words)} Wörter (höchstens "
                   f"{EASY_MAX_WORDS}): „{' '.join(words[:5])} …“")
    for sentence in sentences(text):
        if _PASSIVE.search(sentence):
            yield f"Feld '{field}': Passiv vermeiden: „{sentence.strip()[:60]}“"
        if _NEGATION.search(sentence):
            yield (f"Feld '{field}': „nicht“ – gibt es eine positive Formulierung? "
                   f"„{sentence.strip()[:60]}“")
    long_words = sorted({w for words in found for w in words
                         if len(w) > EASY_LONG_WORD and "-" not in w})
    if long_words:
        yield f"Feld '{field}': lange Wörter mit Bindestrich gliedern: {', '.join(long_words)}"


def sentence_count(text: str) -> int:
    """Sentences as the length rule counts them: ended by . ! ? or a line break."""
    protected = _NOT_AN_END.sub(lambda m: m.group(0).replace(".", "§"), text)
    return sum(1 for part in _SENTENCE_END.split(protected) if re.search(r"\w", part))


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _draft_warnings(kb: KnowledgeBase) -> Iterator[Problem]:
    """Drafts are never shown; name each, and each published entry that points to one."""
    for draft in kb.drafts.values():
        yield _warn(draft, "draft", "Entwurf (draft: true): der Bot zeigt diesen Eintrag nicht "
                    "und antwortet nie damit. Zum Veröffentlichen die Zeile 'draft: true' löschen")
    for entry in kb.entries.values():
        for ref in entry.related:
            if ref in kb.drafts:
                yield _warn(entry, "related", f"Feld 'related': '{ref}' ist ein Entwurf; der "
                            "Bot zeigt den Verweis erst, wenn der Eintrag veröffentlicht ist")


def _text_warnings(entry: Entry, field: str, text: str) -> Iterator[Problem]:
    for message in plain_language_problems(field, text):
        yield _warn(entry, field, message)
    if _RAW_URL.search(text):
        yield _warn(entry, field, f"Feld '{field}': keine Webadressen im Text; die Quelle "
                    "zeigt der Bot als Link")
    if _HTML.search(text):
        yield _warn(entry, field, f"Feld '{field}': keine HTML-Zeichen wie <b> im Text")


def plain_language_problems(field: str, text: str) -> Iterator[str]:
    """What breaks the plain-language rules in one text: long sentences and words, hard
    reading, abbreviations. Staff texts and the bot's own fixed texts both keep them."""
    stats = analyse(text)
    for sentence in stats.sentences:
        if len(sentence) > MAX_SENTENCE_WORDS:
            start = " ".join(sentence[:5])
            yield (f"Feld '{field}': ein Satz hat {len(sentence)} Wörter "
                   f"(höchstens {MAX_SENTENCE_WORDS}): „{start} …“ – bitte teilen")
    long_words = sorted({w for w in stats.words
                         if len(w) >= LONG_WORD_LETTERS and "-" not in w and "·" not in w})
    if long_words:
        yield f"Feld '{field}': lange Wörter mit Bindestrich gliedern: {', '.join(long_words)}"
    if len(stats.words) >= AMSTAD_MIN_WORDS and stats.amstad < MIN_AMSTAD:
        yield (f"Feld '{field}': schwer lesbar (Flesch-Amstad {stats.amstad:.0f}, Ziel "
               f"mindestens {MIN_AMSTAD:.0f}); kürzere Sätze und Wörter helfen")
    found = abbreviations(text)
    if found:
        yield f"Feld '{field}': Abkürzungen ausschreiben: {', '.join(sorted(set(found)))}"


def _indistinguishable(kb: KnowledgeBase, matcher: Matcher) -> Iterator[Problem]:
    """Phrasings for which the matcher ranks another entry at least as high as their own."""
    reported: set[frozenset[str]] = set()
    for entry in kb.entries.values():
        for question in entry.questions:
            ranked = matcher.search(question, limit=3)
            own = next((m.score for m in ranked if m.entry.id == entry.id), 0.0)
            for rival in ranked:
                pair = frozenset((entry.id, rival.entry.id))
                if rival.entry.id == entry.id or pair in reported or rival.score < own:
                    continue
                reported.add(pair)
                yield _warn(entry, "questions", f"die Frage „{question}“ passt genauso gut zu "
                            f"Eintrag '{rival.entry.id}' ({rival.entry.file}); der Bot kann "
                            "die beiden nicht sicher unterscheiden – Fragen genauer formulieren")


def _off_topics_answered(kb: KnowledgeBase, matcher: Matcher) -> Iterator[Problem]:
    """Questions listed as outside the KEK that an entry answers almost word for word."""
    for topic in kb.off_topics.values():
        for question in topic.questions:
            found = matcher.search(question, limit=1)
            if found and found[0].score >= OFF_TOPIC_OVERLAP:
                entry = found[0].entry
                yield Problem(topic.file, topic.line, "warning",
                              f"Thema außerhalb des KEK '{topic.id}'",
                              f"die Frage „{question}“ beantwortet schon Eintrag '{entry.id}' "
                              f"({entry.file}); sie gehört nicht in diese Liste")


def _triggered_entries(kb: KnowledgeBase) -> Iterator[Problem]:
    """KEK questions that a trigger word of an outside subject would take away."""
    triggers = Triggers(kb)
    for entry in kb.entries.values():
        for question in entry.questions:
            topic = triggers.find(question)
            if topic is not None:
                yield _warn(entry, "questions", f"die Frage „{question}“ enthält ein Wort aus "
                            f"'triggers' von '{topic.id}' ({topic.file}); der Bot würde sie "
                            "nie beantworten")


def _contact_warnings(kb: KnowledgeBase, today: dt.date) -> Iterator[Problem]:
    for contact in kb.contacts.values():
        where = f"Kontakt '{contact.id}'"
        for name in contact.to_fill:
            line = contact.field_lines.get(name, contact.line)
            yield Problem(contact.file, line, "warning", where, f"Feld '{name}' ist noch "
                          "nicht ausgefüllt (ZU ERGÄNZEN); Bürger sehen es nicht")
        if (today - contact.reviewed).days > MAX_AGE_DAYS:
            line = contact.field_lines.get("reviewed", contact.line)
            yield Problem(contact.file, line, "warning", where, "Feld 'reviewed': der Stand "
                          "ist älter als ein Jahr; bitte Angaben prüfen")
