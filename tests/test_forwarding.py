"""Forwarding at the handler level: the real application in-process against the emulator, a fresh
database per test. Citizens and staff play the dialogues; faults are injected where messages
used to get lost or misdirected."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot import texts
from bot.engine import Engine
from bot.storage import MIGRATIONS
from tests.botapi_emulator import BotApiEmulator
from tests.e2e import TOKEN, Person, labels
from tests.inprocess import (
    COLLEAGUE,
    DEFAULT_CHAT,
    HAGENOW_CHAT,
    STAFF_USER,
    World,
    running_app,
    world,
)

QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


@pytest_asyncio.fixture
async def w(tmp_path: Path, shipped_engine: Engine) -> AsyncIterator[World]:
    async with world(tmp_path, shipped_engine) as running:
        yield running


def number_in(message: dict[str, Any]) -> str:
    found = re.search(r"LUP-\d{4,}", message["text"])
    assert found, message["text"]
    return found.group(0)


async def forward(citizen: Person, question: str, town: str | None = None) -> dict[str, Any]:
    """Ask, agree, give the town (or skip); the citizen's confirmation."""
    consent = await citizen.says(question)
    assert labels(consent) == [texts.BUTTON_CONSENT_YES, texts.BUTTON_CONSENT_NO,
                              texts.BUTTON_PRIVACY], consent["text"]
    town_question = await citizen.presses(consent, texts.BUTTON_CONSENT_YES)
    if town is None:
        return await citizen.presses(town_question, texts.BUTTON_SKIP)
    return await citizen.says(town)


async def staff_message_of(w: World, number: str, chat: int = DEFAULT_CHAT) -> dict[str, Any]:
    return await w.emu.wait_for_bot_message(
        chat, predicate=lambda m: m.get("text", "").startswith(f"Neue Frage {number}"))


async def test_whole_loop_with_claim_answer_and_receipt(w: World) -> None:
    citizen = Person(w.emu, 701)
    consent = await citizen.says("Wann wird bei mir der Müll abgeholt?")
    assert w.tickets() == [], "nothing is stored before consent"
    town_question = await citizen.presses(consent, texts.BUTTON_CONSENT_YES)
    assert "In welchem Ort" in town_question["text"]
    [waiting] = w.tickets(701)
    assert waiting["status"] == "new"
    assert not w.emu.bot_events(HAGENOW_CHAT), "nothing goes to staff before the town step"

    confirmation = await citizen.says("Hagenow")
    number = number_in(confirmation)
    assert "Bürgerbüro Hagenow" in confirmation["text"]
    ticket_message = await staff_message_of(w, number, HAGENOW_CHAT)
    assert "Ort: Hagenow" in ticket_message["text"]
    claimed = await w.hagenow.presses(ticket_message, texts.BUTTON_CLAIM)
    assert "Übernommen von Sachbearbeitung" in claimed["text"]
    assert labels(claimed) == []

    mark = w.emu.mark()
    receipt = await w.hagenow.says("Die Termine stehen im Abfallkalender.", reply_to=claimed)
    assert number in receipt["text"]
    assert labels(receipt) == [texts.BUTTON_UNDO, texts.BUTTON_ADOPT]
    answer = await w.emu.wait_for_bot_message(701, after=mark)
    assert answer["text"].startswith(f"Antwort vom Bürgerbüro Hagenow zu Ihrer Frage {number}")
    again = await w.hagenow.says(f"/antwort {number} Noch eine Antwort")
    assert "schon beantwortet" in again["text"]
    unknown = await w.staff.says("/antwort LUP-987654 Hallo")
    assert "gibt es nicht" in unknown["text"]


async def test_a_consent_button_forwards_the_question_it_was_shown_for(w: World) -> None:
    citizen = Person(w.emu, 702)
    older = await citizen.says("Wie backe ich einen Pfannkuchen?")
    newer = await citizen.says("Wie backe ich Brot? Meine Ausweisnummer ist T22000129.")
    assert labels(newer) == [texts.BUTTON_CONSENT_YES, texts.BUTTON_CONSENT_NO,
                              texts.BUTTON_PRIVACY]
    town_question = await citizen.presses(older, texts.BUTTON_CONSENT_YES)
    confirmation = await citizen.presses(town_question, texts.BUTTON_SKIP)
    [ticket] = w.tickets(702)
    assert ticket["question"] == "Wie backe ich einen Pfannkuchen?"
    assert number_in(confirmation) in (await citizen.presses(older, "Nein"))["text"]
    assert "T22000129" not in str([dict(r) for r in w.query("SELECT * FROM outbox")])


