"""Commands for the operator: `kek-bot status` for monitoring and `kek-bot backup FILE`.

`status` answers one question for a systemd timer or a monitoring system: is the bot able to do
its job? It fails with one sentence when Telegram cannot be reached, the knowledge base has
errors, a delivery has waited too long, or one failed for good in the last 24 hours.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.config import Config
from bot.engine import load_checked
from bot.errors import BotError
from bot.storage import Storage, now

FAILED_WINDOW = dt.timedelta(hours=24)


async def status(config: Config, telegram: Callable[[Config], Awaitable[None]]) -> str:
    """One sentence saying all is well; raises BotError with one sentence saying what is not."""
    kb = load_checked(config.knowledge_path)
    await telegram(config)
    async with await Storage.open(config.storage_path) as storage:
        oldest = await storage.oldest_pending()
        failed = await storage.failed_since(now() - FAILED_WINDOW)
        pending = await storage.pending_count()
    limit = dt.timedelta(minutes=config.status_outbox_minutes)
    if oldest is not None and now() - oldest > limit:
        minutes = int((now() - oldest).total_seconds() // 60)
        raise BotError(f"Eine Nachricht wartet seit {minutes} Minuten auf Zustellung "
                       f"(erlaubt: {config.status_outbox_minutes:g}). Läuft der Bot?")
    if failed:
        raise BotError(f"{failed} Nachrichten ließen sich in den letzten 24 Stunden nicht "
                       "zustellen; die Staff-Chats sind informiert, /offen zeigt sie.")
    return (f"In Ordnung: Telegram erreichbar, {len(kb.entries)} Einträge in der Wissensbasis, "
            f"{pending} Nachrichten in der Zustellung.")


async def backup(config: Config, target: Path) -> str:
    """A consistent copy of the live database, readable only by its owner."""
    if target.exists():
        raise BotError(f"Die Datei {target} gibt es schon; bitte einen neuen Namen wählen.")
    target.touch(mode=0o600)
    os.chmod(target, 0o600)
    async with await Storage.open(config.storage_path) as storage:
        await storage.backup(target)
    return f"Sicherung geschrieben: {target}"
