"""End to end: forwarding a question to a Bürgerbüro and carrying the answer back.

Two parties play against the real bot process: a citizen in a private chat and staff in their
group chats. The last tests kill the bot with SIGKILL at a named fault point and make a staff
chat unreachable, and show that no forwarded question is lost.
"""

from __future__ import annotations

import asyncio
import re
import socket
import sqlite3
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email.message import Message as EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiosmtpd.controller import Controller

from tests.botapi_emulator import BotApiEmulator
from tests.e2e import TOKEN, Person, RunningBot, labels, running_bot

pytestmark = pytest.mark.asyncio(loop_scope="module")

DEFAULT_CHAT = -500
HAGENOW_CHAT = -600
STAFF_USER = 900
OUT_OF_SCOPE = "Wann wird bei mir der Müll abgeholt?"


@dataclass
class MailBox:
    """aiosmtpd handler that keeps every received e-mail."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(BytesParser().parsebytes(envelope.content))
        return "250 OK"


@pytest.fixture(scope="module")
def mailbox() -> Iterator[tuple[MailBox, int]]:
    box = MailBox()
    with socket.socket() as probe:  # aiosmtpd cannot report a port it chose itself
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@dataclass
class World:
    emu: BotApiEmulator
    tmp: Path
    env: dict[str, str]
    staff: Person
    hagenow_staff: Person

    def tickets(self) -> list[sqlite3.Row]:
        with sqlite3.connect(self.tmp / "kek.sqlite3") as db:
            db.row_factory = sqlite3.Row
            return list(db.execute("SELECT * FROM tickets ORDER BY id"))


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory: pytest.TempPathFactory,
                mailbox: tuple[MailBox, int]) -> AsyncIterator[World]:
    tmp = tmp_path_factory.mktemp("forwarding")
    env = {
        "KEK_BOT_HANDOFF__DEFAULT_CHAT_ID": str(DEFAULT_CHAT),
        "KEK_BOT_HANDOFF__OFFICE_CHATS": f"hagenow={HAGENOW_CHAT}",
        "KEK_BOT_HANDOFF__OFFICE_EMAILS": "hagenow=buergerbuero-hagenow@example.org",
        "KEK_BOT_HANDOFF__OUTBOX_SECONDS": "0.2",
        "KEK_BOT_HANDOFF__RETRY_SECONDS": "0.2",
        "KEK_BOT_HANDOFF__RETRY_MAX_SECONDS": "0.5",
        "KEK_BOT_SMTP__HOST": "127.0.0.1",
        "KEK_BOT_SMTP__PORT": str(mailbox[1]),
        "KEK_BOT_SMTP__STARTTLS": "false",
        "KEK_BOT_SMTP__SENDER": "kek-bot@example.org",
    }
    async with BotApiEmulator(TOKEN) as emu:
        emu.add_user(STAFF_USER, "Sachbearbeitung")
        emu.add_group(DEFAULT_CHAT, "Bürgerbüro Team", [STAFF_USER])
        emu.add_group(HAGENOW_CHAT, "Bürgerbüro Hagenow Team", [STAFF_USER])
        staff = Person(emu, STAFF_USER, chat_id=DEFAULT_CHAT, add=False)
        hagenow = Person(emu, STAFF_USER, chat_id=HAGENOW_CHAT, add=False)
        yield World(emu, tmp, env, staff, hagenow)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(world: World) -> AsyncIterator[RunningBot]:
    async with running_bot(world.emu, world.tmp, world.env) as running:
        yield running


def ticket_number(message: dict[str, Any]) -> str:
    found = re.search(r"LUP-\d{4}", message["text"])
    assert found, message["text"]
    return found.group(0)


async def consent_and_town(citizen: Person, question: str, town: str | None) -> dict[str, Any]:
    """Ask an unanswerable question, agree to forwarding, give the town (or skip)."""
    consent = await citizen.says(question)
    assert labels(consent) == ["Ja, bitte weiterleiten", "Nein"]
    town_question = await citizen.presses(consent, "Ja, bitte weiterleiten")
    assert "In welchem Ort wohnen Sie?" in town_question["text"]
    assert labels(town_question) == ["Überspringen"]
    if town is None:
        return await citizen.presses(town_question, "Überspringen")
    return await citizen.says(town)


async def test_whole_loop_question_consent_town_staff_answer_back(
    bot: RunningBot, world: World, mailbox: tuple[MailBox, int]
) -> None:
    emu = world.emu
    citizen = Person(emu, 701)
    consent = await citizen.says(OUT_OF_SCOPE)
    assert consent["text"].startswith("Zu Müllabfuhr und Abfall steht im Kreis-Entwicklungs")
    assert "Das wird gespeichert" in consent["text"] and "/loeschen" in consent["text"]
    assert world.tickets() == [], "nothing may be stored before consent"

    staff_mark = emu.mark()
    town_question = await citizen.presses(consent, "Ja, bitte weiterleiten")
    assert world.tickets() == [], "nothing may be stored before the ticket is made"
    confirmation = await citizen.says("hagenow")
    assert "LUP-0001" in confirmation["text"]
    assert "Bürgerbüro Hagenow" in confirmation["text"]
    assert "Werktagen" in confirmation["text"]
    assert town_question["message_id"] < confirmation["message_id"]

    ticket_message = await emu.wait_for_bot_message(HAGENOW_CHAT, after=staff_mark)
    assert "Neue Frage LUP-0001" in ticket_message["text"]
    assert OUT_OF_SCOPE in ticket_message["text"]
    assert "Ort: hagenow" in ticket_message["text"]
    assert labels(ticket_message) == ["Ich übernehme"]

    claimed = await world.hagenow_staff.presses(ticket_message, "Ich übernehme")
    assert "Übernommen von Sachbearbeitung" in claimed["text"]

    answer_mark = emu.mark()
    staff_confirmation = await world.hagenow_staff.says(
        "Die Abfuhrtermine stehen im Abfallkalender Ihrer Gemeinde.", reply_to=ticket_message)
    assert "LUP-0001" in staff_confirmation["text"]
    answer = await emu.wait_for_bot_message(701, after=answer_mark)
    assert answer["text"].startswith("Antwort vom Bürgerbüro Hagenow zu Ihrer Frage LUP-0001")
    assert "Abfallkalender" in answer["text"]

    listing = await citizen.says("/meine_fragen")
    assert "LUP-0001" in listing["text"] and "beantwortet" in listing["text"]
    again = await world.hagenow_staff.says("/antwort LUP-0001 Noch eine Antwort")
    assert "schon beantwortet" in again["text"]
    unknown = await world.staff.says("/antwort LUP-0999 Hallo")
    assert "gibt es nicht" in unknown["text"]

    for _ in range(50):
        if mailbox[0].messages:
            break
        await asyncio.sleep(0.1)
    mail = mailbox[0].messages[0]
    assert mail["To"] == "buergerbuero-hagenow@example.org"
    assert "LUP-0001" in mail["Subject"]


async def test_pressing_yes_twice_does_not_cancel(bot: RunningBot, world: World) -> None:
    citizen = Person(world.emu, 710)
    consent = await citizen.says("Wie backe ich Pfannkuchen?")
    first = await citizen.presses(consent, "Ja, bitte weiterleiten")
    second = await citizen.presses(consent, "Ja, bitte weiterleiten")
    assert "In welchem Ort wohnen Sie?" in first["text"]
    assert "In welchem Ort wohnen Sie?" in second["text"]
    confirmation = await citizen.presses(second, "Überspringen")
    assert "LUP-" in confirmation["text"]
    late = await citizen.presses(first, "Überspringen")
    assert "nicht mehr offen" in late["text"]


async def test_saying_no_stores_nothing(bot: RunningBot, world: World) -> None:
    citizen = Person(world.emu, 702)
    before = len(world.tickets())
    consent = await citizen.says("Ich brauche ein Rezept für Grünkohl")
    declined = await citizen.presses(consent, "Nein")
    assert "nichts gespeichert" in declined["text"]
    assert len(world.tickets()) == before


async def test_unknown_town_goes_to_default_office_and_follow_up_is_added(
    bot: RunningBot, world: World
) -> None:
    emu = world.emu
    citizen = Person(emu, 703)
    mark = emu.mark()
    confirmation = await consent_and_town(citizen, "Wie backe ich einen Apfelkuchen?", None)
    number = ticket_number(confirmation)
    ticket_message = await emu.wait_for_bot_message(DEFAULT_CHAT, after=mark)
    assert f"Neue Frage {number}" in ticket_message["text"]
    assert "Ort: nicht angegeben" in ticket_message["text"]

    open_list = await world.staff.says("/offen")
    assert number in open_list["text"]

    staff_mark = emu.mark()
    added = await citizen.says("Mit Zimt bitte.", reply_to=confirmation)
    assert number in added["text"]
    note = await emu.wait_for_bot_message(DEFAULT_CHAT, after=staff_mark)
    assert f"Ergänzung zu {number}" in note["text"] and "Zimt" in note["text"]

    answer_mark = emu.mark()
    await world.staff.says(f"/antwort {number} Das geht im Bürgerbüro Ihrer Gemeinde.")
    answer = await emu.wait_for_bot_message(703, after=answer_mark)
    assert "Bürgerbüro Ihrer Gemeinde" in answer["text"]


async def test_person_request_complaint_and_two_misses_offer_forwarding(
    bot: RunningBot, world: World
) -> None:
    citizen = Person(world.emu, 704)
    answer = await citizen.says("Was ist die Kreisumlage?")
    first = await citizen.presses(answer, "Hilft mir nicht")
    assert "Ja, bitte weiterleiten" not in labels(first)
    second = await citizen.presses(answer, "Hilft mir nicht")
    assert "nicht geholfen" in second["text"]
    assert labels(second) == ["Ja, bitte weiterleiten", "Nein"]
    await citizen.presses(second, "Nein")

    person = await citizen.says("Ich möchte mit einem Menschen sprechen")
    assert "Kreisumlage" in person["text"]
    assert labels(person) == ["Ja, bitte weiterleiten", "Nein"]
    await citizen.presses(person, "Nein")

    complaint = await citizen.says("das hilft mir nicht, blöder bot")
    assert "tut mir leid" in complaint["text"]
    assert labels(complaint) == ["Frage an das Bürgerbüro"]
    offered = await citizen.presses(complaint, "Frage an das Bürgerbüro")
    assert "Kreisumlage" in offered["text"]
    assert labels(offered) == ["Ja, bitte weiterleiten", "Nein"]


async def test_staff_commands_reveal_nothing_to_citizens(bot: RunningBot, world: World) -> None:
    citizen = Person(world.emu, 705)
    for command in ("/offen", "/antwort LUP-0001 Hallo"):
        reply = await citizen.says(command)
        assert "kenne ich nicht" in reply["text"]
        assert "LUP-0001" not in reply["text"]


async def test_citizen_can_delete_their_data(bot: RunningBot, world: World) -> None:
    citizen = Person(world.emu, 706)
    await consent_and_town(citizen, "Wer hat das Fußballspiel gestern gewonnen?", "Parchim")
    assert any(t["citizen_chat_id"] == 706 for t in world.tickets())
    deleted = await citizen.says("/loeschen")
    assert "gelöscht (1 Fragen)" in deleted["text"]
    assert not any(t["citizen_chat_id"] == 706 for t in world.tickets())


async def test_unreachable_staff_chat_gets_the_ticket_when_back(
    bot: RunningBot, world: World
) -> None:
    emu = world.emu
    emu.set_unreachable(DEFAULT_CHAT, True)
    citizen = Person(emu, 707)
    mark = emu.mark()
    confirmation = await consent_and_town(citizen, "Wo beantrage ich einen Reisepass?", None)
    number = ticket_number(confirmation)
    await asyncio.sleep(1.5)
    assert not [e for e in emu.bot_events(DEFAULT_CHAT, after=mark) if e["kind"] == "sent"]
    emu.set_unreachable(DEFAULT_CHAT, False)
    delivered = await emu.wait_for_bot_message(DEFAULT_CHAT, after=mark, timeout=15)
    assert f"Neue Frage {number}" in delivered["text"]
    await asyncio.sleep(1.0)
    copies = [e for e in emu.bot_events(DEFAULT_CHAT, after=mark)
              if e["kind"] == "sent" and number in e["message"].get("text", "")]
    assert len(copies) == 1


async def test_sigkill_after_commit_loses_nothing_and_delivers_once(
    bot: RunningBot, world: World
) -> None:
    """Stop the shared bot, run one that dies right after the commit, then restart it."""
    emu = world.emu
    bot.process.terminate()
    await bot.process.wait()
    citizen = Person(emu, 708)
    mark = emu.mark()
    env = {**world.env, "KEK_BOT_FAULT": "after_ticket_commit"}
    async with running_bot(emu, world.tmp, env, "crash.log") as crashing:
        consent = await citizen.says("Wie wird das Wetter morgen?")
        await citizen.presses(consent, "Ja, bitte weiterleiten")
        emu.send_text(708, "Lübz")
        assert await asyncio.wait_for(crashing.process.wait(), timeout=15) == -9
    assert not emu.bot_events(DEFAULT_CHAT, after=mark), "nothing was delivered before the kill"
    assert world.tickets()[-1]["citizen_chat_id"] == 708

    async with running_bot(emu, world.tmp, world.env, "restart.log"):
        delivered = await emu.wait_for_bot_message(DEFAULT_CHAT, after=mark, timeout=15)
        confirmation = await emu.wait_for_bot_message(
            708, predicate=lambda m: "LUP-" in m.get("text", ""), after=mark, timeout=15)
        await asyncio.sleep(1.0)
    number = ticket_number(confirmation)
    assert f"Neue Frage {number}" in delivered["text"]
    copies = [e for e in emu.bot_events(DEFAULT_CHAT, after=mark)
              if e["kind"] == "sent" and number in e["message"].get("text", "")]
    assert len(copies) == 1


async def test_startup_names_a_staff_chat_the_bot_cannot_reach(world: World) -> None:
    env = {**world.env, "KEK_BOT_STAFF__CHAT_IDS": "-777"}
    async with running_bot(world.emu, world.tmp, env, "check.log") as checking:
        await asyncio.sleep(0.3)
        log = checking.log_text()
    assert "Staff-Chat -777 ist nicht erreichbar" in log
    assert f"Staff-Chat {DEFAULT_CHAT} ist erreichbar" in log


async def test_unanswered_tickets_are_announced_again(world: World) -> None:
    env = {**world.env, "KEK_BOT_HANDOFF__REMINDER_HOURS": "0.0005"}  # about two seconds
    async with running_bot(world.emu, world.tmp, env, "reminder.log"):
        citizen = Person(world.emu, 709)
        confirmation = await consent_and_town(citizen, "Wie backe ich Brot?", None)
        number = ticket_number(confirmation)
        wanted = f"Erinnerung: Die Frage {number}"
        reminder = await world.emu.wait_for_bot_message(
            DEFAULT_CHAT, predicate=lambda m: wanted in m.get("text", ""), timeout=15)
    assert "Wie backe ich Brot?" in reminder["text"]