async def test_pressing_yes_twice_asks_again_and_a_late_skip_names_the_ticket(w: World) -> None:
    citizen = Person(w.emu, 703)
    consent = await citizen.says("Wie backe ich Pfannkuchen?")
    first = await citizen.presses(consent, texts.BUTTON_CONSENT_YES)
    second = await citizen.presses(consent, texts.BUTTON_CONSENT_YES)
    assert "In welchem Ort" in first["text"] and "In welchem Ort" in second["text"]
    confirmation = await citizen.presses(second, texts.BUTTON_SKIP)
    late = await citizen.presses(first, texts.BUTTON_SKIP)
    assert number_in(confirmation) in late["text"] and "schon weitergeleitet" in late["text"]
    assert len(w.tickets(703)) == 1


async def test_a_question_after_yes_is_answered_and_the_town_step_skipped(w: World) -> None:
    citizen = Person(w.emu, 704)
    consent = await citizen.says("Wie backe ich Pfannkuchen?")
    await citizen.presses(consent, texts.BUTTON_CONSENT_YES)
    mark = w.emu.mark()
    w.emu.send_text(704, "Was ist eigentlich die Kreisumlage?")
    answer = await w.emu.wait_for_bot_message(
        704, predicate=lambda m: "Kreisumlage" in m.get("text", ""), after=mark)
    assert "LUP-" not in answer["text"]
    confirmation = await w.emu.wait_for_bot_message(
        704, predicate=lambda m: "weitergeleitet" in m.get("text", ""), after=mark)
    [ticket] = w.tickets(704)
    assert ticket["town"] is None and ticket["question"] == "Wie backe ich Pfannkuchen?"
    staff = await staff_message_of(w, number_in(confirmation))
    assert "Ort: nicht angegeben" in staff["text"]


async def test_the_town_question_expires_and_the_question_still_goes(
        tmp_path: Path, shipped_engine: Engine) -> None:
    async with world(tmp_path, shipped_engine, {"KEK_BOT_HANDOFF__TOWN_MINUTES": "0"}) as w:
        citizen = Person(w.emu, 705)
        consent = await citizen.says("Wie backe ich Pfannkuchen?")
        await citizen.presses(consent, texts.BUTTON_CONSENT_YES)
        confirmation = await w.emu.wait_for_bot_message(
            705, predicate=lambda m: "weitergeleitet" in m.get("text", ""))
        await staff_message_of(w, number_in(confirmation))
        reply = await citizen.says("Hagenow")  # too late: a new message, not a town
        assert "LUP-" not in reply["text"]
        assert w.tickets(705)[0]["town"] is None


async def test_edits_never_run_commands(w: World) -> None:
    citizen = Person(w.emu, 706)
    await forward(citizen, "Wie backe ich Pfannkuchen?")
    mark = w.emu.mark()
    old_message = w.emu.send_text(706, "Hallo")
    await w.emu.wait_for_bot_message(706, after=mark)
    mark = w.emu.mark()
    w.emu.edit_text(old_message, "/loeschen")
    reply = await w.emu.wait_for_bot_message(706, after=mark)
    assert reply["text"] == texts.EDITED
    assert len(w.tickets(706)) == 1

    staff_note = w.emu.send_text(STAFF_USER, "Kaffee ist fertig", chat_id=DEFAULT_CHAT)
    mark = w.emu.mark()
    w.emu.edit_text(staff_note, "/offen")
    listing = await w.staff.says("/offen")  # the only listing after the edit is this one
    assert texts.STAFF_OPEN_INTRO in listing["text"]
    listings = [e for e in w.emu.bot_events(DEFAULT_CHAT, after=mark)
                if texts.STAFF_OPEN_INTRO in e["message"].get("text", "")]
    assert len(listings) == 1


