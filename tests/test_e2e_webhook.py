"""End to end in webhook mode: the bot registers its webhook and answers updates posted to it."""

from __future__ import annotations

import asyncio
import json
import os
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp

from tests.botapi_emulator import BotApiEmulator
from tests.conftest import ROOT
from tests.e2e import KEK_BOT, PRIVACY, TOKEN

SECRET = "geheim-123"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def post(session: aiohttp.ClientSession, url: str, update: dict[str, object],
               secret: str) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": "application/json"}
    async with session.post(url, data=json.dumps(update), headers=headers) as response:
        return response.status


@asynccontextmanager
async def webhook_bot(emu: BotApiEmulator, tmp_path: Path,
                      extra: dict[str, str]) -> AsyncIterator[tuple[str, Path]]:
    """The real bot in webhook mode against the emulator: (its webhook URL, its log)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    log = tmp_path / "webhook.log"
    env = {**os.environ, "KEK_BOT_TOKEN": TOKEN, "KEK_BOT_API_URL": emu.base_url,
           "KEK_BOT_TELEGRAM__MODE": "webhook", "KEK_BOT_TELEGRAM__WEBHOOK_URL": url,
           "KEK_BOT_TELEGRAM__WEBHOOK_PORT": str(port),
           "KEK_BOT_STORAGE__PATH": str(tmp_path / "kek.sqlite3"), **PRIVACY, **extra}
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            str(KEK_BOT), "run", cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        for _ in range(200):
            if emu.webhook_url == url or process.returncode is not None:
                break
            await asyncio.sleep(0.05)
        assert emu.webhook_url == url, log.read_text()
        yield url, log
    finally:
        if process.returncode is None:
            process.terminate()
            await asyncio.wait_for(process.wait(), timeout=15)


async def first_post(session: aiohttp.ClientSession, url: str, update: dict[str, object],
                     secret: str) -> int:
    """POST once the web server is up: it starts right after setWebhook."""
    for _ in range(100):
        try:
            return await post(session, url, update, secret)
        except aiohttp.ClientConnectionError:
            await asyncio.sleep(0.05)
    raise AssertionError("the webhook server did not start")


async def test_webhook_mode_registers_and_answers(tmp_path: Path) -> None:
    async with BotApiEmulator(TOKEN) as emu, webhook_bot(
            emu, tmp_path, {"KEK_BOT_TELEGRAM__WEBHOOK_SECRET": SECRET}) as (url, log):
        assert emu.calls_of("setWebhook")[-1]["secret_token"] == SECRET
        emu.add_user(801, "Erika")
        emu.send_text(801, "Was ist die Kreisumlage?")
        [update] = emu.pending_updates()
        mark = emu.mark()
        async with aiohttp.ClientSession() as session:
            assert await first_post(session, url, update, "falsch") == 403, "wrong secret"
            assert await post(session, url, update, SECRET) == 200
        reply = await emu.wait_for_bot_message(801, after=mark)
        assert "Kreisumlage" in reply["text"]
    assert TOKEN not in log.read_text()


async def test_webhook_without_a_configured_secret_gets_one_and_refuses_forged_posts(
        tmp_path: Path) -> None:
    """A forged POST claiming to be staff (here: /antwort to a citizen) must be refused."""
    async with BotApiEmulator(TOKEN) as emu:
        emu.add_user(900, "Sachbearbeitung")
        emu.add_group(-500, "Bürgerbüro Team", [900])
        async with webhook_bot(emu, tmp_path,
                               {"KEK_BOT_HANDOFF__DEFAULT_CHAT_ID": "-500"}) as (url, log):
            secret = emu.calls_of("setWebhook")[-1]["secret_token"]
            assert secret and len(secret) >= 32
            emu.send_text(900, "/antwort LUP-0001 Bitte 50 Euro überweisen.", chat_id=-500)
            [forged] = emu.pending_updates()
            mark = emu.mark()
            async with aiohttp.ClientSession() as session:
                assert await first_post(session, url, forged, "") == 403
                assert await post(session, url, forged, "geraten") == 403
                emu.send_text(900, "/offen", chat_id=-500)
                real = emu.pending_updates()[-1]
                assert await post(session, url, real, secret) == 200
            listing = await emu.wait_for_bot_message(-500, after=mark)
            assert "keine offenen Fragen" in listing["text"]
            assert len(emu.bot_events(after=mark)) == 1, "the forged updates did nothing"
    assert TOKEN not in log.read_text() and secret not in log.read_text()
