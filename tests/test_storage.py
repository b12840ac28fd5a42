"""Storage on a real SQLite file: migrations, tickets, outbox, deletion and retention."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.storage import MIGRATIONS, Storage, parse_ticket_number, ticket_number


async def test_migrations_set_the_schema_version_and_are_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "kek.sqlite3"
    async with await Storage.open(path) as storage:
        assert await storage.migrate() == len(MIGRATIONS)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    async with await Storage.open(path):
        pass


async def test_a_newer_database_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "kek.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StorageError, match="aktualisieren"):
        await Storage.open(path)


async def test_ticket_and_outbox_are_committed_together(tmp_path: Path) -> None:
    path = tmp_path / "kek.sqlite3"
    async with await Storage.open(path) as storage:
        ticket = await storage.create_ticket(42, "Frage?", "Hagenow", "hagenow", -100,
                                             [("staff_ticket", {}), ("citizen_confirm", {})])
        assert ticket.number == "LUP-0001"
    # A second connection sees everything: it was committed, not just written.
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 1
        assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 2


async def test_outbox_retry_and_delivery(tmp_path: Path) -> None:
    async with await Storage.open(tmp_path / "kek.sqlite3") as storage:
        await storage.create_ticket(42, "Frage?", None, "parchim", -100, [("staff_ticket", {})])
        [item] = await storage.due()
        await storage.retry_later(item.id, dt.timedelta(hours=1), "chat not found")
        assert await storage.due() == []
        assert await storage.pending_count() == 1
        await storage.retry_later(item.id, dt.timedelta(seconds=-1), "again")
        [again] = await storage.due()
        assert again.attempts == 2
        await storage.delivered(again.id)
        assert await storage.pending_count() == 0


async def test_answer_only_once(tmp_path: Path) -> None:
    async with await Storage.open(tmp_path / "kek.sqlite3") as storage:
        ticket = await storage.create_ticket(42, "Frage?", None, "parchim", -100, [])
        assert await storage.answer(ticket, "Antwort", [("citizen_answer", {"text": "x"})])
        assert not await storage.answer(ticket, "Noch eine", [])
        answered = await storage.ticket(ticket.id)
        assert answered is not None and answered.status == "answered"
        assert await storage.claim(ticket.id, "Team") is False


async def test_all_data_of_one_citizen_is_found_and_deleted(tmp_path: Path) -> None:
    path = tmp_path / "kek.sqlite3"
    async with await Storage.open(path) as storage:
        mine = await storage.create_ticket(42, "Meine Frage", "Lübz", "luebz", -100,
                                           [("staff_ticket", {})])
        await storage.add_citizen_message(mine, "Nachtrag", [("staff_note", {"chat_id": -100,
                                                                              "text": "x"})])
        await storage.create_ticket(43, "Andere Frage", None, "parchim", -100, [])
        assert await storage.delete_citizen(42) == 1
        assert await storage.tickets_of(42) == []
        assert len(await storage.tickets_of(43)) == 1
    with sqlite3.connect(path) as db:
        for table in ("tickets", "ticket_messages", "outbox"):
            rows = db.execute(f"SELECT COUNT(*) FROM {table} WHERE citizen_chat_id = 42")
            assert rows.fetchone()[0] == 0, table


async def test_retention_removes_old_answered_tickets_only(tmp_path: Path) -> None:
    path = tmp_path / "kek.sqlite3"
    async with await Storage.open(path) as storage:
        old = await storage.create_ticket(42, "Alt", None, "parchim", -100, [])
        await storage.answer(old, "Antwort", [])
        await storage.create_ticket(43, "Alt, aber offen", None, "parchim", -100, [])
    with sqlite3.connect(path) as db:
        db.execute("UPDATE tickets SET created_at = '2020-01-01T00:00:00+00:00'")
    async with await Storage.open(path) as storage:
        assert await storage.delete_older_than(180) == 1
        assert [t.question for t in await storage.open_tickets()] == ["Alt, aber offen"]


def test_ticket_numbers() -> None:
    assert ticket_number(42) == "LUP-0042"
    assert parse_ticket_number("lup-0042") == 42
    assert parse_ticket_number("LUP-12345") == 12345
    assert parse_ticket_number("LUP-") is None
    assert parse_ticket_number("0042") is None
