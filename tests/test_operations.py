"""`kek-bot status` and `kek-bot backup` as the operator runs them: real processes, a real
database, the Bot API emulator."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
from pathlib import Path

from bot.storage import Delivery, Storage
from tests.botapi_emulator import BotApiEmulator
from tests.conftest import ROOT
from tests.e2e import KEK_BOT, TOKEN


async def kek_bot(*args: str, env: dict[str, str]) -> tuple[int, list[str]]:
    process = await asyncio.create_subprocess_exec(
        str(KEK_BOT), *args, cwd=ROOT, env={**os.environ, **env},
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT)
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, output.decode().strip().splitlines()


async def queue_one(db: Path, *, failed: bool = False, minutes_ago: int = 0) -> None:
    async with await Storage.open(db) as storage:
        await storage.enqueue([Delivery("chat:42", "message", {"text": "Hallo"})])
        [item] = await storage.due("chat:42")
        if failed:
            await storage.fail(item.id, "Die Person hat den Bot blockiert.", [])
    with sqlite3.connect(db) as connection:
        connection.execute(f"UPDATE outbox SET queued_at = datetime('now', '-{minutes_ago} "
                           "minutes') || '+00:00'")


async def test_status_is_one_sentence_for_each_state(tmp_path: Path) -> None:
    db = tmp_path / "kek.sqlite3"
    async with BotApiEmulator(TOKEN) as emu:
        env = {"KEK_BOT_TOKEN": TOKEN, "KEK_BOT_API_URL": emu.base_url,
               "KEK_BOT_STORAGE__PATH": str(db)}
        code, lines = await kek_bot("status", env=env)
        assert (code, len(lines)) == (0, 1) and lines[0].startswith("In Ordnung"), lines

        await queue_one(db, minutes_ago=40)
        code, lines = await kek_bot("status", env=env)
        assert code == 2 and len(lines) == 1 and "wartet seit 40 Minuten" in lines[0], lines

        db.unlink()
        await queue_one(db, failed=True)
        code, lines = await kek_bot("status", env=env)
        assert code == 2 and len(lines) == 1 and "nicht zustellen" in lines[0], lines

    code, lines = await kek_bot("status", env={**env, "KEK_BOT_API_URL": emu.base_url})
    assert code == 2 and lines[0].startswith("kek-bot: Telegram ist nicht erreichbar"), lines
    assert TOKEN not in "\n".join(lines)


async def test_backup_is_a_private_consistent_copy(tmp_path: Path) -> None:
    db = tmp_path / "kek.sqlite3"
    await queue_one(db)
    target = tmp_path / "sicherung.sqlite3"
    env = {"KEK_BOT_STORAGE__PATH": str(db)}
    code, lines = await kek_bot("backup", str(target), env=env)
    assert code == 0, lines
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT COUNT(*) FROM outbox").fetchone() == (1,)
    code, lines = await kek_bot("backup", str(target), env=env)
    assert code == 2 and "gibt es schon" in lines[0]
