from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge import KnowledgeBase, load_knowledge

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
