"""Reload the knowledge base without interrupting service.

Loading, checking and indexing run in a worker thread; the handler that asked for it returns at
once, and the new knowledge base is switched in, in one step, when it is ready. A broken change
keeps the last good knowledge base running, and its errors are told to staff once (not again
for the same errors). The folder is watched (watchfiles, debounced), so a saved file is served
within seconds; `/neu_laden` and an install from the staff chat reload too.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from bot.engine import Engine, Index, load_checked
from bot.errors import KnowledgeError
from bot.lint import lint

logger = logging.getLogger(__name__)
DEBOUNCE_MS = 1500  # changes within this time are one reload (an editor saves several files)


@dataclass(frozen=True)
class Outcome:
    """What one reload did: how many entries and warnings, or the errors that stopped it."""

    entries: int = 0
    warnings: int = 0
    errors: tuple[str, ...] = ()
    told: bool = False  # the errors were sent to every staff chat just now

    @property
    def ok(self) -> bool:
        return not self.errors


Notify = Callable[[Outcome], Awaitable[None]]


class Reloader:
    def __init__(self, engine: Engine, path: Path, on_broken: Notify) -> None:
        self.engine = engine
        self.path = path
        self.on_broken = on_broken  # told once per new set of errors
        self._lock = asyncio.Lock()
        self._last_errors: tuple[str, ...] = ()
        self._tasks: set[asyncio.Task[object]] = set()

    def start(self, report: Notify | None = None) -> None:
        """Reload in the background; `report` hears the outcome."""
        task = asyncio.get_running_loop().create_task(self._reload_and_report(report))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _reload_and_report(self, report: Notify | None) -> None:
        outcome = await self.reload()
        if report is not None:
            await report(outcome)

    async def reload(self) -> Outcome:
        """Load, check and index in a thread, then switch; keep the old one on errors."""
        async with self._lock:
            try:
                index, warnings = await asyncio.to_thread(_prepare, self.path)
            except KnowledgeError as exc:
                errors = tuple(str(p) for p in exc.problems) or (str(exc),)
                logger.error("Die Wissensbasis hat Fehler; die bisherige bleibt in Betrieb.")
                if errors == self._last_errors:
                    return Outcome(errors=errors)
                self._last_errors = errors
                outcome = Outcome(errors=errors, told=True)
                await self.on_broken(outcome)
                return outcome
            self.engine.install(index)
            self._last_errors = ()
            logger.info("Wissensbasis neu geladen: %d Einträge.", len(index.kb.entries))
            return Outcome(entries=len(index.kb.entries), warnings=warnings)

    async def watch(self, stop: asyncio.Event) -> None:
        """Reload whenever a file under the folder changes, until `stop` is set."""
        from watchfiles import awatch  # imported here: only the running bot watches

        async for _ in awatch(self.path, debounce=DEBOUNCE_MS, stop_event=stop):
            await self.reload()

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()


def _prepare(path: Path) -> tuple[Index, int]:
    kb = load_checked(path)
    index = Index.build(kb)
    return index, len(lint(kb, matcher=index.matcher))
