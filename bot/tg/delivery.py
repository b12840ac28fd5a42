"""The outbox worker: delivers what the workflow queued, one lane per destination.

Deliveries of one chat go out in order; chats are served in parallel, so a staff group held back
by Telegram's 20 messages per minute does not hold up answers in private chats. Long texts go out
as several messages; each sent part is recorded before the next is sent, so a restart resumes
after the last part sent. Permanent errors (blocked, chat not found, message too long) fail the
delivery at once and tell staff; transient ones are retried with growing waits, at most
`handoff.max_attempts` times.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import smtplib
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot import mail, texts
from bot.config import Config
from bot.faults import fault_point
from bot.storage import OutboxItem, Storage
from bot.tg import render
from bot.workflow import Workflow

logger = logging.getLogger(__name__)
BATCH = 20


class PermanentError(Exception):
    """A delivery that can never succeed; the message is the reason for staff, in German."""


class Deliverer:
    """Runs the outbox: a dispatcher that starts one task per lane with due deliveries."""

    def __init__(self, bot: Bot, workflow: Workflow, storage: Storage, config: Config) -> None:
        self.bot = bot
        self.workflow = workflow
        self.storage = storage
        self.config = config
        self._wake = asyncio.Event()
        self._lanes: dict[str, asyncio.Task[None]] = {}
        self._runner: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start at once: deliveries left from before a restart go out without waiting."""
        self._runner = asyncio.get_running_loop().create_task(self._run(), name="outbox")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        """Stop every lane; what is not delivered stays in the outbox for the next start."""
        tasks = [t for t in (self._runner, *self._lanes.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.workflow.tick()
                for lane in await self.storage.due_lanes():
                    task = self._lanes.get(lane)
                    if task is None or task.done():
                        self._lanes[lane] = asyncio.get_running_loop().create_task(
                            self._drain(lane), name=f"outbox {lane}")
            except Exception:
                logger.exception("Fehler im Zustell-Dienst; neuer Versuch gleich.")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.config.outbox_seconds)

    async def _drain(self, lane: str) -> None:
        """Deliver everything due in one lane, in order."""
        while items := await self.storage.due(lane, BATCH):
            for item in items:
                await self._deliver(item)

    async def _deliver(self, item: OutboxItem) -> None:
        try:
            await self._send(item)
        except PermanentError as exc:
            await self.workflow.delivery_failed(item, str(exc))
        except RetryAfter as exc:
            await self._retry(item, _seconds(exc.retry_after), str(exc))
        except (TelegramError, OSError, smtplib.SMTPException) as exc:
            delay = min(self.config.retry_seconds * 2 ** min(item.attempts, 20),
                        self.config.retry_max_seconds)
            await self._retry(item, delay, str(exc))
        except Exception as exc:  # a bug must not stall the lane or loop on one item forever
            logger.exception("Zustellung %s (%s): unerwarteter Fehler", item.id, item.kind)
            await self.workflow.delivery_failed(
                item, texts.FAILURE_REASONS["rejected"].format(detail=type(exc).__name__))

    async def _retry(self, item: OutboxItem, seconds: float, error: str) -> None:
        if item.attempts + 1 >= self.config.max_attempts:
            reason = texts.FAILURE_REASONS["attempts"].format(attempts=item.attempts + 1,
                                                             detail=error)
            await self.workflow.delivery_failed(item, reason)
            return
        logger.warning("Zustellung %s (%s) fehlgeschlagen, neuer Versuch in %.0f s: %s",
                       item.id, item.kind, seconds, error)
        await self.storage.retry_later(item.id, dt.timedelta(seconds=seconds), error)

    async def _send(self, item: OutboxItem) -> None:
        payload = item.payload
        if item.kind == "email":
            await mail.send_mail(self.config, payload["to"], payload["subject"], payload["text"])
            await self.storage.part_sent(item, 0, None, None, done=True)
            return
        chat_id = int(item.lane.removeprefix("chat:"))
        try:
            if item.kind == "message":
                await self._send_parts(item, chat_id, payload)
            elif item.kind == "edit":
                await self._edit(chat_id, payload)
                await self.storage.part_sent(item, 0, None, None, done=True)
            elif item.kind == "delete":
                await self._delete(chat_id, payload["message_id"],
                                   bool(payload.get("best_effort")))
                await self.storage.part_sent(item, 0, None, None, done=True)
            else:
                raise PermanentError(f"Unbekannte Art der Zustellung: {item.kind}.")
        except Forbidden as exc:
            raise PermanentError(_forbidden_reason(exc.message)) from None
        except BadRequest as exc:
            raise PermanentError(_bad_request_reason(exc.message)) from None

    async def _send_parts(self, item: OutboxItem, chat_id: int, payload: dict[str, Any]) -> None:
        parts = render.compose(payload["text"], [tuple(o) for o in payload.get("options", [])])
        for index in range(item.parts_sent, len(parts)):
            sent = await self.bot.send_message(chat_id, parts[index].text,
                                               reply_markup=parts[index].markup)
            fault_point("after_send")  # the one window in which a message can go out twice
            await self.storage.part_sent(item, index, sent.message_id, payload.get("link"),
                                         done=index == len(parts) - 1)

    async def _edit(self, chat_id: int, payload: dict[str, Any]) -> None:
        text = payload["text"]
        parts = render.compose(text, [tuple(o) for o in payload.get("options", [])])
        try:
            await self.bot.edit_message_text(parts[0].text, chat_id, payload["message_id"],
                                             reply_markup=parts[0].markup)
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():
                raise

    async def _delete(self, chat_id: int, message_id: int, best_effort: bool) -> None:
        try:
            await self.bot.delete_message(chat_id, message_id)
        except (BadRequest, Forbidden) as exc:
            # Already gone: nothing to take back. Too old (48 hours) or no longer a member:
            # for a best-effort removal after /loeschen that is all Telegram allows.
            if best_effort:
                logger.info("Nachricht %s in Chat %s nicht gelöscht: %s", message_id, chat_id,
                            exc.message)
            elif "not found" not in exc.message.lower():
                raise


def _seconds(value: int | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def _forbidden_reason(message: str) -> str:
    lowered = message.lower()
    if "blocked" in lowered:
        return texts.FAILURE_REASONS["blocked"]
    if "deactivated" in lowered:
        return texts.FAILURE_REASONS["deactivated"]
    return texts.FAILURE_REASONS["not_member"]


def _bad_request_reason(message: str) -> str:
    lowered = message.lower()
    if "chat not found" in lowered:
        return texts.FAILURE_REASONS["chat_not_found"]
    if "too long" in lowered:
        return texts.FAILURE_REASONS["too_long"]
    return texts.FAILURE_REASONS["rejected"].format(detail=message)
