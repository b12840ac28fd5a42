"""Knowledge files sent into the staff chat: checked like `kek-bot check`, installed with a way
back, refused from anyone not listed as staff."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import texts
from bot.curation import insert_questions
from bot.engine import Engine, load_checked
from bot.errors import KnowledgeError
from bot.install import MAX_BYTES, Installer
from bot.storage import Storage
from bot.texts import THEMES_INTRO
from tests.conftest import KNOWLEDGE
from tests.e2e import Person
from tests.inprocess import COLLEAGUE, DEFAULT_CHAT, STAFF_USER, world

PHRASING = "Wie steht es um den Schnupselbus nach Zarrentin?"


def staff_env(knowledge: Path) -> dict[str, str]:
    """A bot reading this knowledge folder, with the staff user allowed to change it."""
    return {"KEK_BOT_KNOWLEDGE__PATH": str(knowledge), "KEK_BOT_STAFF__USER_IDS": str(STAFF_USER)}


async def log_misses(db: Path, questions: list[str], nearest: str, language: str = "de") -> None:
    """Questions the bot missed, in the question log, with `nearest` as their closest entry."""
    async with await Storage.open(db) as storage:
        for question in questions:
            await storage.log_question(question, "handoff", "unknown", [(nearest, 45.0)], None,
                                       language)


async def test_an_upload_is_checked_installed_and_undone(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    engine = Engine.from_path(knowledge)
    rufbus = engine.kb.entries["lebensraum-rufbus"].answer[:40]
    original = (knowledge / "lebensraum.yaml").read_text("utf-8")
    async with world(tmp_path, engine, staff_env(knowledge)) as w:
        citizen = Person(w.emu, 751)
        assert rufbus not in (await citizen.says(PHRASING))["text"]

        broken = original.replace("  - id: ", "  - id ", 1).encode()
        mark = w.emu.mark()
        w.emu.send_document(STAFF_USER, DEFAULT_CHAT, "lebensraum.yaml", "application/x-yaml",
                            caption=f"@{w.app.bot.username}", data=broken)
        refusal = await w.emu.wait_for_bot_message(DEFAULT_CHAT, after=mark)
        assert refusal["text"].startswith("Die Datei lebensraum.yaml ist nicht eingespielt")
        assert "lebensraum.yaml, Zeile" in refusal["text"]
        assert (knowledge / "lebensraum.yaml").read_text("utf-8") == original

        good = insert_questions(original, "lebensraum-rufbus", [PHRASING]).encode()
        mark = w.emu.mark()
        w.emu.send_document(STAFF_USER, DEFAULT_CHAT, "lebensraum.yaml", "application/x-yaml",
                            caption=f"@{w.app.bot.username}", data=good)
        done = await w.emu.wait_for_bot_message(DEFAULT_CHAT, after=mark)
        assert "ist eingespielt" in done["text"] and "Geändert: lebensraum-rufbus" in done["text"]
        assert rufbus in (await citizen.says(PHRASING))["text"], "served without a restart"

        undone = await w.staff.says("/rueckgaengig")
        assert undone["text"].startswith("Die vorige Fassung von lebensraum.yaml ist zurück")
        assert (knowledge / "lebensraum.yaml").read_text("utf-8") == original
        assert rufbus not in (await citizen.says(PHRASING))["text"]
        nothing = await w.staff.says("/rueckgaengig")
        assert nothing["text"] == texts.UNDO_NOTHING
        installs = [tuple(r) for r in w.query("SELECT staff, file, kind FROM installs")]
    assert installs == [("Sachbearbeitung", "lebensraum.yaml", "install"),
                        ("Sachbearbeitung", "lebensraum.yaml", "undo")]


async def test_uploads_from_others_and_with_wrong_names_are_refused(
        tmp_path: Path, shipped_engine: Engine) -> None:
    env = {"KEK_BOT_STAFF__USER_IDS": str(STAFF_USER)}
    async with world(tmp_path, shipped_engine, env) as w:
        mark = w.emu.mark()
        w.emu.send_document(COLLEAGUE, DEFAULT_CHAT, "finanzen.yaml", "application/x-yaml",
                            caption=f"@{w.app.bot.username}",
                            data=(KNOWLEDGE / "finanzen.yaml").read_bytes())
        refused = await w.emu.wait_for_bot_message(DEFAULT_CHAT, after=mark)
        assert refused["text"] == texts.INSTALL_NOT_ALLOWED
        mark = w.emu.mark()
        w.emu.send_document(STAFF_USER, DEFAULT_CHAT, "../config.yaml", "application/x-yaml",
                            caption=f"@{w.app.bot.username}", data=b"telegram: {}")
        wrong = await w.emu.wait_for_bot_message(DEFAULT_CHAT, after=mark)
        assert "geht nicht" in wrong["text"]


async def test_a_gap_is_added_from_the_staff_chat_and_comments_survive(
        tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    engine = Engine.from_path(knowledge)
    entry = engine.kb.entries["kontakt-buergerbuero"]
    questions = ["Wo finde ich das Schnupselamt?", "wo ist das schnupselamt",
                 "Schnupselamt wo finde ich das"]
    comments = [line for line in (knowledge / "kontakt.yaml").read_text("utf-8").splitlines()
                if line.strip().startswith("#")]
    async with world(tmp_path, engine, staff_env(knowledge)) as w:
        await log_misses(w.db, questions, "kontakt-buergerbuero")
        gap = await w.staff.says("/luecken")
        assert gap["text"].startswith("Lücke 1: 3 Fragen")
        done = await w.staff.presses(gap, "Als Frage zu kontakt-buergerbuero hinzufügen")
        assert "Geändert: kontakt-buergerbuero" in done["text"]
        answer = await Person(w.emu, 752).says("Wo finde ich das Schnupselamt?")
        assert entry.answer[:40] in answer["text"]
        draft = await w.staff.presses(gap, texts.BUTTON_GAP_DRAFT)
        assert draft.get("document", {}).get("file_name", "").startswith("entwurf-")
    text = (knowledge / "kontakt.yaml").read_text("utf-8")
    assert [line for line in text.splitlines() if line.strip().startswith("#")] == comments


async def test_a_staff_answer_becomes_a_draft_that_answers_the_question(
        tmp_path: Path, shipped_engine: Engine) -> None:
    question = "Wie lange dauert die Schnupselprüfung? Gruß Erika Zaunkoenig"
    async with world(tmp_path, shipped_engine) as w:
        citizen = Person(w.emu, 753)
        consent = await citizen.says_and_gets(question, texts.BUTTON_CONSENT_YES)
        town = await citizen.presses(consent, texts.BUTTON_CONSENT_YES)
        await citizen.presses(town, texts.BUTTON_SKIP)
        ticket = await w.emu.wait_for_bot_message(
            DEFAULT_CHAT, lambda m: m.get("text", "").startswith("Neue Frage"))
        receipt = await w.staff.says("Die Schnupselprüfung dauert drei Wochen.",
                                     reply_to=ticket)
        draft = await w.staff.presses(receipt, texts.BUTTON_ADOPT)
        data = w.emu.file_of(draft)
    assert data is not None
    text = data.data.decode("utf-8")
    assert "Zaunkoenig" not in text and "[Name]" in text and "draft: true" in text
    assert "Schnupselprüfung dauert drei Wochen" in text
    theme = text.splitlines()[0].split()[-1]
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    target = knowledge / theme
    published = text.replace("    draft: true\n", "    draft: false\n")
    target.write_text(target.read_text("utf-8").rstrip("\n") + "\n" + published,
                      encoding="utf-8")
    engine = Engine(load_checked(knowledge))
    decision = engine.decide("Wie lange dauert die Schnupselprüfung?")
    assert decision.action == "answer" and decision.entry is not None
    assert decision.entry.id.startswith("entwurf-")


def test_five_versions_are_kept_and_big_or_foreign_files_refused(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    installer = Installer(knowledge, tmp_path / "versionen")
    kb = load_checked(knowledge)
    original = (knowledge / "finanzen.yaml").read_text("utf-8")
    for number in range(7):
        result = installer.install("finanzen.yaml", (original + f"# Fassung {number}\n").encode(),
                                   kb)
        assert result.ok and result.changed == ()
    assert len(list((tmp_path / "versionen").glob("finanzen.yaml.*"))) == 5
    too_big = installer.install("finanzen.yaml", b"#" * (MAX_BYTES + 1), kb)
    assert "zu groß" in too_big.problems[0]
    unknown = installer.install("neu.yaml", original.encode(), kb)
    assert "gibt es in der Wissensbasis nicht" in unknown.problems[0]
    latin1 = installer.install("finanzen.yaml", "Grüße".encode("latin-1"), kb)
    assert "UTF-8" in latin1.problems[0]


async def test_themen_links_gives_staff_every_answers_deep_link(tmp_path: Path) -> None:
    engine = Engine.from_path(KNOWLEDGE)
    async with world(tmp_path, engine) as w:
        mark = w.emu.mark()
        w.emu.send_text(STAFF_USER, "/themen links", chat_id=DEFAULT_CHAT)
        last_theme = list(engine.kb.themes)[-1]
        last = engine.kb.entries_of(last_theme)[-1]  # the list's end, wherever it is split
        await w.emu.wait_for_bot_message(
            DEFAULT_CHAT, lambda m: f"?start={last.id}" in m.get("text", ""), after=mark)
        sent = "\n".join(e["message"].get("text", "")
                         for e in w.emu.bot_events(DEFAULT_CHAT, after=mark))
        username = w.app.bot.username
        for entry in engine.kb.entries.values():
            assert f"https://t.me/{username}?start={entry.id}" in sent, entry.id
        # A citizen who types the same gets the ordinary menu, without links.
        menu = await Person(w.emu, 752).says("/themen links")
        assert menu["text"] == THEMES_INTRO and "t.me" not in str(menu)


async def test_an_english_gap_is_added_to_the_english_questions(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    engine = Engine.from_path(knowledge)
    entry = engine.kb.entries["kontakt-buergerbuero"]
    assert entry.en is not None
    questions = ["Where do I find the Schnupsel office?", "where is the schnupsel office",
                 "Schnupsel office, where is it?"]
    async with world(tmp_path, engine, staff_env(knowledge)) as w:
        await log_misses(w.db, questions, "kontakt-buergerbuero", "en")
        gap = await w.staff.says("/luecken")
        assert gap["text"].startswith("Lücke 1, Fragen auf Englisch: 3 Fragen")
        done = await w.staff.presses(gap, "Als Frage zu kontakt-buergerbuero hinzufügen")
        assert "Geändert: kontakt-buergerbuero" in done["text"]
        answer = await Person(w.emu, 753).says("Where do I find the Schnupsel office?")
        assert answer["text"].startswith(entry.en.answer.strip()[:40])
    changed = load_checked(knowledge).entries["kontakt-buergerbuero"]
    assert changed.en is not None and set(questions) <= set(changed.en.questions)
    assert not set(questions) & set(changed.questions), "German questions stay German"


def test_english_questions_go_under_en_and_a_missing_list_is_named() -> None:
    source = (KNOWLEDGE / "finanzen.yaml").read_text("utf-8")
    changed = insert_questions(source, "finanzen-kreisumlage", ["what is the zorblax"], True)
    assert changed.count("what is the zorblax") == 1
    before = changed.split('"what is the zorblax"')[0]
    assert before.splitlines()[-1] == "        - "
    assert "    en:" in before.split("- id: finanzen-kreisumlage")[1]
    no_en = "entries:\n  - id: x\n    questions:\n      - Was?\n"
    with pytest.raises(KnowledgeError, match="unter 'en:'"):
        insert_questions(no_en, "x", ["what?"], True)
