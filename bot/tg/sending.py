"""Send and edit rendered replies: the one place the adapter writes to the person who wrote.

Replies go out through one lane per chat, off the update handler: python-telegram-bot handles
one update at a time, so waiting inside a handler (for Telegram's 429 "retry after", say)
would hold up every citizen. In a lane, replies keep their order, and a 429 waits the time
Telegram names in that chat only. Messages for staff and answers from staff go through the
stored outbox instead (bot/tg/delivery.py); these replies are not stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from telegram import Message
from telegram.error import BadRequest, RetryAfter, TelegramError

from bot.replies import Reply
from bot.tg import render

logger = logging.getLogger(__name__)
RETRIES = 3  # 429s in a row before a reply is given up
STOP_SECONDS = 3.0  # how long a stop waits for replies still in their lanes


async def send(message: Message, reply: Reply) -> None:
    """Send a reply into the chat of `message`, split into several messages if needed."""
    for part in render.messages(reply):
        await message.chat.send_message(part.text, reply_markup=part.markup)


async def edit(message: Message, reply: Reply) -> None:
    """Replace a menu message in place; Telegram refuses an edit that changes nothing."""
    parts = render.messages(reply)
    try:
        await message.edit_text(parts[0].text, reply_markup=parts[0].markup)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise
    for part in parts[1:]:
        await message.chat.send_message(part.text, reply_markup=part.markup)


Job = Callable[[], Awaitable[None]]


class ReplyLanes:
    """One queue and one task per chat with replies waiting; the task ends when it is empty."""

    def __init__(self) -> None:
        self._queues: dict[int, asyncio.Queue[Job]] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}

    def send(self, message: Message, reply: Reply) -> None:
        self.submit(message.chat.id, lambda: send(message, reply))

    def edit(self, message: Message, reply: Reply) -> None:
        self.submit(message.chat.id, lambda: edit(message, reply))

    def submit(self, chat_id: int, job: Job) -> None:
        queue = self._queues.setdefault(chat_id, asyncio.Queue())
        queue.put_nowait(job)
        task = self._tasks.get(chat_id)
        if task is None or task.done():
            self._tasks[chat_id] = asyncio.get_running_loop().create_task(
                self._drain(chat_id, queue), name=f"replies {chat_id}")

    async def _drain(self, chat_id: int, queue: asyncio.Queue[Job]) -> None:
        while not queue.empty():
            job = queue.get_nowait()
            await _run(job)
        if self._queues.get(chat_id) is queue and queue.empty():
            del self._queues[chat_id]

    async def stop(self) -> None:
        """Let waiting replies go out for a moment, then cancel the rest."""
        tasks = [t for t in self._tasks.values() if not t.done()]
        if tasks:
            await asyncio.wait(tasks, timeout=STOP_SECONDS)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


async def _run(job: Job) -> None:
    for attempt in range(RETRIES + 1):
        try:
            await job()
            return
        except RetryAfter as exc:
            wait = exc.retry_after
            seconds = wait.total_seconds() if isinstance(wait, dt.timedelta) else float(wait)
            if attempt == RETRIES:
                logger.warning("Antwort nach %d Wartezeiten von Telegram aufgegeben.", RETRIES)
                return
            await asyncio.sleep(seconds)
        except TelegramError as exc:
            logger.warning("Antwort nicht gesendet: %s", exc.message)
            return
        except Exception:
            logger.exception("Antwort nicht gesendet: unerwarteter Fehler")
            return
