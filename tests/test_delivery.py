"""The outbox worker at its seam with Telegram: a small fake bot, real storage and workflow.

One lane per destination: a staff group that Telegram holds back must not hold up the answer
in a citizen's private chat. Errors are sorted into permanent (failed at once, staff told) and
transient (retried with growing waits, at most `handoff.max_attempts` times)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.config import Config, load_config
from bot.engine import Engine
from bot.replies import Reply
from bot.storage import Storage
from bot.tg.delivery import Deliverer
from bot.workflow import Workflow, message

GROUP = -500
CITIZEN = 42


@dataclass
class Sent:
    message_id: int


@dataclass
class FakeBot:
    """Records sends; a chat can be held back (as by Telegram's group limit) or fail."""

    held: dict[int, asyncio.Event] = field(default_factory=dict)
    errors: dict[int, list[Exception]] = field(default_factory=dict)
    sent: list[tuple[int, str]] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> Sent:
        if chat_id in self.held:
            await self.held[chat_id].wait()
        if self.errors.get(chat_id):
            raise self.errors[chat_id].pop(0)
        self.sent.append((chat_id, text))
        self.arrived.set()
        return Sent(len(self.sent))

    async def wait_for(self, chat_id: int, count: int = 1) -> None:
        while len([c for c, _ in self.sent if c == chat_id]) < count:
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), timeout=10)


@dataclass
class Setup:
    bot: FakeBot
    storage: Storage
    workflow: Workflow
    deliverer: Deliverer
    config: Config


@pytest_asyncio.fixture
async def setup(tmp_path: Path, shipped_engine: Engine) -> AsyncIterator[Setup]:
    config = load_config(None, {"KEK_BOT_HANDOFF__DEFAULT_CHAT_ID": str(GROUP),
                                "KEK_BOT_HANDOFF__OUTBOX_SECONDS": "0.05",
                                "KEK_BOT_HANDOFF__RETRY_SECONDS": "0.01",
                                "KEK_BOT_HANDOFF__RETRY_MAX_SECONDS": "0.02",
                                "KEK_BOT_HANDOFF__MAX_ATTEMPTS": "3"})
    storage = await Storage.open(tmp_path / "kek.sqlite3")
    workflow = Workflow(config, shipped_engine, storage)
    bot = FakeBot()
    deliverer = Deliverer(bot, workflow, storage, config)  # type: ignore[arg-type]
    workflow.wake = deliverer.wake
    deliverer.start()
    try:
        yield Setup(bot, storage, workflow, deliverer, config)
    finally:
        await deliverer.stop()
        await storage.close()


async def test_a_held_back_group_does_not_hold_up_a_private_chat(setup: Setup) -> None:
    setup.bot.held[GROUP] = asyncio.Event()
    await setup.storage.enqueue([message(GROUP, Reply(f"Notiz {n}")) for n in range(5)])
    await setup.storage.enqueue([message(CITIZEN, Reply("Antwort"))])
    setup.deliverer.wake()
    await setup.bot.wait_for(CITIZEN)
    assert [c for c, _ in setup.bot.sent] == [CITIZEN], "the group is still held back"
    setup.bot.held[GROUP].set()
    await setup.bot.wait_for(GROUP, 5)
    assert [t for c, t in setup.bot.sent if c == GROUP] == [f"Notiz {n}" for n in range(5)]


async def test_transient_errors_are_retried_until_delivered_once(setup: Setup) -> None:
    setup.bot.errors[CITIZEN] = [NetworkError("Bad Gateway"), RetryAfter(dt.timedelta(0))]
    await setup.storage.enqueue([message(CITIZEN, Reply("Antwort"))])
    setup.deliverer.wake()
    await setup.bot.wait_for(CITIZEN)
    assert setup.bot.sent == [(CITIZEN, "Antwort")]
    assert await setup.storage.pending_count() == 0


@pytest.mark.parametrize(("error", "reason"), [
    (Forbidden("Forbidden: bot was blocked by the user"), "blockiert"),
    (BadRequest("Bad Request: chat not found"), "gibt es nicht"),
    (BadRequest("Bad Request: message is too long"), "zu lang"),
])
async def test_permanent_errors_fail_at_once(setup: Setup, error: Exception,
                                             reason: str) -> None:
    setup.bot.errors[CITIZEN] = [error]
    await setup.storage.enqueue([message(CITIZEN, Reply("Antwort"))])
    setup.deliverer.wake()
    failed = await _failed(setup)
    assert reason in failed.last_error
    assert setup.bot.sent == []


async def test_nothing_is_retried_forever(setup: Setup) -> None:
    setup.bot.errors[CITIZEN] = [NetworkError("timeout") for _ in range(10)]
    await setup.storage.enqueue([message(CITIZEN, Reply("Antwort"))])
    setup.deliverer.wake()
    failed = await _failed(setup)
    assert "3 Versuche" in failed.last_error
    assert len(setup.bot.errors[CITIZEN]) == 7, "three attempts, then it stopped"


async def _failed(setup: Setup) -> Any:
    for _ in range(200):
        failed = await setup.storage.failed()
        if failed:
            return failed[0]
        await asyncio.sleep(0.02)
    raise AssertionError("the delivery did not fail")
