"""Routing to an office and honest answer times, without Telegram."""

from __future__ import annotations

import datetime as dt

from bot.config import load_config
from bot.handoff import BERLIN, Forwarding, expected_answer
from bot.knowledge import KnowledgeBase
from tests.e2e import PRIVACY


def forwarding(kb: KnowledgeBase, **env: str) -> Forwarding:
    config = load_config(None, {"KEK_BOT_HANDOFF__DEFAULT_CHAT_ID": "-1",
                                "KEK_BOT_HANDOFF__DEFAULT_OFFICE": "hagenow", **PRIVACY,
                                **env})
    return Forwarding(config, lambda: kb)


def test_route_by_town_with_typos_and_to_the_default(mini_kb: KnowledgeBase) -> None:
    fw = forwarding(mini_kb, KEK_BOT_HANDOFF__OFFICE_CHATS="hagenow=-2")
    assert fw.route("toddin").chat_id == -2
    assert fw.route("Hagnow").office_name == "Bürgerbüro Hagenow"
    other = forwarding(mini_kb, KEK_BOT_HANDOFF__OFFICE_CHATS="hagenow=-2").route("Atlantis")
    assert other.office_id == "hagenow"
    assert forwarding(mini_kb).route(None).chat_id == -1


def test_config_that_does_not_fit_the_knowledge_base_is_named(mini_kb: KnowledgeBase) -> None:
    assert forwarding(mini_kb).check_config() is None
    wrong = forwarding(mini_kb, KEK_BOT_HANDOFF__DEFAULT_OFFICE="atlantis").check_config()
    assert wrong is not None and "handoff.default_office" in wrong
    chats = forwarding(mini_kb, KEK_BOT_HANDOFF__OFFICE_CHATS="atlantis=-5").check_config()
    assert chats is not None and "handoff.office_chats" in chats


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)  # 23rd is a Monday


def test_answer_time_is_honest_about_opening_hours(mini_kb: KnowledgeBase) -> None:
    hagenow = mini_kb.contacts["hagenow"]  # Mo, Di, Do 8-16, Fr 8-12
    assert "geschlossen" not in expected_answer(hagenow, 2, at(23, 10))
    assert "öffnet heute um 8:00 Uhr" in expected_answer(hagenow, 2, at(23, 6, 30))
    assert "öffnet wieder am Donnerstag um 8:00 Uhr" in expected_answer(hagenow, 2, at(25, 12))
    assert "öffnet wieder am Montag um 8:00 Uhr" in expected_answer(hagenow, 2, at(27, 13))
    assert "2 Werktagen" in expected_answer(hagenow, 2, at(27, 13))
    english = expected_answer(hagenow, 2, at(25, 12), "en")
    assert "opens again on Thursday at 8:00." in english and "2 working days" in english


def test_unknown_hours_are_said_plainly(mini_kb: KnowledgeBase) -> None:
    assert "Öffnungszeiten dieses Büros kenne ich leider nicht" in expected_answer(
        None, 3, at(23, 10))


def test_forwarding_needs_the_controller_and_officer_for_the_privacy_notice(
        mini_kb: KnowledgeBase) -> None:
    problem = forwarding(mini_kb, KEK_BOT_PRIVACY__OFFICER="").check_config()
    assert problem is not None and "privacy.officer" in problem
    without_chats = Forwarding(load_config(None, {}), lambda: mini_kb)
    assert without_chats.check_config() is None, "no forwarding, no notice needed"


def test_answer_time_skips_the_public_holidays_of_mecklenburg_vorpommern(
        mini_kb: KnowledgeBase) -> None:
    hagenow = mini_kb.contacts["hagenow"]  # Mo, Di, Do 8-16, Fr 8-12
    christmas_eve = dt.datetime(2026, 12, 24, 17, 0, tzinfo=BERLIN)  # Thursday evening
    # Friday 25th and Saturday 26th are holidays, then the weekend: Monday the 28th.
    assert "öffnet wieder am Montag um 8:00 Uhr" in expected_answer(hagenow, 2, christmas_eve)
    womens_day = dt.datetime(2027, 3, 7, 20, 0, tzinfo=BERLIN)  # Sunday; Monday the 8th is one
    assert "öffnet wieder am Dienstag um 8:00 Uhr" in expected_answer(hagenow, 2, womens_day)


def test_the_english_and_easy_privacy_notices_say_what_the_german_one_says(
        mini_kb: KnowledgeBase) -> None:
    for log in ("true", "false"):
        notice = forwarding(mini_kb, KEK_BOT_HANDOFF__RETENTION_DAYS="45",
                            KEK_BOT_QUESTION_LOG__ENABLED=log,
                            KEK_BOT_QUESTION_LOG__RETENTION_DAYS="33")
        german, english, easy = (notice.privacy_notice(language)
                                 for language in ("de", "en", "easy"))
        assert "45 days" in english and "45 Tage" in german and "45 Tage" in easy
        assert ("33 days" in english) == ("33 Tagen" in german) == (log == "true")
        assert ("33 Tage" in easy) == (log == "true")
        assert "{" not in english and english.startswith("Privacy at KEK-Bot")
        assert "{" not in easy and easy != german
        for command in ("/meine_fragen", "/loeschen"):
            assert command in english and command in german and command in easy
        for text in (german, english, easy):
            assert "48" in text and "Telegram" in text
        officer = notice.config.privacy_officer
        assert officer and officer in english and officer in german and officer in easy
