"""Smalltalk is recognised in the many ways people write it, and never swallows a question."""

from __future__ import annotations

import pytest

from bot import smalltalk, texts


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
    ("Guten Tag, sind Sie ein Roboter?", "human"),
    ("Ist das hier ein echter Mensch?", "human"),
    ("bist du echt oder nur ein programm", "human"),
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
    ("Schreib ich hier grad mit nem Roboter?", "human"),
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
])
def test_smalltalk_kinds(message: str, kind: str) -> None:
    assert smalltalk.classify(message) == kind
    assert kind in texts.SMALLTALK


@pytest.mark.parametrize("message", [
    "Hallo, was ist die Kreisumlage?",
    "Ich bin arbeitslos, was nun?",
    "Gut, und was steht zur Kreisumlage drin?",
    "Danke! Und wie hoch sind die Schulden vom Kreis?",
    "Bist du sicher, dass das KEK 2017 beschlossen wurde?",
])
def test_questions_are_not_smalltalk(message: str) -> None:
    assert smalltalk.classify(message) is None
