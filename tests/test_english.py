"""Messages in English: recognised, answered from the English texts where an entry has them,
honestly told where it has none; German messages stay German."""

from __future__ import annotations

import pytest

from bot import texts, texts_en
from bot.engine import Engine
from bot.english import looks_english
from bot.knowledge import KnowledgeBase


@pytest.mark.parametrize(("text", "english"), [
    ("Good morning, do you speak English?", True), ("What is the district levy?", True),
    ("how can i ask the county a question", True), ("Hello, what is the KEK 2030?", True),
    ("Was ist die Kreisumlage?", False), ("Hallo, bitte hilfe", False), ("hello", False),
    ("Wie is dat mit dem Internet?", False), ("Was ist the KEK?", False),
    ("What is SWOT?", True), ("hi", False), ("Hi, was ist das KEK?", False),
])
def test_english_is_recognised_by_its_function_words(text: str, english: bool) -> None:
    assert looks_english(text) is english


def test_an_english_question_gets_the_english_answer(mini_kb: KnowledgeBase) -> None:
    engine = Engine(mini_kb)
    decision, reply = engine.ask("what is the district levy")
    assert (decision.action, decision.entry and decision.entry.id) == ("answer", "kreisumlage")
    assert reply.text.startswith("The district levy (Kreisumlage)")
    assert "Source (in German)" in reply.text


def test_without_a_translation_it_says_so_in_english(mini_kb: KnowledgeBase) -> None:
    engine = Engine(mini_kb)
    decision, reply = engine.ask("What does the plan say about fast internet in villages?")
    assert decision.action == "handoff" and decision.english
    assert reply.text == f"{texts_en.MISSING}\n\n{texts_en.FIXED[texts.PHONE_115]}"
    greeting = engine.ask("Good morning, do you speak English?")[1]
    assert greeting.text == texts_en.HELLO


def test_german_questions_are_not_affected(mini_kb: KnowledgeBase) -> None:
    decision, reply = Engine(mini_kb).ask("Was ist die Kreisumlage?")
    assert decision.entry is not None and decision.entry.id == "kreisumlage"
    assert reply.text.startswith("Die Kreisumlage")


def test_the_citizens_office_button_of_an_english_reply_gives_english_contacts(
        mini_kb: KnowledgeBase) -> None:
    engine = Engine(mini_kb)
    _, reply = engine.ask("What does the plan say about fast internet in villages?")
    [button] = reply.options
    contacts = engine.act(button.action)
    assert contacts.text.startswith(texts_en.FIXED[texts.CONTACT_INTRO])
    assert "115" in contacts.text and "Öffnungszeiten" not in contacts.text
