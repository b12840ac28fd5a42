"""Start-up failures from Telegram end in one German sentence and exit code 2, and the token
appears in no output at any log level; the log filter redacts every part of a record."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import socket

import pytest

from bot.tg.app import RedactToken
from tests.botapi_emulator import BotApiEmulator
from tests.conftest import ROOT
from tests.e2e import KEK_BOT, PRIVACY, TOKEN

TYPO = TOKEN[:-1] + ("x" if TOKEN[-1] != "x" else "y")  # one wrong letter in a real token


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens there once the probe is closed


async def start(token: str, api_url: str, level: str) -> tuple[int, str]:
    env = {**os.environ, "KEK_BOT_TOKEN": token, "KEK_BOT_API_URL": api_url,
           "KEK_BOT_LOGGING__LEVEL": level, "KEK_BOT_HANDOFF__DEFAULT_CHAT_ID": "-500",
           **PRIVACY}
    process = await asyncio.create_subprocess_exec(
        str(KEK_BOT), "run", cwd=ROOT, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, output.decode()


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
@pytest.mark.parametrize("case", ["rejected token", "wrong API address", "dead network"])
async def test_a_failed_start_is_one_sentence_without_the_token(case: str, level: str) -> None:
    async with BotApiEmulator(TOKEN) as emu:
        token, url = {
            "rejected token": (TYPO, emu.base_url),
            "wrong API address": (TOKEN, emu.base_url.rstrip("/") + "x/"),
            "dead network": (TOKEN, f"http://127.0.0.1:{closed_port()}/bot"),
        }[case]
        code, output = await start(token, url, level)
    lines = output.strip().splitlines()
    assert code == 2, output
    assert lines[-1].startswith("kek-bot: Telegram"), output
    assert "Traceback" not in output
    if level == "INFO":  # at DEBUG the libraries' own debug lines come before the sentence
        assert len(lines) == 1, output
    assert token not in output and token.split(":")[1] not in output


def test_the_filter_redacts_message_arguments_exception_and_stack() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactToken(TOKEN))
    log = logging.getLogger("tests.redact")
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    try:
        try:
            raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
        except RuntimeError:
            log.debug("Anfrage an %s", f"https://api.telegram.org/bot{TOKEN}/getMe",
                      exc_info=True, stack_info=True)
    finally:
        log.removeHandler(handler)
    written = stream.getvalue()
    assert "RuntimeError" in written and "<TOKEN>" in written
    assert TOKEN not in written


async def test_forwarding_without_a_controller_for_the_privacy_notice_does_not_start() -> None:
    env = {**os.environ, "KEK_BOT_TOKEN": TOKEN, "KEK_BOT_API_URL": "http://127.0.0.1:9/bot",
           "KEK_BOT_HANDOFF__DEFAULT_CHAT_ID": "-500"}
    env.pop("KEK_BOT_PRIVACY__CONTROLLER", None)
    process = await asyncio.create_subprocess_exec(
        str(KEK_BOT), "run", cwd=ROOT, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 2
    assert output.decode().strip().splitlines() == [
        "kek-bot: Einstellung 'privacy.controller' fehlt: sie ist für den Datenschutz-Hinweis "
        "nötig, sobald Fragen weitergeleitet werden (handoff.*_chat*)."]
