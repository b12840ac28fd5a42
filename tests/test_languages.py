"""A citizen who chose English or Leichte Sprache gets every message in it: menus, answers,
deep links, the whole forwarding dialogue, the staff answer, /meine_fragen and /loeschen.
The real application against the emulator, a fresh SQLite file per test."""

from __future__ import annotations

import re
import string
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest_asyncio

from bot import texts, texts_easy, texts_en, translate
from bot.engine import Engine
from tests.e2e import Person, labels
from tests.inprocess import HAGENOW_CHAT, World, world
from tests.test_translations import SENTENCES


@pytest_asyncio.fixture
async def w(tmp_path: Path, shipped_engine: Engine) -> AsyncIterator[World]:
    async with world(tmp_path, shipped_engine) as running:
        yield running


async def choose(citizen: Person, language: str) -> None:
    menu = await citizen.says("/sprache")
    await citizen.presses(menu, texts.LANGUAGE_BUTTONS[language])


def german_fixed_texts(language: str) -> list[str]:
    """The longest literal piece of every German citizen text: none may reach a citizen who
    chose another language (unless the version in it says the same, as Leichte Sprache may
    where the German is simple already)."""
    pieces = []
    for text in SENTENCES.values():
        literals = [lit for lit, _, _, _ in string.Formatter().parse(text)]
        longest = max((p.strip() for lit in literals for p in lit.split("\n")), key=len)
        if len(longest) >= 25 and longest not in translate.template(language, text):
            pieces.append(longest)
    return pieces


def received(w: World, chat: int) -> list[dict[str, Any]]:
    return [e["message"] for e in w.emu.bot_events(chat) if "message" in e]


def assert_no_german_fixed_text(w: World, chat: int) -> None:
    """Every message and button the citizen got is free of the German fixed texts."""
    pieces = german_fixed_texts("en")
    assert len(pieces) > 60
    for message in received(w, chat):
        seen = "\n".join([message.get("text", ""), *labels(message)])
        leaked = [p for p in pieces if p in seen]
        assert leaked == [], seen
        german_labels = set(texts_en.BUTTONS) - set(texts_en.BUTTONS.values())
        assert not german_labels & set(labels(message)), labels(message)


def number_in(message: dict[str, Any]) -> str:
    found = re.search(r"LUP-\d{4,}", message["text"])
    assert found, message["text"]
    return found.group(0)


async def test_english_menus_answers_and_deep_links(w: World, shipped_engine: Engine) -> None:
    kb = shipped_engine.kb
    citizen = Person(w.emu, 781)
    await choose(citizen, "en")
    themes = await citizen.says("/themen")
    assert themes["text"] == texts_en.FIXED[texts.THEMES_INTRO]
    assert labels(themes) == [t.title_en or t.title for t in kb.themes.values()]
    kek = await citizen.presses(themes, kb.themes["kek"].title_en or "")
    first = kb.entries_of("kek")[0]
    assert first.en is not None and first.en.questions[0] in labels(kek)
    assert kek["text"].startswith(f"{kb.themes['kek'].title_en}, page 1 of ")
    shown = await citizen.presses(kek, first.en.questions[0])
    assert shown["text"].startswith(first.en.answer.strip()[:60])
    linked = await citizen.says("/start kek-beschluss")
    english = kb.entries["kek-beschluss"].en
    assert english is not None and linked["text"].startswith(english.answer.strip()[:60])
    contact = await citizen.says("/kontakt Hagenow")
    assert contact["text"].startswith(texts_en.FIXED[texts.CONTACT_INTRO])
    assert "Bürgerbüro Hagenow" in contact["text"]
    others = [c.name for c in kb.contacts.values() if "Hagenow" not in c.name]
    assert not any(name in contact["text"] for name in others)
    for command in ("/barrierefreiheit", "/impressum", "/gibtsnicht", "/meine_fragen"):
        await citizen.says(command)
    assert_no_german_fixed_text(w, 781)


