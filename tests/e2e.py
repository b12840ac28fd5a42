"""Helpers for end-to-end tests: start the real `kek-bot run` process against the emulator and
play citizens and staff."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.botapi_emulator import BotApiEmulator
from tests.conftest import ROOT

TOKEN = "7000000001:AAE-kek-test-token-do-not-log-9f3c"
KEK_BOT = Path(sys.executable).parent / "kek-bot"
# Required as soon as forwarding is on (the privacy notice names them).
PRIVACY = {"KEK_BOT_PRIVACY__CONTROLLER": "Landkreis Ludwigslust-Parchim (Testbetrieb)",
           "KEK_BOT_PRIVACY__OFFICER": "datenschutz@example.org"}


@dataclass
class RunningBot:
    emu: BotApiEmulator
    process: asyncio.subprocess.Process
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


async def wait_until_polling(emu: BotApiEmulator, process: asyncio.subprocess.Process,
                             log: Path, calls_before: int = 0) -> None:
    for _ in range(400):
        if process.returncode is not None:
            raise AssertionError(f"bot exited early:\n{log.read_text()}")
        if len(emu.calls_of("getUpdates")) > calls_before:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"bot did not start polling:\n{log.read_text()}")


@asynccontextmanager
async def running_bot(emu: BotApiEmulator, tmp: Path, env: dict[str, str],
                      log_name: str = "bot.log") -> AsyncIterator[RunningBot]:
    """The bot as its own process, polling the emulator; terminated on exit."""
    log = tmp / log_name
    full_env = {
        **os.environ,
        "KEK_BOT_TOKEN": TOKEN,
        "KEK_BOT_API_URL": emu.base_url,
        "KEK_BOT_STORAGE__PATH": str(tmp / "kek.sqlite3"),
        **PRIVACY,
        **env,
    }
    polls = len(emu.calls_of("getUpdates"))
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            str(KEK_BOT), "run", cwd=ROOT, env=full_env, stdout=out, stderr=out,
            stdin=asyncio.subprocess.DEVNULL,
        )
    try:
        await wait_until_polling(emu, process, log, polls)
        yield RunningBot(emu, process, log)
    finally:
        if process.returncode is None:
            process.terminate()
            await asyncio.wait_for(process.wait(), timeout=15)


def button_data(message: dict[str, Any], label: str) -> str:
    for row in BotApiEmulator.buttons(message):
        for text, data in row:
            if text == label and data is not None:
                return data
    raise AssertionError(f"no button {label!r} in {BotApiEmulator.button_texts(message)}")


def labels(message: dict[str, Any]) -> list[str]:
    return BotApiEmulator.button_texts(message)


class Person:
    """A Telegram user writing in one chat (their private chat, or a group)."""

    def __init__(self, emu: BotApiEmulator, user_id: int, name: str = "Erika",
                 chat_id: int | None = None, add: bool = True) -> None:
        self.emu = emu
        self.id = user_id
        self.chat = chat_id if chat_id is not None else user_id
        if add:
            emu.add_user(user_id, name)

    async def says(self, text: str, reply_to: dict[str, Any] | None = None) -> dict[str, Any]:
        mark = self.emu.mark()
        self.emu.send_text(self.id, text, chat_id=self.chat, reply_to=reply_to)
        return await self.emu.wait_for_bot_message(self.chat, after=mark)

    async def says_and_gets(self, text: str, label: str) -> dict[str, Any]:
        """Write, and wait for the bot's message that carries a button `label` (a reply may
        come in several messages, the consent after the nearest themes)."""
        mark = self.emu.mark()
        self.emu.send_text(self.id, text, chat_id=self.chat)
        return await self.emu.wait_for_bot_message(
            self.chat, predicate=lambda m: label in BotApiEmulator.button_texts(m), after=mark)

    async def presses(self, message: dict[str, Any], label: str) -> dict[str, Any]:
        mark = self.emu.mark()
        self.emu.press_button(self.id, message, button_data(message, label))
        return await self.emu.wait_for_bot_message(self.chat, after=mark)
