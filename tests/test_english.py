"""Messages in English: recognised, answered from the English texts where an entry has them,
honestly told where it has none; German messages stay German."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from bot import replies, smalltalk, texts, texts_en
from bot.actions import AskOffice, ShowEntry, decode, encode
from bot.engine import Engine
from bot.english import looks_english, without_signature
from bot.knowledge import KnowledgeBase, load_knowledge


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


@pytest.mark.parametrize(("text", "entry_id"), [
    ("will my house get fast internet soon?", "digitalisierung-anschluss"),
    ("what is the levy the municipalities pay", "finanzen-kreisumlage"),
    ("when did the kreistag vote on the kek", "kek-beschluss"),
    ("whats the rufbus and how does it work", "lebensraum-rufbus"),
])
def test_english_questions_find_their_entry_by_subject_words(shipped_engine: Engine, text: str,
                                                              entry_id: str) -> None:
    """Subject words decide, weighted by how rare they are, not "the district" that every
    question shares; the right entry comes first."""
    [first, *_] = shipped_engine.english.search(text)
    assert first.entry.id == entry_id


def test_unsure_english_choices_open_english_answers_without_english_chosen(
        shipped_engine: Engine) -> None:
    decision = shipped_engine.decide_english("kek?")
    assert decision.english and decision.action in ("clarify", "answer")
    choices = replies.english_choices([m.entry for m in shipped_engine.english.search("kek")],
                                      chosen=False)
    assert choices.text in (texts_en.FIXED[texts.CLARIFY], texts_en.FIXED[texts.CLARIFY_ONE])
    first = choices.options[0].action
    assert isinstance(first, ShowEntry) and first.verb == "english"
    assert decode(encode(first)) == first
    shown = shipped_engine.act(first)
    entry = shipped_engine.kb.entries[first.entry_id]
    assert entry.en is not None and shown.text.startswith(entry.en.answer.strip()[:40])
    assert choices.options[-1].action == AskOffice(english=True)


@pytest.mark.parametrize(("text", "kind"), [
    ("are you a bot or a real person?", "human"), ("ok bye, have a nice day", "bye"),
    ("who made you?", "who"), ("thank you very much!", "thanks"),
    ("is there a bus to the day care?", None), ("great, thanks!", "thanks"),
    ("hello there!", "greeting"), ("do you speak german?", "language"),
])
def test_english_smalltalk(text: str, kind: str | None) -> None:
    assert smalltalk.classify(text) == kind


@pytest.mark.parametrize(("text", "question"), [
    ("Could you explain the plan? Kind regards, Pieter van Dijk", "Could you explain the plan"),
    ("Is there help for nurses? Thank you, Olena", "Is there help for nurses"),
    ("what is best for me", "what is best for me"), ("thanks", "thanks"),
])
def test_a_letters_closing_and_signature_are_set_aside(text: str, question: str) -> None:
    assert without_signature(text) == question


def test_an_emergency_in_english_gets_the_numbers_in_english(shipped_engine: Engine) -> None:
    decision, reply = shipped_engine.ask("please help, my husband is not breathing")
    assert decision.english and decision.reason == "urgent"
    assert "112" in reply.text and reply.text.startswith("In an emergency")
    assert "115" not in reply.text, "an emergency names 112 alone"


def test_a_subject_outside_the_kek_is_recognised_in_english(shipped_engine: Engine) -> None:
    decision, reply = shipped_engine.ask("where can I renew my passport? it expires next week")
    assert decision.english and (decision.action, decision.reason) == ("handoff", "off_topic")
    assert reply.text.startswith(texts_en.NOT_IN_KEK) and "115" in reply.text


def test_english_synonyms_are_read_and_used_for_english_only(tmp_path: Path) -> None:
    copy = tmp_path / "kb"
    shutil.copytree(Path(__file__).parent / "data" / "mini", copy)
    synonyms = copy / "synonyme.yaml"
    synonyms.write_text(synonyms.read_text("utf-8")
                        + "synonyms_en:\n  levy: [kreisumlage contribution, zorblax]\n", "utf-8")
    kb, problems = load_knowledge(copy)
    assert [p for p in problems if p.level == "error"] == []
    assert kb.synonyms_en == {"levy": ("kreisumlage contribution", "zorblax")}
    assert "levy" not in kb.synonyms
    engine = Engine(kb)
    [found, *_] = engine.english.search("what is the district zorblax")
    assert found.entry.id == "kreisumlage" and found.score >= 90
    without = Engine(dataclasses.replace(kb, synonyms_en={}))
    assert not without.english.search("what is the district zorblax") or \
        without.english.search("what is the district zorblax")[0].score < found.score
