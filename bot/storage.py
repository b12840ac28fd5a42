"""SQLite storage behind one small class: tickets, their messages, and the delivery outbox.

Personal data is kept to the least the forwarding needs (chat id, question, optional town,
answers) and every row carries the citizen's chat id, so all of a person's data can be found and
deleted. The schema is versioned with `PRAGMA user_version` and numbered migrations.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from bot.errors import StorageError

MIGRATIONS: Sequence[str] = (
    # 1: tickets, their messages, the outbox
    """
    CREATE TABLE tickets (
        id INTEGER PRIMARY KEY,
        citizen_chat_id INTEGER NOT NULL,
        question TEXT NOT NULL,
        town TEXT,
        office_id TEXT NOT NULL,
        staff_chat_id INTEGER NOT NULL,
        staff_message_id INTEGER,
        confirmation_message_id INTEGER,
        status TEXT NOT NULL DEFAULT 'open',
        claimed_by TEXT,
        created_at TEXT NOT NULL,
        reminded_at TEXT,
        answered_at TEXT
    );
    CREATE INDEX tickets_citizen ON tickets (citizen_chat_id);
    CREATE INDEX tickets_staff_message ON tickets (staff_chat_id, staff_message_id);
    CREATE TABLE ticket_messages (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        citizen_chat_id INTEGER NOT NULL,
        author TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER REFERENCES tickets (id) ON DELETE CASCADE,
        citizen_chat_id INTEGER,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        sent_at TEXT
    );
    CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
    """,
)

TICKET_PREFIX = "LUP-"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def ticket_number(ticket_id: int) -> str:
    return f"{TICKET_PREFIX}{ticket_id:04d}"


def parse_ticket_number(text: str) -> int | None:
    """The ticket id in "LUP-0042" (any case, with or without zeros), or None."""
    value = text.strip().upper()
    if not value.startswith(TICKET_PREFIX) or not value[len(TICKET_PREFIX):].isdigit():
        return None
    return int(value[len(TICKET_PREFIX):])


@dataclass(frozen=True)
class Ticket:
    id: int
    citizen_chat_id: int
    question: str
    town: str | None
    office_id: str
    staff_chat_id: int
    staff_message_id: int | None
    confirmation_message_id: int | None
    status: str
    claimed_by: str | None
    created_at: dt.datetime
    reminded_at: dt.datetime | None
    answered_at: dt.datetime | None

    @property
    def number(self) -> str:
        return ticket_number(self.id)


@dataclass(frozen=True)
class OutboxItem:
    id: int
    ticket_id: int | None
    kind: str
    payload: dict[str, Any]
    attempts: int


class Storage:
    """One aiosqlite connection; open with `await Storage.open(path)` or `async with`."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    @classmethod
    async def open(cls, path: Path | str) -> Storage:
        try:
            db = await aiosqlite.connect(str(path))
        except Exception as exc:  # sqlite3 raises several types for unusable paths
            raise StorageError(f"Die Datenbank {path} lässt sich nicht öffnen: {exc}") from None
        db.row_factory = aiosqlite.Row
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA foreign_keys=ON")
        await db.execute("PRAGMA synchronous=FULL")
        storage = cls(db)
        try:
            await storage.migrate()
        except BaseException:
            await db.close()
            raise
        return storage

    async def close(self) -> None:
        await self._db.close()

    async def __aenter__(self) -> Storage:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def migrate(self) -> int:
        """Apply the migrations this database has not seen; return the schema version."""
        async with self._db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        version = int(row[0]) if row else 0
        if version > len(MIGRATIONS):
            raise StorageError(f"Die Datenbank hat Version {version}; dieses Programm kennt nur "
                               f"{len(MIGRATIONS)}. Bitte das Programm aktualisieren.")
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            await self._db.executescript(
                f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
        return len(MIGRATIONS)

    # --- tickets ------------------------------------------------------------------------------

    async def create_ticket(self, citizen_chat_id: int, question: str, town: str | None,
                            office_id: str, staff_chat_id: int,
                            outbox: Sequence[tuple[str, dict[str, Any]]]) -> Ticket:
        """Store a ticket and its first deliveries in one transaction, committed on return."""
        moment = _iso(now())
        try:
            cursor = await self._db.execute(
                "INSERT INTO tickets (citizen_chat_id, question, town, office_id, staff_chat_id,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (citizen_chat_id, question, town, office_id, staff_chat_id, moment),
            )
            ticket_id = int(cursor.lastrowid or 0)
            await self._add_message(ticket_id, citizen_chat_id, "citizen", question, moment)
            for kind, payload in outbox:
                await self._enqueue(ticket_id, citizen_chat_id, kind, payload, moment)
            await self._db.commit()
        except BaseException:
            await self._db.rollback()
            raise
        ticket = await self.ticket(ticket_id)
        assert ticket is not None
        return ticket

    async def ticket(self, ticket_id: int) -> Ticket | None:
        return await self._first("WHERE id = ?", (ticket_id,))

    async def ticket_by_staff_message(self, chat_id: int, message_id: int) -> Ticket | None:
        return await self._first("WHERE staff_chat_id = ? AND staff_message_id = ?",
                                 (chat_id, message_id))

    async def ticket_by_confirmation(self, citizen_chat_id: int, message_id: int) -> Ticket | None:
        return await self._first("WHERE citizen_chat_id = ? AND confirmation_message_id = ?",
                                 (citizen_chat_id, message_id))

    async def _first(self, where: str, params: tuple[Any, ...]) -> Ticket | None:
        found = await self._tickets(f"{where} LIMIT 1", params)
        return found[0] if found else None

    async def tickets_of(self, citizen_chat_id: int) -> list[Ticket]:
        return await self._tickets("WHERE citizen_chat_id = ? ORDER BY id", (citizen_chat_id,))

    async def open_tickets(self, staff_chat_ids: Sequence[int] | None = None) -> list[Ticket]:
        """Open tickets, oldest first; only those of the given staff chats if any are given."""
        if staff_chat_ids is None:
            return await self._tickets("WHERE status = 'open' ORDER BY id", ())
        marks = ",".join("?" * len(staff_chat_ids))
        return await self._tickets(
            f"WHERE status = 'open' AND staff_chat_id IN ({marks}) ORDER BY id",
            tuple(staff_chat_ids),
        )

    async def _tickets(self, where: str, params: tuple[Any, ...]) -> list[Ticket]:
        async with self._db.execute(f"SELECT * FROM tickets {where}", params) as cur:
            return [_ticket(row) for row in await cur.fetchall()]

    async def set_staff_message(self, ticket_id: int, message_id: int) -> None:
        await self._update("UPDATE tickets SET staff_message_id = ? WHERE id = ?",
                           (message_id, ticket_id))

    async def set_confirmation(self, ticket_id: int, message_id: int) -> None:
        await self._update("UPDATE tickets SET confirmation_message_id = ? WHERE id = ?",
                           (message_id, ticket_id))

    async def claim(self, ticket_id: int, staff_name: str) -> bool:
        """Mark who takes a ticket; False if someone already took it or it is closed."""
        cursor = await self._db.execute(
            "UPDATE tickets SET claimed_by = ? WHERE id = ? AND claimed_by IS NULL "
            "AND status = 'open'", (staff_name, ticket_id))
        await self._db.commit()
        return cursor.rowcount == 1

    async def mark_reminded(self, ticket_id: int) -> None:
        await self._update("UPDATE tickets SET reminded_at = ? WHERE id = ?",
                           (_iso(now()), ticket_id))

    async def answer(self, ticket: Ticket, text: str,
                     outbox: Sequence[tuple[str, dict[str, Any]]]) -> bool:
        """Record a staff answer and queue its delivery; False if the ticket is not open."""
        moment = _iso(now())
        cursor = await self._db.execute(
            "UPDATE tickets SET status = 'answered', answered_at = ? "
            "WHERE id = ? AND status = 'open'", (moment, ticket.id))
        if cursor.rowcount != 1:
            await self._db.rollback()
            return False
        await self._add_message(ticket.id, ticket.citizen_chat_id, "staff", text, moment)
        for kind, payload in outbox:
            await self._enqueue(ticket.id, ticket.citizen_chat_id, kind, payload, moment)
        await self._db.commit()
        return True

    async def add_citizen_message(self, ticket: Ticket, text: str,
                                  outbox: Sequence[tuple[str, dict[str, Any]]]) -> None:
        moment = _iso(now())
        await self._add_message(ticket.id, ticket.citizen_chat_id, "citizen", text, moment)
        for kind, payload in outbox:
            await self._enqueue(ticket.id, ticket.citizen_chat_id, kind, payload, moment)
        await self._db.commit()

    async def _add_message(self, ticket_id: int, chat_id: int, author: str, text: str,
                           moment: str) -> None:
        await self._db.execute(
            "INSERT INTO ticket_messages (ticket_id, citizen_chat_id, author, text, created_at)"
            " VALUES (?, ?, ?, ?, ?)", (ticket_id, chat_id, author, text, moment))

    async def _update(self, sql: str, params: tuple[Any, ...]) -> None:
        await self._db.execute(sql, params)
        await self._db.commit()

    # --- outbox -------------------------------------------------------------------------------

    async def enqueue(self, ticket_id: int | None, citizen_chat_id: int | None, kind: str,
                      payload: dict[str, Any]) -> None:
        await self._enqueue(ticket_id, citizen_chat_id, kind, payload, _iso(now()))
        await self._db.commit()

    async def _enqueue(self, ticket_id: int | None, citizen_chat_id: int | None, kind: str,
                       payload: dict[str, Any], moment: str) -> None:
        await self._db.execute(
            "INSERT INTO outbox (ticket_id, citizen_chat_id, kind, payload, next_attempt_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (ticket_id, citizen_chat_id, kind, json.dumps(payload, ensure_ascii=False), moment))

    async def due(self, limit: int = 20) -> list[OutboxItem]:
        """Deliveries not yet sent whose next attempt is due, oldest first."""
        async with self._db.execute(
            "SELECT * FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ? "
            "ORDER BY id LIMIT ?", (_iso(now()), limit),
        ) as cur:
            rows = await cur.fetchall()
        return [OutboxItem(r["id"], r["ticket_id"], r["kind"], json.loads(r["payload"]),
                           r["attempts"]) for r in rows]

    async def delivered(self, item_id: int) -> None:
        await self._update("UPDATE outbox SET sent_at = ? WHERE id = ?", (_iso(now()), item_id))

    async def retry_later(self, item_id: int, delay: dt.timedelta, error: str) -> None:
        await self._update(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? "
            "WHERE id = ?", (_iso(now() + delay), error[:500], item_id))

    async def pending_count(self) -> int:
        async with self._db.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    # --- privacy ------------------------------------------------------------------------------

    async def delete_citizen(self, citizen_chat_id: int) -> int:
        """Delete everything stored about one citizen; return the number of tickets removed."""
        cursor = await self._db.execute("DELETE FROM tickets WHERE citizen_chat_id = ?",
                                        (citizen_chat_id,))
        await self._db.execute("DELETE FROM outbox WHERE citizen_chat_id = ?",
                               (citizen_chat_id,))
        await self._db.commit()
        return cursor.rowcount

    async def delete_older_than(self, days: int) -> int:
        """Delete closed tickets (and their data) older than the retention period."""
        limit = _iso(now() - dt.timedelta(days=days))
        cursor = await self._db.execute(
            "DELETE FROM tickets WHERE created_at < ? AND status != 'open'", (limit,))
        await self._db.execute("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?",
                               (limit,))
        await self._db.commit()
        return cursor.rowcount


def _time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _ticket(row: aiosqlite.Row) -> Ticket:
    return Ticket(
        id=row["id"], citizen_chat_id=row["citizen_chat_id"], question=row["question"],
        town=row["town"], office_id=row["office_id"], staff_chat_id=row["staff_chat_id"],
        staff_message_id=row["staff_message_id"],
        confirmation_message_id=row["confirmation_message_id"], status=row["status"],
        claimed_by=row["claimed_by"], created_at=_time(row["created_at"]) or now(),
        reminded_at=_time(row["reminded_at"]), answered_at=_time(row["answered_at"]),
    )
