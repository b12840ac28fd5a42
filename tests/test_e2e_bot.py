"""End to end: the real `kek-bot run` process talks HTTP to the local Bot API emulator.

One bot process serves the whole module; each dialogue uses its own citizen, so they do not
disturb each other. Every dialogue asserts on what the citizen sees: texts and buttons.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot import texts_en
from bot.engine import Engine
from tests.botapi_emulator import BotApiEmulator
from tests.e2e import TOKEN, Person, RunningBot, labels, running_bot

pytestmark = pytest.mark.asyncio(loop_scope="module")

STAFF_CHAT = -100_200
ANSWER_BUTTONS = ["Mehr dazu", "Ähnliche Fragen", "Hilft mir", "Hilft mir nicht",
                  "Frage an das Bürgerbüro"]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RunningBot]:
    tmp = tmp_path_factory.mktemp("e2e")
    env = {"KEK_BOT_LOGGING__LEVEL": "DEBUG", "KEK_BOT_STAFF__CHAT_IDS": str(STAFF_CHAT)}
    async with BotApiEmulator(TOKEN) as emu, running_bot(emu, tmp, env) as running:
        yield running


Citizen = Person


async def test_start_welcomes_and_offers_main_themes(bot: RunningBot) -> None:
    erika = Citizen(bot.emu, 501)
    welcome = await erika.says("/start")
    assert "Willkommen beim KEK-Bot" in welcome["text"]
    assert "Bürgerbüro" in welcome["text"]
    assert labels(welcome)[:2] == ["Das KEK 2030", "Starker Wirtschaftsstandort"]
    assert "Alle Themen" in labels(welcome)


async def test_browse_themes_down_to_an_answer_and_back(bot: RunningBot) -> None:
    otto = Citizen(bot.emu, 502)
    menu = await otto.says("/themen")
    assert menu["text"] == "Wählen Sie ein Thema:"
    assert "Finanzen" in labels(menu)
    theme = await otto.presses(menu, "Finanzen")
    assert theme["message_id"] == menu["message_id"], "browsing must edit the same message"
    assert theme["text"].startswith("Finanzen")
    assert labels(theme)[-1] == "Zurück"
    entry_label = labels(theme)[0]
    answer = await otto.presses(theme, entry_label)
    assert answer["message_id"] == menu["message_id"]
    assert "Quelle:" in answer["text"] and "Geprüft am" in answer["text"]
    assert labels(answer)[-1] == "Zurück"
    back = await otto.presses(answer, "Zurück")
    assert back["text"].startswith("Finanzen")
    top = await otto.presses(back, "Zurück")
    assert top["text"] == "Wählen Sie ein Thema:"
    assert len(bot.emu.bot_messages(502)) == 1

    typed = await otto.says("themen")
    assert typed["text"] == "Wählen Sie ein Thema:"
    assert "Finanzen" in labels(typed)


async def test_question_with_answer_buttons_source_link_and_more(bot: RunningBot) -> None:
    anna = Citizen(bot.emu, 503)
    answer = await anna.says("Was ist eigentlich die Kreisumlage?")
    assert "Kreisumlage" in answer["text"]
    assert labels(answer) == ANSWER_BUTTONS
    rows = BotApiEmulator.buttons(answer)
    assert max(len(row) for row in rows) == 2
    source = bot.emu.source_text(answer) or ""
    assert '<a href="http' in source
    assert "Geprüft am" in source
    sent = [c for c in bot.emu.calls_of("sendMessage") if c["chat_id"] == 503][-1]
    assert sent["parse_mode"] == "HTML"
    assert sent["link_preview_options"]["is_disabled"] is True
    more = await anna.presses(answer, "Mehr dazu")
    assert more["message_id"] != answer["message_id"]
    other_words = await anna.says("kreisumlage wat is dat genau, wer zahlt die")
    assert other_words["text"].startswith("Ich verstehe Ihre Frage so: ")
    assert labels(other_words) == ANSWER_BUTTONS
    typed_more = await anna.says("mehr")
    assert typed_more["text"] == more["text"]
    assert len(more["text"]) > 40
    assert "Mehr dazu" not in labels(more)


async def test_unclear_question_gets_choices_and_none_of_these(
    bot: RunningBot, shipped_engine: Engine
) -> None:
    candidates = ["Bürgerbüro", "Ziele", "Breitband", "Forum", "Kreis"]
    question = next((q for q in candidates if shipped_engine.decide(q).action == "clarify"), None)
    assert question is not None, "no clarify question among the candidates"
    expected = [m.entry.title for m in shipped_engine.decide(question).candidates]
    paul = Citizen(bot.emu, 504)
    choice = await paul.says(question)
    assert "Meinen Sie" in choice["text"]
    assert labels(choice)[-1] == "Nichts davon"
    assert [label.rstrip("…") for label in labels(choice)[:-1]] == [
        t[: len(label.rstrip("…"))] for t, label in zip(expected, labels(choice), strict=False)
    ]
    answer = await paul.presses(choice, labels(choice)[0])
    assert labels(answer)[:1] in (["Mehr dazu"], ["Ähnliche Fragen"])
    rejected = await paul.presses(choice, "Nichts davon")
    assert "Bürgerbüro" in rejected["text"]


async def test_out_of_scope_question_is_handed_off_with_contact_data(bot: RunningBot) -> None:
    jan = Citizen(bot.emu, 505)
    handoff = await jan.says("Wann wird bei mir in Lübz der Müll abgeholt?")
    assert handoff["text"].startswith(
        "Zu Müllabfuhr und Abfall steht im Kreis-Entwicklungs-Konzept 2030 nichts.")
    assert labels(handoff) == ["Frage an das Bürgerbüro"]
    contacts = await jan.presses(handoff, "Frage an das Bürgerbüro")
    assert "115" in contacts["text"]
    assert "ZU ERGÄNZEN" not in contacts["text"]
    emergency = await jan.says("Hilfe, mein Mann ist bewusstlos!")
    assert "Feuerwehr und Rettungs-Dienst: 112" in emergency["text"]


async def test_specific_question_is_handed_off_with_the_general_answer(bot: RunningBot) -> None:
    lena = Citizen(bot.emu, 511)
    handoff = await lena.says("Wann kommt der Rufbus morgen nach Lübz?")
    assert "ist ein Plan für den ganzen Landkreis" in handoff["text"]
    assert labels(handoff) == ["Frage an das Bürgerbüro", "Was das KEK allgemein dazu sagt"]
    general = await lena.presses(handoff, "Was das KEK allgemein dazu sagt")
    assert "Rufbus" in general["text"]
    assert labels(general)[-1] == "Frage an das Bürgerbüro"


async def test_voice_message_gets_a_friendly_text_only_reply(bot: RunningBot) -> None:
    ida = Citizen(bot.emu, 506)
    mark = bot.emu.mark()
    bot.emu.send_voice(506)
    reply = await bot.emu.wait_for_bot_message(506, after=mark)
    assert "nur geschriebenen Text" in reply["text"]
    assert labels(reply) == ["Frage an das Bürgerbüro"]
    sticker_mark = bot.emu.mark()
    bot.emu.send_sticker(506)
    again = await bot.emu.wait_for_bot_message(506, after=sticker_mark)
    assert "nur geschriebenen Text" in again["text"]
    assert ida.id == 506


async def test_kontakt_with_a_town_shows_the_office_serving_it(bot: RunningBot) -> None:
    eva = Citizen(bot.emu, 507)
    reply = await eva.says("/kontakt Hagenow")
    assert "Hagenow" in reply["text"]
    assert "Ludwigslust" not in reply["text"].split("Aktuelle Adressen")[0]
    unknown = await eva.says("/kontakt Timbuktu")
    assert "kenne ich kein Bürgerbüro" in unknown["text"]
    assert "115" in unknown["text"]


async def test_edited_message_is_not_answered_as_new(bot: RunningBot) -> None:
    tom = Citizen(bot.emu, 508)
    first = await tom.says("Was ist die Kreisumlage?")
    question = [m for m in bot.emu.chat_messages(508) if m["from"]["id"] == 508][-1]
    mark = bot.emu.mark()
    bot.emu.edit_text(question, "Was ist der Breitbandausbau?")
    reply = await bot.emu.wait_for_bot_message(508, after=mark)
    assert "noch einmal" in reply["text"]
    assert first["message_id"] != reply["message_id"]


async def test_in_groups_only_mentions_are_answered(bot: RunningBot) -> None:
    emu = bot.emu
    emu.add_user(601, "Gruppenmitglied")
    emu.add_group(-300, "Dorfverein", [601])
    mark = emu.mark()
    emu.send_text(601, "Was ist die Kreisumlage?", chat_id=-300)
    emu.send_text(601, "@kek_test_bot Was ist die Kreisumlage?", chat_id=-300)
    reply = await emu.wait_for_bot_message(-300, after=mark)
    assert "Kreisumlage" in reply["text"]
    # Updates are handled in order: by the reply to the mention, the plain message was handled.
    assert len(emu.bot_messages(-300)) == 1


async def test_commands_registered_and_staff_commands_only_in_staff_chat(bot: RunningBot) -> None:
    citizen = [c["command"] for c in bot.emu.commands()]
    assert citizen == ["start", "themen", "kontakt", "hilfe", "meine_fragen", "loeschen",
                       "datenschutz", "einfach", "sprache", "barrierefreiheit", "impressum",
                       "ueber"]
    english = bot.emu.commands(language_code="en")
    assert [c["command"] for c in english] == [*citizen[:7], "language", *citizen[9:]]
    assert english[0]["description"] == "Welcome and main themes"
    staff = [c["command"] for c in bot.emu.commands({"type": "chat", "chat_id": STAFF_CHAT})]
    assert "neu_laden" in staff
    assert "neu_laden" not in citizen
    lisa = Citizen(bot.emu, 509)
    reply = await lisa.says("/neu_laden")
    assert "kenne ich nicht" in reply["text"]


async def test_token_never_appears_in_any_log_line(bot: RunningBot) -> None:
    hans = Citizen(bot.emu, 510)
    await hans.says("Hallo")
    log = bot.log.read_text(encoding="utf-8", errors="replace")
    # At DEBUG level python-telegram-bot logs the API URL, which contains the token: the line
    # must be there, redacted.
    assert "Set Bot API URL" in log
    assert "<TOKEN>" in log
    assert TOKEN not in log
    assert TOKEN.split(":")[1] not in log


async def test_a_deep_link_opens_its_answer(bot: RunningBot, shipped_engine: Engine) -> None:
    entry = shipped_engine.kb.entries["finanzen-kreisumlage"]
    answer = await Citizen(bot.emu, 611).says("/start finanzen-kreisumlage")
    assert answer["text"].startswith(entry.answer[:40])
    welcome = await Citizen(bot.emu, 612).says("/start gibt-es-nicht")
    assert welcome["text"].startswith("Willkommen beim KEK-Bot")


async def test_english_and_leichte_sprache_end_to_end(bot: RunningBot,
                                                      shipped_engine: Engine) -> None:
    entry = shipped_engine.kb.entries["kek-was-ist"]
    assert entry.en is not None and entry.easy is not None
    reader = Citizen(bot.emu, 613)
    english = await reader.says("What is the KEK 2030?")
    assert english["text"].startswith(entry.en.answer[:40])
    missing = await reader.says("What about the weather in Parchim tomorrow, will it rain?")
    # Every entry has an English text now: a subject outside the KEK has no English answer.
    assert missing["text"].startswith(texts_en.NOT_IN_KEK)
    assert labels(missing) == ["Citizens' office"]
    office = await reader.presses(missing, "Citizens' office")
    assert office["text"].startswith("This is how you reach a person")
    await reader.says("/einfach")
    easy = await reader.says("Was ist das KEK?")
    assert easy["text"].startswith(entry.easy.splitlines()[0])
    asked = await reader.says("/loeschen")
    await reader.presses(asked, "Ja, alles löschen")
    plain = await reader.says("Was ist das KEK?")
    assert plain["text"].startswith(entry.answer[:40])
