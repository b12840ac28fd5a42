"""Leichte Sprache: the citizen's choice, stored only once chosen and deleted with /loeschen;
answers in Leichte Sprache where an entry has them; the checker's stricter rules."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bot import replies, texts, texts_easy, texts_en
from bot.engine import Engine
from bot.knowledge import load_knowledge
from bot.lint import easy_problems, lint
from tests.e2e import Person, labels
from tests.inprocess import world


async def test_einfach_is_stored_only_while_on_and_deleted_with_everything(
        tmp_path: Path, shipped_engine: Engine) -> None:
    entry = shipped_engine.kb.entries["finanzen-kreisumlage"]
    async with world(tmp_path, shipped_engine) as w:
        citizen = Person(w.emu, 761)
        await citizen.says("Was ist die Kreisumlage?")
        assert w.query("SELECT * FROM preferences") == [], "nothing stored before the choice"
        on = await citizen.says("/einfach")
        assert on["text"] == texts_easy.ON
        assert [tuple(r) for r in w.query("SELECT citizen_chat_id, language FROM preferences")
                ] == [(761, "easy")]
        answer = await citizen.says("Was ist die Kreisumlage?")
        expected = entry.easy or texts_easy.MISSING
        assert answer["text"].startswith(expected[:40])
        asked = await citizen.says("/loeschen")
        await citizen.presses(asked, texts.BUTTON_DELETE_YES)
        assert w.query("SELECT * FROM preferences") == []
        plain = await citizen.says("Was ist die Kreisumlage?")
        assert not plain["text"].startswith(texts_easy.MISSING[:30])
        await citizen.says("/einfach")
        off = await citizen.says("/einfach")
        assert off["text"] == texts_easy.OFF
        assert w.query("SELECT * FROM preferences") == []


def test_the_checker_holds_easy_texts_to_stricter_rules() -> None:
    good = "Das KEK ist ein Plan.\nDer Plan gilt bis 2030.\nFragen Sie im Bürger-Büro."
    assert list(easy_problems(good)) == []
    bad = ("Das Kreis-Entwicklungs-Konzept wurde im Jahr 2017 vom Kreistag des Landkreises "
           "Ludwigslust-Parchim nach langer Beratung beschlossen. Es ist nicht schwer. "
           "Breitbandausbauförderung.")
    problems = " ".join(easy_problems(bad))
    for part in ("höchstens 12", "Passiv", "nicht", "Breitbandausbauförderung"):
        assert part in problems
    wordy = ("Das Konzept des Landkreises gilt für alle Städte und Dörfer im Kreis. "
             "Der Kreistag hat das Konzept im Jahr 2017 gemeinsam beschlossen.")
    assert [p for p in easy_problems(wordy) if "im Schnitt" in p]


def test_the_fixed_texts_in_leichte_sprache_keep_the_stricter_rules() -> None:
    for text in texts_easy.FIXED.values():
        assert list(easy_problems(text)) == [], text
    assert all(len(label) <= 30 for label in texts_easy.BUTTONS.values())


async def test_buttons_and_fixed_texts_follow_the_choice(tmp_path: Path,
                                                       shipped_engine: Engine) -> None:
    async with world(tmp_path, shipped_engine) as w:
        citizen = Person(w.emu, 762)
        await citizen.says("/einfach")
        hello = await citizen.says("Hallo")
        assert hello["text"] == texts_easy.FIXED[texts.SMALLTALK["greeting"]]
        answer = await citizen.says("Was ist die Kreisumlage?")
        assert texts_easy.BUTTONS[texts.BUTTON_MORE] in labels(answer)
        consent = await citizen.says_and_gets("Wie backe ich Pfannkuchen?",
                                              texts_easy.BUTTONS[texts.BUTTON_CONSENT_YES])
        assert "Darf ich Ihre Frage an ein Bürger-Büro schicken?" in consent["text"]
        welcome = await citizen.says("/start")
        assert welcome["text"] == texts_easy.FIXED[texts.WELCOME]
        assert (await citizen.says("/hilfe"))["text"] == texts_easy.FIXED[texts.HELP]
        assert (await citizen.says("/ueber"))["text"].startswith("Über den KEK-Bot\nIch bin ein")


async def test_sprache_chooses_english_or_leichte_sprache_and_is_stored_like_einfach(
        tmp_path: Path, shipped_engine: Engine) -> None:
    async with world(tmp_path, shipped_engine) as w:
        citizen = Person(w.emu, 763)
        menu = await citizen.says("/language")
        assert labels(menu) == list(texts.LANGUAGE_BUTTONS.values())
        chosen = await citizen.presses(menu, "English")
        assert chosen["text"] == texts_en.LANGUAGE_SET
        assert [tuple(r) for r in w.query("SELECT citizen_chat_id, language FROM preferences")
                ] == [(763, "en")]
        answer = await citizen.says("kek?")  # too short to tell the language: the choice counts
        english = [e.en.answer[:30] for e in shipped_engine.kb.entries.values() if e.en]
        english += [texts_en.FIXED[texts.CLARIFY], texts_en.FIXED[texts.CLARIFY_ONE]]
        assert any(answer["text"].startswith(start) for start in english), answer["text"]
        welcome = await citizen.says("/start")
        assert welcome["text"] == texts_en.FIXED[texts.WELCOME]
        assert texts_en.BUTTONS[texts.BUTTON_THEMES] in labels(welcome)
        help_ = await citizen.says("/hilfe")
        assert help_["text"] == texts_en.FIXED[texts.HELP]
        assert labels(help_) == [texts_en.BUTTONS[texts.BUTTON_PRIVACY]]
        about = await citizen.says("/ueber")
        assert about["text"].startswith("About KEK-Bot") and "2026" in about["text"]
        privacy = await citizen.says("/datenschutz")
        german_notice = w.services.workflow.privacy().replies[0].text
        assert privacy["text"].startswith("Privacy at KEK-Bot")
        assert german_notice.split("Verantwortlich: ")[1].split("\n")[0] in privacy["text"]
        assert "/loeschen" in privacy["text"] and "{" not in privacy["text"]
        contacts = await citizen.says("/kontakt")
        assert contacts["text"].startswith(texts_en.FIXED[texts.CONTACT_INTRO])
        german = await citizen.presses(await citizen.says("/sprache"), "Deutsch")
        assert german["text"] == texts.LANGUAGE_GERMAN
        assert w.query("SELECT * FROM preferences") == []
        assert (await citizen.says("/start"))["text"] == texts.WELCOME


def test_titles_in_leichte_sprache_are_checked_and_shown_in_menus(tmp_path: Path) -> None:
    source = Path(__file__).parent / "data" / "mini"
    copy = tmp_path / "kb"
    shutil.copytree(source, copy)
    path = next(p for p in sorted(copy.glob("*.yaml")) if "entries:" in p.read_text("utf-8"))
    text = path.read_text("utf-8")
    entries = text.index("entries:")
    entry_id = re.compile(r"- id: ([a-z0-9-]+)\n").search(text, entries)
    assert entry_id is not None
    long_title = "Was hat der Landkreis über die Breitbandausbauförderungsrichtlinie beschlossen?"
    text = (text[:entry_id.end()] + f"    title_easy: {long_title}\n"
            + text[entry_id.end():])
    path.write_text(text, "utf-8")
    kb, problems = load_knowledge(copy)
    assert [p for p in problems if p.level == "error"] == []
    warnings = [p.message for p in lint(kb) if "title_easy" in p.message]
    assert any("Bindestrich" in w for w in warnings) and any("Zeichen" in w for w in warnings)
    entry = kb.entries[entry_id.group(1)]
    assert entry.title_easy == long_title

    def labels_in(language: str) -> list[str]:
        menu = (replies.goal_menu(kb, entry.goal, language) if entry.goal
                else replies.theme_menu(kb, entry.theme, language=language))
        return [o.label for o in menu.options]

    assert long_title in labels_in("easy") and entry.title in labels_in("de")


def test_every_shipped_entry_and_theme_has_leichte_sprache(shipped_engine: Engine) -> None:
    """The issue's bar: every entry has an `easy:` text (and a title for the menus), every
    theme a title, and the checker finds nothing to warn about in them."""
    kb = shipped_engine.kb
    assert [e.id for e in kb.entries.values() if not e.easy or not e.title_easy] == []
    assert [t.id for t in kb.themes.values() if not t.title_easy] == []
    titles = [e.title_easy for e in kb.entries.values()]
    assert len(set(titles)) == len(titles), "titles stand side by side on buttons"
    warnings = [p for p in lint(kb) if "'easy'" in p.message or "title_easy" in p.message]
    assert warnings == []
