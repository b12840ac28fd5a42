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
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
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
    arrived: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(BytesParser().parsebytes(envelope.content))
        self.arrived.set()
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

    async def outbox_done(self, timeout: float = 15) -> None:
        """Wait until every queued delivery is sent or given up: no more copies can come."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with sqlite3.connect(self.tmp / "kek.sqlite3") as db:
                pending = db.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL "
                                     "AND failed_at IS NULL").fetchone()[0]
            if pending == 0:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{pending} deliveries still pending")


@asynccontextmanager
async def new_world(tmp: Path, mail_port: int) -> AsyncIterator[World]:
    """An emulator with two staff groups, and the settings for a bot against it."""
    env = {
        "KEK_BOT_HANDOFF__DEFAULT_CHAT_ID": str(DEFAULT_CHAT),
        "KEK_BOT_HANDOFF__OFFICE_CHATS": f"hagenow={HAGENOW_CHAT}",
        "KEK_BOT_HANDOFF__OFFICE_EMAILS": "hagenow=buergerbuero-hagenow@example.org",
        "KEK_BOT_HANDOFF__OUTBOX_SECONDS": "0.2",
        "KEK_BOT_HANDOFF__RETRY_SECONDS": "0.2",
        "KEK_BOT_HANDOFF__RETRY_MAX_SECONDS": "0.5",
        "KEK_BOT_SMTP__HOST": "127.0.0.1",
        "KEK_BOT_SMTP__PORT": str(mail_port),
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
async def world(tmp_path_factory: pytest.TempPathFactory,
                mailbox: tuple[MailBox, int]) -> AsyncIterator[World]:
    """One world and one bot process shared by the tests that need no restart."""
    async with new_world(tmp_path_factory.mktemp("forwarding"), mailbox[1]) as shared:
        yield shared


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
    assert labels(consent) == ["Ja, bitte weiterleiten", "Nein", "Datenschutz"]
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
    [waiting] = [t for t in world.tickets() if t["citizen_chat_id"] == 701]
    assert waiting["status"] == "new", "stored after consent, not yet sent"
    confirmation = await citizen.says("hagenow")
    number = ticket_number(confirmation)
    assert "Bürgerbüro Hagenow" in confirmation["text"]
    assert "Werktagen" in confirmation["text"]
    assert town_question["message_id"] < confirmation["message_id"]

    ticket_message = await emu.wait_for_bot_message(HAGENOW_CHAT, after=staff_mark)
    assert f"Neue Frage {number}" in ticket_message["text"]
    assert OUT_OF_SCOPE in ticket_message["text"]
    assert "Ort: hagenow" in ticket_message["text"]
    assert labels(ticket_message) == ["Ich übernehme"]

    claimed = await world.hagenow_staff.presses(ticket_message, "Ich übernehme")
    assert "Übernommen von Sachbearbeitung" in claimed["text"]

    answer_mark = emu.mark()
    staff_confirmation = await world.hagenow_staff.says(
        "Die Abfuhrtermine stehen im Abfallkalender Ihrer Gemeinde.", reply_to=ticket_message)
    assert number in staff_confirmation["text"]
    answer = await emu.wait_for_bot_message(701, after=answer_mark)
    assert answer["text"].startswith(f"Antwort vom Bürgerbüro Hagenow zu Ihrer Frage {number}")
    assert "Abfallkalender" in answer["text"]

    listing = await citizen.says("/meine_fragen")
    assert number in listing["text"] and "beantwortet" in listing["text"]
    again = await world.hagenow_staff.says(f"/antwort {number} Noch eine Antwort")
    assert "schon beantwortet" in again["text"]

    assert await asyncio.to_thread(mailbox[0].arrived.wait, 15)
    [mail] = [m for m in mailbox[0].messages if number in m["Subject"]]
    assert mail["To"] == "buergerbuero-hagenow@example.org"


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
    assert labels(second) == ["Ja, bitte weiterleiten", "Nein", "Datenschutz"]
    await citizen.presses(second, "Nein")

    person = await citizen.says("Ich möchte mit einem Menschen sprechen")
    assert "Kreisumlage" in person["text"]
    assert labels(person) == ["Ja, bitte weiterleiten", "Nein", "Datenschutz"]
    await citizen.presses(person, "Nein")

    complaint = await citizen.says("das hilft mir nicht, blöder bot")
    assert "tut mir leid" in complaint["text"]
    assert labels(complaint) == ["Frage an das Bürgerbüro"]
    offered = await citizen.presses(complaint, "Frage an das Bürgerbüro")
    assert "Kreisumlage" in offered["text"]
    assert labels(offered) == ["Ja, bitte weiterleiten", "Nein", "Datenschutz"]


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
    asked = await citizen.says("/loeschen")
    assert labels(asked) == ["Ja, alles löschen", "Nein"]
    deleted = await citizen.presses(asked, "Ja, alles löschen")
    assert "gelöscht (1 Fragen)" in deleted["text"]
    assert not any(t["citizen_chat_id"] == 706 for t in world.tickets())


async def test_a_telegram_outage_delays_but_delivers_exactly_once(
    bot: RunningBot, world: World
) -> None:
    emu = world.emu
    citizen = Person(emu, 707)
    consent = await citizen.says("Wo beantrage ich einen Reisepass?")
    await citizen.presses(consent, "Ja, bitte weiterleiten")
    mark = emu.mark()
    emu.fail("sendMessage", 502, "Bad Gateway", times=4)  # every send fails for a while
    emu.send_text(707, "Parchim")
    confirmation = await emu.wait_for_bot_message(
        707, predicate=lambda m: "LUP-" in m.get("text", ""), after=mark, timeout=20)
    number = ticket_number(confirmation)
    await emu.wait_for_bot_message(
        DEFAULT_CHAT, predicate=lambda m: f"Neue Frage {number}" in m.get("text", ""),
        after=mark, timeout=20)
    await world.outbox_done()
    copies = [e for e in emu.bot_events(after=mark)
              if e["kind"] == "sent" and number in e["message"].get("text", "")]
    assert len(copies) == 2  # one ticket message, one confirmation


async def test_a_staff_chat_the_bot_was_removed_from_is_reported_elsewhere(
    bot: RunningBot, world: World
) -> None:
    emu = world.emu
    emu.set_unreachable(DEFAULT_CHAT, True)
    try:
        mark = emu.mark()
        confirmation = await consent_and_town(Person(emu, 711), "Wie backe ich Brot?", None)
        number = ticket_number(confirmation)
        notice = await emu.wait_for_bot_message(
            HAGENOW_CHAT, predicate=lambda m: number in m.get("text", ""), after=mark)
    finally:
        emu.set_unreachable(DEFAULT_CHAT, False)
    assert notice["text"].startswith("Achtung") and "Wie backe ich Brot?" in notice["text"]
    await world.outbox_done()
    answer_mark = emu.mark()
    await world.hagenow_staff.says("Mit Sauerteig.", reply_to=notice)
    answer = await emu.wait_for_bot_message(711, after=answer_mark)
    assert "Sauerteig" in answer["text"]


async def test_sigkill_after_commit_loses_nothing_and_delivers_once(
    tmp_path: Path, mailbox: tuple[MailBox, int]
) -> None:
    """A graceful stop, then a bot that dies right after the commit, then a restart."""
    async with new_world(tmp_path, mailbox[1]) as world:
        await sigkill_after_commit(world)


async def sigkill_after_commit(world: World) -> None:
    emu = world.emu
    async with running_bot(emu, world.tmp, world.env, "first.log") as first:
        await consent_and_town(Person(emu, 712), "Wie backe ich Brot?", None)
        first.process.terminate()
        stopping = time.monotonic()
        await asyncio.wait_for(first.process.wait(), timeout=10)
    assert time.monotonic() - stopping < 10, "a graceful stop ends within systemd's patience"
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

    # The outbox looks only every 60 s: the delivery within 10 s shows it runs at once.
    slow = {**world.env, "KEK_BOT_HANDOFF__OUTBOX_SECONDS": "60"}
    async with running_bot(emu, world.tmp, slow, "restart.log"):
        delivered = await emu.wait_for_bot_message(DEFAULT_CHAT, after=mark, timeout=10)
        confirmation = await emu.wait_for_bot_message(
            708, predicate=lambda m: "LUP-" in m.get("text", ""), after=mark, timeout=10)
        await world.outbox_done()
    number = ticket_number(confirmation)
    assert f"Neue Frage {number}" in delivered["text"]
    copies = [e for e in emu.bot_events(DEFAULT_CHAT, after=mark)
              if e["kind"] == "sent" and number in e["message"].get("text", "")]
    assert len(copies) == 1


async def test_startup_names_a_staff_chat_the_bot_cannot_reach(
    tmp_path: Path, mailbox: tuple[MailBox, int]
) -> None:
    async with new_world(tmp_path, mailbox[1]) as world:
        log = await startup_log(world)
    assert "Staff-Chat -777 ist nicht erreichbar" in log
    assert f"Staff-Chat {DEFAULT_CHAT} ist erreichbar" in log


async def startup_log(world: World) -> str:
    env = {**world.env, "KEK_BOT_STAFF__CHAT_IDS": "-777"}
    async with running_bot(world.emu, world.tmp, env, "check.log") as checking:
        for _ in range(200):  # the check runs before polling starts; its lines may lag
            log = checking.log_text()
            if "Staff-Chat -777" in log and f"Staff-Chat {DEFAULT_CHAT}" in log:
                break
            await asyncio.sleep(0.05)
    return log


async def test_unanswered_tickets_are_announced_again(
    tmp_path: Path, mailbox: tuple[MailBox, int]
) -> None:
    async with new_world(tmp_path, mailbox[1]) as world:
        await reminded(world)


async def reminded(world: World) -> None:
    env = {**world.env, "KEK_BOT_HANDOFF__REMINDER_HOURS": "0.0005"}  # about two seconds
    async with running_bot(world.emu, world.tmp, env, "reminder.log"):
        citizen = Person(world.emu, 709)
        confirmation = await consent_and_town(citizen, "Wie backe ich Brot?", None)
        number = ticket_number(confirmation)
        wanted = f"Erinnerung: Die Frage {number}"
        reminder = await world.emu.wait_for_bot_message(
            DEFAULT_CHAT, predicate=lambda m: wanted in m.get("text", ""), timeout=15)
    assert "Wie backe ich Brot?" in reminder["text"]


async def test_an_update_being_handled_when_the_bot_dies_is_handled_after_the_restart(
    tmp_path: Path, mailbox: tuple[MailBox, int]
) -> None:
    async with new_world(tmp_path, mailbox[1]) as world:
        emu = world.emu
        Person(emu, 713)
        mark = emu.mark()
        env = {**world.env, "KEK_BOT_FAULT": "handling_update"}
        async with running_bot(emu, world.tmp, env, "dying.log") as dying:
            emu.send_text(713, "Was ist die Kreisumlage?")
            assert await asyncio.wait_for(dying.process.wait(), timeout=15) == -9
        assert not emu.bot_events(713, after=mark)
        async with running_bot(emu, world.tmp, world.env, "again.log"):
            answer = await emu.wait_for_bot_message(713, after=mark, timeout=10)
        assert "Kreisumlage" in answer["text"], "Telegram handed the update over again"