async def test_staff_commands_run_only_in_staff_chats_and_private_chats(
        tmp_path: Path, shipped_engine: Engine) -> None:
    env = {"KEK_BOT_STAFF__USER_IDS": str(STAFF_USER)}
    async with world(tmp_path, shipped_engine, env) as w:
        citizen = Person(w.emu, 707)
        await forward(citizen, "Wie backe ich Pfannkuchen?", "Hagenow")
        w.emu.add_group(-700, "Dorfgruppe", [STAFF_USER, 707])
        mark = w.emu.mark()
        w.emu.send_text(STAFF_USER, "/offen", chat_id=-700)
        w.emu.send_text(STAFF_USER, "/antwort LUP-0001 Hallo", chat_id=-700)
        villager = Person(w.emu, 707, chat_id=-700, add=False)
        answer = await villager.says(f"@{w.app.bot.username} Was ist die Kreisumlage?")
        assert "Kreisumlage" in answer["text"]
        said = [e["message"]["text"] for e in w.emu.bot_events(-700, after=mark)]
        assert said == [answer["text"]], "nothing about tickets may reach a citizen group"
        assert w.tickets(707)[0]["status"] == "open"
        private = Person(w.emu, STAFF_USER, add=False)
        listing = await private.says("/offen")
        assert "Pfannkuchen" in listing["text"]


async def test_internal_notes_stay_internal_and_an_answer_can_be_taken_back(w: World) -> None:
    citizen = Person(w.emu, 708)
    number = number_in(await forward(citizen, "Wie backe ich Pfannkuchen?"))
    ticket_message = await staff_message_of(w, number)
    colleague = Person(w.emu, COLLEAGUE, chat_id=DEFAULT_CHAT, add=False)
    mark = w.emu.mark()
    saved = await colleague.says("#intern Wer übernimmt das?", reply_to=ticket_message)
    assert "interne Notiz" in saved["text"]
    assert w.query("SELECT author FROM ticket_messages WHERE author = 'intern'")

    receipt = await w.staff.says("Mit Mehl, Milch und Eiern.", reply_to=ticket_message)
    answer = await w.emu.wait_for_bot_message(708, after=mark)
    assert "Mehl" in answer["text"], "the note must not reach the citizen"
    withdrawn = await w.staff.presses(receipt, texts.BUTTON_UNDO)
    assert "zurückgenommen" in withdrawn["text"]
    notice = await w.emu.wait_for_bot_message(
        708, predicate=lambda m: "zurückgenommen" in m.get("text", ""), after=mark)
    assert number in notice["text"]
    assert answer["message_id"] not in [m["message_id"] for m in w.emu.bot_messages(708)]
    assert w.tickets(708)[0]["status"] == "open"

    mark = w.emu.mark()
    await w.staff.says(f"/antwort {number} Mit Dinkelmehl.")
    second = await w.emu.wait_for_bot_message(708, after=mark)
    assert "Dinkelmehl" in second["text"]


