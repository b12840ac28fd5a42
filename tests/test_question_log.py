"""The question log and the curation report: nothing that identifies a citizen is kept, missed
questions become groups with snippets that work, feedback is counted, staff get statistics."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bot import texts
from bot.curation import insert_questions
from bot.engine import Engine, load_checked
from bot.masking import mask
from bot.report import collect, group, write
from bot.storage import Storage
from tests.conftest import KNOWLEDGE
from tests.e2e import Person, labels
from tests.inprocess import DEFAULT_CHAT, world


@pytest.mark.parametrize(("message", "masked"), [
    ("Was ist das KEK? Mit freundlichen Grüßen Erika Mustermann",
     "Was ist das KEK? Mit freundlichen Grüßen [Name]"),
    ("Was ist die Kreisumlage? LG Kalle", "Was ist die Kreisumlage? LG [Name]"),
    ("Was ist die Kreisumlage?\nIhre Gerda aus Crivitz", "Was ist die Kreisumlage? Ihre [Name]"),
    ("Ich heiße Jürgen Meier und komme aus Hagenow. Wann kommt Glasfaser?",
     "Ich heiße [Name] und komme aus Hagenow. Wann kommt Glasfaser?"),
    ("Mein Name ist Petra, ich bin alleinerziehend. Gibt es Kitaplätze?",
     "Mein Name ist [Name], ich bin alleinerziehend. Gibt es Kitaplätze?"),
    ("Ich bin Dr. Ingrid Wendt. Was ist das KEK?", "Ich bin [Name]. Was ist das KEK?"),
    ("Ich bin Rentnerin. Was ist das KEK?", "Ich bin Rentnerin. Was ist das KEK?"),
    ("Rufen Sie mich an: 0385 123456 oder +49 (0)171 2345678",
     "Rufen Sie mich an: [Telefon] oder [Telefon]"),
    ("Meine Mail: erika.m@web.de, was ist KEK?", "Meine Mail: [E-Mail], was ist KEK?"),
    ("siehe https://example.org/x?a=1 und @erika_m", "siehe [Link] und [Name]"),
    ("Ausweisnummer T22000129, wann ist mein Pass fertig?",
     "Ausweisnummer [Nummer], wann ist mein Pass fertig?"),
    ("Was plant der Kreis bis 2030? Es sind 210.000 Menschen.",
     "Was plant der Kreis bis 2030? Es sind [Zahl] Menschen."),
    ("Ich bin 75 und wohne in Plau. Was ist das KEK?",
     "Ich bin [Zahl] und wohne in Plau. Was ist das KEK?"),
    ("Hallo, hier schreibt Familie Nowak aus Lübz. Gibt es einen Rufbus?",
     "Hallo, hier schreibt [Name] aus Lübz. Gibt es einen Rufbus?"),
])
def test_masking_removes_names_contact_data_and_numbers_but_keeps_years(
        message: str, masked: str) -> None:
    assert mask(message) == masked


async def test_the_log_holds_no_identifier(tmp_path: Path, shipped_engine: Engine) -> None:
    chat_id = 987_654_321_098
    async with world(tmp_path, shipped_engine) as w:
        citizen = Person(w.emu, chat_id, name="Erika")
        await citizen.says("Was ist die Kreisumlage? Mit freundlichen Grüßen Erika Zaunkoenig")
        await citizen.says("Wie backe ich Pfannkuchen? Ruf mich an: 0171 2345678")
        await citizen.says("Hallo")  # smalltalk: not logged
        rows = w.query("SELECT * FROM question_log ORDER BY id")
        columns = {c[1] for c in w.query("PRAGMA table_info(question_log)")}
    assert columns == {"id", "hour", "text", "outcome", "reason", "candidates", "entry",
                       "chosen", "feedback", "feedback_reason", "language"}
    assert [r["outcome"] for r in rows] == ["answer", "handoff"]
    assert all(r["hour"].endswith(":00:00+00:00") for r in rows)
    dump = repr([dict(r) for r in rows])
    for secret in ("Zaunkoenig", "Erika", "2345678", str(chat_id)):
        assert secret not in dump


async def test_feedback_and_its_reason_are_counted(tmp_path: Path,
                                                   shipped_engine: Engine) -> None:
    async with world(tmp_path, shipped_engine) as w:
        citizen = Person(w.emu, 731)
        answer = await citizen.says("Was ist die Kreisumlage?")
        sorry = await citizen.presses(answer, texts.BUTTON_UNHELPFUL)
        assert labels(sorry)[:3] == list(texts.BUTTON_REASON.values())
        thanks = await citizen.presses(sorry, texts.BUTTON_REASON["hard"])
        assert thanks["text"] == texts.FEEDBACK_REASON_THANKS
        counts = {(r["entry"], r["kind"]): r["count"]
                  for r in w.query("SELECT * FROM entry_feedback")}
        [row] = w.query("SELECT feedback, feedback_reason, entry FROM question_log")
    assert counts == {(row["entry"], "down"): 1, (row["entry"], "hard"): 1}
    assert (row["feedback"], row["feedback_reason"]) == ("down", "hard")


async def test_statistik_answers_in_a_staff_chat_with_a_photo(tmp_path: Path,
                                                              shipped_engine: Engine) -> None:
    async with world(tmp_path, shipped_engine) as w:
        await Person(w.emu, 732).says("Wie backe ich Pfannkuchen?")
        mark = w.emu.mark()
        summary = await w.staff.says("/statistik 7")
        assert "1 Fragen in 7 Tagen" in summary["text"]
        photo = await w.emu.wait_for_bot_message(DEFAULT_CHAT, lambda m: "photo" in m,
                                                 after=mark)
        assert photo["caption"] == texts.REPORT_CHART_ALT


async def log_burst(storage: Storage, questions: list[str], entry: str, score: float) -> None:
    for question in questions:
        await storage.log_question(mask(question), "handoff", "unknown", [(entry, score)], None)


BURST = ["Wann kommt der Schnupselbus nach Zarrentin?",
         "wann kommt der schnupselbus nach zarrentin",
         "Kommt der Schnupselbus bald nach Zarrentin?",
         "Schnupselbus Zarrentin wann"]


async def test_a_burst_of_similar_misses_is_one_group_whose_snippet_works(
        tmp_path: Path, shipped_engine: Engine) -> None:
    async with await Storage.open(tmp_path / "kek.sqlite3") as storage:
        await log_burst(storage, BURST, "lebensraum-rufbus", 45.0)
        await log_burst(storage, ["Was kostet ein Hundeführerschein?"], "kek-was-ist", 10.0)
        data = await collect(storage, shipped_engine.kb, 30)
    first = data.groups[0]
    assert len(first.questions) == len(BURST) and len(data.groups) == 2
    snippet = first.snippet(shipped_engine.kb, data.made.date())
    assert snippet.startswith("# In knowledge/lebensraum.yaml beim Eintrag lebensraum-rufbus")

    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, copy)
    target = copy / "lebensraum.yaml"
    pasted = [line.strip()[2:].strip('"') for line in snippet.splitlines()[1:]]
    target.write_text(insert_questions(target.read_text("utf-8"), "lebensraum-rufbus", pasted),
                      encoding="utf-8")
    engine = Engine(load_checked(copy))
    for question in BURST:
        decision = engine.decide(question)
        assert (decision.action, decision.entry and decision.entry.id) == (
            "answer", "lebensraum-rufbus"), question
    written = write(data, shipped_engine.kb, tmp_path / "bericht")
    page = written[0].read_text("utf-8")
    assert "Schnupselbus" in page and "data:image/png;base64," in page
    assert (tmp_path / "bericht" / "fragen.csv").read_text("utf-8").count("\n") == 6


async def test_the_report_handles_an_empty_log(tmp_path: Path, shipped_engine: Engine) -> None:
    async with await Storage.open(tmp_path / "kek.sqlite3") as storage:
        data = await collect(storage, shipped_engine.kb, 30)
    written = write(data, shipped_engine.kb, tmp_path / "bericht")
    page = written[0].read_text("utf-8")
    assert texts.REPORT_EMPTY in page and "<img" not in page
    assert data.unasked == sorted(shipped_engine.kb.entries)
    assert group([]) == []


async def test_old_log_rows_are_deleted_after_the_retention_period(tmp_path: Path) -> None:
    path = tmp_path / "kek.sqlite3"
    async with await Storage.open(path) as storage:
        await storage.log_question("alt", "handoff", "unknown", [], None)
        await storage.log_question("neu", "handoff", "unknown", [], None)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE question_log SET hour = '2020-01-01T00:00:00+00:00' "
                   "WHERE text = 'alt'")
    async with await Storage.open(path) as storage:
        assert await storage.expire_log(90) == 1
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT text FROM question_log").fetchall() == [("neu",)]


async def test_english_messages_are_logged_as_english_and_grouped_apart(
        tmp_path: Path, shipped_engine: Engine) -> None:
    async with world(tmp_path, shipped_engine) as w:
        citizen = Person(w.emu, 771)
        await citizen.says("What does the plan say about the Schnupselbus to Zarrentin?")
        await citizen.says("Was sagt der Plan zum Schnupselbus nach Zarrentin?")
        rows = w.query("SELECT text, language FROM question_log ORDER BY id")
    assert [r["language"] for r in rows] == ["en", "de"]
    async with await Storage.open(tmp_path / "kek.sqlite3") as storage:
        data = await collect(storage, shipped_engine.kb, 30)
    languages = sorted(g.language for g in data.groups)
    assert languages == ["de", "en"], "one English and one German group, never mixed"
