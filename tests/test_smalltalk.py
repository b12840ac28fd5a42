"""Smalltalk is recognised in the many ways people write it, and never swallows a question."""

from __future__ import annotations

import pytest

from bot import smalltalk, texts
from bot.actions import encode
from bot.dialogue import Decision
from bot.engine import Engine
from bot.replies import compose


@pytest.mark.parametrize(("message", "kind"), [
    ("Moin moin!", "greeting"),
    ("Guten Morgen, ich wünsche einen schönen Tag", "greeting"),
    ("Hallo, ich heiße Erna und bin 78 Jahre alt", "greeting"),
    ("mahlzeit", "greeting"),
    ("Na, wie gehts dir so?", "how_are_you"),
    ("wie geht es Ihnen heute", "how_are_you"),
    ("Danke, das war hilfreich!", "praise"),
    ("dankeschön, hat mir sehr geholfen", "thanks"),
    ("Tschüss und bis bald", "bye"),
    ("gute nacht", "bye"),
    ("Wer hat dich gemacht?", "who"),
    ("hallo? ist da wer?", "who"),
    ("bist du ein mensch oder ne maschine", "human"),
    ("Guten Tag, sind Sie ein Roboter?", "machine"),
    ("Ist das hier ein echter Mensch?", "human"),
    ("bist du echt oder nur ein programm", "machine"),
    ("Wobei kannst du mir helfen?", "capabilities"),
    ("Können Sie mir helfen?", "capabilities"),
    ("Kannst du auch Plattdeutsch?", "language"),
    ("Du bist echt hilfreich", "praise"),
    ("das ist ja ein cooler bot", "praise"),
    ("super gemacht, danke", "praise"),
    ("alles klar", "ok"),
    ("Vielen Dank für die schnelle Hilfe!", "thanks"),
    ("hast du nen namen", "who"),
    ("schreibt da einer zurück oder is das automatisch", "human"),
    ("ok super, dat wars schon", "bye"),
    ("Schreib ich hier grad mit nem Roboter?", "machine"),
    ("Du bist echt hilfreich, toll gemacht!", "praise"),
    ("cooler bot 👍", "praise"),
    ("bist du ne ki oder sitzt da einer", "human"),
    ("womit kannst du mir helfen?", "capabilities"),
    ("super danke dir, tschau", "thanks"),
    ("Vielen herzlichen Dank für Ihre Hilfe, das hat mir sehr geholfen.", "thanks"),
    ("merci, top", "thanks"),
    ("Schreib ich hier mit einem echten Menschen?", "human"),
    ("na, alles fit bei dir?", "how_are_you"),
    ("hallo, was is das hier fürn chat?", "who"),
    ("Guten Tag, ich bin neu bei Telegram. Wie funktioniert das mit Ihnen?", "capabilities"),
    ("Guten Tag, ich bin neu bei Telegram. Wie funktioniert das mit Ihnen, was kann ich Sie "
     "fragen?", "capabilities"),
    ("nabend zusammen", "greeting"),
    ("Sehr geehrte Damen und Herren,", "greeting"),
    ("Hallo KEK-Bot!", "greeting"),
    ("Herzlichen Dank für die ausführliche Auskunft. Mit freundlichen Grüßen, H. Schulz",
     "thanks"),
    ("jo danke, dat reicht mir schon", "thanks"),
    ("dankeee 🙏🙏", "thanks"),
    ("🙏", "thanks"),
    ("tschö mit ö", "bye"),
    ("so ich mach schluss, bis die tage", "bye"),
    ("Mit wem spreche ich hier bitte?", "who"),
    ("who are you?", "who"),
    ("bist du ein echter mensch?", "human"),
    ("sitzt da ne echte person am anderen ende?", "human"),
    ("bin ich mit einem menschen verbunden?", "human"),
    ("liest das hier überhaupt ein mensch mit?", "human"),
    ("are you a real person?", "human"),
    ("verbinden sie mich mit einem mitarbeiter", "person"),
    ("kann ich bitte mit jemandem vom landkreis sprechen", "person"),
    ("keinen bot mehr, ich will nen menschen", "person"),
    ("i want talk to real person please", "person"),
    ("hilfe bitte ich blick hier nich durch", "capabilities"),
    ("what can you do", "capabilities"),
    ("can I write in English?", "language"),
    ("Ich nicht gut Deutsch, kann englisch?", "language"),
    ("можно по-русски?", "language"),
    ("allet jut bei dir?", "how_are_you"),
    ("super", "praise"),
    ("wow das war echt gut erklärt 👏", "praise"),
    ("nicht schlecht für nen bot", "praise"),
    ("du bist doof", "complaint"),
    ("das hilft mir nicht", "complaint"),
    ("blöder bot", "complaint"),
    ("So ein Unsinn. Das beantwortet meine Frage überhaupt nicht.", "complaint"),
    ("wat soll der quatsch", "complaint"),
    ("jo", "yes"),
    ("👍", "ok"),
    ("hm ok", "ok"),
    ("wie isses?", "how_are_you"),
    ("is this a real person?", "human"),
])
def test_smalltalk_kinds(message: str, kind: str) -> None:
    assert smalltalk.classify(message) == kind
    assert kind in texts.SMALLTALK or kind in texts.HANDOFF  # "person" is handed off


@pytest.mark.parametrize("message", [
    "Hallo, was ist die Kreisumlage?",
    "Ich bin arbeitslos, was nun?",
    "Gut, und was steht zur Kreisumlage drin?",
    "Danke! Und wie hoch sind die Schulden vom Kreis?",
    "Bist du sicher, dass das KEK 2017 beschlossen wurde?",
    "hallo, was ist das kek?",
    "moin, ärzte aufm land?",
    "wer bist du und was weißt du über den rufbus",
    "super, und was ist mit den schulen",
    "das hilft mir nicht, ich wollte wissen wann der kreistag das kek beschlossen hat",
    "Sehr geehrte Damen und Herren, wie hoch ist die Kreisumlage? Mit freundlichen Grüßen",
    "ich will einen Arzt in der Nähe finden",
    "wie isses mit dem rufbus?",
])
def test_questions_are_not_smalltalk(message: str) -> None:
    assert smalltalk.classify(message) is None


def test_a_complaint_offers_the_buergerbuero() -> None:
    reply = compose(Decision("smalltalk", reason="complaint"))
    assert "tut mir leid" in reply.text
    assert [encode(o.action) for o in reply.options] == ["office"]


@pytest.mark.parametrize("message", ["Themen", "alle themen", "Menü", "zurück", "Übersicht"])
def test_asking_for_the_menu_shows_the_themes(shipped_engine: Engine, message: str) -> None:
    decision, reply = shipped_engine.ask(message)
    assert (decision.action, decision.reason) == ("smalltalk", "themes")
    assert reply.text.startswith("Wählen Sie ein Thema")
    assert len(reply.options) == len(shipped_engine.kb.themes)


def test_a_question_about_themes_is_not_the_menu() -> None:
    assert smalltalk.classify("Welche Themen hat das KEK?") is None