async def test_bad_button_data_and_numbers_are_answered_cleanly(
        w: World, caplog: pytest.LogCaptureFixture) -> None:
    citizen = Person(w.emu, 709)
    menu = await citizen.says("/themen")
    for data in ("theme:kek:²", "tk:claim:abc", "fw:yes:²", "entry:../../etc"):
        mark = w.emu.mark()
        w.emu.forge_callback(709, menu, data)
        reply = await w.emu.wait_for_bot_message(709, after=mark)
        assert reply["text"], data
    usage = await w.staff.says("/antwort LUP-² Hallo")
    assert "So geht es" in usage["text"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert w.tickets() == []


async def test_ticket_numbers_never_repeat_after_a_deletion(w: World) -> None:
    first = number_in(await forward(Person(w.emu, 710), "Wie backe ich Pfannkuchen?"))
    again = Person(w.emu, 710, add=False)
    deleted = await again.presses(await again.says("/loeschen"), texts.BUTTON_DELETE_YES)
    assert "1 Fragen" in deleted["text"]
    second = number_in(await forward(Person(w.emu, 711), "Wie backe ich Brot?"))
    assert second != first


async def test_a_late_button_press_still_counts(w: World,
                                                caplog: pytest.LogCaptureFixture) -> None:
    citizen = Person(w.emu, 712)
    consent = await citizen.says("Wie backe ich Pfannkuchen?")
    w.emu.fail("answerCallbackQuery", 400, QUERY_TOO_OLD)
    town_question = await citizen.presses(consent, texts.BUTTON_CONSENT_YES)
    assert "In welchem Ort" in town_question["text"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_reply_to_an_unlinked_copy_still_reaches_the_ticket(w: World) -> None:
    citizen = Person(w.emu, 713)
    number = number_in(await forward(citizen, "Wie backe ich Pfannkuchen?"))
    ticket_message = await staff_message_of(w, number)
    # As after a crash before the link was stored. In a thread: the bot must be able to finish
    # a transaction it has begun while this connection waits for the write lock.
    await asyncio.to_thread(w.execute, "DELETE FROM message_links")
    mark = w.emu.mark()
    await w.staff.says("Mit Mehl und Milch.", reply_to=ticket_message)
    answer = await w.emu.wait_for_bot_message(713, after=mark)
    assert "Mehl" in answer["text"]

    listing = await w.staff.says("/offen")
    lost = await w.staff.says("Und was ist die Kreisumlage?", reply_to=listing)
    assert lost["text"] == texts.STAFF_NOT_A_TICKET


async def test_long_texts_arrive_in_parts_and_a_reply_to_any_part_answers(w: World) -> None:
    citizen = Person(w.emu, 714)
    question = ("Ich habe eine lange Frage zum Backen. " * 200)[:4096]
    number = number_in(await forward(citizen, question))
    staff_parts = [await staff_message_of(w, number)]
    while sum(len(p["text"]) for p in staff_parts) < len(question):
        staff_parts.append(await w.emu.wait_for_bot_message(
            DEFAULT_CHAT, predicate=lambda m: "lange Frage" in m.get("text", "")
            and m not in staff_parts))
    assert len(staff_parts) >= 2 and staff_parts[0]["text"].startswith(f"Neue Frage {number}")
    assert all(len(p["text"]) <= 4096 for p in staff_parts)

    mark = w.emu.mark()
    follow_up = "Noch etwas: " + "Zimt " * 816
    added = await citizen.says(follow_up[:4096], reply_to=w.emu.bot_messages(714)[-1])
    assert number in added["text"]
    answer = ("Das geht so. " * 400)[:4000]
    await w.staff.says(answer, reply_to=staff_parts[0])
    last = await w.emu.wait_for_bot_message(
        714, predicate=lambda m: "Ihre Frage war" in m.get("text", ""), after=mark)
    delivered = [e["message"]["text"] for e in w.emu.bot_events(714, after=mark)
                 if e["kind"] == "sent" and e["message"]["message_id"] <= last["message_id"]]
    assert len(delivered) >= 3  # the receipt of the follow-up, then the answer in two parts
    assert answer.replace(" ", "") in "".join(delivered).replace(" ", "").replace("\n", "")
    notes = [e for e in w.emu.bot_events(DEFAULT_CHAT, after=mark) if "Zimt" in
             e["message"].get("text", "")]
    assert notes, "the long follow-up reached staff"


async def test_a_blocked_citizen_is_reported_to_staff_and_in_the_open_list(w: World) -> None:
    citizen = Person(w.emu, 715)
    number = number_in(await forward(citizen, "Wie backe ich Pfannkuchen?"))
    ticket_message = await staff_message_of(w, number)
    w.emu.block(715)
    await w.staff.says("Mit Mehl.", reply_to=ticket_message)
    notice = await w.emu.wait_for_bot_message(
        DEFAULT_CHAT, predicate=lambda m: m.get("text", "").startswith("Achtung"))
    assert number in notice["text"] and "blockiert" in notice["text"]
    listing = await w.staff.says("/offen")
    assert texts.STAFF_FAILED_INTRO in listing["text"] and number in listing["text"]
    [failed] = w.query("SELECT attempts FROM outbox WHERE failed_at IS NOT NULL")
    assert failed["attempts"] == 1, "a permanent error is not retried"


async def test_a_consent_from_before_a_restart_forwards_nothing(
        tmp_path: Path, shipped_engine: Engine) -> None:
    db = tmp_path / "kek.sqlite3"
    async with BotApiEmulator(TOKEN) as emu:
        emu.add_group(DEFAULT_CHAT, "Bürgerbüro Team", [])
        citizen = Person(emu, 716)
        async with running_app(emu, db, shipped_engine):
            consent = await citizen.says("Wie backe ich Pfannkuchen?")
        async with running_app(emu, db, shipped_engine):
            late = await citizen.presses(consent, texts.BUTTON_CONSENT_YES)
        assert late["text"] == texts.CONSENT_EXPIRED
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM tickets").fetchone() == (0,)


async def test_staff_chats_never_get_answers_from_the_engine(w: World) -> None:
    mark = w.emu.mark()
    reply = await w.staff.says(f"@{w.app.bot.username} Was ist die Kreisumlage?")
    assert reply["text"] == texts.STAFF_NOT_A_TICKET
    assert not [e for e in w.emu.bot_events(HAGENOW_CHAT, after=mark)]


async def test_deliveries_queued_by_the_old_version_go_out_after_the_update(
        tmp_path: Path, shipped_engine: Engine) -> None:
    db = tmp_path / "kek.sqlite3"
    with sqlite3.connect(db) as old:  # a version-1 database, as the bot left it when stopped
        old.executescript(f"BEGIN; {MIGRATIONS[0]}; PRAGMA user_version = 1; COMMIT;")
        old.execute("INSERT INTO tickets (id, citizen_chat_id, question, office_id, "
                    "staff_chat_id, created_at) VALUES (5, 717, 'Wie backe ich Brot?', "
                    "'parchim', ?, '2026-12-01T10:00:00+00:00')", (DEFAULT_CHAT,))
        for kind, payload in (("staff_ticket", "{}"), ("citizen_confirm", "{}"),
                              ("citizen_answer", '{"text": "Mit Sauerteig."}'),
                              ("staff_note", f'{{"chat_id": {DEFAULT_CHAT}, "text": "Notiz"}}')):
            old.execute("INSERT INTO outbox (ticket_id, citizen_chat_id, kind, payload, "
                        "next_attempt_at) VALUES (5, 717, ?, ?, '2026-12-01T10:00:00+00:00')",
                        (kind, payload))
    async with BotApiEmulator(TOKEN) as emu:
        emu.add_user(717, "Erika")
        emu.add_group(DEFAULT_CHAT, "Bürgerbüro Team", [])
        async with running_app(emu, db, shipped_engine):
            staff = await emu.wait_for_bot_message(
                DEFAULT_CHAT, predicate=lambda m: "Neue Frage LUP-0005" in m.get("text", ""))
            await emu.wait_for_bot_message(DEFAULT_CHAT, lambda m: m.get("text") == "Notiz")
            await emu.wait_for_bot_message(717, lambda m: "LUP-0005" in m.get("text", ""))
            await emu.wait_for_bot_message(717, lambda m: m.get("text") == "Mit Sauerteig.")
    assert labels(staff) == [texts.BUTTON_CLAIM]


async def test_deleted_means_deleted_down_to_the_bytes_of_database_and_log(w: World) -> None:
    chat_id = 987_654_321_098  # six bytes as a stored integer: searchable in the raw file
    citizen = Person(w.emu, chat_id)
    marker, answer_marker = "Zaunkoenig4711", "Antwortmarker0815"
    number = number_in(await forward(citizen, f"Wie backe ich {marker}?", "Hagenow"))
    ticket_message = await staff_message_of(w, number, HAGENOW_CHAT)
    mark = w.emu.mark()
    await w.hagenow.says(f"So: {answer_marker}.", reply_to=ticket_message)
    await w.emu.wait_for_bot_message(chat_id, after=mark)

    asked = await citizen.says("/loeschen")
    kept = await citizen.presses(asked, texts.BUTTON_DELETE_NO)
    assert kept["text"] == texts.DELETE_KEPT and len(w.tickets(chat_id)) == 1
    asked = await citizen.says("/loeschen")
    mark = w.emu.mark()
    deleted = await citizen.presses(asked, texts.BUTTON_DELETE_YES)
    assert "gelöscht (1 Fragen)" in deleted["text"]
    await w.emu.wait_for_event(  # the ticket message in the staff chat is removed, too
        lambda e: e["kind"] == "deleted" and e["chat_id"] == HAGENOW_CHAT
        and e["message"]["message_id"] == ticket_message["message_id"])
    raw = b"".join(p.read_bytes() for p in w.db.parent.iterdir() if p.name.startswith("kek"))
    for secret in (marker.encode(), answer_marker.encode(), str(chat_id).encode(),
                   chat_id.to_bytes(6, "big")):
        assert secret not in raw, secret


async def test_one_citizen_flooding_gets_one_slow_down_and_others_are_answered(
        w: World) -> None:
    Person(w.emu, 718)
    neighbour = Person(w.emu, 719)
    mark = w.emu.mark()
    for number in range(40):
        w.emu.send_text(718, f"Was ist die Kreisumlage? ({number})")
    answer = await neighbour.says("Was ist die Kreisumlage?")
    assert "Kreisumlage" in answer["text"]
    await w.emu.wait_for_bot_message(718, lambda m: m.get("text") == texts.SLOW_DOWN, after=mark)
    w.emu.send_text(718, "/hilfe")  # handled after the burst; replies keep their order
    await w.emu.wait_for_bot_message(718, lambda m: m.get("text") == texts.HELP, after=mark)
    replies = [e["message"]["text"] for e in w.emu.bot_events(718, after=mark)]
    assert replies.count(texts.SLOW_DOWN) == 1
    assert len(replies) <= 10 + 2, "the rest of the burst is ignored"


async def test_a_429_for_one_chat_delays_only_that_chat(w: World) -> None:
    Person(w.emu, 720)
    other = Person(w.emu, 721)
    w.emu.fail("sendMessage", 429, "Too Many Requests: retry after 2", retry_after=2)
    mark = w.emu.mark()
    w.emu.send_text(720, "Was ist die Kreisumlage?")
    await other.says("Was ist das KEK?")
    slow_answer = await w.emu.wait_for_bot_message(720, after=mark, timeout=10)
    assert "Kreisumlage" in slow_answer["text"], "the reply is sent after Telegram's wait"
    events = w.emu.bot_events(after=mark)
    assert [e["chat_id"] for e in events][:1] == [721], "the other chat did not wait"


async def test_privacy_notice_and_about_text(w: World) -> None:
    citizen = Person(w.emu, 722)
    notice = await citizen.says("/datenschutz")
    assert "Landkreis Ludwigslust-Parchim (Testbetrieb)" in notice["text"]
    assert "datenschutz@example.org" in notice["text"] and "180 Tage" in notice["text"]
    assert "Telegram" in notice["text"]
    consent = await citizen.says("Wie backe ich Pfannkuchen?")
    assert texts.BUTTON_PRIVACY in labels(consent)
    again = await citizen.presses(consent, texts.BUTTON_PRIVACY)
    assert again["text"] == notice["text"]
    about = await citizen.says("/ueber")
    assert "Computer-Programm" in about["text"] and re.search(r"\d{4}", about["text"])


async def test_a_restart_between_yes_and_the_town_loses_and_doubles_nothing(
        tmp_path: Path, shipped_engine: Engine) -> None:
    db = tmp_path / "kek.sqlite3"
    async with BotApiEmulator(TOKEN) as emu:
        emu.add_group(DEFAULT_CHAT, "Bürgerbüro Team", [])
        citizen, other = Person(emu, 723), Person(emu, 724)
        async with running_app(emu, db, shipped_engine):
            consent = await citizen.says("Wie backe ich Pfannkuchen?")
            town_question = await citizen.presses(consent, texts.BUTTON_CONSENT_YES)
            other_consent = await other.says("Wie backe ich Brot?")
            await other.presses(other_consent, texts.BUTTON_CONSENT_YES)
        async with running_app(emu, db, shipped_engine):
            again = await citizen.presses(consent, texts.BUTTON_CONSENT_YES)
            assert "In welchem Ort" in again["text"], "the stored question is found again"
            confirmation = await citizen.presses(town_question, texts.BUTTON_SKIP)
            number = number_in(confirmation)
            late = await citizen.presses(town_question, texts.BUTTON_SKIP)
            assert number in late["text"] and "schon weitergeleitet" in late["text"]
            town_answer = await other.says("Hagenow")  # typed after the restart: still the town
            assert "Bürgerbüro Hagenow" in town_answer["text"]
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT citizen_chat_id, status, town FROM tickets "
                                  "ORDER BY id").fetchall()
    assert rows == [(723, "open", None), (724, "open", "Hagenow")]


async def test_a_typed_ja_continues_the_consent_and_nein_declines(w: World) -> None:
    citizen = Person(w.emu, 725)
    await citizen.says("Wie backe ich Pfannkuchen?")
    town_question = await citizen.says("ja")
    assert "In welchem Ort" in town_question["text"]
    await citizen.presses(town_question, texts.BUTTON_SKIP)
    await citizen.says("Wie backe ich Brot?")
    declined = await citizen.says("nein")
    assert declined["text"] == texts.CONSENT_DECLINED
    lonely = await citizen.says("ja")
    assert lonely["text"] == texts.SMALLTALK["yes"], "nothing open: ask what is meant"
    assert len(w.tickets(725)) == 1


async def test_not_understood_shows_the_nearest_themes_and_still_offers_forwarding(
        w: World) -> None:
    citizen = Person(w.emu, 726)
    mark = w.emu.mark()
    consent = await citizen.says_and_gets("wlan aufm dorf kommt das mal",
                                          texts.BUTTON_CONSENT_YES)
    [themes] = [e["message"] for e in w.emu.bot_events(726, after=mark)
                if e["message"]["message_id"] < consent["message_id"]]
    assert themes["text"].startswith("Das habe ich nicht sicher verstanden")
    assert 1 <= len(labels(themes)) <= 3
    theme = await citizen.presses(themes, labels(themes)[0])
    assert theme["text"].startswith(labels(themes)[0])
