"""The typed context every callback gets: `context.services` instead of untyped bot_data keys.

As in python-telegram-bot's contexttypesbot example, a CallbackContext subclass and a bot_data
class are registered with `ContextTypes`; the services are set once storage is open.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import Config
from bot.engine import Engine
from bot.install import Curation
from bot.reloading import Reloader
from bot.storage import Storage
from bot.tg.delivery import Deliverer
from bot.tg.sending import ReplyLanes
from bot.workflow import Workflow

# Time spans from python-telegram-bot as datetime.timedelta (its coming default), not as the
# deprecated int; set before any of its objects exist. Read at run time by the library.
os.environ.setdefault("PTB_TIMEDELTA", "true")


@dataclass
class Services:
    """Everything the handlers use, built once at start."""

    config: Config
    engine: Engine
    storage: Storage
    workflow: Workflow
    replies: ReplyLanes
    reloader: Reloader
    curation: Curation
    knowledge_path: Path


class BotData:
    """bot_data of the application: settings and engine from the start, the services once
    `post_init` has opened storage."""

    def __init__(self) -> None:
        self.config: Config | None = None
        self.engine: Engine | None = None
        self.services: Services | None = None
        self.deliverer: Deliverer | None = None
        self.watching: asyncio.Task[None] | None = None
        self.stop_watching = asyncio.Event()

    def prepare(self, config: Config, engine: Engine) -> None:
        self.config, self.engine = config, engine


class BotContext(CallbackContext[ExtBot[int], dict[Any, Any], dict[Any, Any], BotData]):
    @property
    def services(self) -> Services:
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are set in post_init, before any update is handled")
        return services


KekApplication = Application[ExtBot[int], BotContext, dict[Any, Any], dict[Any, Any], BotData,
                             Any]
