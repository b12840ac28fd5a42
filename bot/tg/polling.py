"""Long polling that confirms an update to Telegram only after the bot has handled it.

python-telegram-bot's own Updater confirms a batch of updates with its next getUpdates call,
while they still wait in memory to be handled; a SIGKILL then loses them (a staff answer
without a receipt, a question without a reply). Here the offset moves past an update only
after its handler has run: after a crash Telegram hands the unhandled updates over again. An
update can thus be handled twice if the process dies right after handling it, which the
workflow tolerates (a second staff answer gets "schon beantwortet", a second "Ja" asks for the
town again).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Sequence

from telegram import Update
from telegram.error import NetworkError, RetryAfter, TelegramError

from bot.tg.context import KekApplication

logger = logging.getLogger(__name__)
POLL_SECONDS = 10  # how long one getUpdates call waits for updates
BACKOFF_MAX = 30.0  # longest wait between attempts while Telegram cannot be reached


class Poller:
    """Fetch, handle, then confirm, until `stop` is set."""

    def __init__(self, app: KekApplication, allowed_updates: Sequence[str] | None = None,
                 poll_seconds: int = POLL_SECONDS) -> None:
        self.app = app
        self.allowed_updates = list(allowed_updates) if allowed_updates else None
        self.poll_seconds = poll_seconds
        self.offset: int | None = None

    async def run(self, stop: asyncio.Event) -> None:
        await self.app.bot.delete_webhook()  # getUpdates refuses to work while one is set
        failures = 0
        while not stop.is_set():
            try:
                updates = await self._fetch(stop)
            except RetryAfter as exc:
                await _sleep(stop, _seconds(exc.retry_after))
                continue
            except (NetworkError, TelegramError) as exc:
                failures += 1
                wait = min(BACKOFF_MAX, 0.5 * 2 ** min(failures, 6))
                logger.warning("Abruf bei Telegram fehlgeschlagen (%s); neuer Versuch in %.0f s.",
                               type(exc).__name__, wait)
                await _sleep(stop, wait)
                continue
            failures = 0
            for update in updates or ():
                await self.app.process_update(update)  # errors go to the error handler
                self.offset = update.update_id + 1
        await self._confirm()

    async def _fetch(self, stop: asyncio.Event) -> tuple[Update, ...] | None:
        """One long poll, abandoned (unconfirmed) as soon as `stop` is set."""
        poll = asyncio.ensure_future(self.app.bot.get_updates(
            offset=self.offset, timeout=self.poll_seconds,
            allowed_updates=self.allowed_updates))
        stopped = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
        if not poll.done():
            poll.cancel()
            with contextlib.suppress(asyncio.CancelledError, TelegramError):
                await poll
            return None
        return poll.result()

    async def _confirm(self) -> None:
        """Tell Telegram which updates are handled, so the next start does not get them."""
        if self.offset is None:
            return
        with contextlib.suppress(TelegramError):
            await self.app.bot.get_updates(offset=self.offset, timeout=0, limit=1)


async def serve(app: KekApplication, allowed_updates: Sequence[str] | None = None) -> None:
    """Run the application with safe polling until SIGTERM or SIGINT, then stop cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        try:
            await Poller(app, allowed_updates).run(stop)
        finally:
            await app.stop()
            if app.post_stop is not None:
                await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


async def _sleep(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]
