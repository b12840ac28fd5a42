"""Live reload: a saved change is served without a restart, a broken one changes nothing and is
told to staff once, and citizens keep getting quick replies while it happens."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

from bot import texts
from bot.curation import insert_questions
from bot.engine import Engine
from tests.conftest import KNOWLEDGE
from tests.e2e import Person
from tests.inprocess import DEFAULT_CHAT, world

NEW_PHRASING = "Wie steht es um den Schnupselbus nach Zarrentin?"


def copy_of_knowledge(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, copy)
    return copy


async def answered_with(citizen: Person, question: str, entry_answer: str,
                        seconds: float = 20) -> bool:
    """Ask until the answer comes (the reload is debounced), within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        reply = await citizen.says(question)
        if reply["text"].startswith(entry_answer[:40]) or entry_answer[:40] in reply["text"]:
            return True
        await asyncio.sleep(0.5)
    return False


async def test_a_saved_change_is_served_and_a_broken_one_keeps_the_last_good(
        tmp_path: Path) -> None:
    knowledge = copy_of_knowledge(tmp_path)
    engine = Engine.from_path(knowledge)
    rufbus = engine.kb.entries["lebensraum-rufbus"]
    env = {"KEK_BOT_KNOWLEDGE__PATH": str(knowledge)}
    async with world(tmp_path, engine, env) as w:
        citizen = Person(w.emu, 741)
        before = await citizen.says(NEW_PHRASING)
        assert rufbus.answer[:40] not in before["text"]
        target = knowledge / "lebensraum.yaml"
        target.write_text(insert_questions(target.read_text("utf-8"), "lebensraum-rufbus",
                                           [NEW_PHRASING]), encoding="utf-8")
        assert await answered_with(citizen, NEW_PHRASING, rufbus.answer)

        mark = w.emu.mark()
        target.write_text(target.read_text("utf-8").replace("  - id: ", "  - id ", 1),
                          encoding="utf-8")  # no colon: the entry is no longer a mapping
        notice = await w.emu.wait_for_bot_message(
            DEFAULT_CHAT, lambda m: m.get("text", "").startswith("Die neue Wissensbasis hat"),
            after=mark, timeout=20)
        assert "lebensraum.yaml" in notice["text"]
        again = await citizen.says(NEW_PHRASING)  # the last good knowledge base still serves
        assert rufbus.answer[:40] in again["text"]
        target.write_text(target.read_text("utf-8") + "\n# noch ein Kommentar\n",
                          encoding="utf-8")  # the same errors again: not told twice
        reloaded = await w.staff.says("/neu_laden")
        assert reloaded["text"].startswith("Die neue Wissensbasis hat")
        told = [e for e in w.emu.bot_events(DEFAULT_CHAT, after=mark)
                if e["message"].get("text", "").startswith("Die neue Wissensbasis hat")]
        assert len(told) == 2, "once by the watcher, once as the answer to /neu_laden"


async def test_citizens_get_quick_replies_while_the_knowledge_base_reloads(
        tmp_path: Path, shipped_engine: Engine) -> None:
    async with world(tmp_path, shipped_engine, {"KEK_BOT_FLOOD__BURST": "100"}) as w:
        citizen = Person(w.emu, 742)
        entry = shipped_engine.decide("Was ist die Kreisumlage?").entry
        assert entry is not None
        await citizen.says("Was ist die Kreisumlage?")  # warm
        latencies = []
        for round_ in range(4):
            w.emu.send_text(900, "/neu_laden", chat_id=DEFAULT_CHAT)
            for _ in range(5):
                started = time.perf_counter()
                reply = await citizen.says("Was ist die Kreisumlage?")
                latencies.append(time.perf_counter() - started)
                assert entry.answer[:30] in reply["text"], round_
        latencies.sort()
        reload_done = await w.emu.wait_for_bot_message(
            DEFAULT_CHAT, lambda m: m.get("text", "").startswith("Die Wissensbasis ist neu"))
        assert texts.RELOAD_OK.split("{")[0] in reload_done["text"]
    # A reload that blocked the bot stalled every chat for about 3 s; here the 95th percentile
    # stays far below that. The 200 ms target itself is measured by bench/reload.py, not here,
    # where a busy machine must not fail the test.
    assert latencies[int(len(latencies) * 0.95) - 1] < 1.0, latencies
