"""Structure checks: the layering rule, the JSON Schema, and the shipped knowledge base."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.engine import Engine
from bot.knowledge import ID_PATTERN, load_knowledge
from tests.conftest import KNOWLEDGE, ROOT

BOT = ROOT / "bot"
FIXED_THEMES = {
    "kek": "Das KEK 2030",
    "demografie": "Demografische Entwicklung",
    "teilhabe": "Teilhabe, Integration und Barrierefreiheit",
    "kooperationen": "Kooperationen",
    "digitalisierung": "Digitalisierung",
    "finanzen": "Finanzen",
    "wirtschaft": "Starker Wirtschaftsstandort",
    "lebensraum": "Nachhaltiger Lebensraum",
    "orte": "Lebenswerte Orte",
    "kontakt": "Kontakt und Bürgerbüros",
}
# Third-party packages each live behind one module (or the Telegram adapter).
ALLOWED = {
    "telegram": "bot/tg/",
    "rapidfuzz": "bot/matcher.py",
    "aiosqlite": "bot/storage.py",
    "yaml": ("bot/yamlfields.py", "bot/config.py"),
    "holidays": "bot/handoff.py",
    "matplotlib": "bot/report.py",
    "watchfiles": "bot/reloading.py",
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(BOT.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_third_party_imports_stay_behind_their_module(path: Path) -> None:
    relative = str(path.relative_to(ROOT))
    for package, allowed in ALLOWED.items():
        if package in imports_of(path):
            assert relative.startswith(tuple(allowed)), f"{relative} imports {package}"


def test_shipped_knowledge_base_is_complete_and_valid() -> None:
    kb, problems = load_knowledge(KNOWLEDGE)
    assert [str(p) for p in problems if p.level == "error"] == []
    assert {t.id: t.title for t in kb.themes.values()} == FIXED_THEMES
    assert len(kb.entries) >= 60
    assert all(len(e.questions) >= 4 for e in kb.entries.values())
    for theme in ("demografie", "teilhabe", "kooperationen", "digitalisierung", "finanzen"):
        assert len(kb.entries_of(theme)) >= 3, theme
    assert all(ID_PATTERN.match(i) for i in [*kb.entries, *kb.contacts, *kb.themes])


# Storage calls that change tickets: only the core workflow (and the outbox worker recording
# what it sent) may make them; the Telegram adapter turns updates into workflow calls.
TICKET_WRITES = {"new_ticket", "file_ticket", "claim", "answer", "reopen", "add_message",
                 "mark_reminded", "enqueue", "drop_new_ticket", "delete_citizen", "expire"}
DELIVERY_RECORDS = {"part_sent", "retry_later"}


def storage_calls(path: Path) -> set[str]:
    """Names of the methods called on anything named like storage (`services.storage.x()`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.func.attr for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and "storage" in ast.unparse(node.func.value)}


@pytest.mark.parametrize("path", sorted((BOT / "tg").glob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_the_telegram_adapter_makes_no_forwarding_decisions(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert not storage_calls(path) & TICKET_WRITES, "ticket changes belong in bot/workflow.py"
    if path.name != "delivery.py":
        assert not storage_calls(path) & DELIVERY_RECORDS
    assert "bot.handoff" not in imports_of_modules(path), "routing belongs in the core"
    for text in ("CONSENT", "TOWN_QUESTION", "STAFF_TICKET", "ANSWER_TO_CITIZEN"):
        assert f"texts.{text}" not in source, f"{text}: the workflow composes ticket texts"


def imports_of_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.module for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module}


def test_the_workflow_owns_the_forwarding_and_knows_no_telegram() -> None:
    workflow = BOT / "workflow.py"
    assert not imports_of(workflow) & {"telegram", "aiosqlite"}
    assert storage_calls(workflow) >= TICKET_WRITES


def test_no_kek_question_contains_a_trigger_word_of_a_subject_outside_the_kek(
    shipped_engine: Engine,
) -> None:
    triggered = [q for e in shipped_engine.kb.entries.values() for q in e.questions
                 if shipped_engine.off_topics.triggered(q)]
    assert triggered == []
    assert shipped_engine.off_topics.triggered("Hilfe, mein Mann ist bewusstlos!") is not None


def test_contacts_never_show_unfilled_fields(shipped_engine: Engine) -> None:
    text = shipped_engine.contacts_reply().text
    assert "ZU ERGÄNZEN" not in text.upper()
    assert "115" in text and "Bürgerservice" in text


SPECIAL_FILES = {"synonyme.yaml": "synonyms", "nicht-im-kek.yaml": "off-topics"}


@pytest.mark.parametrize("path", sorted(KNOWLEDGE.glob("*.yaml")), ids=lambda p: p.name)
def test_every_knowledge_file_matches_its_json_schema_and_references_it(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    schema_name = SPECIAL_FILES.get(path.name, "knowledge")
    assert first_line == f"# yaml-language-server: $schema=../schema/{schema_name}.schema.json"
    schema = json.loads((ROOT / "schema" / f"{schema_name}.schema.json").read_text("utf-8"))
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    jsonschema.validate(data, schema)


def test_schema_rejects_what_the_checker_rejects() -> None:
    schema = json.loads((ROOT / "schema" / "knowledge.schema.json").read_text("utf-8"))
    broken = {"theme": {"id": "finanzen", "title": "Finanzen", "kind": "querschnittsthema",
                        "summary": "Geld."},
              "entries": [{"id": "x", "questions": ["Was?"], "antwort": "Tippfehler",
                           "source": {"title": "t", "url": "https://example.org"},
                           "reviewed": "2026-11-01"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
