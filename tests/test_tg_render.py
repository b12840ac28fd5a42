"""The Telegram adapter's pure parts, with python-telegram-bot's own objects."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from telegram import Chat, Message, MessageEntity, User

from bot.actions import ShowEntry
from bot.knowledge import Source
from bot.replies import Option, Reply
from bot.tg import render
from bot.tg.handlers import addressed_text

BOT = User(id=7, first_name="KEK-Bot", is_bot=True, username="kek_test_bot")
CITIZEN = User(id=42, first_name="Erika", is_bot=False)
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


def message(text: str, chat: Chat, reply_to: Message | None = None,
            entities: tuple[MessageEntity, ...] = ()) -> Message:
    return Message(message_id=1, date=NOW, chat=chat, from_user=CITIZEN, text=text,
                   entities=entities, reply_to_message=reply_to)


def test_user_and_knowledge_text_is_escaped_and_source_is_a_named_link() -> None:
    reply = Reply("Kosten < 5 & mehr <b>", source=Source("A & B", "https://x.org/?a=1&b=2"),
                  reviewed=dt.date(2026, 11, 1))
    [html] = [part.text for part in render.messages(reply)]
    assert html.startswith("Kosten &lt; 5 &amp; mehr &lt;b&gt;")
    assert '<a href="https://x.org/?a=1&amp;b=2">A &amp; B</a>' in html
    assert html.endswith("\n\nQuelle: <a href=\"https://x.org/?a=1&amp;b=2\">A &amp; B</a>.\n"
                         "Geprüft am 1. November 2026.")


@pytest.mark.parametrize(
    ("published", "source"),
    [(None, "Quelle: Zeitung."), (2016, "Quelle: Zeitung, 2016."),
     (dt.date(2017, 10, 12), "Quelle: Zeitung, 12. Oktober 2017.")],
)
def test_the_source_line_shows_the_source_date_and_apart_from_it_the_check(
    published: int | dt.date | None, source: str,
) -> None:
    reply = Reply("Text", source=Source("Zeitung", "https://z.de", published),
                  reviewed=dt.date(2026, 11, 25))
    plain, linked = render.source_line(reply)
    assert plain == f"\n\n{source}\nGeprüft am 25. November 2026."
    assert linked == ("\n\n" + source.replace("Zeitung", '<a href="https://z.de">Zeitung</a>')
                      + "\nGeprüft am 25. November 2026.")
    assert reply.plain() == (f"Text\n\n{source} https://z.de\nGeprüft am 25. November 2026.")
    assert "Stand" not in plain


def test_long_replies_are_split_at_paragraphs_with_buttons_on_the_last_part() -> None:
    paragraph = "Ein kurzer Satz. " * 100
    reply = Reply("\n\n".join([paragraph] * 5), (Option("Mehr dazu", ShowEntry("more", "x")),))
    parts = render.messages(reply)
    assert len(parts) > 1
    assert all(len(p.text) <= render.MAX_MESSAGE for p in parts)
    assert all(p.text.strip().endswith("Satz.") for p in parts)
    assert [p.markup is not None for p in parts] == [False] * (len(parts) - 1) + [True]


@pytest.mark.parametrize("text", [
    "&" * 4096 + "<" * 10,  # escaping makes each sign five characters: the cut is by what shows
    "😀" * 2100,  # Telegram counts UTF-16 units: an emoji is two
    "x" * 9000,  # no place to cut at all
    "Wort " * 2000 + "\n\n" + "ende",
])
def test_every_part_fits_telegram_and_nothing_is_lost_or_broken(text: str) -> None:
    parts = render.compose(text, [("Mehr dazu", "more:x")])
    assert all(render.length(html.unescape(p.text)) <= render.MAX_MESSAGE for p in parts)
    assert all(not p.text.endswith("&am") for p in parts)  # never cut inside an escape
    joined = "".join(html.unescape(p.text) for p in parts)
    assert joined.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_answer_buttons_sit_at_most_two_per_row_and_fit_callback_limits() -> None:
    options = [("Mehr dazu", "more:a"), ("Ähnliche Fragen", "similar:a"),
               ("Hilft mir", "up:a"), ("Hilft mir nicht", "down:a"),
               ("Frage an das Bürgerbüro", "office"), ("Zurück", "theme:t")]
    markup = render.keyboard(options)
    assert markup is not None
    rows = [[b.text for b in row] for row in markup.inline_keyboard]
    assert rows == [["Mehr dazu", "Ähnliche Fragen"], ["Hilft mir", "Hilft mir nicht"],
                    ["Frage an das Bürgerbüro"], ["Zurück"]]


def test_in_private_chats_every_text_is_a_question() -> None:
    private = Chat(id=42, type=Chat.PRIVATE)
    assert addressed_text(message("Was ist die Kreisumlage?", private), "kek_test_bot",
                          False) == "Was ist die Kreisumlage?"


def test_in_groups_only_mentions_and_staff_replies_to_the_bot_count() -> None:
    group = Chat(id=-300, type=Chat.GROUP)
    plain = message("Was ist die Kreisumlage?", group)
    assert addressed_text(plain, "kek_test_bot", False) is None
    mention = message("@kek_test_bot Was ist die Kreisumlage?", group,
                      entities=(MessageEntity(MessageEntity.MENTION, 0, 13),))
    assert addressed_text(mention, "kek_test_bot", False) == "Was ist die Kreisumlage?"
    bot_message = Message(message_id=9, date=NOW, chat=group, from_user=BOT, text="Antwort")
    reply = message("Danke, und die Schulden?", group, reply_to=bot_message)
    assert addressed_text(reply, "kek_test_bot", False) is None
    assert addressed_text(reply, "kek_test_bot", True) == "Danke, und die Schulden?"
