from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge import KnowledgeBase, load_knowledge

# As the bot does (bot/tg/context.py): time spans from python-telegram-bot as timedelta.
os.environ.setdefault("PTB_TIMEDELTA", "true")
ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
KNOWLEDGE = ROOT / "knowledge"


@pytest.fixture(scope="session")
def mini_kb() -> KnowledgeBase:
    kb, problems = load_knowledge(DATA / "mini")
    assert [p for p in problems if p.level == "error"] == []
    return kb


@pytest.fixture(scope="session")
def shipped_engine() -> Engine:
    return Engine.from_path(KNOWLEDGE)
