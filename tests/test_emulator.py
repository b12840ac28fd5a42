"""Tests for the Bot API emulator, driven by PTB's real ``telegram.Bot`` over HTTP."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Update,
)
from telegram.error import (
    BadRequest,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from tests.botapi_emulator import BotApiEmulator, parse_html

TOKEN = "123456789:TEST-token_for-the-emulator"
ANNA = 1001
BERND = 1002
GROUP = -4001
FOREIGN_GROUP = -4002


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(TOKEN) as emulator:
        emulator.add_user(ANNA, "Anna", "anna_lwl")
        emulator.add_user(BERND, "Bernd")
        emulator.add_group(GROUP, "Kreistag LUP", [ANNA, BERND])
        emulator.add_group(FOREIGN_GROUP, "Ohne Bot", [ANNA], bot_member=False)
        yield emulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=emu.base_url, base_file_url=emu.base_file_url) as real_bot:
        yield real_bot


async def test_get_me(bot: Bot, emu: BotApiEmulator) -> None:
    me = await bot.get_me()
    assert me.is_bot
    assert me.id == 123456789 == emu.bot_user["id"]
    assert me.username == "kek_test_bot"
    assert me.can_join_groups is True
    assert me.can_read_all_group_messages is False
    assert me.supports_inline_queries is False
    assert emu.calls[0][0] == "getMe"


async def test_wrong_token_and_unknown_method(emu: BotApiEmulator) -> None:
    with pytest.raises(InvalidToken, match="rejected"):  # initialize() calls getMe -> 401
        async with Bot("987:other", base_url=emu.base_url):
            pass
    async with Bot(TOKEN, base_url=emu.base_url) as real_bot:
        with pytest.raises(EndPointNotFound):  # HTTP 404 "Not Found"
            await real_bot.do_api_request("noSuchMethod")
        me = await real_bot.do_api_request("GETME")  # method names are case-insensitive
        assert me["username"] == "kek_test_bot"


async def test_send_message_round_trip(bot: Bot, emu: BotApiEmulator) -> None:
    emu.send_text(ANNA, "Hallo")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Mehr", callback_data="more:1")]])
    sent = await bot.send_message(
        ANNA,
        "<b>Fett</b> &amp; <i>kursiv</i> <a href='https://example.org'>Link</a>",
        parse_mode="HTML",
        reply_markup=markup,
        disable_notification=True,
        reply_to_message_id=1,
    )
    assert sent.text == "Fett & kursiv Link"
    assert sent.from_user is not None and sent.from_user.id == emu.bot_user["id"]
    assert isinstance(sent.date.timestamp(), float)
    assert [e.type for e in sent.entities] == ["bold", "italic", "text_link"]
    assert sent.entities[2].url == "https://example.org"
    assert sent.reply_to_message is not None and sent.reply_to_message.text == "Hallo"
    history = emu.chat_messages(ANNA)
    assert [m["message_id"] for m in history] == [1, 2]
    assert history[1]["text"] == "Fett & kursiv Link"
    assert isinstance(history[1]["date"], int)
    assert emu.bot_messages(ANNA) == [history[1]]
    assert emu.buttons(history[1]) == [[("Mehr", "more:1")]]
    assert emu.button_texts(history[1]) == ["Mehr"]
    assert emu.source_text(history[1]) is not None
    params = emu.calls_of("sendMessage")[0]
    assert params["chat_id"] == ANNA and params["parse_mode"] == "HTML"
    assert params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "more:1"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("<b>offen", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", "Unmatched end tag"),
        ("<div>x</div>", 'Unsupported start tag "div"'),
        ("a < b", "Unsupported start tag"),
        ("Tom & Jerry", 'Unescaped "&"'),
        ("x</b>", "Unexpected end tag"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
    ],
)
async def test_html_validation(bot: Bot, text: str, fragment: str) -> None:
    # PTB strips "Bad Request: " from the description and capitalize()s the rest.
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities") as info:
        await bot.send_message(ANNA, text, parse_mode="HTML")
    assert fragment.lower() in info.value.message.lower()


def test_parse_html_whitelist() -> None:
    plain, entities = parse_html(
        '<strong>a</strong><em>b</em><u>c</u><s>d</s><code>e</code><pre><code class="language-py">'
        "f</code></pre><blockquote expandable>g</blockquote><tg-spoiler>h</tg-spoiler>"
        '<span class="tg-spoiler">i</span> &lt;&gt;&quot;&#65;&#x42;'
    )
    assert plain == 'abcdefghi <>"AB'
    types = [e["type"] for e in entities]
    assert types == [
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "code",
        "pre",
        "expandable_blockquote",
        "spoiler",
        "spoiler",
    ]
    assert entities[5]["language"] == "py"


async def test_length_limits(bot: Bot, emu: BotApiEmulator) -> None:
    # 4096 characters after stripping tags/unescaping are fine ...
    ok = await bot.send_message(ANNA, "<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")
    assert ok.text is not None and len(ok.text) == 4096
    # ... 4097 are not.
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(ANNA, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(ANNA, "<b> </b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.send_document(ANNA, b"%PDF", filename="a.pdf", caption="y" * 1025)
    assert len(emu.bot_messages(ANNA)) == 1


async def test_callback_data_limit(bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(ANNA, "Menü", reply_markup=markup)
    umlaut = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="ä" * 33)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):  # 66 bytes in UTF-8
        await bot.send_message(ANNA, "Menü", reply_markup=umlaut)


async def test_edit_message_text(bot: Bot, emu: BotApiEmulator) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    sent = await bot.send_message(ANNA, "<b>eins</b>", parse_mode="HTML", reply_markup=markup)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "<b>eins</b>", ANNA, sent.message_id, parse_mode="HTML", reply_markup=markup
        )
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", ANNA, 999)
    mark = emu.mark()
    edited = await bot.edit_message_text("zwei", ANNA, sent.message_id)
    assert not isinstance(edited, bool) and edited.text == "zwei"
    current = emu.bot_messages(ANNA)[0]
    assert current["text"] == "zwei" and "reply_markup" not in current  # markup dropped
    event = await emu.wait_for_bot_message(ANNA, after=mark, timeout=1)
    assert event["text"] == "zwei" and "edit_date" in event
    await bot.edit_message_reply_markup(ANNA, sent.message_id, reply_markup=markup)
    assert emu.buttons(emu.bot_messages(ANNA)[0]) == [[("A", "a")]]
    assert await bot.delete_message(ANNA, sent.message_id)
    assert emu.bot_messages(ANNA) == []


async def test_get_updates_long_polling_and_offset(bot: Bot, emu: BotApiEmulator) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    started = time.monotonic()
    message = emu.send_text(ANNA, "/start")
    updates = await poll
    assert time.monotonic() - started < 1.0
    assert len(updates) == 1
    update = updates[0]
    assert update.message is not None and update.message.text == "/start"
    assert update.message.entities[0].type == "bot_command"
    assert update.message.message_id == message["message_id"]
    # Not confirmed yet: delivered again.
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [update.update_id]
    emu.send_text(ANNA, "zweite")
    newer = await bot.get_updates(offset=update.update_id + 1, timeout=0)
    assert [u.message.text for u in newer if u.message] == ["zweite"]
    assert newer[0].update_id > update.update_id
    await bot.get_updates(offset=newer[0].update_id + 1, timeout=0)
    assert emu.pending_updates() == []


async def test_empty_long_poll_returns_after_timeout(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.8 <= time.monotonic() - started < 2.5


async def test_blocked_user_is_forbidden(bot: Bot, emu: BotApiEmulator) -> None:
    emu.block(BERND)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(BERND, "Hallo?")
    updates = await bot.get_updates(timeout=0)
    member = updates[-1].my_chat_member
    assert member is not None and member.new_chat_member.status == "kicked"


async def test_fail_injection(
    bot: Bot, emu: BotApiEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without PTB_TIMEDELTA=1, PTB 22.8 warns (PTBDeprecationWarning) when constructing
    # RetryAfter, which filterwarnings=error turns into a failure.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    emu.fail("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)
    emu.fail("sendmessage", 500, "Internal Server Error", times=1)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(ANNA, "eins")
    assert info.value.retry_after == dt.timedelta(seconds=3)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(ANNA, "zwei")
    sent = await bot.send_message(ANNA, "drei")
    assert sent.text == "drei"
    assert len(emu.calls_of("sendMessage")) == 3  # failed calls are recorded too
    assert [status for _, status, _ in emu.errors] == [429, 500]


async def test_groups(bot: Bot, emu: BotApiEmulator) -> None:
    with pytest.raises(Forbidden, match="bot is not a member of the group chat"):
        await bot.send_message(FOREIGN_GROUP, "Hallo")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(-999, "Hallo")
    await bot.send_message(GROUP, "Moin")
    emu.set_unreachable(GROUP)
    with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
        await bot.send_message(GROUP, "Hallo")
    emu.set_unreachable(GROUP, False)
    member = await bot.get_chat_member(GROUP, ANNA)
    assert member.status == "member"
    assert (await bot.get_chat(GROUP)).title == "Kreistag LUP"
    # Privacy mode: plain chatter is not delivered, commands and mentions are.
    emu.send_text(ANNA, "nur Gerede", chat_id=GROUP)
    emu.send_text(BERND, "frag mal @kek_test_bot", chat_id=GROUP)
    emu.send_text(ANNA, "/hilfe@kek_test_bot", chat_id=GROUP)
    emu.send_text(ANNA, "Ohne Bot", chat_id=FOREIGN_GROUP)
    texts = [u.message.text for u in await bot.get_updates(timeout=0) if u.message]
    assert texts == ["frag mal @kek_test_bot", "/hilfe@kek_test_bot"]
    assert len(emu.chat_messages(GROUP)) == 4


async def test_callbacks_commands_and_files(bot: Bot, emu: BotApiEmulator) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="yes")]])
    sent = await bot.send_message(ANNA, "Frage?", reply_markup=markup)
    message = emu.bot_messages(ANNA)[0]
    with pytest.raises(AssertionError, match="no button"):
        emu.press_button(ANNA, message, "no")
    query_id = emu.press_button(ANNA, message, "yes")
    update = (await bot.get_updates(timeout=0))[-1]
    assert update.callback_query is not None
    assert update.callback_query.data == "yes" and update.callback_query.chat_instance
    assert update.callback_query.message is not None
    assert update.callback_query.message.message_id == sent.message_id
    await bot.answer_callback_query(query_id, text="Danke", show_alert=True)
    answer = await emu.wait_for_callback_answer(query_id, timeout=1)
    assert answer["text"] == "Danke" and answer["show_alert"] is True

    scope = BotCommandScopeChat(GROUP)
    await bot.set_my_commands([BotCommand("start", "Start")])
    await bot.set_my_commands([BotCommand("hilfe", "Hilfe")], scope=scope, language_code="de")
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert emu.commands(scope, "de") == [{"command": "hilfe", "description": "Hilfe"}]
    await bot.delete_my_commands()
    assert emu.commands() == []

    voice = await bot.send_voice(ANNA, InputFile(b"OggS-data", filename="a.ogg"), duration=2)
    assert voice.voice is not None
    assert emu.bot_messages(ANNA)[-1]["voice"]["duration"] == 2
    stored = emu.file_of(emu.bot_messages(ANNA)[-1])
    assert stored is not None and stored.data == b"OggS-data"
    again = await bot.send_voice(GROUP, voice.voice.file_id)
    assert again.voice is not None and again.voice.file_id == voice.voice.file_id
    forwarded = await bot.forward_message(GROUP, ANNA, sent.message_id)
    assert forwarded.forward_origin is not None and forwarded.text == "Frage?"
    copied = await bot.copy_message(GROUP, ANNA, sent.message_id)
    assert emu.chat_messages(GROUP)[-1]["message_id"] == copied.message_id
    user_voice = emu.send_voice(ANNA)
    tg_file = await bot.get_file(user_voice["voice"]["file_id"])
    assert (await tg_file.download_as_bytearray()).startswith(b"OggS")


async def test_wait_for_bot_message_timeout_lists_messages(bot: Bot, emu: BotApiEmulator) -> None:
    mark = emu.mark()
    await bot.send_message(ANNA, "etwas anderes")
    with pytest.raises(TimeoutError, match="etwas anderes"):
        await emu.wait_for_bot_message(ANNA, lambda m: m.get("text") == "x", 0.2, after=mark)


async def test_application_polling_echo() -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_user is not None
        await update.effective_message.reply_text(f"Hallo {update.effective_user.first_name}!")

    async def clicked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("ok")

    async with BotApiEmulator(TOKEN) as emu:
        emu.add_user(ANNA, "Anna")
        app = ApplicationBuilder().token(TOKEN).base_url(emu.base_url).build()
        app.add_handler(CommandHandler("start", start))
        app.add_handler(CallbackQueryHandler(clicked))
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=1)
            try:
                mark = emu.mark()
                emu.send_text(ANNA, "/start")
                reply = await emu.wait_for_bot_message(ANNA, after=mark, timeout=5)
                assert reply["text"] == "Hallo Anna!"
                await bot_button_roundtrip(emu)
            finally:
                await app.updater.stop()
                await app.stop()
        assert emu.pending_updates() == []  # Updater confirmed everything on shutdown
        assert emu.errors == []  # abandoned long polls are not reported as errors
        assert {"getMe", "deleteWebhook", "getUpdates", "sendMessage"} <= {
            name for name, _ in emu.calls
        }


async def bot_button_roundtrip(emu: BotApiEmulator) -> None:
    """Send a keyboard via a second Bot instance and press it through the running app."""
    async with Bot(TOKEN, base_url=emu.base_url) as helper:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Klick", callback_data="c")]])
        await helper.send_message(ANNA, "Knopf", reply_markup=markup)
    query_id = emu.press_button(ANNA, emu.bot_messages(ANNA)[-1], "c")
    assert (await emu.wait_for_callback_answer(query_id, timeout=5))["text"] == "ok"
