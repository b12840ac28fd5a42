"""The real Telegram application, run in the test's own event loop against the emulator: every
handler, the typed context, the outbox lanes, the polling and a fresh SQLite file per test,
without a subprocess. The lifecycle is the one `kek-bot run` goes through (bot/tg/polling.py)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import load_config
from bot.engine import Engine
from bot.tg.app import build_application
from bot.tg.context import KekApplication, Services
from bot.tg.polling import Poller
from tests.botapi_emulator import BotApiEmulator
from tests.e2e import PRIVACY, TOKEN, Person

DEFAULT_CHAT = -500
HAGENOW_CHAT = -600
STAFF_USER = 900
COLLEAGUE = 901
FAST = {
    "KEK_BOT_HANDOFF__DEFAULT_CHAT_ID": str(DEFAULT_CHAT),
    "KEK_BOT_HANDOFF__OFFICE_CHATS": f"hagenow={HAGENOW_CHAT}",
    "KEK_BOT_HANDOFF__OUTBOX_SECONDS": "0.2",
    "KEK_BOT_HANDOFF__RETRY_SECONDS": "0.1",
    "KEK_BOT_HANDOFF__RETRY_MAX_SECONDS": "0.3",
}


@dataclass
class World:
    emu: BotApiEmulator
    app: KekApplication
    db: Path
    staff: Person  # a staff member in the default staff group
    hagenow: Person  # the same staff member in the Hagenow group

    @property
    def services(self) -> Services:
        """The running application's services (set at its start)."""
        services = self.app.bot_data.services
        assert services is not None
        return services

    def query(self, sql: str, *params: Any) -> list[sqlite3.Row]:
        with sqlite3.connect(self.db) as db:
            db.row_factory = sqlite3.Row
            return list(db.execute(sql, params))

    def execute(self, sql: str, *params: Any) -> None:
        """A write beside the bot's own connection (call it in a thread: it may wait)."""
        with sqlite3.connect(self.db, timeout=30) as db:
            db.execute(sql, params)

    def tickets(self, chat_id: int | None = None) -> list[sqlite3.Row]:
        if chat_id is None:
            return self.query("SELECT * FROM tickets ORDER BY id")
        return self.query("SELECT * FROM tickets WHERE citizen_chat_id = ? ORDER BY id", chat_id)


@asynccontextmanager
async def running_app(emu: BotApiEmulator, db: Path, engine: Engine,
                      env: dict[str, str] | None = None) -> AsyncIterator[KekApplication]:
    config = load_config(None, {"KEK_BOT_TOKEN": TOKEN, "KEK_BOT_API_URL": emu.base_url,
                                "KEK_BOT_STORAGE__PATH": str(db), **PRIVACY, **FAST,
                                **(env or {})})
    app = build_application(config, engine)
    await app.initialize()
    assert app.post_init is not None and app.post_stop and app.post_shutdown
    await app.post_init(app)
    await app.start()
    stop = asyncio.Event()
    poller = asyncio.create_task(Poller(app, poll_seconds=1).run(stop))
    try:
        yield app
    finally:
        stop.set()
        await poller
        await app.stop()
        await app.post_stop(app)
        await app.shutdown()
        await app.post_shutdown(app)


@asynccontextmanager
async def world(tmp: Path, engine: Engine, env: dict[str, str] | None = None,
                emu: BotApiEmulator | None = None) -> AsyncIterator[World]:
    """An emulator with two staff groups, and the bot running against it."""
    async with BotApiEmulator(TOKEN) as fresh:
        emulator = emu or fresh
        emulator.add_user(STAFF_USER, "Sachbearbeitung")
        emulator.add_user(COLLEAGUE, "Kollegin")
        emulator.add_group(DEFAULT_CHAT, "Bürgerbüro Team", [STAFF_USER, COLLEAGUE])
        emulator.add_group(HAGENOW_CHAT, "Bürgerbüro Hagenow Team", [STAFF_USER])
        db = tmp / "kek.sqlite3"
        async with running_app(emulator, db, engine, env) as app:
            yield World(emulator, app, db, Person(emulator, STAFF_USER, chat_id=DEFAULT_CHAT,
                                                  add=False),
                        Person(emulator, STAFF_USER, chat_id=HAGENOW_CHAT, add=False))
