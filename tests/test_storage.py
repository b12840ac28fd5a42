"""Storage on a real SQLite file: migrations, tickets, outbox, transactions, deletion and
retention."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.storage import MIGRATIONS, Delivery, Storage, Ticket, ticket_number


def to_staff(ticket: Ticket) -> Sequence[Delivery]:
    return [Delivery("chat:-100", "message", {"text": f"Neue Frage {ticket.number}",
                                              "link": "staff_ticket"},
                     ticket.id, ticket.citizen_chat_id),
            Delivery(f"chat:{ticket.citizen_chat_id}", "message",
                     {"text": "Bestätigung", "link": "confirmation"}, ticket.id,
                     ticket.citizen_chat_id)]


async def filed(storage: Storage, chat: int, question: str = "Frage?") -> Ticket:
    ticket = await storage.new_ticket(chat, question, "parchim", -100)
    opened = await storage.file_ticket(ticket.id, "Lübz", "luebz", -100, to_staff)
    assert opened is not None
    return opened


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return list(db.execute(sql))


async def test_migrations_set_the_schema_version_and_are_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "kek.sqlite3"
    async with await Storage.open(path) as storage:
        assert await storage.migrate() == len(MIGRATIONS)
    assert rows(path, "PRAGMA user_version") == [(len(MIGRATIONS),)]
    assert rows(path, "PRAGMA journal_mode") == [("wal",)]
    async with await Storage.open(path):
        pass


async def test_a_database_of_version_1_keeps_its_tickets_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "kek.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(f"BEGIN; {MIGRATIONS[0]}; PRAGMA user_version = 1; COMMIT;")
        db.execute("INSERT INTO tickets (id, citizen_chat_id, question, office_id, staff_chat_id,"
                   " staff_message_id, created_at) VALUES (7, 42, 'Alt?', 'parchim', -100, 555,"
                   " '2026-12-01T10:00:00+00:00')")
    async with await Storage.open(path) as storage:
        assert (await storage.ticket_by_message(-100, 555, ("staff_ticket",))) is not None
        newer = await storage.new_ticket(43, "Neu?", "parchim", -100)
    assert newer.id == 8


async def test_a_newer_database_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "kek.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StorageError, match="aktualisieren"):
        await Storage.open(path)


async def test_nothing_is_sent_before_filing_and_filing_commits_all_deliveries(
        tmp_path: Path) -> None:
    path = tmp_path / "kek.sqlite3"
    async with await Storage.open(path) as storage:
        ticket = await storage.new_ticket(42, "Frage?", "parchim", -100)
        assert await storage.due_lanes() == []
        opened = await storage.file_ticket(ticket.id, None, "parchim", -100, to_staff)
        assert opened is not None and opened.status == "open"
        assert await storage.file_ticket(ticket.id, None, "parchim", -100, to_staff) is None
        # A second connection sees everything: it was committed, not just written.
        assert rows(path, "SELECT COUNT(*) FROM outbox") == [(2,)]
        assert sorted(await storage.due_lanes()) == ["chat:-100", "chat:42"]


async def test_ticket_numbers_never_repeat_after_a_deletion(tmp_path: Path) -> None:
    async with await Storage.open(tmp_path / "kek.sqlite3") as storage:
        first = await filed(storage, 42)
        await storage.delete_citizen(42, lambda links: [])
        second = await filed(storage, 43)
    assert second.id > first.id
    assert ticket_number(second.id) != ticket_number(first.id)


async def test_outbox_retry_delivery_and_sent_text_dropped(tmp_path: Path) -> None:
    path = tmp_path / "kek.sqlite3"
    async with await Storage.open(path) as storage:
        ticket = await filed(storage, 42)
        [item] = await storage.due("chat:-100")
        await storage.retry_later(item.id, dt.timedelta(hours=1), "timeout")
        assert await storage.due("chat:-100") == []
        await storage.retry_later(item.id, dt.timedelta(seconds=-1), "again")
        [again] = await storage.due("chat:-100")
        assert again.attempts == 2
        await storage.part_sent(again, 0, 900, "staff_ticket", done=False)
        [resumed] = await storage.due("chat:-100")
        assert resumed.parts_sent == 1
        await storage.part_sent(resumed, 1, 901, "staff_ticket", done=True)
        assert await storage.due("chat:-100") == []
        for message_id in (900, 901):  # every part of a split message leads to the ticket
            found = await storage.ticket_by_message(-100, message_id, ("staff_ticket",))
            assert found is not None and found.id == ticket.id
    assert rows(path, f"SELECT payload FROM outbox WHERE id = {item.id}") == [("{}",)]


async def test_answer_only_once_and_claim_only_while_open(tmp_path: Path) -> None:
    async with await Storage.open(tmp_path / "kek.sqlite3") as storage:
        ticket = await filed(storage, 42)
        assert await storage.claim(ticket.id, "Team", lambda t: []) is not None
        assert await storage.claim(ticket.id, "Andere", lambda t: []) is None
        assert await storage.answer(ticket.id, "Antwort", lambda t: []) is not None
        assert await storage.answer(ticket.id, "Noch eine", lambda t: []) is None
        answered = await storage.ticket(ticket.id)
        assert answered is not None and answered.status == "answered"


async def test_units_of_work_do_not_interleave(tmp_path: Path) -> None:
    """Handlers and delivery lanes share one connection. Each unit of work must commit or roll
    back alone: a delivered mark is never undone, and a ticket is never committed without its
    deliveries."""
    path = tmp_path / "kek.sqlite3"
    async with await Storage.open(path) as storage:
        done_ticket = await filed(storage, 1)
        assert await storage.answer(done_ticket.id, "Antwort", lambda t: []) is not None

        async def citizen(chat: int) -> None:
            ticket = await storage.new_ticket(chat, "Frage?", "parchim", -100)
            await asyncio.sleep(0)
            await storage.file_ticket(ticket.id, None, "parchim", -100, to_staff)

        async def late_answer() -> None:  # a unit that changes nothing and ends early
            for _ in range(20):
                assert await storage.answer(done_ticket.id, "Zu spät", lambda t: []) is None
                await asyncio.sleep(0)

        async def worker() -> None:
            for _ in range(60):
                for lane in await storage.due_lanes():
                    for item in await storage.due(lane):
                        await storage.part_sent(item, 0, item.id + 10_000, None, done=True)
                await asyncio.sleep(0)

        await asyncio.gather(*(citizen(chat) for chat in range(100, 160)), late_answer(),
                             worker(), late_answer())
        for lane in await storage.due_lanes():  # deliver the rest
            for item in await storage.due(lane):
                await storage.part_sent(item, 0, None, None, done=True)
    per_ticket = rows(path, "SELECT t.id, COUNT(o.id), SUM(o.sent_at IS NOT NULL) FROM tickets t"
                            " LEFT JOIN outbox o ON o.ticket_id = t.id GROUP BY t.id")
    assert len(per_ticket) == 61
    assert all(count == 2 and sent == 2 for _, count, sent in per_ticket), per_ticket


async def test_all_data_of_one_citizen_is_deleted_down_to_the_file_bytes(tmp_path: Path) -> None:
    path = tmp_path / "kek.sqlite3"
    secret = "Meine Ausweisnummer ist T22000129"
    async with await Storage.open(path) as storage:
        mine = await filed(storage, 42, secret)
        await storage.add_message(mine.id, "citizen", f"Nachtrag zu {secret}", [])
        await filed(storage, 43, "Andere Frage")
        assert await storage.delete_citizen(42, lambda links: []) == 1
        assert await storage.tickets_of(42) == []
        assert len(await storage.tickets_of(43)) == 1
    for table in ("tickets", "ticket_messages", "outbox"):
        assert rows(path, f"SELECT COUNT(*) FROM {table} WHERE citizen_chat_id = 42") == [(0,)]
    assert rows(path, "SELECT COUNT(*) FROM outbox WHERE lane = 'chat:42'") == [(0,)]
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("kek"))
    assert b"T22000129" not in raw


async def test_retention_removes_every_old_ticket_and_announces_open_ones(
        tmp_path: Path) -> None:
    path = tmp_path / "kek.sqlite3"
    async with await Storage.open(path) as storage:
        old = await filed(storage, 42, "Alt")
        await storage.answer(old.id, "Antwort", lambda t: [])
        await filed(storage, 43, "Alt, aber offen")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE tickets SET created_at = '2020-01-01T00:00:00+00:00'")
    async with await Storage.open(path) as storage:
        await filed(storage, 44, "Neu")

        def notice(ticket: Ticket) -> list[Delivery]:
            return [Delivery("chat:-100", "message", {"text": f"{ticket.number} gelöscht"})]

        assert await storage.expire(180, notice) == 2
        assert [t.question for t in await storage.open_tickets()] == ["Neu"]
        assert rows(path, "SELECT payload FROM outbox WHERE ticket_id IS NULL") == [
            ('{"text": "LUP-0002 gelöscht"}',)]
