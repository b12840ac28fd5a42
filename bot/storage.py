"""SQLite storage behind one small class: tickets, their messages, message links and the outbox.

Personal data is kept to the least the forwarding needs (chat id, question, optional town,
answers) and every row about a citizen carries their chat id, so all of a person's data can be
found and deleted. The schema is versioned with `PRAGMA user_version` and numbered migrations.

Every unit of work is one transaction (`Storage.transaction`), serialised by a lock: update
handlers and the delivery lanes share the connection, and without the lock one task's COMMIT or
ROLLBACK would end another task's half-done transaction.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
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
    # 2: ticket numbers that never repeat, every sent message linked to its ticket, delivery
    # lanes per destination, split messages that resume, failed deliveries.
    """
    CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO counters (name, value) SELECT 'ticket', COALESCE(MAX(id), 0) FROM tickets;
    CREATE TABLE message_links (
        chat_id INTEGER NOT NULL,
        message_id INTEGER NOT NULL,
        ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (chat_id, message_id)
    );
    CREATE INDEX message_links_ticket ON message_links (ticket_id, role);
    INSERT INTO message_links
        SELECT staff_chat_id, staff_message_id, id, 'staff_ticket', created_at FROM tickets
        WHERE staff_message_id IS NOT NULL;
    INSERT OR IGNORE INTO message_links
        SELECT citizen_chat_id, confirmation_message_id, id, 'confirmation', created_at
        FROM tickets WHERE confirmation_message_id IS NOT NULL;
    ALTER TABLE outbox ADD COLUMN lane TEXT;
    ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE outbox ADD COLUMN failed_at TEXT;
    CREATE INDEX outbox_lane ON outbox (lane, sent_at, failed_at, next_attempt_at);
    """,
    # 3: when a delivery was queued (retries move next_attempt_at), for `kek-bot status`.
    """
    ALTER TABLE outbox ADD COLUMN queued_at TEXT;
    """,
    # 4: the consent a ticket was made for, so that its buttons still work after a restart.
    """
    ALTER TABLE tickets ADD COLUMN offer INTEGER;
    CREATE INDEX tickets_offer ON tickets (citizen_chat_id, offer);
    """,
    # 5: the question log (masked, no identifier of any kind) and feedback per entry.
    """
    CREATE TABLE question_log (
        id INTEGER PRIMARY KEY,
        hour TEXT NOT NULL,
        text TEXT NOT NULL,
        outcome TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        candidates TEXT NOT NULL DEFAULT '[]',
        entry TEXT,
        chosen TEXT,
        feedback TEXT,
        feedback_reason TEXT
    );
    CREATE INDEX question_log_hour ON question_log (hour);
    CREATE TABLE entry_feedback (
        entry TEXT NOT NULL,
        kind TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (entry, kind)
    );
    """,
    # 6: knowledge files installed (or undone) from the staff chat: when, by whom, which file.
    """
    CREATE TABLE installs (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        staff TEXT NOT NULL,
        file TEXT NOT NULL,
        kind TEXT NOT NULL
    );
    """,
    # 7: a citizen's choice of Leichte Sprache, stored only once they chose it.
    """
    CREATE TABLE preferences (
        citizen_chat_id INTEGER PRIMARY KEY,
        easy INTEGER NOT NULL
    );
    """,
    # 8: the chosen language ("easy" or "en"; no row means German), stored like /einfach.
    """
    ALTER TABLE preferences ADD COLUMN language TEXT NOT NULL DEFAULT 'easy';
    """,
    # 9: the language a logged question was matched in ("de" or "en"), so that curation puts
    # an English question among the English phrasings.
    """
    ALTER TABLE question_log ADD COLUMN language TEXT NOT NULL DEFAULT 'de';
    """,
)

TICKET_PREFIX = "LUP-"
# Ticket states: "new" (consent given, waiting for the town; not yet sent to staff), "open",
# "answered".
NEW, OPEN, ANSWERED = "new", "open", "answered"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def ticket_number(ticket_id: int) -> str:
    return f"{TICKET_PREFIX}{ticket_id:04d}"


_NUMBER_IN_TEXT = re.compile(rf"\b{TICKET_PREFIX}([0-9]{{1,9}})\b", re.IGNORECASE)


def parse_ticket_number(text: str) -> int | None:
    """The ticket id in "LUP-0042" (any case, with or without zeros), or None."""
    found = _NUMBER_IN_TEXT.fullmatch(text.strip())
    return int(found.group(1)) if found else None


def find_ticket_number(text: str) -> int | None:
    """The first ticket number mentioned in a text ("Neue Frage LUP-0042 ..."), or None."""
    found = _NUMBER_IN_TEXT.search(text)
    return int(found.group(1)) if found else None


@dataclass(frozen=True)
class Ticket:
    id: int
    citizen_chat_id: int
    question: str
    town: str | None
    office_id: str
    staff_chat_id: int
    status: str
    claimed_by: str | None
    created_at: dt.datetime
    reminded_at: dt.datetime | None
    answered_at: dt.datetime | None
    offer: int | None = None

    @property
    def number(self) -> str:
        return ticket_number(self.id)


@dataclass(frozen=True)
class Delivery:
    """One thing to deliver: a message to a chat (or an edit, a deletion, an e-mail)."""

    lane: str  # "chat:<id>" or "mail": deliveries of one lane go out in order, lanes in parallel
    kind: str
    payload: dict[str, Any]
    ticket_id: int | None = None
    citizen_chat_id: int | None = None


@dataclass(frozen=True)
class OutboxItem:
    id: int
    ticket_id: int | None
    citizen_chat_id: int | None
    lane: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    parts_sent: int


@dataclass(frozen=True)
class LogRow:
    """One logged question: masked text, the hour it came, what the bot did."""

    id: int
    hour: dt.datetime
    text: str
    outcome: str
    reason: str
    candidates: tuple[tuple[str, float], ...]
    entry: str | None
    chosen: str | None  # an entry chosen from "Meinen Sie ...?", or "none"
    feedback: str | None  # "up" or "down"
    feedback_reason: str | None  # "wrong", "hard", "missing"
    language: str = "de"  # "en": matched against the entries' English questions


@dataclass(frozen=True)
class FailedItem:
    id: int
    ticket_id: int | None
    kind: str
    link: str | None
    last_error: str


class Storage:
    """One aiosqlite connection; open with `await Storage.open(path)` or `async with`."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> Storage:
        try:
            # isolation_level=None: no implicit transactions; `transaction()` begins them.
            db = await aiosqlite.connect(str(path), isolation_level=None)
        except Exception as exc:  # sqlite3 raises several types for unusable paths
            raise StorageError(f"Die Datenbank {path} lässt sich nicht öffnen: {exc}") from None
        db.row_factory = aiosqlite.Row
        try:
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA foreign_keys=ON")
            await db.execute("PRAGMA synchronous=FULL")
            # Deleted rows are overwritten with zeros, not left readable in free pages.
            await db.execute("PRAGMA secure_delete=ON")
            storage = cls(db)
            await storage.migrate()
        except BaseException as exc:
            await db.close()
            if isinstance(exc, aiosqlite.Error):
                raise StorageError(f"Die Datenbank {path} ist nicht lesbar: {exc}") from None
            raise
        return storage

    async def close(self) -> None:
        async with self._lock:
            await self._db.close()

    async def __aenter__(self) -> Storage:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def migrate(self) -> int:
        """Apply the migrations this database has not seen; return the schema version."""
        async with self._lock:
            async with self._db.execute("PRAGMA user_version") as cursor:
                row = await cursor.fetchone()
            version = int(row[0]) if row else 0
            if version > len(MIGRATIONS):
                raise StorageError(
                    f"Die Datenbank hat Version {version}; dieses Programm kennt nur "
                    f"{len(MIGRATIONS)}. Bitte das Programm aktualisieren.")
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                await self._db.executescript(
                    f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
        return len(MIGRATIONS)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One unit of work: all its statements are committed together or not at all."""
        async with self._lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
            await self._db.execute("COMMIT")

    async def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        async with self._lock, self._db.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

    # --- tickets ------------------------------------------------------------------------------

    async def new_ticket(self, citizen_chat_id: int, question: str, office_id: str,
                         staff_chat_id: int, offer: int | None = None) -> Ticket:
        """Store a question the citizen agreed to forward; it is sent once it is filed."""
        moment = _iso(now())
        async with self.transaction() as db:
            await db.execute("UPDATE counters SET value = value + 1 WHERE name = 'ticket'")
            async with db.execute("SELECT value FROM counters WHERE name = 'ticket'") as cur:
                row = await cur.fetchone()
            ticket_id = int(row[0]) if row else 0
            await db.execute(
                "INSERT INTO tickets (id, citizen_chat_id, question, office_id, staff_chat_id,"
                " status, created_at, offer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (ticket_id, citizen_chat_id, question, office_id, staff_chat_id, NEW, moment,
                 offer))
            await _add_message(db, ticket_id, citizen_chat_id, "citizen", question, moment)
        ticket = await self.ticket(ticket_id)
        assert ticket is not None
        return ticket

    async def drop_new_ticket(self, ticket_id: int) -> None:
        """Forget a question whose forwarding the citizen cancelled before it was sent."""
        async with self.transaction() as db:
            await db.execute("DELETE FROM tickets WHERE id = ? AND status = ?", (ticket_id, NEW))

    async def file_ticket(self, ticket_id: int, town: str | None, office_id: str,
                          staff_chat_id: int,
                          deliveries: Callable[[Ticket], Sequence[Delivery]]) -> Ticket | None:
        """Open a new ticket for staff and queue its deliveries, in one transaction. None if it
        was filed already (twice pressed, or by the timeout) or deleted meanwhile."""
        async with self.transaction() as db:
            return await _change_ticket(
                db, "UPDATE tickets SET town = ?, office_id = ?, staff_chat_id = ?, status = ? "
                "WHERE id = ? AND status = ?",
                (town, office_id, staff_chat_id, OPEN, ticket_id, NEW), ticket_id, deliveries)

    async def ticket(self, ticket_id: int) -> Ticket | None:
        found = await self._tickets("WHERE id = ?", (ticket_id,))
        return found[0] if found else None

    async def ticket_by_message(self, chat_id: int, message_id: int,
                                roles: Sequence[str]) -> Ticket | None:
        """The ticket a sent message (any part, any copy) belongs to, if its role fits."""
        marks = ",".join("?" * len(roles))
        found = await self._tickets(
            "WHERE id = (SELECT ticket_id FROM message_links WHERE chat_id = ? AND "
            f"message_id = ? AND role IN ({marks}))", (chat_id, message_id, *roles))
        return found[0] if found else None

    async def ticket_by_offer(self, citizen_chat_id: int, offer: int) -> Ticket | None:
        """The ticket made when the citizen agreed to the consent `offer`, if any."""
        found = await self._tickets("WHERE citizen_chat_id = ? AND offer = ? LIMIT 1",
                                    (citizen_chat_id, offer))
        return found[0] if found else None

    async def waiting_ticket(self, citizen_chat_id: int) -> Ticket | None:
        """The citizen's newest ticket still waiting for the town, if any."""
        found = await self._tickets("WHERE citizen_chat_id = ? AND status = ? "
                                    "ORDER BY id DESC LIMIT 1", (citizen_chat_id, NEW))
        return found[0] if found else None

    async def linked_messages(self, ticket_id: int, role: str) -> list[tuple[int, int]]:
        rows = await self._rows("SELECT chat_id, message_id FROM message_links WHERE "
                                "ticket_id = ? AND role = ? ORDER BY message_id",
                                (ticket_id, role))
        return [(int(r[0]), int(r[1])) for r in rows]

    async def tickets_of(self, citizen_chat_id: int) -> list[Ticket]:
        return await self._tickets("WHERE citizen_chat_id = ? ORDER BY id", (citizen_chat_id,))

    async def open_tickets(self, staff_chat_ids: Sequence[int] | None = None) -> list[Ticket]:
        """Open tickets, oldest first; only those of the given staff chats if any are given."""
        if staff_chat_ids is None:
            return await self._tickets("WHERE status = ? ORDER BY id", (OPEN,))
        marks = ",".join("?" * len(staff_chat_ids))
        return await self._tickets(
            f"WHERE status = ? AND staff_chat_id IN ({marks}) ORDER BY id",
            (OPEN, *staff_chat_ids))

    async def new_tickets_before(self, moment: dt.datetime) -> list[Ticket]:
        """Tickets still waiting for the town since before `moment`."""
        return await self._tickets("WHERE status = ? AND created_at < ? ORDER BY id",
                                   (NEW, _iso(moment)))

    async def _tickets(self, where: str, params: tuple[Any, ...]) -> list[Ticket]:
        return [_ticket(row) for row in await self._rows(f"SELECT * FROM tickets {where}",
                                                         params)]

    async def claim(self, ticket_id: int, staff_name: str,
                    deliveries: Callable[[Ticket], Sequence[Delivery]]) -> Ticket | None:
        """Mark who takes an open ticket and queue the messages saying so; None if someone
        already took it or it is not open."""
        async with self.transaction() as db:
            return await _change_ticket(
                db, "UPDATE tickets SET claimed_by = ? WHERE id = ? AND claimed_by IS NULL "
                "AND status = ?", (staff_name, ticket_id, OPEN), ticket_id, deliveries)

    async def answer(self, ticket_id: int, text: str,
                     deliveries: Callable[[Ticket], Sequence[Delivery]]) -> Ticket | None:
        """Record a staff answer and queue its delivery; None if the ticket is not open."""
        moment = _iso(now())
        async with self.transaction() as db:
            cursor = await db.execute(
                "UPDATE tickets SET status = ?, answered_at = ? WHERE id = ? AND status = ?",
                (ANSWERED, moment, ticket_id, OPEN))
            if cursor.rowcount != 1:
                return None
            ticket = await _ticket_in(db, ticket_id)
            assert ticket is not None
            await _add_message(db, ticket.id, ticket.citizen_chat_id, "staff", text, moment)
            for delivery in deliveries(ticket):
                await _enqueue(db, delivery)
        return ticket

    async def reopen(self, ticket_id: int, since: dt.datetime,
                     deliveries: Callable[[Ticket, list[tuple[int, int]]], Sequence[Delivery]]
                     ) -> Ticket | None:
        """Take back an answer given after `since`: cancel its delivery if it has not gone out,
        queue the deletion of what was sent, and open the ticket again. None if the ticket is
        not answered, or was answered before `since`."""
        async with self.transaction() as db:
            cursor = await db.execute(
                "UPDATE tickets SET status = ?, answered_at = NULL WHERE id = ? AND status = ? "
                "AND answered_at >= ?", (OPEN, ticket_id, ANSWERED, _iso(since)))
            if cursor.rowcount != 1:
                return None
            await db.execute(
                "UPDATE outbox SET failed_at = ?, last_error = 'zurückgenommen', payload = '{}'"
                " WHERE ticket_id = ? AND kind = 'answer' AND sent_at IS NULL "
                "AND failed_at IS NULL", (_iso(now()), ticket_id))
            await db.execute(
                "UPDATE ticket_messages SET author = 'staff_withdrawn' WHERE id = (SELECT MAX(id)"
                " FROM ticket_messages WHERE ticket_id = ? AND author = 'staff')", (ticket_id,))
            async with db.execute(
                "SELECT chat_id, message_id FROM message_links WHERE ticket_id = ? "
                "AND role = 'answer' ORDER BY message_id", (ticket_id,)) as cur:
                sent = [(int(r[0]), int(r[1])) for r in await cur.fetchall()]
            await db.execute("DELETE FROM message_links WHERE ticket_id = ? AND role = 'answer'",
                             (ticket_id,))
            ticket = await _ticket_in(db, ticket_id)
            assert ticket is not None
            for delivery in deliveries(ticket, sent):
                await _enqueue(db, delivery)
        return ticket

    async def add_message(self, ticket_id: int, author: str, text: str,
                          deliveries: Sequence[Delivery]) -> None:
        """A citizen's follow-up or a staff member's internal note, with what it sends."""
        moment = _iso(now())
        async with self.transaction() as db:
            ticket = await _ticket_in(db, ticket_id)
            if ticket is None:
                return
            await _add_message(db, ticket_id, ticket.citizen_chat_id, author, text, moment)
            for delivery in deliveries:
                await _enqueue(db, delivery)

    async def messages_of(self, ticket_id: int) -> list[tuple[str, str]]:
        rows = await self._rows("SELECT author, text FROM ticket_messages WHERE ticket_id = ? "
                                "ORDER BY id", (ticket_id,))
        return [(str(r[0]), str(r[1])) for r in rows]

    async def mark_reminded(self, ticket_id: int, deliveries: Sequence[Delivery]) -> None:
        async with self.transaction() as db:
            await db.execute("UPDATE tickets SET reminded_at = ? WHERE id = ?",
                             (_iso(now()), ticket_id))
            for delivery in deliveries:
                await _enqueue(db, delivery)

    # --- outbox -------------------------------------------------------------------------------

    async def enqueue(self, deliveries: Sequence[Delivery]) -> None:
        async with self.transaction() as db:
            for delivery in deliveries:
                await _enqueue(db, delivery)

    async def legacy_items(self) -> list[OutboxItem]:
        """Deliveries queued by version 1, which had no lanes, still to be sent."""
        rows = await self._rows("SELECT * FROM outbox WHERE lane IS NULL AND sent_at IS NULL "
                                "ORDER BY id")
        return [_item(r) for r in rows]

    async def replace_legacy(self, item_id: int, delivery: Delivery | None) -> None:
        """Give a version-1 delivery its lane and full payload (None: nothing left to send)."""
        async with self.transaction() as db:
            if delivery is None:
                await db.execute("UPDATE outbox SET sent_at = ?, payload = '{}' WHERE id = ?",
                                 (_iso(now()), item_id))
                return
            await db.execute("UPDATE outbox SET lane = ?, kind = ?, payload = ? WHERE id = ?",
                             (delivery.lane, delivery.kind,
                              json.dumps(delivery.payload, ensure_ascii=False), item_id))

    async def due_lanes(self) -> list[str]:
        """Lanes with at least one delivery due now."""
        rows = await self._rows(
            "SELECT DISTINCT lane FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL "
            "AND next_attempt_at <= ?", (_iso(now()),))
        return [str(r[0]) for r in rows]

    async def due(self, lane: str, limit: int = 20) -> list[OutboxItem]:
        """Deliveries of one lane not yet sent whose next attempt is due, oldest first."""
        rows = await self._rows(
            "SELECT * FROM outbox WHERE lane = ? AND sent_at IS NULL AND failed_at IS NULL "
            "AND next_attempt_at <= ? ORDER BY id LIMIT ?", (lane, _iso(now()), limit))
        return [_item(r) for r in rows]

    async def part_sent(self, item: OutboxItem, part: int, message_id: int | None,
                        link: str | None, done: bool) -> None:
        """Record one sent part of a delivery (and link it to its ticket) in one transaction;
        the last part also marks the delivery done and drops its text."""
        moment = _iso(now())
        async with self.transaction() as db:
            if link and item.ticket_id is not None and message_id is not None:
                await db.execute(
                    "INSERT OR REPLACE INTO message_links (chat_id, message_id, ticket_id, role,"
                    " created_at) SELECT ?, ?, id, ?, ? FROM tickets WHERE id = ?",
                    (_lane_chat(item.lane), message_id, link, moment, item.ticket_id))
            if done:
                await db.execute("UPDATE outbox SET parts_sent = ?, sent_at = ?, payload = '{}'"
                                 " WHERE id = ?", (part + 1, moment, item.id))
            else:
                await db.execute("UPDATE outbox SET parts_sent = ? WHERE id = ?",
                                 (part + 1, item.id))

    async def retry_later(self, item_id: int, delay: dt.timedelta, error: str) -> None:
        async with self.transaction() as db:
            await db.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? "
                "WHERE id = ?", (_iso(now() + delay), error[:500], item_id))

    async def fail(self, item_id: int, reason: str, deliveries: Sequence[Delivery]) -> None:
        """Give up a delivery for good (and queue the notice about it) in one transaction."""
        async with self.transaction() as db:
            await db.execute(
                "UPDATE outbox SET attempts = attempts + 1, failed_at = ?, last_error = ? "
                "WHERE id = ?", (_iso(now()), reason[:500], item_id))
            for delivery in deliveries:
                await _enqueue(db, delivery)

    async def failed(self, ticket_ids: Sequence[int] | None = None) -> list[FailedItem]:
        """Deliveries given up, newest first (of the given tickets only, if any are given)."""
        where = "failed_at IS NOT NULL AND last_error != 'zurückgenommen'"
        params: tuple[int, ...] = ()
        if ticket_ids is not None:
            where += f" AND ticket_id IN ({','.join('?' * len(ticket_ids))})"
            params = tuple(ticket_ids)
        rows = await self._rows(
            "SELECT id, ticket_id, kind, json_extract(payload, '$.link'), last_error "
            f"FROM outbox WHERE {where} ORDER BY id DESC", params)
        return [FailedItem(r[0], r[1], r[2], r[3], r[4] or "") for r in rows]

    async def oldest_pending(self) -> dt.datetime | None:
        """When the oldest delivery still to be sent was queued."""
        rows = await self._rows("SELECT MIN(COALESCE(queued_at, next_attempt_at)) FROM outbox "
                                "WHERE sent_at IS NULL AND failed_at IS NULL")
        return _time(rows[0][0]) if rows and rows[0][0] else None

    async def failed_since(self, moment: dt.datetime) -> int:
        rows = await self._rows("SELECT COUNT(*) FROM outbox WHERE failed_at >= ? AND "
                                "last_error != 'zurückgenommen'", (_iso(moment),))
        return int(rows[0][0]) if rows else 0

    async def backup(self, target: Path) -> None:
        """A consistent copy of the live database with SQLite's online backup."""
        async with self._lock, aiosqlite.connect(str(target)) as copy:
            await self._db.backup(copy)

    async def pending_count(self) -> int:
        rows = await self._rows("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL "
                                "AND failed_at IS NULL")
        return int(rows[0][0]) if rows else 0

    # --- question log -------------------------------------------------------------------------

    async def log_question(self, text: str, outcome: str, reason: str,
                           candidates: Sequence[tuple[str, float]], entry: str | None,
                           language: str = "de") -> int:
        """Log one masked question; the time is kept to the hour only. The row id."""
        hour = now().replace(minute=0, second=0, microsecond=0)
        async with self.transaction() as db:
            cursor = await db.execute(
                "INSERT INTO question_log (hour, text, outcome, reason, candidates, entry, "
                "language) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_iso(hour), text, outcome, reason, json.dumps(list(candidates)), entry,
                 language))
            return int(cursor.lastrowid or 0)

    async def log_choice(self, row_id: int, chosen: str) -> None:
        async with self.transaction() as db:
            await db.execute("UPDATE question_log SET chosen = ? WHERE id = ?", (chosen, row_id))

    async def log_feedback(self, row_id: int | None, entry: str, kind: str,
                           reason: str | None = None) -> None:
        """Count feedback on an entry ("up", "down", or a reason), and note it on the log
        row it answered, if that is known."""
        async with self.transaction() as db:
            await db.execute(
                "INSERT INTO entry_feedback (entry, kind, count) VALUES (?, ?, 1) "
                "ON CONFLICT (entry, kind) DO UPDATE SET count = count + 1", (entry, kind))
            if row_id is not None and reason is None:
                await db.execute("UPDATE question_log SET feedback = ? WHERE id = ?",
                                 (kind, row_id))
            elif row_id is not None:
                await db.execute("UPDATE question_log SET feedback_reason = ? WHERE id = ?",
                                 (reason, row_id))

    async def logged(self, since: dt.datetime) -> list[LogRow]:
        rows = await self._rows("SELECT * FROM question_log WHERE hour >= ? ORDER BY id",
                                (_iso(since),))
        return [LogRow(r["id"], _time(r["hour"]) or now(), r["text"], r["outcome"], r["reason"],
                       tuple((str(e), float(v)) for e, v in json.loads(r["candidates"])),
                       r["entry"], r["chosen"], r["feedback"], r["feedback_reason"],
                       r["language"])
                for r in rows]

    async def feedback_counts(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for row in await self._rows("SELECT entry, kind, count FROM entry_feedback"):
            counts.setdefault(str(row[0]), {})[str(row[1])] = int(row[2])
        return counts

    async def expire_log(self, days: int) -> int:
        """Delete logged questions older than `days`."""
        limit = _iso(now() - dt.timedelta(days=days))
        async with self.transaction() as db:
            cursor = await db.execute("DELETE FROM question_log WHERE hour < ?", (limit,))
            count = cursor.rowcount
        if count:
            await self.clear_log()
        return count

    # --- preferences ----------------------------------------------------------------------------

    async def language(self, citizen_chat_id: int) -> str:
        """The language a citizen chose: "easy", "en", or "de" (nothing stored)."""
        rows = await self._rows("SELECT language FROM preferences WHERE citizen_chat_id = ?",
                                (citizen_chat_id,))
        return str(rows[0][0]) if rows else "de"

    async def set_language(self, citizen_chat_id: int, language: str) -> None:
        """Remember Leichte Sprache or English for a chat; German deletes the row."""
        async with self.transaction() as db:
            if language == "de":
                await db.execute("DELETE FROM preferences WHERE citizen_chat_id = ?",
                                 (citizen_chat_id,))
            else:
                await db.execute(
                    "INSERT OR REPLACE INTO preferences (citizen_chat_id, easy, language) "
                    "VALUES (?, ?, ?)", (citizen_chat_id, int(language == "easy"), language))

    # --- installs from the staff chat ----------------------------------------------------------

    async def record_install(self, file: str, staff: str, kind: str) -> None:
        async with self.transaction() as db:
            await db.execute("INSERT INTO installs (at, staff, file, kind) VALUES (?, ?, ?, ?)",
                             (_iso(now()), staff, file, kind))

    async def last_install(self) -> str | None:
        """The file of the newest install not undone yet, if any."""
        rows = await self._rows("SELECT file, kind FROM installs ORDER BY id")
        stack: list[str] = []
        for file, kind in rows:
            if kind == "install":
                stack.append(str(file))
            elif stack:
                stack.pop()
        return stack[-1] if stack else None

    # --- privacy ------------------------------------------------------------------------------

    async def delete_citizen(self, citizen_chat_id: int,
                             removals: Callable[[list[tuple[int, int]]], Sequence[Delivery]]
                             ) -> int:
        """Delete everything stored about one citizen, queue the removal of the bot's messages
        about them in staff chats, and clear the write-ahead log; the number of tickets."""
        async with self.transaction() as db:
            async with db.execute(
                "SELECT chat_id, message_id FROM message_links WHERE chat_id != ? AND ticket_id"
                " IN (SELECT id FROM tickets WHERE citizen_chat_id = ?)",
                (citizen_chat_id, citizen_chat_id)) as cur:
                in_staff_chats = [(int(r[0]), int(r[1])) for r in await cur.fetchall()]
            cursor = await db.execute("DELETE FROM tickets WHERE citizen_chat_id = ?",
                                      (citizen_chat_id,))
            await db.execute("DELETE FROM outbox WHERE citizen_chat_id = ?", (citizen_chat_id,))
            await db.execute("DELETE FROM outbox WHERE lane = ?", (f"chat:{citizen_chat_id}",))
            await db.execute("DELETE FROM preferences WHERE citizen_chat_id = ?",
                             (citizen_chat_id,))
            for delivery in removals(in_staff_chats):
                await _enqueue(db, delivery)
            count = cursor.rowcount
        await self.clear_log()
        return count

    async def expire(self, days: int, notice: Callable[[Ticket], Sequence[Delivery]]) -> int:
        """Retention: delete every ticket older than `days`, answered or not, with finished
        deliveries; an open one is announced to its staff chat first. The number deleted."""
        limit = _iso(now() - dt.timedelta(days=days))
        async with self.transaction() as db:
            async with db.execute("SELECT * FROM tickets WHERE created_at < ? AND status != ?",
                                  (limit, ANSWERED)) as cur:
                unanswered = [_ticket(row) for row in await cur.fetchall()]
            for ticket in unanswered:
                for delivery in notice(ticket):
                    await _enqueue(db, delivery)
            cursor = await db.execute("DELETE FROM tickets WHERE created_at < ?", (limit,))
            await db.execute(
                "DELETE FROM outbox WHERE (sent_at IS NOT NULL AND sent_at < ?) "
                "OR (failed_at IS NOT NULL AND failed_at < ?)", (limit, limit))
            count = cursor.rowcount
        if count:
            await self.clear_log()
        return count

    async def clear_log(self) -> None:
        """Write the log into the database and empty it, so that deleted rows live on in no
        old page image (secure_delete has overwritten them in the database itself)."""
        async with self._lock:
            await self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


async def _change_ticket(db: aiosqlite.Connection, sql: str, params: tuple[Any, ...],
                         ticket_id: int, deliveries: Callable[[Ticket], Sequence[Delivery]]
                         ) -> Ticket | None:
    """Within a transaction: a conditional update of one ticket and, if it applied, the
    deliveries it causes. None if the condition did not hold."""
    cursor = await db.execute(sql, params)
    if cursor.rowcount != 1:
        return None
    ticket = await _ticket_in(db, ticket_id)
    assert ticket is not None
    for delivery in deliveries(ticket):
        await _enqueue(db, delivery)
    return ticket


async def _add_message(db: aiosqlite.Connection, ticket_id: int, chat_id: int, author: str,
                       text: str, moment: str) -> None:
    await db.execute(
        "INSERT INTO ticket_messages (ticket_id, citizen_chat_id, author, text, created_at)"
        " VALUES (?, ?, ?, ?, ?)", (ticket_id, chat_id, author, text, moment))


async def _enqueue(db: aiosqlite.Connection, delivery: Delivery) -> None:
    await db.execute(
        "INSERT INTO outbox (ticket_id, citizen_chat_id, lane, kind, payload, next_attempt_at,"
        " queued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (delivery.ticket_id, delivery.citizen_chat_id, delivery.lane, delivery.kind,
         json.dumps(delivery.payload, ensure_ascii=False), _iso(now()), _iso(now())))


async def _ticket_in(db: aiosqlite.Connection, ticket_id: int) -> Ticket | None:
    async with db.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)) as cur:
        row = await cur.fetchone()
    return _ticket(row) if row is not None else None


def _lane_chat(lane: str) -> int:
    return int(lane.removeprefix("chat:"))


def _time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _ticket(row: aiosqlite.Row) -> Ticket:
    return Ticket(
        id=row["id"], citizen_chat_id=row["citizen_chat_id"], question=row["question"],
        town=row["town"], office_id=row["office_id"], staff_chat_id=row["staff_chat_id"],
        status=row["status"], claimed_by=row["claimed_by"], offer=row["offer"],
        created_at=_time(row["created_at"]) or now(), reminded_at=_time(row["reminded_at"]),
        answered_at=_time(row["answered_at"]),
    )


def _item(row: aiosqlite.Row) -> OutboxItem:
    return OutboxItem(row["id"], row["ticket_id"], row["citizen_chat_id"], row["lane"] or "",
                      row["kind"], json.loads(row["payload"]), row["attempts"],
                      row["parts_sent"])