async def test_the_whole_forwarding_dialogue_in_english(w: World) -> None:
    citizen = Person(w.emu, 782)
    await choose(citizen, "en")
    answer = await citizen.says("When was the KEK adopted?")
    consent = await citizen.presses(answer, texts_en.BUTTONS[texts.BUTTON_ASK_OFFICE])
    assert consent["text"].startswith("Shall I forward your question")
    assert "“When was the KEK adopted?”" in consent["text"]
    assert labels(consent) == [texts_en.BUTTONS[texts.BUTTON_CONSENT_YES],
                               texts_en.BUTTONS[texts.BUTTON_CONSENT_NO],
                               texts_en.BUTTONS[texts.BUTTON_PRIVACY]]
    town = await citizen.presses(consent, texts_en.BUTTONS[texts.BUTTON_CONSENT_YES])
    assert town["text"] == texts_en.FIXED[texts.TOWN_QUESTION]
    confirmation = await citizen.says("Hagenow")
    number = number_in(confirmation)
    assert confirmation["text"].startswith(f"Thank you! Your question is forwarded. Its number "
                                           f"is {number}.")
    staff_copy = await w.emu.wait_for_bot_message(
        HAGENOW_CHAT, predicate=lambda m: m.get("text", "").startswith(f"Neue Frage {number}"))
    mark = w.emu.mark()
    await w.hagenow.says("Am 12. Oktober 2017.", reply_to=staff_copy)
    delivered = await w.emu.wait_for_bot_message(782, after=mark)
    assert delivered["text"].startswith(f"Answer from Bürgerbüro Hagenow to your question "
                                        f"{number}:\n\nAm 12. Oktober 2017.")
    assert delivered["text"].endswith("Your question was: “When was the KEK adopted?”")
    mine = await citizen.says("/meine_fragen")
    assert mine["text"].startswith(texts_en.FIXED[texts.MY_TICKETS_INTRO])
    assert f"Question {number} of " in mine["text"] and ": answered." in mine["text"]
    asked = await citizen.says("/loeschen")
    done = await citizen.presses(asked, texts_en.BUTTONS[texts.BUTTON_DELETE_YES])
    assert done["text"].startswith("I deleted all stored data about your questions (1 questions)")
    assert w.query("SELECT * FROM preferences") == [] and w.tickets(782) == []
    assert_no_german_fixed_text(w, 782)


async def test_the_forwarding_dialogue_in_leichte_sprache(w: World) -> None:
    easy = translate.CATALOGS["easy"]
    citizen = Person(w.emu, 783)
    await citizen.says("/einfach")
    consent = await citizen.says_and_gets("Wie backe ich Pfannkuchen?",
                                          easy.label(texts.BUTTON_CONSENT_YES))
    town = await citizen.presses(consent, easy.label(texts.BUTTON_CONSENT_YES))
    assert town["text"] == easy.template(texts.TOWN_QUESTION)
    confirmation = await citizen.presses(town, easy.label(texts.BUTTON_SKIP))
    number = number_in(confirmation)
    first_line = easy.template(texts.CONFIRMATION).split("\n")[0]
    assert confirmation["text"].startswith(first_line.format(number=number, office="")[:20])
    staff_copy = await w.emu.wait_for_bot_message(
        w.staff.chat, predicate=lambda m: m.get("text", "").startswith(f"Neue Frage {number}"))
    mark = w.emu.mark()
    await w.staff.says("Das weiß ich leider auch nicht.", reply_to=staff_copy)
    delivered = await w.emu.wait_for_bot_message(783, after=mark)
    assert "Das weiß ich leider auch nicht." in delivered["text"]
    assert delivered["text"] != texts.ANSWER_TO_CITIZEN.format(
        office="Bürgerbüro des Landkreises", number=number, answer="Das weiß ich leider auch "
        "nicht.", question="Wie backe ich Pfannkuchen?")
    mine = await citizen.says("/meine_fragen")
    assert mine["text"].startswith(easy.template(texts.MY_TICKETS_INTRO))
    privacy = await citizen.says("/datenschutz")
    assert privacy["text"] == w.services.workflow.forwarding.privacy_notice("easy")
    asked = await citizen.says("/loeschen")
    assert asked["text"] == texts_easy.FIXED[texts.DELETE_CONFIRM]
    pieces = german_fixed_texts("easy")
    assert len(pieces) > 60
    for message in received(w, 783):
        assert not [p for p in pieces if p in message.get("text", "")], message["text"]


async def test_the_flood_notice_comes_in_the_chosen_language(w: World) -> None:
    citizen = Person(w.emu, 784)
    await choose(citizen, "en")
    mark = w.emu.mark()
    for number in range(30):
        w.emu.send_text(784, f"What is the KEK 2030? ({number})")
    slow = texts_en.FIXED[texts.SLOW_DOWN]
    await w.emu.wait_for_bot_message(784, lambda m: m.get("text") == slow, after=mark)
    replies = [e["message"]["text"] for e in w.emu.bot_events(784, after=mark)]
    assert texts.SLOW_DOWN not in replies and replies.count(slow) == 1


async def test_menus_in_leichte_sprache_show_the_easy_titles(w: World,
                                                            shipped_engine: Engine) -> None:
    kb = shipped_engine.kb
    citizen = Person(w.emu, 785)
    await citizen.says("/einfach")
    themes = await citizen.says("/themen")
    assert themes["text"] == texts_easy.FIXED[texts.THEMES_INTRO]
    assert labels(themes) == [t.title_easy or t.title for t in kb.themes.values()]
    finanzen = kb.themes["finanzen"]
    assert finanzen.title_easy is not None
    menu = await citizen.presses(themes, finanzen.title_easy)
    first = kb.entries_of("finanzen")[0]
    assert first.title_easy is not None and first.title_easy in labels(menu)
    shown = await citizen.presses(menu, first.title_easy)
    assert first.easy is not None and shown["text"].startswith(first.easy.splitlines()[0])
